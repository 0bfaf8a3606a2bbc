//! `PUT /submissions/{id}` (create, idempotent), `GET /submissions/{id}` and
//! `POST /submissions/{id}/withdraw`.

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Extension, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use eport_domain::ids::{SubmissionId, SubmissionKey};
use eport_domain::protocol::{
    Manifest, Problem, StatusDocument, StorageLimit, SubmissionState, MANIFEST_MAX_BYTES,
    STATES_HEADER,
};
use eport_domain::Lang;
use sha2::{Digest, Sha256};

use super::authorised::Authorised;
use super::refusals::SecretRefusals;
use crate::http::auth::{bearer, hash_secret, matches};
use crate::http::client_addr::ClientAddr;
use crate::http::parse;
use crate::http::problem::ApiError;
use crate::http::timed_body::BodyTimeout;
use crate::limits::limiter::ClientKey;
use crate::state::Shared;
use crate::storage::{now, status_document, Event, NewSubmission, Row, TimelineEvent};

pub fn lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_tag)
        .unwrap_or_default()
}

fn status_json(code: StatusCode, doc: &StatusDocument) -> Response {
    (code, [(header::CACHE_CONTROL, "no-store")], Json(doc)).into_response()
}

/// The row of a submission id, or a 404 (never stored, or purged).
async fn row_of(state: &Shared, id: &SubmissionId) -> Result<Option<Row>, ApiError> {
    let key = SubmissionKey::Id(id.clone());
    Ok(state.store.run(move |s| s.find(&key)).await?)
}

/// Loads a submission the caller may see: the bearer secret must match. An
/// unknown id is a 404, so the browser knows to declare it again; a wrong
/// secret is a 403 that says nothing about the submission.
/// The row of `id` when `headers` carry its secret (see `authorised.rs`).
pub(super) async fn authorised(
    state: &Shared,
    id: &SubmissionId,
    headers: &HeaderMap,
) -> Result<Row, ApiError> {
    let secret = bearer(headers, "authorization")
        .ok_or_else(ApiError::unauthorized)?
        .to_string();
    match row_of(state, id).await? {
        Some(r) if matches(&secret, &r.secret_hash) => Ok(r),
        Some(_) => Err(ApiError::forbidden()),
        None => Err(unknown_submission()),
    }
}

pub fn unknown_submission() -> ApiError {
    ApiError::new(
        404,
        "unknown-submission",
        "Not Found",
        "the server holds no submission with this id (an unfinished one is purged after a while); send the manifest again with PUT",
    )
}

pub async fn document(state: &Shared, row: &Row) -> Result<StatusDocument, ApiError> {
    let id = row.id.clone();
    let atts = state.store.run(move |s| s.attachments(&id)).await?;
    Ok(status_document(row, &atts, &state.calendar()))
}

