//! Staff sign-in under abuse from several loopback addresses, as a botnet
//! would send it, against the real binary: a flood of wrong passwords keeps
//! password checks a bounded resource (memory, checks at once), and strangers
//! failing against a login can neither lock it nor slow a browser that signed
//! in before.

mod common;

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{dist, raw, staff, Logged};

/// The server's resident memory, in MiB.
fn rss_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// One sign-in with a wrong password, sent from `from`; the answer's status.
fn wrong_sign_in_from(base: &str, from: Ipv4Addr) -> u16 {
    sign_in_from(base, from, "not-the-password-at-all", None).0
}

/// A sign-in as `reviewer` sent from `from` (with `cookie` if given): the
/// answer's status, its body, and how long it took.
fn sign_in_from(
    base: &str,
    from: Ipv4Addr,
    password: &str,
    cookie: Option<&str>,
) -> (u16, String, Duration) {
    let started = std::time::Instant::now();
    let to: SocketAddr = raw::addr(base).parse().unwrap();
    let sock = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    sock.bind(&SocketAddr::new(from.into(), 0).into()).unwrap();
    sock.connect(&to.into()).unwrap();
    let mut s: TcpStream = sock.into();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = serde_json::json!({ "login": "reviewer", "password": password }).to_string();
    let cookie = cookie
        .map(|c| format!("cookie: {c}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "POST /api/v1/staff/session HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
         x-requested-by: eport-desk\r\n{cookie}content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    let text = String::from_utf8_lossy(&got).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body, started.elapsed())
}

#[test]
fn strangers_failing_against_a_login_neither_lock_it_nor_slow_a_browser_that_signed_in_before() {
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    let password = staff::add_account(data.path(), "reviewer", "审核员甲");
    let server = Logged::start(dist.path(), data.path(), "eport_server=info");
    // The reviewer's browser signed in before: it holds a device cookie.
    let first = staff::sign_in(&server.base, "reviewer", &password);
    assert_eq!(first.status(), 200);
    let device = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("eport_device="))
        .expect("a device cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    // Strangers from eight addresses, four wrong passwords each (none reaches its address's limit).
    let strangers: Vec<_> = (0..8u8)
        .map(|i| {
            let base = server.base.clone();
            std::thread::spawn(move || {
                (0..4)
                    .map(|_| wrong_sign_in_from(&base, Ipv4Addr::new(127, 0, 10 + i, 1)))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    // Answered 401, or 503 when more tried at once than the checks take
    // (a 503 is not a failure: it is not counted against anyone).
    let mut failed = 0;
    for s in strangers {
        let got = s.join().unwrap();
        assert!(got.iter().all(|c| *c == 401 || *c == 503), "{got:?}");
        failed += got.iter().filter(|c| **c == 401).count();
    }
    assert!(
        failed >= 8,
        "at least one failure from each address got through: {failed}"
    );
    let home = Ipv4Addr::new(127, 0, 50, 1);
    // A mistyped password from the reviewer's browser: answered at once.
    let (status, _, took) = sign_in_from(&server.base, home, "mistyped", Some(&device));
    assert_eq!(status, 401);
    assert!(
        took < Duration::from_secs(2),
        "not slowed by strangers: {took:?}"
    );
    // From a browser without the cookie the account is slowed (3.2 s), never locked.
    let (status, _, took) =
        sign_in_from(&server.base, Ipv4Addr::new(127, 0, 51, 1), "mistyped", None);
    assert_eq!(status, 401);
    assert!(took >= Duration::from_secs(3), "{took:?}");
    let (status, _, _) = sign_in_from(&server.base, Ipv4Addr::new(127, 0, 52, 1), &password, None);
    assert_eq!(status, 200, "the right password is never locked out");
    // Signed in, the reviewer is told of the failures since the last sign-in.
    let (status, body, _) = sign_in_from(&server.base, home, &password, Some(&device));
    assert_eq!(status, 200);
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        doc["failed_sign_ins"], 0,
        "told once, at the sign-in right after them"
    );
    let log = server.kill_and_log();
    let logged = format!("failed_since={}", failed + 2);
    assert!(
        log.contains(&logged),
        "the failures are logged at the next sign-in: {logged}"
    );
}

#[test]
fn three_hundred_parallel_wrong_sign_ins_from_three_addresses_stay_bounded() {
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    let password = staff::add_account(data.path(), "reviewer", "审核员甲");
    let server = Logged::start(dist.path(), data.path(), "eport_server=debug");
    // Warm: one right sign-in allocates what a check needs.
    assert_eq!(
        staff::sign_in(&server.base, "reviewer", &password).status(),
        200
    );
    std::thread::sleep(Duration::from_millis(500));
    let baseline = rss_mib(server.pid());

    let peak = Arc::new(AtomicU64::new(0));
    let flooding = Arc::new(AtomicBool::new(true));
    let sampler = {
        let (peak, flooding, pid) = (peak.clone(), flooding.clone(), server.pid());
        std::thread::spawn(move || {
            while flooding.load(Ordering::SeqCst) {
                peak.fetch_max(rss_mib(pid), Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    let senders: Vec<_> = (0..300)
        .map(|i| {
            let base = server.base.clone();
            let from = Ipv4Addr::new(127, 0, 1 + (i % 3) as u8, 1);
            std::thread::spawn(move || wrong_sign_in_from(&base, from))
        })
        .collect();
    let statuses: Vec<u16> = senders.into_iter().map(|t| t.join().unwrap()).collect();
    flooding.store(false, Ordering::SeqCst);
    sampler.join().unwrap();

    let count = |code| statuses.iter().filter(|s| **s == code).count();
    let (wrong, limited, busy) = (count(401), count(429), count(503));
    assert_eq!(
        wrong + limited + busy,
        300,
        "every try answered 401, 429 or 503: {statuses:?}"
    );
    // Each address is charged before its try may wait: five checks each at most.
    assert!(wrong <= 15, "{wrong} passwords checked");

    let peak = peak.load(Ordering::SeqCst);
    assert!(
        peak < 256,
        "peak RSS {peak} MiB during the flood (baseline {baseline} MiB)"
    );
    std::thread::sleep(Duration::from_secs(10));
    let after = rss_mib(server.pid());
    let log = server.kill_and_log();
    let at_once: u64 = log
        .lines()
        .find_map(|l| l.split("at_once=").nth(1))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("the checks say how many run at once");
    let most_running = log
        .lines()
        .filter_map(|l| l.split("running=").nth(1))
        .filter_map(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .max()
        .unwrap();
    assert!(
        most_running <= at_once,
        "{most_running} checks ran at once, the setting is {at_once}"
    );
    assert!(
        after <= baseline + at_once * 19 + 32,
        "RSS {after} MiB 10 s after the flood; baseline {baseline} MiB, {at_once} checks at once"
    );
    eprintln!(
        "sign-in flood: 401 {wrong}, 429 {limited}, 503 {busy}; RSS baseline {baseline} MiB, \
         peak {peak} MiB, 10 s after {after} MiB; at most {most_running} of {at_once} checks at once"
    );
}
