//! Staff sign-in tries in PostgreSQL, so that every replica counts the same
//! failures: the rules of `staff_auth/throttle.rs` (an address locked after
//! [`FAILURES_ALLOWED`] failures within [`WINDOW`], an account only slowed,
//! not at all for a trusted device), each step one transaction.

use std::net::IpAddr;
use std::time::Duration;

use anyhow::Result;

use crate::staff_auth::throttle::{delay_for, FAILURES_ALLOWED, WINDOW};
use crate::storage::postgres::db::Pg;

/// Advisory lock class of an address's tries (two-key space).
const ADDRESS_LOCK: i32 = 5;

fn keys(login: &str, addr: IpAddr) -> [String; 2] {
    [format!("l:{login}"), format!("a:{addr}")]
}

const IN_WINDOW: &str = "at > now() - make_interval(secs => $2)";

impl Pg {
    /// See `SignInThrottle::begin`.
    pub fn sign_in_begin(
        &self,
        login: &str,
        addr: IpAddr,
    ) -> Result<std::result::Result<(), Duration>> {
        let [l, a] = keys(login, addr);
        let window = WINDOW.as_secs_f64();
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        // Parallel tries from one address are counted one after another.
        tx.execute(
            "SELECT pg_advisory_xact_lock($1, hashtext($2))",
            &[&ADDRESS_LOCK, &a],
        )?;
        tx.execute(
            "DELETE FROM sign_in_tries WHERE at < now() - make_interval(secs => $1)",
            &[&window],
        )?;
        // The FAILURES_ALLOWED-th newest try: the address waits until it ages out.
        let nth = tx.query_opt(
            &format!(
                "SELECT EXTRACT(EPOCH FROM (at + make_interval(secs => $2) - now()))::float8
                 FROM sign_in_tries WHERE key = $1 AND {IN_WINDOW}
                 ORDER BY at DESC, seq DESC OFFSET $3 LIMIT 1"
            ),
            &[&a, &window, &(FAILURES_ALLOWED as i64 - 1)],
        )?;
        if let Some(r) = nth {
            let wait = Duration::from_secs_f64(r.get::<_, f64>(0).max(0.0));
            return Ok(Err(wait.max(Duration::from_secs(1))));
        }
        tx.execute(
            "INSERT INTO sign_in_tries (key) VALUES ($1), ($2)",
            &[&l, &a],
        )?;
        tx.commit()?;
        Ok(Ok(()))
    }

    /// See `SignInThrottle::failed`.
    pub fn sign_in_failed(&self, login: &str, addr: IpAddr, trusted: bool) -> Result<Duration> {
        let [l, a] = keys(login, addr);
        let mut c = self.client()?;
        c.execute(
            "INSERT INTO sign_in_failures_since (login, failed) VALUES ($1, 1)
             ON CONFLICT (login) DO UPDATE SET failed = sign_in_failures_since.failed + 1",
            &[&login],
        )?;
        let counted: Vec<&String> = if trusted { vec![&a] } else { vec![&l, &a] };
        let mut most = 0i64;
        for key in counted {
            let n: i64 = c
                .query_one(
                    &format!("SELECT COUNT(*) FROM sign_in_tries WHERE key = $1 AND {IN_WINDOW}"),
                    &[key, &WINDOW.as_secs_f64()],
                )?
                .get(0);
            most = most.max(n);
        }
        Ok(delay_for(usize::try_from(most).unwrap_or(usize::MAX)))
    }

    /// See `SignInThrottle::not_tried`: the newest count of each is taken back.
    pub fn sign_in_not_tried(&self, login: &str, addr: IpAddr) -> Result<()> {
        let mut c = self.client()?;
        for key in keys(login, addr) {
            c.execute(
                "DELETE FROM sign_in_tries WHERE seq = (SELECT MAX(seq) FROM sign_in_tries WHERE key = $1)",
                &[&key],
            )?;
        }
        Ok(())
    }

    /// See `SignInThrottle::succeeded`.
    pub fn sign_in_succeeded(&self, login: &str, addr: IpAddr) -> Result<u32> {
        let [l, a] = keys(login, addr);
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        tx.execute("DELETE FROM sign_in_tries WHERE key = $1", &[&l])?;
        tx.execute(
            "DELETE FROM sign_in_tries WHERE seq = (SELECT MAX(seq) FROM sign_in_tries WHERE key = $1)",
            &[&a],
        )?;
        let since = tx
            .query_opt(
                "DELETE FROM sign_in_failures_since WHERE login = $1 RETURNING failed",
                &[&login],
            )?
            .map_or(0, |r| r.get::<_, i64>(0));
        tx.commit()?;
        Ok(u32::try_from(since).unwrap_or(u32::MAX))
    }
}
