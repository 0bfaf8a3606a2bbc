use eport_domain::case::EnrollmentCase;
use eport_domain::catalog::{self, Business, Milestone, RETURN_RULES, STAMP_EVERY_COPY};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::clock;
use crate::components::MailingBlock;
use crate::editor::new_id;
use crate::i18n::*;
use crate::lang::use_lang;
use crate::store::{self, CaseRecord};

/// One business type's guide (`/new/{slug}`), rendered from the catalog.
#[component]
pub fn Guide(slug: String) -> impl IntoView {
    let i18n = use_i18n();
    match catalog::by_slug(&slug) {
        Some(b) => view! { <GuideBody b=b /> }.into_any(),
        None => view! {
            <h1>{t!(i18n, guide_not_found)}</h1>
            <p><A href="/new">{t!(i18n, back_to_list)}</A></p>
        }
        .into_any(),
    }
}

#[component]
fn GuideBody(b: &'static Business) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let dispatch = move || match b.dispatch {
        Some(d) if d.after == Milestone::Approval => {
            t_string!(i18n, dispatch_after_approval, n = d.business_days).to_string()
        }
        Some(d) => t_string!(i18n, dispatch_after_acceptance, n = d.business_days).to_string(),
        None => t_string!(i18n, dispatch_none).to_string(),
    };
    let navigate = use_navigate();
    let failed = RwSignal::new(None::<String>);
    // Starting creates the case at once, so nothing typed afterwards can be lost.
    let start = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let id = new_id();
            let now = clock::now();
            let mut record = CaseRecord::new(
                id.clone(),
                b.kind,
                now.to_rfc3339(),
                EnrollmentCase::default(),
            );
            // 申办日期 / 签署日期 start as today; the user may change them.
            record.paper.apply_date = now.date_naive().to_string();
            match store::put_case(&record).await {
                Ok(()) => navigate(&format!("/cases/{id}"), Default::default()),
                Err(e) => failed.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <p class="breadcrumb"><A href="/new">{t!(i18n, back_to_list)}</A></p>
        <h1>{move || b.name.get(lang())}</h1>
        <p><button type="button" class="button" on:click=start>{t!(i18n, start_application)}</button></p>
        {move || failed.get().map(|f| view! { <p class="error-message" role="alert">{t_string!(i18n, store_failed, error = f).to_string()}</p> })}
        <section aria-labelledby="g-purpose">
            <h2 id="g-purpose">{t!(i18n, guide_purpose)}</h2>
            <p>{move || b.purpose.get(lang())}</p>
        </section>
        <section aria-labelledby="g-materials">
            <h2 id="g-materials">{t!(i18n, guide_materials)}</h2>
            <ul>{b.materials.iter().map(|m| view! { <li>{move || m.get(lang())}</li> }).collect_view()}</ul>
            <p class="note">{move || STAMP_EVERY_COPY.get(lang())}</p>
        </section>
        <section aria-labelledby="g-forms">
            <h2 id="g-forms">{t!(i18n, guide_forms)}</h2>
            <FormsList b=b />
        </section>
        <section aria-labelledby="g-steps">
            <h2 id="g-steps">{t!(i18n, guide_steps)}</h2>
            <ol>{b.steps.iter().map(|s| view! { <li>{move || s.get(lang())}</li> }).collect_view()}</ol>
        </section>
        {b.mailed.then(|| view! { <MailingBlock /> })}
        <section aria-labelledby="g-time">
            <h2 id="g-time">{t!(i18n, guide_timeline)}</h2>
            <p>{dispatch}</p>
        </section>
        {b.dispatch.is_some().then(|| view! {
            <section aria-labelledby="g-return">
                <h2 id="g-return">{t!(i18n, guide_return)}</h2>
                <ul>{RETURN_RULES.iter().map(|r| view! { <li>{move || r.get(lang())}</li> }).collect_view()}</ul>
            </section>
        })}
    }
}

/// The forms a business prints, with the official titles and the copies needed.
#[component]
pub fn FormsList(b: &'static Business) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
            <ul>
                {b.forms.iter().map(|f| {
                    let copies = b.copies(*f);
                    view! {
                        <li>
                            {move || f.named(lang())}
                            {(copies > 1).then(|| view! { " (" {t!(i18n, guide_copies, n = copies)} ")" })}
                        </li>
                    }
                }).collect_view()}
            </ul>
    }
}
