//! The reviewer's attachment viewer, in compare mode: one attachment over the
//! page, fitted whole to the space left of the declared values it must match
//! (a scan is never cut off), with zoom (the scan pans under the values,
//! which stay in view) and rotation for scans, the browser's own viewer for
//! PDFs, and the previous and next attachment. Keys: ← → or J K
//! previous/next, + − zoom, R rotate, Esc close.

use eport_domain::case::EnrollmentCase;
use eport_domain::compare::declared_for_scan;
use eport_domain::FieldPath;
use leptos::prelude::*;

use crate::i18n::*;

/// One attachment of the submission, as the console shows it: in the list,
/// in the viewer and in the timeline.
#[derive(Clone, PartialEq)]
pub struct Viewed {
    /// The slot's field, for its label in the language on screen.
    pub path: Option<FieldPath>,
    /// The slot id, shown only when the manifest does not name the slot.
    pub slot: String,
    pub sha256: String,
    pub name: String,
    pub is_image: bool,
    /// The object URL of its bytes, once downloaded.
    pub url: Option<String>,
}

impl Viewed {
    /// The label the enterprise saw for the slot ("法人身份证（正面）").
    pub fn label(&self, lang: eport_domain::Lang) -> String {
        self.path
            .map(|p| p.label(lang))
            .unwrap_or_else(|| self.slot.clone())
    }
}

/// Widths relative to the screen: 1 fits the attachment to it.
const ZOOMS: [f64; 5] = [1.0, 1.5, 2.0, 3.0, 4.0];

/// The id of the button that opens attachment `index`.
pub fn opener_id(index: usize) -> String {
    format!("open-viewer-{index}")
}

#[component]
pub fn AttachmentViewer(
    items: Signal<Vec<Viewed>>,
    /// The attachment shown; `None` closes the viewer.
    open: RwSignal<Option<usize>>,
    /// The declared case: the values each scan is compared with.
    case: StoredValue<Option<EnrollmentCase>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = crate::lang::use_lang();
    let zoom = RwSignal::new(0usize);
    let turns = RwSignal::new(0u32);
    let dialog = NodeRef::<leptos::html::Div>::new();
    let count = move || items.with(Vec::len);
    let go = move |step: isize| {
        let n = count() as isize;
        if n == 0 {
            return;
        }
        open.update(|o| {
            if let Some(i) = o {
                *i = ((*i as isize + step).rem_euclid(n)) as usize;
            }
        });
        zoom.set(0);
        turns.set(0);
    };
    let zoom_by = move |step: isize| {
        zoom.update(|z| *z = (*z as isize + step).clamp(0, ZOOMS.len() as isize - 1) as usize)
    };
    // Closing gives the focus back to the button that opened it.
    let close = move || {
        let back = open.get_untracked();
        open.set(None);
        zoom.set(0);
        turns.set(0);
        if let Some(el) = back.and_then(|i| document().get_element_by_id(&opener_id(i))) {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    // Focus moves into the dialog when it opens, so the keys work at once.
    Effect::new(move |_| {
        if open.get().is_some() {
            if let Some(d) = dialog.get() {
                let _ = d.focus();
            }
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let handled = match ev.key().as_str() {
            "ArrowLeft" | "k" | "K" => {
                go(-1);
                true
            }
            "ArrowRight" | "j" | "J" => {
                go(1);
                true
            }
            "+" | "=" => {
                zoom_by(1);
                true
            }
            "-" => {
                zoom_by(-1);
                true
            }
            "r" | "R" => {
                turns.update(|t| *t = (*t + 1) % 4);
                true
            }
            "Escape" => {
                close();
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };
    let current = move || open.get().and_then(|i| items.with(|v| v.get(i).cloned()));
    move || {
        current().map(|v| {
            let position = open.get().map(|i| format!("{} / {}", i + 1, count())).unwrap_or_default();
            let title = format!("{} · {}", v.label(lang()), v.name);
            let body = match (v.url.clone(), v.is_image) {
                (None, _) => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
                // Zoom 1 fits the whole scan in the stage; more scrolls it.
                (Some(u), true) => view! {
                    <div class="viewer-stage" tabindex="0" aria-label=t_string!(i18n, viewer_stage).to_string()>
                        <img src=u alt=title.clone() data-testid="viewer-image"
                            class:fit=move || zoom.get() == 0
                            data-zoom=move || ZOOMS[zoom.get()].to_string()
                            data-rotate=move || (turns.get() * 90).to_string()
                            style:width=move || format!("{}%", ZOOMS[zoom.get()] * 100.0)
                            style:transform=move || format!("rotate({}deg)", turns.get() * 90) />
                    </div>
                }.into_any(),
                (Some(u), false) => view! {
                    <iframe class="viewer-pdf" src=u title=title.clone() data-testid="viewer-pdf"></iframe>
                }.into_any(),
            };
            view! {
                <div class="viewer" role="dialog" aria-modal="true" aria-labelledby="viewer-title" tabindex="-1"
                    node_ref=dialog on:keydown=on_key data-testid="viewer">
                    <div class="viewer-bar">
                        <h3 id="viewer-title">{title.clone()}</h3>
                        <span class="viewer-position">{position}</span>
                        <button type="button" class="button button-secondary" on:click=move |_| go(-1)>{t!(i18n, viewer_previous)}</button>
                        <button type="button" class="button button-secondary" on:click=move |_| go(1)>{t!(i18n, viewer_next)}</button>
                        {v.is_image.then(|| view! {
                            <button type="button" class="button button-secondary" on:click=move |_| zoom_by(-1)
                                prop:disabled=move || zoom.get() == 0>{t!(i18n, viewer_zoom_out)}</button>
                            <button type="button" class="button button-secondary" on:click=move |_| zoom_by(1)
                                prop:disabled=move || zoom.get() + 1 == ZOOMS.len()>{t!(i18n, viewer_zoom_in)}</button>
                            <button type="button" class="button button-secondary" on:click=move |_| turns.update(|t| *t = (*t + 1) % 4)>{t!(i18n, viewer_rotate)}</button>
                        })}
                        <button type="button" class="button" on:click=move |_| close()>{t!(i18n, viewer_close)}</button>
                    </div>
                    <p class="hint">{t!(i18n, viewer_keys)}</p>
                    {body}
                    {v.path.map(|p| {
                        let today = crate::clock::now().date_naive();
                        let rows = move || case.with_value(|c| c.as_ref().map(|c| declared_for_scan(c, p, today, lang())).unwrap_or_default());
                        view! {
                            <aside class="viewer-compare" aria-labelledby="viewer-compare-title" data-testid="viewer-compare">
                                <p id="viewer-compare-title" class="label">{t!(i18n, viewer_compare)}</p>
                                <dl class="facts">
                                    {move || rows().into_iter().map(|r| view! { <dt>{r.label}</dt><dd>{r.value}</dd> }).collect_view()}
                                </dl>
                            </aside>
                        }
                    })}
                </div>
            }
        })
    }
}
