//! A reviewer's records on a submission: the decision (with a rejection's
//! structured reasons and a dispatch's EMS number) and the checklist. Every
//! reason, checklist line and mail number is parsed into the domain's types
//! and checked against the submission before anything is stored.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use axum::Json;
use eport_domain::case::EnrollmentCase;
use eport_domain::protocol::{
    CheckRequest, Checklist, Decision, Manifest, Problem, ReviewRequest, StatusDocument,
};
use eport_domain::review::{self, CheckItem};
use eport_domain::Lang;

use super::refusals::StaffRefusals;
use super::staff::find;
use super::Shared;
use crate::problem::ApiError;
use crate::staff_auth::require;
use crate::store::{decision_detail, Decided, Event, Row};

/// 审批意见 longer than this is refused (a page of text).
const MAX_NOTE_CHARS: usize = 2000;

/// The declared case of a submission; archived ones have none left.
fn declared_case(row: &Row) -> Result<EnrollmentCase, ApiError> {
    serde_json::from_str::<Manifest>(&row.manifest)
        .map(|m| m.case)
        .map_err(|_| ApiError::conflict("the submission was archived: its declared data is gone"))
}

fn both(zh: &str, en: &str) -> String {
    format!("{zh} / {en}")
}

/// A staff decision: in review, approve, reject (with a note or structured
/// reasons), dispatch (with the EMS mail number).
#[utoipa::path(post, path = "/api/v1/staff/submissions/{key}/review", tag = "staff",
    params(("key" = String, Path, description = "Submission id or reference number")),
    request_body(content = ReviewRequest, content_type = "application/json"),
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "The new status document", body = StatusDocument),
        (status = 400, description = "Malformed key or JSON (an unknown reason code or field included)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The decision does not apply in the current state, or another reviewer holds the submission (claim)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rejection with neither note nor reason; reasons that do not fit the submission or the decision; a dispatch without a valid EMS number; a note over 2,000 characters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn review(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(key): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let staff = require(&state, &Method::POST, &headers).await?;
    let req: ReviewRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "malformed-json",
            &format!("expected {{\"decision\", \"note\", \"reasons\", \"tracking_number\"}}: {e}"),
        )
    })?;
    let note = req
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
    {
        return Err(ApiError::unprocessable(&both(
            "审批意见最多 2000 字",
            "the note (审批意见) has at most 2,000 characters",
        )));
    }
    if req.decision != Decision::Reject && !req.reasons.is_empty() {
        return Err(ApiError::unprocessable("reasons go with a rejection only"));
    }
    if req.decision == Decision::Reject && note.is_none() && req.reasons.is_empty() {
        return Err(ApiError::unprocessable(&both(
            "退单须选择原因或填写审批意见，告诉企业要改什么",
            "a rejection needs a reason or a note (审批意见) telling the enterprise what to fix",
        )));
    }
    let tracking = match (req.decision, req.tracking_number.as_deref()) {
        (Decision::Dispatch, Some(n)) => Some(review::parse_tracking_number(n).map_err(|e| {
            ApiError::unprocessable(&both(e.message(Lang::ZhCn), e.message(Lang::En)))
        })?),
        (Decision::Dispatch, None) => {
            return Err(ApiError::unprocessable(&both(
                "标记已寄出须填写 EMS 邮件号",
                "marking as dispatched needs the EMS mail number",
            )))
        }
        (_, Some(_)) => {
            return Err(ApiError::unprocessable(
                "a tracking number goes with a dispatch only",
            ))
        }
        (_, None) => None,
    };
    let row = find(&state, &key).await?;
    super::staff_claim::ensure_not_held_by_other(&state, &row, &staff.who).await?;
    if !req.reasons.is_empty() {
        review::check_reasons(&declared_case(&row)?, &req.reasons)
            .map_err(|e| ApiError::unprocessable(&e.to_string()))?;
    }
    let id = row.id.clone();
    let who = staff.who.clone();
    let (n, reasons, t) = (note.clone(), req.reasons.clone(), tracking.clone());
    let next = state
        .store
        .run(move |s| {
            let d = Decided {
                decision: req.decision,
                note: n.as_deref(),
                reasons: &reasons,
                tracking_number: t.as_deref(),
            };
            s.decide(&id, &d, &who)
        })
        .await?;
    let Some(next) = next else {
        return Err(ApiError::conflict(&format!(
            "a {:?} decision does not apply to a {} submission",
            req.decision,
            row.state.as_str()
        )));
    };
    // 开始审核 puts it in this reviewer's hands.
    if req.decision == Decision::InReview {
        let (id, who) = (row.id.clone(), staff.who.clone());
        state
            .store
            .run(move |s| s.claim(&id, &who, false))
            .await?
            .ok();
    }
    let id = row.id.clone();
    let mut said: Vec<String> = req.reasons.iter().map(|r| r.text(Lang::ZhCn)).collect();
    said.extend(note);
    said.extend(tracking.map(|t| format!("EMS {t}")));
    let said = said.join("；");
    let detail = decision_detail(next, &staff.who, "", (!said.is_empty()).then_some(&*said));
    tracing::info!(login = %staff.who.login, state = next.as_str(), "staff decision");
    let event = Event::new("POST", "/staff/…/review", 200)
        .detail(detail)
        .by(&staff.who);
    state.store.run(move |s| s.record(&id, &event)).await?;
    let row = find(&state, &key).await?;
    let doc = super::submissions::document(&state, &row).await?;
    Ok(Json(doc).into_response())
}

/// Ticks or unticks one line of the reviewer's checklist (`licence`,
/// `id.legal_person`, `id.agent`, `id.operators.{n}`, `authorization`: the
/// lines `review::checklist` gives for this submission).
#[utoipa::path(put, path = "/api/v1/staff/submissions/{key}/checklist/{item}", tag = "staff",
    params(
        ("key" = String, Path, description = "Submission id or reference number"),
        ("item" = String, Path, description = "A checklist line of this submission"),
    ),
    request_body(content = CheckRequest, content_type = "application/json"),
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "Every tick of the submission now, with who ticked it", body = Checklist),
        (status = 400, description = "Malformed key or JSON", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission, or no such line on its checklist", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The submission was archived", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn check(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((key, item)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let staff = require(&state, &Method::PUT, &headers).await?;
    let req: CheckRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "malformed-json",
            &format!("expected {{\"checked\": bool}}: {e}"),
        )
    })?;
    let row = find(&state, &key).await?;
    let case = declared_case(&row)?;
    let item = item
        .parse::<CheckItem>()
        .ok()
        .filter(|i| review::checklist(&case).contains(i))
        .ok_or_else(|| ApiError::not_found("no such line on this submission's checklist"))?;
    let id = row.id.clone();
    let ticks = state
        .store
        .run(move |s| {
            s.set_check(&id, item, req.checked, &staff.who)?;
            s.checklist(&id)
        })
        .await?;
    Ok(Json(Checklist { ticks }).into_response())
}
