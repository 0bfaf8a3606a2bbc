//! One writer per attachment: concurrent tabs or retries of the same chunk
//! queue on its lock (only while writing; bodies are read before locking).
//! Locks nobody holds are dropped, so the table stays as small as the number
//! of uploads in flight.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use eport_domain::ids::{Sha256Digest, SubmissionId};

type Lock = Arc<tokio::sync::Mutex<()>>;

#[derive(Default)]
pub struct UploadLocks(Mutex<HashMap<(SubmissionId, Sha256Digest), Lock>>);

/// Above this many entries, unused ones are swept on the next `get`.
const SWEEP_AT: usize = 256;

impl UploadLocks {
    pub fn get(&self, id: &SubmissionId, sha: &Sha256Digest) -> Lock {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= SWEEP_AT {
            map.retain(|_, l| Arc::strong_count(l) > 1);
        }
        map.entry((id.clone(), sha.clone())).or_default().clone()
    }

    pub fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unused_locks_are_swept() {
        let locks = UploadLocks::default();
        let sha = Sha256Digest::parse(&"ab".repeat(32)).unwrap();
        let held = locks.get(
            &SubmissionId::parse("5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31").unwrap(),
            &sha,
        );
        for i in 0..1000 {
            let id = SubmissionId::parse(&format!("5b1c9a52-8f3e-4d7a-9c1b-{i:012}")).unwrap();
            drop(locks.get(&id, &sha));
        }
        assert!(locks.len() <= SWEEP_AT + 1, "{}", locks.len());
        assert!(
            Arc::strong_count(&held) > 1,
            "a held lock stays in the table"
        );
    }
}
