//! The field registry: every field of a case, once. [`FIELDS`] gives each its
//! official label (and English), its group, the page part that holds its
//! input, its order on 核对, whether it is personal data, whether it can be
//! read from an ID number, and accessors on the case. Labels, page links,
//! bindings, the 核对 rows, redaction and the order of findings all derive
//! from it. **Adding a field is one row here plus its member on the case.**
//!
//! A [`FieldPath`] names one field (of one operator where it has one) and
//! serialises as the dotted string stored cases, manifests and bundles have
//! always used: `enterprise.uscc`, `operators.1.phone`, `attachments.business_licence`.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::case::{operator_slot, EnrollmentCase};
use crate::id_number::{IdType, ALL_ID_TYPES};
use crate::lang::Lang;
use crate::paper::PaperDetails;

/// Every field. The order of the variants is the order of [`FIELDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Uscc,
    EnterpriseName,
    EnterpriseAddress,
    AgencyCode,
    LegalName,
    LegalIdType,
    LegalIdNumber,
    LegalNationality,
    LegalMobile,
    LegalTitle,
    LegalSex,
    AgentName,
    AgentIdType,
    AgentIdNumber,
    AgentPhone,
    PickupMethod,
    PickupRecipient,
    PickupPhone,
    PickupAddress,
    PickupRemarks,
    ApplyDate,
    AcceptanceDate,
    ReaderRoute,
    CardRole,
    CardNumber,
    DeregScope,
    LegalCardNumber,
    OperatorCardNumbers,
    ChangeContent,
    ChangeRemarks,
    /// The list of operators itself (e.g. "at least one").
    Operators,
    OperatorName,
    OperatorSex,
    OperatorIdType,
    OperatorIdNumber,
    OperatorBirthDate,
    OperatorNationality,
    OperatorEducation,
    OperatorTitle,
    OperatorPhone,
    OperatorFax,
    OperatorAddress,
    OperatorIdFront,
    OperatorIdBack,
    /// The client-side key the operator's slots are named by (never shown as an input).
    OperatorKey,
    BusinessLicence,
    LegalIdFront,
    LegalIdBack,
    AgentIdFront,
    AgentIdBack,
    AuthorizationLetter,
    /// The manifest's attachment list (the entry's number is the issue's detail).
    ManifestAttachments,
    /// The case's own attachment list inside a manifest.
    ManifestCaseAttachments,
    ManifestSupersedes,
    ManifestClient,
}

/// Where a field sits in a case, and what its messages are prefixed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Enterprise,
    LegalPerson,
    Agent,
    Pickup,
    Paper,
    Operator,
    Attachments,
    Manifest,
}

impl Group {
    /// The first segment of its fields' paths (and the JSON key they live under).
    pub fn key(self) -> &'static str {
        match self {
            Group::Enterprise => "enterprise",
            Group::LegalPerson => "legal_person",
            Group::Agent => "agent",
            Group::Pickup => "pickup",
            Group::Paper => "paper",
            Group::Operator => "operators",
            Group::Attachments => "attachments",
            Group::Manifest => "manifest",
        }
    }

    /// The heading of the group on 核对 and in the staff view (operators are numbered).
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Group::Enterprise => lang.pick("企业信息", "Enterprise"),
            Group::LegalPerson => lang.pick("法定代表人", "Legal representative"),
            Group::Agent => lang.pick("经办人", "Agent"),
            Group::Pickup => lang.pick("领卡方式", "Card pickup"),
            Group::Paper => lang.pick("业务信息", "The business"),
            Group::Operator => lang.pick("操作员信息", "Operators"),
            Group::Attachments => lang.pick("附件上传", "Attachments"),
            Group::Manifest => lang.pick("申报数据", "The declaration"),
        }
    }
}

/// "操作员 2" / "Operator 2" for the operator at zero-based `index`.
pub fn operator_group(index: usize, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("操作员 {}", index + 1),
        Lang::En => format!("Operator {}", index + 1),
    }
}

/// The part of the online enrollment whose page holds a field's input. A
/// paper business type has every field on its one case page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Enterprise,
    Operators,
    Attachments,
    /// Only on a paper type's case page.
    Paper,
    /// No input anywhere (the manifest's own entries, the operators' keys).
    Nowhere,
}

