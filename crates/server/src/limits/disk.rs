//! Disk quotas: bytes per submission, bytes of the whole store, and a floor
//! of free space on the data directory's disk. A new submission reserves its
//! declared bytes; chunks are refused once the disk is at the floor.

use std::path::{Path, PathBuf};

use crate::cli::config::Limits;

pub struct Disk {
    data_dir: PathBuf,
    pub max_submission_bytes: u64,
    pub max_store_bytes: Option<u64>,
    pub min_free: u64,
    pub per_address_per_day: u64,
}

impl Disk {
    pub fn new(data_dir: &Path, limits: &Limits) -> Disk {
        Disk {
            data_dir: data_dir.to_path_buf(),
            max_submission_bytes: limits.max_submission_bytes,
            max_store_bytes: limits.max_store_bytes,
            min_free: limits.min_free_disk,
            per_address_per_day: limits.max_bytes_per_address_per_day,
        }
    }

    /// Bytes free for the server's user on the data directory's disk.
    pub fn free(&self) -> std::io::Result<u64> {
        let s = rustix::fs::statvfs(&self.data_dir)?;
        Ok(s.f_bavail.saturating_mul(s.f_frsize))
    }

    /// The store quota when none is set: 80% of the room the store has on the
    /// disk, what it holds already included, so the database, its journal
    /// and the log keep space of their own beyond the disk's reserve.
    pub fn default_store_quota(free: u64, min_free: u64, stored: u64) -> u64 {
        let room = free.saturating_sub(min_free).saturating_add(stored);
        room / 5 * 4
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_quota_is_four_fifths_of_the_room_above_the_reserve() {
        const GIB: u64 = 1 << 30;
        assert_eq!(Disk::default_store_quota(11 * GIB, GIB, 0), 8 * GIB);
        // What the store holds counts as room it has.
        assert_eq!(Disk::default_store_quota(6 * GIB, GIB, 5 * GIB), 8 * GIB);
        // A disk already under its reserve: the store keeps what it has, no more.
        assert_eq!(Disk::default_store_quota(GIB / 2, GIB, 5 * GIB), 4 * GIB);
    }
}
