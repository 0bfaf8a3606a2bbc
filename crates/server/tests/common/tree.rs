//! A sandbox for hostile-client tests: a root folder whose `data-…` child is
//! the server's data directory, with canary files beside it; and snapshots of
//! the tree (every path with its kind, SHA-256 and mode) to prove that nothing
//! outside the data directory changed and that inside it only the server's
//! own files did.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub struct Sandbox {
    pub root: tempfile::TempDir,
}

/// What a snapshot knows of one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: &'static str,
    pub sha256: String,
    pub mode: u32,
}

pub type Snapshot = BTreeMap<PathBuf, Entry>;

impl Sandbox {
    /// A root with canaries: `canary/victim.txt`, a decoy `eport.sqlite3` one
    /// level above the data directory, and a sibling folder with a file.
    pub fn new() -> Sandbox {
        let root = tempfile::tempdir().expect("temp dir");
        let p = root.path();
        std::fs::create_dir_all(p.join("canary")).unwrap();
        std::fs::write(p.join("canary/victim.txt"), b"canary: must never change").unwrap();
        std::fs::write(p.join("eport.sqlite3"), b"not the server's database").unwrap();
        std::fs::create_dir_all(p.join("sibling/deeper")).unwrap();
        std::fs::write(p.join("sibling/deeper/keep.bin"), [7u8; 100]).unwrap();
        Sandbox { root }
    }

    /// A fresh data directory inside the root.
    pub fn data_dir(&self) -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix("data-")
            .tempdir_in(self.root.path())
            .expect("data dir")
    }

    /// A data directory's name under the root, as snapshots key it.
    pub fn name_of(&self, data: &tempfile::TempDir) -> PathBuf {
        data.path()
            .strip_prefix(self.root.path())
            .unwrap()
            .to_path_buf()
    }

    pub fn snapshot(&self) -> Snapshot {
        let mut out = BTreeMap::new();
        walk(self.root.path(), self.root.path(), &mut out);
        out
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Snapshot) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let rel = path.strip_prefix(root).unwrap().to_path_buf();
        let mode = meta.permissions().mode() & 0o7777;
        if meta.is_dir() {
            out.insert(
                rel,
                Entry {
                    kind: "dir",
                    sha256: String::new(),
                    mode,
                },
            );
            walk(root, &path, out);
        } else if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&path).unwrap();
            let sha256 = hex::encode(Sha256::digest(target.to_string_lossy().as_bytes()));
            out.insert(
                rel,
                Entry {
                    kind: "symlink",
                    sha256,
                    mode,
                },
            );
        } else {
            let bytes = std::fs::read(&path).unwrap_or_default();
            let sha256 = hex::encode(Sha256::digest(&bytes));
            out.insert(
                rel,
                Entry {
                    kind: "file",
                    sha256,
                    mode,
                },
            );
        }
    }
}

/// Whether a path inside the data directory is one of the server's own:
/// the database and its WAL/SHM, the device key, the one-server lock, and anything under `partial/`, `blobs/` or
/// `quarantine/`.
pub fn servers_own(rel_to_data: &Path) -> bool {
    let s = rel_to_data.to_string_lossy();
    matches!(
        s.as_ref(),
        "eport.sqlite3"
            | "eport.sqlite3-wal"
            | "eport.sqlite3-shm"
            | "eport.sqlite3-journal"
            | "device-cookie.key"
            | "server.lock"
    ) || ["partial", "blobs", "quarantine"]
        .iter()
        .any(|f| s == *f || s.starts_with(&format!("{f}/")))
}

/// Asserts that between `before` and `after` nothing outside `data` (a
/// folder name directly under the root) changed, and that inside it every
/// path present after is one of the server's own.
pub fn assert_contained(before: &Snapshot, after: &Snapshot, data: &Path, what: &str) {
    let outside = |s: &Snapshot| -> Snapshot {
        s.iter()
            .filter(|(p, _)| !p.starts_with(data))
            .map(|(p, e)| (p.clone(), e.clone()))
            .collect()
    };
    let (a, b) = (outside(before), outside(after));
    if a != b {
        let changed: Vec<_> = a
            .keys()
            .chain(b.keys())
            .filter(|k| a.get(*k) != b.get(*k))
            .collect();
        panic!("{what}: paths outside the data directory changed: {changed:?}");
    }
    for p in after.keys().filter(|p| p.starts_with(data) && *p != data) {
        let rel = p.strip_prefix(data).unwrap();
        assert!(
            servers_own(rel),
            "{what}: a file the server does not own appeared: {rel:?}"
        );
    }
}
