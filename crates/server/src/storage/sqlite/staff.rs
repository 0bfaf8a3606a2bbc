//! The SQLite implementation of [`StaffStore`].

use anyhow::Result;
use eport_domain::ids::SubmissionId;
use eport_domain::protocol::{CheckTick, Claim};
use eport_domain::review::CheckItem;
use eport_domain::staff_session::{AccessAction, AccessEntry, StaffActor, WorkAction, WorkEntry};
use rusqlite::{params, OptionalExtension};

use crate::storage::now;
use crate::storage::sqlite::db::Db;
use crate::storage::staff::{Account, Login, SessionRow, StaffStore};

fn account(r: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        who: StaffActor {
            login: r.get(0)?,
            name: r.get(1)?,
        },
        password_hash: r.get(2)?,
        disabled: r.get::<_, i64>(3)? != 0,
        created_at: r.get(4)?,
    })
}

/// Rows the work log keeps.
const WORK_LOG_ROWS: i64 = 100_000;

const ACCOUNT_COLUMNS: &str = "login, display_name, password_hash, disabled, created_at";

impl Db {
    /// Runs one `UPDATE` of an account and ends its sessions, atomically;
    /// `false` when no account has that login.
    fn change_account_and_end_sessions(
        &self,
        login: &Login,
        sql: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let n = tx.execute(sql, params)?;
        tx.execute(
            "UPDATE staff_sessions SET revoked = 1 WHERE login = ?1",
            [login.as_str()],
        )?;
        tx.commit()?;
        Ok(n == 1)
    }
}

impl StaffStore for Db {
    fn add_account(&self, login: &Login, name: &str, password_hash: &str) -> Result<bool> {
        let at = now().to_rfc3339();
        let n = self.conn().execute(
            "INSERT OR IGNORE INTO staff_accounts (login, display_name, password_hash, created_at, password_set_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![login.as_str(), name, password_hash, at],
        )?;
        Ok(n == 1)
    }

