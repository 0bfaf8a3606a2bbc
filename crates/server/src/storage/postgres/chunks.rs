//! Unfinished uploads as chunk rows, for replicas that share nothing but the
//! database: any replica takes the next chunk, and an upload's appends are
//! serialised by an advisory lock on the upload, never by an in-process map.

use anyhow::Result;
use eport_domain::ids::{Sha256Digest, SubmissionId};

use crate::storage::postgres::db::Pg;

/// Advisory lock class of an upload (two-key space; see `mod.rs`).
const UPLOAD_LOCK: i32 = 2;

impl Pg {
    /// Bytes held for an upload.
    pub fn partial_len(&self, id: &SubmissionId, sha: &Sha256Digest) -> Result<u64> {
        let n: i64 = self
            .client()?
            .query_one(
                "SELECT COALESCE(SUM(length(data)), 0)::BIGINT FROM upload_chunks
                 WHERE submission_id = $1 AND sha256 = $2",
                &[&id.as_str(), &sha.as_str()],
            )?
            .get(0);
        Ok(n as u64)
    }

    /// Appends `data` at offset `at` when exactly `at` bytes are held; `false`
    /// (nothing written) when another replica's append came first.
    pub fn append_chunk(
        &self,
        id: &SubmissionId,
        sha: &Sha256Digest,
        at: u64,
        data: &[u8],
    ) -> Result<bool> {
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        tx.execute(
            "SELECT pg_advisory_xact_lock($1, hashtext($2 || $3))",
            &[&UPLOAD_LOCK, &id.as_str(), &sha.as_str()],
        )?;
        let held: i64 = tx
            .query_one(
                "SELECT COALESCE(SUM(length(data)), 0)::BIGINT FROM upload_chunks
                 WHERE submission_id = $1 AND sha256 = $2",
                &[&id.as_str(), &sha.as_str()],
            )?
            .get(0);
        if held as u64 != at {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO upload_chunks (submission_id, sha256, at, data) VALUES ($1, $2, $3, $4)",
            &[&id.as_str(), &sha.as_str(), &(at as i64), &data],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Every byte held for an upload, in order (at most 4 MiB).
    pub fn partial_bytes(&self, id: &SubmissionId, sha: &Sha256Digest) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        for r in self.client()?.query(
            "SELECT data FROM upload_chunks WHERE submission_id = $1 AND sha256 = $2 ORDER BY at",
            &[&id.as_str(), &sha.as_str()],
        )? {
            out.extend_from_slice(r.get::<_, &[u8]>(0));
        }
        Ok(out)
    }

    /// Drops the chunks of one upload, or (`sha` `None`) of every upload of a submission.
    pub fn discard_chunks(&self, id: &SubmissionId, sha: Option<&Sha256Digest>) -> Result<()> {
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        match sha {
            Some(sha) => {
                tx.execute(
                    "SELECT pg_advisory_xact_lock($1, hashtext($2 || $3))",
                    &[&UPLOAD_LOCK, &id.as_str(), &sha.as_str()],
                )?;
                tx.execute(
                    "DELETE FROM upload_chunks WHERE submission_id = $1 AND sha256 = $2",
                    &[&id.as_str(), &sha.as_str()],
                )?
            }
            None => tx.execute(
                "DELETE FROM upload_chunks WHERE submission_id = $1",
                &[&id.as_str()],
            )?,
        };
        tx.commit()?;
        Ok(())
    }
}
