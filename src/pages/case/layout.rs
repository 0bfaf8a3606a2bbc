use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::{use_entry, TabConflicts};
use crate::editor::Editor;
use crate::i18n::*;
use crate::pages::case::{
    AttachmentsPage, CaseHome, DeclaredPage, EnterprisePage, OperatorsPage, ReviewPage,
};
use crate::pages::NotFound;
use crate::routes::{case_part, CasePart};
use crate::store;
use crate::sync::status::shown;

/// Loads the case named in the URL (`/cases/{id}/…`), with where its
/// declaration stands, and provides its editor to its children.
#[component]
pub fn CaseLayout(id: String, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let record = LocalResource::new(move || {
        let id = id.clone();
        async move {
            let Some(case) = store::get_case(&id).await? else {
                return Ok(None);
            };
            let entry = match &case.submission_id {
                Some(s) => store::get_outbox_entry(s).await?,
                None => None,
            };
            Ok::<_, store::StoreError>(Some((case, shown(entry.as_ref()))))
        }
    });
    move || match record.get() {
        None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
        Some(Ok(Some((r, declared)))) => {
            let editor = Editor::new(r, declared);
            provide_context(editor);
            // The declaration's state follows the outbox (sent, withdrawn, decided).
            let entry = use_entry(Signal::derive(move || {
                editor.case.with(|c| c.submission_id.clone())
            }));
            Effect::new(move |_| {
                if let Some(e) = entry.get() {
                    editor.declared.set(shown(e.as_ref()));
                }
            });
            view! { <TabConflicts /> {children()} }.into_any()
        }
        Some(Ok(None)) => view! {
            <h1>{t!(i18n, case_not_found)}</h1>
            <p><a href="/">{t!(i18n, back_home)}</a></p>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <h1>{t!(i18n, case_not_found)}</h1>
            <p class="error-message">{t!(i18n, store_failed, error = e.to_string())}</p>
        }
        .into_any(),
    }
}

/// The case's part the URL names; switching parts keeps the editor.
#[component]
pub fn CaseParts() -> impl IntoView {
    let location = use_location();
    let part = Memo::new(move |_| location.pathname.with(|p| case_part(p)));
    move || match part.get() {
        CasePart::Home => view! { <CaseHome /> }.into_any(),
        CasePart::Enterprise => view! { <EnterprisePage /> }.into_any(),
        CasePart::Operators => view! { <OperatorsPage /> }.into_any(),
        CasePart::Attachments => view! { <AttachmentsPage /> }.into_any(),
        CasePart::Review => view! { <ReviewPage /> }.into_any(),
        CasePart::Declared => view! { <DeclaredPage /> }.into_any(),
        CasePart::NotFound => view! { <NotFound /> }.into_any(),
    }
}
