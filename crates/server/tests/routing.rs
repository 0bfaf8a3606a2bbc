//! The real binary on a real SQLite file: ping, JSON 404s under /api, the app
//! served: client routes get their page, missing files a 404, assets their
//! precompressed copies and cache headers.

mod common;

use common::{dist, Server};
use reqwest::blocking::get;

#[test]
fn ping_answers_the_documented_json() {
    let dist = dist();
    let s = Server::start(dist.path());
    let r = get(s.url("/api/v1/ping")).unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let v: serde_json::Value = r.json().unwrap();
    assert_eq!(v["service"], "eport-sync");
    assert_eq!(v["api"], 1);
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        common::on_postgres() || s.data.path().join("eport.sqlite3").exists(),
        "database created in the data dir"
    );
}

#[test]
fn unknown_api_paths_are_json_problems() {
    let dist = dist();
    let s = Server::start(dist.path());
    for path in ["/api/v1/nope", "/api/nope", "/api", "/api/v2/ping"] {
        let r = get(s.url(path)).unwrap();
        assert_eq!(r.status(), 404, "{path}");
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
        let v: serde_json::Value = r.json().unwrap();
        assert_eq!(v["status"], 404);
        assert_eq!(v["title"], "Not Found");
        assert!(v["detail"].as_str().unwrap().contains(path), "{path}: {v}");
    }
}

#[test]
fn client_routes_get_their_page_and_missing_files_a_404() {
    let dist = dist();
    let s = Server::start(dist.path());
    for path in [
        "/",
        "/services",
        "/cases/new",
        "/cases/0b6f/review",
        "/deep/link/1",
        "/staffing",
    ] {
        let r = get(s.url(path)).unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(
            r.text().unwrap(),
            "<!doctype html><title>E-Port Desk</title>",
            "{path}"
        );
    }
    for (paths, title) in [
        (
            &["/staff", "/staff/XM20261127-000001"][..],
            "E-Port Desk staff",
        ),
        (
            &[
                "/diagnostics",
                "/lookup",
                "/cases/0b6f/print",
                "/cases/0b6f/print/",
            ][..],
            "E-Port Desk tools",
        ),
    ] {
        for path in paths {
            let r = get(s.url(path)).unwrap();
            assert_eq!(r.status(), 200, "{path}");
            assert_eq!(r.headers()["cache-control"], "no-cache", "{path}");
            let body = r.text().unwrap();
            assert_eq!(
                body,
                format!("<!doctype html><title>{title}</title>"),
                "{path}"
            );
        }
    }
    let js = get(s.url("/app-1234.js")).unwrap();
    assert_eq!(js.status(), 200);
    assert_eq!(js.headers()["cache-control"], "no-cache", "not hashed");
    assert_eq!(js.text().unwrap(), "console.log(1)");
    for path in [
        "/nope.js",
        "/robots.txt.bak",
        "/icons/none.png",
        "/cases/x/a.wasm",
    ] {
        let r = get(s.url(path)).unwrap();
        assert_eq!(r.status(), 404, "{path}");
        assert!(
            !r.text().unwrap().contains("E-Port Desk"),
            "{path}: never the app"
        );
    }
}

#[test]
fn assets_are_sent_precompressed_by_accept_encoding_and_hashed_ones_are_immutable() {
    let dist = dist();
    let s = Server::start(dist.path());
    let client = reqwest::blocking::Client::new();
    let fetch = |encoding: &str| {
        client
            .get(s.url(&format!("/{}", common::HASHED_WASM)))
            .header("accept-encoding", encoding)
            .send()
            .unwrap()
    };
    for (accept, encoding, body) in [
        ("br", Some("br"), "brotli bytes"),
        ("gzip", Some("gzip"), "gzip bytes"),
        ("gzip, deflate, br", Some("br"), "brotli bytes"),
        ("identity", None, "\0asm identity"),
    ] {
        let r = fetch(accept);
        assert_eq!(r.status(), 200, "{accept}");
        assert_eq!(
            r.headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept}"
        );
        assert_eq!(r.headers()["content-type"], "application/wasm", "{accept}");
        assert_eq!(r.headers()["vary"], "accept-encoding", "{accept}");
        assert_eq!(
            r.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{accept}"
        );
        assert_eq!(r.text().unwrap(), body, "{accept}");
    }
}

#[test]
fn large_api_json_is_compressed() {
    let dist = dist();
    let s = Server::start(dist.path());
    let client = reqwest::blocking::Client::new();
    let r = client
        .get(s.url("/api/v1/openapi.json"))
        .header("accept-encoding", "br")
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-encoding"], "br");
    let small = client
        .get(s.url("/api/v1/ping"))
        .header("accept-encoding", "br")
        .send()
        .unwrap();
    assert!(
        small.headers().get("content-encoding").is_none(),
        "a small answer is sent as is"
    );
}

