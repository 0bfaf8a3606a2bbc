//! Retention on the real binary: finished submissions lose their personal
//! data after the retention period (shortened by its flag) and keep a
//! tombstone; erasure on request from the command line with its audit line;
//! the look-up by reference number and credit code.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::client::{mailed, new_upload, Api, Upload};
use common::staff::CSRF;
use common::{dist, Server};
use serde_json::{json, Value};

/// A name only this submission carries, to look for in the database files.
const PERSON: &str = "岳归档";

fn upload_named(api: &Api, seed: u32, name: &str) -> Upload {
    let mut u = mailed(new_upload(2_000, seed));
    u.manifest.case.legal_person.name = name.into();
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 1024);
    u
}

fn decide(s: &Server, key: &str, decision: &str) {
    common::staff::prepare_verdict(&s.base, &s.staff, key, decision);
    let r = reqwest::blocking::Client::new()
        .post(format!("{}/api/v1/staff/submissions/{key}/review", s.base))
        .header("cookie", &s.staff)
        .header(CSRF.0, CSRF.1)
        .json(&if decision == "dispatch" {
            json!({ "decision": decision, "tracking_number": "EA123456785CN" })
        } else {
            json!({ "decision": decision, "note": "营业执照不清晰" })
        })
        .send()
        .unwrap();
    assert_eq!(r.status(), 200, "{decision}");
}

fn staff_detail(s: &Server, key: &str) -> Value {
    reqwest::blocking::Client::new()
        .get(format!("{}/api/v1/staff/submissions/{key}", s.base))
        .header("cookie", &s.staff)
        .send()
        .unwrap()
        .json()
        .unwrap()
}

/// Whether `needle` is still in the database (see `common::db::holds`).
fn in_database(data: &Path, needle: &str) -> bool {
    common::db::holds(data, needle)
}

fn blob_exists(data: &Path, sha: &str) -> bool {
    data.join("blobs").join(&sha[..2]).join(sha).exists()
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "waited 20 s for {what}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_finished_submission_is_erased_after_retention_and_its_tombstone_answers() {
    let dist = dist();
    let s = Server::start_staffed(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &["--retain-finished", "3s", "--purge-interval", "300ms"],
    );
    let api = Api::new(&s.base);
    let done = upload_named(&api, 51, PERSON);
    let open = upload_named(&api, 52, "钱在审");
    decide(&s, &done.id, "approve");
    decide(&s, &done.id, "dispatch");
    let data = s.data.path();
    assert!(in_database(data, PERSON));
    assert!(blob_exists(data, &done.files[0].0));

    wait_for("the dispatched submission to be archived", || {
        api.status(&done)["archived_at"].is_string()
    });
    let doc = api.status(&done);
    assert_eq!(doc["state"], "dispatched");
    assert_eq!(doc["review"]["decision"], "approve");
    assert!(doc["reference"].as_str().unwrap().starts_with("XM"));
    assert!(doc["received_at"].is_string());
    assert!(
        doc["review"]["note"].is_null(),
        "the note may name a person"
    );

    // Gone from the database (file and log) and from the disk.
    assert!(
        !in_database(data, PERSON),
        "the legal person's name is erased"
    );
    assert!(
        !in_database(data, "营业执照不清晰"),
        "the review note is erased"
    );
    wait_for("the blobs to be deleted", || {
        done.files.iter().all(|(sha, _)| !blob_exists(data, sha))
    });
    let detail = staff_detail(&s, &done.id);
    assert!(detail["manifest"].is_null());
    assert_eq!(detail["attachments"], json!([]));
    // Only the status look-ups made since remain on the timeline.
    assert!(detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["method"] == "GET" && t["detail"] == ""));
    assert_eq!(
        detail["decided_by"]["name"], "审核员甲",
        "who decided stays"
    );
    assert!(detail["status"]["archived_at"].is_string());

    // The one still in review keeps everything.
    let still = api.status(&open);
    assert!(still.get("archived_at").is_none());
    assert!(in_database(data, "钱在审"));
    assert!(open.files.iter().all(|(sha, _)| blob_exists(data, sha)));

    // After a restart the tombstone is still there.
    let data = s.stop();
    let s = Server::start_with(dist.path(), data, &[]);
    let api = Api::new(&s.base);
    assert!(api.status(&done)["archived_at"].is_string());
}

#[test]
fn a_scan_shared_with_a_live_submission_survives_the_erasure_of_the_old_one() {
    let dist = dist();
    let s = Server::start_staffed(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &["--retain-finished", "2s", "--purge-interval", "300ms"],
    );
    let api = Api::new(&s.base);
    let first = upload_named(&api, 53, PERSON);
    decide(&s, &first.id, "reject");
    // Declared again with the same scans: the first is superseded.
    let mut second = first.clone();
    second.id = uuid::Uuid::new_v4().to_string();
    second.secret = "c2Vjb25kLXNlY3JldC1mb3ItdGhlLXRlc3Qtc3VpdGUtMDE".into();
    second.manifest.supersedes = Some(first.id.clone());
    let r = api.put_superseding(&second, &first.secret);
    assert_eq!(r.status(), 201, "{}", r.text().unwrap_or_default());
    api.upload_all(&second, 1024);
    assert_eq!(api.status(&second)["state"], "received");
    wait_for("the superseded one to be archived", || {
        api.status(&first)["archived_at"].is_string()
    });
    std::thread::sleep(Duration::from_millis(1_000));
    for (sha, _) in &second.files {
        assert!(blob_exists(s.data.path(), sha), "{sha} is still needed");
    }
    let detail = staff_detail(&s, &second.id);
    assert_eq!(
        detail["attachments"].as_array().unwrap().len(),
        second.files.len()
    );
}

