use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use eport_domain::protocol::Ping;

/// `GET /api/v1/ping`: the browser's "is the real server reachable" probe.
#[utoipa::path(get, path = "/api/v1/ping", tag = "sync",
    responses(
        (status = 200, description = "This is the E-Port Desk sync server", body = Ping),
        super::refusals::RateLimited,
    ))]
pub async fn ping() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(Ping::new(env!("CARGO_PKG_VERSION"))),
    )
}
