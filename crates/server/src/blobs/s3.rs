//! Verified attachments in an S3-compatible store, through the `object_store`
//! crate. Each is written once under its SHA-256 with the SHA-256 checksum
//! header, so the store checks the bytes it received; the same key always
//! holds the same bytes, so a repeat after a crash is harmless. Endpoint,
//! region and credentials come from the usual `AWS_*` environment variables.

use anyhow::{Context, Result};
use eport_domain::ids::Sha256Digest;
use futures_util::future::BoxFuture;
use futures_util::FutureExt;
use object_store::aws::{AmazonS3Builder, Checksum};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload, RetryConfig};
use std::time::Duration;

use super::objects::{key_of, read_file, Objects};

pub struct S3Objects {
    store: Box<dyn ObjectStore>,
    prefix: String,
}

impl S3Objects {
    pub fn from_env(bucket: &str, prefix: &str) -> Result<S3Objects> {
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_checksum_algorithm(Checksum::SHA256)
            // A store that does not answer is said at once (503, Retry-After):
            // the client and the next request try again, the bytes are kept.
            .with_retry(RetryConfig {
                max_retries: 2,
                retry_timeout: Duration::from_secs(5),
                ..RetryConfig::default()
            })
            .build()
            .with_context(|| {
                format!("the S3 store for bucket {bucket} (AWS_* environment variables)")
            })?;
        Ok(S3Objects {
            store: Box::new(store),
            prefix: prefix.to_string(),
        })
    }

    fn path(&self, sha: &Sha256Digest) -> ObjectPath {
        let key = key_of(sha);
        if self.prefix.is_empty() {
            ObjectPath::from(key)
        } else {
            ObjectPath::from(format!("{}/{key}", self.prefix))
        }
    }
}

impl Objects for S3Objects {
    fn put<'a>(
        &'a self,
        sha: &'a Sha256Digest,
        file: &'a std::path::Path,
    ) -> BoxFuture<'a, Result<()>> {
        async move {
            let bytes = read_file(file).await?;
            self.store
                .put(&self.path(sha), PutPayload::from(bytes))
                .await
                .with_context(|| format!("storing {sha} in S3"))?;
            Ok(())
        }
        .boxed()
    }

    fn put_bytes<'a>(&'a self, sha: &'a Sha256Digest, bytes: Vec<u8>) -> BoxFuture<'a, Result<()>> {
        async move {
            self.store
                .put(&self.path(sha), PutPayload::from(bytes))
                .await
                .with_context(|| format!("storing {sha} in S3"))?;
            Ok(())
        }
        .boxed()
    }

    fn get<'a>(&'a self, sha: &'a Sha256Digest) -> BoxFuture<'a, Result<Option<Vec<u8>>>> {
        async move {
            match self.store.get(&self.path(sha)).await {
                Ok(r) => Ok(Some(r.bytes().await?.to_vec())),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(anyhow::Error::from(e).context(format!("reading {sha} from S3"))),
            }
        }
        .boxed()
    }

    fn delete<'a>(&'a self, sha: &'a Sha256Digest) -> BoxFuture<'a, Result<()>> {
        async move {
            match self.store.delete(&self.path(sha)).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(e) => Err(anyhow::Error::from(e).context(format!("deleting {sha} from S3"))),
            }
        }
        .boxed()
    }
}
