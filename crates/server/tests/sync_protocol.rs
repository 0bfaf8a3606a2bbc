//! Protocol v1 against the real binary on a real SQLite file: the happy path,
//! idempotent retries, every documented refusal, and what a retry after a lost
//! response does.

mod common;

use common::client::{new_upload, png_bytes, sha_hex, Api};
use common::{dist, Server};
use serde_json::Value;

fn problem(r: reqwest::blocking::Response, status: u16) -> Value {
    assert_eq!(r.status(), status, "expected {status}");
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let v: Value = r.json().unwrap();
    assert_eq!(v["status"], status);
    v
}

#[test]
fn a_submission_goes_from_manifest_to_received_with_a_reference() {
    let dist = dist();
    let s = Server::start(dist.path());
    let api = Api::new(&s.base);
    let u = new_upload(300_000, 1);
    let r = api.put(&u);
    assert_eq!(r.status(), 201);
    let doc: Value = r.json().unwrap();
    assert_eq!(doc["state"], "awaiting_attachments");
    assert_eq!(doc["missing"].as_array().unwrap().len(), u.files.len());
    assert!(doc["expected"]["review_by"].is_string());

    // A lost response to the PUT: the retry replays the same answer.
    let again = api.put(&u);
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().unwrap()["id"], u.id.as_str());

    api.upload_all(&u, 128 * 1024);
    let doc = api.status(&u);
    assert_eq!(doc["state"], "received");
    assert!(doc["missing"].as_array().unwrap().is_empty());
    let reference = doc["reference"].as_str().unwrap();
    assert!(regex_like_reference(reference), "{reference}");
    // Every byte is in the content-addressed store, exactly as sent.
    for (sha, bytes) in &u.files {
        let stored = std::fs::read(s.data.path().join("blobs").join(&sha[..2]).join(sha)).unwrap();
        assert_eq!(&stored, bytes);
    }
    // A lost response to the last chunk: the retry learns the file is complete.
    let (sha, bytes) = &u.files[0];
    let r = api.patch(&u, sha, bytes.len() as u64 - 10, &bytes[bytes.len() - 10..]);
    assert_eq!(r.status(), 409);
    assert_eq!(
        r.headers()["upload-offset"],
        bytes.len().to_string().as_str()
    );
    assert_eq!(
        api.status(&u)["reference"],
        reference,
        "still one submission, same reference"
    );
}

fn regex_like_reference(r: &str) -> bool {
    let b = r.as_bytes();
    r.len() == 17
        && r.starts_with("XM")
        && b[2..10].iter().all(u8::is_ascii_digit)
        && b[10] == b'-'
        && b[11..].iter().all(u8::is_ascii_digit)
}

#[test]
fn references_count_up_per_day() {
    let dist = dist();
    let s = Server::start(dist.path());
    let api = Api::new(&s.base);
    let mut refs = Vec::new();
    for seed in 0..3 {
        let u = new_upload(1_000, 10 + seed);
        assert_eq!(api.put(&u).status(), 201);
        api.upload_all(&u, 64 * 1024);
        refs.push(api.status(&u)["reference"].as_str().unwrap().to_string());
    }
    let seqs: Vec<&str> = refs.iter().map(|r| &r[11..]).collect();
    assert_eq!(seqs, ["000001", "000002", "000003"]);
}

