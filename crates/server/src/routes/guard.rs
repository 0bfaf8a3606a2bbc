//! What every request passes before a handler: the client address (trusted
//! proxies only), the route's rate limit, and time limits on the body.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::http::client_addr::ClientAddr;
use crate::http::problem::ApiError;
use crate::http::serve::NotServed;
use crate::http::timed_body::TimedBody;
use crate::limits::limiter::RouteClass;
use crate::state::Shared;

pub async fn limits(State(state): State<Shared>, mut req: Request, next: Next) -> Response {
    let started = tokio::time::Instant::now();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0)
        .unwrap_or_else(|| SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0));
    if req.extensions().get::<NotServed>().is_some() {
        return ApiError::busy(
            5,
            "every connection is taken; this one serves only the ping and uploads in progress",
        )
        .header(header::CONNECTION, HeaderValue::from_static("close"))
        .into_response();
    }
    let client = state.trusted.client(peer, req.headers());
    let class = RouteClass::of(req.method(), req.uri().path());
    if let Err(wait) = state.rates.take(class, client) {
        tracing::warn!(client = %client, route = class.name(), "rate limited");
        return ApiError::rate_limited(
            wait,
            &format!("too many {} requests from this address", class.name()),
        )
        .into_response();
    }
    req.extensions_mut().insert(ClientAddr(client));
    let limits = state.body_limits;
    let req = req.map(|b| Body::new(TimedBody::new(b, limits, started)));
    next.run(req).await
}

/// The API promises problem details for every error: rewrites the plain ones
/// that come from outside the handlers (axum's extractor rejections, 405, the
/// time-limit backstop), keeping the original text as the detail.
pub async fn api_problems(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api");
    let res = next.run(req).await;
    let status = res.status();
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if !api || !(status.is_client_error() || status.is_server_error()) || is_problem {
        return res;
    }
    let (parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let title = status.canonical_reason().unwrap_or("Error");
    let kind = title.to_ascii_lowercase().replace(' ', "-");
    let mut err = ApiError::new(
        status.as_u16(),
        &kind,
        title,
        String::from_utf8_lossy(&text).trim(),
    );
    // Keep headers such as Allow on a 405.
    for (k, v) in parts.headers.iter() {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            err = err.header(k.clone(), v.clone());
        }
    }
    err.into_response()
}
