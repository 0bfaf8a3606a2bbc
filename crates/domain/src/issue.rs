//! What a rule says when input is wrong: a stable code, the field path, a
//! severity, and a message in zh-CN and en that names the field and says what to do.

use serde::{Deserialize, Serialize};

use crate::field::FieldPath;
pub use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks declaring the case.
    Error,
    /// Shown to the user; blocks only when it needs a confirmation that is missing.
    Warning,
}

/// Stable machine-readable codes. The browser, the server and the tests match on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    Required,
    TooLong,
    UsccLength,
    UsccCharset,
    UsccRegion,
    UsccCheck,
    IdLength,
    IdFormat,
    IdDate,
    IdFuture,
    IdCheck,
    IdRegion,
    IdProvince,
    IdTooOld,
    HkMacauPermitFormat,
    TaiwanPermitFormat,
    PassportFormat,
    ForeignPrFormat,
    MobileFormat,
    PhoneFormat,
    PostcodeFormat,
    NameDigits,
    NameChars,
    AddressIncomplete,
    IdDuplicate,
    AgencyCodeUnknown,
    OperatorsEmpty,
    AttachmentMissing,
    AttachmentTooLarge,
    AttachmentType,
    CardNumbersEmpty,
    CardNumberDigits,
    DigestFormat,
    AttachmentEmpty,
    SlotUnknown,
    SlotDuplicate,
    AttachmentUndeclared,
    AttachmentNotInCase,
    AttachmentMismatch,
    OperatorKey,
    SubmissionIdFormat,
    ClientInfoInvalid,
    TooManyAttachments,
    DigestConflict,
    AttachmentSameFile,
    InvisibleCharacter,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Required => "required",
            Code::TooLong => "too_long",
            Code::UsccLength => "uscc_length",
            Code::UsccCharset => "uscc_charset",
            Code::UsccRegion => "uscc_region",
            Code::UsccCheck => "uscc_check",
            Code::IdLength => "id_length",
            Code::IdFormat => "id_format",
            Code::IdDate => "id_date",
            Code::IdFuture => "id_future",
            Code::IdCheck => "id_check",
            Code::IdRegion => "id_region",
            Code::IdProvince => "id_province",
            Code::IdTooOld => "id_too_old",
            Code::HkMacauPermitFormat => "hk_macau_permit_format",
            Code::TaiwanPermitFormat => "taiwan_permit_format",
            Code::PassportFormat => "passport_format",
            Code::ForeignPrFormat => "foreign_pr_format",
            Code::MobileFormat => "mobile_format",
            Code::PhoneFormat => "phone_format",
            Code::PostcodeFormat => "postcode_format",
            Code::NameDigits => "name_digits",
            Code::NameChars => "name_chars",
            Code::AddressIncomplete => "address_incomplete",
            Code::IdDuplicate => "id_duplicate",
            Code::AgencyCodeUnknown => "agency_code_unknown",
            Code::OperatorsEmpty => "operators_empty",
            Code::AttachmentMissing => "attachment_missing",
            Code::AttachmentTooLarge => "attachment_too_large",
            Code::AttachmentType => "attachment_type",
            Code::CardNumbersEmpty => "card_numbers_empty",
            Code::CardNumberDigits => "card_number_digits",
            Code::DigestFormat => "digest_format",
            Code::AttachmentEmpty => "attachment_empty",
            Code::SlotUnknown => "slot_unknown",
            Code::SlotDuplicate => "slot_duplicate",
            Code::AttachmentUndeclared => "attachment_undeclared",
            Code::AttachmentNotInCase => "attachment_not_in_case",
            Code::AttachmentMismatch => "attachment_mismatch",
            Code::OperatorKey => "operator_key",
            Code::SubmissionIdFormat => "submission_id_format",
            Code::ClientInfoInvalid => "client_info_invalid",
            Code::TooManyAttachments => "too_many_attachments",
            Code::DigestConflict => "digest_conflict",
            Code::AttachmentSameFile => "attachment_same_file",
            Code::InvisibleCharacter => "invisible_character",
        }
    }

    pub fn parse(s: &str) -> Option<Code> {
        ALL_CODES.iter().copied().find(|c| c.as_str() == s)
    }

    /// The "what is wrong and what to do" part; `{d}` is replaced by the issue's detail.
    fn template(self, lang: Lang) -> &'static str {
        use Code::*;
        match (self, lang) {
            (Required, Lang::ZhCn) => "为必填项，请填写。",
            (Required, Lang::En) => "is required; please fill it in.",
            (TooLong, Lang::ZhCn) => "过长，最多 {d} 个字符，请删减。",
            (TooLong, Lang::En) => "is too long; use at most {d} characters.",
            (UsccLength, Lang::ZhCn) => "应为 18 位，当前为 {d} 位，请对照营业执照重新输入。",
            (UsccLength, Lang::En) => "must have 18 characters, not {d}; copy it again from the business licence.",
            (UsccCharset, Lang::ZhCn) => "含有不允许的字符“{d}”（不使用 I、O、S、V、Z 等字母），请对照营业执照核对。",
            (UsccCharset, Lang::En) => "contains “{d}”, which a credit code never uses (no I, O, S, V or Z); check it against the business licence.",
            (UsccRegion, Lang::ZhCn) => "第 3–8 位应为数字（行政区划代码），请核对。",
            (UsccRegion, Lang::En) => "positions 3–8 must be digits (the administrative-division code); check it.",
            (UsccCheck, Lang::ZhCn) => "最后一位校验码与计算结果（{d}）不一致。请对照营业执照逐位核对；如确认与营业执照一致，请勾选“我已对照营业执照逐位核对，代码与营业执照一致”后继续。",
            (UsccCheck, Lang::En) => "the last (check) character does not match the computed one ({d}). Compare it with the business licence; if it is exactly as printed there, tick “I have checked it against the business licence; it is exactly as printed” to go on.",
            (IdLength, Lang::ZhCn) => "应为 18 位（最后一位可为 X），当前为 {d} 位，请核对证件。",
            (IdLength, Lang::En) => "must have 18 characters (the last may be X), not {d}; check the ID card.",
            (IdFormat, Lang::ZhCn) => "格式不正确：前 17 位应为数字，最后一位为数字或 X，请核对证件。",
            (IdFormat, Lang::En) => "is not in the right format: 17 digits then a digit or X; check the ID card.",
            (IdDate, Lang::ZhCn) => "中的出生日期 {d} 不是有效日期，请核对证件。",
            (IdDate, Lang::En) => "contains the birth date {d}, which does not exist; check the ID card.",
            (IdFuture, Lang::ZhCn) => "中的出生日期 {d} 晚于今天，请核对证件。",
            (IdFuture, Lang::En) => "contains the birth date {d}, which is in the future; check the ID card.",
            (IdCheck, Lang::ZhCn) => "校验位不正确（最后一位应为 {d}），请逐位核对证件号码。",
            (IdCheck, Lang::En) => "has a wrong check digit (the last character should be {d}); check every digit against the ID card.",
            (IdRegion, Lang::ZhCn) => "港澳台居民居住证号码应以 810000、820000 或 830000 开头，请核对。",
            (IdRegion, Lang::En) => "must start with 810000, 820000 or 830000 for a Hong Kong, Macao or Taiwan residence permit; check it.",
            (IdProvince, Lang::ZhCn) => "前两位 {d} 不是省级行政区划代码（如 35 福建、11 北京），请核对证件。",
            (IdProvince, Lang::En) => "starts with {d}, which is not a province code (such as 35 Fujian or 11 Beijing); check the ID card.",
            (IdTooOld, Lang::ZhCn) => "中的出生年份 {d} 早于 1850 年，请核对证件。",
            (IdTooOld, Lang::En) => "contains the birth year {d}, before 1850; check the ID card.",
            (HkMacauPermitFormat, Lang::ZhCn) => "格式不正确：应为 H 或 M 加 8 位数字（部分证件再加 2 位），请核对证件。",
            (HkMacauPermitFormat, Lang::En) => "is not in the right format: H or M followed by 8 digits (some permits add 2 more); check the permit.",
            (TaiwanPermitFormat, Lang::ZhCn) => "格式不正确：应为 8 位数字（部分证件再加 2 位），请核对证件。",
            (TaiwanPermitFormat, Lang::En) => "is not in the right format: 8 digits (some permits add 2 more); check the permit.",
            (PassportFormat, Lang::ZhCn) => "格式不正确：中国护照为 E 加 8 位数字（或 E 加 1 个字母和 7 位数字），外国护照为 5–17 位字母或数字，请核对。",
            (PassportFormat, Lang::En) => "is not in the right format: a Chinese passport is E + 8 digits (or E + a letter + 7 digits), a foreign one 5–17 letters or digits; check it.",
            (ForeignPrFormat, Lang::ZhCn) => "格式不正确：新版为以 9 开头的 18 位数字，旧版为 3 个字母加 12 位数字，请核对。",
            (ForeignPrFormat, Lang::En) => "is not in the right format: the 2023 card has 18 digits starting with 9, the older one 3 letters and 12 digits; check it.",
            (MobileFormat, Lang::ZhCn) => "应为 11 位手机号码（以 13–19 开头），请核对。",
            (MobileFormat, Lang::En) => "must be an 11-digit mainland mobile number starting with 13–19; check it.",
            (PhoneFormat, Lang::ZhCn) => "应为手机号码或带区号的固定电话（如 0592-5653395），请核对。",
            (PhoneFormat, Lang::En) => "must be a mobile number or a landline with its area code (e.g. 0592-5653395); check it.",
            (PostcodeFormat, Lang::ZhCn) => "应为 6 位数字，请核对。",
            (PostcodeFormat, Lang::En) => "must be 6 digits; check it.",
            (NameDigits, Lang::ZhCn) => "不能包含数字，请按证件填写姓名。",
            (NameDigits, Lang::En) => "cannot contain digits; write the name as on the ID document.",
            (NameChars, Lang::ZhCn) => "含有不允许的字符“{d}”，请按证件填写姓名。",
            (NameChars, Lang::En) => "contains “{d}”, which a name cannot contain; write the name as on the ID document.",
            (AddressIncomplete, Lang::ZhCn) => "似乎不完整：应包含省或市、区县和街道门牌号。企业地址须与营业执照完全一致，请核对。",
            (AddressIncomplete, Lang::En) => "looks incomplete: it should name the province or city, the district, and the street and number. The enterprise address must match the business licence exactly; check it.",
            (IdDuplicate, Lang::ZhCn) => "与{d}相同。同一人在同一企业只能办理一张电子口岸卡，请修改其中一项。",
            (IdDuplicate, Lang::En) => "is the same as the {d}. One person may hold only one card per enterprise; change one of them.",
            (AgencyCodeUnknown, Lang::ZhCn) => "代码“{d}”不是已知的发卡机构代理点；厦门企业请填写 20（厦门制卡中心）。",
            (AgencyCodeUnknown, Lang::En) => "“{d}” is not a known card-issuing agency code; enterprises in Xiamen enter 20 (Xiamen card centre).",
            (OperatorsEmpty, Lang::ZhCn) => "至少需要一名操作员，请添加操作员。",
            (OperatorsEmpty, Lang::En) => "at least one operator is needed; add an operator.",
            (AttachmentMissing, Lang::ZhCn) => "尚未上传，请上传加盖公章的扫描件或照片。",
            (AttachmentMissing, Lang::En) => "has not been uploaded; upload a scan or photo with the company seal.",
            (AttachmentTooLarge, Lang::ZhCn) => "文件为 {d}，超过 4 MB 上限，请压缩后再上传。",
            (AttachmentTooLarge, Lang::En) => "is {d}, over the 4 MB limit; compress it and upload again.",
            (AttachmentType, Lang::ZhCn) => "不是 JPEG、PNG 或 PDF 文件（按文件内容识别），请上传照片或 PDF。",
            (AttachmentType, Lang::En) => "is not a JPEG, PNG or PDF file (judged by its content); upload a photo or a PDF.",
            (CardNumbersEmpty, Lang::ZhCn) => "未填写：请至少填写一个要注销的卡号（法人卡号或操作员卡号）。",
            (CardNumbersEmpty, Lang::En) => "is empty: enter at least one card number to cancel (the legal-person card or an operator card).",
            (CardNumberDigits, Lang::ZhCn) => "只能填写数字（卡面上的卡号），多个卡号用“、”分隔，请核对。",
            (CardNumberDigits, Lang::En) => "may hold digits only (the number on the card); separate several numbers with “、”. Check it.",
            (DigestFormat, Lang::ZhCn) => "的 SHA-256 摘要应为 64 位小写十六进制数字。请在本机重新选择该文件后再申报。",
            (DigestFormat, Lang::En) => "must carry a SHA-256 digest of 64 lower-case hex digits; pick the file again on this device and declare again.",
            (AttachmentEmpty, Lang::ZhCn) => "文件为空（0 字节），请重新选择文件。",
            (AttachmentEmpty, Lang::En) => "is empty (0 bytes); pick the file again.",
            (SlotUnknown, Lang::ZhCn) => "第 {d} 项不是本申请的附件位置。请在本机重新打开该申请，核对附件后再申报。",
            (SlotUnknown, Lang::En) => "entry {d} is not an attachment slot of this application; open the application on this device again, check its attachments and declare again.",
            (SlotDuplicate, Lang::ZhCn) => "第 {d} 项与前面的一项属于同一附件位置；每个附件位置只能有一个文件。请核对附件后再申报。",
            (SlotDuplicate, Lang::En) => "entry {d} is for the same slot as an earlier entry; each slot holds one file. Check the attachments and declare again.",
            (AttachmentUndeclared, Lang::ZhCn) => "未列入附件清单。请重新申报。",
            (AttachmentUndeclared, Lang::En) => "is not in the manifest's attachment list; declare again.",
            (AttachmentNotInCase, Lang::ZhCn) => "在附件清单中，但申请中没有该文件。请重新申报。",
            (AttachmentNotInCase, Lang::En) => "is in the attachment list, but the application has no such file; declare again.",
            (AttachmentMismatch, Lang::ZhCn) => "与申请中记录的文件不一致（摘要、大小、类型或文件名不同）。请重新申报。",
            (AttachmentMismatch, Lang::En) => "differs from the file the application records (digest, size, type or name); declare again.",
            (OperatorKey, Lang::ZhCn) => "的内部编号无效或与其他操作员重复。请删除该操作员后重新添加。",
            (OperatorKey, Lang::En) => "has an internal key that is malformed or used by another operator; remove the operator and add them again.",
            (SubmissionIdFormat, Lang::ZhCn) => "应为小写 UUID v4。请在本机重新申报。",
            (SubmissionIdFormat, Lang::En) => "must be a lower-case UUID v4; declare again on this device.",
            (ClientInfoInvalid, Lang::ZhCn) => "无效：版本号最多 64 个可见字符，申报时间须为带时区的 RFC 3339 时间。请更新应用后重新申报。",
            (ClientInfoInvalid, Lang::En) => "is invalid: the version is at most 64 visible characters and the declaration time an RFC 3339 time with offset; update the app and declare again.",
            (TooManyAttachments, Lang::ZhCn) => "超过 {d} 项上限。请减少操作员人数，分次申报。",
            (TooManyAttachments, Lang::En) => "has more than {d} entries; declare fewer operators at a time.",
            (DigestConflict, Lang::ZhCn) => "与附件清单中另一项的 SHA-256 相同，但大小或类型不同。请在本机重新选择该文件后再申报。",
            (DigestConflict, Lang::En) => "has the same SHA-256 as another entry but a different size or type; pick the file again on this device and declare again.",
            (AttachmentSameFile, Lang::ZhCn) => "与{d}是同一个文件。请确认没有选错；如确为同一份材料，可以继续。",
            (AttachmentSameFile, Lang::En) => "is the very same file as the {d}. Check that the right file was chosen; if it really is the same document, you may go on.",
            (InvisibleCharacter, Lang::ZhCn) => "含有不可见的控制字符（{d}），它会打乱文字的显示，请删除后重新输入（可从记事本中重新复制）。",
            (InvisibleCharacter, Lang::En) => "contains an invisible control character ({d}) that garbles how the text shows; delete it and type the text again.",
        }
    }
}

