//! Staff review over HTTP and the command line, and superseding a rejected
//! submission with a corrected one.

mod common;

use common::client::{new_upload, Api};
use common::{dist, Server};
use serde_json::{json, Value};

const TOKEN: &str = "staff-token-for-tests";

fn staff(api: &Api, method: reqwest::Method, path: &str) -> reqwest::blocking::RequestBuilder {
    api.http
        .request(method, format!("{}/staff{path}", api.base))
        .bearer_auth(TOKEN)
}

#[test]
fn staff_endpoints_are_disabled_without_a_token_and_refuse_a_wrong_one() {
    let dist = dist();
    let s = Server::start(dist.path());
    let api = Api::new(&s.base);
    let r = staff(&api, reqwest::Method::GET, "/submissions")
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.text().unwrap().contains("disabled"));

    let s = Server::start_with(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &["--staff-token", TOKEN],
    );
    let api = Api::new(&s.base);
    for (method, path) in [
        (reqwest::Method::GET, "/submissions"),
        (reqwest::Method::GET, "/submissions/XM20261127-000001"),
        (
            reqwest::Method::POST,
            "/submissions/XM20261127-000001/review",
        ),
    ] {
        let none = api
            .http
            .request(method.clone(), format!("{}/staff{path}", api.base))
            .send()
            .unwrap();
        assert_eq!(none.status(), 401, "{path}");
        let wrong = api
            .http
            .request(method, format!("{}/staff{path}", api.base))
            .bearer_auth("nope")
            .send()
            .unwrap();
        assert_eq!(wrong.status(), 401, "{path}");
    }
}

#[test]
fn reject_then_supersede_then_approve_and_dispatch() {
    let dist = dist();
    let s = Server::start_with(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &["--staff-token", TOKEN],
    );
    let api = Api::new(&s.base);
    let first = new_upload(2_000, 30);
    assert_eq!(api.put(&first).status(), 201);
    api.upload_all(&first, 1024);
    let reference = api.status(&first)["reference"]
        .as_str()
        .unwrap()
        .to_string();

    // Listed and searchable by reference, USCC and name.
    for q in [reference.as_str(), "91350200MA31E12PXF", "示例贸易"] {
        let list: Value = staff(&api, reqwest::Method::GET, "/submissions")
            .query(&[("q", q)])
            .send()
            .unwrap()
            .json()
            .unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 1, "{q}");
    }
    let list: Value = staff(&api, reqwest::Method::GET, "/submissions")
        .query(&[("state", "approved")])
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert!(list["items"].as_array().unwrap().is_empty());

    // A rejection needs a note.
    let r = staff(
        &api,
        reqwest::Method::POST,
        &format!("/submissions/{reference}/review"),
    )
    .json(&json!({"decision": "reject"}))
    .send()
    .unwrap();
    assert_eq!(r.status(), 422);
    let r = staff(
        &api,
        reqwest::Method::POST,
        &format!("/submissions/{reference}/review"),
    )
    .json(&json!({"decision": "reject", "note": "营业执照照片不清晰，请重新上传"}))
    .send()
    .unwrap();
    assert_eq!(r.status(), 200);
    let doc = api.status(&first);
    assert_eq!(doc["state"], "rejected");
    assert_eq!(doc["review"]["decision"], "reject");
    assert_eq!(doc["review"]["note"], "营业执照照片不清晰，请重新上传");

    // The enterprise fixes the case and declares again, superseding the first.
    let mut second = new_upload(2_000, 31);
    second.manifest.supersedes = Some(first.id.clone());
    let body = serde_json::to_vec(&second.manifest).unwrap();
    let without = api.put_raw(&second, body.clone());
    assert_eq!(
        without.status(),
        401,
        "superseding needs the old submission's secret"
    );
    let r = api
        .http
        .put(format!("{}/submissions/{}", api.base, second.id))
        .bearer_auth(&second.secret)
        .header(
            "supersedes-authorization",
            format!("Bearer {}", first.secret),
        )
        .header("content-type", "application/json")
        .body(body)
        .send()
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(api.status(&first)["state"], "superseded");
    api.upload_all(&second, 1024);
    let second_ref = api.status(&second)["reference"]
        .as_str()
        .unwrap()
        .to_string();

    // Approve from the command line, dispatch over HTTP.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_eport-server"))
        .args(["--data-dir"])
        .arg(s.data.path())
        .args(["staff", "review", &second_ref, "approve"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("approved"));
    let doc = api.status(&second);
    assert_eq!(doc["state"], "approved");
    assert!(doc["expected"]["dispatch_by"].is_string());
    let r = staff(
        &api,
        reqwest::Method::POST,
        &format!("/submissions/{second_ref}/review"),
    )
    .json(&json!({"decision": "dispatch"}))
    .send()
    .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(api.status(&second)["state"], "dispatched");
    // A decision that does not fit the state is refused.
    let r = staff(
        &api,
        reqwest::Method::POST,
        &format!("/submissions/{second_ref}/review"),
    )
    .json(&json!({"decision": "approve"}))
    .send()
    .unwrap();
    assert_eq!(r.status(), 409);

    // The timeline shows every request, replays marked.
    assert_eq!(api.put(&first).status(), 200);
    let detail: Value = staff(
        &api,
        reqwest::Method::GET,
        &format!("/submissions/{}", first.id),
    )
    .send()
    .unwrap()
    .json()
    .unwrap();
    let timeline = detail["timeline"].as_array().unwrap();
    assert_eq!(timeline[0]["endpoint"], "/submissions/{id}");
    assert_eq!(timeline[0]["status"], 201);
    assert!(timeline
        .iter()
        .any(|t| t["method"] == "PATCH" && t["status"] == 204));
    assert!(timeline.iter().any(|t| t["replay"] == true));
    assert!(timeline
        .iter()
        .any(|t| t["detail"].as_str().unwrap().contains("rejected")));
    assert_eq!(
        detail["manifest"]["case"]["enterprise"]["name"],
        "厦门示例贸易有限公司"
    );

    // Attachment bytes for staff: downloaded, never rendered inline.
    let (sha, bytes) = &first.files[0];
    let r = staff(
        &api,
        reqwest::Method::GET,
        &format!("/submissions/{}/attachments/{sha}", first.id),
    )
    .send()
    .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(r.bytes().unwrap().as_ref(), bytes.as_slice());
}
