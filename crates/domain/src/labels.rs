//! 地址标签: the address label of an approved card going by mail, for the
//! courier's envelopes (recipient, phone, address, reference). Labels carry
//! personal data: the server records each printing against its submission.

use serde::{Deserialize, Serialize};

use crate::case::{EnrollmentCase, PickupMethod};
use crate::contact::display_phone;

/// References a label sheet may hold at once.
pub const MAX_LABELS: usize = 100;

/// `POST /staff/labels`: the submissions, by reference or id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabelsRequest {
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddressLabel {
    pub reference: String,
    pub recipient: String,
    /// Grouped as read: 138 0013 8000.
    pub phone: String,
    pub address: String,
}

/// The labels made, and the keys that have none (not found, not approved, not mailed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabelsAnswer {
    pub labels: Vec<AddressLabel>,
    #[serde(default)]
    pub skipped: Vec<String>,
}

/// The label of `case` under `reference`; `None` unless its card goes by mail.
pub fn label_of(reference: &str, case: &EnrollmentCase) -> Option<AddressLabel> {
    let p = &case.pickup;
    (p.method == Some(PickupMethod::Mail)).then(|| AddressLabel {
        reference: reference.to_string(),
        recipient: p.recipient.trim().to_string(),
        phone: display_phone(&p.phone),
        address: p.address.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_mailed_card_has_a_label() {
        let mut case = crate::fixtures::valid_enrollment(None);
        case.pickup.method = Some(PickupMethod::Window);
        assert_eq!(label_of("XM20261201-000001", &case), None);
        case.pickup.method = Some(PickupMethod::Mail);
        case.pickup.recipient = " 李收件 ".into();
        case.pickup.phone = "13800138000".into();
        case.pickup.address = "厦门市思明区示例路1号".into();
        let l = label_of("XM20261201-000001", &case).unwrap();
        assert_eq!(l.recipient, "李收件");
        assert_eq!(l.phone, "138 0013 8000");
    }
}