#[test]
fn erasure_on_request_from_the_command_line_with_an_audit_line() {
    let dist = dist();
    let s = Server::start_staffed(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &["--purge-interval", "300ms"],
    );
    let api = Api::new(&s.base);
    let u = upload_named(&api, 54, PERSON);
    let reference = api.status(&u)["reference"].as_str().unwrap().to_string();
    let cli = |args: &[&str]| {
        let out = common::server_command(s.data.path())
            .arg("purge")
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    // Nothing is past retention yet (default 90 days); a dry run changes nothing.
    assert!(cli(&["--dry-run"]).contains("nothing is past its retention"));
    assert!(cli(&["--dry-run", "--reference", &reference]).contains("would be erased"));
    assert!(in_database(s.data.path(), PERSON));
    let kept = common::db::Db::open(s.data.path())
        .text("SELECT network FROM submissions WHERE id = ?1", &u.id);
    assert_eq!(
        kept.as_deref(),
        Some("127.0.0.0/24"),
        "kept while the submission is"
    );
    let out = cli(&["--reference", &reference]);
    assert!(out.contains("erased on request"), "{out}");
    assert!(!in_database(s.data.path(), PERSON));
    assert!(api.status(&u)["archived_at"].is_string());
    // The running server deletes the files the command left unused.
    wait_for("the blobs to be deleted", || {
        u.files
            .iter()
            .all(|(sha, _)| !blob_exists(s.data.path(), sha))
    });
    let mut db = common::db::Db::open(s.data.path());
    let erased = db.text(
        "SELECT reason || ' ' || reference FROM erasures WHERE submission_id = ?1",
        &u.id,
    );
    assert_eq!(erased, Some(format!("request {reference}")));
    // The network it came from is erased with it.
    let network = db.text("SELECT network FROM submissions WHERE id = ?1", &u.id);
    assert_eq!(network, None);
    assert!(cli(&["--reference", &reference]).contains("already archived"));
}

fn lookup(base: &str, reference: &str, uscc: &str) -> reqwest::blocking::Response {
    reqwest::blocking::Client::new()
        .post(format!("{base}/api/v1/lookup"))
        .json(&json!({ "reference": reference, "uscc": uscc }))
        .send()
        .unwrap()
}

#[test]
fn the_look_up_by_reference_and_credit_code_tells_states_and_dates_only() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let u = upload_named(&api, 55, PERSON);
    let reference = api.status(&u)["reference"].as_str().unwrap().to_string();
    let uscc = u.manifest.case.enterprise.uscc.clone();
    let r = lookup(&s.base, &reference, &uscc.to_lowercase());
    assert_eq!(r.status(), 200);
    let text = r.text().unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["state"], "received");
    assert_eq!(doc["reference"], reference.as_str());
    for personal in [PERSON, "李四", "11010519491231002X", "scan-0.png", &u.id] {
        assert!(!text.contains(personal), "{personal} in {text}");
    }
    // A wrong code answers exactly like an unknown reference.
    let wrong = lookup(&s.base, &reference, "91350200MA31E12P00");
    let unknown = lookup(&s.base, "XM20200101-000001", &uscc);
    assert_eq!(
        (wrong.status().as_u16(), unknown.status().as_u16()),
        (404, 404)
    );
    assert_eq!(wrong.text().unwrap(), unknown.text().unwrap());
    // A flood is refused.
    let statuses: Vec<u16> = (0..12)
        .map(|_| {
            lookup(&s.base, &reference, "91350200MA31E12P00")
                .status()
                .as_u16()
        })
        .collect();
    assert_eq!(*statuses.last().unwrap(), 429, "{statuses:?}");
    let r = lookup(&s.base, &reference, &uscc);
    assert_eq!(r.status(), 429, "the right pair waits too");
    assert!(r.headers().contains_key("retry-after"));
}

/// Full-width upper case of an ASCII string (what some input methods type).
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
        .collect()
}

#[test]
fn references_and_credit_codes_in_any_typed_form_find_the_same_submission() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    // Declared with the credit code as an input method typed it.
    let mut u = mailed(new_upload(2_000, 57));
    let uscc = u.manifest.case.enterprise.uscc.clone();
    u.manifest.case.enterprise.uscc = format!(" {} ", full_width(&uscc.to_lowercase()));
    let r = api.put(&u);
    assert_eq!(r.status(), 201, "{}", r.text().unwrap_or_default());
    api.upload_all(&u, 1024);
    let reference = api.status(&u)["reference"].as_str().unwrap().to_string();
    for (typed_ref, typed_code) in [
        (reference.to_lowercase(), uscc.to_lowercase()),
        (format!("  {reference} "), full_width(&uscc)),
        (full_width(&reference.to_lowercase()), format!(" {uscc}")),
        (reference.replace('-', ""), uscc.clone()),
    ] {
        let r = lookup(&s.base, &typed_ref, &typed_code);
        assert_eq!(r.status(), 200, "{typed_ref:?} {typed_code:?}");
    }
    // Stored canonical: the staff list shows it so, and finds it by either form.
    for q in [full_width(&uscc.to_lowercase()), reference.to_lowercase()] {
        let list: Value = reqwest::blocking::Client::new()
            .get(format!("{}/api/v1/staff/submissions", s.base))
            .query(&[("q", q.as_str())])
            .header("cookie", &s.staff)
            .send()
            .unwrap()
            .json()
            .unwrap();
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{q}");
        assert_eq!(items[0]["uscc"], uscc.as_str());
    }
}
