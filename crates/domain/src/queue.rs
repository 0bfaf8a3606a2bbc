//! The review queue's clock: how long a submission has waited, in business
//! days of the holiday calendar, and whether it is past the one business day
//! the centre promises (the status document's `review_by`).

use chrono::NaiveDate;

use crate::calendar::Calendar;

/// Business days the centre takes to review a submission.
pub const REVIEW_BUSINESS_DAYS: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    /// Business days after the day it arrived, up to and including today:
    /// arrived on a Friday, it has waited 1 on Monday.
    pub business_days: u32,
    /// The last day of the promised review.
    pub due: NaiveDate,
    /// Today is after `due`.
    pub overdue: bool,
}

/// How long a submission received on `received` has waited by `today`.
pub fn waiting(cal: &Calendar, received: NaiveDate, today: NaiveDate) -> Waiting {
    let due = cal.add_business_days(received, REVIEW_BUSINESS_DAYS).date;
    let mut business_days = 0;
    // Bounded: ten years of days at most, whatever the dates.
    let mut day = received;
    for _ in 0..3660 {
        let Some(next) = day.succ_opt() else { break };
        if next > today {
            break;
        }
        day = next;
        if cal.is_business_day(day) {
            business_days += 1;
        }
    }
    Waiting {
        business_days,
        due,
        overdue: today > due,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_weekend_does_not_count() {
        let cal = Calendar::builtin();
        // Friday 27 November 2026: due Monday.
        let at = |today| waiting(&cal, d("2026-11-27"), d(today));
        assert_eq!(at("2026-11-27").business_days, 0);
        assert_eq!(at("2026-11-28").business_days, 0);
        assert!(!at("2026-11-29").overdue);
        let monday = at("2026-11-30");
        assert_eq!((monday.business_days, monday.overdue), (1, false));
        assert_eq!(monday.due, d("2026-11-30"));
        let tuesday = at("2026-12-01");
        assert_eq!((tuesday.business_days, tuesday.overdue), (2, true));
    }

    #[test]
    fn a_holiday_does_not_count() {
        let cal = Calendar::builtin();
        // Wednesday 30 September 2026, the eve of National Day (1–7 October).
        let at = |today| waiting(&cal, d("2026-09-30"), d(today));
        let week_later = at("2026-10-07");
        assert_eq!((week_later.business_days, week_later.overdue), (0, false));
        assert_eq!(week_later.due, d("2026-10-08"));
        assert!(!at("2026-10-08").overdue);
        let friday = at("2026-10-09");
        assert_eq!((friday.business_days, friday.overdue), (2, true));
        // Saturday 10 October is a working day (调休).
        assert_eq!(at("2026-10-10").business_days, 3);
    }

    #[test]
    fn dates_out_of_order_wait_nothing() {
        let cal = Calendar::builtin();
        let w = waiting(&cal, d("2026-12-01"), d("2026-11-01"));
        assert_eq!((w.business_days, w.overdue), (0, false));
        // Far apart: bounded, no hang.
        assert!(waiting(&cal, d("2000-01-01"), d("2100-01-01")).overdue);
    }
}
