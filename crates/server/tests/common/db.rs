//! The store's database as a test reads it behind the server's back, on
//! whichever backend the suite runs: the SQLite file in the data directory or
//! the PostgreSQL database `postgres_url` gives that directory.

use std::path::Path;

pub enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(postgres::Client),
}

impl Db {
    pub fn open(data: &Path) -> Db {
        match super::postgres_url(data) {
            Some(url) => Db::Postgres(postgres::Client::connect(&url, postgres::NoTls).unwrap()),
            None => Db::Sqlite(rusqlite::Connection::open(data.join("eport.sqlite3")).unwrap()),
        }
    }

    /// One text value (or NULL) from `sql`, written with `?1` for `param`.
    pub fn text(&mut self, sql: &str, param: &str) -> Option<String> {
        match self {
            Db::Sqlite(c) => c.query_row(sql, [param], |r| r.get(0)).unwrap(),
            Db::Postgres(c) => c
                .query_one(&sql.replace("?1", "$1"), &[&param])
                .unwrap()
                .get(0),
        }
    }

    /// A count (`SELECT COUNT(*) …` without parameters).
    pub fn count(&mut self, sql: &str) -> i64 {
        match self {
            Db::Sqlite(c) => c.query_row(sql, [], |r| r.get(0)).unwrap(),
            Db::Postgres(c) => c.query_one(sql, &[]).unwrap().get(0),
        }
    }

    /// Runs the statements written for this backend.
    pub fn batch(&mut self, sqlite: &str, postgres: &str) {
        match self {
            Db::Sqlite(c) => c.execute_batch(sqlite).unwrap(),
            Db::Postgres(c) => c.batch_execute(postgres).unwrap(),
        }
    }
}

/// Whether `needle` is still stored: in SQLite's file or its write-ahead log
/// (bytes, deleted pages included), in PostgreSQL any visible row of any table.
pub fn holds(data: &Path, needle: &str) -> bool {
    match Db::open(data) {
        Db::Sqlite(_) => ["eport.sqlite3", "eport.sqlite3-wal"].iter().any(|f| {
            let bytes = std::fs::read(data.join(f)).unwrap_or_default();
            bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        }),
        Db::Postgres(mut c) => {
            let tables: Vec<String> = c
                .query(
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
                    &[],
                )
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            let pattern = format!("%{needle}%");
            tables.iter().any(|t| {
                c.query_one(
                    &format!("SELECT EXISTS (SELECT 1 FROM {t} x WHERE x::text LIKE $1)"),
                    &[&pattern],
                )
                .unwrap()
                .get(0)
            })
        }
    }
}

/// Whether bytes of an unfinished upload of submission `id` are held: its
/// folder under `partial/` (SQLite), or chunk rows (PostgreSQL).
pub fn partial_held(data: &Path, id: &str) -> bool {
    match Db::open(data) {
        Db::Sqlite(_) => data.join("partial").join(id).exists(),
        Db::Postgres(mut c) => c
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM upload_chunks WHERE submission_id = $1)",
                &[&id],
            )
            .unwrap()
            .get(0),
    }
}

/// The bytes held for an unfinished upload: its partial file (which must
/// exist) or its chunk rows in order.
pub fn partial_bytes(data: &Path, id: &str, sha: &str) -> Vec<u8> {
    match Db::open(data) {
        Db::Sqlite(_) => {
            let path = data.join("partial").join(id).join(sha);
            std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        }
        Db::Postgres(mut c) => c
            .query(
                "SELECT data FROM upload_chunks WHERE submission_id = $1 AND sha256 = $2 ORDER BY at",
                &[&id, &sha],
            )
            .unwrap()
            .iter()
            .flat_map(|r| r.get::<_, Vec<u8>>(0))
            .collect(),
    }
}
