//! The staff endpoints. The session is an HttpOnly cookie the server sets at
//! sign-in: this code never sees it. Requests that change something carry
//! the header the server's CSRF check asks for.

pub use eport_domain::protocol::ReviewRequest;
pub use eport_domain::protocol::{
    AttachmentState, CheckTick, QuarantineEntry, StaffList, StaffSubmission, StaffTimeline,
    TimelineEntry,
};
use eport_domain::protocol::{
    CheckRequest, Checklist, ClaimRequest, ReviewProgress, StatusDocument, SubmissionState,
};
pub use eport_domain::protocol::{Claim, StateCount};
pub use eport_domain::staff_session::{SignIn, StaffSession};
use gloo_net::http::{Method, RequestBuilder};
use js_sys::Uint8Array;

thread_local! {
    /// When the server last accepted this browser's session (ms since the epoch):
    /// its idle timer restarted then.
    static LAST_ACCEPTED: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

pub fn last_accepted_ms() -> f64 {
    LAST_ACCEPTED.with(|c| c.get())
}

fn accepted() {
    LAST_ACCEPTED.with(|c| c.set(js_sys::Date::now()));
}

const CSRF_HEADER: &str = "x-requested-by";
const CSRF_VALUE: &str = "eport-desk";

#[derive(Debug, Clone, PartialEq)]
pub enum StaffError {
    /// Not signed in, or the session expired or was ended (401).
    Refused,
    NotFound,
    /// 409: the state or the claim no longer allows it (another reviewer was
    /// quicker, or it was never claimed): which, in the server's words.
    Conflict(Refusal),
    /// 422: what was sent does not fit (an unticked checklist line, an EMS
    /// number already used…), in the server's words.
    Unprocessable(Refusal),
    /// Another answer, with the server's detail.
    Other(String),
}

/// A refusal as the server's problem document gives it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Refusal {
    /// The problem's type without its prefix: `not-claimed`, `claimed-by-other`,
    /// `state-changed`, `checklist-incomplete`, `tracking-used`…
    pub kind: String,
    pub detail: String,
}

impl Refusal {
    /// The detail in `lang`: the server writes "中文 / English".
    pub fn text(&self, lang: eport_domain::Lang) -> String {
        match (self.detail.split_once(" / "), lang) {
            (Some((zh, _)), eport_domain::Lang::ZhCn) => zh.to_string(),
            (Some((_, en)), eport_domain::Lang::En) => en.to_string(),
            (None, _) => self.detail.clone(),
        }
    }
}

async fn refusal(r: gloo_net::http::Response) -> Refusal {
    let v = r.json::<serde_json::Value>().await.unwrap_or_default();
    let field = |k: &str| {
        v.get(k)
            .and_then(|d| d.as_str())
            .unwrap_or_default()
            .to_string()
    };
    Refusal {
        kind: field("type")
            .trim_start_matches("urn:eport-desk:problem:")
            .to_string(),
        detail: field("detail"),
    }
}

/// Why a sign-in did not work.
#[derive(Debug, Clone, PartialEq)]
pub enum SignInError {
    Wrong,
    /// Too many failures: wait this many seconds.
    Throttled(u64),
    Other(String),
    /// Many sign-ins are waiting for a password check: try again in this many seconds.
    Busy(u64),
}

fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

fn request(method: Method, path: &str) -> Result<RequestBuilder, StaffError> {
    let changes = !matches!(method, Method::GET | Method::HEAD);
    let r = RequestBuilder::new(&format!("/api/v1/staff{path}")).method(method);
    Ok(if changes {
        r.header(CSRF_HEADER, CSRF_VALUE)
    } else {
        r
    })
}

pub async fn sign_in(login: &str, password: &str) -> Result<StaffSession, SignInError> {
    let body = serde_json::to_string(&SignIn {
        login: login.to_string(),
        password: password.to_string(),
    })
    .unwrap_or_default();
    let r = RequestBuilder::new("/api/v1/staff/session")
        .method(Method::POST)
        .header(CSRF_HEADER, CSRF_VALUE)
        .header("content-type", "application/json")
        .body(body)
        .map_err(|e| SignInError::Other(e.to_string()))?
        .send()
        .await
        .map_err(|e| SignInError::Other(e.to_string()))?;
    match r.status() {
        200 => {
            accepted();
            r.json()
                .await
                .map_err(|e| SignInError::Other(e.to_string()))
        }
        401 => Err(SignInError::Wrong),
        429 => Err(SignInError::Throttled(
            r.headers()
                .get("retry-after")
                .and_then(|v| v.parse().ok())
                .unwrap_or(60),
        )),
        503 => Err(SignInError::Busy(
            r.headers()
                .get("retry-after")
                .and_then(|v| v.parse().ok())
                .unwrap_or(2),
        )),
        code => Err(SignInError::Other(format!("HTTP {code}"))),
    }
}

