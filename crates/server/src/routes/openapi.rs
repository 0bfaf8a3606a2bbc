//! `GET /api/v1/openapi.json`: the protocol described from the handlers'
//! annotations and the payload types themselves, so it cannot drift from the code.

use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use eport_domain::protocol::{AttachmentDecl, ClientInfo, Manifest, SubmissionKind};

use super::{ping, staff, submissions, uploads};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "E-Port Desk sync protocol",
        description = "Version 1. Every step is safe to repeat; a 2xx means the data is fsync'd. \
                       Errors are RFC 9457 problem details.",
    ),
    paths(
        ping::ping,
        submissions::put,
        submissions::get,
        uploads::head,
        uploads::patch,
        staff::list,
        staff::show,
        staff::attachment,
        staff::review,
    ),
    modifiers(&BearerSchemes, &ManifestExample),
    tags(
        (name = "sync", description = "The browser's outbox: one submission per declared case"),
        (name = "staff", description = "Card-centre staff; disabled unless a staff token is configured"),
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
        components
            .add_security_scheme("staff_token", bearer("The server's configured staff token"));
    }
}

pub async fn serve() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(ApiDoc::openapi()),
    )
}

/// A manifest that passes the domain rules, so readers (and schemathesis's
/// example phase) see a request the server accepts, not just its shape.
struct ManifestExample;

impl Modify for ManifestExample {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let case = eport_domain::fixtures::valid_enrollment(None);
        let attachments = case.attachments.iter().map(AttachmentDecl::from).collect();
        let manifest = Manifest {
            kind: SubmissionKind::PaperlessEnrollment,
            supersedes: None,
            case,
            attachments,
            client: ClientInfo {
                app_version: env!("CARGO_PKG_VERSION").into(),
                declared_at: "2026-11-27T10:00:00+08:00".into(),
            },
        };
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
