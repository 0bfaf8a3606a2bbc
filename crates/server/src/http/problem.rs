//! RFC 9457 problem responses: the one error type handlers return.

use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use eport_domain::protocol::{Problem, ProblemError, StorageLimit};

use crate::http::timed_body::BodyTimeout;

#[derive(Debug)]
pub struct ApiError {
    /// Boxed: handlers return `Result<_, ApiError>` everywhere; keep the error small.
    pub problem: Box<Problem>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl ApiError {
    pub fn new(status: u16, kind: &str, title: &str, detail: &str) -> ApiError {
        ApiError {
            problem: Box::new(Problem::new(status, kind, title, detail)),
            headers: Vec::new(),
        }
    }

    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> ApiError {
        self.headers.push((name, value));
        self
    }

    pub fn with_headers(
        mut self,
        headers: impl IntoIterator<Item = (HeaderName, HeaderValue)>,
    ) -> Response {
        self.headers.extend(headers);
        self.into_response()
    }

    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError::new(404, "not-found", "Not Found", &detail.into())
    }

    pub fn bad_request(kind: &str, detail: &str) -> ApiError {
        ApiError::new(400, kind, "Bad Request", detail)
    }

    pub fn unauthorized() -> ApiError {
        let mut e = ApiError::new(
            401,
            "unauthorized",
            "Unauthorized",
            "send Authorization: Bearer <secret>",
        );
        e.headers
            .push((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        e
    }

    pub fn forbidden() -> ApiError {
        ApiError::new(
            403,
            "forbidden",
            "Forbidden",
            "the credentials do not allow this request",
        )
    }

    pub fn conflict(detail: &str) -> ApiError {
        ApiError::new(409, "conflict", "Conflict", detail)
    }

    pub fn too_large(detail: &str) -> ApiError {
        ApiError::new(413, "too-large", "Content Too Large", detail)
    }

    pub fn unsupported(detail: &str) -> ApiError {
        ApiError::new(
            415,
            "unsupported-media-type",
            "Unsupported Media Type",
            detail,
        )
    }

    pub fn unprocessable(detail: &str) -> ApiError {
        ApiError::new(422, "unprocessable", "Unprocessable Content", detail)
    }

    pub fn validation(errors: Vec<ProblemError>) -> ApiError {
        let mut e = ApiError::new(
            422,
            "validation",
            "Unprocessable Content",
            "the case fails the domain rules",
        );
        e.problem.errors = errors;
        e
    }

    pub fn rate_limited(retry_after: u64, detail: &str) -> ApiError {
        ApiError::new(429, "rate-limited", "Too Many Requests", detail)
            .header(header::RETRY_AFTER, HeaderValue::from(retry_after))
    }

    /// The server cannot take this work just now (a bounded resource is full).
    pub fn busy(retry_after: u64, detail: &str) -> ApiError {
        ApiError::new(503, "busy", "Service Unavailable", detail)
            .header(header::RETRY_AFTER, HeaderValue::from(retry_after))
    }

    /// A body cut off by a time limit; the connection closes with the answer.
    pub fn body_timeout(why: BodyTimeout) -> ApiError {
        ApiError::new(
            408,
            "request-timeout",
            "Request Timeout",
            &format!("{why}; the bytes that arrived are kept, resume from Upload-Offset"),
        )
        .header(header::CONNECTION, HeaderValue::from_static("close"))
    }

    /// `limit` cannot take this; worth trying again in `retry_after` seconds.
    pub fn insufficient_storage(limit: StorageLimit, retry_after: u64, detail: &str) -> ApiError {
        let mut e = ApiError::new(507, "insufficient-storage", "Insufficient Storage", detail)
            .header(header::RETRY_AFTER, HeaderValue::from(retry_after));
        e.problem.limit = Some(limit);
        e
    }

    /// A malformed path parameter: nothing was looked up.
    pub fn malformed(kind: &str, what: impl std::fmt::Display) -> ApiError {
        ApiError::bad_request(kind, &what.to_string())
    }

    pub fn internal(err: anyhow::Error) -> ApiError {
        tracing::error!(error = %format!("{err:#}"), "internal error");
        ApiError::new(
            500,
            "internal",
            "Internal Server Error",
            "the server failed; try again later",
        )
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
            StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.problem).unwrap_or_default();
        let mut res = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        for (k, v) in self.headers {
            res.headers_mut().insert(k, v);
        }
        res
    }
}
