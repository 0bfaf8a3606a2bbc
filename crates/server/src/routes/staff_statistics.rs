//! `GET /api/v1/staff/statistics` (统计): a period's figures, computed by the
//! domain from what the store keeps of each submission. It changes nothing
//! and holds no personal data, so a GET (the SameSite=Strict session cookie
//! keeps other sites out), recorded in the work log like the detail view in
//! the access log; the work is bounded like a register's (rows, and two at a
//! time with the exports).

use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use eport_domain::protocol::Problem;
use eport_domain::staff_session::WorkAction;
use eport_domain::statistics::{Period, Statistics};
use serde::Deserialize;
use utoipa::IntoParams;

use super::refusals::StaffRefusals;
use crate::http::problem::ApiError;
use crate::review::register::MAX_ROWS;
use crate::staff_auth::Staff;
use crate::state::Shared;
use crate::storage::now;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatisticsQuery {
    /// The first day (Asia/Shanghai); with `to`, at most 366 days. Default: 29 days before `to`.
    #[param(value_type = Option<String>, format = Date, example = "2026-11-01")]
    from: Option<NaiveDate>,
    /// The last day, included. Default: today.
    #[param(value_type = Option<String>, format = Date, example = "2026-11-30")]
    to: Option<NaiveDate>,
}

/// The figures of a period (default: the 30 days ending today).
#[utoipa::path(get, path = "/api/v1/staff/statistics", tag = "staff",
    params(StatisticsQuery),
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "Per day: arrivals, verdicts and cards out; business days to a verdict and to the card leaving (median, 90th percentile); open and overdue now; returns by reason; verdicts per reviewer", body = Statistics),
        (status = 400, description = "A date is malformed, `to` is before `from`, or the period is longer than 366 days", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "More than 200,000 submissions in the period: choose a shorter one", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Two registers or statistics are being made already; see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn statistics(
    State(state): State<Shared>,
    staff: Staff,
    uri: Uri,
) -> Result<Response, ApiError> {
    // Read only once signed in: a stranger learns nothing of the parameters.
    let axum::extract::Query(q) = axum::extract::Query::<StatisticsQuery>::try_from_uri(&uri)
        .map_err(|e| ApiError::bad_request("bad-query", &e.body_text()))?;
    let today = now().date_naive();
    let period = Period::asked(q.from, q.to, today)
        .map_err(|e| ApiError::bad_request("bad-period", &e.to_string()))?;
    let _permit = state.exports.clone().try_acquire_owned().map_err(|_| {
        ApiError::busy(
            10,
            "two registers or statistics are being made; try again shortly",
        )
    })?;
    let cal = state.calendar();
    let who = staff.who.clone();
    let figures = state
        .store
        .run(move |s| {
            let detail = format!("{}..{}", period.from(), period.to());
            s.record_work(&who, WorkAction::Statistics, &detail)?;
            Ok(s.statistics_facts(period, MAX_ROWS as u32)?
                .map(|facts| eport_domain::statistics::compute(facts, period, &cal, today)))
        })
        .await?;
    let Some(figures) = figures else {
        return Err(ApiError::unprocessable(&format!(
            "the period holds more than {MAX_ROWS} submissions: choose a shorter one"
        )));
    };
    tracing::info!(login = %staff.who.login, from = %period.from(), to = %period.to(), "statistics");
    Ok(Json::<Statistics>(figures).into_response())
}
