//! Claims: 认领 puts a submission in one reviewer's hands, so two do not
//! review it at once, and begins its review (received → in_review, after
//! which the enterprise cannot withdraw it). The claim ends at approval or
//! return. Others see the holder; they take it over only with a
//! reason, which the timeline records. A decision on another reviewer's
//! claim is refused (409).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use eport_domain::bulk_claims::MAX_REASON_CHARS;
use eport_domain::protocol::{Claim, ClaimRequest, Problem};

use super::refusals::StaffRefusals;
use super::staff::find;
use crate::http::problem::ApiError;
use crate::staff_auth::Staff;
use crate::state::Shared;
use crate::storage::{Event, Row, TimelineEvent};
use eport_domain::staff_session::StaffActor;

/// A reason as given for a claim taken or released: trimmed, empty is none,
/// at most `MAX_REASON_CHARS` (422 naming `what`, the reason's name in Chinese).
pub fn reason_of(raw: Option<&str>, what: &str) -> Result<Option<String>, ApiError> {
    let reason = raw.map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
        return Err(ApiError::unprocessable(&format!(
            "{what}最多 {MAX_REASON_CHARS} 字 / the reason has at most {MAX_REASON_CHARS} characters"
        )));
    }
    Ok(reason.map(str::to_string))
}

pub fn held_by_other(c: &Claim) -> ApiError {
    ApiError::new(
        409,
        "claimed-by-other",
        "Conflict",
        &format!(
            "{}（{}）自 {} 起正在审核此申报，须说明原因才能接手 / {} ({}) is reviewing this submission since {}; take it over with a reason first",
            c.holder.name, c.holder.login, c.at, c.holder.name, c.holder.login, c.at
        ),
    )
}

/// Claims the submission for the signed-in reviewer (again: no change), or
/// takes another reviewer's claim over when a reason is given.
#[utoipa::path(post, path = "/api/v1/staff/submissions/{key}/claim", tag = "staff",
    params(("key" = String, Path, description = "Submission id or reference number")),
    request_body(content = ClaimRequest, content_type = "application/json"),
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "The claim now", body = Claim),
        (status = 400, description = "Malformed key or JSON", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another reviewer holds it (no reason given), or it has no review to claim", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A reason over 500 characters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn claim(
    State(state): State<Shared>,
    staff: Staff,
    Path(key): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let req: ClaimRequest = if body.is_empty() {
        ClaimRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            ApiError::bad_request("malformed-json", &format!("expected {{\"reason\"}}: {e}"))
        })?
    };
    let reason = reason_of(req.reason.as_deref(), "接手原因")?;
    let row = find(&state, &key).await?;
    if !row.state.under_review() {
        return Err(ApiError::new(
            409,
            "state-changed",
            "Conflict",
            &format!(
                "此申报现为“{}”，审核已结束 / a {} submission has no review to claim",
                row.state.label(eport_domain::Lang::ZhCn),
                row.state.as_str()
            ),
        ));
    }
    let claim = claim_for(&state, &row, &staff.who, reason).await?;
    Ok(Json(claim).into_response())
}

/// Claims `row` for `who` (a reason takes another's claim over) and records
/// it in the timeline, unless `who` already held it.
pub async fn claim_for(
    state: &Shared,
    row: &Row,
    who: &StaffActor,
    reason: Option<String>,
) -> Result<Claim, ApiError> {
    let (id, w) = (row.id.clone(), who.clone());
    let now = state
        .store
        .run(move |s| {
            let event = |before: Option<&Claim>| {
                claim_event(
                    Event::new("POST", "/staff/…/claim", 200),
                    &w,
                    before,
                    reason.as_deref(),
                )
            };
            s.claim(&id, &w, reason.is_some(), &event)
        })
        .await?;
    now.map_err(|held| held_by_other(&held))
}

/// What a claim records: claimed by `who`, or taken over from `before` with the reason.
pub fn claim_event(
    base: Event,
    who: &StaffActor,
    before: Option<&Claim>,
    reason: Option<&str>,
) -> Event {
    let (detail, what) = match (before, reason) {
        (Some(b), Some(r)) => (
            format!("taken over from {} by {}: {r}", b.holder, who),
            TimelineEvent::TakenOver {
                from: b.holder.clone(),
                reason: r.to_string(),
            },
        ),
        _ => (format!("claimed by {who}"), TimelineEvent::Claimed),
    };
    base.detail(detail).event(what).by(who)
}

/// Ends the signed-in reviewer's claim (nothing when there is none).
#[utoipa::path(delete, path = "/api/v1/staff/submissions/{key}/claim", tag = "staff",
    params(("key" = String, Path, description = "Submission id or reference number")),
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 204, description = "No claim of this reviewer is left"),
        (status = 400, description = "Malformed key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another reviewer holds it", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn release(
    State(state): State<Shared>,
    staff: Staff,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let row = find(&state, &key).await?;
    let (id, who) = (row.id.clone(), staff.who.clone());
    let released = state
        .store
        .run(move |s| {
            let event = |_: &Claim| {
                Event::new("DELETE", "/staff/…/claim", 204)
                    .detail(format!("released by {who}"))
                    .event(TimelineEvent::Released)
                    .by(&who)
            };
            s.release(&id, &who, &event)
        })
        .await?;
    if let Err(held) = released {
        return Err(held_by_other(&held));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
