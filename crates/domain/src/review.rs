//! What a reviewer records about a submission besides the decision: the
//! centre's common reasons for 退单, each naming the field or attachment at
//! fault; the checklist of what was verified; the EMS number of a mailed card.
//! The console offers exactly these, and the server accepts nothing else.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::case::EnrollmentCase;
use crate::field::{operator_group, Field, FieldPath, Group};
use crate::Lang;

/// The reasons the card centre gives most often; free text covers the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// 不清晰: a scan or photo that cannot be read.
    Unclear,
    /// 未盖章: the licence copy or the authorisation lacks the company seal.
    Unsealed,
    /// 不完整: the authorisation is missing a part or a signature.
    Incomplete,
    /// 与证件照片不符: an ID number that is not the one on the photo.
    PhotoMismatch,
    /// 与营业执照不符: the credit code or name differs from the licence.
    LicenceMismatch,
    /// 非真实申报: junk (a test, a stranger filing in the firm's name); see `arrival`.
    NotGenuine,
    /// A reason this version does not know (a newer server); never offered.
    #[serde(other)]
    Unknown,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 6] = [
        ReasonCode::Unclear,
        ReasonCode::Unsealed,
        ReasonCode::Incomplete,
        ReasonCode::PhotoMismatch,
        ReasonCode::LicenceMismatch,
        ReasonCode::NotGenuine,
    ];

    /// The name in JSON.
    pub fn key(self) -> &'static str {
        match self {
            ReasonCode::Unclear => "unclear",
            ReasonCode::Unsealed => "unsealed",
            ReasonCode::Incomplete => "incomplete",
            ReasonCode::PhotoMismatch => "photo_mismatch",
            ReasonCode::LicenceMismatch => "licence_mismatch",
            ReasonCode::NotGenuine => "not_genuine",
            ReasonCode::Unknown => "unknown",
        }
    }

    fn phrase(self, lang: Lang) -> &'static str {
        match self {
            ReasonCode::Unclear => lang.pick("不清晰", "is not legible"),
            ReasonCode::Unsealed => lang.pick("未盖章", "has no company seal"),
            ReasonCode::Incomplete => lang.pick("不完整", "is incomplete"),
            ReasonCode::PhotoMismatch => lang.pick("与证件照片不符", "does not match the ID photo"),
            ReasonCode::LicenceMismatch => {
                lang.pick("与营业执照不符", "does not match the business licence")
            }
            ReasonCode::NotGenuine => lang.pick(
                "非真实申报（测试数据或他人冒名）",
                "is not a genuine application (test data or filed by a stranger)",
            ),
            ReasonCode::Unknown => lang.pick("需要修改", "needs a change"),
        }
    }

    /// Whether this reason can be given about `field`.
    pub fn applies_to(self, field: Field) -> bool {
        use Field::*;
        match self {
            ReasonCode::Unclear => matches!(
                field,
                BusinessLicence
                    | LegalIdFront
                    | LegalIdBack
                    | AgentIdFront
                    | AgentIdBack
                    | AuthorizationLetter
                    | OperatorIdFront
                    | OperatorIdBack
            ),
            ReasonCode::Unsealed => matches!(field, BusinessLicence | AuthorizationLetter),
            ReasonCode::Incomplete => field == AuthorizationLetter,
            ReasonCode::PhotoMismatch => {
                matches!(field, LegalIdNumber | AgentIdNumber | OperatorIdNumber)
            }
            ReasonCode::LicenceMismatch => matches!(field, Uscc | EnterpriseName),
            // Said of the declaration as a whole, which the enterprise name stands for.
            ReasonCode::NotGenuine => field == EnterpriseName,
            ReasonCode::Unknown => false,
        }
    }
}

/// One structured reason for 退单: what is wrong, and with which field or
/// attachment (`attachments.business_licence`, `operators.1.id_number`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectReason {
    pub code: ReasonCode,
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = String, example = "attachments.business_licence")
    )]
    pub field: FieldPath,
}

/// At most this many reasons a decision (more are never needed; bounds the row).
pub const MAX_REASONS: usize = 20;

impl RejectReason {
    pub fn new(code: ReasonCode, field: impl Into<FieldPath>) -> RejectReason {
        RejectReason {
            code,
            field: field.into(),
        }
    }

