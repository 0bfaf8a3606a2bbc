//! Outbox records as earlier versions stored them (the 0.1.0 bundle's record,
//! and the same record in each string state with its companions) read as
//! phases; today's records survive a round trip unchanged.

use eport_app_core::outbox::{Cause, Event, OutboxEntry, Phase};
use serde_json::{json, Value};

const BUNDLE: &str = include_str!("../../domain/tests/fixtures/bundle-0.1.0.json");

fn legacy(patch: Value) -> Value {
    let bundle: Value = serde_json::from_str(BUNDLE).unwrap();
    let mut record = bundle["outbox"][0].clone();
    // A bundle never carries the secret; the device's record does.
    record["secret"] = json!("c2VjcmV0");
    for (k, v) in patch.as_object().unwrap() {
        record[k] = v.clone();
    }
    record
}

fn read(v: Value) -> OutboxEntry {
    serde_json::from_value(v).unwrap()
}

#[test]
fn the_0_1_0_record_reads_as_received_with_its_status() {
    let e = read(legacy(json!({})));
    assert_eq!(e.phase, Phase::Received);
    assert_eq!(
        e.remote.unwrap().reference.as_deref(),
        Some("XM20261202-000001")
    );
    assert!(e.held.is_empty() && e.refreshed_at.is_none());
}

#[test]
fn each_string_state_of_earlier_versions_maps_to_its_phase() {
    let cases = [
        (json!({"state": "queued"}), Phase::Queued),
        (
            json!({"state": "queued", "attempts": 3, "next_attempt_at": "1800000000000",
                   "last_error": "network: TypeError: Failed to fetch"}),
            Phase::Waiting {
                cause: Cause::Unreachable,
                attempts: 3,
                next_at: 1_800_000_000_000,
            },
        ),
        (
            json!({"state": "queued", "attempts": 1, "next_attempt_at": "5", "last_error": "network: offline"}),
            Phase::Waiting {
                cause: Cause::Offline,
                attempts: 1,
                next_at: 5,
            },
        ),
        (
            json!({"state": "queued", "attempts": 2, "next_attempt_at": "5",
                   "last_error": "network: attachments still missing"}),
            Phase::Waiting {
                cause: Cause::AttachmentsMissing,
                attempts: 2,
                next_at: 5,
            },
        ),
        (
            json!({"state": "queued", "attempts": 1, "next_attempt_at": "5",
                   "last_error": "HTTP 503: the server is starting"}),
            Phase::Waiting {
                cause: Cause::Busy(503),
                attempts: 1,
                next_at: 5,
            },
        ),
        (
            json!({"state": "sending", "attempts": 2}),
            Phase::Sending {
                since: 0,
                attempts: 2,
            },
        ),
        (
            json!({"state": "failed", "last_error": "HTTP 422: the case is not valid"}),
            Phase::Refused {
                status: 422,
                detail: "the case is not valid".into(),
            },
        ),
        (json!({"state": "withdrawing"}), Phase::Withdrawing),
        (json!({"state": "withdrawn"}), Phase::Withdrawn),
        (
            json!({"state": "received", "last_error": "withdraw refused: in review"}),
            Phase::Received,
        ),
    ];
    for (patch, phase) in cases {
        assert_eq!(read(legacy(patch.clone())).phase, phase, "{patch}");
    }
    let e = read(legacy(json!({"refreshed_at": "1700000000000"})));
    assert_eq!(e.refreshed_at, Some(1_700_000_000_000));
}

#[test]
fn todays_record_round_trips_and_carries_no_legacy_field() {
    let mut e = read(legacy(json!({"state": "queued"})));
    e.phase = Phase::Queued
        .step(Event::Start { now: 7 })
        .unwrap()
        .step(Event::Failed {
            now: 7,
            cause: Cause::Unreachable,
            retry_after_secs: None,
            moved: true,
            random: 0.5,
        })
        .unwrap();
    let sha = e.manifest.attachments[0].sha256.clone();
    e.held.insert(sha, 100);
    e.refreshed_at = Some(9);
    let stored = serde_json::to_value(&e).unwrap();
    for old in ["state", "attempts", "next_attempt_at", "last_error"] {
        assert!(stored.get(old).is_none(), "{old} is not written any more");
    }
    assert_eq!(stored["phase"]["waiting"]["attempts"], 1);
    assert_eq!(read(stored), e);
    let (held, total) = e.progress();
    assert_eq!(held, 100);
    assert!(total > 100);
}
