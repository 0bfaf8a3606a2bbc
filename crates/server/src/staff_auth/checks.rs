//! Password checks, the server's costliest work (Argon2id at OWASP's
//! m = 19 MiB, t = 2, p = 1), as a bounded resource: at most `at_once` run at
//! the same time, at most `queue` more wait for one, and beyond that a
//! sign-in is answered 503 at once. Each check hashes into one of at most
//! `at_once` memory buffers that are allocated once and reused: a flood of
//! sign-ins costs no memory beyond them, and nothing is freed for the
//! allocator to keep (glibc keeps freed 19 MiB blocks in its per-thread
//! arenas once its mmap threshold has grown past them).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use argon2::password_hash::{Output, PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

/// More sign-ins are waiting than the queue holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

pub struct PasswordChecks {
    at_once: usize,
    queue: usize,
    permits: Semaphore,
    /// Admitted: running or waiting.
    admitted: AtomicUsize,
    running: AtomicUsize,
    buffers: Mutex<Vec<Vec<Block>>>,
}

impl PasswordChecks {
    pub fn new(at_once: usize, queue: usize) -> PasswordChecks {
        let at_once = at_once.max(1);
        PasswordChecks {
            at_once,
            queue,
            permits: Semaphore::new(at_once),
            admitted: AtomicUsize::new(0),
            running: AtomicUsize::new(0),
            buffers: Mutex::new(Vec::new()),
        }
    }

    /// As many at once as the machine has cores (at most 4: the rest of the
    /// server needs them too), and twice that waiting.
    pub fn sized_from_cores() -> PasswordChecks {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let at_once = cores.clamp(1, 4);
        PasswordChecks::new(at_once, at_once * 2)
    }

    /// Checks `password` against `stored` (a PHC string), or against a hash
    /// nobody's password matches when there is none, so an unknown login
    /// takes as long as a known one.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, Busy> {
        if self.admitted.fetch_add(1, Ordering::SeqCst) >= self.at_once + self.queue {
            self.admitted.fetch_sub(1, Ordering::SeqCst);
            return Err(Busy);
        }
        let _admitted = Release(&self.admitted);
        let Ok(_permit) = self.permits.acquire().await else {
            return Err(Busy);
        };
        let running = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        let _running = Release(&self.running);
        tracing::debug!(running, at_once = self.at_once, "password check");
        let mut memory = self
            .buffers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop()
            .unwrap_or_default();
        let (ok, memory) = tokio::task::spawn_blocking(move || {
            let stored = stored.unwrap_or_else(|| super::password::nobody().to_string());
            let ok = verify_in(&password, &stored, &mut memory);
            (ok, memory)
        })
        .await
        .unwrap_or_default();
        self.buffers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(memory);
        Ok(ok)
    }

    /// Checks running now (never more than [`Self::at_once`]).
    pub fn running(&self) -> usize {
        self.running.load(Ordering::SeqCst)
    }
}

struct Release<'a>(&'a AtomicUsize);

impl Drop for Release<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `password` against the PHC string `stored`, hashing into `memory`
/// (grown once to the hash's block count, then reused).
pub fn verify_in(password: &str, stored: &str, memory: &mut Vec<Block>) -> bool {
    let Ok(hash) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else {
        return false;
    };
    let (Ok(params), Ok(algorithm)) =
        (Params::try_from(&hash), Algorithm::try_from(hash.algorithm))
    else {
        return false;
    };
    let version = match hash.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut memory[..blocks])
        .is_ok()
        // `Output`'s equality is constant-time.
        && Output::new(&out).is_ok_and(|o| o == expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff_auth::password;

    #[test]
    fn verifies_as_the_argon2_crate_does_reusing_one_buffer() {
        let p = password::generate();
        let h = password::hash(&p).unwrap();
        let mut memory = Vec::new();
        assert!(verify_in(&p, &h, &mut memory));
        assert_eq!(memory.len(), 19 * 1024, "OWASP's 19 MiB, in 1 KiB blocks");
        let ptr = memory.as_ptr();
        assert!(!verify_in("wrong", &h, &mut memory));
        assert!(!verify_in(
            &p,
            "$argon2id$v=19$m=19456,t=2,p=1$bm90aGluZw$",
            &mut memory
        ));
        assert!(!verify_in(&p, "not a hash", &mut memory));
        assert_eq!(
            memory.as_ptr(),
            ptr,
            "the buffer is reused, not reallocated"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_than_the_setting_run_and_the_rest_beyond_the_queue_are_busy() {
        let checks = std::sync::Arc::new(PasswordChecks::new(2, 3));
        let h = password::hash("right").unwrap();
        let mut tasks = Vec::new();
        let peak = std::sync::Arc::new(AtomicUsize::new(0));
        for _ in 0..20 {
            let (c, h, peak) = (checks.clone(), h.clone(), peak.clone());
            tasks.push(tokio::spawn(async move {
                let watch = {
                    let (c, peak) = (c.clone(), peak.clone());
                    tokio::spawn(async move {
                        for _ in 0..200 {
                            peak.fetch_max(c.running(), Ordering::SeqCst);
                            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                        }
                    })
                };
                let r = c.verify("wrong".into(), Some(h)).await;
                watch.abort();
                r
            }));
        }
        let mut busy = 0;
        for t in tasks {
            match t.await.unwrap() {
                Err(Busy) => busy += 1,
                Ok(ok) => assert!(!ok),
            }
        }
        assert!(
            busy >= 20 - 5,
            "at most 2 running and 3 waiting were admitted: {busy} busy"
        );
        assert!(peak.load(Ordering::SeqCst) <= 2);
        assert!(
            checks.buffers.lock().unwrap().len() <= 2,
            "one buffer per check at once"
        );
        assert_eq!(checks.verify("right".into(), Some(h)).await, Ok(true));
    }
}
