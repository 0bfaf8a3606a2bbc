//! When to try again, and how many bytes to send in one request.
//!
//! While the browser is online a failed try is retried within seconds: the
//! wait doubles from 1 s to at most 15 s, with jitter in its upper half so
//! tabs and devices do not retry in step, and starts over after a try that
//! moved bytes (the link works, it only drops now and then). Offline, nothing
//! can succeed until the browser's `online` event, which retries at once; the
//! long wait is only a safety net. The server's `Retry-After` is always
//! honoured, even beyond the cap: it knows its load.

use eport_domain::protocol::{CHUNK_DEFAULT_BYTES, CHUNK_MAX_BYTES};

use super::Cause;

pub const BASE_MS: u64 = 1_000;
pub const CAP_MS: u64 = 15_000;
/// Offline: the `online` event retries; this only guards a missed event.
pub const OFFLINE_MS: u64 = 60_000;

/// Milliseconds to wait after the `attempts`-th failed try in a row
/// (1 = the first) for `cause`. `random` is uniform in [0, 1).
pub fn delay_ms(cause: Cause, attempts: u32, retry_after_secs: Option<u32>, random: f64) -> u64 {
    let own = match cause {
        Cause::Offline => OFFLINE_MS,
        _ => {
            let ceiling = (BASE_MS << attempts.saturating_sub(1).min(10)).min(CAP_MS);
            let random = random.clamp(0.0, 1.0);
            ceiling / 2 + (random * (ceiling / 2) as f64) as u64
        }
    };
    own.max(u64::from(retry_after_secs.unwrap_or(0)) * 1000)
}

/// Bytes per `PATCH`, adapted to the link: halved after a chunk fails, down
/// to 64 KiB, so a link that drops a connection after some bytes still moves
/// whole chunks; doubled after two chunks in a row succeed, up to the
/// protocol's 1 MiB, so a link that resets a share of requests whatever their
/// size needs fewer of them. The server keeps what arrived of a cut chunk, so
/// either way little is sent twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkSize {
    bytes: usize,
    streak: u8,
}

pub const CHUNK_MIN_BYTES: usize = 64 * 1024;

impl Default for ChunkSize {
    fn default() -> Self {
        ChunkSize {
            bytes: CHUNK_DEFAULT_BYTES,
            streak: 0,
        }
    }
}

impl ChunkSize {
    pub fn bytes(self) -> usize {
        self.bytes
    }

    pub fn succeeded(self) -> ChunkSize {
        if self.streak >= 1 {
            ChunkSize {
                bytes: (self.bytes * 2).min(CHUNK_MAX_BYTES),
                streak: 0,
            }
        } else {
            ChunkSize {
                bytes: self.bytes,
                streak: self.streak + 1,
            }
        }
    }

    pub fn failed(self) -> ChunkSize {
        ChunkSize {
            bytes: (self.bytes / 2).max(CHUNK_MIN_BYTES),
            streak: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn online_waits_grow_from_a_second_to_fifteen() {
        let at = |n| delay_ms(Cause::Unreachable, n, None, 0.999_999);
        assert_eq!(at(1), 999);
        assert_eq!(at(2), 1_999);
        assert_eq!(at(3), 3_999);
        assert_eq!(at(5), 14_999);
        assert_eq!(at(40), 14_999);
        assert_eq!(delay_ms(Cause::Unreachable, 1, None, 0.0), 500);
    }

    #[test]
    fn retry_after_is_honoured_beyond_the_cap_and_offline_waits_for_the_event() {
        assert_eq!(delay_ms(Cause::Busy(429), 1, Some(120), 0.3), 120_000);
        assert_eq!(delay_ms(Cause::Offline, 1, None, 0.3), OFFLINE_MS);
    }

    #[test]
    fn chunks_shrink_on_failure_and_grow_on_success_within_bounds() {
        let c = ChunkSize::default();
        assert_eq!(c.bytes(), 256 * 1024);
        assert_eq!(c.failed().bytes(), 128 * 1024);
        assert_eq!(
            c.failed().failed().failed().failed().bytes(),
            CHUNK_MIN_BYTES
        );
        assert_eq!(c.succeeded().bytes(), 256 * 1024);
        assert_eq!(c.succeeded().succeeded().bytes(), 512 * 1024);
        let mut big = c;
        for _ in 0..20 {
            big = big.succeeded();
        }
        assert_eq!(big.bytes(), CHUNK_MAX_BYTES);
    }

    proptest! {
        #[test]
        fn an_online_wait_is_never_zero_nor_past_the_cap(n in 1u32..100, r in 0.0f64..1.0) {
            let d = delay_ms(Cause::AttachmentsMissing, n, None, r);
            prop_assert!((BASE_MS / 2..=CAP_MS).contains(&d));
        }

        #[test]
        fn a_chunk_stays_within_the_protocol(ops in proptest::collection::vec(any::<bool>(), 0..60)) {
            let mut c = ChunkSize::default();
            for ok in ops {
                c = if ok { c.succeeded() } else { c.failed() };
                prop_assert!((CHUNK_MIN_BYTES..=CHUNK_MAX_BYTES).contains(&c.bytes()));
            }
        }
    }
}
