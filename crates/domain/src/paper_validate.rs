//! Validation of the paper business types: the fields their forms print, checked
//! with the same rules as the online enrollment, so a printed form never carries
//! a malformed credit code, ID number or phone.

use chrono::NaiveDate;
use validator::{Validate, ValidationError};

use crate::case::{EnrollmentCase, PickupMethod};
use crate::catalog::BusinessKind;
use crate::field::Field;
use crate::issue::{Code, Issue};
use crate::paper::{needs, DeregScope, PaperDetails, ReaderRoute};
use crate::validate::{
    check_legal_id, check_one_card_per_id, check_operators, check_pickup, check_uscc_confirmed,
    flatten, issue_of,
};
use crate::{normalize, rules};

fn rule(path: Field, r: Result<(), ValidationError>, out: &mut Vec<Issue>) {
    if let Err(e) = r {
        out.push(issue_of(path.into(), &e));
    }
}

fn optional_max(path: Field, v: &str, max: usize, out: &mut Vec<Issue>) {
    if normalize::text(v).chars().count() > max {
        out.push(Issue::error(path, Code::TooLong).with_detail(max.to_string()));
    }
}

fn empty(v: &str) -> bool {
    normalize::text(v).is_empty()
}

/// Every finding about a case of any business type.
pub fn validate_case(
    kind: BusinessKind,
    case: &EnrollmentCase,
    paper: &PaperDetails,
    today: NaiveDate,
) -> Vec<Issue> {
    match kind {
        BusinessKind::PaperlessEnrollment => crate::validate_enrollment(case, today),
        kind => validate_paper(kind, case, paper, today),
    }
}

