//! A complete, valid paperless-enrollment case for tests of every crate
//! (domain, server, browser). Not used by the product itself.

use crate::case::{operator_slot, AttachmentMeta, EnrollmentCase, Operator, PickupMethod};

/// A valid case whose attachments are the given `(slot, sha256, size, mime)`;
/// with `None`, every slot gets placeholder metadata.
pub fn valid_enrollment(attachments: Option<Vec<AttachmentMeta>>) -> EnrollmentCase {
    let mut c = EnrollmentCase::default();
    c.enterprise.uscc = "91350200MA31E12PXF".into();
    c.enterprise.name = "厦门示例贸易有限公司".into();
    c.enterprise.address = "福建省厦门市湖里区象兴一路11号".into();
    c.legal_person.name = "张三".into();
    c.legal_person.id_number = "11010519491231002X".into();
    c.legal_person.mobile = "13800138000".into();
    c.agent.name = "李四".into();
    c.agent.id_number = "440524188001010014".into();
    c.agent.phone = "0592-5653395".into();
    c.pickup.method = Some(PickupMethod::Window);
    c.operators.push(Operator {
        key: "op1".into(),
        name: "王五".into(),
        id_number: "632123820927051".into(),
        nationality: "中国".into(),
        education: "本科".into(),
        title: "报关员".into(),
        phone: "13900139000".into(),
        address: "厦门市思明区鹭江道8号".into(),
        ..Default::default()
    });
    c.attachments = attachments.unwrap_or_else(|| {
        all_slots()
            .into_iter()
            .enumerate()
            // One scan per slot: each its own file.
            .map(|(i, slot)| AttachmentMeta {
                slot,
                name: "scan.jpg".into(),
                mime: "image/jpeg".into(),
                size: 812_345,
                sha256: format!("{:064x}", 0xab00 + i),
            })
            .collect()
    });
    c
}

/// Every slot of [`valid_enrollment`]'s case: six enterprise ones and two for its operator.
pub fn all_slots() -> Vec<String> {
    let mut slots: Vec<String> = crate::field::Field::ENTERPRISE_ATTACHMENTS
        .iter()
        .map(|f| f.info().key.to_string())
        .collect();
    slots.push(operator_slot("op1", "id_front"));
    slots.push(operator_slot("op1", "id_back"));
    slots
}
