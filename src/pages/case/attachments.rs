//! 附件上传: the six enterprise slots and each operator's ID card.

use eport_domain::case::{operator_slot, ENTERPRISE_SLOTS};
use eport_domain::labels::{field_name, operator_group};
use leptos::prelude::*;

use super::parts::Part;
use crate::components::{AttachmentSlot, ErrorSummary, SaveIndicator};
use crate::editor::use_editor;
use crate::i18n::*;
use crate::lang::use_lang;

#[component]
pub fn AttachmentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let issues = Part::Attachments.visible_issues(e);
    let operators = e.operator_keys();
    let submit = Part::Attachments.on_continue(e);
    view! {
        <p class="breadcrumb"><a href=format!("/cases/{}", e.case.with_untracked(|c| c.id.clone()))>{t!(i18n, back_to_tasks)}</a></p>
        <h1>{t!(i18n, part_attachments)}</h1>
        <SaveIndicator />
        <ErrorSummary issues=issues />
        <p class="lead">{t!(i18n, attach_intro)}</p>
        <form novalidate on:submit=submit>
            <fieldset class="group">
                <legend>{t!(i18n, group_enterprise)}</legend>
                {ENTERPRISE_SLOTS.iter().map(|s| view! {
                    <AttachmentSlot slot_key=*s path=format!("attachments.{s}") label=Signal::derive(move || field_name(s, lang()).to_string()) />
                }).collect_view()}
            </fieldset>
            <For each=move || operators.get().into_iter().enumerate() key=|(i, k)| format!("{i}:{k}") let:item>
                <fieldset class="group">
                    <legend>{move || operator_group(item.0, lang())}</legend>
                    {["id_front", "id_back"].into_iter().map(|side| {
                        let i = item.0;
                        view! {
                            <AttachmentSlot slot_key=operator_slot(&item.1, side) path=format!("operators.{i}.{side}")
                                label=Signal::derive(move || format!("{} {}", operator_group(i, lang()), field_name(side, lang()))) />
                        }
                    }).collect_view()}
                </fieldset>
            </For>
            <button type="submit" class="button">{t!(i18n, save_and_continue)}</button>
        </form>
    }
}
