//! Retention: a finished submission (dispatched, collected, superseded,
//! withdrawn, or rejected and never declared again) keeps its personal data
//! for `--retain-finished` (default 90 days) after its last state change. A
//! card never collected (待领卡) keeps it twice as long, since the counter
//! needs the names to hand the card over; then its tombstone stays 待领卡. Then
//! the manifest, review note, timeline and attachment bytes are erased and a
//! tombstone stays (reference, kind, dates, states, decision, who decided),
//! which status look-ups answer with. Runs at start and with the purge.
//!
//! Blob files are deleted only here, in the server, under its blob lock: the
//! command line queues them (`blob_gc_queue`), so no upload that commits the
//! same bytes meanwhile can lose them.

use anyhow::Result;

use crate::state::AppState;
use crate::storage::{now, Erasure, Finished};

/// What retention would archive now.
pub async fn due_in(
    store: &crate::storage::Storage,
    retain: std::time::Duration,
) -> Result<Vec<Finished>> {
    let age = chrono::Duration::from_std(retain).unwrap_or(chrono::Duration::MAX);
    let before = |age: chrono::Duration| {
        now()
            .checked_sub_signed(age)
            .map(|c| c.to_rfc3339())
            .unwrap_or_default()
    };
    let (cutoff, uncollected) = (before(age), before(age.checked_mul(2).unwrap_or(age)));
    store
        .run(move |s| s.finished_before(&cutoff, &uncollected))
        .await
}

/// Archives every submission past its retention; returns how many.
pub async fn archive_due(state: &AppState) -> usize {
    let list = match due_in(&state.store, state.config.limits.retain_finished).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "listing finished submissions failed");
            return 0;
        }
    };
    let mut done = 0;
    for f in list {
        let id = f.id.clone();
        let detail = format!("{} since {}", f.state.as_str(), f.last_change);
        match state
            .store
            .run(move |s| s.archive(&id, Erasure::Retention, &detail))
            .await
        {
            Ok(true) => {
                done += 1;
                tracing::info!(submission = %f.id, reference = f.reference.as_deref().unwrap_or("-"), "archived: personal data erased after the retention period");
            }
            Ok(false) => {}
            Err(e) => {
                tracing::error!(submission = %f.id, error = %format!("{e:#}"), "archiving failed")
            }
        }
    }
    sweep_blobs(state).await;
    done
}

/// Deletes queued blobs that no submission refers to.
pub async fn sweep_blobs(state: &AppState) {
    let queue = match state.store.run(|s| s.blob_gc_queue()).await {
        Ok(q) => q,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "reading the blob deletion queue failed");
            return;
        }
    };
    if queue.is_empty() {
        return;
    }
    let _gc = match state.blob_locks.lock(&queue).await {
        Ok(g) => g,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "locking blobs to delete failed");
            return;
        }
    };
    for sha in queue {
        let probe = sha.clone();
        let result: Result<()> = async {
            if !state.store.run(move |s| s.blob_in_use(&probe)).await? {
                state.blobs.discard_blob(&sha).await?;
            }
            let done = sha.clone();
            state.store.run(move |s| s.blob_gc_done(&done)).await
        }
        .await;
        if let Err(e) = result {
            tracing::error!(sha256 = %sha, error = %format!("{e:#}"), "deleting an unused blob failed");
        }
    }
}
