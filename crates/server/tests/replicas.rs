//! Several replicas (PostgreSQL + S3 only): two server processes on one
//! database and one bucket, each with a data directory of its own. One
//! client's requests alternate between them, 20 clients share them, and a
//! replica killed with -9 mid-chunk or mid-commit leaves the client to go on
//! against the other. Afterwards: exactly one submission per case, unique
//! references, every object's SHA-256 right, and no chunk left behind.
//!
//! Runs when `EPORT_TEST_POSTGRES` names a cluster (`make test` starts one).

mod common;

use common::client::{new_upload, sha_hex, Api, Upload};
use common::s3::S3;
use common::{dist, sigkill, Server, LIFTED_RATES};

/// The database both replicas share: the one `postgres_url` gives `home`.
struct Shared {
    url: String,
    home: tempfile::TempDir,
}

fn shared() -> Option<Shared> {
    if !common::on_postgres() {
        eprintln!("skipped: replicas need PostgreSQL (EPORT_TEST_POSTGRES; make test sets it)");
        return None;
    }
    let home = tempfile::tempdir().unwrap();
    let url = common::postgres_url(home.path()).unwrap();
    Some(Shared { url, home })
}

fn replica(dist: &std::path::Path, db: &Shared, s3: &S3, fault: Option<&str>) -> Server {
    replica_with(dist, db, s3, fault, &[])
}

fn replica_with(
    dist: &std::path::Path,
    db: &Shared,
    s3: &S3,
    fault: Option<&str>,
    extra: &[&str],
) -> Server {
    let mut env = s3.env();
    env.push(("EPORT_DATABASE_URL".into(), db.url.clone()));
    if let Some(p) = fault {
        env.push(("EPORT_FAULT_POINT".into(), p.into()));
    }
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut args = vec![
        "--blob-store",
        "s3://eport/xm",
        "--max-store-bytes",
        "10000000000",
        "--rate-limit",
        LIFTED_RATES,
    ];
    args.extend_from_slice(extra);
    Server::start_env(dist, tempfile::tempdir().unwrap(), &args, &env)
}

