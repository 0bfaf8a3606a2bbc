//! Staff endpoints (`/staff/…`): list, inspect with the request timeline,
//! download attachment bytes, and decide. All need a signed-in staff session
//! (`staff_auth::require`); every view and download of personal data is
//! recorded with who and when, every decision names its reviewer.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use eport_domain::attachment::FileType;
use eport_domain::case::PickupMethod;
use eport_domain::findings::findings;
use eport_domain::ids::SubmissionKey;
use eport_domain::protocol::{
    PreviousDeclaration, Problem, QuarantineEntry, StaffList, StaffSubmission, StaffTimeline,
    SubmissionState,
};
use eport_domain::staff_session::AccessAction;
use serde::Deserialize;
use utoipa::IntoParams;

use super::refusals::StaffRefusals;
use crate::http::parse;
use crate::http::problem::ApiError;
use crate::staff_auth::Staff;
use crate::state::Shared;
use crate::storage::{status_document, ClaimFilter, ListFilter, Row};

/// The submission with this id or reference number, or a 404.
pub(super) async fn find(state: &Shared, key: &str) -> Result<Row, ApiError> {
    let k = parse::submission_key(key)?;
    state
        .store
        .run(move |s| s.find(&k))
        .await?
        .ok_or_else(|| ApiError::not_found("no such submission"))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only submissions in these states: one, or several separated by commas
    /// (`received,in_review`: the review queue).
    #[param(max_length = 200, example = "received,in_review")]
    state: Option<String>,
    /// Part of a reference number, USCC, enterprise name or a person's name
    /// (legal representative, agent, operator); at most 100 characters.
    #[param(max_length = 100)]
    q: Option<String>,
    /// `newest` (by creation, the default) or `oldest` (by arrival: the queue).
    #[param(inline)]
    sort: Option<Sort>,
    /// Received on or after this day, `YYYY-MM-DD` (Asia/Shanghai).
    #[param(max_length = 10, example = "2026-12-01")]
    received_from: Option<String>,
    /// Received on or before this day, `YYYY-MM-DD`.
    #[param(max_length = 10, example = "2026-12-31")]
    received_to: Option<String>,
    /// 1-based page of 50.
    #[param(minimum = 1, maximum = 100000)]
    page: Option<u32>,
    /// `mail` (邮寄领卡) or `window` (窗口领卡) only.
    pickup: Option<PickupMethod>,
    /// `mine` (held by the signed-in reviewer) or `unclaimed` (under review, held by nobody).
    #[param(inline)]
    claim: Option<ClaimQuery>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClaimQuery {
    Mine,
    Unclaimed,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    Newest,
    Oldest,
}

fn states_of(s: Option<&str>) -> Result<Vec<SubmissionState>, ApiError> {
    let Some(s) = s.filter(|s| !s.is_empty()) else {
        return Ok(Vec::new());
    };
    s.split(',')
        // A state list is short: a long one stops here.
        .take(16)
        .map(|name| {
            SubmissionState::parse(name).ok_or_else(|| {
                ApiError::bad_request("bad-query", &format!("{name:?} is not a submission state"))
            })
        })
        .collect()
}

fn day_of(s: Option<&str>, name: &str) -> Result<Option<chrono::NaiveDate>, ApiError> {
    s.filter(|s| !s.is_empty())
        .map(|d| {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .ok()
                .filter(|_| d.len() == 10)
                .ok_or_else(|| {
                    ApiError::bad_request("bad-query", &format!("{name} must be YYYY-MM-DD"))
                })
        })
        .transpose()
}

/// What the list's query selects (`login`: the signed-in reviewer, for `claim=mine`);
/// no limit or offset.
pub(super) fn filter_of(q: &ListQuery, login: &str) -> Result<ListFilter, ApiError> {
    let needle = canonical_needle(q.q.as_deref().unwrap_or_default().trim());
    if needle.chars().count() > NEEDLE_MAX_CHARS {
        return Err(ApiError::bad_request(
            "bad-query",
            &format!("q may have at most {NEEDLE_MAX_CHARS} characters"),
        ));
    }
    Ok(ListFilter {
        states: states_of(q.state.as_deref())?,
        needle,
        received_from: day_of(q.received_from.as_deref(), "received_from")?,
        received_to: day_of(q.received_to.as_deref(), "received_to")?,
        oldest_first: q.sort == Some(Sort::Oldest),
        pickup: q.pickup,
        claim: match q.claim {
            None => ClaimFilter::Any,
            Some(ClaimQuery::Unclaimed) => ClaimFilter::Unclaimed,
            Some(ClaimQuery::Mine) => ClaimFilter::HeldBy(login.to_string()),
        },
        limit: 0,
        offset: 0,
    })
}

/// A 1-based page number, 1 when not given.
fn page_number(page: Option<u32>) -> Result<u32, ApiError> {
    let page = page.unwrap_or(1);
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(ApiError::bad_request(
            "bad-page",
            &format!("page must be between 1 and {MAX_PAGE}"),
        ));
    }
    Ok(page)
}

