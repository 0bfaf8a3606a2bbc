use leptos::prelude::*;
use leptos_router::components::A;

use super::parts::{Part, PartStatus, WizardPart, WIZARD};
use crate::components::{state_label, CaseLockBanner, SubmissionStatus};
use crate::editor::use_editor;
use crate::i18n::*;
use crate::store::CaseState;

/// The task list: the parts with their status, then 核对并申报.
#[component]
pub fn TaskList() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let lang = crate::lang::use_lang();
    let id = editor.case.with_untracked(|c| c.id.clone());
    let status = move |p: Part| {
        editor
            .issues
            .with(|i| editor.case.with(|c| p.status(&c.enrollment, i)))
    };
    let label = move |s: PartStatus| match s {
        PartStatus::NotStarted => t_string!(i18n, status_not_started),
        PartStatus::InProgress => t_string!(i18n, status_in_progress),
        PartStatus::Done => t_string!(i18n, status_done),
        PartStatus::HasErrors => t_string!(i18n, status_error),
    };
    let part_name = move |p: Part| match p {
        Part::Enterprise => t_string!(i18n, part_enterprise),
        Part::Operators => t_string!(i18n, part_operators),
        _ => t_string!(i18n, part_attachments),
    };
    let declared = move || editor.case.with(|c| c.state != CaseState::Draft);
    let id2 = id.clone();
    let id3 = id.clone();
    let id4 = id.clone();
    view! {
        <h1>{move || eport_domain::catalog::business(eport_domain::catalog::BusinessKind::PaperlessEnrollment).name.get(lang())}</h1>
        <CaseLockBanner />
        // Where the declaration stands (a 退单 with its 审批意见) comes first.
        <Show when=declared>
            <SubmissionStatus submission_id=Signal::derive(move || editor.case.with(|c| c.submission_id.clone())) case_id=id3.clone() />
        </Show>
        <p class="lead">{t!(i18n, tasks_intro)}</p>
        <ol class="task-list">
            {WIZARD.into_iter().map(|p| {
                let href = format!("/cases/{id}/{}", p.slug());
                let tag_id = format!("task-{}-status", p.slug());
                view! {
                    <li class="task">
                        <A href=href attr:aria-describedby=tag_id.clone()>{move || part_name(p)}</A>
                        <strong id=tag_id class=move || status(p).class() data-testid=format!("status-{}", p.slug())>{move || label(status(p))}</strong>
                    </li>
                }
            }).collect_view()}
            <li class="task">
                <A href=format!("/cases/{id2}/review") attr:aria-describedby="task-review-status">{t!(i18n, part_review)}</A>
                // Declared: the declaration's own state (退单 in red), not a green 已完成.
                <strong id="task-review-status" data-testid="status-review"
                    class=move || if declared() { editor.declared.get().tag_class() } else { "tag tag-grey" }>
                    {move || if declared() { state_label(editor.declared.get(), i18n) } else { t_string!(i18n, status_not_started).to_string() }}
                </strong>
            </li>
        </ol>
        <p class="hint">{t!(i18n, print_form5_hint)}" "<A href=format!("/cases/{id4}/print")>{t!(i18n, print_form5)}</A></p>
    }
}
