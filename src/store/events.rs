//! The event log for the help desk: sync attempts, errors, panics, storage and
//! service-worker events. Bounded: the oldest are dropped beyond [`MAX_EVENTS`].
//! Logging never fails the caller: a lost log line is better than a lost save.

use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use wasm_bindgen_futures::spawn_local;

use super::codec::{all, to_js};
use super::schema::EVENTS;
use super::{db, StoreError};

pub const MAX_EVENTS: u32 = 500;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// RFC 3339 (the pinned clock under `?now=`).
    pub at: String,
    /// One of `eport_app_core::event_words::kinds`, which also gives its words.
    pub kind: String,
    pub summary: String,
    #[serde(default)]
    pub endpoint: Option<String>,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub bytes: Option<u64>,
    #[serde(default)]
    pub duration_ms: Option<u32>,
    /// Logged by a help-desk sandbox tab (its own doings), not by the user.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub helper: bool,
}

impl EventRecord {
    pub fn new(kind: &str, summary: impl Into<String>) -> EventRecord {
        EventRecord {
            at: crate::clock::now().to_rfc3339(),
            kind: kind.into(),
            summary: summary.into(),
            endpoint: None,
            status: None,
            bytes: None,
            duration_ms: None,
            helper: super::conn::database_name() != super::conn::DEFAULT_DB,
        }
    }
}

/// Appends `e` in the background.
pub fn log(e: EventRecord) {
    spawn_local(async move {
        if let Err(err) = append(&e).await {
            web_sys::console::warn_1(&format!("event log: {err}").into());
        }
    });
}

async fn append(e: &EventRecord) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[EVENTS], TransactionMode::ReadWrite)?;
    let store = tx.store(EVENTS)?;
    store.add(&to_js(e)?, None).await?;
    let n = store.count(None).await?;
    if n > MAX_EVENTS {
        for key in store.get_all_keys(None, Some(n - MAX_EVENTS)).await? {
            store.delete(key).await?;
        }
    }
    super::commit(tx).await
}

/// Every event, oldest first.
pub async fn list_events() -> Result<Vec<EventRecord>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[EVENTS], TransactionMode::ReadOnly)?;
    all(&tx.store(EVENTS)?).await
}

/// Replaces the log (the sandbox imports a bundle's events).
pub async fn replace_events(events: &[EventRecord]) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[EVENTS], TransactionMode::ReadWrite)?;
    let store = tx.store(EVENTS)?;
    store.clear().await?;
    for e in events {
        store.add(&to_js(e)?, None).await?;
    }
    super::commit(tx).await
}
