use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use eport_domain::protocol::Ping;

/// `GET /api/v1/ping`: the browser's "is the real server reachable" probe.
#[utoipa::path(get, path = "/api/v1/ping", tag = "sync",
    responses(
        (status = 200, description = "This is the E-Port Desk sync server", body = Ping),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = eport_domain::protocol::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn ping() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(Ping::new(env!("CARGO_PKG_VERSION"))),
    )
}
