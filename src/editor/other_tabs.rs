//! Another tab saved the case this tab has open: load it and merge it into
//! what is on screen, field by field (see `store::save_case`). Fields both
//! tabs changed differently keep this tab's value and are listed for the user.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Editor;
use crate::store;

pub fn install(editor: Editor) {
    let id = editor.case.with_untracked(|c| c.id.clone());
    let key = id.clone();
    let watch = store::watch_case(&key, move || {
        let id = id.clone();
        spawn_local(async move {
            let Ok(Some(stored)) = store::get_case(&id).await else {
                return;
            };
            let base = editor.base.get_value();
            if stored == base {
                return;
            }
            let local = editor.case.get_untracked();
            let Ok(merged) = store::merge_records(&base, &local, &stored) else {
                return;
            };
            let unsaved_here = local != base;
            editor.base.set_value(stored.clone());
            if !merged.conflicts.is_empty() {
                editor.conflicts.set(merged.conflicts.clone());
            }
            if merged.record != local {
                // Nothing typed here since the last save: what is stored is
                // exactly what is shown now, so there is nothing to write back.
                editor
                    .quiet
                    .set_value(!unsaved_here || merged.record == stored);
                editor.case.set(merged.record);
            }
        });
    });
    // Stops listening when the case page goes away.
    StoredValue::new_local(watch);
}
