//! The PostgreSQL implementation of [`Store`], for several replicas on one
//! database: the same contract as `sqlite/`, where SQLite's one serialised
//! connection becomes row locks. Every transaction that changes a case first
//! locks its `submissions` row (`FOR UPDATE`), so replicas take turns on a
//! case; an EMS number is held by an advisory lock while it is checked and
//! given. Reference numbers come from `daily_sequence`, whose row lock makes
//! them unique and gapless across replicas.

mod calendar;
mod chunks;
mod daily;
pub mod db;
mod sign_ins;
mod staff;
mod statistics;

use anyhow::{anyhow, Result};
use eport_domain::arrival::ArrivalSign;
use eport_domain::case::PickupMethod;
use eport_domain::correction;
use eport_domain::dispatch_batch::LineProblem;
use eport_domain::ids::{Sha256Digest, SubmissionId, SubmissionKey};
use eport_domain::protocol::{Claim, Decision, Manifest, StateCount, SubmissionState};
use eport_domain::review::{self, CheckItem};
use eport_domain::staff_session::StaffActor;
use eport_domain::statistics::{Fact, Period};
use postgres::types::ToSql;
use postgres::{GenericClient, Row as PgRow, Transaction};

pub use crate::storage::postgres::db::Pg;
use crate::storage::sqlite::list_params;
use crate::storage::stored_row::{
    actor, StoredRow, ARRIVAL_COLUMNS, ROW_COLUMNS, ROW_COLUMN_COUNT,
};
use crate::storage::{
    now, AttachmentState, Decided, Erasure, Event, Finished, ListFilter, NewSubmission,
    QuarantineEntry, Row, StaffListItem, Store, StoredUpload, TimelineEntry, Verdict,
};

/// Timeline rows kept per submission, as in SQLite.
use crate::storage::sqlite::TIMELINE_MAX_ROWS;

/// Advisory lock classes (the two-key space; migrations use the single-key one).
const EMS_NUMBER_LOCK: i32 = 1;

fn id_at(r: &PgRow, i: usize) -> Result<SubmissionId> {
    let s: String = r.try_get(i)?;
    SubmissionId::parse(&s).map_err(|e| anyhow!("stored id {s:?}: {}", e.0))
}

/// A staff member stored as login (column `i`) and display name (`i + 1`).
fn actor_at(r: &PgRow, i: usize) -> Result<Option<StaffActor>> {
    Ok(actor(r.try_get(i)?, r.try_get(i + 1)?))
}

fn row(r: &PgRow) -> Result<Row> {
    let stored = StoredRow {
        id: r.try_get(0)?,
        secret_hash: r.try_get(1)?,
        body_hash: r.try_get(2)?,
        manifest: r.try_get(3)?,
        state: r.try_get(4)?,
        reference: r.try_get(5)?,
        supersedes: r.try_get(6)?,
        uscc: r.try_get(7)?,
        enterprise: r.try_get(8)?,
        created_at: r.try_get(9)?,
        received_at: r.try_get(10)?,
        decision: r.try_get(11)?,
        note: r.try_get(12)?,
        decided_at: r.try_get(13)?,
        decided_by: r.try_get(14)?,
        decided_by_name: r.try_get(15)?,
        archived_at: r.try_get(16)?,
        reasons: r.try_get(17)?,
        tracking_number: r.try_get(18)?,
        pickup: r.try_get(19)?,
        ready_at: r.try_get(20)?,
        mail_returned_at: r.try_get(21)?,
        mail_returned_reason: r.try_get(22)?,
        collected_at: r.try_get(23)?,
        collector_name: r.try_get(24)?,
        collector_id_tail: r.try_get(25)?,
    };
    stored.row().map_err(|e| anyhow!("a stored id: {}", e.0))
}

fn arrival_at(r: &PgRow, i: usize) -> Result<Vec<ArrivalSign>> {
    let nth: i64 = r.try_get(i)?;
    let nearby: i64 = r.try_get(i + 1)?;
    Ok(eport_domain::arrival::signs(
        u32::try_from(nth).unwrap_or(u32::MAX),
        u32::try_from(nearby).unwrap_or(u32::MAX),
    ))
}

fn find(c: &mut impl GenericClient, key: &SubmissionKey) -> Result<Option<Row>> {
    let column = match key {
        SubmissionKey::Id(_) => "id",
        SubmissionKey::Reference(_) => "reference",
    };
    let sql = format!("SELECT {ROW_COLUMNS} FROM submissions WHERE {column} = $1");
    c.query_opt(&sql, &[&key.as_str()])?
        .as_ref()
        .map(row)
        .transpose()
}

/// The submission, its row locked until the transaction ends.
fn find_locked(tx: &mut Transaction<'_>, id: &SubmissionId) -> Result<Option<Row>> {
    let sql = format!("SELECT {ROW_COLUMNS} FROM submissions WHERE id = $1 FOR UPDATE");
    tx.query_opt(&sql, &[&id.as_str()])?
        .as_ref()
        .map(row)
        .transpose()
}

/// Locks a submission's row (if it exists) until the transaction ends.
fn lock(tx: &mut Transaction<'_>, id: &str) -> Result<()> {
    tx.execute("SELECT 1 FROM submissions WHERE id = $1 FOR UPDATE", &[&id])?;
    Ok(())
}

