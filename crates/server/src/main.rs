use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Parser;
use eport_server::cli::config::{Command, Config};
use eport_server::http::serve::{serve, ConnLimits};
use eport_server::routes::router;
use eport_server::state::AppState;
use eport_server::storage::postgres::Pg;
use eport_server::storage::sqlite::db::Db;
use eport_server::storage::Storage;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let mut config = Config::parse();
    if let Some(at) = config.limits.clock_start {
        tracing::warn!(%at, "the clock starts at --clock-start, not the system's time");
        eport_server::storage::start_clock_at(at);
    }
    // Everything the server creates (database, WAL, uploads) is its user's alone.
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    let mut rows = None;
    let store = match config.database_url()? {
        // The synchronous client must not start inside the async runtime.
        Some(url) => {
            let data_dir = config.data_dir.clone();
            let pg = tokio::task::spawn_blocking(move || -> Result<Pg> {
                eport_server::blobs::private_dir(&data_dir)
                    .with_context(|| format!("creating data directory {}", data_dir.display()))?;
                eport_server::blobs::BlobStore::tighten(&data_dir)?;
                Pg::open(&url)
            })
            .await??;
            rows = Some(pg.clone());
            Storage::new(pg)
        }
        None => Storage::new(Db::open(&config.data_dir)?),
    };
    match config.command.clone() {
        Some(Command::Staff { action }) => {
            return eport_server::cli::staff::run(&store, action).await
        }
        Some(Command::Account { action }) => {
            return eport_server::cli::account::run(&store, action).await
        }
        Some(Command::Calendar { action }) => {
            return eport_server::cli::calendar::run(&store, action).await
        }
        Some(Command::Purge { dry_run, reference }) => {
            return eport_server::cli::retention::run(&store, &config, dry_run, reference).await
        }
        Some(Command::MigrateData) => return migrate_data(&config, rows).await,
        None => {}
    }
    // One server per data directory, held until the process ends.
    let _server_lock = eport_server::cli::server_lock::take(&config.data_dir)
        .context("another server runs on this data directory")?;
    if !config.dist_dir.join("index.html").exists() {
        tracing::warn!(dist = %config.dist_dir.display(), "no built app found; only the API is served");
    }
    let accounts = store.run(|s| s.accounts()).await?;
    if !accounts.iter().any(|a| !a.disabled) {
        tracing::warn!("no active staff account: create one with `eport-server account add <login> --name <name>`");
    }
    let tls = match (&config.tls_cert, &config.tls_key) {
        (Some(cert), Some(key)) => Some(eport_server::http::tls::acceptor(cert, key)?),
        _ => {
            tracing::warn!("serving plain HTTP: on the open internet, put a TLS-terminating proxy in front and pass --secure-cookies (or give --tls-cert and --tls-key)");
            None
        }
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let addr = SocketAddr::new(config.addr, config.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    let local = listener.local_addr()?;
    // Tests and scripts read this line to learn the port.
    println!("listening on {scheme}://{local}");
    tracing::info!(data_dir = %config.data_dir.display(), "listening on {scheme}://{local}");
    eport_server::faults::init(&config.data_dir);
    let limits = ConnLimits {
        header_timeout: config.limits.header_timeout,
        write_timeout: config.limits.write_timeout,
        shares: eport_server::limits::connections::Shares {
            total: config.limits.max_connections,
            reserve: config.limits.connection_reserve,
            per_address: config.limits.max_connections_per_address,
            per_network: config.limits.max_connections_per_network,
        },
        trusted: eport_server::http::client_addr::TrustedProxies::new(
            config.limits.trusted_proxies.clone(),
        ),
    };
    if config.blob_store.is_some() && config.limits.max_store_bytes.is_none() {
        anyhow::bail!(
            "with --blob-store, set --max-store-bytes: there is no disk to derive the store's quota from"
        );
    }
    if config.limits.max_store_bytes.is_none() {
        let stored = store.run(|s| s.declared_bytes()).await?;
        let free =
            eport_server::limits::disk::Disk::new(&config.data_dir, &config.limits).free()?;
        let quota = eport_server::limits::disk::Disk::default_store_quota(
            free,
            config.limits.min_free_disk,
            stored,
        );
        tracing::info!(
            quota,
            free,
            stored,
            "store quota derived from the disk (set --max-store-bytes to choose one)"
        );
        config.limits.max_store_bytes = Some(quota);
    }
    let device_key = match rows.clone() {
        Some(pg) => {
            pg.blocking(eport_server::staff_auth::device::DeviceKey::shared)
                .await?
        }
        None => eport_server::staff_auth::device::DeviceKey::load_or_create(&config.data_dir)?,
    };
    let state = Arc::new(AppState::new(store, config, rows, device_key)?);
    state.reload_calendar().await;
    let r =
        eport_server::jobs::recovery::recover(&state.store, &state.blobs, &state.blob_locks).await;
    if r.completed > 0 || r.quarantined > 0 {
        tracing::info!(
            completed = r.completed,
            quarantined = r.quarantined,
            "start-up recovery"
        );
    }
    let lease = eport_server::jobs::lease_for(state.config.limits.purge_interval);
    if eport_server::jobs::leased(&state, "purge-retention", lease).await {
        let purged = eport_server::jobs::purge::purge_abandoned(&state).await;
        if purged > 0 {
            tracing::info!(purged, "purged abandoned submissions");
        }
        let archived = eport_server::jobs::retention::archive_due(&state).await;
        if archived > 0 {
            tracing::info!(archived, "archived finished submissions past retention");
        }
    }
    eport_server::jobs::purge::spawn(state.clone());
    eport_server::jobs::pending::spawn(state.clone());
    let idle = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            idle.reload_calendar().await;
            idle.rates.evict_idle();
            idle.creates.evict_idle();
            let before =
                eport_server::staff_auth::unix_now() - idle.sessions.max_age.as_secs() as i64;
            if let Err(e) = idle.store.run(move |s| s.prune_sessions(before)).await {
                tracing::warn!(error = %e, "pruning staff sessions failed");
            }
        }
    });
    serve(listener, router(state), limits, tls, shutdown_signal()).await;
    tracing::info!("shut down cleanly");
    Ok(())
}

/// `eport-server migrate-data`: see `cli::migrate`.
async fn migrate_data(config: &Config, pg: Option<Pg>) -> Result<()> {
    let Some(pg) = pg else {
        anyhow::bail!(
            "migrate-data copies into PostgreSQL: set EPORT_DATABASE_URL or --database-url-file"
        );
    };
    let objects =
        eport_server::blobs::objects::open(config.blob_store.as_deref(), &config.data_dir)?;
    let copied = eport_server::cli::migrate::run(&config.data_dir, pg, objects.as_ref()).await?;
    println!(
        "copied {} rows, {} attachments (each checked against its SHA-256) and {} uploads in progress",
        copied.rows, copied.objects, copied.unfinished
    );
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
