//! One year of holiday data as an administrator imports it: the public
//! holiday-cn JSON format (`year`, `papers`, `days[{name, date, isOffDay}]`),
//! parsed and checked before any of it is stored or served. A refusal names
//! the line at fault.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Years a file may describe: the State Council's schedules, give or take.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;
const MAX_NAME_CHARS: usize = 20;
const MAX_PAPER_CHARS: usize = 100;
const MAX_PAPERS: usize = 10;
/// A year has at most a few dozen entries; this bounds what is stored.
const MAX_DAYS: usize = 120;

/// A checked year, in the holiday-cn format (fields it does not know, such
/// as `$schema`, are dropped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearFile {
    pub year: i32,
    #[serde(default)]
    pub papers: Vec<String>,
    pub days: Vec<Day>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Day {
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[serde(with = "crate::iso::serde_date")]
    pub date: NaiveDate,
    #[serde(rename = "isOffDay")]
    pub is_off_day: bool,
}

/// Why a file was refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// 1-based line of the text.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for FileError {}

impl YearFile {
    /// Parses and checks `text`: every date in the file's year and named, no
    /// date twice, working days (调休) only on weekends.
    pub fn check(text: &str) -> Result<YearFile, FileError> {
        let file: YearFile = serde_json::from_str(text).map_err(|e| FileError {
            line: e.line().max(1),
            message: e.to_string(),
        })?;
        let top = |message: String| FileError {
            line: line_of(text, "\"year\"", 0),
            message,
        };
        if !YEARS.contains(&file.year) {
            return Err(top(format!(
                "year {} is outside {}–{}",
                file.year,
                YEARS.start(),
                YEARS.end()
            )));
        }
        if file.days.is_empty() || file.days.len() > MAX_DAYS {
            return Err(top(format!(
                "{} days listed; a year lists 1 to {MAX_DAYS}",
                file.days.len()
            )));
        }
        if file.papers.len() > MAX_PAPERS {
            return Err(top(format!("more than {MAX_PAPERS} papers")));
        }
        for (i, p) in file.papers.iter().enumerate() {
            if !plain_text(p, MAX_PAPER_CHARS) {
                return Err(FileError {
                    line: line_of(text, &json_string(p), 0),
                    message: format!(
                        "paper {} must be 1 to {MAX_PAPER_CHARS} characters of plain text",
                        i + 1
                    ),
                });
            }
        }
        let mut seen = BTreeSet::new();
        for d in &file.days {
            let literal = format!("\"{}\"", d.date.format("%Y-%m-%d"));
            let at = |message: String, nth: usize| FileError {
                line: line_of(text, &literal, nth),
                message,
            };
            if !seen.insert(d.date) {
                return Err(at(format!("{} is listed twice", d.date), 1));
            }
            if d.date.year() != file.year {
                return Err(at(format!("{} is not in {}", d.date, file.year), 0));
            }
            if !plain_text(&d.name, MAX_NAME_CHARS) {
                return Err(at(
                    format!(
                        "the name of {} must be 1 to {MAX_NAME_CHARS} characters of plain text",
                        d.date
                    ),
                    0,
                ));
            }
            let weekend = matches!(d.date.weekday(), Weekday::Sat | Weekday::Sun);
            if !d.is_off_day && !weekend {
                return Err(at(
                    format!(
                        "{} is a working day (isOffDay false) but already a weekday",
                        d.date
                    ),
                    0,
                ));
            }
        }
        Ok(file)
    }

    /// The file as stored and served: compact JSON in the same format.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a checked year serialises")
    }
}

fn plain_text(s: &str, max_chars: usize) -> bool {
    let n = s.chars().count();
    (1..=max_chars).contains(&n) && s.trim() == s && !s.chars().any(char::is_control)
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// The line of the `nth` (0-based) occurrence of `needle`, else of the first,
/// else line 1.
fn line_of(text: &str, needle: &str, nth: usize) -> usize {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .or_else(|| text.match_indices(needle).next())
        .map_or(0, |(i, _)| i);
    text[..at].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
 "$schema": "https://example.invalid/schema.json",
 "year": 2027,
 "papers": ["测试数据"],
 "days": [
  { "name": "元旦", "date": "2027-01-01", "isOffDay": true },
  { "name": "春节", "date": "2027-02-06", "isOffDay": false },
  { "name": "春节", "date": "2027-02-08", "isOffDay": true }
 ]
}"#;

    fn refused(text: &str) -> FileError {
        YearFile::check(text).expect_err("refused")
    }

    #[test]
    fn a_holiday_cn_file_is_taken_and_kept_in_its_format() {
        let y = YearFile::check(GOOD).unwrap();
        assert_eq!(y.year, 2027);
        assert_eq!(y.days.len(), 3);
        let again = YearFile::check(&y.to_json()).unwrap();
        assert_eq!(again, y);
        assert!(!y.to_json().contains("$schema"));
    }

    #[test]
    fn the_shipped_years_pass_the_check() {
        for text in [
            include_str!("../holidays/2025.json"),
            include_str!("../holidays/2026.json"),
        ] {
            YearFile::check(text).unwrap();
        }
    }

    #[test]
    fn broken_json_names_its_line() {
        let text = GOOD.replace(r#""date": "2027-02-06","#, r#""date": "2027-02-06""#);
        let e = refused(&text);
        assert_eq!(e.line, 7, "{e}");
    }

    #[test]
    fn a_date_of_another_year_names_its_line() {
        let e = refused(&GOOD.replace("2027-02-08", "2028-02-08"));
        assert_eq!(e.line, 8);
        assert!(e.message.contains("2028-02-08 is not in 2027"), "{e}");
    }

    #[test]
    fn a_date_twice_names_the_second() {
        let e = refused(&GOOD.replace("2027-02-08", "2027-01-01"));
        assert_eq!(e.line, 8);
        assert!(e.message.contains("listed twice"), "{e}");
    }

    #[test]
    fn a_working_day_must_be_a_weekend_day() {
        // 2027-01-04 is a Monday.
        let e = refused(&GOOD.replace("2027-02-06", "2027-01-04"));
        assert_eq!(e.line, 7);
        assert!(e.message.contains("already a weekday"), "{e}");
    }

    #[test]
    fn names_and_years_are_bounded() {
        assert!(refused(&GOOD.replace("\"元旦\"", "\"\""))
            .message
            .contains("name of 2027-01-01"));
        assert!(refused(&GOOD.replace("\"元旦\"", "\"a\\u0000b\""))
            .message
            .contains("plain text"));
        let far = GOOD.replace("2027", "2999");
        assert_eq!(refused(&far).line, 3);
        assert!(refused(r#"{"year": 2027, "days": []}"#)
            .message
            .contains("0 days"));
        assert!(refused(r#"{"year": 2027}"#)
            .message
            .contains("missing field `days`"));
    }
}
