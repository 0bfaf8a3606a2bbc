//! Starts the real server binary on a free port with a temporary data directory.
#![allow(dead_code)] // each test file uses a different part

pub mod client;
pub mod db;
pub mod raw;
pub mod s3;
pub mod staff;
pub mod tree;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A stand-in for the built app: the three pages (titles "E-Port Desk",
/// "E-Port Desk tools" and "E-Port Desk staff"), an unhashed asset, and a hashed wasm with the build's
/// brotli and gzip copies (marked bytes, so a test sees which one was sent).
pub fn dist() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, body: &[u8]| std::fs::write(d.path().join(name), body).unwrap();
    write("index.html", b"<!doctype html><title>E-Port Desk</title>");
    write(
        "tools.html",
        b"<!doctype html><title>E-Port Desk tools</title>",
    );
    write(
        "staff.html",
        b"<!doctype html><title>E-Port Desk staff</title>",
    );
    write("app-1234.js", b"console.log(1)");
    write(HASHED_WASM, b"\0asm identity");
    write(&format!("{HASHED_WASM}.br"), b"brotli bytes");
    write(&format!("{HASHED_WASM}.gz"), b"gzip bytes");
    d
}

/// The server binary on `data`, on the backend the suite runs against:
/// SQLite in `data`, or (with `EPORT_TEST_POSTGRES`, the admin URL of a
/// throwaway cluster) a PostgreSQL database of its own for that directory.
pub fn server_command(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_eport-server"));
    c.arg("--data-dir").arg(data);
    if let Some(url) = postgres_url(data) {
        c.env("EPORT_DATABASE_URL", url);
    }
    c
}

/// The database URL for `data` when the suite runs on PostgreSQL (created on
/// first use: a restart on the same directory finds the same database).
pub fn postgres_url(data: &Path) -> Option<String> {
    let admin = std::env::var("EPORT_TEST_POSTGRES").ok()?;
    use sha2::Digest;
    let name = format!(
        "t_{}",
        &hex::encode(sha2::Sha256::digest(data.as_os_str().as_encoded_bytes()))[..20]
    );
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).expect("the test cluster");
    if let Err(e) = c.batch_execute(&format!("CREATE DATABASE {name}")) {
        let exists = e.code() == Some(&postgres::error::SqlState::DUPLICATE_DATABASE);
        assert!(exists, "creating {name}: {e}");
    }
    let (base, query) = admin.split_once('?').unwrap_or((&admin, ""));
    let server = base.rsplit_once('/').map_or(base, |(s, _)| s);
    Some(if query.is_empty() {
        format!("{server}/{name}")
    } else {
        format!("{server}/{name}?{query}")
    })
}

/// Whether the suite runs on PostgreSQL (tests of SQLite's own files skip).
pub fn on_postgres() -> bool {
    std::env::var_os("EPORT_TEST_POSTGRES").is_some()
}

pub const HASHED_WASM: &str = "eport-desk-0123456789abcdef_bg.wasm";

/// Rate limits lifted for tests that measure something else.
pub const LIFTED_RATES: &str = "manifest=1000000/100000,status=1000000/100000,offset=1000000/100000,chunk=1000000/100000,staff=1000000/100000,ping=1000000/100000,api=1000000/100000,app=1000000/100000";

pub struct Server {
    pub base: String,
    child: Child,
    pub data: tempfile::TempDir,
    /// The `Cookie` header of a signed-in staff session (`start_staffed`).
    pub staff: String,
}

impl Server {
    pub fn start(dist: &Path) -> Server {
        Server::start_in(dist, tempfile::tempdir().expect("temp dir"))
    }

    /// Starts on an existing data directory (a restart).
    pub fn start_in(dist: &Path, data: tempfile::TempDir) -> Server {
        Server::start_with(dist, data, &[])
    }

    /// Starts with a staff account `reviewer` (审核员甲) on a new data directory
    /// and signs it in; the cookie is in `staff`.
    pub fn start_staffed(dist: &Path, data: tempfile::TempDir, extra: &[&str]) -> Server {
        let password = staff::add_account(data.path(), "reviewer", "审核员甲");
        let mut s = Server::start_with(dist, data, extra);
        s.staff = staff::session(&s.base, "reviewer", &password);
        s
    }

    /// Starts with extra flags (limits).
    pub fn start_with(dist: &Path, data: tempfile::TempDir, extra: &[&str]) -> Server {
        Server::start_env(dist, data, extra, &[])
    }

