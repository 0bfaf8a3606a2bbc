use leptos::prelude::*;

use crate::editor::{use_editor, SaveState};
use crate::i18n::*;

/// "已自动保存" / "正在保存…" / a clear failure message.
#[component]
pub fn SaveIndicator() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    view! {
        <p class="save-state" role="status" data-testid="save-state"
            data-save-state=move || editor.save_state.with(|s| s.as_str())>
            {move || match editor.save_state.get() {
                SaveState::Saved => t_string!(i18n, save_saved).to_string(),
                SaveState::Pending | SaveState::Saving => t_string!(i18n, save_saving).to_string(),
                SaveState::Failed(crate::store::StoreError::QuotaExceeded) => t_string!(i18n, save_quota).to_string(),
                SaveState::Failed(_) => t_string!(i18n, save_failed).to_string(),
            }}
        </p>
    }
}
