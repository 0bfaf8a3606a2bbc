//! The PostgreSQL implementation of [`CalendarStore`].

use anyhow::Result;
use eport_domain::calendar::YearFile;

use crate::storage::calendar::{parsed_years, CalendarStore};
use crate::storage::now;
use crate::storage::postgres::db::Pg;

impl CalendarStore for Pg {
    fn put_calendar_year(&self, year: &YearFile) -> Result<()> {
        self.client()?.execute(
            "INSERT INTO calendar_years (year, body, imported_at) VALUES ($1, $2, $3)
             ON CONFLICT (year) DO UPDATE SET body = excluded.body, imported_at = excluded.imported_at",
            &[&year.year, &year.to_json(), &now().to_rfc3339()],
        )?;
        Ok(())
    }

    fn calendar_years(&self) -> Result<Vec<YearFile>> {
        let bodies: Vec<String> = self
            .client()?
            .query("SELECT body FROM calendar_years ORDER BY year", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        Ok(parsed_years(&bodies))
    }
}
