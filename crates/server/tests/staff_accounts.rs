//! Staff accounts on the real binary: the account commands, sign-in,
//! throttling, session expiry and revocation, CSRF, every staff endpoint
//! refusing without a session, decisions naming their reviewer, and the
//! record of who viewed and downloaded what.

mod common;

use std::time::{Duration, Instant};

use common::client::{new_upload, Api};
use common::staff::{
    account_cmd, add_account, cookie_of, printed_password, session, sign_in, CSRF,
};
use common::{dist, Server};
use serde_json::Value;

fn get(base: &str, cookie: &str, path: &str) -> reqwest::blocking::Response {
    reqwest::blocking::Client::new()
        .get(format!("{base}/api/v1{path}"))
        .header("cookie", cookie)
        .send()
        .unwrap()
}

fn post_review(
    base: &str,
    cookie: &str,
    key: &str,
    body: Value,
    csrf: bool,
) -> reqwest::blocking::Response {
    let mut r = reqwest::blocking::Client::new()
        .post(format!("{base}/api/v1/staff/submissions/{key}/review"))
        .header("cookie", cookie)
        .json(&body);
    if csrf {
        r = r.header(CSRF.0, CSRF.1);
    }
    r.send().unwrap()
}

fn problem_type(r: reqwest::blocking::Response) -> String {
    let v: Value = r.json().unwrap();
    v["type"].as_str().unwrap_or_default().to_string()
}

#[test]
fn account_lifecycle_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let pw = add_account(data.path(), "wang.li", "王丽");
    assert_eq!(pw.len(), 20);
    // The same login twice is refused; a bad login or name too.
    assert!(
        !account_cmd(data.path(), &["add", "wang.li", "--name", "x"])
            .status
            .success()
    );
    assert!(
        !account_cmd(data.path(), &["add", "Wang Li", "--name", "x"])
            .status
            .success()
    );
    assert!(!account_cmd(data.path(), &["add", "zhao", "--name", ""])
        .status
        .success());
    // Only the Argon2id hash is stored.
    assert!(
        !common::db::holds(data.path(), &pw),
        "the password is not stored"
    );
    let dist = dist();
    let s = Server::start_with(dist.path(), data, &[]);
    let cookie = session(&s.base, "wang.li", &pw);
    assert_eq!(get(&s.base, &cookie, "/staff/session").status(), 200);

    let list = account_cmd(s.data.path(), &["list"]);
    let text = String::from_utf8_lossy(&list.stdout).to_string();
    assert!(text.contains("wang.li\t王丽\tactive"), "{text}");
    assert!(!text.contains(&pw));

    // Disabling ends the session at once and refuses sign-in.
    assert!(account_cmd(s.data.path(), &["disable", "wang.li"])
        .status
        .success());
    let r = get(&s.base, &cookie, "/staff/submissions");
    assert_eq!(r.status(), 401);
    assert_eq!(problem_type(r), "urn:eport-desk:problem:session-ended");
    assert_eq!(sign_in(&s.base, "wang.li", &pw).status(), 401);
    assert!(
        String::from_utf8_lossy(&account_cmd(s.data.path(), &["list"]).stdout).contains("disabled")
    );
    assert!(account_cmd(s.data.path(), &["enable", "wang.li"])
        .status
        .success());
    let cookie = session(&s.base, "wang.li", &pw);

    // A reset prints a new password, ends sessions, and the old one stops working.
    let out = account_cmd(s.data.path(), &["reset", "wang.li"]);
    assert!(out.status.success());
    let new_pw = printed_password(&out);
    assert_ne!(new_pw, pw);
    assert_eq!(get(&s.base, &cookie, "/staff/session").status(), 401);
    assert_eq!(sign_in(&s.base, "wang.li", &pw).status(), 401);
    assert_eq!(sign_in(&s.base, "wang.li", &new_pw).status(), 200);
    assert!(!account_cmd(s.data.path(), &["reset", "nobody"])
        .status
        .success());
}

#[test]
fn sign_in_sets_a_strict_http_only_cookie_and_sign_out_revokes_it() {
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    let pw = add_account(data.path(), "reviewer", "审核员甲");
    let s = Server::start_with(dist.path(), data, &[]);
    let r = sign_in(&s.base, "reviewer", &pw);
    assert_eq!(r.status(), 200);
    let set = r.headers()["set-cookie"].to_str().unwrap().to_string();
    for attr in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/api/v1/staff",
        "Max-Age=36000",
    ] {
        assert!(set.contains(attr), "{set} has {attr}");
    }
    assert!(
        !set.contains("Secure"),
        "plain HTTP without --secure-cookies"
    );
    let cookie = cookie_of(&r);
    let doc: Value = r.json().unwrap();
    assert_eq!(doc["who"]["name"], "审核员甲");
    assert_eq!(doc["idle_timeout_seconds"], 1800);

    // Signing out needs the console's header, then revokes the session.
    let out = |csrf: bool| {
        let mut r = reqwest::blocking::Client::new()
            .delete(format!("{}/api/v1/staff/session", s.base))
            .header("cookie", &cookie);
        if csrf {
            r = r.header(CSRF.0, CSRF.1);
        }
        r.send().unwrap()
    };
    assert_eq!(out(false).status(), 403);
    assert_eq!(get(&s.base, &cookie, "/staff/session").status(), 200);
    let r = out(true);
    assert_eq!(r.status(), 204);
    assert!(r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let r = get(&s.base, &cookie, "/staff/submissions");
    assert_eq!(r.status(), 401);
    assert_eq!(problem_type(r), "urn:eport-desk:problem:session-ended");

    // --secure-cookies marks it Secure.
    let data = s.stop();
    let s = Server::start_with(dist.path(), data, &["--secure-cookies"]);
    let r = sign_in(&s.base, "reviewer", &pw);
    assert!(r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .ends_with("; Secure"));
}

