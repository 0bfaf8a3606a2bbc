//! Command-line flags and environment variables. Every limit has a default
//! meant for the open internet and a busy office behind one NAT address.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use ipnet::IpNet;

use crate::limits::limiter::{RateSpec, RouteClass};

/// E-Port Desk sync server: serves the app and the sync API (protocol v1).
#[derive(Debug, Clone, Parser)]
// A flag given twice takes the last: tests put lifted limits first, a test's own after.
#[command(name = "eport-server", version, about, args_override_self = true)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "EPORT_ADDR", default_value = "127.0.0.1")]
    pub addr: IpAddr,

    /// Port to listen on (0 picks a free port; the chosen one is printed).
    #[arg(long, env = "EPORT_PORT", default_value_t = 8080)]
    pub port: u16,

    /// Directory for the SQLite database and attachment files (created if missing).
    #[arg(long, env = "EPORT_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Where verified attachments are kept: `s3://bucket` or `s3://bucket/prefix`
    /// in an S3-compatible store (endpoint, region and credentials from
    /// AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY;
    /// AWS_ALLOW_HTTP=true for a plain-HTTP endpoint), which then needs
    /// --max-store-bytes. Default: the data directory. Uploads in progress stay
    /// in the data directory either way.
    #[arg(long, env = "EPORT_BLOB_STORE", value_name = "URL")]
    pub blob_store: Option<String>,

    /// PostgreSQL instead of the SQLite file, for several replicas on one
    /// database: a file holding the connection URL
    /// (`postgres://user:password@host/db`), or the URL itself in the
    /// EPORT_DATABASE_URL environment variable. Never a flag holding the URL:
    /// it carries a password. The data directory then holds only uploads in
    /// progress (and the blobs, without --blob-store).
    #[arg(long, env = "EPORT_DATABASE_URL_FILE", value_name = "FILE")]
    pub database_url_file: Option<PathBuf>,

    /// Directory of the built app (Trunk's output) served at `/`.
    #[arg(long, env = "EPORT_DIST_DIR", default_value = "./dist")]
    pub dist_dir: PathBuf,

    /// A staff session unused this long ends (the console asks to sign in again).
    #[arg(long, env = "EPORT_STAFF_IDLE_TIMEOUT", default_value = "30min", value_parser = humantime::parse_duration)]
    pub staff_idle_timeout: Duration,

    /// A staff session ends this long after sign-in, however active.
    #[arg(long, env = "EPORT_STAFF_SESSION_MAX_AGE", default_value = "10h", value_parser = humantime::parse_duration)]
    pub staff_session_max_age: Duration,

    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key. Without
    /// it the server speaks plain HTTP and expects a TLS-terminating proxy.
    #[arg(long, env = "EPORT_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The private key (PEM) of --tls-cert. A file, never the key itself.
    #[arg(long, env = "EPORT_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Mark session cookies `Secure` although this server speaks plain HTTP
    /// (a TLS-terminating proxy in front). Over TLS they always are.
    #[arg(long, env = "EPORT_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// New submissions accepted per client address, `PER_HOUR/BURST`: a burst
    /// of 10 at once, then 120 an hour. A person, or a customs broker filing for
    /// 50 firms a day, never meets it; a script does. Tests and the benchmark
    /// lift it (e.g. 100000/100000).
    #[arg(long, env = "EPORT_CREATE_LIMIT", default_value = "120/10", value_parser = parse_create_limit)]
    pub create_limit: CreateLimit,

    #[command(flatten)]
    pub limits: Limits,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Config {
    /// The PostgreSQL URL, if one is configured (EPORT_DATABASE_URL first).
    /// An error never repeats it: it may hold a password.
    pub fn database_url(&self) -> anyhow::Result<Option<String>> {
        if let Ok(url) = std::env::var("EPORT_DATABASE_URL") {
            if !url.trim().is_empty() {
                return Ok(Some(url.trim().to_string()));
            }
        }
        match &self.database_url_file {
            Some(file) => {
                let url = std::fs::read_to_string(file).map_err(|e| {
                    anyhow::anyhow!("reading --database-url-file {}: {e}", file.display())
                })?;
                Ok(Some(url.trim().to_string()))
            }
            None => Ok(None),
        }
    }
}

