use leptos::prelude::*;

use crate::app_update::{accept, use_app_update};
use crate::i18n::*;

/// "新版本可用": shown when a new deployment is installed and waiting.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let update = use_app_update();
    view! {
        <Show when=move || update.available.get()>
            <div class="update-banner" role="status" data-testid="update-banner">
                <span>{t!(i18n, update_available)}</span>
                <button type="button" class="button" disabled=move || update.applying.get()
                    on:click=move |_| accept(update)>
                    {move || if update.applying.get() {
                        t_string!(i18n, update_applying)
                    } else {
                        t_string!(i18n, update_now)
                    }}
                </button>
            </div>
        </Show>
    }
}
