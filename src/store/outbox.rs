//! The outbox: declared cases frozen for sending. The sync runner (src/sync)
//! reads and updates these entries; declaring only queues one.

use eport_domain::protocol::{Manifest, StatusDocument};
use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::cases::{put_case_in, CaseRecord, Saved};
use super::codec::{from_js, to_js};
use super::schema::{CASES, OUTBOX, PROFILES};
use super::{db, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The submission id (UUID v4) the server will know it by.
    pub id: String,
    pub case_id: String,
    /// 32 random bytes, base64url: the bearer secret for this submission.
    pub secret: String,
    /// The frozen manifest: later edits to the case do not change it.
    pub manifest: Manifest,
    /// `queued` until the sync runner takes it further.
    pub state: String,
    pub attempts: u32,
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
    pub created_at: String,
    /// The rejected submission's secret when this one supersedes it.
    #[serde(default)]
    pub supersedes_secret: Option<String>,
    /// The server's latest status document (reference, review, dates).
    #[serde(default)]
    pub remote: Option<StatusDocument>,
    /// When a finished declaration's status was last asked for (ms since the
    /// epoch): the server may have archived it since.
    #[serde(default)]
    pub refreshed_at: Option<String>,
    /// A `PUT` of it went out at least once: the server may hold it, so a
    /// withdrawal has to be sent there too.
    #[serde(default)]
    pub sent: bool,
}

/// Outbox entry states (`state`).
pub const QUEUED: &str = "queued";
pub const SENDING: &str = "sending";
pub const RECEIVED: &str = "received";
pub const FAILED: &str = "failed";
/// 撤回申报 was asked for and the server may hold it: the runner sends the
/// withdrawal when the network allows.
pub const WITHDRAWING: &str = "withdrawing";
/// Withdrawn: out of the outbox (and off the server, if it was there).
pub const WITHDRAWN: &str = "withdrawn";

fn withdrawal(state: &str) -> bool {
    state == WITHDRAWING || state == WITHDRAWN
}

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
    if !withdrawal(&entry.state) {
        if let Some(v) = store.get(JsValue::from_str(&entry.id)).await? {
            let stored: OutboxEntry = from_js(v)?;
            if withdrawal(&stored.state) {
                entry.state = WITHDRAWING.into();
                entry.sent = true;
                entry.next_attempt_at = None;
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
