//! One file per screen. Pages read data through `store`/`sync`, never directly.

pub mod case;
mod diagnostics;
mod elsewhere;
pub(crate) mod guide;
mod home;
mod lookup;
mod new_case;
mod not_found;
mod print;
mod services;

pub use diagnostics::Diagnostics;
pub use elsewhere::Elsewhere;
pub use guide::Guide;
pub use home::Home;
pub use lookup::Lookup;
pub use new_case::NewCase;
pub use not_found::NotFound;
pub use print::PrintForms;
pub use services::Services;
