//! The PostgreSQL implementation of [`StaffStore`]: accounts, sessions,
//! checklists and the access and work logs, shared by every replica.

use anyhow::Result;
use eport_domain::ids::SubmissionId;
use eport_domain::protocol::{CheckTick, Claim};
use eport_domain::review::CheckItem;
use eport_domain::staff_session::{AccessAction, AccessEntry, StaffActor, WorkAction, WorkEntry};
use postgres::types::ToSql;
use postgres::Row as PgRow;

use crate::storage::now;
use crate::storage::postgres::db::Pg;
use crate::storage::staff::{Account, Login, SessionRow, StaffStore};

/// Rows the work log keeps (as in SQLite).
const WORK_LOG_ROWS: i64 = 100_000;

const ACCOUNT_COLUMNS: &str = "login, display_name, password_hash, disabled, created_at";

fn account(r: &PgRow) -> Result<Account> {
    Ok(Account {
        who: StaffActor {
            login: r.try_get(0)?,
            name: r.try_get(1)?,
        },
        password_hash: r.try_get(2)?,
        disabled: r.try_get(3)?,
        created_at: r.try_get(4)?,
    })
}

impl Pg {
    /// One `UPDATE` of an account and the end of its sessions, atomically.
    fn change_account_and_end_sessions(
        &self,
        login: &Login,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<bool> {
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        let n = tx.execute(sql, params)?;
        tx.execute(
            "UPDATE staff_sessions SET revoked = TRUE WHERE login = $1",
            &[&login.as_str()],
        )?;
        tx.commit()?;
        Ok(n == 1)
    }
}

impl StaffStore for Pg {
    fn add_account(&self, login: &Login, name: &str, password_hash: &str) -> Result<bool> {
        let at = now().to_rfc3339();
        let n = self.client()?.execute(
            "INSERT INTO staff_accounts (login, display_name, password_hash, created_at, password_set_at)
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING",
            &[&login.as_str(), &name, &password_hash, &at],
        )?;
        Ok(n == 1)
    }

    fn accounts(&self) -> Result<Vec<Account>> {
        self.client()?
            .query(
                &format!("SELECT {ACCOUNT_COLUMNS} FROM staff_accounts ORDER BY login"),
                &[],
            )?
            .iter()
            .map(account)
            .collect()
    }

    fn account(&self, login: &Login) -> Result<Option<Account>> {
        self.client()?
            .query_opt(
                &format!("SELECT {ACCOUNT_COLUMNS} FROM staff_accounts WHERE login = $1"),
                &[&login.as_str()],
            )?
            .as_ref()
            .map(account)
            .transpose()
    }

    fn set_password(&self, login: &Login, password_hash: &str) -> Result<bool> {
        self.change_account_and_end_sessions(
            login,
            "UPDATE staff_accounts SET password_hash = $2, password_set_at = $3 WHERE login = $1",
            &[&login.as_str(), &password_hash, &now().to_rfc3339()],
        )
    }

    fn set_disabled(&self, login: &Login, disabled: bool) -> Result<bool> {
        self.change_account_and_end_sessions(
            login,
            "UPDATE staff_accounts SET disabled = $2 WHERE login = $1",
            &[&login.as_str(), &disabled],
        )
    }

    fn open_session(&self, token_hash: &[u8], login: &Login, now: i64) -> Result<()> {
        self.client()?.execute(
            "INSERT INTO staff_sessions (token_hash, login, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
            &[&token_hash, &login.as_str(), &now],
        )?;
        Ok(())
    }

    fn session(&self, token_hash: &[u8]) -> Result<Option<SessionRow>> {
        self.client()?
            .query_opt(
                "SELECT a.login, a.display_name, s.created_at, s.last_seen_at, s.revoked, a.disabled
                 FROM staff_sessions s JOIN staff_accounts a ON a.login = s.login
                 WHERE s.token_hash = $1",
                &[&token_hash],
            )?
            .map(|r| {
                Ok(SessionRow {
                    who: StaffActor {
                        login: r.try_get(0)?,
                        name: r.try_get(1)?,
                    },
                    created_at: r.try_get(2)?,
                    last_seen_at: r.try_get(3)?,
                    revoked: r.try_get(4)?,
                    account_disabled: r.try_get(5)?,
                })
            })
            .transpose()
    }

    fn touch_session(&self, token_hash: &[u8], now: i64) -> Result<()> {
        self.client()?.execute(
            "UPDATE staff_sessions SET last_seen_at = GREATEST(last_seen_at, $2) WHERE token_hash = $1",
            &[&token_hash, &now],
        )?;
        Ok(())
    }

    fn revoke_session(&self, token_hash: &[u8]) -> Result<()> {
        self.client()?.execute(
            "UPDATE staff_sessions SET revoked = TRUE WHERE token_hash = $1",
            &[&token_hash],
        )?;
        Ok(())
    }

