//! `eport-server migrate-data`: a SQLite data directory with submissions in
//! every state moves into PostgreSQL + S3, and a server on them answers every
//! status document as before, serves every byte unchanged, lets the upload in
//! progress resume where it was, and signs the same staff in. It refuses while
//! a server runs on the directory, and into a database that holds submissions.
//!
//! Runs when `EPORT_TEST_POSTGRES` names a cluster (`make test` starts one).

mod common;

use common::client::{mailed, new_upload, Api, Upload};
use common::s3::S3;
use common::staff::{call, prepare_verdict, printed_password};
use common::{dist, Server};
use reqwest::Method;
use serde_json::{json, Value};

/// The source server, on SQLite whatever the suite's backend.
const SQLITE: (&str, &str) = ("EPORT_DATABASE_URL", "");

fn review(s: &Server, key: &str, body: Value) {
    let (status, answer) = call(
        &s.base,
        &s.staff,
        Method::POST,
        &format!("/submissions/{key}/review"),
        Some(body),
    );
    assert_eq!(status, 200, "{answer}");
}

fn received(api: &Api, u: &Upload) -> String {
    assert_eq!(api.put(u).status(), 201);
    api.upload_all(u, 8192);
    api.status(u)["reference"].as_str().unwrap().to_string()
}

fn migrate(data: &std::path::Path, url: &str, s3: &S3) -> std::process::Output {
    common::server_command(data)
        .env("EPORT_DATABASE_URL", url)
        .envs(s3.env())
        .env("RUST_LOG", "warn")
        .args(["--blob-store", "s3://eport/xm", "migrate-data"])
        .output()
        .unwrap()
}

