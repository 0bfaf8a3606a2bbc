//! A reviewer's records over HTTP: a rejection's structured reasons, the
//! checklist with who ticked what, and a dispatch's EMS number, in the status
//! document and the OpenAPI document; anything that does not fit the
//! submission is refused with its status code.

mod common;

use common::client::{mailed, new_upload, Api, Upload};
use common::staff::{call, prepare_verdict, CSRF};
use common::{dist, Server};
use reqwest::Method;
use serde_json::{json, Value};

struct Reviewer<'a> {
    /// The server's base URL.
    base: &'a str,
    cookie: &'a str,
}

impl Reviewer<'_> {
    fn send(&self, method: Method, path: &str, body: Value) -> (u16, Value) {
        call(self.base, self.cookie, method, path, Some(body))
    }

    fn review(&self, key: &str, body: Value) -> (u16, Value) {
        self.send(Method::POST, &format!("/submissions/{key}/review"), body)
    }

    fn check(&self, key: &str, item: &str, checked: bool) -> (u16, Value) {
        self.send(
            Method::PUT,
            &format!("/submissions/{key}/checklist/{item}"),
            json!({ "checked": checked }),
        )
    }

    fn claim(&self, key: &str) -> Value {
        let (status, claim) = self.send(
            Method::POST,
            &format!("/submissions/{key}/claim"),
            json!({}),
        );
        assert_eq!(status, 200, "claim {key}: {claim}");
        claim
    }

    fn detail(&self, key: &str) -> Value {
        let path = format!("/submissions/{key}");
        call(self.base, self.cookie, Method::GET, &path, None).1
    }
}

fn received(api: &Api, seed: u32) -> (Upload, String) {
    send(api, new_upload(1_000, seed))
}

fn received_mailed(api: &Api, seed: u32) -> (Upload, String) {
    send(api, mailed(new_upload(1_000, seed)))
}

fn send(api: &Api, u: Upload) -> (Upload, String) {
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 4096);
    let reference = api.status(&u)["reference"].as_str().unwrap().to_string();
    (u, reference)
}

#[test]
fn a_rejection_carries_structured_reasons_that_fit_the_submission() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let staff = Reviewer {
        base: &s.base,
        cookie: &s.staff,
    };
    let (u, reference) = received(&api, 41);

    let refused = [
        // Neither note nor reason.
        (json!({"decision": "reject"}), 422),
        (
            json!({"decision": "reject", "note": "  ", "reasons": []}),
            422,
        ),
        // A reason the console would never offer: no operator 99, no seal on a credit code.
        (
            json!({"decision": "reject", "reasons": [{"code": "photo_mismatch", "field": "operators.99.id_number"}]}),
            422,
        ),
        (
            json!({"decision": "reject", "reasons": [{"code": "unsealed", "field": "enterprise.uscc"}]}),
            422,
        ),
        (
            json!({"decision": "reject", "reasons": [{"code": "unclear", "field": "attachments.business_licence"}, {"code": "unclear", "field": "attachments.business_licence"}]}),
            422,
        ),
        // Not a reason at all: unknown code or field.
        (
            json!({"decision": "reject", "reasons": [{"code": "ugly", "field": "enterprise.uscc"}]}),
            400,
        ),
        (
            json!({"decision": "reject", "reasons": [{"code": "unclear", "field": "../../etc"}]}),
            400,
        ),
        // Reasons belong to a rejection.
        (
            json!({"decision": "approve", "reasons": [{"code": "licence_mismatch", "field": "enterprise.uscc"}]}),
            422,
        ),
        (json!({"decision": "reject", "note": "x".repeat(2001)}), 422),
    ];
    for (body, status) in refused {
        let (got, problem) = staff.review(&reference, body.clone());
        assert_eq!(got, status, "{body}: {problem}");
        assert!(problem["detail"].is_string(), "{body}");
    }
    assert_eq!(api.status(&u)["state"], "received", "nothing changed");

    let reasons = json!([
        {"code": "unclear", "field": "attachments.business_licence"},
        {"code": "photo_mismatch", "field": "operators.0.id_number"},
    ]);
    let (got, problem) = staff.review(
        &reference,
        json!({"decision": "reject", "reasons": reasons}),
    );
    assert_eq!(got, 409, "a return needs the claim: {problem}");
    assert_eq!(problem["type"], "urn:eport-desk:problem:not-claimed");
    staff.claim(&reference);
    let (got, doc) = staff.review(
        &reference,
        json!({"decision": "reject", "reasons": reasons}),
    );
    assert_eq!(got, 200, "{doc}");
    assert_eq!(doc["state"], "rejected");
    assert_eq!(doc["review"]["reasons"], reasons);
    assert_eq!(doc["review"]["note"], Value::Null);
    // The enterprise's own status document says the same.
    assert_eq!(api.status(&u)["review"]["reasons"], reasons);
    // The timeline names them in words.
    let detail = staff.detail(&reference);
    let said = detail["timeline"].to_string();
    assert!(said.contains("营业执照不清晰"), "{said}");
    assert!(said.contains("操作员 1 证件号码与证件照片不符"), "{said}");
}