const PAGE: u32 = 50;
const MAX_PAGE: u32 = 100_000;
/// Timeline rows a page (the detail carries the first page).
const TIMELINE_PAGE: u32 = 100;
const NEEDLE_MAX_CHARS: usize = 100;
/// Recorded accesses the detail carries.
const ACCESS_SHOWN: u32 = 100;

/// Submissions, newest first, 50 a page.
#[utoipa::path(get, path = "/api/v1/staff/submissions", tag = "staff",
    params(ListQuery),
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "One page", body = StaffList),
        (status = 400, description = "A query parameter is malformed", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<Shared>,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let page = page_number(q.page)?;
    let mut filter = filter_of(&q, &staff.who.login)?;
    filter.limit = PAGE;
    filter.offset = (page - 1) * PAGE;
    let (items, total, counts, quarantined) = state
        .store
        .run(move |s| {
            Ok((
                s.list(&filter)?,
                s.count(&filter)?,
                s.state_counts()?,
                s.quarantined()?.len() as u64,
            ))
        })
        .await?;
    Ok(Json(StaffList {
        page,
        page_size: PAGE,
        items,
        quarantined,
        total,
        counts,
    })
    .into_response())
}

/// One submission with its manifest, attachment states and the first page of its request timeline.
#[utoipa::path(get, path = "/api/v1/staff/submissions/{key}", tag = "staff",
    params(("key" = String, Path, description = "Submission id or reference number")),
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "The submission", body = StaffSubmission),
        (status = 400, description = "The key is neither a submission id nor a reference number", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    State(state): State<Shared>,
    staff: Staff,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let row = find(&state, &key).await?;
    let id = row.id.clone();
    let predecessor = row.supersedes.clone();
    let (atts, (timeline, timeline_total), access, links) = state
        .store
        .run(move |s| {
            // Recorded before anything is shown.
            s.record_access(&id, &staff.who, AccessAction::View, "")?;
            let named = |r: &Row| {
                r.reference
                    .clone()
                    .unwrap_or_else(|| r.id.as_str().to_string())
            };
            let previous = match predecessor.as_deref().map(SubmissionKey::parse) {
                Some(Ok(key)) => s.find(&key)?,
                _ => None,
            };
            // Its declared data is shown beside the correction: a view of it too.
            if let Some(p) = previous.as_ref().filter(|p| p.archived_at.is_none()) {
                s.record_access(
                    &p.id,
                    &staff.who,
                    AccessAction::View,
                    "beside its correction",
                )?;
            }
            let before = previous.as_ref().map(named);
            Ok((
                s.attachments(&id)?,
                s.timeline(&id, TIMELINE_PAGE, 0)?,
                s.access_log(&id, ACCESS_SHOWN)?,
                (
                    before,
                    s.successor(&id)?.as_ref().map(named),
                    s.checklist(&id)?,
                    s.claim_of(&id)?,
                    previous,
                    s.arrival(&id)?,
                ),
            ))
        })
        .await?;
    let doc = status_document(&row, &atts, &state.calendar());
    let manifest: Option<eport_domain::protocol::Manifest> =
        serde_json::from_str(&row.manifest).ok();
    Ok(Json(StaffSubmission {
        status: doc,
        supersedes: row.supersedes,
        supersedes_reference: links.0,
        superseded_by: links.1,
        checklist: links.2,
        claim: links.3.filter(|_| row.state.under_review()),
        arrival: links.5,
        findings: manifest
            .as_ref()
            .map(|m| findings(&m.case, crate::storage::now().date_naive()))
            .unwrap_or_default(),
        previous: links.4.map(|p| {
            let doc = status_document(&p, &[], &state.calendar());
            PreviousDeclaration {
                reference: p.reference.clone().unwrap_or_else(|| p.id.to_string()),
                decision: doc.review.decision,
                review: doc.review,
                decided_by: p.decided_by.clone(),
                manifest: serde_json::from_str(&p.manifest).ok(),
            }
        }),
        checklist_lines: manifest
            .as_ref()
            .map(|m| {
                eport_domain::review::checklist(&m.case)
                    .iter()
                    .map(ToString::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        created_at: row.created_at,
        manifest,
        attachments: atts,
        timeline,
        timeline_total,
        decided_by: row.decided_by,
        access,
    })
    .into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1-based page of 100.
    #[param(minimum = 1, maximum = 100000)]
    page: Option<u32>,
}

/// A submission's request timeline, oldest first, 100 rows a page; repeated
/// identical requests are one row with a count.
#[utoipa::path(get, path = "/api/v1/staff/submissions/{key}/timeline", tag = "staff",
    params(("key" = String, Path, description = "Submission id or reference number"), PageQuery),
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "One page", body = StaffTimeline),
        (status = 400, description = "Malformed key or page", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn timeline(
    State(state): State<Shared>,
    staff: Staff,
    Path(key): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let page = page_number(q.page)?;
    let row = find(&state, &key).await?;
    let offset = (page as u64 - 1) * TIMELINE_PAGE as u64;
    let (items, total) = state
        .store
        .run(move |s| {
            s.record_access(&row.id, &staff.who, AccessAction::Timeline, "")?;
            s.timeline(&row.id, TIMELINE_PAGE, offset)
        })
        .await?;
    Ok(Json(StaffTimeline {
        page,
        page_size: TIMELINE_PAGE,
        total,
        items,
    })
    .into_response())
}

/// What start-up recovery could not finish and moved aside, newest first.
#[utoipa::path(get, path = "/api/v1/staff/quarantine", tag = "staff",
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "The quarantined items (at most 500)", body = Vec<QuarantineEntry>),
    ))]
