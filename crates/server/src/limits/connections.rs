//! Who may hold one of the server's connections, shared fairly between
//! addresses and networks (/24 for IPv4, /64 for IPv6). A connection still
//! waiting for its first request head is cheap to cut, and a full server cuts
//! those first, from the network holding the most, so a few networks of
//! half-sent heads cannot shut everyone else out. The last slots are a
//! reserve, served only for the API's ping and uploads in progress.
//!
//! Sans-I/O: [`Table`] decides; the accept loop (`serve.rs`) closes what it evicts.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use tokio::sync::Notify;

use crate::limits::limiter::ClientKey;

/// The caps, from the command line.
#[derive(Debug, Clone, Copy)]
pub struct Shares {
    /// All connections together, the reserve included.
    pub total: usize,
    /// The last slots of `total`: only for ping and uploads in progress.
    pub reserve: usize,
    pub per_address: usize,
    pub per_network: usize,
}

/// Reserve slots one network may hold at once.
const RESERVE_PER_NETWORK: usize = 2;

/// A network: an IPv4 /24 or an IPv6 /64.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NetKey(u128);

impl NetKey {
    pub fn of(ip: IpAddr) -> NetKey {
        match ip.to_canonical() {
            IpAddr::V4(v4) => NetKey((u32::from(v4) >> 8) as u128),
            IpAddr::V6(v6) => NetKey(((u128::from(v6) >> 64) << 64) | 1),
        }
    }
}

/// What a connection is doing, as the table sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Phase {
    /// No request head has arrived yet: the first to be cut.
    Fresh = 0,
    /// A request is being answered: never cut.
    Busy = 1,
    /// Between requests of a keep-alive connection: cut after the fresh ones.
    Idle = 2,
    /// Cut by the table; the accept loop closes it.
    Evicted = 3,
}

impl Phase {
    fn from_u8(v: u8) -> Phase {
        match v {
            0 => Phase::Fresh,
            1 => Phase::Busy,
            2 => Phase::Idle,
            _ => Phase::Evicted,
        }
    }
}

/// One connection's phase, shared by the table and the connection's task.
#[derive(Debug, Default)]
pub struct Conn {
    phase: AtomicU8,
    evicted: Notify,
}

impl Conn {
    pub fn phase(&self) -> Phase {
        Phase::from_u8(self.phase.load(Ordering::Acquire))
    }

    /// A request head arrived: Fresh or Idle → Busy. False once evicted (answer 503).
    pub fn begin_request(&self) -> bool {
        let mut now = self.phase.load(Ordering::Acquire);
        loop {
            if Phase::from_u8(now) == Phase::Evicted {
                return false;
            }
            match self.phase.compare_exchange(
                now,
                Phase::Busy as u8,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return true,
                Err(seen) => now = seen,
            }
        }
    }

    /// The answer was sent (or dropped): Busy → Idle.
    pub fn end_request(&self) {
        let _ = self.phase.compare_exchange(
            Phase::Busy as u8,
            Phase::Idle as u8,
            Ordering::AcqRel,
            Ordering::Acquire,
        );
    }

    /// Fresh or Idle → Evicted, and wakes the task; false when it became busy meanwhile.
    fn evict(&self) -> bool {
        for from in [Phase::Fresh, Phase::Idle] {
            if self
                .phase
                .compare_exchange(
                    from as u8,
                    Phase::Evicted as u8,
                    Ordering::AcqRel,
                    Ordering::Acquire,
                )
                .is_ok()
            {
                self.evicted.notify_one();
                return true;
            }
        }
        false
    }

