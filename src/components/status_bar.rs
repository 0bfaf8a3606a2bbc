use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::network::use_network_status;

/// Always-present status: network now; storage and outbox join it later.
#[component]
pub fn StatusBar() -> impl IntoView {
    let i18n = use_i18n();
    let net = use_network_status();
    view! {
        <footer class="status-bar" aria-label=move || t_string!(i18n, status_label)>
            <span class="status-item" role="status" data-testid="network-status"
                data-online=move || net.online.get().to_string()>
                <span class=move || if net.online.get() { "dot dot-on" } else { "dot dot-off" } aria-hidden="true"></span>
                {t!(i18n, network)}": "
                {move || if net.online.get() { t_string!(i18n, online) } else { t_string!(i18n, offline) }}
            </span>
        </footer>
    }
}
