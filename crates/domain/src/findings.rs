//! What a reviewer should see beside the declared fields, from the case alone:
//! facts the codes carry (the credit code's 行政区划, birth date and sex from
//! ID numbers) and the rules' findings, including what the applicant
//! confirmed against a warning. The server recomputes the findings for the
//! staff console; the console derives the facts with the same code.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::case::EnrollmentCase;
use crate::field::{Field, FieldPath};
use crate::id_number::analyse;
use crate::issue::Severity;
use crate::{uscc, validate_enrollment, Lang};

/// A fact derived from a field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub path: FieldPath,
    pub text: String,
}

/// The ID number fields whose value carries a birth date and sex.
fn id_fields(case: &EnrollmentCase) -> Vec<(FieldPath, crate::id_number::IdType, &str)> {
    let mut all = vec![
        (
            FieldPath::from(Field::LegalIdNumber),
            case.legal_person.id_type,
            case.legal_person.id_number.as_str(),
        ),
        (
            FieldPath::from(Field::AgentIdNumber),
            case.agent.id_type,
            case.agent.id_number.as_str(),
        ),
    ];
    for (n, o) in case.operators.iter().enumerate() {
        all.push((
            FieldPath::op(Field::OperatorIdNumber, n),
            o.id_type,
            o.id_number.as_str(),
        ));
    }
    all
}

/// "行政区划：福建省厦门市湖里区（350206）", "出生日期 1985-06-12 · 男".
pub fn derived_facts(case: &EnrollmentCase, today: NaiveDate, lang: Lang) -> Vec<Fact> {
    let mut out = Vec::new();
    if let Ok(info) = uscc::parse(&case.enterprise.uscc) {
        let name = info
            .region_name
            .unwrap_or_else(|| lang.pick("（未收录）", "(not in our table)").to_string());
        out.push(Fact {
            path: Field::Uscc.into(),
            text: match lang {
                Lang::ZhCn => format!("行政区划：{name}（{}）", info.region_code),
                Lang::En => format!("Administrative division: {name} ({})", info.region_code),
            },
        });
    }
    for (path, id_type, number) in id_fields(case) {
        if number.trim().is_empty() {
            continue;
        }
        let Ok(facts) = analyse(id_type, number, today) else {
            continue;
        };
        if let (Some(born), Some(sex)) = (facts.birth_date, facts.sex) {
            out.push(Fact {
                path,
                text: match lang {
                    Lang::ZhCn => format!("出生日期 {born} · {}", sex.label(lang)),
                    Lang::En => format!("Born {born} · {}", sex.label(lang)),
                },
            });
        }
    }
    out
}

/// A rule's finding on a declared case, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "enterprise.uscc"))]
    pub field: FieldPath,
    /// `error` or `warning` (a warning the applicant confirmed is one).
    pub severity: String,
    pub zh: String,
    pub en: String,
}

/// Every finding of the rules on `case`, and the warnings the applicant
/// confirmed (which no longer show as findings to the applicant).
pub fn findings(case: &EnrollmentCase, today: NaiveDate) -> Vec<Finding> {
    let mut out: Vec<Finding> = validate_enrollment(case, today)
        .iter()
        .map(|i| Finding {
            field: i.path,
            severity: match i.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            }
            .into(),
            zh: i.message(Lang::ZhCn),
            en: i.message(Lang::En),
        })
        .collect();
    if let Ok(info) = uscc::parse(&case.enterprise.uscc) {
        let confirmed = case.confirmations.uscc_check.as_deref() == Some(info.normalized.as_str());
        if !info.check_ok && confirmed {
            let x = info.expected_check;
            out.push(Finding {
                field: Field::Uscc.into(),
                severity: "warning".into(),
                zh: format!("统一社会信用代码校验位与标准不符（按标准应为 {x}），申请人已确认"),
                en: format!(
                    "The credit code's check character differs from the standard ({x} expected); the applicant confirmed it"
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::valid_enrollment;

    fn today() -> NaiveDate {
        "2026-11-27".parse().unwrap()
    }

    #[test]
    fn codes_say_where_and_who() {
        let case = valid_enrollment(None);
        let facts = derived_facts(&case, today(), Lang::ZhCn);
        let uscc = facts.iter().find(|f| f.path == Field::Uscc.into()).unwrap();
        assert!(
            uscc.text.starts_with("行政区划：福建省厦门市"),
            "{}",
            uscc.text
        );
        let legal = facts
            .iter()
            .find(|f| f.path == Field::LegalIdNumber.into())
            .unwrap();
        assert!(legal.text.starts_with("出生日期 "), "{}", legal.text);
        assert!(legal.text.ends_with(" · 男") || legal.text.ends_with(" · 女"));
        let en = derived_facts(&case, today(), Lang::En);
        assert!(en[0].text.starts_with("Administrative division: "));
    }

    #[test]
    fn a_confirmed_check_character_is_a_finding_for_the_reviewer() {
        let mut case = valid_enrollment(None);
        assert!(
            findings(&case, today()).is_empty(),
            "{:?}",
            findings(&case, today())
        );
        // The last character off by one, and confirmed by the applicant.
        let mut code: Vec<char> = case.enterprise.uscc.chars().collect();
        let last = code[17];
        code[17] = if last == '0' { '1' } else { '0' };
        case.enterprise.uscc = code.into_iter().collect();
        case.confirmations.uscc_check = Some(case.enterprise.uscc.clone());
        let f = findings(&case, today());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].field, Field::Uscc.into());
        assert!(
            f[0].zh.starts_with("统一社会信用代码校验位与标准不符"),
            "{}",
            f[0].zh
        );
        assert!(f[0].zh.ends_with("申请人已确认"));
        // Unconfirmed, it is the rule's own warning.
        case.confirmations.uscc_check = None;
        let f = findings(&case, today());
        assert_eq!(f.len(), 1);
        assert!(!f[0].zh.contains("申请人已确认"));
    }
}
