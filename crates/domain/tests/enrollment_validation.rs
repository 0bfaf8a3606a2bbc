//! Whole-case validation as the browser and the server run it.

use chrono::NaiveDate;
use eport_domain::case::{operator_slot, EnrollmentCase, PickupMethod};
use eport_domain::id_number::{IdType, Sex};
use eport_domain::{can_declare, validate_enrollment, Code, Issue, Lang, Severity};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn valid_case() -> EnrollmentCase {
    eport_domain::fixtures::valid_enrollment(None)
}

fn codes(issues: &[Issue]) -> Vec<(String, Code)> {
    issues
        .iter()
        .map(|i| (i.path.to_string(), i.code))
        .collect()
}

#[test]
fn a_complete_case_has_no_findings() {
    let issues = validate_enrollment(&valid_case(), today());
    assert!(issues.is_empty(), "{issues:#?}");
    assert!(can_declare(&issues));
}

#[test]
fn an_empty_case_lists_required_fields_in_page_order() {
    let issues = validate_enrollment(&EnrollmentCase::default(), today());
    let owned: Vec<String> = issues.iter().map(|i| i.path.to_string()).collect();
    let paths: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(
        &paths[..4],
        [
            "enterprise.uscc",
            "enterprise.name",
            "enterprise.address",
            "legal_person.name"
        ]
    );
    assert!(paths.contains(&"pickup.method"));
    assert!(paths.contains(&"operators"));
    assert!(paths.contains(&"attachments.business_licence"));
    assert!(!can_declare(&issues));
    let first = &issues[0];
    assert_eq!(first.code, Code::Required);
    assert_eq!(
        first.message(Lang::ZhCn),
        "统一社会信用代码为必填项，请填写。"
    );
    assert_eq!(
        first.message(Lang::En),
        "Unified social credit code: is required; please fill it in."
    );
}

#[test]
fn uscc_check_mismatch_is_a_confirmable_warning() {
    let mut c = valid_case();
    c.enterprise.uscc = "91350100M000100Y4A".into();
    let issues = validate_enrollment(&c, today());
    assert_eq!(
        codes(&issues),
        [("enterprise.uscc".into(), Code::UsccCheck)]
    );
    assert_eq!(issues[0].severity, Severity::Warning);
    assert!(!can_declare(&issues), "an unconfirmed check warning blocks");
    c.confirmations.uscc_check = Some("91350100M000100Y4A".into());
    assert!(validate_enrollment(&c, today()).is_empty());
    // The confirmation is for that exact code: editing the code needs a new one.
    c.enterprise.uscc = "91350100M000100Y4B".into();
    assert_eq!(
        codes(&validate_enrollment(&c, today())),
        [("enterprise.uscc".into(), Code::UsccCheck)]
    );
}

#[test]
fn uscc_structure_errors_block() {
    let mut c = valid_case();
    c.enterprise.uscc = "91350100M000I00Y43".into();
    let issues = validate_enrollment(&c, today());
    assert_eq!(
        codes(&issues),
        [("enterprise.uscc".into(), Code::UsccCharset)]
    );
    assert!(issues[0].message(Lang::ZhCn).contains("“I”"));
}

#[test]
fn id_numbers_are_checked_by_type() {
    let mut c = valid_case();
    c.legal_person.id_number = "110105194912310021".into();
    c.agent.id_number = "110105194902300020".into();
    let issues = validate_enrollment(&c, today());
    assert_eq!(
        codes(&issues),
        [
            ("legal_person.id_number".into(), Code::IdCheck),
            ("agent.id_number".into(), Code::IdDate)
        ]
    );
    assert!(issues[0]
        .message(Lang::ZhCn)
        .starts_with("法定代表人证件号码校验位不正确"));
    c.agent.id_type = IdType::Passport;
    c.agent.id_number = "E12345678".into();
    c.legal_person.id_number = "11010519491231002X".into();
    assert!(validate_enrollment(&c, today()).is_empty());
}

