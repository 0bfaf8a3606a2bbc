//! `GET /calendar/{year}`: the holiday data the server counts business days
//! with (shipped, or imported by `eport-server calendar import`), for the
//! app to cache and use offline.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use eport_domain::calendar::YearFile;
use eport_domain::protocol::Problem;

use super::refusals::RateLimited;
use crate::http::problem::ApiError;
use crate::state::Shared;

/// One year of holiday data in the holiday-cn JSON format.
#[utoipa::path(get, path = "/api/v1/calendar/{year}", tag = "sync",
    params(("year" = String, Path, description = "Four digits, e.g. 2027", pattern = "^[0-9]{4}$")),
    responses(
        RateLimited,
        (status = 200, description = "The year's holidays and working days", body = YearFile),
        (status = 404, description = "No holiday data for that year", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn year(
    State(state): State<Shared>,
    Path(year): Path<String>,
) -> Result<Response, ApiError> {
    let found = (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
        .then(|| year.parse::<i32>().ok())
        .flatten()
        .and_then(|y| state.calendar().year_file(y));
    let Some(file) = found else {
        return Err(ApiError::not_found("no holiday data for that year"));
    };
    // Public data that changes once a year at most.
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=3600")],
        Json(file),
    )
        .into_response())
}
