//! Business days of the service hall and its opening hours, in Asia/Shanghai.
//!
//! A business day is Monday–Friday, minus statutory holidays, plus the weekend
//! days declared working days (调休). Holiday data comes from one JSON file per
//! year; a year without a file falls back to Monday–Friday and says so.

use std::collections::BTreeMap;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Weekday,
};
use serde::{Deserialize, Serialize};

pub use crate::calendar_file::YearFile;

/// Asia/Shanghai has had no daylight saving since 1991: a fixed +08:00 is exact.
pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

const BUILTIN_YEARS: &[&str] = &[
    include_str!("../holidays/2025.json"),
    include_str!("../holidays/2026.json"),
];

#[derive(Debug, Clone, Default)]
struct YearData {
    /// date → holiday name, for days off that would otherwise be working days.
    off: BTreeMap<NaiveDate, String>,
    /// Weekend days declared working days → the holiday they make up for.
    work: BTreeMap<NaiveDate, String>,
    papers: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    years: BTreeMap<i32, YearData>,
}

/// A date computed from the calendar, with a flag when a year it crossed had no data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    #[serde(with = "crate::iso::serde_date")]
    pub date: NaiveDate,
    /// True when some year in the computation had no holiday file: the result
    /// ignores holidays for that year and the UI must say so.
    pub ignores_holidays: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallStatus {
    pub open_now: bool,
    /// When open: the end of the current session. When closed: the next opening.
    pub next_change: NaiveDateTime,
    /// The holiday that closes the hall today, if any.
    pub holiday: Option<String>,
    pub ignores_holidays: bool,
}

/// Hall sessions: 08:30–12:00 and 13:30–17:00.
pub const SESSIONS: [((u32, u32), (u32, u32)); 2] = [((8, 30), (12, 0)), ((13, 30), (17, 0))];