#[test]
fn one_id_per_enterprise_names_the_clash() {
    let mut c = valid_case();
    // The operator's 15-digit number upgrades to the legal person's 18-digit one.
    c.legal_person.id_number = "632123198209270518".into();
    let issues = validate_enrollment(&c, today());
    assert_eq!(
        codes(&issues),
        [("operators.0.id_number".into(), Code::IdDuplicate)]
    );
    let zh = issues[0].message(Lang::ZhCn);
    assert!(zh.contains("与法定代表人证件号码相同"), "{zh}");
    assert!(
        !zh.contains("证件号码的证件号码"),
        "no repeated phrase: {zh}"
    );
    let en = issues[0].message(Lang::En);
    assert!(
        en.contains("is the same as the legal representative ID number"),
        "{en}"
    );
}

#[test]
fn the_agent_may_also_be_an_operator() {
    let mut c = valid_case();
    c.agent.id_number = "632123198209270518".into();
    assert!(validate_enrollment(&c, today()).is_empty());
}

#[test]
fn mail_pickup_needs_recipient_phone_and_address() {
    let mut c = valid_case();
    c.pickup.method = Some(PickupMethod::Mail);
    assert_eq!(
        codes(&validate_enrollment(&c, today())),
        [
            ("pickup.recipient".into(), Code::Required),
            ("pickup.phone".into(), Code::Required),
            ("pickup.address".into(), Code::Required)
        ]
    );
    c.pickup.recipient = "张三".into();
    c.pickup.phone = "13800138000".into();
    c.pickup.address = "湖里区".into();
    let issues = validate_enrollment(&c, today());
    assert_eq!(
        codes(&issues),
        [("pickup.address".into(), Code::AddressIncomplete)]
    );
    assert!(
        can_declare(&issues),
        "an incomplete-looking address only warns"
    );
}

#[test]
fn operators_without_birth_data_in_the_number_must_enter_it() {
    let mut c = valid_case();
    c.operators[0].id_type = IdType::Passport;
    c.operators[0].id_number = "E12345678".into();
    assert_eq!(
        codes(&validate_enrollment(&c, today())),
        [
            ("operators.0.sex".into(), Code::Required),
            ("operators.0.birth_date".into(), Code::Required)
        ]
    );
    c.operators[0].sex = Some(Sex::Male);
    c.operators[0].birth_date = "2030-01-01".into();
    assert_eq!(
        codes(&validate_enrollment(&c, today())),
        [("operators.0.birth_date".into(), Code::IdFuture)]
    );
    c.operators[0].birth_date = "1990-05-01".into();
    assert!(validate_enrollment(&c, today()).is_empty());
}

#[test]
fn field_formats_reach_the_right_paths() {
    let mut c = valid_case();
    c.legal_person.mobile = "0592-5653395".into();
    c.agent.phone = "12345".into();
    c.operators[0].name = "王5".into();
    c.operators[0].fax = "abc".into();
    c.enterprise.agency_code = "21".into();
    assert_eq!(
        codes(&validate_enrollment(&c, today())),
        [
            ("enterprise.agency_code".into(), Code::AgencyCodeUnknown),
            ("legal_person.mobile".into(), Code::MobileFormat),
            ("agent.phone".into(), Code::PhoneFormat),
            ("operators.0.name".into(), Code::NameDigits),
            ("operators.0.fax".into(), Code::PhoneFormat),
        ]
    );
}

#[test]
fn attachments_must_fill_every_slot_within_limits() {
    let mut c = valid_case();
    c.attachments
        .retain(|a| a.slot != "authorization_letter" && a.slot != operator_slot("op1", "id_back"));
    c.attachments[0].size = 5_000_000;
    c.attachments[1].mime = "application/x-msdownload".into();
    let issues = validate_enrollment(&c, today());
    assert_eq!(
        codes(&issues),
        [
            ("operators.0.id_back".into(), Code::AttachmentMissing),
            (
                "attachments.business_licence".into(),
                Code::AttachmentTooLarge
            ),
            (
                "attachments.legal_person_id_front".into(),
                Code::AttachmentType
            ),
            (
                "attachments.authorization_letter".into(),
                Code::AttachmentMissing
            ),
        ]
    );
    assert!(issues[1].message(Lang::ZhCn).contains("4.8 MB"));
    assert_eq!(
        issues[0].message(Lang::ZhCn),
        "操作员 1 身份证（反面）尚未上传，请上传加盖公章的扫描件或照片。"
    );
}

