//! `POST /lookup`: a submission's state and dates from its reference number
//! and the enterprise's USCC (both on the enterprise's own papers), for a lost
//! device or a cleared browser. Mirrors the centre's own look-up by code. A
//! wrong pair answers exactly like an unknown reference; the route has its own
//! tight rate limit per address, and misses are limited per credit code per
//! day (`lookup_misses.rs`).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use eport_domain::ids::SubmissionKey;
use eport_domain::protocol::{LookupAnswer, LookupRequest, Problem};
use subtle::ConstantTimeEq;

use super::refusals::RateLimited;
use crate::http::problem::ApiError;
use crate::state::Shared;
use crate::storage::status_document;

fn not_found() -> ApiError {
    ApiError::not_found("no submission with this reference number and credit code")
}

/// Looks up a submission by reference number and USCC.
#[utoipa::path(post, path = "/api/v1/lookup", tag = "sync",
    params(
        ("X-Eport-States" = Option<u32>, Header, description = "The states the app reads (see GET /submissions/{id})"),
    ),
    request_body(content = LookupRequest, content_type = "application/json"),
    responses(
        RateLimited,
        (status = 200, description = "The submission's state and dates", body = LookupAnswer),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No submission with this reference and credit code (the same answer for an unknown reference and a wrong code)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn lookup(
    State(state): State<Shared>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    if body.len() > 1024 {
        return Err(ApiError::too_large("a look-up is at most 1 KiB"));
    }
    let req: LookupRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "malformed-json",
            &format!("expected {{\"reference\", \"uscc\"}}: {e}"),
        )
    })?;
    let given = eport_domain::normalize::uscc(&req.uscc);
    let now = crate::storage::now();
    let today = now.date_naive();
    if !state.lookup_misses.allowed(&given, today).await? {
        let midnight = (today + chrono::Days::new(1))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default();
        let wait = (midnight - now.naive_local()).num_seconds().max(1) as u64;
        return Err(ApiError::rate_limited(
            wait,
            "too many look-ups of this credit code found nothing today; try again tomorrow",
        ));
    }
    let found = match SubmissionKey::parse(req.reference.trim()) {
        Ok(key @ SubmissionKey::Reference(_)) => state.store.run(move |s| s.find(&key)).await?,
        _ => None,
    };
    let Some(row) = found.filter(|r| bool::from(given.as_bytes().ct_eq(r.uscc.as_bytes()))) else {
        state.lookup_misses.missed(&given, today).await?;
        return Err(not_found());
    };
    let doc = status_document(&row, &[], &state.calendar())
        .for_generation(super::submissions::generation(&headers));
    Ok(Json(LookupAnswer {
        reference: row.reference.clone().unwrap_or_default(),
        state: doc.state,
        received_at: doc.received_at,
        decision: doc.review.decision,
        decided_at: doc.review.decided_at,
        expected: doc.expected,
        archived_at: doc.archived_at,
    })
    .into_response())
}
