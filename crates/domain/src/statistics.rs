//! 统计: the card centre's figures for a period, from what the register
//! keeps of each submission: per day what arrived, was decided and left the
//! centre; how many business days arrival took to a decision and to the
//! card leaving (median and 90th percentile); what is overdue now; returns
//! by reason; each reviewer's decisions. One computation serves the console
//! and the export, so both say the same.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::field::FieldPath;
use crate::queue::waiting;
use crate::review::RejectReason;
use crate::staff_session::StaffActor;

/// The longest period one view covers.
pub const MAX_DAYS: i64 = 366;

/// What the figures need of one submission (days in Asia/Shanghai).
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub arrived: NaiveDate,
    /// Approved or returned (退单); `None` while undecided or withdrawn.
    pub verdict: Option<Verdict>,
    /// The card went by EMS.
    pub dispatched: Option<NaiveDate>,
    /// The card was collected at the hall.
    pub collected: Option<NaiveDate>,
    /// Waiting for a verdict now (received or in review).
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub on: NaiveDate,
    pub approved: bool,
    pub reviewer: StaffActor,
    pub reasons: Vec<RejectReason>,
}

/// From one day to another, both included: at most [`MAX_DAYS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodError {
    /// The last day comes before the first.
    Reversed,
    /// Longer than [`MAX_DAYS`].
    TooLong,
}

impl std::fmt::Display for PeriodError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PeriodError::Reversed => write!(f, "`to` is before `from`"),
            PeriodError::TooLong => write!(f, "a period covers at most {MAX_DAYS} days"),
        }
    }
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if to < from {
            return Err(PeriodError::Reversed);
        }
        if (to - from).num_days() + 1 > MAX_DAYS {
            return Err(PeriodError::TooLong);
        }
        Ok(Period { from, to })
    }

    /// The period a query asks for: a missing end from the other, 30 days
    /// apart, or from today.
    pub fn asked(
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Period, PeriodError> {
        match (from, to) {
            (None, None) => Ok(Period::last_30_days(today)),
            (Some(from), None) => Period::new(from, today.max(from)),
            (None, Some(to)) => Ok(Period::last_30_days(to)),
            (Some(from), Some(to)) => Period::new(from, to),
        }
    }

    /// The 30 days ending `today`.
    pub fn last_30_days(today: NaiveDate) -> Period {
        Period {
            from: today - chrono::Days::new(29),
            to: today,
        }
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn holds(&self, day: NaiveDate) -> bool {
        (self.from..=self.to).contains(&day)
    }

    fn days(self) -> impl Iterator<Item = NaiveDate> {
        let to = self.to;
        self.from.iter_days().take_while(move |d| *d <= to)
    }
}

/// One day's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayFigures {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub arrivals: u32,
    pub approved: u32,
    pub returned: u32,
    /// Cards sent by EMS.
    pub dispatched: u32,
    /// Cards collected at the hall.
    pub collected: u32,
}

impl DayFigures {
    pub fn decisions(&self) -> u32 {
        self.approved + self.returned
    }

    /// Cards that left the centre, by post or by hand.
    pub fn handed_out(&self) -> u32 {
        self.dispatched + self.collected
    }
}

/// Business days taken, over the cases counted: the median and the 90th
/// percentile by nearest rank, so each is a wait some case really had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Spread {
    pub cases: u32,
    pub median: Option<u32>,
    pub p90: Option<u32>,
}

impl Spread {
    fn of(mut days: Vec<u32>) -> Spread {
        days.sort_unstable();
        Spread {
            cases: days.len() as u32,
            median: nearest_rank(&days, 50),
            p90: nearest_rank(&days, 90),
        }
    }
}

