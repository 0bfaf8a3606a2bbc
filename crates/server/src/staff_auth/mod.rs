//! Staff identity: accounts with Argon2id passwords (`password.rs`), checked
//! a bounded few at a time (`checks.rs`), cookie sessions (`session.rs`),
//! throttled sign-in (`throttle.rs`), and the gate every staff endpoint
//! passes (`extract.rs`: a handler takes a [`Staff`]), CSRF check included.

pub mod checks;
pub mod device;
pub mod extract;
pub mod password;
pub mod session;
pub mod sign_ins;
pub mod throttle;

use axum::http::{HeaderMap, Method};
use eport_domain::staff_session::StaffActor;

use crate::http::problem::ApiError;
use crate::state::Shared;
use session::{still_valid, Ended, Token};

/// The values of the request's cookies named `name`.
pub(crate) fn cookies<'a>(headers: &'a HeaderMap, name: &'a str) -> impl Iterator<Item = &'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(move |(n, _)| *n == name)
        .map(|(_, value)| value.trim())
}

/// The header the staff console sends on every state-changing request. A
/// cross-site page cannot add it without a CORS preflight, which this server
/// never grants, so with the SameSite=Strict cookie it stops forged requests.
pub const CSRF_HEADER: &str = "x-requested-by";
pub const CSRF_VALUE: &str = "eport-desk";

/// The signed-in staff member behind a request.
#[derive(Debug, Clone)]
pub struct Staff {
    pub who: StaffActor,
    pub created_at: i64,
}

pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Refuses a state-changing request that lacks the console's header, or that
/// the browser says came from another site.
pub fn csrf(method: &Method, headers: &HeaderMap) -> Result<(), ApiError> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let header_ok = headers
        .get(CSRF_HEADER)
        .is_some_and(|v| v.as_bytes() == CSRF_VALUE.as_bytes());
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|v| !matches!(v.as_bytes(), b"same-origin" | b"none"));
    if !header_ok || cross_site {
        return Err(ApiError::new(
            403,
            "csrf",
            "Forbidden",
            &format!("a staff request that changes something must come from the staff console (header {CSRF_HEADER}: {CSRF_VALUE})"),
        ));
    }
    Ok(())
}

fn signed_out(kind: &str, detail: &str) -> ApiError {
    ApiError::new(401, kind, "Unauthorized", detail)
}

/// The staff member signed in on this request, or 401 (403 for a missing
/// CSRF header); `activity` refreshes the session's idle timer. Handlers
/// take it as an extractor ([`Staff`], [`extract::Passive`]).
async fn check(
    state: &Shared,
    method: &Method,
    headers: &HeaderMap,
    activity: bool,
) -> Result<Staff, ApiError> {
    csrf(method, headers)?;
    let Some(token) = Token::from_headers(headers) else {
        return Err(signed_out(
            "unauthorized",
            "sign in to the staff console first (POST /api/v1/staff/session)",
        ));
    };
    let hash = token.hash();
    let h = hash.clone();
    let Some(row) = state.store.run(move |s| s.session(&h)).await? else {
        return Err(signed_out(
            "unauthorized",
            "this session is not known; sign in again",
        ));
    };
    let now = unix_now();
    let policy = state.sessions;
    let ended = if row.revoked || row.account_disabled {
        Err(Ended::Revoked)
    } else {
        still_valid(&policy, row.created_at, row.last_seen_at, now)
    };
    match ended {
        Err(Ended::Expired) => {
            return Err(signed_out(
                "session-expired",
                "the session has expired; sign in again",
            ))
        }
        Err(Ended::Revoked) => return Err(signed_out(
            "session-ended",
            "the session was ended (signed out, new password or account disabled); sign in again",
        )),
        Ok(()) => {}
    }
    if activity && now > row.last_seen_at {
        state
            .store
            .run(move |s| s.touch_session(&hash, now))
            .await?;
    }
    Ok(Staff {
        who: row.who,
        created_at: row.created_at,
    })
}
