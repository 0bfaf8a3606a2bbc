//! Storage behind a small trait: what the routes, recovery and the staff
//! command need, and nothing about how it is kept. SQLite (`sqlite/`) is the
//! implementation today; another (PostgreSQL, object storage for the blobs)
//! implements [`Store`] and the routes stay as they are.
//!
//! Methods are blocking; [`Storage::run`] calls them off the async runtime.

pub mod calendar;
pub mod facts;
pub mod postgres;
pub mod sqlite;
pub mod staff;
pub mod stored_row;

use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::{DateTime, FixedOffset, Utc};
use eport_domain::arrival::ArrivalSign;
use eport_domain::calendar::{shanghai, Calendar};
use eport_domain::card_route::Collector;
use eport_domain::case::PickupMethod;
use eport_domain::dispatch_batch::LineProblem;
use eport_domain::ids::{Sha256Digest, SubmissionId, SubmissionKey};
use eport_domain::manifest::DeclaredFile;
pub use eport_domain::protocol::{AttachmentState, QuarantineEntry, StaffListItem, TimelineEntry};
use eport_domain::protocol::{
    Claim, Decision, Expected, Review, StateCount, StatusDocument, SubmissionState,
};
use eport_domain::protocol::{Collection, MailReturn};
use eport_domain::review::{CheckItem, RejectReason};
use eport_domain::staff_session::StaffActor;
use eport_domain::statistics::{Fact, Period};
pub use eport_domain::timeline_event::TimelineEvent;

use crate::storage::calendar::CalendarStore;
use crate::storage::staff::StaffStore;

