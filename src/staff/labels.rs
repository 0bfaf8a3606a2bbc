//! 地址标签: the address labels of the approved mail cases chosen in the list,
//! on the common 14-up A4 label sheet, for the browser's print. The server
//! records each label against its submission (they carry personal data).

use eport_domain::labels::LabelsAnswer;
use leptos::prelude::*;
use leptos_router::components::A;

use super::gate::{use_staff_gate, StaffGate};
use crate::i18n::*;
use crate::staff::api::{self as staff_api, StaffError};

#[component]
pub fn AddressLabels() -> impl IntoView {
    let i18n = use_i18n();
    let refs: Vec<String> = super::selection::chosen_in_address();
    view! {
        <p class="no-print"><A href="/staff">{t!(i18n, staff_back)}</A>" "
            <button type="button" class="button" on:click=|_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>{t!(i18n, staff_sheet_print)}</button></p>
        <h1 class="no-print">{t!(i18n, staff_labels_title)}</h1>
        <StaffGate><Sheet refs=refs.clone() /></StaffGate>
    }
}

#[component]
fn Sheet(refs: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_staff_gate();
    let answer = LocalResource::new(move || {
        let refs = refs.clone();
        async move { staff_api::labels(&refs).await }
    });
    move || {
        match answer.get() {
        None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
        Some(Err(StaffError::Refused)) => {
            gate.refused();
            ().into_any()
        }
        Some(Err(e)) => view! { <p class="error-message" role="alert">{t_string!(i18n, staff_failed, error = format!("{e:?}")).to_string()}</p> }.into_any(),
        Some(Ok(a)) => view! { <Labels a=a /> }.into_any(),
    }
    }
}

#[component]
fn Labels(a: LabelsAnswer) -> impl IntoView {
    let i18n = use_i18n();
    let n = a.labels.len();
    let skipped = a.skipped.join("、");
    view! {
        <p class="no-print" role="status" data-testid="labels-summary">
            {move || crate::lang::counted!(i18n, staff_labels_count / staff_labels_count_single, n)}
            {(!skipped.is_empty()).then(|| view! { " "<span class="error-message">{t_string!(i18n, staff_labels_skipped, refs = skipped.clone()).to_string()}</span> })}
        </p>
        <div class="label-sheet" data-testid="label-sheet">
            {a.labels.into_iter().map(|l| view! {
                <div class="address-label">
                    <p class="label-recipient">{l.recipient}" "{t!(i18n, staff_labels_receives)}</p>
                    <p>{l.phone}</p>
                    <p>{l.address}</p>
                    <p class="label-ref">{l.reference}</p>
                </div>
            }).collect_view()}
        </div>
    }
}
