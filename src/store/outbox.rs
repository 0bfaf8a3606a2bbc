//! The outbox: declared cases frozen for sending. The sync runner (src/sync)
//! reads and updates these entries; declaring only queues one.

use eport_domain::protocol::Manifest;
use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::cases::{from_js, put_case_in, to_js, CaseRecord};
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
}

/// Queues the entry and marks the case 待发送, atomically.
pub async fn declare(case: &CaseRecord, entry: &OutboxEntry) -> Result<(), StoreError> {
    let db = db().await?;
    let entry_js = to_js(entry)?;
    let tx = db.transaction(&[CASES, OUTBOX, PROFILES], TransactionMode::ReadWrite)?;
    tx.store(OUTBOX)?.put(&entry_js, None).await?;
    put_case_in(&tx, case).await?;
    super::commit(tx).await
}

pub async fn get_outbox_entry(id: &str) -> Result<Option<OutboxEntry>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
    match tx.store(OUTBOX)?.get(JsValue::from_str(id)).await? {
        Some(v) => Ok(Some(from_js(v)?)),
        None => Ok(None),
    }
}
