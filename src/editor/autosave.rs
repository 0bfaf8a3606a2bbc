//! Saves the case 200 ms after the last change (well inside the 500 ms promise),
//! and at once when the page is being hidden or closed.

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

fn save_now(editor: Editor) {
    let record = editor.case.get_untracked();
    editor.save_state.set(SaveState::Saving);
    spawn_local(async move {
        let result = store::put_case(&record).await;
        editor.save_state.update(|s| {
            *s = match result {
                // A newer change arrived while writing: its own save follows.
                Ok(()) if *s == SaveState::Pending => SaveState::Pending,
                Ok(()) => SaveState::Saved,
                Err(e) => SaveState::Failed(e),
            }
        });
    });
}

pub fn install(editor: Editor) {
    let timer = StoredValue::new_local(None::<Timeout>);
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        editor.case.track();
        if first.get_value() {
            first.set_value(false);
            return;
        }
        editor.save_state.set(SaveState::Pending);
        timer.update_value(|t| {
            if let Some(old) = t.take() {
                old.cancel();
            }
            *t = Some(Timeout::new(DEBOUNCE_MS, move || save_now(editor)));
        });
    });
    // Leaving the page: flush a pending save without waiting for the timer.
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        let listener = EventListener::new(&doc, "visibilitychange", move |_| {
            if editor.save_state.get_untracked() == SaveState::Pending {
                timer.update_value(|t| {
                    if let Some(old) = t.take() {
                        old.cancel();
                    }
                });
                save_now(editor);
            }
        });
        // Dropped (and detached) with the editor's owner.
        StoredValue::new_local(listener);
    }
}
