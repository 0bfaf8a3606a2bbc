//! Form controls following the government-form pattern: a visible label with
//! the official field name, an optional hint, the error next to the field
//! (`aria-invalid`, `aria-describedby`), and derived values shown below.

use eport_domain::{FieldPath, Severity};
use leptos::prelude::*;

use crate::editor::{binding, use_editor};
use crate::i18n::*;
use crate::lang::use_lang;

/// What a text field reads and writes.
#[derive(Clone, Copy)]
pub struct Binding {
    pub value: Signal<String>,
    pub set: Callback<String>,
}

/// The label a field gets when the page gives none: its registry name.
fn default_label(path: FieldPath, label: Option<Signal<String>>) -> Signal<String> {
    let lang = use_lang();
    label.unwrap_or_else(|| Signal::derive(move || path.name(lang()).to_string()))
}

/// A bound text input: by default labelled with the field's official name and
/// bound to the field through the registry.
#[component]
pub fn TextField(
    /// The field; also yields the input's id.
    #[prop(into)]
    path: FieldPath,
    /// Replaces the official name where a form calls the field otherwise.
    #[prop(optional, into)]
    label: Option<Signal<String>>,
    #[prop(optional)] bind: Option<Binding>,
    /// Normalises the value when the user leaves the field.
    #[prop(optional)]
    on_blur: Option<Callback<String>>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    /// A value derived from the input (行政区划, 出生日期 …), shown under it.
    #[prop(optional, into)]
    derived: Option<Signal<Option<String>>>,
    #[prop(optional)] optional: bool,
    #[prop(optional)] multiline: bool,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let editor = use_editor();
    let lang = use_lang();
    let i18n = use_i18n();
    let label = default_label(path, label);
    let bind = bind.unwrap_or_else(|| binding(editor, path));
    let id = path.dom_id();
    let (hint_id, err_id, derived_id) = (
        format!("{id}-hint"),
        format!("{id}-error"),
        format!("{id}-derived"),
    );
    let issue = editor.issue_memo(path);
    let has_error =
        move || issue.with(|i| i.as_ref().is_some_and(|i| i.severity == Severity::Error));
    let describedby = {
        let (hint_id, err_id, derived_id) = (hint_id.clone(), err_id.clone(), derived_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if derived.is_some_and(|d| d.with(|v| v.is_some())) {
                ids.push(derived_id.clone());
            }
            if issue.with(|i| i.is_some()) {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    // Phones read grouped (`0592-5653395`) except while being typed, so the
    // text never changes under the cursor; what is stored stays digits.
    let typing = RwSignal::new(false);
    let shown = move || {
        let v = bind.value.get();
        match path.field.shown(&v) {
            Some(s) if !typing.get() => s,
            _ => v,
        }
    };
    let blur = move |ev: web_sys::FocusEvent| {
        typing.set(false);
        let typed = event_target_value(&ev);
        // Phones and card numbers are kept as printed: digits, no separators.
        if let Some(c) = path.field.canonical(&typed).filter(|c| *c != typed) {
            bind.set.run(c);
        }
        let blank = typed.trim().is_empty();
        if let Some(cb) = on_blur {
            cb.run(typed);
        }
        // Leaving a blank field says nothing yet (its 必填 error waits for
        // 保存并继续): an error appearing under the thumb would move the
        // button being tapped, e.g. a second 添加操作员.
        if !blank {
            editor.touch(path);
        }
    };
    let optional_mark = move || {
        optional.then(|| view! { <span class="optional">{move || if lang() == eport_domain::Lang::En { " (optional)" } else { "（选填）" }}</span> })
    };
    let input = if multiline {
        view! {
            <textarea id=id.clone() name=id.clone() class="input" rows="3"
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=describedby
                prop:value=move || bind.value.get()
                on:input=move |ev| bind.set.run(event_target_value(&ev))
                on:blur=blur></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=id.clone() class="input" type=input_type
                autocomplete=autocomplete inputmode=inputmode spellcheck="false"
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=describedby
                prop:value=shown
                on:input=move |ev| {
                    typing.set(true);
                    bind.set.run(event_target_value(&ev))
                }
                on:blur=blur />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-error=has_error class:field-warning=move || issue.with(|i| i.as_ref().is_some_and(|i| i.severity == Severity::Warning))>
            <label for=id.clone() class="label">{move || label.get()}{optional_mark}</label>
            {hint.map(|h| view! { <p id=hint_id.clone() class="hint">{move || h.get()}</p> })}
            {move || issue.get().map(|i| view! {
                <p id=err_id.clone() class=if i.severity == Severity::Error { "error-message" } else { "warning-message" }>
                    <span class="visually-hidden">{if i.severity == Severity::Error { t_string!(i18n, error_prefix) } else { t_string!(i18n, warning_prefix) }}</span>
                    {i.message(lang())}
                </p>
            })}
            {input}
            {derived.map(|d| view! {
                {move || d.get().map(|text| view! { <p id=derived_id.clone() class="derived">{text}</p> })}
            })}
        </div>
    }
}

/// A `<select>` of the field's options (its registry choices by default).
#[component]
pub fn SelectField(
    #[prop(into)] path: FieldPath,
    #[prop(optional, into)] label: Option<Signal<String>>,
    #[prop(optional, into)] options: Option<Signal<Vec<(String, String)>>>,
    #[prop(optional)] bind: Option<Binding>,
) -> impl IntoView {
    let editor = use_editor();
    let lang = use_lang();
    let label = default_label(path, label);
    let options = options.unwrap_or_else(|| Signal::derive(move || path.options(lang())));
    let bind = bind.unwrap_or_else(|| binding(editor, path));
    let id = path.dom_id();
    let err_id = format!("{id}-error");
    let issue = editor.issue_memo(path);
    let err_id2 = err_id.clone();
    view! {
        <div class="field" class:field-error=move || issue.with(|i| i.is_some())>
            <label for=id.clone() class="label">{move || label.get()}</label>
            {move || issue.get().map(|i| view! { <p id=err_id.clone() class="error-message">{i.message(lang())}</p> })}
            <select id=id.clone() name=id.clone() class="select"
                aria-invalid=move || issue.with(|i| i.is_some()).then_some("true")
                aria-describedby=move || issue.with(|i| i.is_some()).then(|| err_id2.clone())
                on:change=move |ev| { bind.set.run(event_target_value(&ev)); editor.touch(path); }>
                {move || {
                    let current = bind.value.get();
                    options.get().into_iter().map(|(v, l)| {
                        let selected = v == current;
                        view! { <option value=v selected=selected>{l}</option> }
                    }).collect_view()
                }}
            </select>
        </div>
    }
}

/// Radio buttons in a fieldset whose legend is the question; the options are
/// the field's registry choices.
#[component]
pub fn RadioField(
    #[prop(into)] path: FieldPath,
    #[prop(optional, into)] legend: Option<Signal<String>>,
) -> impl IntoView {
    let editor = use_editor();
    let lang = use_lang();
    let legend = default_label(path, legend);
    let options = Signal::derive(move || path.options(lang()));
    let bind = binding(editor, path);
    let id = path.dom_id();
    let err_id = format!("{id}-error");
    let issue = editor.issue_memo(path);
    let name = id.clone();
    let err_id2 = err_id.clone();
    view! {
        <fieldset class="field radios" class:field-error=move || issue.with(|i| i.is_some())
            aria-describedby=move || issue.with(|i| i.is_some()).then(|| err_id2.clone())>
            <legend class="label">{move || legend.get()}</legend>
            {move || issue.get().map(|i| view! { <p id=err_id.clone() class="error-message">{i.message(lang())}</p> })}
            {move || {
                let current = bind.value.get();
                options.get().into_iter().enumerate().map(|(n, (v, l))| {
                    // The first radio carries the field id so error links land on it.
                    let rid = if n == 0 { id.clone() } else { format!("{id}-{n}") };
                    let checked = v == current;
                    let value = v.clone();
                    view! {
                        <div class="radio">
                            <input type="radio" id=rid.clone() name=name.clone() value=v checked=checked
                                on:change=move |_| { bind.set.run(value.clone()); editor.touch(path); } />
                            <label for=rid>{l}</label>
                        </div>
                    }
                }).collect_view()
            }}
        </fieldset>
    }
}
