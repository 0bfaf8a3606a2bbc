//! The open case being edited: its state in signals, validation as a memo,
//! and its one writer, which stores every change shortly after it is made
//! (`writer.rs`). Pages read and write it through this context; only `store`
//! touches the database.

mod attach;
mod binding;
mod declare;
mod ids;
mod other_tabs;
mod writer;

use std::collections::HashSet;

use eport_domain::catalog::BusinessKind;
use eport_domain::field::Part;
use eport_domain::{FieldPath, Issue, Lang};
use leptos::prelude::*;

pub use attach::Preparing;
pub use binding::binding;
pub use declare::{DeclareError, Declared};
pub use ids::new_id;
pub use writer::{flush_all, SaveState};

use crate::clock;
use crate::store::CaseRecord;
use crate::sync::status::Shown;

#[derive(Clone, Copy)]
pub struct Editor {
    pub case: RwSignal<CaseRecord>,
    pub issues: Memo<Vec<Issue>>,
    /// Fields the user has left (blur): their errors show.
    pub touched: RwSignal<HashSet<FieldPath>>,
    /// Set by 暂存/申报/继续: every error of the page shows.
    pub show_all: RwSignal<bool>,
    pub save_state: RwSignal<SaveState>,
    /// ID fields whose 15-digit number was upgraded on blur: field → what was typed.
    pub upgraded: RwSignal<std::collections::HashMap<FieldPath, String>>,
    /// Fields another tab changed differently while this tab was editing them.
    pub conflicts: RwSignal<Vec<String>>,
    /// The one writer of the case in this tab (see `writer.rs`).
    writer: StoredValue<Option<writer::Driver>, LocalStorage>,
    /// Where its declaration stands; the case is read-only unless that
    /// allows changes (never declared, refused, returned, withdrawn).
    pub declared: RwSignal<Shown>,
    /// Bumped when 保存并继续 finds errors: the page's error summary takes focus.
    pub focus_summary: RwSignal<u32>,
}

impl Editor {
    pub fn new(record: CaseRecord, declared: Shown) -> Editor {
        let id = record.id.clone();
        let case = RwSignal::new(record.clone());
        let issues = Memo::new(move |_| {
            let today = clock::now().date_naive();
            case.with(|c| c.issues(today))
        });
        let editor = Editor {
            case,
            issues,
            touched: RwSignal::new(HashSet::new()),
            show_all: RwSignal::new(false),
            save_state: RwSignal::new(SaveState::Saved),
            upgraded: RwSignal::new(Default::default()),
            conflicts: RwSignal::new(Vec::new()),
            writer: StoredValue::new_local(None),
            declared: RwSignal::new(declared),
            focus_summary: RwSignal::new(0),
        };
        let driver = writer::Driver::new(editor, record);
        editor.writer.set_value(Some(driver.clone()));
        writer::install(driver.clone());
        other_tabs::install(driver, &id);
        editor
    }

    /// The case's writer, while its page is open.
    fn driver(&self) -> Option<writer::Driver> {
        self.writer.try_get_value().flatten()
    }

    /// Whether the case is read-only now (declared, and not given back).
    pub fn locked(&self) -> bool {
        !self.declared.get().editable()
    }

    pub fn locked_untracked(&self) -> bool {
        !self.declared.get_untracked().editable()
    }

    /// Applies a change to the case and hands the new version to its
    /// writer. A declared case takes none (its pages show it read-only; this
    /// is the backstop).
    pub fn update(&self, f: impl FnOnce(&mut CaseRecord)) {
        if self.locked_untracked() {
            return;
        }
        self.case.update(|c| {
            f(c);
            c.updated_at = clock::now().to_rfc3339();
        });
        if let Some(d) = self.driver() {
            d.change(self.case.get_untracked());
        }
    }

    pub fn touch(&self, path: FieldPath) {
        if !self.touched.with_untracked(|t| t.contains(&path)) {
            self.touched.update(|t| {
                t.insert(path);
            });
        }
    }

    /// Findings for one field that should be on screen now.
    pub fn visible_issue(&self, path: FieldPath) -> Option<Issue> {
        let shown = self.show_all.get() || self.touched.with(|t| t.contains(&path));
        if !shown {
            return None;
        }
        self.issues
            .with(|all| all.iter().find(|i| i.path == path).cloned())
    }

    /// [`Self::visible_issue`] as a memo, for a field's view to track.
    pub fn issue_memo(&self, path: FieldPath) -> Memo<Option<Issue>> {
        let editor = *self;
        Memo::new(move |_| editor.visible_issue(path))
    }

    /// The message for a field, if any is visible.
    pub fn message(&self, path: FieldPath, lang: Lang) -> Option<String> {
        self.visible_issue(path).map(|i| i.message(lang))
    }

    /// The operators' stable keys, in order (lists of per-operator views key on them).
    pub fn operator_keys(&self) -> Memo<Vec<String>> {
        let case = self.case;
        Memo::new(move |_| {
            case.with(|c| {
                c.enrollment
                    .operators
                    .iter()
                    .map(|o| o.key.clone())
                    .collect()
            })
        })
    }

    /// Visible findings about fields in one of `parts`, in page order. The
    /// list of operators itself belongs to the operators' part.
    pub fn visible_issues(&self, parts: &[Part]) -> Vec<Issue> {
        let show_all = self.show_all.get();
        let touched = self.touched.get();
        self.issues.with(|all| {
            all.iter()
                .filter(|i| parts.contains(&i.path.info().part))
                .filter(|i| show_all || touched.contains(&i.path))
                .cloned()
                .collect()
        })
    }
}

/// Where the input of `path` is, as a link: the wizard page of its part (a
/// paper type has all its fields on the case page) and the input's id.
pub fn href_of(case_id: &str, kind: BusinessKind, path: FieldPath) -> String {
    let page = match kind {
        BusinessKind::PaperlessEnrollment => path.info().part.slug(),
        _ => "",
    };
    let base = format!("/cases/{case_id}");
    let base = if page.is_empty() {
        base
    } else {
        format!("{base}/{page}")
    };
    format!("{base}#{}", path.dom_id())
}

pub fn use_editor() -> Editor {
    expect_context::<Editor>()
}
