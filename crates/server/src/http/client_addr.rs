//! Who the client is: the TCP peer, or, when the peer is a configured trusted
//! proxy, the nearest untrusted address in `X-Forwarded-For`. A header from
//! any other peer is ignored, so a client cannot pick its own rate-limit bucket.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The client address of a request, set by the limits middleware for handlers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

/// The network an address belongs to, as fairness and the burst sign count
/// it: its IPv4 /24 or IPv6 /64, e.g. `203.0.113.0/24`.
pub fn network_of(ip: IpAddr) -> IpNet {
    let ip = ip.to_canonical();
    let prefix = if ip.is_ipv4() { 24 } else { 64 };
    IpNet::new(ip, prefix).map_or(IpNet::from(ip), |n| n.trunc())
}

impl TrustedProxies {
    pub fn new(nets: Vec<IpNet>) -> TrustedProxies {
        TrustedProxies(nets)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// The client behind `peer`: walking `X-Forwarded-For` from the right (the
    /// hop nearest us), the first address that is not a trusted proxy.
    pub fn client(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.ip().to_canonical();
        if !self.contains(peer) {
            return peer;
        }
        let hops: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .map(|h| h.parse::<IpAddr>().ok())
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default();
        hops.into_iter()
            .rev()
            .map(|ip| ip.to_canonical())
            .find(|ip| !self.contains(*ip))
            .unwrap_or(peer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let t = TrustedProxies::new(vec!["10.0.0.0/8".parse().unwrap()]);
        let proxy: SocketAddr = "10.1.2.3:5000".parse().unwrap();
        let stranger: SocketAddr = "203.0.113.9:5000".parse().unwrap();
        let h = xff("198.51.100.7");
        assert_eq!(
            t.client(proxy, &h),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            t.client(stranger, &h),
            stranger.ip(),
            "spoofed from an untrusted peer"
        );
        assert_eq!(t.client(proxy, &HeaderMap::new()), proxy.ip());
    }

    #[test]
    fn the_nearest_untrusted_hop_is_the_client() {
        let t = TrustedProxies::new(vec!["10.0.0.0/8".parse().unwrap()]);
        let proxy: SocketAddr = "10.0.0.1:1".parse().unwrap();
        // The client put a fake address first; our proxies appended the real one.
        let h = xff("1.2.3.4, 198.51.100.7, 10.0.0.5");
        assert_eq!(
            t.client(proxy, &h),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        // Garbage in the header: fall back to the proxy itself.
        assert_eq!(t.client(proxy, &xff("nonsense, 1.2.3.4")), proxy.ip());
    }

    #[test]
    fn networks_are_slash_24_and_slash_64() {
        let n = |s: &str| network_of(s.parse().unwrap()).to_string();
        assert_eq!(n("203.0.113.77"), "203.0.113.0/24");
        assert_eq!(n("::ffff:203.0.113.77"), "203.0.113.0/24");
        assert_eq!(n("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
    }

    #[test]
    fn mapped_v4_peers_match_v4_networks() {
        let t = TrustedProxies::new(vec!["127.0.0.0/8".parse().unwrap()]);
        let peer: SocketAddr = "[::ffff:127.0.0.1]:9".parse().unwrap();
        assert!(t.contains(peer.ip()));
    }
}
