//! A submission's row as both stores select it (`ROW_COLUMNS`, in that
//! order) and the one reading of it into a [`Row`]: the states, the card's
//! route and the review's parts mean the same whichever database held them.

use eport_domain::card_route::Collector;
use eport_domain::case::PickupMethod;
use eport_domain::ids::{Malformed, SubmissionId};
use eport_domain::protocol::{Collection, MailReturn, SubmissionState};
use eport_domain::staff_session::StaffActor;

use crate::storage::Row;

/// The columns of a [`Row`], in [`StoredRow`]'s order.
pub const ROW_COLUMNS: &str =
    "id, secret_hash, body_hash, manifest, state, reference, supersedes, uscc, enterprise, \
     created_at, received_at, decision, note, decided_at, decided_by, decided_by_name, archived_at, \
     reasons, tracking_number, pickup, ready_at, mail_returned_at, mail_returned_reason, \
     collected_at, collector_name, collector_id_tail";

/// How many columns ROW_COLUMNS selects (a column after them is the caller's).
pub const ROW_COLUMN_COUNT: usize = 26;

/// The arrival signs' two columns of the submission aliased `s`: which
/// declaration of its code that day, and how many came from its network
/// within `arrival::BURST_MINUTES` either side. Only staff read them (the
/// list and `Store::arrival`), so `find` on the upload path never counts.
pub const ARRIVAL_COLUMNS: &str = "s.code_nth, \
     (SELECT COUNT(*) FROM submissions o WHERE o.network = s.network \
        AND o.created_unix BETWEEN s.created_unix - 600 AND s.created_unix + 600)";

#[test]
fn the_queries_window_is_the_domains() {
    // `600` in ARRIVAL_COLUMNS: BURST_MINUTES either side.
    assert_eq!(eport_domain::arrival::BURST_MINUTES * 60, 600);
}

/// A staff member stored as login and display name (both, or nobody).
pub fn actor(login: Option<String>, name: Option<String>) -> Option<StaffActor> {
    match (login, name) {
        (Some(login), Some(name)) => Some(StaffActor { login, name }),
        _ => None,
    }
}

/// The values of ROW_COLUMNS, as stored.
pub struct StoredRow {
    pub id: String,
    pub secret_hash: Vec<u8>,
    pub body_hash: Vec<u8>,
    pub manifest: String,
    pub state: String,
    pub reference: Option<String>,
    pub supersedes: Option<String>,
    pub uscc: String,
    pub enterprise: String,
    pub created_at: String,
    pub received_at: Option<String>,
    pub decision: Option<String>,
    pub note: Option<String>,
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
    pub decided_by_name: Option<String>,
    pub archived_at: Option<String>,
    pub reasons: Option<String>,
    pub tracking_number: Option<String>,
    pub pickup: String,
    pub ready_at: Option<String>,
    pub mail_returned_at: Option<String>,
    pub mail_returned_reason: Option<String>,
    pub collected_at: Option<String>,
    pub collector_name: Option<String>,
    pub collector_id_tail: Option<String>,
}

impl StoredRow {
    /// The row; `Err` only for an id that does not parse (every one was
    /// checked on the way in).
    pub fn row(self) -> Result<Row, Malformed> {
        Ok(Row {
            id: SubmissionId::parse(&self.id)?,
            secret_hash: self.secret_hash,
            body_hash: self.body_hash,
            manifest: self.manifest,
            state: SubmissionState::parse(&self.state)
                .unwrap_or(SubmissionState::AwaitingAttachments),
            reference: self.reference,
            supersedes: self.supersedes,
            uscc: self.uscc,
            enterprise: self.enterprise,
            created_at: self.created_at,
            received_at: self.received_at,
            decision: self.decision,
            note: self.note,
            decided_at: self.decided_at,
            decided_by: actor(self.decided_by, self.decided_by_name),
            archived_at: self.archived_at,
            // Written only after `review::check_reasons`; unreadable means none.
            reasons: self
                .reasons
                .and_then(|j| serde_json::from_str(&j).ok())
                .unwrap_or_default(),
            tracking_number: self.tracking_number,
            pickup: PickupMethod::parse(&self.pickup).unwrap_or(PickupMethod::Mail),
            ready_at: self.ready_at,
            mail_returned: self.mail_returned_at.map(|at| MailReturn {
                at,
                reason: self.mail_returned_reason.unwrap_or_default(),
            }),
            // An archived one keeps the time; the collector's name was erased.
            collected: self.collected_at.map(|at| Collection {
                at,
                collector: Collector {
                    name: self.collector_name.unwrap_or_default(),
                    id_tail: self.collector_id_tail.unwrap_or_default(),
                },
            }),
        })
    }
}
