//! Reusable view pieces.

mod lang_switch;
mod site_header;
mod status_bar;

pub use lang_switch::LangSwitch;
pub use site_header::SiteHeader;
pub use status_bar::StatusBar;