pub const ALL_CODES: &[Code] = &[
    Code::Required,
    Code::TooLong,
    Code::UsccLength,
    Code::UsccCharset,
    Code::UsccRegion,
    Code::UsccCheck,
    Code::IdLength,
    Code::IdFormat,
    Code::IdDate,
    Code::IdFuture,
    Code::IdCheck,
    Code::IdRegion,
    Code::IdProvince,
    Code::IdTooOld,
    Code::HkMacauPermitFormat,
    Code::TaiwanPermitFormat,
    Code::PassportFormat,
    Code::ForeignPrFormat,
    Code::MobileFormat,
    Code::PhoneFormat,
    Code::PostcodeFormat,
    Code::NameDigits,
    Code::NameChars,
    Code::AddressIncomplete,
    Code::IdDuplicate,
    Code::AgencyCodeUnknown,
    Code::OperatorsEmpty,
    Code::AttachmentMissing,
    Code::AttachmentTooLarge,
    Code::AttachmentType,
    Code::CardNumbersEmpty,
    Code::CardNumberDigits,
    Code::DigestFormat,
    Code::AttachmentEmpty,
    Code::SlotUnknown,
    Code::SlotDuplicate,
    Code::AttachmentUndeclared,
    Code::AttachmentNotInCase,
    Code::AttachmentMismatch,
    Code::OperatorKey,
    Code::SubmissionIdFormat,
    Code::ClientInfoInvalid,
    Code::TooManyAttachments,
    Code::DigestConflict,
    Code::AttachmentSameFile,
    Code::InvisibleCharacter,
];

