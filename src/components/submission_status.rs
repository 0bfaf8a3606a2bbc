//! The live state of a declared case: 待发送 → 发送中 (per-attachment progress)
//! → 已提交 (reference) → 审核中 → 审核通过 / 退单 (审批意见) → 已寄出.

use eport_domain::catalog::BusinessKind;
use leptos::prelude::*;

use super::send_note::SendNote;
use crate::editor::href_of;
use crate::i18n::*;
use crate::lang::{format_date, use_lang};
use crate::store::{self, OutboxEntry, Phase};
use crate::sync::outbox::{retry_now, use_outbox};
use crate::sync::status::{shown, Shown};
use crate::sync::withdraw::{withdraw, WithdrawError, Withdrawal};

pub fn state_label(s: Shown, i18n: leptos_i18n::I18nContext<Locale>) -> String {
    match s {
        Shown::Draft => t_string!(i18n, state_draft),
        Shown::Queued => t_string!(i18n, state_queued),
        Shown::Sending => t_string!(i18n, state_sending),
        Shown::Failed => t_string!(i18n, state_failed),
        Shown::Submitted => t_string!(i18n, state_submitted),
        Shown::InReview => t_string!(i18n, state_in_review),
        Shown::Approved => t_string!(i18n, state_approved),
        Shown::Rejected => t_string!(i18n, state_rejected),
        Shown::Dispatched => t_string!(i18n, state_dispatched),
        Shown::ReadyForPickup => t_string!(i18n, state_ready_for_pickup),
        Shown::Collected => t_string!(i18n, state_collected),
        Shown::Unknown => t_string!(i18n, state_unknown),
        Shown::Superseded => t_string!(i18n, state_superseded),
        Shown::Archived => t_string!(i18n, state_archived),
        Shown::Withdrawing => t_string!(i18n, state_withdrawing),
        Shown::Withdrawn => t_string!(i18n, state_withdrawn),
    }
    .to_string()
}

/// Loads the outbox entry `submission_id` again whenever the outbox changes.
pub fn use_entry(submission_id: Signal<Option<String>>) -> LocalResource<Option<OutboxEntry>> {
    let outbox = use_outbox();
    LocalResource::new(move || {
        outbox.version.track();
        let id = submission_id.get();
        async move {
            match id {
                Some(id) => store::get_outbox_entry(&id).await.ok().flatten(),
                None => None,
            }
        }
    })
}

