//! 统计 (`GET /staff/statistics`), against the real binary: a day's work
//! (an EMS dispatch by the review route and one by batch, a return, one
//! waiting) counted per day and per reviewer, the same figures in the
//! register's second sheet, and a period that is not one refused.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use common::client::{mailed, new_upload, Api, Upload};
use common::staff::{call, prepare_verdict, work_log, CSRF};
use common::{dist, Server};
use reqwest::Method;
use serde_json::{json, Value};

fn received(api: &Api, u: Upload) -> String {
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 1 << 20);
    api.status(&u)["reference"].as_str().unwrap().to_string()
}

fn review(s: &Server, reference: &str, body: Value) {
    prepare_verdict(
        &s.base,
        &s.staff,
        reference,
        body["decision"].as_str().unwrap(),
    );
    let (status, answer) = call(
        &s.base,
        &s.staff,
        Method::POST,
        &format!("/submissions/{reference}/review"),
        Some(body),
    );
    assert_eq!(status, 200, "{answer}");
}

fn statistics(s: &Server, query: &str) -> (u16, Value) {
    call(
        &s.base,
        &s.staff,
        Method::GET,
        &format!("/statistics{query}"),
        None,
    )
}

#[test]
fn a_days_work_is_counted_once_per_day_and_reviewer_and_in_the_export() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let by_route = received(&api, mailed(new_upload(600, 1)));
    let by_batch = received(&api, mailed(new_upload(600, 2)));
    let returned = received(&api, new_upload(600, 3));
    let _waiting = received(&api, new_upload(600, 4));
    review(&s, &by_route, json!({"decision": "approve"}));
    review(
        &s,
        &by_route,
        json!({"decision": "dispatch", "tracking_number": "EA123456785CN"}),
    );
    review(&s, &by_batch, json!({"decision": "approve"}));
    let (status, body) = call(
        &s.base,
        &s.staff,
        Method::POST,
        "/dispatch-batch",
        Some(json!({ "lines": format!("{by_batch},1100000000001"), "apply": true })),
    );
    assert_eq!(status, 200, "{body}");
    review(
        &s,
        &returned,
        json!({"decision": "reject", "reasons": [
            {"code": "unclear", "field": "attachments.business_licence"},
            {"code": "photo_mismatch", "field": "legal_person.id_number"}]}),
    );

    // The approval and the dispatch by the same reviewer are two rows of the history.
    let (_, detail) = call(
        &s.base,
        &s.staff,
        Method::GET,
        &format!("/submissions/{by_route}"),
        None,
    );
    let decided: Vec<&Value> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["event"]["kind"] == "decided")
        .map(|t| &t["event"]["decision"])
        .collect();
    assert_eq!(decided, [&json!("approve"), &json!("dispatch")]);

    let (status, st) = statistics(&s, "");
    assert_eq!(status, 200, "{st}");
    let days = st["days"].as_array().unwrap();
    assert_eq!(days.len(), 30, "the 30 days ending today");
    let today = &days[29];
    assert_eq!(today["date"], st["today"]);
    assert_eq!(
        (
            &today["arrivals"],
            &today["approved"],
            &today["returned"],
            &today["dispatched"],
            &today["collected"]
        ),
        (&json!(4), &json!(2), &json!(1), &json!(2), &json!(0)),
        "{today}"
    );
    assert_eq!(
        (st["open_now"].as_u64(), st["overdue_now"].as_u64()),
        (Some(1), Some(0))
    );
    // Decided the day they arrived: no business day waited.
    assert_eq!(
        st["to_decision"],
        json!({"cases": 3, "median": 0, "p90": 0})
    );
    assert_eq!(
        st["to_hand_out"],
        json!({"cases": 2, "median": 0, "p90": 0})
    );
    assert_eq!(
        st["reviewers"],
        json!([{"reviewer": {"login": "reviewer", "name": "审核员甲"}, "approved": 2, "returned": 1}])
    );
    let returns = st["returns"].as_array().unwrap();
    assert_eq!(returns.len(), 2);
    assert!(returns.iter().all(|r| r["count"] == 1), "{returns:?}");

    // The register's second sheet says the same.
    let xlsx = reqwest::blocking::Client::new()
        .post(s.url("/api/v1/staff/register?format=xlsx"))
        .header("cookie", &s.staff)
        .header(CSRF.0, CSRF.1)
        .send()
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.bytes().unwrap().to_vec())).unwrap();
    assert_eq!(book.sheet_names(), vec!["登记簿", "统计"]);
    let sheet = book.worksheet_range("统计").unwrap();
    let value = |label: &str| {
        sheet
            .rows()
            .find(|r| r[0] == Data::String(label.into()))
            .map(|r| r[1].clone())
    };
    assert_eq!(value("到达"), Some(Data::Float(4.0)));
    assert_eq!(value("已寄出"), Some(Data::Float(2.0)));
    assert_eq!(value("当前待审"), Some(Data::Float(1.0)));
    assert_eq!(value("审核员甲"), Some(Data::Float(2.0)));
    assert_eq!(value("营业执照不清晰"), Some(Data::Float(1.0)));

    // The work log has each request that acted on many, newest first, no personal data.
    let log = work_log(s.data.path());
    let actions: Vec<&str> = log.iter().map(|l| l.split('\t').nth(2).unwrap()).collect();
    assert_eq!(
        actions,
        ["register", "statistics", "dispatch_batch"],
        "{log:?}"
    );
    assert!(log[0].contains("xlsx 4 rows; states all"), "{}", log[0]);
    assert!(
        log[1].ends_with(&format!("..{}", st["today"].as_str().unwrap())),
        "{}",
        log[1]
    );
    assert!(
        log[2].contains("reviewer\tdispatch_batch\tposted 1 of 1 lines"),
        "{}",
        log[2]
    );
}

#[test]
fn a_period_must_be_one_and_only_staff_see_it() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let anon = reqwest::blocking::get(s.url("/api/v1/staff/statistics")).unwrap();
    assert_eq!(anon.status(), 401);
    for (query, why) in [
        ("?from=2026-10-02&to=2026-10-01", "before"),
        ("?from=2025-01-01&to=2026-12-31", "366"),
        ("?from=2026-13-01", "month 13"),
        ("?from=yesterday", "not a date"),
    ] {
        let (status, body) = statistics(&s, query);
        assert_eq!(status, 400, "{query}: {body}");
        if why != "month 13" && why != "not a date" {
            assert!(body["detail"].as_str().unwrap().contains(why), "{body}");
        }
    }
    let (status, st) = statistics(&s, "?from=2026-09-29&to=2026-10-12");
    assert_eq!(status, 200, "{st}");
    assert_eq!(st["days"].as_array().unwrap().len(), 14);
    assert_eq!(
        st["to_decision"],
        json!({"cases": 0, "median": null, "p90": null})
    );
}