    /// Resolves once the table cut this connection.
    pub async fn evicted(&self) {
        self.evicted.notified().await
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    Normal,
    /// Serve only ping and uploads in progress.
    Reserve,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Address,
    Network,
    Full,
}

struct Entry {
    /// None for a trusted proxy, which carries many clients and counts only overall.
    who: Option<(ClientKey, NetKey)>,
    pool: Pool,
    conn: Arc<Conn>,
}

/// An admitted connection; give it back with [`Table::release`].
#[derive(Debug)]
pub struct Ticket {
    pub id: u64,
    pub pool: Pool,
    pub conn: Arc<Conn>,
}

#[derive(Default)]
pub struct Table {
    entries: HashMap<u64, Entry>,
    per_address: HashMap<ClientKey, usize>,
    per_network: HashMap<NetKey, usize>,
    /// Reserve connections per network.
    reserve_per_network: HashMap<NetKey, usize>,
    normal: usize,
    reserve: usize,
    next_id: u64,
}

impl Table {
    pub fn open(&self) -> usize {
        self.normal + self.reserve
    }

    /// Admits a connection from `ip` (`trusted`: a proxy), cutting a cheaper
    /// one of a bigger network when the server is full.
    pub fn admit(&mut self, shares: &Shares, ip: IpAddr, trusted: bool) -> Result<Ticket, Refusal> {
        let who = (!trusted).then(|| (ClientKey::of(ip), NetKey::of(ip)));
        let (mine, network) = match who {
            Some((addr, net)) => {
                if self.per_address.get(&addr).copied().unwrap_or(0) >= shares.per_address {
                    return Err(Refusal::Address);
                }
                let n = self.per_network.get(&net).copied().unwrap_or(0);
                if n >= shares.per_network {
                    return Err(Refusal::Network);
                }
                (n, Some(net))
            }
            None => (0, None),
        };
        let normal_cap = shares.total.saturating_sub(shares.reserve);
        let pool = if self.normal < normal_cap
            || (network.is_some() && self.cut(Pool::Normal, mine))
        {
            Pool::Normal
        } else if let Some(net) = network.filter(|net| {
            self.reserve_per_network.get(net).copied().unwrap_or(0) < RESERVE_PER_NETWORK
        }) {
            if self.reserve < shares.reserve.min(shares.total) || self.cut(Pool::Reserve, mine) {
                *self.reserve_per_network.entry(net).or_insert(0) += 1;
                Pool::Reserve
            } else {
                return Err(Refusal::Full);
            }
        } else {
            return Err(Refusal::Full);
        };
        match pool {
            Pool::Normal => self.normal += 1,
            Pool::Reserve => self.reserve += 1,
        }
        if let Some((addr, net)) = who {
            *self.per_address.entry(addr).or_insert(0) += 1;
            *self.per_network.entry(net).or_insert(0) += 1;
        }
        self.next_id += 1;
        let conn = Arc::new(Conn::default());
        self.entries.insert(
            self.next_id,
            Entry {
                who,
                pool,
                conn: conn.clone(),
            },
        );
        Ok(Ticket {
            id: self.next_id,
            pool,
            conn,
        })
    }

    /// Cuts one connection of `pool` for a newcomer whose network holds `mine`:
    /// a fresh one before an idle one, from the network holding the most, the
    /// oldest first, and only from a network holding at least two more.
    fn cut(&mut self, pool: Pool, mine: usize) -> bool {
        let mut candidates: Vec<(u8, std::cmp::Reverse<usize>, u64)> = self
            .entries
            .iter()
            .filter(|(_, e)| e.pool == pool)
            .filter_map(|(id, e)| {
                let (_, net) = e.who?;
                let held = self.per_network.get(&net).copied().unwrap_or(0);
                let tier = match e.conn.phase() {
                    Phase::Fresh => 0,
                    Phase::Idle => 1,
                    Phase::Busy | Phase::Evicted => return None,
                };
                (held > mine + 1).then_some((tier, std::cmp::Reverse(held), *id))
            })
            .collect();
        candidates.sort_unstable();
        for (_, _, id) in candidates {
            let evicted = self.entries.get(&id).is_some_and(|e| e.conn.evict());
            if evicted {
                tracing::debug!(pool = ?pool, "connection cut for a newcomer");
                self.release(id);
                return true;
            }
        }
        false
    }

