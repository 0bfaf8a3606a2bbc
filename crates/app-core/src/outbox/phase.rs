//! Where a declaration is on its way to the server, and the only transitions
//! between those places. Times are milliseconds since the epoch.

use serde::{Deserialize, Serialize};

use super::retry;

/// The outbox entry's phase, as stored and as the pages render it.
/// Stored externally tagged (`"queued"`, `{"waiting": {…}}`): serde reads
/// that without buffering, which keeps the app's wasm smaller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Declared; the next run sends it (first try, or 立即重试 was pressed).
    Queued,
    /// A try is under way since `since` (a tab that closed mid-try leaves it
    /// so: the next run takes it up again); `attempts` failed before it
    /// since bytes last moved.
    Sending { since: u64, attempts: u32 },
    /// The last try did not get through because of `cause`; the next
    /// automatic one is at `next_at`. `attempts` counts the tries since the
    /// last one that moved bytes.
    Waiting {
        cause: Cause,
        attempts: u32,
        next_at: u64,
    },
    /// The server refused the declaration for good: it needs the user.
    Refused { status: u16, detail: String },
    /// On the server; the entry's status document says what became of it.
    Received,
    /// 撤回 was asked for and the server may hold it: sent when it can be.
    Withdrawing,
    /// Withdrawn, here and (if it was there) on the server.
    Withdrawn,
}

/// Why a try did not get through, as the user is told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The browser says it has no network.
    Offline,
    /// The browser is online but the server did not answer (connection reset
    /// or refused, DNS, a captive portal).
    Unreachable,
    /// The server answered that it is busy or out of room (408, 429, 5xx,
    /// 507), usually with a `Retry-After`.
    Busy(u16),
    /// The declaration is on the server but not every attachment yet.
    AttachmentsMissing,
}

/// What happened to an entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The runner starts a try.
    Start { now: u64 },
    /// The server holds the declaration and every attachment.
    Accepted,
    /// A try failed with a cause worth trying again. `moved`: the server took
    /// bytes during it. `random` is uniform in [0, 1), for jitter.
    Failed {
        now: u64,
        cause: Cause,
        retry_after_secs: Option<u32>,
        moved: bool,
        random: f64,
    },
    /// The server refused it (a 4xx that no retry changes).
    Refused { status: u16, detail: String },
    /// 立即重试, `online`, or the server lost a received declaration: due now.
    Retry,
    /// 撤回申报. `sent`: a `PUT` may have reached the server.
    Withdraw { sent: bool },
    /// The server withdrew it, or never had it.
    WithdrawConfirmed,
    /// The review had begun: the declaration stands.
    WithdrawRefused,
}

impl Event {
    /// The event's name, for logs.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Start { .. } => "start",
            Event::Accepted => "accepted",
            Event::Failed { .. } => "failed",
            Event::Refused { .. } => "refused",
            Event::Retry => "retry",
            Event::Withdraw { .. } => "withdraw",
            Event::WithdrawConfirmed => "withdraw-confirmed",
            Event::WithdrawRefused => "withdraw-refused",
        }
    }
}

/// A transition that does not exist, e.g. sending a withdrawn declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct Illegal {
    pub from: Phase,
    pub event: Event,
}

impl Phase {
    /// The phase after `event`, or [`Illegal`] when `event` cannot happen here.
    pub fn step(self, event: Event) -> Result<Phase, Illegal> {
        use Phase::*;
        let next = match (&self, &event) {
            (Queued, Event::Start { now }) => Some(Sending {
                since: *now,
                attempts: 0,
            }),
            (Waiting { attempts, .. } | Sending { attempts, .. }, Event::Start { now }) => {
                Some(Sending {
                    since: *now,
                    attempts: *attempts,
                })
            }
            (Sending { .. }, Event::Accepted) => Some(Received),
            (
                Sending { .. } | Queued | Waiting { .. },
                Event::Failed {
                    now,
                    cause,
                    retry_after_secs,
                    moved,
                    random,
                },
            ) => {
                let before = match &self {
                    Waiting { attempts, .. } | Sending { attempts, .. } => *attempts,
                    _ => 0,
                };
                // A try that moved bytes shows the link works: start over.
                let attempts = if *moved { 1 } else { before + 1 };
                let wait = retry::delay_ms(*cause, attempts, *retry_after_secs, *random);
                Some(Waiting {
                    cause: *cause,
                    attempts,
                    next_at: now + wait,
                })
            }
            (Sending { .. }, Event::Refused { status, detail }) => Some(Refused {
                status: *status,
                detail: detail.clone(),
            }),
            (Waiting { .. } | Queued | Received, Event::Retry) => Some(Queued),
            (Queued | Sending { .. } | Waiting { .. }, Event::Withdraw { sent: false }) => {
                Some(Withdrawn)
            }
            (
                Queued | Sending { .. } | Waiting { .. } | Received | Withdrawing,
                Event::Withdraw { .. },
            ) => Some(Withdrawing),
            (Withdrawing, Event::WithdrawConfirmed) => Some(Withdrawn),
            (Withdrawing, Event::WithdrawRefused) => Some(Received),
            _ => None,
        };
        next.ok_or(Illegal { from: self, event })
    }

    /// Not on the server yet, and not given up: the outbox still holds it.
    pub fn pending(&self) -> bool {
        matches!(
            self,
            Phase::Queued | Phase::Sending { .. } | Phase::Waiting { .. }
        )
    }

    /// The runner should try it now.
    pub fn due(&self, now: u64) -> bool {
        match self {
            Phase::Queued | Phase::Sending { .. } => true,
            Phase::Waiting { next_at, .. } => *next_at <= now,
            _ => false,
        }
    }