#[test]
fn manifests_are_refused_with_the_documented_codes() {
    let dist = dist();
    let s = Server::start(dist.path());
    let api = Api::new(&s.base);
    let u = new_upload(1_000, 2);
    let body = serde_json::to_vec(&u.manifest).unwrap();
    let url = format!("{}/submissions/{}", api.base, u.id);

    // Malformed id.
    let r = api
        .http
        .put(format!("{}/submissions/not-a-uuid", api.base))
        .bearer_auth("x")
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .unwrap();
    problem(r, 400);
    // Not JSON.
    let r = api
        .http
        .put(&url)
        .bearer_auth(&u.secret)
        .header("content-type", "text/plain")
        .body(body.clone())
        .send()
        .unwrap();
    problem(r, 415);
    // Malformed JSON.
    problem(api.put_raw(&u, b"{\"kind\":".to_vec()), 400);
    // No secret.
    let r = api
        .http
        .put(&url)
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .unwrap();
    problem(r, 401);
    // Too large.
    let mut big = u.manifest.clone();
    big.case.pickup.remarks = "备".repeat(100_000);
    problem(api.put_raw(&u, serde_json::to_vec(&big).unwrap()), 413);
    // 21 attachments.
    let mut many = u.manifest.clone();
    let extra = many.attachments[0].clone();
    many.attachments
        .extend(std::iter::repeat_n(extra, 21 - many.attachments.len()));
    problem(api.put_raw(&u, serde_json::to_vec(&many).unwrap()), 413);
    // Domain rules, with the browser's codes and messages.
    let mut bad = u.manifest.clone();
    bad.case.legal_person.id_number = "110105194912310021".into();
    let v = problem(api.put_raw(&u, serde_json::to_vec(&bad).unwrap()), 422);
    assert_eq!(v["errors"][0]["path"], "legal_person.id_number");
    assert_eq!(v["errors"][0]["code"], "id_check");
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("校验位不正确"));
    // Nothing was stored by any of these: the id is unknown.
    problem(
        api.http.get(&url).bearer_auth(&u.secret).send().unwrap(),
        404,
    );

    // A check-character warning passes only with the confirmation recorded.
    let mut warn = new_upload(1_000, 3);
    warn.manifest.case.enterprise.uscc = "91350100M000100Y4A".into();
    problem(api.put(&warn), 422);
    warn.manifest.case.confirmations.uscc_check = Some("91350100M000100Y4A".into());
    assert_eq!(api.put(&warn).status(), 201);

    // Same id, different body.
    assert_eq!(api.put(&u).status(), 201);
    let mut changed = u.manifest.clone();
    changed.case.enterprise.name = "别的公司".into();
    problem(api.put_raw(&u, serde_json::to_vec(&changed).unwrap()), 409);
}