#[test]
fn the_checklist_keeps_who_ticked_what() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let staff = Reviewer {
        base: &s.base,
        cookie: &s.staff,
    };
    let (_, reference) = received(&api, 42);
    assert_eq!(staff.detail(&reference)["checklist"], json!([]));
    let (got, problem) = staff.check(&reference, "licence", true);
    assert_eq!(got, 409, "ticking needs the claim: {problem}");
    assert_eq!(problem["type"], "urn:eport-desk:problem:not-claimed");
    staff.claim(&reference);

    let (got, list) = staff.check(&reference, "licence", true);
    assert_eq!(got, 200, "{list}");
    let (got, list) = staff.check(&reference, "id.operators.0", true);
    assert_eq!(got, 200, "{list}");
    let ticks = list["ticks"].as_array().unwrap();
    assert_eq!(ticks.len(), 2);
    assert_eq!(ticks[0]["item"], "licence");
    assert_eq!(ticks[0]["checked_by"]["name"], "审核员甲");
    assert!(ticks[0]["checked_at"].as_str().unwrap().starts_with("20"));
    // Ticking again keeps the first tick; unticking removes it.
    let (_, again) = staff.check(&reference, "licence", true);
    assert_eq!(again["ticks"][0], ticks[0]);
    let (_, list) = staff.check(&reference, "licence", false);
    assert_eq!(list["ticks"].as_array().unwrap().len(), 1);
    assert_eq!(staff.detail(&reference)["checklist"], list["ticks"]);

    // Only the lines this submission has.
    for item in ["id.operators.7", "id.operators.01", "nope", "licence%00"] {
        let (got, problem) = staff.check(&reference, item, true);
        assert_eq!(got, 404, "{item}: {problem}");
    }
    let (got, _) = staff.send(
        Method::PUT,
        &format!("/submissions/{reference}/checklist/licence"),
        json!({"checked": "yes"}),
    );
    assert_eq!(got, 400);
    // Signed out: refused.
    let r = api
        .http
        .put(format!(
            "{}/staff/submissions/{reference}/checklist/licence",
            api.base
        ))
        .header(CSRF.0, CSRF.1)
        .json(&json!({"checked": true}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[test]
fn a_dispatch_needs_a_valid_ems_number_which_the_enterprise_sees() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let staff = Reviewer {
        base: &s.base,
        cookie: &s.staff,
    };
    let (u, reference) = received_mailed(&api, 43);
    let (got, _) = staff.review(
        &reference,
        json!({"decision": "approve", "tracking_number": "EA123456785CN"}),
    );
    assert_eq!(got, 422, "a number goes with a dispatch only");
    prepare_verdict(&s.base, &s.staff, &reference, "approve");
    assert_eq!(
        staff.review(&reference, json!({"decision": "approve"})).0,
        200
    );
    for bad in [
        json!(null),
        json!("EA123456784CN"),
        json!("EA12345678CN"),
        json!("顺丰123"),
    ] {
        let (got, problem) = staff.review(
            &reference,
            json!({"decision": "dispatch", "tracking_number": bad}),
        );
        assert_eq!(got, 422, "{bad}: {problem}");
        assert!(
            problem["detail"].as_str().unwrap().contains("EMS"),
            "{problem}"
        );
    }
    let (got, doc) = staff.review(
        &reference,
        json!({"decision": "dispatch", "tracking_number": "ea 123 456 785 cn"}),
    );
    assert_eq!(got, 200, "{doc}");
    assert_eq!(doc["state"], "dispatched");
    let mine = api.status(&u);
    assert_eq!(mine["review"]["tracking_number"], "EA123456785CN");
    assert_eq!(mine["review"]["decision"], "approve", "the approval stays");
}

#[test]
fn the_openapi_document_describes_reasons_checklist_and_tracking() {
    let dist = dist();
    let s = Server::start(dist.path());
    let doc: Value = reqwest::blocking::get(s.url("/api/v1/openapi.json"))
        .unwrap()
        .json()
        .unwrap();
    let path = &doc["paths"]["/api/v1/staff/submissions/{key}/checklist/{item}"];
    assert!(path["put"].is_object(), "{path}");
    let schemas = &doc["components"]["schemas"];
    let request = &schemas["ReviewRequest"]["properties"];
    assert!(request["reasons"].is_object(), "{request}");
    assert!(request["tracking_number"].is_object(), "{request}");
    let review = &schemas["Review"]["properties"];
    assert!(review["reasons"].is_object() && review["tracking_number"].is_object());
    // The six reasons (非真实申报 among them), and `unknown`: what this version reads a newer one's as.
    let codes = schemas["ReasonCode"]["enum"].as_array().unwrap();
    assert_eq!(codes.len(), 7);
    assert!(codes.iter().any(|c| c == "not_genuine"), "{codes:?}");
    assert!(schemas["CheckTick"].is_object() && schemas["Checklist"].is_object());
    assert!(schemas["StaffSubmission"]["properties"]["checklist"].is_object());
}

#[test]
fn the_detail_carries_the_findings_recomputed_by_the_server() {
    let dist = dist();
    let s = Server::start_staffed(dist.path(), tempfile::tempdir().unwrap(), &[]);
    let api = Api::new(&s.base);
    let staff = Reviewer {
        base: &s.base,
        cookie: &s.staff,
    };
    // A credit code whose check character is off, which the applicant confirmed.
    let mut u = new_upload(1_000, 44);
    let mut code: Vec<char> = u.manifest.case.enterprise.uscc.chars().collect();
    code[17] = if code[17] == '0' { '1' } else { '0' };
    let code: String = code.into_iter().collect();
    u.manifest.case.enterprise.uscc = code.clone();
    u.manifest.case.confirmations.uscc_check = Some(code);
    assert_eq!(api.put(&u).status(), 201);
    api.upload_all(&u, 4096);
    let reference = api.status(&u)["reference"].as_str().unwrap().to_string();
    let detail = staff.detail(&reference);
    let findings = detail["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["field"], "enterprise.uscc");
    assert_eq!(findings[0]["severity"], "warning");
    let zh = findings[0]["zh"].as_str().unwrap();
    assert!(
        zh.starts_with("统一社会信用代码校验位与标准不符") && zh.ends_with("申请人已确认"),
        "{zh}"
    );
    assert!(findings[0]["en"]
        .as_str()
        .unwrap()
        .contains("the applicant confirmed it"));
    // A clean submission has none.
    let (_, clean) = received(&api, 45);
    assert_eq!(staff.detail(&clean)["findings"], json!([]));
}
