use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Parser;
use eport_server::config::{Command, Config};
use eport_server::db::Db;
use eport_server::routes::{router, AppState};
use eport_server::store::Storage;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = Config::parse();
    let store = Storage::new(Db::open(&config.data_dir)?);
    if let Some(Command::Staff { action }) = config.command.clone() {
        return eport_server::staff_cli::run(&store, action).await;
    }
    if !config.dist_dir.join("index.html").exists() {
        tracing::warn!(dist = %config.dist_dir.display(), "no built app found; only the API is served");
    }
    if config.staff_token.is_none() {
        tracing::info!("no staff token configured: staff endpoints are disabled");
    }
    let addr = SocketAddr::new(config.addr, config.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    let local = listener.local_addr()?;
    // Tests and scripts read this line to learn the port.
    println!("listening on http://{local}");
    tracing::info!(data_dir = %config.data_dir.display(), "listening on http://{local}");
    eport_server::faults::init(&config.data_dir);
    let state = AppState::new(store, config)?;
    let recovered = eport_server::recovery::recover(&state.store, &state.blobs).await?;
    if recovered > 0 {
        tracing::info!(recovered, "finished uploads interrupted by a crash");
    }
    let app = router(Arc::new(state));
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("shut down cleanly");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
