//! The case model of the paperless enrollment. The same types are stored as
//! drafts in the browser and sent to the server in the sync manifest.

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::id_number::{IdType, Sex};
use crate::rules;

/// Bumped when a stored or sent case changes shape; readers migrate older ones.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Enterprise {
    #[validate(custom(function = "rules::uscc_structure"))]
    pub uscc: String,
    #[validate(custom(function = "rules::required_200"))]
    pub name: String,
    /// Must match the business licence exactly (completeness is a warning).
    #[validate(custom(function = "rules::required_200"))]
    pub address: String,
    /// 发卡机构代理点; `20` = 厦门制卡中心.
    #[validate(custom(function = "rules::agency_code"))]
    pub agency_code: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LegalPerson {
    #[validate(custom(function = "rules::name"))]
    pub name: String,
    pub id_type: IdType,
    pub id_number: String,
    #[validate(custom(function = "rules::required_50"))]
    pub nationality: String,
    #[validate(custom(function = "rules::mobile"))]
    pub mobile: String,
}

/// 经办人: the person handling the application.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Agent {
    #[validate(custom(function = "rules::name"))]
    pub name: String,
    pub id_type: IdType,
    pub id_number: String,
    #[validate(custom(function = "rules::phone"))]
    pub phone: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PickupMethod {
    /// 窗口领卡
    Window,
    /// 邮寄领卡
    Mail,
}

/// 领卡方式 and, for 邮寄领卡, where the card goes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Pickup {
    pub method: Option<PickupMethod>,
    pub recipient: String,
    pub phone: String,
    pub address: String,
    #[validate(custom(function = "rules::optional_500"))]
    pub remarks: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Operator {
    /// Stable client-side key: attachments and UI rows refer to it, not to the index.
    pub key: String,
    #[validate(custom(function = "rules::name"))]
    pub name: String,
    /// Entered only when the ID type does not carry it.
    pub sex: Option<Sex>,
    pub id_type: IdType,
    pub id_number: String,
    /// `YYYY-MM-DD`, entered only when the ID type does not carry it.
    pub birth_date: String,
    #[validate(custom(function = "rules::required_50"))]
    pub nationality: String,
    #[validate(custom(function = "rules::required_50"))]
    pub education: String,
    #[validate(custom(function = "rules::required_50"))]
    pub title: String,
    #[validate(custom(function = "rules::phone"))]
    pub phone: String,
    #[validate(custom(function = "rules::optional_phone"))]
    pub fax: String,
    #[validate(custom(function = "rules::required_200"))]
    pub address: String,
}

/// An attachment as the case knows it: never the bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AttachmentMeta {
    /// `business_licence`, … or `operator:<key>:id_front` / `operator:<key>:id_back`.
    pub slot: String,
    pub name: String,
    pub mime: String,
    pub size: u64,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
}

/// Explicit confirmations the user gave for confirmable warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Confirmations {
    /// The normalised credit code the user confirmed against the licence despite
    /// a check-character mismatch. Applies only while the code is unchanged.
    pub uscc_check: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EnrollmentCase {
    pub schema_version: u32,
    #[validate(nested)]
    pub enterprise: Enterprise,
    #[validate(nested)]
    pub legal_person: LegalPerson,
    #[validate(nested)]
    pub agent: Agent,
    #[validate(nested)]
    pub pickup: Pickup,
    #[validate(nested)]
    pub operators: Vec<Operator>,
    pub attachments: Vec<AttachmentMeta>,
    pub confirmations: Confirmations,
}

impl Default for EnrollmentCase {
    fn default() -> Self {
        EnrollmentCase {
            schema_version: SCHEMA_VERSION,
            enterprise: Enterprise {
                agency_code: "20".into(),
                ..Default::default()
            },
            legal_person: LegalPerson {
                nationality: "中国".into(),
                ..Default::default()
            },
            agent: Agent::default(),
            pickup: Pickup::default(),
            operators: Vec::new(),
            attachments: Vec::new(),
            confirmations: Confirmations::default(),
        }
    }
}

