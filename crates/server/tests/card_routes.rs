//! How a case ends, over HTTP: the review's gates (认领 before a verdict,
//! every checklist line before approval, only the holder ticks), then the
//! card's way out by the case's 领卡方式: 窗口领卡 → 待领卡 → 已领卡, 邮寄领卡 →
//! 已寄出 (one parcel per EMS number), and mail that came back → 待领卡.

mod common;

use common::client::{mailed, new_upload, Api, Upload};
use common::staff::{add_account, call, cookie_of, prepare_verdict, sign_in};
use common::{dist, Server};
use reqwest::Method;
use serde_json::{json, Value};

fn received(api: &Api, u: Upload) -> (Upload, String) {
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 4096);
    let reference = api.status(&u)["reference"].as_str().unwrap().to_string();
    (u, reference)
}

fn review(s: &Server, cookie: &str, key: &str, body: Value) -> (u16, Value) {
    call(
        &s.base,
        cookie,
        Method::POST,
        &format!("/submissions/{key}/review"),
        Some(body),
    )
}

fn problem_type(v: &Value) -> &str {
    v["type"]
        .as_str()
        .unwrap_or_default()
        .trim_start_matches("urn:eport-desk:problem:")
}

#[test]
fn a_verdict_needs_the_claim_and_an_approval_every_tick() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let me = s.staff.as_str();
    let password = add_account(s.data.path(), "second", "审核员乙");
    let other = cookie_of(&sign_in(&s.base, "second", &password));
    let (u, reference) = received(&api, new_upload(900, 71));
    let path = format!("/submissions/{reference}");

    let (status, problem) = review(&s, me, &reference, json!({"decision": "approve"}));
    assert_eq!((status, problem_type(&problem)), (409, "not-claimed"));
    assert_eq!(api.status(&u)["state"], "received");

    // 认领 begins the review: the enterprise can no longer withdraw.
    let (status, _) = call(&s.base, me, Method::POST, &format!("{path}/claim"), None);
    assert_eq!(status, 200);
    assert_eq!(api.status(&u)["state"], "in_review");

    // Another reviewer may not tick, nor decide.
    let (status, problem) = call(
        &s.base,
        &other,
        Method::PUT,
        &format!("{path}/checklist/licence"),
        Some(json!({"checked": true})),
    );
    assert_eq!((status, problem_type(&problem)), (409, "claimed-by-other"));
    assert!(problem["detail"].as_str().unwrap().contains("审核员甲"));
    let (status, problem) = review(
        &s,
        &other,
        &reference,
        json!({"decision": "reject", "note": "x"}),
    );
    assert_eq!((status, problem_type(&problem)), (409, "claimed-by-other"));

    // Other pages see the claim and the ticks by polling the progress.
    let (status, progress) = call(
        &s.base,
        &other,
        Method::GET,
        &format!("{path}/progress"),
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(progress["state"], "in_review");
    assert_eq!(progress["claim"]["holder"]["login"], "reviewer");
    assert_eq!(progress["checklist"], json!([]));

    // The holder's approval names every line still unticked.
    let (status, _) = call(
        &s.base,
        me,
        Method::PUT,
        &format!("{path}/checklist/licence"),
        Some(json!({"checked": true})),
    );
    assert_eq!(status, 200);
    let (_, progress) = call(
        &s.base,
        &other,
        Method::GET,
        &format!("{path}/progress"),
        None,
    );
    assert_eq!(progress["checklist"][0]["item"], "licence");
    let (status, problem) = review(&s, me, &reference, json!({"decision": "approve"}));
    assert_eq!(
        (status, problem_type(&problem)),
        (422, "checklist-incomplete")
    );
    let detail = problem["detail"].as_str().unwrap();
    assert!(
        detail.contains("法定代表人证件照片与证件号码一致"),
        "{detail}"
    );
    assert!(
        !detail.contains("营业执照与统一社会信用代码"),
        "ticked: {detail}"
    );
    assert_eq!(api.status(&u)["state"], "in_review");

    prepare_verdict(&s.base, me, &reference, "approve");
    let (status, doc) = review(&s, me, &reference, json!({"decision": "approve"}));
    assert_eq!(status, 200, "{doc}");
    // The claim ended with the review: nothing to claim or tick now.
    let (_, detail) = call(&s.base, me, Method::GET, &path, None);
    assert_eq!(detail["claim"], Value::Null);
    let (status, problem) = call(
        &s.base,
        &other,
        Method::POST,
        &format!("{path}/claim"),
        None,
    );
    assert_eq!((status, problem_type(&problem)), (409, "state-changed"));
    let (status, _) = call(
        &s.base,
        me,
        Method::PUT,
        &format!("{path}/checklist/licence"),
        Some(json!({"checked": false})),
    );
    assert_eq!(status, 409, "the ticks of a decided case stay as they were");
}

