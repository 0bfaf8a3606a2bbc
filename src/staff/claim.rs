//! Who is reviewing a submission: 认领 (the one control that claims, and so
//! begins the review), 释放, and 接手 with a reason when another reviewer
//! holds it. The claim is a signal the page's poll keeps fresh.

use eport_domain::protocol::Claim;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::gate::use_staff_gate;
use crate::i18n::*;
use crate::lang::use_lang;
use crate::staff::api::{self as staff_api, StaffError};

/// Whether the signed-in reviewer (`me`) holds the claim, as it changes.
pub fn held_by_me(claim: RwSignal<Option<Claim>>, me: Option<String>) -> impl Fn() -> bool + Copy {
    let me = StoredValue::new(me);
    move || {
        claim.with(|c| {
            c.as_ref()
                .is_some_and(|c| me.with_value(|me| Some(&c.holder.login) == me.as_ref()))
        })
    }
}

#[component]
pub fn ClaimPanel(
    key: String,
    claim: RwSignal<Option<Claim>>,
    outcome: RwSignal<Option<Result<String, String>>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let gate = use_staff_gate();
    let mine = held_by_me(claim, gate.login());
    let reason = RwSignal::new(String::new());
    let key = StoredValue::new(key);
    let since = move |at: &str| crate::lang::format_instant(at, lang());
    let done = move |r: Result<String, StaffError>| {
        outcome.set(Some(match r {
            Ok(text) => Ok(text),
            Err(StaffError::Refused) => {
                gate.refused();
                Err(t_string!(i18n, staff_session_expired).to_string())
            }
            // Someone else was quicker: the page catches up and shows who.
            Err(StaffError::Conflict(r)) | Err(StaffError::Unprocessable(r)) => Err(r.text(lang())),
            Err(StaffError::Other(e)) => Err(t_string!(i18n, staff_failed, error = e).to_string()),
            Err(StaffError::NotFound) => Err(t_string!(i18n, staff_not_found).to_string()),
        }));
        on_change.run(());
    };
    let take = move |with_reason: bool| {
        let text = reason.get_untracked().trim().to_string();
        if with_reason && text.is_empty() {
            outcome.set(Some(Err(
                t_string!(i18n, staff_claim_reason_required).to_string()
            )));
            return;
        }
        spawn_local(async move {
            let r = staff_api::claim(&key.get_value(), with_reason.then_some(text)).await;
            done(r.map(|c| t_string!(i18n, staff_claim_taken, name = c.holder.name).to_string()));
        });
    };
    let release = move |_| {
        spawn_local(async move {
            let r = staff_api::release(&key.get_value()).await;
            done(r.map(|_| t_string!(i18n, staff_claim_none).to_string()));
        });
    };
    let text = move || match claim.get() {
        None => t_string!(i18n, staff_claim_none).to_string(),
        Some(c) if mine() => t_string!(i18n, staff_claim_mine, at = since(&c.at)).to_string(),
        Some(c) => t_string!(
            i18n,
            staff_claim_other,
            name = c.holder.name.clone(),
            at = since(&c.at)
        )
        .to_string(),
    };
    view! {
        <div class="notice" data-testid="staff-claim" data-holder=move || claim.with(|c| c.as_ref().map(|c| c.holder.login.clone()).unwrap_or_default())>
            <p role="status">{text}</p>
            {move || match (claim.with(Option::is_some), mine()) {
                (false, _) => view! {
                    <p><button type="button" class="button" id="staff-claim-button" on:click=move |_| take(false)>{t!(i18n, staff_claim_start)}</button></p>
                }.into_any(),
                (true, true) => view! {
                    <p><button type="button" class="button button-secondary" on:click=release>{t!(i18n, staff_claim_release)}</button></p>
                }.into_any(),
                (true, false) => view! {
                    <label for="staff-claim-reason" class="label">{t!(i18n, staff_claim_reason)}</label>
                    <input id="staff-claim-reason" class="input" maxlength="500" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev)) />
                    <p><button type="button" class="button button-warning" id="staff-claim-button" on:click=move |_| take(true)>{t!(i18n, staff_claim_take_over)}</button></p>
                }.into_any(),
            }}
        </div>
    }
}
