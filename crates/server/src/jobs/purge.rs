//! Abandoned submissions: still awaiting attachments long after they were
//! created. They are deleted with their partial uploads (and blobs nothing
//! else uses), at start-up and then periodically. The browser keeps the case
//! and its bytes until the server says `received`, so its next attempt simply
//! declares it again (`PUT` creates it anew).

use std::sync::Arc;

use anyhow::Result;
use eport_domain::ids::{Sha256Digest, SubmissionId};

use crate::state::AppState;
use crate::storage::now;

/// Purges one submission; the caller holds no locks.
async fn purge_one(state: &AppState, id: &SubmissionId) -> Result<()> {
    let key = id.clone();
    let atts = state.store.run(move |s| s.attachments(&key)).await?;
    let mut digests: Vec<Sha256Digest> = Vec::new();
    for a in &atts {
        if let Ok(sha) = Sha256Digest::parse(&a.sha256) {
            if !digests.contains(&sha) {
                digests.push(sha);
            }
        }
    }
    // No chunk of this submission is being written while it goes.
    let locks: Vec<_> = digests.iter().map(|d| state.uploads.get(id, d)).collect();
    let mut guards = Vec::new();
    for l in &locks {
        guards.push(l.lock().await);
    }
    let _gc = state.blob_locks.lock(&digests).await?;
    let key = id.clone();
    let unused = state.store.run(move |s| s.purge(&key)).await?;
    state.blobs.discard_submission(id).await?;
    for sha in unused {
        let probe = sha.clone();
        if !state.store.run(move |s| s.blob_in_use(&probe)).await? {
            state.blobs.discard_blob(&sha).await?;
        }
    }
    drop(guards);
    Ok(())
}

/// Purges every abandoned submission; returns how many went.
pub async fn purge_abandoned(state: &AppState) -> usize {
    let age = chrono::Duration::from_std(state.config.limits.abandon_after)
        .unwrap_or(chrono::Duration::MAX);
    let cutoff = now()
        .checked_sub_signed(age)
        .map(|c| c.to_rfc3339())
        .unwrap_or_default();
    let ids = match state.store.run(move |s| s.abandoned(&cutoff)).await {
        Ok(ids) => ids,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "listing abandoned submissions failed");
            return 0;
        }
    };
    let mut purged = 0;
    for id in ids {
        match purge_one(state, &id).await {
            Ok(()) => {
                purged += 1;
                tracing::info!(submission = %id, "purged an abandoned submission");
            }
            Err(e) => tracing::error!(submission = %id, error = %format!("{e:#}"), "purge failed"),
        }
    }
    purged
}

/// Runs the purge every `purge_interval`, and evicts idle rate-limit buckets.
pub fn spawn(state: Arc<AppState>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(state.config.limits.purge_interval);
        tick.tick().await; // the first tick is now; start-up already purged
        let lease = super::lease_for(state.config.limits.purge_interval);
        loop {
            tick.tick().await;
            if super::leased(&state, "purge-retention", lease).await {
                purge_abandoned(&state).await;
                crate::jobs::retention::archive_due(&state).await;
            }
        }
    });
}
