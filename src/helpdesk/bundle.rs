//! The diagnostics bundle: one versioned JSON file with what a help desk
//! needs to see the user's situation. Personal data and attachment bytes are
//! left out unless the user asks; secrets never leave the device.

use base64::Engine;
use chrono::NaiveDate;
use eport_domain::redact::redact_personal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::store::events::{list_events, EventRecord};
use crate::store::{self, RecordedIssue, StoreError};

pub const FORMAT: &str = "eport-desk-diagnostics";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    pub created_at: String,
    pub app: AppInfo,
    pub browser: BrowserInfo,
    pub storage: StorageInfo,
    /// Whether names, ID numbers, phones, addresses and attachment bytes are in.
    pub personal_data: bool,
    pub cases: Vec<BundleCase>,
    /// Outbox entries without their secrets.
    pub outbox: Vec<Value>,
    pub attachments: Vec<BundleAttachment>,
    pub events: Vec<EventRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppInfo {
    pub version: String,
    pub build: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BrowserInfo {
    pub user_agent: String,
    pub language: String,
    pub online: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StorageInfo {
    pub persisted: Option<bool>,
    pub usage: Option<f64>,
    pub quota: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BundleCase {
    /// The stored case record (redacted unless `personal_data`).
    pub record: Value,
    /// The validation result on the real data, as the user saw it (the
    /// sandbox shows these, not a recount over redacted values).
    pub findings: Vec<RecordedIssue>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BundleAttachment {
    pub sha256: String,
    pub name: String,
    pub mime: String,
    pub size: u64,
    /// Base64, only with `personal_data`.
    #[serde(default)]
    pub bytes_base64: Option<String>,
}

fn json<T: Serialize>(v: &T) -> Value {
    crate::store::codec::to_value(v).unwrap_or(Value::Null)
}

pub async fn build(personal_data: bool, storage: StorageInfo) -> Result<Bundle, StoreError> {
    let today: NaiveDate = crate::clock::now().date_naive();
    let mut cases = Vec::new();
    let mut attachments: Vec<BundleAttachment> = Vec::new();
    let mut note_attachment = |sha256: &str, name: &str, mime: &str, size: u64| {
        if !sha256.is_empty() && !attachments.iter().any(|a| a.sha256 == sha256) {
            attachments.push(BundleAttachment {
                sha256: sha256.into(),
                name: name.into(),
                mime: mime.into(),
                size,
                bytes_base64: None,
            });
        }
    };
    for c in store::list_cases().await? {
        for a in &c.enrollment.attachments {
            note_attachment(&a.sha256, &a.name, &a.mime, a.size);
        }
        let findings = c.issues(today).iter().map(RecordedIssue::of).collect();
        let mut record = json(&c);
        if !personal_data {
            redact_personal(&mut record);
        }
        cases.push(BundleCase { record, findings });
    }
    let mut outbox = Vec::new();
    for o in store::list_outbox().await? {
        for a in &o.manifest.attachments {
            note_attachment(&a.sha256, &a.name, &a.mime, a.size);
        }
        let mut v = json(&o);
        if let Value::Object(m) = &mut v {
            // The bearer secrets authorise requests: they never leave the device.
            m.remove("secret");
            m.remove("supersedes_secret");
        }
        if !personal_data {
            redact_personal(&mut v);
        }
        outbox.push(v);
    }
    if !personal_data {
        for a in attachments.iter_mut() {
            a.name = eport_domain::redact::file_name(&a.name);
        }
    } else {
        for a in attachments.iter_mut() {
            if let Some(blob) = store::get_blob(&a.sha256).await? {
                a.bytes_base64 =
                    Some(base64::engine::general_purpose::STANDARD.encode(blob.bytes.to_vec()));
            }
        }
    }
    let nav = web_sys::window().map(|w| w.navigator());
    Ok(Bundle {
        format: FORMAT.into(),
        version: VERSION,
        created_at: crate::clock::now().to_rfc3339(),
        app: AppInfo {
            version: env!("CARGO_PKG_VERSION").into(),
            build: crate::app_update::build_id(),
        },
        browser: BrowserInfo {
            user_agent: nav
                .as_ref()
                .and_then(|n| n.user_agent().ok())
                .unwrap_or_default(),
            language: nav.as_ref().and_then(|n| n.language()).unwrap_or_default(),
            online: nav.as_ref().map(|n| n.on_line()).unwrap_or(true),
        },
        storage,
        personal_data,
        cases,
        outbox,
        attachments,
        events: list_events().await?,
    })
}

/// Offers `bundle` as a download named after its creation time.
pub fn download(bundle: &Bundle) -> Result<(), String> {
    let text = serde_json::to_string_pretty(bundle).map_err(|e| e.to_string())?;
    let name = format!(
        "eport-diagnostics-{}.json",
        bundle
            .created_at
            .get(..19)
            .unwrap_or("now")
            .replace(':', "")
    );
    crate::files::save_text_file(&name, "application/json", &text)
}
