//! The card centre's register (`POST /staff/register`), against the real
//! binary: CSV and XLSX hold the rows the list's filter selects, the columns
//! a centre keeps, personal data only when asked for (and then recorded
//! against each submission); 20,000 rows export in bounded memory.

mod common;

use std::io::{Cursor, Read};
use std::time::Duration;

use calamine::{Data, Reader, Xlsx};
use common::client::{mailed, new_upload, Api, Upload};
use common::staff::{call, prepare_verdict, CSRF};
use common::{dist, Server};
use reqwest::Method;
use serde_json::json;

fn received(api: &Api, u: Upload) -> String {
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 4096);
    api.status(&u)["reference"].as_str().unwrap().to_string()
}

fn export(s: &Server, query: &str) -> reqwest::blocking::Response {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap()
        .post(s.url(&format!("/api/v1/staff/register?{query}")))
        .header("cookie", &s.staff)
        .header(CSRF.0, CSRF.1)
        .send()
        .unwrap()
}

fn csv_rows(body: &[u8]) -> Vec<Vec<String>> {
    assert!(
        body.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with a byte-order mark"
    );
    csv::Reader::from_reader(&body[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn csv_header(body: &[u8]) -> Vec<String> {
    csv::Reader::from_reader(&body[3..])
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_register_holds_the_filtered_rows_and_personal_data_only_when_asked() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let me = s.staff.as_str();
    // One waiting, one returned with a reason, one posted by EMS.
    let waiting = received(&api, new_upload(600, 1));
    let returned_upload = new_upload(600, 2);
    let id_number = returned_upload.manifest.case.legal_person.id_number.clone();
    let returned = received(&api, returned_upload);
    prepare_verdict(&s.base, me, &returned, "reject");
    let (status, body) = call(
        &s.base,
        me,
        Method::POST,
        &format!("/submissions/{returned}/review"),
        Some(
            json!({"decision": "reject", "reasons": [{"code": "unclear", "field": "attachments.business_licence"}]}),
        ),
    );
    assert_eq!(status, 200, "{body}");
    let posted = received(&api, mailed(new_upload(600, 3)));
    for decision in ["approve", "dispatch"] {
        prepare_verdict(&s.base, me, &posted, decision);
        let mut body = json!({ "decision": decision });
        if decision == "dispatch" {
            body["tracking_number"] = json!("EA123456785CN");
        }
        let (status, answer) = call(
            &s.base,
            me,
            Method::POST,
            &format!("/submissions/{posted}/review"),
            Some(body),
        );
        assert_eq!(status, 200, "{decision}: {answer}");
    }

    // Without personal data.
    let r = export(&s, "format=csv");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename*=UTF-8''"));
    let body = r.bytes().unwrap();
    let header = csv_header(&body);
    assert_eq!(header[0], "受理编号");
    assert_eq!(header.len(), 13, "no personal columns: {header:?}");
    let rows = csv_rows(&body);
    assert_eq!(rows.len(), 3);
    let row = |reference: &str| rows.iter().find(|r| r[0] == reference).unwrap().clone();
    assert_eq!(row(&waiting)[5], "已提交");
    assert_eq!(row(&returned)[5], "退单");
    assert_eq!(row(&returned)[8], "营业执照不清晰");
    assert_eq!(row(&returned)[6], "审核员甲");
    assert_eq!(row(&posted)[10], "EA123456785CN");
    assert_eq!(row(&posted)[9], "邮寄领卡");
    let text = String::from_utf8_lossy(&body);
    assert!(!text.contains(&id_number), "no ID numbers unless asked");

    // The list's filter applies: only the returned one.
    let r = export(&s, "format=csv&state=rejected&lang=en");
    let body = r.bytes().unwrap();
    assert_eq!(csv_header(&body)[0], "Reference");
    let rows = csv_rows(&body);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][8], "Business licence is not legible");

    // With personal data, as XLSX: read back as a spreadsheet.
    let r = export(&s, "format=xlsx&personal=true");
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("登记簿").unwrap();
    let cells: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert_eq!(cells.len(), 4, "a header and three rows");
    assert_eq!(cells[0].len(), 18);
    assert_eq!(cells[0][14], Data::String("法定代表人证件号码".into()));
    let returned_row = cells
        .iter()
        .find(|r| r[0] == Data::String(returned.clone()))
        .unwrap();
    assert_eq!(returned_row[14], Data::String(id_number.clone()));
    assert!(
        matches!(returned_row[1], Data::DateTime(_)),
        "the arrival is a date cell: {:?}",
        returned_row[1]
    );
    assert!(
        matches!(returned_row[11], Data::Float(_)),
        "waited is a number"
    );
    // The export is in each submission's access log; the plain one was not.
    let (_, detail) = call(
        &s.base,
        me,
        Method::GET,
        &format!("/submissions/{returned}"),
        None,
    );
    let exports: Vec<_> = detail["access"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["action"] == "export")
        .collect();
    assert_eq!(exports.len(), 1, "{}", detail["access"]);
    assert_eq!(exports[0]["target"], "xlsx");
    assert_eq!(exports[0]["who"]["login"], "reviewer");
}

#[test]
fn an_export_needs_a_session_and_the_console_header() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let anon = reqwest::blocking::Client::new()
        .post(s.url("/api/v1/staff/register?format=csv"))
        .header(CSRF.0, CSRF.1)
        .send()
        .unwrap();
    assert_eq!(anon.status(), 401);
    let no_csrf = reqwest::blocking::Client::new()
        .post(s.url("/api/v1/staff/register?format=csv"))
        .header("cookie", &s.staff)
        .send()
        .unwrap();
    assert_eq!(no_csrf.status(), 403);
    assert_eq!(export(&s, "format=pdf").status(), 400);
}