pub trait Store: StaffStore + CalendarStore + Send + Sync + 'static {
    /// A submission by id or by reference number.
    fn find(&self, key: &SubmissionKey) -> Result<Option<Row>>;
    /// Inserts the submission, its attachment list (one row per slot) and
    /// `event` atomically, superseding `s.supersedes`. `false` (and nothing
    /// written) when the id already exists, e.g. a racing twin request won.
    fn create(&self, s: &NewSubmission<'_>, event: &Event) -> Result<bool>;
    /// One row per slot, in manifest order.
    fn attachments(&self, id: &SubmissionId) -> Result<Vec<AttachmentState>>;
    /// Marks every slot with this digest complete; when none is left, the
    /// submission becomes `received` with its reference number, atomically.
    /// `pending`: the verified bytes, which the object store could not take
    /// now; they are kept as a pending object in the same transaction.
    fn complete_attachment(
        &self,
        id: &SubmissionId,
        sha: &Sha256Digest,
        pending: Option<&[u8]>,
    ) -> Result<()>;
    /// Digests waiting for the object store, oldest first, at most `limit`.
    fn pending_objects(&self, limit: u32) -> Result<Vec<Sha256Digest>>;
    /// A pending object's bytes.
    fn pending_bytes(&self, sha: &Sha256Digest) -> Result<Option<Vec<u8>>>;
    /// The object store holds `sha` now (or nothing refers to it any more).
    fn object_stored(&self, sha: &Sha256Digest) -> Result<()>;
    /// Uploads (one per digest) of submissions still awaiting bytes, as stored:
    /// recovery parses them and moves aside what does not parse.
    fn incomplete_uploads(&self) -> Result<Vec<StoredUpload>>;
    /// Appends one request to a submission's timeline, or counts it on the
    /// last row when it repeats that row (same method, endpoint, status, target).
    fn record(&self, id: &SubmissionId, event: &Event) -> Result<()>;
    /// One page of the timeline (oldest first) and the number of rows in all.
    fn timeline(
        &self,
        id: &SubmissionId,
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<TimelineEntry>, u64)>;
    /// Applies a staff decision by `by`, atomically with its gates: the
    /// state and the route must take it, a verdict needs `by`'s claim (and
    /// an approval every checklist line ticked), an EMS number may name one
    /// parcel only. See [`Verdict`].
    /// `event(next)` is recorded in the same transaction as the decision it tells of.
    fn decide(
        &self,
        id: &SubmissionId,
        d: &Decided<'_>,
        by: &StaffActor,
        event: &dyn Fn(SubmissionState) -> Event,
    ) -> Result<Verdict>;
    /// Withdraws a submission whose review has not begun, recording `event`
    /// when it changes something. Returns the state afterwards: `Withdrawn`
    /// (now, or already: idempotent) or the state that refused it; `None`
    /// when unknown.
    fn withdraw(&self, id: &SubmissionId, event: &Event) -> Result<Option<SubmissionState>>;
    /// Newest first.
    fn list(&self, filter: &ListFilter) -> Result<Vec<StaffListItem>>;
    /// Signs the submission was not filed by a person one at a time (`arrival`).
    fn arrival(&self, id: &SubmissionId) -> Result<Vec<ArrivalSign>>;
    /// How many submissions match `filter` (its limit and offset aside).
    fn count(&self, filter: &ListFilter) -> Result<u64>;
    /// The submission posted with this EMS number, by reference (its id when it has none).
    fn tracking_owner(&self, number: &str) -> Result<Option<String>>;
    /// Posts each `(id, EMS number, event)` in one transaction: each must
    /// still be approved, go by mail and have an unused number. The first
    /// that does not stops them all, nothing changed: its index and why.
    fn dispatch_batch(
        &self,
        items: &[(SubmissionId, String, Event)],
    ) -> Result<std::result::Result<u32, (usize, LineProblem)>>;
    /// The register, a page at a time: at most `limit` rows matching `filter`
    /// (its order, limit and offset aside) stored after position `after`, in
    /// storage order, each with its position (the next page's `after`).
    fn register_page(&self, filter: &ListFilter, after: i64, limit: u32)
        -> Result<Vec<(i64, Row)>>;
    /// What 统计 needs of each submission that arrived, had its verdict or
    /// left the centre within `period`, or waits for a verdict now; `None`
    /// when there are more than `limit`.
    fn statistics_facts(&self, period: Period, limit: u32) -> Result<Option<Vec<Fact>>>;
    /// Every submission by state.
    fn state_counts(&self) -> Result<Vec<StateCount>>;
    /// Claims `id` for `who`. Another reviewer's claim is kept (and returned
    /// as `Err`) unless `take_over`. When the claim changes, `event(the claim
    /// it replaces)` is recorded in the same transaction; claiming one's own
    /// again changes nothing.
    fn claim(
        &self,
        id: &SubmissionId,
        who: &StaffActor,
        take_over: bool,
        event: &dyn Fn(Option<&Claim>) -> Event,
    ) -> Result<std::result::Result<Claim, Claim>>;
    /// Ends `holder`'s claim, recording `event(it)` in the same transaction:
    /// `Ok(None)` when nobody held it; another's claim is kept and returned.
    fn release(
        &self,
        id: &SubmissionId,
        holder: &StaffActor,
        event: &dyn Fn(&Claim) -> Event,
    ) -> Result<std::result::Result<Option<Claim>, Claim>>;
    fn claim_of(&self, id: &SubmissionId) -> Result<Option<Claim>>;
    /// The submission that superseded `id`, if one did.
    fn successor(&self, id: &SubmissionId) -> Result<Option<Row>>;
    /// Attachment bytes all stored submissions declare (each digest once per submission).
    fn declared_bytes(&self) -> Result<u64>;
    /// Submissions still awaiting attachments that were created before `cutoff` (RFC 3339).
    fn abandoned(&self, cutoff: &str) -> Result<Vec<SubmissionId>>;
    /// Deletes a submission awaiting attachments with its rows (a predecessor it
    /// superseded is rejected or withdrawn again, as it was, so the browser's
    /// repeat can supersede it).
    /// Returns the digests no submission refers to any more, whose blobs can go.
    fn purge(&self, id: &SubmissionId) -> Result<Vec<Sha256Digest>>;
    /// Whether any submission refers to this digest.
    fn blob_in_use(&self, sha: &Sha256Digest) -> Result<bool>;
    /// Finished submissions (dispatched, collected, superseded, withdrawn,
    /// rejected) not yet archived whose state last changed before `cutoff`
    /// (RFC 3339), and cards waiting at the hall since before `uncollected`.
    fn finished_before(&self, cutoff: &str, uncollected: &str) -> Result<Vec<Finished>>;
    /// Erases a submission's personal data: the manifest, the review note,
    /// its timeline and attachment rows; queues its blobs for deletion; keeps
    /// the row as a tombstone and records the erasure. `false` when unknown
    /// or already archived.
    fn archive(&self, id: &SubmissionId, reason: Erasure, detail: &str) -> Result<bool>;
    /// Blobs queued for deletion (see [`Store::archive`]), at most 1,000.
    fn blob_gc_queue(&self) -> Result<Vec<Sha256Digest>>;
    fn blob_gc_done(&self, sha: &Sha256Digest) -> Result<()>;
    /// Takes or renews background job `job`'s lease for `holder` (a replica)
    /// for `secs` seconds: `false` while another holder's lease runs, so
    /// replicas run each job one at a time.
    fn lease_job(&self, job: &str, holder: &str, secs: u32) -> Result<bool>;
    /// Records something moved aside at start-up.
    fn quarantine(&self, entry: &QuarantineEntry) -> Result<()>;
    fn quarantined(&self) -> Result<Vec<QuarantineEntry>>;
}

