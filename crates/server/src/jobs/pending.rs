//! An object store outage never holds a declaration back. A verified upload
//! the store cannot take is committed complete with its bytes kept in the
//! database as a pending object (one transaction); the enterprise gets its
//! reference as usual, a reviewer's download is served from the database, and
//! the mover hands the bytes to the store once it answers again.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use eport_domain::attachment::FileType;
use eport_domain::ids::{Sha256Digest, SubmissionId};

use crate::blobs::{BlobStore, NotStored, Rejected};
use crate::state::AppState;
use crate::storage::Storage;

/// How often the mover looks for pending objects.
pub const MOVER_INTERVAL: Duration = Duration::from_secs(5);

/// Verifies a fully held upload and commits it complete: stored among the
/// objects, or kept as a pending object when the store cannot be reached.
/// `Err(why)`: not the bytes declared (they were discarded).
pub async fn commit_upload(
    store: &Storage,
    blobs: &BlobStore,
    id: &SubmissionId,
    sha: &Sha256Digest,
    file_type: FileType,
) -> Result<std::result::Result<(), Rejected>> {
    let pending = match blobs.finalize(id, sha, file_type).await? {
        Ok(()) => None,
        Err(NotStored::Rejected(r)) => return Ok(Err(r)),
        Err(NotStored::Unreachable(e)) => {
            tracing::warn!(sha256 = %sha, error = %format!("{e:#}"), "the object store cannot be reached: the attachment is kept in the database until it can");
            Some(blobs.verified_bytes(id, sha).await?)
        }
    };
    let (rid, rsha) = (id.clone(), sha.clone());
    store
        .run(move |s| s.complete_attachment(&rid, &rsha, pending.as_deref()))
        .await?;
    blobs.discard_partial(id, sha).await?;
    Ok(Ok(()))
}

/// Hands pending objects to the store; stops at the first it cannot take.
/// Returns how many moved.
pub async fn move_pending(state: &AppState) -> usize {
    let list = match state.store.run(|s| s.pending_objects(100)).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "listing pending objects failed");
            return 0;
        }
    };
    let mut moved = 0;
    for sha in list {
        // As a commit does: a purge never deletes what is being linked in.
        let Ok(_gc) = state.blob_locks.lock(std::slice::from_ref(&sha)).await else {
            break;
        };
        let key = sha.clone();
        let bytes = match state.store.run(move |s| s.pending_bytes(&key)).await {
            Ok(Some(b)) => b,
            Ok(None) => continue, // another replica moved it
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "reading a pending object failed");
                break;
            }
        };
        if let Err(e) = state.blobs.put_bytes(&sha, bytes).await {
            tracing::debug!(error = %format!("{e:#}"), "the object store still cannot be reached");
            break;
        }
        let key = sha.clone();
        match state.store.run(move |s| s.object_stored(&key)).await {
            Ok(()) => moved += 1,
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "recording a moved object failed");
                break;
            }
        }
    }
    if moved > 0 {
        tracing::info!(moved, "pending attachments handed to the object store");
    }
    moved
}

pub fn spawn(state: Arc<AppState>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(MOVER_INTERVAL);
        let lease = super::lease_for(MOVER_INTERVAL);
        loop {
            tick.tick().await;
            if super::leased(&state, "pending-objects", lease).await {
                move_pending(&state).await;
            }
        }
    });
}
