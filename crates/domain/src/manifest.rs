//! The sync manifest: built from a case by the browser, checked by both sides
//! before anything is sent or stored. The server calls [`check_manifest`] on
//! every `PUT`; only what it returns ([`CheckedManifest`]) reaches storage, so
//! a digest, size, type or slot that breaks a rule never gets that far.

use chrono::NaiveDate;

use crate::attachment::{display_name, human_size, FileType, ATTACHMENT_MAX_BYTES};
use crate::case::{operator_slot, AttachmentMeta, EnrollmentCase};
use crate::field::{Field, FieldPath};
use crate::ids::{Sha256Digest, SubmissionId};
use crate::issue::{Code, Issue};
use crate::protocol::{AttachmentDecl, ClientInfo, Manifest, SubmissionKind, MAX_ATTACHMENTS};
use crate::validate::validate_enrollment;

/// The longest operator key a client may choose (the app uses a 36-character UUID).
pub const OPERATOR_KEY_MAX: usize = 64;
/// The longest `client.app_version` accepted.
pub const APP_VERSION_MAX: usize = 64;

/// One attachment of a checked manifest. Only [`check_manifest`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredFile {
    slot: String,
    sha256: Sha256Digest,
    size: u64,
    file_type: FileType,
    name: String,
}

impl DeclaredFile {
    /// A slot the case has (`business_licence`, `operator:<key>:id_front`, …).
    pub fn slot(&self) -> &str {
        &self.slot
    }
    pub fn sha256(&self) -> &Sha256Digest {
        &self.sha256
    }
    /// 1 ..= [`ATTACHMENT_MAX_BYTES`].
    pub fn size(&self) -> u64 {
        self.size
    }
    pub fn file_type(&self) -> FileType {
        self.file_type
    }
    /// The file name made safe to show ([`display_name`]).
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// A manifest that passed every rule: the domain rules of the case and the
/// attachment list's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedManifest {
    supersedes: Option<SubmissionId>,
    files: Vec<DeclaredFile>,
}

impl CheckedManifest {
    pub fn supersedes(&self) -> Option<&SubmissionId> {
        self.supersedes.as_ref()
    }

    /// One per slot of the case, in the manifest's order.
    pub fn files(&self) -> &[DeclaredFile] {
        &self.files
    }

    /// What will be uploaded: each digest once (one scan used in two slots is sent once).
    pub fn uploads(&self) -> Vec<(&Sha256Digest, u64)> {
        let mut out: Vec<(&Sha256Digest, u64)> = Vec::new();
        for f in &self.files {
            if !out.iter().any(|(s, _)| *s == &f.sha256) {
                out.push((&f.sha256, f.size));
            }
        }
        out
    }

    /// The bytes the uploads add up to.
    pub fn upload_bytes(&self) -> u64 {
        self.uploads().iter().map(|(_, n)| n).sum()
    }
}

/// Every attachment slot the case has, with its field, in form order: the
/// six enterprise slots, then each operator's two.
pub fn case_slots(case: &EnrollmentCase) -> Vec<(String, FieldPath)> {
    let mut slots: Vec<(String, FieldPath)> = Field::ENTERPRISE_ATTACHMENTS
        .iter()
        .map(|f| (f.info().key.to_string(), FieldPath::from(*f)))
        .collect();
    for (i, op) in case.operators.iter().enumerate() {
        for side in [Field::OperatorIdFront, Field::OperatorIdBack] {
            slots.push((
                operator_slot(&op.key, side.info().key),
                FieldPath::op(side, i),
            ));
        }
    }
    slots
}

/// The manifest the browser sends for `case`. Attachments whose slot the case
/// no longer has (a removed operator's) are left out of both lists, as is a
/// second file for one slot, so the manifest passes [`check_manifest`]'s
/// attachment rules whenever the case's own files do.
pub fn manifest_for(
    case: &EnrollmentCase,
    client: ClientInfo,
    supersedes: Option<String>,
) -> Manifest {
    let slots = case_slots(case);
    let mut case = case.clone();
    let mut kept: Vec<AttachmentMeta> = Vec::new();
    for a in &case.attachments {
        let known = slots.iter().any(|(s, _)| *s == a.slot);
        if known && !kept.iter().any(|k| k.slot == a.slot) {
            kept.push(a.clone());
        }
    }
    case.attachments = kept;
    // Phones go to the centre as they are printed: digits only.
    for phone in [
        &mut case.legal_person.mobile,
        &mut case.agent.phone,
        &mut case.pickup.phone,
    ] {
        *phone = crate::contact::canonical_phone(phone);
    }
    for o in &mut case.operators {
        o.phone = crate::contact::canonical_phone(&o.phone);
        o.fax = crate::contact::canonical_phone(&o.fax);
    }
    Manifest {
        kind: SubmissionKind::PaperlessEnrollment,
        supersedes,
        attachments: case.attachments.iter().map(AttachmentDecl::from).collect(),
        case,
        client,
    }
}

