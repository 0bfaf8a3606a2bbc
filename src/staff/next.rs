//! 下一份: after a decision, the next submission of the review queue (the
//! oldest open one nobody else holds), so a reviewer goes from case to case.

use leptos::prelude::*;
use leptos_router::components::A;

use super::gate::use_staff_gate;
use crate::i18n::*;
use crate::staff::api::{self as staff_api, ListParams};

/// The reference (or id) of the next open submission after `current`.
pub async fn next_in_queue(current: &str, me: Option<String>) -> Option<String> {
    let list = staff_api::list(&ListParams::queue()).await.ok()?;
    list.items
        .into_iter()
        .filter(|i| i.reference.as_deref() != Some(current) && i.id != current)
        .find(|i| {
            i.claim
                .as_ref()
                .is_none_or(|c| Some(&c.holder.login) == me.as_ref())
        })
        .map(|i| i.reference.unwrap_or(i.id))
}

#[component]
pub fn NextCase(current: String) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_staff_gate().login();
    let next = LocalResource::new(move || {
        let (current, me) = (current.clone(), me.clone());
        async move { next_in_queue(&current, me).await }
    });
    move || {
        next.get().map(|n| match n {
            Some(key) => view! {
                <p><A href=format!("/staff/{key}") attr:class="button" attr:data-testid="staff-next">{t!(i18n, staff_next_case)}" → "{key.clone()}</A></p>
            }.into_any(),
            None => view! { <p class="hint" data-testid="staff-queue-empty">{t!(i18n, staff_queue_done)}</p> }.into_any(),
        })
    }
}