    /// When the next automatic try is, if one is planned.
    pub fn next_try(&self) -> Option<u64> {
        match self {
            Phase::Waiting { next_at, .. } => Some(*next_at),
            Phase::Queued | Phase::Sending { .. } => None,
            _ => None,
        }
    }

    /// The phase's name as stored ("waiting"), for logs.
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Queued => "queued",
            Phase::Sending { .. } => "sending",
            Phase::Waiting { .. } => "waiting",
            Phase::Refused { .. } => "refused",
            Phase::Received => "received",
            Phase::Withdrawing => "withdrawing",
            Phase::Withdrawn => "withdrawn",
        }
    }

    pub fn withdrawal(&self) -> bool {
        matches!(self, Phase::Withdrawing | Phase::Withdrawn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: u64 = 1_800_000_000_000;

    fn failed(cause: Cause, moved: bool) -> Event {
        Event::Failed {
            now: T,
            cause,
            retry_after_secs: None,
            moved,
            random: 0.5,
        }
    }

    #[test]
    fn a_declaration_is_sent_and_received() {
        let p = Phase::Queued.step(Event::Start { now: T }).unwrap();
        assert_eq!(
            p,
            Phase::Sending {
                since: T,
                attempts: 0
            }
        );
        assert!(p.pending() && p.due(T));
        assert_eq!(p.step(Event::Accepted).unwrap(), Phase::Received);
    }

    fn sending() -> Phase {
        Phase::Queued.step(Event::Start { now: T }).unwrap()
    }

    #[test]
    fn a_failed_try_waits_with_its_cause_and_counts_attempts_until_bytes_move() {
        let p = sending().step(failed(Cause::Unreachable, false)).unwrap();
        let Phase::Waiting {
            cause,
            attempts,
            next_at,
        } = p.clone()
        else {
            panic!("{p:?}")
        };
        assert_eq!((cause, attempts), (Cause::Unreachable, 1));
        assert!(next_at > T && next_at <= T + retry::CAP_MS);
        assert!(!p.due(T) && p.due(next_at));
        assert_eq!(p.next_try(), Some(next_at));
        // The count survives the next try and grows while nothing moves…
        let p = p
            .step(Event::Start { now: T })
            .unwrap()
            .step(failed(Cause::Unreachable, false))
            .unwrap();
        assert!(matches!(p, Phase::Waiting { attempts: 2, .. }), "{p:?}");
        // …and starts over after a try in which the server took bytes.
        let p = p
            .step(Event::Start { now: T })
            .unwrap()
            .step(failed(Cause::Busy(503), true))
            .unwrap();
        assert!(matches!(p, Phase::Waiting { attempts: 1, .. }), "{p:?}");
    }

    #[test]
    fn offline_before_a_try_is_a_failure_of_its_own_cause() {
        let p = Phase::Queued.step(failed(Cause::Offline, false)).unwrap();
        assert!(matches!(
            p,
            Phase::Waiting {
                cause: Cause::Offline,
                attempts: 1,
                ..
            }
        ));
    }

    #[test]
    fn a_refusal_needs_the_user_and_is_never_retried_automatically() {
        let p = sending()
            .step(Event::Refused {
                status: 422,
                detail: "bad".into(),
            })
            .unwrap();
        assert!(!p.pending() && !p.due(u64::MAX));
        assert!(p.clone().step(Event::Start { now: T }).is_err());
        assert!(p.step(Event::Retry).is_err());
    }

    #[test]
    fn retry_makes_a_waiting_or_lost_declaration_due_now() {
        let w = Phase::Waiting {
            cause: Cause::Offline,
            attempts: 3,
            next_at: T + 60_000,
        };
        assert_eq!(w.step(Event::Retry).unwrap(), Phase::Queued);
        // The server lost a received one: sent again.
        assert_eq!(Phase::Received.step(Event::Retry).unwrap(), Phase::Queued);
        assert!(Phase::Queued.due(0));
    }

    #[test]
    fn withdrawing_follows_whether_it_was_sent() {
        for p in [
            Phase::Queued,
            sending(),
            Phase::Waiting {
                cause: Cause::Unreachable,
                attempts: 1,
                next_at: T,
            },
        ] {
            assert_eq!(
                p.clone().step(Event::Withdraw { sent: false }).unwrap(),
                Phase::Withdrawn
            );
            assert_eq!(
                p.step(Event::Withdraw { sent: true }).unwrap(),
                Phase::Withdrawing
            );
        }
        assert_eq!(
            Phase::Received
                .step(Event::Withdraw { sent: true })
                .unwrap(),
            Phase::Withdrawing
        );
        assert_eq!(
            Phase::Withdrawing.step(Event::WithdrawConfirmed).unwrap(),
            Phase::Withdrawn
        );
        assert_eq!(
            Phase::Withdrawing.step(Event::WithdrawRefused).unwrap(),
            Phase::Received
        );
        assert!(Phase::Withdrawn.step(Event::Start { now: T }).is_err());
        assert!(Phase::Withdrawn
            .step(Event::Withdraw { sent: true })
            .is_err());
        assert!(Phase::Received.step(Event::Accepted).is_err());
    }

    #[test]
    fn the_stored_form_is_tagged() {
        let p = Phase::Waiting {
            cause: Cause::Busy(503),
            attempts: 2,
            next_at: T,
        };
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            r#"{"waiting":{"cause":{"busy":503},"attempts":2,"next_at":1800000000000}}"#
        );
        assert_eq!(
            serde_json::to_string(&Phase::Queued).unwrap(),
            r#""queued""#
        );
        assert_eq!(serde_json::from_str::<Phase>(&json).unwrap(), p);
    }
}