pub async fn quarantine(State(state): State<Shared>, _staff: Staff) -> Result<Response, ApiError> {
    let items = state.store.run(|s| s.quarantined()).await?;
    Ok(Json(items).into_response())
}

/// A download's file name: the name the enterprise gave, as ASCII, with the
/// extension of the type the bytes really are (never `.exe` or `.html`).
pub fn download_name(name: &str, sniffed: Option<FileType>) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let mut ascii: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    if ascii.trim_matches('_').is_empty() {
        ascii = "attachment".into();
    }
    match sniffed {
        Some(t) => format!("{ascii}.{}", t.extension()),
        None => format!("{ascii}.bin"),
    }
}

/// The bytes of a complete attachment.
#[utoipa::path(get, path = "/api/v1/staff/submissions/{key}/attachments/{sha256}", tag = "staff",
    params(
        ("key" = String, Path, description = "Submission id or reference number"),
        ("sha256" = String, Path, description = "The attachment's SHA-256"),
    ),
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "The file", content(
            (super::uploads::Bytes = "image/jpeg"), (super::uploads::Bytes = "image/png"), (super::uploads::Bytes = "application/pdf"))),
        (status = 400, description = "Malformed key or digest", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission or no complete attachment with that digest", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The attachment store (--blob-store) cannot be reached; see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn attachment(
    State(state): State<Shared>,
    staff: Staff,
    Path((key, sha)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let row = find(&state, &key).await?;
    let id = row.id.clone();
    let atts = state.store.run(move |s| s.attachments(&id)).await?;
    let sha = parse::sha256(&sha)?;
    let a = atts
        .into_iter()
        .find(|a| a.sha256 == sha.as_str() && a.complete)
        .ok_or_else(|| ApiError::not_found("no complete attachment with that digest"))?;
    let (id, digest) = (row.id.clone(), sha.to_string());
    state
        .store
        .run(move |s| s.record_access(&id, &staff.who, AccessAction::Download, &digest))
        .await?;
    // One that arrived while the object store was down is still in the database.
    let key = sha.clone();
    let pending = state.store.run(move |s| s.pending_bytes(&key)).await?;
    let bytes = match pending {
        Some(b) => b,
        None => match state.blobs.read(&sha).await {
            Ok(Some(b)) => b,
            Ok(None) => {
                return Err(ApiError::internal(anyhow::anyhow!(
                    "the bytes of {sha} are missing"
                )))
            }
            Err(e) => {
                tracing::warn!(sha256 = %sha, error = %format!("{e:#}"), "reading an attachment failed");
                return Err(ApiError::busy(
                    30,
                    "附件存储暂时无法访问，请稍后再试 / the attachment store cannot be reached; try again shortly",
                ));
            }
        },
    };
    let sniffed = FileType::sniff(&bytes);
    let content_type = sniffed.map_or("application/octet-stream", FileType::mime);
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}\"",
                    download_name(&a.name, sniffed)
                ),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// A reference or credit code typed in any form (lower case, full-width,
/// spaced) searches as stored; anything else is searched as typed.
fn canonical_needle(typed: &str) -> String {
    if let Ok(r) = eport_domain::ids::Reference::parse_typed(typed) {
        return r.as_str().to_string();
    }
    let code = eport_domain::normalize::uscc(typed);
    if code.len() == 18 && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        code
    } else {
        typed.to_string()
    }
}
