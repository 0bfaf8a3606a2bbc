use leptos::prelude::*;

use crate::i18n::*;
use crate::store::durability::{human_bytes, use_storage_status};
use crate::sync::network::use_network_status;
use crate::sync::outbox::{retry_now, use_outbox};

/// Always-present status: network, storage persistence and use, outbox.
#[component]
pub fn StatusBar() -> impl IntoView {
    let i18n = use_i18n();
    let net = use_network_status();
    let outbox = use_outbox();
    let storage = use_storage_status();
    let next = move || {
        outbox.next_try.get().map(|ms| {
            let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
            format!(
                "{:02}:{:02}:{:02}",
                d.get_hours(),
                d.get_minutes(),
                d.get_seconds()
            )
        })
    };
    view! {
        <footer class="status-bar" aria-label=move || t_string!(i18n, status_label)>
            // In a help-desk sandbox the figures are the user's, as recorded.
            {crate::helpdesk::in_sandbox().then(|| view! {
                <span class="status-item status-source" data-testid="status-source">{t!(i18n, status_user_device)}</span>
            })}
            <span class="status-item" role="status" data-testid="network-status"
                data-online=move || net.online.get().to_string()>
                <span class=move || if net.online.get() { "dot dot-on" } else { "dot dot-off" } aria-hidden="true"></span>
                <span class="status-key">{t!(i18n, network)}": "</span>
                {move || if net.online.get() { t_string!(i18n, online) } else { t_string!(i18n, offline) }}
            </span>
            // Not persistent is the usual case for a first visit: said calmly,
            // the why in the tooltip (and on 诊断).
            <span class="status-item" role="status" data-testid="storage-status"
                data-persisted=move || storage.persisted.get().map(|p| p.to_string()).unwrap_or_default()
                title=move || (storage.persisted.get() == Some(false)).then(|| t_string!(i18n, storage_not_persisted_detail).to_string())>
                <span class="status-key">{t!(i18n, storage)}": "</span>
                {move || match storage.persisted.get() {
                    Some(true) => t_string!(i18n, storage_persisted).to_string(),
                    Some(false) => t_string!(i18n, storage_not_persisted).to_string(),
                    None => t_string!(i18n, storage_unknown).to_string(),
                }}
                <span class="storage-usage">{move || storage.estimate.get().map(|(used, quota)| {
                    format!(" · {}", t_string!(i18n, storage_usage, used = human_bytes(used), quota = human_bytes(quota)))
                })}</span>
            </span>
            <span class="status-item" role="status" data-testid="outbox-status" data-pending=move || outbox.pending.get().to_string()>
                <span class="status-key">{t!(i18n, outbox)}": "</span>
                {move || if outbox.running.get() && outbox.pending.get() > 0 {
                    t_string!(i18n, outbox_sending).to_string()
                } else if outbox.pending.get() == 0 {
                    t_string!(i18n, outbox_empty).to_string()
                } else {
                    let mut s = t_string!(i18n, outbox_pending, n = outbox.pending.get()).to_string();
                    if let Some(t) = next() {
                        s.push_str(" · ");
                        s.push_str(&t_string!(i18n, outbox_next, time = t).to_string());
                    }
                    s
                }}
            </span>
            <Show when=move || { outbox.pending.get() > 0 }>
                <button type="button" class="button button-secondary button-small" on:click=move |_| retry_now(outbox)>{t!(i18n, retry_now)}</button>
            </Show>
        </footer>
    }
}
