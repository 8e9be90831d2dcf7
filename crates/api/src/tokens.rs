//! One-time tokens for links, and keyed hashes for look-ups that must not
//! keep personal data in clear.

use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

/// A fresh token: 32 bytes from the operating system's CSPRNG, as 64 hex
/// characters. Returns the token (sent once, never stored) and its hash
/// (stored).
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = hex(&bytes);
    let hash = hash_token(&token);
    (token, hash)
}

/// The stored form of a token.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Whether a string could be one of our tokens at all; anything else is
/// refused before touching the database.
pub fn looks_like_token(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// A hash keyed with the server secret, for rate-limit keys built from
/// emails and other personal data.
pub fn keyed(secret: &str, purpose: &str, value: &str) -> String {
    let mut h = Sha256::new();
    h.update(secret.as_bytes());
    h.update([0]);
    h.update(purpose.as_bytes());
    h.update([0]);
    h.update(value.as_bytes());
    hex(&h.finalize()[..16])
}

/// Compares two hashes without an early exit, so the time taken does not
/// say how much of a guess was right.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_well_formed_and_stored_only_as_hashes() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert!(looks_like_token(&a));
        assert_eq!(ha, hash_token(&a));
        assert_ne!(ha, a);
    }

    #[test]
    fn malformed_tokens_are_recognised() {
        assert!(!looks_like_token(""));
        assert!(!looks_like_token(&"g".repeat(64)));
        assert!(!looks_like_token(&"A".repeat(64)));
        assert!(!looks_like_token(&"a".repeat(63)));
    }

    #[test]
    fn keyed_hashes_depend_on_the_secret_and_purpose() {
        assert_ne!(keyed("s1", "p", "x@y.z"), keyed("s2", "p", "x@y.z"));
        assert_ne!(keyed("s1", "p", "x@y.z"), keyed("s1", "q", "x@y.z"));
        assert_eq!(keyed("s1", "p", "x@y.z").len(), 32);
    }
}
