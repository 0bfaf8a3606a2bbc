//! Security headers on every kind of answer of the real binary: the app, its
//! assets, the API, errors and refusals.

mod common;

use common::Server;

const LOADER: &str = "import init from '/app-1.js'; await init();";

#[test]
fn every_answer_carries_the_security_headers_and_the_csp_allows_only_the_built_loader() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        format!(
            "<!doctype html><title>E-Port Desk</title><script type=\"module\">{LOADER}</script>"
        ),
    )
    .unwrap();
    std::fs::write(dist.path().join("app-1.js"), "export default () => {}").unwrap();
    let s = Server::start_with(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &["--rate-limit", "ping=60/1"],
    );
    let hash = {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(LOADER.as_bytes()))
    };
    let client = reqwest::blocking::Client::new();
    for (path, api) in [
        ("/", false),
        ("/cases/abc/review", false),
        ("/app-1.js", false),
        ("/api/v1/ping", true),
        ("/api/v1/ping", true), // the second is 429
        ("/api/v1/nope", true),
        ("/api/v1/staff/submissions", true),
    ] {
        let r = client.get(s.url(path)).send().unwrap();
        let h = r.headers();
        let get = |n: &str| {
            h.get(n)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        let csp = get("content-security-policy");
        assert!(csp.starts_with("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{path}: {csp}");
        for must in [
            "script-src 'self' 'wasm-unsafe-eval'",
            "style-src 'self';",
            "img-src 'self' blob: data:",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'",
        ] {
            assert!(csp.contains(must), "{path}: {must} in {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(get("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(get("x-frame-options"), "DENY", "{path}");
        assert_eq!(get("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(get("cross-origin-opener-policy"), "same-origin", "{path}");
        assert!(
            get("permissions-policy").contains("camera=(self)"),
            "{path}"
        );
        assert!(
            get("strict-transport-security").is_empty(),
            "no HSTS over plain HTTP"
        );
        if api {
            assert_eq!(get("cache-control"), "no-store", "{path}: {}", r.status());
        }
    }
}
