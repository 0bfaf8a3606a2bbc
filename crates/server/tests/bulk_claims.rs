//! 批量分配 / 批量释放 (`POST /staff/claims`), against the real binary: only
//! unclaimed open cases are assigned, never over another reviewer; one's own
//! claims are released, another's only with a reason; each change is in the
//! submission's timeline; the reviewers to assign to are listed.

mod common;

use common::client::{new_upload, Api, Upload};
use common::staff::{add_account, call, session};
use common::{dist, Server};
use reqwest::Method;
use serde_json::{json, Value};

fn received(api: &Api, u: Upload) -> String {
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 1 << 20);
    api.status(&u)["reference"].as_str().unwrap().to_string()
}

fn bulk(s: &Server, cookie: &str, body: Value) -> (u16, Value) {
    call(&s.base, cookie, Method::POST, "/claims", Some(body))
}

fn outcomes(answer: &Value) -> Vec<String> {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap().to_string())
        .collect()
}

fn detail(s: &Server, key: &str) -> Value {
    let (status, d) = call(
        &s.base,
        &s.staff,
        Method::GET,
        &format!("/submissions/{key}"),
        None,
    );
    assert_eq!(status, 200, "{d}");
    d
}

#[test]
fn assign_only_the_unclaimed_and_release_anothers_only_with_a_reason() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let second = add_account(s.data.path(), "second", "审核员乙");
    let second = session(&s.base, "second", &second);
    let api = Api::new(&s.base);
    let (a, b, c) = (
        received(&api, new_upload(600, 1)),
        received(&api, new_upload(600, 2)),
        received(&api, new_upload(600, 3)),
    );

    let (status, who) = call(&s.base, &s.staff, Method::GET, "/reviewers", None);
    assert_eq!(status, 200);
    let logins: Vec<&str> = who
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["login"].as_str().unwrap())
        .collect();
    assert_eq!(logins.len(), 2, "{who}");
    assert!(logins.contains(&"second") && logins.contains(&"reviewer"));

    // I hold C; A and B go to the second reviewer, C is not taken from me.
    let (status, _) = call(
        &s.base,
        &s.staff,
        Method::POST,
        &format!("/submissions/{c}/claim"),
        Some(json!({})),
    );
    assert_eq!(status, 200);
    let (status, answer) = bulk(
        &s,
        &s.staff,
        json!({"keys": [a, b, c], "action": "assign", "to": "second"}),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(outcomes(&answer), ["assigned", "assigned", "held_by"]);
    assert_eq!(answer["results"][2]["holder"]["login"], "reviewer");
    let da = detail(&s, &a);
    assert_eq!(da["claim"]["holder"]["login"], "second");
    assert_eq!(
        da["status"]["state"], "in_review",
        "assigned: its review has begun"
    );
    let assigned = da["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["event"]["kind"] == "assigned")
        .unwrap();
    assert_eq!(assigned["event"]["to"]["login"], "second");
    assert_eq!(assigned["actor"]["login"], "reviewer");
    // Assigning again changes nothing.
    let (_, again) = bulk(
        &s,
        &s.staff,
        json!({"keys": [a], "action": "assign", "to": "second"}),
    );
    assert_eq!(outcomes(&again), ["unchanged"]);

    // Releasing: mine goes; the second reviewer's stays without a reason.
    let (_, answer) = bulk(&s, &s.staff, json!({"keys": [a, c], "action": "release"}));
    assert_eq!(outcomes(&answer), ["held_by", "released"]);
    assert_eq!(detail(&s, &a)["claim"]["holder"]["login"], "second");
    assert!(detail(&s, &c)["claim"].is_null());
    let (_, answer) = bulk(
        &s,
        &s.staff,
        json!({"keys": [a, b], "action": "release", "reason": "  审核员乙休假  "}),
    );
    assert_eq!(outcomes(&answer), ["released", "released"]);
    assert_eq!(answer["results"][0]["from"]["login"], "second");
    let da = detail(&s, &a);
    assert!(da["claim"].is_null());
    let released = da["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["event"]["kind"] == "released_from")
        .unwrap();
    assert_eq!(released["event"]["reason"], "审核员乙休假");
    // The second reviewer releases nothing that is not held.
    let (_, answer) = bulk(&s, &second, json!({"keys": [a], "action": "release"}));
    assert_eq!(outcomes(&answer), ["unchanged"]);

    // What cannot be: no such key or reviewer, too many keys, a malformed one.
    let (_, answer) = bulk(
        &s,
        &s.staff,
        json!({"keys": ["XM20200101-000001"], "action": "assign", "to": "second"}),
    );
    assert_eq!(outcomes(&answer), ["not_found"]);
    let (status, _) = bulk(
        &s,
        &s.staff,
        json!({"keys": [a], "action": "assign", "to": "nobody"}),
    );
    assert_eq!(status, 422);
    let many: Vec<String> = (0..101).map(|i| format!("XM20261207-{i:06}")).collect();
    let (status, _) = bulk(&s, &s.staff, json!({"keys": many, "action": "release"}));
    assert_eq!(status, 400);
    let (status, _) = bulk(&s, &s.staff, json!({"keys": ["../x"], "action": "release"}));
    assert_eq!(status, 400);
    let (status, _) = bulk(&s, &s.staff, json!({"keys": [a], "action": "take"}));
    assert_eq!(status, 400);
    let long = "很".repeat(501);
    let (status, _) = bulk(
        &s,
        &s.staff,
        json!({"keys": [a], "action": "release", "reason": long}),
    );
    assert_eq!(status, 422);
    // Without the console's header, or signed out: refused.
    let r = reqwest::blocking::Client::new()
        .post(s.url("/api/v1/staff/claims"))
        .header("cookie", &s.staff)
        .json(&json!({"keys": [a], "action": "release"}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    let log = common::staff::work_log(s.data.path());
    assert!(
        log.iter()
            .any(|l| l.contains("reviewer\tclaims\tassign to second: 2 of 3 changed")),
        "{log:?}"
    );
    assert!(log
        .iter()
        .any(|l| l.contains("claims\trelease, with a reason: 2 of 2 changed")));
}
