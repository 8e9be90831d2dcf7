//! Personal data at rest: identity numbers, and what a forgot-password
//! request names until the worker has looked it up.
//!
//! NIK and KK numbers are protected personal data (UU PDP 27/2022). They
//! are stored sealed with XChaCha20-Poly1305: a fresh random 192-bit nonce
//! per value (large enough that random nonces never repeat in practice),
//! kept in front of the ciphertext, and the row (the account's id, or the
//! reset request's) and the field's name as associated data, so a sealed
//! value copied into another row or column does not open. A forgot-password
//! request's email, number or NIK hash and date of birth are sealed the
//! same way until the worker clears them, and so are a Report Form case's
//! name, NIK, date of birth and description, bound to the case's number.
//! Look-ups and uniqueness use a keyed hash (HMAC-SHA256) instead, because
//! equal plaintexts must give equal values there.
//!
//! Both keys are derived from the server secret with HMAC-SHA256 and a
//! label each, so the secret itself never touches a cipher and the two
//! uses never share a key. Stored values carry a version prefix (`v1:`)
//! for a later key rotation.

use anyhow::{Context, anyhow, bail};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::tokens::hex;

type HmacSha256 = Hmac<Sha256>;

const VERSION: &str = "v1:";
const NONCE_LEN: usize = 24;

/// The identity keys. `Debug` shows nothing of them.
#[derive(Clone)]
pub struct Vault {
    cipher: XChaCha20Poly1305,
    lookup_key: [u8; 32],
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(***)")
    }
}

/// HMAC-SHA256 of `message` under `key`.
fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Which field a value is; part of what a sealed value is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// An identity's NIK, in its account's row.
    Nik,
    /// An identity's KK number, in its account's row.
    Kk,
    /// What a forgot-password request looks up (an email address, an E.164
    /// number or a NIK's keyed hash), in the request's row.
    ResetLookup,
    /// A forgot-password request's date of birth, in the request's row.
    ResetDateOfBirth,
    /// A Report Form case's name, NIK, date of birth and description,
    /// bound to the case's number (its 40 bits, see `case::number`).
    CaseName,
    CaseNik,
    CaseDateOfBirth,
    CaseDescription,
}

impl Field {
    fn label(self) -> &'static str {
        match self {
            Field::Nik => "nik",
            Field::Kk => "kk",
            Field::ResetLookup => "reset-lookup",
            Field::ResetDateOfBirth => "reset-date-of-birth",
            Field::CaseName => "case-name",
            Field::CaseNik => "case-nik",
            Field::CaseDateOfBirth => "case-date-of-birth",
            Field::CaseDescription => "case-description",
        }
    }
}

impl Vault {
    pub fn new(secret_key: &str) -> Vault {
        let encryption = hmac(secret_key.as_bytes(), b"akun/identity/encryption/v1");
        let lookup_key = hmac(secret_key.as_bytes(), b"akun/identity/lookup/v1");
        Vault {
            cipher: XChaCha20Poly1305::new(&encryption.into()),
            lookup_key,
        }
    }

    fn associated_data(field: Field, row: i64) -> String {
        format!("akun/{}/{row}", field.label())
    }

