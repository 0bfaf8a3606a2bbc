//! Reusable view pieces.

mod attachment_slot;
mod case_lock;
mod error_summary;
mod fields;
mod lang_switch;
mod local_data;
mod mailing_block;
mod sandbox_banner;
mod save_indicator;
mod send_note;
mod site_header;
mod status_bar;
mod submission_status;
mod tab_conflicts;
mod update_banner;

pub use attachment_slot::AttachmentSlot;
pub use case_lock::{CaseLockBanner, LockedFields};
pub use error_summary::ErrorSummary;
pub use fields::{Binding, RadioField, SelectField, TextField};
pub use lang_switch::LangSwitch;
pub use local_data::LocalDataPanel;
pub use mailing_block::MailingBlock;
pub use sandbox_banner::SandboxBanner;
pub use save_indicator::SaveIndicator;
pub use site_header::SiteHeader;
pub use status_bar::StatusBar;
pub use submission_status::{state_label, use_entry, SubmissionStatus};
pub use tab_conflicts::TabConflicts;
pub use update_banner::UpdateBanner;
