//! Storage behind a small trait: what the routes, recovery and the staff
//! command need, and nothing about how it is kept. SQLite (`sqlite.rs`) is the
//! implementation today; another (PostgreSQL, object storage for the blobs)
//! implements [`Store`] and the routes stay as they are.
//!
//! Methods are blocking; [`Storage::run`] calls them off the async runtime.

use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::{DateTime, FixedOffset, Utc};
use eport_domain::calendar::{shanghai, Calendar};
use eport_domain::protocol::{
    AttachmentDecl, Decision, Expected, Review, StatusDocument, SubmissionState,
};
pub use eport_domain::protocol::{AttachmentState, StaffListItem, TimelineEntry};

pub trait Store: Send + Sync + 'static {
    /// A submission by id or by reference number.
    fn find(&self, id_or_ref: &str) -> Result<Option<Row>>;
    /// Inserts the submission, its attachment list and `event` atomically,
    /// superseding `s.supersedes`. `false` (and nothing written) when the id
    /// already exists, e.g. a racing twin request won.
    fn create(&self, s: &NewSubmission<'_>, event: &Event) -> Result<bool>;
    fn attachments(&self, id: &str) -> Result<Vec<AttachmentState>>;
    /// Marks one attachment complete; when it was the last, the submission
    /// becomes `received` with its reference number, atomically.
    fn complete_attachment(&self, id: &str, sha: &str) -> Result<()>;
    /// Incomplete attachments of submissions still awaiting bytes.
    fn incomplete_attachments(&self) -> Result<Vec<(String, AttachmentState)>>;
    /// Appends one request to a submission's timeline.
    fn record(&self, id: &str, event: &Event) -> Result<()>;
    fn timeline(&self, id: &str) -> Result<Vec<TimelineEntry>>;
    /// Applies a staff decision: the new state, or `None` when it does not fit.
    fn decide(
        &self,
        id: &str,
        decision: Decision,
        note: Option<&str>,
    ) -> Result<Option<SubmissionState>>;
    /// Newest first.
    fn list(&self, filter: &ListFilter) -> Result<Vec<StaffListItem>>;
}

/// The shared handle the server holds.
#[derive(Clone)]
pub struct Storage(Arc<dyn Store>);

impl Storage {
    pub fn new(store: impl Store) -> Storage {
        Storage(Arc::new(store))
    }

    /// Runs `f` against the store on a blocking thread.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let store = self.0.clone();
        tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .context("storage task panicked")?
    }
}

/// One request about a submission, for its timeline.
#[derive(Debug, Clone)]
pub struct Event {
    pub method: &'static str,
    pub endpoint: &'static str,
    pub status: u16,
    pub bytes: u64,
    pub replay: bool,
    pub detail: String,
}

impl Event {
    pub fn new(method: &'static str, endpoint: &'static str, status: u16) -> Event {
        Event {
            method,
            endpoint,
            status,
            bytes: 0,
            replay: false,
            detail: String::new(),
        }
    }

    pub fn bytes(mut self, bytes: u64) -> Event {
        self.bytes = bytes;
        self
    }

    pub fn replay(mut self, replay: bool) -> Event {
        self.replay = replay;
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Event {
        self.detail = detail.into();
        self
    }
}

/// The staff list's filter.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub state: Option<SubmissionState>,
    /// Part of a reference number, USCC or enterprise name; empty = all.
    pub needle: String,
    pub limit: u32,
    pub offset: u32,
}

pub fn now() -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&shanghai())
}

#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub secret_hash: Vec<u8>,
    pub body_hash: Vec<u8>,
    pub manifest: String,
    pub state: SubmissionState,
    pub reference: Option<String>,
    pub supersedes: Option<String>,
    pub uscc: String,
    pub enterprise: String,
    pub created_at: String,
    pub received_at: Option<String>,
    pub decision: Option<String>,
    pub note: Option<String>,
    pub decided_at: Option<String>,
}

pub struct NewSubmission<'a> {
    pub id: &'a str,
    pub secret_hash: &'a [u8],
    pub body_hash: &'a [u8],
    pub manifest: &'a str,
    pub supersedes: Option<&'a str>,
    pub uscc: &'a str,
    pub enterprise: &'a str,
    pub attachments: &'a [AttachmentDecl],
}

fn date_of(rfc3339: &str) -> Option<chrono::NaiveDate> {
    DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|d| d.with_timezone(&shanghai()).date_naive())
}

/// The status document the protocol returns for a submission.
pub fn status_document(r: &Row, atts: &[AttachmentState], calendar: &Calendar) -> StatusDocument {
    let decision = match r.decision.as_deref() {
        Some("in_review") => Some(Decision::InReview),
        Some("approve") => Some(Decision::Approve),
        Some("reject") => Some(Decision::Reject),
        Some("dispatch") => Some(Decision::Dispatch),
        _ => None,
    };
    let from = r.received_at.as_deref().unwrap_or(&r.created_at);
    let review_by = date_of(from).map(|d| calendar.add_business_days(d, 1).date.to_string());
    let dispatch_by = match (r.state, r.decided_at.as_deref()) {
        (SubmissionState::Approved | SubmissionState::Dispatched, Some(at)) => {
            date_of(at).map(|d| calendar.add_business_days(d, 3).date.to_string())
        }
        _ => None,
    };
    StatusDocument {
        id: r.id.clone(),
        state: r.state,
        reference: r.reference.clone(),
        missing: atts
            .iter()
            .filter(|a| !a.complete)
            .map(|a| a.sha256.clone())
            .collect(),
        received_at: r.received_at.clone(),
        review: Review {
            decision,
            note: r.note.clone(),
            decided_at: r.decided_at.clone(),
        },
        expected: Expected {
            review_by,
            dispatch_by,
        },
    }
}
