//! RFC 9457 problem responses: the one error type handlers return.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use eport_domain::protocol::Problem;

pub struct ApiError(pub Problem);

impl ApiError {
    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError(Problem::new(404, "not-found", "Not Found", detail))
    }

    pub fn internal(err: anyhow::Error) -> ApiError {
        tracing::error!(error = %format!("{err:#}"), "internal error");
        ApiError(Problem::new(
            500,
            "internal",
            "Internal Server Error",
            "the server failed; try again later",
        ))
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.0).unwrap_or_default();
        (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response()
    }
}
