//! ISO 8601 dates (`2026-12-06`) and RFC 3339 instants
//! (`2026-12-06T09:30:00.123+08:00`), read by hand.
//!
//! Why not chrono's parsers: its format-string machinery cost the browser app
//! about 25 KB of wasm before compression, for the two shapes this product
//! ever reads. These accept exactly those shapes; everything else is `None`.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

/// Reads `N` ASCII digits at the start of `s`.
fn digits(s: &[u8], n: usize) -> Option<u32> {
    let part = s.get(..n)?;
    part.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

fn date_bytes(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(b, 4)?;
    NaiveDate::from_ymd_opt(year as i32, digits(&b[5..], 2)?, digits(&b[8..], 2)?)
}

/// `YYYY-MM-DD`, surrounding blanks ignored; a day that does not exist is `None`.
pub fn date(s: &str) -> Option<NaiveDate> {
    date_bytes(s.trim().as_bytes())
}

/// Whether `HH:MM` without seconds is accepted: RFC 3339 wants them; the
/// `?now=` pin and the server's clock option are typed by people.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seconds {
    Required,
    Optional,
}

/// `HH:MM:SS` (or `HH:MM`) with an optional fraction; returns the time and what follows.
fn time_bytes(b: &[u8], seconds: Seconds) -> Option<(NaiveTime, &[u8])> {
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let (h, m) = (digits(b, 2)?, digits(&b[3..], 2)?);
    let (s, mut rest) = match b.get(5) {
        Some(b':') => (digits(&b[6..], 2)?, &b[8..]),
        _ if seconds == Seconds::Optional => (0, &b[5..]),
        _ => return None,
    };
    let mut nano = 0u32;
    if let [b'.', tail @ ..] = rest {
        let n = tail.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        // Nanoseconds: the first nine digits count, the rest are dropped.
        for i in 0..9 {
            nano = nano * 10
                + tail
                    .get(i)
                    .filter(|_| i < n)
                    .map_or(0, |d| u32::from(d - b'0'));
        }
        rest = &tail[n..];
    }
    Some((NaiveTime::from_hms_nano_opt(h, m, s, nano)?, rest))
}

/// `Z` or `±HH:MM`.
fn offset_bytes(b: &[u8]) -> Option<FixedOffset> {
    match b {
        [b'Z' | b'z'] => FixedOffset::east_opt(0),
        [sign @ (b'+' | b'-'), ..] if b.len() == 6 && b[3] == b':' => {
            let secs = (digits(&b[1..], 2)? * 3600 + digits(&b[4..], 2)? * 60) as i32;
            FixedOffset::east_opt(if *sign == b'-' { -secs } else { secs })
        }
        _ => None,
    }
}

/// The date and the time of day of `YYYY-MM-DDTHH:MM[:SS[.fff]]…`, and what follows.
fn local_bytes(b: &[u8], seconds: Seconds) -> Option<(NaiveDateTime, &[u8])> {
    let date = date_bytes(b.get(..10)?)?;
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (time, rest) = time_bytes(&b[11..], seconds)?;
    Some((date.and_time(time), rest))
}

fn instant_with(s: &str, seconds: Seconds) -> Option<DateTime<FixedOffset>> {
    let (local, rest) = local_bytes(s.trim().as_bytes(), seconds)?;
    local.and_local_timezone(offset_bytes(rest)?).single()
}

/// An RFC 3339 instant (`2026-02-13T09:00:00+08:00`).
pub fn instant(s: &str) -> Option<DateTime<FixedOffset>> {
    instant_with(s, Seconds::Required)
}

/// As [`instant`], but the seconds may be left out (`2026-02-13T09:00+08:00`).
pub fn typed_instant(s: &str) -> Option<DateTime<FixedOffset>> {
    instant_with(s, Seconds::Optional)
}

/// A date and time of day without an offset (`2026-02-13T09:00`).
pub fn local(s: &str) -> Option<NaiveDateTime> {
    match local_bytes(s.trim().as_bytes(), Seconds::Optional)? {
        (at, []) => Some(at),
        _ => None,
    }
}

/// `YYYY-MM-DD` for a serde field, written and read by the functions above.
pub mod serde_date {
    use chrono::{Datelike, NaiveDate};
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!(
            "{:04}-{:02}-{:02}",
            d.year(),
            d.month(),
            d.day()
        ))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::date(&s).ok_or_else(|| D::Error::custom("expected a date as YYYY-MM-DD"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Timelike};

    #[test]
    fn dates_are_strict_and_real() {
        assert_eq!(date(" 2026-12-06 "), NaiveDate::from_ymd_opt(2026, 12, 6));
        assert_eq!(date("2028-02-29"), NaiveDate::from_ymd_opt(2028, 2, 29));
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-05",
            "2026/01/05",
            "20261205",
            "",
            "2026-12-06x",
            "２０２６-12-06",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }

    #[test]
    fn instants_take_the_forms_rfc3339_allows() {
        let a = instant("2026-12-06T09:30:15.123456789123+08:00").unwrap();
        assert_eq!((a.hour(), a.minute(), a.second()), (9, 30, 15));
        assert_eq!(a.nanosecond(), 123_456_789);
        assert_eq!(a.offset().local_minus_utc(), 8 * 3600);
        let z = instant("2026-12-06t01:30:15z").unwrap();
        assert_eq!(z, a.with_nanosecond(0).unwrap());
        assert_eq!(
            instant("2026-12-06T09:30:00-05:30")
                .unwrap()
                .offset()
                .local_minus_utc(),
            -(5 * 3600 + 1800)
        );
        assert_eq!(instant("2026-12-06 09:30:00Z").unwrap().day(), 6);
        for bad in [
            "2026-12-06",
            "2026-12-06T09:30",
            "2026-12-06T09:30+08:00",
            "2026-12-06T25:00:00Z",
            "2026-12-06T09:30:00.Z",
            "2026-12-06T09:30:00+0800",
            "2026-12-06T09:30:00+24:00",
            "x",
        ] {
            assert_eq!(instant(bad), None, "{bad}");
        }
        assert!(typed_instant("2026-12-06T09:30+08:00").is_some());
    }

    #[test]
    fn agrees_with_chrono_on_what_both_read() {
        for s in [
            "2026-12-06T09:30:00Z",
            "1999-01-01T00:00:00.5-01:00",
            "2026-02-28T23:59:59.000001+08:00",
        ] {
            assert_eq!(instant(s), DateTime::parse_from_rfc3339(s).ok(), "{s}");
        }
        assert_eq!(
            local("2026-12-06T09:30"),
            NaiveDate::from_ymd_opt(2026, 12, 6)
                .unwrap()
                .and_hms_opt(9, 30, 0)
        );
        assert_eq!(local("2026-12-06T09:30+08:00"), None);
    }

    #[test]
    fn serde_date_round_trips() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct W(#[serde(with = "serde_date")] NaiveDate);
        let w = W(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap());
        let json = serde_json::to_string(&w).unwrap();
        assert_eq!(json, "\"2026-01-05\"");
        assert_eq!(serde_json::from_str::<W>(&json).unwrap(), w);
        assert!(serde_json::from_str::<W>("\"2026-1-5\"").is_err());
    }
}