/// Time, connection, request-rate and disk limits.
#[derive(Debug, Clone, clap::Args)]
pub struct Limits {
    /// Proxies whose `X-Forwarded-For` is believed (CIDR, e.g. 10.0.0.0/8; repeat or
    /// separate with commas). From any other peer the header is ignored.
    #[arg(
        long = "trusted-proxy",
        env = "EPORT_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<IpNet>,

    /// The request head (line and headers) must arrive within this time.
    #[arg(long, env = "EPORT_HEADER_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub header_timeout: Duration,

    /// A request body that sends nothing for this long is cut off (408).
    #[arg(long, env = "EPORT_BODY_IDLE_TIMEOUT", default_value = "15s", value_parser = humantime::parse_duration)]
    pub body_idle_timeout: Duration,

    /// After the first body-idle-timeout, a body must average at least this many
    /// bytes per second, or it is cut off (408).
    #[arg(long, env = "EPORT_BODY_MIN_RATE", default_value_t = 1024)]
    pub body_min_rate: u64,

    /// A client that stops reading a response for this long is dropped (the
    /// connection is closed), so nobody holds a connection by never reading.
    #[arg(long, env = "EPORT_WRITE_TIMEOUT", default_value = "30s", value_parser = humantime::parse_duration)]
    pub write_timeout: Duration,

    /// The most time one request may take, body included (408).
    #[arg(long, env = "EPORT_REQUEST_TIMEOUT", default_value = "120s", value_parser = humantime::parse_duration)]
    pub request_timeout: Duration,

    /// Open connections, all clients together, the reserve included. When they
    /// are all taken, a newcomer cuts a connection still waiting for its first
    /// request head (then an idle keep-alive one) of the network holding the
    /// most; with none to cut it is answered 503 and closed.
    #[arg(long, env = "EPORT_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,

    /// The last slots of --max-connections, kept for the API's ping and uploads
    /// in progress (any other request on them is answered 503); two per network.
    #[arg(long, env = "EPORT_CONNECTION_RESERVE", default_value_t = 64)]
    pub connection_reserve: usize,

    /// Open connections per client address (an IPv6 /64 is one address; a
    /// trusted proxy counts only overall).
    #[arg(long, env = "EPORT_MAX_CONNECTIONS_PER_ADDRESS", default_value_t = 64)]
    pub max_connections_per_address: usize,

    /// Open connections per network: an IPv4 /24 or an IPv6 /64.
    #[arg(long, env = "EPORT_MAX_CONNECTIONS_PER_NETWORK", default_value_t = 128)]
    pub max_connections_per_network: usize,

    /// A route's rate limit per client address, `ROUTE=PER_MINUTE/BURST`, e.g.
    /// `chunk=6000/3000`. Routes: manifest, status, offset, chunk, staff, ping, api, app.
    /// Repeat, or separate with commas; routes not named keep their defaults.
    #[arg(long = "rate-limit", env = "EPORT_RATE_LIMITS", value_delimiter = ',', value_parser = parse_rate)]
    pub rate_limits: Vec<(RouteClass, RateSpec)>,

    /// The most attachment bytes one submission may declare (e.g. 80MiB).
    #[arg(long, env = "EPORT_MAX_SUBMISSION_BYTES", default_value = "80MiB", value_parser = parse_bytes)]
    pub max_submission_bytes: u64,

    /// The most attachment bytes all stored submissions together may declare;
    /// beyond it new submissions get 507 (`limit: store_quota`). When not set, it
    /// is derived from the disk at start: 80% of the room the store has there,
    /// (free space − --min-free-disk) + what the store already holds. Required
    /// with --blob-store (no disk to derive it from).
    #[arg(long, env = "EPORT_MAX_STORE_BYTES", value_parser = parse_bytes)]
    pub max_store_bytes: Option<u64>,

    /// The attachment bytes one client address may declare in a day (Asia/Shanghai):
    /// a customs broker filing for 50 firms declares about 1.2 GiB at most.
    /// Beyond it new submissions get 507 (`limit: address_daily_bytes`) until midnight.
    #[arg(long, env = "EPORT_MAX_BYTES_PER_ADDRESS_PER_DAY", default_value = "2GiB", value_parser = parse_bytes)]
    pub max_bytes_per_address_per_day: u64,

    /// Starts the server's clock at this instant (RFC 3339, e.g.
    /// 2026-09-24T10:00:00+08:00), from where it runs on: arrival times,
    /// expected dates and the queue's ages follow it. For tests and training;
    /// never on a real deployment.
    #[arg(long, env = "EPORT_CLOCK_START", value_parser = parse_instant)]
    pub clock_start: Option<chrono::DateTime<chrono::FixedOffset>>,

