//! "Now" for everything the app shows, pinnable with `?now=2026-02-13T09:00+08:00`
//! so help-desk staff and tests see the same dates as the user.

use chrono::{DateTime, FixedOffset, TimeZone};
use eport_domain::calendar::shanghai;

/// The current instant in Asia/Shanghai (or the pinned one).
pub fn now() -> DateTime<FixedOffset> {
    crate::switches::pinned_now().unwrap_or_else(|| {
        let ms = js_sys::Date::now() as i64;
        shanghai()
            .timestamp_millis_opt(ms)
            .single()
            .expect("valid timestamp")
    })
}
