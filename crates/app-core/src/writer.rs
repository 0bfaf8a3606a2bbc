//! The open case's one writer, without a browser: which version is written
//! when, and which saves are acknowledged. The app drives it (`src/editor/`)
//! with IndexedDB as the storage; the host tests drive it with a map.
//!
//! What it guarantees:
//! - **One write at a time, in order.** A change gets a ticket; a write
//!   carries the newest change and acknowledges every ticket up to its own.
//! - **Coalescing.** Changes within [`QUIET_MS`] of each other become one
//!   write, and no change waits more than [`MAX_WAIT_MS`] for its write to
//!   start. A flush (leaving the page, 申报) starts the write at once, or right
//!   after the one under way.
//! - **Acknowledged means stored.** A save's future resolves `Ok` only when a
//!   write holding that change (or a newer one) committed; it resolves `Err`
//!   when the write holding it failed. After a failure the writer waits for
//!   the next change or flush, which writes everything not yet stored.
//! - **A declaration is frozen from exactly what is written**, in the same
//!   write, and waits while a file is still being prepared for a slot.
//! - **Another tab's save** is merged into the newest version here, with the
//!   last committed version as the common ancestor.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Changes this close together (ms) are written as one.
pub const QUIET_MS: f64 = 200.0;
/// The longest a change waits for its write to start (ms), however fast the typing.
pub const MAX_WAIT_MS: f64 = 300.0;

/// A change's place in the order of changes: later is larger.
pub type Ticket = u64;

/// One write for the driver to perform.
#[derive(Debug, Clone, PartialEq)]
pub struct Job<V> {
    /// Every change up to this one is in `value`.
    pub ticket: Ticket,
    pub value: V,
    /// The last committed version: the common ancestor when storage holds
    /// another tab's newer save.
    pub base: V,
    /// Also freeze and commit the declaration of `value`, in the same write.
    pub declare: bool,
}

/// What the writer wants done now.
#[derive(Debug, Clone, PartialEq)]
pub enum Next<V> {
    Write(Job<V>),
    /// Ask again at this time (ms): a change is being coalesced.
    WaitUntil(f64),
    /// Nothing to write (or a write is under way: its end asks again).
    Idle,
}

#[derive(Debug)]
pub struct Writer<V, E> {
    committed: V,
    committed_ticket: Ticket,
    /// The newest version (what the page shows) and its ticket.
    latest: V,
    latest_ticket: Ticket,
    /// When the oldest change not yet written was made, and the newest.
    first_unwritten_at: Option<f64>,
    last_change_at: f64,
    flush: bool,
    declare: bool,
    /// Files being prepared for a slot: a declaration waits for them.
    holds: u32,
    in_flight: Option<Job<V>>,
    /// The last write failed: nothing more is tried until a change or flush.
    parked: bool,
    /// The last failure and the newest ticket it covered.
    failure: Option<(Ticket, E)>,
    /// Another tab saved while a write was under way: read storage again after it.
    reread: bool,
    waiters: Vec<(Ticket, Waker)>,
}

impl<V: Clone + PartialEq, E: Clone> Writer<V, E> {
    /// A writer of `stored`, as storage holds it.
    pub fn new(stored: V) -> Self {
        Writer {
            committed: stored.clone(),
            committed_ticket: 0,
            latest: stored,
            latest_ticket: 0,
            first_unwritten_at: None,
            last_change_at: 0.0,
            flush: false,
            declare: false,
            holds: 0,
            in_flight: None,
            parked: false,
            failure: None,
            reread: false,
            waiters: Vec::new(),
        }
    }

    /// The newest version.
    pub fn latest(&self) -> &V {
        &self.latest
    }

    /// A new version of the case at `now` (ms). The same version again is no
    /// change: it returns the ticket it already has.
    pub fn change(&mut self, value: V, now: f64) -> Ticket {
        if value == self.latest {
            return self.latest_ticket;
        }
        self.latest = value;
        self.latest_ticket += 1;
        self.first_unwritten_at.get_or_insert(now);
        self.last_change_at = now;
        self.parked = false;
        self.latest_ticket
    }

    /// Write what is not yet stored at once (or right after the write under
    /// way). Returns the ticket that, once acknowledged, covers everything.
    pub fn flush(&mut self) -> Ticket {
        if self.latest_ticket > self.committed_ticket {
            self.flush = true;
            self.parked = false;
        }
        self.latest_ticket
    }

    /// 申报: the newest version and its declaration, written together as soon
    /// as no file is being prepared.
    pub fn declare(&mut self, now: f64) -> Ticket {
        self.declare = true;
        self.parked = false;
        // A ticket of its own, acknowledged only by the declaring write,
        // even when every edit is already stored.
        self.latest_ticket += 1;
        self.first_unwritten_at.get_or_insert(now);
        self.latest_ticket
    }

