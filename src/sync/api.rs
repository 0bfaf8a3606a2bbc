//! Protocol v1 over `fetch` (same origin, `/api/v1`).

use eport_domain::calendar::YearFile;
use eport_domain::protocol::{Ping, StatusDocument, STATES_GENERATION, STATES_HEADER};
use gloo_net::http::{Method, Request, RequestBuilder, Response};
use js_sys::Uint8Array;

use crate::store::events::{self, EventRecord};
use crate::switches::Net;

const BASE: &str = "/api/v1";

/// Why a request did not succeed, as the runner needs to know it.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// No HTTP answer at all (offline, dropped connection, CORS, captive portal HTML…).
    Network(String),
    /// An HTTP error answer.
    Status {
        code: u16,
        retry_after: Option<u32>,
        offset: Option<u64>,
        detail: String,
    },
}

impl Failure {
    /// Worth retrying later (server trouble, rate limit, no network).
    pub fn transient(&self) -> bool {
        match self {
            Failure::Network(_) => true,
            Failure::Status { code, .. } => *code >= 500 || *code == 429 || *code == 408,
        }
    }

    /// The server answered 404 for the submission: it never had it, or purged
    /// it unfinished. Declaring it again (the same `PUT`) is the remedy.
    pub fn unknown_submission(&self) -> bool {
        matches!(self, Failure::Status { code: 404, .. })
    }

    pub fn retry_after(&self) -> Option<u32> {
        match self {
            Failure::Status { retry_after, .. } => *retry_after,
            Failure::Network(_) => None,
        }
    }

    /// Why a try failed, as the outbox says it: no answer is "offline" only
    /// when the browser says so, else the server could not be reached.
    pub fn cause(&self) -> crate::store::Cause {
        use crate::store::Cause;
        match self {
            Failure::Network(_) => super::network::no_answer_cause(),
            Failure::Status { code, .. } => Cause::Busy(*code),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Failure::Network(m) => format!("network: {m}"),
            Failure::Status { code, detail, .. } => format!("HTTP {code}: {detail}"),
        }
    }
}

fn header_u64(r: &Response, name: &str) -> Option<u64> {
    r.headers().get(name).and_then(|v| v.trim().parse().ok())
}

async fn fail(r: Response) -> Failure {
    let code = r.status();
    let retry_after = header_u64(&r, "retry-after").map(|v| v as u32);
    let offset = header_u64(&r, "upload-offset");
    let detail = match r.json::<serde_json::Value>().await {
        Ok(v) => v
            .get("detail")
            .and_then(|d| d.as_str())
            .unwrap_or("")
            .to_string(),
        Err(_) => String::new(),
    };
    Failure::Status {
        code,
        retry_after,
        offset,
        detail,
    }
}

fn net(e: gloo_net::Error) -> Failure {
    Failure::Network(e.to_string())
}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

/// Sends `req` and writes the attempt to the event log: endpoint (never the
/// secret), status or network error, bytes sent, duration.
async fn send(req: Request, endpoint: &str, bytes: u64) -> Result<Response, gloo_net::Error> {
    let method = req.method().to_string();
    let started = js_sys::Date::now();
    let result = match crate::switches::net() {
        Net::Normal => req.send().await,
        Net::Offline => Err(gloo_net::Error::GlooError("offline (?net=offline)".into())),
        Net::Slow => {
            gloo::timers::future::TimeoutFuture::new(crate::switches::SLOW_MS).await;
            req.send().await
        }
        // The request goes out; its answer is lost one time in three.
        Net::Flaky => match req.send().await {
            Ok(_) if js_sys::Math::random() < 1.0 / 3.0 => Err(gloo_net::Error::GlooError(
                "answer lost (?net=flaky)".into(),
            )),
            other => other,
        },
    };
    let mut e = EventRecord::new(
        eport_app_core::event_words::kinds::SYNC,
        match &result {
            Ok(r) => format!("{method} {endpoint} → {}", r.status()),
            Err(err) => format!("{method} {endpoint} → {err}"),
        },
    );
    e.endpoint = Some(format!("{method} {endpoint}"));
    e.status = result.as_ref().ok().map(|r| r.status());
    e.bytes = Some(bytes);
    e.duration_ms = Some((js_sys::Date::now() - started) as u32);
    events::log(e);
    result
}

/// True only when our server answers with its own ping document (a captive
/// portal's HTML page or a proxy error counts as offline).
pub async fn ping() -> bool {
    let req = match RequestBuilder::new(&url("/ping")).build() {
        Ok(r) => r,
        Err(_) => return false,
    };
    match send(req, "/ping", 0).await {
        Ok(r) if r.ok() => r.json::<Ping>().await.map(|p| p.is_ours()).unwrap_or(false),
        _ => false,
    }
}

/// A year of holiday data from the server (`None` when it has none for that year).
pub async fn calendar_year(year: i32) -> Result<Option<YearFile>, Failure> {
    let req = RequestBuilder::new(&url(&format!("/calendar/{year}")))
        .build()
        .map_err(net)?;
    let r = send(req, "/calendar/{year}", 0).await.map_err(net)?;
    match r.status() {
        200 => {
            // Typed by serde; the server checked the rest when it was imported.
            let file: YearFile = r.json().await.map_err(net)?;
            Ok((file.year == year).then_some(file))
        }
        404 => Ok(None),
        _ => Err(fail(r).await),
    }
}

