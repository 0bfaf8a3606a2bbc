//! One file per screen. Pages read data through `store`/`sync`, never directly.

pub mod case;
mod guide;
mod home;
mod new_case;
mod not_found;
mod services;

pub use guide::Guide;
pub use home::Home;
pub use new_case::NewCase;
pub use not_found::NotFound;
pub use services::Services;
