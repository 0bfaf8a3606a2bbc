//! After 申报: the case is 待发送, with what to expect and when.

use eport_domain::calendar::Calendar;
use leptos::prelude::*;

use crate::clock;
use crate::components::SubmissionStatus;
use crate::editor::use_editor;
use crate::i18n::*;
use crate::lang::{format_date, use_lang};

#[component]
pub fn DeclaredPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let review_by = Calendar::builtin().add_business_days(clock::now().date_naive(), 1);
    view! {
        <div class="panel-confirm" data-testid="declared">
            <h1>{t!(i18n, declared_title)}</h1>
        </div>
        <p>{t!(i18n, declared_body)}</p>
        <SubmissionStatus submission_id=Signal::derive(move || e.case.with(|c| c.submission_id.clone())) case_id=e.case.with_untracked(|c| c.id.clone()) />
        <p>{move || t_string!(i18n, expect_review, date = format_date(review_by.date, lang())).to_string()}</p>
        {review_by.ignores_holidays.then(|| view! { <p class="note">{t!(i18n, calendar_missing)}</p> })}
        <p>{t!(i18n, expect_card)}</p>
        <p><a href=format!("/cases/{}", e.case.with_untracked(|c| c.id.clone()))>{t!(i18n, back_to_tasks)}</a>" · "<a href="/">{t!(i18n, back_home)}</a></p>
    }
}