    /// Where the enterprise makes the fix: the field or scan the reason names,
    /// except a licence that does not match the declared code or name, which
    /// is most often fixed by a new licence scan (the field is then shown for
    /// reference).
    pub fn fix(&self) -> FieldPath {
        match self.code {
            ReasonCode::LicenceMismatch => Field::BusinessLicence.into(),
            _ => self.field,
        }
    }

    /// What the enterprise is asked to do, in words.
    pub fn action(&self, lang: Lang) -> String {
        let label = self.field.label(lang);
        match (self.code, lang) {
            (ReasonCode::Unclear, Lang::ZhCn) => format!("请重新上传清晰、完整的{label}。"),
            (ReasonCode::Unclear, Lang::En) => format!("Upload a sharp, complete {label}."),
            (ReasonCode::Unsealed, Lang::ZhCn) => format!("请上传加盖企业公章的{label}。"),
            (ReasonCode::Unsealed, Lang::En) => {
                format!("Upload the {label} stamped with the company seal.")
            }
            (ReasonCode::Incomplete, Lang::ZhCn) => {
                format!("请填写完整、签字盖章后重新上传{label}。")
            }
            (ReasonCode::Incomplete, Lang::En) => {
                format!("Complete, sign and seal the {label}, then upload it again.")
            }
            (ReasonCode::PhotoMismatch, Lang::ZhCn) => {
                format!("请按证件照片核对并改正{label}；若照片有误，请重新上传证件照片。")
            }
            (ReasonCode::PhotoMismatch, Lang::En) => format!(
                "Check the {label} against the ID photo and correct it; if the photo is wrong, upload the right one."
            ),
            (ReasonCode::LicenceMismatch, Lang::ZhCn) => {
                format!("请上传与申报的{label}一致的营业执照；若{label}填错，请改正。")
            }
            (ReasonCode::LicenceMismatch, Lang::En) => format!(
                "Upload the business licence that shows the declared {label}; if the {label} is wrong, correct it."
            ),
            (ReasonCode::NotGenuine, Lang::ZhCn) => {
                "本申报未被受理。如本企业确需办卡，请核实企业信息后重新申报。".to_string()
            }
            (ReasonCode::NotGenuine, Lang::En) => {
                "This declaration was not accepted. If the firm does need a card, check its details and declare again.".to_string()
            }
            (ReasonCode::Unknown, Lang::ZhCn) => format!("请修改{label}。"),
            (ReasonCode::Unknown, Lang::En) => format!("Change the {label}."),
        }
    }

    /// "营业执照不清晰", "操作员 2 证件号码与证件照片不符"; "Business licence is not legible".
    pub fn text(&self, lang: Lang) -> String {
        if self.code == ReasonCode::NotGenuine {
            return lang
                .pick(
                    "非真实申报（测试数据或他人冒名）",
                    "Not a genuine application (test data or filed by a stranger)",
                )
                .to_string();
        }
        let label = self.field.label(lang);
        match lang {
            Lang::ZhCn => format!("{label}{}", self.code.phrase(lang)),
            Lang::En => format!("{label} {}", self.code.phrase(lang)),
        }
    }
}

/// The persons a case names, each with the fields of their ID.
fn persons(case: &EnrollmentCase) -> Vec<(Person, [FieldPath; 3])> {
    let mut all = vec![(
        Person::LegalPerson,
        [
            Field::LegalIdNumber.into(),
            Field::LegalIdFront.into(),
            Field::LegalIdBack.into(),
        ],
    )];
    if !case.agent.name.trim().is_empty() {
        all.push((
            Person::Agent,
            [
                Field::AgentIdNumber.into(),
                Field::AgentIdFront.into(),
                Field::AgentIdBack.into(),
            ],
        ));
    }
    for n in 0..case.operators.len() {
        all.push((
            Person::Operator(n),
            [
                FieldPath::op(Field::OperatorIdNumber, n),
                FieldPath::op(Field::OperatorIdFront, n),
                FieldPath::op(Field::OperatorIdBack, n),
            ],
        ));
    }
    all
}

fn has_attachment(case: &EnrollmentCase, path: &FieldPath) -> bool {
    path.slot(case)
        .is_some_and(|s| case.attachment(&s).is_some())
}

