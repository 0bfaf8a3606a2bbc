//! Connections shared fairly, attacked the way the probe did: many addresses
//! in distinct /24s (127.1.0.1, 127.2.0.1, …) hold half-sent request heads,
//! and a client from yet another network must still be answered; when every
//! connection is busy, the reserve still serves the ping and nothing else.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::{dist, raw, Server};

/// A connection to `base` from the loopback address `from`.
fn connect_from(base: &str, from: Ipv4Addr) -> TcpStream {
    let to: SocketAddr = raw::addr(base).parse().unwrap();
    let sock = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    sock.bind(&SocketAddr::new(from.into(), 0).into()).unwrap();
    sock.connect(&to.into()).unwrap();
    let s: TcpStream = sock.into();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s
}

/// `heads` connections from each of `networks` addresses 127.N.0.1, each
/// sending half a request head and then nothing.
fn hold_half_heads(base: &str, networks: u8, heads: usize) -> Vec<TcpStream> {
    let mut held = Vec::new();
    for n in 1..=networks {
        for _ in 0..heads {
            let mut s = connect_from(base, Ipv4Addr::new(127, n, 0, 1));
            // A refused connection may already be closed: that is its answer.
            let _ = s.write_all(b"GET /api/v1/ping HTTP/1.1\r\nhost: x\r\n");
            held.push(s);
        }
    }
    // Let the server take them all in.
    std::thread::sleep(Duration::from_millis(500));
    held
}

/// The held connections the server has not closed.
fn still_open(held: &mut [TcpStream]) -> usize {
    held.iter_mut()
        .map(|s| {
            s.set_nonblocking(true).unwrap();
            let mut b = [0u8; 256];
            let open = matches!(s.read(&mut b), Err(e) if e.kind() == ErrorKind::WouldBlock);
            s.set_nonblocking(false).unwrap();
            open
        })
        .filter(|open| *open)
        .count()
}

/// One request from `from`, `connection: close`: status and time taken.
fn request_from(base: &str, from: Ipv4Addr, method: &str, path: &str) -> (u16, Duration) {
    let started = Instant::now();
    let mut s = connect_from(base, from);
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    let status = raw::parse(&got, true).map_or(0, |r| r.status);
    (status, started.elapsed())
}

#[test]
fn nine_networks_of_half_sent_heads_leave_room_for_anyone_else() {
    let dist = dist();
    // The default caps; heads may take their time, so none is dropped by the timeout.
    let server = Server::start_with(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &["--header-timeout", "60s"],
    );
    let mut held = hold_half_heads(&server.base, 9, 120);
    let open = still_open(&mut held);
    assert!(
        open <= 9 * 64,
        "each address holds at most its share (64): {open} open"
    );
    for i in 0..5 {
        let (status, took) = request_from(
            &server.base,
            Ipv4Addr::new(127, 10, 0, 1 + i),
            "GET",
            "/api/v1/ping",
        );
        assert_eq!(status, 200, "a fresh client from another /24 is answered");
        assert!(took < Duration::from_secs(2), "ping took {took:?}");
    }
    drop(held);
}

#[test]
fn a_full_server_cuts_the_half_sent_heads_of_the_biggest_networks() {
    let dist = dist();
    // A small server, so nine networks fill it: 280 ordinary slots and a reserve of 20.
    let server = Server::start_with(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &[
            "--header-timeout",
            "60s",
            "--max-connections",
            "300",
            "--connection-reserve",
            "20",
        ],
    );
    let mut held = hold_half_heads(&server.base, 9, 120);
    let open = still_open(&mut held);
    assert!(open <= 300, "never more than the cap: {open} open");
    assert!(open >= 280, "the server is full: {open} open");
    for i in 0..10 {
        let (status, _) = request_from(
            &server.base,
            Ipv4Addr::new(127, 10, 0, 1 + i),
            "GET",
            "/api/v1/ping",
        );
        assert_eq!(
            status, 200,
            "a newcomer takes the place of a half-sent head"
        );
    }
    // The newcomers were served by cutting heads; the server stays within its cap.
    std::thread::sleep(Duration::from_millis(300));
    let after = still_open(&mut held);
    assert!(
        after < open,
        "half-sent heads were cut for newcomers: {open} → {after}"
    );
    // An ordinary request of the app still works too.
    let (status, _) = request_from(&server.base, Ipv4Addr::new(127, 11, 0, 1), "GET", "/");
    assert_eq!(status, 200);
    drop(held);
}

#[test]
fn when_every_connection_is_busy_the_reserve_serves_the_ping_and_nothing_else() {
    let dist = dist();
    let server = Server::start_with(
        dist.path(),
        tempfile::tempdir().unwrap(),
        &[
            "--max-connections",
            "40",
            "--connection-reserve",
            "8",
            "--body-idle-timeout",
            "60s",
        ],
    );
    // 32 requests whose bodies never come, from four networks: every ordinary
    // slot holds a request being answered, and none may be cut.
    let mut busy = Vec::new();
    for n in 0..4u8 {
        for _ in 0..8 {
            let mut s = connect_from(&server.base, Ipv4Addr::new(127, 20 + n, 0, 1));
            s.write_all(
                b"POST /api/v1/lookup HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
                  content-length: 1000\r\n\r\n{",
            )
            .unwrap();
            busy.push(s);
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(still_open(&mut busy), 32, "all 32 are being answered");
    // A newcomer's ping is served from the reserve.
    let (status, _) = request_from(
        &server.base,
        Ipv4Addr::new(127, 30, 0, 1),
        "GET",
        "/api/v1/ping",
    );
    assert_eq!(status, 200, "the ping is served from the reserve");
    // Anything else on a reserve connection is refused, and said so.
    let mut s = connect_from(&server.base, Ipv4Addr::new(127, 31, 0, 1));
    s.write_all(b"GET /api/v1/openapi.json HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    let r = raw::parse(&got, false).expect("an answer");
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("5"));
    assert!(r.text().contains("problem:busy"), "{}", r.text());
    // An upload's offset is served: its answer comes from the handler (no such submission).
    let (status, _) = request_from(
        &server.base,
        Ipv4Addr::new(127, 32, 0, 1),
        "HEAD",
        "/api/v1/submissions/00000000-0000-4000-8000-000000000000/attachments/0000000000000000000000000000000000000000000000000000000000000000",
    );
    assert!(
        status != 503 && status != 0,
        "an upload request is served from the reserve: {status}"
    );
    drop(busy);
    std::thread::sleep(Duration::from_millis(300));
    let (status, _) = request_from(
        &server.base,
        Ipv4Addr::new(127, 31, 0, 1),
        "GET",
        "/api/v1/openapi.json",
    );
    assert_eq!(status, 200, "the slots are free again");
}