/// Creates the submission; repeating the same body replays the stored answer.
#[utoipa::path(put, path = "/api/v1/submissions/{id}", tag = "sync",
    params(
        ("id" = String, Path, description = "Submission id: a lower-case UUID v4 made by the browser", pattern = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", example = "5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31"),
        ("Supersedes-Authorization" = Option<String>, Header,
            description = "`Bearer <secret>` of the rejected or withdrawn submission named in `supersedes`"),
    ),
    request_body(content = Manifest, content_type = "application/json",
        description = "At most 256 KiB and 20 attachments"),
    security(("submission_secret" = [])),
    responses(
        SecretRefusals,
        (status = 201, description = "Created and durable", body = StatusDocument),
        (status = 200, description = "The same id and body again: the stored answer", body = StatusDocument),
        (status = 400, description = "Malformed id or JSON, or a new submission's secret shorter than 22 base64url characters (`weak-secret`)", body = Problem, content_type = "application/problem+json"),
        (status = 408, description = "The body stalled, arrived slower than the minimum rate, or the request ran out of time", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The id exists with another body, or `supersedes` names a submission that is neither rejected nor withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 256 KiB, more than 20 attachments, or attachments adding up to more than the per-submission limit", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The case or its attachment list fails the rules (digest, type, size, slot; exactly the case's attachments); `errors` names each field", body = Problem, content_type = "application/problem+json"),
        (status = 507, description = "The disk's reserve, the store's quota or this address's daily bytes cannot take the declared attachments; `limit` says which", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn put(
    State(state): State<Shared>,
    Path(id): Path<String>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let id = parse::submission_id(&id)?;
    if !parse::is_json(&headers) {
        return Err(ApiError::unsupported(
            "the manifest must be sent as application/json",
        ));
    }
    let secret = bearer(&headers, "authorization")
        .ok_or_else(ApiError::unauthorized)?
        .to_string();
    // The limit is enforced while reading: nothing larger is ever buffered.
    let bytes: Bytes =
        to_bytes(body, MANIFEST_MAX_BYTES)
            .await
            .map_err(|e| match BodyTimeout::of(&e) {
                Some(why) => ApiError::body_timeout(why),
                None => ApiError::too_large(&format!(
                    "the manifest is larger than {MANIFEST_MAX_BYTES} bytes"
                )),
            })?;
    let body_hash = Sha256::digest(&bytes).to_vec();

    // A repeat of the same id: replay the stored answer, or refuse a different body.
    if let Some(existing) = row_of(&state, &id).await? {
        if !matches(&secret, &existing.secret_hash) {
            return Err(ApiError::forbidden());
        }
        let replay = existing.body_hash == body_hash;
        let status = if replay { 200 } else { 409 };
        let rid = id.clone();
        let event = Event::new("PUT", "/submissions/{id}", status)
            .bytes(bytes.len() as u64)
            .replay(replay);
        state.store.run(move |s| s.record(&rid, &event)).await?;
        if !replay {
            return Err(ApiError::conflict(
                "this submission id already exists with a different manifest",
            ));
        }
        return Ok(status_json(
            StatusCode::OK,
            &document(&state, &existing).await?,
        ));
    }

    // A new submission's secret must be worth guessing against (128 bits).
    if !eport_domain::ids::is_strong_secret(&secret) {
        return Err(ApiError::bad_request(
            "weak-secret",
            "the bearer secret of a new submission must be 22 to 256 base64url characters",
        ));
    }
    if let Err(wait) = state.creates.take(ClientKey::of(client)) {
        return Err(ApiError::rate_limited(
            wait,
            "too many new submissions from this address",
        ));
    }
    let manifest = parse::manifest(&bytes)?;
    let checked = parse::checked(&manifest, lang(&headers), now().date_naive())
        .map_err(ApiError::validation)?;

    // Quotas: this submission's bytes, the whole store's, the disk's floor.
    let declared = checked.upload_bytes();
    let disk = &state.disk;
    if declared > disk.max_submission_bytes {
        return Err(ApiError::too_large(&format!(
            "the attachments add up to {declared} bytes; one submission may declare at most {}",
            disk.max_submission_bytes
        )));
    }
    if let Some(max) = disk.max_store_bytes {
        let stored = state.store.run(|s| s.declared_bytes()).await?;
        if stored.saturating_add(declared) > max {
            return Err(ApiError::insufficient_storage(
                StorageLimit::StoreQuota,
                3600,
                &format!("the server's attachment store is full (its quota is {max} bytes); try again later"),
            ));
        }
    }
    if let Some(why) = disk.refuse(declared) {
        return Err(ApiError::insufficient_storage(
            StorageLimit::DiskReserve,
            3600,
            &why,
        ));
    }
    // Charged last, so a refusal above costs the address nothing.
    let today = now();
    let cap = disk.per_address_per_day;
    if let Err(used) = state
        .declared_today
        .add_within(
            ClientKey::of(client).to_string(),
            today.date_naive(),
            declared,
            cap,
        )
        .await?
    {
        let midnight = 86_400 - u64::from(chrono::Timelike::num_seconds_from_midnight(&today));
        return Err(ApiError::insufficient_storage(
            StorageLimit::AddressDailyBytes,
            midnight,
            &format!(
                "this address has declared {used} bytes of attachments today; it may declare {cap} a day (Asia/Shanghai), \
                 so {declared} more wait until midnight"
            ),
        ));
    }

    // Superseding an earlier, rejected submission of the same device.
    if let Some(old) = checked.supersedes().cloned() {
        let old_secret = bearer(&headers, "supersedes-authorization")
            .ok_or_else(ApiError::unauthorized)?
            .to_string();
        match row_of(&state, &old).await? {
            Some(r) if matches(&old_secret, &r.secret_hash) && r.state.supersedable() => {}
            Some(r) if matches(&old_secret, &r.secret_hash) => {
                return Err(ApiError::conflict(
                    "only a rejected or withdrawn submission can be superseded",
                ));
            }
            _ => return Err(ApiError::forbidden()),
        }
    }

    // Stored as parsed, never verbatim: fields this server does not know
    // are dropped (refusing them would strand a newer app's declarations).
    let manifest_text =
        serde_json::to_string(&manifest).map_err(|e| ApiError::internal(e.into()))?;
    let people = crate::storage::people(&manifest.case);
    let uscc = eport_domain::normalize::uscc(&manifest.case.enterprise.uscc);
    let secret_hash = hash_secret(&secret);
    let network = crate::http::client_addr::network_of(client).to_string();
    let new_id = id.clone();
    let event = Event::new("PUT", "/submissions/{id}", 201)
        .bytes(bytes.len() as u64)
        .detail("created")
        .event(TimelineEvent::Created);
    let inserted = state
        .store
        .run(move |s| {
            s.create(
                &NewSubmission {
                    id: &new_id,
                    secret_hash: &secret_hash,
                    body_hash: &body_hash,
                    manifest: &manifest_text,
                    supersedes: checked.supersedes(),
                    uscc: &uscc,
                    enterprise: &manifest.case.enterprise.name,
                    people: &people,
                    pickup: eport_domain::card_route::route_of(&manifest.case),
                    files: checked.files(),
                    network: &network,
                },
                &event,
            )
        })
        .await?;
    // Two racing first PUTs: the loser sees the winner's row.
    let row = row_of(&state, &id).await?.ok_or_else(ApiError::forbidden)?;
    if !inserted && !matches(&secret, &row.secret_hash) {
        return Err(ApiError::forbidden());
    }
    let code = if inserted {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(status_json(code, &document(&state, &row).await?))
}

/// The status document: state, reference number, missing attachments, review, expected dates.
#[utoipa::path(get, path = "/api/v1/submissions/{id}", tag = "sync",
    params(
        ("id" = String, Path, description = "Submission id (lower-case UUID v4)", pattern = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", example = "5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31"),
        ("X-Eport-States" = Option<u32>, Header, description = "The states the app reads: `2` for 待领卡 (`ready_for_pickup`) and 已领卡 (`collected`); without it they read as `approved` and `dispatched`, which an app cached before them knows"),
    ),
    security(("submission_secret" = [])),
    responses(
        SecretRefusals,
        (status = 200, description = "The status document", body = StatusDocument),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission (never stored, or purged unfinished): send the manifest again", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<Shared>,
    Authorised(row): Authorised,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = row.id.clone();
    let rid = id.clone();
    let event = Event::new("GET", "/submissions/{id}", 200);
    state.store.run(move |s| s.record(&rid, &event)).await?;
    let doc = document(&state, &row)
        .await?
        .for_generation(generation(&headers));
    Ok(status_json(StatusCode::OK, &doc))
}

/// Which states the reading app knows ([`STATES_HEADER`]).
pub fn generation(headers: &HeaderMap) -> u32 {
    SubmissionState::generation_of(headers.get(STATES_HEADER).and_then(|v| v.to_str().ok()))
}

/// Takes the submission back while its review has not begun (awaiting
/// attachments or received): it becomes `withdrawn`, and a new declaration
/// of the case may supersede it. Repeating it answers the same.
#[utoipa::path(post, path = "/api/v1/submissions/{id}/withdraw", tag = "sync",
    params(("id" = String, Path, description = "Submission id (lower-case UUID v4)", pattern = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", example = "5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31")),
    security(("submission_secret" = [])),
    responses(
        SecretRefusals,
        (status = 200, description = "Withdrawn (now, or already): the status document", body = StatusDocument),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission (never stored, or purged unfinished): nothing to withdraw", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The review has begun (or ended): corrections wait for the decision", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn withdraw(
    State(state): State<Shared>,
    Authorised(row): Authorised,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = row.id.clone();
    let rid = id.clone();
    let event = Event::new("POST", "/submissions/{id}/withdraw", 200)
        .detail("withdrawn")
        .event(TimelineEvent::Withdrawn);
    let after = state.store.run(move |s| s.withdraw(&rid, &event)).await?;
    let Some(after) = after else {
        return Err(unknown_submission());
    };
    let rid = id.clone();
    if after != SubmissionState::Withdrawn {
        let event = Event::new("POST", "/submissions/{id}/withdraw", 409)
            .detail(format!("refused: {}", after.as_str()))
            .event(TimelineEvent::WithdrawRefused { state: after });
        state.store.run(move |s| s.record(&rid, &event)).await?;
        let message = match lang(&headers) {
            Lang::ZhCn => "审核已开始，无法撤回；如需更正，请等待审核结果或致电 0592-5653395。",
            Lang::En => "The review has begun, so it can no longer be withdrawn; corrections wait for the decision, or call 0592-5653395.",
        };
        return Err(ApiError::new(409, "not-withdrawable", "Conflict", message));
    }
    if row.state == SubmissionState::Withdrawn {
        let event = Event::new("POST", "/submissions/{id}/withdraw", 200).replay(true);
        state.store.run(move |s| s.record(&rid, &event)).await?;
    }
    let row = row_of(&state, &id).await?.ok_or_else(unknown_submission)?;
    Ok(status_json(StatusCode::OK, &document(&state, &row).await?))
}