    /// `v1:` and the hex of nonce and ciphertext (with its tag), bound to
    /// `field` of the row whose id is `row`.
    pub fn seal(&self, field: Field, row: i64, plaintext: &str) -> anyhow::Result<String> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = Self::associated_data(field, row);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| anyhow!("sealing an identity value"))?;
        let mut bytes = Vec::with_capacity(NONCE_LEN + sealed.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        Ok(format!("{VERSION}{}", hex(&bytes)))
    }

    /// The plaintext of a value [`Vault::seal`] made for the same field and
    /// row; an error for anything else (another key, row or column, or a
    /// changed byte).
    pub fn open(&self, field: Field, row: i64, stored: &str) -> anyhow::Result<String> {
        let Some(body) = stored.strip_prefix(VERSION) else {
            bail!("unknown sealed-value version");
        };
        let bytes = unhex(body).context("sealed value is not hex")?;
        if bytes.len() < NONCE_LEN + 16 {
            bail!("sealed value too short");
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let aad = Self::associated_data(field, row);
        let plain = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| anyhow!("opening a sealed identity value failed"))?;
        String::from_utf8(plain).context("sealed value is not text")
    }

    /// The keyed hash used to find and to keep unique a value without
    /// storing it: hex of HMAC-SHA256 under the look-up key, with the
    /// field's name, so a NIK and a KK with the same digits differ.
    pub fn lookup_hash(&self, field: Field, value: &str) -> String {
        let message = format!("{}:{value}", field.label());
        hex(&hmac(&self.lookup_key, message.as_bytes()))
    }
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let digit = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    text.as_bytes()
        .chunks(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NIK: &str = "3201011708900001";

    #[test]
    fn a_sealed_value_opens_only_for_its_field_and_account() {
        let vault = Vault::new("secret one");
        let sealed = vault.seal(Field::Nik, 7, NIK).unwrap();
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains(NIK));
        assert_eq!(vault.open(Field::Nik, 7, &sealed).unwrap(), NIK);
        assert!(vault.open(Field::Nik, 8, &sealed).is_err());
        assert!(vault.open(Field::Kk, 7, &sealed).is_err());
        assert!(
            Vault::new("secret two")
                .open(Field::Nik, 7, &sealed)
                .is_err()
        );
    }

    #[test]
    fn a_reset_requests_values_open_only_in_their_own_row_and_column() {
        let vault = Vault::new("secret");
        let lookup = vault
            .seal(Field::ResetLookup, 12, "budi@example.com")
            .unwrap();
        let dob = vault
            .seal(Field::ResetDateOfBirth, 12, "1990-08-17")
            .unwrap();
        assert_eq!(
            vault.open(Field::ResetLookup, 12, &lookup).unwrap(),
            "budi@example.com"
        );
        assert_eq!(
            vault.open(Field::ResetDateOfBirth, 12, &dob).unwrap(),
            "1990-08-17"
        );
        assert!(vault.open(Field::ResetLookup, 13, &lookup).is_err());
        assert!(vault.open(Field::ResetDateOfBirth, 12, &lookup).is_err());
        // Request 12 is not account 12.
        assert!(vault.open(Field::Nik, 12, &lookup).is_err());
    }

    #[test]
    fn every_seal_uses_a_new_nonce() {
        let vault = Vault::new("secret");
        let a = vault.seal(Field::Kk, 1, NIK).unwrap();
        let b = vault.seal(Field::Kk, 1, NIK).unwrap();
        assert_ne!(a, b);
        // 24-byte nonce + 16 digits + 16-byte tag, in hex.
        assert_eq!(a.len(), 3 + 2 * (24 + 16 + 16));
    }

    #[test]
    fn a_changed_byte_or_garbage_does_not_open() {
        let vault = Vault::new("secret");
        let sealed = vault.seal(Field::Nik, 1, NIK).unwrap();
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'0' { b'1' } else { b'0' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert!(vault.open(Field::Nik, 1, &tampered).is_err());
        for garbage in ["", "v1:", "v1:zz", "v2:00", NIK] {
            assert!(vault.open(Field::Nik, 1, garbage).is_err(), "{garbage}");
        }
    }

    #[test]
    fn lookup_hashes_are_stable_keyed_and_per_field() {
        let vault = Vault::new("secret");
        let h = vault.lookup_hash(Field::Nik, NIK);
        assert_eq!(h, vault.lookup_hash(Field::Nik, NIK));
        assert_eq!(h.len(), 64);
        assert_ne!(h, vault.lookup_hash(Field::Kk, NIK));
        assert_ne!(h, Vault::new("other").lookup_hash(Field::Nik, NIK));
        assert!(!format!("{vault:?}").contains("secret"));
    }
}
