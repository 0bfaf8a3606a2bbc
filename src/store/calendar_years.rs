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

#[derive(Serialize, Deserialize)]
struct Record {
    key: String,
    years: Vec<YearFile>,
}

/// The cached years in `store` (none when the record is missing or unreadable).
async fn read(store: &rexie::Store) -> Result<Vec<YearFile>, StoreError> {
    Ok(match store.get(JsValue::from_str(KEY)).await? {
        Some(v) => from_js::<Record>(v).map(|r| r.years).unwrap_or_default(),
        None => Vec::new(),
    })
}

/// Every cached year.
pub async fn cached_calendar_years() -> Result<Vec<YearFile>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[META], TransactionMode::ReadOnly)?;
    read(&tx.store(META)?).await
}

/// Caches a year, replacing what was cached for it.
pub async fn cache_calendar_year(year: YearFile) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[META], TransactionMode::ReadWrite)?;
    let store = tx.store(META)?;
    let mut years = read(&store).await?;
    years.retain(|y| y.year != year.year);
    years.push(year);
    let record = Record {
        key: KEY.into(),
        years,
    };
    store.put(&to_js(&record)?, None).await?;
    tx.done().await?;
    Ok(())
}
