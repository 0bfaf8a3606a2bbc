//! The SQLite implementation of [`Store`]: submissions, attachment states, the
//! request timeline and reference numbers, over the one serialised connection
//! of [`Db`].

mod calendar;
pub mod db;
mod staff;
mod statistics;

use anyhow::Result;
use eport_domain::arrival::ArrivalSign;
use eport_domain::case::PickupMethod;
use eport_domain::correction;
use eport_domain::dispatch_batch::LineProblem;
use eport_domain::ids::{Sha256Digest, SubmissionId, SubmissionKey};
use eport_domain::protocol::{Claim, Decision, Manifest, StateCount, SubmissionState};
use eport_domain::review::{self, CheckItem};
use eport_domain::staff_session::StaffActor;
use eport_domain::statistics::{Fact, Period};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::storage::sqlite::db::Db;
use crate::storage::stored_row::{
    actor, StoredRow, ARRIVAL_COLUMNS, ROW_COLUMNS, ROW_COLUMN_COUNT,
};
use crate::storage::{
    now, AttachmentState, ClaimFilter, Decided, Erasure, Event, Finished, ListFilter,
    NewSubmission, QuarantineEntry, Row, StaffListItem, Store, StoredUpload, TimelineEntry,
    Verdict,
};

/// Timeline rows kept per submission: beyond it, requests are counted on the last row.
pub const TIMELINE_MAX_ROWS: i64 = 1000;

/// A stored id, parsed again on the way out (every one was checked on the way in).
fn id_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<SubmissionId> {
    let s: String = r.get(i)?;
    SubmissionId::parse(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.0.into())
    })
}

/// A staff member stored as login (column `i`) and display name (`i + 1`).
fn actor_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<StaffActor>> {
    Ok(actor(r.get(i)?, r.get(i + 1)?))
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let stored = StoredRow {
        id: r.get(0)?,
        secret_hash: r.get(1)?,
        body_hash: r.get(2)?,
        manifest: r.get(3)?,
        state: r.get(4)?,
        reference: r.get(5)?,
        supersedes: r.get(6)?,
        uscc: r.get(7)?,
        enterprise: r.get(8)?,
        created_at: r.get(9)?,
        received_at: r.get(10)?,
        decision: r.get(11)?,
        note: r.get(12)?,
        decided_at: r.get(13)?,
        decided_by: r.get(14)?,
        decided_by_name: r.get(15)?,
        archived_at: r.get(16)?,
        reasons: r.get(17)?,
        tracking_number: r.get(18)?,
        pickup: r.get(19)?,
        ready_at: r.get(20)?,
        mail_returned_at: r.get(21)?,
        mail_returned_reason: r.get(22)?,
        collected_at: r.get(23)?,
        collector_name: r.get(24)?,
        collector_id_tail: r.get(25)?,
    };
    stored.row().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.0.into())
    })
}

/// The arrival signs from columns `i` (which declaration of its code that
/// day) and `i + 1` (submissions from its network in the window).
fn arrival_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Vec<ArrivalSign>> {
    let nth: i64 = r.get(i)?;
    let nearby: i64 = r.get(i + 1)?;
    Ok(eport_domain::arrival::signs(
        u32::try_from(nth).unwrap_or(u32::MAX),
        u32::try_from(nearby).unwrap_or(u32::MAX),
    ))
}

/// Finds a submission by id or by reference number.
fn find(conn: &Connection, key: &SubmissionKey) -> Result<Option<Row>> {
    let column = match key {
        SubmissionKey::Id(_) => "id",
        SubmissionKey::Reference(_) => "reference",
    };
    let sql = format!("SELECT {ROW_COLUMNS} FROM submissions WHERE {column} = ?1");
    Ok(conn.query_row(&sql, [key.as_str()], row).optional()?)
}

fn find_id(conn: &Connection, id: &SubmissionId) -> Result<Option<Row>> {
    find(conn, &SubmissionKey::Id(id.clone()))
}

