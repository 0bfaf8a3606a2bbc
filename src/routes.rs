//! The enterprise app's pages, read from the URL path. One flat match instead
//! of leptos_router's `<Routes>`: its generic matching machinery cost 26 KB of
//! brotli for 14 fixed paths (issue #17). The `<Router>` itself stays (links,
//! history, `use_navigate`).
//!
//! Two wasm bundles share these paths: the app, and the tools (诊断, 查询办理进度,
//! 打印表格: pages few visits need, kept out of the first download). The
//! server (`app_files.rs`) and the service worker (`public/sw.js`) send each
//! path to its bundle's page by the same rule as `Page::is_tool`.

/// Where a path leads, without the case's part: switching parts keeps the
/// case loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    New,
    Guide(String),
    Services,
    Lookup,
    Diagnostics,
    Case(String),
    Print(String),
    NotFound,
}

impl Page {
    /// Rendered by the tools bundle (`tools.html`), not the app's.
    pub fn is_tool(&self) -> bool {
        matches!(self, Page::Lookup | Page::Diagnostics | Page::Print(_))
    }
}

/// The part of a case a path names (`/cases/{id}/{part}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CasePart {
    Home,
    Enterprise,
    Operators,
    Attachments,
    Review,
    Declared,
    NotFound,
}

/// The path's segments; a trailing slash names the same page.
fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

pub fn page(path: &str) -> Page {
    match segments(path).as_slice() {
        [] => Page::Home,
        ["new"] => Page::New,
        ["new", slug] => Page::Guide((*slug).to_string()),
        ["services"] => Page::Services,
        ["lookup"] => Page::Lookup,
        ["diagnostics"] => Page::Diagnostics,
        ["cases", id] => Page::Case((*id).to_string()),
        ["cases", id, "print"] => Page::Print((*id).to_string()),
        ["cases", id, part] if part_named(part) != CasePart::NotFound => {
            Page::Case((*id).to_string())
        }
        _ => Page::NotFound,
    }
}

pub fn case_part(path: &str) -> CasePart {
    match segments(path).as_slice() {
        ["cases", _] => CasePart::Home,
        ["cases", _, part] => part_named(part),
        _ => CasePart::NotFound,
    }
}

fn part_named(part: &str) -> CasePart {
    match part {
        "enterprise" => CasePart::Enterprise,
        "operators" => CasePart::Operators,
        "attachments" => CasePart::Attachments,
        "review" => CasePart::Review,
        "declared" => CasePart::Declared,
        _ => CasePart::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[test]
    fn every_page_and_part_is_found() {
        assert_eq!(page("/"), Page::Home);
        assert_eq!(page("/new"), Page::New);
        assert_eq!(page("/new/"), Page::New);
        assert_eq!(page("/new/replace"), Page::Guide("replace".into()));
        assert_eq!(page("/services"), Page::Services);
        assert_eq!(page("/lookup"), Page::Lookup);
        assert_eq!(page("/diagnostics"), Page::Diagnostics);
        assert_eq!(page("/cases/a1"), Page::Case("a1".into()));
        assert_eq!(page("/cases/a1/review"), Page::Case("a1".into()));
        assert_eq!(page("/cases/a1/print/"), Page::Print("a1".into()));
        assert_eq!(case_part("/cases/a1"), CasePart::Home);
        assert_eq!(case_part("/cases/a1/"), CasePart::Home);
        for (p, part) in [
            ("enterprise", CasePart::Enterprise),
            ("operators", CasePart::Operators),
            ("attachments", CasePart::Attachments),
            ("review", CasePart::Review),
            ("declared", CasePart::Declared),
            ("nope", CasePart::NotFound),
        ] {
            assert_eq!(case_part(&format!("/cases/a1/{p}")), part);
        }
    }

    #[test]
    fn tools_are_diagnostics_lookup_and_print() {
        let tools: Vec<_> = [
            "/",
            "/new",
            "/new/x",
            "/services",
            "/lookup",
            "/diagnostics",
        ]
        .into_iter()
        .chain(["/cases/a", "/cases/a/review", "/cases/a/print", "/nope"])
        .filter(|p| page(p).is_tool())
        .collect();
        assert_eq!(tools, ["/lookup", "/diagnostics", "/cases/a/print"]);
    }

    #[test]
    fn other_paths_are_not_found() {
        for p in [
            "/nope",
            "/cases",
            "/new/a/b",
            "/cases/a/nope",
            "/cases/a/b/c",
            "/services/x",
        ] {
            assert_eq!(page(p), Page::NotFound, "{p}");
        }
    }
}
