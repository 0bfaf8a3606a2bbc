//! 批量寄出: the courier's manifest, "reference, EMS number" a line, read and
//! checked line by line. What a line alone can say is checked here (both
//! parts well formed, no number or reference twice); the server adds what
//! the store knows (the case exists, is approved, goes by mail, the number
//! is unused), previews every problem, then applies the good lines at once.

use serde::{Deserialize, Serialize};

use crate::ids::Reference;
use crate::protocol::SubmissionState;
use crate::review::{parse_tracking_number, TrackingError};
use crate::Lang;

/// Lines one batch may hold (a courier's day is a few hundred envelopes).
pub const MAX_LINES: usize = 1000;

/// Why a line cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LineProblem {
    /// Not two parts (a reference and a number).
    Malformed,
    /// The first part is not a reference number (XM20261201-000001).
    BadReference,
    /// The EMS number is not one.
    BadTracking { error: TrackingProblem },
    /// This reference is on an earlier line too.
    RepeatedReference { line: usize },
    /// This EMS number is on an earlier line too.
    RepeatedNumber { line: usize },
    /// No submission has this reference.
    NotFound,
    /// The submission is not approved (its state now).
    NotApproved { state: SubmissionState },
    /// The card is collected at the window, not mailed.
    WindowPickup,
    /// Another submission was posted with this number (its reference).
    NumberUsed { reference: String },
    /// A problem this version does not know (a newer server).
    #[serde(other)]
    Unknown,
}

/// [`TrackingError`] on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrackingProblem {
    Format,
    CheckDigit,
}

impl LineProblem {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LineProblem::Malformed => lang
                .pick(
                    "每行应为“受理编号, EMS 邮件号”",
                    "Each line should be \"reference, EMS number\"",
                )
                .into(),
            LineProblem::BadReference => lang
                .pick(
                    "受理编号格式不对（如 XM20261201-000001）",
                    "Not a reference number (e.g. XM20261201-000001)",
                )
                .into(),
            LineProblem::BadTracking { error } => match error {
                TrackingProblem::Format => TrackingError::Format.message(lang).into(),
                TrackingProblem::CheckDigit => TrackingError::CheckDigit.message(lang).into(),
            },
            LineProblem::RepeatedReference { line } => match lang {
                Lang::ZhCn => format!("该受理编号已在第 {line} 行"),
                Lang::En => format!("This reference is on line {line} already"),
            },
            LineProblem::RepeatedNumber { line } => match lang {
                Lang::ZhCn => format!("该邮件号已在第 {line} 行"),
                Lang::En => format!("This EMS number is on line {line} already"),
            },
            LineProblem::NotFound => lang
                .pick("没有这个受理编号的申报", "No submission has this reference")
                .into(),
            LineProblem::NotApproved { state } => match lang {
                Lang::ZhCn => format!("该申报{}，不是“审核通过”，不能寄出", state.label(lang)),
                Lang::En => format!(
                    "This submission is {}, not approved: it cannot be posted",
                    state.label(lang).to_lowercase()
                ),
            },
            LineProblem::WindowPickup => lang
                .pick(
                    "该申报为窗口领卡，不邮寄",
                    "This card is collected at the hall, not posted",
                )
                .into(),
            LineProblem::NumberUsed { reference } => match lang {
                Lang::ZhCn => format!("该邮件号已用于 {reference}"),
                Lang::En => format!("This EMS number was used for {reference}"),
            },
            LineProblem::Unknown => lang
                .pick("此行不能寄出", "This line cannot be posted")
                .into(),
        }
    }
}

/// One line of the manifest as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchLine {
    /// 1-based, as an editor numbers the pasted text.
    pub line: usize,
    /// The reference, normalised when it parses, else as written.
    pub reference: String,
    /// The EMS number, normalised when it parses, else as written.
    pub tracking_number: String,
    #[serde(default)]
    pub problem: Option<LineProblem>,
}

/// `POST /staff/dispatch-batch`: the pasted manifest; `apply` posts the good lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchRequest {
    /// "reference, EMS number" a line, at most 1,000 lines.
    #[cfg_attr(feature = "openapi", schema(max_length = 100000))]
    pub lines: String,
    /// false: only check (the preview); true: post every line without a problem, at once.
    #[serde(default)]
    pub apply: bool,
}