#[test]
fn a_data_directory_in_every_state_moves_into_postgres_and_s3_unchanged() {
    if !common::on_postgres() {
        eprintln!(
            "skipped: migrate-data needs PostgreSQL (EPORT_TEST_POSTGRES; make test sets it)"
        );
        return;
    }
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    let out = common::server_command(data.path())
        .env(SQLITE.0, SQLITE.1)
        .args(["account", "add", "reviewer", "--name", "审核员甲"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let password = printed_password(&out);
    let mut s = Server::start_env(dist.path(), data, &[], &[SQLITE]);
    s.staff = common::staff::session(&s.base, "reviewer", &password);
    let api = Api::new(&s.base);

    // One submission in every state.
    let received_one = new_upload(2_000, 1);
    received(&api, &received_one);
    let in_review = new_upload(2_000, 2);
    received(&api, &in_review);
    prepare_verdict(&s.base, &s.staff, &in_review.id, "reject");
    let approved = new_upload(2_000, 3);
    received(&api, &approved);
    prepare_verdict(&s.base, &s.staff, &approved.id, "approve");
    review(&s, &approved.id, json!({"decision": "approve"}));
    let rejected = new_upload(2_000, 4);
    received(&api, &rejected);
    prepare_verdict(&s.base, &s.staff, &rejected.id, "reject");
    review(
        &s,
        &rejected.id,
        json!({"decision": "reject", "note": "营业执照不清晰"}),
    );
    let mut again = new_upload(2_000, 5);
    again.manifest.supersedes = Some(rejected.id.clone());
    assert_eq!(api.put_superseding(&again, &rejected.secret).status(), 201);
    api.upload_all(&again, 8192);
    let returned = new_upload(2_000, 12);
    received(&api, &returned);
    prepare_verdict(&s.base, &s.staff, &returned.id, "reject");
    review(
        &s,
        &returned.id,
        json!({"decision": "reject", "note": "法人身份证不清晰"}),
    );
    let withdrawn = new_upload(2_000, 6);
    received(&api, &withdrawn);
    assert_eq!(api.withdraw(&withdrawn, None).status(), 200);
    let dispatched = mailed(new_upload(2_000, 7));
    received(&api, &dispatched);
    prepare_verdict(&s.base, &s.staff, &dispatched.id, "approve");
    review(&s, &dispatched.id, json!({"decision": "approve"}));
    review(
        &s,
        &dispatched.id,
        json!({"decision": "dispatch", "tracking_number": "EA123456785CN"}),
    );
    let collected = new_upload(2_000, 8);
    let collected_ref = received(&api, &collected);
    prepare_verdict(&s.base, &s.staff, &collected.id, "approve");
    review(&s, &collected.id, json!({"decision": "approve"}));
    review(&s, &collected.id, json!({"decision": "card_made"}));
    let ready = new_upload(2_000, 9);
    received(&api, &ready);
    prepare_verdict(&s.base, &s.staff, &ready.id, "approve");
    review(&s, &ready.id, json!({"decision": "approve"}));
    review(&s, &ready.id, json!({"decision": "card_made"}));
    review(
        &s,
        &collected.id,
        json!({"decision": "collect", "collector": {"name": "赵六", "id_tail": "001X"}}),
    );
    // A tombstone: erased on request.
    let erased = common::server_command(s.data.path())
        .env(SQLITE.0, SQLITE.1)
        .args(["purge", "--reference", &collected_ref])
        .output()
        .unwrap();
    assert!(
        erased.status.success(),
        "{}",
        String::from_utf8_lossy(&erased.stderr)
    );
    // An upload in progress: half its first file.
    let unfinished = new_upload(30_000, 10);
    assert_eq!(api.put(&unfinished).status(), 201);
    let (sha, bytes) = unfinished.files[0].clone();
    assert_eq!(
        api.patch(&unfinished, &sha, 0, &bytes[..12_345]).status(),
        204
    );

    let all = [
        &received_one,
        &in_review,
        &approved,
        &rejected,
        &again,
        &returned,
        &withdrawn,
        &dispatched,
        &collected,
        &ready,
        &unfinished,
    ];
    let before: Vec<Value> = all.iter().map(|u| api.status(u)).collect();
    let states: Vec<&str> = before
        .iter()
        .map(|d| d["state"].as_str().unwrap())
        .collect();
    for want in [
        "received",
        "in_review",
        "approved",
        "rejected",
        "superseded",
        "withdrawn",
        "dispatched",
        "collected",
        "ready_for_pickup",
        "awaiting_attachments",
    ] {
        assert!(states.contains(&want), "{want} in {states:?}");
    }
    assert!(before[8]["archived_at"].is_string(), "a tombstone");

    // Not while the server runs; then, stopped, all of it.
    let s3 = S3::start();
    let target_home = tempfile::tempdir().unwrap();
    let url = common::postgres_url(target_home.path()).unwrap();
    let refused = migrate(s.data.path(), &url, &s3);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("a server runs on"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let data = s.stop();
    let done = migrate(data.path(), &url, &s3);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(said.contains("1 uploads in progress"), "{said}");
    // Once only: the target holds submissions now.
    let twice = migrate(data.path(), &url, &s3);
    assert!(!twice.status.success());
    assert!(String::from_utf8_lossy(&twice.stderr).contains("holds"));

    // A server on PostgreSQL + S3, with a data directory of its own.
    let mut env = s3.env();
    env.push(("EPORT_DATABASE_URL".into(), url.clone()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut t = Server::start_env(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &[
            "--blob-store",
            "s3://eport/xm",
            "--max-store-bytes",
            "1000000000",
        ],
        &env,
    );
    t.staff = common::staff::session(&t.base, "reviewer", &password);
    let api = Api::new(&t.base);
    let after: Vec<Value> = all.iter().map(|u| api.status(u)).collect();
    assert_eq!(before, after, "every status document unchanged");
    // Every byte, from the bucket and through the reviewer's download.
    for u in all
        .iter()
        .filter(|u| u.id != unfinished.id && u.id != collected.id)
    {
        for (sha, bytes) in &u.files {
            let object = std::fs::read(s3.object(&format!("xm/{}/{sha}", &sha[..2]))).unwrap();
            assert_eq!(&object, bytes);
        }
        let (sha, bytes) = &u.files[0];
        let r = reqwest::blocking::Client::new()
            .get(t.url(&format!(
                "/api/v1/staff/submissions/{}/attachments/{sha}",
                u.id
            )))
            .header("cookie", &t.staff)
            .send()
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(&r.bytes().unwrap().to_vec(), bytes);
    }
    // The upload in progress resumes where it was and completes.
    let h = api.head(&unfinished, &sha);
    assert_eq!(h.headers()["upload-offset"].to_str().unwrap(), "12345");
    api.upload_all(&unfinished, 8192);
    assert_eq!(api.status(&unfinished)["state"], "received");
    // The day's numbers go on after the copied ones.
    let next = new_upload(2_000, 11);
    let reference = received(&api, &next);
    let seq = |r: &str| r[12..].parse::<u32>().unwrap();
    let highest = after
        .iter()
        .filter_map(|d| d["reference"].as_str())
        .filter(|r| r[..11] == reference[..11])
        .map(seq)
        .max()
        .unwrap_or(0);
    assert!(seq(&reference) > highest, "{reference} after {highest}");
    // The timeline and the decision history came along.
    let (status, detail) = call(
        &t.base,
        &t.staff,
        Method::GET,
        &format!("/submissions/{}", dispatched.id),
        None,
    );
    assert_eq!(status, 200);
    assert!(detail.to_string().contains("EA123456785CN"), "{detail}");
    drop(target_home);
}
