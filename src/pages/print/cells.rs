//! Pieces every printed form uses: the 18-box 证件号码 grid, ☑/☐, seal boxes,
//! dates as 年 月 日. Blank when there is nothing to print.

use eport_domain::forms::{date_parts, id_cells};
use leptos::prelude::*;

/// ☑ when chosen, ☐ otherwise (real characters, so the PDF text keeps them).
pub fn mark(on: bool) -> &'static str {
    if on {
        "☑"
    } else {
        "☐"
    }
}

/// 证件号码 as 18 boxes, one character per box.
#[component]
pub fn IdGrid(number: String) -> impl IntoView {
    view! {
        <table class="id-grid" role="presentation">
            <tbody><tr>
                {id_cells(&number).into_iter().map(|c| view! { <td class="id-cell">{c}</td> }).collect_view()}
            </tr></tbody>
        </table>
    }
}

/// An empty box where the seal goes; the label beside it says whose.
#[component]
pub fn SealBox() -> impl IntoView {
    view! { <div class="seal-box"></div> }
}

/// "2026 年 2 月 13 日", or "    年    月    日" when the date is unset.
pub fn ymd(date: &str) -> String {
    let (y, m, d) = date_parts(date);
    let pad = |s: String, w: usize| {
        if s.is_empty() {
            "\u{3000}".repeat(w)
        } else {
            s
        }
    };
    format!("{} 年 {} 月 {} 日", pad(y, 3), pad(m, 1), pad(d, 1))
}
