use eport_domain::protocol::SubmissionState;
use leptos::prelude::*;
use leptos_router::components::A;

use super::staff_gate::{use_staff_gate, StaffGate};
use super::staff_quarantine::QuarantineNotice;
use crate::i18n::*;
use crate::lang::use_lang;
use crate::sync::staff_api::{self, StaffError};

const STATES: [SubmissionState; 7] = [
    SubmissionState::Received,
    SubmissionState::InReview,
    SubmissionState::Approved,
    SubmissionState::Rejected,
    SubmissionState::Dispatched,
    SubmissionState::Superseded,
    SubmissionState::AwaitingAttachments,
];

/// 审核工作台: submissions with a state filter and a search.
#[component]
pub fn StaffList() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, staff_title)}</h1>
        <StaffGate><Submissions /></StaffGate>
    }
}

#[component]
fn Submissions() -> impl IntoView {
    let gate = use_staff_gate();
    let i18n = use_i18n();
    let lang = use_lang();
    let state = RwSignal::new(None::<SubmissionState>);
    let query = RwSignal::new(String::new());
    let asked = RwSignal::new((None::<SubmissionState>, String::new()));
    let list = LocalResource::new(move || {
        let (s, q) = asked.get();
        async move { staff_api::list(s, &q).await }
    });
    Effect::new(move |_| {
        if let Some(Err(StaffError::Refused)) = list.get() {
            gate.refused();
        }
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        asked.set((state.get_untracked(), query.get_untracked()));
    };
    view! {
        <form class="filters" on:submit=search>
            <div>
                <label for="staff-state" class="label">{t!(i18n, staff_filter_state)}</label>
                <select id="staff-state" class="input" on:change=move |ev| {
                    state.set(SubmissionState::parse(&event_target_value(&ev)));
                }>
                    <option value="">{t!(i18n, staff_all)}</option>
                    {STATES.into_iter().map(|s| view! { <option value=s.as_str()>{move || s.label(lang())}</option> }).collect_view()}
                </select>
            </div>
            <div>
                <label for="staff-q" class="label">{t!(i18n, staff_search)}</label>
                <input id="staff-q" type="search" class="input" prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="button">{t!(i18n, staff_search_button)}</button>
        </form>
        {move || list.get().and_then(Result::ok).filter(|l| l.quarantined > 0).map(|l| view! { <QuarantineNotice count=l.quarantined /> })}
        {move || match list.get() {
            None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-message" role="alert">{t_string!(i18n, staff_failed, error = format!("{e:?}")).to_string()}</p> }.into_any(),
            Some(Ok(l)) if l.items.is_empty() => view! { <p data-testid="staff-none">{t!(i18n, staff_none)}</p> }.into_any(),
            Some(Ok(l)) => view! {
                <table class="cases" data-testid="staff-list">
                    <caption class="visually-hidden">{t!(i18n, staff_list_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, staff_col_reference)}</th>
                        <th scope="col">{t!(i18n, staff_col_enterprise)}</th>
                        <th scope="col">{t!(i18n, staff_col_state)}</th>
                        <th scope="col">{t!(i18n, staff_col_received)}</th>
                    </tr></thead>
                    <tbody>
                        {l.items.into_iter().map(|i| {
                            let label = i.reference.clone().unwrap_or_else(|| i.id.clone());
                            // Addressed by what staff say on the phone: the reference.
                            let href = format!("/staff/{label}");
                            let received = i.received_at.clone().unwrap_or_default();
                            view! {
                                <tr data-state=i.state.as_str()>
                                    <td><A href=href>{label}</A></td>
                                    <td>{format!("{} · {}", i.enterprise, i.uscc)}</td>
                                    <td>{move || i.state.label(lang())}</td>
                                    <td>{received.get(..16).unwrap_or("").replace('T', " ")}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
    }
}
