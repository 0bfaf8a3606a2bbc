//! 操作员信息预录入: any number of operators.

use eport_domain::case::Operator;
use eport_domain::field::operator_group;
use eport_domain::{Field, FieldPath};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::enterprise::IdNumberField;
use super::parts::{Part, WizardPart};
use crate::components::{
    CaseLockBanner, ErrorSummary, LockedFields, RadioField, SaveIndicator, SelectField, TextField,
};
use crate::editor::{new_id, use_editor};
use crate::i18n::*;
use crate::lang::use_lang;

#[component]
pub fn OperatorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let e = use_editor();
    let issues = Part::Operators.visible_issues(e);
    let submit = Part::Operators.on_continue(e);

    view! {
        <p class="breadcrumb"><a href=format!("/cases/{}", e.case.with_untracked(|c| c.id.clone()))>{t!(i18n, back_to_tasks)}</a></p>
        <h1>{t!(i18n, part_operators)}</h1>
        <CaseLockBanner />
        <SaveIndicator />
        <ErrorSummary issues=issues />
        <p class="lead">{t!(i18n, operators_intro)}</p>
        <form novalidate on:submit=submit>
            <LockedFields><OperatorList /></LockedFields>
            <button type="submit" class="button">{t!(i18n, save_and_continue)}</button>
        </form>
    }
}

/// Every operator's fields, and 添加操作员 (focus moves to the new one).
#[component]
pub fn OperatorList() -> impl IntoView {
    let i18n = use_i18n();
    let e = use_editor();
    let keys = e.operator_keys();
    let add = move |_| {
        let key = new_id();
        let focus_id = FieldPath::op(
            Field::OperatorName,
            e.case.with_untracked(|c| c.enrollment.operators.len()),
        )
        .dom_id();
        // The new operator's blank fields are not errors yet, so nothing
        // below the button moves while it is tapped again.
        e.show_all.set(false);
        e.update(|c| {
            c.enrollment.operators.push(Operator {
                key,
                nationality: "中国".into(),
                ..Default::default()
            })
        });
        // Move focus to the new operator's first field once it is rendered.
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&focus_id) {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        });
    };
    view! {
        <div id="f-operators" tabindex="-1">
            <Show when=move || keys.with(|k| k.is_empty())>
                <p class="note">{t!(i18n, operators_none)}</p>
            </Show>
            // Keyed by key and position: a removal renumbers the later operators,
            // and their field paths (操作员 N) must follow.
            <For each=move || keys.get().into_iter().enumerate() key=|(i, k)| format!("{i}:{k}") let:item>
                <OperatorFields op_key=item.1 index=item.0 />
            </For>
        </div>
        <p><button type="button" class="button button-secondary" on:click=add>{t!(i18n, add_operator)}</button></p>
    }
}

#[component]
fn OperatorFields(op_key: String, index: usize) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let p = move |f: Field| FieldPath::op(f, index);
    let id_type = Signal::derive(move || {
        e.case.with(|c| {
            c.enrollment
                .operators
                .get(index)
                .map(|o| o.id_type)
                .unwrap_or_default()
        })
    });
    let carries_birth = move || id_type.get().carries_birth_date();
    let remove = move |_| {
        let k = op_key.clone();
        e.update(|c| {
            c.enrollment.operators.retain(|o| o.key != k);
            let prefix = format!("operator:{k}:");
            c.enrollment
                .attachments
                .retain(|a| !a.slot.starts_with(&prefix));
        });
    };
    view! {
        <fieldset class="group operator" data-testid=format!("operator-{}", index + 1)>
            <legend>{move || operator_group(index, lang())}</legend>
            <TextField path=p(Field::OperatorName) autocomplete="off" />
            <SelectField path=p(Field::OperatorIdType) />
            <IdNumberField path=p(Field::OperatorIdNumber) id_type=id_type />
            <div hidden=carries_birth>
                <RadioField path=p(Field::OperatorSex) />
                <TextField path=p(Field::OperatorBirthDate)
                    hint=Signal::derive(move || t_string!(i18n, hint_birth_date).to_string()) />
            </div>
            <TextField path=p(Field::OperatorNationality) />
            <TextField path=p(Field::OperatorEducation) />
            <TextField path=p(Field::OperatorTitle) />
            <TextField path=p(Field::OperatorPhone) input_type="tel" />
            <TextField path=p(Field::OperatorFax) input_type="tel" optional=true />
            <TextField path=p(Field::OperatorAddress) />
            <button type="button" class="button button-warning" on:click=remove>
                {move || t_string!(i18n, remove_operator, n = index + 1).to_string()}
            </button>
        </fieldset>
    }
}