fn create(tx: &mut Transaction<'_>, s: &NewSubmission<'_>, event: &Event) -> Result<bool> {
    let now = now();
    let at = now.to_rfc3339();
    let unix = now.timestamp();
    let midnight = unix - i64::from(chrono::Timelike::num_seconds_from_midnight(&now));
    let supersedes = s.supersedes.map(SubmissionId::as_str);
    if let Some(old) = supersedes {
        lock(tx, old)?;
    }
    let earlier: i64 = tx
        .query_one(
            "SELECT COUNT(*) FROM submissions WHERE uscc = $1 AND created_unix >= $2",
            &[&s.uscc, &midnight],
        )?
        .get(0);
    // A racing twin (same id) on another replica waits on the key, then
    // inserts nothing: the route answers as for a repeat.
    let inserted = tx.execute(
        "INSERT INTO submissions (id, secret_hash, body_hash, manifest, state, supersedes, uscc, enterprise,
             created_at, state_changed_at, people, pickup, network, created_unix, code_nth)
         VALUES ($1, $2, $3, $4, 'awaiting_attachments', $5, $6, $7, $8, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (id) DO NOTHING",
        &[
            &s.id.as_str(),
            &s.secret_hash,
            &s.body_hash,
            &s.manifest,
            &supersedes,
            &s.uscc,
            &s.enterprise,
            &at,
            &s.people,
            &s.pickup.as_str(),
            &s.network,
            &unix,
            &(earlier + 1),
        ],
    )?;
    if inserted == 0 {
        return Ok(false);
    }
    for f in s.files {
        tx.execute(
            "INSERT INTO attachments (submission_id, slot, sha256, name, mime, size) VALUES ($1, $2, $3, $4, $5, $6)",
            &[&s.id.as_str(), &f.slot(), &f.sha256().as_str(), &f.name(), &f.file_type().mime(), &(f.size() as i64)],
        )?;
    }
    if let Some(old) = supersedes {
        // See the SQLite store: verified bytes of the superseded submission count.
        tx.execute(
            "UPDATE attachments SET complete = TRUE
             WHERE submission_id = $1 AND NOT complete AND sha256 IN
               (SELECT sha256 FROM attachments WHERE submission_id = $2 AND complete)",
            &[&s.id.as_str(), &old],
        )?;
        carry_ticks(tx, old, s)?;
        tx.execute(
            "UPDATE submissions SET state = 'superseded', state_changed_at = $2 WHERE id = $1",
            &[&old, &at],
        )?;
    }
    receive_when_complete(tx, s.id)?;
    insert_event(tx, s.id, &at, event)?;
    Ok(true)
}

/// See the SQLite store's `carry_ticks`.
fn carry_ticks(tx: &mut Transaction<'_>, old: &str, s: &NewSubmission<'_>) -> Result<()> {
    let Ok(old_id) = SubmissionId::parse(old) else {
        return Ok(());
    };
    let Some(before) = find(tx, &SubmissionKey::Id(old_id))? else {
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
    let ticks = tx.query(
        "SELECT item, login, display_name, at FROM checklist WHERE submission_id = $1",
        &[&old],
    )?;
    for t in ticks {
        let item: String = t.try_get(0)?;
        let Ok(line) = item.parse::<CheckItem>() else {
            continue;
        };
        if lines.contains(&line) && correction::tick_carries_over(line, &was.case, &now.case) {
            let (login, name, at): (String, String, String) =
                (t.try_get(1)?, t.try_get(2)?, t.try_get(3)?);
            tx.execute(
                "INSERT INTO checklist (submission_id, item, login, display_name, at, carried_from)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                &[&s.id.as_str(), &item, &login, &name, &at, &named],
            )?;
        }
    }
    Ok(())
}

fn attachments(c: &mut impl GenericClient, id: &SubmissionId) -> Result<Vec<AttachmentState>> {
    c.query(
        "SELECT sha256, slot, name, mime, size, complete FROM attachments WHERE submission_id = $1 ORDER BY seq",
        &[&id.as_str()],
    )?
    .iter()
    .map(|r| {
        Ok(AttachmentState {
            sha256: r.try_get(0)?,
            slot: r.try_get(1)?,
            name: r.try_get(2)?,
            mime: r.try_get(3)?,
            size: r.try_get::<_, i64>(4)? as u64,
            complete: r.try_get(5)?,
        })
    })
    .collect()
}

/// The next `XM<yyyymmdd>-<nnnnnn>` for today in Asia/Shanghai.
fn next_reference(tx: &mut Transaction<'_>) -> Result<String> {
    let day = now().format("%Y%m%d").to_string();
    let n: i64 = tx
        .query_one(
            "INSERT INTO daily_sequence (day, last) VALUES ($1, 1)
             ON CONFLICT (day) DO UPDATE SET last = daily_sequence.last + 1 RETURNING last",
            &[&day],
        )?
        .get(0);
    Ok(format!("XM{day}-{n:06}"))
}

/// The submission (locked by the caller) becomes `received` with its
/// reference number once no attachment is missing.
fn receive_when_complete(tx: &mut Transaction<'_>, id: &SubmissionId) -> Result<()> {
    let missing: i64 = tx
        .query_one(
            "SELECT COUNT(*) FROM attachments WHERE submission_id = $1 AND NOT complete",
            &[&id.as_str()],
        )?
        .get(0);
    let waiting = tx
        .query_opt(
            "SELECT 1 FROM submissions WHERE id = $1 AND state = 'awaiting_attachments'",
            &[&id.as_str()],
        )?
        .is_some();
    // Only a number that is given is taken: no gap in the day's sequence.
    if missing > 0 || !waiting {
        return Ok(());
    }
    let reference = next_reference(tx)?;
    let at = now().to_rfc3339();
    tx.execute(
        "UPDATE submissions SET state = 'received', reference = $2, received_at = $3, state_changed_at = $3
         WHERE id = $1 AND state = 'awaiting_attachments'",
        &[&id.as_str(), &reference, &at],
    )?;
    Ok(())
}

fn insert_event(tx: &mut Transaction<'_>, id: &SubmissionId, at: &str, e: &Event) -> Result<()> {
    let event = e.event.as_ref().map(serde_json::to_string).transpose()?;
    tx.execute(
        "INSERT INTO timeline (submission_id, at, method, endpoint, status, bytes, replay, detail, target, actor_login, actor_name, event)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        &[
            &id.as_str(),
            &at,
            &e.method,
            &e.endpoint,
            &i32::from(e.status),
            &(e.bytes as i64),
            &e.replay,
            &e.detail,
            &e.target,
            &e.actor.as_ref().map(|a| a.login.as_str()),
            &e.actor.as_ref().map(|a| a.name.as_str()),
            &event,
        ],
    )?;
    Ok(())
}

