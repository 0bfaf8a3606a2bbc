//! The materials checklist and deregistration's tripartite-agreement pre-check;
//! every tick is saved with the case.

use eport_domain::catalog::{self, TRIPARTITE_SYSTEMS};
use eport_domain::paper::{material_key, precheck_key};
use leptos::prelude::*;

use crate::editor::{use_editor, Editor};
use crate::i18n::*;
use crate::lang::use_lang;

fn tick_box(e: Editor, key: String, label: Signal<String>) -> impl IntoView {
    let id = format!("tick-{}", key.replace('.', "-"));
    let k = key.clone();
    let checked = move || e.case.with(|c| c.paper.ticked(&k));
    view! {
        <div class="checkbox">
            <input type="checkbox" id=id.clone() prop:checked=checked
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let key = key.clone();
                    e.update(move |c| { c.paper.ticks.insert(key, on); });
                } />
            <label for=id>{move || label.get()}</label>
        </div>
    }
}

/// 材料清单: each form (printed and sealed) and each material of the business.
#[component]
pub fn Checklist() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let b = catalog::business(e.case.with_untracked(|c| c.kind));
    let mut items: Vec<(String, Signal<String>)> = b
        .forms
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let f = *f;
            // As many as the print view prints: one 附件2 per operator card.
            let label = Signal::derive(move || {
                let copies = e
                    .case
                    .with(|c| eport_domain::forms::sheet_count(b, &c.enrollment, f));
                let name = f.named(lang());
                t_string!(i18n, checklist_form, form = name, n = copies).to_string()
            });
            (format!("form.{i}"), label)
        })
        .collect();
    items.extend(b.materials.iter().enumerate().map(|(i, m)| {
        (
            material_key(i),
            Signal::derive(move || m.get(lang()).to_string()),
        )
    }));
    let keys: Vec<String> = items.iter().map(|(k, _)| k.clone()).collect();
    let total = keys.len();
    let done = Memo::new(move |_| {
        e.case
            .with(|c| keys.iter().filter(|k| c.paper.ticked(k)).count())
    });
    view! {
        <section aria-labelledby="p-checklist">
            <h2 id="p-checklist">{t!(i18n, guide_materials)}</h2>
            <p class="hint" role="status" data-testid="checklist-progress">
                {move || t_string!(i18n, checklist_progress, done = done.get(), total = total).to_string()}
            </p>
            <fieldset class="checklist">
                <legend class="visually-hidden">{t!(i18n, guide_materials)}</legend>
                {items.into_iter().map(|(k, l)| tick_box(e, k, l)).collect_view()}
            </fieldset>
            <p class="note">{move || catalog::STAMP_EVERY_COPY.get(lang())}</p>
        </section>
    }
}

/// 注销前检查: no live tripartite agreement may remain; the forms unlock when all are ticked.
#[component]
pub fn Precheck() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    view! {
        <section aria-labelledby="p-precheck" class="precheck">
            <h2 id="p-precheck">{t!(i18n, precheck_title)}</h2>
            <p>{t!(i18n, precheck_intro)}</p>
            <fieldset class="checklist">
                <legend class="visually-hidden">{t!(i18n, precheck_title)}</legend>
                {TRIPARTITE_SYSTEMS.iter().enumerate().map(|(i, s)| {
                    let label = Signal::derive(move || t_string!(i18n, precheck_item, system = s.get(lang())).to_string());
                    tick_box(e, precheck_key(i), label)
                }).collect_view()}
            </fieldset>
        </section>
    }
}
