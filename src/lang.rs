//! Bridges the UI locale (leptos_i18n) to the domain crate's language.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use gloo::storage::Storage;
use leptos::prelude::*;

use crate::i18n::{use_i18n, I18nLocaleTrait, Locale};
use eport_domain::Lang;

/// A reactive getter for the domain language of the current UI locale.
pub fn use_lang() -> impl Fn() -> Lang + Copy + 'static {
    let i18n = use_i18n();
    move || match i18n.get_locale() {
        Locale::en => Lang::En,
        _ => Lang::ZhCn,
    }
}

/// A count in words, by English's plural rule, the one rule every count in
/// the app goes through: exactly 1 takes the `…_single` string, any other
/// number (0, 2, …) the plain one. zh-CN has no plural; its two strings match.
/// `counted!(i18n, attach_pages / attach_pages_single, n)` → "1 page", "3 pages".
macro_rules! counted {
    ($i18n:expr, $many:ident / $single:ident, $n:expr $(, $k:ident = $v:expr)*) => {{
        let n = $n;
        if n == 1 {
            $crate::i18n::t_string!($i18n, $single, n = n $(, $k = $v)*).to_string()
        } else {
            $crate::i18n::t_string!($i18n, $many, n = n $(, $k = $v)*).to_string()
        }
    }};
}
pub(crate) use counted;

// Dates are formatted by hand: chrono's strftime machinery costs the wasm
// more than these few lines.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `2026年11月27日` in Chinese, `27 Nov 2026` in English.
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        Lang::En => format!(
            "{} {} {}",
            date.day(),
            MONTHS[date.month0() as usize],
            date.year()
        ),
    }
}

/// `09:05`.
pub fn format_time(at: impl Timelike) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}

/// A date and time in Asia/Shanghai as users read it.
pub fn format_date_time(at: NaiveDateTime, lang: Lang) -> String {
    format!("{} {}", format_date(at.date(), lang), format_time(at))
}

/// An RFC 3339 instant from the server, in Asia/Shanghai as users read it
/// (the text itself when it does not parse).
pub fn format_instant(at: &str, lang: Lang) -> String {
    eport_domain::calendar::parse_instant(at)
        .map(|d| {
            format_date_time(
                d.with_timezone(&eport_domain::calendar::shanghai())
                    .naive_local(),
                lang,
            )
        })
        .unwrap_or_else(|| at.to_string())
}

/// `Monday`.
pub fn weekday_en(date: NaiveDate) -> &'static str {
    WEEKDAYS[date.weekday().num_days_from_monday() as usize]
}

/// `2026-11-27` (ISO 8601), as the forms and the protocol write dates.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    eport_domain::iso::date(s)
}

/// Where the chosen language is kept: localStorage outlives the session and a
/// browser restart, and no cookie goes to the server with every request.
const LANG_KEY: &str = "eport-lang";

/// zh-CN whatever the browser's language, unless the user chose English on
/// this device (the language switch stores the choice).
#[component]
pub fn RestoreLanguage() -> impl IntoView {
    let stored = gloo::storage::LocalStorage::raw()
        .get_item(LANG_KEY)
        .ok()
        .flatten();
    let locale = match stored.as_deref() {
        Some("en") => Locale::en,
        _ => Locale::zh_CN,
    };
    let i18n = use_i18n();
    i18n.set_locale(locale);
    // leptos_i18n applies the browser's language in an effect of its own
    // after the first render; this one runs after it.
    Effect::new(move |_| i18n.set_locale(locale));
    crate::page_title::follow_heading(move || {
        leptos::prelude::untrack(|| crate::i18n::t_string!(i18n, app_title).to_string())
    });
}

/// Keeps the user's choice for the next visit.
pub fn remember(locale: Locale) {
    let _ = gloo::storage::LocalStorage::raw().set_item(LANG_KEY, locale.as_str());
}