#[component]
pub fn SubmissionStatus(
    #[prop(into)] submission_id: Signal<Option<String>>,
    #[prop(into)] case_id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let outbox = use_outbox();
    let entry = use_entry(submission_id);
    // 撤回申报: asked (the confirmation is open), under way, and what came of it.
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<Withdrawal, WithdrawError>>);
    let confirm = move |_| {
        let Some(id) = submission_id.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = withdraw(outbox, &id).await;
            busy.set(false);
            asking.set(false);
            outcome.set(Some(r));
        });
    };
    let date = move |s: &str| {
        crate::lang::parse_iso_date(s)
            .map(|d| format_date(d, lang()))
            .unwrap_or_else(|| s.to_string())
    };
    view! {
        {move || entry.get().flatten().map(|e| {
            let s = shown(Some(&e));
            let remote = e.remote.clone().unwrap_or_else(|| eport_domain::protocol::StatusDocument {
                id: e.id.clone(), state: eport_domain::protocol::SubmissionState::AwaitingAttachments, reference: None,
                missing: vec![], received_at: None, review: Default::default(), expected: Default::default(),
                archived_at: None, pickup: None,
            });
            let names: Vec<(String, String)> = e.manifest.attachments.iter().map(|a| (a.sha256.clone(), a.name.clone())).collect();
            let case_id = case_id.clone();
            view! {
                <section class="submission-status" aria-labelledby="submission-title" data-testid="submission-status" data-state=s.test_id()>
                    <h2 id="submission-title">{t!(i18n, submission_title)}</h2>
                    <p class="state-now"><strong class=s.tag_class() data-testid="submission-state"><span aria-hidden="true">{s.icon()}</span>{state_label(s, i18n)}</strong></p>
                    {remote.reference.clone().map(|r| view! { <p data-testid="reference">{t_string!(i18n, reference_number, reference = r).to_string()}</p> })}
                    {remote.received_at.clone().map(|t| view! { <p>{t_string!(i18n, received_at, time = t.get(..16).unwrap_or(&t).replace('T', " ")).to_string()}</p> })}
                    // Progress shows while sending, and between tries once the
                    // server holds some bytes: a failed try never hides it.
                    {(s == Shown::Sending || (s == Shown::Queued && e.held.values().any(|n| *n > 0))).then(|| view! {
                        <ul class="upload-progress">
                            {names.into_iter().map(|(sha, name)| {
                                let pct = Memo::new(move |_| outbox.progress.with(|p| p.get(&sha).map(|(a, b)| if *b == 0 { 100 } else { a * 100 / b }).unwrap_or(0)));
                                let label = name.clone();
                                view! {
                                    <li>
                                        <progress max="100" value=move || pct.get() aria-label=label.clone()></progress>" "
                                        {move || t_string!(i18n, upload_progress, name = name.clone(), percent = pct.get()).to_string()}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                    {(s == Shown::Rejected).then(|| {
                        let note = remote.review.note.clone();
                        // Each reason links to where it is fixed (a mismatched
                        // licence: the licence scan), says what to do, and shows
                        // the declared value it was compared with.
                        let today = crate::clock::now().date_naive();
                        let reasons: Vec<_> = remote.review.reasons.iter().map(|r| {
                            let href = href_of(&case_id, BusinessKind::PaperlessEnrollment, r.fix().input(&e.manifest.case));
                            let shown = (r.fix() != r.field).then(|| eport_domain::answers::display(r.field, &e.manifest.case, today, eport_domain::Lang::ZhCn));
                            (*r, href, shown)
                        }).collect();
                        view! {
                            <div class="error-summary" role="alert" data-testid="review-note">
                                {note.map(|n| view! { <p>{t_string!(i18n, review_note, note = n).to_string()}</p> })}
                                {(!reasons.is_empty()).then(|| view! {
                                    <p><strong>{t!(i18n, status_reasons)}</strong></p>
                                    <ul data-testid="review-reasons">
                                        {reasons.into_iter().map(|(r, href, shown)| view! {
                                            <li><a href=href data-field=r.field.to_string()>{move || r.text(lang())}</a>
                                                " "<span class="hint" data-testid="reason-action">{move || r.action(lang())}
                                                {shown.clone().map(|v| format!(" （{}：{v}）", r.field.label(lang())))}</span></li>
                                        }).collect_view()}
                                    </ul>
                                })}
                                <a class="button" href=format!("/cases/{case_id}/review")>{t!(i18n, fix_and_redeclare)}</a>
                            </div>
                        }
                    })}
                    {remote.review.tracking_number.clone().filter(|_| s == Shown::Dispatched).map(|n| view! {
                        <p data-testid="tracking-number">{t_string!(i18n, status_tracking, n = n).to_string()}</p>
                    })}
                    {(s.open() || s == Shown::Submitted).then(|| remote.expected.review_by.clone()).flatten().filter(|_| matches!(s, Shown::Submitted | Shown::InReview)).map(|d| view! {
                        <p>{move || t_string!(i18n, expected_review_by, date = date(&d)).to_string()}</p>
                    })}
                    {remote.expected.dispatch_by.clone().filter(|_| s == Shown::Approved).map(|d| view! {
                        <p data-testid="dispatch-by">{move || t_string!(i18n, expected_dispatch_by, date = date(&d)).to_string()}</p>
                    })}
                    {remote.expected.ready_by.clone().filter(|_| s == Shown::Approved).map(|d| view! {
                        <p data-testid="ready-by">{move || t_string!(i18n, expected_ready_by, date = date(&d)).to_string()}</p>
                    })}
                    {(s == Shown::ReadyForPickup).then(|| view! { <PickupNotice review=remote.review.clone() case_id=case_id.clone() /> })}
                    {remote.review.collected.clone().filter(|_| s == Shown::Collected).map(|c| view! {
                        <p data-testid="collected">{move || t_string!(i18n, status_collected, name = c.collector.name.clone(), tail = c.collector.id_tail.clone(), time = crate::lang::format_instant(&c.at, lang())).to_string()}</p>
                    })}
                    {(s == Shown::Unknown).then(|| view! { <p class="note" data-testid="state-unknown">{t!(i18n, status_unknown_body)}</p> })}
                    {match &e.phase {
                        Phase::Refused { status, detail } => {
                            let error = if detail.is_empty() { format!("HTTP {status}") } else { detail.clone() };
                            Some(view! { <p class="error-message" role="alert">{t_string!(i18n, failed_detail, error = error).to_string()}</p> })
                        }
                        _ => None,
                    }}
                    {matches!(s, Shown::Queued | Shown::Sending).then(|| view! {
                        <SendNote phase=e.phase.clone() />
                        <button type="button" class="button button-secondary" on:click=move |_| retry_now(outbox)>{t!(i18n, retry_now)}</button>
                    })}
                    {(s == Shown::Withdrawing).then(|| view! { <p class="note" data-testid="withdraw-note">{t!(i18n, withdrawing_body)}</p> })}
                    {(s == Shown::Withdrawn).then(|| view! {
                        <p data-testid="withdraw-note">{t!(i18n, withdrawn_body)}</p>
                        <p><a class="button" href=format!("/cases/{case_id}/review")>{t!(i18n, edit_after_withdraw)}</a></p>
                    })}
                    {move || outcome.get().and_then(|o| match o {
                        Err(WithdrawError::InReview) => Some(t_string!(i18n, withdraw_refused).to_string()),
                        Err(WithdrawError::Store(err)) => Some(t_string!(i18n, withdraw_failed, error = err).to_string()),
                        _ => None,
                    }).map(|text| view! { <p class="error-message" role="alert" data-testid="withdraw-refused">{text}</p> })}
                    {s.withdrawable().then(|| view! {
                        {move || if asking.get() {
                            view! {
                                <div class="confirm-panel" role="alertdialog" aria-labelledby="withdraw-title" aria-describedby="withdraw-what" data-testid="withdraw-confirm">
                                    <h3 id="withdraw-title">{t!(i18n, withdraw_confirm_title)}</h3>
                                    <p id="withdraw-what">{t!(i18n, withdraw_confirm_body)}</p>
                                    <p>
                                        <button type="button" class="button button-warning" on:click=confirm prop:disabled=move || busy.get()>{t!(i18n, withdraw_yes)}</button>
                                        " "
                                        <button type="button" class="button button-secondary" on:click=move |_| asking.set(false)>{t!(i18n, cancel)}</button>
                                    </p>
                                </div>
                            }.into_any()
                        } else {
                            view! {
                                <p><button type="button" class="button button-secondary" data-testid="withdraw" on:click=move |_| { outcome.set(None); asking.set(true) }>{t!(i18n, withdraw)}</button></p>
                            }.into_any()
                        }}
                    })}
                </section>
            }
        })}
    }
}

/// 可以领卡: where and when to collect the card, and why it waits there when
/// the mail came back.
#[component]
fn PickupNotice(review: eport_domain::protocol::Review, case_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let hours = eport_domain::calendar::hall_hours(", ");
    view! {
        <div class="notice" data-testid="pickup-notice">
            {review.mail_returned.map(|m| view! {
                <p data-testid="mail-returned">{t_string!(i18n, status_mail_returned, reason = m.reason).to_string()}</p>
            })}
            <p>{t!(i18n, status_ready_body)}</p>
            <p><a class="button" data-testid="print-receipt" href=format!("/cases/{case_id}/print?sheet=receipt")>{t!(i18n, print_receipt)}</a></p>
            <p data-testid="hall-address">{move || t_string!(i18n, status_hall, address = eport_domain::catalog::HALL_ADDRESS, counter = if lang() == eport_domain::Lang::En { "counter 1" } else { "一号柜台" }).to_string()}</p>
            <p>{t_string!(i18n, status_hall_hours, hours = hours).to_string()}</p>
        </div>
    }
}