/// Inserts a submission and its attachment list; marks a superseded one.
fn insert(tx: &Transaction<'_>, s: &NewSubmission<'_>) -> Result<()> {
    let now = now();
    let at = now.to_rfc3339();
    let unix = now.timestamp();
    // Which declaration of its credit code today (Asia/Shanghai) this is.
    let midnight = unix - i64::from(chrono::Timelike::num_seconds_from_midnight(&now));
    let earlier: i64 = tx.query_row(
        "SELECT COUNT(*) FROM submissions WHERE uscc = ?1 AND created_unix >= ?2",
        params![s.uscc, midnight],
        |r| r.get(0),
    )?;
    let supersedes = s.supersedes.map(SubmissionId::as_str);
    tx.execute(
        "INSERT INTO submissions (id, secret_hash, body_hash, manifest, state, supersedes, uscc, enterprise, created_at, state_changed_at, people, pickup, network, created_unix, code_nth)
         VALUES (?1, ?2, ?3, ?4, 'awaiting_attachments', ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![s.id.as_str(), s.secret_hash, s.body_hash, s.manifest, supersedes, s.uscc, s.enterprise, at, s.people, s.pickup.as_str(), s.network, unix, earlier + 1],
    )?;
    for f in s.files {
        tx.execute(
            "INSERT INTO attachments (submission_id, slot, sha256, name, mime, size) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![s.id.as_str(), f.slot(), f.sha256().as_str(), f.name(), f.file_type().mime(), f.size() as i64],
        )?;
    }
    if let Some(old) = supersedes {
        // The bytes the superseded submission holds complete and verified
        // are not sent again (the route proved its secret): the new rows
        // count as complete and share its content-addressed blobs, which the
        // collector keeps while any row names them. Only that submission is
        // matched, never another's bytes.
        tx.execute(
            "UPDATE attachments SET complete = 1
             WHERE submission_id = ?1 AND complete = 0 AND sha256 IN
               (SELECT sha256 FROM attachments WHERE submission_id = ?2 AND complete = 1)",
            params![s.id.as_str(), old],
        )?;
        carry_ticks(tx, old, s)?;
        tx.execute(
            "UPDATE submissions SET state = 'superseded', state_changed_at = ?2 WHERE id = ?1",
            params![old, at],
        )?;
    }
    receive_when_complete(tx, s.id)
}

/// Copies the superseded declaration's ticks whose line compares nothing
/// that changed ([`correction::tick_carries_over`]), marked as carried.
fn carry_ticks(tx: &Transaction<'_>, old: &str, s: &NewSubmission<'_>) -> Result<()> {
    let Ok(old_id) = SubmissionId::parse(old) else {
        return Ok(());
    };
    let Some(before) = find_id(tx, &old_id)? else {
        return Ok(());
    };
    let (Ok(was), Ok(now)) = (
        serde_json::from_str::<Manifest>(&before.manifest),
        serde_json::from_str::<Manifest>(s.manifest),
    ) else {
        return Ok(());
    };
    let named = before.reference.unwrap_or_else(|| old.to_string());
    let lines = review::checklist(&now.case);
    let ticks: Vec<(String, String, String, String)> = tx
        .prepare("SELECT item, login, display_name, at FROM checklist WHERE submission_id = ?1")?
        .query_map([old], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (item, login, name, at) in ticks {
        let Ok(line) = item.parse::<CheckItem>() else {
            continue;
        };
        if lines.contains(&line) && correction::tick_carries_over(line, &was.case, &now.case) {
            tx.execute(
                "INSERT OR IGNORE INTO checklist (submission_id, item, login, display_name, at, carried_from)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![s.id.as_str(), item, login, name, at, named],
            )?;
        }
    }
    Ok(())
}

fn attachments(conn: &Connection, id: &SubmissionId) -> Result<Vec<AttachmentState>> {
    let mut stmt = conn.prepare(
        "SELECT sha256, slot, name, mime, size, complete FROM attachments WHERE submission_id = ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([id.as_str()], |r| {
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

/// The submission becomes `received` with its reference number once no
/// attachment is missing (none declared, all reused, or the last arrived).
fn receive_when_complete(tx: &Transaction<'_>, id: &SubmissionId) -> Result<()> {
    let missing: i64 = tx.query_row(
        "SELECT COUNT(*) FROM attachments WHERE submission_id = ?1 AND complete = 0",
        [id.as_str()],
        |r| r.get(0),
    )?;
    let waiting: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM submissions WHERE id = ?1 AND state = 'awaiting_attachments')",
        [id.as_str()],
        |r| r.get(0),
    )?;
    // Only a number that is given is taken: no gap in the day's sequence.
    if missing > 0 || !waiting {
        return Ok(());
    }
    let reference = next_reference(tx)?;
    tx.execute(
        "UPDATE submissions SET state = 'received', reference = ?2, received_at = ?3, state_changed_at = ?3
         WHERE id = ?1 AND state = 'awaiting_attachments'",
        params![id.as_str(), reference, now().to_rfc3339()],
    )?;
    Ok(())
}

/// Marks one attachment complete; when it was the last, the submission becomes
/// `received` with its reference number, in the same transaction.
fn complete_attachment(
    conn: &mut Connection,
    id: &SubmissionId,
    sha: &Sha256Digest,
    pending: Option<&[u8]>,
) -> Result<()> {
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE attachments SET complete = 1 WHERE submission_id = ?1 AND sha256 = ?2",
        [id.as_str(), sha.as_str()],
    )?;
    if let Some(bytes) = pending {
        tx.execute(
            "INSERT OR IGNORE INTO pending_objects (sha256, data, since) VALUES (?1, ?2, ?3)",
            params![sha.as_str(), bytes, now().to_rfc3339()],
        )?;
    }
    receive_when_complete(&tx, id)?;
    crate::faults::hit(crate::faults::COMPLETE_COMMIT);
    tx.commit()?;
    Ok(())
}

/// Uploads of submissions still awaiting bytes, for crash recovery.
fn incomplete_uploads(conn: &Connection) -> Result<Vec<StoredUpload>> {
    let mut stmt = conn.prepare(
        "SELECT a.submission_id, a.sha256, MIN(a.size), MIN(a.mime) FROM attachments a
         JOIN submissions s ON s.id = a.submission_id
         WHERE a.complete = 0 AND s.state = 'awaiting_attachments'
         GROUP BY a.submission_id, a.sha256 ORDER BY MIN(a.rowid)",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(StoredUpload {
            submission_id: id_at(r, 0)?,
            sha256: r.get(1)?,
            size: r.get::<_, i64>(2)? as u64,
            mime: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn insert_event(tx: &Transaction<'_>, id: &SubmissionId, at: &str, e: &Event) -> Result<()> {
    let event = e.event.as_ref().map(serde_json::to_string).transpose()?;
    tx.execute(
        "INSERT INTO timeline (submission_id, at, method, endpoint, status, bytes, replay, detail, target, actor_login, actor_name, event)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            id.as_str(),
            at,
            e.method,
            e.endpoint,
            e.status,
            e.bytes as i64,
            e.replay as i64,
            e.detail,
            e.target,
            e.actor.as_ref().map(|a| a.login.as_str()),
            e.actor.as_ref().map(|a| a.name.as_str()),
            event
        ],
    )?;
    Ok(())
}

/// Appends an event, or counts it on the submission's last row when it is the
/// same request again (or the timeline is full).
fn record(conn: &mut Connection, id: &SubmissionId, e: &Event) -> Result<()> {
    let tx = conn.transaction()?;
    let at = now().to_rfc3339();
    type Last = (i64, String, String, u16, String, i64, Option<String>);
    let last: Option<Last> = tx
        .query_row(
            "SELECT seq, method, endpoint, status, target, replay, actor_login FROM timeline
             WHERE submission_id = ?1 ORDER BY seq DESC LIMIT 1",
            [id.as_str()],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .optional()?;
    let actor_login = e.actor.as_ref().map(|a| a.login.as_str());
    let rows: i64 = tx.query_row(
        "SELECT COUNT(*) FROM timeline WHERE submission_id = ?1",
        [id.as_str()],
        |r| r.get(0),
    )?;
    // A staff action is a row of its own (the decision history reads each):
    // an approval and the dispatch after it by the same reviewer are two.
    let staff_action = e
        .event
        .as_ref()
        .is_some_and(eport_domain::timeline_event::TimelineEvent::is_staff_action);
    let repeat = last.as_ref().filter(|(_, m, ep, st, tg, rp, by)| {
        rows >= TIMELINE_MAX_ROWS
            || (!staff_action
                && m == e.method
                && ep == e.endpoint
                && *st == e.status
                && *tg == e.target
                && (*rp != 0) == e.replay
                && by.as_deref() == actor_login)
    });
    let event = e.event.as_ref().map(serde_json::to_string).transpose()?;
    match repeat {
        Some((seq, ..)) => {
            tx.execute(
                "UPDATE timeline SET count = count + 1, bytes = bytes + ?2, last_at = ?3, detail = ?4, event = ?5 WHERE seq = ?1",
                params![seq, e.bytes as i64, at, e.detail, event],
            )?;
        }
        None => {
            insert_event(&tx, id, &at, e)?;
        }
    }
    tx.commit()?;
    Ok(())
}

fn timeline(
    conn: &Connection,
    id: &SubmissionId,
    limit: u32,
    offset: u64,
) -> Result<(Vec<TimelineEntry>, u64)> {
    let total: i64 = conn.query_row(
        "SELECT COUNT(*) FROM timeline WHERE submission_id = ?1",
        [id.as_str()],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT at, method, endpoint, status, bytes, replay, detail, count, last_at, actor_login, actor_name, target, event FROM timeline
         WHERE submission_id = ?1 ORDER BY seq LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt.query_map(params![id.as_str(), limit, offset as i64], |r| {
        Ok(TimelineEntry {
            at: r.get(0)?,
            method: r.get(1)?,
            endpoint: r.get(2)?,
            status: r.get(3)?,
            bytes: r.get::<_, i64>(4)? as u64,
            replay: r.get::<_, i64>(5)? != 0,
            detail: r.get(6)?,
            count: r.get::<_, i64>(7)?.clamp(1, u32::MAX as i64) as u32,
            last_at: r.get(8)?,
            actor: actor_at(r, 9)?,
            target: r.get::<_, Option<String>>(11)?.filter(|t| !t.is_empty()),
            // A row this version cannot read keeps its English line.
            event: r
                .get::<_, Option<String>>(12)?
                .and_then(|e| serde_json::from_str(&e).ok()),
        })
    })?;
    Ok((rows.collect::<rusqlite::Result<_>>()?, total as u64))
}

/// The checklist lines of a stored submission not ticked yet.
fn unticked(tx: &Transaction<'_>, row: &Row) -> Result<Vec<CheckItem>> {
    let Ok(m) = serde_json::from_str::<Manifest>(&row.manifest) else {
        return Ok(Vec::new());
    };
    let ticked: Vec<String> = tx
        .prepare("SELECT item FROM checklist WHERE submission_id = ?1")?
        .query_map([row.id.as_str()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(review::checklist(&m.case)
        .into_iter()
        .filter(|i| !ticked.contains(&i.to_string()))
        .collect())
}

/// Applies a staff decision with its gates, in one transaction; see [`Store::decide`].
fn decide(
    conn: &mut Connection,
    id: &SubmissionId,
    d: &Decided<'_>,
    by: &StaffActor,
    event: &dyn Fn(SubmissionState) -> Event,
) -> Result<Verdict> {
    let (decision, note) = (d.decision, d.note);
    let tx = conn.transaction()?;
    let Some(current) = find_id(&tx, id)? else {
        return Ok(Verdict::NotApplicable(SubmissionState::Unknown));
    };
    let Some(next) = decision.next(current.state, current.pickup) else {
        return Ok(Verdict::NotApplicable(current.state));
    };
    if decision.is_verdict() {
        match claim_of(&tx, id)? {
            None => return Ok(Verdict::Unclaimed),
            Some(c) if c.holder.login != by.login => return Ok(Verdict::HeldBy(c)),
            Some(_) => {}
        }
    }
    if decision == Decision::Approve {
        let missing = unticked(&tx, &current)?;
        if !missing.is_empty() {
            return Ok(Verdict::Unticked(missing));
        }
    }
    if let Some(t) = d.tracking_number.filter(|_| decision == Decision::Dispatch) {
        let other: Option<String> = tx
            .query_row(
                "SELECT COALESCE(reference, id) FROM submissions
                 WHERE tracking_number = ?1 AND id != ?2 LIMIT 1",
                params![t, id.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = other {
            return Ok(Verdict::TrackingUsed(other));
        }
    }
    let at = now().to_rfc3339();
    // The review is over at approval or return: nobody holds it any more, so
    // whoever records what happens to the card is not refused by a claim.
    if matches!(decision, Decision::Approve | Decision::Reject) {
        tx.execute("DELETE FROM claims WHERE submission_id = ?1", [id.as_str()])?;
    }
    let set_state = "UPDATE submissions SET state = ?2, state_changed_at = ?3";
    match decision {
        // What follows approval keeps the approval's note, reasons and date.
        Decision::Dispatch => tx.execute(
            &format!(
                "{set_state}, tracking_number = ?4, dispatched_at = COALESCE(dispatched_at, ?3) WHERE id = ?1"
            ),
            params![id.as_str(), next.as_str(), at, d.tracking_number],
        )?,
        Decision::CardMade => tx.execute(
            &format!("{set_state}, ready_at = ?3 WHERE id = ?1"),
            params![id.as_str(), next.as_str(), at],
        )?,
        Decision::MailReturned => tx.execute(
            &format!(
                "{set_state}, ready_at = ?3, mail_returned_at = ?3, mail_returned_reason = ?4 WHERE id = ?1"
            ),
            params![id.as_str(), next.as_str(), at, note],
        )?,
        Decision::Collect => {
            let c = d.collector;
            tx.execute(
                &format!(
                    "{set_state}, collected_at = ?3, collector_name = ?4, collector_id_tail = ?5 WHERE id = ?1"
                ),
                params![
                    id.as_str(),
                    next.as_str(),
                    at,
                    c.map(|c| c.name.as_str()),
                    c.map(|c| c.id_tail.as_str())
                ],
            )?
        }
        Decision::InReview | Decision::Approve | Decision::Reject | Decision::Unknown => {
            let reasons = (!d.reasons.is_empty())
                .then(|| serde_json::to_string(d.reasons))
                .transpose()?;
            tx.execute(
                &format!(
                    "{set_state}, decision = ?4, note = ?5, decided_at = ?3, decided_by = ?6,
                     decided_by_name = ?7, reasons = ?8, tracking_number = NULL WHERE id = ?1"
                ),
                params![
                    id.as_str(),
                    next.as_str(),
                    at,
                    decision.as_str(),
                    note,
                    by.login,
                    by.name,
                    reasons
                ],
            )?
        }
    };
    crate::faults::hit(crate::faults::DECISION_WRITTEN);
    insert_event(&tx, id, &at, &event(next))?;
    tx.commit()?;
    Ok(Verdict::Done(next))
}

fn tracking_owner(conn: &Connection, number: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT COALESCE(reference, id) FROM submissions WHERE tracking_number = ?1 LIMIT 1",
            [number],
            |r| r.get(0),
        )
        .optional()?)
}

/// See [`Store::dispatch_batch`].
fn dispatch_batch(
    conn: &mut Connection,
    items: &[(SubmissionId, String, Event)],
) -> Result<std::result::Result<u32, (usize, LineProblem)>> {
    let tx = conn.transaction()?;
    let at = now().to_rfc3339();
    for (i, (id, number, event)) in items.iter().enumerate() {
        if i == 10 {
            crate::faults::hit(crate::faults::BATCH_AFTER_TEN);
        }
        let Some(row) = find_id(&tx, id)? else {
            return Ok(Err((i, LineProblem::NotFound)));
        };
        if let Some(p) = crate::storage::not_postable(&row) {
            return Ok(Err((i, p)));
        }
        if let Some(reference) = tracking_owner(&tx, number)? {
            return Ok(Err((i, LineProblem::NumberUsed { reference })));
        }
        tx.execute(
            "UPDATE submissions SET state = ?2, state_changed_at = ?3, tracking_number = ?4,
                 dispatched_at = COALESCE(dispatched_at, ?3) WHERE id = ?1",
            params![
                id.as_str(),
                SubmissionState::Dispatched.as_str(),
                at,
                number
            ],
        )?;
        insert_event(&tx, id, &at, event)?;
    }
    tx.commit()?;
    Ok(Ok(items.len() as u32))
}

/// See [`Store::withdraw`].
fn withdraw(
    conn: &mut Connection,
    id: &SubmissionId,
    e: &Event,
) -> Result<Option<SubmissionState>> {
    let tx = conn.transaction()?;
    let Some(row) = find_id(&tx, id)? else {
        return Ok(None);
    };
    if !row.state.withdrawable() {
        return Ok(Some(row.state));
    }
    let at = now().to_rfc3339();
    tx.execute(
        "UPDATE submissions SET state = 'withdrawn', state_changed_at = ?2 WHERE id = ?1",
        params![id.as_str(), at],
    )?;
    insert_event(&tx, id, &at, e)?;
    tx.commit()?;
    Ok(Some(SubmissionState::Withdrawn))
}

/// The staff list's `WHERE` and its parameters (?1–?6), shared by the page
/// and its count. ?6: '' any, '-' unclaimed, else the holder's login.
const LIST_WHERE: &str = "
    WHERE (?1 = '' OR instr(?1, ',' || s.state || ',') > 0)
      AND (?2 = '' OR s.reference LIKE ?2 ESCAPE '\\' OR s.uscc LIKE ?2 ESCAPE '\\'
           OR s.enterprise LIKE ?2 ESCAPE '\\' OR s.people LIKE ?2 ESCAPE '\\')
      AND (?3 IS NULL OR s.received_at >= ?3)
      AND (?4 IS NULL OR s.received_at < ?4)
      AND (?5 = '' OR s.pickup = ?5)
      AND (?6 = ''
           OR (?6 = '-' AND s.state IN ('received', 'in_review')
               AND NOT EXISTS (SELECT 1 FROM claims k WHERE k.submission_id = s.id))
           OR EXISTS (SELECT 1 FROM claims k WHERE k.submission_id = s.id AND k.login = ?6))";

pub(crate) type ListParams = (
    String,
    String,
    Option<String>,
    Option<String>,
    &'static str,
    String,
);

pub(crate) fn list_params(f: &ListFilter) -> ListParams {
    let states = if f.states.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = f.states.iter().map(|s| s.as_str()).collect();
        format!(",{},", names.join(","))
    };
    // The needle is text, never a pattern: its own % and _ match themselves.
    let needle = if f.needle.is_empty() {
        String::new()
    } else {
        let escaped = f
            .needle
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    };
    // received_at is RFC 3339 in Asia/Shanghai, so a day compares as its prefix.
    let from = f.received_from.map(|d| d.to_string());
    let before = f
        .received_to
        .and_then(|d| d.succ_opt())
        .map(|d| d.to_string());
    let pickup = f.pickup.map(PickupMethod::as_str).unwrap_or("");
    let holder = match &f.claim {
        ClaimFilter::Any => String::new(),
        ClaimFilter::Unclaimed => "-".into(),
        ClaimFilter::HeldBy(login) => login.clone(),
    };
    (states, needle, from, before, pickup, holder)
}

fn list(conn: &Connection, f: &ListFilter) -> Result<Vec<StaffListItem>> {
    let order = if f.oldest_first {
        "COALESCE(s.received_at, s.created_at) ASC, s.rowid ASC"
    } else {
        "s.created_at DESC, s.rowid DESC"
    };
    let sql = format!(
        "SELECT s.id, s.reference, s.state, s.uscc, s.enterprise, s.created_at, s.received_at,
                s.supersedes, c.login, c.display_name, c.at, s.pickup, s.decided_by,
                s.decided_by_name, s.decided_at, {ARRIVAL_COLUMNS}
         FROM submissions s LEFT JOIN claims c ON c.submission_id = s.id
         {LIST_WHERE}
         ORDER BY {order} LIMIT ?7 OFFSET ?8"
    );
    let mut stmt = conn.prepare(&sql)?;
    let (states, needle, from, before, pickup, holder) = list_params(f);
    let rows = stmt.query_map(
        params![states, needle, from, before, pickup, holder, f.limit, f.offset],
        |r| {
            let st: String = r.get(2)?;
            let state = SubmissionState::parse(&st).unwrap_or(SubmissionState::AwaitingAttachments);
            let claim = claim_at(r, 8)?.filter(|_| state.under_review());
            Ok(StaffListItem {
                id: id_at(r, 0)?.to_string(),
                reference: r.get(1)?,
                state,
                uscc: r.get(3)?,
                enterprise: r.get(4)?,
                created_at: r.get(5)?,
                received_at: r.get(6)?,
                supersedes: r.get(7)?,
                claim,
                pickup: PickupMethod::parse(&r.get::<_, String>(11)?),
                decided_by: actor_at(r, 12)?,
                decided_at: r.get(14)?,
                arrival: arrival_at(r, 15)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn register_page(
    conn: &Connection,
    f: &ListFilter,
    after: i64,
    limit: u32,
) -> Result<Vec<(i64, Row)>> {
    // ROW_COLUMNS names the table `submissions`; the filter, `s`.
    let sql = format!(
        "SELECT {ROW_COLUMNS}, rowid FROM submissions WHERE rowid IN
           (SELECT s.rowid FROM submissions s {LIST_WHERE} AND s.rowid > ?7 ORDER BY s.rowid LIMIT ?8)
         ORDER BY rowid"
    );
    let mut stmt = conn.prepare(&sql)?;
    let (states, needle, from, before, pickup, holder) = list_params(f);
    let rows = stmt.query_map(
        params![states, needle, from, before, pickup, holder, after, limit],
        |r| Ok((r.get::<_, i64>(ROW_COLUMN_COUNT)?, row(r)?)),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn count(conn: &Connection, f: &ListFilter) -> Result<u64> {
    let sql = format!("SELECT COUNT(*) FROM submissions s {LIST_WHERE}");
    let (states, needle, from, before, pickup, holder) = list_params(f);
    let n: i64 = conn.query_row(
        &sql,
        params![states, needle, from, before, pickup, holder],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}

fn state_counts(conn: &Connection) -> Result<Vec<StateCount>> {
    let mut stmt = conn.prepare("SELECT state, COUNT(*) FROM submissions GROUP BY state")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (state, n) = row?;
        if let Some(state) = SubmissionState::parse(&state) {
            out.push(StateCount {
                state,
                count: n as u64,
            });
        }
    }
    Ok(out)
}

/// The claim in columns `i` (login), `i + 1` (name), `i + 2` (at), if any.
fn claim_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<Claim>> {
    let login: Option<String> = r.get(i)?;
    Ok(match login {
        Some(login) => Some(Claim {
            holder: StaffActor {
                login,
                name: r.get(i + 1)?,
            },
            at: r.get(i + 2)?,
        }),
        None => None,
    })
}

fn claim_of(conn: &Connection, id: &SubmissionId) -> Result<Option<Claim>> {
    Ok(conn
        .query_row(
            "SELECT login, display_name, at FROM claims WHERE submission_id = ?1",
            [id.as_str()],
            |r| claim_at(r, 0),
        )
        .optional()?
        .flatten())
}

/// See [`Store::claim`].
fn claim(
    conn: &mut Connection,
    id: &SubmissionId,
    who: &StaffActor,
    take_over: bool,
    event: &dyn Fn(Option<&Claim>) -> Event,
) -> Result<std::result::Result<Claim, Claim>> {
    let tx = conn.transaction()?;
    let before = claim_of(&tx, id)?;
    if let Some(held) = &before {
        if held.holder.login == who.login {
            return Ok(Ok(held.clone()));
        }
        if !take_over {
            return Ok(Err(held.clone()));
        }
    }
    let at = now().to_rfc3339();
    tx.execute(
        "INSERT INTO claims (submission_id, login, display_name, at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (submission_id) DO UPDATE SET login = ?2, display_name = ?3, at = ?4",
        params![id.as_str(), who.login, who.name, at],
    )?;
    // Claiming begins the review: from now on the enterprise cannot withdraw.
    tx.execute(
        "UPDATE submissions SET state = 'in_review', state_changed_at = ?2
         WHERE id = ?1 AND state = 'received'",
        params![id.as_str(), at],
    )?;
    insert_event(&tx, id, &at, &event(before.as_ref()))?;
    tx.commit()?;
    Ok(Ok(Claim {
        holder: who.clone(),
        at,
    }))
}

/// See [`Store::release`].
fn release(
    conn: &mut Connection,
    id: &SubmissionId,
    holder: &StaffActor,
    event: &dyn Fn(&Claim) -> Event,
) -> Result<std::result::Result<Option<Claim>, Claim>> {
    let tx = conn.transaction()?;
    match claim_of(&tx, id)? {
        Some(held) if held.holder.login != holder.login => Ok(Err(held)),
        Some(held) => {
            tx.execute("DELETE FROM claims WHERE submission_id = ?1", [id.as_str()])?;
            insert_event(&tx, id, &now().to_rfc3339(), &event(&held))?;
            tx.commit()?;
            Ok(Ok(Some(held)))
        }
        None => Ok(Ok(None)),
    }
}

/// Deletes an abandoned submission; see [`Store::purge`].
fn purge(conn: &mut Connection, id: &SubmissionId) -> Result<Vec<Sha256Digest>> {
    let tx = conn.transaction()?;
    let Some(row) = find_id(&tx, id)? else {
        return Ok(Vec::new());
    };
    if row.state != SubmissionState::AwaitingAttachments {
        return Ok(Vec::new());
    }
    let digests = digests_of(&tx, id)?;
    if let Some(old) = &row.supersedes {
        tx.execute(
            "UPDATE submissions SET state = CASE WHEN decision = 'reject' THEN 'rejected' ELSE 'withdrawn' END
             WHERE id = ?1 AND state = 'superseded'",
            [old.as_str()],
        )?;
    }
    drop_rows(&tx, id)?;
    tx.execute("DELETE FROM submissions WHERE id = ?1", [id.as_str()])?;
    let mut unused = Vec::new();
    for d in digests {
        let used: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM attachments WHERE sha256 = ?1)",
            [&d],
            |r| r.get(0),
        )?;
        if let (false, Ok(sha)) = (used, Sha256Digest::parse(&d)) {
            tx.execute(
                "DELETE FROM pending_objects WHERE sha256 = ?1",
                [sha.as_str()],
            )?;
            unused.push(sha);
        }
    }
    tx.commit()?;
    Ok(unused)
}

/// Each digest a submission's attachment rows name, once.
fn digests_of(tx: &Transaction<'_>, id: &SubmissionId) -> Result<Vec<String>> {
    let mut stmt =
        tx.prepare("SELECT DISTINCT sha256 FROM attachments WHERE submission_id = ?1")?;
    let rows = stmt.query_map([id.as_str()], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Deletes a submission's attachment and timeline rows (purge and archive).
fn drop_rows(tx: &Transaction<'_>, id: &SubmissionId) -> Result<()> {
    for sql in [
        "DELETE FROM attachments WHERE submission_id = ?1",
        "DELETE FROM timeline WHERE submission_id = ?1",
        "DELETE FROM checklist WHERE submission_id = ?1",
        "DELETE FROM claims WHERE submission_id = ?1",
    ] {
        tx.execute(sql, [id.as_str()])?;
    }
    Ok(())
}

/// See [`Store::archive`].
fn archive(
    conn: &mut Connection,
    id: &SubmissionId,
    reason: Erasure,
    detail: &str,
) -> Result<bool> {
    let tx = conn.transaction()?;
    let Some(row) = find_id(&tx, id)? else {
        return Ok(false);
    };
    if row.archived_at.is_some() {
        return Ok(false);
    }
    let at = now().to_rfc3339();
    // The business type outlives the manifest.
    let kind = serde_json::from_str::<serde_json::Value>(&row.manifest)
        .ok()
        .and_then(|m| m.get("kind").and_then(|k| k.as_str()).map(str::to_string));
    let digests = digests_of(&tx, id)?;
    drop_rows(&tx, id)?;
    tx.execute(
        "UPDATE submissions SET manifest = '', people = '', note = NULL, kind = ?2, archived_at = ?3,
             collector_name = NULL, collector_id_tail = NULL, mail_returned_reason = NULL,
             network = NULL WHERE id = ?1",
        params![id.as_str(), kind, at],
    )?;
    for d in digests {
        tx.execute(
            "INSERT OR IGNORE INTO blob_gc_queue (sha256)
             SELECT ?1 WHERE NOT EXISTS (SELECT 1 FROM attachments WHERE sha256 = ?1)",
            [&d],
        )?;
    }
    tx.execute(
        "INSERT INTO erasures (at, submission_id, reference, reason, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at, id.as_str(), row.reference, reason.as_str(), detail],
    )?;
    tx.commit()?;
    // Old page images of the erased rows must not linger in the write-ahead log.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(true)
}

impl Store for Db {
    fn find(&self, key: &SubmissionKey) -> Result<Option<Row>> {
        find(&self.conn(), key)
    }

    fn successor(&self, id: &SubmissionId) -> Result<Option<Row>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM submissions WHERE supersedes = ?1 ORDER BY created_at DESC LIMIT 1"
        );
        Ok(self.conn().query_row(&sql, [id.as_str()], row).optional()?)
    }

    fn create(&self, s: &NewSubmission<'_>, event: &Event) -> Result<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        if find_id(&tx, s.id)?.is_some() {
            return Ok(false);
        }
        insert(&tx, s)?;
        insert_event(&tx, s.id, &now().to_rfc3339(), event)?;
        crate::faults::hit(crate::faults::PUT_COMMIT);
        tx.commit()?;
        Ok(true)
    }

    fn attachments(&self, id: &SubmissionId) -> Result<Vec<AttachmentState>> {
        attachments(&self.conn(), id)
    }

    fn complete_attachment(
        &self,
        id: &SubmissionId,
        sha: &Sha256Digest,
        pending: Option<&[u8]>,
    ) -> Result<()> {
        complete_attachment(&mut self.conn(), id, sha, pending)
    }

    fn pending_objects(&self, limit: u32) -> Result<Vec<Sha256Digest>> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare("SELECT sha256 FROM pending_objects ORDER BY since LIMIT ?1")?;
        let rows = stmt.query_map([limit], |r| r.get::<_, String>(0))?;
        let all: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(all
            .iter()
            .filter_map(|s| Sha256Digest::parse(s).ok())
            .collect())
    }

    fn pending_bytes(&self, sha: &Sha256Digest) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT data FROM pending_objects WHERE sha256 = ?1",
                [sha.as_str()],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn object_stored(&self, sha: &Sha256Digest) -> Result<()> {
        self.conn().execute(
            "DELETE FROM pending_objects WHERE sha256 = ?1",
            [sha.as_str()],
        )?;
        Ok(())
    }

    fn incomplete_uploads(&self) -> Result<Vec<StoredUpload>> {
        incomplete_uploads(&self.conn())
    }

    fn record(&self, id: &SubmissionId, event: &Event) -> Result<()> {
        record(&mut self.conn(), id, event)
    }

    fn timeline(
        &self,
        id: &SubmissionId,
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<TimelineEntry>, u64)> {
        timeline(&self.conn(), id, limit, offset)
    }

    fn decide(
        &self,
        id: &SubmissionId,
        d: &Decided<'_>,
        by: &StaffActor,
        event: &dyn Fn(SubmissionState) -> Event,
    ) -> Result<Verdict> {
        decide(&mut self.conn(), id, d, by, event)
    }

    fn withdraw(&self, id: &SubmissionId, event: &Event) -> Result<Option<SubmissionState>> {
        withdraw(&mut self.conn(), id, event)
    }

    fn list(&self, filter: &ListFilter) -> Result<Vec<StaffListItem>> {
        list(&self.conn(), filter)
    }

    fn tracking_owner(&self, number: &str) -> Result<Option<String>> {
        tracking_owner(&self.conn(), number)
    }

    fn dispatch_batch(
        &self,
        items: &[(SubmissionId, String, Event)],
    ) -> Result<std::result::Result<u32, (usize, LineProblem)>> {
        dispatch_batch(&mut self.conn(), items)
    }

    fn arrival(&self, id: &SubmissionId) -> Result<Vec<ArrivalSign>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {ARRIVAL_COLUMNS} FROM submissions s WHERE s.id = ?1"),
                [id.as_str()],
                |r| arrival_at(r, 0),
            )
            .optional()?
            .unwrap_or_default())
    }

    fn statistics_facts(&self, period: Period, limit: u32) -> Result<Option<Vec<Fact>>> {
        crate::storage::sqlite::statistics::facts(&self.conn(), period, limit)
    }

    fn register_page(
        &self,
        filter: &ListFilter,
        after: i64,
        limit: u32,
    ) -> Result<Vec<(i64, Row)>> {
        register_page(&self.conn(), filter, after, limit)
    }

    fn count(&self, filter: &ListFilter) -> Result<u64> {
        count(&self.conn(), filter)
    }

    fn state_counts(&self) -> Result<Vec<StateCount>> {
        state_counts(&self.conn())
    }

    fn claim(
        &self,
        id: &SubmissionId,
        who: &StaffActor,
        take_over: bool,
        event: &dyn Fn(Option<&Claim>) -> Event,
    ) -> Result<std::result::Result<Claim, Claim>> {
        claim(&mut self.conn(), id, who, take_over, event)
    }

    fn release(
        &self,
        id: &SubmissionId,
        holder: &StaffActor,
        event: &dyn Fn(&Claim) -> Event,
    ) -> Result<std::result::Result<Option<Claim>, Claim>> {
        release(&mut self.conn(), id, holder, event)
    }

    fn claim_of(&self, id: &SubmissionId) -> Result<Option<Claim>> {
        claim_of(&self.conn(), id)
    }

    fn declared_bytes(&self) -> Result<u64> {
        let n: i64 = self.conn().query_row(
            "SELECT COALESCE(SUM(size), 0) FROM
               (SELECT MIN(size) AS size FROM attachments GROUP BY submission_id, sha256)",
            [],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    fn abandoned(&self, cutoff: &str) -> Result<Vec<SubmissionId>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id FROM submissions WHERE state = 'awaiting_attachments'
             AND julianday(created_at) < julianday(?1) ORDER BY created_at LIMIT 1000",
        )?;
        let rows = stmt.query_map([cutoff], |r| id_at(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn purge(&self, id: &SubmissionId) -> Result<Vec<Sha256Digest>> {
        purge(&mut self.conn(), id)
    }

    fn blob_in_use(&self, sha: &Sha256Digest) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM attachments WHERE sha256 = ?1)",
            [sha.as_str()],
            |r| r.get(0),
        )?)
    }

    fn finished_before(&self, cutoff: &str, uncollected: &str) -> Result<Vec<Finished>> {
        let conn = self.conn();
        // A rejected or withdrawn submission that was declared again is `superseded`.
        let mut stmt = conn.prepare(
            "SELECT id, reference, state, COALESCE(state_changed_at, decided_at, received_at, created_at) AS last
             FROM submissions
             WHERE archived_at IS NULL
               AND ((state IN ('dispatched', 'collected', 'superseded', 'withdrawn', 'rejected')
                     AND julianday(COALESCE(state_changed_at, decided_at, received_at, created_at)) < julianday(?1))
                 OR (state = 'ready_for_pickup' AND julianday(state_changed_at) < julianday(?2)))
             ORDER BY last LIMIT 1000",
        )?;
        let rows = stmt.query_map([cutoff, uncollected], |r| {
            let state: String = r.get(2)?;
            Ok(Finished {
                id: id_at(r, 0)?,
                reference: r.get(1)?,
                state: SubmissionState::parse(&state).unwrap_or(SubmissionState::Rejected),
                last_change: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn archive(&self, id: &SubmissionId, reason: Erasure, detail: &str) -> Result<bool> {
        archive(&mut self.conn(), id, reason, detail)
    }

    fn blob_gc_queue(&self) -> Result<Vec<Sha256Digest>> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT sha256 FROM blob_gc_queue LIMIT 1000")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let all: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(all
            .iter()
            .filter_map(|s| Sha256Digest::parse(s).ok())
            .collect())
    }

    fn blob_gc_done(&self, sha: &Sha256Digest) -> Result<()> {
        let conn = self.conn();
        conn.execute(
            "DELETE FROM blob_gc_queue WHERE sha256 = ?1",
            [sha.as_str()],
        )?;
        conn.execute(
            "DELETE FROM pending_objects WHERE sha256 = ?1 AND NOT EXISTS
               (SELECT 1 FROM attachments WHERE sha256 = ?1)",
            [sha.as_str()],
        )?;
        Ok(())
    }

    fn lease_job(&self, _job: &str, _holder: &str, _secs: u32) -> Result<bool> {
        // One server per data directory (`cli::server_lock`): always its own.
        Ok(true)
    }

    fn quarantine(&self, e: &QuarantineEntry) -> Result<()> {
        self.conn().execute(
            "INSERT INTO quarantine (at, submission_id, what, reason, moved_to) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![e.at, e.submission_id, e.what, e.reason, e.moved_to],
        )?;
        Ok(())
    }

    fn quarantined(&self) -> Result<Vec<QuarantineEntry>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT at, submission_id, what, reason, moved_to FROM quarantine ORDER BY seq DESC LIMIT 500",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(QuarantineEntry {
                at: r.get(0)?,
                submission_id: r.get(1)?,
                what: r.get(2)?,
                reason: r.get(3)?,
                moved_to: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
