//! What 统计 reads of each submission (`Store::statistics_facts`), in PostgreSQL.

use anyhow::Result;
use eport_domain::statistics::{Fact, Period};
use postgres::GenericClient;

use crate::storage::facts::StoredFact;

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
        let stored = StoredFact {
            received_at: r.try_get(0)?,
            decision: r.try_get(1)?,
            decided_at: r.try_get(2)?,
            decided_by: r.try_get(3)?,
            decided_by_name: r.try_get(4)?,
            reasons: r.try_get(5)?,
            dispatched_at: r.try_get(6)?,
            collected_at: r.try_get(7)?,
            open: r.try_get(8)?,
        };
        out.extend(stored.fact());
    }
    Ok(Some(out))
}
