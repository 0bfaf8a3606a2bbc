//! Verified attachments in an S3-compatible store (`--blob-store s3://…`),
//! against the real binary and a real S3-protocol server (s3s-fs): each is
//! written once under its SHA-256, the staff download reads it back, and
//! while the store is down nothing held is lost: the last chunk is answered
//! 503 with Retry-After, the download too, and once the store is back the
//! client's next question finishes the upload.

mod common;

use common::client::{new_upload, sha_hex, Api};
use common::s3::S3;
use common::staff::call;
use common::{dist, Server};
use reqwest::Method;

const PASSWORD_FILE: &str = "test-reviewer-password";

/// The server on `data` with its blobs in `s3` (a reviewer account made the first time).
fn with_s3(s3: &S3, dist: &std::path::Path, data: tempfile::TempDir) -> Server {
    let env = s3.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = data.path().join(PASSWORD_FILE);
    let password = std::fs::read_to_string(&saved).unwrap_or_else(|_| {
        let p = common::staff::add_account(data.path(), "reviewer", "审核员甲");
        std::fs::write(&saved, &p).unwrap();
        p
    });
    let mut s = Server::start_env(
        dist,
        data,
        &[
            "--blob-store",
            "s3://eport/xm",
            "--max-store-bytes",
            "1000000000",
        ],
        &env,
    );
    s.staff = common::staff::session(&s.base, "reviewer", &password);
    s
}

fn download(s: &Server, reference: &str, sha: &str) -> reqwest::blocking::Response {
    reqwest::blocking::Client::new()
        .get(s.url(&format!(
            "/api/v1/staff/submissions/{reference}/attachments/{sha}"
        )))
        .header("cookie", &s.staff)
        .send()
        .unwrap()
}

#[test]
fn attachments_go_to_the_object_store_and_an_outage_loses_nothing() {
    let dist = dist();
    let mut s3 = S3::start();
    let s = with_s3(&s3, dist.path(), tempfile::tempdir().unwrap());
    let mut api = Api::new(&s.base);

    // A whole submission: every object under its SHA-256, byte for byte, none on the server's disk.
    let u = new_upload(600, 1);
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 4096);
    let reference = api.status(&u)["reference"].as_str().unwrap().to_string();
    for (sha, bytes) in &u.files {
        let stored = std::fs::read(s3.object(&format!("xm/{}/{sha}", &sha[..2]))).unwrap();
        assert_eq!(sha_hex(&stored), *sha);
        assert_eq!(&stored, bytes);
    }
    let local: Vec<_> = walk(&s.data.path().join("blobs"));
    assert!(
        local.is_empty(),
        "nothing verified is kept on the server's disk: {local:?}"
    );
    let (sha, bytes) = &u.files[0];
    let r = download(&s, &reference, sha);
    assert_eq!(r.status(), 200);
    assert_eq!(&r.bytes().unwrap().to_vec(), bytes);

    // The store goes down during a second declaration.
    let v = new_upload(600, 2);
    assert_eq!(api.put(&v).status(), 201);
    s3.kill();
    let (sha, bytes) = &v.files[0];
    let head = api.patch(&v, sha, 0, &bytes[..bytes.len() - 10]);
    assert_eq!(head.status(), 204, "bytes before the last arrive as ever");
    let last = api.patch(
        &v,
        sha,
        (bytes.len() - 10) as u64,
        &bytes[bytes.len() - 10..],
    );
    assert_eq!(last.status(), 503, "{}", last.text().unwrap_or_default());
    let again = api.patch(
        &v,
        sha,
        (bytes.len() - 10) as u64,
        &bytes[bytes.len() - 10..],
    );
    assert_eq!(again.status(), 503, "still down: still every byte kept");
    let r = download(&s, &reference, &u.files[1].0);
    assert_eq!(r.status(), 503, "the reviewer is told to try again shortly");
    assert!(r.headers().contains_key("retry-after"));
    let h = api.head(&v, sha);
    assert_eq!(
        h.status(),
        503,
        "asking the offset tries to finish, and says why not"
    );

    // A restart while the store is down: recovery keeps the held bytes, quarantines nothing.
    let data = s.stop();
    let s = with_s3(&s3, dist.path(), data);
    api = Api::new(&s.base);
    let (status, quarantine) = call(&s.base, &s.staff, Method::GET, "/quarantine", None);
    assert_eq!(status, 200);
    assert_eq!(quarantine, serde_json::json!([]), "nothing moved aside");
    assert_eq!(api.head(&v, sha).status(), 503);

    // Back: the client's next question finishes it; nothing is sent twice.
    s3.resume();
    let h = api.head(&v, sha);
    assert_eq!(h.status(), 200);
    assert_eq!(
        h.headers()["upload-offset"].to_str().unwrap(),
        bytes.len().to_string()
    );
    api.upload_all(&v, 4096);
    let status = api.status(&v);
    assert_eq!(status["state"], "received", "{status}");
    for (sha, bytes) in &v.files {
        let stored = std::fs::read(s3.object(&format!("xm/{}/{sha}", &sha[..2]))).unwrap();
        assert_eq!(&stored, bytes);
    }
    let r = download(&s, &reference, &u.files[1].0);
    assert_eq!(r.status(), 200);
    let (status, _) = call(
        &s.base,
        &s.staff,
        Method::GET,
        &format!("/submissions/{reference}"),
        None,
    );
    assert_eq!(status, 200);
}

#[test]
fn an_object_store_needs_a_quota_and_a_well_formed_url() {
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    for (args, says) in [
        (vec!["--blob-store", "s3://eport"], "--max-store-bytes"),
        (
            vec![
                "--blob-store",
                "s3://Bad_Bucket",
                "--max-store-bytes",
                "1000",
            ],
            "bucket name",
        ),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_eport-server"))
            .args(["--port", "0", "--data-dir"])
            .arg(data.path())
            .arg("--dist-dir")
            .arg(dist.path())
            .args(&args)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
