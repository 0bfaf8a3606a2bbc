//! What follows every committed write of a case, wherever it was written:
//! other tabs hear of it, and the first one asks for persistent storage.

pub(super) fn case_saved(case_id: &str) {
    super::tabs::announce(case_id);
    super::durability::note_saved();
}
