//! Startup recovery after a crash. Bytes are linked into the blob store
//! before the database commits an attachment as complete, so a crash between
//! the two leaves a full, verified partial file and an incomplete row: finish
//! those (assigning the reference number if it was the last attachment), and
//! remove partial files whose attachment the database already holds.
//!
//! Nothing found here can stop the server from starting: a record it cannot
//! finish is logged, moved aside into `quarantine/` (files) or the quarantine
//! table (records), and listed for staff.

use anyhow::Result;
use eport_domain::attachment::FileType;
use eport_domain::ids::{Sha256Digest, SubmissionId};

use crate::blobs::blob_locks::BlobLocks;
use crate::blobs::{BlobStore, PartialEntry};
use crate::storage::{now, QuarantineEntry, Storage, StoredUpload};

/// What recovery did, for the start-up log.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recovered {
    pub completed: usize,
    pub quarantined: usize,
}

async fn note(
    store: &Storage,
    submission: Option<&SubmissionId>,
    what: &str,
    reason: String,
    moved_to: Option<String>,
) {
    tracing::warn!(submission = ?submission.map(|s| s.as_str()), what, %reason, ?moved_to, "quarantined");
    let entry = QuarantineEntry {
        at: now().to_rfc3339(),
        submission_id: submission.map(|s| s.to_string()),
        what: what.into(),
        reason,
        moved_to,
    };
    if let Err(e) = store.run(move |s| s.quarantine(&entry)).await {
        tracing::error!(error = %format!("{e:#}"), "could not record a quarantined item");
    }
}

/// Finishes one upload whose bytes are all there. `Ok(false)`: still uploading.
async fn finish(
    store: &Storage,
    blobs: &BlobStore,
    locks: &BlobLocks,
    u: &StoredUpload,
) -> Result<bool, String> {
    let sha = Sha256Digest::parse(&u.sha256).map_err(|e| e.to_string())?;
    let file_type = FileType::from_mime(&u.mime).ok_or("the recorded type is not allowed")?;
    let id = &u.submission_id;
    let held = blobs
        .durable_len(id, &sha)
        .await
        .map_err(|e| format!("{e:#}"))?;
    if u.size == 0 || held != u.size {
        return Ok(false); // the client resumes from the offset
    }
    // A mismatch discards the bytes; the client then starts again at 0. An
    // object store that cannot be reached keeps them, pending, in the database.
    // Another replica's purge may be deleting the same bytes: under its lock.
    let _gc = locks
        .lock(std::slice::from_ref(&sha))
        .await
        .map_err(|e| format!("{e:#}"))?;
    match crate::jobs::pending::commit_upload(store, blobs, id, &sha, file_type)
        .await
        .map_err(|e| format!("{e:#}"))?
    {
        Ok(()) => {
            tracing::info!(submission = %id, sha256 = %sha, "recovered a completed upload");
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

pub async fn recover(store: &Storage, blobs: &BlobStore, locks: &BlobLocks) -> Recovered {
    let mut done = Recovered::default();
    let pending = match store.run(|s| s.incomplete_uploads()).await {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "recovery could not list incomplete uploads");
            Vec::new()
        }
    };
    for u in pending {
        match finish(store, blobs, locks, &u).await {
            Ok(true) => done.completed += 1,
            Ok(false) => {}
            Err(reason) => {
                // Only a digest that parses can name a file; move that one aside.
                let moved = match Sha256Digest::parse(&u.sha256) {
                    Ok(sha) => {
                        let path = blobs.partial_path(&u.submission_id, &sha);
                        path.exists()
                            .then(|| blobs.quarantine(&path, "partial").ok())
                            .flatten()
                    }
                    Err(_) => None,
                };
                let reason = format!("unfinished upload {:.80}: {reason}", u.sha256);
                note(store, Some(&u.submission_id), "upload", reason, moved).await;
                done.quarantined += 1;
            }
        }
    }
    let entries = match blobs.partials() {
        Ok(e) => e,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "recovery could not list partial uploads");
            Vec::new()
        }
    };
    for entry in entries {
        match entry {
            PartialEntry::Upload(id, sha) => {
                let key = id.clone();
                let Ok(atts) = store.run(move |s| s.attachments(&key)).await else {
                    continue;
                };
                let known = atts.iter().filter(|a| a.sha256 == sha.as_str());
                let (mut any, mut complete) = (false, false);
                for a in known {
                    any = true;
                    complete |= a.complete;
                }
                if complete {
                    let _ = blobs.discard_partial(&id, &sha).await;
                } else if !any {
                    // Bytes of a submission the database does not know (purged, or
                    // never committed): nobody can resume them.
                    let moved = blobs
                        .quarantine(&blobs.partial_path(&id, &sha), "orphan")
                        .ok();
                    note(
                        store,
                        Some(&id),
                        "partial file",
                        "no attachment record refers to it".into(),
                        moved,
                    )
                    .await;
                    done.quarantined += 1;
                }
            }
            PartialEntry::Stray(path) => {
                let shown = path
                    .file_name()
                    .map(|n| n.to_string_lossy().chars().take(80).collect::<String>());
                let moved = blobs.quarantine(&path, "stray").ok();
                note(
                    store,
                    None,
                    "partial file",
                    format!("not a name the server makes: {shown:?}"),
                    moved,
                )
                .await;
                done.quarantined += 1;
            }
        }
    }
    done
}
