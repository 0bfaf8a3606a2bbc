//! Failed staff sign-ins, counted per account and per client address: each
//! failure answers a little later than the one before, and after
//! [`FAILURES_ALLOWED`] within [`WINDOW`] further tries get 429 until the
//! oldest of them has aged out. A right password clears the account's count.

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
    failures: Mutex<HashMap<Key, VecDeque<Instant>>>,
}

impl SignInThrottle {
    /// `Err(wait)` when this login or address has failed too often lately.
    pub fn check(&self, login: &str, addr: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut wait = Duration::ZERO;
        for key in keys(login, addr) {
            if let Some(q) = map.get_mut(&key) {
                expire(q, now);
                if q.len() >= FAILURES_ALLOWED {
                    let oldest = q[q.len() - FAILURES_ALLOWED];
                    wait = wait.max(WINDOW.saturating_sub(now - oldest));
                }
            }
        }
        if wait.is_zero() {
            Ok(())
        } else {
            Err(wait.max(Duration::from_secs(1)))
        }
    }

    /// Records a failure; returns how long to hold the answer back: 0 for the
    /// first, then 100 ms doubling.
    pub fn failed(&self, login: &str, addr: IpAddr, now: Instant) -> Duration {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
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
        let mut most = 0;
        for key in keys(login, addr) {
            let q = map.entry(key).or_default();
            expire(q, now);
            q.push_back(now);
            // Nobody needs more than the allowed failures and a few more remembered.
            while q.len() > FAILURES_ALLOWED * 2 {
                q.pop_front();
            }
            most = most.max(q.len());
        }
        match most {
            0 | 1 => Duration::ZERO,
            n => Duration::from_millis(100 << (n - 2).min(5)),
        }
    }

    pub fn succeeded(&self, login: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&Key::Login(login.to_string()));
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
                assert!(t.check("wang", A, now).is_ok());
                t.failed("wang", A, now)
            })
            .collect();
        assert_eq!(
            delays,
            [0, 100, 200, 400, 800].map(Duration::from_millis).to_vec()
        );
        let wait = t.check("wang", A, t0 + Duration::from_secs(5)).unwrap_err();
        assert_eq!(wait, WINDOW - Duration::from_secs(5));
        // The account is locked from another address too, and the address for another account.
        assert!(t.check("wang", B, t0 + Duration::from_secs(5)).is_err());
        assert!(t.check("li", A, t0 + Duration::from_secs(5)).is_err());
        assert!(t.check("li", B, t0 + Duration::from_secs(5)).is_ok());
        // Once the first failure is older than the window, one try is allowed again.
        assert!(t.check("wang", B, t0 + WINDOW).is_ok());
    }

    #[test]
    fn a_right_password_clears_the_account_but_not_the_address() {
        let t = SignInThrottle::default();
        let now = Instant::now();
        for _ in 0..5 {
            t.failed("wang", A, now);
        }
        t.succeeded("wang");
        assert!(t.check("wang", B, now).is_ok());
        assert!(t.check("wang", A, now).is_err());
    }
}
