//! Per-address token buckets: one table per route class, plus the one for
//! requests that create submissions. Idle buckets are evicted, and the tables
//! have a ceiling, so a spray of addresses cannot grow memory without bound.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// The routes, grouped by what a legitimate client needs of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteClass {
    /// `PUT /submissions/{id}` (new or repeated).
    Manifest,
    /// `GET /submissions/{id}`.
    Status,
    /// `HEAD …/attachments/{sha256}`.
    Offset,
    /// `PATCH …/attachments/{sha256}`: many per attachment.
    Chunk,
    /// `/staff/…`.
    Staff,
    /// `POST /lookup`: a reference with its USCC, guessable only slowly.
    Lookup,
    /// `GET /ping`.
    Ping,
    /// Any other `/api` path (the OpenAPI document, misses).
    Api,
    /// The built app.
    App,
}

impl RouteClass {
    pub const ALL: [RouteClass; 9] = [
        RouteClass::Manifest,
        RouteClass::Status,
        RouteClass::Offset,
        RouteClass::Chunk,
        RouteClass::Staff,
        RouteClass::Lookup,
        RouteClass::Ping,
        RouteClass::Api,
        RouteClass::App,
    ];
    pub const NAMES: &'static str =
        "manifest, status, offset, chunk, staff, lookup, ping, api, app";

    pub fn name(self) -> &'static str {
        match self {
            RouteClass::Manifest => "manifest",
            RouteClass::Status => "status",
            RouteClass::Offset => "offset",
            RouteClass::Chunk => "chunk",
            RouteClass::Staff => "staff",
            RouteClass::Lookup => "lookup",
            RouteClass::Ping => "ping",
            RouteClass::Api => "api",
            RouteClass::App => "app",
        }
    }

    pub fn parse(s: &str) -> Option<RouteClass> {
        RouteClass::ALL.into_iter().find(|r| r.name() == s)
    }

    /// Sized for 50 people behind one NAT address: each declaration is one
    /// PUT, a HEAD per attachment and up to 16 PATCHes per 4 MiB file.
    pub fn default_rate(self) -> RateSpec {
        let (per_minute, burst) = match self {
            RouteClass::Manifest => (600, 300),
            RouteClass::Status => (1200, 600),
            RouteClass::Offset => (1200, 600),
            RouteClass::Chunk => (12_000, 6000),
            RouteClass::Staff => (1200, 300),
            RouteClass::Lookup => (20, 10),
            RouteClass::Ping => (1200, 600),
            RouteClass::Api => (300, 100),
            RouteClass::App => (3000, 1500),
        };
        RateSpec { per_minute, burst }
    }

    /// Which class a request falls in, from its method and path.
    pub fn of(method: &axum::http::Method, path: &str) -> RouteClass {
        use axum::http::Method;
        let Some(api) = path.strip_prefix("/api/v1/") else {
            return if path == "/api" || path.starts_with("/api/") {
                RouteClass::Api
            } else {
                RouteClass::App
            };
        };
        if api.starts_with("staff/") {
            RouteClass::Staff
        } else if api == "ping" {
            RouteClass::Ping
        } else if api == "lookup" {
            RouteClass::Lookup
        } else if api.starts_with("submissions/") {
            match (method, api.contains("/attachments/")) {
                (&Method::PATCH, true) => RouteClass::Chunk,
                (_, true) => RouteClass::Offset,
                (&Method::PUT, false) => RouteClass::Manifest,
                _ => RouteClass::Status,
            }
        } else {
            RouteClass::Api
        }
    }
}

/// A token bucket's size: refills `per_minute`, holds at most `burst`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateSpec {
    pub per_minute: u32,
    pub burst: u32,
}

/// Whom a bucket belongs to: an IPv4 address, or an IPv6 /64 (one subscriber's
/// network; counting single v6 addresses would give each attacker 2^64 buckets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(u128);

/// As stored (the shared daily tally): the key's number in hex.
impl std::fmt::Display for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:x}", self.0)
    }
}

impl ClientKey {
    pub fn of(ip: IpAddr) -> ClientKey {
        match ip {
            IpAddr::V4(v4) => ClientKey(u32::from(v4) as u128),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey(u32::from(v4) as u128),
                None => ClientKey(((u128::from(v6) >> 64) << 64) | (1 << 32)),
            },
        }
    }
}

/// At most this many addresses are tracked per table; beyond it, new
/// addresses share one overflow bucket (so a spray is limited as one client).
const MAX_TRACKED: usize = 100_000;
const OVERFLOW: ClientKey = ClientKey(u128::MAX);

/// One table of buckets.
pub struct Buckets {
    /// Tokens added a second.
    per_second: f64,
    burst: f64,
    table: Mutex<HashMap<ClientKey, (f64, Instant)>>,
}

impl Buckets {
    pub fn new(spec: RateSpec) -> Buckets {
        Buckets {
            per_second: f64::from(spec.per_minute) / 60.0,
            burst: f64::from(spec.burst),
            table: Mutex::new(HashMap::new()),
        }
    }

