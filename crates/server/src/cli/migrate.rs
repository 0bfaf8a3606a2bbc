//! `eport-server migrate-data`: copies a SQLite data directory (`--data-dir`)
//! into PostgreSQL (`EPORT_DATABASE_URL` or `--database-url-file`) and the
//! object store (`--blob-store`), for a centre that outgrows one machine:
//! every table as it is (submissions in every state, staff accounts and
//! sessions, calendars, tombstones, erasures, access and work logs), each
//! verified attachment checked against its SHA-256 on the way, and uploads in
//! progress as chunk rows, so a client resumes where it was. It refuses while
//! a server runs on the directory, and into a database that holds submissions.

use std::path::Path;

use anyhow::{bail, Context, Result};
use eport_domain::ids::{Sha256Digest, SubmissionId};
use postgres::types::ToSql;
use rusqlite::types::Value;
use sha2::{Digest, Sha256};

use crate::blobs::objects::Objects;
use crate::storage::postgres::Pg;

/// How a column travels: SQLite's storage class to PostgreSQL's type.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Int,
    Int4,
    Bool,
    Bytes,
}
use Kind::*;

/// Every table, its columns in both schemas, in an order that keeps foreign
/// keys whole (rows in SQLite's order: a submission after the one it supersedes).
const TABLES: &[(&str, &[(&str, Kind)])] = &[
    ("meta", &[("key", Text), ("value", Text)]),
    (
        "submissions",
        &[
            ("id", Text),
            ("secret_hash", Bytes),
            ("body_hash", Bytes),
            ("manifest", Text),
            ("state", Text),
            ("reference", Text),
            ("supersedes", Text),
            ("uscc", Text),
            ("enterprise", Text),
            ("created_at", Text),
            ("received_at", Text),
            ("decision", Text),
            ("note", Text),
            ("decided_at", Text),
            ("decided_by", Text),
            ("decided_by_name", Text),
            ("state_changed_at", Text),
            ("archived_at", Text),
            ("kind", Text),
            ("reasons", Text),
            ("tracking_number", Text),
            ("people", Text),
            ("pickup", Text),
            ("ready_at", Text),
            ("mail_returned_at", Text),
            ("mail_returned_reason", Text),
            ("collected_at", Text),
            ("collector_name", Text),
            ("collector_id_tail", Text),
            ("network", Text),
            ("created_unix", Int),
            ("code_nth", Int),
            ("dispatched_at", Text),
        ],
    ),
    (
        "attachments",
        &[
            ("submission_id", Text),
            ("slot", Text),
            ("sha256", Text),
            ("name", Text),
            ("mime", Text),
            ("size", Int),
            ("complete", Bool),
        ],
    ),
    (
        "timeline",
        &[
            ("seq", Int),
            ("submission_id", Text),
            ("at", Text),
            ("method", Text),
            ("endpoint", Text),
            ("status", Int4),
            ("bytes", Int),
            ("replay", Bool),
            ("detail", Text),
            ("count", Int),
            ("last_at", Text),
            ("target", Text),
            ("actor_login", Text),
            ("actor_name", Text),
            ("event", Text),
        ],
    ),
    ("daily_sequence", &[("day", Text), ("last", Int)]),
    (
        "quarantine",
        &[
            ("seq", Int),
            ("at", Text),
            ("submission_id", Text),
            ("what", Text),
            ("reason", Text),
            ("moved_to", Text),
        ],
    ),
    (
        "staff_accounts",
        &[
            ("login", Text),
            ("display_name", Text),
            ("password_hash", Text),
            ("disabled", Bool),
            ("created_at", Text),
            ("password_set_at", Text),
        ],
    ),
    (
        "staff_sessions",
        &[
            ("token_hash", Bytes),
            ("login", Text),
            ("created_at", Int),
            ("last_seen_at", Int),
            ("revoked", Bool),
        ],
    ),
    ("blob_gc_queue", &[("sha256", Text)]),
    (
        "erasures",
        &[
            ("seq", Int),
            ("at", Text),
            ("submission_id", Text),
            ("reference", Text),
            ("reason", Text),
            ("detail", Text),
        ],
    ),
    (
        "calendar_years",
        &[("year", Int4), ("body", Text), ("imported_at", Text)],
    ),
    (
        "checklist",
        &[
            ("submission_id", Text),
            ("item", Text),
            ("login", Text),
            ("display_name", Text),
            ("at", Text),
            ("carried_from", Text),
        ],
    ),
    (
        "claims",
        &[
            ("submission_id", Text),
            ("login", Text),
            ("display_name", Text),
            ("at", Text),
        ],
    ),
    (
        "staff_access",
        &[
            ("seq", Int),
            ("submission_id", Text),
            ("login", Text),
            ("display_name", Text),
            ("action", Text),
            ("target", Text),
            ("at", Text),
        ],
    ),
    (
        "staff_work",
        &[
            ("seq", Int),
            ("login", Text),
            ("display_name", Text),
            ("action", Text),
            ("detail", Text),
            ("at", Text),
        ],
    ),
    (
        "pending_objects",
        &[("sha256", Text), ("data", Bytes), ("since", Text)],
    ),
];

/// One SQLite value as the PostgreSQL parameter of `kind`.
fn param(v: Value, kind: Kind, what: &str) -> Result<Box<dyn ToSql + Sync>> {
    Ok(match (kind, v) {
        (Text, Value::Null) => Box::new(None::<String>),
        (Int, Value::Null) => Box::new(None::<i64>),
        (Int4, Value::Null) => Box::new(None::<i32>),
        (Bool, Value::Null) => Box::new(None::<bool>),
        (Bytes, Value::Null) => Box::new(None::<Vec<u8>>),
        (Text, Value::Text(s)) => Box::new(s),
        (Int, Value::Integer(i)) => Box::new(i),
        (Int4, Value::Integer(i)) => Box::new(i32::try_from(i).context(what.to_string())?),
        (Bool, Value::Integer(i)) => Box::new(i != 0),
        (Bytes, Value::Blob(b)) => Box::new(b),
        (_, other) => bail!("{what}: unexpected {:?}", other.data_type()),
    })
}

