//! Staff accounts for tests: created with the real `account add` command on
//! the data directory, signed in over HTTP like the console.

use std::path::Path;

pub const CSRF: (&str, &str) = ("x-requested-by", "eport-desk");

/// Runs `eport-server --data-dir D account …` and returns its stdout.
pub fn account_cmd(data: &Path, args: &[&str]) -> std::process::Output {
    crate::common::server_command(data)
        .arg("account")
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("eport-server account runs")
}

/// Runs `eport-server --data-dir D staff log` and returns its lines.
pub fn work_log(data: &Path) -> Vec<String> {
    let out = crate::common::server_command(data)
        .args(["staff", "log"])
        .env("RUST_LOG", "warn")
        .output()
        .expect("eport-server staff log runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The password a command printed (`password: …`).
pub fn printed_password(out: &std::process::Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("password: "))
        .unwrap_or_else(|| panic!("no password printed: {text}"))
        .trim()
        .to_string()
}

/// Creates an account and returns its generated password.
pub fn add_account(data: &Path, login: &str, name: &str) -> String {
    let out = account_cmd(data, &["add", login, "--name", name]);
    assert!(
        out.status.success(),
        "account add: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    printed_password(&out)
}

pub fn sign_in(base: &str, login: &str, password: &str) -> reqwest::blocking::Response {
    reqwest::blocking::Client::new()
        .post(format!("{base}/api/v1/staff/session"))
        .header(CSRF.0, CSRF.1)
        .json(&serde_json::json!({ "login": login, "password": password }))
        .send()
        .unwrap()
}

/// `eport_staff=…` from a sign-in's Set-Cookie, for a `Cookie` header.
pub fn cookie_of(r: &reqwest::blocking::Response) -> String {
    let set = r
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap();
    set.split(';').next().unwrap().to_string()
}

/// Signs in and returns the `Cookie` header value.
pub fn session(base: &str, login: &str, password: &str) -> String {
    let r = sign_in(base, login, password);
    assert_eq!(r.status(), 200, "sign in as {login}");
    cookie_of(&r)
}

/// A staff request as the console sends it (session cookie, CSRF header):
/// its status and its JSON answer (null when it has none).
pub fn call(
    base: &str,
    cookie: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut r = reqwest::blocking::Client::new()
        .request(method, format!("{base}/api/v1/staff{path}"))
        .header("cookie", cookie)
        .header(CSRF.0, CSRF.1);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().unwrap();
    let status = r.status().as_u16();
    (status, r.json().unwrap_or(serde_json::Value::Null))
}

/// What the console does before a verdict: 认领 (claim), and before an
/// approval every checklist line of the submission ticked. Other decisions
/// (the card's way out) need neither.
pub fn prepare_verdict(base: &str, cookie: &str, key: &str, decision: &str) {
    if !matches!(decision, "approve" | "reject") {
        return;
    }
    let (status, claim) = call(
        base,
        cookie,
        reqwest::Method::POST,
        &format!("/submissions/{key}/claim"),
        Some(serde_json::json!({})),
    );
    assert_eq!(status, 200, "claim {key}: {claim}");
    if decision != "approve" {
        return;
    }
    let (status, detail) = call(
        base,
        cookie,
        reqwest::Method::GET,
        &format!("/submissions/{key}"),
        None,
    );
    assert_eq!(status, 200, "detail {key}");
    let manifest: eport_domain::protocol::Manifest =
        serde_json::from_value(detail["manifest"].clone()).expect("a manifest");
    for item in eport_domain::review::checklist(&manifest.case) {
        let (status, body) = call(
            base,
            cookie,
            reqwest::Method::PUT,
            &format!("/submissions/{key}/checklist/{item}"),
            Some(serde_json::json!({"checked": true})),
        );
        assert_eq!(status, 200, "tick {item}: {body}");
    }
}
