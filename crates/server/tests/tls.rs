//! HTTPS of the server's own, with a self-signed certificate made here:
//! HSTS on every answer, session cookies `Secure`, plain HTTP refused on that
//! port; without a certificate the server says it expects a TLS proxy.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use common::{dist, staff, Server};
use tokio_rustls::rustls;

struct Tls {
    _dir: tempfile::TempDir,
    cert_path: String,
    key_path: String,
    cert_der: rustls::pki_types::CertificateDer<'static>,
}

fn self_signed() -> Tls {
    let c = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cert_path = dir.path().join("cert.pem");
    let key_path = dir.path().join("key.pem");
    std::fs::write(&cert_path, c.cert.pem()).unwrap();
    std::fs::write(&key_path, c.key_pair.serialize_pem()).unwrap();
    Tls {
        cert_der: c.cert.der().clone(),
        cert_path: cert_path.to_string_lossy().into(),
        key_path: key_path.to_string_lossy().into(),
        _dir: dir,
    }
}

/// One request over TLS, trusting only `cert`; the whole answer as text.
fn https(base: &str, cert: &rustls::pki_types::CertificateDer<'static>, request: &str) -> String {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let addr = base.strip_prefix("https://").expect("an https address");
    let mut sock = TcpStream::connect(addr).unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut conn = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let mut tls = rustls::Stream::new(&mut conn, &mut sock);
    tls.write_all(request.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = tls.read_to_end(&mut out);
    String::from_utf8_lossy(&out).to_string()
}

#[test]
fn https_with_hsts_and_secure_cookies() {
    let tls = self_signed();
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    let password = staff::add_account(data.path(), "reviewer", "审核员甲");
    let s = Server::start_with(
        dist.path(),
        data,
        &["--tls-cert", &tls.cert_path, "--tls-key", &tls.key_path],
    );
    assert!(s.base.starts_with("https://"), "{}", s.base);
    let ping = https(
        &s.base,
        &tls.cert_der,
        "GET /api/v1/ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert!(ping.starts_with("HTTP/1.1 200"), "{ping}");
    let lower = ping.to_ascii_lowercase();
    assert!(
        lower.contains("strict-transport-security: max-age=31536000"),
        "{ping}"
    );
    assert!(lower.contains("content-security-policy: default-src 'self'"));
    let app = https(
        &s.base,
        &tls.cert_der,
        "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert!(app
        .to_ascii_lowercase()
        .contains("strict-transport-security"));

    // Over TLS the session cookie is Secure without any flag.
    let body = format!(r#"{{"login":"reviewer","password":"{password}"}}"#);
    let sign_in = https(
        &s.base,
        &tls.cert_der,
        &format!(
            "POST /api/v1/staff/session HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
             Content-Type: application/json\r\nX-Requested-By: eport-desk\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(sign_in.starts_with("HTTP/1.1 200"), "{sign_in}");
    let cookie = sign_in
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
        .expect("a cookie");
    assert!(cookie.contains("; Secure"), "{cookie}");

    // Plain HTTP on the TLS port gets no answer of ours.
    let plain = s.base.replacen("https://", "http://", 1);
    let r = reqwest::blocking::get(format!("{plain}/api/v1/ping"));
    assert!(r.map(|r| r.status() != 200).unwrap_or(true));
}

#[test]
fn without_a_certificate_it_says_it_expects_a_tls_proxy_and_sends_no_hsts() {
    let dist = dist();
    let data = tempfile::tempdir().unwrap();
    let server = common::Logged::start(dist.path(), data.path(), "warn");
    let base = server.base.clone();
    assert!(base.starts_with("http://"));
    let r = reqwest::blocking::get(format!("{base}/api/v1/ping")).unwrap();
    assert!(!r.headers().contains_key("strict-transport-security"));
    let log = server.kill_and_log();
    assert!(log.contains("TLS-terminating proxy"), "{log}");
    // --tls-cert without --tls-key is refused at start.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_eport-server"))
        .args(["--port", "0", "--tls-cert", "/nonexistent.pem"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}
