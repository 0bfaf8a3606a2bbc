//! Sync protocol v1 payloads (see the sync-protocol spec). Shared by the
//! browser's outbox and the server so both read and write the same JSON.

use serde::{Deserialize, Serialize};

use crate::case::EnrollmentCase;
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
}

impl SubmissionState {
    /// The enterprise may still withdraw it: the review has not begun.
    pub fn withdrawable(self) -> bool {
        matches!(
            self,
            SubmissionState::AwaitingAttachments | SubmissionState::Received
        )
    }

    /// A new declaration of the same case may supersede it.
    /// Waiting for the centre (to review, or to post the card): a reviewer's
    /// claim on it means something.
    pub fn awaits_centre(self) -> bool {
        matches!(
            self,
            SubmissionState::Received | SubmissionState::InReview | SubmissionState::Approved
        )
    }

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
        }
    }

    pub fn parse(s: &str) -> Option<SubmissionState> {
        use SubmissionState::*;
        [
            AwaitingAttachments,
            Received,
            InReview,
            Approved,
            Rejected,
            Dispatched,
            Superseded,
            Withdrawn,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
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
    Dispatch,
}

impl Decision {
    pub const ALL: [Decision; 4] = [
        Decision::InReview,
        Decision::Approve,
        Decision::Reject,
        Decision::Dispatch,
    ];

    /// The state this decision leads to from `from`; `None` where it does not
    /// apply (the server answers 409, the console does not offer it).
    pub fn next(self, from: SubmissionState) -> Option<SubmissionState> {
        use SubmissionState::*;
        match (self, from) {
            (Decision::InReview, Received) => Some(InReview),
            (Decision::Approve, Received | InReview) => Some(Approved),
            (Decision::Reject, Received | InReview) => Some(Rejected),
            (Decision::Dispatch, Approved) => Some(Dispatched),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    pub decision: Option<Decision>,
    pub note: Option<String>,
    pub decided_at: Option<String>,
    /// A rejection's structured reasons, each naming a field or attachment.
    #[serde(default)]
    pub reasons: Vec<RejectReason>,
    /// The EMS mail number of the dispatched card.
    #[serde(default)]
    pub tracking_number: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expected {
    /// `YYYY-MM-DD`
    pub review_by: Option<String>,
    pub dispatch_by: Option<String>,
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
    /// The reviewer working on it (开始审核), while it is open.
    #[serde(default)]
    pub claim: Option<Claim>,
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
    /// The rules' findings on the declared case, recomputed by the server
    /// (`findings::findings`), with the warnings the applicant confirmed.
    #[serde(default)]
    pub findings: Vec<crate::findings::Finding>,
}

/// A ticked line of a submission's checklist, and who ticked it when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckTick {
    /// `licence`, `id.legal_person`, `id.agent`, `id.operators.{n}`, `authorization`.
    pub item: String,
    pub checked_by: crate::staff_session::StaffActor,
    pub checked_at: String,
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
}

impl Problem {
    pub fn new(status: u16, kind: &str, title: &str, detail: impl Into<String>) -> Problem {
        Problem {
            kind: format!("urn:eport-desk:problem:{kind}"),
            title: title.into(),
            status,
            detail: detail.into(),
            errors: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_apply_only_where_the_review_stands() {
        use SubmissionState as S;
        let all = [
            S::AwaitingAttachments,
            S::Received,
            S::InReview,
            S::Approved,
            S::Rejected,
            S::Dispatched,
            S::Superseded,
            S::Withdrawn,
        ];
        let applies = |d: Decision| {
            all.into_iter()
                .filter(|s| d.next(*s).is_some())
                .collect::<Vec<_>>()
        };
        assert_eq!(applies(Decision::InReview), [S::Received]);
        assert_eq!(applies(Decision::Approve), [S::Received, S::InReview]);
        assert_eq!(applies(Decision::Reject), [S::Received, S::InReview]);
        assert_eq!(applies(Decision::Dispatch), [S::Approved]);
        assert_eq!(Decision::Approve.next(S::InReview), Some(S::Approved));
        assert_eq!(Decision::Reject.next(S::Received), Some(S::Rejected));
        assert_eq!(Decision::Dispatch.next(S::Approved), Some(S::Dispatched));
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
            },
            archived_at: None,
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
