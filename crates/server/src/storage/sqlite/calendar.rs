//! The SQLite implementation of [`CalendarStore`].

use anyhow::Result;
use eport_domain::calendar::YearFile;
use rusqlite::params;

use crate::storage::calendar::{parsed_years, CalendarStore};
use crate::storage::now;
use crate::storage::sqlite::db::Db;

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
        Ok(parsed_years(&bodies))
    }
}