    /// Gives a connection's place back (idempotent: a cut one was given back already).
    pub fn release(&mut self, id: u64) {
        let Some(e) = self.entries.remove(&id) else {
            return;
        };
        match e.pool {
            Pool::Normal => self.normal -= 1,
            Pool::Reserve => self.reserve -= 1,
        }
        if let Some((addr, net)) = e.who {
            decrement(&mut self.per_address, addr);
            decrement(&mut self.per_network, net);
            if e.pool == Pool::Reserve {
                decrement(&mut self.reserve_per_network, net);
            }
        }
    }
}

fn decrement<K: std::hash::Hash + Eq>(map: &mut HashMap<K, usize>, key: K) {
    if let Some(n) = map.get_mut(&key) {
        *n -= 1;
        if *n == 0 {
            map.remove(&key);
        }
    }
}

/// The requests a reserve connection is served: the ping, and an upload's
/// offset and chunks (`/api/v1/submissions/{id}/attachments/{sha256}`).
pub fn reserve_serves(method: &axum::http::Method, path: &str) -> bool {
    use axum::http::Method;
    if path == "/api/v1/ping" {
        return *method == Method::GET || *method == Method::HEAD;
    }
    let upload = path
        .strip_prefix("/api/v1/submissions/")
        .map(|rest| rest.split('/').collect::<Vec<_>>())
        .is_some_and(|parts| parts.len() == 3 && parts[1] == "attachments");
    upload && (*method == Method::HEAD || *method == Method::PATCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHARES: Shares = Shares {
        total: 10,
        reserve: 2,
        per_address: 4,
        per_network: 6,
    };

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn addresses_and_networks_have_their_caps() {
        let mut t = Table::default();
        for _ in 0..4 {
            t.admit(&SHARES, ip("10.0.0.1"), false).unwrap();
        }
        assert_eq!(
            t.admit(&SHARES, ip("10.0.0.1"), false).unwrap_err(),
            Refusal::Address
        );
        t.admit(&SHARES, ip("10.0.0.2"), false).unwrap();
        t.admit(&SHARES, ip("10.0.0.3"), false).unwrap();
        assert_eq!(
            t.admit(&SHARES, ip("10.0.0.4"), false).unwrap_err(),
            Refusal::Network,
            "the /24 holds six"
        );
        // An IPv6 /64 is one network, whatever its interface ids.
        let mut t = Table::default();
        for i in 0..4 {
            t.admit(&SHARES, ip(&format!("2001:db8::{i}:1")), false)
                .unwrap();
        }
        assert_eq!(
            t.admit(&SHARES, ip("2001:db8::ff:1"), false).unwrap_err(),
            Refusal::Address,
            "one /64 is one address too"
        );
    }

    #[test]
    fn a_full_server_cuts_a_fresh_connection_of_the_biggest_network() {
        let mut t = Table::default();
        let big: Vec<_> = (1..=4)
            .map(|i| t.admit(&SHARES, ip(&format!("10.0.1.{i}")), false).unwrap())
            .collect();
        let mid: Vec<_> = (1..=3)
            .map(|i| t.admit(&SHARES, ip(&format!("10.0.2.{i}")), false).unwrap())
            .collect();
        let busy = t.admit(&SHARES, ip("10.0.3.1"), false).unwrap();
        assert!(busy.conn.begin_request());
        assert_eq!(t.normal, 8, "the normal pool is full");
        // The biggest network's first (oldest) fresh connection goes.
        let newcomer = t.admit(&SHARES, ip("10.0.9.1"), false).unwrap();
        assert_eq!(newcomer.pool, Pool::Normal);
        assert_eq!(big[0].conn.phase(), Phase::Evicted);
        assert!(
            !big[0].conn.begin_request(),
            "a cut connection serves nothing"
        );
        assert_eq!(t.normal, 8);
        assert!(mid.iter().all(|c| c.conn.phase() == Phase::Fresh));
        // A busy connection is never cut; an idle one only after the fresh.
        for c in &big[1..] {
            assert!(c.conn.begin_request());
            c.conn.end_request();
        }
        t.admit(&SHARES, ip("10.0.9.2"), false).unwrap();
        assert_eq!(
            big[1].conn.phase(),
            Phase::Idle,
            "{:?}",
            big[1].conn.phase()
        );
        assert_eq!(mid[0].conn.phase(), Phase::Evicted, "fresh before idle");
        assert_eq!(busy.conn.phase(), Phase::Busy);
        // Releasing a cut connection again changes nothing.
        t.release(big[0].id);
        assert_eq!(t.open(), 8);
    }

    #[test]
    fn networks_of_equal_share_do_not_cut_each_other() {
        let mut t = Table::default();
        for n in 1..=4 {
            for h in 1..=2 {
                t.admit(&SHARES, ip(&format!("10.0.{n}.{h}")), false)
                    .unwrap();
            }
        }
        // Every network holds 2; a third from one of them would hold 3 and cut
        // a network left with 1: refused instead (the reserve is not for it).
        let got = t.admit(&SHARES, ip("10.0.1.3"), false).unwrap();
        assert_eq!(got.pool, Pool::Reserve, "no fair cut: the reserve");
        assert!(t.entries.values().all(|e| e.conn.phase() == Phase::Fresh));
    }

    #[test]
    fn the_reserve_takes_two_per_network_and_fills() {
        let shares = Shares {
            total: 4,
            reserve: 2,
            per_address: 4,
            per_network: 4,
        };
        let mut t = Table::default();
        for _ in 0..2 {
            let c = t.admit(&shares, ip("10.0.1.1"), false).unwrap();
            assert!(c.conn.begin_request(), "busy: never cut");
        }
        assert_eq!(
            t.admit(&shares, ip("10.0.2.1"), false).unwrap().pool,
            Pool::Reserve
        );
        assert_eq!(
            t.admit(&shares, ip("10.0.2.1"), false).unwrap().pool,
            Pool::Reserve
        );
        assert_eq!(
            t.admit(&shares, ip("10.0.2.1"), false).unwrap_err(),
            Refusal::Full,
            "two reserve slots per network"
        );
        // Another network cuts a fresh reserve connection of the one holding two.
        assert_eq!(
            t.admit(&shares, ip("10.0.3.1"), false).unwrap().pool,
            Pool::Reserve
        );
        assert_eq!(t.open(), 4);
    }

    #[test]
    fn a_trusted_proxy_counts_only_overall() {
        let mut t = Table::default();
        for _ in 0..8 {
            t.admit(&SHARES, ip("10.9.9.9"), true).unwrap();
        }
        assert_eq!(
            t.admit(&SHARES, ip("10.9.9.9"), true).unwrap_err(),
            Refusal::Full
        );
        // Nobody cuts a proxy's connections: they are many clients.
        assert_eq!(
            t.admit(&SHARES, ip("10.0.5.1"), false).unwrap().pool,
            Pool::Reserve
        );
    }

    #[test]
    fn the_reserve_serves_ping_and_uploads_only() {
        use axum::http::Method;
        assert!(reserve_serves(&Method::GET, "/api/v1/ping"));
        assert!(reserve_serves(
            &Method::PATCH,
            "/api/v1/submissions/abc/attachments/0123"
        ));
        assert!(reserve_serves(
            &Method::HEAD,
            "/api/v1/submissions/abc/attachments/0123"
        ));
        assert!(!reserve_serves(&Method::PUT, "/api/v1/submissions/abc"));
        assert!(!reserve_serves(&Method::GET, "/"));
        assert!(!reserve_serves(&Method::POST, "/api/v1/staff/session"));
        assert!(!reserve_serves(
            &Method::PATCH,
            "/api/v1/submissions/abc/attachments/0123/x"
        ));
    }
}
