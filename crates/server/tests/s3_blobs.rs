//! Verified attachments in an S3-compatible store (`--blob-store s3://…`),
//! against the real binary and a real S3-protocol server (s3s-fs): each is
//! written once under its SHA-256, the staff download reads it back, and a
//! 30 s outage holds no declaration back: what arrives is received with its
//! reference, kept in the database (the reviewer reads it there), and handed
//! to the store once it is back.

mod common;

use common::client::{new_upload, sha_hex, Api};
use common::s3::S3;
use common::staff::call;
use common::{dist, Server};
use reqwest::Method;
use std::time::{Duration, Instant};

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

    // The store is down for 30 s while declarations go on: each is received
    // with its reference as ever, its files kept in the database.
    s3.kill();
    let down = Instant::now();
    let base = s.base.clone();
    let declarers: Vec<_> = (0..3u64)
        .map(|k| {
            let base = base.clone();
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                for n in 0..2u64 {
                    std::thread::sleep(Duration::from_secs(if n == 0 { k * 4 } else { 10 }));
                    // A new client each time: a kept-alive connection idle for 10 s is closed.
                    let api = Api::new(&base);
                    let v = new_upload(5_000 + (k * 2 + n) as usize * 100, 10 + (k * 2 + n) as u32);
                    assert_eq!(api.put(&v).status(), 201);
                    api.upload_all(&v, 1024);
                    let st = api.status(&v);
                    assert_eq!(
                        st["state"], "received",
                        "declared while the store is down: {st}"
                    );
                    mine.push(v);
                }
                mine
            })
        })
        .collect();
    let during: Vec<_> = declarers
        .into_iter()
        .flat_map(|d| d.join().unwrap())
        .collect();
    assert!(
        down.elapsed() < Duration::from_secs(30),
        "declared within the outage"
    );
    // The reviewer reads what arrived during the outage (from the database)…
    let v = &during[0];
    let v_ref = api.status(v)["reference"].as_str().unwrap().to_string();
    let r = download(&s, &v_ref, &v.files[0].0);
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().unwrap().to_vec(), v.files[0].1);
    // …and is told to try again shortly for what the store holds.
    let r = download(&s, &reference, &u.files[1].0);
    assert_eq!(r.status(), 503, "the reviewer is told to try again shortly");
    assert!(r.headers().contains_key("retry-after"));
    for v in &during {
        for (sha, _) in &v.files {
            assert!(!s3.object(&format!("xm/{}/{sha}", &sha[..2])).exists());
        }
    }

    // A restart while the store is down: nothing is moved aside or lost.
    let data = s.stop();
    let s = with_s3(&s3, dist.path(), data);
    api = Api::new(&s.base);
    let (status, quarantine) = call(&s.base, &s.staff, Method::GET, "/quarantine", None);
    assert_eq!(status, 200);
    assert_eq!(quarantine, serde_json::json!([]), "nothing moved aside");
    assert_eq!(api.status(v)["state"], "received");
    assert_eq!(download(&s, &v_ref, &v.files[0].0).status(), 200);

    // Back after 30 s: the bytes arrive in the store, byte for byte, and leave the database.
    std::thread::sleep(Duration::from_secs(30).saturating_sub(down.elapsed()));
    s3.resume();
    let back = Instant::now();
    for v in &during {
        for (sha, bytes) in &v.files {
            let object = s3.object(&format!("xm/{}/{sha}", &sha[..2]));
            while !object.exists() {
                assert!(
                    back.elapsed() < Duration::from_secs(30),
                    "{sha} never arrived"
                );
                std::thread::sleep(Duration::from_millis(200));
            }
            assert_eq!(&std::fs::read(&object).unwrap(), bytes);
        }
    }
    let mut db = common::db::Db::open(s.data.path());
    while db.count("SELECT COUNT(*) FROM pending_objects") > 0 {
        assert!(
            back.elapsed() < Duration::from_secs(30),
            "pending rows left"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let references: std::collections::BTreeSet<String> = during
        .iter()
        .map(|v| api.status(v)["reference"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(references.len(), during.len(), "one reference each");
    let r = download(&s, &reference, &u.files[1].0);
    assert_eq!(r.status(), 200);
    assert_eq!(download(&s, &v_ref, &v.files[0].0).status(), 200);
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
