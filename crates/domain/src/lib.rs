//! E-Port Desk domain: the rules of the Xiamen E-Port card business, compiled
//! into both the browser app and the sync server so they always agree.
//!
//! No web, server or async dependencies live here (checked by the test suite).

pub mod answers;
pub mod arrival;
pub mod attachment;
pub mod bulk_claims;
pub mod calendar;
pub mod calendar_file;
pub mod card_route;
pub mod case;
pub mod catalog;
pub mod compare;
pub mod contact;
pub mod correction;
pub mod dispatch_batch;
pub mod field;
pub mod findings;
#[doc(hidden)]
pub mod fixtures;
pub mod forms;
pub mod gloss;
pub mod id_number;
pub mod ids;
pub mod iso;
pub mod issue;
pub mod labels;
pub mod lang;
pub mod manifest;
pub mod merge;
pub mod normalize;
pub mod paper;
pub mod paper_validate;
pub mod protocol;
pub mod queue;
pub mod redact;
pub mod region;
pub mod register;
pub mod review;
pub mod rules;
pub mod staff_session;
pub mod statistics;
pub mod timeline;
pub mod timeline_event;
pub mod uscc;
pub mod validate;

pub use field::{Field, FieldPath};
pub use issue::{Code, Issue, Severity};
pub use lang::Lang;
pub use paper_validate::{validate_case, validate_paper};
pub use validate::{can_declare, validate_enrollment};
