//! 批量寄出 against the real binary: a courier's 30-line manifest with three
//! bad lines is previewed with exactly those problems, then its 27 good lines
//! are posted at once; a crash inside the transaction (after the 10th line)
//! posts nothing.

mod common;

use common::client::{mailed, new_upload, Api, Upload};
use common::staff::{add_account, call, prepare_verdict, session};
use common::{dist, kill_9_at, Server};
use reqwest::Method;
use serde_json::{json, Value};

/// A received submission, approved by `cookie`: its reference.
fn approved(s: &Server, cookie: &str, u: Upload) -> String {
    let api = Api::new(&s.base);
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 1 << 20);
    let reference = api.status(&u)["reference"].as_str().unwrap().to_string();
    prepare_verdict(&s.base, cookie, &reference, "approve");
    let (status, body) = call(
        &s.base,
        cookie,
        Method::POST,
        &format!("/submissions/{reference}/review"),
        Some(json!({"decision": "approve"})),
    );
    assert_eq!(status, 200, "{body}");
    reference
}

fn batch(s: &Server, cookie: &str, lines: &str, apply: bool) -> Value {
    let (status, body) = call(
        &s.base,
        cookie,
        Method::POST,
        "/dispatch-batch",
        Some(json!({ "lines": lines, "apply": apply })),
    );
    assert_eq!(status, 200, "{body}");
    body
}

fn state_of(s: &Server, cookie: &str, reference: &str) -> (String, Value) {
    let (_, detail) = call(
        &s.base,
        cookie,
        Method::GET,
        &format!("/submissions/{reference}"),
        None,
    );
    (
        detail["status"]["state"].as_str().unwrap().to_string(),
        detail["status"]["review"]["tracking_number"].clone(),
    )
}

/// A domestic 13-digit EMS number (no check digit), distinct per `n`.
fn number(n: usize) -> String {
    format!("11{n:011}")
}

