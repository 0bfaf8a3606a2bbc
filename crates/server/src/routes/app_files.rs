//! Serves the built app from `dist/`. A path with a file extension is a file or
//! a 404; any other path is a client route and gets its page: `/staff…` the
//! staff console (`staff.html`); the enterprise app's tools (`tools.html`:
//! `/diagnostics`, `/lookup`, `/cases/{id}/print`, the rule of the app's
//! `src/routes.rs` and `public/sw.js`); everything else the enterprise app
//! (`index.html`). The build's brotli and gzip copies are sent by
//! `Accept-Encoding`. Hashed names are cached for a year; the pages, the
//! service worker and the manifest are revalidated on every use.
//! A path no file system could hold (a NUL byte, a name over 255 bytes, over
//! 1,024 bytes in all) is refused before it reaches the disk.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

#[derive(Clone)]
pub struct AppFiles {
    assets: ServeDir,
    app: ServeFile,
    tools: ServeFile,
    staff: ServeFile,
}

impl AppFiles {
    pub fn new(dist: &Path) -> AppFiles {
        let page = |name: &str| {
            ServeFile::new(dist.join(name))
                .precompressed_br()
                .precompressed_gzip()
        };
        AppFiles {
            assets: ServeDir::new(dist)
                .append_index_html_on_directories(false)
                .precompressed_br()
                .precompressed_gzip(),
            app: page("index.html"),
            tools: page("tools.html"),
            staff: page("staff.html"),
        }
    }

    pub async fn serve(&self, req: Request) -> Response {
        let path = req.uri().path().to_owned();
        if !could_be_a_file(&path) {
            return (StatusCode::BAD_REQUEST, "no file can have this path").into_response();
        }
        let result = match Target::of(&path) {
            Target::File => self.assets.clone().oneshot(req).await,
            Target::StaffPage => self.staff.clone().oneshot(req).await,
            Target::ToolsPage => self.tools.clone().oneshot(req).await,
            Target::AppPage => self.app.clone().oneshot(req).await,
        };
        let mut res = match result {
            Ok(res) => res.map(axum::body::Body::new),
            Err(never) => match never {},
        };
        if res.status() == StatusCode::NOT_FOUND {
            return (StatusCode::NOT_FOUND, "no such file").into_response();
        }
        let h = res.headers_mut();
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if is_hashed(&path) {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            }),
        );
        res
    }
}

#[derive(Debug, PartialEq)]
enum Target {
    File,
    StaffPage,
    ToolsPage,
    AppPage,
}

impl Target {
    fn of(path: &str) -> Target {
        let last = path.rsplit('/').next().unwrap_or("");
        if last.contains('.') {
            Target::File
        } else if path == "/staff" || path.starts_with("/staff/") {
            Target::StaffPage
        } else if is_tool(path) {
            Target::ToolsPage
        } else {
            Target::AppPage
        }
    }
}

fn is_tool(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    matches!(
        segments.as_slice(),
        ["diagnostics"] | ["lookup"] | ["cases", _, "print"]
    )
}

/// Trunk's content-hashed names: `name-<hash>.ext` (the wasm `…_bg.wasm`), the
/// hash a 64-bit number in hex without leading zeros.
fn is_hashed(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    let stem = last.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Whether a request path could name a file at all.
pub fn could_be_a_file(path: &str) -> bool {
    let decoded: Vec<u8> = percent_encoding::percent_decode_str(path).collect();
    decoded.len() <= 1024
        && !decoded.contains(&0)
        && decoded
            .split(|b| *b == b'/')
            .all(|segment| segment.len() <= 255)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_paths_are_refused() {
        assert!(could_be_a_file("/staff/submissions/XM20261127-000001"));
        assert!(could_be_a_file("/eport-desk-1234.wasm"));
        assert!(!could_be_a_file("/a%00b"));
        assert!(!could_be_a_file(&format!("/{}", "a".repeat(256))));
        assert!(!could_be_a_file(&format!("/{}", "%61".repeat(256))));
        assert!(!could_be_a_file(&"/aaaa".repeat(300)));
    }

    #[test]
    fn paths_go_to_files_or_pages() {
        assert_eq!(Target::of("/nope.js"), Target::File);
        assert_eq!(Target::of("/icons/icon-192.png"), Target::File);
        assert_eq!(Target::of("/staff"), Target::StaffPage);
        assert_eq!(Target::of("/staff/XM20261127-000001"), Target::StaffPage);
        assert_eq!(Target::of("/staffing"), Target::AppPage);
        assert_eq!(Target::of("/cases/abc/review"), Target::AppPage);
        assert_eq!(Target::of("/"), Target::AppPage);
        assert_eq!(Target::of("/diagnostics"), Target::ToolsPage);
        assert_eq!(Target::of("/lookup/"), Target::ToolsPage);
        assert_eq!(Target::of("/cases/abc/print"), Target::ToolsPage);
        assert_eq!(Target::of("/cases/print"), Target::AppPage);
        assert_eq!(Target::of("/cases/abc/print/x"), Target::AppPage);
        assert_eq!(Target::of("/diagnosticsx"), Target::AppPage);
    }

    #[test]
    fn only_trunk_hashed_names_are_immutable() {
        assert!(is_hashed("/eport-desk-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("/eport-desk-0123456789abcdef.js"));
        assert!(is_hashed("/main-72f6c9e247c8963.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/sw.js"));
        assert!(!is_hashed("/icons/icon-192.png"));
        assert!(!is_hashed("/a-0123456789abcdeg.js"));
    }
}
