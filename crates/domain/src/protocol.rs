//! Sync protocol v1 payloads (see the sync-protocol spec). Shared by the
//! browser's outbox and the server so both read and write the same JSON.

use serde::{Deserialize, Serialize};

use crate::card_route::Collector;
use crate::case::{EnrollmentCase, PickupMethod};
use crate::issue::Issue;
use crate::lang::Lang;
use crate::review::RejectReason;

pub const API_VERSION: u32 = 1;
pub const SERVICE_NAME: &str = "eport-sync";
pub const MANIFEST_MAX_BYTES: usize = 256 * 1024;
pub const MAX_ATTACHMENTS: usize = 20;
pub const CHUNK_MAX_BYTES: usize = 1024 * 1024;
pub const CHUNK_DEFAULT_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ping {
    pub service: String,
    pub api: u32,
    pub version: String,
}

impl Ping {
    pub fn new(version: &str) -> Ping {
        Ping {
            service: SERVICE_NAME.into(),
            api: API_VERSION,
            version: version.into(),
        }
    }

    /// The browser treats anything but this exact shape as "offline".
    pub fn is_ours(&self) -> bool {
        self.service == SERVICE_NAME && self.api == API_VERSION
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubmissionKind {
    PaperlessEnrollment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentDecl {
    pub slot: String,
    pub sha256: String,
    pub size: u64,
    pub mime: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientInfo {
    pub app_version: String,
    /// RFC 3339 with offset, e.g. `2026-11-27T10:00:00+08:00`.
    pub declared_at: String,
}

/// The body of `PUT /submissions/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Manifest {
    pub kind: SubmissionKind,
    pub supersedes: Option<String>,
    pub case: EnrollmentCase,
    pub attachments: Vec<AttachmentDecl>,
    pub client: ClientInfo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubmissionState {
    AwaitingAttachments,
    Received,
    InReview,
    Approved,
    Rejected,
    Dispatched,
    Superseded,
    /// The enterprise took it back before the review began (`POST …/withdraw`).
    Withdrawn,
    /// 待领卡: the card waits at the hall's counter 1 (窗口领卡 once made, or
    /// mail that came back).
    ReadyForPickup,
    /// 已领卡: collected at the counter.
    Collected,
    /// A state this version does not know (a newer server): shown as such,
    /// never a failure. The server never sends it.
    #[serde(other)]
    Unknown,
}

impl SubmissionState {
    /// The enterprise may still withdraw it: the review has not begun.
    pub fn withdrawable(self) -> bool {
        matches!(
            self,
            SubmissionState::AwaitingAttachments | SubmissionState::Received
        )
    }

    /// The review has not ended: a reviewer's claim on it means something.
    /// (The claim ends at approval, so whoever records what happens to the
    /// card is never refused by it.)
    pub fn under_review(self) -> bool {
        matches!(self, SubmissionState::Received | SubmissionState::InReview)
    }

    /// The card has left the centre's hands: its scans are no longer needed
    /// in the browser, and retention counts it as finished.
    pub fn card_delivered(self) -> bool {
        matches!(
            self,
            SubmissionState::Dispatched | SubmissionState::Collected
        )
    }

    /// A new declaration of the same case may supersede it.
    pub fn supersedable(self) -> bool {
        matches!(self, SubmissionState::Rejected | SubmissionState::Withdrawn)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionState::AwaitingAttachments => "awaiting_attachments",
            SubmissionState::Received => "received",
            SubmissionState::InReview => "in_review",
            SubmissionState::Approved => "approved",
            SubmissionState::Rejected => "rejected",
            SubmissionState::Dispatched => "dispatched",
            SubmissionState::Superseded => "superseded",
            SubmissionState::Withdrawn => "withdrawn",
            SubmissionState::ReadyForPickup => "ready_for_pickup",
            SubmissionState::Collected => "collected",
            SubmissionState::Unknown => "unknown",
        }
    }

    /// Every state the server can be in (not `Unknown`).
    pub const KNOWN: [SubmissionState; 10] = [
        SubmissionState::AwaitingAttachments,
        SubmissionState::Received,
        SubmissionState::InReview,
        SubmissionState::Approved,
        SubmissionState::Rejected,
        SubmissionState::Dispatched,
        SubmissionState::Superseded,
        SubmissionState::Withdrawn,
        SubmissionState::ReadyForPickup,
        SubmissionState::Collected,
    ];

    pub fn parse(s: &str) -> Option<SubmissionState> {
        SubmissionState::KNOWN.into_iter().find(|x| x.as_str() == s)
    }

    /// What the enterprise user sees.
    pub fn label(self, lang: Lang) -> &'static str {
        use SubmissionState::*;
        match (self, lang) {
            (AwaitingAttachments, Lang::ZhCn) => "发送中",
            (AwaitingAttachments, Lang::En) => "Sending",
            (Received, Lang::ZhCn) => "已提交",
            (Received, Lang::En) => "Submitted",
            (InReview, Lang::ZhCn) => "审核中",
            (InReview, Lang::En) => "In review",
            (Approved, Lang::ZhCn) => "审核通过",
            (Approved, Lang::En) => "Approved",
            (Rejected, Lang::ZhCn) => "退单",
            (Rejected, Lang::En) => "Returned",
            (Dispatched, Lang::ZhCn) => "已寄出",
            (Dispatched, Lang::En) => "Card posted",
            (Superseded, Lang::ZhCn) => "已被新申报取代",
            (Superseded, Lang::En) => "Superseded",
            (Withdrawn, Lang::ZhCn) => "已撤回",
            (Withdrawn, Lang::En) => "Withdrawn",
            (ReadyForPickup, Lang::ZhCn) => "待领卡",
            (ReadyForPickup, Lang::En) => "Ready at the hall",
            (Collected, Lang::ZhCn) => "已领卡",
            (Collected, Lang::En) => "Collected",
            (Unknown, Lang::ZhCn) => "状态已更新",
            (Unknown, Lang::En) => "Updated",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    InReview,
    Approve,
    Reject,
    /// 已寄出 (邮寄领卡), with the EMS number.
    Dispatch,
    /// 制卡完成 (窗口领卡): the card waits at the hall.
    CardMade,
    /// 退回: the mailed card came back (with the reason); it waits at counter 1.
    MailReturned,
    /// 已领卡, with who collected it.
    Collect,
    /// A decision this version does not know (a newer server).
    #[serde(other)]
    Unknown,
}

impl Decision {
    /// Every decision a reviewer can make (not `Unknown`).
    pub const ALL: [Decision; 7] = [
        Decision::InReview,
        Decision::Approve,
        Decision::Reject,
        Decision::Dispatch,
        Decision::CardMade,
        Decision::MailReturned,
        Decision::Collect,
    ];

    /// The name in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::InReview => "in_review",
            Decision::Approve => "approve",
            Decision::Reject => "reject",
            Decision::Dispatch => "dispatch",
            Decision::CardMade => "card_made",
            Decision::MailReturned => "mail_returned",
            Decision::Collect => "collect",
            Decision::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// The decision as the console names it (its button), in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Decision::InReview => lang.pick("开始审核", "Start review"),
            Decision::Approve => lang.pick("审核通过", "Approve"),
            Decision::Reject => lang.pick("退单", "Return"),
            Decision::Dispatch => lang.pick("标记已寄出", "Mark as posted"),
            Decision::CardMade => lang.pick("制卡完成（待领卡）", "Card made (ready to collect)"),
            Decision::MailReturned => lang.pick("登记邮件退回", "Record returned mail"),
            Decision::Collect => lang.pick("登记领卡", "Record collection"),
            Decision::Unknown => lang.pick("未知操作", "Unknown action"),
        }
    }

    /// The state this decision leads to from `from`, for a case whose card
    /// goes by `route`; `None` where it does not apply (the server answers
    /// 409, the console does not offer it). Staff cannot send a window case
    /// by mail, nor make a mailed card wait at the hall before it came back.
    pub fn next(self, from: SubmissionState, route: PickupMethod) -> Option<SubmissionState> {
        use SubmissionState::*;
        match (self, from, route) {
            (Decision::InReview, Received, _) => Some(InReview),
            (Decision::Approve, Received | InReview, _) => Some(Approved),
            (Decision::Reject, Received | InReview, _) => Some(Rejected),
            (Decision::Dispatch, Approved, PickupMethod::Mail) => Some(Dispatched),
            (Decision::CardMade, Approved, PickupMethod::Window) => Some(ReadyForPickup),
            (Decision::MailReturned, Dispatched, _) => Some(ReadyForPickup),
            (Decision::Collect, ReadyForPickup, _) => Some(Collected),
            _ => None,
        }
    }

    /// Decides the review itself (approve, return): it needs the reviewer's
    /// claim. What follows approval (the card's way out) does not.
    pub fn is_verdict(self) -> bool {
        matches!(self, Decision::Approve | Decision::Reject)
    }

    /// A decision about the card after approval: it keeps the approval's
    /// note, reasons and date.
    pub fn after_approval(self) -> bool {
        matches!(
            self,
            Decision::Dispatch | Decision::CardMade | Decision::MailReturned | Decision::Collect
        )
    }
}

/// A mailed card that came back: when, and why (the courier's reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailReturn {
    pub at: String,
    pub reason: String,
}

/// A card collected at the counter: by whom (name, last 4 of their ID), when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Collection {
    pub at: String,
    pub collector: Collector,
}

