//! What the store keeps about staff: accounts, sessions and the record of who
//! viewed or downloaded a submission's personal data. Part of [`Store`]
//! (a supertrait), so every backend keeps them too.
//!
//! [`Store`]: crate::storage::Store

use anyhow::Result;
use eport_domain::ids::SubmissionId;
use eport_domain::protocol::{CheckTick, Claim};
use eport_domain::review::CheckItem;
use eport_domain::staff_session::{AccessAction, AccessEntry, StaffActor, WorkAction, WorkEntry};

/// A staff login: 2–32 of `a-z 0-9 . _ -`, starting with a letter. It appears
/// in records and logs, so it can hold nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Login(String);

impl Login {
    pub fn parse(s: &str) -> Result<Login, String> {
        let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c);
        if !(2..=32).contains(&s.len()) {
            return Err("a login has 2 to 32 characters".into());
        }
        if !s.starts_with(|c: char| c.is_ascii_lowercase()) || !s.chars().all(ok_char) {
            return Err(
                "a login starts with a letter and has only a-z, 0-9, '.', '_' and '-'".into(),
            );
        }
        Ok(Login(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A display name: 1–64 characters, no control characters.
pub fn display_name(s: &str) -> Result<String, String> {
    let s = s.trim();
    let n = s.chars().count();
    if n == 0 || n > 64 || s.chars().any(char::is_control) {
        return Err("a display name has 1 to 64 characters and no control characters".into());
    }
    Ok(s.to_string())
}

#[derive(Debug, Clone)]
pub struct Account {
    pub who: StaffActor,
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: String,
}

/// A session as stored: times in Unix seconds.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub who: StaffActor,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub revoked: bool,
    /// The account was disabled after the session began.
    pub account_disabled: bool,
}

pub trait StaffStore {
    /// `false` when the login exists.
    fn add_account(&self, login: &Login, name: &str, password_hash: &str) -> Result<bool>;
    fn accounts(&self) -> Result<Vec<Account>>;
    fn account(&self, login: &Login) -> Result<Option<Account>>;
    /// Sets a new password and ends the account's sessions; `false` when unknown.
    fn set_password(&self, login: &Login, password_hash: &str) -> Result<bool>;
    /// Disables (or enables) an account and ends its sessions; `false` when unknown.
    fn set_disabled(&self, login: &Login, disabled: bool) -> Result<bool>;
    /// Keeps a new session under the SHA-256 of its token.
    fn open_session(&self, token_hash: &[u8], login: &Login, now: i64) -> Result<()>;
    fn session(&self, token_hash: &[u8]) -> Result<Option<SessionRow>>;
    fn touch_session(&self, token_hash: &[u8], now: i64) -> Result<()>;
    fn revoke_session(&self, token_hash: &[u8]) -> Result<()>;
    /// Deletes sessions begun before `before` (Unix seconds): they have expired.
    fn prune_sessions(&self, before: i64) -> Result<usize>;
    fn record_access(
        &self,
        id: &SubmissionId,
        who: &StaffActor,
        action: AccessAction,
        target: &str,
    ) -> Result<()>;
    /// Records one access of each of `ids`, in one transaction.
    fn record_accesses(
        &self,
        ids: &[SubmissionId],
        who: &StaffActor,
        action: AccessAction,
        target: &str,
    ) -> Result<()>;
    /// Records a request that acted on many submissions (the work log).
    fn record_work(&self, who: &StaffActor, action: WorkAction, detail: &str) -> Result<()>;
    /// The newest `limit` rows of the work log, newest first.
    fn work_log(&self, limit: u32) -> Result<Vec<WorkEntry>>;
    /// The newest `limit` accesses, newest first.
    fn access_log(&self, id: &SubmissionId, limit: u32) -> Result<Vec<AccessEntry>>;
    /// The submission's ticked checklist lines, in the order they were ticked.
    fn checklist(&self, id: &SubmissionId) -> Result<Vec<CheckTick>>;
    /// Ticks (by `who`, now) or unticks a line, if `who` holds the claim: in
    /// one transaction with that check; else the claim (`None`: nobody's).
    fn set_check(
        &self,
        id: &SubmissionId,
        item: CheckItem,
        checked: bool,
        who: &StaffActor,
    ) -> Result<std::result::Result<(), Option<Claim>>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_hold_only_what_a_log_line_can_carry() {
        assert!(Login::parse("wang.li").is_ok());
        assert!(Login::parse("a1").is_ok());
        for bad in [
            "",
            "a",
            "1abc",
            "Wang",
            "wang li",
            "wang\nli",
            "王",
            &"a".repeat(33),
        ] {
            assert!(Login::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(display_name(" 王审核 ").unwrap(), "王审核");
        assert!(display_name("").is_err());
        assert!(display_name("a\u{7}b").is_err());
        assert!(display_name(&"名".repeat(65)).is_err());
    }
}
