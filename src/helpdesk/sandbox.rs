//! The sandbox: a help-desk user opens a diagnostics bundle in a separate
//! IndexedDB database, for this tab only (sessionStorage), sees the user's
//! screens, and leaves back to their own untouched data. A sandbox never
//! sends anything: the outbox runner does not run in it.

use base64::Engine;
use gloo::storage::{SessionStorage, Storage};
use js_sys::Uint8Array;
use serde_json::Value;

use super::bundle::{Bundle, FORMAT, VERSION};
use crate::store::{self, AttachmentBlob, CaseRecord, OutboxEntry, DEFAULT_DB};

pub const SANDBOX_DB: &str = "eport-desk-sandbox";
const FLAG: &str = "eport-sandbox";

/// The bundle's creation time while this tab is in the sandbox.
pub fn sandbox_of() -> Option<String> {
    SessionStorage::get::<String>(FLAG).ok()
}

pub fn in_sandbox() -> bool {
    sandbox_of().is_some()
}

/// At start: a sandbox tab uses the sandbox database.
pub fn apply_at_start() {
    if in_sandbox() {
        store::use_database_name(SANDBOX_DB);
    }
}

/// Why a file could not be opened as a bundle.
pub fn parse(text: &str) -> Result<Bundle, String> {
    let b: Bundle = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if b.format != FORMAT || b.version != VERSION {
        return Err(format!("{} v{}", b.format, b.version));
    }
    Ok(b)
}

/// Loads `bundle` into a fresh sandbox database and switches this tab to it.
pub async fn enter(bundle: &Bundle) -> Result<(), String> {
    let err = |e: store::StoreError| e.to_string();
    store::delete_database(SANDBOX_DB).await.map_err(err)?;
    store::use_database_name(SANDBOX_DB);
    for c in &bundle.cases {
        let record: CaseRecord = store::codec::from_value(&c.record).map_err(err)?;
        store::put_case(&record).await.map_err(err)?;
    }
    for o in &bundle.outbox {
        let mut v = o.clone();
        if let Value::Object(m) = &mut v {
            m.insert("secret".into(), Value::String(String::new()));
        }
        let entry: OutboxEntry = store::codec::from_value(&v).map_err(err)?;
        store::put_outbox_entry(&entry).await.map_err(err)?;
    }
    for a in &bundle.attachments {
        let Some(b64) = &a.bytes_base64 else { continue };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| e.to_string())?;
        let blob = AttachmentBlob {
            sha256: a.sha256.clone(),
            mime: a.mime.clone(),
            bytes: Uint8Array::from(&bytes[..]),
        };
        store::put_blob(&blob).await.map_err(err)?;
    }
    store::events::replace_events(&bundle.events)
        .await
        .map_err(err)?;
    SessionStorage::set(FLAG, bundle.created_at.clone()).map_err(|e| e.to_string())?;
    Ok(())
}

/// Back to the helper's own data.
pub fn leave() {
    SessionStorage::delete(FLAG);
    store::use_database_name(DEFAULT_DB);
}