    fn prune_sessions(&self, before: i64) -> Result<usize> {
        Ok(self.client()?.execute(
            "DELETE FROM staff_sessions WHERE created_at < $1",
            &[&before],
        )? as usize)
    }

    fn record_access(
        &self,
        id: &SubmissionId,
        who: &StaffActor,
        action: AccessAction,
        target: &str,
    ) -> Result<()> {
        self.record_accesses(std::slice::from_ref(id), who, action, target)
    }

    fn record_accesses(
        &self,
        ids: &[SubmissionId],
        who: &StaffActor,
        action: AccessAction,
        target: &str,
    ) -> Result<()> {
        let ids: Vec<&str> = ids.iter().map(SubmissionId::as_str).collect();
        self.client()?.execute(
            "INSERT INTO staff_access (submission_id, login, display_name, action, target, at)
             SELECT id, $2, $3, $4, $5, $6 FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n) ORDER BY n",
            &[&ids, &who.login, &who.name, &action.as_str(), &target, &now().to_rfc3339()],
        )?;
        Ok(())
    }

    fn record_work(&self, who: &StaffActor, action: WorkAction, detail: &str) -> Result<()> {
        let mut c = self.client()?;
        c.execute(
            "INSERT INTO staff_work (login, display_name, action, detail, at) VALUES ($1, $2, $3, $4, $5)",
            &[&who.login, &who.name, &action.as_str(), &detail, &now().to_rfc3339()],
        )?;
        c.execute(
            "DELETE FROM staff_work WHERE seq <= (SELECT max(seq) FROM staff_work) - $1",
            &[&WORK_LOG_ROWS],
        )?;
        Ok(())
    }

    fn work_log(&self, limit: u32) -> Result<Vec<WorkEntry>> {
        let rows = self.client()?.query(
            "SELECT login, display_name, action, detail, at FROM staff_work ORDER BY seq DESC LIMIT $1",
            &[&i64::from(limit)],
        )?;
        let mut out = Vec::new();
        for r in rows {
            // The table's CHECK admits only the actions this version names.
            if let Some(action) = WorkAction::parse(&r.try_get::<_, String>(2)?) {
                out.push(WorkEntry {
                    who: StaffActor {
                        login: r.try_get(0)?,
                        name: r.try_get(1)?,
                    },
                    action,
                    detail: r.try_get(3)?,
                    at: r.try_get(4)?,
                });
            }
        }
        Ok(out)
    }

    fn access_log(&self, id: &SubmissionId, limit: u32) -> Result<Vec<AccessEntry>> {
        self.client()?
            .query(
                "SELECT at, login, display_name, action, target FROM staff_access
                 WHERE submission_id = $1 ORDER BY seq DESC LIMIT $2",
                &[&id.as_str(), &i64::from(limit)],
            )?
            .iter()
            .map(|r| {
                Ok(AccessEntry {
                    at: r.try_get(0)?,
                    who: StaffActor {
                        login: r.try_get(1)?,
                        name: r.try_get(2)?,
                    },
                    action: AccessAction::parse(&r.try_get::<_, String>(3)?)
                        .unwrap_or(AccessAction::View),
                    target: r.try_get(4)?,
                })
            })
            .collect()
    }

    fn checklist(&self, id: &SubmissionId) -> Result<Vec<CheckTick>> {
        self.client()?
            .query(
                "SELECT item, login, display_name, at, carried_from FROM checklist
                 WHERE submission_id = $1 ORDER BY at, item",
                &[&id.as_str()],
            )?
            .iter()
            .map(|r| {
                Ok(CheckTick {
                    item: r.try_get(0)?,
                    checked_by: StaffActor {
                        login: r.try_get(1)?,
                        name: r.try_get(2)?,
                    },
                    checked_at: r.try_get(3)?,
                    carried_from: r.try_get(4)?,
                })
            })
            .collect()
    }

    fn set_check(
        &self,
        id: &SubmissionId,
        item: CheckItem,
        checked: bool,
        who: &StaffActor,
    ) -> Result<std::result::Result<(), Option<Claim>>> {
        let item = item.to_string();
        self.in_tx(|tx| {
            // Only the holder ticks, checked where the tick is written, with
            // the case locked against a release on another replica.
            super::lock(tx, id.as_str())?;
            match super::claim_of(tx, id)? {
                Some(c) if c.holder.login == who.login => {}
                other => return Ok(Err(other)),
            }
            if checked {
                tx.execute(
                    "INSERT INTO checklist (submission_id, item, login, display_name, at)
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                    &[
                        &id.as_str(),
                        &item,
                        &who.login,
                        &who.name,
                        &now().to_rfc3339(),
                    ],
                )?;
            } else {
                tx.execute(
                    "DELETE FROM checklist WHERE submission_id = $1 AND item = $2",
                    &[&id.as_str(), &item],
                )?;
            }
            Ok(Ok(()))
        })
    }
}