pub struct Copied {
    pub rows: u64,
    pub objects: u64,
    pub unfinished: u64,
}

/// Copies `data_dir` into `pg` and `objects`; see the module.
pub async fn run(data_dir: &Path, pg: Pg, objects: &dyn Objects) -> Result<Copied> {
    let _lock = crate::cli::server_lock::take(data_dir).map_err(|_| {
        anyhow::anyhow!(
            "a server runs on {}: stop it before migrating its data",
            data_dir.display()
        )
    })?;
    let db = data_dir.join("eport.sqlite3");
    if !db.exists() {
        bail!("{} holds no SQLite database", data_dir.display());
    }
    // Brings the source to this version's schema (it may be older).
    drop(crate::storage::sqlite::db::Db::open(data_dir)?);
    let source = db.clone();
    let rows = pg.blocking(move |pg| copy_rows(&source, pg)).await?;
    let conn = rusqlite::Connection::open(&db)?;
    let mut objects_copied = 0;
    let digests: Vec<String> = conn
        .prepare("SELECT DISTINCT sha256 FROM attachments WHERE complete = 1 ORDER BY sha256")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for d in digests {
        let sha = Sha256Digest::parse(&d).map_err(|e| anyhow::anyhow!("{d:.80}: {}", e.0))?;
        let path = data_dir.join("blobs").join(sha.prefix()).join(sha.as_str());
        let bytes = match tokio::fs::read(&path).await {
            Ok(b) => b,
            // Still waiting for an object store: it travels as a pending object.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && pending(&conn, &d)? => continue,
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        if hex::encode(Sha256::digest(&bytes)) != sha.as_str() {
            bail!("{} does not hold the bytes of its SHA-256: nothing was copied to the object store from here on", path.display());
        }
        objects.put_bytes(&sha, bytes).await?;
        objects_copied += 1;
    }
    let unfinished = copy_partials(data_dir, &conn, &pg).await?;
    Ok(Copied {
        rows,
        objects: objects_copied,
        unfinished,
    })
}

fn pending(conn: &rusqlite::Connection, sha: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pending_objects WHERE sha256 = ?1)",
        [sha],
        |r| r.get(0),
    )?)
}

/// Every table in one transaction: the target is whole or untouched.
fn copy_rows(source: &Path, pg: &Pg) -> Result<u64> {
    let from = rusqlite::Connection::open(source)?;
    let mut c = pg.client()?;
    let mut tx = c.transaction()?;
    let held: i64 = tx
        .query_one("SELECT COUNT(*) FROM submissions", &[])?
        .get(0);
    if held > 0 {
        bail!(
            "the PostgreSQL database holds {held} submissions already: migrate into an empty one"
        );
    }
    // The target's own first rows (none but `meta`) give way to the source's.
    tx.batch_execute("DELETE FROM meta")?;
    let mut rows = 0;
    for (table, columns) in TABLES {
        let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
        let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
        let insert = tx.prepare(&format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            placeholders.join(", ")
        ))?;
        let mut select = from.prepare(&format!(
            "SELECT {} FROM {table} ORDER BY rowid",
            names.join(", ")
        ))?;
        let mut found = select.query([])?;
        while let Some(r) = found.next()? {
            let mut params = Vec::with_capacity(columns.len());
            for (i, (name, kind)) in columns.iter().enumerate() {
                params.push(param(r.get(i)?, *kind, &format!("{table}.{name}"))?);
            }
            let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
            tx.execute(&insert, &refs)
                .with_context(|| format!("copying a row of {table}"))?;
            rows += 1;
        }
        if names.contains(&"seq") {
            // The next row numbers follow the copied ones.
            tx.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'seq'), COALESCE(MAX(seq), 0) + 1, false) FROM {table}"
                ),
                &[],
            )?;
        }
    }
    tx.commit()?;
    Ok(rows)
}

/// Uploads in progress (`partial/<id>/<sha>`) of attachments still awaited
/// become one chunk row each; the client resumes at the same offset.
async fn copy_partials(data_dir: &Path, conn: &rusqlite::Connection, pg: &Pg) -> Result<u64> {
    let mut copied = 0;
    let Ok(dirs) = std::fs::read_dir(data_dir.join("partial")) else {
        return Ok(0);
    };
    for dir in dirs.flatten() {
        let Some(id) = dir
            .file_name()
            .to_str()
            .and_then(|n| SubmissionId::parse(n).ok())
        else {
            continue;
        };
        for f in std::fs::read_dir(dir.path())?.flatten() {
            let Some(sha) = f
                .file_name()
                .to_str()
                .and_then(|n| Sha256Digest::parse(n).ok())
            else {
                continue;
            };
            let awaited: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM attachments WHERE submission_id = ?1 AND sha256 = ?2 AND complete = 0)",
                [id.as_str(), sha.as_str()],
                |r| r.get(0),
            )?;
            if !awaited {
                continue;
            }
            let bytes = tokio::fs::read(f.path()).await?;
            let (id, sha) = (id.clone(), sha.clone());
            let ok = pg
                .blocking(move |pg| pg.append_chunk(&id, &sha, 0, &bytes))
                .await?;
            if ok {
                copied += 1;
            }
        }
    }
    Ok(copied)
}
