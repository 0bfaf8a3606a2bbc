//! The review queue is filled by people, not scripts: a burst of creations
//! from one address is cut at the create limit, while many declarations of
//! one credit code (which strangers could send from anywhere) are accepted
//! and flagged for staff, as are bursts from one network.

mod common;

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use common::client::{new_upload, Api};
use common::{dist, Server};
use serde_json::Value;

fn ip(a: u8, b: u8, c: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, a, b, c))
}

/// What staff see of a submission.
fn staff_view(s: &Server, id: &str) -> Value {
    let r = reqwest::blocking::Client::new()
        .get(s.url(&format!("/api/v1/staff/submissions/{id}")))
        .header("cookie", &s.staff)
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().unwrap()
}

/// The staff list's rows, newest first.
fn staff_rows(s: &Server) -> Vec<Value> {
    let r = reqwest::blocking::Client::new()
        .get(s.url("/api/v1/staff/submissions?page_size=100"))
        .header("cookie", &s.staff)
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json::<Value>().unwrap()["items"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn seventy_creations_in_a_burst_from_one_address_stop_at_the_burst() {
    let dist = dist();
    // The default limit, set again over the tests' lifted one.
    let s = Server::start_with(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &["--create-limit", "120/10"],
    );
    let uploads: Vec<_> = (0..70).map(|i| new_upload(200, 500 + i)).collect();
    let started = Instant::now();
    let answers: Vec<(u16, Option<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = uploads
            .chunks(10)
            .map(|batch| {
                let base = s.base.clone();
                scope.spawn(move || {
                    let api = Api::from(&base, ip(0, 5, 1));
                    batch
                        .iter()
                        .map(|u| {
                            let r = api.put(u);
                            let wait = r
                                .headers()
                                .get("retry-after")
                                .map(|v| v.to_str().unwrap().to_string());
                            (r.status().as_u16(), wait)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(started.elapsed() < Duration::from_secs(5), "all within 5 s");
    let created = answers.iter().filter(|(c, _)| *c == 201).count();
    let refused: Vec<_> = answers.iter().filter(|(c, _)| *c == 429).collect();
    assert_eq!(created, 10, "the burst of 10 is created: {answers:?}");
    assert_eq!(refused.len(), 60, "the rest are refused: {answers:?}");
    // Next token in 30 s at 120 an hour.
    assert!(refused.iter().all(|(_, w)| w.as_deref() == Some("30")));
    // Another address is not held back by this one.
    let other = Api::from(&s.base, ip(0, 6, 1));
    assert_eq!(other.put(&new_upload(200, 999)).status(), 201);
}

#[test]
fn a_sixth_declaration_of_one_code_in_a_day_is_accepted_and_flagged() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    // Six declarations of the fixture's one credit code, each from its own
    // network (as strangers would send them): none is refused.
    let mut ids = Vec::new();
    for n in 0..6u8 {
        let u = new_upload(200, 600 + u32::from(n));
        let api = Api::from(&s.base, ip(40 + n, 0, 1));
        assert_eq!(api.put(&u).status(), 201, "declaration {}", n + 1);
        ids.push(u.id);
    }
    for (i, id) in ids.iter().enumerate() {
        let signs = staff_view(&s, id)["arrival"].clone();
        if i < 5 {
            assert_eq!(
                signs,
                serde_json::json!([]),
                "declaration {} is not flagged",
                i + 1
            );
        } else {
            assert_eq!(
                signs,
                serde_json::json!([{ "kind": "many_for_one_code", "nth": 6 }])
            );
        }
    }
    // The queue's row carries the sign too.
    let rows = staff_rows(&s);
    let sixth = rows.iter().find(|r| r["id"] == ids[5].as_str()).unwrap();
    assert_eq!(sixth["arrival"][0]["kind"], "many_for_one_code");
}

#[test]
fn submissions_in_a_burst_from_one_network_are_shown_as_such() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    // Five from five addresses of one /24, one from elsewhere.
    let mut burst = Vec::new();
    for h in 1..=5u8 {
        let u = new_upload(200, 700 + u32::from(h));
        assert_eq!(Api::from(&s.base, ip(0, 7, h)).put(&u).status(), 201);
        burst.push(u.id);
    }
    let lone = new_upload(200, 799);
    assert_eq!(Api::from(&s.base, ip(0, 8, 1)).put(&lone).status(), 201);
    for id in &burst {
        let signs = staff_view(&s, id)["arrival"].clone();
        assert!(
            signs
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x == &serde_json::json!({ "kind": "burst_from_one_network", "count": 5 })),
            "{signs}"
        );
    }
    let signs = staff_view(&s, &lone.id)["arrival"].clone();
    assert!(
        !signs.to_string().contains("burst_from_one_network"),
        "another network's submission is not in the burst: {signs}"
    );
}