/// A 领卡方式 this version does not know reads as none.
fn lenient_pickup<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<PickupMethod>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.and_then(|s| PickupMethod::parse(&s)))
}

/// Reasons as sent; one this version cannot read (a field it does not know)
/// is left out rather than failing the whole document.
fn lenient_reasons<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<RejectReason>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Maybe {
        Known(RejectReason),
        Other(serde::de::IgnoredAny),
    }
    let all = Option::<Vec<Maybe>>::deserialize(d)?.unwrap_or_default();
    Ok(all
        .into_iter()
        .filter_map(|m| match m {
            Maybe::Known(r) => Some(r),
            Maybe::Other(_) => None,
        })
        .collect())
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    pub decision: Option<Decision>,
    pub note: Option<String>,
    pub decided_at: Option<String>,
    /// A rejection's structured reasons, each naming a field or attachment.
    #[serde(default, deserialize_with = "lenient_reasons")]
    pub reasons: Vec<RejectReason>,
    /// The EMS mail number of the dispatched card.
    #[serde(default)]
    pub tracking_number: Option<String>,
    /// 制卡完成: since when the card waits at the hall (窗口领卡).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_at: Option<String>,
    /// The mailed card came back; it waits at counter 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_returned: Option<MailReturn>,
    /// 已领卡: who collected the card, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected: Option<Collection>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expected {
    /// `YYYY-MM-DD`
    pub review_by: Option<String>,
    pub dispatch_by: Option<String>,
    /// 窗口领卡: the day the card is expected to be ready at the hall.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_by: Option<String>,
}

