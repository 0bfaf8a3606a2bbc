//! A correction reviewed as a correction: what changed between a returned (or
//! withdrawn) declaration and the one that supersedes it, field by field and
//! scan by scan, and which checklist lines stay checked because nothing they
//! compare has changed. The console shows it; the server counts the ticks
//! that carry over when it gates an approval.

use chrono::NaiveDate;

use crate::answers::enrollment_answers;
use crate::case::EnrollmentCase;
use crate::field::{Field, FieldPath};
use crate::lang::Lang;
use crate::manifest::case_slots;
use crate::review::{CheckItem, Person};

/// A field whose value differs, as a reader sees both values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub path: FieldPath,
    pub label: String,
    pub old: String,
    pub new: String,
}

/// Every declared field (not the scans) whose value changed, in form order;
/// a field only one of the two has counts as changed from or to "".
pub fn field_changes(
    old: &EnrollmentCase,
    new: &EnrollmentCase,
    today: NaiveDate,
    lang: Lang,
) -> Vec<FieldChange> {
    let rows = |c: &EnrollmentCase| -> Vec<(FieldPath, String, String)> {
        enrollment_answers(c, today, lang)
            .into_iter()
            .flat_map(|g| g.rows)
            .filter(|a| !a.derived && a.path.slot(c).is_none())
            .map(|a| (a.path, a.label, a.value))
            .collect()
    };
    let (before, after) = (rows(old), rows(new));
    let mut out = Vec::new();
    for (path, label, value) in &after {
        let was = before
            .iter()
            .find(|(p, _, _)| p == path)
            .map(|(_, _, v)| v.as_str())
            .unwrap_or("");
        if was != value {
            out.push(FieldChange {
                path: *path,
                label: label.clone(),
                old: was.to_string(),
                new: value.clone(),
            });
        }
    }
    for (path, label, value) in &before {
        if !value.is_empty() && !after.iter().any(|(p, _, _)| p == path) {
            out.push(FieldChange {
                path: *path,
                label: label.clone(),
                old: value.clone(),
                new: String::new(),
            });
        }
    }
    out
}

/// The scan in `slot`'s place of the form (by field path, so an operator's
/// slot is compared with the same operator's), if any.
fn scan_at(case: &EnrollmentCase, path: FieldPath) -> Option<String> {
    let slot = path.slot(case)?;
    case.attachment(&slot).map(|a| a.sha256.clone())
}

/// The attachment fields whose scan was replaced, added or removed.
pub fn replaced_scans(old: &EnrollmentCase, new: &EnrollmentCase) -> Vec<FieldPath> {
    let mut paths: Vec<FieldPath> = case_slots(new).into_iter().map(|(_, p)| p).collect();
    for (_, p) in case_slots(old) {
        if !paths.contains(&p) {
            paths.push(p);
        }
    }
    paths
        .into_iter()
        .filter(|p| scan_at(old, *p) != scan_at(new, *p))
        .collect()
}

/// What a checklist line compares: the fields checked against the scans, and
/// the scans.
pub fn compared(item: CheckItem) -> Vec<FieldPath> {
    let f = |x: Field| FieldPath::from(x);
    match item {
        CheckItem::Licence => vec![
            f(Field::Uscc),
            f(Field::EnterpriseName),
            f(Field::EnterpriseAddress),
            f(Field::LegalName),
            f(Field::BusinessLicence),
        ],
        CheckItem::Id(Person::LegalPerson) => vec![
            f(Field::LegalName),
            f(Field::LegalIdNumber),
            f(Field::LegalIdFront),
            f(Field::LegalIdBack),
        ],
        CheckItem::Id(Person::Agent) => vec![
            f(Field::AgentName),
            f(Field::AgentIdNumber),
            f(Field::AgentIdFront),
            f(Field::AgentIdBack),
        ],
        CheckItem::Id(Person::Operator(n)) => vec![
            FieldPath::op(Field::OperatorName, n),
            FieldPath::op(Field::OperatorIdNumber, n),
            FieldPath::op(Field::OperatorIdFront, n),
            FieldPath::op(Field::OperatorIdBack, n),
        ],
        CheckItem::Authorization => vec![f(Field::EnterpriseName), f(Field::AuthorizationLetter)],
    }
}

/// Whether a tick on `item` of the old declaration still holds for the new
/// one: nothing the line compares has changed (value or scan).
pub fn tick_carries_over(item: CheckItem, old: &EnrollmentCase, new: &EnrollmentCase) -> bool {
    let paper = crate::paper::PaperDetails::default();
    compared(item).into_iter().all(|p| {
        if p.info().part == crate::field::Part::Attachments {
            scan_at(old, p) == scan_at(new, p)
        } else {
            p.get(old, &paper) == p.get(new, &paper)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::valid_enrollment;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    #[test]
    fn one_field_and_one_scan_changed_are_exactly_what_is_listed() {
        let old = valid_enrollment(None);
        let mut new = old.clone();
        new.enterprise.address = "福建省厦门市思明区新地址1号".into();
        let licence = new
            .attachments
            .iter_mut()
            .find(|a| a.slot == "business_licence")
            .unwrap();
        licence.sha256 = format!("{:064x}", 0xbeef);
        let changes = field_changes(&old, &new, today(), Lang::ZhCn);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].path, FieldPath::from(Field::EnterpriseAddress));
        assert_eq!(changes[0].label, "企业地址");
        assert_eq!(changes[0].old, "福建省厦门市湖里区象兴一路11号");
        assert_eq!(changes[0].new, "福建省厦门市思明区新地址1号");
        assert_eq!(
            replaced_scans(&old, &new),
            [FieldPath::from(Field::BusinessLicence)]
        );
        // The licence line compares both; the others carry over.
        assert!(!tick_carries_over(CheckItem::Licence, &old, &new));
        for item in crate::review::checklist(&new)
            .into_iter()
            .filter(|i| *i != CheckItem::Licence)
        {
            assert!(tick_carries_over(item, &old, &new), "{item}");
        }
    }

    #[test]
    fn an_id_number_fixed_reopens_only_that_persons_line() {
        let old = valid_enrollment(None);
        let mut new = old.clone();
        new.operators[0].id_number = "350206198506120030".into();
        let changes = field_changes(&old, &new, today(), Lang::En);
        assert!(changes
            .iter()
            .any(|c| c.path == FieldPath::op(Field::OperatorIdNumber, 0)));
        assert!(replaced_scans(&old, &new).is_empty());
        assert!(!tick_carries_over(
            CheckItem::Id(Person::Operator(0)),
            &old,
            &new
        ));
        assert!(tick_carries_over(
            CheckItem::Id(Person::LegalPerson),
            &old,
            &new
        ));
        assert!(tick_carries_over(CheckItem::Licence, &old, &new));
    }

    #[test]
    fn nothing_changed_lists_nothing() {
        let c = valid_enrollment(None);
        assert!(field_changes(&c, &c, today(), Lang::ZhCn).is_empty());
        assert!(replaced_scans(&c, &c).is_empty());
    }
}
