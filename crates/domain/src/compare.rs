//! Compare mode: the declared values a scan must show, for the reviewer to
//! read beside it (an ID: name, number, birth date and sex; the licence: the
//! credit code, name, address and legal representative; the authorisation:
//! the enterprise and its representative).

use chrono::NaiveDate;

use crate::answers::display;
use crate::case::{EnrollmentCase, PickupMethod};
use crate::field::{Field, FieldPath};
use crate::findings::derived_facts;
use crate::lang::Lang;

/// One value to compare: what it is, and what was declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    pub label: String,
    pub value: String,
}

/// The declared values `scan` (an attachment field) must match, in reading order.
pub fn declared_for_scan(
    case: &EnrollmentCase,
    scan: FieldPath,
    today: NaiveDate,
    lang: Lang,
) -> Vec<Declared> {
    let facts = derived_facts(case, today, lang);
    let row = |p: FieldPath, label: String| Declared {
        label,
        value: display(p, case, today, lang),
    };
    let plain = |f: Field| row(f.into(), FieldPath::from(f).label(lang));
    // A person's name, number and what the number says (birth date, sex).
    let person = |name: FieldPath, number: FieldPath| {
        let mut out = vec![row(name, name.label(lang)), row(number, number.label(lang))];
        if let Some(f) = facts.iter().find(|f| f.path == number) {
            out.push(Declared {
                label: lang.pick("证件号码所含信息", "From the ID number").into(),
                value: f.text.clone(),
            });
        }
        out
    };
    let legal_name = || plain(Field::LegalName);
    match scan.field {
        Field::BusinessLicence => vec![
            plain(Field::Uscc),
            plain(Field::EnterpriseName),
            plain(Field::EnterpriseAddress),
            legal_name(),
        ],
        Field::LegalIdFront | Field::LegalIdBack => {
            person(Field::LegalName.into(), Field::LegalIdNumber.into())
        }
        Field::AgentIdFront | Field::AgentIdBack => {
            person(Field::AgentName.into(), Field::AgentIdNumber.into())
        }
        Field::OperatorIdFront | Field::OperatorIdBack => {
            let n = scan.operator.unwrap_or(0);
            person(
                FieldPath::op(Field::OperatorName, n),
                FieldPath::op(Field::OperatorIdNumber, n),
            )
        }
        Field::AuthorizationLetter => {
            let mut out = vec![
                plain(Field::EnterpriseName),
                plain(Field::Uscc),
                legal_name(),
            ];
            if case.pickup.method == Some(PickupMethod::Mail) {
                out.push(plain(Field::PickupRecipient));
                out.push(plain(Field::PickupAddress));
            }
            out
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::valid_enrollment;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    #[test]
    fn an_id_scan_is_compared_with_name_number_birth_date_and_sex() {
        let c = valid_enrollment(None);
        let rows = declared_for_scan(&c, Field::LegalIdFront.into(), today(), Lang::ZhCn);
        let values: Vec<&str> = rows.iter().map(|r| r.value.as_str()).collect();
        assert_eq!(values[0], "张三");
        assert_eq!(values[1], "11010519491231002X");
        assert!(
            values[2].contains("1949-12-31") && values[2].contains('女'),
            "{values:?}"
        );
        let op = declared_for_scan(
            &c,
            FieldPath::op(Field::OperatorIdBack, 0),
            today(),
            Lang::En,
        );
        assert_eq!(op[0].value, "王五");
    }

    #[test]
    fn the_licence_is_compared_with_code_name_address_and_legal_person() {
        let c = valid_enrollment(None);
        let rows = declared_for_scan(&c, Field::BusinessLicence.into(), today(), Lang::ZhCn);
        let values: Vec<&str> = rows.iter().map(|r| r.value.as_str()).collect();
        assert_eq!(
            values,
            [
                "91350200MA31E12PXF",
                "厦门示例贸易有限公司",
                "福建省厦门市湖里区象兴一路11号",
                "张三"
            ]
        );
        assert_eq!(rows[3].label, "法定代表人姓名");
        assert!(declared_for_scan(&c, Field::Uscc.into(), today(), Lang::ZhCn).is_empty());
    }
}
