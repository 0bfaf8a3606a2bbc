//! Where failed staff sign-ins are counted: in this process's memory
//! ([`SignInThrottle`], one machine on SQLite) or in PostgreSQL, where every
//! replica counts the same tries (`storage/postgres/sign_ins.rs`). Both follow
//! the rules in `throttle.rs`.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use anyhow::Result;

use super::throttle::SignInThrottle;
use crate::storage::postgres::Pg;

pub enum SignIns {
    Here(SignInThrottle),
    Shared(Pg),
}

impl SignIns {
    pub fn new(rows: Option<Pg>) -> SignIns {
        match rows {
            Some(pg) => SignIns::Shared(pg),
            None => SignIns::Here(SignInThrottle::default()),
        }
    }

    /// See [`SignInThrottle::begin`].
    pub async fn begin(
        &self,
        login: &str,
        addr: IpAddr,
        now: Instant,
    ) -> Result<Result<(), Duration>> {
        match self {
            SignIns::Here(t) => Ok(t.begin(login, addr, now)),
            SignIns::Shared(pg) => {
                let login = login.to_string();
                pg.blocking(move |pg| pg.sign_in_begin(&login, addr)).await
            }
        }
    }

    /// See [`SignInThrottle::failed`].
    pub async fn failed(
        &self,
        login: &str,
        addr: IpAddr,
        now: Instant,
        trusted: bool,
    ) -> Result<Duration> {
        match self {
            SignIns::Here(t) => Ok(t.failed(login, addr, now, trusted)),
            SignIns::Shared(pg) => {
                let login = login.to_string();
                pg.blocking(move |pg| pg.sign_in_failed(&login, addr, trusted))
                    .await
            }
        }
    }

    /// See [`SignInThrottle::not_tried`].
    pub async fn not_tried(&self, login: &str, addr: IpAddr) -> Result<()> {
        match self {
            SignIns::Here(t) => {
                t.not_tried(login, addr);
                Ok(())
            }
            SignIns::Shared(pg) => {
                let login = login.to_string();
                pg.blocking(move |pg| pg.sign_in_not_tried(&login, addr))
                    .await
            }
        }
    }

    /// See [`SignInThrottle::succeeded`].
    pub async fn succeeded(&self, login: &str, addr: IpAddr) -> Result<u32> {
        match self {
            SignIns::Here(t) => Ok(t.succeeded(login, addr)),
            SignIns::Shared(pg) => {
                let login = login.to_string();
                pg.blocking(move |pg| pg.sign_in_succeeded(&login, addr))
                    .await
            }
        }
    }
}
