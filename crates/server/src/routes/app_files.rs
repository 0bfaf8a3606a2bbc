//! Serves the built app from `dist/`; unknown paths get `index.html` so client
//! routes such as `/services` load the app. A path no file system could hold
//! (a NUL byte, a name over 255 bytes, over 1,024 bytes in all) is refused
//! before it reaches the disk, where it would be an error rather than a file.

use std::path::Path;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::services::{ServeDir, ServeFile};

pub fn service(
    dist: &Path,
) -> impl tower::Service<
    Request,
    Response = Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
       + Send
       + Sync
       + 'static {
    let files = ServeDir::new(dist)
        .append_index_html_on_directories(true)
        .fallback(ServeFile::new(dist.join("index.html")));
    ServiceBuilder::new()
        .layer(axum::middleware::from_fn(refuse_impossible))
        .service(files)
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

async fn refuse_impossible(req: Request, next: Next) -> Response {
    if !could_be_a_file(req.uri().path()) {
        return (StatusCode::BAD_REQUEST, "no file can have this path").into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::could_be_a_file;

    #[test]
    fn impossible_paths_are_refused() {
        assert!(could_be_a_file("/staff/submissions/XM20261127-000001"));
        assert!(could_be_a_file("/eport-desk-1234.wasm"));
        assert!(!could_be_a_file("/a%00b"));
        assert!(!could_be_a_file(&format!("/{}", "a".repeat(256))));
        assert!(!could_be_a_file(&format!("/{}", "%61".repeat(256))));
        assert!(!could_be_a_file(&"/aaaa".repeat(300)));
    }
}
