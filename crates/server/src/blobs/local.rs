//! Verified attachments in the data directory's `blobs/` folder: linked (after
//! fsync) from the partial file that was verified, so no byte is copied.

use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::Result;
use eport_domain::ids::Sha256Digest;
use futures_util::future::BoxFuture;
use futures_util::FutureExt;

use super::objects::Objects;
use super::private_dir;

pub struct LocalObjects {
    root: PathBuf,
}

impl LocalObjects {
    pub fn new(data_dir: &Path) -> Result<LocalObjects> {
        let root = data_dir.join("blobs");
        private_dir(&root)?;
        Ok(LocalObjects { root })
    }

    fn path(&self, sha: &Sha256Digest) -> PathBuf {
        self.root.join(sha.prefix()).join(sha.as_str())
    }
}

impl Objects for LocalObjects {
    fn put<'a>(&'a self, sha: &'a Sha256Digest, file: &'a Path) -> BoxFuture<'a, Result<()>> {
        let (target, file) = (self.path(sha), file.to_path_buf());
        async move {
            tokio::task::spawn_blocking(move || -> Result<()> {
                let dir = target.parent().expect("has parent");
                private_dir(dir)?;
                // Same bytes already stored (another submission): keep one copy.
                if !target.exists() {
                    std::fs::File::open(&file)?.sync_all()?;
                    std::fs::hard_link(&file, &target)?;
                    std::fs::File::open(dir)?.sync_all()?;
                }
                Ok(())
            })
            .await?
        }
        .boxed()
    }

    fn put_bytes<'a>(&'a self, sha: &'a Sha256Digest, bytes: Vec<u8>) -> BoxFuture<'a, Result<()>> {
        let target = self.path(sha);
        async move {
            tokio::task::spawn_blocking(move || -> Result<()> {
                let dir = target.parent().expect("has parent");
                private_dir(dir)?;
                if !target.exists() {
                    // Written aside, then renamed: the name only ever holds all the bytes.
                    let tmp = dir.join(format!(".{}.tmp", uuid::Uuid::new_v4().simple()));
                    let mut f = std::fs::OpenOptions::new()
                        .create_new(true)
                        .write(true)
                        .mode(super::FILE_MODE)
                        .open(&tmp)?;
                    std::io::Write::write_all(&mut f, &bytes)?;
                    f.sync_all()?;
                    std::fs::rename(&tmp, &target)?;
                    std::fs::File::open(dir)?.sync_all()?;
                }
                Ok(())
            })
            .await?
        }
        .boxed()
    }

    fn get<'a>(&'a self, sha: &'a Sha256Digest) -> BoxFuture<'a, Result<Option<Vec<u8>>>> {
        let path = self.path(sha);
        async move {
            match tokio::fs::read(&path).await {
                Ok(b) => Ok(Some(b)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e.into()),
            }
        }
        .boxed()
    }

    fn delete<'a>(&'a self, sha: &'a Sha256Digest) -> BoxFuture<'a, Result<()>> {
        let path = self.path(sha);
        async move {
            match tokio::fs::remove_file(&path).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
                _ => Ok(()),
            }
        }
        .boxed()
    }
}
