//! The enterprise app's shell (language context, header, status bar), and the
//! pages of its two bundles: the app (`App`) and the tools (`ToolsApp`).

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

use crate::components::{SandboxBanner, SiteHeader, StatusBar, UpdateBanner};
use crate::i18n::*;
use crate::pages::case::{CaseLayout, CaseParts};
use crate::pages::{
    Diagnostics, Elsewhere, Guide, Home, Lookup, NewCase, NotFound, PrintForms, Services,
};
use crate::routes::{self, Page};

/// The app: every page but the tools.
#[component]
pub fn App() -> impl IntoView {
    view! { <Shell><Pages /></Shell> }
}

/// The tools bundle (`tools.html`): 诊断, 查询办理进度 and 打印表格.
#[component]
pub fn ToolsApp() -> impl IntoView {
    view! { <Shell><ToolPages /></Shell> }
}

/// What both bundles run around their pages: the outbox, the service worker,
/// the header and the status bar.
#[component]
fn Shell(children: Children) -> impl IntoView {
    // A help-desk sandbox shows the user's device as the bundle recorded it.
    let user = crate::helpdesk::sandbox::user_device();
    crate::sync::network::provide_network_status(user.as_ref().map(|d| d.online));
    crate::calendar::provide_calendar();
    crate::sync::outbox::provide_outbox();
    crate::store::durability::provide_storage_status(user.map(|d| {
        (
            d.persisted,
            d.usage.zip(d.quota).map(|(u, q)| (u as f64, q as f64)),
        )
    }));
    crate::app_update::provide_app_update();
    crate::helpdesk::panics::log_pending();
    view! {
        <I18nContextProvider>
            <crate::lang::RestoreLanguage />
            <Router>
                <CompleteNavigation />
                <SkipLink />
                <SandboxBanner />
                <SiteHeader />
                <UpdateBanner />
                <main id="main" class="page" tabindex="-1">
                    {children()}
                </main>
                <StatusBar />
            </Router>
        </I18nContextProvider>
    }
}

/// The router writes a new address to the history (and scrolls) once the
/// page says it has rendered, which `<Routes>` did; the pages here render at
/// once, so it is told after every change of path.
#[component]
fn CompleteNavigation() -> impl IntoView {
    let location = use_location();
    let provider = use_context::<BrowserUrl>();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(p) = &provider {
            p.ready_to_complete();
        }
    });
}

/// The page the URL names, rebuilt only when the path leads to another page
/// (moving between a case's parts keeps the case, see `CaseParts`). `render`
/// is told whether it is the tab's first page (see `Elsewhere`).
fn page_switch(render: fn(Page, bool) -> AnyView) -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| location.pathname.with(|p| routes::page(p)));
    let shown = StoredValue::new(false);
    move || {
        let first = !shown.get_value();
        shown.set_value(true);
        render(page.get(), first)
    }
}

#[component]
fn Pages() -> impl IntoView {
    page_switch(|page, first| match page {
        p if p.is_tool() => view! { <Elsewhere first /> }.into_any(),
        Page::Home => view! { <Home /> }.into_any(),
        Page::New => view! { <NewCase /> }.into_any(),
        Page::Guide(slug) => view! { <Guide slug /> }.into_any(),
        Page::Services => view! { <Services /> }.into_any(),
        Page::Case(id) => view! { <CaseLayout id><CaseParts /></CaseLayout> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    })
}

#[component]
fn ToolPages() -> impl IntoView {
    page_switch(|page, first| match page {
        Page::Lookup => view! { <Lookup /> }.into_any(),
        Page::Diagnostics => view! { <Diagnostics /> }.into_any(),
        Page::Print(id) => view! { <CaseLayout id><PrintForms /></CaseLayout> }.into_any(),
        _ => view! { <Elsewhere first /> }.into_any(),
    })
}

#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! { <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a> }
}
