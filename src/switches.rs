//! Reproduction switches from the URL, so help-desk staff and tests see what
//! the user saw: `?now=2026-02-13T09:00+08:00` pins the clock and
//! `?net=offline|slow|flaky` the network. Read once per tab and kept in
//! sessionStorage, so they hold across in-app navigation and reloads.

use std::cell::OnceCell;

use chrono::{DateTime, FixedOffset};
use eport_domain::calendar::parse_instant;
use gloo::storage::{SessionStorage, Storage};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Net {
    Normal,
    /// Behave as if there were no network at all.
    Offline,
    /// Every API request waits [`SLOW_MS`] first.
    Slow,
    /// One API answer in three is lost (the request may still have arrived).
    Flaky,
}

pub const SLOW_MS: u32 = 1500;

struct Switches {
    now: Option<DateTime<FixedOffset>>,
    net: Net,
}

thread_local! {
    static SWITCHES: OnceCell<Switches> = const { OnceCell::new() };
}

/// The URL's value for `key`, remembered for this tab; else the remembered one.
fn switch(params: Option<&web_sys::UrlSearchParams>, key: &str) -> Option<String> {
    let storage_key = format!("eport-switch-{key}");
    match params.and_then(|p| p.get(key)) {
        Some(v) => {
            let _ = SessionStorage::set(&storage_key, v.clone());
            Some(v)
        }
        None => SessionStorage::get::<String>(&storage_key).ok(),
    }
}

fn read() -> Switches {
    let params = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok());
    let net = match switch(params.as_ref(), "net").as_deref() {
        Some("offline") => Net::Offline,
        Some("slow") => Net::Slow,
        Some("flaky") => Net::Flaky,
        _ => Net::Normal,
    };
    Switches {
        now: switch(params.as_ref(), "now").and_then(|v| parse_instant(&v)),
        net,
    }
}

fn with<T>(f: impl FnOnce(&Switches) -> T) -> T {
    SWITCHES.with(|s| f(s.get_or_init(read)))
}

pub fn pinned_now() -> Option<DateTime<FixedOffset>> {
    with(|s| s.now)
}

pub fn net() -> Net {
    with(|s| s.net)
}
