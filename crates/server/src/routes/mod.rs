//! The HTTP surface: `/api/v1/…` for the sync protocol, the built app elsewhere.

mod app_files;
mod ping;

use std::sync::Arc;

use axum::http::Uri;
use axum::Router;
use tower_http::trace::TraceLayer;

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
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no API endpoint at {}", uri.path()))
}
