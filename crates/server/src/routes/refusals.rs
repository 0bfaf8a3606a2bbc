//! Refusals many routes share, described once for the OpenAPI document.

use eport_domain::protocol::Problem;

/// What a staff route answers when the caller may not use it.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // only described, never built: handlers answer with `ApiError`
pub enum StaffRefusals {
    /// Not signed in, or the session expired or was ended (`type` says which)
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// A state-changing request without the console's `X-Requested-By: eport-desk` header
    #[response(status = 403, content_type = "application/problem+json")]
    Csrf(Problem),
    /// Too many requests from this address; see Retry-After
    #[response(status = 429, content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait")))]
    RateLimited(Problem),
    /// Every connection is taken: this one was cut for a newcomer as the request came,
    /// or is of the reserve, which serves only the ping and uploads; see Retry-After
    #[response(status = 503, content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait")))]
    Busy(Problem),
}

/// What a route about one submission answers to a caller without its secret.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum SecretRefusals {
    /// No bearer secret
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The secret does not match
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// Too many requests from this address; see Retry-After
    #[response(status = 429, content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait")))]
    RateLimited(Problem),
    /// Every connection is taken: this one was cut for a newcomer as the request came,
    /// or is of the reserve, which serves only the ping and uploads; see Retry-After
    #[response(status = 503, content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait")))]
    Busy(Problem),
}

/// The rate limit every route has.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum RateLimited {
    /// Too many requests from this address; see Retry-After
    #[response(status = 429, content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait")))]
    RateLimited(Problem),
    /// Every connection is taken: this one was cut for a newcomer as the request came,
    /// or is of the reserve, which serves only the ping and uploads; see Retry-After
    #[response(status = 503, content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait")))]
    Busy(Problem),
}
