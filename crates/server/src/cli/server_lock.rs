//! One server per data directory: it holds an exclusive lock on
//! `<data dir>/server.lock` while it runs (the kernel drops it when the
//! process ends, however it ends), and `migrate-data` refuses while it is held.

use std::fs::File;
use std::path::Path;

use anyhow::{Context, Result};
use rustix::fs::{flock, FlockOperation};

/// Takes the lock, or fails at once when another process holds it.
pub fn take(data_dir: &Path) -> Result<File> {
    let path = data_dir.join("server.lock");
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    flock(&f, FlockOperation::NonBlockingLockExclusive)
        .with_context(|| format!("another process holds {}", path.display()))?;
    Ok(f)
}
