//! Inputs ↔ fields of the open case, through the registry's accessors: one
//! binding for every text field, radio group and select of every page.

use eport_domain::FieldPath;
use leptos::prelude::*;

use super::Editor;
use crate::components::Binding;

/// Binds `path` of the open case (an operator's field by its position).
pub fn binding(e: Editor, path: FieldPath) -> Binding {
    Binding {
        value: Signal::derive(move || {
            e.case
                .with(|c| path.get(&c.enrollment, &c.paper).unwrap_or_default())
        }),
        set: Callback::new(move |v: String| {
            e.update(|c| path.set(&mut c.enrollment, &mut c.paper, &v))
        }),
    }
}