#[test]
fn input_is_normalised_before_rules_run() {
    let mut c = valid_case();
    c.enterprise.uscc = " ９１３５０２００ma31e12pxf ".into();
    c.legal_person.id_number = "110105 19491231 002x".into();
    c.legal_person.mobile = "+86 138-0013-8000".into();
    assert!(validate_enrollment(&c, today()).is_empty());
}

#[test]
fn the_same_file_in_two_slots_is_a_warning_naming_both() {
    let mut c = valid_case();
    let legal_back = c
        .attachments
        .iter()
        .position(|a| a.slot == "legal_person_id_back")
        .unwrap();
    let front = c
        .attachments
        .iter()
        .find(|a| a.slot == "legal_person_id_front")
        .unwrap()
        .clone();
    c.attachments[legal_back].sha256 = front.sha256.clone();
    let issues = validate_enrollment(&c, today());
    assert_eq!(
        codes(&issues),
        [(
            "attachments.legal_person_id_back".into(),
            Code::AttachmentSameFile
        )]
    );
    assert_eq!(issues[0].severity, Severity::Warning);
    assert!(can_declare(&issues), "a warning, not a refusal");
    let zh = issues[0].message(Lang::ZhCn);
    assert!(
        zh.starts_with("法人身份证（反面）与法人身份证（正面）是同一个文件"),
        "{zh}"
    );
    let en = issues[0].message(Lang::En);
    assert!(en.contains("same file as the legal"), "{en}");
}

/// A hostile client's text: control and bidirectional-control characters are
/// refused in every text field and attachment name, naming the field; a line
/// feed only where the field is multi-line.
#[test]
fn invisible_characters_are_refused_naming_the_field() {
    let today = today();
    let mut case = valid_case();
    assert!(
        case.pickup.method.is_some() && !case.attachments.is_empty() && !case.operators.is_empty()
    );
    case.enterprise.name = "厦门\u{202E}gnp.exe贸易有限公司".into();
    case.pickup.remarks = "第一行\n第二行\u{1B}[31m".into();
    case.operators[0].name = "王\u{0}五".into();
    case.attachments[0].name = "licence\u{202E}gnp.exe".into();
    let issues = eport_domain::validate_enrollment(&case, today);
    let invisible: Vec<(String, String)> = issues
        .iter()
        .filter(|i| i.code == Code::InvisibleCharacter)
        .map(|i| (i.path.to_string(), i.detail.clone()))
        .collect();
    let slot_path = eport_domain::manifest::case_slots(&case)
        .into_iter()
        .find(|(s, _)| *s == case.attachments[0].slot)
        .unwrap()
        .1
        .to_string();
    assert_eq!(
        invisible,
        vec![
            ("enterprise.name".to_string(), "U+202E".to_string()),
            ("pickup.remarks".to_string(), "U+001B".to_string()),
            ("operators.0.name".to_string(), "U+0000".to_string()),
            (slot_path, "U+202E".to_string()),
        ]
    );
    let message = issues
        .iter()
        .find(|i| i.code == Code::InvisibleCharacter)
        .unwrap()
        .message(Lang::ZhCn);
    assert!(
        message.starts_with("企业名称含有不可见的控制字符（U+202E）"),
        "{message}"
    );
    // A line feed in 备注 alone is fine.
    case.enterprise.name = "厦门示例贸易有限公司".into();
    case.pickup.remarks = "第一行\n第二行".into();
    case.operators[0].name = "王五".into();
    case.attachments[0].name = "licence.jpg".into();
    assert!(eport_domain::validate_enrollment(&case, today)
        .iter()
        .all(|i| i.code != Code::InvisibleCharacter));
}
