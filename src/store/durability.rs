//! Keeping the browser from evicting the user's data: persistent storage is
//! requested at the first save, and the status bar shows whether it was
//! granted and how much of the quota the app uses.

use std::cell::Cell;

use eport_app_core::event_words::kinds;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Copy)]
pub struct StorageStatus {
    /// `None` until known (or where the browser has no Storage API).
    pub persisted: RwSignal<Option<bool>>,
    /// Bytes used and the quota, from `navigator.storage.estimate()`.
    pub estimate: RwSignal<Option<(f64, f64)>>,
}

thread_local! {
    static STATUS: Cell<Option<StorageStatus>> = const { Cell::new(None) };
    static ASKED: Cell<bool> = const { Cell::new(false) };
}

fn manager() -> Option<web_sys::StorageManager> {
    let nav = web_sys::window()?.navigator();
    js_sys::Reflect::has(&nav, &"storage".into())
        .unwrap_or(false)
        .then(|| nav.storage())
}

async fn promised(p: Result<js_sys::Promise, JsValue>) -> Option<JsValue> {
    JsFuture::from(p.ok()?).await.ok()
}

async fn refresh(status: StorageStatus) {
    let Some(m) = manager() else { return };
    if let Some(v) = promised(m.persisted()).await {
        status.persisted.set(v.as_bool());
    }
    if let Some(e) = promised(m.estimate()).await {
        let num = |k: &str| {
            js_sys::Reflect::get(&e, &k.into())
                .ok()
                .and_then(|v| v.as_f64())
        };
        if let (Some(usage), Some(quota)) = (num("usage"), num("quota")) {
            status.estimate.set(Some((usage, quota)));
        }
    }
}

/// Whether storage was persistent, and bytes used and the quota, as a
/// help-desk bundle recorded them on the user's device.
pub type RecordedStorage = (Option<bool>, Option<(f64, f64)>);

/// Provides the storage status; `recorded` (a help-desk sandbox) is the
/// user's, shown as it was.
pub fn provide_storage_status(recorded: Option<RecordedStorage>) {
    if let Some((persisted, estimate)) = recorded {
        provide_context(StorageStatus {
            persisted: RwSignal::new(persisted),
            estimate: RwSignal::new(estimate),
        });
        return;
    }
    let status = StorageStatus {
        persisted: RwSignal::new(None),
        estimate: RwSignal::new(None),
    };
    STATUS.with(|s| s.set(Some(status)));
    provide_context(status);
    spawn_local(refresh(status));
}

pub fn use_storage_status() -> StorageStatus {
    expect_context::<StorageStatus>()
}

/// After every successful case write (the store calls it): the first time, ask
/// for persistent storage; then bring usage and quota up to date.
pub(super) fn note_saved() {
    let Some(status) = STATUS.with(|s| s.get()) else {
        return;
    };
    spawn_local(async move {
        if !ASKED.with(|a| a.replace(true)) && status.persisted.get_untracked() != Some(true) {
            if let Some(m) = manager() {
                if let Some(v) = promised(m.persist()).await {
                    status.persisted.set(v.as_bool());
                    let kind = match v.as_bool() {
                        Some(true) => kinds::PERSIST_GRANTED,
                        Some(false) => kinds::PERSIST_REFUSED,
                        None => kinds::PERSIST_UNANSWERED,
                    };
                    let e = super::events::EventRecord::new(kind, "navigator.storage.persist()");
                    super::events::log(e);
                }
            }
        }
        refresh(status).await;
    });
}

/// "1.2 MB" style, for usage and quota.
pub fn human_bytes(n: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let n = n.max(0.0) as u64;
    let mut unit = 1u64;
    let mut i = 0;
    while n / unit >= 1024 && i + 1 < UNITS.len() {
        unit *= 1024;
        i += 1;
    }
    if i == 0 {
        format!("{n} {}", UNITS[i])
    } else {
        format!("{} {}", eport_domain::attachment::tenths(n, unit), UNITS[i])
    }
}
