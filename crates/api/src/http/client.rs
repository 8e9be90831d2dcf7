//! What a request tells about its client: the address, for per-address
//! limits, and the user agent, for naming devices.
//!
//! `X-Forwarded-For` is believed only when the connection comes from a
//! configured trusted proxy, and then only up to the first address that is
//! not itself a trusted proxy (reading from the right), so a client cannot
//! choose its own address by sending the header.

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

/// Walks the forwarding chain from the right, skipping trusted proxies.
pub fn resolve<'a>(
    peer: IpAddr,
    forwarded: impl Iterator<Item = &'a str>,
    trusted: &[IpAddr],
) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let chain: Vec<IpAddr> = forwarded
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse::<IpAddr>().ok())
        .collect();
    let mut client = peer;
    for ip in chain.into_iter().rev() {
        client = ip;
        if !trusted.contains(&ip) {
            break;
        }
    }
    client
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