impl Part {
    /// The wizard page's slug (`/cases/<id>/<slug>`); `""` for the case page itself.
    pub fn slug(self) -> &'static str {
        match self {
            Part::Enterprise => "enterprise",
            Part::Operators => "operators",
            Part::Attachments => "attachments",
            Part::Paper | Part::Nowhere => "",
        }
    }
}

/// A field's value as text: what an input shows, and what it writes back.
#[derive(Clone, Copy)]
pub struct Access {
    /// `None` when the operator at the index does not exist.
    pub get: fn(&EnrollmentCase, &PaperDetails, usize) -> Option<String>,
    pub set: fn(&mut EnrollmentCase, &mut PaperDetails, usize, &str),
}

/// The options of a radio group or select, as `(stored value, zh-CN, en)`.
pub type Choice = (&'static str, &'static str, &'static str);

/// One row of the registry.
pub struct FieldInfo {
    pub field: Field,
    pub group: Group,
    /// The path segment after the group (or after `operators.<i>`).
    pub key: &'static str,
    pub part: Part,
    /// The official name, as on the source forms; shown next to the input.
    pub zh: &'static str,
    /// Its English (a gloss: printed forms keep the Chinese).
    pub en: &'static str,
    /// Names, ID numbers, birth dates, phones, faxes, addresses, free text,
    /// photos of ID cards: redacted in bundles, deleted by retention.
    pub personal: bool,
    /// Sex and birth date: read from the ID number when its type carries them.
    pub from_id: bool,
    /// Text access for inputs; `None` for attachments and the manifest's own entries.
    pub access: Option<Access>,
    /// A radio group's options (empty for free text; ID types are listed by [`IdType`]).
    pub choices: &'static [Choice],
}

// Through JSON text rather than `serde_json::Value`: the browser app then
// carries one deserializer per type, not two.

/// `enum` values as the JSON stores them (`"window"`, `"female"`).
fn code<T: Serialize>(v: Option<T>) -> String {
    v.and_then(|v| serde_json::to_string(&v).ok())
        .and_then(|text| serde_json::from_str::<String>(&text).ok())
        .unwrap_or_default()
}

fn parse<T: DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_str(&serde_json::Value::String(s.to_string()).to_string()).ok()
}

macro_rules! text {
    (case $($p:ident).+) => {
        Some(Access {
            get: |c, _, _| Some(c.$($p).+.clone()),
            set: |c, _, _, v| c.$($p).+ = v.to_string(),
        })
    };
    (paper $f:ident) => {
        Some(Access {
            get: |_, p, _| Some(p.$f.clone()),
            set: |_, p, _, v| p.$f = v.to_string(),
        })
    };
    (operator $f:ident) => {
        Some(Access {
            get: |c, _, i| c.operators.get(i).map(|o| o.$f.clone()),
            set: |c, _, i, v| {
                if let Some(o) = c.operators.get_mut(i) {
                    o.$f = v.to_string();
                }
            },
        })
    };
}

/// An `Option<enum>` member, through its stored name.
macro_rules! choice {
    (case $($p:ident).+) => {
        Some(Access {
            get: |c, _, _| Some(code(c.$($p).+)),
            set: |c, _, _, v| c.$($p).+ = parse(v),
        })
    };
    (paper $f:ident) => {
        Some(Access {
            get: |_, p, _| Some(code(p.$f)),
            set: |_, p, _, v| p.$f = parse(v),
        })
    };
    (operator $f:ident) => {
        Some(Access {
            get: |c, _, i| c.operators.get(i).map(|o| code(o.$f)),
            set: |c, _, i, v| {
                if let Some(o) = c.operators.get_mut(i) {
                    o.$f = parse(v);
                }
            },
        })
    };
}

/// An [`IdType`] member (never empty: an unknown value is the default type).
macro_rules! id_type {
    (case $($p:ident).+) => {
        Some(Access {
            get: |c, _, _| Some(c.$($p).+.as_str().to_string()),
            set: |c, _, _, v| c.$($p).+ = IdType::parse(v).unwrap_or_default(),
        })
    };
    (operator) => {
        Some(Access {
            get: |c, _, i| c.operators.get(i).map(|o| o.id_type.as_str().to_string()),
            set: |c, _, i, v| {
                if let Some(o) = c.operators.get_mut(i) {
                    o.id_type = IdType::parse(v).unwrap_or_default();
                }
            },
        })
    };
}

