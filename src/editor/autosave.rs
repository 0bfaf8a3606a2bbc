//! Saves the case 200 ms after the last change, and at the latest 300 ms after
//! the first unsaved one, so continuous typing is still saved within the 500 ms
//! promise; and at once when the page is being hidden or closed.

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Editor;
use crate::store::{self, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Saved,
    /// A change is waiting for the debounce timer.
    Pending,
    /// The write is under way.
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

const DEBOUNCE_MS: u32 = 200;
/// A change never waits longer than this for its write to start.
const MAX_WAIT_MS: f64 = 300.0;
/// Dispatched on the document to make every open editor save at once.
const FLUSH_EVENT: &str = "eport-flush";

thread_local! {
    static IN_FLIGHT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// This tab's writer of the case: whether a write is under way, and whether
/// another was asked for meanwhile.
#[derive(Clone, Copy, Default)]
pub(super) struct Writer {
    busy: bool,
    again: bool,
}

/// Saves every pending change now and waits (up to 3 s) until the writes are
/// done; used before the page reloads into a new version.
pub async fn flush_all() {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(e) = web_sys::Event::new(FLUSH_EVENT) {
            let _ = doc.dispatch_event(&e);
        }
    }
    for _ in 0..150 {
        if IN_FLIGHT.with(|n| n.get()) == 0 {
            return;
        }
        gloo::timers::future::TimeoutFuture::new(20).await;
    }
}

fn save_now(editor: Editor) {
    let queued = editor.writer.try_update_value(|w| {
        if w.busy {
            w.again = true;
            true
        } else {
            w.busy = true;
            false
        }
    });
    if queued != Some(false) {
        return;
    }
    editor.save_state.set(SaveState::Saving);
    IN_FLIGHT.with(|n| n.set(n.get() + 1));
    spawn_local(async move {
        // Until the editor is gone (its page left); the cleanup below writes
        // what was pending then.
        while let (Some(record), Some(base)) =
            (editor.case.try_get_untracked(), editor.base.try_get_value())
        {
            let result = store::save_case(&record, Some(&base)).await.map(|saved| {
                // Typing that arrived during the write is newer: keep it, merge the rest.
                match editor.case.try_with_untracked(|c| *c == record) {
                    Some(true) => editor.saved(saved),
                    Some(false) => editor.base.set_value(saved.record),
                    None => {}
                }
            });
            let again = editor
                .writer
                .try_update_value(|w| std::mem::take(&mut w.again));
            editor.save_state.try_update(|s| {
                *s = match &result {
                    // A newer change arrived while writing: its own save follows.
                    Ok(()) if *s == SaveState::Pending || again == Some(true) => SaveState::Pending,
                    Ok(()) => SaveState::Saved,
                    Err(e) => {
                        store::events::log(store::events::EventRecord::new(
                            eport_app_core::event_words::kinds::SAVE_FAILED,
                            format!("save failed: {e}"),
                        ));
                        SaveState::Failed(e.clone())
                    }
                }
            });
            if again != Some(true) || result.is_err() {
                break;
            }
        }
        editor.writer.try_update_value(|w| w.busy = false);
        IN_FLIGHT.with(|n| n.set(n.get() - 1));
    });
}

/// Writes the open case now (or right after the write under way) and waits
/// until what is stored satisfies `done`, e.g. holds a new attachment.
pub async fn save_and_wait(
    editor: Editor,
    done: impl Fn(&crate::store::CaseRecord) -> bool,
) -> Result<(), StoreError> {
    save_now(editor);
    for _ in 0..1000 {
        if editor.base.with_value(&done) {
            return Ok(());
        }
        if let SaveState::Failed(e) = editor.save_state.get_untracked() {
            return Err(e);
        }
        gloo::timers::future::TimeoutFuture::new(10).await;
    }
    Err(StoreError::Failed(
        "the case was not saved within 10 s".into(),
    ))
}

pub fn install(editor: Editor) {
    let timer = StoredValue::new_local(None::<Timeout>);
    let first = StoredValue::new(true);
    // When the oldest change not yet being written was made (ms, performance clock).
    let pending_since = StoredValue::new(None::<f64>);
    Effect::new(move |_| {
        editor.case.track();
        if first.get_value() {
            first.set_value(false);
            return;
        }
        // The change is what is already stored (another tab's save): no write.
        if editor.quiet.get_value() {
            editor.quiet.set_value(false);
            return;
        }
        editor.save_state.set(SaveState::Pending);
        let now = now_ms();
        let since = *pending_since.get_value().get_or_insert(now);
        pending_since.set_value(Some(since));
        let left = (MAX_WAIT_MS - (now - since)).max(0.0) as u32;
        timer.update_value(|t| {
            if let Some(old) = t.take() {
                old.cancel();
            }
            *t = Some(Timeout::new(DEBOUNCE_MS.min(left), move || {
                pending_since.set_value(None);
                save_now(editor)
            }));
        });
    });
    // Leaving the page (or a reload into a new version): save a pending
    // change without waiting for the timer.
    let flush = move |_: &web_sys::Event| {
        if editor.save_state.get_untracked() == SaveState::Pending {
            timer.update_value(|t| {
                if let Some(old) = t.take() {
                    old.cancel();
                }
            });
            pending_since.set_value(None);
            save_now(editor);
        }
    };
    // Leaving the case for another page drops the timer: what it was waiting
    // to write is written now, from a copy, since the editor goes with the page.
    on_cleanup(move || {
        let waiting = editor.save_state.try_get_untracked() == Some(SaveState::Pending)
            || editor.writer.try_get_value().is_some_and(|w| w.again);
        if let (true, Some(record), Some(base)) = (
            waiting,
            editor.case.try_get_untracked(),
            editor.base.try_get_value(),
        ) {
            IN_FLIGHT.with(|n| n.set(n.get() + 1));
            spawn_local(async move {
                if let Err(e) = store::save_case(&record, Some(&base)).await {
                    store::events::log(store::events::EventRecord::new(
                        eport_app_core::event_words::kinds::SAVE_FAILED,
                        format!("save on leaving the case failed: {e}"),
                    ));
                }
                IN_FLIGHT.with(|n| n.set(n.get() - 1));
            });
        }
    });
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        // Dropped (and detached) with the editor's owner.
        StoredValue::new_local(EventListener::new(&doc, "visibilitychange", flush));
        StoredValue::new_local(EventListener::new(&doc, FLUSH_EVENT, flush));
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}