    /// Whether a declaration is waiting to be written.
    pub fn declaring(&self) -> bool {
        self.declare
    }

    /// A file is being prepared for a slot (read, hashed, stored).
    pub fn hold(&mut self) {
        self.holds += 1;
    }

    /// That file is in the case (a change) or was refused.
    pub fn release(&mut self) {
        self.holds = self.holds.saturating_sub(1);
    }

    /// What to do at `now` (ms). A `Write` is under way until [`Self::written`].
    pub fn next(&mut self, now: f64) -> Next<V> {
        // A declaration waits for the files being prepared (their `release`
        // asks again); its ticket is never written without it.
        if self.in_flight.is_some() || self.parked || (self.declare && self.holds > 0) {
            return Next::Idle;
        }
        let declare = self.declare;
        let unwritten = self.latest_ticket > self.committed_ticket;
        if !unwritten && !declare {
            self.flush = false;
            return Next::Idle;
        }
        if !(declare || self.flush) {
            let since = self.first_unwritten_at.unwrap_or(now);
            let due = (self.last_change_at + QUIET_MS).min(since + MAX_WAIT_MS);
            if now < due {
                return Next::WaitUntil(due);
            }
        }
        let job = Job {
            ticket: self.latest_ticket,
            value: self.latest.clone(),
            base: self.committed.clone(),
            declare,
        };
        self.flush = false;
        if declare {
            self.declare = false;
        }
        self.first_unwritten_at = None;
        self.in_flight = Some(job.clone());
        Next::Write(job)
    }

    /// The write under way ended: `Ok` with what storage now holds (the
    /// value, merged with another tab's save or with the declaration's state
    /// where that happened). `merge(base, ours, theirs)` brings a newer
    /// change made meanwhile onto it. Returns the version the page must show
    /// when it is not the one the page has.
    pub fn written(
        &mut self,
        result: Result<V, E>,
        merge: impl FnOnce(&V, &V, &V) -> V,
    ) -> Option<V> {
        let job = self.in_flight.take()?;
        let shown = match result {
            Ok(stored) => {
                self.committed_ticket = self.committed_ticket.max(job.ticket);
                let show = if stored == job.value {
                    None
                } else if self.latest_ticket == job.ticket {
                    self.latest = stored.clone();
                    Some(stored.clone())
                } else {
                    // Typed during the write: keep it, on top of what was stored.
                    self.latest = merge(&job.value, &self.latest, &stored);
                    Some(self.latest.clone())
                };
                self.committed = stored;
                show
            }
            Err(e) => {
                self.failure = Some((job.ticket, e));
                self.parked = true;
                if job.declare {
                    // The declaration did not happen; 申报 is pressed again.
                    self.declare = false;
                }
                None
            }
        };
        self.wake();
        shown
    }

    /// Another tab committed `stored`. Outside a write it is merged into the
    /// newest version at once; during one, after it ([`Self::take_reread`]).
    pub fn theirs(&mut self, stored: V, merge: impl FnOnce(&V, &V, &V) -> V) -> Option<V> {
        if self.in_flight.is_some() {
            self.reread = true;
            return None;
        }
        if stored == self.committed {
            return None;
        }
        let merged = merge(&self.committed, &self.latest, &stored);
        self.committed = stored;
        // A declaration's ticket is acknowledged only by its own write.
        if merged == self.committed && !self.declare {
            // Nothing of ours is left unwritten: what they stored holds it.
            self.committed_ticket = self.latest_ticket;
            self.first_unwritten_at = None;
            self.wake();
        }
        if merged == self.latest {
            return None;
        }
        self.latest = merged.clone();
        Some(merged)
    }

    /// Whether another tab saved during the last write (read storage again).
    pub fn take_reread(&mut self) -> bool {
        std::mem::take(&mut self.reread)
    }

    /// Where a save stands: `None` until a write holding `ticket` ended.
    pub fn outcome(&self, ticket: Ticket) -> Option<Result<(), E>> {
        if ticket <= self.committed_ticket {
            return Some(Ok(()));
        }
        match &self.failure {
            Some((failed, e)) if ticket <= *failed => Some(Err(e.clone())),
            _ => None,
        }
    }

    /// Whether a write is under way, and whether a change is not yet stored.
    pub fn busy(&self) -> bool {
        self.in_flight.is_some()
    }

    pub fn unwritten(&self) -> bool {
        self.latest_ticket > self.committed_ticket
    }