/// `GET /submissions/{id}` and the body of every 2xx on a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusDocument {
    pub id: String,
    pub state: SubmissionState,
    pub reference: Option<String>,
    pub missing: Vec<String>,
    pub received_at: Option<String>,
    pub review: Review,
    pub expected: Expected,
    /// Set once the submission's personal data was erased (retention, or on
    /// request): what is left is this document. The app shows 已归档.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<String>,
    /// 领卡方式 of the declared case (kept when it is archived).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_pickup"
    )]
    pub pickup: Option<PickupMethod>,
}

/// The request header by which an app says which states it reads. An app
/// cached before 待领卡 and 已领卡 existed sends none and fails on a state it
/// does not know, so it is told the nearest state it knows until it updates.
pub const STATES_HEADER: &str = "x-eport-states";
/// What this version reads: the card's way out (待领卡, 已领卡).
pub const STATES_GENERATION: u32 = 2;

impl SubmissionState {
    /// The state as a reader of `generation` knows it: before generation 2,
    /// a card waiting at the hall reads as approved, a collected one as sent.
    pub fn for_generation(self, generation: u32) -> SubmissionState {
        match (self, generation < 2) {
            (SubmissionState::ReadyForPickup, true) => SubmissionState::Approved,
            (SubmissionState::Collected, true) => SubmissionState::Dispatched,
            (s, _) => s,
        }
    }

    /// The generation a request's `x-eport-states` value asks for (1 when absent or unreadable).
    pub fn generation_of(header: Option<&str>) -> u32 {
        header
            .and_then(|v| v.trim().parse::<u32>().ok())
            .unwrap_or(1)
    }
}

impl Decision {
    /// The decision as a reader of `generation` knows it (see [`SubmissionState::for_generation`]).
    pub fn for_generation(self, generation: u32) -> Decision {
        match (self, generation < 2) {
            (Decision::CardMade | Decision::MailReturned | Decision::Collect, true) => {
                Decision::Approve
            }
            (d, _) => d,
        }
    }
}