#[test]
fn thirty_lines_with_three_bad_preview_the_three_and_post_the_twenty_seven() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    // Approved by one reviewer, posted by another: claims ended at approval.
    let clerk = session(
        &s.base,
        "clerk",
        &add_account(s.data.path(), "clerk", "收发员丙"),
    );
    let mail: Vec<String> = (0..29)
        .map(|i| approved(&s, &s.staff, mailed(new_upload(300, 200 + i))))
        .collect();
    let window = approved(&s, &s.staff, new_upload(300, 299));
    let mut lines = vec!["受理编号,EMS 邮件号".to_string()];
    for (i, r) in mail.iter().take(27).enumerate() {
        lines.push(format!("{r},{}", number(i)));
    }
    // A wrong check digit, a window case, a number used twice.
    lines.insert(5, format!("{}, EA123456784CN", mail[27]));
    lines.insert(12, format!("{window}\t{}", number(99)));
    lines.push(format!("{} {}", mail[28], number(3)));
    let text = lines.join("\n");
    let preview = batch(&s, &clerk, &text, false);
    let rows = preview["lines"].as_array().unwrap();
    assert_eq!(rows.len(), 30);
    let problems: Vec<(u64, String)> = rows
        .iter()
        .filter(|l| !l["problem"].is_null())
        .map(|l| {
            (
                l["line"].as_u64().unwrap(),
                l["problem"]["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        vec![
            (6, "bad_tracking".to_string()),
            (13, "window_pickup".to_string()),
            (31, "repeated_number".to_string()),
        ]
    );
    assert_eq!(preview["applied"], 0);
    assert_eq!(
        state_of(&s, &clerk, &mail[0]).0,
        "approved",
        "a preview posts nothing"
    );

    let done = batch(&s, &clerk, &text, true);
    assert_eq!(done["applied"], 27);
    for (i, r) in mail.iter().take(27).enumerate() {
        assert_eq!(
            state_of(&s, &clerk, r),
            ("dispatched".into(), json!(number(i)))
        );
    }
    for r in [&mail[27], &mail[28], &window] {
        assert_eq!(state_of(&s, &clerk, r).0, "approved", "{r} untouched");
    }
    // Each is in its timeline as the clerk's dispatch.
    let (_, detail) = call(
        &s.base,
        &clerk,
        Method::GET,
        &format!("/submissions/{}", mail[0]),
        None,
    );
    let last = detail["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["event"]["kind"], "decided", "{last}");
    assert_eq!(last["event"]["tracking_number"], number(0));
    // The same manifest again: every number is used now, nothing is posted twice.
    let again = batch(&s, &clerk, &text, true);
    assert_eq!(again["applied"], 0);
    assert_eq!(again["lines"][1]["problem"]["kind"], "not_approved");
}

#[test]
fn a_crash_after_the_tenth_line_posts_nothing() {
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    let s = Server::start_staffed(dist.path(), data, &[]);
    let refs: Vec<String> = (0..15)
        .map(|i| approved(&s, &s.staff, mailed(new_upload(300, 400 + i))))
        .collect();
    let cookie = s.staff.clone();
    let data = s.stop();
    let text: String = refs
        .iter()
        .enumerate()
        .map(|(i, r)| format!("{r} {}\n", number(i)))
        .collect();
    let c = cookie.clone();
    // The request hangs at the fault point after the 10th line; the server is killed there.
    let (data, _) = kill_9_at("batch-after-ten", data, move |base| {
        call(
            &base,
            &c,
            Method::POST,
            "/dispatch-batch",
            Some(json!({ "lines": text, "apply": true })),
        )
    });
    let mut s = Server::start_in(dist.path(), data);
    s.staff = cookie;
    for r in &refs {
        assert_eq!(
            state_of(&s, &s.staff, r),
            ("approved".into(), Value::Null),
            "{r}"
        );
    }
}

/// The decision and the timeline event that tells of it are one transaction:
/// killed between the two writes, neither is there; done again, both are, once.
#[test]
fn a_crash_inside_a_decision_leaves_neither_the_state_nor_its_event() {
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    let s = Server::start_staffed(dist.path(), data, &[]);
    let reference = approved(&s, &s.staff, mailed(new_upload(300, 450)));
    let cookie = s.staff.clone();
    let data = s.stop();
    let (c, r) = (cookie.clone(), reference.clone());
    let (data, _) = kill_9_at("decision-written", data, move |base| {
        call(
            &base,
            &c,
            Method::POST,
            &format!("/submissions/{r}/review"),
            Some(json!({ "decision": "dispatch", "tracking_number": "EA123456785CN" })),
        )
    });
    let mut s = Server::start_in(dist.path(), data);
    s.staff = cookie;
    let dispatches = |s: &Server| {
        let (_, d) = call(
            &s.base,
            &s.staff,
            Method::GET,
            &format!("/submissions/{reference}"),
            None,
        );
        d["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["event"]["decision"] == "dispatch")
            .count()
    };
    assert_eq!(
        state_of(&s, &s.staff, &reference),
        ("approved".into(), Value::Null)
    );
    assert_eq!(dispatches(&s), 0);
    let (status, body) = call(
        &s.base,
        &s.staff,
        Method::POST,
        &format!("/submissions/{reference}/review"),
        Some(json!({ "decision": "dispatch", "tracking_number": "EA123456785CN" })),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(state_of(&s, &s.staff, &reference).0, "dispatched");
    assert_eq!(dispatches(&s), 1);
}

#[test]
fn address_labels_are_for_approved_mail_cases_and_recorded() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let mail = approved(&s, &s.staff, mailed(new_upload(300, 500)));
    let window = approved(&s, &s.staff, new_upload(300, 501));
    let (status, answer) = call(
        &s.base,
        &s.staff,
        Method::POST,
        "/labels",
        Some(json!({ "keys": [mail, window, "XM20261201-999999"] })),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["labels"],
        json!([{ "reference": mail, "recipient": "李收件", "phone": "138 0013 8000", "address": "厦门市思明区示例路1号" }])
    );
    assert_eq!(answer["skipped"], json!([window, "XM20261201-999999"]));
    let access = |r: &str| {
        let (_, d) = call(
            &s.base,
            &s.staff,
            Method::GET,
            &format!("/submissions/{r}"),
            None,
        );
        d["access"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["action"] == "label")
            .count()
    };
    assert_eq!(access(&mail), 1, "the printing is recorded");
    assert_eq!(access(&window), 0);
    let (status, _) = call(
        &s.base,
        &s.staff,
        Method::POST,
        "/labels",
        Some(json!({ "keys": vec![mail.clone(); 101] })),
    );
    assert_eq!(status, 400, "at most 100 a sheet");
}
