//! Counts that restart each day, in PostgreSQL, so that every replica counts
//! the same (see `limits/tally.rs`).

use anyhow::Result;
use chrono::NaiveDate;

use crate::storage::postgres::db::Pg;

impl Pg {
    /// `key`'s count in `tally` on `day`.
    pub fn tally_get(&self, tally: &str, key: &str, day: NaiveDate) -> Result<u64> {
        Ok(self
            .client()?
            .query_opt(
                "SELECT n FROM daily_tallies WHERE day = $1 AND tally = $2 AND key = $3",
                &[&day.to_string(), &tally, &key],
            )?
            .map_or(0, |r| r.get::<_, i64>(0) as u64))
    }

    /// Adds `n` to `key`'s count unless that passes `cap`: `Ok(sum)`, or
    /// `Err(count so far)` with nothing added.
    pub fn tally_add_within(
        &self,
        tally: &str,
        key: &str,
        day: NaiveDate,
        n: u64,
        cap: u64,
    ) -> Result<std::result::Result<u64, u64>> {
        let day = day.to_string();
        let n = i64::try_from(n)?;
        let cap = i64::try_from(cap).unwrap_or(i64::MAX);
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        tx.execute("DELETE FROM daily_tallies WHERE day < $1", &[&day])?;
        // The row's lock makes parallel additions from two replicas add up.
        tx.execute(
            "INSERT INTO daily_tallies (day, tally, key, n) VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING",
            &[&day, &tally, &key],
        )?;
        let used: i64 = tx
            .query_one(
                "SELECT n FROM daily_tallies WHERE day = $1 AND tally = $2 AND key = $3 FOR UPDATE",
                &[&day, &tally, &key],
            )?
            .get(0);
        match used.checked_add(n).filter(|sum| *sum <= cap) {
            Some(sum) => {
                tx.execute(
                    "UPDATE daily_tallies SET n = $4 WHERE day = $1 AND tally = $2 AND key = $3",
                    &[&day, &tally, &key, &sum],
                )?;
                tx.commit()?;
                Ok(Ok(sum as u64))
            }
            None => Ok(Err(used as u64)),
        }
    }
}
