//! Photos at rest: envelope encryption bound to the object's name.
//!
//! Every object gets a **fresh random 256-bit data key**; the photo is
//! encrypted with it (XChaCha20-Poly1305, random 192-bit nonce), and the
//! data key itself is encrypted ("wrapped") with the key-wrapping key,
//! which is derived from the server secret by HMAC-SHA256 with its own
//! label (`akun/objects/key-wrap/v1`), as `vault` derives its keys. So the
//! secret never touches a cipher, no two objects share a key, and a later
//! rotation rewraps 72 bytes an object instead of re-encrypting photos.
//!
//! The stored object is a versioned header and the two ciphertexts:
//!
//! ```text
//! "AKO" 0x01 | wrap nonce (24) | wrapped data key (32 + 16 tag) | data nonce (24) | photo (n + 16 tag)
//! ```
//!
//! Both encryptions take the version and the object's name as associated
//! data, so a sealed object copied or moved under another name (or a
//! wrapped key swapped in from another object) does not open, and a
//! changed byte anywhere fails the tag. Nothing of the photo is readable
//! in the store: no JPEG marker, no EXIF, no size beyond the length.

use anyhow::{anyhow, bail};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::objects::ObjectName;

/// "AKO" (akun object) and the format's version.
const HEADER: &[u8; 4] = b"AKO\x01";
const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;
const TAG_LEN: usize = 16;
const WRAPPED_LEN: usize = KEY_LEN + TAG_LEN;
/// Everything a sealed object holds besides the photo's own bytes.
pub const OVERHEAD: usize = HEADER.len() + NONCE_LEN + WRAPPED_LEN + NONCE_LEN + TAG_LEN;

/// The key-wrapping key. `Debug` shows nothing of it.
#[derive(Clone)]
pub struct ObjectKeys {
    wrap: XChaCha20Poly1305,
}

impl std::fmt::Debug for ObjectKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ObjectKeys(***)")
    }
}

impl ObjectKeys {
    pub fn new(secret_key: &str) -> ObjectKeys {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret_key.as_bytes())
            .expect("HMAC takes keys of any length");
        mac.update(b"akun/objects/key-wrap/v1");
        let key: [u8; 32] = mac.finalize().into_bytes().into();
        ObjectKeys {
            wrap: XChaCha20Poly1305::new(&key.into()),
        }
    }

    fn associated_data(name: &ObjectName) -> Vec<u8> {
        let mut aad = Vec::with_capacity(HEADER.len() + name.as_str().len());
        aad.extend_from_slice(HEADER);
        aad.extend_from_slice(name.as_str().as_bytes());
        aad
    }

    /// `plaintext` sealed for the object `name`.
    pub fn seal(&self, name: &ObjectName, plaintext: &[u8]) -> anyhow::Result<Vec<u8>> {
        let aad = Self::associated_data(name);
        let data_key = XChaCha20Poly1305::generate_key(&mut OsRng);
        let wrap_nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let wrapped = self
            .wrap
            .encrypt(
                &wrap_nonce,
                Payload {
                    msg: &data_key,
                    aad: &aad,
                },
            )
            .map_err(|_| anyhow!("wrapping a data key"))?;
        let data_nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = XChaCha20Poly1305::new(&data_key)
            .encrypt(
                &data_nonce,
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| anyhow!("sealing an object"))?;
        let mut out = Vec::with_capacity(OVERHEAD + plaintext.len());
        out.extend_from_slice(HEADER);
        out.extend_from_slice(&wrap_nonce);
        out.extend_from_slice(&wrapped);
        out.extend_from_slice(&data_nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The plaintext of an object [`ObjectKeys::seal`] made for `name`
    /// under the same secret; an error for anything else.
    pub fn open(&self, name: &ObjectName, stored: &[u8]) -> anyhow::Result<Vec<u8>> {
        let Some(rest) = stored.strip_prefix(HEADER) else {
            bail!("{name} is not a sealed object of a known version");
        };
        if rest.len() < OVERHEAD - HEADER.len() {
            bail!("{name} is too short to be a sealed object");
        }
        let (wrap_nonce, rest) = rest.split_at(NONCE_LEN);
        let (wrapped, rest) = rest.split_at(WRAPPED_LEN);
        let (data_nonce, sealed) = rest.split_at(NONCE_LEN);
        let aad = Self::associated_data(name);
        let data_key = self
            .wrap
            .decrypt(
                XNonce::from_slice(wrap_nonce),
                Payload {
                    msg: wrapped,
                    aad: &aad,
                },
            )
            .map_err(|_| anyhow!("the data key of {name} does not open"))?;
        if data_key.len() != KEY_LEN {
            bail!("the data key of {name} has the wrong length");
        }
        XChaCha20Poly1305::new_from_slice(&data_key)
            .map_err(|_| anyhow!("the data key of {name} has the wrong length"))?
            .decrypt(
                XNonce::from_slice(data_nonce),
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| anyhow!("{name} does not open"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::Kind;

    const PHOTO: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0 a photo's bytes";

    #[test]
    fn a_sealed_object_opens_only_under_its_name_and_secret() {
        let keys = ObjectKeys::new("secret one");
        let name = ObjectName::new(Kind::Photo);
        let sealed = keys.seal(&name, PHOTO).unwrap();
        assert_eq!(sealed.len(), PHOTO.len() + OVERHEAD);
        assert!(sealed.starts_with(b"AKO\x01"));
        assert_eq!(keys.open(&name, &sealed).unwrap(), PHOTO);
        assert!(keys.open(&ObjectName::new(Kind::Photo), &sealed).is_err());
        assert!(ObjectKeys::new("secret two").open(&name, &sealed).is_err());
    }

    #[test]
    fn every_object_has_its_own_key_and_nonces() {
        let keys = ObjectKeys::new("secret");
        let name = ObjectName::new(Kind::Photo);
        let a = keys.seal(&name, PHOTO).unwrap();
        let b = keys.seal(&name, PHOTO).unwrap();
        // Header aside, two seals of the same photo share nothing.
        let same = a[4..].iter().zip(&b[4..]).filter(|(x, y)| x == y).count();
        assert!(same < a.len() / 16, "{same} equal bytes");
    }

    #[test]
    fn a_changed_byte_a_swapped_key_or_garbage_does_not_open() {
        let keys = ObjectKeys::new("secret");
        let name = ObjectName::new(Kind::Photo);
        let sealed = keys.seal(&name, PHOTO).unwrap();
        for at in [0, 3, 4, 30, 60, 80, 100, sealed.len() - 1] {
            let mut changed = sealed.clone();
            changed[at] ^= 1;
            assert!(keys.open(&name, &changed).is_err(), "byte {at}");
        }
        // The wrapped key of another object of the same name.
        let other = keys.seal(&name, b"another photo").unwrap();
        let mut swapped = sealed.clone();
        let key_part = HEADER.len()..HEADER.len() + NONCE_LEN + WRAPPED_LEN;
        swapped[key_part.clone()].copy_from_slice(&other[key_part]);
        assert!(keys.open(&name, &swapped).is_err());
        for garbage in [
            &b""[..],
            b"AKO\x01",
            b"AKO\x02rest",
            PHOTO,
            &sealed[..OVERHEAD - 1],
        ] {
            assert!(keys.open(&name, garbage).is_err());
        }
        assert!(!format!("{keys:?}").contains("secret"));
    }
}
