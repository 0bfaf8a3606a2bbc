//! The staff console's shell, a separate wasm (`staff.html`, served at
//! `/staff…`): its own header and the console's two routes. Nothing of the
//! enterprise app's shell (outbox, service worker, status bar) runs here, and
//! the enterprise app never downloads this code.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use super::detail::StaffDetail;
use super::list::StaffList;
use crate::app::SkipLink;
use crate::components::LangSwitch;
use crate::i18n::*;
use crate::pages::NotFound;

#[component]
pub fn StaffApp() -> impl IntoView {
    // The queue counts business days with the same holidays as the enterprise app.
    crate::calendar::provide_calendar();
    view! {
        <I18nContextProvider>
            <crate::lang::RestoreLanguage />
            <Router>
                <SkipLink />
                <StaffHeader />
                <main id="main" class="page page-wide" tabindex="-1">
                    <Routes fallback=NotFound>
                        <Route path=path!("/staff") view=StaffList />
                        <Route path=path!("/staff/:key") view=StaffDetail />
                        <Route path=path!("/staff/tools/dispatch") view=super::dispatch::BatchDispatch />
                        <Route path=path!("/staff/tools/labels") view=super::labels::AddressLabels />
                        <Route path=path!("/staff/tools/statistics") view=super::statistics::StatisticsPage />
                        <Route path=path!("/staff/tools/sheets") view=super::sheet::CaseSheets />
                        <Route path=path!("/staff/:key/sheet") view=super::sheet::CaseSheet />
                    </Routes>
                </main>
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn StaffHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <div class="brand">
                // The enterprise app is another page: a full navigation, not a route.
                <a href="/staff" class="brand-name">{t!(i18n, app_title)}</a>
                <span class="brand-sub">{t!(i18n, staff_title)}</span>
            </div>
            <LangSwitch />
        </header>
    }
}
