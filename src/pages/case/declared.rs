//! After 申报: the declaration's state in its heading, its live status, and
//! only the expectations that still lie ahead (no "预计…寄出" once posted).

use leptos::prelude::*;

use crate::clock;
use crate::components::{state_label, SubmissionStatus};
use crate::editor::use_editor;
use crate::i18n::*;
use crate::lang::{format_date, use_lang};
use crate::sync::status::Shown;

#[component]
pub fn DeclaredPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let calendar = crate::calendar::use_calendar();
    let review_by = Memo::new(move |_| {
        calendar
            .get()
            .add_business_days(clock::now().date_naive(), 1)
    });
    let title = move || match e.declared.get() {
        Shown::Queued | Shown::Sending | Shown::Draft => {
            t_string!(i18n, declared_title_queued).to_string()
        }
        Shown::Submitted => t_string!(i18n, declared_title_submitted).to_string(),
        Shown::InReview => t_string!(i18n, declared_title_in_review).to_string(),
        Shown::Approved => t_string!(i18n, declared_title_approved).to_string(),
        Shown::Dispatched => t_string!(i18n, declared_title_dispatched).to_string(),
        Shown::ReadyForPickup => t_string!(i18n, declared_title_ready).to_string(),
        Shown::Collected => t_string!(i18n, declared_title_collected).to_string(),
        Shown::Rejected => t_string!(i18n, declared_title_rejected).to_string(),
        Shown::Withdrawn => t_string!(i18n, declared_title_withdrawn).to_string(),
        other => state_label(other, i18n),
    };
    // Not yet at the centre: what happens next, and when.
    let ahead = move || matches!(e.declared.get(), Shown::Queued | Shown::Sending);
    let trouble = move || matches!(e.declared.get(), Shown::Rejected | Shown::Failed);
    view! {
        <div class="panel-confirm" class:panel-trouble=trouble data-testid="declared" data-state=move || e.declared.get().test_id()>
            <h1>{title}</h1>
        </div>
        <Show when=ahead>
            <p>{t!(i18n, declared_body)}</p>
        </Show>
        <SubmissionStatus submission_id=Signal::derive(move || e.case.with(|c| c.submission_id.clone())) case_id=e.case.with_untracked(|c| c.id.clone()) />
        <Show when=ahead>
            <p>{move || t_string!(i18n, expect_review, date = format_date(review_by.get().date, lang())).to_string()}</p>
            {move || review_by.get().ignores_holidays.then(|| view! { <p class="note">{t!(i18n, calendar_missing)}</p> })}
        </Show>
        <Show when=move || matches!(e.declared.get(), Shown::Queued | Shown::Sending | Shown::Submitted | Shown::InReview)>
            // What happens after approval follows the case's 领卡方式.
            <p>{move || if e.case.with(|c| c.enrollment.pickup.method) == Some(eport_domain::case::PickupMethod::Window) {
                t_string!(i18n, expect_card_window).to_string()
            } else {
                t_string!(i18n, expect_card).to_string()
            }}</p>
        </Show>
        <p><a href=format!("/cases/{}", e.case.with_untracked(|c| c.id.clone()))>{t!(i18n, back_to_tasks)}</a>" · "<a href="/">{t!(i18n, back_home)}</a></p>
    }
}
