//! 操作员信息预录入: any number of operators.

use eport_domain::case::Operator;
use eport_domain::id_number::{IdType, Sex};
use eport_domain::labels::field_name;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::bind::op_binding;
use super::enterprise::{id_derived, id_type_binding, id_type_options, normalise_id};
use super::parts::Part;
use crate::components::{Binding, ErrorSummary, RadioField, SaveIndicator, SelectField, TextField};
use crate::editor::{field_id, new_id, use_editor};
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
        <SaveIndicator />
        <ErrorSummary issues=issues />
        <p class="lead">{t!(i18n, operators_intro)}</p>
        <form novalidate on:submit=submit>
            <OperatorList />
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
        let focus_id = field_id(&format!(
            "operators.{}.name",
            e.case.with_untracked(|c| c.enrollment.operators.len())
        ));
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
    let label = move |f: &'static str| Signal::derive(move || field_name(f, lang()).to_string());
    let b = |f: fn(&mut Operator) -> &mut String| op_binding(e, op_key.clone(), f);
    let k = op_key.clone();
    let op = move || {
        e.case.with(|c| {
            c.enrollment
                .operators
                .iter()
                .find(|o| o.key == k)
                .cloned()
                .unwrap_or_default()
        })
    };
    let op = Memo::new(move |_| op());
    let id_type = Signal::derive(move || op.with(|o| o.id_type));
    let carries_birth = move || op.with(|o| o.id_type.carries_birth_date());
    let id_path = format!("operators.{index}.id_number");
    let id_path2 = id_path.clone();
    let derived = Signal::derive(move || {
        op.with(|o| {
            let was = e
                .upgraded
                .with(|u| u.get(&id_path2).is_some_and(|v| *v == o.id_number));
            id_derived(lang(), o.id_type, &o.id_number, was, i18n)
        })
    });
    let k_type = op_key.clone();
    let set_type = move |t: IdType| {
        let k = k_type.clone();
        e.update(|c| {
            if let Some(o) = c.enrollment.operators.iter_mut().find(|o| o.key == k) {
                o.id_type = t;
            }
        })
    };
    let k_sex = op_key.clone();
    let sex = Binding {
        value: Signal::derive(move || match op.with(|o| o.sex) {
            Some(Sex::Male) => "male".into(),
            Some(Sex::Female) => "female".into(),
            None => String::new(),
        }),
        set: Callback::new(move |v: String| {
            let k = k_sex.clone();
            e.update(|c| {
                if let Some(o) = c.enrollment.operators.iter_mut().find(|o| o.key == k) {
                    o.sex = match v.as_str() {
                        "male" => Some(Sex::Male),
                        "female" => Some(Sex::Female),
                        _ => None,
                    };
                }
            })
        }),
    };
    let k_blur = op_key.clone();
    let id_blur = Callback::new(move |raw: String| {
        let k = k_blur.clone();
        normalise_id(e, &id_path, id_type.get_untracked(), &raw, move |c, v| {
            if let Some(o) = c.operators.iter_mut().find(|o| o.key == k) {
                o.id_number = v;
            }
        })
    });
    let k_rm = op_key.clone();
    let remove = move |_| {
        let k = k_rm.clone();
        e.update(|c| {
            c.enrollment.operators.retain(|o| o.key != k);
            let prefix = format!("operator:{k}:");
            c.enrollment
                .attachments
                .retain(|a| !a.slot.starts_with(&prefix));
        });
    };
    let p = move |f: &str| format!("operators.{index}.{f}");
    view! {
        <fieldset class="group operator" data-testid=format!("operator-{}", index + 1)>
            <legend>{move || eport_domain::labels::operator_group(index, lang())}</legend>
            <TextField path=p("name") label=label("name") bind=b(|o| &mut o.name) autocomplete="off" />
            <SelectField path=p("id_type") label=label("id_type") options=Signal::derive(move || id_type_options(lang()))
                bind=id_type_binding(id_type, set_type) />
            <TextField path=p("id_number") label=label("id_number") bind=b(|o| &mut o.id_number) derived=derived on_blur=id_blur />
            <div hidden=carries_birth>
                <RadioField path=p("sex") legend=label("sex")
                    options=Signal::derive(move || vec![
                        ("male".to_string(), Sex::Male.label(lang()).to_string()),
                        ("female".to_string(), Sex::Female.label(lang()).to_string()),
                    ])
                    bind=sex />
                <TextField path=p("birth_date") label=label("birth_date") bind=b(|o| &mut o.birth_date)
                    hint=Signal::derive(move || t_string!(i18n, hint_birth_date).to_string()) />
            </div>
            <TextField path=p("nationality") label=Signal::derive(move || if lang() == eport_domain::Lang::ZhCn { "国籍（地区）".to_string() } else { "Nationality (region)".to_string() }) bind=b(|o| &mut o.nationality) />
            <TextField path=p("education") label=label("education") bind=b(|o| &mut o.education) />
            <TextField path=p("title") label=label("title") bind=b(|o| &mut o.title) />
            <TextField path=p("phone") label=label("phone") bind=b(|o| &mut o.phone) input_type="tel" />
            <TextField path=p("fax") label=label("fax") bind=b(|o| &mut o.fax) input_type="tel" optional=true />
            <TextField path=p("address") label=label("user_address") bind=b(|o| &mut o.address) />
            <button type="button" class="button button-warning" on:click=remove>
                {move || t_string!(i18n, remove_operator, n = index + 1).to_string()}
            </button>
        </fieldset>
    }
}
