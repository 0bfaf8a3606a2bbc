//! SQLite storage: one file under the data directory, WAL, `synchronous=FULL`,
//! migrations applied in order and recorded in `PRAGMA user_version`.

use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use rusqlite::Connection;

/// Migrations in order; index + 1 is the schema version it produces.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_submissions.sql"),
    include_str!("../migrations/0003_hostile_client.sql"),
    include_str!("../migrations/0004_staff_accounts.sql"),
    include_str!("../migrations/0005_retention.sql"),
    include_str!("../migrations/0006_calendar_and_successors.sql"),
    include_str!("../migrations/0007_review_records.sql"),
    include_str!("../migrations/0008_review_queue.sql"),
    include_str!("../migrations/0009_card_routes.sql"),
];

/// One connection behind a mutex: writes are serialised, so concurrent clients
/// never see "database is locked".
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    pub fn open(data_dir: &Path) -> Result<Db> {
        crate::blobs::private_dir(data_dir)
            .with_context(|| format!("creating data directory {}", data_dir.display()))?;
        crate::blobs::BlobStore::tighten(data_dir)
            .with_context(|| format!("making {} private", data_dir.display()))?;
        let path = data_dir.join("eport.sqlite3");
        let mut conn =
            Connection::open(&path).with_context(|| format!("opening {}", path.display()))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Deleted content is overwritten, not left in free pages: erased
        // personal data must not stay readable in the file.
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// The connection, held for one store call (blocking callers only).
    pub(crate) fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let current: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().filter(|(i, _)| *i >= current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .with_context(|| format!("migration {}", i + 1))?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
        tracing::info!(version = i + 1, "applied migration");
    }
    Ok(())
}

pub fn schema_version() -> usize {
    MIGRATIONS.len()
}