fn offset_of(r: &reqwest::blocking::Response) -> u64 {
    r.headers()["upload-offset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// Sends every file in `chunk`-byte pieces, request `n` to `apis[n % len]`;
/// a 409 (another replica took a chunk first) resumes from its offset.
fn upload_alternating(apis: &[&Api], u: &Upload, chunk: usize) {
    let mut n = 0;
    for (sha, bytes) in &u.files {
        let mut offset = offset_of(&apis[n % apis.len()].head(u, sha));
        n += 1;
        while (offset as usize) < bytes.len() {
            let end = (offset as usize + chunk).min(bytes.len());
            let r = apis[n % apis.len()].patch(u, sha, offset, &bytes[offset as usize..end]);
            n += 1;
            assert!([204, 409].contains(&r.status().as_u16()), "{}", r.status());
            offset = offset_of(&r);
        }
    }
}

/// Sends each chunk to both replicas at once: one appends it, the other
/// answers 409 (or 204 when it found the chunk already held in full… never
/// both appending: the bytes would be doubled and the digest would fail).
fn upload_racing(x: &Api, y: &Api, u: &Upload, chunk: usize) {
    for (sha, bytes) in &u.files {
        let mut offset = offset_of(&x.head(u, sha));
        while (offset as usize) < bytes.len() {
            let end = (offset as usize + chunk).min(bytes.len());
            let piece = &bytes[offset as usize..end];
            let (rx, ry) = std::thread::scope(|t| {
                let hx = t.spawn(|| x.patch(u, sha, offset, piece));
                let hy = t.spawn(|| y.patch(u, sha, offset, piece));
                (hx.join().unwrap(), hy.join().unwrap())
            });
            let codes = [rx.status().as_u16(), ry.status().as_u16()];
            assert!(codes.contains(&204), "{codes:?}");
            assert!(codes.iter().all(|c| [204, 409].contains(c)), "{codes:?}");
            offset = offset_of(&rx).max(offset_of(&ry));
        }
    }
}

/// What the shared database and bucket hold for `uploads`.
fn check(db: &Shared, s3: &S3, uploads: &[Upload]) {
    let mut c = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    let one =
        |c: &mut postgres::Client, sql: &str| -> i64 { c.query_one(sql, &[]).unwrap().get(0) };
    assert_eq!(
        one(&mut c, "SELECT COUNT(*) FROM submissions"),
        uploads.len() as i64,
        "exactly one submission per case"
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT COUNT(DISTINCT reference) FROM submissions WHERE state = 'received'"
        ),
        uploads.len() as i64,
        "every case received, references unique"
    );
    assert_eq!(
        one(&mut c, "SELECT COUNT(*) FROM upload_chunks"),
        0,
        "no chunk left"
    );
    for u in uploads {
        for (sha, bytes) in &u.files {
            let stored = std::fs::read(s3.object(&format!("xm/{}/{sha}", &sha[..2]))).unwrap();
            assert_eq!(&sha_hex(&stored), sha);
            assert_eq!(&stored, bytes);
        }
    }
    // References are gapless within the day: 1..=n.
    let max: i64 = one(
        &mut c,
        "SELECT MAX(substr(reference, 12)::BIGINT) FROM submissions",
    );
    assert_eq!(max, uploads.len() as i64, "no gap in the day's numbers");
}

#[test]
fn one_client_alternates_and_twenty_clients_share_two_replicas() {
    let Some(db) = shared() else { return };
    let dist = dist();
    let s3 = S3::start();
    let a = replica(dist.path(), &db, &s3, None);
    let b = replica(dist.path(), &db, &s3, None);
    let (api_a, api_b) = (Api::new(&a.base), Api::new(&b.base));

    // One client: the manifest to A, chunks alternating, the status from B.
    let first = new_upload(300_000, 1);
    assert_eq!(api_a.put(&first).status(), 201);
    upload_alternating(&[&api_b, &api_a], &first, 32 * 1024);
    assert_eq!(api_b.status(&first)["state"], "received");
    // Its repeat on the other replica is the same submission.
    assert_eq!(api_b.put(&first).status(), 200);

    // Twenty clients, each manifest to one replica and chunks to both.
    let bases = [a.base.clone(), b.base.clone()];
    let workers: Vec<_> = (0..20u32)
        .map(|i| {
            let bases = bases.clone();
            std::thread::spawn(move || {
                let u = new_upload(120_000 + i as usize * 1_000, 100 + i);
                let (x, y) = (
                    Api::new(&bases[i as usize % 2]),
                    Api::new(&bases[1 - i as usize % 2]),
                );
                assert_eq!(x.put(&u).status(), 201);
                if i % 4 == 0 {
                    // Both replicas at once on the same chunk: one appends it.
                    upload_racing(&x, &y, &u, 16 * 1024);
                } else {
                    upload_alternating(&[&x, &y], &u, 16 * 1024);
                }
                assert_eq!(y.status(&u)["state"], "received");
                u
            })
        })
        .collect();
    let mut uploads = vec![first];
    uploads.extend(workers.into_iter().map(|w| w.join().unwrap()));
    check(&db, &s3, &uploads);
    drop(db.home);
}

#[test]
fn a_replica_killed_mid_chunk_or_mid_commit_leaves_the_other_to_finish() {
    let Some(db) = shared() else { return };
    let dist = dist();
    let s3 = S3::start();
    let b = replica(dist.path(), &db, &s3, None);
    let api_b = Api::new(&b.base);
    let mut uploads = Vec::new();
    for (n, point) in ["patch-appended", "complete-commit"]
        .into_iter()
        .enumerate()
    {
        let a = replica(dist.path(), &db, &s3, Some(point));
        let u = new_upload(200_000, 50 + n as u32);
        assert_eq!(api_b.put(&u).status(), 201);
        let (sha, bytes) = u.files[0].clone();
        // The first chunk (or, for the commit, the whole file) goes to A, which dies there.
        let end = if point == "patch-appended" {
            64 * 1024
        } else {
            bytes.len()
        };
        let (base, up, piece) = (a.base.clone(), u.clone(), bytes[..end].to_vec());
        let worker = std::thread::spawn(move || {
            let _ = Api::new(&base).patch(&up, &sha, 0, &piece);
        });
        common::await_fault(&a, point);
        sigkill(&a);
        drop(a);
        let _ = worker.join();
        // The client goes on against B: it asks what is held and sends the rest.
        upload_alternating(&[&api_b], &u, 64 * 1024);
        assert_eq!(api_b.status(&u)["state"], "received", "{point}");
        uploads.push(u);
    }
    check(&db, &s3, &uploads);
    drop(db.home);
}

#[test]
fn sign_in_failures_and_staff_sessions_hold_across_replicas() {
    let Some(db) = shared() else { return };
    let dist = dist();
    let s3 = S3::start();
    let out = common::server_command(db.home.path())
        .env("EPORT_DATABASE_URL", &db.url)
        .env("RUST_LOG", "warn")
        .args(["account", "add", "reviewer", "--name", "审核员甲"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let password = common::staff::printed_password(&out);
    let a = replica(dist.path(), &db, &s3, None);
    let b = replica(dist.path(), &db, &s3, None);
    let from: std::net::IpAddr = "127.0.77.1".parse().unwrap();
    let client = reqwest::blocking::Client::builder()
        .local_address(from)
        .build()
        .unwrap();
    let sign_in = |base: &str, password: &str| {
        client
            .post(format!("{base}/api/v1/staff/session"))
            .header(common::staff::CSRF.0, common::staff::CSRF.1)
            .json(&serde_json::json!({"login": "reviewer", "password": password}))
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    // Five failures from one address, spread over both replicas…
    for i in 0..5 {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        assert_eq!(sign_in(base, "not-the-password-at-all"), 401, "try {i}");
    }
    // …lock that address on each of them, even with the right password.
    assert_eq!(sign_in(&a.base, &password), 429);
    assert_eq!(sign_in(&b.base, &password), 429);
    // A session opened on one replica is good on the other.
    let cookie = common::staff::session(&a.base, "reviewer", &password);
    let (status, _) =
        common::staff::call(&b.base, &cookie, reqwest::Method::GET, "/submissions", None);
    assert_eq!(status, 200);
    drop(db.home);
}

#[test]
fn an_addresss_daily_bytes_are_counted_across_replicas() {
    let Some(db) = shared() else { return };
    let dist = dist();
    let s3 = S3::start();
    let cap = ["--max-bytes-per-address-per-day", "1MiB"];
    let a = replica_with(dist.path(), &db, &s3, None, &cap);
    let b = replica_with(dist.path(), &db, &s3, None, &cap);
    let from: std::net::IpAddr = "127.0.88.1".parse().unwrap();
    // 8 × 80 KiB = 640 KiB on A, then as much on B: past the address's megabyte.
    assert_eq!(
        Api::from(&a.base, from)
            .put(&new_upload(80 * 1024, 301))
            .status(),
        201
    );
    let r = Api::from(&b.base, from).put(&new_upload(80 * 1024, 302));
    assert_eq!(r.status(), 507);
    let problem: serde_json::Value = r.json().unwrap();
    assert_eq!(problem["limit"], "address_daily_bytes", "{problem}");
    // What is left fits, on either.
    assert_eq!(
        Api::from(&b.base, from)
            .put(&new_upload(1000, 303))
            .status(),
        201
    );
    drop(db.home);
}