pub async fn put_manifest(
    id: &str,
    secret: &str,
    body: &str,
    supersedes_secret: Option<&str>,
) -> Result<StatusDocument, Failure> {
    let mut req = RequestBuilder::new(&url(&format!("/submissions/{id}")))
        .method(Method::PUT)
        .header("authorization", &format!("Bearer {secret}"))
        .header("content-type", "application/json");
    if let Some(s) = supersedes_secret {
        req = req.header("supersedes-authorization", &format!("Bearer {s}"));
    }
    let r = send(
        req.body(body).map_err(net)?,
        "/submissions/{id}",
        body.len() as u64,
    )
    .await
    .map_err(net)?;
    if r.ok() {
        r.json().await.map_err(net)
    } else {
        Err(fail(r).await)
    }
}

pub async fn head_offset(id: &str, secret: &str, sha: &str) -> Result<u64, Failure> {
    let req = RequestBuilder::new(&url(&format!("/submissions/{id}/attachments/{sha}")))
        .method(Method::HEAD)
        .header("authorization", &format!("Bearer {secret}"))
        .build()
        .map_err(net)?;
    let r = send(req, "/submissions/{id}/attachments/{sha256}", 0)
        .await
        .map_err(net)?;
    if r.ok() {
        header_u64(&r, "upload-offset").ok_or(Failure::Status {
            code: r.status(),
            retry_after: None,
            offset: None,
            detail: "no Upload-Offset".into(),
        })
    } else {
        Err(fail(r).await)
    }
}

/// Sends one chunk at `offset`; returns the server's new offset.
pub async fn patch_chunk(
    id: &str,
    secret: &str,
    sha: &str,
    offset: u64,
    chunk: &Uint8Array,
) -> Result<u64, Failure> {
    let r = RequestBuilder::new(&url(&format!("/submissions/{id}/attachments/{sha}")))
        .method(Method::PATCH)
        .header("authorization", &format!("Bearer {secret}"))
        .header("content-type", "application/offset+octet-stream")
        .header("upload-offset", &offset.to_string())
        .body(chunk.clone())
        .map_err(net)?;
    let r = send(
        r,
        "/submissions/{id}/attachments/{sha256}",
        chunk.length() as u64,
    )
    .await
    .map_err(net)?;
    if r.status() == 204 {
        header_u64(&r, "upload-offset").ok_or(Failure::Network("no Upload-Offset".into()))
    } else {
        Err(fail(r).await)
    }
}

pub async fn status(id: &str, secret: &str) -> Result<StatusDocument, Failure> {
    let req = RequestBuilder::new(&url(&format!("/submissions/{id}")))
        .header("authorization", &format!("Bearer {secret}"))
        .header(STATES_HEADER, &STATES_GENERATION.to_string())
        .build()
        .map_err(net)?;
    let r = send(req, "/submissions/{id}", 0).await.map_err(net)?;
    if r.ok() {
        r.json().await.map_err(net)
    } else {
        Err(fail(r).await)
    }
}

/// `POST …/withdraw`: the status document (state `withdrawn`), or why not
/// (409: the review has begun; 404: the server never had it).
pub async fn withdraw(id: &str, secret: &str) -> Result<StatusDocument, Failure> {
    let req = RequestBuilder::new(&url(&format!("/submissions/{id}/withdraw")))
        .method(Method::POST)
        .header("authorization", &format!("Bearer {secret}"))
        .build()
        .map_err(net)?;
    let r = send(req, "/submissions/{id}/withdraw", 0)
        .await
        .map_err(net)?;
    if r.ok() {
        r.json().await.map_err(net)
    } else {
        Err(fail(r).await)
    }
}

/// What a look-up by reference number and credit code can answer.
#[derive(Debug, Clone, PartialEq)]
pub enum LookupResult {
    Found(eport_domain::protocol::LookupAnswer),
    /// No such pair (an unknown reference and a wrong code look the same).
    NotFound,
    /// Too many look-ups from here: wait this many seconds.
    TooMany(u32),
    Failed(Failure),
}

pub async fn lookup(reference: &str, uscc: &str) -> LookupResult {
    // In the one form the server stores them: any case, full-width, padding.
    let body = serde_json::to_string(&eport_domain::protocol::LookupRequest {
        reference: eport_domain::normalize::reference(reference),
        uscc: eport_domain::normalize::uscc(uscc),
    })
    .unwrap_or_default();
    let req = match RequestBuilder::new(&url("/lookup"))
        .method(Method::POST)
        .header("content-type", "application/json")
        .header(STATES_HEADER, &STATES_GENERATION.to_string())
        .body(body)
    {
        Ok(r) => r,
        Err(e) => return LookupResult::Failed(net(e)),
    };
    match send(req, "/lookup", 0).await {
        Ok(r) if r.ok() => match r.json().await {
            Ok(a) => LookupResult::Found(a),
            Err(e) => LookupResult::Failed(net(e)),
        },
        Ok(r) if r.status() == 404 => LookupResult::NotFound,
        Ok(r) => match fail(r).await {
            Failure::Status {
                code: 429,
                retry_after,
                ..
            } => LookupResult::TooMany(retry_after.unwrap_or(60)),
            f => LookupResult::Failed(f),
        },
        Err(e) => LookupResult::Failed(net(e)),
    }
}
