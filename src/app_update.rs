//! The service worker (public/sw.js): registered at start, and the
//! "新版本可用" signal when a new deployment is installed and waiting.
//! Accepting flushes pending saves, activates the new worker and reloads.

use std::cell::RefCell;

use gloo::events::EventListener;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

/// How often an open tab asks the server whether a new version exists.
const CHECK_EVERY_MS: u32 = 5 * 60 * 1000;

#[derive(Clone, Copy)]
pub struct AppUpdate {
    /// A new version is installed and waiting for the user.
    pub available: ReadSignal<bool>,
    /// The user accepted; the page reloads as soon as the new worker takes over.
    pub applying: ReadSignal<bool>,
    set_applying: WriteSignal<bool>,
}

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
}

pub fn use_app_update() -> AppUpdate {
    expect_context::<AppUpdate>()
}

/// The build id index.html was stamped with (`dev` for an unstamped build).
pub fn build_id() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(r#"meta[name="eport-build"]"#)
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_else(|| "dev".into())
}

pub fn provide_app_update() {
    let (available, set_available) = signal(false);
    let (applying, set_applying) = signal(false);
    provide_context(AppUpdate {
        available,
        applying,
        set_applying,
    });
    let Some(window) = web_sys::window() else {
        return;
    };
    // `serviceWorker` is missing on plain-http origins other than localhost.
    let has_sw =
        js_sys::Reflect::has(&window.navigator(), &"serviceWorker".into()).unwrap_or(false);
    if !has_sw {
        return;
    }
    let container = window.navigator().service_worker();
    // The new worker took over after the user accepted: load the new version.
    EventListener::new(&container, "controllerchange", move |_| {
        if applying.get_untracked() {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    })
    .forget();
    spawn_local(async move {
        let Ok(reg) = JsFuture::from(container.register("/sw.js")).await else {
            return; // no service worker: the app still works online
        };
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        let has_controller = move || {
            web_sys::window()
                .map(|w| w.navigator().service_worker().controller().is_some())
                .unwrap_or(false)
        };
        // Deployed while this tab was closed: already waiting.
        if reg.waiting().is_some() && has_controller() {
            set_available.set(true);
        }
        let watched = reg.clone();
        EventListener::new(&reg, "updatefound", move |_| {
            let Some(worker) = watched.installing() else {
                return;
            };
            let w: ServiceWorker = worker.clone();
            EventListener::new(&worker, "statechange", move |_| {
                // The first install has no controller: that is not an update.
                if w.state() == ServiceWorkerState::Installed && has_controller() {
                    set_available.set(true);
                    crate::store::events::log(crate::store::events::EventRecord::new(
                        eport_app_core::event_words::kinds::UPDATE,
                        "a new version is installed and waiting",
                    ));
                }
            })
            .forget();
        })
        .forget();
        REGISTRATION.with(|r| *r.borrow_mut() = Some(reg.clone()));
        spawn_local(cache_tools());
        // Look for a new deployment now and then, and when the tab comes back.
        gloo::timers::callback::Interval::new(CHECK_EVERY_MS, check_now).forget();
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            EventListener::new(&doc, "visibilitychange", |_| check_now()).forget();
        }
    });
}

/// How long after the worker is active the tools are cached: the app's own
/// first requests go first on a slow link.
const TOOLS_AFTER_MS: u32 = 2_000;

/// Asks the active worker to cache the tools bundle (诊断, 查询办理进度, 打印表格;
/// see `routes`), which a first visit does not download; a no-op once cached.
async fn cache_tools() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(ready) = window.navigator().service_worker().ready() else {
        return;
    };
    let Ok(reg) = JsFuture::from(ready).await else {
        return;
    };
    gloo::timers::future::TimeoutFuture::new(TOOLS_AFTER_MS).await;
    let reg: ServiceWorkerRegistration = reg.unchecked_into();
    if let Some(active) = reg.active() {
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"cache-tools".into());
        let _ = active.post_message(&msg);
    }
}

/// Asks the server for a newer service worker.
pub fn check_now() {
    let reg = REGISTRATION.with(|r| r.borrow().clone());
    if let Some(reg) = reg {
        if let Ok(p) = reg.update() {
            spawn_local(async move {
                let _ = JsFuture::from(p).await;
            });
        }
    }
}

/// Saves what is pending, then lets the waiting worker take over; the
/// `controllerchange` listener reloads the page into the new version.
pub fn accept(update: AppUpdate) {
    update.set_applying.set(true);
    spawn_local(async move {
        crate::editor::flush_all().await;
        let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|r| r.waiting()));
        match waiting {
            Some(w) => {
                let msg = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&msg, &"type".into(), &"skip-waiting".into());
                let _ = w.post_message(&msg);
            }
            None => {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
        }
    });
}
