//! The submission secret's gate as an axum extractor: a handler that takes
//! [`Authorised`] runs only for the bearer of its submission's secret. The
//! id is parsed from the path (`{id}`) and the row read once, before the
//! handler reads its body: a stranger's chunk is never read.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;

use crate::http::parse;
use crate::http::problem::ApiError;
use crate::state::Shared;
use crate::storage::Row;

/// The submission the request names, its secret proven.
pub struct Authorised(pub Row);

impl FromRequestParts<Shared> for Authorised {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Authorised, ApiError> {
        // A path that does not decode (`%AA`) names nothing: as a malformed id.
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| {
                ApiError::bad_request(
                    "malformed-path",
                    "the path is not valid percent-encoded UTF-8",
                )
            })?;
        let raw = params
            .iter()
            .find(|(name, _)| *name == "id")
            .map(|(_, value)| value.to_string())
            .ok_or_else(|| ApiError::internal(anyhow::anyhow!("a route without {{id}}")))?;
        let id = parse::submission_id(&raw)?;
        super::submissions::authorised(state, &id, &parts.headers)
            .await
            .map(Authorised)
    }
}
