//! Headers and path pieces as a client may send them: the bearer secret, the
//! content type, `Upload-Offset` and the submission id never panic, and an
//! accepted offset or id is exactly what was sent.
#![no_main]

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use eport_server::http::{auth, parse};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = [
    "authorization",
    "upload-offset",
    "content-type",
    "supersedes-authorization",
];

fuzz_target!(|data: &[u8]| {
    // Split the input into up to four header values and a path piece.
    let mut parts = data.split(|b| *b == b'\n');
    let mut headers = HeaderMap::new();
    for name in NAMES {
        if let Some(v) = parts.next().and_then(|p| HeaderValue::from_bytes(p).ok()) {
            headers.insert(HeaderName::from_static(name), v);
        }
    }
    let id = String::from_utf8_lossy(parts.next().unwrap_or_default());

    let _ = auth::bearer(&headers, "authorization");
    let _ = auth::bearer(&headers, "supersedes-authorization");
    let _ = parse::is_json(&headers);
    if let Ok(offset) = parse::upload_offset(&headers) {
        let raw = headers["upload-offset"].to_str().unwrap().trim();
        assert_eq!(raw.parse::<u64>().unwrap(), offset);
    }
    if let Ok(canonical) = parse::submission_id(&id) {
        assert_eq!(canonical.as_str(), id, "only the canonical form is accepted");
    }
});
