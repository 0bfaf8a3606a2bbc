//! "A 2xx means the data is durable": the server fsyncs a chunk's file
//! before it answers 204, and the store's folder before the upload's last
//! answer. Watched from outside with strace (system calls in order, file
//! descriptors shown as paths), since no crash short of a power cut would show
//! a missing fsync.

mod common;

use common::client::{new_upload, Api};
use common::{dist, Server};

#[test]
fn each_chunk_is_fsynced_before_its_204() {
    let log = tempfile::NamedTempFile::new().unwrap();
    let log_path = log.path().to_str().unwrap().to_string();
    let dist = dist();
    let s = Server::start_under(
        &[
            "strace",
            "-f",
            "-qq",
            "-y",
            "-s",
            "24",
            "-e",
            "trace=fsync,fdatasync,write,writev,sendto,sendmsg",
            "-o",
            &log_path,
        ],
        dist.path(),
        tempfile::tempdir().unwrap(),
        &[],
        &[],
    );
    let api = Api::new(&s.base);
    let u = new_upload(600_000, 61);
    assert_eq!(api.put(&u).status(), 201);
    let (sha, bytes) = &u.files[0];
    for (start, end) in [(0, 262_144), (262_144, 524_288)] {
        assert_eq!(
            api.patch(&u, sha, start, &bytes[start as usize..end])
                .status(),
            204
        );
    }
    // Stop the traced server itself (strace would leave it running), and wait
    // until it is gone: then the log is complete.
    let first = std::fs::read_to_string(&log_path).unwrap();
    let pid = first
        .split_whitespace()
        .next()
        .expect("a traced call")
        .to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not stop"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(s);
    let text = std::fs::read_to_string(&log_path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let partial = format!("partial/{}/{sha}>", u.id);
    let answers: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains("HTTP/1.1 204"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(answers.len(), 2, "two 204s in the trace:\n{text:.4000}");
    let mut from = 0;
    for a in answers {
        let synced = lines[from..a]
            .iter()
            .any(|l| (l.contains("fsync(") || l.contains("fdatasync(")) && l.contains(&partial));
        assert!(
            synced,
            "no fsync of {partial} before the 204 at trace line {a}"
        );
        from = a;
    }
}