/// A finished submission retention may archive.
#[derive(Debug, Clone)]
pub struct Finished {
    pub id: SubmissionId,
    pub reference: Option<String>,
    pub state: SubmissionState,
    pub last_change: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erasure {
    /// The retention period ran out.
    Retention,
    /// The person asked (`eport-server purge --reference`).
    Request,
}

impl Erasure {
    pub fn as_str(self) -> &'static str {
        match self {
            Erasure::Retention => "retention",
            Erasure::Request => "request",
        }
    }
}

/// An upload as the database holds it, before recovery has parsed it.
#[derive(Debug, Clone)]
pub struct StoredUpload {
    pub submission_id: SubmissionId,
    pub sha256: String,
    pub size: u64,
    pub mime: String,
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
    /// What the request was about (an attachment's digest), for coalescing.
    pub target: String,
    /// The staff member who made it.
    pub actor: Option<StaffActor>,
    /// What happened, as data, for the console to say in its reader's language.
    pub event: Option<TimelineEvent>,
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
            target: String::new(),
            actor: None,
            event: None,
        }
    }

    pub fn by(mut self, who: &StaffActor) -> Event {
        self.actor = Some(who.clone());
        self
    }

    pub fn target(mut self, target: impl Into<String>) -> Event {
        self.target = target.into();
        self
    }

    pub fn bytes(mut self, bytes: u64) -> Event {
        self.bytes = bytes;
        self
    }

    pub fn replay(mut self, replay: bool) -> Event {
        self.replay = replay;
        self
    }

    pub fn event(mut self, event: TimelineEvent) -> Event {
        self.event = Some(event);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Event {
        self.detail = detail.into();
        self
    }
}

/// A decision's timeline text: "approved by 王丽 (wang.li): note", with
/// `via` (e.g. " (command line)") after the name.
pub fn decision_detail(
    next: SubmissionState,
    who: &StaffActor,
    via: &str,
    note: Option<&str>,
) -> String {
    match note {
        Some(n) => format!("{} by {who}{via}: {n}", next.as_str()),
        None => format!("{} by {who}{via}", next.as_str()),
    }
}

/// Why `row` cannot be posted now, if it cannot.
pub fn not_postable(row: &Row) -> Option<LineProblem> {
    if Decision::Dispatch.next(row.state, row.pickup).is_some() {
        return None;
    }
    Some(if row.state == SubmissionState::Approved {
        LineProblem::WindowPickup
    } else {
        LineProblem::NotApproved { state: row.state }
    })
}

/// The staff list's filter.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Any of these states; empty = all.
    pub states: Vec<SubmissionState>,
    /// Part of a reference number, USCC, enterprise name or a person's name; empty = all.
    pub needle: String,
    /// Received on or after this day (Asia/Shanghai).
    pub received_from: Option<chrono::NaiveDate>,
    /// Received on or before this day.
    pub received_to: Option<chrono::NaiveDate>,
    /// By arrival, oldest first (the review queue); else newest first.
    pub oldest_first: bool,
    /// 邮寄领卡 or 窗口领卡 only.
    pub pickup: Option<PickupMethod>,
    pub claim: ClaimFilter,
    pub limit: u32,
    pub offset: u32,
}

/// The staff list by claim: 我认领的 (`HeldBy` the signed-in login), 未认领
/// (under review and held by nobody).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ClaimFilter {
    #[default]
    Any,
    Unclaimed,
    HeldBy(String),
}

pub fn now() -> DateTime<FixedOffset> {
    (Utc::now() + CLOCK_OFFSET.get().copied().unwrap_or_default()).with_timezone(&shanghai())
}

/// How far `--clock-start` set the clock from the system's (set once, at start).
static CLOCK_OFFSET: std::sync::OnceLock<chrono::TimeDelta> = std::sync::OnceLock::new();

/// Starts [`now`] at `at` (`--clock-start`); it runs on at the normal rate.
pub fn start_clock_at(at: DateTime<FixedOffset>) {
    let _ = CLOCK_OFFSET.set(at.with_timezone(&Utc) - Utc::now());
}