/// Every reason the console offers for `case`, in the order of the form:
/// the enterprise's, then each person's, then the authorisation's.
pub fn offered_reasons(case: &EnrollmentCase) -> Vec<RejectReason> {
    let mut all = Vec::new();
    let mut add = |path: FieldPath| {
        // An attachment's reasons only when it was declared.
        let exists = match path.slot(case) {
            Some(slot) => case.attachment(&slot).is_some(),
            None => true,
        };
        if exists {
            for code in ReasonCode::ALL {
                if code.applies_to(path.field) {
                    all.push(RejectReason { code, field: path });
                }
            }
        }
    };
    add(Field::Uscc.into());
    add(Field::EnterpriseName.into());
    add(Field::BusinessLicence.into());
    for (_, fields) in persons(case) {
        for f in fields {
            add(f);
        }
    }
    add(Field::AuthorizationLetter.into());
    all
}

/// Why a decision's reasons were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonsError {
    TooMany,
    Repeated(RejectReason),
    /// Not one the console offers for this submission (no such operator or
    /// attachment, or a reason that does not fit the field).
    NotOffered(RejectReason),
}

impl fmt::Display for ReasonsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReasonsError::TooMany => write!(f, "at most {MAX_REASONS} reasons"),
            ReasonsError::Repeated(r) => write!(f, "{} is given twice", r.text(Lang::En)),
            ReasonsError::NotOffered(r) => write!(
                f,
                "\"{}\" about {} does not apply to this submission",
                r.code.key(),
                r.field
            ),
        }
    }
}

/// Checks a decision's reasons against the submission they are about.
pub fn check_reasons(case: &EnrollmentCase, reasons: &[RejectReason]) -> Result<(), ReasonsError> {
    if reasons.len() > MAX_REASONS {
        return Err(ReasonsError::TooMany);
    }
    let offered = offered_reasons(case);
    for (i, r) in reasons.iter().enumerate() {
        if reasons[..i].contains(r) {
            return Err(ReasonsError::Repeated(*r));
        }
        if !offered.contains(r) {
            return Err(ReasonsError::NotOffered(*r));
        }
    }
    Ok(())
}

/// Whose ID a checklist line is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Person {
    LegalPerson,
    Agent,
    Operator(usize),
}

/// One line of the reviewer's checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckItem {
    /// 营业执照与统一社会信用代码、企业名称一致.
    Licence,
    /// The person's ID photos show their declared ID number.
    Id(Person),
    /// 授权委托书已盖章且完整.
    Authorization,
}

impl CheckItem {
    pub fn label(self, lang: Lang) -> String {
        match self {
            CheckItem::Licence => lang
                .pick(
                    "营业执照与统一社会信用代码、企业名称一致",
                    "Business licence matches the credit code and the name",
                )
                .into(),
            CheckItem::Authorization => lang
                .pick(
                    "授权委托书已盖章且完整",
                    "Letter of authorisation is sealed and complete",
                )
                .into(),
            CheckItem::Id(p) => {
                let who = match p {
                    Person::LegalPerson => Group::LegalPerson.title(lang).to_string(),
                    Person::Agent => Group::Agent.title(lang).to_string(),
                    // "操作员 2" ends in a digit: a space keeps it apart.
                    Person::Operator(n) => format!("{} ", operator_group(n, lang)),
                };
                match lang {
                    Lang::ZhCn => format!("{who}证件照片与证件号码一致"),
                    Lang::En => format!("{}: ID photos match the ID number", who.trim_end()),
                }
            }
        }
    }
}

/// `licence`, `id.legal_person`, `id.agent`, `id.operators.0`, `authorization`.
impl fmt::Display for CheckItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckItem::Licence => f.write_str("licence"),
            CheckItem::Authorization => f.write_str("authorization"),
            CheckItem::Id(Person::LegalPerson) => f.write_str("id.legal_person"),
            CheckItem::Id(Person::Agent) => f.write_str("id.agent"),
            CheckItem::Id(Person::Operator(n)) => write!(f, "id.operators.{n}"),
        }
    }
}

impl FromStr for CheckItem {
    type Err = ();

    fn from_str(s: &str) -> Result<CheckItem, ()> {
        Ok(match s {
            "licence" => CheckItem::Licence,
            "authorization" => CheckItem::Authorization,
            "id.legal_person" => CheckItem::Id(Person::LegalPerson),
            "id.agent" => CheckItem::Id(Person::Agent),
            _ => {
                let n = s.strip_prefix("id.operators.").ok_or(())?;
                // Canonical numbers only: "01" is not operator 1.
                let i: usize = n.parse().map_err(|_| ())?;
                if i.to_string() != n {
                    return Err(());
                }
                CheckItem::Id(Person::Operator(i))
            }
        })
    }
}

