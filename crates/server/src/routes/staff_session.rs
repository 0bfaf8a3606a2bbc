//! `/staff/session`: signing in (throttled), the current session, signing out.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use eport_domain::protocol::Problem;
use eport_domain::staff_session::{SignIn, StaffSession};

use super::refusals::StaffRefusals;
use crate::http::client_addr::ClientAddr;
use crate::http::problem::ApiError;
use crate::http::serve::OverTls;
use crate::staff_auth::session::{clear_cookie, Token};
use crate::staff_auth::{csrf, unix_now, Staff};
use crate::state::Shared;
use crate::storage::staff::Login;

fn session_document(state: &Shared, staff: &Staff) -> StaffSession {
    let ends = staff.created_at + state.sessions.max_age.as_secs() as i64;
    StaffSession {
        who: staff.who.clone(),
        expires_at: chrono::DateTime::from_timestamp(ends, 0)
            .unwrap_or_default()
            .with_timezone(&eport_domain::calendar::shanghai())
            .to_rfc3339(),
        idle_timeout_seconds: state.sessions.idle.as_secs(),
        failed_sign_ins: 0,
    }
}

fn wrong() -> ApiError {
    ApiError::new(
        401,
        "sign-in-failed",
        "Unauthorized",
        "wrong login or password (or the account is disabled)",
    )
}

/// Signs in: sets the session cookie.
#[utoipa::path(post, path = "/api/v1/staff/session", tag = "staff",
    request_body(content = SignIn, content_type = "application/json"),
    params(("X-Requested-By" = String, Header, description = "Must be `eport-desk`")),
    responses(
        (status = 200, description = "Signed in; the session cookie and a device cookie are set (both HttpOnly, SameSite=Strict). A browser presenting the device cookie for its login is not slowed by others' failures against that login", body = StaffSession),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong login or password; each failure answers later than the one before (an account is slowed, never locked)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "No `X-Requested-By: eport-desk` header", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failures from this address; see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "Too many sign-ins waiting for a password check; see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn sign_in(
    State(state): State<Shared>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    tls: Option<Extension<OverTls>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    csrf(&Method::POST, &headers)?;
    let form: SignIn = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "malformed-json",
            &format!("expected {{\"login\", \"password\"}}: {e}"),
        )
    })?;
    // Counted under a bounded key whatever was sent.
    let login_key: String = form.login.chars().take(32).collect();
    let started = std::time::Instant::now();
    // Counted before it may wait for a password check (see `throttle`).
    if let Err(wait) = state.sign_ins.begin(&login_key, client, started).await? {
        tracing::warn!(login = %login_key.escape_debug(), client = %client, "staff sign-in refused: too many failures");
        return Err(ApiError::rate_limited(
            wait.as_secs().max(1),
            "too many failed sign-ins from this address; wait and try again",
        ));
    }
    let login = Login::parse(&form.login).ok();
    let account = match &login {
        Some(l) => {
            let l = l.clone();
            state.store.run(move |s| s.account(&l)).await?
        }
        None => None,
    };
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    let Ok(ok) = state.password_checks.verify(form.password, stored).await else {
        // Not this try's fault: its count is taken back.
        state.sign_ins.not_tried(&login_key, client).await?;
        tracing::warn!(client = %client, "staff sign-in refused: password checks busy");
        return Err(ApiError::busy(
            2,
            "too many sign-ins are being checked just now; try again in a moment",
        ));
    };
    let ok = ok && account.is_some();
    let (Some(login), Some(account), true) = (login, account, ok) else {
        let trusted = state.device_key.trusted_for(&headers, &login_key);
        let delay = state
            .sign_ins
            .failed(&login_key, client, started, trusted)
            .await?;
        tracing::warn!(login = %login_key.escape_debug(), client = %client, "staff sign-in failed");
        tokio::time::sleep_until((started + delay).into()).await;
        return Err(wrong());
    };
    if account.disabled {
        state
            .sign_ins
            .failed(&login_key, client, started, false)
            .await?;
        tracing::warn!(login = login.as_str(), client = %client, "staff sign-in refused: account disabled");
        return Err(wrong());
    }
    let failed_since = state.sign_ins.succeeded(&login_key, client).await?;
    if failed_since > 0 {
        tracing::warn!(
            login = login.as_str(),
            failed_since,
            "staff signed in after failed sign-ins to the account"
        );
    }
    let token = Token::generate();
    let now = unix_now();
    let hash = token.hash();
    let l = login.clone();
    state
        .store
        .run(move |s| s.open_session(&hash, &l, now))
        .await?;
    tracing::info!(login = login.as_str(), client = %client, "staff signed in");
    let staff = Staff {
        who: account.who,
        created_at: now,
    };
    let cookie = token.set_cookie(&state.sessions, tls.is_some());
    // This browser is trusted for this login from now on (`device.rs`).
    let device = state
        .device_key
        .cookie_for(login.as_str(), tls.is_some() || state.sessions.secure);
    let mut document = session_document(&state, &staff);
    document.failed_sign_ins = failed_since;
    let mut res = Json(document).into_response();
    for c in [cookie, device] {
        res.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_str(&c).map_err(|e| ApiError::internal(e.into()))?,
        );
    }
    Ok(res)
}

/// The current session (the console asks on load).
#[utoipa::path(get, path = "/api/v1/staff/session", tag = "staff",
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "Signed in", body = StaffSession),
    ))]
pub async fn current(State(state): State<Shared>, staff: Staff) -> Result<Response, ApiError> {
    Ok(Json(session_document(&state, &staff)).into_response())
}

/// Signs out: ends the session and clears the cookie (also when it had already ended).
#[utoipa::path(delete, path = "/api/v1/staff/session", tag = "staff",
    params(("X-Requested-By" = String, Header, description = "Must be `eport-desk`")),
    responses(
        (status = 204, description = "Signed out"),
        (status = 403, description = "No `X-Requested-By: eport-desk` header", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn sign_out(
    State(state): State<Shared>,
    tls: Option<Extension<OverTls>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    csrf(&Method::DELETE, &headers)?;
    if let Some(token) = Token::from_headers(&headers) {
        let hash = token.hash();
        state.store.run(move |s| s.revoke_session(&hash)).await?;
    }
    let cookie = clear_cookie(&state.sessions, tls.is_some());
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            HeaderValue::from_str(&cookie).map_err(|e| ApiError::internal(e.into()))?,
        )],
    )
        .into_response())
}
