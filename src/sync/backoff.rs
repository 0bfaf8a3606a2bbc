//! Exponential back-off with full jitter: 2 s base, 5 min cap, and never
//! sooner than the server's `Retry-After`.

const BASE_MS: f64 = 2_000.0;
const CAP_MS: f64 = 300_000.0;

/// Milliseconds to wait before attempt number `attempts` (1 = first retry).
/// `random` is uniform in [0, 1).
pub fn delay_ms(attempts: u32, retry_after_secs: Option<u32>, random: f64) -> f64 {
    let ceiling = (BASE_MS * 2f64.powi(attempts.min(20) as i32)).min(CAP_MS);
    let jittered = random * ceiling;
    jittered.max(retry_after_secs.unwrap_or(0) as f64 * 1000.0)
}