/// The checklist of `case`: the licence, every person's ID, and the
/// authorisation when there is one.
pub fn checklist(case: &EnrollmentCase) -> Vec<CheckItem> {
    let mut items = vec![CheckItem::Licence];
    items.extend(persons(case).into_iter().map(|(p, _)| CheckItem::Id(p)));
    if has_attachment(case, &Field::AuthorizationLetter.into()) {
        items.push(CheckItem::Authorization);
    }
    items
}

/// Why a tracking number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackingError {
    Format,
    CheckDigit,
}

impl TrackingError {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            TrackingError::Format => lang.pick(
                "EMS 邮件号应为 13 位：两个字母、9 位数字、两个字母（如 EA123456785CN），或 13 位数字",
                "An EMS mail number has 13 characters: two letters, 9 digits, two letters (e.g. EA123456785CN), or 13 digits",
            ),
            TrackingError::CheckDigit => lang.pick(
                "EMS 邮件号的校验位不对，请核对邮件详情单上的号码",
                "The EMS mail number's check digit is wrong: copy it again from the waybill",
            ),
        }
    }
}

/// An EMS mail number as written on the waybill, normalised (capitals, no
/// spaces): the UPU S10 form `EA123456785CN` with its check digit, or the
/// 13-digit domestic form.
pub fn parse_tracking_number(s: &str) -> Result<String, TrackingError> {
    let n: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let b = n.as_bytes();
    if b.len() == 13 && b.iter().all(u8::is_ascii_digit) {
        return Ok(n);
    }
    let s10 = b.len() == 13
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..11].iter().all(u8::is_ascii_digit)
        && b[11..].iter().all(u8::is_ascii_uppercase);
    if !s10 {
        return Err(TrackingError::Format);
    }
    let digit = |i: usize| u32::from(b[i] - b'0');
    let sum: u32 = [8, 6, 4, 2, 3, 5, 9, 7]
        .iter()
        .enumerate()
        .map(|(i, w)| w * digit(2 + i))
        .sum();
    let check = match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        c => c,
    };
    if check != digit(10) {
        return Err(TrackingError::CheckDigit);
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reason_leads_to_its_fix() {
        let c = crate::fixtures::valid_enrollment(None);
        for r in offered_reasons(&c) {
            let fix = r.fix();
            // A reason always sends the enterprise to something it can change.
            assert!(
                fix.slot(&c).is_some() || fix.input(&c) == fix,
                "{r:?} → {fix}"
            );
            assert!(!r.action(Lang::ZhCn).is_empty() && !r.action(Lang::En).is_empty());
        }
        let name = RejectReason::new(ReasonCode::LicenceMismatch, Field::EnterpriseName);
        assert_eq!(name.fix(), FieldPath::from(Field::BusinessLicence));
        assert_eq!(
            name.action(Lang::ZhCn),
            "请上传与申报的企业名称一致的营业执照；若企业名称填错，请改正。"
        );
        let photo = RejectReason::new(
            ReasonCode::PhotoMismatch,
            FieldPath::op(Field::OperatorIdNumber, 0),
        );
        assert_eq!(photo.fix(), FieldPath::op(Field::OperatorIdNumber, 0));
    }
    use crate::case::AttachmentMeta;
    use crate::fixtures::valid_enrollment;

    fn case() -> EnrollmentCase {
        valid_enrollment(None)
    }

    #[test]
    fn reasons_read_as_the_centre_writes_them() {
        let r = RejectReason::new(ReasonCode::Unclear, Field::BusinessLicence);
        assert_eq!(r.text(Lang::ZhCn), "营业执照不清晰");
        assert_eq!(r.text(Lang::En), "Business licence is not legible");
        let r = RejectReason::new(ReasonCode::Unsealed, Field::AuthorizationLetter);
        assert_eq!(r.text(Lang::ZhCn), "授权委托书未盖章");
        let r = RejectReason::new(
            ReasonCode::PhotoMismatch,
            FieldPath::op(Field::OperatorIdNumber, 1),
        );
        assert_eq!(r.text(Lang::ZhCn), "操作员 2 证件号码与证件照片不符");
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(
            json,
            r#"{"code":"photo_mismatch","field":"operators.1.id_number"}"#
        );
        for code in ReasonCode::ALL {
            assert_eq!(
                serde_json::to_string(&code).unwrap(),
                format!("\"{}\"", code.key())
            );
        }
        assert_eq!(serde_json::from_str::<RejectReason>(&json).unwrap(), r);
        // A code of a newer version reads as Unknown, which is never offered,
        // so the server still refuses it (check_reasons).
        let later: RejectReason =
            serde_json::from_str(r#"{"code":"nope","field":"enterprise.uscc"}"#).unwrap();
        assert_eq!(later.code, ReasonCode::Unknown);
        assert!(!offered_reasons(&EnrollmentCase::default()).contains(&later));
        for bad in [
            r#"{"code":"unclear","field":"enterprise.nope"}"#,
            r#"{"code":"unclear"}"#,
        ] {
            assert!(serde_json::from_str::<RejectReason>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn offered_reasons_follow_the_case() {
        let c = case();
        let offered = offered_reasons(&c);
        assert!(offered.contains(&RejectReason::new(ReasonCode::LicenceMismatch, Field::Uscc)));
        // Every operator's ID number, and only existing operators.
        let n = c.operators.len();
        assert!(n >= 1);
        assert!(offered.contains(&RejectReason::new(
            ReasonCode::PhotoMismatch,
            FieldPath::op(Field::OperatorIdNumber, n - 1)
        )));
        assert!(!offered.contains(&RejectReason::new(
            ReasonCode::PhotoMismatch,
            FieldPath::op(Field::OperatorIdNumber, n)
        )));
        // Attachments only when declared.
        let licence = RejectReason::new(ReasonCode::Unclear, Field::BusinessLicence);
        let mut bare = c.clone();
        bare.attachments.clear();
        assert!(!offered_reasons(&bare).contains(&licence));
        let mut with = bare.clone();
        with.attachments.push(AttachmentMeta {
            slot: "business_licence".into(),
            ..Default::default()
        });
        assert!(offered_reasons(&with).contains(&licence));
        // Every offered reason fits its field.
        assert!(offered.iter().all(|r| r.code.applies_to(r.field.field)));
    }

    #[test]
    fn reasons_are_checked_against_the_submission() {
        let c = case();
        let uscc = RejectReason::new(ReasonCode::LicenceMismatch, Field::Uscc);
        assert_eq!(check_reasons(&c, &[uscc]), Ok(()));
        assert_eq!(
            check_reasons(&c, &[uscc, uscc]),
            Err(ReasonsError::Repeated(uscc))
        );
        let wrong = RejectReason::new(ReasonCode::Unsealed, Field::Uscc);
        assert_eq!(
            check_reasons(&c, &[wrong]),
            Err(ReasonsError::NotOffered(wrong))
        );
        let ghost = RejectReason::new(
            ReasonCode::PhotoMismatch,
            FieldPath::op(Field::OperatorIdNumber, 99),
        );
        assert_eq!(
            check_reasons(&c, &[ghost]),
            Err(ReasonsError::NotOffered(ghost))
        );
        assert_eq!(check_reasons(&c, &[uscc; 21]), Err(ReasonsError::TooMany));
    }

    #[test]
    fn checklist_items_name_every_person_and_round_trip() {
        let c = case();
        let items = checklist(&c);
        assert_eq!(items[0], CheckItem::Licence);
        assert!(items.contains(&CheckItem::Id(Person::LegalPerson)));
        for n in 0..c.operators.len() {
            assert!(items.contains(&CheckItem::Id(Person::Operator(n))));
        }
        for item in &items {
            assert_eq!(item.to_string().parse::<CheckItem>(), Ok(*item));
        }
        for bad in [
            "",
            "id",
            "id.operators.",
            "id.operators.01",
            "id.operators.-1",
            "licence ",
        ] {
            assert!(bad.parse::<CheckItem>().is_err(), "{bad}");
        }
        assert_eq!(
            CheckItem::Id(Person::Operator(1)).label(Lang::ZhCn),
            "操作员 2 证件照片与证件号码一致"
        );
    }

    #[test]
    fn ems_numbers_are_checked() {
        // UPU S10 check digit: EA123456785CN is the standard's own example.
        assert_eq!(
            parse_tracking_number("ea 123 456 785 cn"),
            Ok("EA123456785CN".into())
        );
        assert_eq!(
            parse_tracking_number("EA123456784CN"),
            Err(TrackingError::CheckDigit)
        );
        assert_eq!(
            parse_tracking_number("1012345678901"),
            Ok("1012345678901".into())
        );
        for bad in [
            "",
            "EA12345678CN",
            "EA1234567850CN",
            "E1123456785CN",
            "101234567890",
        ] {
            assert_eq!(
                parse_tracking_number(bad),
                Err(TrackingError::Format),
                "{bad}"
            );
        }
    }
}