impl StatusDocument {
    /// This document as a reader of `generation` can read it.
    pub fn for_generation(mut self, generation: u32) -> StatusDocument {
        self.state = self.state.for_generation(generation);
        self.review.decision = self.review.decision.map(|d| d.for_generation(generation));
        self
    }
}

/// `POST /lookup`: a lost device or a cleared browser looks up a submission
/// by what is printed on the enterprise's papers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupRequest {
    /// The reference number, `XM<yyyymmdd>-<nnnnnn>`.
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub reference: String,
    /// The enterprise's unified social credit code.
    #[cfg_attr(feature = "openapi", schema(max_length = 18))]
    pub uscc: String,
}

/// The answer to a look-up: states and dates only, no personal data (and no
/// review note, which may name a person).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupAnswer {
    pub reference: String,
    pub state: SubmissionState,
    pub received_at: Option<String>,
    pub decision: Option<Decision>,
    pub decided_at: Option<String>,
    pub expected: Expected,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<String>,
}

/// `POST /staff/submissions/{id}/review`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewRequest {
    pub decision: Decision,
    /// 审批意见, free text; a rejection needs it or at least one reason.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
    /// With `reject` only: the centre's common reasons, as the console offers
    /// them for this submission (at most 20).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub reasons: Vec<RejectReason>,
    /// With `dispatch` only, and required there: the EMS mail number
    /// (`EA123456785CN` with its check digit, or 13 digits).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub tracking_number: Option<String>,
    /// With `collect` only, and required there: who collected the card.
    #[serde(default)]
    pub collector: Option<Collector>,
}

/// One row of the staff list (`GET /staff/submissions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffListItem {
    pub id: String,
    pub reference: Option<String>,
    pub state: SubmissionState,
    pub uscc: String,
    pub enterprise: String,
    pub created_at: String,
    pub received_at: Option<String>,
    pub supersedes: Option<String>,
    /// The reviewer working on it (认领), while it is open.
    #[serde(default)]
    pub claim: Option<Claim>,
    /// 领卡方式 (kept when archived).
    #[serde(default)]
    pub pickup: Option<PickupMethod>,
    /// Who made the last decision, and when (decided cases).
    #[serde(default)]
    pub decided_by: Option<crate::staff_session::StaffActor>,
    #[serde(default)]
    pub decided_at: Option<String>,
    /// Signs it was not filed by a person one at a time (`arrival`).
    #[serde(default)]
    pub arrival: Vec<crate::arrival::ArrivalSign>,
}

/// `GET /staff/submissions`: newest first unless `sort=oldest`, `page_size` a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffList {
    pub page: u32,
    pub page_size: u32,
    pub items: Vec<StaffListItem>,
    /// Records moved aside at start-up (`GET /staff/quarantine` lists them).
    #[serde(default)]
    pub quarantined: u64,
    /// Submissions matching the filter, over all pages.
    #[serde(default)]
    pub total: u64,
    /// Every submission by state (not filtered), for the queue's overview.
    #[serde(default)]
    pub counts: Vec<StateCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateCount {
    pub state: SubmissionState,
    pub count: u64,
}

/// A reviewer's hold on a submission: others see who works on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Claim {
    pub holder: crate::staff_session::StaffActor,
    pub at: String,
}

/// `POST /staff/submissions/{key}/claim`: a reason takes over another
/// reviewer's claim (and is recorded); without one such a claim is refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimRequest {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

/// An attachment of a submission and whether all its bytes arrived verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentState {
    pub sha256: String,
    pub slot: String,
    pub name: String,
    pub mime: String,
    pub size: u64,
    pub complete: bool,
}

/// One request about a submission as the server recorded it, or a run of
/// identical ones (`count` of them, the last at `last_at`; `bytes` summed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub at: String,
    pub method: String,
    pub endpoint: String,
    pub status: u16,
    pub bytes: u64,
    pub replay: bool,
    pub detail: String,
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default)]
    pub last_at: Option<String>,
    /// The staff member who made the request, for staff actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<crate::staff_session::StaffActor>,
    /// The attachment (SHA-256) a request was about, for HEAD and PATCH.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// What happened, as data (`detail` is the server's English line for
    /// it); absent on rows recorded before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<crate::timeline_event::TimelineEvent>,
}

fn one() -> u32 {
    1
}

