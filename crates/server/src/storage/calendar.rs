//! Imported holiday years. Part of [`Store`] (a supertrait), so every backend
//! keeps them too; the SQLite implementation is below.
//!
//! [`Store`]: crate::storage::Store

use anyhow::Result;
use eport_domain::calendar::{Calendar, YearFile};
use rusqlite::params;

use crate::storage::now;
use crate::storage::sqlite::db::Db;

pub trait CalendarStore {
    /// Stores a checked year, replacing an earlier import of that year.
    fn put_calendar_year(&self, year: &YearFile) -> Result<()>;
    /// Every imported year, oldest first.
    fn calendar_years(&self) -> Result<Vec<YearFile>>;
}

impl CalendarStore for Db {
    fn put_calendar_year(&self, year: &YearFile) -> Result<()> {
        self.conn().execute(
            "INSERT INTO calendar_years (year, body, imported_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (year) DO UPDATE SET body = excluded.body, imported_at = excluded.imported_at",
            params![year.year, year.to_json(), now().to_rfc3339()],
        )?;
        Ok(())
    }

    fn calendar_years(&self) -> Result<Vec<YearFile>> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT body FROM calendar_years ORDER BY year")?;
        let bodies = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Stored only after the check: a row that no longer parses is a bug or
        // tampering, and is skipped rather than served.
        Ok(bodies
            .iter()
            .filter_map(|b| match YearFile::check(b) {
                Ok(y) => Some(y),
                Err(e) => {
                    tracing::warn!(error = %e, "a stored calendar year does not parse; skipped");
                    None
                }
            })
            .collect())
    }
}

/// The shipped calendar with every imported year over it.
pub fn calendar_with(imported: Vec<YearFile>) -> Calendar {
    let mut c = Calendar::builtin();
    for y in imported {
        c.set_year(y);
    }
    c
}
