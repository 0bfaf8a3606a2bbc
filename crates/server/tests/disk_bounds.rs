//! The disk is bounded by default: a store quota derived from the disk at
//! start, a daily budget of declared bytes per client address, and 507
//! answers that name the limit reached, while the server stays up.

mod common;

use std::net::{IpAddr, Ipv4Addr};

use common::client::{new_upload, Api};
use common::{dist, Server};
use serde_json::Value;

const MIB: u64 = 1 << 20;

fn refused(r: reqwest::blocking::Response) -> (Option<String>, Value) {
    assert_eq!(r.status(), 507);
    let wait = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (wait, r.json().unwrap())
}

#[test]
fn without_a_quota_set_the_store_takes_four_fifths_of_the_disk_room_and_no_more() {
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    // Leave the store 50 MiB above the disk's reserve: its quota is 40 MiB.
    let stat = rustix::fs::statvfs(data.path()).unwrap();
    let free = stat.f_bavail * stat.f_frsize;
    let reserve = free - 50 * MIB;
    let s = Server::start_with(
        dist.path(),
        data,
        &["--min-free-disk", &reserve.to_string()],
    );
    let api = Api::new(&s.base);
    // 8 scans of 3 MiB: 24 MiB declared each.
    let first = new_upload(3 * MIB as usize, 1);
    assert_eq!(api.put(&first).status(), 201);
    let (wait, problem) = refused(api.put(&new_upload(3 * MIB as usize, 2)));
    assert_eq!(problem["limit"], "store_quota", "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("quota"),
        "{problem}"
    );
    assert_eq!(wait.as_deref(), Some("3600"));
    // Still up, and a small one fits in what is left.
    assert_eq!(api.put(&new_upload(1000, 3)).status(), 201);
    assert_eq!(
        reqwest::blocking::get(s.url("/api/v1/ping"))
            .unwrap()
            .status(),
        200
    );
}

#[test]
fn an_address_declares_at_most_its_daily_bytes() {
    let dist = dist();
    let s = Server::start_with(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &["--max-bytes-per-address-per-day", "1MiB"],
    );
    let from = |d: u8| Api::from(&s.base, IpAddr::V4(Ipv4Addr::new(127, 0, 9, d)));
    // 8 × 80 KiB = 640 KiB, twice: the second passes the address's megabyte.
    assert_eq!(from(1).put(&new_upload(80 * 1024, 11)).status(), 201);
    let (wait, problem) = refused(from(1).put(&new_upload(80 * 1024, 12)));
    assert_eq!(problem["limit"], "address_daily_bytes", "{problem}");
    let wait: u64 = wait.unwrap().parse().unwrap();
    assert!((1..=86_400).contains(&wait), "until midnight: {wait}");
    // A refused declaration cost nothing: a small one still fits.
    assert_eq!(from(1).put(&new_upload(1000, 13)).status(), 201);
    // Another address has its own budget.
    assert_eq!(from(2).put(&new_upload(80 * 1024, 14)).status(), 201);
}
