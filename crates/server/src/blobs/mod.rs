//! Attachment bytes outside the database. A partial upload is an append-only
//! file per (submission, digest) in the data directory, or, on PostgreSQL,
//! chunk rows any replica can append to (the file is then only the copy a
//! replica verifies and sends on); a verified one goes
//! to the content-addressed [`Objects`] (the data directory's `blobs/`, or an
//! S3-compatible store), and the partial file is removed once the database
//! has committed the attachment as complete.
//!
//! Every path is built from a [`SubmissionId`] and a [`Sha256Digest`], which
//! hold only hex digits and hyphens: nothing a client sends can name a file
//! outside `partial/`, `blobs/` or `quarantine/`. Files are created 0600 and
//! folders 0700.

pub mod blob_locks;
pub mod local;
pub mod objects;
pub mod s3;
pub mod upload_locks;

use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use eport_domain::attachment::FileType;
use eport_domain::ids::{Sha256Digest, SubmissionId};
use sha2::{Digest, Sha256};

use objects::Objects;

use crate::storage::postgres::Pg;

#[derive(Clone)]
pub struct BlobStore {
    root: PathBuf,
    objects: Arc<dyn Objects>,
    /// Unfinished uploads in the database (several replicas), else in files.
    rows: Option<Pg>,
}

/// Why a finished upload was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Rejected {
    Digest,
    Type,
}

/// Why a fully held upload is not stored yet.
#[derive(Debug)]
pub enum NotStored {
    /// Not the bytes declared: they were discarded.
    Rejected(Rejected),
    /// The object store could not be reached: every byte is kept.
    Unreachable(anyhow::Error),
}

pub const FILE_MODE: u32 = 0o600;
pub const DIR_MODE: u32 = 0o700;

/// Creates `dir` and its missing parents as 0700.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    DirBuilder::new().recursive(true).mode(DIR_MODE).create(dir)
}

/// The folders the server owns inside its data directory.
pub const OWN_FOLDERS: [&str; 3] = ["partial", "blobs", "quarantine"];

impl BlobStore {
    /// Partial uploads under `data_dir` (or in `rows`), verified ones in `objects`.
    pub fn new(data_dir: &Path, objects: Arc<dyn Objects>, rows: Option<Pg>) -> Result<BlobStore> {
        let root = data_dir.to_path_buf();
        for f in OWN_FOLDERS {
            private_dir(&root.join(f))?;
        }
        Ok(BlobStore {
            root,
            objects,
            rows,
        })
    }

    /// The verified bytes stored under `sha`.
    pub async fn read(&self, sha: &Sha256Digest) -> Result<Option<Vec<u8>>> {
        self.objects.get(sha).await
    }

    fn partial_dir(&self, submission: &SubmissionId) -> PathBuf {
        self.root.join("partial").join(submission.as_str())
    }

    fn partial(&self, submission: &SubmissionId, sha: &Sha256Digest) -> PathBuf {
        self.partial_dir(submission).join(sha.as_str())
    }

