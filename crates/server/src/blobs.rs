//! Attachment bytes on disk, outside the database. A partial upload is an
//! append-only file per (submission, digest); a verified one is moved by
//! fsync + rename into a content-addressed store.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use eport_domain::attachment::sniff_mime;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

#[derive(Clone)]
pub struct BlobStore {
    root: PathBuf,
}

/// Why a finished upload was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Rejected {
    Digest,
    Type,
}

impl BlobStore {
    pub fn new(data_dir: &Path) -> Result<BlobStore> {
        let root = data_dir.to_path_buf();
        std::fs::create_dir_all(root.join("partial"))?;
        std::fs::create_dir_all(root.join("blobs"))?;
        Ok(BlobStore { root })
    }

    fn partial(&self, submission: &str, sha: &str) -> PathBuf {
        self.root.join("partial").join(submission).join(sha)
    }

    pub fn blob(&self, sha: &str) -> PathBuf {
        self.root.join("blobs").join(&sha[..2]).join(sha)
    }

    pub fn has_blob(&self, sha: &str) -> bool {
        self.blob(sha).is_file()
    }

    /// Bytes durably held for a partial upload: the file is fsync'd before its
    /// length is reported, so an offset never exceeds what is on disk.
    pub async fn durable_len(&self, submission: &str, sha: &str) -> Result<u64> {
        let path = self.partial(submission, sha);
        match tokio::fs::OpenOptions::new().append(true).open(&path).await {
            Ok(f) => {
                f.sync_all().await?;
                Ok(f.metadata().await?.len())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
            Err(e) => Err(e).context("opening partial upload"),
        }
    }

    /// Opens the partial file for appending (creating it and its folder).
    pub async fn open_append(&self, submission: &str, sha: &str) -> Result<tokio::fs::File> {
        let path = self.partial(submission, sha);
        tokio::fs::create_dir_all(path.parent().expect("has parent")).await?;
        Ok(tokio::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .await?)
    }

    /// Cuts a partial file back to `len` (a refused chunk leaves no trace).
    pub async fn truncate(&self, submission: &str, sha: &str, len: u64) -> Result<()> {
        let f = tokio::fs::OpenOptions::new()
            .write(true)
            .open(self.partial(submission, sha))
            .await?;
        f.set_len(len).await?;
        f.sync_all().await?;
        Ok(())
    }

    /// Verifies a complete partial upload (SHA-256 and magic bytes for `mime`)
    /// and moves it into the content-addressed store. On mismatch the partial
    /// data is discarded.
    pub async fn finalize(
        &self,
        submission: &str,
        sha: &str,
        mime: &str,
    ) -> Result<Result<(), Rejected>> {
        let partial = self.partial(submission, sha);
        let bytes = tokio::fs::read(&partial).await?;
        let (digest, sniffed) = tokio::task::spawn_blocking(move || {
            (
                hex::encode(Sha256::digest(&bytes)),
                sniff_mime(&bytes[..bytes.len().min(16)]),
            )
        })
        .await?;
        let verdict = if digest != sha {
            Err(Rejected::Digest)
        } else if sniffed != Some(mime) {
            Err(Rejected::Type)
        } else {
            Ok(())
        };
        if verdict.is_err() {
            tokio::fs::remove_file(&partial).await?;
            return Ok(verdict);
        }
        let target = self.blob(sha);
        let dir = target.parent().expect("has parent").to_path_buf();
        tokio::fs::create_dir_all(&dir).await?;
        if target.exists() {
            // Same bytes already stored (another submission): keep one copy.
            tokio::fs::remove_file(&partial).await?;
        } else {
            tokio::fs::OpenOptions::new()
                .append(true)
                .open(&partial)
                .await?
                .sync_all()
                .await?;
            tokio::fs::rename(&partial, &target).await?;
            tokio::fs::File::open(&dir).await?.sync_all().await?;
        }
        Ok(Ok(()))
    }
}

/// Appends `data` and keeps the file handle for the next frame.
pub async fn append(file: &mut tokio::fs::File, data: &[u8]) -> Result<()> {
    file.write_all(data).await?;
    Ok(())
}