#[derive(Debug, Clone)]
pub struct Row {
    pub id: SubmissionId,
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
    pub decided_by: Option<StaffActor>,
    pub archived_at: Option<String>,
    pub reasons: Vec<RejectReason>,
    pub tracking_number: Option<String>,
    /// 领卡方式 of the declared case.
    pub pickup: PickupMethod,
    pub ready_at: Option<String>,
    pub mail_returned: Option<MailReturn>,
    pub collected: Option<Collection>,
}

/// A staff decision as checked by the review route.
pub struct Decided<'a> {
    pub decision: Decision,
    /// 审批意见; with `mail_returned`, the reason the card came back.
    pub note: Option<&'a str>,
    /// A rejection's reasons (checked against the submission).
    pub reasons: &'a [RejectReason],
    /// A dispatch's EMS number (checked and normalised).
    pub tracking_number: Option<&'a str>,
    /// A collection's collector (checked and normalised).
    pub collector: Option<&'a Collector>,
}

/// What became of a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Applied: the state now.
    Done(SubmissionState),
    /// The state (or the case's route) does not take it: the state now.
    NotApplicable(SubmissionState),
    /// A verdict by someone who has not claimed the submission.
    Unclaimed,
    /// A verdict while another reviewer holds it.
    HeldBy(Claim),
    /// An approval with these checklist lines unticked.
    Unticked(Vec<CheckItem>),
    /// The EMS number was already given to this submission (by reference).
    TrackingUsed(String),
}

pub struct NewSubmission<'a> {
    pub id: &'a SubmissionId,
    pub secret_hash: &'a [u8],
    pub body_hash: &'a [u8],
    pub manifest: &'a str,
    pub supersedes: Option<&'a SubmissionId>,
    pub uscc: &'a str,
    pub enterprise: &'a str,
    /// The people it names, one a line ([`people`]), for the staff search.
    pub people: &'a str,
    /// 领卡方式, kept when the manifest is erased.
    pub pickup: PickupMethod,
    pub files: &'a [DeclaredFile],
    /// The network it came from (`client_addr::network_of`), for the burst sign.
    pub network: &'a str,
}

/// The names a case declares (legal representative, agent, operators), one a
/// line: what the staff list searches besides reference, code and name.
pub fn people(case: &eport_domain::case::EnrollmentCase) -> String {
    [case.legal_person.name.as_str(), case.agent.name.as_str()]
        .into_iter()
        .chain(case.operators.iter().map(|o| o.name.as_str()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn date_of(rfc3339: &str) -> Option<chrono::NaiveDate> {
    DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|d| d.with_timezone(&shanghai()).date_naive())
}

/// The status document the protocol returns for a submission.
pub fn status_document(r: &Row, atts: &[AttachmentState], calendar: &Calendar) -> StatusDocument {
    let decision = r.decision.as_deref().and_then(Decision::parse);
    let from = r.received_at.as_deref().unwrap_or(&r.created_at);
    let review_by = date_of(from).map(|d| calendar.add_business_days(d, 1).date.to_string());
    // The source: mailed, or made for the window, on the third business day
    // after approval.
    let after_approval = r
        .decided_at
        .as_deref()
        .filter(|_| r.decision.as_deref() == Some("approve"))
        .and_then(date_of)
        .map(|d| calendar.add_business_days(d, 3).date.to_string());
    let (dispatch_by, ready_by) = match (r.state, r.pickup) {
        (SubmissionState::Approved | SubmissionState::Dispatched, PickupMethod::Mail) => {
            (after_approval, None)
        }
        (SubmissionState::Approved, PickupMethod::Window) => (None, after_approval),
        _ => (None, None),
    };
    let mut missing: Vec<String> = Vec::new();
    for a in atts.iter().filter(|a| !a.complete) {
        if !missing.contains(&a.sha256) {
            missing.push(a.sha256.clone());
        }
    }
    StatusDocument {
        id: r.id.to_string(),
        state: r.state,
        reference: r.reference.clone(),
        missing,
        received_at: r.received_at.clone(),
        review: Review {
            decision,
            note: r.note.clone(),
            decided_at: r.decided_at.clone(),
            reasons: r.reasons.clone(),
            tracking_number: r.tracking_number.clone(),
            ready_at: r.ready_at.clone(),
            mail_returned: r.mail_returned.clone(),
            collected: r.collected.clone(),
        },
        expected: Expected {
            review_by,
            dispatch_by,
            ready_by,
        },
        archived_at: r.archived_at.clone(),
        pickup: Some(r.pickup),
    }
}