    /// Starts with extra flags and environment variables (fault points).
    pub fn start_env(
        dist: &Path,
        data: tempfile::TempDir,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Server {
        Server::start_under(&[], dist, data, extra, env)
    }

    /// Starts the binary under another program (`strace …`), which must pass
    /// the server's stdout through.
    pub fn start_under(
        wrapper: &[&str],
        dist: &Path,
        data: tempfile::TempDir,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Server {
        let bin = env!("CARGO_BIN_EXE_eport-server");
        let mut cmd = match wrapper.split_first() {
            Some((program, args)) => {
                let mut c = Command::new(program);
                c.args(args).arg(bin).arg("--data-dir").arg(data.path());
                if let Some(url) = postgres_url(data.path()) {
                    c.env("EPORT_DATABASE_URL", url);
                }
                c
            }
            None => server_command(data.path()),
        };
        let mut child = cmd
            .args(["--port", "0"])
            .arg("--dist-dir")
            .arg(dist)
            // Tests create submissions faster than people: lifted unless a test sets its own.
            .args(["--create-limit", "100000/100000"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .spawn()
            .expect("server starts");
        let base = listening(&mut child);
        Server {
            base,
            child,
            data,
            staff: String::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the process and hands back its data directory.
    pub fn stop(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let dir = tempfile::tempdir().expect("temp dir");
        std::mem::replace(&mut self.data, dir)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The address from the server's first stdout line, `listening on <base>`.
fn listening(child: &mut Child) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    line.trim()
        .strip_prefix("listening on ")
        .expect("listening line")
        .to_string()
}

/// A server whose log (stderr) the test reads after it stops. The log is
/// read as it is written, so a chatty server never blocks on a full pipe.
pub struct Logged {
    pub base: String,
    child: Child,
    log: Option<std::thread::JoinHandle<String>>,
}

impl Logged {
    /// Starts on `data` with `RUST_LOG=rust_log`, no colours.
    pub fn start(dist: &Path, data: &Path, rust_log: &str) -> Logged {
        let mut child = server_command(data)
            .args(["--port", "0"])
            .arg("--dist-dir")
            .arg(dist)
            .env("RUST_LOG", rust_log)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("server starts");
        let base = listening(&mut child);
        let mut stderr = child.stderr.take().unwrap();
        let log = std::thread::spawn(move || {
            let mut log = String::new();
            let _ = std::io::Read::read_to_string(&mut stderr, &mut log);
            log
        });
        Logged {
            base,
            child,
            log: Some(log),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to end on its own (after a signal) and returns
    /// how it exited and what it logged.
    pub fn wait_and_log(mut self) -> (std::process::ExitStatus, String) {
        let exit = self.child.wait().unwrap();
        (exit, self.log())
    }

    /// Kills the process and returns what it logged.
    pub fn kill_and_log(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.log()
    }

    fn log(&mut self) -> String {
        self.log
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default()
    }
}

/// Kills the server with SIGKILL: no shutdown, no flush.
pub fn sigkill(s: &Server) {
    let status = Command::new("kill")
        .args(["-9", &s.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Starts the server on `data` armed to stop at the fault point `point`,
/// runs `request(base URL)` on a thread, kills the server with SIGKILL once
/// it reports reaching the point, and returns the data directory with what
/// the request returned (`Err` if it panicked, as a call without an answer may).
pub fn kill_9_at<T: Send + 'static>(
    point: &str,
    data: tempfile::TempDir,
    request: impl FnOnce(String) -> T + Send + 'static,
) -> (tempfile::TempDir, std::thread::Result<T>) {
    let dist = dist();
    let s = Server::start_env(dist.path(), data, &[], &[("EPORT_FAULT_POINT", point)]);
    let base = s.base.clone();
    let worker = std::thread::spawn(move || request(base));
    let marker = await_fault(&s, point);
    sigkill(&s);
    let data = s.stop();
    let answer = worker.join();
    std::fs::remove_file(&marker).unwrap();
    (data, answer)
}

/// Waits (at most 30 s) until `s` stops at fault point `point`; the marker file's path.
pub fn await_fault(s: &Server, point: &str) -> std::path::PathBuf {
    let marker = s.data.path().join(format!("fault-{point}"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !marker.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "never reached {point}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    marker
}
