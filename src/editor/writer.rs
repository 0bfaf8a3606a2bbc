//! The open case's one writer (app-core `writer`), driven with IndexedDB.
//!
//! Every change reaches it through [`Editor::update`]; it says when to write
//! (coalescing keystrokes, at once on a flush), this file writes, and tells it
//! how the write ended. Nothing here polls: a write's end, a timer set for
//! the coalescing delay, or a new change asks the writer what comes next.
//! Waiting for a save is a future ([`Shared::acknowledged`]).

use std::cell::RefCell;
use std::rc::Rc;

use eport_app_core::writer::{Job, Next, Shared, Ticket};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::declare::{write_declaration, DeclareOutcome};
use super::Editor;
use crate::store::{self, CaseRecord, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Saved,
    /// A change is waiting for the coalescing delay.
    Pending,
    /// A write is under way.
    Saving,
    Failed(StoreError),
}

impl SaveState {
    /// For `data-save-state` (tests wait for "saved").
    pub fn as_str(&self) -> &'static str {
        match self {
            SaveState::Saved => "saved",
            SaveState::Pending => "pending",
            SaveState::Saving => "saving",
            SaveState::Failed(_) => "failed",
        }
    }
}

pub(super) type Core = Shared<CaseRecord, StoreError>;

/// The writer, the timer of its coalescing delay, and what the last
/// declaring write found.
#[derive(Clone)]
pub(super) struct Driver {
    pub core: Core,
    timer: Rc<RefCell<Option<Timeout>>>,
    pub declared: Rc<RefCell<Option<DeclareOutcome>>>,
    /// A version was kept in localStorage (page hidden): forgotten once stored.
    kept: Rc<std::cell::Cell<bool>>,
    editor: Editor,
}

thread_local! {
    /// The writers of the cases open in this tab (one page shows one case).
    static OPEN: RefCell<Vec<Driver>> = const { RefCell::new(Vec::new()) };
}

pub(super) fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

/// Another tab's save and ours, merged field by field on their common
/// ancestor; fields both changed differently keep ours and are listed.
fn merge(editor: Editor) -> impl FnOnce(&CaseRecord, &CaseRecord, &CaseRecord) -> CaseRecord {
    move |base, ours, theirs| match store::merge_records(base, ours, theirs) {
        Ok(m) => {
            if !m.conflicts.is_empty() {
                editor.conflicts.try_set(m.conflicts);
            }
            m.record
        }
        Err(_) => ours.clone(),
    }
}

impl Driver {
    pub fn new(editor: Editor, stored: CaseRecord) -> Driver {
        Driver {
            core: Shared::new(stored),
            timer: Rc::new(RefCell::new(None)),
            declared: Rc::new(RefCell::new(None)),
            kept: Rc::new(std::cell::Cell::new(false)),
            editor,
        }
    }

    /// A new version of the case (what the page shows now).
    pub fn change(&self, case: CaseRecord) -> Ticket {
        let t = self.core.with(|w| w.change(case, now_ms()));
        self.pump();
        t
    }

    /// Writes what is not yet stored now; resolves once it is.
    pub async fn flush(&self) -> Result<(), StoreError> {
        let t = self.core.with(|w| w.flush());
        self.pump();
        self.core.acknowledged(t).await
    }

    /// Does what the writer says comes next.
    pub fn pump(&self) {
        let next = self.core.with(|w| w.next(now_ms()));
        self.show_state();
        match next {
            Next::Idle => {}
            Next::WaitUntil(at) => {
                let this = self.clone();
                let delay = (at - now_ms()).max(0.0) as u32;
                // Replacing the timer cancels the one it replaces.
                *self.timer.borrow_mut() = Some(Timeout::new(delay, move || this.pump()));
            }
            Next::Write(job) => {
                self.timer.borrow_mut().take();
                let this = self.clone();
                spawn_local(async move { this.write(job).await });
            }
        }
    }

