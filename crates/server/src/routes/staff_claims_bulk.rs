//! `POST /api/v1/staff/claims` (批量分配 / 批量释放) and `GET /api/v1/staff/reviewers`
//! (whom a case may be assigned to). Each submission goes its own way
//! (`bulk_claims::step`): the store's claim and release keep a race with
//! another reviewer honest, and each change is recorded in its timeline.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use eport_domain::bulk_claims::{
    step, BulkClaimAction, BulkClaimAnswer, BulkClaimRequest, BulkOutcome, BulkResult, Step,
    MAX_KEYS,
};
use eport_domain::ids::SubmissionKey;
use eport_domain::protocol::{Claim, Problem};
use eport_domain::staff_session::{StaffActor, WorkAction};

use super::refusals::StaffRefusals;
use crate::http::parse;
use crate::http::problem::ApiError;
use crate::staff_auth::Staff;
use crate::state::Shared;
use crate::storage::staff::Login;
use crate::storage::{Event, Store, TimelineEvent};

/// The staff accounts that can take a case (not disabled), by name.
#[utoipa::path(get, path = "/api/v1/staff/reviewers", tag = "staff",
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "Every enabled staff account", body = Vec<StaffActor>),
    ))]
pub async fn reviewers(State(state): State<Shared>, _staff: Staff) -> Result<Response, ApiError> {
    let mut who: Vec<StaffActor> = state
        .store
        .run(|s| {
            Ok(s.accounts()?
                .into_iter()
                .filter(|a| !a.disabled)
                .map(|a| a.who)
                .collect())
        })
        .await?;
    who.sort_by(|a, b| a.name.cmp(&b.name).then(a.login.cmp(&b.login)));
    Ok(Json(who).into_response())
}

/// Assigns the unclaimed open submissions among `keys` to a reviewer, or releases claims.
#[utoipa::path(post, path = "/api/v1/staff/claims", tag = "staff",
    request_body = BulkClaimRequest,
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "What became of each key: assigned, released, unchanged, not open, held by another reviewer (never assigned over; released only with a reason), not found", body = BulkClaimAnswer),
        (status = 400, description = "Malformed JSON or key, or more than 100 keys", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No enabled reviewer has that login, or a reason over 500 characters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn bulk(
    State(state): State<Shared>,
    staff: Staff,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: BulkClaimRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "malformed-json",
            &format!(
                "expected {{\"keys\", \"action\": \"assign\" with \"to\", or \"release\"}}: {e}"
            ),
        )
    })?;
    if req.keys.len() > MAX_KEYS {
        return Err(ApiError::bad_request(
            "too-many-keys",
            &format!("at most {MAX_KEYS} submissions at once"),
        ));
    }
    let keys: Vec<SubmissionKey> = req
        .keys
        .iter()
        .map(|k| parse::submission_key(k))
        .collect::<Result<_, _>>()?;
    let reason = super::staff_claim::reason_of(req.reason.as_deref(), "原因")?;
    let to = match &req.action {
        BulkClaimAction::Assign { to } => {
            let login = Login::parse(to).map_err(|e| ApiError::unprocessable(&e))?;
            let account = state.store.run(move |s| s.account(&login)).await?;
            match account.filter(|a| !a.disabled) {
                Some(a) => Some(a.who),
                None => {
                    return Err(ApiError::unprocessable(
                        "没有这个可用的审核人账号 / no enabled staff account has that login",
                    ))
                }
            }
        }
        BulkClaimAction::Release => None,
    };
    let me = staff.who.clone();
    let action = req.action.clone();
    let said = match &action {
        BulkClaimAction::Assign { to } => format!("assign to {to}"),
        BulkClaimAction::Release if reason.is_some() => "release, with a reason".to_string(),
        BulkClaimAction::Release => "release".to_string(),
    };
    let results = state
        .store
        .run(move |s| {
            keys.iter()
                .map(|key| {
                    let outcome = apply(s, key, &action, to.as_ref(), &me, reason.as_deref())?;
                    Ok(BulkResult {
                        key: key.as_str().to_string(),
                        outcome,
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()
                .and_then(|results| {
                    let changed = results.iter().filter(|r| r.outcome.changed()).count();
                    let detail = format!("{said}: {changed} of {} changed", results.len());
                    s.record_work(&me, WorkAction::Claims, &detail)?;
                    Ok(results)
                })
        })
        .await?;
    let changed = results.iter().filter(|r| r.outcome.changed()).count();
    tracing::info!(login = %staff.who.login, keys = results.len(), changed, "claims changed in bulk");
    Ok(Json(BulkClaimAnswer { results }).into_response())
}

fn apply(
    s: &dyn Store,
    key: &SubmissionKey,
    action: &BulkClaimAction,
    to: Option<&StaffActor>,
    me: &StaffActor,
    reason: Option<&str>,
) -> anyhow::Result<BulkOutcome> {
    let Some(row) = s.find(key)? else {
        return Ok(BulkOutcome::NotFound);
    };
    let held = s.claim_of(&row.id)?;
    let event = |detail: String, what: TimelineEvent| {
        Event::new("POST", "/staff/claims", 200)
            .detail(detail)
            .event(what)
            .by(me)
    };
    // The store changes a claim and records it in one transaction; a claim
    // made meanwhile is kept and said.
    Ok(
        match step(action, to, row.state, held.as_ref(), me, reason) {
            Step::Say(outcome) => outcome,
            Step::Claim { to } => {
                let assigned = |_: Option<&Claim>| {
                    let what = TimelineEvent::Assigned { to: to.clone() };
                    event(format!("assigned to {to} by {me}"), what)
                };
                match s.claim(&row.id, &to, false, &assigned)? {
                    Ok(_) => BulkOutcome::Assigned { to },
                    Err(c) => BulkOutcome::HeldBy { holder: c.holder },
                }
            }
            Step::Release { from, reason } => {
                let released = |_: &Claim| match &reason {
                    Some(r) => event(
                        format!("released from {from} by {me}: {r}"),
                        TimelineEvent::ReleasedFrom {
                            from: from.clone(),
                            reason: r.clone(),
                        },
                    ),
                    None => event(format!("released by {me}"), TimelineEvent::Released),
                };
                match s.release(&row.id, &from, &released)? {
                    Ok(Some(_)) => BulkOutcome::Released { from },
                    Ok(None) => BulkOutcome::Unchanged,
                    Err(c) => BulkOutcome::HeldBy { holder: c.holder },
                }
            }
        },
    )
}
