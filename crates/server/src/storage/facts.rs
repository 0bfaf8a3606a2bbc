//! What 统计 reads of one submission, as either store returns it, and the
//! domain's [`Fact`] it makes: one reading of the columns for both backends.

use chrono::{DateTime, NaiveDate};
use eport_domain::calendar::shanghai;
use eport_domain::review::RejectReason;
use eport_domain::staff_session::StaffActor;
use eport_domain::statistics::{Fact, Verdict};

/// The columns `statistics_facts` selects, in its order.
pub struct StoredFact {
    pub received_at: Option<String>,
    pub decision: Option<String>,
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
    pub decided_by_name: Option<String>,
    pub reasons: Option<String>,
    pub dispatched_at: Option<String>,
    pub collected_at: Option<String>,
    pub open: bool,
}

/// The day (Asia/Shanghai) of a stored instant.
fn day(t: Option<String>) -> Option<NaiveDate> {
    let t = DateTime::parse_from_rfc3339(&t?).ok()?;
    Some(t.with_timezone(&shanghai()).date_naive())
}

impl StoredFact {
    /// `None` when its arrival does not read as an instant.
    pub fn fact(self) -> Option<Fact> {
        let arrived = day(self.received_at)?;
        let verdict = match (
            self.decision.as_deref(),
            day(self.decided_at),
            self.decided_by,
        ) {
            (Some(d @ ("approve" | "reject")), Some(on), Some(login)) => Some(Verdict {
                on,
                approved: d == "approve",
                reviewer: StaffActor {
                    login,
                    name: self.decided_by_name.unwrap_or_default(),
                },
                // Written only after `review::check_reasons`; unreadable means none.
                reasons: self
                    .reasons
                    .and_then(|j| serde_json::from_str::<Vec<RejectReason>>(&j).ok())
                    .unwrap_or_default(),
            }),
            _ => None,
        };
        Some(Fact {
            arrived,
            verdict,
            dispatched: day(self.dispatched_at),
            collected: day(self.collected_at),
            open: self.open,
        })
    }
}
