//! Holiday years fetched from the server, kept for offline use: one record
//! `calendar` in the `meta` store (public data, so 清除本机数据 leaves it).

use eport_domain::calendar::YearFile;
use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::codec::{from_js, to_js};
use super::schema::META;
use super::{db, StoreError};

const KEY: &str = "calendar";

#[derive(Serialize, Deserialize, Default)]
struct Record {
    key: String,
    years: Vec<YearFile>,
    /// Years the server said it has no data for, and when, as
    /// "year@ms since the epoch": not asked again for a day, so a missing year
    /// is one quiet request a day, not one per page load. (Strings: the app
    /// already reads those, a tuple would cost its wasm more.)
    #[serde(default)]
    missing: Vec<String>,
}

const MISS_KEPT_MS: f64 = 24.0 * 3600.0 * 1000.0;

/// The record in `store` (empty when missing or unreadable).
async fn read_record(store: &rexie::Store) -> Result<Record, StoreError> {
    Ok(match store.get(JsValue::from_str(KEY)).await? {
        Some(v) => from_js::<Record>(v).unwrap_or_default(),
        None => Record::default(),
    })
}

/// Every cached year, and the years the server lacked within the last day.
pub async fn cached_calendar_years() -> Result<(Vec<YearFile>, Vec<i32>), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[META], TransactionMode::ReadOnly)?;
    let r = read_record(&tx.store(META)?).await?;
    let now = js_sys::Date::now();
    let missing = r
        .missing
        .iter()
        .filter_map(|m| {
            let (y, at) = m.split_once('@')?;
            // Whole milliseconds: parsing a float would bring dec2flt into the wasm.
            let fresh = now - (at.parse::<u64>().ok()? as f64) < MISS_KEPT_MS;
            fresh.then(|| y.parse().ok()).flatten()
        })
        .collect();
    Ok((r.years, missing))
}

/// Notes that the server has no data for `year` (now).
pub async fn cache_calendar_miss(year: i32) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[META], TransactionMode::ReadWrite)?;
    let store = tx.store(META)?;
    let mut record = read_record(&store).await?;
    record.key = KEY.into();
    let prefix = format!("{year}@");
    record.missing.retain(|m| !m.starts_with(&prefix));
    record
        .missing
        .push(format!("{year}@{}", js_sys::Date::now() as u64));
    store.put(&to_js(&record)?, None).await?;
    tx.done().await?;
    Ok(())
}

/// Caches a year, replacing what was cached for it.
pub async fn cache_calendar_year(year: YearFile) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[META], TransactionMode::ReadWrite)?;
    let store = tx.store(META)?;
    let mut record = read_record(&store).await?;
    record.key = KEY.into();
    let prefix = format!("{}@", year.year);
    record.missing.retain(|m| !m.starts_with(&prefix));
    record.years.retain(|y| y.year != year.year);
    record.years.push(year);
    store.put(&to_js(&record)?, None).await?;
    tx.done().await?;
    Ok(())
}