fn operator_key_ok(key: &str) -> bool {
    (1..=OPERATOR_KEY_MAX).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Checks a manifest as the server receives it, as of `today` (Asia/Shanghai):
/// the case's blocking findings, then the attachment list. Every entry has a
/// 64-hex `sha256`, an allowed `mime`, a `size` of 1 ..= 4 MiB and a slot the
/// case has; one entry per slot, and the entries are exactly the case's
/// attachments. Also the operator keys the slots are made of, `supersedes`
/// and `client`. All problems are returned at once.
pub fn check_manifest(m: &Manifest, today: NaiveDate) -> Result<CheckedManifest, Vec<Issue>> {
    let SubmissionKind::PaperlessEnrollment = m.kind;
    let mut out: Vec<Issue> = validate_enrollment(&m.case, today)
        .into_iter()
        .filter(Issue::blocks)
        .collect();
    let case = &m.case;

    // Operator keys make the slot names: safe characters, one operator each.
    for (i, op) in case.operators.iter().enumerate() {
        let dup = case.operators[..i].iter().any(|o| o.key == op.key);
        if !operator_key_ok(&op.key) || dup {
            out.push(Issue::error(
                FieldPath::op(Field::OperatorKey, i),
                Code::OperatorKey,
            ));
        }
    }

    let slots = case_slots(case);
    let path_of = |slot: &str| slots.iter().find(|(s, _)| s == slot).map(|(_, p)| *p);
    // A list entry's problem: the list, with the entry's number (1-based) as detail.
    let entry = |list: Field, i: usize, code: Code| {
        Issue::error(list, code).with_detail((i + 1).to_string())
    };

    // The case's own list: known slots, one file each.
    for (i, a) in case.attachments.iter().enumerate() {
        if path_of(&a.slot).is_none() {
            out.push(entry(Field::ManifestCaseAttachments, i, Code::SlotUnknown));
        } else if case.attachments[..i].iter().any(|b| b.slot == a.slot) {
            out.push(entry(
                Field::ManifestCaseAttachments,
                i,
                Code::SlotDuplicate,
            ));
        }
    }

    if m.attachments.len() > MAX_ATTACHMENTS {
        out.push(
            Issue::error(Field::ManifestAttachments, Code::TooManyAttachments)
                .with_detail(MAX_ATTACHMENTS.to_string()),
        );
    }
    let mut files = Vec::new();
    for (i, d) in m.attachments.iter().enumerate() {
        let Some(path) = path_of(&d.slot) else {
            out.push(entry(Field::ManifestAttachments, i, Code::SlotUnknown));
            continue;
        };
        if m.attachments[..i].iter().any(|e| e.slot == d.slot) {
            out.push(entry(Field::ManifestAttachments, i, Code::SlotDuplicate));
            continue;
        }
        let before = out.len();
        let sha256 = Sha256Digest::parse(&d.sha256);
        if sha256.is_err() {
            out.push(Issue::error(path, Code::DigestFormat));
        }
        let file_type = FileType::from_mime(&d.mime);
        if file_type.is_none() {
            out.push(Issue::error(path, Code::AttachmentType));
        }
        if d.size == 0 {
            out.push(Issue::error(path, Code::AttachmentEmpty));
        } else if d.size > ATTACHMENT_MAX_BYTES {
            out.push(Issue::error(path, Code::AttachmentTooLarge).with_detail(human_size(d.size)));
        }
        let conflict = m.attachments[..i]
            .iter()
            .any(|e| e.sha256 == d.sha256 && (e.size != d.size || e.mime != d.mime));
        if conflict {
            out.push(Issue::error(path, Code::DigestConflict));
        }
        match case.attachment(&d.slot) {
            None => out.push(Issue::error(path, Code::AttachmentNotInCase)),
            Some(meta) if AttachmentDecl::from(meta) != *d => {
                out.push(Issue::error(path, Code::AttachmentMismatch))
            }
            Some(_) => {}
        }
        if let (Ok(sha256), Some(file_type), true) = (sha256, file_type, out.len() == before) {
            files.push(DeclaredFile {
                slot: d.slot.clone(),
                sha256,
                size: d.size,
                file_type,
                name: display_name(&d.name),
            });
        }
    }
    // Every file the case refers to is declared.
    for a in &case.attachments {
        if let Some(path) = path_of(&a.slot) {
            if !m.attachments.iter().any(|d| d.slot == a.slot) {
                out.push(Issue::error(path, Code::AttachmentUndeclared));
            }
        }
    }

    let supersedes = match m.supersedes.as_deref().map(SubmissionId::parse) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => {
            out.push(Issue::error(
                Field::ManifestSupersedes,
                Code::SubmissionIdFormat,
            ));
            None
        }
    };
    let version = &m.client.app_version;
    let version_ok = (1..=APP_VERSION_MAX).contains(&version.len())
        && version.bytes().all(|b| b.is_ascii_graphic());
    if !version_ok || crate::iso::instant(&m.client.declared_at).is_none() {
        out.push(Issue::error(Field::ManifestClient, Code::ClientInfoInvalid));
    }

    if out.is_empty() {
        Ok(CheckedManifest { supersedes, files })
    } else {
        out.sort_by_key(|i| i.path.order_key());
        out.dedup();
        Err(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::valid_enrollment;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn client() -> ClientInfo {
        ClientInfo {
            app_version: "0.1.0".into(),
            declared_at: "2026-11-27T10:00:00+08:00".into(),
        }
    }

    /// The fixture case with a different digest in each slot.
    fn distinct() -> EnrollmentCase {
        let mut case = valid_enrollment(None);
        for (i, a) in case.attachments.iter_mut().enumerate() {
            a.sha256 = format!("{:02x}", i + 1).repeat(32);
        }
        case
    }

    fn valid() -> Manifest {
        manifest_for(&distinct(), client(), None)
    }

    fn codes(m: &Manifest) -> Vec<(String, Code)> {
        check_manifest(m, today())
            .expect_err("refused")
            .into_iter()
            .map(|i| (i.path.to_string(), i.code))
            .collect()
    }

    #[test]
    fn the_fixture_manifest_passes_with_one_file_per_slot() {
        let checked = check_manifest(&valid(), today()).unwrap();
        assert_eq!(checked.files().len(), 8);
        assert_eq!(checked.uploads().len(), 8);
        // One digest in every slot: uploaded once, recorded eight times.
        let mut case = valid_enrollment(None);
        for a in &mut case.attachments {
            a.sha256 = "ab".repeat(32);
        }
        let m = manifest_for(&case, client(), None);
        let checked = check_manifest(&m, today()).unwrap();
        assert_eq!(checked.files().len(), 8);
        assert_eq!(checked.uploads().len(), 1);
        assert_eq!(checked.upload_bytes(), 812_345);
    }

    #[test]
    fn an_extra_entry_is_refused_whatever_it_says() {
        let mut m = valid();
        let mut extra = m.attachments[0].clone();
        extra.slot = "evil".into();
        extra.sha256 = "../../../canary/victim.txt".into();
        extra.size = 1_000_000_000_000;
        m.attachments.push(extra);
        assert_eq!(
            codes(&m),
            vec![("manifest.attachments".into(), Code::SlotUnknown)]
        );
    }

    #[test]
    fn digests_types_and_sizes_are_checked_per_entry() {
        for (sha, mime, size, code) in [
            ("AB".repeat(32), "image/jpeg", 812_345, Code::DigestFormat),
            (
                "a".repeat(60_000),
                "image/jpeg",
                812_345,
                Code::DigestFormat,
            ),
            (
                "ab".repeat(32),
                "application/x-msdownload",
                812_345,
                Code::AttachmentType,
            ),
            ("ab".repeat(32), "image/jpeg", 0, Code::AttachmentEmpty),
            (
                "ab".repeat(32),
                "image/jpeg",
                4_194_305,
                Code::AttachmentTooLarge,
            ),
        ] {
            let mut m = valid();
            // The case says the same, so only the entry's own rule speaks.
            let meta = &mut m.case.attachments[0];
            (meta.sha256, meta.mime, meta.size) = (sha.clone(), mime.into(), size);
            m.attachments[0] = AttachmentDecl::from(&*meta);
            let got = codes(&m);
            assert!(
                got.contains(&("attachments.business_licence".into(), code)),
                "{code:?}: {got:?}"
            );
        }
    }

    #[test]
    fn missing_duplicate_and_mismatched_entries_are_refused() {
        let mut m = valid();
        m.attachments.remove(1);
        assert_eq!(
            codes(&m),
            vec![(
                "attachments.legal_person_id_front".into(),
                Code::AttachmentUndeclared
            )]
        );

        let mut m = valid();
        let dup = m.attachments[0].clone();
        m.attachments.push(dup);
        assert_eq!(
            codes(&m),
            vec![("manifest.attachments".into(), Code::SlotDuplicate)]
        );

        let mut m = valid();
        m.attachments[2].size += 1;
        assert_eq!(
            codes(&m),
            vec![(
                "attachments.legal_person_id_back".into(),
                Code::AttachmentMismatch
            )]
        );

        // A slot of the case's that the case has no file for.
        let mut m = valid();
        m.case.attachments.retain(|a| a.slot != "agent_id_back");
        let got = codes(&m);
        assert!(got.contains(&(
            "attachments.agent_id_back".into(),
            Code::AttachmentNotInCase
        )));
    }

    #[test]
    fn the_same_scan_in_two_slots_is_legal() {
        let mut case = distinct();
        // One scan of the legal person's ID card, both sides on one page.
        case.attachments[2].sha256 = case.attachments[1].sha256.clone();
        let checked = check_manifest(&manifest_for(&case, client(), None), today()).unwrap();
        assert_eq!(checked.files().len(), 8, "recorded for both slots");
        assert_eq!(checked.uploads().len(), 7, "uploaded once");
    }

    #[test]
    fn one_digest_means_one_size_and_type() {
        let mut case = distinct();
        case.attachments[3].sha256 = case.attachments[2].sha256.clone();
        case.attachments[3].size = 1000;
        let got = codes(&manifest_for(&case, client(), None));
        assert_eq!(
            got,
            vec![("attachments.agent_id_front".into(), Code::DigestConflict)]
        );
    }

    #[test]
    fn operator_keys_supersedes_and_client_are_checked() {
        let mut case = valid_enrollment(None);
        for a in case.attachments.iter_mut() {
            a.slot = a.slot.replace("op1", "../x");
        }
        case.operators[0].key = "../x".into();
        let m = manifest_for(&case, client(), Some("not-an-id".into()));
        let mut m2 = m.clone();
        m2.client.declared_at = "yesterday".into();
        let got = codes(&m2);
        assert!(got.contains(&("operators.0.key".into(), Code::OperatorKey)));
        assert!(got.contains(&("manifest.supersedes".into(), Code::SubmissionIdFormat)));
        assert!(got.contains(&("manifest.client".into(), Code::ClientInfoInvalid)));
    }

    #[test]
    fn manifest_for_leaves_out_files_of_slots_the_case_lost() {
        let mut case = distinct();
        case.attachments.push(AttachmentMeta {
            slot: operator_slot("removed", "id_front"),
            ..case.attachments[0].clone()
        });
        let m = manifest_for(&case, client(), None);
        assert_eq!(m.attachments.len(), 8);
        assert_eq!(m.case.attachments.len(), 8);
        assert!(check_manifest(&m, today()).is_ok());
    }

    #[test]
    fn the_fuzz_seed_is_an_accepted_manifest() {
        let m: Manifest =
            serde_json::from_str(include_str!("../fuzz/seeds/manifest_check/valid.json")).unwrap();
        assert!(check_manifest(&m, today()).is_ok());
    }

    #[test]
    fn the_case_rules_still_apply() {
        let mut m = valid();
        m.case.legal_person.id_number = "11010519491231002".into();
        let got = codes(&m);
        assert_eq!(got[0].0, "legal_person.id_number");
    }
}
