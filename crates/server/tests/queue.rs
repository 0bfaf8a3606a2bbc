//! The review queue over HTTP: oldest first, counts per state, paging totals,
//! search by a person's name, filters by state and arrival day; claims that
//! a second reviewer sees, takes over only with a reason, and cannot decide
//! past; `--clock-start` dates arrivals.

mod common;

use common::client::{new_upload, Api, Upload};
use common::staff::{add_account, call, cookie_of, prepare_verdict, sign_in};
use common::{dist, Server};
use reqwest::Method;
use serde_json::{json, Value};

fn list(base: &str, cookie: &str, query: &str) -> (u16, Value) {
    call(
        base,
        cookie,
        Method::GET,
        &format!("/submissions?{query}"),
        None,
    )
}

fn received(api: &Api, seed: u32, enterprise: &str, operator: &str) -> (Upload, String) {
    let mut u = new_upload(800, seed);
    u.manifest.case.enterprise.name = enterprise.into();
    u.manifest.case.operators[0].name = operator.into();
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 4096);
    let reference = api.status(&u)["reference"].as_str().unwrap().to_string();
    (u, reference)
}

fn references(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["reference"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_queue_is_oldest_first_counted_searchable_and_filtered() {
    let dist = dist();
    let s = Server::start_staffed(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &["--clock-start", "2026-09-24T10:00:00+08:00"],
    );
    let api = Api::new(&s.base);
    let c = s.staff.as_str();
    let (_, a) = received(&api, 51, "厦门甲公司", "周一");
    let (_, b) = received(&api, 52, "厦门乙公司", "吴二");
    let (_, d) = received(&api, 53, "厦门丙公司", "郑三");
    // The clock started where it was told: arrivals are dated 24 September.
    assert!(a.starts_with("XM20260924-"), "{a}");

    let (_, newest) = list(&s.base, c, "");
    assert_eq!(references(&newest), [d.clone(), b.clone(), a.clone()]);
    let (_, oldest) = list(&s.base, c, "sort=oldest&state=received,in_review");
    assert_eq!(references(&oldest), [a.clone(), b.clone(), d.clone()]);
    assert_eq!(oldest["total"], 3);
    let counts = oldest["counts"].as_array().unwrap();
    assert!(
        counts.contains(&json!({"state": "received", "count": 3})),
        "{counts:?}"
    );

    // A person's name finds their submission; a pattern character is only text.
    assert_eq!(references(&list(&s.base, c, "q=%E5%90%B4%E4%BA%8C").1), [b]);
    assert_eq!(list(&s.base, c, "q=%25").1["total"], 0);
    assert_eq!(list(&s.base, c, "q=_").1["total"], 0);

    // By arrival day.
    assert_eq!(
        list(
            &s.base,
            c,
            "received_from=2026-09-24&received_to=2026-09-24"
        )
        .1["total"],
        3
    );
    assert_eq!(list(&s.base, c, "received_from=2026-09-25").1["total"], 0);
    assert_eq!(list(&s.base, c, "received_to=2026-09-23").1["total"], 0);
    assert_eq!(list(&s.base, c, "state=approved").1["total"], 0);

    for bad in [
        "state=nope",
        "state=received,,x",
        "received_from=2026-9-1",
        "received_to=tomorrow",
        "sort=sideways",
    ] {
        let (status, problem) = list(&s.base, c, bad);
        assert_eq!(status, 400, "{bad}: {problem}");
    }
}

#[test]
fn a_claim_is_seen_by_others_taken_over_only_with_a_reason_and_blocks_their_decisions() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let first = s.staff.as_str();
    let password = add_account(s.data.path(), "second", "审核员乙");
    let second = cookie_of(&sign_in(&s.base, "second", &password));
    let (_, reference) = received(&api, 54, "厦门认领测试公司", "钱四");
    let path = format!("/submissions/{reference}");

    // 开始审核 claims it for the first reviewer.
    let (status, _) = call(
        &s.base,
        first,
        Method::POST,
        &format!("{path}/review"),
        Some(json!({"decision": "in_review"})),
    );
    assert_eq!(status, 200);
    let (_, seen) = call(&s.base, &second, Method::GET, &path, None);
    assert_eq!(seen["claim"]["holder"]["name"], "审核员甲");
    let (_, listed) = list(&s.base, &second, "");
    assert_eq!(listed["items"][0]["claim"]["holder"]["login"], "reviewer");

    // The second reviewer can neither claim without a reason nor decide.
    let (status, problem) = call(
        &s.base,
        &second,
        Method::POST,
        &format!("{path}/claim"),
        None,
    );
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("审核员甲"),
        "{problem}"
    );
    let (status, _) = call(
        &s.base,
        &second,
        Method::POST,
        &format!("{path}/review"),
        Some(json!({"decision": "approve"})),
    );
    assert_eq!(status, 409);
    let (status, _) = call(
        &s.base,
        &second,
        Method::POST,
        &format!("{path}/claim"),
        Some(json!({"reason": "x".repeat(501)})),
    );
    assert_eq!(status, 422);
    // With a reason it is theirs, and the timeline says so.
    let (status, claim) = call(
        &s.base,
        &second,
        Method::POST,
        &format!("{path}/claim"),
        Some(json!({"reason": "审核员甲今天休假"})),
    );
    assert_eq!(status, 200, "{claim}");
    assert_eq!(claim["holder"]["login"], "second");
    let (_, detail) = call(&s.base, first, Method::GET, &path, None);
    assert!(detail["timeline"]
        .to_string()
        .contains("taken over from 审核员甲 (reviewer) by 审核员乙 (second): 审核员甲今天休假"));
    // …and records it as data, for the console to say in its reader's language.
    let kinds: Vec<&serde_json::Value> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.get("event"))
        .collect();
    assert!(kinds.iter().any(|e| e["kind"] == "created"), "{kinds:?}");
    assert!(
        kinds.iter().any(|e| e["kind"] == "taken_over"
            && e["from"]["login"] == "reviewer"
            && e["reason"] == "审核员甲今天休假"),
        "{kinds:?}"
    );
    // Only the holder releases.
    let (status, _) = call(
        &s.base,
        first,
        Method::DELETE,
        &format!("{path}/claim"),
        None,
    );
    assert_eq!(status, 409);
    prepare_verdict(&s.base, &second, &reference, "approve");
    let (status, _) = call(
        &s.base,
        &second,
        Method::POST,
        &format!("{path}/review"),
        Some(json!({"decision": "approve"})),
    );
    assert_eq!(status, 200);
    let (status, _) = call(
        &s.base,
        &second,
        Method::DELETE,
        &format!("{path}/claim"),
        None,
    );
    assert_eq!(status, 204);
    let (_, detail) = call(&s.base, first, Method::GET, &path, None);
    assert_eq!(detail["claim"], Value::Null);
    // The review is over at approval: the card's way out (窗口领卡 here) is
    // recorded by anyone, and there is nothing left to claim.
    let (status, doc) = call(
        &s.base,
        first,
        Method::POST,
        &format!("{path}/review"),
        Some(json!({"decision": "card_made"})),
    );
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["state"], "ready_for_pickup");
    let (status, _) = call(&s.base, first, Method::POST, &format!("{path}/claim"), None);
    assert_eq!(status, 409);
}
