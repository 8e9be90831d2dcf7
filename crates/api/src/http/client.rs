//! What a request tells about its client: the address, for per-address
//! limits, and the user agent, for naming devices.
//!
//! `X-Forwarded-For` is believed only when the connection comes from a
//! configured trusted proxy, and then only up to the first address that is
//! not itself a trusted proxy (reading from the right), so a client cannot
//! choose its own address by sending the header. An entry that is not an
//! address (`unknown`, an obfuscated name, garbage) ends the walk: the
//! hop that wrote it did not say who connected to it, and everything
//! further left came through that unknown hop, so none of it is believed.
//! The address used is then the last trusted proxy's, the most
//! conservative choice: everyone behind that hop shares one counter,
//! rather than anyone being able to pick a fresh one.
//!
//! Per-client limits then count an IPv6 address by its /64
//! (`limits::client_subject`).

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;

use crate::error::Error;
use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or_else(|| {
                Error::Internal(anyhow::anyhow!("no peer address: serve with connect info"))
            })?;
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok());
        Ok(ClientIp(resolve(
            peer,
            forwarded,
            &state.config.trusted_proxies,
        )))
    }
}

/// The `User-Agent` header as sent, or empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAgent(pub String);

impl<S: Send + Sync> FromRequestParts<S> for UserAgent {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        let value = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Ok(UserAgent(value.to_owned()))
    }
}

/// Walks the forwarding chain from the right, skipping trusted proxies,
/// and stops at the first untrusted address, or at the first entry that is
/// not an address, keeping the trusted proxy that wrote it.
pub fn resolve<'a>(
    peer: IpAddr,
    forwarded: impl Iterator<Item = &'a str>,
    trusted: &[IpAddr],
) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    // Several headers are one list, in order (RFC 9110, 5.3).
    let chain: Vec<&str> = forwarded.flat_map(|v| v.split(',')).collect();
    let mut client = peer;
    for entry in chain.into_iter().rev() {
        let Some(ip) = forwarded_address(entry) else {
            break;
        };
        client = ip;
        if !trusted.contains(&ip) {
            break;
        }
    }
    client
}

/// One `X-Forwarded-For` entry as an address: `203.0.113.9`, `2001:db8::1`,
/// or the same with a port (`203.0.113.9:4711`, `[2001:db8::1]:4711`), as
/// some load balancers write it. Anything else is `None`.
fn forwarded_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|a| a.ip()))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_forged_header_from_an_untrusted_peer_changes_nothing() {
        let got = resolve(
            ip("203.0.113.9"),
            ["1.2.3.4"].into_iter(),
            &[ip("10.0.0.1")],
        );
        assert_eq!(got, ip("203.0.113.9"));
    }

    #[test]
    fn a_trusted_proxy_reveals_the_client_but_not_what_the_client_forged() {
        // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended
        // the real address.
        let got = resolve(
            ip("10.0.0.1"),
            ["1.2.3.4, 198.51.100.7"].into_iter(),
            &[ip("10.0.0.1")],
        );
        assert_eq!(got, ip("198.51.100.7"));
    }

    #[test]
    fn an_entry_that_is_not_an_address_ends_the_walk_at_the_proxy_that_wrote_it() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        // 10.0.0.2 wrote "unknown" for its client: what is left of it came
        // through a hop no one knows, so 1.2.3.4 is not believed either.
        for garbage in ["unknown", "", "_hidden", "1.2.3", "not an address"] {
            let header = format!("1.2.3.4, {garbage}, 10.0.0.2");
            let got = resolve(ip("10.0.0.1"), [header.as_str()].into_iter(), &trusted);
            assert_eq!(got, ip("10.0.0.2"), "{garbage:?}");
        }
        // Written by the peer itself: the peer is all that is known.
        let got = resolve(ip("10.0.0.1"), ["1.2.3.4, unknown"].into_iter(), &trusted);
        assert_eq!(got, ip("10.0.0.1"));
        // The same across two headers.
        let got = resolve(ip("10.0.0.1"), ["1.2.3.4", "unknown"].into_iter(), &trusted);
        assert_eq!(got, ip("10.0.0.1"));
    }

    #[test]
    fn an_address_with_a_port_is_still_an_address() {
        let trusted = [ip("10.0.0.1")];
        let got = resolve(ip("10.0.0.1"), ["198.51.100.7:4711"].into_iter(), &trusted);
        assert_eq!(got, ip("198.51.100.7"));
        let got = resolve(ip("10.0.0.1"), ["[2001:db8::7]:4711"].into_iter(), &trusted);
        assert_eq!(got, ip("2001:db8::7"));
    }

    #[test]
    fn chains_of_trusted_proxies_are_skipped() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        let got = resolve(
            ip("10.0.0.1"),
            ["198.51.100.7", "10.0.0.2"].into_iter(),
            &trusted,
        );
        assert_eq!(got, ip("198.51.100.7"));
    }
}
