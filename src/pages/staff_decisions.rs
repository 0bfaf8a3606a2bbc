//! The decisions that apply to a submission's state, and nothing else: 退单
//! with the centre's common reasons (each naming a field or attachment) and
//! a note, 标记已寄出 with the EMS mail number.

use std::collections::BTreeSet;

use eport_domain::case::EnrollmentCase;
use eport_domain::protocol::{Decision, SubmissionState};
use eport_domain::review::{offered_reasons, parse_tracking_number, RejectReason};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::staff_gate::use_staff_gate;
use crate::i18n::*;
use crate::lang::use_lang;
use crate::sync::staff_api::{self, ReviewRequest, StaffError};

#[component]
pub fn Decisions(
    key: String,
    state: SubmissionState,
    case: Option<EnrollmentCase>,
    /// Another reviewer's name when they hold the submission: no decision here.
    held_by_other: Option<String>,
    outcome: RwSignal<Option<Result<String, String>>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_staff_gate();
    let lang = use_lang();
    let note = RwSignal::new(String::new());
    let chosen = RwSignal::new(BTreeSet::<RejectReason>::new());
    let tracking = RwSignal::new(String::new());
    // Shown once 标记已寄出 was refused, then live while the number is fixed.
    // Not on blur: a message appearing then would move the button from under
    // the pointer between press and release, and the click would be lost.
    let tracking_error = RwSignal::new(false);
    let decision_label = move |d: Decision| match d {
        Decision::InReview => t_string!(i18n, staff_in_review).to_string(),
        Decision::Approve => t_string!(i18n, staff_approve).to_string(),
        Decision::Reject => t_string!(i18n, staff_reject).to_string(),
        Decision::Dispatch => t_string!(i18n, staff_dispatch).to_string(),
    };
    if let Some(name) = held_by_other {
        return view! {
            <section class="panel" aria-labelledby="staff-decide">
                <h3 id="staff-decide">{t!(i18n, staff_actions)}</h3>
                <p data-testid="staff-held">{t_string!(i18n, staff_held_by_other, name = name).to_string()}</p>
            </section>
        }
        .into_any();
    }
    let offered: Vec<Decision> = Decision::ALL
        .into_iter()
        .filter(|d| d.next(state).is_some())
        .collect();
    let reasons = case.as_ref().map(offered_reasons).unwrap_or_default();
    let decide = move |decision: Decision| {
        let key = key.clone();
        move |_| {
            let text = note.get_untracked().trim().to_string();
            let mut req = ReviewRequest {
                decision,
                note: (!text.is_empty()).then_some(text),
                reasons: Vec::new(),
                tracking_number: None,
            };
            if decision == Decision::Reject {
                req.reasons = chosen.get_untracked().into_iter().collect();
                if req.reasons.is_empty() && req.note.is_none() {
                    outcome.set(Some(Err(t_string!(i18n, staff_note_required).to_string())));
                    return;
                }
            }
            if decision == Decision::Dispatch {
                match parse_tracking_number(&tracking.get_untracked()) {
                    Ok(n) => req.tracking_number = Some(n),
                    Err(_) => {
                        tracking_error.set(true);
                        // After the click has finished moving focus to the button.
                        request_animation_frame(|| focus("staff-tracking"));
                        return;
                    }
                }
            }
            let key = key.clone();
            spawn_local(async move {
                outcome.set(Some(match staff_api::review(&key, &req).await {
                    Ok(doc) => {
                        on_change.run(());
                        Ok(
                            t_string!(i18n, staff_done, state = doc.state.label(lang()))
                                .to_string(),
                        )
                    }
                    Err(StaffError::Refused) => {
                        gate.refused();
                        Err(t_string!(i18n, staff_session_expired).to_string())
                    }
                    // Another reviewer changed it meanwhile: show what it is now.
                    Err(StaffError::Conflict) => {
                        on_change.run(());
                        Err(
                            t_string!(i18n, staff_conflict, action = decision_label(decision))
                                .to_string(),
                        )
                    }
                    Err(StaffError::Other(e)) => {
                        Err(t_string!(i18n, staff_failed, error = e).to_string())
                    }
                    Err(StaffError::NotFound) => Err(t_string!(i18n, staff_not_found).to_string()),
                }));
            });
        }
    };
    let tracking_message = move || {
        parse_tracking_number(&tracking.get())
            .err()
            .map(|e| e.message(lang()))
    };
    view! {
        <section class="panel" aria-labelledby="staff-decide">
            <h3 id="staff-decide">{t!(i18n, staff_actions)}</h3>
            {(Decision::Reject.next(state).is_some() && !reasons.is_empty()).then(|| view! {
                <fieldset class="reasons" data-testid="staff-reason-choices">
                    <legend>{t!(i18n, staff_reasons)}</legend>
                    <p class="hint">{t!(i18n, staff_reasons_hint)}</p>
                    {reasons.iter().enumerate().map(|(i, r)| {
                        let r = *r;
                        let id = format!("staff-reason-{i}");
                        view! {
                            <div class="checkbox">
                                <input type="checkbox" id=id.clone() data-reason=format!("{}:{}", r.code.key(), r.field)
                                    prop:checked=move || chosen.with(|c| c.contains(&r))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| { if on { c.insert(r); } else { c.remove(&r); } });
                                    } />
                                <label for=id>{move || r.text(lang())}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            })}
            {Decision::Reject.next(state).is_some().then(|| view! {
                <label for="staff-note" class="label">{t!(i18n, staff_note)}</label>
                <textarea id="staff-note" class="input" rows="3" maxlength="2000" prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            })}
            {Decision::Dispatch.next(state).is_some().then(|| view! {
                <label for="staff-tracking" class="label">{t!(i18n, staff_tracking)}</label>
                <p class="hint" id="staff-tracking-hint">{t!(i18n, staff_tracking_hint)}</p>
                {move || (tracking_error.get()).then(tracking_message).flatten().map(|m| view! {
                    <p class="error-message" id="staff-tracking-error">{m}</p>
                })}
                <input id="staff-tracking" class="input input-narrow" autocomplete="off" spellcheck="false"
                    aria-describedby=move || if tracking_error.get() && tracking_message().is_some() { "staff-tracking-hint staff-tracking-error" } else { "staff-tracking-hint" }
                    aria-invalid=move || (tracking_error.get() && tracking_message().is_some()).then_some("true")
                    prop:value=move || tracking.get()
                    on:input=move |ev| tracking.set(event_target_value(&ev)) />
            })}
            {if offered.is_empty() {
                view! { <p data-testid="staff-no-actions">{t!(i18n, staff_no_actions)}</p> }.into_any()
            } else {
                view! {
                    <p class="actions">
                        {offered.into_iter().map(|d| {
                            let class = match d {
                                Decision::Approve => "button",
                                Decision::Reject => "button button-warning",
                                _ => "button button-secondary",
                            };
                            view! { <button type="button" class=class on:click=decide(d)>{move || decision_label(d)}</button> }
                        }).collect_view()}
                    </p>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}
