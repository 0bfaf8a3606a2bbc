//! Property: random manifests and random URL paths, sent to the real binary,
//! never create, change or remove a file outside the data directory, and
//! inside it only the server's own files change (the database and its
//! WAL/SHM, `partial/`, `blobs/`, `quarantine/`). Checked by hashing the tree
//! before and after every case, with canary files beside the data directory;
//! the server then still starts.

mod common;

use common::client::{new_upload, Api, Upload};
use common::raw;
use common::tree::{assert_contained, Sandbox};
use common::{dist, Server, LIFTED_RATES};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

/// Pieces an attacker strings together.
const FRAGMENTS: &[&str] = &[
    "..",
    "%2e%2e",
    "%2E%2E",
    ".%2e",
    "%2F",
    "%2f",
    "/",
    "\\",
    "%5C",
    "%00",
    "%",
    "~",
    ".",
    "canary",
    "victim.txt",
    "eport.sqlite3",
    "eport.sqlite3-wal",
    "partial",
    "blobs",
    "quarantine",
    "sibling",
    "keep.bin",
    "data",
    "..%2F..%2F..%2Fcanary%2Fvictim.txt",
    "../../../canary/victim.txt",
    "%2e%2e%2f%2e%2e%2fsibling",
    "AB",
    "ab",
    "0",
    "-1",
];

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(FRAGMENTS), 1..8).prop_map(|v| v.concat()),
        "[0-9a-fA-F./%\\\\]{0,80}",
        (1usize..70_000).prop_map(|n| "a".repeat(n)),
        Just("ab".repeat(32)),
    ]
}

#[derive(Debug, Clone)]
enum Change {
    Field {
        entry: usize,
        field: &'static str,
        text: String,
    },
    Size {
        entry: usize,
        size: u64,
    },
    Extra {
        text: String,
        size: u64,
    },
    Remove {
        entry: usize,
    },
    OperatorKey {
        text: String,
    },
    CaseToo,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (
            0usize..10,
            prop::sample::select(&["sha256", "slot", "mime", "name"][..]),
            hostile_text()
        )
            .prop_map(|(entry, field, text)| Change::Field { entry, field, text }),
        (
            0usize..10,
            prop_oneof![
                Just(0u64),
                Just(4_194_305),
                Just(u64::MAX),
                Just(1_000_000_000_000),
                1u64..5_000
            ]
        )
            .prop_map(|(entry, size)| Change::Size { entry, size }),
        (hostile_text(), any::<u64>()).prop_map(|(text, size)| Change::Extra { text, size }),
        (0usize..10).prop_map(|entry| Change::Remove { entry }),
        hostile_text().prop_map(|text| Change::OperatorKey { text }),
        Just(Change::CaseToo),
    ]
}

fn apply(m: &mut Value, c: &Change) {
    let list = m["attachments"].as_array_mut().unwrap();
    let n = list.len();
    match c {
        Change::Field { entry, field, text } if n > 0 => list[entry % n][*field] = text.clone().into(),
        Change::Size { entry, size } if n > 0 => list[entry % n]["size"] = (*size).into(),
        Change::Extra { text, size } => {
            list.push(serde_json::json!({"slot": text, "sha256": text, "size": size, "mime": "image/png", "name": text}))
        }
        Change::Remove { entry } if n > 0 => {
            list.remove(entry % n);
        }
        Change::OperatorKey { text } => m["case"]["operators"][0]["key"] = text.clone().into(),
        // The case's own list says the same as the manifest's (so only the rules on values speak).
        Change::CaseToo => m["case"]["attachments"] = m["attachments"].clone(),
        _ => {}
    }
}

#[derive(Debug, Clone)]
struct Probe {
    method: &'static str,
    template: usize,
    a: String,
    b: String,
    with_secret: bool,
    body: Vec<u8>,
}

fn probe() -> impl Strategy<Value = Probe> {
    (
        prop::sample::select(&["GET", "HEAD", "PATCH", "PUT", "POST", "DELETE"][..]),
        0usize..5,
        hostile_text(),
        hostile_text(),
        any::<bool>(),
        prop::collection::vec(any::<u8>(), 0..64),
    )
        .prop_map(|(method, template, a, b, with_secret, body)| Probe {
            method,
            template,
            a,
            b,
            with_secret,
            body,
        })
}

fn path_of(p: &Probe, u: &Upload) -> String {
    // Keep the request line within what the server reads as a head.
    let (a, b) = (&p.a[..p.a.len().min(4_000)], &p.b[..p.b.len().min(4_000)]);
    match p.template {
        0 => format!("/api/v1/submissions/{}/attachments/{b}", u.id),
        1 => format!("/api/v1/submissions/{a}/attachments/{b}"),
        2 => format!("/api/v1/submissions/{a}"),
        3 => format!("/api/v1/staff/submissions/{a}/attachments/{b}"),
        _ => format!("/{a}/{b}"),
    }
}

#[test]
fn random_manifests_and_paths_touch_no_file_but_the_servers_own() {
    let sandbox = Sandbox::new();
    let data = sandbox.data_dir();
    let data_name = sandbox.name_of(&data);
    let dist = dist();
    let args = [
        "--create-limit",
        "1000000/1000000",
        "--rate-limit",
        LIFTED_RATES,
    ];
    let before = sandbox.snapshot();
    let s = Server::start_staffed(dist.path(), data, &args);
    // One real submission for the probes to aim at.
    let target = new_upload(2_000, 1);
    assert_eq!(Api::new(&s.base).put(&target).status(), 201);

    let mut runner = TestRunner::new(Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        prop::collection::vec(change(), 1..5),
        prop::collection::vec(probe(), 1..4),
        any::<u32>(),
    );
    let created = std::sync::atomic::AtomicU32::new(0);
    let result = runner.run(&strategy, |(changes, probes, seed)| {
        let u = new_upload(1_000, 1000 + seed % 100_000);
        let mut m = serde_json::to_value(&u.manifest).unwrap();
        for c in &changes {
            apply(&mut m, c);
        }
        let r = raw::request(
            &s.base,
            "PUT",
            &format!("/api/v1/submissions/{}", u.id),
            &[
                ("authorization", &format!("Bearer {}", u.secret)),
                ("content-type", "application/json"),
            ],
            &serde_json::to_vec(&m).unwrap(),
        );
        prop_assert!(
            matches!(r.status, 201 | 400 | 413 | 422),
            "PUT {}: {}",
            r.status,
            r.text()
        );
        if r.status == 201 {
            created.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        for p in &probes {
            let secret = format!("Bearer {}", target.secret);
            let mut headers = vec![
                ("content-type", "application/offset+octet-stream"),
                ("upload-offset", "0"),
            ];
            if p.with_secret {
                // The submission's secret, and a staff session for the staff paths.
                headers.push(("authorization", &secret));
                headers.push(("cookie", &s.staff));
            }
            let path = path_of(p, &target);
            let r = raw::request(&s.base, p.method, &path, &headers, &p.body);
            prop_assert!(r.status < 500, "{} {path:.200}: {}", p.method, r.status);
            prop_assert!(!r.text().contains("canary: must never change"));
        }
        assert_contained(&before, &sandbox.snapshot(), &data_name, "a random case");
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!("256 cases, {created:?} manifests accepted");
    let data = s.stop();
    let s = Server::start_with(dist.path(), data, &args);
    assert_eq!(
        raw::request(&s.base, "GET", "/api/v1/ping", &[], b"").status,
        200
    );
    assert_contained(
        &before,
        &sandbox.snapshot(),
        &data_name,
        "after the restart",
    );
}
