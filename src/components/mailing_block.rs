//! 邮寄材料: EMS only, the hall's address, recipient and phone, and a button
//! that copies all three for the EMS form.

use eport_domain::catalog::{self, EMS_ONLY, HOTLINE, MAIL_ADDRESS, MAIL_RECIPIENT};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::*;
use crate::lang::use_lang;

#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Not,
    Yes,
    Failed,
}

#[component]
pub fn MailingBlock() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let copied = RwSignal::new(Copied::Not);
    let text = format!("{MAIL_ADDRESS} {MAIL_RECIPIENT} {HOTLINE}");
    let copy = move |_| {
        let text = text.clone();
        spawn_local(async move {
            let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
            let ok = match clipboard {
                Some(c) => wasm_bindgen_futures::JsFuture::from(c.write_text(&text))
                    .await
                    .is_ok(),
                None => false,
            };
            copied.set(if ok { Copied::Yes } else { Copied::Failed });
        });
    };
    view! {
        <section aria-labelledby="g-mail" class="mailing">
            <h2 id="g-mail">{t!(i18n, guide_mailing)}</h2>
            <p><strong>{move || EMS_ONLY.get(lang())}</strong></p>
            <dl class="facts" data-testid="mail-block">
                <dt>{t!(i18n, mail_address)}</dt><dd>{move || eport_domain::gloss::official(catalog::MAIL_ADDRESS, lang())}</dd>
                <dt>{t!(i18n, mail_recipient)}</dt><dd>{move || eport_domain::gloss::official(catalog::MAIL_RECIPIENT, lang())}</dd>
                <dt>{t!(i18n, mail_phone)}</dt><dd>{catalog::HOTLINE}</dd>
            </dl>
            <p>
                <button type="button" class="button button-secondary" on:click=copy>{t!(i18n, mail_copy)}</button>
                " "
                <span role="status" data-testid="mail-copied">
                    {move || match copied.get() {
                        Copied::Not => String::new(),
                        Copied::Yes => t_string!(i18n, mail_copied).to_string(),
                        Copied::Failed => t_string!(i18n, mail_copy_failed).to_string(),
                    }}
                </span>
            </p>
        </section>
    }
}