const SEXES: &[Choice] = &[("male", "男", "Male"), ("female", "女", "Female")];
const PICKUP: &[Choice] = &[
    ("window", "窗口领卡", "Collect at the service hall"),
    ("mail", "邮寄领卡", "By post"),
];
const CARD_ROLES: &[Choice] = &[
    ("legal", "法人卡", "Legal-person card"),
    ("operator", "操作员卡", "Operator card"),
];
const DEREG_SCOPES: &[Choice] = &[
    ("enterprise", "企业注销", "Deregister the enterprise"),
    ("cards", "电子口岸卡注销", "Cancel E-Port cards"),
];
const READER_ROUTES: &[Choice] = &[
    ("vendor", "厂商邮寄", "Vendor post"),
    (
        "pickup",
        "关区取货（厦门分中心代为邮寄）",
        "Customs-area pickup (posted by the sub-centre)",
    ),
];

/// A registry row; `personal`, `from_id`, `choices` default to off/empty.
macro_rules! row {
    (@choices) => { &[] };
    (@choices $c:expr) => { $c };
    ($field:ident, $group:ident, $key:literal, $part:ident, $zh:literal, $en:literal, $access:expr
        $(, personal = $personal:literal)? $(, from_id = $from_id:literal)? $(, choices = $choices:expr)?) => {
        FieldInfo {
            field: Field::$field,
            group: Group::$group,
            key: $key,
            part: Part::$part,
            zh: $zh,
            en: $en,
            personal: false $(|| $personal)?,
            from_id: false $(|| $from_id)?,
            access: $access,
            choices: row!(@choices $($choices)?),
        }
    };
}