/// Every line with its problem, if any, and how many were posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchAnswer {
    pub lines: Vec<BatchLine>,
    /// Lines posted by this request (0 for a preview).
    pub applied: u32,
}

impl BatchAnswer {
    /// Lines without a problem: what applying would post.
    pub fn ready(&self) -> usize {
        self.lines.iter().filter(|l| l.problem.is_none()).count()
    }
}

/// Too many lines for one batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyLines;

/// Splits a line on a comma (also full-width), a tab, a semicolon or spaces.
fn parts(line: &str) -> Vec<&str> {
    line.split(|c: char| matches!(c, ',' | '，' | '\t' | ';' | '；') || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Reads the pasted manifest: blank lines and a first line with no digit (a
/// header such as "受理编号,邮件号") are skipped.
pub fn read(text: &str) -> Result<Vec<BatchLine>, TooManyLines> {
    let mut out: Vec<BatchLine> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() || (out.is_empty() && !raw.chars().any(|c| c.is_ascii_digit())) {
            continue;
        }
        if out.len() == MAX_LINES {
            return Err(TooManyLines);
        }
        let p = parts(raw);
        let (reference, tracking_number, mut problem) = match p.as_slice() {
            [r, t] => (r.to_string(), t.to_string(), None),
            _ => (
                raw.trim().to_string(),
                String::new(),
                Some(LineProblem::Malformed),
            ),
        };
        let reference = match Reference::parse_typed(&reference) {
            Ok(r) => r.as_str().to_string(),
            Err(_) => {
                problem = problem.or(Some(LineProblem::BadReference));
                reference
            }
        };
        let tracking_number = match parse_tracking_number(&tracking_number) {
            Ok(t) => t,
            Err(e) => {
                let error = match e {
                    TrackingError::Format => TrackingProblem::Format,
                    TrackingError::CheckDigit => TrackingProblem::CheckDigit,
                };
                problem = problem.or(Some(LineProblem::BadTracking { error }));
                tracking_number
            }
        };
        if problem.is_none() {
            let earlier = |f: &dyn Fn(&BatchLine) -> bool| {
                out.iter()
                    .find(|b| b.problem.is_none() && f(b))
                    .map(|b| b.line)
            };
            problem = earlier(&|b| b.reference == reference)
                .map(|line| LineProblem::RepeatedReference { line })
                .or_else(|| {
                    earlier(&|b| b.tracking_number == tracking_number)
                        .map(|line| LineProblem::RepeatedNumber { line })
                });
        }
        out.push(BatchLine {
            line,
            reference,
            tracking_number,
            problem,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_with_any_separator_and_checked_alone() {
        let text = "受理编号,EMS 邮件号\n\
                    XM20261201-000001, EA123456785CN\n\
                    \n\
                    xm20261201-000002\tea123456785cn\n\
                    XM20261201-000003，EA123456784CN\n\
                    XM20261201-000001 1234567890123\n\
                    not a line\n\
                    XM20261201-000004 1234567890123";
        let lines = read(text).unwrap();
        let got: Vec<(usize, Option<LineProblem>)> =
            lines.iter().map(|l| (l.line, l.problem.clone())).collect();
        assert_eq!(
            got,
            vec![
                (2, None),
                (4, Some(LineProblem::RepeatedNumber { line: 2 })),
                (
                    5,
                    Some(LineProblem::BadTracking {
                        error: TrackingProblem::CheckDigit
                    })
                ),
                (6, Some(LineProblem::RepeatedReference { line: 2 })),
                (7, Some(LineProblem::Malformed)),
                (8, None),
            ]
        );
        assert_eq!(lines[1].reference, "XM20261201-000002", "normalised");
        assert_eq!(lines[1].tracking_number, "EA123456785CN");
    }

    #[test]
    fn a_batch_has_a_bound_and_problems_read_in_both_languages() {
        let many = "XM20261201-000001 EA123456785CN\n".repeat(MAX_LINES + 1);
        assert_eq!(read(&many), Err(TooManyLines));
        let p = LineProblem::NotApproved {
            state: SubmissionState::Received,
        };
        assert!(p.message(Lang::ZhCn).contains("已提交"));
        assert!(p.message(Lang::En).contains("submitted"));
        let json = serde_json::to_string(&LineProblem::RepeatedNumber { line: 3 }).unwrap();
        assert_eq!(json, r#"{"kind":"repeated_number","line":3}"#);
    }
}
