//! What 统计 reads of each submission (`Store::statistics_facts`), in PostgreSQL.

use anyhow::Result;
use eport_domain::review::RejectReason;
use eport_domain::staff_session::StaffActor;
use eport_domain::statistics::{Fact, Period, Verdict};
use postgres::GenericClient;

use crate::storage::sqlite::statistics::day;

/// See the SQLite store's `facts`: the same rows, the same limit.
pub fn facts(c: &mut impl GenericClient, period: Period, limit: u32) -> Result<Option<Vec<Fact>>> {
    let from = period.from().to_string();
    let to = period.to().to_string();
    let rows = c.query(
        "SELECT received_at, decision, decided_at, decided_by, decided_by_name, reasons,
                dispatched_at, collected_at, state IN ('received', 'in_review')
         FROM submissions
         WHERE received_at IS NOT NULL AND (
               substr(received_at, 1, 10) BETWEEN $1 AND $2
            OR (decision IN ('approve', 'reject') AND substr(decided_at, 1, 10) BETWEEN $1 AND $2)
            OR substr(dispatched_at, 1, 10) BETWEEN $1 AND $2
            OR substr(collected_at, 1, 10) BETWEEN $1 AND $2
            OR state IN ('received', 'in_review'))
         LIMIT $3",
        &[&from, &to, &(i64::from(limit) + 1)],
    )?;
    if rows.len() > limit as usize {
        return Ok(None);
    }
    let mut out = Vec::new();
    for r in rows {
        let Some(arrived) = day(r.try_get(0)?) else {
            continue;
        };
        let decision: Option<String> = r.try_get(1)?;
        let verdict = match (
            decision.as_deref(),
            day(r.try_get(2)?),
            r.try_get::<_, Option<String>>(3)?,
        ) {
            (Some(d @ ("approve" | "reject")), Some(on), Some(login)) => Some(Verdict {
                on,
                approved: d == "approve",
                reviewer: StaffActor {
                    login,
                    name: r.try_get::<_, Option<String>>(4)?.unwrap_or_default(),
                },
                reasons: r
                    .try_get::<_, Option<String>>(5)?
                    .and_then(|j| serde_json::from_str::<Vec<RejectReason>>(&j).ok())
                    .unwrap_or_default(),
            }),
            _ => None,
        };
        out.push(Fact {
            arrived,
            verdict,
            dispatched: day(r.try_get(6)?),
            collected: day(r.try_get(7)?),
            open: r.try_get(8)?,
        });
    }
    Ok(Some(out))
}
