//! The staff console (`staff.html`, its own wasm): the review queue, a
//! submission's review page and what they need. It shares with the
//! enterprise app only the domain, the field components, the language and
//! the calendar context; the enterprise app never compiles this in.

pub mod api;
pub mod app;
mod arrival;
mod checklist;
mod claim;
mod correction;
mod decisions;
mod detail;
mod dispatch;
mod gate;
mod history;
mod list;
mod next;
mod quarantine;
mod register;
mod sheet;
mod timeline;
mod viewer;
