//! Startup recovery after a crash. Bytes are linked into the blob store
//! before the database commits an attachment as complete, so a crash between
//! the two leaves a full, verified partial file and an incomplete row: finish
//! those (assigning the reference number if it was the last attachment), and
//! remove partial files whose attachment the database already holds.

use anyhow::Result;

use crate::blobs::BlobStore;
use crate::store::Storage;

/// Returns how many attachments were completed.
pub async fn recover(store: &Storage, blobs: &BlobStore) -> Result<usize> {
    let pending = store.run(|s| s.incomplete_attachments()).await?;
    let mut completed = 0;
    for (id, a) in pending {
        if a.size == 0 || blobs.durable_len(&id, &a.sha256).await? != a.size {
            continue; // still uploading: the client resumes from the offset
        }
        // A mismatch discards the bytes; the client then starts again at 0.
        if blobs.finalize(&id, &a.sha256, &a.mime).await?.is_ok() {
            let (rid, sha) = (id.clone(), a.sha256.clone());
            store
                .run(move |s| s.complete_attachment(&rid, &sha))
                .await?;
            blobs.discard_partial(&id, &a.sha256).await?;
            tracing::info!(submission = %id, sha256 = %a.sha256, "recovered a completed upload");
            completed += 1;
        }
    }
    for (id, sha) in blobs.partials()? {
        let key = id.clone();
        let atts = store.run(move |s| s.attachments(&key)).await?;
        if atts.iter().any(|a| a.sha256 == sha && a.complete) {
            blobs.discard_partial(&id, &sha).await?;
        }
    }
    Ok(completed)
}
