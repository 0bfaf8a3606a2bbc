//! The HTTP surface: `/api/v1/…` for the sync protocol, the built app elsewhere.

mod app_files;
pub mod openapi;
mod ping;
mod staff;
mod submissions;
pub(crate) mod uploads;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::http::Uri;
use axum::Router;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use axum::routing::{get, post, put};
use eport_domain::calendar::Calendar;

use crate::blobs::BlobStore;
use crate::config::Config;
use crate::limiter::Limiter;
use crate::problem::{self, ApiError};
use crate::store::Storage;

pub struct AppState {
    pub store: Storage,
    pub config: Config,
    pub blobs: BlobStore,
    pub calendar: Calendar,
    pub limiter: Limiter,
    uploads: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl AppState {
    pub fn new(store: Storage, config: Config) -> anyhow::Result<AppState> {
        Ok(AppState {
            blobs: BlobStore::new(&config.data_dir)?,
            calendar: Calendar::builtin(),
            limiter: Limiter::new(config.create_limit_per_minute),
            uploads: Mutex::new(HashMap::new()),
            store,
            config,
        })
    }

    /// The lock that serialises writes to one attachment of one submission.
    pub fn upload_lock(&self, id: &str, sha: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self.uploads.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(format!("{id}/{sha}")).or_default().clone()
    }
}

pub type Shared = Arc<AppState>;

pub fn router(state: Shared) -> Router {
    let api = Router::new()
        .route("/ping", get(ping::ping))
        .route("/openapi.json", get(openapi::serve))
        .route(
            "/submissions/{id}",
            put(submissions::put).get(submissions::get),
        )
        .route(
            "/submissions/{id}/attachments/{sha256}",
            axum::routing::head(uploads::head).patch(uploads::patch),
        )
        .route("/staff/submissions", get(staff::list))
        .route("/staff/submissions/{key}", get(staff::show))
        .route(
            "/staff/submissions/{key}/attachments/{sha256}",
            get(staff::attachment),
        )
        .route("/staff/submissions/{key}/review", post(staff::review))
        .fallback(api_not_found)
        .layer(axum::middleware::map_response(
            problem::every_error_is_a_problem,
        ));
    Router::new()
        .nest("/api/v1", api)
        // Any other /api path is an API miss too, never the app's index.html.
        .route("/api", axum::routing::any(api_not_found))
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .fallback_service(app_files::service(&state.config.dist_dir))
        // One log line per request: method and path (span), status and latency.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no API endpoint at {}", uri.path()))
}
