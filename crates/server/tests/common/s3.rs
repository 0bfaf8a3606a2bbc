//! A real S3-protocol server for tests: `s3s-fs` (installed by
//! `scripts/setup.sh` into `.tools/`), serving a temporary folder, one
//! bucket per sub-folder. Stopped and started again on the same port and
//! folder to play an outage.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const BUCKET: &str = "eport";
const KEY: &str = "eport-test";
const SECRET: &str = "eport-test-secret";

pub struct S3 {
    pub root: tempfile::TempDir,
    pub port: u16,
    child: Option<Child>,
}

fn binary() -> PathBuf {
    if let Ok(p) = std::env::var("EPORT_S3S_FS") {
        return PathBuf::from(p);
    }
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.tools/bin/s3s-fs");
    assert!(
        p.exists(),
        "s3s-fs is not installed at {}: scripts/setup.sh --browser installs it (make test does)",
        p.display()
    );
    p
}

impl S3 {
    pub fn start() -> S3 {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join(BUCKET)).unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut s = S3 {
            root,
            port,
            child: None,
        };
        s.resume();
        s
    }

    /// Starts (again) on the same port and folder; returns once it answers.
    pub fn resume(&mut self) {
        let child = Command::new(binary())
            .args(["--host", "127.0.0.1", "--port", &self.port.to_string()])
            .args(["--access-key", KEY, "--secret-key", SECRET])
            .arg(self.root.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("s3s-fs starts");
        self.child = Some(child);
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("s3s-fs did not listen on {}", self.port);
    }

    /// Kills it: an outage.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// The environment that points the server at it.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            (
                "AWS_ENDPOINT_URL".into(),
                format!("http://127.0.0.1:{}", self.port),
            ),
            ("AWS_ALLOW_HTTP".into(), "true".into()),
            ("AWS_REGION".into(), "us-east-1".into()),
            ("AWS_ACCESS_KEY_ID".into(), KEY.into()),
            ("AWS_SECRET_ACCESS_KEY".into(), SECRET.into()),
        ]
    }

    /// The file s3s-fs keeps an object in.
    pub fn object(&self, key: &str) -> PathBuf {
        self.root.path().join(BUCKET).join(key)
    }
}

impl Drop for S3 {
    fn drop(&mut self) {
        self.kill();
    }
}
