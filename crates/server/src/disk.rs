//! Disk quotas: bytes per submission, bytes of the whole store, and a floor
//! of free space on the data directory's disk. A new submission reserves its
//! declared bytes; chunks are refused once the disk is at the floor.

use std::path::{Path, PathBuf};

use crate::config::Limits;

pub struct Disk {
    data_dir: PathBuf,
    pub max_submission_bytes: u64,
    pub max_store_bytes: Option<u64>,
    pub min_free: u64,
}

impl Disk {
    pub fn new(data_dir: &Path, limits: &Limits) -> Disk {
        Disk {
            data_dir: data_dir.to_path_buf(),
            max_submission_bytes: limits.max_submission_bytes,
            max_store_bytes: limits.max_store_bytes,
            min_free: limits.min_free_disk,
        }
    }

    /// Bytes free for the server's user on the data directory's disk.
    pub fn free(&self) -> std::io::Result<u64> {
        let s = rustix::fs::statvfs(&self.data_dir)?;
        Ok(s.f_bavail.saturating_mul(s.f_frsize))
    }

    /// Why `more` bytes cannot be written now (`None`: they can).
    pub fn refuse(&self, more: u64) -> Option<String> {
        match self.free() {
            Ok(free) if free.saturating_sub(more) < self.min_free => Some(format!(
                "the server's disk is nearly full ({free} bytes free, {} kept in reserve); try again later",
                self.min_free
            )),
            Ok(_) => None,
            Err(e) => Some(format!("the server cannot read its free disk space: {e}")),
        }
    }
}