/// The registry, in form order: the order of findings and of the rows on 核对.
pub static FIELDS: &[FieldInfo] = &[
    row!(
        Uscc,
        Enterprise,
        "uscc",
        Enterprise,
        "统一社会信用代码",
        "Unified social credit code",
        text!(case enterprise.uscc)
    ),
    row!(
        EnterpriseName,
        Enterprise,
        "name",
        Enterprise,
        "企业名称",
        "Enterprise name",
        text!(case enterprise.name)
    ),
    row!(
        EnterpriseAddress,
        Enterprise,
        "address",
        Enterprise,
        "企业地址",
        "Enterprise address",
        text!(case enterprise.address),
        personal = true
    ),
    row!(
        AgencyCode,
        Enterprise,
        "agency_code",
        Enterprise,
        "发卡机构代理点",
        "Card-issuing agency",
        text!(case enterprise.agency_code)
    ),
    row!(
        LegalName,
        LegalPerson,
        "name",
        Enterprise,
        "姓名",
        "Name",
        text!(case legal_person.name),
        personal = true
    ),
    row!(
        LegalIdType,
        LegalPerson,
        "id_type",
        Enterprise,
        "证件类型",
        "ID type",
        id_type!(case legal_person.id_type)
    ),
    row!(
        LegalIdNumber,
        LegalPerson,
        "id_number",
        Enterprise,
        "证件号码",
        "ID number",
        text!(case legal_person.id_number),
        personal = true
    ),
    row!(
        LegalNationality,
        LegalPerson,
        "nationality",
        Enterprise,
        "国籍/地区",
        "Nationality/region",
        text!(case legal_person.nationality)
    ),
    row!(
        LegalMobile,
        LegalPerson,
        "mobile",
        Enterprise,
        "手机号码",
        "Mobile number",
        text!(case legal_person.mobile),
        personal = true
    ),
    row!(
        LegalTitle,
        Paper,
        "legal_title",
        Paper,
        "法定代表人职务",
        "Legal representative's position",
        text!(paper legal_title)
    ),
    row!(
        LegalSex,
        Paper,
        "legal_sex",
        Paper,
        "法定代表人性别",
        "Legal representative's sex",
        choice!(paper legal_sex),
        from_id = true,
        choices = SEXES
    ),
    row!(
        AgentName,
        Agent,
        "name",
        Enterprise,
        "姓名",
        "Name",
        text!(case agent.name),
        personal = true
    ),
    row!(
        AgentIdType,
        Agent,
        "id_type",
        Enterprise,
        "证件类型",
        "ID type",
        id_type!(case agent.id_type)
    ),
    row!(
        AgentIdNumber,
        Agent,
        "id_number",
        Enterprise,
        "证件号码",
        "ID number",
        text!(case agent.id_number),
        personal = true
    ),
    row!(
        AgentPhone,
        Agent,
        "phone",
        Enterprise,
        "联系电话",
        "Contact phone",
        text!(case agent.phone),
        personal = true
    ),
    row!(
        PickupMethod,
        Pickup,
        "method",
        Enterprise,
        "领卡方式",
        "Card pickup method",
        choice!(case pickup.method),
        choices = PICKUP
    ),
    row!(
        PickupRecipient,
        Pickup,
        "recipient",
        Enterprise,
        "收件人",
        "Recipient",
        text!(case pickup.recipient),
        personal = true
    ),
    row!(
        PickupPhone,
        Pickup,
        "phone",
        Enterprise,
        "联系电话",
        "Contact phone",
        text!(case pickup.phone),
        personal = true
    ),
    row!(
        PickupAddress,
        Pickup,
        "address",
        Enterprise,
        "收件地址",
        "Delivery address",
        text!(case pickup.address),
        personal = true
    ),
    row!(
        PickupRemarks,
        Pickup,
        "remarks",
        Enterprise,
        "备注",
        "Remarks",
        text!(case pickup.remarks),
        personal = true
    ),
    row!(
        ApplyDate,
        Paper,
        "apply_date",
        Paper,
        "申办日期",
        "Application date",
        text!(paper apply_date)
    ),
    row!(
        AcceptanceDate,
        Paper,
        "acceptance_date",
        Paper,
        "受理日期",
        "Acceptance date",
        text!(paper acceptance_date)
    ),
    row!(
        ReaderRoute,
        Paper,
        "reader_route",
        Paper,
        "领取方式",
        "How to receive the reader",
        choice!(paper reader_route),
        choices = READER_ROUTES
    ),
    row!(
        CardRole,
        Paper,
        "card_role",
        Paper,
        "补卡类别",
        "Card to replace",
        choice!(paper card_role),
        choices = CARD_ROLES
    ),
    row!(
        CardNumber,
        Paper,
        "card_number",
        Paper,
        "卡号",
        "Card number",
        text!(paper card_number)
    ),
    row!(
        DeregScope,
        Paper,
        "dereg_scope",
        Paper,
        "注销类别",
        "What to deregister",
        choice!(paper dereg_scope),
        choices = DEREG_SCOPES
    ),
    row!(
        LegalCardNumber,
        Paper,
        "legal_card_number",
        Paper,
        "电子口岸法人卡号",
        "Legal-person card number",
        text!(paper legal_card_number)
    ),
    row!(
        OperatorCardNumbers,
        Paper,
        "operator_card_numbers",
        Paper,
        "电子口岸操作员卡号",
        "Operator card numbers",
        text!(paper operator_card_numbers)
    ),
    row!(
        ChangeContent,
        Paper,
        "change_content",
        Paper,
        "变更内容",
        "What changes",
        text!(paper change_content),
        personal = true
    ),
    row!(
        ChangeRemarks,
        Paper,
        "change_remarks",
        Paper,
        "备注",
        "Remarks",
        text!(paper change_remarks),
        personal = true
    ),
    row!(
        Operators,
        Operator,
        "",
        Operators,
        "操作员信息",
        "Operators",
        None
    ),
    row!(
        OperatorName,
        Operator,
        "name",
        Operators,
        "姓名",
        "Name",
        text!(operator name),
        personal = true
    ),
    row!(
        OperatorSex,
        Operator,
        "sex",
        Operators,
        "性别",
        "Sex",
        choice!(operator sex),
        from_id = true,
        choices = SEXES
    ),
    row!(
        OperatorIdType,
        Operator,
        "id_type",
        Operators,
        "证件类型",
        "ID type",
        id_type!(operator)
    ),
    row!(
        OperatorIdNumber,
        Operator,
        "id_number",
        Operators,
        "证件号码",
        "ID number",
        text!(operator id_number),
        personal = true
    ),
    row!(
        OperatorBirthDate,
        Operator,
        "birth_date",
        Operators,
        "出生日期",
        "Date of birth",
        text!(operator birth_date),
        personal = true,
        from_id = true
    ),
    row!(
        OperatorNationality,
        Operator,
        "nationality",
        Operators,
        "国籍（地区）",
        "Nationality (region)",
        text!(operator nationality)
    ),
    row!(
        OperatorEducation,
        Operator,
        "education",
        Operators,
        "学历",
        "Education",
        text!(operator education)
    ),
    row!(
        OperatorTitle,
        Operator,
        "title",
        Operators,
        "职务",
        "Position",
        text!(operator title)
    ),
    row!(
        OperatorPhone,
        Operator,
        "phone",
        Operators,
        "联系电话",
        "Contact phone",
        text!(operator phone),
        personal = true
    ),
    row!(
        OperatorFax,
        Operator,
        "fax",
        Operators,
        "传真",
        "Fax",
        text!(operator fax),
        personal = true
    ),
    row!(
        OperatorAddress,
        Operator,
        "address",
        Operators,
        "用户地址",
        "User address",
        text!(operator address),
        personal = true
    ),
    row!(
        OperatorIdFront,
        Operator,
        "id_front",
        Attachments,
        "身份证（正面）",
        "ID card (front)",
        None,
        personal = true
    ),
    row!(
        OperatorIdBack,
        Operator,
        "id_back",
        Attachments,
        "身份证（反面）",
        "ID card (back)",
        None,
        personal = true
    ),
    row!(
        OperatorKey,
        Operator,
        "key",
        Nowhere,
        "内部编号",
        "Internal key",
        text!(operator key)
    ),
    row!(
        BusinessLicence,
        Attachments,
        "business_licence",
        Attachments,
        "营业执照",
        "Business licence",
        None
    ),
    row!(
        LegalIdFront,
        Attachments,
        "legal_person_id_front",
        Attachments,
        "法人身份证（正面）",
        "Legal representative ID (front)",
        None,
        personal = true
    ),
    row!(
        LegalIdBack,
        Attachments,
        "legal_person_id_back",
        Attachments,
        "法人身份证（反面）",
        "Legal representative ID (back)",
        None,
        personal = true
    ),
    row!(
        AgentIdFront,
        Attachments,
        "agent_id_front",
        Attachments,
        "经办人身份证（正面）",
        "Agent ID (front)",
        None,
        personal = true
    ),
    row!(
        AgentIdBack,
        Attachments,
        "agent_id_back",
        Attachments,
        "经办人身份证（反面）",
        "Agent ID (back)",
        None,
        personal = true
    ),
    row!(
        AuthorizationLetter,
        Attachments,
        "authorization_letter",
        Attachments,
        "授权委托书",
        "Letter of authorisation",
        None,
        personal = true
    ),
    row!(
        ManifestAttachments,
        Manifest,
        "attachments",
        Nowhere,
        "附件清单",
        "The attachment list",
        None
    ),
    row!(
        ManifestCaseAttachments,
        Manifest,
        "case_attachments",
        Nowhere,
        "申请所附文件",
        "The application's files",
        None
    ),
    row!(
        ManifestSupersedes,
        Manifest,
        "supersedes",
        Nowhere,
        "被取代的申报编号",
        "The superseded submission's id",
        None
    ),
    row!(
        ManifestClient,
        Manifest,
        "client",
        Nowhere,
        "客户端信息",
        "The client information",
        None
    ),
];

