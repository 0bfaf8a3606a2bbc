//! The decisions that apply to a submission, and nothing else: 审核通过 and
//! 退单 (with the centre's common reasons, each naming a field or attachment,
//! and a note) by the reviewer holding it, then the card's way out by the
//! case's 领卡方式: 标记已寄出 with the EMS number, or 制卡完成 then 登记领卡
//! with who collected it; a mailed card that came back waits at the counter.
//! What the reviewer typed lives in a [`DecisionForm`] above the page's
//! refresh, so a refused decision loses nothing.

use std::collections::BTreeSet;

use eport_domain::card_route::{parse_collector, route_of};
use eport_domain::case::EnrollmentCase;
use eport_domain::protocol::{Claim, Decision, SubmissionState};
use eport_domain::review::{checklist, offered_reasons, parse_tracking_number, RejectReason};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::gate::use_staff_gate;
use crate::i18n::*;
use crate::lang::use_lang;
use crate::staff::api::{self as staff_api, CheckTick, ReviewRequest, StaffError};

/// What the reviewer typed and chose, kept across the page's refreshes.
#[derive(Clone, Copy)]
pub struct DecisionForm {
    note: RwSignal<String>,
    chosen: RwSignal<BTreeSet<RejectReason>>,
    tracking: RwSignal<String>,
    collector: RwSignal<String>,
    collector_tail: RwSignal<String>,
    returned: RwSignal<String>,
    /// The reasons list was opened: it stays open when the page refreshes.
    reasons_open: RwSignal<bool>,
}

impl DecisionForm {
    pub fn new() -> DecisionForm {
        DecisionForm {
            note: RwSignal::new(String::new()),
            chosen: RwSignal::new(BTreeSet::new()),
            tracking: RwSignal::new(String::new()),
            collector: RwSignal::new(String::new()),
            collector_tail: RwSignal::new(String::new()),
            returned: RwSignal::new(String::new()),
            reasons_open: RwSignal::new(false),
        }
    }

    /// After a decision went through, or for another submission.
    pub fn clear(&self) {
        self.note.set(String::new());
        self.chosen.set(BTreeSet::new());
        self.tracking.set(String::new());
        self.collector.set(String::new());
        self.collector_tail.set(String::new());
        self.returned.set(String::new());
        self.reasons_open.set(false);
    }
}

/// Which input a client-side refusal points at.
#[derive(Clone, Copy, PartialEq)]
enum Invalid {
    Tracking,
    Collector,
    CollectorTail,
}

