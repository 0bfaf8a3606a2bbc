//! The card centre's register (`POST /staff/register`): stored rows as the
//! domain's register rows, and the two files, CSV a page at a time and XLSX
//! in rust_xlsxwriter's constant-memory mode with its temporary files in a
//! private folder under the data directory.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDateTime};
use eport_domain::calendar::Calendar;
use eport_domain::ids::SubmissionId;
use eport_domain::protocol::Manifest;
use eport_domain::register::{columns, Cell, RegisterRow};
use eport_domain::staff_session::{AccessAction, StaffActor};
use eport_domain::statistics::Period;
use eport_domain::Lang;
use rust_xlsxwriter::{Format, Workbook};

use crate::storage::{ListFilter, Row, Store};

/// The most rows one register (or one period's statistics) may hold: beyond it, narrow the filter.
pub const MAX_ROWS: u64 = 200_000;

/// Rows read from the store at a time.
pub const PAGE: u32 = 500;

/// What an export is asked for.
#[derive(Debug, Clone)]
pub struct Export {
    pub filter: ListFilter,
    pub lang: Lang,
    /// With the personal columns (recorded against each submission).
    pub personal: bool,
    pub who: StaffActor,
}

fn local(t: Option<&str>) -> Option<NaiveDateTime> {
    t.and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| {
            t.with_timezone(&eport_domain::calendar::shanghai())
                .naive_local()
        })
}

/// A stored row as the register says it; `today` ends an open one's wait.
pub fn register_row(
    row: &Row,
    cal: &Calendar,
    today: chrono::NaiveDate,
    personal: bool,
) -> RegisterRow {
    let arrived = local(row.received_at.as_deref());
    let decided_at = local(row.decided_at.as_deref());
    let waited = arrived.map(|a| {
        let until = decided_at.map_or(today, |d| d.date());
        eport_domain::queue::waiting(cal, a.date(), until).business_days
    });
    RegisterRow {
        reference: row.reference.clone().unwrap_or_else(|| row.id.to_string()),
        arrived,
        enterprise: row.enterprise.clone(),
        uscc: row.uscc.clone(),
        state: row.state,
        reviewer: row.decided_by.as_ref().map(|a| a.name.clone()),
        decided_at,
        reasons: row.reasons.clone(),
        pickup: Some(row.pickup),
        tracking_number: row.tracking_number.clone(),
        collected_at: row.collected.as_ref().and_then(|c| local(Some(&c.at))),
        collector: row.collected.as_ref().map(|c| c.collector.clone()),
        waited,
        erased: row.archived_at.is_some(),
        case: personal
            .then(|| serde_json::from_str::<Manifest>(&row.manifest).ok())
            .flatten()
            .map(|m| m.case),
    }
}

/// Reads the page after `after` and records a personal export of it.
/// Returns the rows and the next page's `after` (`None`: no rows were left).
pub fn page(
    s: &dyn Store,
    e: &Export,
    cal: &Calendar,
    today: chrono::NaiveDate,
    after: i64,
    format: &str,
) -> Result<Option<(Vec<RegisterRow>, i64)>> {
    let rows = s.register_page(&e.filter, after, PAGE)?;
    let Some((last, _)) = rows.last() else {
        return Ok(None);
    };
    let last = *last;
    if e.personal {
        let ids: Vec<SubmissionId> = rows.iter().map(|(_, r)| r.id.clone()).collect();
        s.record_accesses(&ids, &e.who, AccessAction::Export, format)?;
    }
    let rows = rows
        .iter()
        .map(|(_, r)| register_row(r, cal, today, e.personal))
        .collect();
    Ok(Some((rows, last)))
}

/// The CSV's first bytes: a byte-order mark (Excel then reads UTF-8) and the header.
pub fn csv_head(lang: Lang, personal: bool) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(columns(personal).map(|c| c.title(lang)))?;
    w.into_inner().context("writing the CSV header")
}

/// One page of CSV rows.
pub fn csv_rows(rows: &[RegisterRow], lang: Lang, personal: bool) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r.cells(lang, personal).iter().map(Cell::to_text))?;
    }
    w.into_inner().context("writing CSV rows")
}

/// Writes the whole register as XLSX to `out`, its temporary files in `tmp`:
/// a frozen, bold header row, column widths, times as Excel dates. Returns the rows written.
pub fn write_xlsx(
    s: &dyn Store,
    e: &Export,
    cal: &Calendar,
    today: chrono::NaiveDate,
    tmp: &Path,
    out: &Path,
) -> Result<u64> {
    let mut book = Workbook::new();
    book.set_tempdir(tmp)?;
    let sheet = book.add_worksheet_with_constant_memory();
    sheet.set_name(e.lang.pick("登记簿", "Register"))?;
    let bold = Format::new().set_bold();
    let time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (i, c) in columns(e.personal).enumerate() {
        let col = i as u16;
        sheet.set_column_width(col, c.width)?;
        sheet.write_string_with_format(0, col, c.title(e.lang), &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut n: u32 = 0;
    let mut after = 0;
    while let Some((rows, last)) = page(s, e, cal, today, after, "xlsx")? {
        for r in rows {
            n += 1;
            for (i, cell) in r.cells(e.lang, e.personal).into_iter().enumerate() {
                let col = i as u16;
                match cell {
                    Cell::Text(t) => {
                        sheet.write_string(n, col, t)?;
                    }
                    Cell::Time(t) => {
                        sheet.write_datetime_with_format(n, col, t, &time)?;
                    }
                    Cell::Count(c) => {
                        sheet.write_number(n, col, f64::from(c))?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        after = last;
    }
    let stats = book.add_worksheet_with_constant_memory();
    stats.set_name(e.lang.pick("统计", "Statistics"))?;
    let f = &e.filter;
    match Period::asked(f.received_from, f.received_to, today) {
        Ok(period) => match s.statistics_facts(period, MAX_ROWS as u32)? {
            Some(facts) => {
                let figures = eport_domain::statistics::compute(facts, period, cal, today);
                crate::review::statistics_sheet::write(stats, &figures, e.lang)?;
            }
            None => {
                stats.write_string(0, 0, e.lang.pick("该时段申报过多，请缩短日期范围后查看统计", "Too many submissions in the period: choose a shorter date range for statistics"))?;
            }
        },
        Err(_) => {
            stats.write_string(
                0,
                0,
                e.lang.pick(
                    "统计时段最长 366 天，请缩短日期范围",
                    "Statistics cover at most 366 days: choose a shorter date range",
                ),
            )?;
        }
    }
    book.save(out)?;
    Ok(u64::from(n))
}