#[test]
fn a_window_case_waits_at_the_hall_and_ends_collected() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let me = s.staff.as_str();
    let (u, reference) = received(&api, new_upload(900, 72));
    assert_eq!(api.status(&u)["pickup"], "window");
    prepare_verdict(&s.base, me, &reference, "approve");
    let (status, doc) = review(&s, me, &reference, json!({"decision": "approve"}));
    assert_eq!(status, 200, "{doc}");
    assert!(doc["expected"]["ready_by"].is_string(), "{doc}");
    assert_eq!(doc["expected"]["dispatch_by"], Value::Null);

    // Never mailed: staff cannot pick another way.
    let (status, problem) = review(
        &s,
        me,
        &reference,
        json!({"decision": "dispatch", "tracking_number": "EA123456785CN"}),
    );
    assert_eq!((status, problem_type(&problem)), (409, "state-changed"));
    let (status, problem) = review(
        &s,
        me,
        &reference,
        json!({"decision": "collect", "collector": {"name": "赵六", "id_tail": "001X"}}),
    );
    assert_eq!(status, 409, "not made yet: {problem}");

    let (status, doc) = review(&s, me, &reference, json!({"decision": "card_made"}));
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["state"], "ready_for_pickup");
    // An app cached before this state existed reads the nearest one it knows.
    assert_eq!(api.status_as(&u, None)["state"], "approved");
    assert_eq!(api.status_as(&u, None)["review"]["decision"], "approve");
    assert_eq!(api.status_as(&u, Some("2"))["state"], "ready_for_pickup");
    assert!(doc["review"]["ready_at"].is_string());
    assert_eq!(doc["review"]["decision"], "approve", "the approval stays");

    for bad in [
        json!({"decision": "collect"}),
        json!({"decision": "collect", "collector": {"name": "", "id_tail": "001X"}}),
        json!({"decision": "collect", "collector": {"name": "赵六", "id_tail": "01"}}),
    ] {
        let (status, problem) = review(&s, me, &reference, bad.clone());
        assert_eq!(status, 422, "{bad}: {problem}");
    }
    let (status, doc) = review(
        &s,
        me,
        &reference,
        json!({"decision": "collect", "collector": {"name": " 赵六 ", "id_tail": "００1x"}}),
    );
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["state"], "collected");
    let mine = api.status(&u);
    assert_eq!(
        mine["review"]["collected"]["collector"],
        json!({"name": "赵六", "id_tail": "001X"})
    );
    // The staff timeline records the collection as data, normalised.
    let (_, detail) = call(
        &s.base,
        me,
        Method::GET,
        &format!("/submissions/{reference}"),
        None,
    );
    let collected = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.get("event"))
        .find(|e| e["kind"] == "decided" && e["decision"] == "collect")
        .cloned();
    assert_eq!(
        collected.map(|e| (e["state"].clone(), e["collector"].clone())),
        Some((
            json!("collected"),
            json!({"name": "赵六", "id_tail": "001X"})
        ))
    );

    // Erased on request: the tombstone keeps the way and the time, not the person.
    let out = common::server_command(s.data.path())
        .args(["purge", "--reference", &reference])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tomb = api.status(&u);
    assert_eq!(tomb["pickup"], "window");
    assert_eq!(tomb["state"], "collected");
    assert!(tomb["review"]["collected"]["at"].is_string());
    assert!(!tomb.to_string().contains("赵六"), "{tomb}");
}

