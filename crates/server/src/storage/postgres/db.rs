//! PostgreSQL storage: a pool of synchronous connections (the `Store` trait is
//! blocking; `Storage::run` calls it off the async runtime) and the embedded
//! migrations, applied at start under an advisory lock so that replicas
//! starting together take turns.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use postgres::NoTls;
use r2d2_postgres::PostgresConnectionManager;

/// Migrations in order; index + 1 is the schema version it produces.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/postgres/0001_schema.sql"),
    include_str!("../../../migrations/postgres/0002_upload_chunks.sql"),
    include_str!("../../../migrations/postgres/0003_pending_objects.sql"),
    include_str!("../../../migrations/postgres/0004_job_leases.sql"),
    include_str!("../../../migrations/postgres/0005_sign_in_tries.sql"),
    include_str!("../../../migrations/postgres/0006_daily_tallies.sql"),
];

/// The advisory lock (single-key space) migrations hold.
const MIGRATION_LOCK: i64 = 0x6570_6f72_745f_6d69; // "eport_mi"

/// Connections per replica: a blocking thread holds one for a store call.
const POOL_SIZE: u32 = 16;

pub type Client = r2d2::PooledConnection<PostgresConnectionManager<NoTls>>;

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;

#[derive(Clone)]
pub struct Pg {
    pool: Arc<Holder>,
}

/// Owns the pool. Closing a synchronous connection blocks on a runtime of
/// its own, which must not happen on an async thread: the last owner (e.g.
/// `main` returning) closes them on a plain thread.
struct Holder(Option<Pool>);

impl Drop for Holder {
    fn drop(&mut self) {
        if let Some(pool) = self.0.take() {
            let _ = std::thread::spawn(move || drop(pool)).join();
        }
    }
}

impl Pg {
    /// Connects and migrates. Blocking: call it off the async runtime.
    /// Errors never repeat the URL, which may hold a password.
    pub fn open(url: &str) -> Result<Pg> {
        let config: postgres::Config = url
            .parse()
            .map_err(|_| anyhow::anyhow!("the PostgreSQL URL does not parse"))?;
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build(PostgresConnectionManager::new(config, NoTls))
            .context("connecting to PostgreSQL")?;
        migrate(&mut *pool.get()?)?;
        Ok(Pg {
            pool: Arc::new(Holder(Some(pool))),
        })
    }

    /// The secret stored under `name` in `meta`; `fresh` is stored when none
    /// is (the first replica's wins).
    pub fn shared_secret(&self, name: &str, fresh: &[u8]) -> Result<Vec<u8>> {
        let mut c = self.client()?;
        c.execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&name, &hex::encode(fresh)],
        )?;
        let stored: String = c
            .query_one("SELECT value FROM meta WHERE key = $1", &[&name])?
            .get(0);
        Ok(hex::decode(stored)?)
    }

    /// Runs `f` on a blocking thread: the synchronous client must never run
    /// (or close) on an async one.
    pub async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Pg) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let pg = self.clone();
        tokio::task::spawn_blocking(move || f(&pg)).await?
    }

    /// A connection for one store call.
    pub(crate) fn client(&self) -> Result<Client> {
        let pool = self
            .pool
            .0
            .as_ref()
            .expect("the pool lives as long as its holder");
        pool.get().context("no PostgreSQL connection within 10 s")
    }
}

/// The schema version this server migrates a database to.
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

fn migrate(c: &mut postgres::Client) -> Result<()> {
    let mut tx = c.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )?;
    let current: i32 = tx
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            &[],
        )?
        .get(0);
    let current = usize::try_from(current).unwrap_or(0);
    if current > MIGRATIONS.len() {
        // A newer replica migrated: this one would misread its rows.
        bail!(
            "the database is at schema version {current}, newer than this server's {}",
            MIGRATIONS.len()
        );
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        tx.batch_execute(sql)
            .with_context(|| format!("PostgreSQL migration {}", i + 1))?;
        tx.execute(
            "INSERT INTO schema_migrations (version) VALUES ($1)",
            &[&(i as i32 + 1)],
        )?;
        tracing::info!(version = i + 1, "applied PostgreSQL migration");
    }
    tx.commit()?;
    Ok(())
}
