//! `POST /api/v1/staff/labels` (地址标签): the address labels of approved
//! cards going by mail, for the courier's envelopes. Each label printed is
//! recorded against its submission: it carries the recipient's data.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use eport_domain::ids::{SubmissionId, SubmissionKey};
use eport_domain::labels::{label_of, LabelsAnswer, LabelsRequest, MAX_LABELS};
use eport_domain::protocol::{Manifest, Problem, SubmissionState};
use eport_domain::staff_session::{AccessAction, WorkAction};

use super::refusals::StaffRefusals;
use crate::http::parse;
use crate::http::problem::ApiError;
use crate::staff_auth::Staff;
use crate::state::Shared;

/// The labels of the approved, mailed submissions among `keys` (others are skipped).
#[utoipa::path(post, path = "/api/v1/staff/labels", tag = "staff",
    request_body = LabelsRequest,
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "A label for each approved submission whose card goes by mail; the other keys in `skipped`. Each label is recorded in its submission's access log", body = LabelsAnswer),
        (status = 400, description = "Malformed JSON or key, or more than 100 keys", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn labels(
    State(state): State<Shared>,
    staff: Staff,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: LabelsRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request("malformed-json", &format!("expected {{\"keys\"}}: {e}"))
    })?;
    if req.keys.len() > MAX_LABELS {
        return Err(ApiError::bad_request(
            "too-many-keys",
            &format!("a sheet of labels holds at most {MAX_LABELS} submissions"),
        ));
    }
    let keys: Vec<SubmissionKey> = req
        .keys
        .iter()
        .map(|k| parse::submission_key(k))
        .collect::<Result<_, _>>()?;
    let who = staff.who.clone();
    let answer = state
        .store
        .run(move |s| {
            let mut answer = LabelsAnswer {
                labels: Vec::new(),
                skipped: Vec::new(),
            };
            let mut printed: Vec<SubmissionId> = Vec::new();
            for key in keys {
                let label = s
                    .find(&key)?
                    .filter(|row| row.state == SubmissionState::Approved)
                    .and_then(|row| {
                        let manifest: Manifest = serde_json::from_str(&row.manifest).ok()?;
                        let reference = row.reference.clone().unwrap_or_else(|| row.id.to_string());
                        let label = label_of(&reference, &manifest.case)?;
                        printed.push(row.id.clone());
                        Some(label)
                    });
                match label {
                    Some(l) => answer.labels.push(l),
                    None => answer.skipped.push(key.as_str().to_string()),
                }
            }
            s.record_accesses(&printed, &who, AccessAction::Label, "")?;
            let detail = format!(
                "{} labels, {} skipped",
                answer.labels.len(),
                answer.skipped.len()
            );
            s.record_work(&who, WorkAction::Labels, &detail)?;
            Ok(answer)
        })
        .await?;
    tracing::info!(login = %staff.who.login, labels = answer.labels.len(), "address labels");
    Ok(Json(answer).into_response())
}