#[test]
fn a_mailed_card_has_one_ems_number_and_comes_back_to_the_counter() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let me = s.staff.as_str();
    let (first, first_ref) = received(&api, mailed(new_upload(900, 73)));
    let (second, second_ref) = received(&api, mailed(new_upload(900, 74)));
    for r in [&first_ref, &second_ref] {
        prepare_verdict(&s.base, me, r, "approve");
        assert_eq!(review(&s, me, r, json!({"decision": "approve"})).0, 200);
    }
    let (status, problem) = review(&s, me, &first_ref, json!({"decision": "card_made"}));
    assert_eq!(
        status, 409,
        "a mailed card is not made for the window: {problem}"
    );
    let ems = json!({"decision": "dispatch", "tracking_number": "EA123456785CN"});
    assert_eq!(review(&s, me, &first_ref, ems.clone()).0, 200);
    let (status, problem) = review(&s, me, &second_ref, ems);
    assert_eq!((status, problem_type(&problem)), (422, "tracking-used"));
    assert!(
        problem["detail"].as_str().unwrap().contains(&first_ref),
        "{problem}"
    );
    assert_eq!(api.status(&second)["state"], "approved");

    // The courier brings it back: it waits at counter 1.
    let (status, _) = review(&s, me, &first_ref, json!({"decision": "mail_returned"}));
    assert_eq!(status, 422, "the reason is needed");
    let (status, doc) = review(
        &s,
        me,
        &first_ref,
        json!({"decision": "mail_returned", "note": "地址无法投递"}),
    );
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["state"], "ready_for_pickup");
    assert_eq!(doc["review"]["mail_returned"]["reason"], "地址无法投递");
    assert_eq!(
        doc["review"]["tracking_number"], "EA123456785CN",
        "what was sent stays"
    );
    let (status, doc) = review(
        &s,
        me,
        &first_ref,
        json!({"decision": "collect", "collector": {"name": "钱七", "id_tail": "5678"}}),
    );
    assert_eq!(status, 200, "{doc}");
    assert_eq!(api.status(&first)["state"], "collected");

    // The list: 邮寄/窗口, and who decided when.
    let (_, list) = call(&s.base, me, Method::GET, "/submissions?pickup=mail", None);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    assert!(items.iter().all(|i| i["pickup"] == "mail"));
    assert!(items
        .iter()
        .all(|i| i["decided_by"]["login"] == "reviewer" && i["decided_at"].is_string()));
    let (_, list) = call(&s.base, me, Method::GET, "/submissions?pickup=window", None);
    assert_eq!(list["total"], 0);
}

#[test]
fn the_list_finds_mine_and_the_unclaimed() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let me = s.staff.as_str();
    let password = add_account(s.data.path(), "second", "审核员乙");
    let other = cookie_of(&sign_in(&s.base, "second", &password));
    let (_, a) = received(&api, new_upload(700, 75));
    let (_, b) = received(&api, new_upload(700, 76));
    let (_, _c) = received(&api, new_upload(700, 77));
    assert_eq!(
        call(
            &s.base,
            me,
            Method::POST,
            &format!("/submissions/{a}/claim"),
            None
        )
        .0,
        200
    );
    assert_eq!(
        call(
            &s.base,
            &other,
            Method::POST,
            &format!("/submissions/{b}/claim"),
            None
        )
        .0,
        200
    );
    let refs = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["reference"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, mine) = call(&s.base, me, Method::GET, "/submissions?claim=mine", None);
    assert_eq!(refs(&mine), [a]);
    let (_, theirs) = call(
        &s.base,
        &other,
        Method::GET,
        "/submissions?claim=mine",
        None,
    );
    assert_eq!(refs(&theirs), [b]);
    let (_, free) = call(
        &s.base,
        me,
        Method::GET,
        "/submissions?claim=unclaimed",
        None,
    );
    assert_eq!(free["total"], 1);
    let (status, _) = call(
        &s.base,
        me,
        Method::GET,
        "/submissions?claim=everyone",
        None,
    );
    assert_eq!(status, 400);
}