/// The session this browser holds, if any.
pub async fn current() -> Result<StaffSession, StaffError> {
    let r = request(Method::GET, "/session")?
        .send()
        .await
        .map_err(net)?;
    check(r).await?.json().await.map_err(net)
}

pub async fn sign_out() -> Result<(), StaffError> {
    let r = request(Method::DELETE, "/session")?
        .send()
        .await
        .map_err(net)?;
    check(r).await.map(|_| ())
}

async fn check(r: gloo_net::http::Response) -> Result<gloo_net::http::Response, StaffError> {
    match r.status() {
        200..=299 => {
            accepted();
            Ok(r)
        }
        401 => Err(StaffError::Refused),
        404 => Err(StaffError::NotFound),
        409 => Err(StaffError::Conflict(refusal(r).await)),
        422 => Err(StaffError::Unprocessable(refusal(r).await)),
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

/// What the staff list asks for; also the console's URL query, so a reload
/// or a link keeps the reviewer's place.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListParams {
    /// States separated by commas (`received,in_review`); empty = all.
    pub states: String,
    pub q: String,
    pub oldest_first: bool,
    /// `YYYY-MM-DD` or empty.
    pub received_from: String,
    pub received_to: String,
    /// `mail`, `window` or empty (both).
    pub pickup: String,
    /// `mine`, `unclaimed` or empty (any).
    pub claim: String,
    pub page: u32,
}

impl ListParams {
    /// The review queue: open submissions, oldest first.
    pub fn queue() -> ListParams {
        ListParams {
            states: format!(
                "{},{}",
                SubmissionState::Received.as_str(),
                SubmissionState::InReview.as_str()
            ),
            oldest_first: true,
            page: 1,
            ..ListParams::default()
        }
    }

    pub fn query(&self) -> String {
        let mut q = format!(
            "state={}&q={}&sort={}&received_from={}&received_to={}&page={}",
            enc(&self.states),
            enc(&self.q),
            if self.oldest_first {
                "oldest"
            } else {
                "newest"
            },
            enc(&self.received_from),
            enc(&self.received_to),
            self.page.max(1)
        );
        // Only values the server knows: an empty one would be refused (400).
        for (name, value) in [("pickup", &self.pickup), ("claim", &self.claim)] {
            if !value.is_empty() {
                q.push_str(&format!("&{name}={}", enc(value)));
            }
        }
        q
    }
}

pub async fn list(p: &ListParams) -> Result<StaffList, StaffError> {
    let r = request(Method::GET, &format!("/submissions?{}", p.query()))?
        .send()
        .await
        .map_err(net)?;
    check(r).await?.json().await.map_err(net)
}

/// Sends `body` as JSON and reads the JSON answer.
async fn send_json<T: serde::de::DeserializeOwned>(
    method: Method,
    path: &str,
    body: &impl serde::Serialize,
) -> Result<T, StaffError> {
    let body = serde_json::to_string(body).unwrap_or_default();
    let r = request(method, path)?
        .header("content-type", "application/json")
        .body(body)
        .map_err(net)?
        .send()
        .await
        .map_err(net)?;
    check(r).await?.json().await.map_err(net)
}

/// Claims the submission (认领, which begins its review), or takes it over with a reason.
pub async fn claim(key: &str, reason: Option<String>) -> Result<Claim, StaffError> {
    let path = format!("/submissions/{}/claim", enc(key));
    send_json(Method::POST, &path, &ClaimRequest { reason }).await
}

pub async fn release(key: &str) -> Result<(), StaffError> {
    let r = request(Method::DELETE, &format!("/submissions/{}/claim", enc(key)))?
        .send()
        .await
        .map_err(net)?;
    check(r).await.map(|_| ())
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

/// 批量寄出: checks the courier's list, and with `apply` posts its good lines.
pub async fn dispatch_batch(
    lines: &str,
    apply: bool,
) -> Result<eport_domain::dispatch_batch::BatchAnswer, StaffError> {
    let req = eport_domain::dispatch_batch::BatchRequest {
        lines: lines.to_string(),
        apply,
    };
    send_json(Method::POST, "/dispatch-batch", &req).await
}

/// The address labels of `keys` (approved, by mail); the server records the printing.
pub async fn labels(keys: &[String]) -> Result<eport_domain::labels::LabelsAnswer, StaffError> {
    let req = eport_domain::labels::LabelsRequest {
        keys: keys.to_vec(),
    };
    send_json(Method::POST, "/labels", &req).await
}

/// 统计 of a period (`YYYY-MM-DD` ends; empty: the server's default, the 30 days ending today).
pub async fn statistics(
    from: &str,
    to: &str,
) -> Result<eport_domain::statistics::Statistics, StaffError> {
    let mut path = "/statistics?".to_string();
    for (k, v) in [("from", from), ("to", to)] {
        if !v.is_empty() {
            path.push_str(&format!("{k}={}&", enc(v)));
        }
    }
    let r = request(Method::GET, path.trim_end_matches(['?', '&']))?
        .send()
        .await
        .map_err(net)?;
    check(r).await?.json().await.map_err(net)
}

/// The staff accounts a case can be assigned to.
pub async fn reviewers() -> Result<Vec<eport_domain::staff_session::StaffActor>, StaffError> {
    let r = request(Method::GET, "/reviewers")?
        .send()
        .await
        .map_err(net)?;
    check(r).await?.json().await.map_err(net)
}

/// 批量分配 / 批量释放 for `keys`; `reason` (may be empty) for others' claims.
pub async fn bulk_claims(
    keys: &[String],
    action: &eport_domain::bulk_claims::BulkClaimAction,
    reason: &str,
) -> Result<eport_domain::bulk_claims::BulkClaimAnswer, StaffError> {
    let req = eport_domain::bulk_claims::BulkClaimRequest {
        keys: keys.to_vec(),
        action: action.clone(),
        reason: Some(reason.trim().to_string()).filter(|r| !r.is_empty()),
    };
    send_json(Method::POST, "/claims", &req).await
}

/// A register file: its bytes, type and the name the server gave it.
pub struct RegisterFile {
    pub bytes: Uint8Array,
    pub mime: String,
    pub name: String,
}

/// The register of what `params` selects as `format` (`xlsx` or `csv`), with
/// the personal columns when `personal` (the server records that).
pub async fn register(
    params: &ListParams,
    format: &str,
    personal: bool,
    lang: eport_domain::Lang,
) -> Result<RegisterFile, StaffError> {
    let path = format!(
        "/register?{}&format={format}&personal={personal}&lang={}",
        params.query(),
        lang.pick("zh-CN", "en")
    );
    let r = check(request(Method::POST, &path)?.send().await.map_err(net)?).await?;
    let header = |k: &str| r.headers().get(k).unwrap_or_default();
    // `attachment; filename*=UTF-8''<percent-encoded>`
    let name = header("content-disposition")
        .split_once("UTF-8''")
        .and_then(|(_, n)| js_sys::decode_uri_component(n).ok())
        .map(String::from)
        .unwrap_or_else(|| format!("register.{format}"));
    let mime = header("content-type");
    let bytes = r.binary().await.map_err(net)?;
    Ok(RegisterFile {
        bytes: Uint8Array::from(&bytes[..]),
        mime,
        name,
    })
}

pub async fn review(key: &str, req: &ReviewRequest) -> Result<StatusDocument, StaffError> {
    send_json(
        Method::POST,
        &format!("/submissions/{}/review", enc(key)),
        req,
    )
    .await
}

/// State, claim and ticks now, polled by an open review page. Not the
/// reviewer's activity: the idle timer is not restarted, here or on the server.
pub async fn progress(key: &str) -> Result<ReviewProgress, StaffError> {
    let r = request(Method::GET, &format!("/submissions/{}/progress", enc(key)))?
        .send()
        .await
        .map_err(net)?;
    match r.status() {
        200 => r.json().await.map_err(net),
        401 => Err(StaffError::Refused),
        404 => Err(StaffError::NotFound),
        code => Err(StaffError::Other(format!("HTTP {code}"))),
    }
}

/// Ticks or unticks a checklist line; every tick of the submission after it.
pub async fn set_check(key: &str, item: &str, checked: bool) -> Result<Vec<CheckTick>, StaffError> {
    let path = format!("/submissions/{}/checklist/{}", enc(key), enc(item));
    let list: Checklist = send_json(Method::PUT, &path, &CheckRequest { checked }).await?;
    Ok(list.ticks)
}
