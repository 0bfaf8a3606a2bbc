//! The outbox record as IndexedDB keeps it. It reads the format of earlier
//! versions too (a `state` string, `attempts`, times as strings of
//! milliseconds, `last_error` as text): the database upgrade rewrites those
//! records, and a help-desk bundle exported by an older app still opens.

use std::collections::HashMap;

use eport_domain::protocol::{Manifest, StatusDocument};
use serde::{Deserialize, Serialize};

use super::{Cause, Phase};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "Stored")]
pub struct OutboxEntry {
    /// The submission id (UUID v4) the server will know it by.
    pub id: String,
    pub case_id: String,
    /// 32 random bytes, base64url: the bearer secret for this submission.
    pub secret: String,
    /// The frozen manifest: later edits to the case do not change it.
    pub manifest: Manifest,
    pub phase: Phase,
    /// When it was declared (RFC 3339, Asia/Shanghai).
    pub created_at: String,
    /// The rejected submission's secret when this one supersedes it.
    pub supersedes_secret: Option<String>,
    /// The server's latest status document (reference, review, dates).
    pub remote: Option<StatusDocument>,
    /// When a finished declaration's status was last asked for (ms since
    /// the epoch): the server may have archived it since.
    pub refreshed_at: Option<u64>,
    /// A `PUT` of it went out at least once: the server may hold it, so a
    /// withdrawal has to be sent there too.
    pub sent: bool,
    /// Bytes the server said it holds, per attachment (SHA-256): shown as
    /// progress across tries, and across reloads. (A HashMap: the app has its
    /// code already, a BTreeMap would add more to the wasm.)
    pub held: HashMap<String, u64>,
}

impl OutboxEntry {
    /// A new declaration, queued.
    pub fn queued(
        id: String,
        case_id: String,
        secret: String,
        manifest: Manifest,
        created_at: String,
    ) -> OutboxEntry {
        OutboxEntry {
            id,
            case_id,
            secret,
            manifest,
            phase: Phase::Queued,
            created_at,
            supersedes_secret: None,
            remote: None,
            refreshed_at: None,
            sent: false,
            held: HashMap::new(),
        }
    }

    /// Bytes of all attachments the server holds, and their total.
    pub fn progress(&self) -> (u64, u64) {
        self.manifest.attachments.iter().fold((0, 0), |(h, t), a| {
            let held = self.held.get(&a.sha256).copied().unwrap_or(0).min(a.size);
            (h + held, t + a.size)
        })
    }
}

/// Any format the record was ever stored in.
#[derive(Deserialize)]
struct Stored {
    id: String,
    case_id: String,
    secret: String,
    manifest: Manifest,
    // Not an Option, and the millis below not either: each Option of a type
    // is one more deserializer in the app's wasm.
    #[serde(default = "queued")]
    phase: Phase,
    created_at: String,
    #[serde(default)]
    supersedes_secret: Option<String>,
    #[serde(default)]
    remote: Option<StatusDocument>,
    #[serde(default)]
    refreshed_at: Millis,
    #[serde(default)]
    sent: bool,
    #[serde(default)]
    held: HashMap<String, u64>,
    // Before the phase: a string state and its companions.
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    attempts: u32,
    #[serde(default)]
    next_attempt_at: Millis,
    #[serde(default)]
    last_error: Option<String>,
}

/// Milliseconds, stored as a number now and as a string of digits before
/// (read as a JSON value: an untagged enum would cost the app's wasm more);
/// `null` or absent when there are none.
type Millis = serde_json::Value;

fn queued() -> Phase {
    Phase::Queued
}

fn millis(v: Millis) -> Option<u64> {
    match v {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(t) => t.trim().parse().ok(),
        _ => None,
    }
}

impl From<Stored> for OutboxEntry {
    fn from(s: Stored) -> OutboxEntry {
        // A `state` string is the earlier format; today's records have none.
        let phase = match s.state.as_deref() {
            None => s.phase,
            Some(state) => legacy_phase(
                state,
                s.attempts,
                millis(s.next_attempt_at),
                s.last_error.as_deref(),
            ),
        };
        OutboxEntry {
            id: s.id,
            case_id: s.case_id,
            secret: s.secret,
            manifest: s.manifest,
            phase,
            created_at: s.created_at,
            supersedes_secret: s.supersedes_secret,
            remote: s.remote,
            refreshed_at: millis(s.refreshed_at),
            sent: s.sent,
            held: s.held,
        }
    }
}

/// The phase an earlier version's record was in. Its `last_error` was the
/// runner's text: "network: …" (no answer; "network: offline" when the
/// browser said so, "network: attachments still missing") or "HTTP 503: …".
fn legacy_phase(
    state: &str,
    attempts: u32,
    next_at: Option<u64>,
    last_error: Option<&str>,
) -> Phase {
    let status = |e: &str| {
        e.strip_prefix("HTTP ")
            .and_then(|r| r.get(..3))
            .and_then(|c| c.parse::<u16>().ok())
    };
    match state {
        "sending" => Phase::Sending { since: 0, attempts },
        "received" => Phase::Received,
        "failed" => {
            let e = last_error.unwrap_or("");
            Phase::Refused {
                status: status(e).unwrap_or(0),
                detail: e.split_once(": ").map_or(e, |(_, d)| d).to_string(),
            }
        }
        "withdrawing" => Phase::Withdrawing,
        "withdrawn" => Phase::Withdrawn,
        // "queued", and anything unknown: sent again, which the server's
        // exactly-once PUT makes harmless.
        _ => match (last_error, next_at) {
            (None, None) => Phase::Queued,
            (e, next_at) => {
                let e = e.unwrap_or("");
                let cause = match e {
                    "network: offline" => Cause::Offline,
                    "network: attachments still missing" => Cause::AttachmentsMissing,
                    _ => match status(e) {
                        Some(status) => Cause::Busy(status),
                        None => Cause::Unreachable,
                    },
                };
                Phase::Waiting {
                    cause,
                    attempts: attempts.max(1),
                    next_at: next_at.unwrap_or(0),
                }
            }
        },
    }
}
