//! Who may link a blob in or delete it: a commit that stores an object and a
//! purge that deletes an unused one must never interleave, or the purge could
//! delete what the commit has just referred to. In one process a mutex does;
//! on PostgreSQL each digest is also locked in the database (a session
//! advisory lock), so a purge on one replica waits for a commit on another.

use anyhow::Result;
use eport_domain::ids::Sha256Digest;

use crate::storage::postgres::db::Client;
use crate::storage::postgres::Pg;

/// Advisory lock class of a blob (two-key space; see `storage/postgres`).
const BLOB_LOCK: i32 = 4;

pub struct BlobLocks {
    local: tokio::sync::Mutex<()>,
    rows: Option<Pg>,
}

/// Held while a blob is linked in and committed, or checked unused and deleted.
pub struct BlobGuard<'a> {
    _local: tokio::sync::MutexGuard<'a, ()>,
    db: Option<Client>,
}

impl BlobLocks {
    pub fn new(rows: Option<Pg>) -> BlobLocks {
        BlobLocks {
            local: tokio::sync::Mutex::new(()),
            rows,
        }
    }

    /// Locks `digests` (in one order, so two holders never wait in a circle).
    pub async fn lock(&self, digests: &[Sha256Digest]) -> Result<BlobGuard<'_>> {
        let local = self.local.lock().await;
        let db = match &self.rows {
            None => None,
            Some(pg) => {
                let mut keys: Vec<String> = digests.iter().map(|d| d.to_string()).collect();
                keys.sort();
                keys.dedup();
                Some(
                    pg.blocking(move |pg| -> Result<Client> {
                        let mut c = pg.client()?;
                        for k in &keys {
                            c.execute(
                                "SELECT pg_advisory_lock($1, hashtext($2))",
                                &[&BLOB_LOCK, k],
                            )?;
                        }
                        Ok(c)
                    })
                    .await?,
                )
            }
        };
        Ok(BlobGuard { _local: local, db })
    }
}

impl Drop for BlobGuard<'_> {
    fn drop(&mut self) {
        if let Some(mut c) = self.db.take() {
            // A blocking call, off the async thread; the connection goes back
            // to the pool only with its locks released.
            std::thread::spawn(move || {
                if c.execute("SELECT pg_advisory_unlock_all()", &[]).is_err() {
                    tracing::warn!("releasing blob locks failed; the connection is dropped");
                }
            });
        }
    }
}
