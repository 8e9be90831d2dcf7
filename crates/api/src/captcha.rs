//! Image captchas for the login form.
//!
//! The image comes from the `captcha` crate; only a hash of the lower-cased
//! answer is stored, with a short life, and a challenge is spent by its
//! first check, right or wrong.

use std::time::Duration;

use captcha::Captcha;
use captcha::filters::{Dots, Noise, Wave};

use crate::clock::{Millis, ms};
use crate::tokens;

pub const LIFETIME: Duration = Duration::from_secs(5 * 60);
/// Characters that are hard to confuse on a small screen (no 0/O, 1/l/I).
const CHARS: &[char] = &[
    '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'k', 'm', 'n',
    'p', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z',
];
pub const LENGTH: u32 = 5;

pub struct Challenge {
    pub answer: String,
    pub png: Vec<u8>,
}

/// Draws a new challenge. CPU-bound (a few milliseconds): callers run it
/// on a blocking thread.
pub fn draw() -> Challenge {
    let mut c = Captcha::new();
    c.set_chars(CHARS)
        .add_chars(LENGTH)
        .apply_filter(Noise::new(0.1))
        .apply_filter(Wave::new(2.0, 12.0).horizontal())
        .apply_filter(Wave::new(2.0, 12.0).vertical())
        .view(220, 90)
        .apply_filter(Dots::new(6));
    let answer = c.chars_as_string().to_lowercase();
    let png = c.as_png().unwrap_or_default();
    Challenge { answer, png }
}

/// The stored form of an answer: case and surrounding spaces do not count.
pub fn hash_answer(answer: &str) -> String {
    tokens::hash_token(&answer.trim().to_lowercase())
}

pub fn expires_at(now: Millis) -> Millis {
    now + ms(LIFETIME)
}

/// The picture as a `data:` URL, which the screen shows as it is.
pub fn data_url(png: &[u8]) -> String {
    format!("data:image/png;base64,{}", base64(png))
}

/// Standard base64 with padding, for the `data:` URL.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_challenge_is_a_png_with_a_five_character_answer() {
        let c = draw();
        assert_eq!(c.answer.chars().count(), 5);
        assert!(c.answer.chars().all(|ch| CHARS.contains(&ch)));
        assert_eq!(&c.png[..8], b"\x89PNG\r\n\x1a\n");
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn answers_compare_without_case_or_spaces() {
        assert_eq!(hash_answer(" AbC7x "), hash_answer("abc7x"));
        assert_ne!(hash_answer("abc7x"), hash_answer("abc7y"));
    }
}
