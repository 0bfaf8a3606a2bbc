//! Staff endpoints (`/staff/…`): list, inspect with the request timeline,
//! download attachment bytes, and decide. All need the configured staff token;
//! without one configured they are disabled.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use eport_domain::protocol::{
    Decision, Problem, ReviewRequest, StaffList, StaffSubmission, StatusDocument, SubmissionState,
};
use serde::Deserialize;
use subtle::ConstantTimeEq;
use utoipa::IntoParams;

use super::Shared;
use crate::auth::bearer;
use crate::problem::ApiError;
use crate::store::{status_document, Event, ListFilter, Row};

/// The submission with this id or reference number, or a 404.
async fn find(state: &Shared, key: &str) -> Result<Row, ApiError> {
    let k = key.to_string();
    state
        .store
        .run(move |s| s.find(&k))
        .await?
        .ok_or_else(|| ApiError::not_found("no such submission"))
}

fn check(state: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = state.config.staff_token.as_deref() else {
        return Err(ApiError::new(
            403,
            "staff-disabled",
            "Forbidden",
            "staff endpoints are disabled: no staff token is configured",
        ));
    };
    match bearer(headers, "authorization") {
        Some(given) if bool::from(given.as_bytes().ct_eq(token.as_bytes())) => Ok(()),
        _ => Err(ApiError::unauthorized()),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only submissions in this state.
    state: Option<SubmissionState>,
    /// Part of a reference number, USCC or enterprise name.
    q: Option<String>,
    /// 1-based page of 50.
    #[param(minimum = 1, maximum = 100000)]
    page: Option<u32>,
}

const PAGE: u32 = 50;
const MAX_PAGE: u32 = 100_000;

/// Submissions, newest first, 50 a page.
#[utoipa::path(get, path = "/api/v1/staff/submissions", tag = "staff",
    params(ListQuery),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "One page", body = StaffList),
        (status = 400, description = "A query parameter is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or wrong staff token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff endpoints are disabled (no token configured)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    check(&state, &headers)?;
    let page = q.page.unwrap_or(1);
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(ApiError::bad_request(
            "bad-page",
            &format!("page must be between 1 and {MAX_PAGE}"),
        ));
    }
    let filter = ListFilter {
        state: q.state,
        needle: q.q.unwrap_or_default().trim().to_string(),
        limit: PAGE,
        offset: (page - 1) * PAGE,
    };
    let items = state.store.run(move |s| s.list(&filter)).await?;
    Ok(Json(StaffList {
        page,
        page_size: PAGE,
        items,
    })
    .into_response())
}

/// One submission with its manifest, attachment states and request timeline.
#[utoipa::path(get, path = "/api/v1/staff/submissions/{key}", tag = "staff",
    params(("key" = String, Path, description = "Submission id or reference number")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The submission", body = StaffSubmission),
        (status = 401, description = "No or wrong staff token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff endpoints are disabled (no token configured)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    check(&state, &headers)?;
    let row = find(&state, &key).await?;
    let id = row.id.clone();
    let (atts, timeline) = state
        .store
        .run(move |s| Ok((s.attachments(&id)?, s.timeline(&id)?)))
        .await?;
    let doc = status_document(&row, &atts, &state.calendar);
    Ok(Json(StaffSubmission {
        status: doc,
        supersedes: row.supersedes,
        created_at: row.created_at,
        manifest: serde_json::from_str(&row.manifest).ok(),
        attachments: atts,
        timeline,
    })
    .into_response())
}

/// The bytes of a complete attachment.
#[utoipa::path(get, path = "/api/v1/staff/submissions/{key}/attachments/{sha256}", tag = "staff",
    params(
        ("key" = String, Path, description = "Submission id or reference number"),
        ("sha256" = String, Path, description = "The attachment's SHA-256"),
    ),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The file", content(
            (super::uploads::Bytes = "image/jpeg"), (super::uploads::Bytes = "image/png"), (super::uploads::Bytes = "application/pdf"))),
        (status = 401, description = "No or wrong staff token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff endpoints are disabled (no token configured)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission or no complete attachment with that digest", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn attachment(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((key, sha)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    check(&state, &headers)?;
    let row = find(&state, &key).await?;
    let id = row.id.clone();
    let atts = state.store.run(move |s| s.attachments(&id)).await?;
    let a = atts
        .into_iter()
        .find(|a| a.sha256 == sha && a.complete)
        .ok_or_else(|| ApiError::not_found("no complete attachment with that digest"))?;
    let bytes = tokio::fs::read(state.blobs.blob(&a.sha256))
        .await
        .map_err(|e| ApiError::internal(e.into()))?;
    let ascii_name: String = a
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, a.mime.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii_name}\""),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// A staff decision: in review, approve, reject (with a note), dispatch.
#[utoipa::path(post, path = "/api/v1/staff/submissions/{key}/review", tag = "staff",
    params(("key" = String, Path, description = "Submission id or reference number")),
    request_body(content = ReviewRequest, content_type = "application/json"),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The new status document", body = StatusDocument),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or wrong staff token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff endpoints are disabled (no token configured)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The decision does not apply in the current state", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rejection without a note", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn review(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(key): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    check(&state, &headers)?;
    let req: ReviewRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "malformed-json",
            &format!("expected {{\"decision\", \"note\"}}: {e}"),
        )
    })?;
    let note = req
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    if req.decision == Decision::Reject && note.is_none() {
        return Err(ApiError::unprocessable(
            "a rejection needs a note (审批意见) telling the enterprise what to fix",
        ));
    }
    let row = find(&state, &key).await?;
    let id = row.id.clone();
    let n = note.clone();
    let next = state
        .store
        .run(move |s| s.decide(&id, req.decision, n.as_deref()))
        .await?;
    let Some(next) = next else {
        return Err(ApiError::conflict(&format!(
            "a {:?} decision does not apply to a {} submission",
            req.decision,
            row.state.as_str()
        )));
    };
    let id = row.id.clone();
    let detail = format!("staff: {} {}", next.as_str(), note.unwrap_or_default());
    let event = Event::new("POST", "/staff/…/review", 200).detail(detail);
    state.store.run(move |s| s.record(&id, &event)).await?;
    let row = find(&state, &key).await?;
    let doc = super::submissions::document(&state, &row).await?;
    Ok(Json(doc).into_response())
}
