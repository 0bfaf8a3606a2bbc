use leptos::prelude::*;

use crate::helpdesk::sandbox;
use crate::i18n::*;

/// Always on screen in a sandbox tab: whose data this is, and the way out.
#[component]
pub fn SandboxBanner() -> impl IntoView {
    let i18n = use_i18n();
    sandbox::sandbox_of().map(|at| {
        let at = at.get(..16).unwrap_or(&at).replace('T', " ");
        let leave = move |_| {
            sandbox::leave();
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign("/");
            }
        };
        view! {
            <div class="sandbox-banner" role="region" aria-label=move || t_string!(i18n, sandbox_leave) data-testid="sandbox-banner">
                <p>{t_string!(i18n, sandbox_banner, at = at).to_string()}</p>
                <button type="button" class="button" on:click=leave>{t!(i18n, sandbox_leave)}</button>
            </div>
        }
    })
}
