//! 撤回申报: a declaration still on this device leaves the outbox without a
//! word to the server; one the server may hold is withdrawn there too, now if
//! the network allows, else by the runner later (the entry stays
//! `withdrawing`, and the case read-only, until the server has answered).

use eport_domain::protocol::SubmissionState;

use super::api::{self, Failure};
use super::outbox::{announce, Outbox};
use crate::store::{self, OutboxEntry, QUEUED, RECEIVED, SENDING, WITHDRAWING, WITHDRAWN};

#[derive(Debug, Clone, PartialEq)]
pub enum Withdrawal {
    /// Withdrawn: the case can be corrected.
    Done,
    /// Asked for; the server is told when the network allows.
    Pending,
}

#[derive(Debug, Clone, PartialEq)]
pub enum WithdrawError {
    /// The review has begun (409): corrections wait for the decision.
    InReview,
    /// Nothing to withdraw here (not declared, or already decided).
    NotWithdrawable,
    Store(String),
}

/// Withdraws the declaration `submission_id` (see the module comment).
pub async fn withdraw(o: Outbox, submission_id: &str) -> Result<Withdrawal, WithdrawError> {
    let store_err = |e: store::StoreError| WithdrawError::Store(e.to_string());
    let Some(mut e) = store::get_outbox_entry(submission_id)
        .await
        .map_err(store_err)?
    else {
        return Err(WithdrawError::NotWithdrawable);
    };
    let on_device = matches!(e.state.as_str(), QUEUED | SENDING);
    let received = e.state == RECEIVED
        && e.remote
            .as_ref()
            .is_some_and(|d| d.state.withdrawable() && d.archived_at.is_none());
    if !(on_device || received || e.state == WITHDRAWING) {
        return Err(WithdrawError::NotWithdrawable);
    }
    if !e.sent && e.remote.is_none() {
        // It never left this device: nothing is sent.
        e.state = WITHDRAWN.into();
        e.next_attempt_at = None;
        store::put_withdrawal(&e).await.map_err(store_err)?;
        log("withdrawn on this device (never sent)");
        announce(o);
        return Ok(Withdrawal::Done);
    }
    e.state = WITHDRAWING.into();
    e.next_attempt_at = None;
    store::put_withdrawal(&e).await.map_err(store_err)?;
    announce(o);
    if super::network::forced_offline() {
        return Ok(Withdrawal::Pending);
    }
    finish(o, e).await
}

/// Sends the withdrawal of a `withdrawing` entry and records the answer.
pub(super) async fn finish(o: Outbox, mut e: OutboxEntry) -> Result<Withdrawal, WithdrawError> {
    let result = api::withdraw(&e.id, &e.secret).await;
    let outcome = match result {
        Ok(doc) if doc.state == SubmissionState::Withdrawn => {
            e.state = WITHDRAWN.into();
            e.last_error = None;
            e.remote = Some(doc);
            Ok(Withdrawal::Done)
        }
        // The server never had it (or purged it unfinished): withdrawn here.
        Err(f) if f.unknown_submission() => {
            e.state = WITHDRAWN.into();
            e.last_error = None;
            e.remote = None;
            Ok(Withdrawal::Done)
        }
        Err(Failure::Status { code: 409, .. }) | Ok(_) => {
            // In review: the submission stands; its status is asked for again.
            e.state = RECEIVED.into();
            e.last_error = Some("withdraw refused: in review".into());
            if let Ok(doc) = api::status(&e.id, &e.secret).await {
                e.remote = Some(doc);
            }
            Err(WithdrawError::InReview)
        }
        Err(_) => return Ok(Withdrawal::Pending),
    };
    log(match &outcome {
        Ok(_) => "withdrawn",
        Err(_) => "withdrawal refused: the review has begun",
    });
    if let Err(err) = store::put_withdrawal(&e).await {
        return Err(WithdrawError::Store(err.to_string()));
    }
    announce(o);
    outcome
}

fn log(text: &str) {
    store::events::log(store::events::EventRecord::new("sync", text));
}