impl Field {
    pub fn info(self) -> &'static FieldInfo {
        &FIELDS[self as usize]
    }

    /// The value as it is stored and printed, for fields with one canonical
    /// form (phones and faxes: digits; card numbers: no separators). `None`:
    /// the field keeps what was typed.
    pub fn canonical(self, value: &str) -> Option<String> {
        use Field::*;
        match self {
            LegalMobile | AgentPhone | PickupPhone | OperatorPhone | OperatorFax => {
                Some(crate::contact::canonical_phone(value))
            }
            CardNumber | LegalCardNumber | OperatorCardNumbers => {
                Some(crate::contact::canonical_card_numbers(value))
            }
            _ => None,
        }
    }

    /// Free text that may run over several lines (备注, 变更内容, card number lists).
    pub fn multiline(self) -> bool {
        use Field::*;
        matches!(
            self,
            PickupRemarks | ChangeContent | ChangeRemarks | OperatorCardNumbers
        )
    }

    /// The stored value as it is shown and printed, where that differs:
    /// phones grouped (`0592-5653395`). `None`: shown as stored.
    pub fn shown(self, stored: &str) -> Option<String> {
        use Field::*;
        matches!(
            self,
            LegalMobile | AgentPhone | PickupPhone | OperatorPhone | OperatorFax
        )
        .then(|| crate::contact::display_phone(stored))
    }

    /// The enterprise-level attachment fields, in form order.
    pub const ENTERPRISE_ATTACHMENTS: [Field; 6] = [
        Field::BusinessLicence,
        Field::LegalIdFront,
        Field::LegalIdBack,
        Field::AgentIdFront,
        Field::AgentIdBack,
        Field::AuthorizationLetter,
    ];
}

