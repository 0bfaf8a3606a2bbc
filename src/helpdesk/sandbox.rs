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
const DEVICE: &str = "eport-sandbox-device";

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
        let mut record: CaseRecord = store::codec::from_value(&c.record).map_err(err)?;
        // What the user's app found, not a recount over redacted values.
        record.recorded_issues = Some(c.findings.clone());
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
    let device = UserDevice {
        online: bundle.browser.online,
        persisted: bundle.storage.persisted,
        usage: bundle.storage.usage.map(|n| n.max(0.0) as u64),
        quota: bundle.storage.quota.map(|n| n.max(0.0) as u64),
    };
    SessionStorage::raw()
        .set_item(DEVICE, &device.to_text())
        .map_err(|e| format!("{e:?}"))?;
    SessionStorage::set(FLAG, bundle.created_at.clone()).map_err(|e| e.to_string())?;
    Ok(())
}

/// The user's device as the bundle recorded it: the sandbox's status bar
/// shows this, not the help desk's own network and storage. Kept for the tab
/// as four plain fields ("1 - 12345 10737418240"): every app page reads it at
/// start, and a serde type here would cost the app's wasm more than this.
#[derive(Debug, Clone, PartialEq)]
pub struct UserDevice {
    pub online: bool,
    pub persisted: Option<bool>,
    pub usage: Option<u64>,
    pub quota: Option<u64>,
}

impl UserDevice {
    fn to_text(&self) -> String {
        let flag = |b: Option<bool>| match b {
            Some(true) => "1",
            Some(false) => "0",
            None => "-",
        };
        let n = |v: Option<u64>| v.map_or("-".to_string(), |v| v.to_string());
        format!(
            "{} {} {} {}",
            flag(Some(self.online)),
            flag(self.persisted),
            n(self.usage),
            n(self.quota)
        )
    }

    fn from_text(text: &str) -> Option<UserDevice> {
        let flag = |s: &str| match s {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        };
        let f: Vec<&str> = text.split(' ').collect();
        let [online, persisted, usage, quota] = f[..] else {
            return None;
        };
        Some(UserDevice {
            online: flag(online)?,
            persisted: flag(persisted),
            usage: usage.parse().ok(),
            quota: quota.parse().ok(),
        })
    }
}

/// In a sandbox tab, the user's recorded device.
pub fn user_device() -> Option<UserDevice> {
    if !in_sandbox() {
        return None;
    }
    UserDevice::from_text(&SessionStorage::raw().get_item(DEVICE).ok()??)
}

/// Back to the helper's own data.
pub fn leave() {
    SessionStorage::delete(FLAG);
    SessionStorage::delete(DEVICE);
    store::use_database_name(DEFAULT_DB);
}
