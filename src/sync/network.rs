//! Whether the browser thinks it is online, as a signal in context.

use gloo::events::EventListener;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct NetworkStatus {
    pub online: ReadSignal<bool>,
}

pub fn browser_online() -> bool {
    !forced_offline()
        && web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true)
}

/// Installs the `online`/`offline` listeners once and provides the signal;
/// `recorded` (a help-desk sandbox) is the user's state, fixed.
pub fn provide_network_status(recorded: Option<bool>) {
    if let Some(online) = recorded {
        provide_context(NetworkStatus {
            online: signal(online).0,
        });
        return;
    }
    let (online, set_online) = signal(browser_online());
    if let Some(w) = web_sys::window() {
        // Listeners live as long as the app; forgetting them is intentional.
        EventListener::new(&w, "online", move |_| set_online.set(!forced_offline())).forget();
        EventListener::new(&w, "offline", move |_| set_online.set(false)).forget();
    }
    provide_context(NetworkStatus { online });
}

pub fn use_network_status() -> NetworkStatus {
    expect_context::<NetworkStatus>()
}

/// Why a request got no answer, as the outbox says it: offline only when the
/// browser says so; else the server (or a captive portal before it) is in
/// the way.
pub fn no_answer_cause() -> crate::store::Cause {
    if browser_online() {
        crate::store::Cause::Unreachable
    } else {
        crate::store::Cause::Offline
    }
}

/// `?net=offline` pins the app offline (help desk and tests).
pub fn forced_offline() -> bool {
    crate::switches::net() == crate::switches::Net::Offline
}
