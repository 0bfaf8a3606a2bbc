//! Identifiers that travel in URLs and reach the server's disk and database:
//! a submission id, a SHA-256 digest and a reference number. Each is parsed
//! once from untrusted text into a type that cannot hold anything else, so a
//! path built from one can never leave its folder.

use std::fmt;

/// Why a piece of text is not the identifier it claims to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed(pub &'static str);

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

fn lower_hex(b: u8) -> bool {
    b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
}

/// The fewest characters of a submission's bearer secret: 22 base64url
/// characters carry 128 bits (the app makes 43, from 32 random bytes).
pub const SECRET_MIN_CHARS: usize = 22;
/// The most, so a secret never costs more than a header line.
pub const SECRET_MAX_CHARS: usize = 256;

/// Whether `s` may be a new submission's secret: 22–256 base64url characters.
pub fn is_strong_secret(s: &str) -> bool {
    (SECRET_MIN_CHARS..=SECRET_MAX_CHARS).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A submission id: a lower-case, hyphenated UUID v4, exactly (36 ASCII characters).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubmissionId(String);

impl SubmissionId {
    pub const WHAT: &'static str = "a submission id is a lower-case UUID v4";

    pub fn parse(s: &str) -> Result<SubmissionId, Malformed> {
        let b = s.as_bytes();
        let ok = b.len() == 36
            && b.iter().enumerate().all(|(i, &c)| match i {
                8 | 13 | 18 | 23 => c == b'-',
                14 => c == b'4',
                19 => matches!(c, b'8' | b'9' | b'a' | b'b'),
                _ => lower_hex(c),
            });
        if ok {
            Ok(SubmissionId(s.to_string()))
        } else {
            Err(Malformed(Self::WHAT))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A SHA-256 digest as 64 lower-case hex digits, exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256Digest(String);

impl Sha256Digest {
    pub const WHAT: &'static str = "a SHA-256 digest is 64 lower-case hex digits";

    pub fn parse(s: &str) -> Result<Sha256Digest, Malformed> {
        if s.len() == 64 && s.bytes().all(lower_hex) {
            Ok(Sha256Digest(s.to_string()))
        } else {
            Err(Malformed(Self::WHAT))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-digit fan-out folder of the content-addressed store.
    pub fn prefix(&self) -> &str {
        &self.0[..2]
    }
}

/// A reference number, `XM<yyyymmdd>-<6 digits>` (e.g. `XM20261127-000042`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference(String);

impl Reference {
    pub const WHAT: &'static str = "a reference number looks like XM20261127-000042";

    pub fn parse(s: &str) -> Result<Reference, Malformed> {
        let b = s.as_bytes();
        let ok = b.len() == 17
            && b.starts_with(b"XM")
            && b[2..10].iter().all(u8::is_ascii_digit)
            && b[10] == b'-'
            && b[11..].iter().all(u8::is_ascii_digit);
        if ok {
            Ok(Reference(s.to_string()))
        } else {
            Err(Malformed(Self::WHAT))
        }
    }

    /// A reference as a person types it (any case, full-width, padded): see
    /// [`crate::normalize::reference`].
    pub fn parse_typed(s: &str) -> Result<Reference, Malformed> {
        Reference::parse(&crate::normalize::reference(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How staff name a submission: by id or by reference number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmissionKey {
    Id(SubmissionId),
    Reference(Reference),
}

impl SubmissionKey {
    pub fn parse(s: &str) -> Result<SubmissionKey, Malformed> {
        SubmissionId::parse(s)
            .map(SubmissionKey::Id)
            .or_else(|_| Reference::parse_typed(s).map(SubmissionKey::Reference))
            .map_err(|_| Malformed("expected a submission id (UUID v4) or a reference number"))
    }

    pub fn as_str(&self) -> &str {
        match self {
            SubmissionKey::Id(i) => i.as_str(),
            SubmissionKey::Reference(r) => r.as_str(),
        }
    }
}

macro_rules! text_impls {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
    )*};
}
text_impls!(SubmissionId, Sha256Digest, Reference, SubmissionKey);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_has_at_least_128_bits_of_base64url() {
        assert!(is_strong_secret(&"A".repeat(22)));
        assert!(is_strong_secret(
            "secret-5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
        ));
        assert!(!is_strong_secret("x"), "one character");
        assert!(!is_strong_secret(&"A".repeat(21)));
        assert!(!is_strong_secret(&"A".repeat(257)));
        assert!(
            !is_strong_secret(&format!("{}=", "A".repeat(22))),
            "padding is not base64url"
        );
        assert!(!is_strong_secret(&format!("{} ", "A".repeat(22))));
    }

    #[test]
    fn submission_ids_are_canonical_uuid_v4_only() {
        let ok = "5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31";
        assert_eq!(SubmissionId::parse(ok).unwrap().as_str(), ok);
        for bad in [
            "",
            "5B1C9A52-8F3E-4D7A-9C1B-2E6F0A4D8C31", // upper case
            "5b1c9a52-8f3e-1d7a-9c1b-2e6f0a4d8c31", // version 1
            "5b1c9a52-8f3e-4d7a-7c1b-2e6f0a4d8c31", // wrong variant
            "5b1c9a528f3e4d7a9c1b2e6f0a4d8c31",     // no hyphens
            "{5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31}", // braces
            "5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c3/",
            "../../../../../../../../../../etc/passwd",
        ] {
            assert!(SubmissionId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn digests_are_64_lower_case_hex_digits() {
        let ok = "ab".repeat(32);
        assert_eq!(Sha256Digest::parse(&ok).unwrap().prefix(), "ab");
        for bad in [
            String::new(),
            "AB".repeat(32),
            "ab".repeat(31),
            "ab".repeat(33),
            "a".repeat(60_000),
            "../../../canary/victim.txt".into(),
            format!("{}/x", "a".repeat(62)),
            format!("{}\0", "a".repeat(63)),
            "g".repeat(64),
        ] {
            assert!(Sha256Digest::parse(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn keys_are_ids_or_references() {
        assert!(matches!(
            SubmissionKey::parse("XM20261127-000042"),
            Ok(SubmissionKey::Reference(_))
        ));
        assert!(matches!(
            SubmissionKey::parse("5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31"),
            Ok(SubmissionKey::Id(_))
        ));
        // A reference as people type it is the same reference (issue #28).
        for typed in [
            "xm20261127-000042",
            " XM20261127000042 ",
            "ＸＭ20261127-000042",
        ] {
            assert_eq!(
                SubmissionKey::parse(typed).map(|k| k.as_str().to_string()),
                Ok("XM20261127-000042".to_string()),
                "{typed}"
            );
        }
        for bad in [
            "XM2026112-000042",
            "XM20261127-00004a",
            "YM20261127-000042",
            "",
        ] {
            assert!(SubmissionKey::parse(bad).is_err(), "{bad}");
        }
    }
}
