//! `GET /api/v1/openapi.json`: the protocol described from the handlers'
//! annotations and the payload types themselves, so it cannot drift from the code.

use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use eport_domain::protocol::ClientInfo;

use super::{
    calendar, lookup, ping, staff, staff_claim, staff_claims_bulk, staff_dispatch, staff_labels,
    staff_register, staff_review, staff_session, staff_statistics, submissions, uploads,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "E-Port Desk sync protocol",
        description = "Version 1. Every step is safe to repeat; a 2xx means the data is fsync'd. \
Errors are RFC 9457 problem details.\n\n\
Limits (defaults; each has a flag): manifest 256 KiB, 20 attachments, 4,194,304 bytes each, \
80 MiB of attachments per submission, chunk 1 MiB. The request head must arrive within 10 s; \
a body that sends nothing for 15 s, or averages under 1,024 bytes/s after its first 15 s, is \
cut off (408, connection closed); a request may take 120 s in all; a client that reads \
nothing of a response for 30 s is dropped. At most 1,024 connections, 64 per client address \
(an IPv6 /64 is one) and 128 per network (/24, /64); more: 503 and closed. When all are taken, a \
newcomer cuts a connection still waiting for its first request head of the network holding the \
most; the last 64 are a reserve that serves only the ping and uploads (any other request on \
one: 503 busy, Retry-After). The client address comes from X-Forwarded-For \
only behind a configured trusted proxy. A new submission gets 507, its `limit` naming which, \
when the disk would fall below its reserve (1 GiB, `disk_reserve`), when the store's quota is \
reached (`store_quota`; unless set, 80% of the disk's room above the reserve at start), or when \
its address has declared 2 GiB of attachments that day (`address_daily_bytes`, Asia/Shanghai; \
Retry-After runs to midnight). A submission still awaiting attachments after 7 days is \
purged (then 404: send the manifest again). Every route is rate-limited per client address \
(429 with Retry-After); requests per minute / burst:",
    ),
    paths(
        ping::ping,
        submissions::put,
        submissions::get,
        submissions::withdraw,
        uploads::head,
        uploads::patch,
        lookup::lookup,
        calendar::year,
        staff_session::sign_in,
        staff_session::current,
        staff_session::sign_out,
        staff::list,
        staff::show,
        staff::timeline,
        staff::attachment,
        staff_review::review,
        staff_review::check,
        staff_review::progress,
        staff_claim::claim,
        staff_claim::release,
        staff::quarantine,
        staff_register::export,
        staff_dispatch::dispatch_batch,
        staff_labels::labels,
        staff_statistics::statistics,
        staff_claims_bulk::bulk,
        staff_claims_bulk::reviewers,
    ),
    modifiers(&BearerSchemes, &ManifestExample, &RateLimits),
    tags(
        (name = "sync", description = "The browser's outbox: one submission per declared case"),
        (name = "staff", description = "Card-centre staff: sign in with an account (`eport-server account add`) for a session cookie; \
requests that change something also send `X-Requested-By: eport-desk`. Failed sign-ins are throttled per login and address. \
Each view or download of a submission is recorded in its access log; each request that acts on many (statistics, register, \
dispatch-batch, labels, claims) in the work log (`eport-server staff log`)."),
    )
)]
pub struct ApiDoc;

struct BearerSchemes;

impl Modify for BearerSchemes {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        let bearer = |what: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(what))
                    .build(),
            )
        };
        components.add_security_scheme(
            "submission_secret",
            bearer("The 32-byte secret the browser made for this submission (base64url)"),
        );
        components.add_security_scheme(
            "staff_session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::staff_auth::session::COOKIE,
                "The session cookie POST /api/v1/staff/session sets",
            ))),
        );
    }
}

pub async fn serve() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(ApiDoc::openapi()),
    )
}

/// The default rate limits, from the limiter itself so the two cannot drift.
struct RateLimits;

impl Modify for RateLimits {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let rates: Vec<String> = crate::limits::limiter::RouteClass::ALL
            .iter()
            .map(|c| {
                let r = c.default_rate();
                format!("{} {}/{}", c.name(), r.per_minute, r.burst)
            })
            .collect();
        let text = doc.info.description.get_or_insert_with(String::new);
        text.push_str(&format!(
            " {}; new submissions besides: a burst of 10, then 120 an hour. Past 5 declarations of \
             one credit code in a day, more are accepted and flagged for staff (`arrival`).",
            rates.join(", ")
        ));
    }
}

/// A manifest that passes the domain rules, so readers (and schemathesis's
/// example phase) see a request the server accepts, not just its shape.
struct ManifestExample;

impl Modify for ManifestExample {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let manifest = eport_domain::manifest::manifest_for(
            &eport_domain::fixtures::valid_enrollment(None),
            ClientInfo {
                app_version: env!("CARGO_PKG_VERSION").into(),
                declared_at: "2026-11-27T10:00:00+08:00".into(),
            },
            None,
        );
        let put = doc
            .paths
            .paths
            .get_mut("/api/v1/submissions/{id}")
            .and_then(|p| p.put.as_mut());
        if let Some(body) = put.and_then(|op| op.request_body.as_mut()) {
            if let Some(json) = body.content.get_mut("application/json") {
                json.example = serde_json::to_value(&manifest).ok();
            }
        }
    }
}
