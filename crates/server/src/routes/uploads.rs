//! Resumable attachment uploads: `HEAD` reports the durable offset, `PATCH`
//! appends one chunk at exactly that offset and fsyncs before answering.
//! A chunk is read whole (at most 1 MiB, under the body time limits) before
//! the attachment's lock is taken, so a slow client never delays another.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use eport_domain::attachment::FileType;
use eport_domain::ids::{Sha256Digest, SubmissionId};
use eport_domain::protocol::{Problem, SubmissionState, CHUNK_MAX_BYTES};
use futures_util::StreamExt;

use super::authorised::Authorised;
use super::refusals::SecretRefusals;
use crate::blobs::Rejected;
use crate::http::parse;
use crate::http::problem::ApiError;
use crate::http::timed_body::BodyTimeout;
use crate::jobs::pending::commit_upload;
use crate::state::Shared;
use crate::storage::{AttachmentState, Event, TimelineEvent};

/// Raw bytes in the OpenAPI document (a `Vec<u8>` would read as an array of integers).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct Bytes(#[allow(dead_code)] Vec<u8>);

const OFFSET_TYPE: &str = "application/offset+octet-stream";

fn offset_headers(offset: u64, length: u64) -> [(header::HeaderName, HeaderValue); 3] {
    [
        (
            header::HeaderName::from_static("upload-offset"),
            HeaderValue::from(offset),
        ),
        (
            header::HeaderName::from_static("upload-length"),
            HeaderValue::from(length),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ]
}

async fn attachment(
    state: &Shared,
    id: &SubmissionId,
    sha: &Sha256Digest,
) -> Result<AttachmentState, ApiError> {
    let (rid, rsha) = (id.clone(), sha.clone());
    let atts = state.store.run(move |s| s.attachments(&rid)).await?;
    atts.into_iter()
        .find(|a| a.sha256 == rsha.as_str())
        .ok_or_else(|| ApiError::not_found("the manifest names no such attachment"))
}

/// Durable bytes of an attachment: its full size once verified.
async fn offset_of(
    state: &Shared,
    id: &SubmissionId,
    sha: &Sha256Digest,
    a: &AttachmentState,
) -> Result<u64, ApiError> {
    if a.complete {
        return Ok(a.size);
    }
    Ok(state.blobs.durable_len(id, sha).await?)
}

async fn record(state: &Shared, id: &SubmissionId, event: Event) -> Result<(), ApiError> {
    let rid = id.clone();
    Ok(state.store.run(move |s| s.record(&rid, &event)).await?)
}

/// How many bytes of an attachment the server holds durably.
#[utoipa::path(head, path = "/api/v1/submissions/{id}/attachments/{sha256}", tag = "sync",
    params(
        ("id" = String, Path, description = "Submission id (lower-case UUID v4)", pattern = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", example = "5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31"),
        ("sha256" = String, Path, description = "The attachment's SHA-256 as declared in the manifest (64 lower-case hex digits)", pattern = r"^[0-9a-f]{64}$"),
    ),
    security(("submission_secret" = [])),
    responses(
        (status = 200, description = "The durable offset", headers(
            ("Upload-Offset" = u64, description = "Bytes durably held"),
            ("Upload-Length" = u64, description = "Declared size"),
            ("Cache-Control" = String, description = "no-store"))),
        (status = 400, description = "Malformed id or digest"),
        (status = 401, description = "No bearer secret"),
        (status = 403, description = "Wrong secret"),
        (status = 404, description = "No such submission (send the manifest again), or the manifest names no such attachment"),
        (status = 503, description = "Every connection is taken (this one was cut for a newcomer); ask again after Retry-After",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 429, description = "Too many requests from this address; see Retry-After",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn head(
    State(state): State<Shared>,
    Authorised(row): Authorised,
    Path((_, sha)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id = row.id;
    let sha = parse::sha256(&sha)?;
    let a = attachment(&state, &id, &sha).await?;
    let mut offset = offset_of(&state, &id, &sha, &a).await?;
    let a = if !a.complete && offset == a.size {
        // The client will send no more: finish it here, under the lock.
        let lock = state.uploads.get(&id, &sha);
        let _guard = lock.lock().await;
        let a = attachment(&state, &id, &sha).await?;
        let held = offset_of(&state, &id, &sha, &a).await?;
        let (a, now) = finish_held(&state, &id, &sha, a, held).await?;
        offset = now;
        a
    } else {
        a
    };
    let event = Event::new("HEAD", "/attachments/{sha256}", 200)
        .target(sha.as_str())
        .detail(format!("{sha} offset {offset}"))
        .event(TimelineEvent::Offset { offset });
    record(&state, &id, event).await?;
    Ok((StatusCode::OK, offset_headers(offset, a.size)).into_response())
}

/// Verifies a fully held attachment and commits it complete (stored among
/// the objects, or pending while the object store is down: see
/// `jobs::pending`); `Err(why)` when the bytes were not what was declared
/// (they are discarded).
async fn complete(
    state: &Shared,
    id: &SubmissionId,
    sha: &Sha256Digest,
    a: &AttachmentState,
) -> Result<Result<(), Rejected>, ApiError> {
    let file_type = FileType::from_mime(&a.mime)
        .ok_or_else(|| anyhow::anyhow!("stored type {:?} is not allowed", a.mime))?;
    let _gc = state.blob_locks.lock(std::slice::from_ref(sha)).await?;
    match commit_upload(&state.store, &state.blobs, id, sha, file_type).await? {
        // Another replica finished it while this one read its bytes (they
        // are dropped once it commits): nothing was wrong with them.
        Err(_) if attachment(state, id, sha).await?.complete => Ok(Ok(())),
        verdict => Ok(verdict),
    }
}

/// An attachment whose every byte is held but not committed (a crash, or
/// another replica, between its last chunk and the commit) is finished now, as the client will
/// send no more; else nothing is done. Returns the attachment and its offset
/// as they are afterwards (a mismatch resets the bytes, and the offset says
/// so). Called under the upload's lock.
async fn finish_held(
    state: &Shared,
    id: &SubmissionId,
    sha: &Sha256Digest,
    a: AttachmentState,
    offset: u64,
) -> Result<(AttachmentState, u64), ApiError> {
    if a.complete || offset != a.size {
        return Ok((a, offset));
    }
    let _ = complete(state, id, sha, &a).await?;
    let a = attachment(state, id, sha).await?;
    let offset = offset_of(state, id, sha, &a).await?;
    Ok((a, offset))
}

/// What reading a chunk's body gave: its bytes, and why it ended early.
struct Chunk {
    data: Vec<u8>,
    too_large: bool,
    cut: Option<BodyTimeout>,
}

/// Reads at most `limit` bytes. A client that goes away or is cut off by a
/// time limit keeps what arrived: those bytes are valid and resumable.
async fn read_chunk(body: Body, limit: u64) -> Chunk {
    let mut chunk = Chunk {
        data: Vec::new(),
        too_large: false,
        cut: None,
    };
    let mut stream = body.into_data_stream();
    while let Some(frame) = stream.next().await {
        match frame {
            Ok(d) if chunk.data.len() as u64 + d.len() as u64 > limit => {
                chunk.too_large = true;
                break;
            }
            Ok(d) => chunk.data.extend_from_slice(&d),
            Err(e) => {
                chunk.cut = BodyTimeout::of(&e);
                break;
            }
        }
    }
    chunk
}

/// Appends one chunk at exactly the server's offset; answers after fsync.
#[utoipa::path(patch, path = "/api/v1/submissions/{id}/attachments/{sha256}", tag = "sync",
    params(
        ("id" = String, Path, description = "Submission id (lower-case UUID v4)", pattern = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", example = "5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31"),
        ("sha256" = String, Path, description = "The attachment's SHA-256 as declared in the manifest (64 lower-case hex digits)", pattern = r"^[0-9a-f]{64}$"),
        ("Upload-Offset" = u64, Header, description = "Where this chunk starts; must equal the server's offset. Plain decimal: no sign, no leading zero"),
    ),
    request_body(content = Bytes, content_type = "application/offset+octet-stream",
        description = "At most 1 MiB, not past Upload-Length"),
    security(("submission_secret" = [])),
    responses(
        SecretRefusals,
        (status = 204, description = "Appended and fsync'd (or, for a complete attachment at its length, nothing to do)", headers(
            ("Upload-Offset" = u64, description = "The new durable offset"),
            ("Upload-Length" = u64, description = "Declared size"))),
        (status = 400, description = "Malformed id, digest or Upload-Offset", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission (send the manifest again), or the manifest names no such attachment", body = Problem, content_type = "application/problem+json"),
        (status = 408, description = "The body stalled or arrived slower than the minimum rate; what arrived is kept, resume from the returned offset", body = Problem, content_type = "application/problem+json",
            headers(("Upload-Offset" = u64, description = "The durable offset"))),
        (status = 409, description = "Upload-Offset is not the server's offset (resume from the one returned), or the submission was withdrawn", body = Problem, content_type = "application/problem+json",
            headers(("Upload-Offset" = u64, description = "The server's offset"))),
        (status = 413, description = "The chunk is over 1 MiB or passes Upload-Length", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/offset+octet-stream", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Complete, but the SHA-256 or file type does not match; reset to 0", body = Problem, content_type = "application/problem+json",
            headers(("Upload-Offset" = u64, description = "0"))),
        (status = 503, description = "Every connection is taken (this one was cut for a newcomer); see Retry-After. An attachment store (--blob-store) that cannot be reached is no refusal: the attachment is kept until it can", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 507, description = "The server's disk is at its reserve; try again later", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn patch(
    State(state): State<Shared>,
    Authorised(row): Authorised,
    Path((_, sha)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let id = row.id.clone();
    let sha = parse::sha256(&sha)?;
    if row.state == SubmissionState::Withdrawn {
        return Err(ApiError::conflict(
            "the submission was withdrawn: it takes no more bytes",
        ));
    }
    let a = attachment(&state, &id, &sha).await?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type != OFFSET_TYPE {
        return Err(ApiError::unsupported(
            "chunks must be sent as application/offset+octet-stream",
        ));
    }
    let claimed = parse::upload_offset(&headers)?;
    let event = |status: u16, bytes: u64, detail: String, what: TimelineEvent| {
        Event::new("PATCH", "/attachments/{sha256}", status)
            .target(sha.as_str())
            .bytes(bytes)
            .detail(detail)
            .event(what)
    };
    // A complete attachment never changes: a repeat of its last chunk is told so.
    if a.complete {
        if claimed == a.size {
            record(
                &state,
                &id,
                event(
                    204,
                    0,
                    format!("{sha} already complete"),
                    TimelineEvent::AlreadyComplete,
                ),
            )
            .await?;
            return Ok((StatusCode::NO_CONTENT, offset_headers(a.size, a.size)).into_response());
        }
        record(
            &state,
            &id,
            event(
                409,
                0,
                format!("{sha} offset {claimed} ≠ {}", a.size),
                TimelineEvent::OffsetMismatch {
                    claimed,
                    expected: a.size,
                },
            ),
        )
        .await?;
        return Ok(ApiError::conflict(
            "Upload-Offset does not match the bytes held; resume from the offset in this response",
        )
        .with_headers(offset_headers(a.size, a.size)));
    }
    if claimed > a.size {
        return Err(ApiError::too_large("Upload-Offset is past Upload-Length"));
    }
    if let Some(why) = state.disk.refuse(0) {
        return Err(ApiError::insufficient_storage(
            eport_domain::protocol::StorageLimit::DiskReserve,
            3600,
            &why,
        ));
    }

    let chunk = read_chunk(body, (CHUNK_MAX_BYTES as u64).min(a.size - claimed)).await;
    if chunk.too_large {
        record(
            &state,
            &id,
            event(
                413,
                0,
                format!("{sha} chunk over the limit"),
                TimelineEvent::ChunkTooLarge,
            ),
        )
        .await?;
        return Err(ApiError::too_large(
            "the chunk is larger than 1 MiB or passes Upload-Length",
        ));
    }

    // One writer per attachment: concurrent tabs or retries queue here, but
    // only for the write itself.
    let lock = state.uploads.get(&id, &sha);
    let _guard = lock.lock().await;
    let a = attachment(&state, &id, &sha).await?; // re-read under the lock
    let current = offset_of(&state, &id, &sha, &a).await?;
    // A repeat of a last chunk whose commit did not happen (a crash) finishes it.
    let (a, current) = finish_held(&state, &id, &sha, a, current).await?;
    if a.complete || claimed != current {
        record(
            &state,
            &id,
            event(
                409,
                0,
                format!("{sha} offset {claimed} ≠ {current}"),
                TimelineEvent::OffsetMismatch {
                    claimed,
                    expected: current,
                },
            ),
        )
        .await?;
        let mut res = ApiError::conflict(
            "Upload-Offset does not match the bytes held; resume from the offset in this response",
        )
        .with_headers(offset_headers(current, a.size));
        if chunk.cut.is_some() {
            // The body was cut off: the rest of it is still on the way.
            res.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        return Ok(res);
    }
    let written = chunk.data.len() as u64;
    if written > 0 {
        if !state.blobs.append(&id, &sha, current, chunk.data).await? {
            // Another replica appended first: resume from what is held now.
            let now = state.blobs.durable_len(&id, &sha).await?;
            record(
                &state,
                &id,
                event(
                    409,
                    0,
                    format!("{sha} offset {claimed} ≠ {now}"),
                    TimelineEvent::OffsetMismatch {
                        claimed,
                        expected: now,
                    },
                ),
            )
            .await?;
            return Ok(ApiError::conflict(
                "Upload-Offset does not match the bytes held; resume from the offset in this response",
            )
            .with_headers(offset_headers(now, a.size)));
        }
        crate::faults::hit(crate::faults::PATCH_APPENDED);
    }
    let offset = current + written;

    if offset == a.size {
        match complete(&state, &id, &sha, &a).await? {
            Ok(()) => {}
            Err(why) => {
                let (detail, what) = match why {
                    Rejected::Digest => (
                        "the bytes do not match the declared SHA-256; the upload was reset",
                        TimelineEvent::DigestMismatch,
                    ),
                    Rejected::Type => (
                        "the bytes are not the declared file type; the upload was reset",
                        TimelineEvent::TypeMismatch,
                    ),
                };
                let e = event(422, written, format!("{sha} {detail}"), what);
                record(&state, &id, e).await?;
                return Ok(ApiError::unprocessable(detail).with_headers(offset_headers(0, a.size)));
            }
        }
    }
    if let Some(why) = chunk.cut {
        record(
            &state,
            &id,
            event(
                408,
                written,
                format!("{sha} {why} at offset {offset}"),
                TimelineEvent::Cut { offset },
            ),
        )
        .await?;
        return Ok(ApiError::body_timeout(why).with_headers(offset_headers(offset, a.size)));
    }
    record(
        &state,
        &id,
        event(
            204,
            written,
            format!("{sha} offset {offset}"),
            TimelineEvent::Offset { offset },
        ),
    )
    .await?;
    Ok((StatusCode::NO_CONTENT, offset_headers(offset, a.size)).into_response())
}