/// What is entered once per enterprise and pre-fills every later case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EnterpriseProfile {
    pub enterprise: Enterprise,
    pub legal_person: LegalPerson,
    pub agent: Agent,
    /// Where the enterprise's cards go (收件人, 联系电话, 收件地址); older profiles have none.
    pub mailing: Mailing,
}

/// The mailing part of 领卡方式 that stays the same from one case to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Mailing {
    pub recipient: String,
    pub phone: String,
    pub address: String,
}

impl EnrollmentCase {
    pub fn profile(&self) -> EnterpriseProfile {
        EnterpriseProfile {
            enterprise: self.enterprise.clone(),
            legal_person: self.legal_person.clone(),
            agent: self.agent.clone(),
            mailing: Mailing {
                recipient: self.pickup.recipient.clone(),
                phone: self.pickup.phone.clone(),
                address: self.pickup.address.clone(),
            },
        }
    }

    /// Pre-fills a case from its enterprise's profile: the enterprise, its
    /// people and the mailing details still empty. The credit code as typed and
    /// an agency code the profile lacks are kept.
    pub fn apply_profile(&mut self, p: EnterpriseProfile) {
        let uscc = std::mem::take(&mut self.enterprise.uscc);
        let agency = std::mem::take(&mut self.enterprise.agency_code);
        self.enterprise = p.enterprise;
        self.enterprise.uscc = uscc;
        if self.enterprise.agency_code.is_empty() {
            self.enterprise.agency_code = agency;
        }
        self.legal_person = p.legal_person;
        self.agent = p.agent;
        for (mine, theirs) in [
            (&mut self.pickup.recipient, p.mailing.recipient),
            (&mut self.pickup.phone, p.mailing.phone),
            (&mut self.pickup.address, p.mailing.address),
        ] {
            if mine.trim().is_empty() {
                *mine = theirs;
            }
        }
    }

    pub fn attachment(&self, slot: &str) -> Option<&AttachmentMeta> {
        self.attachments.iter().find(|a| a.slot == slot)
    }
}

pub fn operator_slot(key: &str, side: &str) -> String {
    format!("operator:{key}:{side}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_round_trip_is_stable_and_tolerates_missing_fields() {
        let mut c = EnrollmentCase::default();
        c.enterprise.uscc = "91350200MA31E12PXF".into();
        c.operators.push(Operator {
            key: "a".into(),
            sex: Some(Sex::Female),
            ..Default::default()
        });
        let json = serde_json::to_string(&c).unwrap();
        let back: EnrollmentCase = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        // A draft saved before a field existed still loads.
        let old: EnrollmentCase = serde_json::from_str(r#"{"enterprise":{"uscc":"x"}}"#).unwrap();
        assert_eq!(old.enterprise.uscc, "x");
        assert_eq!(old.schema_version, SCHEMA_VERSION);
    }

    #[test]
    fn profile_pre_fills_a_new_case() {
        let mut c = EnrollmentCase::default();
        c.enterprise.name = "厦门示例有限公司".into();
        c.legal_person.name = "张三".into();
        c.enterprise.agency_code.clear();
        c.pickup.recipient = "李收件".into();
        c.pickup.address = "厦门市思明区示例路1号".into();
        c.operators.push(Operator::default());
        let mut fresh = EnrollmentCase::default();
        fresh.enterprise.uscc = "91350200MA31E12PXF".into();
        fresh.pickup.phone = "13800138000".into();
        fresh.apply_profile(c.profile());
        assert_eq!(fresh.enterprise.name, "厦门示例有限公司");
        assert_eq!(
            fresh.enterprise.uscc, "91350200MA31E12PXF",
            "the code as typed"
        );
        assert_eq!(
            fresh.enterprise.agency_code, "20",
            "kept when the profile has none"
        );
        assert_eq!(fresh.legal_person.name, "张三");
        assert_eq!(fresh.pickup.recipient, "李收件");
        assert_eq!(fresh.pickup.address, "厦门市思明区示例路1号");
        assert_eq!(fresh.pickup.phone, "13800138000", "what was entered stays");
        assert!(fresh.operators.is_empty());
    }
}
