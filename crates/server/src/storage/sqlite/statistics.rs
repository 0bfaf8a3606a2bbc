//! What 统计 reads of each submission (`Store::statistics_facts`), in SQLite.

use anyhow::Result;
use chrono::{DateTime, NaiveDate};
use eport_domain::calendar::shanghai;
use eport_domain::review::RejectReason;
use eport_domain::staff_session::StaffActor;
use eport_domain::statistics::{Fact, Period, Verdict};
use rusqlite::params;

pub(crate) fn day(t: Option<String>) -> Option<NaiveDate> {
    let t = DateTime::parse_from_rfc3339(&t?).ok()?;
    Some(t.with_timezone(&shanghai()).date_naive())
}

/// The facts of every submission that arrived, had its verdict or left the
/// centre within `period`, or waits for a verdict now; `None` if more than `limit`.
pub fn facts(conn: &rusqlite::Connection, period: Period, limit: u32) -> Result<Option<Vec<Fact>>> {
    // Instants are stored in Asia/Shanghai (`store::now`), so their first ten
    // characters are the day; `compute` checks each day again.
    let mut stmt = conn.prepare_cached(
        "SELECT received_at, decision, decided_at, decided_by, decided_by_name, reasons,
                dispatched_at, collected_at, state IN ('received', 'in_review')
         FROM submissions
         WHERE received_at IS NOT NULL AND (
               substr(received_at, 1, 10) BETWEEN ?1 AND ?2
            OR (decision IN ('approve', 'reject') AND substr(decided_at, 1, 10) BETWEEN ?1 AND ?2)
            OR substr(dispatched_at, 1, 10) BETWEEN ?1 AND ?2
            OR substr(collected_at, 1, 10) BETWEEN ?1 AND ?2
            OR state IN ('received', 'in_review'))
         LIMIT ?3",
    )?;
    let from = period.from().to_string();
    let to = period.to().to_string();
    let mut rows = stmt.query(params![from, to, i64::from(limit) + 1])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        if out.len() == limit as usize {
            return Ok(None);
        }
        let Some(arrived) = day(r.get(0)?) else {
            continue;
        };
        let decision: Option<String> = r.get(1)?;
        let verdict = match (
            decision.as_deref(),
            day(r.get(2)?),
            r.get::<_, Option<String>>(3)?,
        ) {
            (Some(d @ ("approve" | "reject")), Some(on), Some(login)) => Some(Verdict {
                on,
                approved: d == "approve",
                reviewer: StaffActor {
                    login,
                    name: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                },
                // Written only after `review::check_reasons`; unreadable means none.
                reasons: r
                    .get::<_, Option<String>>(5)?
                    .and_then(|j| serde_json::from_str::<Vec<RejectReason>>(&j).ok())
                    .unwrap_or_default(),
            }),
            _ => None,
        };
        out.push(Fact {
            arrived,
            verdict,
            dispatched: day(r.get(6)?),
            collected: day(r.get(7)?),
            open: r.get(8)?,
        });
    }
    Ok(Some(out))
}