    fn accounts(&self) -> Result<Vec<Account>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM staff_accounts ORDER BY login"
        ))?;
        let rows = stmt.query_map([], account)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn account(&self, login: &Login) -> Result<Option<Account>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {ACCOUNT_COLUMNS} FROM staff_accounts WHERE login = ?1"),
                [login.as_str()],
                account,
            )
            .optional()?)
    }

    fn set_password(&self, login: &Login, password_hash: &str) -> Result<bool> {
        self.change_account_and_end_sessions(
            login,
            "UPDATE staff_accounts SET password_hash = ?2, password_set_at = ?3 WHERE login = ?1",
            params![login.as_str(), password_hash, now().to_rfc3339()],
        )
    }

    fn set_disabled(&self, login: &Login, disabled: bool) -> Result<bool> {
        self.change_account_and_end_sessions(
            login,
            "UPDATE staff_accounts SET disabled = ?2 WHERE login = ?1",
            params![login.as_str(), disabled as i64],
        )
    }

    fn open_session(&self, token_hash: &[u8], login: &Login, now: i64) -> Result<()> {
        self.conn().execute(
            "INSERT INTO staff_sessions (token_hash, login, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)",
            params![token_hash, login.as_str(), now],
        )?;
        Ok(())
    }

    fn session(&self, token_hash: &[u8]) -> Result<Option<SessionRow>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT a.login, a.display_name, s.created_at, s.last_seen_at, s.revoked, a.disabled
                 FROM staff_sessions s JOIN staff_accounts a ON a.login = s.login
                 WHERE s.token_hash = ?1",
                [token_hash],
                |r| {
                    Ok(SessionRow {
                        who: StaffActor {
                            login: r.get(0)?,
                            name: r.get(1)?,
                        },
                        created_at: r.get(2)?,
                        last_seen_at: r.get(3)?,
                        revoked: r.get::<_, i64>(4)? != 0,
                        account_disabled: r.get::<_, i64>(5)? != 0,
                    })
                },
            )
            .optional()?)
    }

    fn touch_session(&self, token_hash: &[u8], now: i64) -> Result<()> {
        self.conn().execute(
            "UPDATE staff_sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
            params![token_hash, now],
        )?;
        Ok(())
    }

    fn revoke_session(&self, token_hash: &[u8]) -> Result<()> {
        self.conn().execute(
            "UPDATE staff_sessions SET revoked = 1 WHERE token_hash = ?1",
            [token_hash],
        )?;
        Ok(())
    }

    fn prune_sessions(&self, before: i64) -> Result<usize> {
        Ok(self
            .conn()
            .execute("DELETE FROM staff_sessions WHERE created_at < ?1", [before])?)
    }

    fn record_access(
        &self,
        id: &SubmissionId,
        who: &StaffActor,
        action: AccessAction,
        target: &str,
    ) -> Result<()> {
        self.conn().execute(
            "INSERT INTO staff_access (submission_id, login, display_name, action, target, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id.as_str(),
                who.login,
                who.name,
                action.as_str(),
                target,
                now().to_rfc3339()
            ],
        )?;
        Ok(())
    }

    fn record_work(&self, who: &StaffActor, action: WorkAction, detail: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO staff_work (login, display_name, action, detail, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![who.login, who.name, action.as_str(), detail, now().to_rfc3339()],
        )?;
        // Bounded like the timeline: the newest rows are what an audit reads.
        self.conn().execute(
            "DELETE FROM staff_work WHERE seq <= (SELECT max(seq) FROM staff_work) - ?1",
            [WORK_LOG_ROWS],
        )?;
        Ok(())
    }

    fn work_log(&self, limit: u32) -> Result<Vec<WorkEntry>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT login, display_name, action, detail, at FROM staff_work ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok((
                StaffActor {
                    login: r.get(0)?,
                    name: r.get(1)?,
                },
                r.get::<_, String>(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (who, action, detail, at) = row?;
            // The table's CHECK admits only the actions this version names.
            if let Some(action) = WorkAction::parse(&action) {
                out.push(WorkEntry {
                    who,
                    action,
                    detail,
                    at,
                });
            }
        }
        Ok(out)
    }

    fn record_accesses(
        &self,
        ids: &[SubmissionId],
        who: &StaffActor,
        action: AccessAction,
        target: &str,
    ) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let at = now().to_rfc3339();
        {
            let mut stmt = tx.prepare(
                "INSERT INTO staff_access (submission_id, login, display_name, action, target, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for id in ids {
                stmt.execute(params![
                    id.as_str(),
                    who.login,
                    who.name,
                    action.as_str(),
                    target,
                    at
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn access_log(&self, id: &SubmissionId, limit: u32) -> Result<Vec<AccessEntry>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT at, login, display_name, action, target FROM staff_access
             WHERE submission_id = ?1 ORDER BY seq DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![id.as_str(), limit], |r| {
            let action: String = r.get(3)?;
            Ok(AccessEntry {
                at: r.get(0)?,
                who: StaffActor {
                    login: r.get(1)?,
                    name: r.get(2)?,
                },
                action: AccessAction::parse(&action).unwrap_or(AccessAction::View),
                target: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn checklist(&self, id: &SubmissionId) -> Result<Vec<CheckTick>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT item, login, display_name, at, carried_from FROM checklist
             WHERE submission_id = ?1 ORDER BY at, item",
        )?;
        let rows = stmt.query_map([id.as_str()], |r| {
            Ok(CheckTick {
                item: r.get(0)?,
                checked_by: StaffActor {
                    login: r.get(1)?,
                    name: r.get(2)?,
                },
                checked_at: r.get(3)?,
                carried_from: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn set_check(
        &self,
        id: &SubmissionId,
        item: CheckItem,
        checked: bool,
        who: &StaffActor,
    ) -> Result<std::result::Result<(), Option<Claim>>> {
        let item = item.to_string();
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        // Only the holder ticks, checked where the tick is written.
        match super::claim_of(&tx, id)? {
            Some(c) if c.holder.login == who.login => {}
            other => return Ok(Err(other)),
        }
        if checked {
            // A line already ticked keeps its first reviewer and time.
            tx.execute(
                "INSERT OR IGNORE INTO checklist (submission_id, item, login, display_name, at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id.as_str(), item, who.login, who.name, now().to_rfc3339()],
            )?;
        } else {
            tx.execute(
                "DELETE FROM checklist WHERE submission_id = ?1 AND item = ?2",
                params![id.as_str(), item],
            )?;
        }
        tx.commit()?;
        Ok(Ok(()))
    }
}
