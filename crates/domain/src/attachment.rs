//! Attachment rules: type by magic bytes, the 4 MiB limit, safe display names.

use crate::case::AttachmentMeta;
use crate::issue::{Code, RuleResult};

/// The largest attachment accepted, in bytes (4 MiB). The one constant everywhere.
pub const ATTACHMENT_MAX_BYTES: u64 = 4_194_304;
/// The longest file name kept for display.
pub const NAME_MAX_CHARS: usize = 128;

pub const MIME_JPEG: &str = "image/jpeg";
pub const MIME_PNG: &str = "image/png";
pub const MIME_PDF: &str = "application/pdf";
pub const ALLOWED_MIME: &[&str] = &[MIME_JPEG, MIME_PNG, MIME_PDF];

/// One of the three file types an attachment may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileType {
    Jpeg,
    Png,
    Pdf,
}

impl FileType {
    pub fn from_mime(mime: &str) -> Option<FileType> {
        match mime {
            MIME_JPEG => Some(FileType::Jpeg),
            MIME_PNG => Some(FileType::Png),
            MIME_PDF => Some(FileType::Pdf),
            _ => None,
        }
    }

    /// The type of a file judged by its first bytes, not its name.
    pub fn sniff(head: &[u8]) -> Option<FileType> {
        sniff_mime(head).and_then(FileType::from_mime)
    }

    pub fn mime(self) -> &'static str {
        match self {
            FileType::Jpeg => MIME_JPEG,
            FileType::Png => MIME_PNG,
            FileType::Pdf => MIME_PDF,
        }
    }

    /// The file-name extension a download of this type gets.
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
            FileType::Pdf => "pdf",
        }
    }
}

/// The type of a file judged by its first bytes, not its name.
pub fn sniff_mime(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(MIME_JPEG)
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(MIME_PNG)
    } else if head.starts_with(b"%PDF-") {
        Some(MIME_PDF)
    } else {
        None
    }
}

/// "4.8 MB" / "812 KB": sizes as phones' galleries and Windows show them
/// (1 MB = 1024 KB, so the 4 MB limit is [`ATTACHMENT_MAX_BYTES`]), rounded
/// up, so that every file shown as 4.0 MB or less is within the limit.
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    let kb = bytes.div_ceil(KB);
    if kb >= 1000 {
        let t = (u128::from(bytes) * 10).div_ceil(u128::from(KB * KB));
        format!("{}.{} MB", t / 10, t % 10)
    } else if bytes >= KB {
        format!("{kb} KB")
    } else {
        format!("{bytes} B")
    }
}

/// `n / unit` to one decimal, "4.8": integers only, since float formatting
/// would cost the browser app about 4 KB of download (issue #17).
pub fn tenths(n: u64, unit: u64) -> String {
    let t = ((n as u128 * 10 + unit as u128 / 2) / unit as u128) as u64;
    format!("{}.{}", t / 10, t % 10)
}

/// Checks the bytes of a file the user picked: type by content, then size.
pub fn check_bytes(bytes: &[u8]) -> Result<&'static str, (Code, String)> {
    let mime = sniff_mime(bytes).ok_or((Code::AttachmentType, String::new()))?;
    let size = bytes.len() as u64;
    if size > ATTACHMENT_MAX_BYTES {
        return Err((Code::AttachmentTooLarge, human_size(size)));
    }
    Ok(mime)
}

/// Checks what a case says about an attachment (the server re-checks the bytes).
pub fn check_meta(meta: &AttachmentMeta) -> RuleResult {
    if !ALLOWED_MIME.contains(&meta.mime.as_str()) {
        return Err((Code::AttachmentType, String::new()));
    }
    if meta.size > ATTACHMENT_MAX_BYTES {
        return Err((Code::AttachmentTooLarge, human_size(meta.size)));
    }
    if meta.size == 0 || crate::ids::Sha256Digest::parse(&meta.sha256).is_err() {
        return Err((Code::AttachmentMissing, String::new()));
    }
    Ok(())
}

/// A file name made safe to show as text: no control characters, no path
/// separators, at most 128 characters.
pub fn display_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !crate::normalize::is_invisible(*c, false) && !matches!(c, '/' | '\\'))
        .take(NAME_MAX_CHARS)
        .collect();
    let t = cleaned.trim();
    if t.is_empty() {
        "file".to_string()
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff_mime(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(MIME_JPEG));
        assert_eq!(sniff_mime(b"\x89PNG\r\n\x1a\nrest"), Some(MIME_PNG));
        assert_eq!(sniff_mime(b"%PDF-1.7"), Some(MIME_PDF));
        assert_eq!(sniff_mime(b"MZ\x90\x00 an exe"), None);
        assert_eq!(sniff_mime(b"just text named .jpg"), None);
    }

    #[test]
    fn size_limit_is_inclusive() {
        let mut ok = vec![0u8; ATTACHMENT_MAX_BYTES as usize];
        ok[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
        assert_eq!(check_bytes(&ok), Ok(MIME_JPEG));
        ok.push(0);
        assert_eq!(
            check_bytes(&ok),
            Err((Code::AttachmentTooLarge, "4.1 MB".into())),
            "one byte over the limit never reads as within it"
        );
        assert_eq!(human_size(5_000_000), "4.8 MB");
        assert_eq!(human_size(4 * 1024 * 1024), "4.0 MB");
        assert_eq!(human_size(1000 * 1024 - 1), "1.0 MB");
        assert_eq!(human_size(999 * 1024), "999 KB");
        assert_eq!(human_size(1536), "2 KB");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(u64::MAX), "17592186044416.0 MB");
    }

    #[test]
    fn names_are_sanitised() {
        assert_eq!(display_name("../../etc/passwd"), "....etcpasswd");
        assert_eq!(display_name("a\u{0}b\nc.jpg"), "abc.jpg");
        assert_eq!(display_name(&"长".repeat(200)).chars().count(), 128);
        assert_eq!(display_name(" / "), "file");
    }
}