/// See the SQLite store's `record`.
fn record(tx: &mut Transaction<'_>, id: &SubmissionId, e: &Event) -> Result<()> {
    lock(tx, id.as_str())?;
    let at = now().to_rfc3339();
    let last = tx.query_opt(
        "SELECT seq, method, endpoint, status, target, replay, actor_login FROM timeline
         WHERE submission_id = $1 ORDER BY seq DESC LIMIT 1",
        &[&id.as_str()],
    )?;
    let rows: i64 = tx
        .query_one(
            "SELECT COUNT(*) FROM timeline WHERE submission_id = $1",
            &[&id.as_str()],
        )?
        .get(0);
    let staff_action = e
        .event
        .as_ref()
        .is_some_and(eport_domain::timeline_event::TimelineEvent::is_staff_action);
    let actor_login = e.actor.as_ref().map(|a| a.login.as_str());
    let repeat = match &last {
        Some(l) => {
            let same = !staff_action
                && l.try_get::<_, String>(1)? == e.method
                && l.try_get::<_, String>(2)? == e.endpoint
                && l.try_get::<_, i32>(3)? == i32::from(e.status)
                && l.try_get::<_, String>(4)? == e.target
                && l.try_get::<_, bool>(5)? == e.replay
                && l.try_get::<_, Option<String>>(6)?.as_deref() == actor_login;
            (rows >= TIMELINE_MAX_ROWS || same).then(|| l.get::<_, i64>(0))
        }
        None => None,
    };
    let event = e.event.as_ref().map(serde_json::to_string).transpose()?;
    match repeat {
        Some(seq) => {
            tx.execute(
                "UPDATE timeline SET count = count + 1, bytes = bytes + $2, last_at = $3, detail = $4, event = $5 WHERE seq = $1",
                &[&seq, &(e.bytes as i64), &at, &e.detail, &event],
            )?;
        }
        None => insert_event(tx, id, &at, e)?,
    }
    Ok(())
}

fn timeline(
    c: &mut impl GenericClient,
    id: &SubmissionId,
    limit: u32,
    offset: u64,
) -> Result<(Vec<TimelineEntry>, u64)> {
    let total: i64 = c
        .query_one(
            "SELECT COUNT(*) FROM timeline WHERE submission_id = $1",
            &[&id.as_str()],
        )?
        .get(0);
    let rows = c.query(
        "SELECT at, method, endpoint, status, bytes, replay, detail, count, last_at, actor_login, actor_name, target, event FROM timeline
         WHERE submission_id = $1 ORDER BY seq LIMIT $2 OFFSET $3",
        &[&id.as_str(), &i64::from(limit), &(offset.min(i64::MAX as u64) as i64)],
    )?;
    let entries = rows
        .iter()
        .map(|r| {
            Ok(TimelineEntry {
                at: r.try_get(0)?,
                method: r.try_get(1)?,
                endpoint: r.try_get(2)?,
                status: u16::try_from(r.try_get::<_, i32>(3)?).unwrap_or(0),
                bytes: r.try_get::<_, i64>(4)? as u64,
                replay: r.try_get(5)?,
                detail: r.try_get(6)?,
                count: r.try_get::<_, i64>(7)?.clamp(1, u32::MAX as i64) as u32,
                last_at: r.try_get(8)?,
                actor: actor_at(r, 9)?,
                target: r
                    .try_get::<_, Option<String>>(11)?
                    .filter(|t| !t.is_empty()),
                event: r
                    .try_get::<_, Option<String>>(12)?
                    .and_then(|e| serde_json::from_str(&e).ok()),
            })
        })
        .collect::<Result<_>>()?;
    Ok((entries, total as u64))
}

fn unticked(tx: &mut Transaction<'_>, row: &Row) -> Result<Vec<CheckItem>> {
    let Ok(m) = serde_json::from_str::<Manifest>(&row.manifest) else {
        return Ok(Vec::new());
    };
    let ticked: Vec<String> = tx
        .query(
            "SELECT item FROM checklist WHERE submission_id = $1",
            &[&row.id.as_str()],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(review::checklist(&m.case)
        .into_iter()
        .filter(|i| !ticked.contains(&i.to_string()))
        .collect())
}

/// Holds an EMS number until the transaction ends, so two replicas never give it twice.
fn hold_number(tx: &mut Transaction<'_>, number: &str) -> Result<()> {
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext($2))",
        &[&EMS_NUMBER_LOCK, &number],
    )?;
    Ok(())
}

fn tracking_owner(c: &mut impl GenericClient, number: &str, not: &str) -> Result<Option<String>> {
    Ok(c.query_opt(
        "SELECT COALESCE(reference, id) FROM submissions WHERE tracking_number = $1 AND id != $2 LIMIT 1",
        &[&number, &not],
    )?
    .map(|r| r.get(0)))
}