/// One finding about one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// The field, serialised as its dotted path (`legal_person.id_number`, `operators.1.phone`).
    pub path: FieldPath,
    pub code: Code,
    pub severity: Severity,
    /// A value the message needs (a length, the expected check character, a clashing field).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

impl Issue {
    pub fn error(path: impl Into<FieldPath>, code: Code) -> Issue {
        Issue {
            path: path.into(),
            code,
            severity: Severity::Error,
            detail: String::new(),
        }
    }

    pub fn warning(path: impl Into<FieldPath>, code: Code) -> Issue {
        Issue {
            path: path.into(),
            code,
            severity: Severity::Warning,
            detail: String::new(),
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Issue {
        self.detail = detail.into();
        self
    }

    /// The full sentence a user reads: the official field name, then what to do.
    pub fn message(&self, lang: Lang) -> String {
        let label = self.path.label(lang);
        // A detail may carry both languages as `zh|en` (e.g. the name of a clashing field).
        let detail = match (self.detail.split_once('|'), lang) {
            (Some((zh, _)), Lang::ZhCn) => zh,
            (Some((_, en)), Lang::En) => en,
            (None, _) => self.detail.as_str(),
        };
        let body = self.code.template(lang).replace("{d}", detail);
        match lang {
            Lang::ZhCn => format!("{label}{body}"),
            Lang::En => format!("{label}: {body}"),
        }
    }
}

/// A field-level rule's verdict before it is attached to a path.
pub type RuleResult = Result<(), (Code, String)>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_has_both_languages() {
        for &c in ALL_CODES {
            assert_eq!(Code::parse(c.as_str()), Some(c));
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert!(!c.template(Lang::ZhCn).is_empty());
            assert!(
                c.template(Lang::En).is_ascii()
                    || c.template(Lang::En).contains('“')
                    || c.template(Lang::En).contains('–')
            );
        }
    }

    #[test]
    fn message_names_the_field_in_both_languages() {
        let i = Issue::error(crate::field::Field::LegalIdNumber, Code::IdCheck).with_detail("X");
        assert_eq!(
            i.message(Lang::ZhCn),
            "法定代表人证件号码校验位不正确（最后一位应为 X），请逐位核对证件号码。"
        );
        assert!(i
            .message(Lang::En)
            .starts_with("Legal representative ID number: has a wrong check digit"));
    }
}
