//! The SQLite implementation of [`Store`]: submissions, attachment states, the
//! request timeline and reference numbers, over the one serialised connection
//! of [`Db`].

use anyhow::Result;
use eport_domain::protocol::{Decision, SubmissionState};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::db::Db;
use crate::store::{
    now, AttachmentState, Event, ListFilter, NewSubmission, Row, StaffListItem, Store,
    TimelineEntry,
};

const ROW_COLUMNS: &str =
    "id, secret_hash, body_hash, manifest, state, reference, supersedes, uscc, enterprise, \
     created_at, received_at, decision, note, decided_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let state: String = r.get(4)?;
    Ok(Row {
        id: r.get(0)?,
        secret_hash: r.get(1)?,
        body_hash: r.get(2)?,
        manifest: r.get(3)?,
        state: SubmissionState::parse(&state).unwrap_or(SubmissionState::AwaitingAttachments),
        reference: r.get(5)?,
        supersedes: r.get(6)?,
        uscc: r.get(7)?,
        enterprise: r.get(8)?,
        created_at: r.get(9)?,
        received_at: r.get(10)?,
        decision: r.get(11)?,
        note: r.get(12)?,
        decided_at: r.get(13)?,
    })
}

/// Finds a submission by id or by reference number.
fn find(conn: &Connection, id_or_ref: &str) -> Result<Option<Row>> {
    let sql = format!("SELECT {ROW_COLUMNS} FROM submissions WHERE id = ?1 OR reference = ?1");
    Ok(conn.query_row(&sql, [id_or_ref], row).optional()?)
}

/// Inserts a submission and its attachment list; marks a superseded one.
fn insert(tx: &Transaction<'_>, s: &NewSubmission<'_>) -> Result<()> {
    let at = now().to_rfc3339();
    tx.execute(
        "INSERT INTO submissions (id, secret_hash, body_hash, manifest, state, supersedes, uscc, enterprise, created_at)
         VALUES (?1, ?2, ?3, ?4, 'awaiting_attachments', ?5, ?6, ?7, ?8)",
        params![s.id, s.secret_hash, s.body_hash, s.manifest, s.supersedes, s.uscc, s.enterprise, at],
    )?;
    for a in s.attachments {
        tx.execute(
            "INSERT OR IGNORE INTO attachments (submission_id, sha256, slot, name, mime, size) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![s.id, a.sha256, a.slot, eport_domain::attachment::display_name(&a.name), a.mime, a.size as i64],
        )?;
    }
    if let Some(old) = s.supersedes {
        tx.execute(
            "UPDATE submissions SET state = 'superseded' WHERE id = ?1",
            [old],
        )?;
    }
    if s.attachments.is_empty() {
        receive(tx, s.id)?;
    }
    Ok(())
}