/// The hall's sessions as people read them, `sep` between them.
pub fn hall_hours(sep: &str) -> String {
    SESSIONS
        .iter()
        .map(|((a, b), (c, d))| format!("{a:02}:{b:02}–{c:02}:{d:02}"))
        .collect::<Vec<_>>()
        .join(sep)
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

impl Calendar {
    /// The calendar with every year file shipped in the crate.
    pub fn builtin() -> Calendar {
        Calendar::from_year_files(BUILTIN_YEARS).expect("shipped holiday files parse")
    }

    /// Builds a calendar from year files in the common holiday JSON format.
    pub fn from_year_files(files: &[&str]) -> Result<Calendar, serde_json::Error> {
        let mut c = Calendar::default();
        for f in files {
            c.set_year(serde_json::from_str(f)?);
        }
        Ok(c)
    }

    /// Adds a year, or replaces the one the calendar had (an imported year
    /// over the shipped one).
    pub fn set_year(&mut self, file: YearFile) {
        let mut data = YearData {
            papers: file.papers,
            ..Default::default()
        };
        for d in file.days {
            if d.is_off_day {
                data.off.insert(d.date, d.name);
            } else {
                data.work.insert(d.date, d.name);
            }
        }
        self.years.insert(file.year, data);
    }

    /// A year as the calendar holds it, in the holiday-cn format, by date.
    pub fn year_file(&self, year: i32) -> Option<YearFile> {
        let y = self.years.get(&year)?;
        let day = |(date, name): (&NaiveDate, &String), is_off_day| crate::calendar_file::Day {
            name: name.clone(),
            date: *date,
            is_off_day,
        };
        let mut days: Vec<_> = y.off.iter().map(|d| day(d, true)).collect();
        days.extend(y.work.iter().map(|d| day(d, false)));
        days.sort_by_key(|d| d.date);
        Some(YearFile {
            year,
            papers: y.papers.clone(),
            days,
        })
    }

    pub fn has_year(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    /// The official notice(s) a year's data comes from.
    pub fn papers(&self, year: i32) -> &[String] {
        self.years
            .get(&year)
            .map(|y| y.papers.as_slice())
            .unwrap_or(&[])
    }

    /// The statutory holiday on `date`, if the hall is closed for one.
    pub fn holiday(&self, date: NaiveDate) -> Option<&str> {
        self.years
            .get(&date.year())?
            .off
            .get(&date)
            .map(String::as_str)
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        match self.years.get(&date.year()) {
            Some(y) if y.work.contains_key(&date) => true,
            Some(y) if y.off.contains_key(&date) => false,
            _ => !weekend,
        }
    }

    /// The date `n` business days strictly after `from` (`n == 0` gives `from`).
    pub fn add_business_days(&self, from: NaiveDate, n: u32) -> Estimate {
        let mut date = from;
        let mut left = n;
        let mut ignores = false;
        while left > 0 {
            date += Duration::days(1);
            ignores |= !self.has_year(date.year());
            if self.is_business_day(date) {
                left -= 1;
            }
        }
        Estimate {
            date,
            ignores_holidays: ignores,
        }
    }

    /// The first business day on or after `date`.
    pub fn next_business_day_from(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        while !self.is_business_day(d) {
            d += Duration::days(1);
        }
        d
    }

    /// Whether the hall is open at `at`, and when that changes.
    pub fn hall_status(&self, at: DateTime<FixedOffset>) -> HallStatus {
        let local = at.with_timezone(&shanghai()).naive_local();
        let today = local.date();
        let holiday = self.holiday(today).map(str::to_string);
        let ignores_holidays = !self.has_year(today.year());
        if self.is_business_day(today) {
            for (open, close) in SESSIONS {
                let (o, c) = (
                    today.and_time(hm(open.0, open.1)),
                    today.and_time(hm(close.0, close.1)),
                );
                // Before this session's close: open from its opening, else it opens next.
                if local < c {
                    let open_now = local >= o;
                    return HallStatus {
                        open_now,
                        next_change: if open_now { c } else { o },
                        holiday,
                        ignores_holidays,
                    };
                }
            }
        }
        let next_day = self.next_business_day_from(today + Duration::days(1));
        let (h, m) = SESSIONS[0].0;
        HallStatus {
            open_now: false,
            next_change: next_day.and_time(hm(h, m)),
            holiday,
            ignores_holidays: ignores_holidays || !self.has_year(next_day.year()),
        }
    }
}

/// Parses the `?now=` pin: RFC 3339 with or without seconds (`2026-02-13T09:00+08:00`).
pub fn parse_instant(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim().replace(' ', "+");
    let in_shanghai = |n: NaiveDateTime| n.and_local_timezone(shanghai()).single();
    crate::iso::typed_instant(&s)
        .or_else(|| crate::iso::local(&s).and_then(in_shanghai))
        .or_else(|| crate::iso::date(&s).and_then(|d| in_shanghai(d.and_time(hm(9, 0)))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_year_is_given_back_as_its_file_was() {
        let shipped = YearFile::check(include_str!("../holidays/2026.json")).unwrap();
        let mut again = Calendar::builtin().year_file(2026).unwrap();
        let mut days = shipped.days.clone();
        days.sort_by_key(|d| d.date);
        again.days.sort_by_key(|d| d.date);
        assert_eq!(
            (again.year, &again.papers, &again.days),
            (2026, &shipped.papers, &days)
        );
        assert_eq!(Calendar::builtin().year_file(2031), None);
    }

    #[test]
    fn an_imported_year_replaces_the_shipped_one() {
        let mut c = Calendar::builtin();
        let mut y = c.year_file(2026).unwrap();
        y.days.retain(|d| d.name != "春节");
        c.set_year(y);
        assert!(c.is_business_day(d("2026-02-17")), "no 春节 in the import");
        assert!(!c.is_business_day(d("2026-10-01")), "国庆节 still there");
    }

    #[test]
    fn spring_festival_2026() {
        let c = Calendar::builtin();
        assert!(
            c.is_business_day(d("2026-02-13")),
            "Friday before the holiday"
        );
        assert!(c.is_business_day(d("2026-02-14")), "working Saturday");
        assert!(!c.is_business_day(d("2026-02-15")));
        assert!(!c.is_business_day(d("2026-02-23")));
        assert!(c.is_business_day(d("2026-02-24")));
        assert!(
            c.is_business_day(d("2026-02-28")),
            "working Saturday after the holiday"
        );
        assert_eq!(c.holiday(d("2026-02-17")), Some("春节"));
        // Accepted on Friday 13th: 1st business day is Saturday 14th, 2nd is Tuesday 24th.
        assert_eq!(
            c.add_business_days(d("2026-02-13"), 1).date,
            d("2026-02-14")
        );
        assert_eq!(
            c.add_business_days(d("2026-02-13"), 2).date,
            d("2026-02-24")
        );
        assert_eq!(
            c.add_business_days(d("2026-02-13"), 3).date,
            d("2026-02-25")
        );
        // Accepted on the working Saturday: it is counted as the acceptance day itself.
        assert_eq!(
            c.add_business_days(d("2026-02-14"), 2).date,
            d("2026-02-25")
        );
        assert!(!c.add_business_days(d("2026-02-13"), 3).ignores_holidays);
    }

    #[test]
    fn national_day_2025() {
        let c = Calendar::builtin();
        assert!(c.is_business_day(d("2025-09-28")), "working Sunday");
        for day in 1..=8 {
            assert!(!c.is_business_day(d(&format!("2025-10-0{day}"))));
        }
        assert!(c.is_business_day(d("2025-10-09")));
        assert!(c.is_business_day(d("2025-10-11")), "working Saturday");
        assert!(!c.is_business_day(d("2025-10-12")));
        assert_eq!(
            c.add_business_days(d("2025-09-30"), 1).date,
            d("2025-10-09")
        );
        assert_eq!(
            c.add_business_days(d("2025-09-30"), 3).date,
            d("2025-10-11")
        );
        assert_eq!(
            c.add_business_days(d("2025-09-30"), 4).date,
            d("2025-10-13")
        );
    }

    #[test]
    fn years_without_data_fall_back_and_say_so() {
        let c = Calendar::builtin();
        assert!(!c.has_year(2027));
        let e = c.add_business_days(d("2026-12-30"), 3);
        assert_eq!(e.date, d("2027-01-04"));
        assert!(e.ignores_holidays);
        assert!(
            c.is_business_day(d("2027-01-01")),
            "no data: a Friday counts"
        );
    }

    #[test]
    fn hall_hours() {
        let c = Calendar::builtin();
        let at = |s: &str| parse_instant(s).unwrap();
        let s = c.hall_status(at("2026-10-03T10:00+08:00"));
        assert!(!s.open_now);
        assert_eq!(s.holiday.as_deref(), Some("国庆节"));
        assert_eq!(s.next_change, d("2026-10-08").and_time(hm(8, 30)));
        let s = c.hall_status(at("2026-11-24T09:00+08:00"));
        assert!(s.open_now);
        assert_eq!(s.next_change, d("2026-11-24").and_time(hm(12, 0)));
        assert!(
            c.hall_status(at("2026-11-24T08:30+08:00")).open_now,
            "opens at 8:30 sharp"
        );
        let s = c.hall_status(at("2026-11-24T08:29+08:00"));
        assert!(!s.open_now);
        assert_eq!(s.next_change, d("2026-11-24").and_time(hm(8, 30)));
        let s = c.hall_status(at("2026-11-24T12:30+08:00"));
        assert!(!s.open_now);
        assert_eq!(s.next_change, d("2026-11-24").and_time(hm(13, 30)));
        let s = c.hall_status(at("2026-11-27T17:00+08:00"));
        assert!(!s.open_now, "closes at 17:00 sharp");
        assert_eq!(s.next_change, d("2026-11-30").and_time(hm(8, 30)));
        // An instant given in UTC is read in Shanghai time: 01:00Z is 09:00 there.
        assert!(c.hall_status(at("2026-11-24T01:00:00Z")).open_now);
        let s = c.hall_status(at("2026-02-13T18:00+08:00"));
        assert_eq!(
            s.next_change,
            d("2026-02-14").and_time(hm(8, 30)),
            "working Saturday opens"
        );
    }

    #[test]
    fn hall_hours_say_when_they_rest_on_no_holiday_data() {
        let c = Calendar::builtin();
        let at = |s: &str| parse_instant(s).unwrap();
        assert!(!c.hall_status(at("2026-11-24T09:00+08:00")).ignores_holidays);
        // 2027 has no holiday file: today there…
        assert!(c.hall_status(at("2027-03-02T09:00+08:00")).ignores_holidays);
        // …or the next opening there.
        let s = c.hall_status(at("2026-12-31T18:00+08:00"));
        assert_eq!(s.next_change, d("2027-01-01").and_time(hm(8, 30)));
        assert!(s.ignores_holidays);
    }

    #[test]
    fn shipped_files_match_the_spec_counts() {
        let c = Calendar::builtin();
        assert_eq!(c.years(), vec![2025, 2026]);
        assert_eq!(c.papers(2026), ["国办发明电〔2025〕7号"]);
        let off_2026: Vec<_> = c.years[&2026].off.keys().collect();
        assert_eq!(off_2026.len(), 3 + 9 + 3 + 5 + 3 + 3 + 7);
        assert_eq!(c.years[&2025].work.len(), 5);
        assert_eq!(c.years[&2026].work.len(), 6);
    }

    #[test]
    fn parses_pinned_instants() {
        assert!(parse_instant("2026-02-13T09:00+08:00").is_some());
        assert!(parse_instant("2026-02-13T09:00:00+08:00").is_some());
        assert!(
            parse_instant("2026-02-13T09:00 08:00").is_some(),
            "a + decoded as space in a URL"
        );
        assert!(parse_instant("2026-02-13T09:00").is_some());
        assert!(parse_instant("not a date").is_none());
    }
}
