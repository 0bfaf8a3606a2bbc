//! Submissions in SQLite: rows, attachment states, the request timeline and
//! reference numbers. Plain functions over a connection; callers run them via
//! [`crate::db::Db::with`], which serialises writes.

use anyhow::Result;
use chrono::{DateTime, FixedOffset, Utc};
use eport_domain::calendar::{shanghai, Calendar};
use eport_domain::protocol::{
    AttachmentDecl, Decision, Expected, Review, StatusDocument, SubmissionState,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

pub fn now() -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&shanghai())
}

#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub secret_hash: Vec<u8>,
    pub body_hash: Vec<u8>,
    pub manifest: String,
    pub state: SubmissionState,
    pub reference: Option<String>,
    pub supersedes: Option<String>,
    pub uscc: String,
    pub enterprise: String,
    pub created_at: String,
    pub received_at: Option<String>,
    pub decision: Option<String>,
    pub note: Option<String>,
    pub decided_at: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AttachmentRow {
    pub sha256: String,
    pub slot: String,
    pub name: String,
    pub mime: String,
    pub size: u64,
    pub complete: bool,
}

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
pub fn find(conn: &Connection, id_or_ref: &str) -> Result<Option<Row>> {
    let sql = format!("SELECT {ROW_COLUMNS} FROM submissions WHERE id = ?1 OR reference = ?1");
    Ok(conn.query_row(&sql, [id_or_ref], row).optional()?)
}

pub struct NewSubmission<'a> {
    pub id: &'a str,
    pub secret_hash: &'a [u8],
    pub body_hash: &'a [u8],
    pub manifest: &'a str,
    pub supersedes: Option<&'a str>,
    pub uscc: &'a str,
    pub enterprise: &'a str,
    pub attachments: &'a [AttachmentDecl],
}

/// Inserts a submission and its attachment list; marks a superseded one.
pub fn insert(tx: &Transaction<'_>, s: &NewSubmission<'_>) -> Result<()> {
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

pub fn attachments(conn: &Connection, id: &str) -> Result<Vec<AttachmentRow>> {
    let mut stmt = conn.prepare(
        "SELECT sha256, slot, name, mime, size, complete FROM attachments WHERE submission_id = ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(AttachmentRow {
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
pub fn complete_attachment(conn: &mut Connection, id: &str, sha: &str) -> Result<()> {
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
pub fn incomplete_attachments(conn: &Connection) -> Result<Vec<(String, AttachmentRow)>> {
    let mut stmt = conn.prepare(
        "SELECT a.submission_id, a.sha256, a.slot, a.name, a.mime, a.size FROM attachments a
         JOIN submissions s ON s.id = a.submission_id
         WHERE a.complete = 0 AND s.state = 'awaiting_attachments' ORDER BY a.rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            AttachmentRow {
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

/// Appends one request to a submission's timeline.
#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &Connection,
    id: &str,
    method: &str,
    endpoint: &str,
    status: u16,
    bytes: u64,
    replay: bool,
    detail: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO timeline (submission_id, at, method, endpoint, status, bytes, replay, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            now().to_rfc3339(),
            method,
            endpoint,
            status,
            bytes as i64,
            replay as i64,
            detail
        ],
    )?;
    Ok(())
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TimelineEntry {
    pub at: String,
    pub method: String,
    pub endpoint: String,
    pub status: u16,
    pub bytes: u64,
    pub replay: bool,
    pub detail: String,
}

pub fn timeline(conn: &Connection, id: &str) -> Result<Vec<TimelineEntry>> {
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
pub fn decide(
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

fn date_of(rfc3339: &str) -> Option<chrono::NaiveDate> {
    DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|d| d.with_timezone(&shanghai()).date_naive())
}

/// The status document the protocol returns for a submission.
pub fn status_document(r: &Row, atts: &[AttachmentRow], calendar: &Calendar) -> StatusDocument {
    let decision = match r.decision.as_deref() {
        Some("in_review") => Some(Decision::InReview),
        Some("approve") => Some(Decision::Approve),
        Some("reject") => Some(Decision::Reject),
        Some("dispatch") => Some(Decision::Dispatch),
        _ => None,
    };
    let from = r.received_at.as_deref().unwrap_or(&r.created_at);
    let review_by = date_of(from).map(|d| calendar.add_business_days(d, 1).date.to_string());
    let dispatch_by = match (r.state, r.decided_at.as_deref()) {
        (SubmissionState::Approved | SubmissionState::Dispatched, Some(at)) => {
            date_of(at).map(|d| calendar.add_business_days(d, 3).date.to_string())
        }
        _ => None,
    };
    StatusDocument {
        id: r.id.clone(),
        state: r.state,
        reference: r.reference.clone(),
        missing: atts
            .iter()
            .filter(|a| !a.complete)
            .map(|a| a.sha256.clone())
            .collect(),
        received_at: r.received_at.clone(),
        review: Review {
            decision,
            note: r.note.clone(),
            decided_at: r.decided_at.clone(),
        },
        expected: Expected {
            review_by,
            dispatch_by,
        },
    }
}
