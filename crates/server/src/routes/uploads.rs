//! Resumable attachment uploads: `HEAD` reports the durable offset, `PATCH`
//! appends one chunk at exactly that offset and fsyncs before answering.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use eport_domain::protocol::CHUNK_MAX_BYTES;
use futures_util::StreamExt;

use super::submissions::authorised;
use super::Shared;
use crate::blobs::{self, Rejected};
use crate::problem::ApiError;
use crate::store::{AttachmentState, Event};
use eport_domain::protocol::Problem;

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

async fn attachment(state: &Shared, id: &str, sha: &str) -> Result<AttachmentState, ApiError> {
    let (id, sha) = (id.to_string(), sha.to_string());
    let atts = state.store.run(move |s| s.attachments(&id)).await?;
    atts.into_iter()
        .find(|a| a.sha256 == sha)
        .ok_or_else(|| ApiError::not_found("the manifest names no such attachment"))
}

/// Durable bytes of an attachment: its full size once verified.
async fn offset_of(state: &Shared, id: &str, a: &AttachmentState) -> Result<u64, ApiError> {
    if a.complete {
        return Ok(a.size);
    }
    Ok(state.blobs.durable_len(id, &a.sha256).await?)
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
        (status = 400, description = "Malformed id"),
        (status = 401, description = "No bearer secret"),
        (status = 403, description = "Unknown id or wrong secret"),
        (status = 404, description = "The manifest names no such attachment"),
    ))]
pub async fn head(
    State(state): State<Shared>,
    Path((id, sha)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = crate::parse::submission_id(&id)?;
    authorised(&state, &id, &headers).await?;
    let a = attachment(&state, &id, &sha).await?;
    let offset = offset_of(&state, &id, &a).await?;
    let rid = id.clone();
    let event =
        Event::new("HEAD", "/attachments/{sha256}", 200).detail(format!("{sha} offset {offset}"));
    state.store.run(move |s| s.record(&rid, &event)).await?;
    Ok((StatusCode::OK, offset_headers(offset, a.size)).into_response())
}

/// Appends one chunk at exactly the server's offset; answers after fsync.
#[utoipa::path(patch, path = "/api/v1/submissions/{id}/attachments/{sha256}", tag = "sync",
    params(
        ("id" = String, Path, description = "Submission id (lower-case UUID v4)", pattern = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", example = "5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31"),
        ("sha256" = String, Path, description = "The attachment's SHA-256 as declared in the manifest (64 lower-case hex digits)", pattern = r"^[0-9a-f]{64}$"),
        ("Upload-Offset" = u64, Header, description = "Where this chunk starts; must equal the server's offset"),
    ),
    request_body(content = Bytes, content_type = "application/offset+octet-stream",
        description = "At most 1 MiB, not past Upload-Length"),
    security(("submission_secret" = [])),
    responses(
        (status = 204, description = "Appended and fsync'd", headers(
            ("Upload-Offset" = u64, description = "The new durable offset"),
            ("Upload-Length" = u64, description = "Declared size"))),
        (status = 400, description = "Malformed id or Upload-Offset", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No bearer secret", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Unknown id or wrong secret", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The manifest names no such attachment", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Upload-Offset is not the server's offset; resume from the one returned", body = Problem, content_type = "application/problem+json",
            headers(("Upload-Offset" = u64, description = "The server's offset"))),
        (status = 413, description = "The chunk is over 1 MiB or passes Upload-Length", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/offset+octet-stream", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Complete, but the SHA-256 or file type does not match; reset to 0", body = Problem, content_type = "application/problem+json",
            headers(("Upload-Offset" = u64, description = "0"))),
    ))]
pub async fn patch(
    State(state): State<Shared>,
    Path((id, sha)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let id = crate::parse::submission_id(&id)?;
    authorised(&state, &id, &headers).await?;
    attachment(&state, &id, &sha).await?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type != OFFSET_TYPE {
        return Err(ApiError::unsupported(
            "chunks must be sent as application/offset+octet-stream",
        ));
    }
    let claimed = crate::parse::upload_offset(&headers)?;

    // One writer per attachment: concurrent tabs or retries queue here.
    let lock = state.upload_lock(&id, &sha);
    let _guard = lock.lock().await;
    let a = attachment(&state, &id, &sha).await?; // re-read under the lock
    let current = offset_of(&state, &id, &a).await?;
    let record = |status: u16, bytes: u64, detail: String| {
        let (rid, store) = (id.clone(), state.store.clone());
        let event = Event::new("PATCH", "/attachments/{sha256}", status)
            .bytes(bytes)
            .detail(detail);
        async move { store.run(move |s| s.record(&rid, &event)).await }
    };
    if claimed != current {
        record(409, 0, format!("{sha} offset {claimed} ≠ {current}")).await?;
        return Ok(ApiError::conflict(
            "Upload-Offset does not match the bytes held; resume from the offset in this response",
        )
        .with_headers(offset_headers(current, a.size)));
    }

    let room = a.size - current;
    let limit = (CHUNK_MAX_BYTES as u64).min(room);
    let mut file = state.blobs.open_append(&id, &sha).await?;
    let mut written: u64 = 0;
    let mut stream = body.into_data_stream();
    let mut too_large = false;
    while let Some(frame) = stream.next().await {
        let Ok(data) = frame else {
            // The client went away mid-chunk: keep what arrived (it is resumable).
            break;
        };
        if written + data.len() as u64 > limit {
            too_large = true;
            break;
        }
        blobs::append(&mut file, &data).await?;
        written += data.len() as u64;
    }
    if too_large {
        drop(file);
        state.blobs.truncate(&id, &sha, current).await?;
        record(413, written, format!("{sha} chunk over the limit")).await?;
        return Err(ApiError::too_large(
            "the chunk is larger than 1 MiB or passes Upload-Length",
        ));
    }
    file.sync_all()
        .await
        .map_err(|e| ApiError::internal(e.into()))?;
    drop(file);
    let offset = current + written;

    if offset == a.size {
        match state.blobs.finalize(&id, &sha, &a.mime).await? {
            Ok(()) => {
                let (rid, rsha) = (id.clone(), sha.clone());
                state
                    .store
                    .run(move |s| s.complete_attachment(&rid, &rsha))
                    .await?;
                state.blobs.discard_partial(&id, &sha).await?;
            }
            Err(why) => {
                let detail = match why {
                    Rejected::Digest => {
                        "the bytes do not match the declared SHA-256; the upload was reset"
                    }
                    Rejected::Type => {
                        "the bytes are not the declared file type; the upload was reset"
                    }
                };
                record(422, written, format!("{sha} {detail}")).await?;
                return Ok(ApiError::unprocessable(detail).with_headers(offset_headers(0, a.size)));
            }
        }
    }
    record(204, written, format!("{sha} offset {offset}")).await?;
    Ok((StatusCode::NO_CONTENT, offset_headers(offset, a.size)).into_response())
}
