//! The device cookie (OWASP's answer to lockout abuse): a successful sign-in
//! sets it, naming the login and signed with the server's key; a browser
//! that presents it for the login it names is not slowed by strangers'
//! failures against that login. Staff passwords are generated (about 116
//! bits), so a per-login lock stops no real guessing; it would only let a
//! stranger lock a reviewer out.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use axum::http::HeaderMap;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand_core::{OsRng, RngCore};
use ring::hmac;

pub const COOKIE: &str = "eport_device";
/// Sent only to the sign-in.
const PATH: &str = "/api/v1/staff/session";
const MAX_AGE_SECONDS: u64 = 365 * 24 * 3600;
/// The key's file in the data directory (owner-only).
pub const KEY_FILE: &str = "device-cookie.key";

pub struct DeviceKey(hmac::Key);

impl DeviceKey {
    /// The key kept in `data_dir`, made (32 random bytes) on first start, so
    /// cookies outlive a restart.
    pub fn load_or_create(data_dir: &Path) -> std::io::Result<DeviceKey> {
        let path = data_dir.join(KEY_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) if b.len() == 32 => b,
            _ => {
                let mut b = vec![0u8; 32];
                OsRng.fill_bytes(&mut b);
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .mode(0o600)
                    .open(&path)?;
                f.write_all(&b)?;
                f.sync_all()?;
                b
            }
        };
        Ok(DeviceKey(hmac::Key::new(hmac::HMAC_SHA256, &bytes)))
    }

    /// A key every replica shares (PostgreSQL): 32 random bytes stored once
    /// under `device_cookie_key` in `meta`, whichever replica came first.
    pub fn shared(pg: &crate::storage::postgres::Pg) -> anyhow::Result<DeviceKey> {
        let mut fresh = vec![0u8; 32];
        OsRng.fill_bytes(&mut fresh);
        let bytes = pg.shared_secret("device_cookie_key", &fresh)?;
        anyhow::ensure!(
            bytes.len() == 32,
            "the stored device cookie key is not 32 bytes"
        );
        Ok(DeviceKey(hmac::Key::new(hmac::HMAC_SHA256, &bytes)))
    }

    /// `Set-Cookie` for a browser that just signed in as `login`.
    pub fn cookie_for(&self, login: &str, tls: bool) -> String {
        let mut nonce = [0u8; 16];
        OsRng.fill_bytes(&mut nonce);
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(login),
            URL_SAFE_NO_PAD.encode(nonce)
        );
        let tag = hmac::sign(&self.0, signed.as_bytes());
        let secure = if tls { "; Secure" } else { "" };
        format!(
            "{COOKIE}={signed}.{}; Path={PATH}; Max-Age={MAX_AGE_SECONDS}; HttpOnly; SameSite=Strict{secure}",
            URL_SAFE_NO_PAD.encode(tag.as_ref())
        )
    }

    /// Whether the request carries a device cookie this server signed for `login`.
    pub fn trusted_for(&self, headers: &HeaderMap, login: &str) -> bool {
        super::cookies(headers, COOKIE).any(|value| self.verifies(value, login))
    }

    fn verifies(&self, value: &str, login: &str) -> bool {
        let Some((signed, tag)) = value.rsplit_once('.') else {
            return false;
        };
        let Some((named, _nonce)) = signed.split_once('.') else {
            return false;
        };
        let (Ok(named), Ok(tag)) = (URL_SAFE_NO_PAD.decode(named), URL_SAFE_NO_PAD.decode(tag))
        else {
            return false;
        };
        // Constant-time, in `ring`.
        named == login.as_bytes() && hmac::verify(&self.0, signed.as_bytes(), &tag).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn presented(set_cookie: &str) -> HeaderMap {
        let pair = set_cookie.split(';').next().unwrap();
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::COOKIE,
            HeaderValue::from_str(&format!("x=y; {pair}")).unwrap(),
        );
        h
    }

    #[test]
    fn a_cookie_vouches_for_its_login_only_and_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let key = DeviceKey::load_or_create(dir.path()).unwrap();
        let set = key.cookie_for("wang", false);
        assert!(set.contains("HttpOnly; SameSite=Strict"), "{set}");
        assert!(set.contains("Path=/api/v1/staff/session"), "{set}");
        assert!(key.trusted_for(&presented(&set), "wang"));
        assert!(!key.trusted_for(&presented(&set), "li"), "another login");
        let again = DeviceKey::load_or_create(dir.path()).unwrap();
        assert!(
            again.trusted_for(&presented(&set), "wang"),
            "the key is kept"
        );
        let other = DeviceKey::load_or_create(tempfile::tempdir().unwrap().path()).unwrap();
        assert!(
            !other.trusted_for(&presented(&set), "wang"),
            "another server's key"
        );
        // Tampered: the login swapped, the tag cut, nonsense.
        let value = set
            .split(';')
            .next()
            .unwrap()
            .split_once('=')
            .unwrap()
            .1
            .to_string();
        let (_, rest) = value.split_once('.').unwrap();
        let swapped = format!("{COOKIE}={}.{rest}", URL_SAFE_NO_PAD.encode("li"));
        assert!(!key.trusted_for(&presented(&swapped), "li"));
        assert!(!key.trusted_for(&presented(&format!("{COOKIE}=a.b")), "wang"));
        assert!(!key.trusted_for(&presented(&format!("{COOKIE}=...")), "wang"));
    }
}