    /// The failure of the last write, while nothing newer is stored.
    pub fn failed(&self) -> Option<&E> {
        self.failure
            .as_ref()
            .filter(|(t, _)| *t > self.committed_ticket)
            .map(|(_, e)| e)
    }

    /// What a page that is going away must keep elsewhere: the newest
    /// version and its ancestor, when some change is not yet acknowledged.
    pub fn unacknowledged(&self) -> Option<(V, V)> {
        self.unwritten()
            .then(|| (self.latest.clone(), self.committed.clone()))
    }

    fn wake(&mut self) {
        let waiters = std::mem::take(&mut self.waiters);
        for (ticket, waker) in waiters {
            if self.outcome(ticket).is_some() {
                waker.wake();
            } else {
                self.waiters.push((ticket, waker));
            }
        }
    }
}

/// A writer shared by the driver and everyone who waits for a save.
pub struct Shared<V, E>(Rc<RefCell<Writer<V, E>>>);

impl<V, E> Clone for Shared<V, E> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<V: Clone + PartialEq, E: Clone> Shared<V, E> {
    pub fn new(stored: V) -> Self {
        Shared(Rc::new(RefCell::new(Writer::new(stored))))
    }

    /// The writer, for one step (never held across an await).
    pub fn with<R>(&self, f: impl FnOnce(&mut Writer<V, E>) -> R) -> R {
        f(&mut self.0.borrow_mut())
    }

    /// Resolves when the write holding `ticket` ended: `Ok` once stored.
    pub fn acknowledged(&self, ticket: Ticket) -> Acknowledged<V, E> {
        Acknowledged {
            writer: self.clone(),
            ticket,
        }
    }
}

/// The future of one save (see [`Shared::acknowledged`]).
pub struct Acknowledged<V, E> {
    writer: Shared<V, E>,
    ticket: Ticket,
}