    async fn write(self, job: Job<CaseRecord>) {
        let result = if job.declare {
            let (stored, outcome) = write_declaration(&job).await;
            *self.declared.borrow_mut() = Some(outcome);
            stored
        } else {
            store::save_case(&job.value, Some(&job.base)).await
        };
        let result = result.map(|saved| {
            if !saved.conflicts.is_empty() {
                self.editor.conflicts.try_set(saved.conflicts);
            }
            saved.record
        });
        if let Err(e) = &result {
            store::events::log(store::events::EventRecord::new(
                eport_app_core::event_words::kinds::SAVE_FAILED,
                format!("save failed: {e}"),
            ));
        }
        let shown = self.core.with(|w| w.written(result, merge(self.editor)));
        if let Some(case) = shown {
            // What was stored differs from what the page shows (merged with
            // another tab's save, or declared): the page shows it. The
            // writer knows it already, so this is no change to write.
            self.editor.case.try_set(case);
        }
        if self.core.with(|w| w.take_reread()) {
            self.reread().await;
        }
        // Only after a keep: every other write would touch localStorage for nothing.
        if self.kept.get() && !self.core.with(|w| w.unwritten()) {
            self.kept.set(false);
            let id = self.core.with(|w| w.latest().id.clone());
            store::unsaved::forget(&id);
        }
        self.pump();
    }

    /// Another tab saved the case: take in what is stored now.
    pub async fn reread(&self) {
        let id = self.core.with(|w| w.latest().id.clone());
        let Ok(Some(stored)) = store::get_case(&id).await else {
            return;
        };
        let shown = self.core.with(|w| w.theirs(stored, merge(self.editor)));
        if let Some(case) = shown {
            self.editor.case.try_set(case);
        }
        self.pump();
    }

    /// The page is hidden or going away: write now, and keep what is not yet
    /// stored where a page being unloaded can still put it synchronously.
    fn leave(&self) {
        let _ = self.core.with(|w| w.flush());
        self.pump();
        if let Some((case, base)) = self.core.with(|w| w.unacknowledged()) {
            store::unsaved::keep(&case, &base);
            self.kept.set(true);
        }
    }

    fn show_state(&self) {
        let state = self.core.with(|w| {
            if let Some(e) = w.failed() {
                SaveState::Failed(e.clone())
            } else if w.busy() {
                SaveState::Saving
            } else if w.unwritten() || w.declaring() {
                SaveState::Pending
            } else {
                SaveState::Saved
            }
        });
        if self.editor.save_state.try_get_untracked().as_ref() != Some(&state) {
            self.editor.save_state.try_set(state);
        }
    }
}

/// Dropped with the case page: leaving the case for another page of the app
/// writes what is pending at once. The write outlives the page (it holds the
/// writer), and the writer stays among the open ones until it is stored, so
/// a reload that follows (into the tools) waits for it in `flush_all`.
struct WriteOnLeaving(Driver);

impl Drop for WriteOnLeaving {
    fn drop(&mut self) {
        let d = self.0.clone();
        let ticket = d.core.with(|w| w.flush());
        d.pump();
        spawn_local(async move {
            let _ = d.core.acknowledged(ticket).await;
            OPEN.with(|o| o.borrow_mut().retain(|o| !Rc::ptr_eq(&o.timer, &d.timer)));
        });
    }
}

/// Starts the writer of `editor`'s case: flushes when the page is hidden or
/// the case page is left, and stands down with it.
pub(super) fn install(driver: Driver) {
    OPEN.with(|o| o.borrow_mut().push(driver.clone()));
    StoredValue::new_local(WriteOnLeaving(driver.clone()));
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        let d = driver.clone();
        let hidden = EventListener::new(&doc, "visibilitychange", move |_| {
            if web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|doc| doc.visibility_state() == web_sys::VisibilityState::Hidden)
            {
                d.leave();
            }
        });
        let d = driver.clone();
        let gone =
            web_sys::window().map(|w| EventListener::new(&w, "pagehide", move |_| d.leave()));
        // Dropped (and detached) with the case page.
        StoredValue::new_local((hidden, gone));
    }
}

/// Writes what every open case has pending and waits (up to 3 s) until it
/// is stored; used before the page reloads (a new version, the tools).
pub async fn flush_all() {
    let open: Vec<Driver> = OPEN.with(|o| o.borrow().clone());
    for d in open {
        d.leave();
        let ticket = d.core.with(|w| w.flush());
        let stored = d.core.acknowledged(ticket);
        let late = gloo::timers::future::TimeoutFuture::new(3_000);
        futures_util::future::select(std::pin::pin!(stored), late).await;
    }
}
