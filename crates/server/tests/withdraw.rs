//! Withdrawing a declaration before its review (`POST …/withdraw`): the state,
//! idempotence, the refusal once in review, superseding a withdrawn one, and
//! that a withdrawn submission takes no more bytes.

mod common;

use common::client::{new_upload, Api};
use common::staff::CSRF;
use common::{dist, Server};
use serde_json::{json, Value};

fn review(api: &Api, cookie: &str, reference: &str, decision: &str) -> u16 {
    common::staff::prepare_verdict(
        api.base.trim_end_matches("/api/v1"),
        cookie,
        reference,
        decision,
    );
    api.http
        .post(format!("{}/staff/submissions/{reference}/review", api.base))
        .header("cookie", cookie)
        .header(CSRF.0, CSRF.1)
        .json(&json!({"decision": decision, "note": "营业执照不清晰"}))
        .send()
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn a_received_submission_is_withdrawn_once_and_superseded_by_the_correction() {
    let dist = dist();
    let s = Server::start(dist.path());
    let api = Api::new(&s.base);
    let first = new_upload(1_500, 40);
    assert_eq!(api.put(&first).status(), 201);
    api.upload_all(&first, 4096);
    assert_eq!(api.status(&first)["state"], "received");

    // Another secret may not withdraw it; an unknown id is a 404.
    assert_eq!(api.withdraw(&first, Some("not-the-secret")).status(), 403);
    assert_eq!(api.withdraw(&new_upload(10, 41), None).status(), 404);

    let r = api.withdraw(&first, None);
    assert_eq!(r.status(), 200);
    let doc: Value = r.json().unwrap();
    assert_eq!(doc["state"], "withdrawn");
    assert!(doc["reference"].is_string(), "the reference stays");
    // Idempotent: the same answer again.
    let again: Value = api.withdraw(&first, None).json().unwrap();
    assert_eq!(again, doc);
    assert_eq!(api.status(&first)["state"], "withdrawn");

    // The corrected case supersedes the withdrawn one.
    let mut second = new_upload(1_500, 42);
    second.manifest.case.enterprise.address = "福建省厦门市思明区新地址1号".into();
    second.manifest.supersedes = Some(first.id.clone());
    assert_eq!(api.put_superseding(&second, &first.secret).status(), 201);
    assert_eq!(api.status(&first)["state"], "superseded");
    api.upload_all(&second, 4096);
    assert_eq!(api.status(&second)["state"], "received");
}

#[test]
fn in_review_it_is_refused_with_409_and_the_reason() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let u = new_upload(1_500, 43);
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 4096);
    let reference = api.status(&u)["reference"].as_str().unwrap().to_string();
    assert_eq!(review(&api, s.staff.as_str(), &reference, "in_review"), 200);

    let r = api
        .http
        .post(format!("{}/submissions/{}/withdraw", api.base, u.id))
        .bearer_auth(&u.secret)
        .header("accept-language", "zh-CN")
        .send()
        .unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let p: Value = r.json().unwrap();
    assert!(p["detail"].as_str().unwrap().contains("审核已开始"), "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains("0592-5653395"),
        "{p}"
    );
    assert_eq!(api.status(&u)["state"], "in_review");

    // Not superseded by a new declaration either: it is not withdrawn.
    let mut second = new_upload(1_500, 44);
    second.manifest.supersedes = Some(u.id.clone());
    assert_eq!(api.put_superseding(&second, &u.secret).status(), 409);
}

#[test]
fn a_submission_withdrawn_while_sending_takes_no_more_bytes() {
    let dist = dist();
    let s = Server::start(dist.path());
    let api = Api::new(&s.base);
    let u = new_upload(1_500, 45);
    assert_eq!(api.put(&u).status(), 201);
    let r = api.withdraw(&u, None);
    assert_eq!(r.status(), 200);
    let doc: Value = r.json().unwrap();
    assert_eq!(doc["state"], "withdrawn");
    assert!(doc["reference"].is_null(), "never received: no reference");
    let (sha, bytes) = &u.files[0];
    assert_eq!(api.patch(&u, sha, 0, bytes).status(), 409);
    assert_eq!(api.status(&u)["state"], "withdrawn");
}

/// `u` with its `i`-th scan replaced by `bytes` (a new id: a new declaration).
fn with_scan(mut u: common::client::Upload, i: usize, bytes: Vec<u8>) -> common::client::Upload {
    let sha = common::client::sha_hex(&bytes);
    let slot = u.manifest.attachments[i].slot.clone();
    u.manifest.attachments[i].sha256 = sha.clone();
    u.manifest.attachments[i].size = bytes.len() as u64;
    for m in u
        .manifest
        .case
        .attachments
        .iter_mut()
        .filter(|m| m.slot == slot)
    {
        m.sha256 = sha.clone();
        m.size = bytes.len() as u64;
    }
    u.files[i] = (sha, bytes);
    u.id = uuid::Uuid::new_v4().to_string();
    u.secret = format!("secret-{}", uuid::Uuid::new_v4());
    u
}

fn missing(r: reqwest::blocking::Response) -> Vec<String> {
    assert_eq!(r.status(), 201);
    let doc: Value = r.json().unwrap();
    serde_json::from_value(doc["missing"].clone()).unwrap()
}

#[test]
fn declaring_again_sends_only_the_changed_scans_and_never_matches_another_submission() {
    let dist = dist();
    let s = Server::start(dist.path());
    let api = Api::new(&s.base);
    let first = new_upload(3_000, 41);
    assert_eq!(api.put(&first).status(), 201);
    api.upload_all(&first, 1024);
    assert_eq!(api.withdraw(&first, None).status(), 200);

    // One scan changed; the other seven the withdrawn submission holds verified.
    let changed = common::client::png_bytes(2_500, 4_199);
    let mut second = with_scan(first.clone(), 0, changed.clone());
    second.manifest.supersedes = Some(first.id.clone());
    let todo = missing(api.put_superseding(&second, &first.secret));
    assert_eq!(
        todo,
        vec![second.files[0].0.clone()],
        "only the changed scan"
    );
    for (sha, bytes) in &second.files[1..] {
        let h = api.head(&second, sha);
        assert_eq!(
            h.headers()["upload-offset"],
            bytes.len().to_string().as_str()
        );
    }
    assert_eq!(api.status(&second)["state"], "awaiting_attachments");
    api.upload_all(&second, 1024);
    assert_eq!(api.status(&second)["state"], "received");

    // Someone else declaring the same bytes (no proof of the earlier secret)
    // is told to send all of them: nothing says another submission has them.
    let stranger = with_scan(first.clone(), 0, changed);
    assert_eq!(missing(api.put(&stranger)).len(), stranger.files.len());

    // Nor does a wrong secret for the superseded one match anything.
    let mut third = with_scan(first.clone(), 1, common::client::png_bytes(2_000, 4_299));
    third.manifest.supersedes = Some(second.id.clone());
    let r = api.put_superseding(&third, &first.secret);
    assert_eq!(r.status(), 403);
}
