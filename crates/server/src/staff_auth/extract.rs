//! The staff gate as axum extractors: a handler that takes a [`Staff`] runs
//! only for a signed-in staff member (and, for a request that changes
//! something, with the console's CSRF header), checked before its body or
//! query is read, so a stranger learns nothing of them.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::{check, Staff};
use crate::http::problem::ApiError;
use crate::state::Shared;

impl FromRequestParts<Shared> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Staff, ApiError> {
        check(state, &parts.method, &parts.headers, true).await
    }
}

/// A signed-in staff member whose request does not count as activity: a
/// page polling in the background must not keep an idle session alive.
pub struct Passive(pub Staff);

impl FromRequestParts<Shared> for Passive {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Passive, ApiError> {
        check(state, &parts.method, &parts.headers, false)
            .await
            .map(Passive)
    }
}
