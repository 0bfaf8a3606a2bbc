//! The answers of a paperless enrollment as a person reads them: every field
//! of the registry, grouped as the enterprise entered them (enterprise, legal
//! person, agent, 领卡方式, each operator, attachments), with its official label
//! and its value as text. 核对 and the staff console both show these rows.

use chrono::NaiveDate;

use crate::attachment::human_size;
use crate::case::{EnrollmentCase, PickupMethod};
use crate::field::{operator_group, Field, FieldPath, Group, Part, FIELDS};
use crate::id_number::{self, IdType};
use crate::lang::Lang;
use crate::paper::PaperDetails;

/// One answer: the field, what it is called here, and its value as text
/// (`""` when not given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub path: FieldPath,
    pub label: String,
    pub value: String,
    /// Where the value is changed (an ID number for a sex read from it).
    pub input: FieldPath,
    /// Read from another answer (a sex or birth date from the ID number): it
    /// has no 修改 link of its own.
    pub derived: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerGroup {
    pub title: String,
    pub rows: Vec<Answer>,
}

/// Fields that have a row: the enrollment's parts, not the manifest's own entries.
fn answered(f: Field) -> bool {
    let i = f.info();
    matches!(
        i.part,
        Part::Enterprise | Part::Operators | Part::Attachments
    ) && f != Field::Operators
}

