//! What the list does with the submissions chosen in it: print their 审核单
//! (one print for all), print the address labels of those approved for mail,
//! assign the unclaimed ones to a reviewer, release claims (another
//! reviewer's only with a reason). Decisions stay on each review page.

use eport_domain::bulk_claims::{BulkClaimAction, BulkClaimAnswer, BulkOutcome};
use eport_domain::staff_session::StaffActor;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::gate::use_staff_gate;
use crate::i18n::*;
use crate::lang::use_lang;
use crate::staff::api::{self as staff_api, StaffError};

/// A submission chosen in the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub reference: String,
    /// Approved, its card going by mail: it has an address label.
    pub labelled: bool,
}

/// The references a page for the chosen cases got in its address (`?refs=A,B`).
pub fn chosen_in_address() -> Vec<String> {
    leptos_router::hooks::use_query_map().with_untracked(|q| {
        q.get("refs")
            .unwrap_or_default()
            .split(',')
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect()
    })
}

/// The actions on what is chosen; `changed` runs after claims changed (the list reloads).
#[component]
pub fn SelectionActions(chosen: RwSignal<Vec<Chosen>>, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let gate = use_staff_gate();
    let reviewers = LocalResource::new(|| async { staff_api::reviewers().await });
    let to = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let answer = RwSignal::new(None::<Result<(BulkClaimAction, BulkClaimAnswer), String>>);
    let refs = move || chosen.with(|c| c.iter().map(|c| c.reference.clone()).collect::<Vec<_>>());
    let send = move |action: BulkClaimAction| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let keys = refs();
        let why = reason.get_untracked();
        spawn_local(async move {
            let got = match staff_api::bulk_claims(&keys, &action, &why).await {
                Ok(a) => {
                    changed.run(());
                    Ok((action, a))
                }
                Err(StaffError::Refused) => {
                    gate.refused();
                    Err(String::new())
                }
                Err(StaffError::Unprocessable(r) | StaffError::Conflict(r)) => Err(r.text(lang())),
                Err(e) => Err(t_string!(i18n, staff_failed, error = format!("{e:?}")).to_string()),
            };
            let _ = busy.try_set(false);
            let _ = answer.try_set(Some(got));
        });
    };
    let said = move |action: &BulkClaimAction, o: &BulkOutcome| -> String {
        let l = lang();
        match o {
            BulkOutcome::Assigned { to } => {
                t_string!(i18n, staff_bulk_assigned, name = to.name.clone()).to_string()
            }
            BulkOutcome::Released { from } => {
                t_string!(i18n, staff_bulk_released, name = from.name.clone()).to_string()
            }
            BulkOutcome::Unchanged => t_string!(i18n, staff_bulk_unchanged).to_string(),
            BulkOutcome::NotOpen { state } => {
                t_string!(i18n, staff_bulk_not_open, state = state.label(l)).to_string()
            }
            BulkOutcome::HeldBy { holder } if *action == BulkClaimAction::Release => {
                t_string!(i18n, staff_bulk_held_reason, name = holder.name.clone()).to_string()
            }
            BulkOutcome::HeldBy { holder } => {
                t_string!(i18n, staff_bulk_held, name = holder.name.clone()).to_string()
            }
            BulkOutcome::NotFound => t_string!(i18n, staff_bulk_not_found).to_string(),
        }
    };
    view! {
        {move || {
            let c = chosen.get();
            (!c.is_empty()).then(|| {
                let n = c.len();
                let all = c.iter().map(|c| c.reference.clone()).collect::<Vec<_>>().join(",");
                let labelled: Vec<String> = c.iter().filter(|c| c.labelled).map(|c| c.reference.clone()).collect();
                let l = labelled.len();
                view! {
                    <section class="selection" aria-labelledby="selection-title" data-testid="selection">
                        <h2 id="selection-title">{crate::lang::counted!(i18n, staff_chosen / staff_chosen_single, n)}</h2>
                        <ul class="tool-links">
                            <li><A href=format!("/staff/tools/sheets?refs={all}")>{crate::lang::counted!(i18n, staff_sheets_link / staff_sheets_link_single, n)}</A></li>
                            {(l > 0).then(|| view! {
                                <li><A href=format!("/staff/tools/labels?refs={}", labelled.join(","))>{crate::lang::counted!(i18n, staff_labels_link / staff_labels_link_single, l)}</A></li>
                            })}
                        </ul>
                        <div class="bulk-claims">
                            <div>
                                <label for="bulk-to" class="label">{t!(i18n, staff_bulk_to)}</label>
                                <select id="bulk-to" class="input" prop:value=move || to.get() on:change=move |ev| to.set(event_target_value(&ev))>
                                    <option value="">{t!(i18n, staff_bulk_pick)}</option>
                                    {move || reviewers.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|w: StaffActor| {
                                        let label = format!("{}（{}）", w.name, w.login);
                                        view! { <option value=w.login>{label}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="button" class="button button-secondary" aria-busy=move || busy.get().to_string()
                                on:click=move |_| {
                                    let login = to.get_untracked();
                                    if login.is_empty() {
                                        answer.set(Some(Err(t_string!(i18n, staff_bulk_pick_first).to_string())));
                                    } else {
                                        send(BulkClaimAction::Assign { to: login });
                                    }
                                }>{t!(i18n, staff_bulk_assign)}</button>
                            <div class="bulk-reason">
                                <label for="bulk-reason" class="label">{t!(i18n, staff_bulk_reason)}</label>
                                <input id="bulk-reason" class="input" maxlength="500" prop:value=move || reason.get()
                                    on:input=move |ev| reason.set(event_target_value(&ev)) />
                            </div>
                            <button type="button" class="button button-secondary" aria-busy=move || busy.get().to_string()
                                on:click=move |_| send(BulkClaimAction::Release)>{t!(i18n, staff_bulk_release)}</button>
                        </div>
                    </section>
                }
            })
        }}
        <div role="status" data-testid="bulk-results">{move || answer.get().map(|a| match a {
            Ok((action, a)) => view! {
                <ul class="bulk-results">{a.results.into_iter().map(|r| {
                    let text = said(&action, &r.outcome);
                    view! { <li class:error-message=!r.outcome.changed() && r.outcome != BulkOutcome::Unchanged>{r.key}"："{text}</li> }
                }).collect_view()}</ul>
            }.into_any(),
            Err(e) => view! { <p class="error-message">{e}</p> }.into_any(),
        })}</div>
    }
}
