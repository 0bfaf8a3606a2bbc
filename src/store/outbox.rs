//! The outbox: declared cases frozen for sending. The sync runner (src/sync)
//! reads and updates these entries; declaring only queues one.

pub use eport_app_core::outbox::{Cause, Event, OutboxEntry, Phase};
use rexie::TransactionMode;
use wasm_bindgen::JsValue;

use super::cases::{put_case_in, CaseRecord, Saved};
use super::codec::{from_js, to_js};
use super::schema::{CASES, OUTBOX, PROFILES};
use super::{db, StoreError};

/// Every outbox entry, oldest first.
pub async fn list_outbox() -> Result<Vec<OutboxEntry>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
    let mut all: Vec<OutboxEntry> = super::codec::all(&tx.store(OUTBOX)?).await?;
    all.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    Ok(all)
}

/// Saves the runner's progress on one entry (the case itself is not touched:
/// only the editor writes cases, so the two never overwrite each other).
/// A withdrawal asked for meanwhile wins over the progress: the entry stays
/// withdrawing, and since the runner was sending it the server may hold it.
pub async fn put_outbox_entry(entry: &OutboxEntry) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
    let store = tx.store(OUTBOX)?;
    let mut entry = entry.clone();
    if !entry.phase.withdrawal() {
        if let Some(v) = store.get(JsValue::from_str(&entry.id)).await? {
            let stored: OutboxEntry = from_js(v)?;
            if stored.phase.withdrawal() {
                entry.phase = Phase::Withdrawing;
                entry.sent = true;
            }
        }
    }
    store.put(&to_js(&entry)?, None).await?;
    super::commit(tx).await
}

/// Writes a withdrawal's own step (asked for, done, or refused), as it is.
pub async fn put_withdrawal(entry: &OutboxEntry) -> Result<(), StoreError> {
    let db = db().await?;
    let js = to_js(entry)?;
    let tx = db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
    tx.store(OUTBOX)?.put(&js, None).await?;
    super::commit(tx).await
}

/// Queues the entry and marks the case 待发送, atomically; the case is
/// merged with another tab's save since `base`, as every case write is.
pub async fn declare(
    case: &CaseRecord,
    base: &CaseRecord,
    entry: &OutboxEntry,
) -> Result<Saved, StoreError> {
    let db = db().await?;
    let entry_js = to_js(entry)?;
    let tx = db.transaction(&[CASES, OUTBOX, PROFILES], TransactionMode::ReadWrite)?;
    tx.store(OUTBOX)?.put(&entry_js, None).await?;
    let saved = put_case_in(&tx, case, Some(base)).await?;
    super::commit(tx).await?;
    super::after_save::case_saved(&case.id);
    Ok(saved)
}

pub async fn get_outbox_entry(id: &str) -> Result<Option<OutboxEntry>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
    match tx.store(OUTBOX)?.get(JsValue::from_str(id)).await? {
        Some(v) => Ok(Some(from_js(v)?)),
        None => Ok(None),
    }
}

/// Rewrites records an earlier version stored (a `state` string) in today's
/// form, once per connection: every read already understands both, this
/// keeps what is on disk in one form. Returns how many were rewritten.
pub(super) async fn rewrite_earlier_records(db: &rexie::Rexie) -> Result<usize, StoreError> {
    let tx = db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
    let store = tx.store(OUTBOX)?;
    let mut rewritten = 0;
    for v in store.get_all(None, None).await? {
        let earlier = js_sys::Reflect::has(&v, &JsValue::from_str("state")).unwrap_or(false);
        if !earlier {
            continue;
        }
        if let Ok(entry) = from_js::<OutboxEntry>(v) {
            store.put(&to_js(&entry)?, None).await?;
            rewritten += 1;
        }
    }
    super::commit(tx).await?;
    Ok(rewritten)
}
