//! The printable forms 附件1–附件5 of a case as A4 sheets (style/print.css):
//! the browser prints them, so the PDF keeps real, extractable text.

mod cells;
mod form1;
mod form2;
mod form3;
mod form4;
mod form5;

use eport_domain::catalog::{self, Form};
use eport_domain::forms::{sheets, Sheet};
use eport_domain::paper::forms_unlocked;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::clock;
use crate::editor::use_editor;
use crate::i18n::*;
use form1::Form1;
use form2::Form2;
use form3::Form3;
use form4::Form4;
use form5::Form5;

/// 附件N and the official title, as on the paper form.
#[component]
fn SheetHead(form: Form) -> impl IntoView {
    view! {
        <p class="sheet-number">{form.number().zh}</p>
        <h2 class="form-title">{form.title().zh}</h2>
    }
}

#[component]
pub fn PrintForms() -> impl IntoView {
    let i18n = use_i18n();
    let e = use_editor();
    let (id, kind) = e.case.with_untracked(|c| (c.id.clone(), c.kind));
    let b = catalog::business(kind);
    let locked = Memo::new(move |_| !e.case.with(|c| forms_unlocked(b, &c.paper)));
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let back = format!("/cases/{id}");
    let today = clock::now().date_naive();
    view! {
        <div class="no-print print-toolbar">
            <p class="breadcrumb"><A href=back.clone()>{t!(i18n, back_to_case)}</A></p>
            <h1>{t!(i18n, print_title)}</h1>
            <Show when=move || !locked.get() fallback=|| ()>
                <p class="hint">{t!(i18n, print_hint)}</p>
                <p><button type="button" class="button" on:click=print>{t!(i18n, print_now)}</button></p>
            </Show>
        </div>
        <Show when=move || !locked.get() fallback=move || view! {
            <p class="notice" data-testid="forms-locked">{t!(i18n, precheck_locked)}</p>
        }>
            <div class="sheets" lang="zh-CN">
                {move || {
                    let case = e.case.get();
                    sheets(b, &case.enrollment).into_iter().map(|s| match s {
                        Sheet::F1 => view! { <Form1 case=case.clone() /> }.into_any(),
                        Sheet::F2 { legal, operator } => view! { <Form2 case=case.clone() legal=legal operator=operator today=today /> }.into_any(),
                        Sheet::F3 => view! { <Form3 case=case.clone() /> }.into_any(),
                        Sheet::F4 { copy, of } => view! { <Form4 case=case.clone() copy=copy of=of /> }.into_any(),
                        Sheet::F5 => view! { <Form5 case=case.clone() /> }.into_any(),
                    }).collect_view()
                }}
            </div>
        </Show>
    }
}
