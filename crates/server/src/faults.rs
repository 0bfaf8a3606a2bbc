//! Fault points for crash tests. With `EPORT_FAULT_POINT=<name>` the server
//! stops when it reaches that point: it writes `<data dir>/fault-<name>` and
//! sleeps, so a test can `kill -9` it exactly there (e.g. inside a database
//! transaction). Unset, a fault point costs one read of a `OnceLock`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// Inside the `PUT` transaction, after the insert and before the commit.
pub const PUT_COMMIT: &str = "put-commit";
/// After a chunk is appended and fsync'd, before the server answers.
pub const PATCH_APPENDED: &str = "patch-appended";
/// Inside the transaction that completes an attachment (and may assign the
/// reference number), before the commit.
pub const COMPLETE_COMMIT: &str = "complete-commit";

/// Inside a decision's transaction, the state written, before its timeline event.
pub const DECISION_WRITTEN: &str = "decision-written";

/// Inside a batch dispatch's transaction, after its 10th line.
pub const BATCH_AFTER_TEN: &str = "batch-after-ten";

static ARMED: OnceLock<Option<(String, PathBuf)>> = OnceLock::new();

pub fn init(data_dir: &Path) {
    let point = std::env::var("EPORT_FAULT_POINT")
        .ok()
        .filter(|p| !p.is_empty());
    if let Some(p) = &point {
        tracing::warn!(point = %p, "fault point armed (tests only)");
    }
    let _ = ARMED.set(point.map(|p| (p, data_dir.to_path_buf())));
}

/// Blocks for good when `name` is the armed fault point.
pub fn hit(name: &str) {
    if let Some(Some((point, dir))) = ARMED.get() {
        if point == name {
            let _ = std::fs::write(dir.join(format!("fault-{name}")), b"");
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
}
