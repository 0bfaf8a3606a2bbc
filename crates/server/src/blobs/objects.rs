//! Where verified attachment bytes live, by their SHA-256: a folder of the
//! data directory, or any S3-compatible store (`--blob-store s3://bucket/prefix`).
//! Correctness rests on the content address: the same key always holds the
//! same bytes, so writing them twice is harmless and no conditional write is
//! needed.

use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use eport_domain::ids::Sha256Digest;
use futures_util::future::BoxFuture;

/// A content-addressed store of verified attachments.
pub trait Objects: Send + Sync {
    /// Stores the bytes of `file` (already verified against `sha`) under
    /// `sha`; when this returns they are durable there.
    fn put<'a>(&'a self, sha: &'a Sha256Digest, file: &'a Path) -> BoxFuture<'a, Result<()>>;
    /// Stores `bytes` (already verified against `sha`) under `sha`: a pending
    /// object handed over once the store is back.
    fn put_bytes<'a>(&'a self, sha: &'a Sha256Digest, bytes: Vec<u8>) -> BoxFuture<'a, Result<()>>;
    /// The bytes stored under `sha` (an attachment is a few MiB at most).
    fn get<'a>(&'a self, sha: &'a Sha256Digest) -> BoxFuture<'a, Result<Option<Vec<u8>>>>;
    /// Deletes what is stored under `sha`; nothing there is no error.
    fn delete<'a>(&'a self, sha: &'a Sha256Digest) -> BoxFuture<'a, Result<()>>;
}

/// The object's name in a store: `ab/abcdef…` (a folder per first byte).
pub fn key_of(sha: &Sha256Digest) -> String {
    format!("{}/{}", sha.prefix(), sha.as_str())
}

/// Where `--blob-store` says: `None` keeps them in the data directory.
pub fn open(blob_store: Option<&str>, data_dir: &Path) -> Result<Arc<dyn Objects>> {
    match blob_store {
        None => Ok(Arc::new(super::local::LocalObjects::new(data_dir)?)),
        Some(url) => {
            let (bucket, prefix) = parse_s3_url(url)?;
            Ok(Arc::new(super::s3::S3Objects::from_env(bucket, prefix)?))
        }
    }
}

/// `s3://bucket` or `s3://bucket/some/prefix` → (bucket, prefix).
pub fn parse_s3_url(url: &str) -> Result<(&str, &str)> {
    let Some(rest) = url.strip_prefix("s3://") else {
        bail!("--blob-store {url:?}: expected s3://bucket or s3://bucket/prefix");
    };
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let bucket_ok = (3..=63).contains(&bucket.len())
        && bucket
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
    if !bucket_ok {
        bail!("--blob-store {url:?}: a bucket name has 3 to 63 of a-z, 0-9, '-' and '.'");
    }
    let prefix = prefix.trim_end_matches('/');
    let prefix_ok = prefix.split('/').all(|p| {
        p.is_empty()
            || (p != "."
                && p != ".."
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)))
    });
    if !prefix_ok || prefix.starts_with('/') {
        bail!("--blob-store {url:?}: a prefix is folders of a-z, A-Z, 0-9, '-', '_' and '.'");
    }
    Ok((bucket, prefix))
}

/// Reads a file that holds one attachment.
pub(crate) async fn read_file(file: &Path) -> Result<Vec<u8>> {
    tokio::fs::read(file)
        .await
        .with_context(|| format!("reading {}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_s3_url_names_a_bucket_and_perhaps_a_prefix() {
        assert_eq!(parse_s3_url("s3://eport").unwrap(), ("eport", ""));
        assert_eq!(
            parse_s3_url("s3://eport-xm/centre/blobs/").unwrap(),
            ("eport-xm", "centre/blobs")
        );
        for bad in [
            "eport",
            "s3://",
            "s3://Eport",
            "s3://ab",
            "s3://eport/../x",
            "s3://eport/a b",
            "file:///tmp",
        ] {
            assert!(parse_s3_url(bad).is_err(), "{bad}");
        }
    }
}
