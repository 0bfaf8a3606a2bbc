//! Security headers on every response: a strict Content-Security-Policy (the
//! inline loader Trunk writes is allowed by its hash, computed from the built
//! pages at start), no framing, no sniffing, no referrer, the camera for this
//! origin only, a separate browsing-context group, HSTS over TLS, and
//! `no-store` on API answers (they carry personal data).

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::http::serve::OverTls;

#[derive(Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
}

impl SecurityHeaders {
    /// Reads every `*.html` of the built app for inline scripts to allow.
    pub fn from_dist(dist: &Path) -> SecurityHeaders {
        let mut hashes: Vec<String> = Vec::new();
        if let Ok(dir) = std::fs::read_dir(dist) {
            for entry in dir.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "html") {
                    if let Ok(html) = std::fs::read_to_string(&path) {
                        for h in inline_script_hashes(&html) {
                            if !hashes.contains(&h) {
                                hashes.push(h);
                            }
                        }
                    }
                }
            }
        }
        hashes.sort();
        SecurityHeaders::with_script_hashes(&hashes)
    }

    pub fn with_script_hashes(hashes: &[String]) -> SecurityHeaders {
        let scripts: String = hashes.iter().map(|h| format!(" '{h}'")).collect();
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; \
             style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; \
             frame-src 'self' blob:; object-src 'none'; worker-src 'self'; \
             frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        );
        SecurityHeaders {
            csp: HeaderValue::from_str(&csp)
                .unwrap_or(HeaderValue::from_static("default-src 'self'")),
        }
    }
}

/// `sha256-…` of each `<script>` without a `src`, as CSP hashes it (the exact text).
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script") else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body.as_bytes()[..close]);
            out.push(format!(
                "sha256-{}",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body[close..];
    }
    out
}

static PERMISSIONS: &str =
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()";

pub async fn add(
    State(headers): State<Arc<SecurityHeaders>>,
    req: Request,
    next: Next,
) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let tls = req.extensions().get::<OverTls>().is_some();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, headers.csp.clone());
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(PERMISSIONS),
    );
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if api && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = "<script type=\"module\">alert(1)</script><script src=\"/a.js\"></script>";
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            inline_script_hashes(html),
            ["sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="]
        );
        let h = SecurityHeaders::with_script_hashes(&inline_script_hashes(html));
        let csp = h.csp.to_str().unwrap();
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
    }
}
