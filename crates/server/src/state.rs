//! The server's state, shared by every request and job: the store, the
//! blob store, the limits' counters, the staff's session policy and throttles,
//! the calendar.

use std::sync::Arc;

use eport_domain::calendar::Calendar;

use crate::blobs::upload_locks::UploadLocks;
use crate::blobs::BlobStore;
use crate::cli::config::Config;
use crate::http::client_addr::TrustedProxies;
use crate::http::timed_body::BodyLimits;
use crate::limits::disk::Disk;
use crate::limits::limiter::{Buckets, RateLimiter};
use crate::storage::Storage;

pub struct AppState {
    pub store: Storage,
    pub config: Config,
    pub blobs: BlobStore,
    /// The shipped holiday years with the imported ones over them; reloaded
    /// at start and every minute (`calendar import` runs as its own process).
    calendar: std::sync::RwLock<Arc<Calendar>>,
    /// New submissions per client address.
    pub creates: Buckets,
    /// Every request, per route class and client address.
    pub rates: RateLimiter,
    pub trusted: TrustedProxies,
    pub body_limits: BodyLimits,
    pub disk: Disk,
    pub uploads: UploadLocks,
    pub sessions: crate::staff_auth::session::SessionPolicy,
    /// Failed staff sign-ins, per login and per address.
    pub sign_ins: crate::staff_auth::sign_ins::SignIns,
    /// Argon2 checks, a bounded few at once (`staff_auth/checks.rs`).
    pub password_checks: crate::staff_auth::checks::PasswordChecks,
    /// Signs the device cookies (`staff_auth/device.rs`).
    pub device_key: crate::staff_auth::device::DeviceKey,
    /// Attachment bytes declared per client address today (`--max-bytes-per-address-per-day`).
    pub declared_today: crate::limits::tally::Tally,
    /// Registers being made (`routes/staff_register.rs`), two at a time.
    pub exports: Arc<tokio::sync::Semaphore>,
    /// Look-up misses per credit code per day (`lookup_misses.rs`).
    pub lookup_misses: crate::limits::lookup_misses::LookupMisses,
    /// Held while a blob is linked into the store and committed, and while an
    /// unused one is deleted, so neither sees the other half-done (across
    /// replicas on PostgreSQL).
    pub blob_locks: crate::blobs::blob_locks::BlobLocks,
    /// This process's name among replicas, for job leases.
    pub replica: String,
}

impl AppState {
    /// `rows`: the PostgreSQL store, which then also holds unfinished uploads.
    /// `device_key`: the data directory's (SQLite) or the replicas' shared one.
    pub fn new(
        store: Storage,
        config: Config,
        rows: Option<crate::storage::postgres::Pg>,
        device_key: crate::staff_auth::device::DeviceKey,
    ) -> anyhow::Result<AppState> {
        let limits = &config.limits;
        Ok(AppState {
            blobs: BlobStore::new(
                &config.data_dir,
                crate::blobs::objects::open(config.blob_store.as_deref(), &config.data_dir)?,
                rows.clone(),
            )?,
            calendar: std::sync::RwLock::new(Arc::new(Calendar::builtin())),
            creates: Buckets::hourly(config.create_limit.per_hour, config.create_limit.burst),
            rates: RateLimiter::new(&limits.rate_limits),
            trusted: TrustedProxies::new(limits.trusted_proxies.clone()),
            body_limits: BodyLimits {
                idle: limits.body_idle_timeout,
                min_rate: limits.body_min_rate,
                total: limits.request_timeout,
            },
            disk: Disk::new(&config.data_dir, limits),
            uploads: UploadLocks::default(),
            blob_locks: crate::blobs::blob_locks::BlobLocks::new(rows.clone()),
            replica: uuid::Uuid::new_v4().to_string(),
            sessions: crate::staff_auth::session::SessionPolicy {
                idle: config.staff_idle_timeout,
                max_age: config.staff_session_max_age,
                secure: config.secure_cookies,
            },
            sign_ins: crate::staff_auth::sign_ins::SignIns::new(rows.clone()),
            password_checks: crate::staff_auth::checks::PasswordChecks::sized_from_cores(),
            device_key,
            lookup_misses: crate::limits::lookup_misses::LookupMisses::new(rows.clone()),
            declared_today: crate::limits::tally::Tally::new(rows.clone(), "declared", 100_000),
            exports: Arc::new(tokio::sync::Semaphore::new(2)),
            store,
            config,
        })
    }
}

impl AppState {
    pub fn calendar(&self) -> Arc<Calendar> {
        self.calendar
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Reads the imported years again; a failure keeps the calendar it had.
    pub async fn reload_calendar(&self) {
        match self.store.run(|s| s.calendar_years()).await {
            Ok(years) => {
                let c = Arc::new(crate::storage::calendar::calendar_with(years));
                *self.calendar.write().unwrap_or_else(|p| p.into_inner()) = c;
            }
            Err(e) => tracing::warn!(error = %e, "reading the imported calendar years failed"),
        }
    }
}

pub type Shared = Arc<AppState>;
