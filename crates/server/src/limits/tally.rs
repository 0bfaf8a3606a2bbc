//! A count that restarts each day, kept in this process's memory
//! ([`DailyTally`], one machine) or in PostgreSQL, where every replica counts
//! the same: the bytes each address declares, a credit code's look-up misses.

use anyhow::Result;
use chrono::NaiveDate;

use super::daily::DailyTally;
use crate::storage::postgres::Pg;

pub enum Tally {
    Here(DailyTally<String>),
    Shared { pg: Pg, name: &'static str },
}

impl Tally {
    /// `name` is the tally's name in the database; `max_keys` bounds the memory one.
    pub fn new(rows: Option<Pg>, name: &'static str, max_keys: usize) -> Tally {
        match rows {
            Some(pg) => Tally::Shared { pg, name },
            None => Tally::Here(DailyTally::new(max_keys)),
        }
    }

    /// `key`'s count `today`.
    pub async fn get(&self, key: String, today: NaiveDate) -> Result<u64> {
        match self {
            Tally::Here(t) => Ok(t.get(&key, today)),
            Tally::Shared { pg, name } => {
                let name = *name;
                pg.blocking(move |pg| pg.tally_get(name, &key, today)).await
            }
        }
    }

    /// Adds `n` unless that passes `cap`: `Ok(sum)`, or `Err(count so far)`.
    pub async fn add_within(
        &self,
        key: String,
        today: NaiveDate,
        n: u64,
        cap: u64,
    ) -> Result<std::result::Result<u64, u64>> {
        match self {
            Tally::Here(t) => Ok(t.add_within(&key, today, n, cap)),
            Tally::Shared { pg, name } => {
                let name = *name;
                pg.blocking(move |pg| pg.tally_add_within(name, &key, today, n, cap))
                    .await
            }
        }
    }
}