/// The value of `path` as a reader sees it: option labels, values read from
/// an ID number, an attachment's name and size, phones grouped.
pub fn display(path: FieldPath, case: &EnrollmentCase, today: NaiveDate, lang: Lang) -> String {
    let paper = PaperDetails::default();
    let info = path.info();
    if let Some(slot) = path.slot(case) {
        return case
            .attachment(&slot)
            .map(|a| format!("{} ({})", a.name, human_size(a.size)))
            .unwrap_or_default();
    }
    let raw = path.get(case, &paper).unwrap_or_default();
    if let Some(shown) = path.field.shown(&raw) {
        return shown;
    }
    // Sex and birth date of an operator whose ID type carries them.
    if info.from_id {
        if let Some(o) = path.operator.and_then(|n| case.operators.get(n)) {
            if let Ok(facts) = id_number::analyse(o.id_type, &o.id_number, today) {
                match path.field {
                    Field::OperatorSex => {
                        if let Some(s) = facts.sex {
                            return s.label(lang).to_string();
                        }
                    }
                    Field::OperatorBirthDate => {
                        if let Some(d) = facts.birth_date {
                            return d.to_string();
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // The code with its name: "20 厦门制卡中心" (the official name, glossed in English).
    if path.field == Field::AgencyCode {
        if let Some(name) = crate::catalog::agency_name(&raw) {
            return format!("{} {}", raw.trim(), crate::gloss::official(name, lang));
        }
    }
    // The default nationality 中国, glossed in English.
    if matches!(
        path.field,
        Field::LegalNationality | Field::OperatorNationality
    ) {
        return crate::gloss::official(&raw, lang);
    }
    if path.field.info().key == "id_type" {
        return IdType::parse(&raw)
            .unwrap_or_default()
            .label(lang)
            .to_string();
    }
    path.options(lang)
        .into_iter()
        .find(|(v, _)| *v == raw)
        .map(|(_, label)| label)
        .unwrap_or(raw)
}

fn answer(path: FieldPath, case: &EnrollmentCase, today: NaiveDate, lang: Lang) -> Answer {
    let input = path.input(case);
    Answer {
        path,
        label: path.name(lang).to_string(),
        value: display(path, case, today, lang),
        input,
        derived: input != path,
    }
}

/// Every answer of `case`, in form order. The mailing rows appear only for 邮寄领卡.
pub fn enrollment_answers(case: &EnrollmentCase, today: NaiveDate, lang: Lang) -> Vec<AnswerGroup> {
    let by_mail = case.pickup.method == Some(PickupMethod::Mail);
    let shown = |f: Field| {
        answered(f)
            && (by_mail
                || !matches!(
                    f,
                    Field::PickupRecipient | Field::PickupPhone | Field::PickupAddress
                ))
    };
    let mut groups = Vec::new();
    for g in [
        Group::Enterprise,
        Group::LegalPerson,
        Group::Agent,
        Group::Pickup,
    ] {
        groups.push(AnswerGroup {
            title: g.title(lang).to_string(),
            rows: FIELDS
                .iter()
                .filter(|f| f.group == g && shown(f.field))
                .map(|f| answer(f.field.into(), case, today, lang))
                .collect(),
        });
    }
    for n in 0..case.operators.len() {
        groups.push(AnswerGroup {
            title: operator_group(n, lang),
            rows: FIELDS
                .iter()
                .filter(|f| f.group == Group::Operator && shown(f.field))
                .map(|f| answer(FieldPath::op(f.field, n), case, today, lang))
                .collect(),
        });
    }
    groups.push(AnswerGroup {
        title: Group::Attachments.title(lang).to_string(),
        rows: Field::ENTERPRISE_ATTACHMENTS
            .iter()
            .map(|f| answer((*f).into(), case, today, lang))
            .collect(),
    });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Operator;
    use crate::fixtures::valid_enrollment;
    use crate::id_number::Sex;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    /// Mail pickup, remarks, and a second operator whose passport does not carry sex or birth date.
    fn full() -> EnrollmentCase {
        let mut c = valid_enrollment(None);
        c.pickup.method = Some(PickupMethod::Mail);
        c.pickup.recipient = "陈收件".into();
        c.pickup.phone = "13700137000".into();
        c.pickup.address = "福建省厦门市思明区鹭江道100号".into();
        c.pickup.remarks = "请在工作日投递".into();
        c.operators[0].fax = "0592-5653396".into();
        c.operators.push(Operator {
            key: "op2".into(),
            name: "Anna Schmidt".into(),
            id_type: IdType::Passport,
            id_number: "C01X00T47".into(),
            sex: Some(Sex::Female),
            birth_date: "1990-05-06".into(),
            nationality: "德国".into(),
            education: "硕士".into(),
            title: "报关员".into(),
            phone: "13800138001".into(),
            fax: "0592-5653397".into(),
            address: "厦门市湖里区1号".into(),
        });
        for side in ["id_front", "id_back"] {
            let mut a = c.attachments[0].clone();
            a.slot = crate::case::operator_slot("op2", side);
            c.attachments.push(a);
        }
        c
    }

    #[test]
    fn every_field_of_a_full_case_has_a_row_with_a_value() {
        let case = full();
        let groups = enrollment_answers(&case, today(), Lang::ZhCn);
        let rows: Vec<&Answer> = groups.iter().flat_map(|g| &g.rows).collect();
        for f in FIELDS.iter().filter(|f| answered(f.field)) {
            let paths: Vec<FieldPath> = match f.group {
                Group::Operator => (0..case.operators.len())
                    .map(|n| FieldPath::op(f.field, n))
                    .collect(),
                _ => vec![f.field.into()],
            };
            for p in paths {
                let row = rows
                    .iter()
                    .find(|r| r.path == p)
                    .unwrap_or_else(|| panic!("no row for {p}"));
                assert!(!row.value.is_empty(), "{p} is empty");
                assert_eq!(row.label, p.name(Lang::ZhCn));
            }
        }
        assert_eq!(groups.len(), 4 + 2 + 1);
        assert_eq!(groups[4].title, "操作员 1");
    }

    #[test]
    fn values_read_as_people_write_them() {
        let case = full();
        let v = |p: FieldPath| display(p, &case, today(), Lang::ZhCn);
        assert_eq!(v(Field::PickupMethod.into()), "邮寄领卡");
        assert_eq!(v(Field::LegalIdType.into()), "居民身份证");
        // Read from the 15-digit ID 632123820927051: born 1982-09-27, male.
        assert_eq!(v(FieldPath::op(Field::OperatorSex, 0)), "男");
        assert_eq!(v(FieldPath::op(Field::OperatorBirthDate, 0)), "1982-09-27");
        assert_eq!(v(FieldPath::op(Field::OperatorSex, 1)), "女");
        assert_eq!(v(FieldPath::op(Field::OperatorBirthDate, 1)), "1990-05-06");
        assert_eq!(v(Field::BusinessLicence.into()), "scan.jpg (794 KB)");
        // Stored as digits, read grouped.
        assert_eq!(v(Field::PickupPhone.into()), "137 0013 7000");
        assert_eq!(
            display(Field::PickupMethod.into(), &case, today(), Lang::En),
            "By post"
        );
    }

    #[test]
    fn a_value_read_from_the_id_is_changed_at_the_id_number() {
        let case = full();
        let groups = enrollment_answers(&case, today(), Lang::ZhCn);
        let row = |p: FieldPath| {
            groups
                .iter()
                .flat_map(|g| &g.rows)
                .find(|r| r.path == p)
                .unwrap()
                .clone()
        };
        assert_eq!(
            row(FieldPath::op(Field::OperatorSex, 0)).input,
            FieldPath::op(Field::OperatorIdNumber, 0)
        );
        assert_eq!(
            row(FieldPath::op(Field::OperatorSex, 1)).input,
            FieldPath::op(Field::OperatorSex, 1)
        );
    }

    #[test]
    fn window_pickup_has_no_mailing_rows() {
        let case = valid_enrollment(None);
        let groups = enrollment_answers(&case, today(), Lang::ZhCn);
        let pickup = &groups[3];
        let fields: Vec<Field> = pickup.rows.iter().map(|r| r.path.field).collect();
        assert_eq!(fields, vec![Field::PickupMethod, Field::PickupRemarks]);
    }
}
