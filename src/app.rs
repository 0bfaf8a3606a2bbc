//! The app shell: language context, header, routes, status bar.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::{SandboxBanner, SiteHeader, StatusBar, UpdateBanner};
use crate::i18n::*;
use crate::pages::case::{
    AttachmentsPage, CaseHome, CaseLayout, DeclaredPage, EnterprisePage, OperatorsPage, ReviewPage,
};
use crate::pages::{Diagnostics, Guide, Home, Lookup, NewCase, NotFound, PrintForms, Services};

#[component]
pub fn App() -> impl IntoView {
    crate::sync::network::provide_network_status();
    crate::calendar::provide_calendar();
    crate::sync::outbox::provide_outbox();
    crate::store::durability::provide_storage_status();
    crate::app_update::provide_app_update();
    crate::helpdesk::panics::log_pending();
    view! {
        <I18nContextProvider>
            <crate::lang::RestoreLanguage />
            <Router>
                <SkipLink />
                <SandboxBanner />
                <SiteHeader />
                <UpdateBanner />
                <main id="main" class="page" tabindex="-1">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home />
                        <Route path=path!("/new") view=NewCase />
                        <Route path=path!("/new/:slug") view=Guide />
                        <Route path=path!("/services") view=Services />
                        <Route path=path!("/lookup") view=Lookup />
                        <Route path=path!("/diagnostics") view=Diagnostics />
                        <ParentRoute path=path!("/cases/:id") view=CaseLayout>
                            <Route path=path!("") view=CaseHome />
                            <Route path=path!("enterprise") view=EnterprisePage />
                            <Route path=path!("operators") view=OperatorsPage />
                            <Route path=path!("attachments") view=AttachmentsPage />
                            <Route path=path!("review") view=ReviewPage />
                            <Route path=path!("declared") view=DeclaredPage />
                            <Route path=path!("print") view=PrintForms />
                        </ParentRoute>
                    </Routes>
                </main>
                <StatusBar />
            </Router>
        </I18nContextProvider>
    }
}

#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! { <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a> }
}