/// Every finding about a paper case of `kind` as of `today`, in page order.
pub fn validate_paper(
    kind: BusinessKind,
    case: &EnrollmentCase,
    paper: &PaperDetails,
    today: NaiveDate,
) -> Vec<Issue> {
    let need = needs(kind);
    let mut out = Vec::new();
    crate::validate::check_invisible(case, paper, &mut out);
    let reader_pickup = need.reader && paper.reader_route == Some(ReaderRoute::Pickup);
    if need.reader && paper.reader_route.is_none() {
        out.push(Issue::error(Field::ReaderRoute, Code::Required));
    }
    // 附件1 and 附件5 both carry the enterprise.
    if need.form1 || reader_pickup {
        rule(
            Field::Uscc,
            rules::uscc_structure(&case.enterprise.uscc),
            &mut out,
        );
        check_uscc_confirmed(case, &mut out);
        rule(
            Field::EnterpriseName,
            rules::required_200(&case.enterprise.name),
            &mut out,
        );
    }
    if !empty(&paper.apply_date) && crate::iso::date(&paper.apply_date).is_none() {
        out.push(Issue::error(Field::ApplyDate, Code::IdDate).with_detail(paper.apply_date.trim()));
    }
    if need.form1 {
        rule(Field::AgentName, rules::name(&case.agent.name), &mut out);
        rule(Field::AgentPhone, rules::phone(&case.agent.phone), &mut out);
        check_pickup(case, &mut out);
    }
    if reader_pickup {
        // 附件5: where the centre posts the reader, and who signs.
        let mut mail = case.clone();
        mail.pickup.method = Some(PickupMethod::Mail);
        check_pickup(&mail, &mut out);
        rule(
            Field::LegalName,
            rules::name(&case.legal_person.name),
            &mut out,
        );
        rule(
            Field::LegalMobile,
            rules::mobile(&case.legal_person.mobile),
            &mut out,
        );
    }
    if need.legal_holder {
        if let Err(errs) = case.legal_person.validate() {
            flatten("legal_person", &errs, &mut out);
        }
        check_legal_id(case, today, &mut out);
        rule(
            Field::LegalTitle,
            rules::required_50(&paper.legal_title),
            &mut out,
        );
        if !case.legal_person.id_type.carries_birth_date() && paper.legal_sex.is_none() {
            out.push(Issue::error(Field::LegalSex, Code::Required));
        }
    }
    if let Some(required) = need.operators {
        if required && case.operators.is_empty() {
            out.push(Issue::error(Field::Operators, Code::OperatorsEmpty));
        }
        for (i, op) in case.operators.iter().enumerate() {
            if let Err(errs) = op.validate() {
                flatten(&format!("operators.{i}"), &errs, &mut out);
            }
        }
        check_operators(case, today, &mut out);
        check_one_card_per_id(case, need.legal_holder, today, &mut out);
    }
    if need.change {
        rule(
            Field::ChangeContent,
            rules::required_200(&paper.change_content),
            &mut out,
        );
        optional_max(Field::ChangeRemarks, &paper.change_remarks, 200, &mut out);
    }
    match need.card_number {
        Some(true) => rule(
            Field::CardNumber,
            rules::required_50(&paper.card_number),
            &mut out,
        ),
        Some(false) => optional_max(Field::CardNumber, &paper.card_number, 50, &mut out),
        None => {}
    }
    if need.card_role && paper.card_role.is_none() {
        out.push(Issue::error(Field::CardRole, Code::Required));
    }
    if need.dereg {
        optional_max(
            Field::LegalCardNumber,
            &paper.legal_card_number,
            50,
            &mut out,
        );
        optional_max(
            Field::OperatorCardNumbers,
            &paper.operator_card_numbers,
            500,
            &mut out,
        );
        match paper.dereg_scope {
            None => out.push(Issue::error(Field::DeregScope, Code::Required)),
            // Deregistering the enterprise cancels the legal-person card: 附件4 names it.
            Some(DeregScope::Enterprise) if empty(&paper.legal_card_number) => {
                out.push(Issue::error(Field::LegalCardNumber, Code::Required))
            }
            Some(DeregScope::Cards)
                if empty(&paper.legal_card_number) && empty(&paper.operator_card_numbers) =>
            {
                out.push(Issue::error(
                    Field::OperatorCardNumbers,
                    Code::CardNumbersEmpty,
                ))
            }
            Some(_) => {}
        }
    }
    // 卡号 is the number printed on the card: digits only.
    for (f, v, shown) in [
        (
            Field::CardNumber,
            &paper.card_number,
            need.card_number.is_some(),
        ),
        (Field::LegalCardNumber, &paper.legal_card_number, need.dereg),
        (
            Field::OperatorCardNumbers,
            &paper.operator_card_numbers,
            need.dereg,
        ),
    ] {
        if shown
            && !crate::contact::card_numbers_are_digits(v)
            && !out.iter().any(|i| i.path == f.into())
        {
            out.push(Issue::error(f, Code::CardNumberDigits));
        }
    }
    out.sort_by_key(|i| i.path.order_key());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Operator;
    use crate::catalog::CATALOG;
    use crate::fixtures::valid_enrollment;
    use crate::paper::CardRole;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn paths(kind: BusinessKind, case: &EnrollmentCase, paper: &PaperDetails) -> Vec<String> {
        validate_paper(kind, case, paper, today())
            .into_iter()
            .filter(|i| i.blocks())
            .map(|i| i.path.to_string())
            .collect()
    }

    /// Everything any paper type asks for, filled in correctly.
    fn complete() -> PaperDetails {
        PaperDetails {
            apply_date: "2026-11-27".into(),
            card_number: "8900000000012345".into(),
            card_role: Some(CardRole::Operator),
            dereg_scope: Some(DeregScope::Enterprise),
            legal_card_number: "8900000000000001".into(),
            change_content: "企业名称变更".into(),
            legal_title: "总经理".into(),
            reader_route: Some(ReaderRoute::Pickup),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_case_passes_for_every_paper_type() {
        let mut case = valid_enrollment(None);
        // 附件5 (card reader, pickup route) always needs a delivery address.
        case.pickup.recipient = "王五".into();
        case.pickup.phone = "13800138000".into();
        case.pickup.address = "福建省厦门市湖里区象兴一路11号".into();
        for b in CATALOG
            .iter()
            .filter(|b| b.kind != BusinessKind::PaperlessEnrollment)
        {
            assert_eq!(
                paths(b.kind, &case, &complete()),
                Vec::<String>::new(),
                "{}",
                b.slug
            );
        }
    }

    #[test]
    fn an_empty_case_names_exactly_the_fields_its_forms_print() {
        let empty = EnrollmentCase::default();
        let none = PaperDetails::default();
        assert_eq!(
            paths(BusinessKind::CardUnlock, &empty, &none),
            [
                "enterprise.uscc",
                "enterprise.name",
                "agent.name",
                "agent.phone",
                "pickup.method",
                "paper.card_number"
            ]
        );
        assert_eq!(
            paths(BusinessKind::CardReader, &empty, &none),
            ["paper.reader_route"]
        );
        let vendor = PaperDetails {
            reader_route: Some(ReaderRoute::Vendor),
            ..Default::default()
        };
        assert!(paths(BusinessKind::CardReader, &empty, &vendor).is_empty());
        let p = paths(BusinessKind::OperatorCardAdd, &empty, &none);
        assert!(p.contains(&"operators".to_string()), "{p:?}");
        assert!(!p.iter().any(|p| p.starts_with("legal_person")), "{p:?}");
        let p = paths(BusinessKind::PaperEnrollment, &empty, &none);
        assert!(p.contains(&"legal_person.id_number".to_string()));
        assert!(p.contains(&"paper.legal_title".to_string()));
    }

    #[test]
    fn card_numbers_hold_digits_only() {
        let case = valid_enrollment(None);
        let mut p = complete();
        p.card_number = "8900 0000-0001".into();
        assert!(
            paths(BusinessKind::CardUnlock, &case, &p).is_empty(),
            "separators are fine"
        );
        p.card_number = "89000000A1".into();
        assert_eq!(
            paths(BusinessKind::CardUnlock, &case, &p),
            ["paper.card_number"]
        );
        let mut p = complete();
        p.operator_card_numbers = "8900000002、卡8900000003".into();
        assert_eq!(
            paths(BusinessKind::Deregistration, &case, &p),
            ["paper.operator_card_numbers"]
        );
    }

    #[test]
    fn deregistration_needs_the_cards_it_cancels() {
        let case = valid_enrollment(None);
        let mut p = complete();
        p.legal_card_number.clear();
        assert_eq!(
            paths(BusinessKind::Deregistration, &case, &p),
            ["paper.legal_card_number"]
        );
        p.dereg_scope = Some(DeregScope::Cards);
        let issues = validate_paper(BusinessKind::Deregistration, &case, &p, today());
        assert_eq!(issues[0].code, Code::CardNumbersEmpty);
        p.operator_card_numbers = "8900000000000002".into();
        assert!(paths(BusinessKind::Deregistration, &case, &p).is_empty());
        p.dereg_scope = None;
        assert_eq!(
            paths(BusinessKind::Deregistration, &case, &p),
            ["paper.dereg_scope"]
        );
    }

    #[test]
    fn an_id_holds_one_card_per_enterprise_on_paper_too() {
        let mut case = valid_enrollment(None);
        let first = case.operators[0].clone();
        case.operators.push(Operator {
            key: "twin".into(),
            ..first
        });
        let issues = validate_paper(BusinessKind::OperatorCardAdd, &case, &complete(), today());
        assert!(issues
            .iter()
            .any(|i| i.code == Code::IdDuplicate && i.path.to_string() == "operators.1.id_number"));
    }
}
