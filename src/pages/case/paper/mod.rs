//! The case page of a paper business type (1b, 2–9): checklist, the data its
//! forms print, the forms, the mailing block and the timeline, on one page.

mod checklist;
mod details;
mod reader;
mod timeline;

use eport_domain::catalog::{self, SpecialRule, RETURN_RULES};
use eport_domain::field::Part;
use eport_domain::paper::forms_unlocked;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{ErrorSummary, MailingBlock, SaveIndicator};
use crate::editor::use_editor;
use crate::i18n::*;
use crate::lang::use_lang;
use crate::pages::guide::FormsList;

pub use checklist::{Checklist, Precheck};
pub use details::PaperFields;
pub use reader::ReaderRoutes;
pub use timeline::TimelineSection;

#[component]
pub fn PaperCase() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let (id, kind) = e.case.with_untracked(|c| (c.id.clone(), c.kind));
    let b = catalog::business(kind);
    let gated = b.rules.contains(&SpecialRule::TripartitePrecheck);
    let unlocked = Memo::new(move |_| e.case.with(|c| forms_unlocked(b, &c.paper)));
    // Everything but attachments: a paper type's inputs are all on this page.
    let issues =
        Signal::derive(move || e.visible_issues(&[Part::Enterprise, Part::Operators, Part::Paper]));
    let open_problems =
        Memo::new(move |_| e.issues.with(|i| i.iter().filter(|i| i.blocks()).count()));
    let check = move |_| e.show_all.set(true);
    let print_href = format!("/cases/{id}/print");
    view! {
        <p class="breadcrumb"><A href="/">{t!(i18n, back_home)}</A></p>
        <h1>{move || b.name.get(lang())}</h1>
        <SaveIndicator />
        <p class="lead">{move || b.purpose.get(lang())}</p>
        {gated.then(|| view! { <Precheck /> })}
        <Checklist />
        <section aria-labelledby="p-details">
            <h2 id="p-details">{t!(i18n, paper_details)}</h2>
            <Show when=move || unlocked.get() fallback=move || view! {
                <p class="notice" data-testid="forms-locked">{t!(i18n, precheck_locked)}</p>
            }>
                <ErrorSummary issues=issues />
                <PaperFields />
                <p><button type="button" class="button button-secondary" on:click=check>{t!(i18n, paper_check)}</button></p>
            </Show>
        </section>
        <section aria-labelledby="p-forms">
            <h2 id="p-forms">{t!(i18n, guide_forms)}</h2>
            <FormsList b=b />
            <Show when=move || unlocked.get() fallback=|| ()>
                {move || (open_problems.get() > 0).then(|| view! {
                    <p class="warning-message" data-testid="print-incomplete">{move || crate::lang::counted!(i18n, print_incomplete / print_incomplete_single, open_problems.get())}</p>
                })}
                <p><A href=print_href.clone() attr:class="button" attr:data-testid="print-forms">{t!(i18n, print_forms)}</A></p>
            </Show>
        </section>
        {b.rules.contains(&SpecialRule::CardReaderRoutes).then(|| view! { <ReaderRoutes /> })}
        <section aria-labelledby="p-steps">
            <h2 id="p-steps">{t!(i18n, guide_steps)}</h2>
            <ol>{b.steps.iter().map(|s| view! { <li>{move || s.get(lang())}</li> }).collect_view()}</ol>
        </section>
        {b.mailed.then(|| view! { <MailingBlock /> })}
        <TimelineSection />
        {b.dispatch.is_some().then(|| view! {
            <section aria-labelledby="p-return">
                <h2 id="p-return">{t!(i18n, guide_return)}</h2>
                <ul>{RETURN_RULES.iter().map(|r| view! { <li>{move || r.get(lang())}</li> }).collect_view()}</ul>
            </section>
        })}
    }
}
