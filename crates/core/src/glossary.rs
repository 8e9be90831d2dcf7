//! The product's words for its own things, one per language.
//!
//! People met "kata sandi" on a page and "password" in the error under it,
//! "dompet digital" in a form and "e-wallet" in its error. Every text a
//! person reads (the SPA's pages and errors, the API's emails and SMS) uses
//! the term of its language here, never one of the words to avoid; tests
//! on both sides run every text through [`misused`].

use crate::api::Lang;

/// One thing, named once per language.
pub struct Term {
    /// The Indonesian word, as written mid-sentence.
    pub id: &'static str,
    /// The English word, as written mid-sentence.
    pub en: &'static str,
    /// Indonesian words for the same thing that must not appear.
    pub avoid_id: &'static [&'static str],
    /// English words for the same thing that must not appear.
    pub avoid_en: &'static [&'static str],
}

pub const TERMS: &[Term] = &[
    Term {
        id: "kata sandi",
        en: "password",
        avoid_id: &["password", "sandi lewat"],
        avoid_en: &["passcode", "passphrase"],
    },
    Term {
        id: "dompet digital",
        en: "e-wallet",
        avoid_id: &["e-wallet", "ewallet", "dompet elektronik"],
        avoid_en: &["digital wallet", "ewallet", "e wallet"],
    },
    Term {
        id: "kode OTP",
        en: "OTP code",
        avoid_id: &["kode verifikasi", "kode sekali pakai"],
        avoid_en: &["verification code", "one-time password"],
    },
    Term {
        id: "nomor HP",
        en: "mobile number",
        avoid_id: &["nomor ponsel", "no. hp", "no hp", "nomor handphone"],
        avoid_en: &["phone number", "cell number", "cellphone number"],
    },
    Term {
        id: "Formulir Laporan",
        en: "Report Form",
        avoid_id: &["form laporan", "formulir pengaduan"],
        avoid_en: &["complaint form", "report page"],
    },
    Term {
        id: "tautan",
        en: "link",
        avoid_id: &["link", "url"],
        avoid_en: &["hyperlink"],
    },
];

/// The first word to avoid that `text` (in `lang`) contains, with the term
/// to use instead. Case is ignored; a word only counts whole, so "link"
/// does not match "unlinked", nor "url" inside "murlan".
pub fn misused(lang: Lang, text: &str) -> Option<(&'static str, &'static str)> {
    let lower = text.to_lowercase();
    TERMS.iter().find_map(|term| {
        let (avoid, instead) = match lang {
            Lang::Id => (term.avoid_id, term.id),
            Lang::En => (term.avoid_en, term.en),
        };
        avoid
            .iter()
            .find(|word| contains_word(&lower, word))
            .map(|word| (*word, instead))
    })
}

/// Whether `word` (lower case) appears in `text` (lower case) with no
/// letter or digit right before or after it.
fn contains_word(text: &str, word: &str) -> bool {
    let is_word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !is_word_char(before) && !is_word_char(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_languages_word_is_caught_in_either_case() {
        assert_eq!(
            misused(Lang::Id, "Email atau Password salah."),
            Some(("password", "kata sandi"))
        );
        assert_eq!(
            misused(Lang::Id, "Nomor e-wallet harus sama."),
            Some(("e-wallet", "dompet digital"))
        );
        assert_eq!(
            misused(Lang::En, "Your digital wallet"),
            Some(("digital wallet", "e-wallet"))
        );
        assert_eq!(misused(Lang::Id, "Kata sandi salah."), None);
        assert_eq!(misused(Lang::En, "Wrong password."), None);
    }

    #[test]
    fn only_whole_words_count() {
        assert_eq!(
            misused(Lang::Id, "Rekening sudah diputus (unlinked)."),
            None
        );
        assert_eq!(misused(Lang::Id, "Buka link ini"), Some(("link", "tautan")));
        assert_eq!(misused(Lang::Id, "https://akun.example/x"), None);
    }

    #[test]
    fn no_term_is_its_own_word_to_avoid() {
        for term in TERMS {
            assert_eq!(misused(Lang::Id, term.id), None, "{}", term.id);
            assert_eq!(misused(Lang::En, term.en), None, "{}", term.en);
        }
    }
}
