//! Whole-case validation: the `validator` derives on the case model plus the
//! rules that need more than one field (ID type + number, uniqueness, mailing,
//! attachments, confirmations). Browser and server call the same function.

use std::collections::HashMap;

use chrono::NaiveDate;
use validator::{Validate, ValidationError, ValidationErrors, ValidationErrorsKind};

use crate::attachment::check_meta;
use crate::case::{EnrollmentCase, PickupMethod};
use crate::field::{Field, FieldPath};
use crate::id_number::{self, IdType};
use crate::issue::{Code, Issue, Severity};
use crate::lang::Lang;
use crate::{contact, normalize, uscc};

/// A field rule's failure as an issue: our code travels as the error code, the detail as its message.
pub(crate) fn issue_of(path: FieldPath, e: &ValidationError) -> Issue {
    let code = Code::parse(&e.code).unwrap_or(Code::Required);
    let detail = e.message.as_deref().unwrap_or("").to_string();
    Issue::error(path, code).with_detail(detail)
}

/// The `validator` derives' errors as issues. Their dotted paths are the
/// registry's (a test keeps it so); one it does not know is a bug there.
pub(crate) fn flatten(prefix: &str, errs: &ValidationErrors, out: &mut Vec<Issue>) {
    for (field, kind) in errs.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => match FieldPath::parse(&path) {
                Some(p) => out.extend(list.iter().map(|e| issue_of(p, e))),
                None => debug_assert!(false, "{path} is not in the field registry"),
            },
            ValidationErrorsKind::Struct(inner) => flatten(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    flatten(&format!("{path}.{i}"), inner, out);
                }
            }
        }
    }
}

pub(crate) fn check_id(
    path: FieldPath,
    id_type: IdType,
    number: &str,
    today: NaiveDate,
    out: &mut Vec<Issue>,
) {
    if normalize::code(number).is_empty() {
        out.push(Issue::error(path, Code::Required));
    } else if let Err((code, detail)) = id_number::validate(id_type, number, today) {
        out.push(Issue::error(path, code).with_detail(detail));
    }
}

/// The legal person's ID number against the rules of its type.
pub(crate) fn check_legal_id(case: &EnrollmentCase, today: NaiveDate, out: &mut Vec<Issue>) {
    let lp = &case.legal_person;
    check_id(
        Field::LegalIdNumber.into(),
        lp.id_type,
        &lp.id_number,
        today,
        out,
    );
}

/// The normalised ID used to compare holders (a 15-digit number compares as its upgrade).
fn comparable_id(id_type: IdType, number: &str, today: NaiveDate) -> String {
    id_number::analyse(id_type, number, today)
        .map(|f| f.normalized)
        .unwrap_or_else(|_| normalize::code(number))
}

/// Every finding about a paperless-enrollment case as of `today` (Asia/Shanghai),
/// in page order. Confirmed warnings are left out.
/// Control and bidirectional-control characters, refused in every text field
/// and attachment name (first, so theirs is the message a field shows).
pub(crate) fn check_invisible(
    case: &EnrollmentCase,
    paper: &crate::paper::PaperDetails,
    out: &mut Vec<Issue>,
) {
    use crate::field::{Group, FIELDS};
    let refuse = |path: FieldPath, c: char, out: &mut Vec<Issue>| {
        out.push(
            Issue::error(path, Code::InvisibleCharacter).with_detail(format!("U+{:04X}", c as u32)),
        );
    };
    for info in FIELDS
        .iter()
        .filter(|f| f.access.is_some() && f.choices.is_empty())
    {
        let paths: Vec<FieldPath> = if info.group == Group::Operator {
            (0..case.operators.len())
                .map(|n| FieldPath::op(info.field, n))
                .collect()
        } else {
            vec![info.field.into()]
        };
        for path in paths {
            let value = path.get(case, paper).unwrap_or_default();
            if let Some(c) = normalize::invisible(&value, info.field.multiline()) {
                refuse(path, c, out);
            }
        }
    }
    for (slot, path) in &crate::manifest::case_slots(case) {
        if let Some(c) = case
            .attachment(slot)
            .and_then(|a| normalize::invisible(&a.name, false))
        {
            refuse(*path, c, out);
        }
    }
}

pub fn validate_enrollment(case: &EnrollmentCase, today: NaiveDate) -> Vec<Issue> {
    let mut out = Vec::new();
    check_invisible(case, &crate::paper::PaperDetails::default(), &mut out);
    if let Err(errs) = case.validate() {
        flatten("", &errs, &mut out);
    }

    check_uscc_confirmed(case, &mut out);
    if !normalize::text(&case.enterprise.address).is_empty()
        && !contact::address_looks_complete(&case.enterprise.address)
    {
        out.push(Issue::warning(
            Field::EnterpriseAddress,
            Code::AddressIncomplete,
        ));
    }

    check_legal_id(case, today, &mut out);
    check_id(
        Field::AgentIdNumber.into(),
        case.agent.id_type,
        &case.agent.id_number,
        today,
        &mut out,
    );

    check_pickup(case, &mut out);
    if case.operators.is_empty() {
        out.push(Issue::error(Field::Operators, Code::OperatorsEmpty));
    }
    check_operators(case, today, &mut out);
    check_one_card_per_id(case, true, today, &mut out);

    // Attachments: every slot filled, every file within the limits.
    for (slot, path) in &crate::manifest::case_slots(case) {
        match case.attachment(slot) {
            None => out.push(Issue::error(*path, Code::AttachmentMissing)),
            Some(meta) => {
                if let Err((code, d)) = check_meta(meta) {
                    out.push(Issue::error(*path, code).with_detail(d));
                }
            }
        }
    }

    // The same file in two slots is worth a second look (it may be right: one
    // person's ID card for 法定代表人 and 经办人).
    let mut seen: Vec<(&str, FieldPath)> = Vec::new();
    for (slot, path) in &crate::manifest::case_slots(case) {
        let Some(meta) = case.attachment(slot) else {
            continue;
        };
        match seen.iter().find(|(sha, _)| *sha == meta.sha256) {
            Some((_, first)) => {
                let en = first.label(Lang::En);
                let en = lower_first(&en);
                out.push(
                    Issue::warning(*path, Code::AttachmentSameFile)
                        .with_detail(format!("{}|{en}", first.label(Lang::ZhCn))),
                );
            }
            None => seen.push((&meta.sha256, *path)),
        }
    }

    out.sort_by_key(|i| i.path.order_key());
    out
}

