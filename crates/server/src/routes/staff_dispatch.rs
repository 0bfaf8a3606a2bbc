//! `POST /api/v1/staff/dispatch-batch` (批量寄出): the courier's manifest,
//! "reference, EMS number" a line. Every line is checked (the domain's
//! reading, then what the store knows); a preview shows each problem, and
//! applying posts every good line in one transaction, each recorded in its
//! timeline as the reviewer's dispatch. Claims end at approval, so they do not
//! stand in the way.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use eport_domain::dispatch_batch::{read, BatchAnswer, BatchRequest, LineProblem, MAX_LINES};
use eport_domain::ids::{Reference, SubmissionKey};
use eport_domain::protocol::{Decision, Problem, SubmissionState};
use eport_domain::staff_session::{StaffActor, WorkAction};

use super::refusals::StaffRefusals;
use crate::http::problem::ApiError;
use crate::staff_auth::Staff;
use crate::state::Shared;
use crate::storage::{decision_detail, not_postable, Event, TimelineEvent};

/// Checks the manifest; with `apply`, posts its good lines at once.
#[utoipa::path(post, path = "/api/v1/staff/dispatch-batch", tag = "staff",
    request_body = BatchRequest,
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "Every line with its problem, if any, and how many were posted. If a line changed between the check and the posting (another reviewer), nothing is posted (`applied` 0) and that line says why", body = BatchAnswer),
        (status = 400, description = "Malformed JSON, or more than 1,000 lines", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn dispatch_batch(
    State(state): State<Shared>,
    staff: Staff,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: BatchRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "malformed-json",
            &format!("expected {{\"lines\", \"apply\"}}: {e}"),
        )
    })?;
    let mut lines = read(&req.lines).map_err(|_| {
        ApiError::bad_request(
            "too-many-lines",
            &format!("a batch has at most {MAX_LINES} lines; send the rest in another"),
        )
    })?;
    // What the store knows of each good line; `items` are the postable ones
    // with their line's place in `lines`.
    let (mut lines, items) = state
        .store
        .run(move |s| {
            let mut items = Vec::new();
            for (i, l) in lines.iter_mut().enumerate() {
                if l.problem.is_some() {
                    continue;
                }
                let key = Reference::parse(&l.reference).map(SubmissionKey::Reference);
                let Some(row) = key.ok().map(|k| s.find(&k)).transpose()?.flatten() else {
                    l.problem = Some(LineProblem::NotFound);
                    continue;
                };
                if let Some(p) = not_postable(&row) {
                    l.problem = Some(p);
                } else if let Some(reference) = s.tracking_owner(&l.tracking_number)? {
                    l.problem = Some(LineProblem::NumberUsed { reference });
                } else {
                    items.push((i, row.id, l.tracking_number.clone()));
                }
            }
            Ok((lines, items))
        })
        .await?;
    if !req.apply || items.is_empty() {
        let detail = format!("checked {} lines, {} ready", lines.len(), items.len());
        work(&state, &staff.who, detail).await?;
        return Ok(Json(BatchAnswer { lines, applied: 0 }).into_response());
    }
    let who = staff.who.clone();
    let places: Vec<usize> = items.iter().map(|(i, _, _)| *i).collect();
    let batch: Vec<_> = items
        .into_iter()
        .map(|(_, id, number)| {
            let said = format!("EMS {number}");
            let event = Event::new("POST", "/staff/dispatch-batch", 200)
                .detail(decision_detail(
                    SubmissionState::Dispatched,
                    &who,
                    " (批量寄出)",
                    Some(&said),
                ))
                .event(TimelineEvent::Decided {
                    decision: Decision::Dispatch,
                    state: SubmissionState::Dispatched,
                    reasons: Vec::new(),
                    note: None,
                    tracking_number: Some(number.clone()),
                    collector: None,
                    command_line: false,
                })
                .by(&who);
            (id, number, event)
        })
        .collect();
    let posted = state.store.run(move |s| s.dispatch_batch(&batch)).await?;
    let applied = match posted {
        Ok(n) => {
            tracing::info!(login = %staff.who.login, posted = n, "batch dispatch");
            n
        }
        Err((i, problem)) => {
            lines[places[i]].problem = Some(problem);
            0
        }
    };
    work(
        &state,
        &staff.who,
        format!("posted {applied} of {} lines", lines.len()),
    )
    .await?;
    Ok(Json(BatchAnswer { lines, applied }).into_response())
}

async fn work(state: &Shared, who: &StaffActor, detail: String) -> Result<(), ApiError> {
    let who = who.clone();
    state
        .store
        .run(move |s| s.record_work(&who, WorkAction::DispatchBatch, &detail))
        .await?;
    Ok(())
}