    /// Free space the data directory's disk keeps: writes that would go below get 507.
    #[arg(long, env = "EPORT_MIN_FREE_DISK", default_value = "1GiB", value_parser = parse_bytes)]
    pub min_free_disk: u64,

    /// A submission still awaiting attachments this long after it was created is
    /// purged with its partial uploads (the browser declares it again).
    #[arg(long, env = "EPORT_ABANDON_AFTER", default_value = "7days", value_parser = humantime::parse_duration)]
    pub abandon_after: Duration,

    /// A finished submission (dispatched, superseded, withdrawn, or rejected and
    /// not declared again) keeps its personal data this long after its last
    /// state change; then it is erased and a tombstone stays.
    #[arg(long, env = "EPORT_RETAIN_FINISHED", default_value = "90days", value_parser = humantime::parse_duration)]
    pub retain_finished: Duration,

    /// How often the purge of abandoned submissions and the retention job run (also once at start).
    #[arg(long, env = "EPORT_PURGE_INTERVAL", default_value = "1h", value_parser = humantime::parse_duration)]
    pub purge_interval: Duration,
}

/// New submissions per address: an hourly rate and a burst.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreateLimit {
    pub per_hour: u32,
    pub burst: u32,
}

fn positive(v: &str) -> Result<u32, String> {
    v.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{v:?} is not a positive whole number"))
}

/// `120/10` → 120 an hour, a burst of 10.
fn parse_create_limit(s: &str) -> Result<CreateLimit, String> {
    let (per_hour, burst) = s
        .split_once('/')
        .ok_or("expected PER_HOUR/BURST, e.g. 120/10")?;
    Ok(CreateLimit {
        per_hour: positive(per_hour)?,
        burst: positive(burst)?,
    })
}

/// `chunk=6000/3000` → (chunk, 6000 per minute, burst 3000).
fn parse_rate(s: &str) -> Result<(RouteClass, RateSpec), String> {
    let (route, spec) = s.split_once('=').ok_or("expected ROUTE=PER_MINUTE/BURST")?;
    let route = RouteClass::parse(route.trim())
        .ok_or_else(|| format!("unknown route {route:?}; use {}", RouteClass::NAMES))?;
    let (per_minute, burst) = spec.split_once('/').unwrap_or((spec, spec));
    Ok((
        route,
        RateSpec {
            per_minute: positive(per_minute)?,
            burst: positive(burst)?,
        },
    ))
}

fn parse_instant(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    chrono::DateTime::parse_from_rfc3339(s.trim()).map_err(|e| format!("{s:?}: {e}"))
}

