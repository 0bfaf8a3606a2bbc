//! The paperless enrollment wizard: task list, the three parts, check and declare.

mod attachments;
mod bind;
mod declared;
mod enterprise;
mod layout;
mod operators;
mod parts;
mod review;
mod tasks;

pub use attachments::AttachmentsPage;
pub use declared::DeclaredPage;
pub use enterprise::EnterprisePage;
pub use layout::CaseLayout;
pub use operators::OperatorsPage;
pub use review::ReviewPage;
pub use tasks::TaskList;
