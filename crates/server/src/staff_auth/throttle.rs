//! Failed staff sign-ins, counted per account and per client address: each
//! failure answers a little later than the one before. An **address** with
//! [`FAILURES_ALLOWED`] failures within [`WINDOW`] gets 429 until the oldest
//! of them has aged out. An **account** is never locked: its failures only
//! slow its answers (at most 3.2 s), and not at all for a browser holding a
//! device cookie for it (`device.rs`), so no stranger can lock a reviewer out.
//! A try is counted as a failure when it begins ([`SignInThrottle::begin`]),
//! before it may wait for a password check, so sixty parallel guesses from
//! one address get five checks, not sixty; a right password takes its count
//! back and clears the account's, and says how many failed since the last
//! success (the reviewer is shown them).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const FAILURES_ALLOWED: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Keys remembered at most; beyond it the stalest go first.
const MAX_KEYS: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Login(String),
    Address(IpAddr),
}

#[derive(Default)]
pub struct SignInThrottle {
    failures: Mutex<Failures>,
    /// Failures per account since its last successful sign-in.
    since_success: Mutex<HashMap<String, u32>>,
}

type Failures = HashMap<Key, VecDeque<Instant>>;

impl SignInThrottle {
    /// `Err(wait)` when this address has failed too often lately (the
    /// route asks [`Self::begin`], which also counts the try).
    #[cfg(test)]
    pub fn check(&self, addr: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        wait(&mut map, addr, now)
    }

    /// Begins a try: refused (`Err(wait)`) when this address has failed too
    /// often lately, else
    /// counted as a failure at once, under the same lock (parallel tries
    /// cannot all pass the check before any is counted).
    pub fn begin(&self, login: &str, addr: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        wait(&mut map, addr, now)?;
        record(&mut map, login, addr, now);
        Ok(())
    }

    /// The try that began failed: how long to hold the answer back, 0 for
    /// the first failure, then 100 ms doubling. `trusted`: the browser holds
    /// a device cookie for the account, whose failures then do not count.
    pub fn failed(&self, login: &str, addr: IpAddr, now: Instant, trusted: bool) -> Duration {
        {
            let mut since = self.since_success.lock().unwrap_or_else(|p| p.into_inner());
            if since.len() < MAX_KEYS || since.contains_key(login) {
                *since.entry(login.to_string()).or_default() += 1;
            }
        }
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let counted = keys(login, addr);
        let most = counted[usize::from(trusted)..]
            .iter()
            .filter_map(|k| map.get(k))
            .map(|q| {
                q.iter()
                    .filter(|t| now.duration_since(**t) < WINDOW)
                    .count()
            })
            .max()
            .unwrap_or(0);
        delay_for(most)
    }

    /// The try that began was not tried (the password checks were busy):
    /// its count is taken back from the login and the address.
    pub fn not_tried(&self, login: &str, addr: IpAddr) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for key in keys(login, addr) {
            if let Some(q) = map.get_mut(&key) {
                q.pop_back();
            }
        }
    }

    /// The try that began succeeded: the address's count of it is taken back
    /// and the account's count cleared. Returns how many sign-ins to the
    /// account failed since its last success.
    pub fn succeeded(&self, login: &str, addr: IpAddr) -> u32 {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&Key::Login(login.to_string()));
        if let Some(q) = map.get_mut(&Key::Address(addr)) {
            q.pop_back();
        }
        let mut since = self.since_success.lock().unwrap_or_else(|p| p.into_inner());
        since.remove(login).unwrap_or(0)
    }
}

/// How long a failed try's answer is held back when the most failures counted
/// (of the login, unless trusted, and of the address) is `most`: none for the
/// first, then 100 ms doubling, at most 3.2 s.
pub fn delay_for(most: usize) -> Duration {
    match most {
        0 | 1 => Duration::ZERO,
        n => Duration::from_millis(100 << (n - 2).min(5)),
    }
}

/// How long `addr` must wait before another try: only an address is ever
/// locked (`login` is only slowed, see [`SignInThrottle::failed`]).
fn wait(map: &mut Failures, addr: IpAddr, now: Instant) -> Result<(), Duration> {
    let mut wait = Duration::ZERO;
    if let Some(q) = map.get_mut(&Key::Address(addr)) {
        expire(q, now);
        if q.len() >= FAILURES_ALLOWED {
            let oldest = q[q.len() - FAILURES_ALLOWED];
            wait = WINDOW.saturating_sub(now - oldest);
        }
    }
    if wait.is_zero() {
        Ok(())
    } else {
        Err(wait.max(Duration::from_secs(1)))
    }
}