impl<V: Clone + PartialEq, E: Clone> Future for Acknowledged<V, E> {
    type Output = Result<(), E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut w = self.writer.0.borrow_mut();
        match w.outcome(self.ticket) {
            Some(r) => Poll::Ready(r),
            None => {
                w.waiters.push((self.ticket, cx.waker().clone()));
                Poll::Pending
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Waker;

    type W = Writer<String, &'static str>;

    /// `ours` on top of `theirs`: enough for a case made of one text.
    #[allow(clippy::ptr_arg)] // the writer's merge takes `&V`
    fn ours_wins(_base: &String, ours: &String, _theirs: &String) -> String {
        ours.clone()
    }

    fn write(w: &mut W, now: f64) -> Job<String> {
        match w.next(now) {
            Next::Write(job) => job,
            other => panic!("expected a write at {now}, got {other:?}"),
        }
    }

    #[test]
    fn keystrokes_close_together_are_one_write_of_the_newest() {
        let mut w = W::new("".into());
        assert_eq!(w.change("a".into(), 0.0), 1);
        assert_eq!(w.next(0.0), Next::WaitUntil(200.0));
        w.change("ab".into(), 100.0);
        assert_eq!(
            w.next(150.0),
            Next::WaitUntil(300.0),
            "300 ms after the first at the latest"
        );
        w.change("abc".into(), 250.0);
        let job = write(&mut w, 300.0);
        assert_eq!(
            (
                job.ticket,
                job.value.as_str(),
                job.base.as_str(),
                job.declare
            ),
            (3, "abc", "", false)
        );
        assert_eq!(w.next(301.0), Next::Idle, "one write at a time");
        assert_eq!(w.outcome(1), None);
        assert_eq!(w.written(Ok("abc".into()), ours_wins), None);
        for t in 1..=3 {
            assert_eq!(w.outcome(t), Some(Ok(())));
        }
        assert_eq!(w.next(400.0), Next::Idle);
    }

    #[test]
    fn the_same_version_again_is_no_change() {
        let mut w = W::new("x".into());
        assert_eq!(w.change("x".into(), 0.0), 0);
        assert_eq!(w.outcome(0), Some(Ok(())));
        assert_eq!(w.next(1000.0), Next::Idle);
    }

    #[test]
    fn a_flush_during_a_write_writes_the_rest_right_after_it() {
        let mut w = W::new("".into());
        w.change("a".into(), 0.0);
        let first = write(&mut w, 200.0);
        w.change("ab".into(), 210.0);
        let all = w.flush();
        assert_eq!(w.next(211.0), Next::Idle, "the write under way ends first");
        w.written(Ok(first.value), ours_wins);
        assert_eq!(w.outcome(all), None);
        let second = write(&mut w, 212.0);
        assert_eq!((second.value.as_str(), second.base.as_str()), ("ab", "a"));
        w.written(Ok("ab".into()), ours_wins);
        assert_eq!(w.outcome(all), Some(Ok(())));
    }

    #[test]
    fn a_failure_in_the_middle_is_reported_and_the_next_change_writes_everything() {
        let mut w = W::new("".into());
        let t1 = w.change("a".into(), 0.0);
        write(&mut w, 200.0);
        let t2 = w.change("ab".into(), 210.0);
        w.written(Err("quota"), ours_wins);
        assert_eq!(w.outcome(t1), Some(Err("quota")));
        assert_eq!(w.outcome(t2), None, "not tried yet");
        assert_eq!(w.failed(), Some(&"quota"));
        assert_eq!(
            w.next(10_000.0),
            Next::Idle,
            "parked until a change or a flush"
        );
        let t3 = w.change("abc".into(), 10_000.0);
        let job = write(&mut w, 10_200.0);
        assert_eq!((job.value.as_str(), job.base.as_str()), ("abc", ""));
        w.written(Ok("abc".into()), ours_wins);
        assert_eq!(w.outcome(t3), Some(Ok(())));
        assert_eq!(w.outcome(t2), Some(Ok(())));
        assert_eq!(w.failed(), None);
    }

    #[test]
    fn a_declaration_is_written_at_once_with_the_newest_and_waits_for_a_file() {
        let mut w = W::new("".into());
        w.change("typed".into(), 0.0);
        w.hold();
        let d = w.declare(10.0);
        assert_eq!(w.next(20.0), Next::Idle, "a file is still being prepared");
        w.change("typed+file".into(), 30.0);
        w.release();
        let job = write(&mut w, 31.0);
        assert!(job.declare);
        assert_eq!(job.value, "typed+file");
        assert!(
            job.ticket > d,
            "the file came after 申报 was pressed, and is in"
        );
        // What was stored carries the declared state: the page shows it.
        assert_eq!(
            w.written(Ok("typed+file declared".into()), ours_wins),
            Some("typed+file declared".into())
        );
        assert_eq!(w.outcome(d), Some(Ok(())));
        assert!(!w.declaring());
    }

    #[test]
    fn an_unchanged_case_is_declared_by_a_write_of_its_own() {
        let mut w = W::new("done".into());
        let d = w.declare(0.0);
        assert_eq!(w.outcome(d), None);
        let job = write(&mut w, 0.0);
        assert!(job.declare);
        w.written(Err("refused"), ours_wins);
        assert_eq!(w.outcome(d), Some(Err("refused")));
        assert!(
            !w.declaring(),
            "a failed declaration is not retried by itself"
        );
    }

    #[test]
    fn typing_during_a_write_that_merged_is_kept_on_top_of_it() {
        let mut w = W::new("a".into());
        w.change("ab".into(), 0.0);
        let job = write(&mut w, 200.0);
        w.change("abc".into(), 210.0);
        let merge = |base: &String, ours: &String, theirs: &String| {
            assert_eq!(
                (base.as_str(), ours.as_str(), theirs.as_str()),
                ("ab", "abc", "ab+theirs")
            );
            "abc+theirs".to_string()
        };
        assert_eq!(
            w.written(Ok(format!("{}+theirs", job.value)), merge),
            Some("abc+theirs".into())
        );
        let next = write(&mut w, 500.0);
        assert_eq!(
            (next.value.as_str(), next.base.as_str()),
            ("abc+theirs", "ab+theirs")
        );
    }

    #[test]
    fn another_tabs_save_is_merged_on_the_committed_version() {
        let mut w = W::new("base".into());
        assert_eq!(
            w.theirs("base".into(), ours_wins),
            None,
            "what is stored already"
        );
        // Nothing of ours unwritten: theirs is taken as it is.
        let take_theirs = |_: &String, _: &String, t: &String| t.clone();
        assert_eq!(
            w.theirs("theirs".into(), take_theirs),
            Some("theirs".into())
        );
        assert_eq!(w.next(1000.0), Next::Idle, "nothing to write back");
        // Ours unwritten: merged, and written with theirs as the ancestor.
        let t = w.change("ours".into(), 1000.0);
        let merge = |b: &String, o: &String, t: &String| format!("{b}|{o}|{t}");
        assert_eq!(
            w.theirs("theirs2".into(), merge),
            Some("theirs|ours|theirs2".into())
        );
        let job = write(&mut w, 1300.0);
        assert_eq!(
            (job.value.as_str(), job.base.as_str()),
            ("theirs|ours|theirs2", "theirs2")
        );
        // During a write: read again after it.
        assert_eq!(w.theirs("theirs3".into(), merge), None);
        w.written(Ok(job.value), ours_wins);
        assert!(w.take_reread());
        assert_eq!(w.outcome(t), Some(Ok(())));
    }

    #[test]
    fn a_future_resolves_when_its_write_ends() {
        let shared = Shared::<String, &str>::new("".into());
        let t = shared.with(|w| w.change("a".into(), 0.0));
        let mut ack = Box::pin(shared.acknowledged(t));
        let mut cx = Context::from_waker(Waker::noop());
        assert_eq!(ack.as_mut().poll(&mut cx), Poll::Pending);
        let job = shared.with(|w| write(w, 200.0));
        assert_eq!(ack.as_mut().poll(&mut cx), Poll::Pending);
        shared.with(|w| w.written(Ok(job.value), ours_wins));
        assert_eq!(ack.as_mut().poll(&mut cx), Poll::Ready(Ok(())));
    }

    #[test]
    fn a_page_going_away_knows_what_is_not_yet_stored() {
        let mut w = W::new("a".into());
        assert_eq!(w.unacknowledged(), None);
        w.change("ab".into(), 0.0);
        assert_eq!(w.unacknowledged(), Some(("ab".into(), "a".into())));
        let job = write(&mut w, 200.0);
        assert!(w.unacknowledged().is_some(), "under way is not stored yet");
        w.written(Ok(job.value), ours_wins);
        assert_eq!(w.unacknowledged(), None);
    }

    mod property {
        use super::super::*;
        use proptest::prelude::*;

        #[derive(Debug, Clone)]
        enum Op {
            Edit,
            Wait(u16),
            Flush,
            /// The write under way ends: committed, or failed.
            End(bool),
        }

        fn op() -> impl Strategy<Value = Op> {
            prop_oneof![
                4 => Just(Op::Edit),
                3 => (1u16..400).prop_map(Op::Wait),
                1 => Just(Op::Flush),
                3 => Just(Op::End(true)),
                1 => Just(Op::End(false)),
            ]
        }

        proptest! {
            /// For any interleaving of edits, waits, flushes and failures:
            /// storage always holds the newest acknowledged edit, an
            /// acknowledged edit is never lost, writes go in order, and after
            /// a final flush everything is stored.
            #[test]
            fn nothing_acknowledged_is_lost(ops in proptest::collection::vec(op(), 1..120)) {
                let mut w = Writer::<u32, ()>::new(0);
                let mut stored = 0u32;
                let mut now = 0.0;
                let mut edits = 0u32;
                let mut last_written: Ticket = 0;
                let mut acked: Ticket = 0;
                let mut job: Option<Job<u32>> = None;
                let step = |w: &mut Writer<u32, ()>, now: f64, job: &mut Option<Job<u32>>, last: &mut Ticket| {
                    if job.is_none() {
                        if let Next::Write(j) = w.next(now) {
                            prop_assert!(j.ticket >= *last, "writes in order");
                            prop_assert_eq!(j.value, j.ticket as u32, "a write carries its newest change");
                            *last = j.ticket;
                            *job = Some(j);
                        }
                    }
                    Ok(())
                };
                for op in ops {
                    match op {
                        Op::Edit => {
                            edits += 1;
                            let t = w.change(edits, now);
                            prop_assert_eq!(t, edits as Ticket);
                        }
                        Op::Wait(ms) => now += ms as f64,
                        Op::Flush => { w.flush(); }
                        Op::End(ok) => {
                            if let Some(j) = job.take() {
                                if ok { stored = j.value; }
                                w.written(if ok { Ok(j.value) } else { Err(()) }, |_, o, _| *o);
                            }
                        }
                    }
                    step(&mut w, now, &mut job, &mut last_written)?;
                    // The newest acknowledged edit is what is stored; never an older one.
                    let newest_ok = (0..=edits as Ticket).rev().find(|t| w.outcome(*t) == Some(Ok(()))).unwrap_or(0);
                    prop_assert!(newest_ok >= acked, "an acknowledgement is never taken back");
                    acked = newest_ok;
                    prop_assert_eq!(stored, acked as u32);
                }
                // Leaving: flush, and let every write succeed.
                w.flush();
                for _ in 0..3 {
                    step(&mut w, now, &mut job, &mut last_written)?;
                    if let Some(j) = job.take() {
                        stored = j.value;
                        w.written(Ok(j.value), |_, o, _| *o);
                    }
                }
                prop_assert_eq!(stored, edits);
                prop_assert_eq!(w.outcome(edits as Ticket), Some(Ok(())));
                prop_assert!(w.unacknowledged().is_none());
            }
        }
    }
}
