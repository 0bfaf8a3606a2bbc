//! Staff sessions: a random token in an HttpOnly, SameSite=Strict cookie; the
//! store keeps only its SHA-256. A session ends when revoked (sign-out, a new
//! password, a disabled account), after the idle timeout, or at its maximum age.

use std::time::Duration;

use axum::http::HeaderMap;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "eport_staff";
/// The cookie goes only to the staff API.
const COOKIE_PATH: &str = "/api/v1/staff";

#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub max_age: Duration,
    /// Mark cookies `Secure` even over plain HTTP (a TLS-terminating proxy in front).
    pub secure: bool,
}

/// A session token as it came in: 64 hex digits, nothing else.
pub struct Token(String);

impl Token {
    pub fn generate() -> Token {
        let mut b = [0u8; 32];
        OsRng.fill_bytes(&mut b);
        Token(hex::encode(b))
    }

    fn parse(s: &str) -> Option<Token> {
        (s.len() == 64
            && s.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
        .then(|| Token(s.to_string()))
    }

    /// What the store keeps.
    pub fn hash(&self) -> Vec<u8> {
        Sha256::digest(self.0.as_bytes()).to_vec()
    }

    /// The session token from the request's cookies, if one is well formed.
    pub fn from_headers(headers: &HeaderMap) -> Option<Token> {
        super::cookies(headers, COOKIE)
            .next()
            .and_then(Token::parse)
    }

    pub fn set_cookie(&self, policy: &SessionPolicy, tls: bool) -> String {
        cookie(&self.0, policy.max_age.as_secs(), policy.secure || tls)
    }
}

/// The `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(policy: &SessionPolicy, tls: bool) -> String {
    cookie("", 0, policy.secure || tls)
}

fn cookie(value: &str, max_age: u64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={value}; Path={COOKIE_PATH}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}")
}

/// Why a session no longer counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Expired,
    Revoked,
}

/// Checks a stored session's times against `now` (Unix seconds).
pub fn still_valid(
    policy: &SessionPolicy,
    created_at: i64,
    last_seen_at: i64,
    now: i64,
) -> Result<(), Ended> {
    let idle = policy.idle.as_secs() as i64;
    let max = policy.max_age.as_secs() as i64;
    if now - created_at >= max || now - last_seen_at >= idle {
        return Err(Ended::Expired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn policy() -> SessionPolicy {
        SessionPolicy {
            idle: Duration::from_secs(60),
            max_age: Duration::from_secs(600),
            secure: false,
        }
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_over_tls() {
        let t = Token::generate();
        let plain = t.set_cookie(&policy(), false);
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Strict"));
        assert!(plain.contains("Path=/api/v1/staff") && plain.contains("Max-Age=600"));
        assert!(!plain.contains("Secure"));
        assert!(t.set_cookie(&policy(), true).ends_with("; Secure"));
        assert!(clear_cookie(&policy(), false).contains("Max-Age=0"));
    }

    #[test]
    fn only_a_well_formed_token_is_read_from_the_cookies() {
        let t = Token::generate();
        let mut h = HeaderMap::new();
        h.insert(
            "cookie",
            HeaderValue::from_str(&format!("a=b; {COOKIE}={}; c=d", t.0)).unwrap(),
        );
        assert_eq!(Token::from_headers(&h).unwrap().hash(), t.hash());
        for bad in ["../../x", "zz", &"A".repeat(64), &"a".repeat(65)] {
            let mut h = HeaderMap::new();
            h.insert(
                "cookie",
                HeaderValue::from_str(&format!("{COOKIE}={bad}")).unwrap(),
            );
            assert!(Token::from_headers(&h).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_session_ends_when_idle_or_too_old() {
        let p = policy();
        assert!(still_valid(&p, 0, 0, 59).is_ok());
        assert_eq!(still_valid(&p, 0, 0, 60), Err(Ended::Expired));
        assert!(still_valid(&p, 0, 590, 599).is_ok());
        assert_eq!(still_valid(&p, 0, 599, 600), Err(Ended::Expired));
    }
}
