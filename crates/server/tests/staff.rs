//! Staff review over HTTP and the command line, and superseding a rejected
//! submission with a corrected one.

mod common;

use common::client::{mailed, new_upload, Api};
use common::staff::CSRF;
use common::{dist, Server};
use serde_json::{json, Value};

fn staff(
    api: &Api,
    cookie: &str,
    method: reqwest::Method,
    path: &str,
) -> reqwest::blocking::RequestBuilder {
    api.http
        .request(method, format!("{}/staff{path}", api.base))
        .header("cookie", cookie)
        .header(CSRF.0, CSRF.1)
}

#[test]
fn reject_then_supersede_then_approve_and_dispatch() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let c = s.staff.as_str();
    let first = new_upload(2_000, 30);
    assert_eq!(api.put(&first).status(), 201);
    api.upload_all(&first, 1024);
    let reference = api.status(&first)["reference"]
        .as_str()
        .unwrap()
        .to_string();

    // Listed and searchable by reference, USCC and name.
    for q in [reference.as_str(), "91350200MA31E12PXF", "示例贸易"] {
        let list: Value = staff(&api, c, reqwest::Method::GET, "/submissions")
            .query(&[("q", q)])
            .send()
            .unwrap()
            .json()
            .unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 1, "{q}");
    }
    let list: Value = staff(&api, c, reqwest::Method::GET, "/submissions")
        .query(&[("state", "approved")])
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert!(list["items"].as_array().unwrap().is_empty());

    // A rejection needs a note.
    let r = staff(
        &api,
        c,
        reqwest::Method::POST,
        &format!("/submissions/{reference}/review"),
    )
    .json(&json!({"decision": "reject"}))
    .send()
    .unwrap();
    assert_eq!(r.status(), 422);
    common::staff::prepare_verdict(&s.base, c, &reference, "reject");
    let r = staff(
        &api,
        c,
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
    // The enterprise's document names no staff member; the staff view does.
    assert!(!doc.to_string().contains("审核员甲") && !doc.to_string().contains("reviewer"));

    // The enterprise fixes the case and declares again, superseding the first.
    let mut second = mailed(new_upload(2_000, 31));
    second.manifest.supersedes = Some(first.id.clone());
    let body = serde_json::to_vec(&second.manifest).unwrap();
    let without = api.put_raw(&second, body);
    assert_eq!(
        without.status(),
        401,
        "superseding needs the old submission's secret"
    );
    let r = api.put_superseding(&second, &first.secret);
    assert_eq!(r.status(), 201);
    assert_eq!(api.status(&first)["state"], "superseded");
    api.upload_all(&second, 1024);
    let second_ref = api.status(&second)["reference"]
        .as_str()
        .unwrap()
        .to_string();
    // Each names the other by reference.
    let detail = |key: &str| -> Value {
        staff(
            &api,
            c,
            reqwest::Method::GET,
            &format!("/submissions/{key}"),
        )
        .send()
        .unwrap()
        .json()
        .unwrap()
    };
    let old = detail(&reference);
    assert_eq!(old["superseded_by"], second_ref.as_str());
    assert_eq!(old["supersedes_reference"], Value::Null);
    let new = detail(&second_ref);
    assert_eq!(new["supersedes_reference"], reference.as_str());
    assert_eq!(new["superseded_by"], Value::Null);

    // Approve from the command line, dispatch over HTTP.
    let out = common::server_command(s.data.path())
        .args([
            "staff",
            "review",
            &second_ref,
            "approve",
            "--as",
            "reviewer",
        ])
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
        c,
        reqwest::Method::POST,
        &format!("/submissions/{second_ref}/review"),
    )
    .json(&json!({"decision": "dispatch", "tracking_number": "EA123456785CN"}))
    .send()
    .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(api.status(&second)["state"], "dispatched");
    // A decision that does not fit the state is refused.
    let r = staff(
        &api,
        c,
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
        c,
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
    let decision = timeline
        .iter()
        .find(|t| t["detail"].as_str().unwrap().contains("rejected"))
        .expect("the rejection is on the timeline");
    assert_eq!(decision["actor"]["login"], "reviewer");
    assert_eq!(decision["actor"]["name"], "审核员甲");
    assert_eq!(detail["decided_by"]["name"], "审核员甲");
    assert_eq!(
        detail["manifest"]["case"]["enterprise"]["name"],
        "厦门示例贸易有限公司"
    );

    // Attachment bytes for staff: downloaded, never rendered inline.
    let (sha, bytes) = &first.files[0];
    let r = staff(
        &api,
        c,
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