#[test]
fn failed_sign_ins_slow_down_then_get_429_and_never_log_the_password() {
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    let pw = add_account(data.path(), "reviewer", "审核员甲");
    let server = common::Logged::start(dist.path(), data.path(), "info");
    let base = server.base.clone();
    let wrong = "Wrong-Password-7f3a";
    let mut took = Vec::new();
    for i in 0..5 {
        let t = Instant::now();
        let r = sign_in(&base, "reviewer", wrong);
        took.push(t.elapsed());
        assert_eq!(r.status(), 401, "failure {}", i + 1);
        assert_eq!(problem_type(r), "urn:eport-desk:problem:sign-in-failed");
    }
    // Each failure waits longer than the one before (0, 100, 200, 400, 800 ms held back).
    assert!(took[4] >= Duration::from_millis(800), "{took:?}");
    assert!(took[4] > took[1], "{took:?}");
    let r = sign_in(&base, "reviewer", wrong);
    assert_eq!(r.status(), 429, "the 6th wrong password within a minute");
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait > 60, "Retry-After {wait}");
    // Locked now even with the right password, from this address.
    assert_eq!(sign_in(&base, "reviewer", &pw).status(), 429);
    // An unknown login from the same address is locked too (per address).
    assert_eq!(sign_in(&base, "someone", wrong).status(), 429);
    let log = server.kill_and_log();
    assert!(log.contains("staff sign-in failed"), "{log}");
    assert!(log.contains("reviewer") && log.contains("127.0.0.1"));
    assert!(!log.contains(wrong), "the password is never logged");
    assert!(!log.contains(&pw));
}

#[test]
fn sessions_expire_when_idle_and_at_their_maximum_age() {
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    let pw = add_account(data.path(), "reviewer", "审核员甲");
    let s = Server::start_with(
        dist.path(),
        data,
        &[
            "--staff-idle-timeout",
            "2s",
            "--staff-session-max-age",
            "5s",
        ],
    );
    // Idle: unused for 2 s.
    let idle = session(&s.base, "reviewer", &pw);
    std::thread::sleep(Duration::from_millis(2_200));
    let r = get(&s.base, &idle, "/staff/submissions");
    assert_eq!(r.status(), 401);
    assert_eq!(problem_type(r), "urn:eport-desk:problem:session-expired");
    // Busy, but past its maximum age.
    let busy = session(&s.base, "reviewer", &pw);
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(4_000) {
        assert_eq!(
            get(&s.base, &busy, "/staff/submissions").status(),
            200,
            "kept alive by use"
        );
        std::thread::sleep(Duration::from_millis(900));
    }
    std::thread::sleep(Duration::from_millis(1_300));
    let r = get(&s.base, &busy, "/staff/submissions");
    assert_eq!(r.status(), 401);
    assert_eq!(problem_type(r), "urn:eport-desk:problem:session-expired");
}