/// One field, of one operator where the field has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath {
    pub field: Field,
    /// The operator's zero-based position (operator fields only).
    pub operator: Option<usize>,
}

impl From<Field> for FieldPath {
    fn from(field: Field) -> FieldPath {
        FieldPath {
            field,
            operator: None,
        }
    }
}

impl FieldPath {
    pub fn op(field: Field, operator: usize) -> FieldPath {
        FieldPath {
            field,
            operator: Some(operator),
        }
    }

    pub fn info(&self) -> &'static FieldInfo {
        self.field.info()
    }

    /// Reads a dotted path; `None` for anything that is not one of [`FIELDS`].
    pub fn parse(s: &str) -> Option<FieldPath> {
        if s == "operators" {
            return Some(Field::Operators.into());
        }
        if let Some(rest) = s.strip_prefix("operators.") {
            let (i, key) = rest.split_once('.')?;
            let index: usize = i.parse().ok().filter(|n: &usize| n.to_string() == i)?;
            let f = FIELDS
                .iter()
                .find(|f| f.group == Group::Operator && !f.key.is_empty() && f.key == key)?;
            return Some(FieldPath::op(f.field, index));
        }
        let (group, key) = s.split_once('.')?;
        FIELDS
            .iter()
            .find(|f| f.group != Group::Operator && f.group.key() == group && f.key == key)
            .map(|f| f.field.into())
    }

    /// The official name as the input's label (no group).
    pub fn name(&self, lang: Lang) -> &'static str {
        let i = self.info();
        lang.pick(i.zh, i.en)
    }

    /// The full name a message starts with: `法定代表人证件号码`, `操作员 2 联系电话`.
    pub fn label(&self, lang: Lang) -> String {
        let i = self.info();
        let name = self.name(lang);
        let prefixed = |group: &str| match lang {
            Lang::ZhCn => format!("{group}{name}"),
            Lang::En => format!("{group} {}", lower_first(name)),
        };
        match (i.group, self.operator) {
            (Group::Operator, Some(n)) => {
                let g = operator_group(n, lang);
                // "操作员 2" ends in a digit: a space keeps it apart from the name.
                match lang {
                    Lang::ZhCn => format!("{g} {name}"),
                    Lang::En => format!("{g} {}", lower_first(name)),
                }
            }
            (Group::LegalPerson, _) => prefixed(Group::LegalPerson.title(lang)),
            (Group::Agent, _) => prefixed(Group::Agent.title(lang)),
            _ => name.to_string(),
        }
    }

    /// The DOM id of its input: `enterprise.uscc` → `f-enterprise-uscc`.
    pub fn dom_id(&self) -> String {
        format!("f-{}", self.to_string().replace('.', "-"))
    }

    /// Its value as text, `None` when it has none (attachments) or its operator is gone.
    pub fn get(&self, case: &EnrollmentCase, paper: &PaperDetails) -> Option<String> {
        let a = self.info().access?;
        (a.get)(case, paper, self.operator.unwrap_or(0))
    }

    /// Writes `value` (an option's stored value for a radio group).
    pub fn set(&self, case: &mut EnrollmentCase, paper: &mut PaperDetails, value: &str) {
        if let Some(a) = self.info().access {
            (a.set)(case, paper, self.operator.unwrap_or(0), value);
        }
    }

    /// The attachment slot of an attachment field (`operator:<key>:id_front` for an operator's).
    pub fn slot(&self, case: &EnrollmentCase) -> Option<String> {
        let i = self.info();
        match (i.group, i.part, self.operator) {
            (Group::Attachments, _, _) => Some(i.key.to_string()),
            (Group::Operator, Part::Attachments, Some(n)) => {
                case.operators.get(n).map(|o| operator_slot(&o.key, i.key))
            }
            _ => None,
        }
    }

    /// A radio group's or select's options, `(stored value, label)`.
    pub fn options(&self, lang: Lang) -> Vec<(String, String)> {
        if matches!(
            self.field,
            Field::LegalIdType | Field::AgentIdType | Field::OperatorIdType
        ) {
            return ALL_ID_TYPES
                .iter()
                .map(|t| (t.as_str().to_string(), t.label(lang).to_string()))
                .collect();
        }
        self.info()
            .choices
            .iter()
            .map(|(v, zh, en)| (v.to_string(), lang.pick(zh, en).to_string()))
            .collect()
    }

    /// The field that holds the input for this one: a sex or birth date read
    /// from the ID number is changed there.
    pub fn input(&self, case: &EnrollmentCase) -> FieldPath {
        let id_type = |n: usize| case.operators.get(n).map(|o| o.id_type);
        match (self.field, self.operator) {
            (Field::OperatorSex | Field::OperatorBirthDate, Some(n))
                if id_type(n).is_some_and(IdType::carries_birth_date) =>
            {
                FieldPath::op(Field::OperatorIdNumber, n)
            }
            (Field::LegalSex, _) if case.legal_person.id_type.carries_birth_date() => {
                Field::LegalIdNumber.into()
            }
            _ => *self,
        }
    }

    /// Sort key: the form's order, each operator's fields together, attachments last.
    pub fn order_key(&self) -> (usize, usize, usize) {
        let rank = self.field as usize;
        match (self.info(), self.operator) {
            (_, Some(n)) => (1, n, rank),
            (i, None) if i.group == Group::Attachments => (2, rank, 0),
            _ => (0, 0, rank),
        }
    }
}