/// The correction of `old`: a new address and a new licence scan, nothing else.
fn corrected(old: &Upload) -> Upload {
    use common::client::{png_bytes, sha_hex};
    let mut u = old.clone();
    u.id = uuid::Uuid::new_v4().to_string();
    u.secret = format!("secret-{}", uuid::Uuid::new_v4());
    u.manifest.supersedes = Some(old.id.clone());
    u.manifest.case.enterprise.address = "福建省厦门市思明区新地址1号".into();
    let bytes = png_bytes(900, 9_999);
    let sha = sha_hex(&bytes);
    let was = u
        .manifest
        .attachments
        .iter()
        .find(|a| a.slot == "business_licence")
        .unwrap()
        .sha256
        .clone();
    for a in u
        .manifest
        .attachments
        .iter_mut()
        .filter(|a| a.slot == "business_licence")
    {
        a.sha256 = sha.clone();
        a.size = bytes.len() as u64;
    }
    for a in u
        .manifest
        .case
        .attachments
        .iter_mut()
        .filter(|a| a.slot == "business_licence")
    {
        a.sha256 = sha.clone();
        a.size = bytes.len() as u64;
    }
    u.files.retain(|(s, _)| *s != was);
    u.files.push((sha, bytes));
    u
}

#[test]
fn a_correction_shows_what_changed_and_carries_the_other_ticks() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let me = s.staff.as_str();
    let (old, old_ref) = received(&api, new_upload(900, 78));
    prepare_verdict(&s.base, me, &old_ref, "approve"); // claims and ticks every line
    let (status, _) = review(
        &s,
        me,
        &old_ref,
        json!({"decision": "reject", "reasons": [{"code": "licence_mismatch", "field": "enterprise.name"}], "note": "请上传新营业执照"}),
    );
    assert_eq!(status, 200);

    let new = corrected(&old);
    assert_eq!(api.put_superseding(&new, &old.secret).status(), 201);
    api.upload_all(&new, 4096);
    let new_ref = api.status(&new)["reference"].as_str().unwrap().to_string();
    let (_, detail) = call(
        &s.base,
        me,
        Method::GET,
        &format!("/submissions/{new_ref}"),
        None,
    );
    // What it was returned for, and its declared data to compare with.
    let previous = &detail["previous"];
    assert_eq!(previous["reference"], old_ref.as_str());
    assert_eq!(previous["review"]["reasons"][0]["code"], "licence_mismatch");
    assert_eq!(previous["review"]["note"], "请上传新营业执照");
    assert_eq!(
        previous["manifest"]["case"]["enterprise"]["address"],
        "福建省厦门市湖里区象兴一路11号"
    );
    // Every tick whose line compares nothing that changed is carried over.
    let ticks = detail["checklist"].as_array().unwrap();
    let items: Vec<&str> = ticks.iter().map(|t| t["item"].as_str().unwrap()).collect();
    assert!(!items.contains(&"licence"), "{items:?}");
    assert_eq!(items.len(), 4, "{items:?}");
    assert!(ticks
        .iter()
        .all(|t| t["carried_from"] == old_ref.as_str() && t["checked_by"]["login"] == "reviewer"));
    // So the approval needs the claim and the licence line only.
    call(
        &s.base,
        me,
        Method::POST,
        &format!("/submissions/{new_ref}/claim"),
        None,
    );
    let (status, problem) = review(&s, me, &new_ref, json!({"decision": "approve"}));
    assert_eq!(status, 422);
    let detail_text = problem["detail"].as_str().unwrap();
    assert!(
        detail_text.contains("营业执照") && !detail_text.contains("法定代表人"),
        "{detail_text}"
    );
    let (status, _) = call(
        &s.base,
        me,
        Method::PUT,
        &format!("/submissions/{new_ref}/checklist/licence"),
        Some(json!({"checked": true})),
    );
    assert_eq!(status, 200);
    assert_eq!(
        review(&s, me, &new_ref, json!({"decision": "approve"})).0,
        200
    );
}
