//! Misses of `POST /lookup`, counted per credit code per day (Asia/Shanghai).
//! References are sequential and a firm's credit code is public, so a
//! stranger with many addresses could walk a firm's references; past
//! [`MISSES_PER_CODE`] misses in a day, every look-up of that code is refused
//! (429) until the next day. The firm's own app never needs the look-up: it
//! reads its submissions with their secrets.

use chrono::NaiveDate;

use crate::limits::daily::DailyTally;

pub const MISSES_PER_CODE: u32 = 10;
/// Codes remembered at most; beyond it the days gone by are forgotten first.
const MAX_CODES: usize = 50_000;

pub struct LookupMisses(DailyTally<String>);

impl Default for LookupMisses {
    fn default() -> LookupMisses {
        LookupMisses(DailyTally::new(MAX_CODES))
    }
}

impl LookupMisses {
    /// Whether `code` (normalised) may be looked up `today`.
    pub fn allowed(&self, code: &str, today: NaiveDate) -> bool {
        self.0.get(&code.to_string(), today) < u64::from(MISSES_PER_CODE)
    }

    /// A look-up of `code` found nothing.
    pub fn missed(&self, code: &str, today: NaiveDate) {
        self.0.add(&code.to_string(), today, 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_refused_after_its_misses_until_the_next_day() {
        let m = LookupMisses::default();
        let d = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        for _ in 0..MISSES_PER_CODE {
            assert!(m.allowed("91350200MA31E12PXF", d));
            m.missed("91350200MA31E12PXF", d);
        }
        assert!(!m.allowed("91350200MA31E12PXF", d));
        assert!(m.allowed("913502001234567890", d), "another code");
        assert!(
            m.allowed("91350200MA31E12PXF", d.succ_opt().unwrap()),
            "the next day"
        );
    }
}
