//! The whole manifest through `check_manifest`: arbitrary bytes that parse as
//! a manifest never panic the check, and whatever it accepts satisfies every
//! rule, re-checked here independently of the code under test: each entry's
//! digest is 64 lower-case hex digits, its type allowed, its size 1 ..= 4 MiB,
//! its slot one the case has; one entry per slot, exactly the case's files;
//! no blocking finding; `supersedes` a UUID v4.
#![no_main]

use chrono::NaiveDate;
use eport_domain::attachment::{ALLOWED_MIME, ATTACHMENT_MAX_BYTES};
use eport_domain::case::{operator_slot, ENTERPRISE_SLOTS};
use eport_domain::manifest::check_manifest;
use eport_domain::protocol::{AttachmentDecl, Manifest, MAX_ATTACHMENTS};
use eport_domain::validate_enrollment;
use libfuzzer_sys::fuzz_target;

fn hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fuzz_target!(|data: &[u8]| {
    let Ok(m) = serde_json::from_slice::<Manifest>(data) else {
        return;
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let Ok(checked) = check_manifest(&m, today) else {
        return;
    };

    let mut slots: Vec<String> = ENTERPRISE_SLOTS.iter().map(|s| s.to_string()).collect();
    for op in &m.case.operators {
        slots.push(operator_slot(&op.key, "id_front"));
        slots.push(operator_slot(&op.key, "id_back"));
    }
    assert!(m.attachments.len() <= MAX_ATTACHMENTS);
    assert_eq!(checked.files().len(), m.attachments.len());
    assert_eq!(m.attachments.len(), m.case.attachments.len());
    for (i, d) in m.attachments.iter().enumerate() {
        assert!(hex64(&d.sha256), "digest {:?}", d.sha256);
        assert!(ALLOWED_MIME.contains(&d.mime.as_str()));
        assert!((1..=ATTACHMENT_MAX_BYTES).contains(&d.size));
        assert!(slots.contains(&d.slot), "slot {:?}", d.slot);
        assert!(
            !m.attachments[..i].iter().any(|e| e.slot == d.slot),
            "one entry per slot"
        );
        let meta = m.case.attachment(&d.slot).expect("the case has the file");
        assert_eq!(
            &AttachmentDecl::from(meta),
            d,
            "the entry is the case's file"
        );
        let f = &checked.files()[i];
        assert_eq!(
            (f.slot(), f.sha256().as_str(), f.size()),
            (d.slot.as_str(), d.sha256.as_str(), d.size)
        );
        assert!(f.name().chars().count() <= 128 && !f.name().contains(['/', '\\']));
    }
    for op in &m.case.operators {
        assert!(
            !op.key.is_empty()
                && op
                    .key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }
    assert!(validate_enrollment(&m.case, today)
        .iter()
        .all(|i| !i.blocks()));
    if let Some(s) = &m.supersedes {
        assert_eq!(checked.supersedes().map(|x| x.as_str()), Some(s.as_str()));
        assert!(s.len() == 36 && s.as_bytes()[14] == b'4');
    }
    assert!(checked.upload_bytes() <= MAX_ATTACHMENTS as u64 * ATTACHMENT_MAX_BYTES);
});
