//! Holiday years without a release: `eport-server calendar import` checks a
//! holiday-cn file and stores it; `GET /api/v1/calendar/{year}` serves it (and
//! the shipped years); a malformed file is refused with its line.

mod common;

use std::path::Path;
use std::process::Output;

use common::{dist, Server};

/// Test data in the holiday-cn format (not the State Council's real 2027 schedule).
const YEAR_2027: &str = r#"{
  "$schema": "https://example.invalid/holiday-cn.schema.json",
  "year": 2027,
  "papers": ["测试数据：2027 年节假日安排"],
  "days": [
    { "name": "元旦", "date": "2027-01-01", "isOffDay": true },
    { "name": "春节", "date": "2027-02-06", "isOffDay": false },
    { "name": "春节", "date": "2027-02-08", "isOffDay": true },
    { "name": "春节", "date": "2027-02-09", "isOffDay": true }
  ]
}"#;

fn calendar(data: &Path, args: &[&str]) -> Output {
    common::server_command(data)
        .arg("calendar")
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn import(data: &Path, text: &str) -> Output {
    let file = data.join("year.json");
    std::fs::write(&file, text).unwrap();
    calendar(data, &["import", file.to_str().unwrap()])
}

fn get(s: &Server, path: &str) -> reqwest::blocking::Response {
    reqwest::blocking::get(s.url(path)).unwrap()
}

#[test]
fn an_imported_year_is_served_in_its_format_beside_the_shipped_ones() {
    let data = tempfile::tempdir().unwrap();
    let out = import(data.path(), YEAR_2027);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 2027: 4 days"));
    let listed = calendar(data.path(), &["list"]);
    assert!(String::from_utf8_lossy(&listed.stdout).starts_with("2027\t4 days"));

    let d = dist();
    let s = Server::start_in(d.path(), data);
    let r = get(&s, "/api/v1/calendar/2027");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "public, max-age=3600");
    let year: serde_json::Value = r.json().unwrap();
    assert_eq!(year["year"], 2027);
    assert_eq!(year["papers"][0], "测试数据：2027 年节假日安排");
    let days = year["days"].as_array().unwrap();
    assert_eq!(days.len(), 4);
    assert_eq!(
        days[1],
        serde_json::json!({ "name": "春节", "date": "2027-02-06", "isOffDay": false })
    );
    assert!(year.get("$schema").is_none());

    // A shipped year is served the same way; a year nobody published is a 404.
    let shipped: serde_json::Value = get(&s, "/api/v1/calendar/2026").json().unwrap();
    assert_eq!(shipped["papers"][0], "国办发明电〔2025〕7号");
    for missing in [
        "/api/v1/calendar/2031",
        "/api/v1/calendar/20x7",
        "/api/v1/calendar/02027",
    ] {
        let r = get(&s, missing);
        assert_eq!(r.status(), 404, "{missing}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    }
}

#[test]
fn a_second_import_of_a_year_replaces_the_first() {
    let data = tempfile::tempdir().unwrap();
    assert!(import(data.path(), YEAR_2027).status.success());
    let fewer = YEAR_2027.replace(
        r#",
    { "name": "春节", "date": "2027-02-09", "isOffDay": true }"#,
        "",
    );
    assert!(import(data.path(), &fewer).status.success());
    let d = dist();
    let s = Server::start_in(d.path(), data);
    let year: serde_json::Value = get(&s, "/api/v1/calendar/2027").json().unwrap();
    assert_eq!(year["days"].as_array().unwrap().len(), 3);
}

#[test]
fn a_malformed_file_is_refused_with_the_line_at_fault_and_nothing_is_stored() {
    let data = tempfile::tempdir().unwrap();
    // A date of another year on line 8.
    let out = import(data.path(), &YEAR_2027.replace("2027-02-08", "2028-02-08"));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 8: 2028-02-08 is not in 2027"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    // Broken JSON (a missing comma) on line 7.
    let out = import(
        data.path(),
        &YEAR_2027.replace(r#""2027-02-06","#, r#""2027-02-06""#),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 7"));
    // Not JSON at all, and far too large.
    assert!(!import(data.path(), "year,date\n2027,2027-01-01\n")
        .status
        .success());
    let huge = format!(
        "{{\"year\": 2027, \"papers\": [\"{}\"]}}",
        "x".repeat(2 << 20)
    );
    let out = import(data.path(), &huge);
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than"));
    assert!(calendar(data.path(), &["list"]).stdout.is_empty());
}