#[component]
pub fn Decisions(
    key: String,
    state: SubmissionState,
    case: Option<EnrollmentCase>,
    /// Who holds the review now (kept fresh by the page's poll).
    claim: RwSignal<Option<Claim>>,
    ticks: RwSignal<Vec<CheckTick>>,
    form: DecisionForm,
    outcome: RwSignal<Option<Result<String, String>>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_staff_gate();
    let lang = use_lang();
    let mine = super::claim::held_by_me(claim, gate.login());
    // Shown once a decision was refused for it, then live while it is fixed.
    // Not on blur: a message appearing then would move the button from under
    // the pointer between press and release, and the click would be lost.
    let invalid = RwSignal::new(None::<Invalid>);
    let route = case
        .as_ref()
        .map(route_of)
        .unwrap_or(eport_domain::case::PickupMethod::Mail);
    // 开始审核 is not offered: 认领 (the claim panel) begins the review.
    let offered: Vec<Decision> = Decision::ALL
        .into_iter()
        .filter(|d| *d != Decision::InReview && d.next(state, route).is_some())
        .collect();
    let offers = move |d: Decision| d.next(state, route).is_some();
    let reasons = case.as_ref().map(offered_reasons).unwrap_or_default();
    let lines = case.as_ref().map(checklist).unwrap_or_default();
    let fail = move |text: String, focus_id: Option<String>| {
        outcome.set(Some(Err(text)));
        if let Some(id) = focus_id {
            // After the click has finished moving focus to the button.
            request_animation_frame(move || focus(&id));
        }
    };
    let decide = move |decision: Decision| {
        let key = key.clone();
        let lines = lines.clone();
        move |_| {
            let text = form.note.get_untracked().trim().to_string();
            let mut req = ReviewRequest {
                decision,
                note: (!text.is_empty()).then_some(text),
                reasons: Vec::new(),
                tracking_number: None,
                collector: None,
            };
            if decision.is_verdict() && !mine() {
                fail(
                    t_string!(i18n, staff_claim_first).to_string(),
                    Some("staff-claim-button".into()),
                );
                return;
            }
            match decision {
                Decision::Approve => {
                    let ticked = ticks.get_untracked();
                    let missing: Vec<_> = lines
                        .iter()
                        .filter(|l| !ticked.iter().any(|t| t.item == l.to_string()))
                        .collect();
                    if let Some(first) = missing.first() {
                        let names: Vec<String> = missing.iter().map(|l| l.label(lang())).collect();
                        fail(
                            t_string!(i18n, staff_tick_first, lines = names.join("；")).to_string(),
                            Some(format!("check-{}", first.to_string().replace('.', "-"))),
                        );
                        return;
                    }
                }
                Decision::Reject => {
                    req.reasons = form.chosen.get_untracked().into_iter().collect();
                    if req.reasons.is_empty() && req.note.is_none() {
                        fail(
                            t_string!(i18n, staff_note_required).to_string(),
                            Some("staff-note".into()),
                        );
                        return;
                    }
                }
                Decision::Dispatch => {
                    req.note = None;
                    match parse_tracking_number(&form.tracking.get_untracked()) {
                        Ok(n) => req.tracking_number = Some(n),
                        Err(_) => {
                            invalid.set(Some(Invalid::Tracking));
                            request_animation_frame(|| focus("staff-tracking"));
                            return;
                        }
                    }
                }
                Decision::MailReturned => {
                    let why = form.returned.get_untracked().trim().to_string();
                    if why.is_empty() {
                        fail(
                            t_string!(i18n, staff_returned_required).to_string(),
                            Some("staff-returned".into()),
                        );
                        return;
                    }
                    req.note = Some(why);
                }
                Decision::Collect => {
                    req.note = None;
                    match parse_collector(
                        &form.collector.get_untracked(),
                        &form.collector_tail.get_untracked(),
                    ) {
                        Ok(c) => req.collector = Some(c),
                        Err(e) => {
                            let which = if e.field() == "name" {
                                Invalid::Collector
                            } else {
                                Invalid::CollectorTail
                            };
                            invalid.set(Some(which));
                            let id = if which == Invalid::Collector {
                                "staff-collector"
                            } else {
                                "staff-collector-tail"
                            };
                            request_animation_frame(move || focus(id));
                            return;
                        }
                    }
                }
                _ => req.note = None,
            }
            let key = key.clone();
            spawn_local(async move {
                outcome.set(Some(match staff_api::review(&key, &req).await {
                    Ok(doc) => {
                        form.clear();
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
                    // The claim or the state changed meanwhile: say which; the
                    // page catches up, and the form keeps what was typed.
                    Err(StaffError::Conflict(r)) => {
                        on_change.run(());
                        Err(match r.kind.as_str() {
                            "state-changed" => {
                                t_string!(i18n, staff_conflict, action = decision.label(lang()))
                                    .to_string()
                            }
                            _ => r.text(lang()),
                        })
                    }
                    Err(StaffError::Unprocessable(r)) => Err(r.text(lang())),
                    Err(StaffError::Other(e)) => {
                        Err(t_string!(i18n, staff_failed, error = e).to_string())
                    }
                    Err(StaffError::NotFound) => Err(t_string!(i18n, staff_not_found).to_string()),
                }));
            });
        }
    };
    let tracking_message = move || {
        parse_tracking_number(&form.tracking.get())
            .err()
            .map(|e| e.message(lang()))
    };
    let collector_message = move |which: Invalid| {
        (invalid.get() == Some(which))
            .then(|| parse_collector(&form.collector.get(), &form.collector_tail.get()).err())
            .flatten()
            .filter(|e| (e.field() == "name") == (which == Invalid::Collector))
            .map(|e| e.message(lang()))
    };
    view! {
        <section class="panel" aria-labelledby="staff-decide" data-testid="staff-decisions">
            <h3 id="staff-decide">{t!(i18n, staff_actions)}</h3>
            {move || (offers(Decision::Approve) && !mine()).then(|| view! {
                <p class="hint" data-testid="staff-claim-hint">{t!(i18n, staff_claim_first)}</p>
            })}
            // The buttons first: at the top of the column, always in view.
            {if offered.is_empty() {
                view! { <p data-testid="staff-no-actions">{t!(i18n, staff_no_actions)}</p> }.into_any()
            } else {
                view! {
                    <p class="actions">
                        {offered.into_iter().map(|d| {
                            let class = match d {
                                Decision::Approve | Decision::CardMade | Decision::Collect => "button",
                                Decision::Reject => "button button-warning",
                                _ => "button button-secondary",
                            };
                            view! { <button type="button" class=class data-decision=d.as_str() on:click=decide(d)>{move || d.label(lang())}</button> }
                        }).collect_view()}
                    </p>
                }.into_any()
            }}
            // Collapsed until the reviewer asks for them (a button, so the
            // list's state is ours: it survives the page's refreshes).
            {(offers(Decision::Reject) && !reasons.is_empty()).then(|| {
                let reasons = reasons.clone();
                view! {
                <div class="reasons" data-testid="staff-reason-choices" data-open=move || form.reasons_open.get().to_string()>
                    <button type="button" class="link-button" id="staff-reasons-toggle" aria-expanded=move || form.reasons_open.get().to_string()
                        aria-controls="staff-reason-list" on:click=move |_| form.reasons_open.update(|o| *o = !*o)>
                        {move || if form.reasons_open.get() { "▾ " } else { "▸ " }}{t!(i18n, staff_reasons)}
                    </button>
                    <div id="staff-reason-list" hidden=move || !form.reasons_open.get()>
                    <p class="hint">{t!(i18n, staff_reasons_hint)}</p>
                    {reasons.iter().enumerate().map(|(i, r)| {
                        let r = *r;
                        let id = format!("staff-reason-{i}");
                        view! {
                            <div class="checkbox">
                                <input type="checkbox" id=id.clone() data-reason=format!("{}:{}", r.code.key(), r.field)
                                    prop:checked=move || form.chosen.with(|c| c.contains(&r))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        form.chosen.update(|c| { if on { c.insert(r); } else { c.remove(&r); } });
                                    } />
                                <label for=id>{move || r.text(lang())}</label>
                            </div>
                        }
                    }).collect_view()}
                    </div>
                </div>
            }})}
            {offers(Decision::Reject).then(|| view! {
                <label for="staff-note" class="label">{t!(i18n, staff_note)}</label>
                <textarea id="staff-note" class="input" rows="3" maxlength="2000" prop:value=move || form.note.get()
                    on:input=move |ev| form.note.set(event_target_value(&ev))></textarea>
            })}
            {offers(Decision::Dispatch).then(|| view! {
                <label for="staff-tracking" class="label">{t!(i18n, staff_tracking)}</label>
                <p class="hint" id="staff-tracking-hint">{t!(i18n, staff_tracking_hint)}</p>
                {move || (invalid.get() == Some(Invalid::Tracking)).then(tracking_message).flatten().map(|m| view! {
                    <p class="error-message" id="staff-tracking-error">{m}</p>
                })}
                <input id="staff-tracking" class="input input-narrow" autocomplete="off" spellcheck="false"
                    aria-describedby=move || if invalid.get() == Some(Invalid::Tracking) && tracking_message().is_some() { "staff-tracking-hint staff-tracking-error" } else { "staff-tracking-hint" }
                    aria-invalid=move || (invalid.get() == Some(Invalid::Tracking) && tracking_message().is_some()).then_some("true")
                    prop:value=move || form.tracking.get()
                    on:input=move |ev| form.tracking.set(event_target_value(&ev)) />
            })}
            {offers(Decision::MailReturned).then(|| view! {
                <label for="staff-returned" class="label">{t!(i18n, staff_returned)}</label>
                <input id="staff-returned" class="input" maxlength="500" prop:value=move || form.returned.get()
                    on:input=move |ev| form.returned.set(event_target_value(&ev)) />
            })}
            {offers(Decision::Collect).then(|| view! {
                <fieldset data-testid="staff-collector">
                    <legend>{t!(i18n, staff_collector)}</legend>
                    <label for="staff-collector" class="label">{t!(i18n, staff_collector_name)}</label>
                    {move || collector_message(Invalid::Collector).map(|m| view! { <p class="error-message" id="staff-collector-error">{m}</p> })}
                    <input id="staff-collector" class="input input-narrow" maxlength="50" autocomplete="off"
                        aria-invalid=move || collector_message(Invalid::Collector).is_some().then_some("true")
                        prop:value=move || form.collector.get()
                        on:input=move |ev| form.collector.set(event_target_value(&ev)) />
                    <label for="staff-collector-tail" class="label">{t!(i18n, staff_collector_tail)}</label>
                    {move || collector_message(Invalid::CollectorTail).map(|m| view! { <p class="error-message" id="staff-collector-tail-error">{m}</p> })}
                    <input id="staff-collector-tail" class="input input-narrow" maxlength="4" autocomplete="off" spellcheck="false"
                        aria-invalid=move || collector_message(Invalid::CollectorTail).is_some().then_some("true")
                        prop:value=move || form.collector_tail.get()
                        on:input=move |ev| form.collector_tail.set(event_target_value(&ev)) />
                </fieldset>
            })}
        </section>
    }
}

pub(super) fn focus(id: &str) {
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
