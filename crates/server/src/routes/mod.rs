//! The HTTP surface: `/api/v1/…` for the sync protocol, the built app elsewhere.

mod app_files;
mod ping;

use std::sync::Arc;

use axum::http::Uri;
use axum::Router;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::config::Config;
use crate::db::Db;
use crate::problem::ApiError;

pub struct AppState {
    pub db: Db,
    pub config: Config,
}

pub type Shared = Arc<AppState>;

pub fn router(state: Shared) -> Router {
    let api = Router::new()
        .route("/ping", axum::routing::get(ping::ping))
        .fallback(api_not_found);
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