#[test]
fn no_staff_endpoint_answers_without_a_session() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let u = new_upload(2_000, 41);
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 1024);
    let doc: Value = reqwest::blocking::get(format!("{}/api/v1/openapi.json", s.base))
        .unwrap()
        .json()
        .unwrap();
    let forged = format!("eport_staff={}", "ab".repeat(32));
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/staff/") || path == "/api/v1/staff/session" {
            continue;
        }
        let real = path
            .replace("{key}", &u.id)
            .replace("{sha256}", &u.files[0].0);
        for method in ops.as_object().unwrap().keys() {
            let m: reqwest::Method = method.to_uppercase().parse().unwrap();
            for cookie in ["", forged.as_str(), "eport_staff=../../etc/passwd"] {
                let r = reqwest::blocking::Client::new()
                    .request(m.clone(), format!("{}{real}", s.base))
                    .header("cookie", cookie)
                    .header(CSRF.0, CSRF.1)
                    .json(&serde_json::json!({"decision": "approve"}))
                    .send()
                    .unwrap();
                assert_eq!(r.status(), 401, "{method} {path} with {cookie:?}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 18, "{checked}");
    // The current session only with a session too.
    assert_eq!(get(&s.base, "", "/staff/session").status(), 401);
    // Nothing was decided.
    assert_eq!(api.status(&u)["state"], "received");
}

#[test]
fn decisions_need_the_console_header_and_name_their_reviewer() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let u = new_upload(2_000, 42);
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 1024);
    let body = serde_json::json!({"decision": "approve"});
    // A forged cross-site request: the cookie rides along, the header cannot.
    let r = post_review(&s.base, &s.staff, &u.id, body.clone(), false);
    assert_eq!(r.status(), 403);
    assert_eq!(problem_type(r), "urn:eport-desk:problem:csrf");
    let r = reqwest::blocking::Client::new()
        .post(format!(
            "{}/api/v1/staff/submissions/{}/review",
            s.base, u.id
        ))
        .header("cookie", &s.staff)
        .header(CSRF.0, CSRF.1)
        .header("sec-fetch-site", "cross-site")
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(api.status(&u)["state"], "received");

    common::staff::prepare_verdict(&s.base, &s.staff, &u.id, "approve");
    let r = post_review(&s.base, &s.staff, &u.id, body, true);
    assert_eq!(r.status(), 200);
    let doc: Value = r.json().unwrap();
    assert_eq!(doc["state"], "approved");
    assert!(
        !doc.to_string().contains("审核员甲"),
        "the enterprise sees only 制卡中心"
    );
    let detail: Value = get(&s.base, &s.staff, &format!("/staff/submissions/{}", u.id))
        .json()
        .unwrap();
    assert_eq!(
        detail["decided_by"],
        serde_json::json!({"login": "reviewer", "name": "审核员甲"})
    );
    let row = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["endpoint"] == "/staff/…/review")
        .unwrap();
    assert_eq!(row["actor"]["login"], "reviewer");
    assert!(row["detail"]
        .as_str()
        .unwrap()
        .contains("审核员甲 (reviewer)"));

    // The command line needs --as with a real, enabled account.
    let cli = |args: &[&str]| {
        common::server_command(s.data.path())
            .args(args)
            .output()
            .unwrap()
    };
    assert!(!cli(&["staff", "review", &u.id, "dispatch"])
        .status
        .success());
    assert!(
        !cli(&["staff", "review", &u.id, "dispatch", "--as", "nobody"])
            .status
            .success()
    );
    assert!(
        !cli(&["staff", "review", &u.id, "dispatch", "--as", "reviewer"])
            .status
            .success(),
        "a dispatch needs --tracking"
    );
    // This case chose 窗口领卡: it is never mailed, whatever staff type.
    let mailed = cli(&[
        "staff",
        "review",
        &u.id,
        "dispatch",
        "--as",
        "reviewer",
        "--tracking",
        "EA123456785CN",
    ]);
    assert!(!mailed.status.success());
    assert!(String::from_utf8_lossy(&mailed.stderr).contains("不能标记已寄出"));
    assert!(
        cli(&["staff", "review", &u.id, "card_made", "--as", "reviewer"])
            .status
            .success()
    );
    assert!(
        !cli(&["staff", "review", &u.id, "collect", "--as", "reviewer"])
            .status
            .success(),
        "a collection needs the collector"
    );
    let out = cli(&[
        "staff",
        "review",
        &u.id,
        "collect",
        "--as",
        "reviewer",
        "--collector",
        "赵六",
        "--collector-id-tail",
        "001x",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("collected"));
    let doc = api.status(&u);
    assert_eq!(doc["review"]["collected"]["collector"]["id_tail"], "001X");
    let detail: Value = get(
        &s.base,
        &s.staff,
        &format!("/staff/submissions/{}/timeline", u.id),
    )
    .json()
    .unwrap();
    let cli_row = detail["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["method"] == "CLI")
        .unwrap();
    assert_eq!(cli_row["actor"]["name"], "审核员甲");
}

#[test]
fn every_view_and_download_is_recorded_with_who_and_when() {
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    let pw = add_account(data.path(), "li", "李审核");
    let s = Server::start_staffed(dist.path(), data, &[]);
    let li = session(&s.base, "li", &pw);
    let api = Api::new(&s.base);
    let u = new_upload(2_000, 43);
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 1024);
    let sha = &u.files[0].0;
    let path = format!("/staff/submissions/{}", u.id);
    assert_eq!(get(&s.base, &li, &path).status(), 200);
    assert_eq!(
        get(&s.base, &li, &format!("{path}/attachments/{sha}")).status(),
        200
    );
    assert_eq!(get(&s.base, &li, &format!("{path}/timeline")).status(), 200);
    // A refused request records nothing.
    assert_eq!(
        get(&s.base, "", &format!("{path}/attachments/{sha}")).status(),
        401
    );
    let detail: Value = get(&s.base, &s.staff, &path).json().unwrap();
    let access: Vec<(String, String, String)> = detail["access"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            assert!(a["at"].as_str().unwrap().starts_with("20"));
            (
                a["who"]["login"].as_str().unwrap().to_string(),
                a["action"].as_str().unwrap().to_string(),
                a["target"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let t = |l: &str, a: &str, x: &str| (l.to_string(), a.to_string(), x.to_string());
    assert_eq!(
        access,
        vec![
            t("reviewer", "view", ""),
            t("li", "timeline", ""),
            t("li", "download", sha),
            t("li", "view", ""),
        ],
        "newest first"
    );
    assert_eq!(detail["access"][3]["who"]["name"], "李审核");
}