/// The `p`th percentile of `sorted` by nearest rank: the value at rank ⌈p·n/100⌉.
pub fn nearest_rank(sorted: &[u32], p: usize) -> Option<u32> {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonCount {
    /// The reason, its field without an operator's number.
    pub reason: RejectReason,
    /// Returns giving it.
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewerWork {
    pub reviewer: StaffActor,
    pub approved: u32,
    pub returned: u32,
}

/// The figures of a period (`GET /staff/statistics`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Statistics {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: NaiveDate,
    /// The day "now" means (the server's clock, Asia/Shanghai).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub today: NaiveDate,
    /// Every day of the period, in order.
    pub days: Vec<DayFigures>,
    /// Arrival to approval or return, for the verdicts given in the period.
    pub to_decision: Spread,
    /// Arrival to the card sent or collected, for the cards that left in the period.
    pub to_hand_out: Spread,
    /// Waiting for a verdict today.
    pub open_now: u32,
    /// Of those, past their one business day.
    pub overdue_now: u32,
    /// The reasons of the returns in the period, most given first.
    pub returns: Vec<ReasonCount>,
    /// Verdicts in the period per reviewer, most first.
    pub reviewers: Vec<ReviewerWork>,
}

impl Statistics {
    /// The period's totals (`date` is the first day).
    pub fn totals(&self) -> DayFigures {
        self.days.iter().fold(
            DayFigures {
                date: self.from,
                ..DayFigures::default()
            },
            |t, d| DayFigures {
                date: t.date,
                arrivals: t.arrivals + d.arrivals,
                approved: t.approved + d.approved,
                returned: t.returned + d.returned,
                dispatched: t.dispatched + d.dispatched,
                collected: t.collected + d.collected,
            },
        )
    }
}

/// The figures of `period` from `facts`, with `today` for what is open now.
pub fn compute(
    facts: impl IntoIterator<Item = Fact>,
    period: Period,
    cal: &Calendar,
    today: NaiveDate,
) -> Statistics {
    let mut days: BTreeMap<NaiveDate, DayFigures> = period
        .days()
        .map(|date| {
            (
                date,
                DayFigures {
                    date,
                    ..DayFigures::default()
                },
            )
        })
        .collect();
    let mut to_decision = Vec::new();
    let mut to_hand_out = Vec::new();
    let (mut open_now, mut overdue_now) = (0, 0);
    let mut returns: BTreeMap<RejectReason, u32> = BTreeMap::new();
    let mut reviewers: BTreeMap<String, ReviewerWork> = BTreeMap::new();
    let waited = |from, until| waiting(cal, from, until).business_days;
    for f in facts {
        if let Some(d) = days.get_mut(&f.arrived) {
            d.arrivals += 1;
        }
        if let Some(v) = f.verdict.as_ref().filter(|v| period.holds(v.on)) {
            let day = days.get_mut(&v.on).expect("a day of the period");
            let work = reviewers
                .entry(v.reviewer.login.clone())
                .or_insert_with(|| ReviewerWork {
                    reviewer: v.reviewer.clone(),
                    approved: 0,
                    returned: 0,
                });
            if v.approved {
                day.approved += 1;
                work.approved += 1;
            } else {
                day.returned += 1;
                work.returned += 1;
                // A reason said twice of one return (two operators' photos) counts once.
                let mut said: Vec<RejectReason> = v
                    .reasons
                    .iter()
                    .map(|r| RejectReason {
                        code: r.code,
                        field: FieldPath::from(r.field.field),
                    })
                    .collect();
                said.sort_unstable();
                said.dedup();
                for r in said {
                    *returns.entry(r).or_default() += 1;
                }
            }
            to_decision.push(waited(f.arrived, v.on));
        }
        if let Some(d) = f.dispatched.and_then(|on| days.get_mut(&on)) {
            d.dispatched += 1;
        }
        if let Some(d) = f.collected.and_then(|on| days.get_mut(&on)) {
            d.collected += 1;
        }
        // A card mailed, returned and then collected left first by post.
        let left = match (f.dispatched, f.collected) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(on) = left.filter(|on| period.holds(*on)) {
            to_hand_out.push(waited(f.arrived, on));
        }
        if f.open {
            open_now += 1;
            if waiting(cal, f.arrived, today).overdue {
                overdue_now += 1;
            }
        }
    }
    let mut returns: Vec<ReasonCount> = returns
        .into_iter()
        .map(|(reason, count)| ReasonCount { reason, count })
        .collect();
    returns.sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
    let mut reviewers: Vec<ReviewerWork> = reviewers.into_values().collect();
    reviewers.sort_by(|a, b| {
        (b.approved + b.returned)
            .cmp(&(a.approved + a.returned))
            .then(a.reviewer.login.cmp(&b.reviewer.login))
    });
    Statistics {
        from: period.from,
        to: period.to,
        today,
        days: days.into_values().collect(),
        to_decision: Spread::of(to_decision),
        to_hand_out: Spread::of(to_hand_out),
        open_now,
        overdue_now,
        returns,
        reviewers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;
    use crate::review::ReasonCode;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn who(login: &str) -> StaffActor {
        StaffActor {
            login: login.into(),
            name: login.to_uppercase(),
        }
    }

    fn fact(arrived: &str) -> Fact {
        Fact {
            arrived: d(arrived),
            verdict: None,
            dispatched: None,
            collected: None,
            open: false,
        }
    }

    fn verdict(on: &str, approved: bool, by: &str, reasons: &[RejectReason]) -> Option<Verdict> {
        Some(Verdict {
            on: d(on),
            approved,
            reviewer: who(by),
            reasons: reasons.to_vec(),
        })
    }

    #[test]
    fn nearest_rank_is_a_value_some_case_had() {
        assert_eq!(nearest_rank(&[], 50), None);
        assert_eq!(nearest_rank(&[3], 90), Some(3));
        assert_eq!(nearest_rank(&[1, 2], 50), Some(1));
        assert_eq!(nearest_rank(&[1, 1, 1, 1, 4], 50), Some(1));
        assert_eq!(nearest_rank(&[1, 1, 1, 1, 4], 90), Some(4));
        let ten: Vec<u32> = (1..=10).collect();
        assert_eq!(nearest_rank(&ten, 90), Some(9));
        assert_eq!(nearest_rank(&ten, 50), Some(5));
    }

    #[test]
    fn a_period_is_ordered_and_bounded() {
        assert_eq!(
            Period::new(d("2026-10-02"), d("2026-10-01")),
            Err(PeriodError::Reversed)
        );
        assert!(Period::new(d("2026-01-01"), d("2026-12-31")).is_ok());
        assert_eq!(
            Period::new(d("2026-01-01"), d("2027-01-02")),
            Err(PeriodError::TooLong)
        );
        let p = Period::last_30_days(d("2026-12-07"));
        assert_eq!(Period::asked(None, None, d("2026-12-07")), Ok(p));
        assert_eq!(
            Period::asked(Some(d("2026-12-01")), None, d("2026-12-07")).map(|p| p.to()),
            Ok(d("2026-12-07"))
        );
        assert_eq!(
            Period::asked(None, Some(d("2026-12-07")), d("2027-01-01")),
            Ok(p)
        );
        assert_eq!((p.from(), p.days().count()), (d("2026-11-08"), 30));
    }

    #[test]
    fn figures_across_national_day() {
        // 29 September 2026 (Tuesday) to 12 October; 1–7 October is the
        // holiday and Saturday 10 October a working day.
        let cal = Calendar::builtin();
        let period = Period::new(d("2026-09-29"), d("2026-10-12")).unwrap();
        let unclear = RejectReason::new(ReasonCode::Unclear, Field::BusinessLicence);
        let photo = |n| RejectReason {
            code: ReasonCode::PhotoMismatch,
            field: FieldPath::op(Field::OperatorIdNumber, n),
        };
        let facts = vec![
            Fact {
                verdict: verdict("2026-09-30", true, "a", &[]),
                dispatched: Some(d("2026-10-08")),
                ..fact("2026-09-29")
            },
            Fact {
                verdict: verdict("2026-09-30", false, "b", &[unclear, photo(0), photo(1)]),
                ..fact("2026-09-29")
            },
            Fact {
                verdict: verdict("2026-10-10", true, "a", &[]),
                ..fact("2026-09-29")
            },
            Fact {
                verdict: verdict("2026-10-08", true, "a", &[]),
                collected: Some(d("2026-10-10")),
                ..fact("2026-09-30")
            },
            Fact {
                verdict: verdict("2026-10-08", false, "b", &[unclear]),
                ..fact("2026-09-30")
            },
            Fact {
                open: true,
                ..fact("2026-10-08")
            },
            Fact {
                open: true,
                ..fact("2026-10-12")
            },
            // Before the period: its verdict is counted, its arrival is not.
            Fact {
                verdict: verdict("2026-09-29", false, "b", &[unclear]),
                ..fact("2026-09-28")
            },
        ];
        let s = compute(facts, period, &cal, d("2026-10-12"));
        assert_eq!(s.days.len(), 14);
        let t = s.totals();
        assert_eq!(
            (
                t.arrivals,
                t.approved,
                t.returned,
                t.dispatched,
                t.collected
            ),
            (7, 3, 3, 1, 1)
        );
        let day = |s: &Statistics, on: &str| *s.days.iter().find(|x| x.date == d(on)).unwrap();
        assert_eq!(day(&s, "2026-09-29").arrivals, 3);
        assert_eq!(day(&s, "2026-09-30").decisions(), 2);
        assert_eq!(day(&s, "2026-10-10").handed_out(), 1);
        // To a verdict: 1, 1, 4 (9-30, 10-08, 10-09, 10-10), 1, 1, 1.
        assert_eq!(
            s.to_decision,
            Spread {
                cases: 6,
                median: Some(1),
                p90: Some(4)
            }
        );
        // Out of the centre: 2 (9-30, 10-08) by post, 3 (10-08, 10-09, 10-10) by hand.
        assert_eq!(
            s.to_hand_out,
            Spread {
                cases: 2,
                median: Some(2),
                p90: Some(3)
            }
        );
        // Arrived 10-08, due 10-09: overdue on the 12th; arrived today: not.
        assert_eq!((s.open_now, s.overdue_now), (2, 1));
        assert_eq!(s.returns[0].reason, unclear);
        assert_eq!(s.returns[0].count, 3);
        assert_eq!(s.returns[1].count, 1, "two operators' photos: one return");
        assert_eq!(s.returns[1].reason.field.operator, None);
        assert_eq!(s.reviewers[0].reviewer.login, "a");
        assert_eq!((s.reviewers[0].approved, s.reviewers[0].returned), (3, 0));
        assert_eq!((s.reviewers[1].approved, s.reviewers[1].returned), (0, 3));
    }
}