#[test]
fn restarts_on_an_existing_database() {
    let dist = dist();
    let data = Server::start(dist.path()).stop();
    let s = Server::start_in(dist.path(), data);
    assert_eq!(get(s.url("/api/v1/ping")).unwrap().status(), 200);
}

#[test]
fn help_documents_every_flag_and_variable() {
    // Secrets in the environment never show in the help.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_eport-server"))
        .arg("--help")
        .env("EPORT_DATABASE_URL", "postgres://eport:s3cret-pw@db/eport")
        .env("AWS_SECRET_ACCESS_KEY", "s3cret-key")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(!help.contains("s3cret"), "{help}");
    for flag in [
        "--addr",
        "--port",
        "--data-dir",
        "--dist-dir",
        "--staff-idle-timeout",
        "--secure-cookies",
        "EPORT_ADDR",
        "EPORT_PORT",
        "EPORT_DATA_DIR",
        "EPORT_DIST_DIR",
        "EPORT_STAFF_SESSION_MAX_AGE",
        "--clock-start",
        "EPORT_CLOCK_START",
        "--database-url-file",
        "EPORT_DATABASE_URL",
        "--blob-store",
        "AWS_SECRET_ACCESS_KEY",
    ] {
        assert!(help.contains(flag), "--help documents {flag}");
    }
}

#[test]
fn logs_one_line_per_request_and_stops_cleanly_on_ctrl_c() {
    use std::process::Command;
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    let server = common::Logged::start(dist.path(), data.path(), "info");
    let base = server.base.clone();
    assert_eq!(get(format!("{base}/api/v1/ping")).unwrap().status(), 200);
    assert_eq!(
        get(format!(
            "{base}/api/v1/nope?q=%E5%BC%A0%E4%B8%89&uscc=91350200MA31E12PXF"
        ))
        .unwrap()
        .status(),
        404
    );
    // Ctrl-C is SIGINT.
    let status = Command::new("kill")
        .args(["-INT", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let (exit, log) = server.wait_and_log();
    assert!(exit.success(), "clean exit on SIGINT: {exit:?}");
    let request_lines: Vec<&str> = log.lines().filter(|l| l.contains("path=/api/")).collect();
    assert_eq!(request_lines.len(), 2, "one line per request:\n{log}");
    assert!(
        request_lines[0].contains("path=/api/v1/ping") && request_lines[0].contains("status=200"),
        "{log}"
    );
    assert!(
        request_lines.iter().all(|l| l.contains("client=127.0.0.1")),
        "{log}"
    );
    assert!(request_lines[1].contains("status=404"), "{log}");
    // The query string may hold a name or a credit code: never logged.
    for secret in ["91350200MA31E12PXF", "uscc=", "%E5%BC%A0", "张三"] {
        assert!(!log.contains(secret), "{secret} logged:\n{log}");
    }
    assert!(log.contains("shut down cleanly"), "{log}");
}

#[test]
fn the_openapi_document_describes_every_endpoint_and_errors_are_problems() {
    let dist = dist();
    let s = Server::start(dist.path());
    let r = get(s.url("/api/v1/openapi.json")).unwrap();
    assert_eq!(r.status(), 200);
    let doc: serde_json::Value = r.json().unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/api/v1/ping", &["get"][..]),
        ("/api/v1/submissions/{id}", &["put", "get"]),
        (
            "/api/v1/submissions/{id}/attachments/{sha256}",
            &["head", "patch"],
        ),
        ("/api/v1/lookup", &["post"]),
        ("/api/v1/staff/session", &["post", "get", "delete"]),
        ("/api/v1/staff/submissions", &["get"]),
        ("/api/v1/staff/submissions/{key}", &["get"]),
        (
            "/api/v1/staff/submissions/{key}/attachments/{sha256}",
            &["get"],
        ),
        ("/api/v1/staff/submissions/{key}/review", &["post"]),
        ("/api/v1/staff/submissions/{key}/checklist/{item}", &["put"]),
        ("/api/v1/staff/submissions/{key}/progress", &["get"]),
    ] {
        for m in methods {
            assert!(paths[path][m].is_object(), "{m} {path} is documented");
        }
    }
    // The example manifest is generated from the domain fixtures and must pass
    // the server's own rules.
    let example = &paths["/api/v1/submissions/{id}"]["put"]["requestBody"]["content"]
        ["application/json"]["example"];
    let r = reqwest::blocking::Client::new()
        .put(s.url("/api/v1/submissions/5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31"))
        .bearer_auth("secret-of-the-openapi-example-0001")
        .json(example)
        .send()
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().unwrap());

    // Errors raised outside the handlers (here: a wrong method) are problems too.
    let r = reqwest::blocking::Client::new()
        .delete(s.url("/api/v1/ping"))
        .send()
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    assert!(r.headers().contains_key("allow"));
}