/// Counts a try of `login` from `addr` as a failure.
fn record(map: &mut Failures, login: &str, addr: IpAddr, now: Instant) {
    if map.len() >= MAX_KEYS {
        map.retain(|_, q| {
            expire(q, now);
            !q.is_empty()
        });
        if map.len() >= MAX_KEYS {
            let stalest = map
                .iter()
                .min_by_key(|(_, q)| q.back().copied())
                .map(|(k, _)| k.clone());
            if let Some(k) = stalest {
                map.remove(&k);
            }
        }
    }
    for key in keys(login, addr) {
        let q = map.entry(key).or_default();
        expire(q, now);
        q.push_back(now);
        // Nobody needs more than the allowed failures and a few more remembered.
        while q.len() > FAILURES_ALLOWED * 2 {
            q.pop_front();
        }
    }
}

fn keys(login: &str, addr: IpAddr) -> [Key; 2] {
    [Key::Login(login.to_string()), Key::Address(addr)]
}

fn expire(q: &mut VecDeque<Instant>, now: Instant) {
    while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
        q.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    const A: IpAddr = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn failures_grow_the_delay_then_lock_until_the_window_moves_on() {
        let t = SignInThrottle::default();
        let t0 = Instant::now();
        let delays: Vec<_> = (0..5)
            .map(|i| {
                let now = t0 + Duration::from_secs(i);
                assert!(t.begin("wang", A, now).is_ok());
                t.failed("wang", A, now, false)
            })
            .collect();
        assert_eq!(
            delays,
            [0, 100, 200, 400, 800].map(Duration::from_millis).to_vec()
        );
        let wait = t.check(A, t0 + Duration::from_secs(5)).unwrap_err();
        assert_eq!(wait, WINDOW - Duration::from_secs(5));
        // The address is locked, for every account; the account is not locked elsewhere.
        assert!(t.check(B, t0 + Duration::from_secs(5)).is_ok());
        assert!(t.begin("li", A, t0 + Duration::from_secs(5)).is_err());
        // Once the first failure is older than the window, one try is allowed again.
        assert!(t.check(A, t0 + WINDOW).is_ok());
    }

    #[test]
    fn a_right_password_clears_the_account_but_not_the_address() {
        let t = SignInThrottle::default();
        let now = Instant::now();
        for _ in 0..5 {
            t.begin("wang", A, now).unwrap();
            t.failed("wang", A, now, false);
        }
        assert_eq!(
            t.succeeded("wang", B),
            5,
            "five failed since the last success"
        );
        assert_eq!(t.succeeded("wang", B), 0);
        assert!(t.check(B, now).is_ok());
        assert!(t.check(A, now).is_err());
    }

    #[test]
    fn parallel_tries_are_counted_before_they_are_checked() {
        let t = SignInThrottle::default();
        let now = Instant::now();
        // Sixty tries begin before any answer: five pass, the rest wait.
        let passed = (0..60).filter(|_| t.begin("wang", A, now).is_ok()).count();
        assert_eq!(passed, FAILURES_ALLOWED);
        // A right password takes its own count back from the address.
        let t = SignInThrottle::default();
        t.begin("li", B, now).unwrap();
        t.succeeded("li", B);
        for _ in 0..FAILURES_ALLOWED {
            t.begin("zhao", B, now).unwrap();
        }
        assert!(t.begin("zhao", B, now).is_err());
    }

    #[test]
    fn strangers_slow_an_account_but_never_lock_it_nor_a_trusted_device() {
        let t = SignInThrottle::default();
        let now = Instant::now();
        // Ten strangers, two tries each: every address stays under its limit.
        for i in 0..10u8 {
            let stranger = IpAddr::V4(Ipv4Addr::new(10, 9, i, 1));
            for _ in 0..2 {
                t.begin("wang", stranger, now).unwrap();
                t.failed("wang", stranger, now, false);
            }
        }
        // The reviewer from her own address may try; a mistake is slowed by
        // the account's failures unless her browser holds its device cookie.
        t.begin("wang", A, now).unwrap();
        assert_eq!(t.failed("wang", A, now, false), Duration::from_millis(3200));
        t.begin("wang", A, now).unwrap();
        assert_eq!(
            t.failed("wang", A, now, true),
            Duration::from_millis(100),
            "only her address's own two"
        );
    }
}
