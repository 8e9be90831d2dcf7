//! Image captchas for the login form, and for registration, new links
//! and forgotten passwords once a client has sent many.
//!
//! The image comes from the `captcha` crate; only a keyed hash of the
//! lower-cased answer is stored (keyed with the server secret and bound to
//! the challenge, so that the table cannot be used to try the ~24 bits of
//! an answer offline), with a short life, and a challenge is spent by its
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

/// The stored form of challenge `id`'s answer: case and surrounding spaces
/// do not count.
pub fn hash_answer(secret: &str, id: &str, answer: &str) -> String {
    tokens::keyed(
        secret,
        &format!("captcha:{id}"),
        &answer.trim().to_lowercase(),
    )
}

pub fn expires_at(now: Millis) -> Millis {
    now + ms(LIFETIME)
}

/// The picture as a `data:` URL, which the screen shows as it is.
pub fn data_url(png: &[u8]) -> String {
    use base64::Engine;
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    )
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
    fn pictures_travel_as_base64_data_urls() {
        assert_eq!(data_url(b"foobar"), "data:image/png;base64,Zm9vYmFy");
    }

    #[test]
    fn answers_compare_without_case_or_spaces_and_are_bound_to_key_and_challenge() {
        let hash = |secret, id, answer| hash_answer(secret, id, answer);
        assert_eq!(hash("k", "c1", " AbC7x "), hash("k", "c1", "abc7x"));
        assert_ne!(hash("k", "c1", "abc7x"), hash("k", "c1", "abc7y"));
        assert_ne!(hash("k", "c1", "abc7x"), hash("k", "c2", "abc7x"));
        assert_ne!(hash("k", "c1", "abc7x"), hash("other", "c1", "abc7x"));
    }
}
