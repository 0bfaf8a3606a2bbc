//! 自购读卡器: the two routes, and for the customs-area pickup a ready e-mail.

use eport_domain::catalog::{PAYMENT_PICKUP_CHOICE, SERVICE_EMAIL};
use eport_domain::paper::{reader_pickup_email, ReaderRoute};
use eport_domain::Field;
use leptos::prelude::*;

use crate::components::RadioField;
use crate::editor::use_editor;
use crate::i18n::*;

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

#[component]
pub fn ReaderRoutes() -> impl IntoView {
    let i18n = use_i18n();
    let e = use_editor();
    let picked = move || e.case.with(|c| c.paper.reader_route);
    let mailto = move || {
        let (subject, body) = e.case.with(|c| reader_pickup_email(&c.enrollment));
        format!(
            "mailto:{SERVICE_EMAIL}?subject={}&body={}",
            encode(&subject),
            encode(&body)
        )
    };
    view! {
        <section aria-labelledby="p-reader">
            <h2 id="p-reader">{t!(i18n, reader_title)}</h2>
            <p>{t_string!(i18n, reader_buy, choice = PAYMENT_PICKUP_CHOICE).to_string()}</p>
            <RadioField path=Field::ReaderRoute />
            {move || match picked() {
                Some(ReaderRoute::Vendor) => view! { <p class="notice" data-testid="reader-vendor">{t!(i18n, reader_vendor_done)}</p> }.into_any(),
                Some(ReaderRoute::Pickup) => view! {
                    <div data-testid="reader-pickup">
                        <ol>
                            <li>{t!(i18n, reader_step_print)}</li>
                            <li>{t!(i18n, reader_step_screenshot)}</li>
                            <li>{t_string!(i18n, reader_step_mail, email = SERVICE_EMAIL).to_string()}</li>
                        </ol>
                        <p><a class="button" href=mailto data-testid="reader-mailto">{t_string!(i18n, reader_write_mail, email = SERVICE_EMAIL).to_string()}</a></p>
                        <p class="hint">{t!(i18n, reader_attach_hint)}</p>
                    </div>
                }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}