fn attachments(conn: &Connection, id: &str) -> Result<Vec<AttachmentState>> {
    let mut stmt = conn.prepare(
        "SELECT sha256, slot, name, mime, size, complete FROM attachments WHERE submission_id = ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(AttachmentState {
            sha256: r.get(0)?,
            slot: r.get(1)?,
            name: r.get(2)?,
            mime: r.get(3)?,
            size: r.get::<_, i64>(4)? as u64,
            complete: r.get::<_, i64>(5)? != 0,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The next `XM<yyyymmdd>-<nnnnnn>` for today in Asia/Shanghai.
fn next_reference(tx: &Transaction<'_>) -> Result<String> {
    let day = now().format("%Y%m%d").to_string();
    let n: i64 = tx.query_row(
        "INSERT INTO daily_sequence (day, last) VALUES (?1, 1)
         ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last",
        [&day],
        |r| r.get(0),
    )?;
    Ok(format!("XM{day}-{n:06}"))
}

fn receive(tx: &Transaction<'_>, id: &str) -> Result<()> {
    let reference = next_reference(tx)?;
    tx.execute(
        "UPDATE submissions SET state = 'received', reference = ?2, received_at = ?3
         WHERE id = ?1 AND state = 'awaiting_attachments'",
        params![id, reference, now().to_rfc3339()],
    )?;
    Ok(())
}

/// Marks one attachment complete; when it was the last, the submission becomes
/// `received` with its reference number, in the same transaction.
fn complete_attachment(conn: &mut Connection, id: &str, sha: &str) -> Result<()> {
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE attachments SET complete = 1 WHERE submission_id = ?1 AND sha256 = ?2",
        [id, sha],
    )?;
    let missing: i64 = tx.query_row(
        "SELECT COUNT(*) FROM attachments WHERE submission_id = ?1 AND complete = 0",
        [id],
        |r| r.get(0),
    )?;
    if missing == 0 {
        receive(&tx, id)?;
    }
    crate::faults::hit(crate::faults::COMPLETE_COMMIT);
    tx.commit()?;
    Ok(())
}

/// Attachments of submissions still awaiting bytes, for crash recovery.
fn incomplete_attachments(conn: &Connection) -> Result<Vec<(String, AttachmentState)>> {
    let mut stmt = conn.prepare(
        "SELECT a.submission_id, a.sha256, a.slot, a.name, a.mime, a.size FROM attachments a
         JOIN submissions s ON s.id = a.submission_id
         WHERE a.complete = 0 AND s.state = 'awaiting_attachments' ORDER BY a.rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            AttachmentState {
                sha256: r.get(1)?,
                slot: r.get(2)?,
                name: r.get(3)?,
                mime: r.get(4)?,
                size: r.get::<_, i64>(5)? as u64,
                complete: false,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn record(conn: &Connection, id: &str, e: &Event) -> Result<()> {
    conn.execute(
        "INSERT INTO timeline (submission_id, at, method, endpoint, status, bytes, replay, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            now().to_rfc3339(),
            e.method,
            e.endpoint,
            e.status,
            e.bytes as i64,
            e.replay as i64,
            e.detail
        ],
    )?;
    Ok(())
}

fn timeline(conn: &Connection, id: &str) -> Result<Vec<TimelineEntry>> {
    let mut stmt = conn.prepare(
        "SELECT at, method, endpoint, status, bytes, replay, detail FROM timeline WHERE submission_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(TimelineEntry {
            at: r.get(0)?,
            method: r.get(1)?,
            endpoint: r.get(2)?,
            status: r.get(3)?,
            bytes: r.get::<_, i64>(4)? as u64,
            replay: r.get::<_, i64>(5)? != 0,
            detail: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Applies a staff decision. Returns the new state, or `None` when the
/// decision does not fit the current state.
fn decide(
    conn: &mut Connection,
    id: &str,
    decision: Decision,
    note: Option<&str>,
) -> Result<Option<SubmissionState>> {
    use SubmissionState::*;
    let tx = conn.transaction()?;
    let Some(current) = find(&tx, id)? else {
        return Ok(None);
    };
    let next = match (decision, current.state) {
        (Decision::InReview, Received) => InReview,
        (Decision::Approve, Received | InReview) => Approved,
        (Decision::Reject, Received | InReview) => Rejected,
        (Decision::Dispatch, Approved) => Dispatched,
        _ => return Ok(None),
    };
    let word = match decision {
        Decision::InReview => "in_review",
        Decision::Approve => "approve",
        Decision::Reject => "reject",
        Decision::Dispatch => "dispatch",
    };
    // Dispatch keeps the approval's note and date; the others replace them.
    if decision == Decision::Dispatch {
        tx.execute(
            "UPDATE submissions SET state = ?2 WHERE id = ?1",
            params![current.id, next.as_str()],
        )?;
    } else {
        tx.execute(
            "UPDATE submissions SET state = ?2, decision = ?3, note = ?4, decided_at = ?5 WHERE id = ?1",
            params![current.id, next.as_str(), word, note, now().to_rfc3339()],
        )?;
    }
    tx.commit()?;
    Ok(Some(next))
}

fn list(conn: &Connection, f: &ListFilter) -> Result<Vec<StaffListItem>> {
    let mut stmt = conn.prepare(
        "SELECT id, reference, state, uscc, enterprise, created_at, received_at, supersedes FROM submissions
         WHERE (?1 IS NULL OR state = ?1)
           AND (?2 = '' OR reference LIKE '%' || ?2 || '%' OR uscc LIKE '%' || ?2 || '%' OR enterprise LIKE '%' || ?2 || '%')
         ORDER BY created_at DESC, rowid DESC LIMIT ?3 OFFSET ?4",
    )?;
    let state = f.state.map(SubmissionState::as_str);
    let rows = stmt.query_map(params![state, f.needle, f.limit, f.offset], |r| {
        let st: String = r.get(2)?;
        Ok(StaffListItem {
            id: r.get(0)?,
            reference: r.get(1)?,
            state: SubmissionState::parse(&st).unwrap_or(SubmissionState::AwaitingAttachments),
            uscc: r.get(3)?,
            enterprise: r.get(4)?,
            created_at: r.get(5)?,
            received_at: r.get(6)?,
            supersedes: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store for Db {
    fn find(&self, id_or_ref: &str) -> Result<Option<Row>> {
        find(&self.conn(), id_or_ref)
    }

    fn create(&self, s: &NewSubmission<'_>, event: &Event) -> Result<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        if find(&tx, s.id)?.is_some() {
            return Ok(false);
        }
        insert(&tx, s)?;
        record(&tx, s.id, event)?;
        crate::faults::hit(crate::faults::PUT_COMMIT);
        tx.commit()?;
        Ok(true)
    }

    fn attachments(&self, id: &str) -> Result<Vec<AttachmentState>> {
        attachments(&self.conn(), id)
    }

    fn complete_attachment(&self, id: &str, sha: &str) -> Result<()> {
        complete_attachment(&mut self.conn(), id, sha)
    }

    fn incomplete_attachments(&self) -> Result<Vec<(String, AttachmentState)>> {
        incomplete_attachments(&self.conn())
    }

    fn record(&self, id: &str, event: &Event) -> Result<()> {
        record(&self.conn(), id, event)
    }

    fn timeline(&self, id: &str) -> Result<Vec<TimelineEntry>> {
        timeline(&self.conn(), id)
    }

    fn decide(
        &self,
        id: &str,
        decision: Decision,
        note: Option<&str>,
    ) -> Result<Option<SubmissionState>> {
        decide(&mut self.conn(), id, decision, note)
    }

    fn list(&self, filter: &ListFilter) -> Result<Vec<StaffListItem>> {
        list(&self.conn(), filter)
    }
}