fn lower_first(s: &str) -> String {
    // Keep acronyms ("ID") as they are; lower-case ordinary capitalised words.
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_ascii_uppercase() && b.is_ascii_lowercase() => {
            let mut out = a.to_ascii_lowercase().to_string();
            out.push(b);
            out.extend(chars);
            out
        }
        _ => s.to_string(),
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = self.info();
        match (i.group, self.operator) {
            (Group::Operator, None) => f.write_str("operators"),
            (Group::Operator, Some(n)) => write!(f, "operators.{n}.{}", i.key),
            (g, _) => write!(f, "{}.{}", g.key(), i.key),
        }
    }
}

impl Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FieldPath {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FieldPath, D::Error> {
        let s = String::deserialize(d)?;
        FieldPath::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown field {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_variant_order_and_every_path_reads_back() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert_eq!(f.field as usize, i, "{:?} is out of place", f.field);
            let p = match f.group {
                Group::Operator if !f.key.is_empty() => FieldPath::op(f.field, 3),
                _ => f.field.into(),
            };
            assert_eq!(FieldPath::parse(&p.to_string()), Some(p), "{p}");
            assert!(!f.zh.is_empty() && !f.en.is_empty());
        }
        for bad in [
            "",
            "enterprise",
            "enterprise.nope",
            "operators.x.name",
            "operators.01.name",
            "operators.1",
            "attachments.evil",
        ] {
            assert_eq!(FieldPath::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn paths_are_the_stored_dotted_strings() {
        assert_eq!(FieldPath::from(Field::Uscc).to_string(), "enterprise.uscc");
        assert_eq!(
            FieldPath::op(Field::OperatorPhone, 1).to_string(),
            "operators.1.phone"
        );
        assert_eq!(
            FieldPath::op(Field::OperatorIdFront, 0).to_string(),
            "operators.0.id_front"
        );
        assert_eq!(
            FieldPath::from(Field::BusinessLicence).to_string(),
            "attachments.business_licence"
        );
        assert_eq!(
            FieldPath::from(Field::ChangeContent).to_string(),
            "paper.change_content"
        );
        assert_eq!(FieldPath::from(Field::Operators).to_string(), "operators");
        let json = serde_json::to_string(&FieldPath::op(Field::OperatorName, 2)).unwrap();
        assert_eq!(json, "\"operators.2.name\"");
        assert!(serde_json::from_str::<FieldPath>("\"operators.2.nope\"").is_err());
    }

    #[test]
    fn labels_name_group_and_field() {
        let l = |p: FieldPath, lang| p.label(lang);
        assert_eq!(l(Field::Uscc.into(), Lang::ZhCn), "统一社会信用代码");
        assert_eq!(l(Field::EnterpriseAddress.into(), Lang::ZhCn), "企业地址");
        assert_eq!(
            l(Field::LegalMobile.into(), Lang::ZhCn),
            "法定代表人手机号码"
        );
        assert_eq!(
            l(Field::LegalMobile.into(), Lang::En),
            "Legal representative mobile number"
        );
        assert_eq!(
            l(FieldPath::op(Field::OperatorIdNumber, 1), Lang::ZhCn),
            "操作员 2 证件号码"
        );
        assert_eq!(
            l(FieldPath::op(Field::OperatorIdNumber, 0), Lang::En),
            "Operator 1 ID number"
        );
        assert_eq!(
            l(FieldPath::op(Field::OperatorAddress, 0), Lang::ZhCn),
            "操作员 1 用户地址"
        );
        assert_eq!(
            l(Field::BusinessLicence.into(), Lang::En),
            "Business licence"
        );
        assert_eq!(l(Field::PickupRecipient.into(), Lang::ZhCn), "收件人");
        assert_eq!(l(Field::Operators.into(), Lang::ZhCn), "操作员信息");
    }

    #[test]
    fn accessors_read_and_write_the_case() {
        let mut case = crate::fixtures::valid_enrollment(None);
        let mut paper = PaperDetails::default();
        let phone = FieldPath::op(Field::OperatorPhone, 0);
        assert_eq!(phone.get(&case, &paper).as_deref(), Some("13900139000"));
        phone.set(&mut case, &mut paper, "13700137000");
        assert_eq!(case.operators[0].phone, "13700137000");
        assert_eq!(
            FieldPath::op(Field::OperatorPhone, 5).get(&case, &paper),
            None
        );
        let method: FieldPath = Field::PickupMethod.into();
        assert_eq!(method.get(&case, &paper).as_deref(), Some("window"));
        method.set(&mut case, &mut paper, "mail");
        assert_eq!(case.pickup.method, Some(crate::case::PickupMethod::Mail));
        method.set(&mut case, &mut paper, "");
        assert_eq!(case.pickup.method, None);
        let role: FieldPath = Field::CardRole.into();
        role.set(&mut case, &mut paper, "operator");
        assert_eq!(paper.card_role, Some(crate::paper::CardRole::Operator));
        let t: FieldPath = Field::AgentIdType.into();
        t.set(&mut case, &mut paper, "passport");
        assert_eq!(case.agent.id_type, IdType::Passport);
        assert_eq!(
            FieldPath::from(Field::BusinessLicence).get(&case, &paper),
            None
        );
        assert_eq!(
            FieldPath::op(Field::OperatorIdBack, 0)
                .slot(&case)
                .as_deref(),
            Some("operator:op1:id_back")
        );
    }

    /// The `validator` derives report paths of their own making; each must be a
    /// registry path (`flatten` asserts it in debug builds).
    #[test]
    fn every_rule_of_every_type_reports_a_registered_field() {
        use crate::catalog::CATALOG;
        let long = "长".repeat(600);
        let mut case = crate::fixtures::valid_enrollment(None);
        let mut paper = PaperDetails::default();
        for f in FIELDS
            .iter()
            .filter(|f| f.access.is_some() && f.choices.is_empty())
        {
            let p = match f.group {
                Group::Operator => FieldPath::op(f.field, 0),
                _ => f.field.into(),
            };
            p.set(&mut case, &mut paper, &long);
        }
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        for b in CATALOG {
            let issues = crate::validate_case(b.kind, &case, &paper, today);
            assert!(!issues.is_empty(), "{}", b.slug);
            for i in issues {
                assert_eq!(FieldPath::parse(&i.path.to_string()), Some(i.path));
            }
        }
    }

    #[test]
    fn a_value_read_from_the_id_is_changed_at_the_id_number() {
        let mut case = crate::fixtures::valid_enrollment(None);
        let sex = FieldPath::op(Field::OperatorSex, 0);
        assert_eq!(sex.input(&case), FieldPath::op(Field::OperatorIdNumber, 0));
        case.operators[0].id_type = IdType::Passport;
        assert_eq!(sex.input(&case), sex);
    }
}
