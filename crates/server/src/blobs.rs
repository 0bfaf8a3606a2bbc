//! Attachment bytes on disk, outside the database. A partial upload is an
//! append-only file per (submission, digest); a verified one is linked (after
//! fsync) into a content-addressed store, and the partial file removed once
//! the database has committed the attachment as complete.

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
    /// and links it into the content-addressed store. The partial file stays
    /// until [`BlobStore::discard_partial`] after the database commit, so a
    /// crash in between leaves bytes that startup recovery can finish with.
    /// On mismatch the partial data is discarded.
    pub async fn finalize(
        &self,
        submission: &str,
        sha: &str,
        mime: &str,
    ) -> Result<Result<(), Rejected>> {
        let partial = self.partial(submission, sha);
        // Streamed, so 50 uploads finishing at once do not hold 50 files in memory.
        let path = partial.clone();
        let (digest, sniffed) = tokio::task::spawn_blocking(move || -> Result<_> {
            let mut file = std::fs::File::open(&path)?;
            let (mut hasher, mut head, mut buf) = (Sha256::new(), Vec::new(), vec![0u8; 64 * 1024]);
            loop {
                let n = std::io::Read::read(&mut file, &mut buf)?;
                if n == 0 {
                    break;
                }
                if head.len() < 16 {
                    head.extend_from_slice(&buf[..n.min(16 - head.len())]);
                }
                hasher.update(&buf[..n]);
            }
            Ok((hex::encode(hasher.finalize()), sniff_mime(&head)))
        })
        .await??;
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
        // Same bytes already stored (another submission): keep one copy.
        if !target.exists() {
            tokio::fs::OpenOptions::new()
                .append(true)
                .open(&partial)
                .await?
                .sync_all()
                .await?;
            tokio::fs::hard_link(&partial, &target).await?;
            tokio::fs::File::open(&dir).await?.sync_all().await?;
        }
        Ok(Ok(()))
    }

    /// Removes a partial upload once the database records it complete.
    pub async fn discard_partial(&self, submission: &str, sha: &str) -> Result<()> {
        let path = self.partial(submission, sha);
        match tokio::fs::remove_file(&path).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => {
                // The submission's folder goes with its last partial file.
                let _ = tokio::fs::remove_dir(path.parent().expect("has parent")).await;
                Ok(())
            }
        }
    }

    /// Every partial file on disk as `(submission, sha256)`.
    pub fn partials(&self) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for sub in std::fs::read_dir(self.root.join("partial"))? {
            let sub = sub?;
            if !sub.file_type()?.is_dir() {
                continue;
            }
            for f in std::fs::read_dir(sub.path())? {
                out.push((
                    sub.file_name().to_string_lossy().into_owned(),
                    f?.file_name().to_string_lossy().into_owned(),
                ));
            }
        }
        Ok(out)
    }
}

/// Appends `data` and keeps the file handle for the next frame.
pub async fn append(file: &mut tokio::fs::File, data: &[u8]) -> Result<()> {
    file.write_all(data).await?;
    Ok(())
}
