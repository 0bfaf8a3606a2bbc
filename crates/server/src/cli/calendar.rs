//! `eport-server calendar import <file> | list`: holiday data for a year the
//! binary does not ship (the State Council publishes each year's schedule
//! around November). A running server picks an import up within a minute.

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};
use eport_domain::calendar::YearFile;

use crate::cli::config::CalendarAction;
use crate::storage::Storage;

/// Far more than a year's file (a few KiB); a larger one is not holiday data.
const MAX_FILE_BYTES: u64 = 1 << 20;

pub async fn run(store: &Storage, action: CalendarAction) -> Result<()> {
    match action {
        CalendarAction::Import { file } => {
            let year = read(&file)?;
            let (y, days, papers) = (year.year, year.days.len(), year.papers.join("、"));
            store.run(move |s| s.put_calendar_year(&year)).await?;
            println!("imported {y}: {days} days ({papers}); served at /api/v1/calendar/{y}, used by a running server within a minute");
        }
        CalendarAction::List => {
            for y in store.run(|s| s.calendar_years()).await? {
                println!("{}\t{} days\t{}", y.year, y.days.len(), y.papers.join("、"));
            }
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<YearFile> {
    let mut text = String::new();
    std::fs::File::open(path)
        .with_context(|| format!("opening {}", path.display()))?
        .take(MAX_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .with_context(|| format!("reading {} (UTF-8 JSON expected)", path.display()))?;
    if text.len() as u64 > MAX_FILE_BYTES {
        bail!(
            "{}: larger than {MAX_FILE_BYTES} bytes; not a year of holiday data",
            path.display()
        );
    }
    YearFile::check(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}; nothing was imported", path.display()))
}
