//! Every route's document title: its heading, then the app's name, in the
//! language on screen. The `#main` heading is what each page already names
//! itself by, so the title follows it (also after a page loads its data or the
//! language changes) instead of every route repeating it.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Watches the document and keeps `document.title` in step with `#main h1`.
pub fn follow_heading(app_name: impl Fn() -> String + 'static) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let update = {
        let doc = doc.clone();
        move || {
            let heading = doc
                .query_selector("#main h1")
                .ok()
                .flatten()
                .and_then(|h| h.text_content())
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            let name = app_name();
            let title = if heading.is_empty() || heading == name {
                name
            } else {
                format!("{heading} · {name}")
            };
            if doc.title() != title {
                doc.set_title(&title);
            }
        }
    };
    update();
    let callback = Closure::<dyn Fn()>::new(update);
    let Ok(observer) = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()) else {
        return;
    };
    let opts = web_sys::MutationObserverInit::new();
    opts.set_child_list(true);
    opts.set_subtree(true);
    opts.set_character_data(true);
    if let Some(body) = doc.body() {
        let _ = observer.observe_with_options(&body, &opts);
    }
    // Both live as long as the page.
    callback.forget();
    std::mem::forget(observer);
}