fn decide(
    tx: &mut Transaction<'_>,
    id: &SubmissionId,
    d: &Decided<'_>,
    by: &StaffActor,
    event: &dyn Fn(SubmissionState) -> Event,
) -> Result<Verdict> {
    let (decision, note) = (d.decision, d.note);
    let Some(current) = find_locked(tx, id)? else {
        return Ok(Verdict::NotApplicable(SubmissionState::Unknown));
    };
    let Some(next) = decision.next(current.state, current.pickup) else {
        return Ok(Verdict::NotApplicable(current.state));
    };
    if decision.is_verdict() {
        match claim_of(tx, id)? {
            None => return Ok(Verdict::Unclaimed),
            Some(c) if c.holder.login != by.login => return Ok(Verdict::HeldBy(c)),
            Some(_) => {}
        }
    }
    if decision == Decision::Approve {
        let missing = unticked(tx, &current)?;
        if !missing.is_empty() {
            return Ok(Verdict::Unticked(missing));
        }
    }
    if let Some(t) = d.tracking_number.filter(|_| decision == Decision::Dispatch) {
        hold_number(tx, t)?;
        if let Some(other) = tracking_owner(tx, t, id.as_str())? {
            return Ok(Verdict::TrackingUsed(other));
        }
    }
    let at = now().to_rfc3339();
    if matches!(decision, Decision::Approve | Decision::Reject) {
        tx.execute(
            "DELETE FROM claims WHERE submission_id = $1",
            &[&id.as_str()],
        )?;
    }
    let set_state = "UPDATE submissions SET state = $2, state_changed_at = $3";
    let (idv, nextv) = (id.as_str(), next.as_str());
    let (sql, params): (String, Vec<&(dyn ToSql + Sync)>) = match decision {
        Decision::Dispatch => (
            format!("{set_state}, tracking_number = $4, dispatched_at = COALESCE(dispatched_at, $3) WHERE id = $1"),
            vec![&idv, &nextv, &at, &d.tracking_number],
        ),
        Decision::CardMade => (
            format!("{set_state}, ready_at = $3 WHERE id = $1"),
            vec![&idv, &nextv, &at],
        ),
        Decision::MailReturned => (
            format!("{set_state}, ready_at = $3, mail_returned_at = $3, mail_returned_reason = $4 WHERE id = $1"),
            vec![&idv, &nextv, &at, &note],
        ),
        Decision::Collect => {
            let name = d.collector.map(|c| c.name.as_str());
            let tail = d.collector.map(|c| c.id_tail.as_str());
            tx.execute(
                &format!("{set_state}, collected_at = $3, collector_name = $4, collector_id_tail = $5 WHERE id = $1"),
                &[&idv, &nextv, &at, &name, &tail],
            )?;
            (String::new(), Vec::new())
        }
        Decision::InReview | Decision::Approve | Decision::Reject | Decision::Unknown => {
            let reasons = (!d.reasons.is_empty())
                .then(|| serde_json::to_string(d.reasons))
                .transpose()?;
            tx.execute(
                &format!(
                    "{set_state}, decision = $4, note = $5, decided_at = $3, decided_by = $6,
                     decided_by_name = $7, reasons = $8, tracking_number = NULL WHERE id = $1"
                ),
                &[&idv, &nextv, &at, &decision.as_str(), &note, &by.login, &by.name, &reasons],
            )?;
            (String::new(), Vec::new())
        }
    };
    if !sql.is_empty() {
        tx.execute(&sql, &params)?;
    }
    crate::faults::hit(crate::faults::DECISION_WRITTEN);
    insert_event(tx, id, &at, &event(next))?;
    Ok(Verdict::Done(next))
}

fn dispatch_batch(
    tx: &mut Transaction<'_>,
    items: &[(SubmissionId, String, Event)],
) -> Result<std::result::Result<u32, (usize, LineProblem)>> {
    // Rows, then numbers, each in one order: two batches never wait on each other in a circle.
    let ids: Vec<&str> = items.iter().map(|(id, ..)| id.as_str()).collect();
    tx.execute(
        "SELECT 1 FROM submissions WHERE id = ANY($1) ORDER BY id FOR UPDATE",
        &[&ids],
    )?;
    let numbers: Vec<&str> = items.iter().map(|(_, n, _)| n.as_str()).collect();
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, h) FROM
           (SELECT DISTINCT hashtext(n) AS h FROM unnest($2::text[]) n ORDER BY h) held",
        &[&EMS_NUMBER_LOCK, &numbers],
    )?;
    let at = now().to_rfc3339();
    for (i, (id, number, event)) in items.iter().enumerate() {
        if i == 10 {
            crate::faults::hit(crate::faults::BATCH_AFTER_TEN);
        }
        let Some(row) = find(tx, &SubmissionKey::Id(id.clone()))? else {
            return Ok(Err((i, LineProblem::NotFound)));
        };
        if let Some(p) = crate::storage::not_postable(&row) {
            return Ok(Err((i, p)));
        }
        if let Some(reference) = tracking_owner(tx, number, "")? {
            return Ok(Err((i, LineProblem::NumberUsed { reference })));
        }
        tx.execute(
            "UPDATE submissions SET state = $2, state_changed_at = $3, tracking_number = $4,
                 dispatched_at = COALESCE(dispatched_at, $3) WHERE id = $1",
            &[
                &id.as_str(),
                &SubmissionState::Dispatched.as_str(),
                &at,
                number,
            ],
        )?;
        insert_event(tx, id, &at, event)?;
    }
    Ok(Ok(items.len() as u32))
}

fn withdraw(
    tx: &mut Transaction<'_>,
    id: &SubmissionId,
    e: &Event,
) -> Result<Option<SubmissionState>> {
    let Some(row) = find_locked(tx, id)? else {
        return Ok(None);
    };
    if !row.state.withdrawable() {
        return Ok(Some(row.state));
    }
    let at = now().to_rfc3339();
    tx.execute(
        "UPDATE submissions SET state = 'withdrawn', state_changed_at = $2 WHERE id = $1",
        &[&id.as_str(), &at],
    )?;
    insert_event(tx, id, &at, e)?;
    Ok(Some(SubmissionState::Withdrawn))
}

/// The staff list's `WHERE` ($1–$6 as in SQLite's `LIST_WHERE`). ILIKE: SQLite's
/// LIKE ignores ASCII case, and the search must find the same rows on both.
const LIST_WHERE: &str = "
    WHERE ($1 = '' OR position(',' || s.state || ',' in $1) > 0)
      AND ($2 = '' OR s.reference ILIKE $2 ESCAPE '\\' OR s.uscc ILIKE $2 ESCAPE '\\'
           OR s.enterprise ILIKE $2 ESCAPE '\\' OR s.people ILIKE $2 ESCAPE '\\')
      AND ($3::text IS NULL OR s.received_at >= $3)
      AND ($4::text IS NULL OR s.received_at < $4)
      AND ($5 = '' OR s.pickup = $5)
      AND ($6 = ''
           OR ($6 = '-' AND s.state IN ('received', 'in_review')
               AND NOT EXISTS (SELECT 1 FROM claims k WHERE k.submission_id = s.id))
           OR EXISTS (SELECT 1 FROM claims k WHERE k.submission_id = s.id AND k.login = $6))";

