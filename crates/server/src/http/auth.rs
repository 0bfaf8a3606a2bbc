//! Bearer secrets: only a SHA-256 of a submission's secret is stored, and
//! comparisons take constant time.

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub fn bearer<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let v = headers.get(name)?.to_str().ok()?;
    let token = v
        .strip_prefix("Bearer ")
        .or_else(|| v.strip_prefix("bearer "))?
        .trim();
    (!token.is_empty()).then_some(token)
}

pub fn hash_secret(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

pub fn matches(secret: &str, stored_hash: &[u8]) -> bool {
    hash_secret(secret).ct_eq(stored_hash).into()
}