#[test]
fn a_wrong_secret_learns_nothing() {
    let dist = dist();
    let s = Server::start(dist.path());
    let api = Api::new(&s.base);
    let u = new_upload(1_000, 4);
    assert_eq!(api.put(&u).status(), 201);
    let existing = api
        .http
        .get(format!("{}/submissions/{}", api.base, u.id))
        .bearer_auth("wrong")
        .send()
        .unwrap();
    let unknown = api
        .http
        .get(format!("{}/submissions/{}", api.base, uuid::Uuid::new_v4()))
        .bearer_auth("wrong")
        .send()
        .unwrap();
    // A wrong secret gets the same 403 whatever the submission holds; an
    // unknown id is a 404, so the browser knows to declare it again (ids are
    // random UUIDs: knowing one exists tells a guesser nothing).
    assert_eq!(existing.status(), 403);
    assert_eq!(unknown.status(), 404);
    let text = existing.text().unwrap();
    assert!(
        !text.contains(&u.id) && !text.contains("awaiting"),
        "{text}"
    );
    let other = new_upload(1_000, 41);
    assert_eq!(api.put(&other).status(), 201);
    let r = api
        .http
        .get(format!("{}/submissions/{}", api.base, other.id))
        .bearer_auth("wrong")
        .send()
        .unwrap();
    assert_eq!(
        r.text().unwrap(),
        text,
        "two submissions' 403s are identical"
    );
    let mut thief = new_upload(1_000, 4);
    thief.id = u.id.clone();
    problem(api.put(&thief), 403);
    // HEAD answers carry no body: the status says it.
    let r = api
        .http
        .head(format!(
            "{}/submissions/{}/attachments/{}",
            api.base, u.id, u.files[0].0
        ))
        .send()
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[test]
fn chunks_are_refused_with_the_documented_codes() {
    let dist = dist();
    let s = Server::start(dist.path());
    let api = Api::new(&s.base);
    let u = new_upload(2_200_000, 5);
    assert_eq!(api.put(&u).status(), 201);
    let (sha, bytes) = &u.files[0];
    let url = format!("{}/submissions/{}/attachments/{sha}", api.base, u.id);

    assert_eq!(api.patch(&u, sha, 0, &bytes[..1000]).status(), 204);
    // Stale or duplicate offset → 409 with the server's offset.
    let r = api.patch(&u, sha, 0, &bytes[..1000]);
    assert_eq!(r.status(), 409);
    assert_eq!(r.headers()["upload-offset"], "1000");
    // Over-long chunk (more than 1 MiB) → 413, nothing kept.
    problem(
        api.patch(&u, sha, 1000, &bytes[1000..1000 + 1_048_577]),
        413,
    );
    assert_eq!(api.head(&u, sha).headers()["upload-offset"], "1000");
    // Wrong content type → 415; missing or bad offset → 400.
    let r = api
        .http
        .patch(&url)
        .bearer_auth(&u.secret)
        .header("content-type", "application/octet-stream")
        .header("upload-offset", "1000")
        .body(vec![1u8])
        .send()
        .unwrap();
    problem(r, 415);
    let r = api
        .http
        .patch(&url)
        .bearer_auth(&u.secret)
        .header("content-type", "application/offset+octet-stream")
        .body(vec![1u8])
        .send()
        .unwrap();
    problem(r, 400);
    let r = api
        .http
        .patch(&url)
        .bearer_auth(&u.secret)
        .header("content-type", "application/offset+octet-stream")
        .header("upload-offset", "ten")
        .body(vec![1u8])
        .send()
        .unwrap();
    problem(r, 400);
    // An attachment the manifest does not name → 404.
    assert_eq!(api.head(&u, &"0".repeat(64)).status(), 404);

    // Bytes that do not match the digest → 422 and the upload starts again.
    let (sha2, bytes2) = &u.files[1];
    let mut wrong = bytes2.clone();
    wrong[5000] ^= 0xFF;
    let mut off = 0;
    while off < wrong.len() {
        let end = (off + 1_000_000).min(wrong.len());
        let r = api.patch(&u, sha2, off as u64, &wrong[off..end]);
        if end == wrong.len() {
            problem(r, 422);
        } else {
            assert_eq!(r.status(), 204);
        }
        off = end;
    }
    assert_eq!(api.head(&u, sha2).headers()["upload-offset"], "0");
    assert!(api.status(&u)["missing"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m == sha2.as_str()));
}

#[test]
fn an_executable_claiming_to_be_a_png_is_refused() {
    let dist = dist();
    let s = Server::start(dist.path());
    let api = Api::new(&s.base);
    let mut u = new_upload(1_000, 6);
    let mut exe = png_bytes(1_000, 99);
    exe[..2].copy_from_slice(b"MZ");
    let sha = sha_hex(&exe);
    u.manifest.attachments[0].sha256 = sha.clone();
    u.manifest.case.attachments[0].sha256 = sha.clone();
    assert_eq!(api.put(&u).status(), 201);
    let v = problem(api.patch(&u, &sha, 0, &exe), 422);
    assert!(v["detail"]
        .as_str()
        .unwrap()
        .contains("not the declared file type"));
    assert_eq!(api.head(&u, &sha).headers()["upload-offset"], "0");
}

#[test]
fn creating_submissions_is_rate_limited_per_address() {
    let dist = dist();
    let s = Server::start_with(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &["--create-limit", "120/2"],
    );
    let api = Api::new(&s.base);
    let uploads: Vec<_> = (0..3).map(|i| new_upload(100, 20 + i)).collect();
    assert_eq!(api.put(&uploads[0]).status(), 201);
    assert_eq!(api.put(&uploads[1]).status(), 201);
    let r = api.put(&uploads[2]);
    assert_eq!(r.headers()["retry-after"], "30");
    problem(r, 429);
    // Retries of existing submissions are not creations.
    assert_eq!(api.put(&uploads[0]).status(), 200);
}
