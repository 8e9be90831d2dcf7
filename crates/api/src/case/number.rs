//! Case numbers and the key of a case's status link.
//!
//! A number is 40 bits from the operating system's CSPRNG written in
//! Crockford's base 32 (`akun_core::CaseNumber`): about a trillion
//! numbers, so one guessed at random names a case once in billions of
//! tries even with millions of cases, and numbers do not tell how many
//! cases there are. The `cases_number` UNIQUE index settles the rare
//! collision, and the insert draws again.
//!
//! The status link carries a key, `#key=` and 32 hex digits: the first 128
//! bits of HMAC-SHA256 of the number under a key derived from the server
//! secret with its own label (as `vault` derives its keys). Nothing stores
//! it; it is computed again to check one.

use akun_core::CaseNumber;
use akun_core::case::CASE_ALPHABET;
use hmac::{Hmac, Mac};
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::Sha256;

use crate::state::AppState;
use crate::tokens::hex;

/// The bits a case number holds.
const NUMBER_BITS: u32 = 40;

/// Fresh random bits for a case number.
pub fn random_bits() -> u64 {
    OsRng.next_u64() & ((1 << NUMBER_BITS) - 1)
}

/// The 40 bits a number was made from (the inverse of
/// `CaseNumber::from_bits`): the row key its sealed values are bound to.
pub fn bits(number: &CaseNumber) -> i64 {
    number
        .as_str()
        .bytes()
        .filter_map(|b| CASE_ALPHABET.iter().position(|&c| c == b))
        // The `PK` prefix: `P` and `K` are in the alphabet, so skip them.
        .skip(2)
        .fold(0i64, |acc, digit| (acc << 5) | digit as i64)
}

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The key of `number`'s status link under `secret`: 32 hex digits.
pub fn status_key(secret: &str, number: &CaseNumber) -> String {
    let key = hmac(secret.as_bytes(), b"akun/cases/status-key/v1");
    hex(&hmac(&key, number.as_str().as_bytes())[..16])
}

/// The status page of a case, with its key in the fragment (which no
/// server sees, so it stays out of CDN and proxy logs).
pub fn status_link(state: &AppState, number: &CaseNumber) -> String {
    format!(
        "{}/report/status/{number}#key={}",
        state.config.origin(),
        status_key(&state.config.secret_key, number)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_read_back_what_made_the_number() {
        for value in [0u64, 1, 31, 32, 0x12_3456_789A, (1 << 40) - 1] {
            let number = CaseNumber::from_bits(value);
            assert_eq!(bits(&number), value as i64, "{number}");
        }
        for _ in 0..100 {
            let value = random_bits();
            assert!(value < 1 << 40);
            assert_eq!(bits(&CaseNumber::from_bits(value)), value as i64);
        }
    }

    #[test]
    fn the_key_is_128_bits_keyed_by_the_secret_and_the_number() {
        let a = CaseNumber::from_bits(1);
        let b = CaseNumber::from_bits(2);
        let key = status_key("secret", &a);
        assert_eq!(key.len(), 32);
        assert!(key.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(key, status_key("secret", &a));
        assert_ne!(key, status_key("secret", &b));
        assert_ne!(key, status_key("another secret", &a));
    }
}