    /// Bytes durably held for a partial upload: the file is fsync'd before its
    /// length is reported, so an offset never exceeds what is on disk.
    pub async fn durable_len(&self, submission: &SubmissionId, sha: &Sha256Digest) -> Result<u64> {
        if let Some(pg) = &self.rows {
            let (id, sha) = (submission.clone(), sha.clone());
            return pg.blocking(move |pg| pg.partial_len(&id, &sha)).await;
        }
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

    /// Appends `data` at offset `at` and makes it durable: to the partial
    /// file (creating it and its folder; the caller holds the upload's lock
    /// and has checked `at`), or as a chunk row. `false`, nothing written:
    /// another replica appended first, and `at` is no longer the offset.
    pub async fn append(
        &self,
        submission: &SubmissionId,
        sha: &Sha256Digest,
        at: u64,
        data: Vec<u8>,
    ) -> Result<bool> {
        if let Some(pg) = &self.rows {
            let (id, sha) = (submission.clone(), sha.clone());
            return pg
                .blocking(move |pg| pg.append_chunk(&id, &sha, at, &data))
                .await;
        }
        let dir = self.partial_dir(submission);
        let path = self.partial(submission, sha);
        tokio::task::spawn_blocking(move || -> Result<bool> {
            private_dir(&dir)?;
            let mut f = OpenOptions::new()
                .create(true)
                .append(true)
                .mode(FILE_MODE)
                .open(&path)?;
            std::io::Write::write_all(&mut f, &data)?;
            f.sync_all()?;
            Ok(true)
        })
        .await?
    }

    /// Verifies a complete partial upload (SHA-256 and magic bytes for
    /// `file_type`) and puts it into the content-addressed store. The partial
    /// file stays until [`BlobStore::discard_partial`] after the database
    /// commit, so a crash in between leaves bytes that startup recovery can
    /// finish with. On mismatch the partial data is discarded; when the
    /// object store cannot be reached it is kept for the next try. `Err`:
    /// the partial file itself could not be read.
    pub async fn finalize(
        &self,
        submission: &SubmissionId,
        sha: &Sha256Digest,
        file_type: FileType,
    ) -> Result<Result<(), NotStored>> {
        let partial = self.partial(submission, sha);
        if let Some(pg) = &self.rows {
            // This replica's copy of the rows, to verify and send on.
            let (id, sha, dir, path) = (
                submission.clone(),
                sha.clone(),
                self.partial_dir(submission),
                partial.clone(),
            );
            pg.blocking(move |pg| {
                let bytes = pg.partial_bytes(&id, &sha)?;
                private_dir(&dir)?;
                let mut f = OpenOptions::new()
                    .create(true)
                    .write(true)
                    .truncate(true)
                    .mode(FILE_MODE)
                    .open(&path)?;
                std::io::Write::write_all(&mut f, &bytes)?;
                Ok(())
            })
            .await?;
        }
        let expected = sha.clone();
        let file = partial.clone();
        let verdict = tokio::task::spawn_blocking(move || -> Result<Result<(), Rejected>> {
            // Streamed, so 50 uploads finishing at once do not hold 50 files in memory.
            let mut file = std::fs::File::open(&partial)?;
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
            let verdict = if hex::encode(hasher.finalize()) != expected.as_str() {
                Err(Rejected::Digest)
            } else if FileType::sniff(&head) != Some(file_type) {
                Err(Rejected::Type)
            } else {
                Ok(())
            };
            if verdict.is_err() {
                std::fs::remove_file(&partial)?;
            }
            Ok(verdict)
        })
        .await??;
        if let Err(r) = verdict {
            if let Some(pg) = &self.rows {
                let (id, sha) = (submission.clone(), sha.clone());
                pg.blocking(move |pg| pg.discard_chunks(&id, Some(&sha)))
                    .await?;
            }
            return Ok(Err(NotStored::Rejected(r)));
        }
        Ok(self
            .objects
            .put(sha, &file)
            .await
            .map_err(NotStored::Unreachable))
    }

    /// The bytes of a partial upload [`BlobStore::finalize`] verified (its
    /// file; on PostgreSQL, this replica's copy of the rows).
    pub async fn verified_bytes(
        &self,
        submission: &SubmissionId,
        sha: &Sha256Digest,
    ) -> Result<Vec<u8>> {
        objects::read_file(&self.partial(submission, sha)).await
    }

    /// Hands a pending object's bytes to the object store.
    pub async fn put_bytes(&self, sha: &Sha256Digest, bytes: Vec<u8>) -> Result<()> {
        self.objects.put_bytes(sha, bytes).await
    }

    /// Removes a partial upload once the database records it complete.
    pub async fn discard_partial(
        &self,
        submission: &SubmissionId,
        sha: &Sha256Digest,
    ) -> Result<()> {
        if let Some(pg) = &self.rows {
            let (id, sha) = (submission.clone(), sha.clone());
            pg.blocking(move |pg| pg.discard_chunks(&id, Some(&sha)))
                .await?;
        }
        let path = self.partial(submission, sha);
        match tokio::fs::remove_file(&path).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => {
                // The submission's folder goes with its last partial file.
                let _ = tokio::fs::remove_dir(self.partial_dir(submission)).await;
                Ok(())
            }
        }
    }

    /// Removes every partial file of a submission (it was purged).
    pub async fn discard_submission(&self, submission: &SubmissionId) -> Result<()> {
        if let Some(pg) = &self.rows {
            let id = submission.clone();
            pg.blocking(move |pg| pg.discard_chunks(&id, None)).await?;
        }
        match tokio::fs::remove_dir_all(self.partial_dir(submission)).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// Removes a stored blob no submission refers to any more.
    pub async fn discard_blob(&self, sha: &Sha256Digest) -> Result<()> {
        self.objects.delete(sha).await
    }

    /// Every entry under `partial/`: typed when its names parse, the raw path
    /// when they do not (nothing we wrote; recovery moves it aside).
    pub fn partials(&self) -> Result<Vec<PartialEntry>> {
        let mut out = Vec::new();
        for sub in std::fs::read_dir(self.root.join("partial"))? {
            let sub = sub?;
            let id = sub
                .file_name()
                .to_str()
                .and_then(|n| SubmissionId::parse(n).ok());
            match (id, sub.file_type()?.is_dir()) {
                (Some(id), true) => {
                    for f in std::fs::read_dir(sub.path())? {
                        let f = f?;
                        match f
                            .file_name()
                            .to_str()
                            .and_then(|n| Sha256Digest::parse(n).ok())
                        {
                            Some(sha) if f.file_type()?.is_file() => {
                                out.push(PartialEntry::Upload(id.clone(), sha))
                            }
                            _ => out.push(PartialEntry::Stray(f.path())),
                        }
                    }
                }
                _ => out.push(PartialEntry::Stray(sub.path())),
            }
        }
        Ok(out)
    }

    /// Moves `path` (inside the data directory) to `quarantine/`, under a name
    /// of our own making; returns that name.
    pub fn quarantine(&self, path: &Path, tag: &str) -> Result<String> {
        let name = format!(
            "{}-{}-{}",
            chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ"),
            tag,
            uuid::Uuid::new_v4().simple()
        );
        let dest = self.root.join("quarantine").join(&name);
        std::fs::rename(path, &dest)
            .with_context(|| format!("moving {} to quarantine", path.display()))?;
        Ok(name)
    }

    /// A partial upload's path, for quarantining it.
    pub fn partial_path(&self, submission: &SubmissionId, sha: &Sha256Digest) -> PathBuf {
        self.partial(submission, sha)
    }

    /// Makes the data directory private to the server's user (older versions created it 0755).
    pub fn tighten(data_dir: &Path) -> Result<()> {
        std::fs::set_permissions(data_dir, std::fs::Permissions::from_mode(DIR_MODE))?;
        Ok(())
    }
}

/// One entry found under `partial/`.
#[derive(Debug)]
pub enum PartialEntry {
    Upload(SubmissionId, Sha256Digest),
    Stray(PathBuf),
}
