//! Bindings between form controls and fields of the open case.

use eport_domain::case::Operator;
use leptos::prelude::*;

use crate::components::Binding;
use crate::editor::Editor;

/// Binds a `String` field of the enrollment case: `bind!(editor, enterprise.uscc)`.
macro_rules! bind {
    ($editor:expr, $($field:tt)+) => {{
        let e: $crate::editor::Editor = $editor;
        $crate::components::Binding {
            value: Signal::derive(move || e.case.with(|c| c.enrollment.$($field)+.clone())),
            set: Callback::new(move |v: String| e.update(|c| c.enrollment.$($field)+ = v)),
        }
    }};
}
pub(crate) use bind;

/// Binds a `String` field of the operator with `key` (stable across removals).
pub fn op_binding(e: Editor, key: String, field: fn(&mut Operator) -> &mut String) -> Binding {
    let k = key.clone();
    Binding {
        value: Signal::derive(move || {
            e.case.with(|c| {
                c.enrollment
                    .operators
                    .iter()
                    .find(|o| o.key == k)
                    .map(|o| field(&mut o.clone()).clone())
                    .unwrap_or_default()
            })
        }),
        set: Callback::new(move |v: String| {
            e.update(|c| {
                if let Some(o) = c.enrollment.operators.iter_mut().find(|o| o.key == key) {
                    *field(o) = v;
                }
            })
        }),
    }
}

/// A radio group ↔ an optional enum field of the case, through fixed `(value, variant)` pairs.
pub fn choice_binding<T: Copy + PartialEq + Send + Sync + 'static>(
    e: Editor,
    options: &'static [(&'static str, T)],
    get: fn(&crate::store::CaseRecord) -> Option<T>,
    set: fn(&mut crate::store::CaseRecord, Option<T>),
) -> Binding {
    Binding {
        value: Signal::derive(move || {
            e.case.with(|c| {
                let v = get(c);
                options
                    .iter()
                    .find(|(_, o)| Some(*o) == v)
                    .map(|(s, _)| s.to_string())
                    .unwrap_or_default()
            })
        }),
        set: Callback::new(move |v: String| {
            let picked = options.iter().find(|(s, _)| *s == v).map(|(_, o)| *o);
            e.update(|c| set(c, picked))
        }),
    }
}
