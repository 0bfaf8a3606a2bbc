//! 附件上传: the six enterprise slots and each operator's ID card.

use eport_domain::case::operator_slot;
use eport_domain::field::operator_group;
use eport_domain::{Field, FieldPath};
use leptos::prelude::*;

use super::parts::{Part, WizardPart};
use crate::components::{
    AttachmentSlot, CaseLockBanner, ErrorSummary, LockedFields, SaveIndicator,
};
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
        <CaseLockBanner />
        <SaveIndicator />
        <ErrorSummary issues=issues />
        <p class="lead">{t!(i18n, attach_intro)}</p>
        <form novalidate on:submit=submit>
            <LockedFields>
            <fieldset class="group">
                <legend>{t!(i18n, group_enterprise)}</legend>
                {Field::ENTERPRISE_ATTACHMENTS.into_iter().map(|f| {
                    let path = FieldPath::from(f);
                    view! {
                        <AttachmentSlot slot_key=f.info().key path=path label=Signal::derive(move || path.name(lang()).to_string()) />
                    }
                }).collect_view()}
            </fieldset>
            <For each=move || operators.get().into_iter().enumerate() key=|(i, k)| format!("{i}:{k}") let:item>
                <fieldset class="group">
                    <legend>{move || operator_group(item.0, lang())}</legend>
                    {[Field::OperatorIdFront, Field::OperatorIdBack].into_iter().map(|side| {
                        let path = FieldPath::op(side, item.0);
                        view! {
                            <AttachmentSlot slot_key=operator_slot(&item.1, side.info().key) path=path
                                label=Signal::derive(move || path.label(lang())) />
                        }
                    }).collect_view()}
                </fieldset>
            </For>
            </LockedFields>
            <button type="submit" class="button">{t!(i18n, save_and_continue)}</button>
        </form>
    }
}
