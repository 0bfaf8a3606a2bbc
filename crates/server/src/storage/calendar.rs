//! Imported holiday years. Part of [`Store`] (a supertrait), so every backend
//! keeps them too (`sqlite/calendar.rs`, `postgres/calendar.rs`).
//!
//! [`Store`]: crate::storage::Store

use anyhow::Result;
use eport_domain::calendar::{Calendar, YearFile};

pub trait CalendarStore {
    /// Stores a checked year, replacing an earlier import of that year.
    fn put_calendar_year(&self, year: &YearFile) -> Result<()>;
    /// Every imported year, oldest first.
    fn calendar_years(&self) -> Result<Vec<YearFile>>;
}

/// The stored years that still parse; one that does not is skipped, with a warning.
pub fn parsed_years(bodies: &[String]) -> Vec<YearFile> {
    bodies
        .iter()
        .filter_map(|b| match YearFile::check(b) {
            Ok(y) => Some(y),
            Err(e) => {
                tracing::warn!(error = %e, "a stored calendar year does not parse; skipped");
                None
            }
        })
        .collect()
}

/// The shipped calendar with every imported year over it.
pub fn calendar_with(imported: Vec<YearFile>) -> Calendar {
    let mut c = Calendar::builtin();
    for y in imported {
        c.set_year(y);
    }
    c
}
