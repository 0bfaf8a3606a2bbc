//! Concrete dates for a business type, counted from the day the centre accepts
//! the paper: the review (enrollment) and the day the card is posted.

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::{Calendar, Estimate};
use crate::catalog::{Business, Milestone};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// The acceptance day used: the entered day, or the next business day when
    /// the hall was closed on it.
    pub accepted: NaiveDate,
    /// True when `accepted` differs from the entered day (weekend or holiday).
    pub moved: bool,
    /// Enrollment only: the review is expected one business day after acceptance.
    pub review: Option<Estimate>,
    /// The day the card is posted (快递到付); `None` when nothing is posted by the centre.
    pub dispatch: Option<Estimate>,
}

/// The timeline of `business` for paper the centre receives on `received`.
pub fn timeline(business: &Business, received: NaiveDate, cal: &Calendar) -> Timeline {
    let accepted = cal.next_business_day_from(received);
    let (review, dispatch) = match business.dispatch {
        None => (None, None),
        Some(d) => match d.after {
            Milestone::Acceptance => (None, Some(cal.add_business_days(accepted, d.business_days))),
            Milestone::Approval => {
                let review = cal.add_business_days(accepted, 1);
                let mut dispatch = cal.add_business_days(review.date, d.business_days);
                dispatch.ignores_holidays |= review.ignores_holidays;
                (Some(review), Some(dispatch))
            }
        },
    };
    Timeline {
        accepted,
        moved: accepted != received,
        review,
        dispatch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{business, BusinessKind};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn friday_before_spring_festival_counts_the_working_saturday_then_skips_the_holiday() {
        let cal = Calendar::builtin();
        // 2nd business day after Fri 02-13: Sat 02-14 (working), then 02-24 after 春节.
        let t = timeline(business(BusinessKind::CardUnlock), d("2026-02-13"), &cal);
        assert_eq!((t.accepted, t.moved), (d("2026-02-13"), false));
        assert_eq!(t.dispatch.unwrap().date, d("2026-02-24"));
        assert_eq!(t.review, None);
        let t = timeline(business(BusinessKind::InfoChange), d("2026-02-13"), &cal);
        assert_eq!(t.dispatch.unwrap().date, d("2026-02-25"));
        // Paper enrollment: review on 02-14, posted 3 business days after it.
        let t = timeline(
            business(BusinessKind::PaperEnrollment),
            d("2026-02-13"),
            &cal,
        );
        assert_eq!(t.review.unwrap().date, d("2026-02-14"));
        assert_eq!(t.dispatch.unwrap().date, d("2026-02-26"));
    }

    #[test]
    fn a_working_saturday_is_an_acceptance_day_and_a_holiday_is_not() {
        let cal = Calendar::builtin();
        let t = timeline(business(BusinessKind::CardUnlock), d("2026-02-14"), &cal);
        assert_eq!((t.accepted, t.moved), (d("2026-02-14"), false));
        assert_eq!(t.dispatch.unwrap().date, d("2026-02-25"));
        // Received during 春节: accepted on the first day back.
        let t = timeline(business(BusinessKind::CardUnlock), d("2026-02-16"), &cal);
        assert_eq!((t.accepted, t.moved), (d("2026-02-24"), true));
        assert_eq!(t.dispatch.unwrap().date, d("2026-02-26"));
        // The card reader is not posted by the centre on a schedule.
        let t = timeline(business(BusinessKind::CardReader), d("2026-02-14"), &cal);
        assert_eq!(t.dispatch, None);
    }

    #[test]
    fn a_dispatch_counted_into_a_year_without_holiday_data_says_so() {
        let cal = Calendar::builtin();
        // Reviewed on the last business day of 2026, posted in 2027 (no holiday file).
        let t = timeline(
            business(BusinessKind::PaperEnrollment),
            d("2026-12-30"),
            &cal,
        );
        let review = t.review.unwrap();
        assert_eq!(review.date, d("2026-12-31"));
        assert!(!review.ignores_holidays);
        assert!(t.dispatch.unwrap().ignores_holidays);
    }
}
