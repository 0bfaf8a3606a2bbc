//! "Now" for everything the app shows, pinnable with `?now=2026-02-13T09:00+08:00`
//! so help-desk staff and tests see the same dates as the user.

use chrono::{DateTime, FixedOffset, TimeZone};
use eport_domain::calendar::{parse_instant, shanghai};

fn pinned() -> Option<DateTime<FixedOffset>> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    parse_instant(&params.get("now")?)
}

/// The current instant in Asia/Shanghai (or the pinned one).
pub fn now() -> DateTime<FixedOffset> {
    pinned().unwrap_or_else(|| {
        let ms = js_sys::Date::now() as i64;
        shanghai()
            .timestamp_millis_opt(ms)
            .single()
            .expect("valid timestamp")
    })
}
