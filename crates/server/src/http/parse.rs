//! Reading what a client sent, before anything is stored: ids, digests,
//! headers, offsets and the manifest. Pure functions, so the fuzz targets in
//! `crates/server/fuzz` can drive them with arbitrary bytes. Everything comes
//! out as a type that cannot hold anything else.

use axum::http::{header, HeaderMap};
use chrono::NaiveDate;
use eport_domain::ids::{Sha256Digest, SubmissionId, SubmissionKey};
use eport_domain::manifest::{check_manifest, CheckedManifest};
use eport_domain::protocol::{Manifest, ProblemError, MAX_ATTACHMENTS};
use eport_domain::Lang;

use crate::http::problem::ApiError;

/// A submission id: a lower-case, hyphenated UUID v4, exactly.
pub fn submission_id(id: &str) -> Result<SubmissionId, ApiError> {
    SubmissionId::parse(id).map_err(|e| ApiError::malformed("malformed-id", e))
}

/// An attachment's digest in a URL: 64 lower-case hex digits, exactly.
pub fn sha256(s: &str) -> Result<Sha256Digest, ApiError> {
    Sha256Digest::parse(s).map_err(|e| ApiError::malformed("malformed-digest", e))
}

/// How staff name a submission: its id or its reference number.
pub fn submission_key(s: &str) -> Result<SubmissionKey, ApiError> {
    SubmissionKey::parse(s).map_err(|e| ApiError::malformed("malformed-key", e))
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

/// The `Upload-Offset` header: one header, decimal digits only, no sign and no
/// leading zero (`+0`, `00`, ` 1` are refused), and it fits in 63 bits.
pub fn upload_offset(headers: &HeaderMap) -> Result<u64, ApiError> {
    let bad = || {
        ApiError::bad_request(
            "bad-offset",
            "Upload-Offset must be one non-negative integer in plain decimal (no sign, no leading zero)",
        )
    };
    let mut values = headers.get_all("upload-offset").iter();
    let (Some(v), None) = (values.next(), values.next()) else {
        return Err(bad());
    };
    let s = v.to_str().map_err(|_| bad())?;
    let canonical = !s.is_empty()
        && s.len() <= 19
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'));
    if !canonical {
        return Err(bad());
    }
    s.parse::<u64>()
        .ok()
        .filter(|n| *n <= i64::MAX as u64)
        .ok_or_else(bad)
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

/// The manifest checked against every rule (the domain's
/// [`check_manifest`]), or each problem with its field and message.
pub fn checked(
    m: &Manifest,
    lang: Lang,
    today: NaiveDate,
) -> Result<CheckedManifest, Vec<ProblemError>> {
    check_manifest(m, today).map_err(|issues| {
        issues
            .iter()
            .map(|i| ProblemError::from_issue(i, lang))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn offset(v: &str) -> Result<u64, ApiError> {
        let mut h = HeaderMap::new();
        h.insert("upload-offset", HeaderValue::from_str(v).unwrap());
        upload_offset(&h)
    }

    #[test]
    fn offsets_are_canonical_decimals_only() {
        assert_eq!(offset("0").unwrap(), 0);
        assert_eq!(offset("262144").unwrap(), 262_144);
        for bad in [
            "+0",
            "-0",
            "00",
            "01",
            " 1",
            "1 ",
            "0x10",
            "1e3",
            "",
            "99999999999999999999",
        ] {
            assert!(offset(bad).is_err(), "{bad:?}");
        }
        let mut two = HeaderMap::new();
        two.append("upload-offset", HeaderValue::from_static("0"));
        two.append("upload-offset", HeaderValue::from_static("0"));
        assert!(upload_offset(&two).is_err(), "two headers");
    }

    #[test]
    fn path_pieces_parse_or_are_refused() {
        assert!(sha256(&"ab".repeat(32)).is_ok());
        assert_eq!(sha256("..%2F..").unwrap_err().problem.status, 400);
        assert!(submission_id("5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31").is_ok());
        assert!(submission_key("XM20261127-000042").is_ok());
        assert!(submission_key("../eport.sqlite3").is_err());
    }
}