/// Bytes with an optional unit: `1024`, `64KiB`, `80MiB`, `1GiB`, `500MB`.
pub fn parse_bytes(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} does not start with a number"))?;
    let factor: u64 = match unit.trim() {
        "" | "B" => 1,
        "KB" => 1000,
        "KiB" => 1 << 10,
        "MB" => 1000 * 1000,
        "MiB" => 1 << 20,
        "GB" => 1000 * 1000 * 1000,
        "GiB" => 1 << 30,
        "TB" => 1000 * 1000 * 1000 * 1000,
        "TiB" => 1 << 40,
        u => {
            return Err(format!(
                "unknown unit {u:?}; use B, KiB, MiB, GiB, TiB (or KB, MB…)"
            ))
        }
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("{s} is too large"))
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Staff actions on the database, without the web console.
    Staff {
        #[command(subcommand)]
        action: StaffAction,
    },
    /// Erases personal data: of the submissions past retention, or of one at once.
    Purge {
        /// Only list what would be erased.
        #[arg(long)]
        dry_run: bool,
        /// Erase this submission's personal data now (the person asked), whatever its state.
        #[arg(long, value_name = "XM…")]
        reference: Option<String>,
    },
    /// Staff accounts: the people who may sign in to the staff console.
    Account {
        #[command(subcommand)]
        action: AccountAction,
    },
    /// Holiday data: import a year in the holiday-cn JSON format.
    Calendar {
        #[command(subcommand)]
        action: CalendarAction,
    },
    /// Copies the SQLite data directory (--data-dir) into PostgreSQL
    /// (EPORT_DATABASE_URL or --database-url-file, an empty database) and the
    /// object store (--blob-store): every row, every attachment checked against
    /// its SHA-256, uploads in progress. Refuses while a server runs on it.
    MigrateData,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum CalendarAction {
    /// Checks a year's file (every date in that year, named; working days on
    /// weekends) and stores it, replacing an earlier import of that year.
    Import { file: std::path::PathBuf },
    /// Lists the imported years.
    List,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum AccountAction {
    /// Creates an account and prints its generated password once.
    Add {
        /// 2–32 of a-z, 0-9, '.', '_', '-', starting with a letter.
        login: String,
        /// The name records show, e.g. 王审核.
        #[arg(long)]
        name: String,
    },
    /// Lists accounts (login, name, active or disabled, created).
    List,
    /// Disables an account and ends its sessions.
    Disable { login: String },
    /// Enables a disabled account again.
    Enable { login: String },
    /// Prints a new generated password and ends the account's sessions.
    Reset { login: String },
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum StaffAction {
    /// List submissions, newest first.
    List,
    /// The console's work log, newest first: statistics read, registers
    /// exported, courier lists checked or posted, labels printed, claims changed in bulk.
    Log {
        /// How many rows.
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Decide on a submission: in_review, approve, reject (needs --note) or dispatch.
    Review {
        /// The staff account deciding (its login); the decision names this person.
        #[arg(long = "as", value_name = "LOGIN")]
        by: String,
        /// Reference number (XM…) or submission id.
        reference: String,
        /// in_review | approve | reject | dispatch | card_made | mail_returned | collect.
        /// Approve and reject claim the submission first, as the console does;
        /// approve also ticks every checklist line in this account's name.
        decision: String,
        /// 审批意见 (required to reject); why the card came back (mail_returned).
        #[arg(long)]
        note: Option<String>,
        /// The EMS mail number (required to dispatch), e.g. EA123456785CN.
        #[arg(long, value_name = "EMS")]
        tracking: Option<String>,
        /// Who collected the card (required to collect): name.
        #[arg(long, value_name = "NAME")]
        collector: Option<String>,
        /// Who collected the card: the last 4 characters of their ID.
        #[arg(long, value_name = "XXXX")]
        collector_id_tail: Option<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creations_default_to_a_burst_of_ten_and_120_an_hour_and_the_last_flag_wins() {
        let c = Config::parse_from(["eport-server"]);
        assert_eq!(
            c.create_limit,
            CreateLimit {
                per_hour: 120,
                burst: 10
            }
        );
        let c = Config::parse_from([
            "eport-server",
            "--create-limit",
            "9/9",
            "--create-limit",
            "60/2",
        ]);
        assert_eq!(
            c.create_limit,
            CreateLimit {
                per_hour: 60,
                burst: 2
            }
        );
        assert!(parse_create_limit("10").is_err());
        assert!(parse_create_limit("0/5").is_err());
    }

    #[test]
    fn byte_sizes_read_like_people_write_them() {
        assert_eq!(parse_bytes("1024"), Ok(1024));
        assert_eq!(parse_bytes("80MiB"), Ok(80 << 20));
        assert_eq!(parse_bytes("1GiB"), Ok(1 << 30));
        assert_eq!(parse_bytes("5 MB"), Ok(5_000_000));
        assert!(parse_bytes("MiB").is_err());
        assert!(parse_bytes("1 PiB").is_err());
        assert!(parse_bytes("99999999999TiB").is_err());
    }

    #[test]
    fn rate_limits_name_a_route() {
        let (route, spec) = parse_rate("chunk=6000/3000").unwrap();
        assert_eq!(route, RouteClass::Chunk);
        assert_eq!((spec.per_minute, spec.burst), (6000, 3000));
        assert_eq!(parse_rate("ping=60").unwrap().1.burst, 60);
        assert!(parse_rate("nope=1/1").is_err());
        assert!(parse_rate("ping=0/1").is_err());
    }

    #[test]
    fn the_defaults_parse() {
        let c = Config::parse_from(["eport-server"]);
        assert_eq!(c.limits.max_submission_bytes, 80 << 20);
        // Unfinished uploads are purged after a week unless told otherwise.
        assert_eq!(c.limits.abandon_after, Duration::from_secs(7 * 86_400));
        assert_eq!(c.limits.max_bytes_per_address_per_day, 2 << 30);
        assert_eq!(c.limits.max_store_bytes, None, "derived at start");
        assert!(c.limits.trusted_proxies.is_empty());
    }
}
