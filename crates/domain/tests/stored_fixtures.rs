//! What release 0.1.0 stored and exported still reads the same: a diagnostics
//! bundle captured from the app in Chromium (personal data in, attachment bytes
//! out), with a paperless case declared by mail, a paper case, and the outbox
//! entry's manifest. Every case, paper part and manifest deserialises and
//! serialises back to exactly the JSON that was stored.

use eport_domain::case::EnrollmentCase;
use eport_domain::paper::PaperDetails;
use eport_domain::protocol::Manifest;
use serde_json::Value;

const BUNDLE: &str = include_str!("fixtures/bundle-0.1.0.json");

fn bundle() -> Value {
    serde_json::from_str(BUNDLE).expect("the fixture is JSON")
}

/// Deserialises `v` as `T` and serialises it again: the same JSON.
fn round_trips<T: serde::de::DeserializeOwned + serde::Serialize>(v: &Value, what: &str) {
    let typed: T = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(
        &serde_json::to_value(&typed).unwrap(),
        v,
        "{what} changed on the way through"
    );
}

#[test]
fn stored_cases_read_back_unchanged() {
    let b = bundle();
    let cases = b["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    for c in cases {
        round_trips::<EnrollmentCase>(&c["record"]["enrollment"], "enrollment");
        round_trips::<PaperDetails>(&c["record"]["paper"], "paper");
    }
    let paperless = cases
        .iter()
        .find(|c| c["record"]["kind"] == "paperless_enrollment")
        .unwrap();
    let case: EnrollmentCase =
        serde_json::from_value(paperless["record"]["enrollment"].clone()).unwrap();
    assert_eq!(case.operators.len(), 2);
    assert_eq!(case.pickup.recipient, "陈收件");
}

#[test]
fn the_outbox_manifest_reads_back_unchanged() {
    let b = bundle();
    let m = &b["outbox"][0]["manifest"];
    round_trips::<Manifest>(m, "manifest");
    let m: Manifest = serde_json::from_value(m.clone()).unwrap();
    assert_eq!(m.attachments.len(), 10);
}

#[test]
fn every_stored_finding_path_is_a_field_and_reads_back_as_written() {
    let b = bundle();
    let mut n = 0;
    for c in b["cases"].as_array().unwrap() {
        for f in c["findings"].as_array().unwrap() {
            let s = f["path"].as_str().unwrap();
            let p =
                eport_domain::FieldPath::parse(s).unwrap_or_else(|| panic!("{s} is not a field"));
            assert_eq!(p.to_string(), s);
            n += 1;
        }
    }
    assert!(n > 5, "{n} findings");
}
