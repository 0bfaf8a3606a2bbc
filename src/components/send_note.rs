//! Why a declaration has not reached the server yet, in the user's words and
//! true to the cause (the browser offline, the server not reached, the server
//! busy, attachments still on their way), with the next automatic try
//! counted down.

use eport_app_core::outbox::{Cause, Phase};
use gloo::timers::callback::Interval;
use leptos::prelude::*;

use crate::i18n::*;

#[component]
pub fn SendNote(phase: Phase) -> impl IntoView {
    let i18n = use_i18n();
    let now = RwSignal::new(js_sys::Date::now());
    let timer = Interval::new(1_000, move || now.set(js_sys::Date::now()));
    let timer = StoredValue::new_local(Some(timer));
    on_cleanup(move || timer.update_value(|t| drop(t.take())));
    let text = move || {
        let secs = |at: u64| ((at as f64 - now.get()) / 1000.0).ceil().max(0.0) as u64;
        let s = match &phase {
            Phase::Sending { .. } => t_string!(i18n, outbox_sending).to_string(),
            Phase::Waiting { cause, next_at, .. } => match (cause, secs(*next_at)) {
                (Cause::Offline, _) => t_string!(i18n, err_offline).to_string(),
                (Cause::AttachmentsMissing, _) => {
                    t_string!(i18n, err_attachments_pending).to_string()
                }
                (_, 0) => t_string!(i18n, send_retrying).to_string(),
                (Cause::Unreachable, n) => t_string!(i18n, err_unreachable, n = n).to_string(),
                (Cause::Busy(_), n) => t_string!(i18n, err_server_busy_in, n = n).to_string(),
            },
            _ => return None,
        };
        Some(s)
    };
    view! {
        {move || text().map(|t| view! { <p class="note" data-testid="last-error">{t}</p> })}
    }
}
