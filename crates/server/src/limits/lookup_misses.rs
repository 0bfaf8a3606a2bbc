//! Misses of `POST /lookup`, counted per credit code per day (Asia/Shanghai).
//! References are sequential and a firm's credit code is public, so a
//! stranger with many addresses could walk a firm's references; past
//! [`MISSES_PER_CODE`] misses in a day, every look-up of that code is refused
//! (429) until the next day. The firm's own app never needs the look-up: it
//! reads its submissions with their secrets.

use anyhow::Result;
use chrono::NaiveDate;

use crate::limits::tally::Tally;
use crate::storage::postgres::Pg;

pub const MISSES_PER_CODE: u32 = 10;
/// Codes remembered at most; beyond it the days gone by are forgotten first.
const MAX_CODES: usize = 50_000;

/// Counted in memory, or in PostgreSQL for replicas (`limits/tally.rs`).
pub struct LookupMisses(Tally);

impl LookupMisses {
    pub fn new(rows: Option<Pg>) -> LookupMisses {
        LookupMisses(Tally::new(rows, "lookup_misses", MAX_CODES))
    }

    /// Whether `code` (normalised) may be looked up `today`.
    pub async fn allowed(&self, code: &str, today: NaiveDate) -> Result<bool> {
        Ok(self.0.get(code.to_string(), today).await? < u64::from(MISSES_PER_CODE))
    }

    /// A look-up of `code` found nothing.
    pub async fn missed(&self, code: &str, today: NaiveDate) -> Result<()> {
        // No cap: a miss is always counted.
        let _count = self
            .0
            .add_within(code.to_string(), today, 1, u64::MAX)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_code_is_refused_after_its_misses_until_the_next_day() {
        let m = LookupMisses::new(None);
        let d = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let code = "91350200MA31E12PXF";
        for _ in 0..MISSES_PER_CODE {
            assert!(m.allowed(code, d).await.unwrap());
            m.missed(code, d).await.unwrap();
        }
        assert!(!m.allowed(code, d).await.unwrap());
        assert!(
            m.allowed("913502001234567890", d).await.unwrap(),
            "another code"
        );
        assert!(
            m.allowed(code, d.succ_opt().unwrap()).await.unwrap(),
            "the next day"
        );
    }
}
