//! 撤回申报: a declaration still on this device leaves the outbox without a
//! word to the server; one the server may hold is withdrawn there too, now if
//! the network allows, else by the runner later (the entry stays
//! `withdrawing`, and the case read-only, until the server has answered).

use eport_domain::protocol::SubmissionState;

use super::api::{self, Failure};
use super::outbox::{announce, step, Outbox};
use crate::store::{self, Event, OutboxEntry, Phase};

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
    let received = e.phase == Phase::Received
        && e.remote
            .as_ref()
            .is_some_and(|d| d.state.withdrawable() && d.archived_at.is_none());
    if !(e.phase.pending() || received || e.phase == Phase::Withdrawing) {
        return Err(WithdrawError::NotWithdrawable);
    }
    let sent = e.sent || e.remote.is_some();
    step(&mut e, Event::Withdraw { sent });
    if e.phase == Phase::Withdrawn {
        // It never left this device: nothing is sent.
        store::put_withdrawal(&e).await.map_err(store_err)?;
        log("withdrawn on this device (never sent)");
        announce(o);
        return Ok(Withdrawal::Done);
    }
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
            step(&mut e, Event::WithdrawConfirmed);
            e.remote = Some(doc);
            Ok(Withdrawal::Done)
        }
        // The server never had it (or purged it unfinished): withdrawn here.
        Err(f) if f.unknown_submission() => {
            step(&mut e, Event::WithdrawConfirmed);
            e.remote = None;
            Ok(Withdrawal::Done)
        }
        Err(Failure::Status { code: 409, .. }) | Ok(_) => {
            // In review: the submission stands; its status is asked for again.
            step(&mut e, Event::WithdrawRefused);
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
    store::events::log(store::events::EventRecord::new(
        eport_app_core::event_words::kinds::SYNC,
        text,
    ));
}
