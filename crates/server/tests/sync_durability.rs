//! Crashes and load: `kill -9` mid-chunk and inside the database transactions
//! (via the server's fault points), then restart and resume; 50 clients at
//! once; random sequences of client actions always end in one submission
//! holding exactly the declared bytes.

mod common;

use std::io::Write;
use std::net::TcpStream;

use common::client::{new_upload, Api, Upload};
use common::{dist, sigkill, Server};
use proptest::prelude::*;

/// `kill -9`: no shutdown handler, no flush, like a power cut for the process.
fn offset(r: &reqwest::blocking::Response) -> u64 {
    r.headers()["upload-offset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// The bytes held for an unfinished upload, on the suite's backend.
fn held_bytes(s: &Server, u: &Upload, sha: &str) -> Vec<u8> {
    common::db::partial_bytes(s.data.path(), &u.id, sha)
}

#[test]
fn kill_9_mid_chunk_then_restart_resumes_to_the_right_bytes() {
    const CHUNK: usize = 256 * 1024;
    let dist = dist();
    let s = Server::start(dist.path());
    let api = Api::new(&s.base);
    let u = new_upload(900_000, 7);
    assert_eq!(api.put(&u).status(), 201);
    let (sha, bytes) = &u.files[0];
    assert_eq!(api.patch(&u, sha, 0, &bytes[..CHUNK]).status(), 204);

    // The next chunk of 800 000 bytes, of which only 300 000 are sent before the crash.
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut tcp = TcpStream::connect(&addr).unwrap();
    write!(
        tcp,
        "PATCH /api/v1/submissions/{}/attachments/{sha} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/offset+octet-stream\r\nUpload-Offset: {CHUNK}\r\nContent-Length: 800000\r\n\r\n",
        u.id, u.secret
    )
    .unwrap();
    tcp.write_all(&bytes[CHUNK..CHUNK + 300_000]).unwrap();
    tcp.flush().unwrap();
    // The server is alive and serving while the chunk is half-sent.
    assert_eq!(offset(&api.head(&u, sha)), CHUNK as u64);
    sigkill(&s);
    let data = s.stop();

    let s = Server::start_in(dist.path(), data);
    let api = Api::new(&s.base);
    let held = offset(&api.head(&u, sha));
    // A chunk is written only once it is whole: the first is durable, the half one is not.
    assert_eq!(held, CHUNK as u64, "exactly the answered chunk is held");
    let on_disk = held_bytes(&s, &u, sha);
    assert_eq!(
        held,
        on_disk.len() as u64,
        "the offset is the durable length"
    );
    assert_eq!(
        on_disk,
        bytes[..CHUNK],
        "what is held is a prefix of the file"
    );

    api.upload_all(&u, CHUNK);
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
fn kill_9_after_a_chunk_is_fsynced_but_not_answered_keeps_it() {
    const CHUNK: usize = 256 * 1024;
    let dist = dist();
    let u = new_upload(900_000, 8);
    let s = Server::start(dist.path());
    let api = Api::new(&s.base);
    assert_eq!(api.put(&u).status(), 201);
    let (sha, bytes) = u.files[0].clone();
    assert_eq!(api.patch(&u, &sha, 0, &bytes[..CHUNK]).status(), 204);
    let data = s.stop();

    let (chunk, v) = (bytes[CHUNK..2 * CHUNK].to_vec(), u.clone());
    let sha2 = sha.clone();
    let data = kill_9_at(eport_server::faults::PATCH_APPENDED, data, move |api| {
        api.http
            .patch(format!(
                "{}/submissions/{}/attachments/{sha2}",
                api.base, v.id
            ))
            .bearer_auth(&v.secret)
            .header("content-type", "application/offset+octet-stream")
            .header("upload-offset", CHUNK.to_string())
            .body(chunk)
            .send()
    });
    let s = Server::start_in(dist.path(), data);
    let api = Api::new(&s.base);
    // The client never heard back; the bytes were durable before the crash.
    let held = offset(&api.head(&u, &sha));
    assert_eq!(held, 2 * CHUNK as u64);
    let on_disk = held_bytes(&s, &u, &sha);
    assert_eq!(on_disk.len() as u64, held);
    assert_eq!(on_disk, bytes[..2 * CHUNK]);
    // The client's retry of the same chunk is told to move on, and the upload completes.
    let r = api.patch(&u, &sha, CHUNK as u64, &bytes[CHUNK..2 * CHUNK]);
    assert_eq!(r.status(), 409);
    assert_eq!(offset(&r), 2 * CHUNK as u64);
    api.upload_all(&u, CHUNK);
    assert_eq!(api.status(&u)["state"], "received");
    let stored = std::fs::read(s.data.path().join("blobs").join(&sha[..2]).join(&sha)).unwrap();
    assert_eq!(stored, bytes);
}

/// [`common::kill_9_at`] with a protocol request, which must get no answer.
fn kill_9_at(
    point: &str,
    data: tempfile::TempDir,
    request: impl FnOnce(&Api) -> reqwest::Result<reqwest::blocking::Response> + Send + 'static,
) -> tempfile::TempDir {
    let (data, answer) = common::kill_9_at(point, data, move |base| {
        request(&Api::new(&base)).map(|r| r.status())
    });
    let answer = answer.unwrap();
    assert!(
        answer.is_err(),
        "the interrupted request got no answer: {answer:?}"
    );
    data
}

fn stored_blob(s: &Server, sha: &str) -> Vec<u8> {
    std::fs::read(s.data.path().join("blobs").join(&sha[..2]).join(sha)).unwrap()
}

#[test]
fn kill_9_inside_the_put_transaction_stores_nothing_and_the_retry_creates_it() {
    let u = new_upload(300_000, 11);
    let (id, secret, manifest) = (u.id.clone(), u.secret.clone(), u.manifest.clone());
    let data = kill_9_at("put-commit", tempfile::tempdir().unwrap(), move |api| {
        api.http
            .put(format!("{}/submissions/{id}", api.base))
            .bearer_auth(&secret)
            .json(&manifest)
            .send()
    });

    let dist = dist();
    let s = Server::start_in(dist.path(), data);
    let api = Api::new(&s.base);
    assert_eq!(
        api.put(&u).status(),
        201,
        "the rolled-back PUT left nothing behind"
    );
    api.upload_all(&u, 128 * 1024);
    assert_eq!(api.status(&u)["state"], "received");
    for (sha, bytes) in &u.files {
        assert_eq!(&stored_blob(&s, sha), bytes);
    }
}

#[test]
fn kill_9_inside_the_completing_transaction_then_restart_finishes_it_once() {
    let u = new_upload(600_000, 12);
    let dist = dist();
    let (last_sha, last) = u.files.last().unwrap().clone();
    let held = last.len() - 1000;
    // Everything but the last 1000 bytes, on a normal server.
    let data = {
        let s = Server::start(dist.path());
        let api = Api::new(&s.base);
        assert_eq!(api.put(&u).status(), 201);
        api.upload_all(
            &Upload {
                files: u.files[..u.files.len() - 1].to_vec(),
                ..u.clone()
            },
            256 * 1024,
        );
        assert_eq!(api.patch(&u, &last_sha, 0, &last[..held]).status(), 204);
        s.stop()
    };
    // The last chunk: the server verifies the bytes, links them into the store
    // and dies inside the transaction that would mark them complete.
    let (id, secret) = (u.id.clone(), u.secret.clone());
    let tail = last[held..].to_vec();
    let data = kill_9_at("complete-commit", data, move |api| {
        api.http
            .patch(format!(
                "{}/submissions/{id}/attachments/{last_sha}",
                api.base
            ))
            .bearer_auth(&secret)
            .header("content-type", "application/offset+octet-stream")
            .header("upload-offset", held.to_string())
            .body(tail)
            .send()
    });

    // Restart: the uncommitted completion is finished from the verified bytes.
    let s = Server::start_in(dist.path(), data);
    let api = Api::new(&s.base);
    assert_eq!(
        offset(&api.head(&u, &u.files.last().unwrap().0)),
        last.len() as u64
    );
    api.upload_all(&u, 256 * 1024); // the client's resume: nothing left to send
    let doc = api.status(&u);
    assert_eq!(doc["state"], "received", "{doc}");
    let reference = doc["reference"].as_str().unwrap();
    assert!(
        reference.ends_with("-000001"),
        "one reference, assigned once: {reference}"
    );
    for (sha, bytes) in &u.files {
        let stored = stored_blob(&s, sha);
        assert_eq!(common::client::sha_hex(&stored), *sha);
        assert_eq!(&stored, bytes);
    }
    assert!(
        !s.data.path().join("partial").join(&u.id).exists(),
        "no partial files are left behind"
    );
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
        // Stored files, not their two-digit folders: one per distinct digest.
        let stored_files: usize = std::fs::read_dir(s.data.path().join("blobs"))
            .unwrap()
            .map(|d| std::fs::read_dir(d.unwrap().path()).unwrap().count())
            .sum();
        let mut digests: Vec<&String> = u.files.iter().map(|(sha, _)| sha).collect();
        digests.sort();
        digests.dedup();
        prop_assert_eq!(stored_files, digests.len());
    }
}
