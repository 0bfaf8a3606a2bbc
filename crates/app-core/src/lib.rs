//! The browser app's logic that needs no browser, so it is tested on the host:
//! the outbox's states and transitions, its retry policy, and its record as
//! IndexedDB keeps it (with today's and earlier formats); the event log's words; the open case's writer. No web, server or
//! async dependencies (checked by the test suite, as for the domain).

pub mod chart_scale;
pub mod event_words;
pub mod outbox;
pub mod writer;
