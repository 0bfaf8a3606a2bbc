use leptos::prelude::*;
use leptos_router::components::A;

use super::LangSwitch;
use crate::i18n::*;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <div class="brand">
                <A href="/" attr:class="brand-name">{t!(i18n, app_title)}</A>
                <span class="brand-sub">{t!(i18n, app_subtitle)}</span>
            </div>
            <nav aria-label=move || t_string!(i18n, nav_label)>
                <ul class="nav">
                    <li><A href="/" exact=true>{t!(i18n, nav_home)}</A></li>
                    <li><A href="/new">{t!(i18n, nav_new)}</A></li>
                    <li><A href="/services">{t!(i18n, nav_services)}</A></li>
                    <li><A href="/diagnostics">{t!(i18n, nav_diagnostics)}</A></li>
                </ul>
            </nav>
            <LangSwitch />
        </header>
    }
}
