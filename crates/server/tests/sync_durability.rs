//! Crashes and load: `kill -9` mid-chunk then restart and resume; 50 clients at
//! once; random sequences of client actions always end in one submission
//! holding exactly the declared bytes.

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use common::client::{new_upload, Api};
use common::Server;
use proptest::prelude::*;

fn dist() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("index.html"), "<!doctype html>").unwrap();
    d
}

fn offset(r: &reqwest::blocking::Response) -> u64 {
    r.headers()["upload-offset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn kill_9_mid_chunk_then_restart_resumes_to_the_right_bytes() {
    let dist = dist();
    let s = Server::start(dist.path());
    let api = Api::new(&s.base);
    let u = new_upload(900_000, 7);
    assert_eq!(api.put(&u).status(), 201);
    let (sha, bytes) = &u.files[0];

    // A chunk of 800 000 bytes of which only 300 000 arrive before the crash.
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut tcp = TcpStream::connect(&addr).unwrap();
    write!(
        tcp,
        "PATCH /api/v1/submissions/{}/attachments/{sha} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: 800000\r\n\r\n",
        u.id, u.secret
    )
    .unwrap();
    tcp.write_all(&bytes[..300_000]).unwrap();
    tcp.flush().unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let status = std::process::Command::new("kill")
        .args(["-9", &s.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let data = s.stop();

    let s = Server::start_in(dist.path(), data);
    let api = Api::new(&s.base);
    let held = offset(&api.head(&u, sha));
    assert!(held <= 300_000, "offset {held} never exceeds what arrived");
    let partial = s.data.path().join("partial").join(&u.id).join(sha);
    let on_disk = std::fs::metadata(&partial).map(|m| m.len()).unwrap_or(0);
    assert_eq!(held, on_disk, "the offset is the durable length");
    assert_eq!(
        std::fs::read(&partial).unwrap_or_default(),
        bytes[..held as usize],
        "what is held is a prefix of the file"
    );

    api.upload_all(&u, 256 * 1024);
    let doc = api.status(&u);
    assert_eq!(doc["state"], "received");
    for (sha, bytes) in &u.files {
        let stored = std::fs::read(s.data.path().join("blobs").join(&sha[..2]).join(sha)).unwrap();
        assert_eq!(common::client::sha_hex(&stored), *sha);
        assert_eq!(&stored, bytes);
    }
    drop(tcp);
}

#[test]
fn fifty_concurrent_clients_all_succeed() {
    let dist = dist();
    let s = Server::start(dist.path());
    let base = s.base.clone();
    let handles: Vec<_> = (0..50)
        .map(|i| {
            let base = base.clone();
            std::thread::spawn(move || {
                let api = Api::new(&base);
                let u = new_upload(96 * 1024, 1000 + i);
                let r = api.put(&u);
                assert_eq!(r.status(), 201);
                api.upload_all(&u, 32 * 1024); // asserts 204 on every chunk: no 5xx
                api.status(&u)["state"].as_str().unwrap().to_string()
            })
        })
        .collect();
    let states: Vec<String> = handles
        .into_iter()
        .map(|h| h.join().expect("client thread"))
        .collect();
    assert!(states.iter().all(|s| s == "received"), "{states:?}");
}

#[derive(Debug, Clone)]
enum Action {
    Put,
    /// Send the next chunk of file `n` (mod count).
    Chunk(usize),
    /// Send a chunk again at an offset that is already held.
    Duplicate(usize),
    /// Send a chunk and drop the response (the client does not learn the new offset).
    LostResponse(usize),
    Restart,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        1 => Just(Action::Put),
        6 => (0usize..8).prop_map(Action::Chunk),
        2 => (0usize..8).prop_map(Action::Duplicate),
        2 => (0usize..8).prop_map(Action::LostResponse),
        1 => Just(Action::Restart),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Whatever the order of puts, retries, lost responses, duplicate chunks and
    /// restarts, finishing the upload yields one submission with exactly the bytes.
    #[test]
    fn any_sequence_of_client_actions_ends_in_one_exact_submission(actions in proptest::collection::vec(action(), 5..40), seed in 0u32..1000) {
        let dist = dist();
        let mut s = Server::start(dist.path());
        let u = new_upload(40_000, seed);
        let chunk = 7_000usize;
        // What the client believes the server holds, per file.
        let mut believed = vec![0u64; u.files.len()];
        let mut put_done = false;
        for a in actions {
            let api = Api::new(&s.base);
            match a {
                Action::Put => {
                    let r = api.put(&u);
                    prop_assert!(r.status() == 201 || r.status() == 200);
                    put_done = true;
                }
                Action::Chunk(n) | Action::Duplicate(n) | Action::LostResponse(n) if put_done => {
                    let n = n % u.files.len();
                    let (sha, bytes) = &u.files[n];
                    let from = match a { Action::Duplicate(_) => believed[n].saturating_sub(chunk as u64), _ => believed[n] } as usize;
                    if from >= bytes.len() { continue; }
                    let end = (from + chunk).min(bytes.len());
                    let r = api.patch(&u, sha, from as u64, &bytes[from..end]);
                    prop_assert!(matches!(r.status().as_u16(), 204 | 409), "status {}", r.status());
                    if !matches!(a, Action::LostResponse(_)) || r.status() == 409 {
                        believed[n] = offset(&r);
                    }
                }
                Action::Restart => {
                    let data = s.stop();
                    s = Server::start_in(dist.path(), data);
                }
                _ => {}
            }
        }
        let api = Api::new(&s.base);
        let r = api.put(&u);
        prop_assert!(r.status() == 201 || r.status() == 200);
        api.upload_all(&u, chunk);
        let doc = api.status(&u);
        prop_assert_eq!(doc["state"].as_str(), Some("received"));
        for (sha, bytes) in &u.files {
            let stored = std::fs::read(s.data.path().join("blobs").join(&sha[..2]).join(sha)).unwrap();
            prop_assert_eq!(&stored, bytes);
        }
        let count = std::fs::read_dir(s.data.path().join("blobs")).unwrap().count();
        prop_assert!(count <= u.files.len());
    }
}
