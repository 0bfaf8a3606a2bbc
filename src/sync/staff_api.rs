//! The staff endpoints, with the staff token kept for this browser session
//! only (sessionStorage: gone when the tab closes).

pub use eport_domain::protocol::{
    AttachmentState, QuarantineEntry, StaffList, StaffSubmission, StaffTimeline, TimelineEntry,
};
use eport_domain::protocol::{Decision, ReviewRequest, StatusDocument, SubmissionState};
use gloo::storage::{SessionStorage, Storage};
use gloo_net::http::{Method, RequestBuilder};
use js_sys::Uint8Array;

const TOKEN_KEY: &str = "eport-staff-token";

pub fn token() -> Option<String> {
    SessionStorage::get::<String>(TOKEN_KEY).ok()
}

pub fn set_token(t: &str) {
    let _ = SessionStorage::set(TOKEN_KEY, t.to_string());
}

pub fn sign_out() {
    SessionStorage::delete(TOKEN_KEY);
}

#[derive(Debug, Clone, PartialEq)]
pub enum StaffError {
    /// No or a wrong token (401), or staff endpoints disabled (403).
    Refused,
    NotFound,
    /// Another answer, with the server's detail.
    Other(String),
}

fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

fn request(method: Method, path: &str) -> Result<RequestBuilder, StaffError> {
    let token = token().ok_or(StaffError::Refused)?;
    Ok(RequestBuilder::new(&format!("/api/v1/staff{path}"))
        .method(method)
        .header("authorization", &format!("Bearer {token}")))
}

async fn check(r: gloo_net::http::Response) -> Result<gloo_net::http::Response, StaffError> {
    match r.status() {
        200..=299 => Ok(r),
        401 | 403 => Err(StaffError::Refused),
        404 => Err(StaffError::NotFound),
        code => {
            let detail = r
                .json::<serde_json::Value>()
                .await
                .ok()
                .and_then(|v| v.get("detail").and_then(|d| d.as_str()).map(String::from))
                .unwrap_or_default();
            Err(StaffError::Other(format!("HTTP {code}: {detail}")))
        }
    }
}

fn net(e: gloo_net::Error) -> StaffError {
    StaffError::Other(e.to_string())
}

pub async fn list(state: Option<SubmissionState>, q: &str) -> Result<StaffList, StaffError> {
    let mut path = format!("/submissions?q={}", enc(q));
    if let Some(s) = state {
        path.push_str(&format!("&state={}", s.as_str()));
    }
    let r = request(Method::GET, &path)?.send().await.map_err(net)?;
    check(r).await?.json().await.map_err(net)
}

pub async fn show(key: &str) -> Result<StaffSubmission, StaffError> {
    let r = request(Method::GET, &format!("/submissions/{}", enc(key)))?
        .send()
        .await
        .map_err(net)?;
    check(r).await?.json().await.map_err(net)
}

/// One page (1-based) of a submission's request timeline.
pub async fn timeline(key: &str, page: u32) -> Result<StaffTimeline, StaffError> {
    let r = request(
        Method::GET,
        &format!("/submissions/{}/timeline?page={page}", enc(key)),
    )?
    .send()
    .await
    .map_err(net)?;
    check(r).await?.json().await.map_err(net)
}

/// What the server moved aside at start-up.
pub async fn quarantine() -> Result<Vec<QuarantineEntry>, StaffError> {
    let r = request(Method::GET, "/quarantine")?
        .send()
        .await
        .map_err(net)?;
    check(r).await?.json().await.map_err(net)
}

pub async fn attachment(key: &str, sha: &str) -> Result<Uint8Array, StaffError> {
    let r = request(
        Method::GET,
        &format!("/submissions/{}/attachments/{sha}", enc(key)),
    )?
    .send()
    .await
    .map_err(net)?;
    let bytes = check(r).await?.binary().await.map_err(net)?;
    Ok(Uint8Array::from(&bytes[..]))
}

pub async fn review(
    key: &str,
    decision: Decision,
    note: Option<String>,
) -> Result<StatusDocument, StaffError> {
    let body = serde_json::to_string(&ReviewRequest { decision, note }).unwrap_or_default();
    let r = request(Method::POST, &format!("/submissions/{}/review", enc(key)))?
        .header("content-type", "application/json")
        .body(body)
        .map_err(net)?
        .send()
        .await
        .map_err(net)?;
    check(r).await?.json().await.map_err(net)
}
