//! What 统计 reads of each submission (`Store::statistics_facts`), in SQLite.

use anyhow::Result;
use eport_domain::statistics::{Fact, Period};
use rusqlite::params;

use crate::storage::facts::StoredFact;

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
        let stored = StoredFact {
            received_at: r.get(0)?,
            decision: r.get(1)?,
            decided_at: r.get(2)?,
            decided_by: r.get(3)?,
            decided_by_name: r.get(4)?,
            reasons: r.get(5)?,
            dispatched_at: r.get(6)?,
            collected_at: r.get(7)?,
            open: r.get(8)?,
        };
        out.extend(stored.fact());
    }
    Ok(Some(out))
}