fn list(c: &mut impl GenericClient, f: &ListFilter) -> Result<Vec<StaffListItem>> {
    let order = if f.oldest_first {
        "COALESCE(s.received_at, s.created_at) ASC, s.seq ASC"
    } else {
        "s.created_at DESC, s.seq DESC"
    };
    let sql = format!(
        "SELECT s.id, s.reference, s.state, s.uscc, s.enterprise, s.created_at, s.received_at,
                s.supersedes, c.login, c.display_name, c.at, s.pickup, s.decided_by,
                s.decided_by_name, s.decided_at, {ARRIVAL_COLUMNS}
         FROM submissions s LEFT JOIN claims c ON c.submission_id = s.id
         {LIST_WHERE}
         ORDER BY {order} LIMIT $7 OFFSET $8"
    );
    let (states, needle, from, before, pickup, holder) = list_params(f);
    let rows = c.query(
        &sql,
        &[
            &states,
            &needle,
            &from,
            &before,
            &pickup,
            &holder,
            &i64::from(f.limit),
            &i64::from(f.offset),
        ],
    )?;
    rows.iter()
        .map(|r| {
            let st: String = r.try_get(2)?;
            let state = SubmissionState::parse(&st).unwrap_or(SubmissionState::AwaitingAttachments);
            let claim = claim_at(r, 8)?.filter(|_| state.under_review());
            Ok(StaffListItem {
                id: id_at(r, 0)?.to_string(),
                reference: r.try_get(1)?,
                state,
                uscc: r.try_get(3)?,
                enterprise: r.try_get(4)?,
                created_at: r.try_get(5)?,
                received_at: r.try_get(6)?,
                supersedes: r.try_get(7)?,
                claim,
                pickup: PickupMethod::parse(&r.try_get::<_, String>(11)?),
                decided_by: actor_at(r, 12)?,
                decided_at: r.try_get(14)?,
                arrival: arrival_at(r, 15)?,
            })
        })
        .collect()
}

fn claim_at(r: &PgRow, i: usize) -> Result<Option<Claim>> {
    let login: Option<String> = r.try_get(i)?;
    Ok(match login {
        Some(login) => Some(Claim {
            holder: StaffActor {
                login,
                name: r.try_get(i + 1)?,
            },
            at: r.try_get(i + 2)?,
        }),
        None => None,
    })
}

fn claim_of(c: &mut impl GenericClient, id: &SubmissionId) -> Result<Option<Claim>> {
    match c.query_opt(
        "SELECT login, display_name, at FROM claims WHERE submission_id = $1",
        &[&id.as_str()],
    )? {
        Some(r) => claim_at(&r, 0),
        None => Ok(None),
    }
}

fn claim(
    tx: &mut Transaction<'_>,
    id: &SubmissionId,
    who: &StaffActor,
    take_over: bool,
    event: &dyn Fn(Option<&Claim>) -> Event,
) -> Result<std::result::Result<Claim, Claim>> {
    lock(tx, id.as_str())?;
    let before = claim_of(tx, id)?;
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
        "INSERT INTO claims (submission_id, login, display_name, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (submission_id) DO UPDATE SET login = $2, display_name = $3, at = $4",
        &[&id.as_str(), &who.login, &who.name, &at],
    )?;
    tx.execute(
        "UPDATE submissions SET state = 'in_review', state_changed_at = $2
         WHERE id = $1 AND state = 'received'",
        &[&id.as_str(), &at],
    )?;
    insert_event(tx, id, &at, &event(before.as_ref()))?;
    Ok(Ok(Claim {
        holder: who.clone(),
        at,
    }))
}

fn release(
    tx: &mut Transaction<'_>,
    id: &SubmissionId,
    holder: &StaffActor,
    event: &dyn Fn(&Claim) -> Event,
) -> Result<std::result::Result<Option<Claim>, Claim>> {
    lock(tx, id.as_str())?;
    match claim_of(tx, id)? {
        Some(held) if held.holder.login != holder.login => Ok(Err(held)),
        Some(held) => {
            tx.execute(
                "DELETE FROM claims WHERE submission_id = $1",
                &[&id.as_str()],
            )?;
            insert_event(tx, id, &now().to_rfc3339(), &event(&held))?;
            Ok(Ok(Some(held)))
        }
        None => Ok(Ok(None)),
    }
}

