//! A Rust panic stops the app, so the hook keeps the message synchronously in
//! localStorage and the next start moves it into the event log.

use gloo::storage::{LocalStorage, Storage};

use crate::store::events::{self, EventRecord};

const KEY: &str = "eport-pending-panic";

pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let at = crate::clock::now().to_rfc3339();
        let _ = LocalStorage::set(KEY, format!("{at} {info}"));
    }));
}

/// Logs the panic of an earlier run, if there was one.
pub fn log_pending() {
    if let Ok(text) = LocalStorage::get::<String>(KEY) {
        LocalStorage::delete(KEY);
        events::log(EventRecord::new(
            eport_app_core::event_words::kinds::PANIC,
            text,
        ));
    }
}
