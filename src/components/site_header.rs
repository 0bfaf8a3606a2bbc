use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::LangSwitch;
use crate::i18n::*;

/// The header: the app's name, the navigation and the language. On a phone
/// it is one row (name, 菜单, language); the navigation opens below 菜单.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let path = use_location().pathname;
    // A case belongs to 我的办理: its pages mark 首页 as where the reader is.
    let at_home = move || path.with(|p| p == "/" || p.starts_with("/cases/"));
    let open = RwSignal::new(false);
    // Any navigation closes the menu.
    Effect::new(move || {
        path.track();
        open.set(false);
    });
    view! {
        <header class="site-header" class:menu-open=move || open.get()>
            <div class="brand">
                <A href="/" attr:class="brand-name">{t!(i18n, app_title)}</A>
                <span class="brand-sub">{t!(i18n, app_subtitle)}</span>
            </div>
            <button type="button" class="menu-toggle" aria-controls="site-nav"
                aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                {t!(i18n, nav_menu)}
            </button>
            <nav id="site-nav" aria-label=move || t_string!(i18n, nav_label)>
                <ul class="nav">
                    <li><a href="/" aria-current=move || at_home().then_some("page")>{t!(i18n, nav_home)}</a></li>
                    <li><A href="/new">{t!(i18n, nav_new)}</A></li>
                    <li><A href="/services">{t!(i18n, nav_services)}</A></li>
                    <li><A href="/diagnostics">{t!(i18n, nav_diagnostics)}</A></li>
                </ul>
            </nav>
            <LangSwitch />
        </header>
    }
}
