//! The HTTP surface: `/api/v1/…` for the sync protocol, the built app elsewhere.

mod app_files;
mod authorised;
mod calendar;
mod guard;
mod headers;
mod lookup;
pub mod openapi;
mod ping;
mod refusals;
pub(crate) mod staff;
pub(crate) mod staff_claim;
mod staff_claims_bulk;
mod staff_dispatch;
mod staff_labels;
mod staff_register;
mod staff_review;
mod staff_session;
mod staff_statistics;
mod submissions;
pub(crate) mod uploads;

use std::sync::Arc;

use axum::http::{header, Extensions, HeaderMap, StatusCode, Uri, Version};
use axum::routing::{get, post, put};
use axum::Router;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::http::client_addr::TrustedProxies;
use crate::state::Shared;

use crate::http::problem::ApiError;

pub fn router(state: Shared) -> Router {
    let api = Router::new()
        .route("/ping", get(ping::ping))
        .route("/lookup", post(lookup::lookup))
        .route("/calendar/{year}", get(calendar::year))
        .route("/openapi.json", get(openapi::serve))
        .route(
            "/submissions/{id}",
            put(submissions::put).get(submissions::get),
        )
        .route("/submissions/{id}/withdraw", post(submissions::withdraw))
        .route(
            "/submissions/{id}/attachments/{sha256}",
            axum::routing::head(uploads::head).patch(uploads::patch),
        )
        .route(
            "/staff/session",
            post(staff_session::sign_in)
                .get(staff_session::current)
                .delete(staff_session::sign_out),
        )
        .route("/staff/submissions", get(staff::list))
        .route("/staff/submissions/{key}", get(staff::show))
        .route("/staff/submissions/{key}/timeline", get(staff::timeline))
        .route(
            "/staff/submissions/{key}/attachments/{sha256}",
            get(staff::attachment),
        )
        .route(
            "/staff/submissions/{key}/review",
            post(staff_review::review),
        )
        .route(
            "/staff/submissions/{key}/checklist/{item}",
            put(staff_review::check),
        )
        .route(
            "/staff/submissions/{key}/progress",
            get(staff_review::progress),
        )
        .route(
            "/staff/submissions/{key}/claim",
            post(staff_claim::claim).delete(staff_claim::release),
        )
        .route("/staff/quarantine", get(staff::quarantine))
        .route("/staff/register", post(staff_register::export))
        .route("/staff/labels", post(staff_labels::labels))
        .route("/staff/statistics", get(staff_statistics::statistics))
        .route("/staff/claims", post(staff_claims_bulk::bulk))
        .route("/staff/reviewers", get(staff_claims_bulk::reviewers))
        .route(
            "/staff/dispatch-batch",
            post(staff_dispatch::dispatch_batch),
        )
        .fallback(api_not_found)
        .layer(compress_json());
    // The server's own work is quick; a handler still running this long
    // after the request's time limit is stuck, and is answered 408.
    let backstop = state.config.limits.request_timeout + std::time::Duration::from_secs(30);
    Router::new()
        .nest("/api/v1", api)
        // Any other /api path is an API miss too, never the app's index.html.
        .route("/api", axum::routing::any(api_not_found))
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .fallback({
            let files = app_files::AppFiles::new(&state.config.dist_dir);
            move |req: axum::extract::Request| {
                let files = files.clone();
                async move { files.serve(req).await }
            }
        })
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            backstop,
        ))
        .layer(axum::middleware::from_fn(guard::api_problems))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::limits,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(headers::SecurityHeaders::from_dist(&state.config.dist_dir)),
            headers::add,
        ))
        // One log line per request: method, path (never the query, which may
        // hold a name or a credit code), client address; status and latency.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span(state.trusted.clone()))
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO))
                // A 503 or 507 is a limit doing its job, and the response line
                // already says it; a real failure logs its cause (`ApiError::internal`).
                // At ERROR, a flood of refusals would be a flood of error lines.
                .on_failure(DefaultOnFailure::new().level(Level::DEBUG)),
        )
        .with_state(state)
}

fn request_span(
    trusted: TrustedProxies,
) -> impl Fn(&axum::http::Request<axum::body::Body>) -> tracing::Span + Clone {
    move |req| {
        let peer = req
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0);
        let client = peer.map(|p| trusted.client(p, req.headers()));
        tracing::info_span!(
            "request",
            method = %req.method(),
            path = %req.uri().path(),
            client = %client.map(|c| c.to_string()).unwrap_or_default(),
        )
    }
}

/// Large JSON answers (the staff list, status documents) are sent compressed;
/// attachments are not (scans are compressed already). Staff answers carry no
/// secret an attacker could reflect and probe (BREACH): the session cookie is
/// SameSite=Strict, so no other site can make them.
fn compress_json() -> tower_http::compression::CompressionLayer<impl Predicate> {
    let json = |_: StatusCode, _: Version, h: &HeaderMap, _: &Extensions| {
        h.get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| {
                t.starts_with("application/json") || t.starts_with("application/problem+json")
            })
    };
    tower_http::compression::CompressionLayer::new().compress_when(SizeAbove::new(1024).and(json))
}

async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no API endpoint at {}", uri.path()))
}
