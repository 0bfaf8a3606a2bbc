//! A reviewer's records on a submission: the decision (with a rejection's
//! structured reasons, a dispatch's EMS number, a collection's collector) and
//! the checklist, which only the reviewer holding the submission may tick.
//! Every reason, checklist line, mail number and collector is parsed into the
//! domain's types and checked against the submission before anything is stored.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use eport_domain::case::EnrollmentCase;
use eport_domain::protocol::{
    CheckRequest, Checklist, Decision, Manifest, Problem, ReviewProgress, ReviewRequest,
    StatusDocument,
};
use eport_domain::review::{self, CheckItem, ReasonCode};
use eport_domain::Lang;

use super::refusals::StaffRefusals;
use super::staff::find;
use crate::http::problem::ApiError;
use crate::review::decision;
use crate::staff_auth::extract::Passive;
use crate::staff_auth::Staff;
use crate::state::Shared;
use crate::storage::{decision_detail, Decided, Event, Row, Verdict};

/// The declared case of a submission; archived ones have none left.
fn declared_case(row: &Row) -> Result<EnrollmentCase, ApiError> {
    serde_json::from_str::<Manifest>(&row.manifest)
        .map(|m| m.case)
        .map_err(|_| ApiError::conflict("the submission was archived: its declared data is gone"))
}

/// A staff decision: approve or return (退单, with a note or structured
/// reasons) the claimed submission, then the card's way out by its 领卡方式:
/// dispatch (with the EMS number), card made, mail returned, collected.
#[utoipa::path(post, path = "/api/v1/staff/submissions/{key}/review", tag = "staff",
    params(("key" = String, Path, description = "Submission id or reference number")),
    request_body(content = ReviewRequest, content_type = "application/json"),
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "The new status document", body = StatusDocument),
        (status = 400, description = "Malformed key or JSON (an unknown reason code or field included)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The decision does not apply in the current state or to the case's 领卡方式 (`state-changed`); an approval or return by a reviewer who has not claimed the submission (`not-claimed`) or while another holds it (`claimed-by-other`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An approval with checklist lines unticked (`checklist-incomplete`); an EMS number already given to another submission (`tracking-used`); a rejection with neither note nor reason; reasons that do not fit the submission or the decision; a dispatch without a valid EMS number; a collection without a valid collector; a mail return without its reason; a note over 2,000 characters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn review(
    State(state): State<Shared>,
    staff: Staff,
    Path(key): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let req: ReviewRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "malformed-json",
            &format!("expected {{\"decision\", \"note\", \"reasons\", \"tracking_number\", \"collector\"}}: {e}"),
        )
    })?;
    // Names a newer version might send read as `Unknown`: still malformed here.
    if req.decision == Decision::Unknown
        || req.reasons.iter().any(|r| r.code == ReasonCode::Unknown)
    {
        return Err(ApiError::bad_request(
            "malformed-json",
            "unknown decision or reason code",
        ));
    }
    let checked = decision::check(&req).map_err(|e| ApiError::unprocessable(&e))?;
    let row = find(&state, &key).await?;
    if !checked.reasons.is_empty() {
        review::check_reasons(&declared_case(&row)?, &checked.reasons)
            .map_err(|e| ApiError::unprocessable(&e.to_string()))?;
    }
    // 开始审核 is 认领: the claim begins the review (received → in_review).
    if checked.decision == Decision::InReview {
        if !row.state.under_review() {
            return Err(
                decision::refusal(&Verdict::NotApplicable(row.state), Decision::InReview)
                    .expect("a refusal"),
            );
        }
        super::staff_claim::claim_for(&state, &row, &staff.who, None).await?;
        let row = find(&state, &key).await?;
        let doc = super::submissions::document(&state, &row).await?;
        return Ok(Json(doc).into_response());
    }
    let mut said: Vec<String> = checked.reasons.iter().map(|r| r.text(Lang::ZhCn)).collect();
    said.extend(checked.note.clone());
    said.extend(checked.tracking.as_ref().map(|t| format!("EMS {t}")));
    said.extend(
        checked
            .collector
            .as_ref()
            .map(|c| format!("领卡人 {} (证件尾号 {})", c.name, c.id_tail)),
    );
    let said = said.join("；");
    let id = row.id.clone();
    let who = staff.who.clone();
    let c = checked.clone();
    let verdict = state
        .store
        .run(move |s| {
            let d = Decided {
                decision: c.decision,
                note: c.note.as_deref(),
                reasons: &c.reasons,
                tracking_number: c.tracking.as_deref(),
                collector: c.collector.as_ref(),
            };
            // Recorded with the decision, in its transaction.
            let event = |next| {
                let detail = decision_detail(next, &who, "", (!said.is_empty()).then_some(&*said));
                Event::new("POST", "/staff/…/review", 200)
                    .detail(detail)
                    .event(c.event(next, false))
                    .by(&who)
            };
            s.decide(&id, &d, &who, &event)
        })
        .await?;
    if let Some(refused) = decision::refusal(&verdict, checked.decision) {
        return Err(refused);
    }
    let Verdict::Done(next) = verdict else {
        unreachable!("refusal() covers every other verdict")
    };
    tracing::info!(login = %staff.who.login, state = next.as_str(), "staff decision");
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
        (status = 409, description = "The submission was archived, its review is over (`state-changed`), or the signed-in reviewer does not hold it (`not-claimed`, `claimed-by-other`)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn check(
    State(state): State<Shared>,
    staff: Staff,
    Path((key, item)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
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
    if !row.state.under_review() {
        return Err(
            decision::refusal(&Verdict::NotApplicable(row.state), Decision::Approve)
                .expect("a refusal"),
        );
    }
    // Only the holder ticks: a tick is a reviewer's word that they checked
    // it. The store checks the claim where it writes the tick.
    let id = row.id.clone();
    let ticked = state
        .store
        .run(
            move |s| match s.set_check(&id, item, req.checked, &staff.who)? {
                Ok(()) => Ok(Ok(s.checklist(&id)?)),
                Err(held) => Ok(Err(held)),
            },
        )
        .await?;
    match ticked {
        Ok(ticks) => Ok(Json(Checklist { ticks }).into_response()),
        Err(Some(c)) => Err(super::staff_claim::held_by_other(&c)),
        Err(None) => Err(ApiError::new(
            409,
            "not-claimed",
            "Conflict",
            "请先认领此申报，再逐项核对 / claim the submission before ticking its checklist",
        )),
    }
}

/// The review's progress as others change it: state, claim and ticks. For a
/// page polling in the background: it is not the reviewer's activity (the
/// idle timeout runs on) and, holding no personal data, not a recorded view.
#[utoipa::path(get, path = "/api/v1/staff/submissions/{key}/progress", tag = "staff",
    params(("key" = String, Path, description = "Submission id or reference number")),
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "State, claim and checklist now", body = ReviewProgress),
        (status = 400, description = "Malformed key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn progress(
    State(state): State<Shared>,
    Passive(_staff): Passive,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let row = find(&state, &key).await?;
    let id = row.id.clone();
    let (claim, checklist) = state
        .store
        .run(move |s| Ok((s.claim_of(&id)?, s.checklist(&id)?)))
        .await?;
    Ok(Json(ReviewProgress {
        state: row.state,
        claim: claim.filter(|_| row.state.under_review()),
        checklist,
    })
    .into_response())
}