/// The server's resident memory, in bytes.
fn rss(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// Exports `query` while sampling the server's memory: (bytes read, peak RSS).
fn export_sampled(s: &Server, query: &str) -> (Vec<u8>, u64) {
    let pid = s.pid();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut peak = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(rss(pid));
                std::thread::sleep(Duration::from_millis(10));
            }
            peak
        })
    };
    let mut r = export(s, query);
    assert_eq!(r.status(), 200);
    let mut body = Vec::new();
    r.read_to_end(&mut body).unwrap();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    (body, sampler.join().unwrap())
}

#[test]
fn twenty_thousand_rows_export_in_bounded_memory() {
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    // One real submission through the API, then 19,999 copies of it written
    // into the store's database in one transaction (the API's creation
    // limits would take hours).
    let s = Server::start_staffed(dist.path(), data, &[]);
    received(&Api::new(&s.base), new_upload(600, 9));
    let cookie = s.staff.clone();
    let data = s.stop();
    {
        common::db::Db::open(data.path()).batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 19999)
             INSERT INTO submissions (id, secret_hash, body_hash, manifest, state, reference, uscc,
                 enterprise, created_at, received_at, state_changed_at, people, pickup, created_unix, code_nth)
             SELECT printf('%08x-0000-4000-8000-%012x', i, i), t.secret_hash, t.body_hash, t.manifest,
                 'received', printf('XM20261201-9%05d', i), t.uscc, t.enterprise, t.created_at,
                 t.received_at, t.state_changed_at, t.people, t.pickup, t.created_unix, 1
             FROM n, (SELECT * FROM submissions LIMIT 1) t;",
            "INSERT INTO submissions (id, secret_hash, body_hash, manifest, state, reference, uscc,
                 enterprise, created_at, received_at, state_changed_at, people, pickup, created_unix, code_nth)
             SELECT lpad(to_hex(i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0'),
                 t.secret_hash, t.body_hash, t.manifest,
                 'received', 'XM20261201-9' || lpad(i::text, 5, '0'), t.uscc, t.enterprise, t.created_at,
                 t.received_at, t.state_changed_at, t.people, t.pickup, t.created_unix, 1
             FROM generate_series(1, 19999) i, (SELECT * FROM submissions LIMIT 1) t;",
        );
    }
    let mut s = Server::start_in(dist.path(), data);
    s.staff = cookie;
    std::thread::sleep(Duration::from_millis(500));
    let idle = rss(s.pid());
    let (csv, csv_peak) = export_sampled(&s, "format=csv");
    assert_eq!(csv_rows(&csv).len(), 20_000);
    let (xlsx, xlsx_peak) = export_sampled(&s, "format=xlsx&personal=true");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.clone())).unwrap();
    assert_eq!(book.worksheet_range("登记簿").unwrap().height(), 20_001);
    // The statistics of the same 20,000 (all waiting): one request, timed.
    let started = std::time::Instant::now();
    let (status, st) = call(&s.base, &s.staff, Method::GET, "/statistics", None);
    let statistics_ms = started.elapsed().as_millis() as u64;
    assert_eq!(status, 200, "{st}");
    assert_eq!(st["open_now"], 20_000);
    const MIB: u64 = 1 << 20;
    println!("statistics of 20000 rows: {statistics_ms} ms");
    println!(
        "register of 20000 rows: idle {} MiB, CSV peak {} MiB ({} bytes), XLSX peak {} MiB ({} bytes)",
        idle / MIB,
        csv_peak / MIB,
        csv.len(),
        xlsx_peak / MIB,
        xlsx.len()
    );
    if let Ok(out) = std::env::var("EPORT_REGISTER_BENCH_OUT") {
        std::fs::write(
            out,
            json!({ "rows": 20_000, "idle_rss_bytes": idle, "csv_peak_rss_bytes": csv_peak,
                    "csv_bytes": csv.len(), "xlsx_peak_rss_bytes": xlsx_peak, "xlsx_bytes": xlsx.len(),
                    "statistics_ms": statistics_ms })
            .to_string(),
        )
        .unwrap();
    }
    assert!(csv_peak < idle + 64 * MIB, "CSV: {csv_peak} vs idle {idle}");
    assert!(
        xlsx_peak < idle + 128 * MIB,
        "XLSX: {xlsx_peak} vs idle {idle}"
    );
    // Nothing of the XLSX is left behind in the server's folder.
    let left: Vec<_> = std::fs::read_dir(s.data.path().join("exports"))
        .unwrap()
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