    /// `per_hour` tokens an hour, at most `burst` at once.
    pub fn hourly(per_hour: u32, burst: u32) -> Buckets {
        Buckets {
            per_second: f64::from(per_hour.max(1)) / 3600.0,
            burst: f64::from(burst.max(1)),
            table: Mutex::new(HashMap::new()),
        }
    }

    fn refill(&self, tokens: f64, last: Instant, now: Instant) -> f64 {
        (tokens + now.duration_since(last).as_secs_f64() * self.per_second).min(self.burst)
    }

    /// Takes one token, or says how many seconds until one is there.
    pub fn take(&self, key: ClientKey) -> Result<(), u64> {
        let mut t = self.table.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let key = if t.len() >= MAX_TRACKED && !t.contains_key(&key) {
            OVERFLOW
        } else {
            key
        };
        let (tokens, last) = t.entry(key).or_insert((self.burst, now));
        *tokens = self.refill(*tokens, *last, now);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.per_second).ceil().max(1.0) as u64)
        }
    }

    /// Drops buckets that have refilled completely: they hold no information.
    pub fn evict_idle(&self) {
        let mut t = self.table.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        t.retain(|_, (tokens, last)| self.refill(*tokens, *last, now) < self.burst);
    }

    pub fn tracked(&self) -> usize {
        self.table.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// Every route class's table.
pub struct RateLimiter {
    tables: Vec<(RouteClass, Buckets)>,
}

impl RateLimiter {
    /// The defaults, with `overrides` applied.
    pub fn new(overrides: &[(RouteClass, RateSpec)]) -> RateLimiter {
        let tables = RouteClass::ALL
            .into_iter()
            .map(|class| {
                let spec = overrides
                    .iter()
                    .rev()
                    .find(|(c, _)| *c == class)
                    .map(|(_, s)| *s)
                    .unwrap_or_else(|| class.default_rate());
                (class, Buckets::new(spec))
            })
            .collect();
        RateLimiter { tables }
    }

    pub fn take(&self, class: RouteClass, ip: IpAddr) -> Result<(), u64> {
        self.table(class).take(ClientKey::of(ip))
    }

    pub fn table(&self, class: RouteClass) -> &Buckets {
        &self
            .tables
            .iter()
            .find(|(c, _)| *c == class)
            .expect("every class has a table")
            .1
    }

    pub fn evict_idle(&self) {
        for (_, b) in &self.tables {
            b.evict_idle();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Method;

    #[test]
    fn allows_a_burst_then_refuses_with_a_wait() {
        let b = Buckets::new(RateSpec {
            per_minute: 3,
            burst: 3,
        });
        let ip = ClientKey::of("127.0.0.1".parse().unwrap());
        assert!(b.take(ip).is_ok() && b.take(ip).is_ok() && b.take(ip).is_ok());
        assert_eq!(b.take(ip), Err(20));
        assert!(
            b.take(ClientKey::of("127.0.0.2".parse().unwrap())).is_ok(),
            "buckets are per address"
        );
    }

    #[test]
    fn full_buckets_are_evicted_and_busy_ones_kept() {
        let b = Buckets::new(RateSpec {
            per_minute: 60,
            burst: 10,
        });
        let busy = ClientKey::of("10.0.0.1".parse().unwrap());
        for _ in 0..5 {
            b.take(busy).unwrap();
        }
        b.evict_idle();
        assert_eq!(b.tracked(), 1, "a bucket with tokens spent is kept");
        let fresh = Buckets::new(RateSpec {
            per_minute: 6_000_000,
            burst: 1,
        });
        fresh.take(busy).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
        fresh.evict_idle();
        assert_eq!(fresh.tracked(), 0, "a refilled bucket goes");
    }

    #[test]
    fn an_ipv6_subscriber_network_is_one_client() {
        let a = ClientKey::of("2001:db8:1:2::1".parse().unwrap());
        let b = ClientKey::of("2001:db8:1:2:ffff::9".parse().unwrap());
        let c = ClientKey::of("2001:db8:1:3::1".parse().unwrap());
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(
            ClientKey::of("::ffff:10.1.2.3".parse().unwrap()),
            ClientKey::of("10.1.2.3".parse().unwrap())
        );
    }

    #[test]
    fn routes_fall_in_their_class() {
        let id = "/api/v1/submissions/5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31";
        let att = format!("{id}/attachments/{}", "ab".repeat(32));
        assert_eq!(RouteClass::of(&Method::PUT, id), RouteClass::Manifest);
        assert_eq!(RouteClass::of(&Method::GET, id), RouteClass::Status);
        assert_eq!(RouteClass::of(&Method::HEAD, &att), RouteClass::Offset);
        assert_eq!(RouteClass::of(&Method::PATCH, &att), RouteClass::Chunk);
        assert_eq!(
            RouteClass::of(&Method::GET, "/api/v1/staff/submissions"),
            RouteClass::Staff
        );
        assert_eq!(
            RouteClass::of(&Method::GET, "/api/v1/ping"),
            RouteClass::Ping
        );
        assert_eq!(RouteClass::of(&Method::GET, "/api/v2/x"), RouteClass::Api);
        assert_eq!(RouteClass::of(&Method::GET, "/new"), RouteClass::App);
    }
}
