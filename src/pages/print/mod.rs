//! The printable forms 附件1–附件5 of a case as A4 sheets (style/print.css):
//! the browser prints them, so the PDF keeps real, extractable text. With
//! `?sheet=receipt`, the 领卡凭条 of a declared case instead.

mod cells;
mod form1;
mod form2;
mod form3;
mod form4;
mod form5;
mod receipt;

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
use receipt::Receipt;

/// 附件N and the official title, as on the paper form.
#[component]
fn SheetHead(form: Form) -> impl IntoView {
    view! {
        <p class="sheet-number">{form.number().zh}</p>
        <h2 class="form-title">{form.title().zh}</h2>
    }
}

/// 210 mm at 96 dpi, and the page's side padding: how much of an A4 sheet fits.
fn sheet_zoom() -> f64 {
    const SHEET_PX: f64 = 210.0 / 25.4 * 96.0;
    const PADDING_PX: f64 = 32.0;
    let width = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(SHEET_PX);
    ((width - PADDING_PX) / SHEET_PX).clamp(0.3, 1.0)
}

/// `?sheet=receipt` asks for the 领卡凭条 rather than the forms.
fn wants_receipt() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|p| p.get("sheet"))
        .is_some_and(|s| s == "receipt")
}

#[component]
pub fn PrintForms() -> impl IntoView {
    if wants_receipt() {
        return view! { <PrintReceipt /> }.into_any();
    }
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
    // On a narrow screen the A4 sheet is shown shrunk to the width (paper is untouched).
    let zoom = RwSignal::new(sheet_zoom());
    let sheets_el = NodeRef::<leptos::html::Div>::new();
    // Through the CSSOM: the CSP allows no style attribute.
    Effect::new(move |_| {
        if let Some(el) = sheets_el.get() {
            let el: &web_sys::HtmlElement = &el;
            let _ = web_sys::HtmlElement::style(el)
                .set_property("--sheet-zoom", &thousandths(zoom.get()));
        }
    });
    if let Some(w) = web_sys::window() {
        StoredValue::new_local(gloo::events::EventListener::new(&w, "resize", move |_| {
            zoom.set(sheet_zoom())
        }));
    }
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
            <div class="sheets" lang="zh-CN" node_ref=sheets_el>
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
    .into_any()
}

/// The 领卡凭条 of the open case, once its declaration has a reference.
#[component]
fn PrintReceipt() -> impl IntoView {
    let i18n = use_i18n();
    let e = use_editor();
    let id = e.case.with_untracked(|c| c.id.clone());
    let reference = LocalResource::new(move || {
        let sid = e.case.with(|c| c.submission_id.clone());
        async move {
            let entry = crate::store::get_outbox_entry(&sid?).await.ok().flatten()?;
            entry.remote.and_then(|r| r.reference)
        }
    });
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="no-print print-toolbar">
            <p class="breadcrumb"><a href=format!("/cases/{id}/declared")>{t!(i18n, back_to_case)}</a></p>
            <h1>{t!(i18n, receipt_title)}</h1>
            <p class="hint">{t!(i18n, receipt_hint)}</p>
            <p><button type="button" class="button" on:click=print>{t!(i18n, print_now)}</button></p>
        </div>
        {move || match reference.get() {
            None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
            Some(None) => view! { <p class="notice" data-testid="receipt-unavailable">{t!(i18n, receipt_unavailable)}</p> }.into_any(),
            Some(Some(r)) => view! {
                <div class="sheets" lang="zh-CN"><Receipt case=e.case.get() reference=r /></div>
            }.into_any(),
        }}
    }
}

/// "0.482": no float formatting in the wasm (see `attachment::tenths`).
fn thousandths(x: f64) -> String {
    let t = (x.max(0.0) * 1000.0).round() as u64;
    format!("{}.{:03}", t / 1000, t % 1000)
}
