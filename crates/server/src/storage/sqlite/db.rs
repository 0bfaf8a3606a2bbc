//! SQLite storage: one file under the data directory, WAL, `synchronous=FULL`,
//! migrations applied in order and recorded in `PRAGMA user_version`.

use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use rusqlite::Connection;

/// Migrations in order; index + 1 is the schema version it produces.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/0001_init.sql"),
    include_str!("../../../migrations/0002_submissions.sql"),
    include_str!("../../../migrations/0003_hostile_client.sql"),
    include_str!("../../../migrations/0004_staff_accounts.sql"),
    include_str!("../../../migrations/0005_retention.sql"),
    include_str!("../../../migrations/0006_calendar_and_successors.sql"),
    include_str!("../../../migrations/0007_review_records.sql"),
    include_str!("../../../migrations/0008_review_queue.sql"),
    include_str!("../../../migrations/0009_card_routes.sql"),
    include_str!("../../../migrations/0010_timeline_events.sql"),
    include_str!("../../../migrations/0011_canonical_codes.sql"),
    include_str!("../../../migrations/0012_arrival_signs.sql"),
    include_str!("../../../migrations/0013_register_exports.sql"),
    include_str!("../../../migrations/0014_dispatched_at.sql"),
    include_str!("../../../migrations/0015_work_log.sql"),
    include_str!("../../../migrations/0016_pending_objects.sql"),
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
    // The domain's code normalisation, for migrations that put stored codes
    // in canonical form.
    conn.create_scalar_function(
        "eport_code",
        1,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8
            | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(ctx
                .get::<Option<String>>(0)?
                .map(|s| eport_domain::normalize::uscc(&s)))
        },
    )?;
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

#[cfg(test)]
mod tests {
    use eport_domain::protocol::{Decision, SubmissionState};
    use eport_domain::timeline_event::TimelineEvent;

    use super::*;

    /// An in-memory database as schema version `n` left it.
    fn at_version(n: usize) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..n] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", n).unwrap();
        conn
    }

    #[test]
    fn credit_codes_stored_as_typed_become_canonical() {
        let mut conn = at_version(10);
        for (id, uscc) in [
            ("a", " ９１３５０１００ｍ０００１００ｙ４３ "),
            ("b", "91350200ma31e12pxf"),
        ] {
            conn.execute(
                "INSERT INTO submissions (id, secret_hash, body_hash, manifest, state, created_at, uscc)
                 VALUES (?1, x'00', x'00', '{}', 'received', '2026-12-01T09:00:00+08:00', ?2)",
                [id, uscc],
            )
            .unwrap();
        }
        migrate(&mut conn).unwrap();
        let codes: Vec<String> = conn
            .prepare("SELECT uscc FROM submissions ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(codes, ["91350100M000100Y43", "91350200MA31E12PXF"]);
    }

    /// Staff rows an earlier version recorded as English lines read as events
    /// after migration 10, so the decision history shows them too.
    #[test]
    fn staff_lines_of_earlier_versions_become_events() {
        let mut conn = at_version(9);
        let rows = [
            ("POST", "/staff/…/claim", 200, "claimed by 王丽 (wang.li)"),
            (
                "POST",
                "/staff/…/claim",
                200,
                "taken over from 王丽 (wang.li) by 李明 (li.ming): 休假",
            ),
            (
                "POST",
                "/staff/…/review",
                200,
                "rejected by 李明 (li.ming): 营业执照不清晰；请重扫",
            ),
            (
                "CLI",
                "staff review",
                0,
                "approved by 李明 (li.ming) (command line)",
            ),
            (
                "DELETE",
                "/staff/…/claim",
                204,
                "released by 李明 (li.ming)",
            ),
            ("PUT", "/submissions/{id}", 201, "created"),
        ];
        for (method, endpoint, status, detail) in rows {
            conn.execute(
                "INSERT INTO timeline (submission_id, at, method, endpoint, status, detail, actor_login, actor_name)
                 VALUES ('s', '2026-12-01T09:00:00+08:00', ?1, ?2, ?3, ?4,
                         CASE WHEN ?1 = 'PUT' THEN NULL ELSE 'x' END, 'x')",
                rusqlite::params![method, endpoint, status, detail],
            )
            .unwrap();
        }
        migrate(&mut conn).unwrap();
        let events: Vec<Option<TimelineEvent>> = conn
            .prepare("SELECT event FROM timeline ORDER BY seq")
            .unwrap()
            .query_map([], |r| r.get::<_, Option<String>>(0))
            .unwrap()
            .map(|e| e.unwrap().map(|e| serde_json::from_str(&e).unwrap()))
            .collect();
        assert_eq!(events[0], Some(TimelineEvent::Claimed));
        let Some(TimelineEvent::TakenOver { from, reason }) = &events[1] else {
            panic!("{:?}", events[1])
        };
        assert_eq!(
            (from.name.as_str(), reason.as_str()),
            ("王丽 (wang.li)", "休假")
        );
        let Some(TimelineEvent::Decided {
            decision,
            state,
            note,
            ..
        }) = &events[2]
        else {
            panic!("{:?}", events[2])
        };
        assert_eq!(*decision, Decision::Reject);
        assert_eq!(*state, SubmissionState::Rejected);
        assert_eq!(note.as_deref(), Some("营业执照不清晰；请重扫"));
        let Some(TimelineEvent::Decided {
            decision,
            command_line,
            note,
            ..
        }) = &events[3]
        else {
            panic!("{:?}", events[3])
        };
        assert_eq!(
            (*decision, *command_line, note),
            (Decision::Approve, true, &None)
        );
        assert_eq!(events[4], Some(TimelineEvent::Released));
        assert_eq!(events[5], None, "the enterprise's rows keep their line");
    }
}
