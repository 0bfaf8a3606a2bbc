//! Reading what a client sent, before anything is stored: ids, headers,
//! offsets and the manifest. Pure functions, so the fuzz targets in
//! `crates/server/fuzz` can drive them with arbitrary bytes.

use axum::http::{header, HeaderMap};
use chrono::NaiveDate;
use eport_domain::protocol::{Manifest, ProblemError, MAX_ATTACHMENTS};
use eport_domain::{validate_enrollment, Lang};

use crate::problem::ApiError;

/// A submission id: a lower-case, hyphenated UUID v4, exactly.
pub fn submission_id(id: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(id)
        .ok()
        .filter(|u| u.get_version_num() == 4)
        .map(|u| u.hyphenated().to_string())
        .filter(|canonical| canonical == id)
        .ok_or_else(|| {
            ApiError::bad_request(
                "malformed-id",
                "the submission id must be a lower-case UUID v4",
            )
        })
}

/// `Content-Type: application/json` (parameters such as charset allowed).
pub fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/json")
        })
}

/// The `Upload-Offset` header as a non-negative integer.
pub fn upload_offset(headers: &HeaderMap) -> Result<u64, ApiError> {
    headers
        .get("upload-offset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| {
            ApiError::bad_request("bad-offset", "Upload-Offset must be a non-negative integer")
        })
}

/// The manifest's JSON, with at most [`MAX_ATTACHMENTS`] attachments.
pub fn manifest(body: &[u8]) -> Result<Manifest, ApiError> {
    let m: Manifest = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request("malformed-json", &format!("the manifest is not valid: {e}"))
    })?;
    if m.attachments.len() > MAX_ATTACHMENTS {
        return Err(ApiError::too_large(&format!(
            "at most {MAX_ATTACHMENTS} attachments"
        )));
    }
    Ok(m)
}

/// What keeps a manifest from being accepted: the domain rules' blocking
/// findings, and files the case refers to that the manifest does not declare.
pub fn manifest_errors(m: &Manifest, lang: Lang, today: NaiveDate) -> Vec<ProblemError> {
    let mut errors: Vec<ProblemError> = validate_enrollment(&m.case, today)
        .iter()
        .filter(|i| i.blocks())
        .map(|i| ProblemError::from_issue(i, lang))
        .collect();
    for a in &m.case.attachments {
        let declared = m
            .attachments
            .iter()
            .any(|d| d.sha256 == a.sha256 && d.size == a.size && d.mime == a.mime);
        if !declared {
            errors.push(ProblemError {
                path: format!("attachments.{}", a.slot),
                code: "attachment_undeclared".into(),
                message: format!("{} is not in the manifest's attachment list", a.slot),
            });
        }
    }
    errors
}