/// `GET /staff/submissions/{key}/timeline`: oldest first, `page_size` a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffTimeline {
    pub page: u32,
    pub page_size: u32,
    /// Rows in all pages.
    pub total: u64,
    pub items: Vec<TimelineEntry>,
}

/// Something the server found at start-up that it could not finish and moved
/// aside instead (a partial file, an attachment record), for staff to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarantineEntry {
    pub at: String,
    pub submission_id: Option<String>,
    /// What it was, e.g. `partial file` or `attachment record`.
    pub what: String,
    pub reason: String,
    /// Its name under the data directory's `quarantine/` folder, if a file was moved.
    pub moved_to: Option<String>,
}

/// `GET /staff/submissions/{key}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSubmission {
    pub status: StatusDocument,
    pub supersedes: Option<String>,
    /// The submission this one replaces, by reference (its id when it has none).
    #[serde(default)]
    pub supersedes_reference: Option<String>,
    /// The submission that replaced this one, by reference (its id when it has none).
    #[serde(default)]
    pub superseded_by: Option<String>,
    pub created_at: String,
    /// The manifest as the browser sent it.
    pub manifest: Option<Manifest>,
    pub attachments: Vec<AttachmentState>,
    /// The first page of the request timeline, oldest first; the rest from
    /// `GET /staff/submissions/{key}/timeline?page=`.
    pub timeline: Vec<TimelineEntry>,
    #[serde(default)]
    pub timeline_total: u64,
    /// Who made the current decision (the enterprise's status document never says).
    #[serde(default)]
    pub decided_by: Option<crate::staff_session::StaffActor>,
    /// The latest recorded accesses to this submission, newest first (at most 100).
    #[serde(default)]
    pub access: Vec<crate::staff_session::AccessEntry>,
    /// The reviewers' ticks on the checklist (`review::checklist`).
    #[serde(default)]
    pub checklist: Vec<CheckTick>,
    /// Who is working on it, while it is open.
    #[serde(default)]
    pub claim: Option<Claim>,
    /// Signs it was not filed by a person one at a time (`arrival`).
    #[serde(default)]
    pub arrival: Vec<crate::arrival::ArrivalSign>,
    /// The rules' findings on the declared case, recomputed by the server
    /// (`findings::findings`), with the warnings the applicant confirmed.
    #[serde(default)]
    pub findings: Vec<crate::findings::Finding>,
    /// The lines of its checklist (`review::checklist`), all of which an
    /// approval needs ticked.
    #[serde(default)]
    pub checklist_lines: Vec<String>,
    /// The declaration this one corrects, as it was returned: what the
    /// console compares it with (`correction.rs`).
    #[serde(default)]
    pub previous: Option<PreviousDeclaration>,
}

/// A superseded declaration, for reviewing its correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviousDeclaration {
    /// Its reference (its id when it has none).
    pub reference: String,
    /// `rejected` or `withdrawn`, as it was before it was superseded.
    pub decision: Option<Decision>,
    pub review: Review,
    pub decided_by: Option<crate::staff_session::StaffActor>,
    /// Its manifest; none once archived.
    pub manifest: Option<Manifest>,
}

/// A ticked line of a submission's checklist, and who ticked it when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckTick {
    /// `licence`, `id.legal_person`, `id.agent`, `id.operators.{n}`, `authorization`.
    pub item: String,
    pub checked_by: crate::staff_session::StaffActor,
    pub checked_at: String,
    /// Carried over from the declaration this one corrects (its reference):
    /// nothing the line compares has changed since it was ticked there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
}

/// `GET /staff/submissions/{key}/progress`: what other reviewers change on an
/// open review page (the state, the claim, the ticks), polled every few
/// seconds; no personal data, so no recorded access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewProgress {
    pub state: SubmissionState,
    #[serde(default)]
    pub claim: Option<Claim>,
    #[serde(default)]
    pub checklist: Vec<CheckTick>,
}

/// `PUT /staff/submissions/{key}/checklist/{item}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckRequest {
    pub checked: bool,
}

/// The answer to a checklist change: every tick of the submission now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Checklist {
    pub ticks: Vec<CheckTick>,
}

impl From<&crate::case::AttachmentMeta> for AttachmentDecl {
    fn from(a: &crate::case::AttachmentMeta) -> AttachmentDecl {
        AttachmentDecl {
            slot: a.slot.clone(),
            sha256: a.sha256.clone(),
            size: a.size,
            mime: a.mime.clone(),
            name: a.name.clone(),
        }
    }
}