/// "Legal representative ID number" as it reads mid-sentence.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Credit code: a check-character mismatch needs an explicit confirmation.
pub(crate) fn check_uscc_confirmed(case: &EnrollmentCase, out: &mut Vec<Issue>) {
    if let Ok(info) = uscc::parse(&case.enterprise.uscc) {
        let confirmed = case.confirmations.uscc_check.as_deref() == Some(info.normalized.as_str());
        if !info.check_ok && !confirmed {
            out.push(
                Issue::warning(Field::Uscc, Code::UsccCheck)
                    .with_detail(info.expected_check.to_string()),
            );
        }
    }
}

/// 领卡方式, and for 邮寄领卡 where the card goes.
pub(crate) fn check_pickup(case: &EnrollmentCase, out: &mut Vec<Issue>) {
    match case.pickup.method {
        None => out.push(Issue::error(Field::PickupMethod, Code::Required)),
        Some(PickupMethod::Window) => {}
        Some(PickupMethod::Mail) => {
            if let Err((code, d)) = contact::validate_name(&case.pickup.recipient) {
                out.push(Issue::error(Field::PickupRecipient, code).with_detail(d));
            }
            let phone = &case.pickup.phone;
            if normalize::text(phone).is_empty() {
                out.push(Issue::error(Field::PickupPhone, Code::Required));
            } else if let Err((code, d)) = contact::validate_phone(phone) {
                out.push(Issue::error(Field::PickupPhone, code).with_detail(d));
            }
            let addr = &case.pickup.address;
            if normalize::text(addr).is_empty() {
                out.push(Issue::error(Field::PickupAddress, Code::Required));
            } else if !contact::address_looks_complete(addr) {
                out.push(Issue::warning(
                    Field::PickupAddress,
                    Code::AddressIncomplete,
                ));
            }
        }
    }
}

/// Each operator's ID, and sex and birth date where the ID does not carry them.
pub(crate) fn check_operators(case: &EnrollmentCase, today: NaiveDate, out: &mut Vec<Issue>) {
    for (i, op) in case.operators.iter().enumerate() {
        let p = |f: Field| FieldPath::op(f, i);
        check_id(
            p(Field::OperatorIdNumber),
            op.id_type,
            &op.id_number,
            today,
            out,
        );
        if !op.id_type.carries_birth_date() {
            if op.sex.is_none() {
                out.push(Issue::error(p(Field::OperatorSex), Code::Required));
            }
            let bd = op.birth_date.trim();
            let birth = p(Field::OperatorBirthDate);
            if bd.is_empty() {
                out.push(Issue::error(birth, Code::Required));
            } else {
                match crate::iso::date(bd) {
                    None => out.push(Issue::error(birth, Code::IdDate).with_detail(bd)),
                    Some(d) if d > today => {
                        out.push(Issue::error(birth, Code::IdFuture).with_detail(bd))
                    }
                    Some(_) => {}
                }
            }
        }
    }
}

/// One person, one card per enterprise: the holders (with the legal person when
/// `with_legal`) share one ID space.
pub(crate) fn check_one_card_per_id(
    case: &EnrollmentCase,
    with_legal: bool,
    today: NaiveDate,
    out: &mut Vec<Issue>,
) {
    let mut seen: HashMap<String, FieldPath> = HashMap::new();
    let legal = with_legal.then(|| {
        (
            FieldPath::from(Field::LegalIdNumber),
            case.legal_person.id_type,
            &case.legal_person.id_number,
        )
    });
    let holders = legal
        .into_iter()
        .chain(case.operators.iter().enumerate().map(|(i, o)| {
            (
                FieldPath::op(Field::OperatorIdNumber, i),
                o.id_type,
                &o.id_number,
            )
        }));
    for (path, t, number) in holders {
        let id = comparable_id(t, number, today);
        if id.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(&id) {
            let who = first.label(Lang::ZhCn);
            // Mid-sentence in English: "…is the same as the legal representative ID number."
            let who_en = lower_first(&first.label(Lang::En));
            out.push(Issue::error(path, Code::IdDuplicate).with_detail(format!("{who}|{who_en}")));
        } else {
            seen.insert(id, path);
        }
    }
}

impl Issue {
    /// Whether this finding stops the case from being declared. Unconfirmed
    /// check-character warnings block; an incomplete-looking address does not.
    pub fn blocks(&self) -> bool {
        self.severity == Severity::Error || self.code == Code::UsccCheck
    }
}

/// True when the case may be declared.
pub fn can_declare(issues: &[Issue]) -> bool {
    !issues.iter().any(Issue::blocks)
}