fn digests_of(tx: &mut Transaction<'_>, id: &SubmissionId) -> Result<Vec<String>> {
    Ok(tx
        .query(
            "SELECT DISTINCT sha256 FROM attachments WHERE submission_id = $1",
            &[&id.as_str()],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

fn drop_rows(tx: &mut Transaction<'_>, id: &SubmissionId) -> Result<()> {
    for sql in [
        "DELETE FROM attachments WHERE submission_id = $1",
        "DELETE FROM timeline WHERE submission_id = $1",
        "DELETE FROM checklist WHERE submission_id = $1",
        "DELETE FROM claims WHERE submission_id = $1",
    ] {
        tx.execute(sql, &[&id.as_str()])?;
    }
    Ok(())
}

fn purge(tx: &mut Transaction<'_>, id: &SubmissionId) -> Result<Vec<Sha256Digest>> {
    let Some(row) = find_locked(tx, id)? else {
        return Ok(Vec::new());
    };
    if row.state != SubmissionState::AwaitingAttachments {
        return Ok(Vec::new());
    }
    let digests = digests_of(tx, id)?;
    if let Some(old) = &row.supersedes {
        tx.execute(
            "UPDATE submissions SET state = CASE WHEN decision = 'reject' THEN 'rejected' ELSE 'withdrawn' END
             WHERE id = $1 AND state = 'superseded'",
            &[&old.as_str()],
        )?;
    }
    drop_rows(tx, id)?;
    tx.execute("DELETE FROM submissions WHERE id = $1", &[&id.as_str()])?;
    let mut unused = Vec::new();
    for d in digests {
        let used: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM attachments WHERE sha256 = $1)",
                &[&d],
            )?
            .get(0);
        if let (false, Ok(sha)) = (used, Sha256Digest::parse(&d)) {
            tx.execute(
                "DELETE FROM pending_objects WHERE sha256 = $1",
                &[&sha.as_str()],
            )?;
            unused.push(sha);
        }
    }
    Ok(unused)
}

fn archive(
    tx: &mut Transaction<'_>,
    id: &SubmissionId,
    reason: Erasure,
    detail: &str,
) -> Result<bool> {
    let Some(row) = find_locked(tx, id)? else {
        return Ok(false);
    };
    if row.archived_at.is_some() {
        return Ok(false);
    }
    let at = now().to_rfc3339();
    let kind = serde_json::from_str::<serde_json::Value>(&row.manifest)
        .ok()
        .and_then(|m| m.get("kind").and_then(|k| k.as_str()).map(str::to_string));
    let digests = digests_of(tx, id)?;
    drop_rows(tx, id)?;
    tx.execute(
        "UPDATE submissions SET manifest = '', people = '', note = NULL, kind = $2, archived_at = $3,
             collector_name = NULL, collector_id_tail = NULL, mail_returned_reason = NULL,
             network = NULL WHERE id = $1",
        &[&id.as_str(), &kind, &at],
    )?;
    for d in digests {
        tx.execute(
            "INSERT INTO blob_gc_queue (sha256)
             SELECT $1::text WHERE NOT EXISTS (SELECT 1 FROM attachments WHERE sha256 = $1)
             ON CONFLICT DO NOTHING",
            &[&d],
        )?;
    }
    tx.execute(
        "INSERT INTO erasures (at, submission_id, reference, reason, detail) VALUES ($1, $2, $3, $4, $5)",
        &[&at, &id.as_str(), &row.reference, &reason.as_str(), &detail],
    )?;
    Ok(true)
}

impl Pg {
    /// Runs `f` in one transaction, committed when it returns `Ok` (a refusal
    /// that changed nothing commits nothing either way).
    fn in_tx<T>(&self, f: impl FnOnce(&mut Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        let out = f(&mut tx)?;
        tx.commit()?;
        Ok(out)
    }
}

impl Store for Pg {
    fn find(&self, key: &SubmissionKey) -> Result<Option<Row>> {
        find(&mut *self.client()?, key)
    }

    fn successor(&self, id: &SubmissionId) -> Result<Option<Row>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM submissions WHERE supersedes = $1 ORDER BY created_at DESC LIMIT 1"
        );
        self.client()?
            .query_opt(&sql, &[&id.as_str()])?
            .as_ref()
            .map(row)
            .transpose()
    }

    fn create(&self, s: &NewSubmission<'_>, event: &Event) -> Result<bool> {
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        if !create(&mut tx, s, event)? {
            return Ok(false);
        }
        crate::faults::hit(crate::faults::PUT_COMMIT);
        tx.commit()?;
        Ok(true)
    }

    fn attachments(&self, id: &SubmissionId) -> Result<Vec<AttachmentState>> {
        attachments(&mut *self.client()?, id)
    }

    fn complete_attachment(
        &self,
        id: &SubmissionId,
        sha: &Sha256Digest,
        pending: Option<&[u8]>,
    ) -> Result<()> {
        self.in_tx(|tx| {
            lock(tx, id.as_str())?;
            tx.execute(
                "UPDATE attachments SET complete = TRUE WHERE submission_id = $1 AND sha256 = $2",
                &[&id.as_str(), &sha.as_str()],
            )?;
            if let Some(bytes) = pending {
                tx.execute(
                    "INSERT INTO pending_objects (sha256, data, since) VALUES ($1, $2, $3)
                     ON CONFLICT DO NOTHING",
                    &[&sha.as_str(), &bytes, &now().to_rfc3339()],
                )?;
            }
            receive_when_complete(tx, id)?;
            crate::faults::hit(crate::faults::COMPLETE_COMMIT);
            Ok(())
        })
    }

    fn pending_objects(&self, limit: u32) -> Result<Vec<Sha256Digest>> {
        Ok(self
            .client()?
            .query(
                "SELECT sha256 FROM pending_objects ORDER BY since LIMIT $1",
                &[&i64::from(limit)],
            )?
            .iter()
            .filter_map(|r| Sha256Digest::parse(&r.get::<_, String>(0)).ok())
            .collect())
    }

    fn pending_bytes(&self, sha: &Sha256Digest) -> Result<Option<Vec<u8>>> {
        Ok(self
            .client()?
            .query_opt(
                "SELECT data FROM pending_objects WHERE sha256 = $1",
                &[&sha.as_str()],
            )?
            .map(|r| r.get(0)))
    }

    fn object_stored(&self, sha: &Sha256Digest) -> Result<()> {
        self.client()?.execute(
            "DELETE FROM pending_objects WHERE sha256 = $1",
            &[&sha.as_str()],
        )?;
        Ok(())
    }

    fn incomplete_uploads(&self) -> Result<Vec<StoredUpload>> {
        self.client()?
            .query(
                "SELECT a.submission_id, a.sha256, MIN(a.size), MIN(a.mime) FROM attachments a
                 JOIN submissions s ON s.id = a.submission_id
                 WHERE NOT a.complete AND s.state = 'awaiting_attachments'
                 GROUP BY a.submission_id, a.sha256 ORDER BY MIN(a.seq)",
                &[],
            )?
            .iter()
            .map(|r| {
                Ok(StoredUpload {
                    submission_id: id_at(r, 0)?,
                    sha256: r.try_get(1)?,
                    size: r.try_get::<_, i64>(2)? as u64,
                    mime: r.try_get(3)?,
                })
            })
            .collect()
    }

    fn record(&self, id: &SubmissionId, event: &Event) -> Result<()> {
        self.in_tx(|tx| record(tx, id, event))
    }

    fn timeline(
        &self,
        id: &SubmissionId,
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<TimelineEntry>, u64)> {
        timeline(&mut *self.client()?, id, limit, offset)
    }

    fn decide(
        &self,
        id: &SubmissionId,
        d: &Decided<'_>,
        by: &StaffActor,
        event: &dyn Fn(SubmissionState) -> Event,
    ) -> Result<Verdict> {
        self.in_tx(|tx| decide(tx, id, d, by, event))
    }

    fn withdraw(&self, id: &SubmissionId, event: &Event) -> Result<Option<SubmissionState>> {
        self.in_tx(|tx| withdraw(tx, id, event))
    }

    fn list(&self, filter: &ListFilter) -> Result<Vec<StaffListItem>> {
        list(&mut *self.client()?, filter)
    }

    fn arrival(&self, id: &SubmissionId) -> Result<Vec<ArrivalSign>> {
        match self.client()?.query_opt(
            &format!("SELECT {ARRIVAL_COLUMNS} FROM submissions s WHERE s.id = $1"),
            &[&id.as_str()],
        )? {
            Some(r) => arrival_at(&r, 0),
            None => Ok(Vec::new()),
        }
    }

    fn count(&self, f: &ListFilter) -> Result<u64> {
        let sql = format!("SELECT COUNT(*) FROM submissions s {LIST_WHERE}");
        let (states, needle, from, before, pickup, holder) = list_params(f);
        let n: i64 = self
            .client()?
            .query_one(&sql, &[&states, &needle, &from, &before, &pickup, &holder])?
            .get(0);
        Ok(n as u64)
    }

    fn tracking_owner(&self, number: &str) -> Result<Option<String>> {
        tracking_owner(&mut *self.client()?, number, "")
    }

    fn dispatch_batch(
        &self,
        items: &[(SubmissionId, String, Event)],
    ) -> Result<std::result::Result<u32, (usize, LineProblem)>> {
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        let out = dispatch_batch(&mut tx, items)?;
        // A refused batch changes nothing: the transaction is dropped.
        if out.is_ok() {
            tx.commit()?;
        }
        Ok(out)
    }

    fn register_page(&self, f: &ListFilter, after: i64, limit: u32) -> Result<Vec<(i64, Row)>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS}, seq FROM submissions s {LIST_WHERE} AND s.seq > $7 ORDER BY s.seq LIMIT $8"
        );
        let (states, needle, from, before, pickup, holder) = list_params(f);
        self.client()?
            .query(
                &sql,
                &[
                    &states,
                    &needle,
                    &from,
                    &before,
                    &pickup,
                    &holder,
                    &after,
                    &i64::from(limit),
                ],
            )?
            .iter()
            .map(|r| Ok((r.try_get::<_, i64>(ROW_COLUMN_COUNT)?, row(r)?)))
            .collect()
    }

    fn statistics_facts(&self, period: Period, limit: u32) -> Result<Option<Vec<Fact>>> {
        statistics::facts(&mut *self.client()?, period, limit)
    }

    fn state_counts(&self) -> Result<Vec<StateCount>> {
        let rows = self.client()?.query(
            "SELECT state, COUNT(*) FROM submissions GROUP BY state",
            &[],
        )?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let state = SubmissionState::parse(&r.get::<_, String>(0))?;
                Some(StateCount {
                    state,
                    count: r.get::<_, i64>(1) as u64,
                })
            })
            .collect())
    }

    fn claim(
        &self,
        id: &SubmissionId,
        who: &StaffActor,
        take_over: bool,
        event: &dyn Fn(Option<&Claim>) -> Event,
    ) -> Result<std::result::Result<Claim, Claim>> {
        self.in_tx(|tx| claim(tx, id, who, take_over, event))
    }

    fn release(
        &self,
        id: &SubmissionId,
        holder: &StaffActor,
        event: &dyn Fn(&Claim) -> Event,
    ) -> Result<std::result::Result<Option<Claim>, Claim>> {
        self.in_tx(|tx| release(tx, id, holder, event))
    }

    fn claim_of(&self, id: &SubmissionId) -> Result<Option<Claim>> {
        claim_of(&mut *self.client()?, id)
    }

    fn declared_bytes(&self) -> Result<u64> {
        let n: i64 = self
            .client()?
            .query_one(
                "SELECT COALESCE(SUM(size), 0)::BIGINT FROM
                   (SELECT MIN(size) AS size FROM attachments GROUP BY submission_id, sha256) d",
                &[],
            )?
            .get(0);
        Ok(n as u64)
    }

    fn abandoned(&self, cutoff: &str) -> Result<Vec<SubmissionId>> {
        self.client()?
            .query(
                "SELECT id FROM submissions WHERE state = 'awaiting_attachments'
                 AND created_at::timestamptz < $1::text::timestamptz ORDER BY created_at LIMIT 1000",
                &[&cutoff],
            )?
            .iter()
            .map(|r| id_at(r, 0))
            .collect()
    }

    fn purge(&self, id: &SubmissionId) -> Result<Vec<Sha256Digest>> {
        self.in_tx(|tx| purge(tx, id))
    }

    fn blob_in_use(&self, sha: &Sha256Digest) -> Result<bool> {
        Ok(self
            .client()?
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM attachments WHERE sha256 = $1)",
                &[&sha.as_str()],
            )?
            .get(0))
    }

    fn finished_before(&self, cutoff: &str, uncollected: &str) -> Result<Vec<Finished>> {
        self.client()?
            .query(
                "SELECT id, reference, state, COALESCE(state_changed_at, decided_at, received_at, created_at) AS last
                 FROM submissions
                 WHERE archived_at IS NULL
                   AND ((state IN ('dispatched', 'collected', 'superseded', 'withdrawn', 'rejected')
                         AND COALESCE(state_changed_at, decided_at, received_at, created_at)::timestamptz < $1::text::timestamptz)
                     OR (state = 'ready_for_pickup' AND state_changed_at::timestamptz < $2::text::timestamptz))
                 ORDER BY last LIMIT 1000",
                &[&cutoff, &uncollected],
            )?
            .iter()
            .map(|r| {
                let state: String = r.try_get(2)?;
                Ok(Finished {
                    id: id_at(r, 0)?,
                    reference: r.try_get(1)?,
                    state: SubmissionState::parse(&state).unwrap_or(SubmissionState::Rejected),
                    last_change: r.try_get(3)?,
                })
            })
            .collect()
    }

    fn archive(&self, id: &SubmissionId, reason: Erasure, detail: &str) -> Result<bool> {
        self.in_tx(|tx| archive(tx, id, reason, detail))
    }

    fn blob_gc_queue(&self) -> Result<Vec<Sha256Digest>> {
        Ok(self
            .client()?
            .query("SELECT sha256 FROM blob_gc_queue LIMIT 1000", &[])?
            .iter()
            .filter_map(|r| Sha256Digest::parse(&r.get::<_, String>(0)).ok())
            .collect())
    }

    fn blob_gc_done(&self, sha: &Sha256Digest) -> Result<()> {
        let mut c = self.client()?;
        c.execute(
            "DELETE FROM blob_gc_queue WHERE sha256 = $1",
            &[&sha.as_str()],
        )?;
        c.execute(
            "DELETE FROM pending_objects WHERE sha256 = $1 AND NOT EXISTS
               (SELECT 1 FROM attachments WHERE sha256 = $1)",
            &[&sha.as_str()],
        )?;
        Ok(())
    }

    fn lease_job(&self, job: &str, holder: &str, secs: u32) -> Result<bool> {
        Ok(self
            .client()?
            .query_opt(
                "INSERT INTO job_leases (job, holder, until)
                 VALUES ($1, $2, now() + make_interval(secs => $3))
                 ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, until = excluded.until
                   WHERE job_leases.until < now() OR job_leases.holder = excluded.holder
                 RETURNING holder",
                &[&job, &holder, &f64::from(secs)],
            )?
            .is_some())
    }

    fn quarantine(&self, e: &QuarantineEntry) -> Result<()> {
        self.client()?.execute(
            "INSERT INTO quarantine (at, submission_id, what, reason, moved_to) VALUES ($1, $2, $3, $4, $5)",
            &[&e.at, &e.submission_id, &e.what, &e.reason, &e.moved_to],
        )?;
        Ok(())
    }

    fn quarantined(&self) -> Result<Vec<QuarantineEntry>> {
        self.client()?
            .query(
                "SELECT at, submission_id, what, reason, moved_to FROM quarantine ORDER BY seq DESC LIMIT 500",
                &[],
            )?
            .iter()
            .map(|r| {
                Ok(QuarantineEntry {
                    at: r.try_get(0)?,
                    submission_id: r.try_get(1)?,
                    what: r.try_get(2)?,
                    reason: r.try_get(3)?,
                    moved_to: r.try_get(4)?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database of its own in the cluster `EPORT_TEST_POSTGRES` names
    /// (`make test` sets it for this crate's second run); `None` without one.
    fn scratch() -> Option<Pg> {
        let admin = std::env::var("EPORT_TEST_POSTGRES").ok()?;
        let name = format!("u_{}", uuid::Uuid::new_v4().simple());
        let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        Some(Pg::open(&url_of(&admin, &name)).unwrap())
    }

    /// The admin URL `admin` with its database named `name` instead.
    fn url_of(admin: &str, name: &str) -> String {
        let (base, query) = admin.split_once('?').unwrap_or((admin, ""));
        let server = base.rsplit_once('/').map_or(base, |(s, _)| s);
        format!("{server}/{name}?{query}")
    }

    #[test]
    fn a_job_runs_on_one_replica_until_its_lease_runs_out() {
        let Some(pg) = scratch() else {
            eprintln!("skipped: no PostgreSQL (EPORT_TEST_POSTGRES)");
            return;
        };
        assert!(pg.lease_job("purge", "a", 60).unwrap());
        assert!(!pg.lease_job("purge", "b", 60).unwrap(), "a holds it");
        assert!(
            pg.lease_job("purge", "a", 60).unwrap(),
            "its holder renews it"
        );
        assert!(
            pg.lease_job("mover", "b", 60).unwrap(),
            "another job is free"
        );
        assert!(pg.lease_job("short", "a", 0).unwrap());
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(
            pg.lease_job("short", "b", 60).unwrap(),
            "a lease that ran out is taken"
        );
        assert!(!pg.lease_job("short", "a", 60).unwrap());
    }

    #[test]
    fn migrations_run_once_when_replicas_start_together() {
        let Some(pg) = scratch() else {
            eprintln!("skipped: no PostgreSQL (EPORT_TEST_POSTGRES)");
            return;
        };
        // The database exists and is migrated; open it from 8 threads at once again
        // after dropping the schema, as 8 replicas starting together would.
        let mut c = pg.client().unwrap();
        c.batch_execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            .unwrap();
        let name: String = c
            .query_one("SELECT current_database()", &[])
            .unwrap()
            .get(0);
        let url = url_of(&std::env::var("EPORT_TEST_POSTGRES").unwrap(), &name);
        drop(c);
        let opened: Vec<_> = (0..8)
            .map(|_| {
                let url = url.clone();
                std::thread::spawn(move || Pg::open(&url).map(|_| ()))
            })
            .collect();
        for o in opened {
            o.join().unwrap().unwrap();
        }
        let applied: i64 = pg
            .client()
            .unwrap()
            .query_one("SELECT COUNT(*) FROM schema_migrations", &[])
            .unwrap()
            .get(0);
        assert_eq!(applied as usize, db::schema_version());
    }
}