/// One entry of a validation problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemError {
    pub path: String,
    pub code: String,
    pub message: String,
}

impl ProblemError {
    pub fn from_issue(i: &Issue, lang: Lang) -> ProblemError {
        ProblemError {
            path: i.path.to_string(),
            code: i.code.as_str().into(),
            message: i.message(lang),
        }
    }
}

/// RFC 9457 problem details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemError>,
    /// With a 507: which limit was reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<StorageLimit>,
}

/// The limits behind a 507.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StorageLimit {
    /// The free space the server's disk keeps (`--min-free-disk`).
    DiskReserve,
    /// All stored submissions' attachments together (`--max-store-bytes`).
    StoreQuota,
    /// The bytes one client address may declare in a day.
    AddressDailyBytes,
    /// A limit this version does not know (a newer server).
    #[serde(other)]
    Unknown,
}

impl Problem {
    pub fn new(status: u16, kind: &str, title: &str, detail: impl Into<String>) -> Problem {
        Problem {
            kind: format!("urn:eport-desk:problem:{kind}"),
            title: title.into(),
            status,
            detail: detail.into(),
            errors: Vec::new(),
            limit: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_apply_only_where_the_review_stands() {
        use PickupMethod::{Mail, Window};
        use SubmissionState as S;
        let applies = |d: Decision, route: PickupMethod| {
            SubmissionState::KNOWN
                .into_iter()
                .filter(|s| d.next(*s, route).is_some())
                .collect::<Vec<_>>()
        };
        for route in [Mail, Window] {
            assert_eq!(applies(Decision::InReview, route), [S::Received]);
            assert_eq!(
                applies(Decision::Approve, route),
                [S::Received, S::InReview]
            );
            assert_eq!(applies(Decision::Reject, route), [S::Received, S::InReview]);
            assert_eq!(applies(Decision::MailReturned, route), [S::Dispatched]);
            assert_eq!(applies(Decision::Collect, route), [S::ReadyForPickup]);
            assert!(applies(Decision::Unknown, route).is_empty());
        }
        // The card's way out follows the case: staff cannot pick another.
        assert_eq!(applies(Decision::Dispatch, Mail), [S::Approved]);
        assert!(applies(Decision::Dispatch, Window).is_empty());
        assert_eq!(applies(Decision::CardMade, Window), [S::Approved]);
        assert!(applies(Decision::CardMade, Mail).is_empty());
        assert_eq!(Decision::Approve.next(S::InReview, Mail), Some(S::Approved));
        assert_eq!(Decision::Reject.next(S::Received, Mail), Some(S::Rejected));
        assert_eq!(
            Decision::Dispatch.next(S::Approved, Mail),
            Some(S::Dispatched)
        );
        assert_eq!(
            Decision::CardMade.next(S::Approved, Window),
            Some(S::ReadyForPickup)
        );
        assert_eq!(
            Decision::MailReturned.next(S::Dispatched, Mail),
            Some(S::ReadyForPickup),
            "a mailed card that came back waits at counter 1"
        );
        assert_eq!(
            Decision::Collect.next(S::ReadyForPickup, Mail),
            Some(S::Collected)
        );
        for d in Decision::ALL {
            assert_eq!(Decision::parse(d.as_str()), Some(d));
            assert_eq!(serde_json::to_value(d).unwrap(), d.as_str());
            assert!(!(d.is_verdict() && d.after_approval()));
        }
        assert!(S::Dispatched.card_delivered() && S::Collected.card_delivered());
        assert!(!S::ReadyForPickup.card_delivered());
    }

    #[test]
    fn a_newer_servers_states_decisions_and_reasons_are_read_not_refused() {
        // A status document as a later server might send it.
        let doc: StatusDocument = serde_json::from_value(serde_json::json!({
            "id": "x", "state": "card_destroyed", "reference": "XM20261206-000001",
            "missing": [], "received_at": null,
            "review": {"decision": "escalate", "note": null, "decided_at": null,
                "reasons": [{"code": "expired", "field": "enterprise.uscc"},
                            {"code": "unclear", "field": "attachments.some_new_slot"},
                            {"code": "unclear", "field": "attachments.business_licence"}]},
            "expected": {"review_by": null, "dispatch_by": null, "collect_by": "2027-01-01"},
            "pickup": "drone"
        }))
        .unwrap();
        assert_eq!(doc.state, SubmissionState::Unknown);
        assert_eq!(doc.review.decision, Some(Decision::Unknown));
        assert_eq!(doc.review.reasons.len(), 2, "{:?}", doc.review.reasons);
        assert_eq!(
            doc.review.reasons[0].code,
            crate::review::ReasonCode::Unknown
        );
        assert_eq!(doc.pickup, None, "a way this version does not know");
        assert!(Decision::Unknown
            .next(SubmissionState::Unknown, PickupMethod::Mail)
            .is_none());
    }

    #[test]
    fn an_app_cached_before_the_new_states_is_told_states_it_knows() {
        use SubmissionState as S;
        let mut doc: StatusDocument = serde_json::from_value(serde_json::json!({
            "id": "x", "state": "ready_for_pickup", "reference": null, "missing": [],
            "received_at": null, "review": {"decision": "approve", "note": null, "decided_at": null},
            "expected": {"review_by": null, "dispatch_by": null}
        }))
        .unwrap();
        assert_eq!(doc.clone().for_generation(1).state, S::Approved);
        assert_eq!(
            doc.clone().for_generation(STATES_GENERATION).state,
            S::ReadyForPickup
        );
        doc.state = S::Collected;
        assert_eq!(doc.clone().for_generation(1).state, S::Dispatched);
        // What generation 1 reads is one of the eight states it knew.
        let v = serde_json::to_value(doc.for_generation(1)).unwrap();
        assert!(["approved", "dispatched"].contains(&v["state"].as_str().unwrap()));
        assert_eq!(SubmissionState::generation_of(None), 1);
        assert_eq!(SubmissionState::generation_of(Some(" 2 ")), 2);
        assert_eq!(SubmissionState::generation_of(Some("two")), 1);
    }

    #[test]
    fn a_status_document_of_the_previous_version_still_reads() {
        // Captured from the server before 窗口领卡 had states of its own.
        let old = r#"{"id":"7f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f","state":"dispatched","reference":"XM20261130-000004","missing":[],"received_at":"2026-11-30T09:12:44+08:00","review":{"decision":"approve","note":"材料齐全","decided_at":"2026-11-30T10:01:02+08:00","reasons":[],"tracking_number":"EA123456785CN"},"expected":{"review_by":"2026-12-01","dispatch_by":"2026-12-03"}}"#;
        let doc: StatusDocument = serde_json::from_str(old).unwrap();
        assert_eq!(doc.state, SubmissionState::Dispatched);
        assert_eq!(doc.review.tracking_number.as_deref(), Some("EA123456785CN"));
        assert_eq!(doc.pickup, None);
        assert_eq!(doc.expected.ready_by, None);
        // And what this version writes, an older reader's fields unchanged.
        let v = serde_json::to_value(&doc).unwrap();
        assert!(v.get("pickup").is_none() && v["review"].get("collected").is_none());
    }

    #[test]
    fn status_document_matches_the_spec_shape() {
        let doc = StatusDocument {
            id: "x".into(),
            state: SubmissionState::AwaitingAttachments,
            reference: None,
            missing: vec!["ab".into()],
            received_at: None,
            review: Review::default(),
            expected: Expected {
                review_by: Some("2026-11-30".into()),
                dispatch_by: None,
                ready_by: None,
            },
            archived_at: None,
            pickup: None,
        };
        let v = serde_json::to_value(&doc).unwrap();
        assert!(v.get("archived_at").is_none(), "absent until archived");
        assert_eq!(v["state"], "awaiting_attachments");
        assert_eq!(v["review"]["decision"], serde_json::Value::Null);
        assert_eq!(v["expected"]["review_by"], "2026-11-30");
        for s in [
            "received",
            "in_review",
            "approved",
            "rejected",
            "dispatched",
            "superseded",
        ] {
            assert_eq!(SubmissionState::parse(s).unwrap().as_str(), s);
        }
    }

    #[test]
    fn ping_identifies_the_service() {
        let p = Ping::new("0.1.0");
        assert!(p.is_ours());
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"service":"eport-sync","api":1,"version":"0.1.0"})
        );
    }

    #[test]
    fn problem_serialises_type_field() {
        let p = Problem::new(404, "not-found", "Not Found", "no such route");
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["type"], "urn:eport-desk:problem:not-found");
        assert_eq!(v["status"], 404);
        assert!(v.get("errors").is_none());
    }
}
