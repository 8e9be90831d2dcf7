//! `/verify#token=...`: the page the emailed link opens. The token travels
//! in the fragment, which browsers never send to a server; the page takes
//! it out of the address bar at once, so that it does not linger in
//! history or get copied along with the address, and posts it to the API.
//! `#verify-result` carries the outcome in `data-state`.

use crate::api::{self, ClientError};
use crate::form::{BusyWait, Submission};
use crate::i18n::{ErrorText, Texts, tr, use_texts};
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use crate::routes::check_email::Resend;
use akun_core::ErrorCode;
use akun_core::api::VerifyRequest;
use leptos::prelude::*;

/// Where the verification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyState {
    Verifying,
    Active,
    Expired,
    Used,
    /// Malformed, cut short, or never issued.
    Invalid,
    /// No answer, or one that says nothing about the link: try again.
    Error,
}

type Text = fn(&Texts) -> &'static str;

impl VerifyState {
    /// The value of `data-state`.
    pub fn name(self) -> &'static str {
        match self {
            VerifyState::Verifying => "verifying",
            VerifyState::Active => "active",
            VerifyState::Expired => "expired",
            VerifyState::Used => "used",
            VerifyState::Invalid => "invalid",
            VerifyState::Error => "error",
        }
    }

    /// What a failed request says about the link.
    pub fn after(error: &ClientError) -> Self {
        match error {
            ClientError::Api(error) => match error.code {
                ErrorCode::TokenExpired => VerifyState::Expired,
                ErrorCode::TokenUsed => VerifyState::Used,
                ErrorCode::TokenInvalid => VerifyState::Invalid,
                _ => VerifyState::Error,
            },
            ClientError::Network => VerifyState::Error,
        }
    }

    fn title(self) -> Text {
        match self {
            VerifyState::Verifying => |t| t.public().verify_checking_title(),
            VerifyState::Active => |t| t.public().verify_active_title(),
            VerifyState::Expired => |t| t.public().verify_expired_title(),
            VerifyState::Used => |t| t.public().verify_used_title(),
            VerifyState::Invalid => |t| t.public().verify_invalid_title(),
            VerifyState::Error => |t| t.public().verify_error_title(),
        }
    }

    /// The explanation under the title (for `Error`, the error's own).
    fn text(self) -> Text {
        match self {
            VerifyState::Verifying => |t| t.public().verify_checking_text(),
            VerifyState::Active => |t| t.public().verify_active_text(),
            VerifyState::Expired => |t| t.err_token_expired(),
            VerifyState::Used => |t| t.err_token_used(),
            VerifyState::Invalid => |t| t.err_token_invalid(),
            VerifyState::Error => |t| t.err_network(),
        }
    }

    fn offers_login(self) -> bool {
        matches!(self, VerifyState::Active | VerifyState::Used)
    }

    fn offers_resend(self) -> bool {
        matches!(
            self,
            VerifyState::Expired | VerifyState::Used | VerifyState::Invalid
        )
    }
}

/// The `token` parameter of a fragment such as `#token=abc`.
pub fn token_in_fragment(hash: &str) -> Option<&str> {
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix("token="))
}

/// Whether `token` could be one of ours: 64 lower-case hex digits, the
/// same check the API makes. Anything else is not worth a request.
pub fn looks_like_token(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Reads the token from the address and takes it out of the address bar.
pub fn take_token() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let token = token_in_fragment(&hash)?.trim().to_owned();
    if let (Ok(history), Ok(path), Ok(query)) =
        (window.history(), location.pathname(), location.search())
    {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query}")),
        );
    }
    Some(token)
}

#[component]
pub fn Verify() -> impl IntoView {
    let t = use_texts();
    // The token stays in memory only, for "try again".
    let token = RwSignal::new(None::<String>);
    let state = RwSignal::new(VerifyState::Invalid);
    let address = RwSignal::new(None::<String>);
    // What went wrong in the `Error` state; `None` for a network failure.
    let failure = RwSignal::new(None::<ErrorCode>);
    let send = Submission::new("/api/register/verify");

    let check = move || {
        let Some(token) = token.get_untracked() else {
            return;
        };
        state.set(VerifyState::Verifying);
        failure.set(None);
        send.dispatch(&VerifyRequest { token }, &[], move |answer| {
            match answer {
                Ok(body) => {
                    address.try_set(api::read_verified_email(&body));
                    state.try_set(VerifyState::Active);
                }
                Err(error) => {
                    if let ClientError::Api(error) = &error {
                        failure.try_set(Some(error.code));
                    }
                    state.try_set(VerifyState::after(&error));
                }
            }
            // Every outcome is shown by the page itself.
            Ok(())
        });
    };
    // The link's token, from the address: when the page opens, and when
    // another link is opened in the same tab (only the fragment changes,
    // so the page stays).
    let read_link = move || match take_token() {
        Some(value) if looks_like_token(&value) => {
            token.set(Some(value));
            check();
        }
        Some(_) => {
            token.set(None);
            state.set(VerifyState::Invalid);
        }
        None => {}
    };
    read_link();
    let listener = window_event_listener(leptos::ev::hashchange, move |_| read_link());
    on_cleanup(move || listener.remove());

    let explanation = Signal::derive(move || {
        let t = t.get();
        match (state.get(), failure.get()) {
            (VerifyState::Error, Some(code)) => t.error(code),
            (state, _) => state.text()(t),
        }
    });
    // Every part is in the page from the start and shown by state: one
    // `Signal<bool>` type for all of them keeps the wasm smaller than a
    // view built for each.
    let unless = move |shown: fn(VerifyState) -> bool| Signal::derive(move || !shown(state.get()));

    view! {
        <div
            id="verify-result"
            class="result"
            data-state=Signal::derive(move || state.get().name())
        >
            // A new title for each state: after the first it takes focus,
            // so that screen readers announce the outcome.
            {move || view! { <PageTitle text=state.get().title() /> }}
            <p class="lead">{explanation}</p>
            // Shows itself only while the service is busy, which is only
            // while verifying.
            <BusyWait wait=send.wait />
            <p hidden=unless(|s| s == VerifyState::Active)>
                {tr(|t| t.public().verify_active_address())} " "
                <strong id="verify-email">{Signal::derive(move || address.get())}</strong>
            </p>
            <p hidden=unless(VerifyState::offers_login)>
                <PageLink page=Page::Login class="button primary" id="verify-login" text=|t| t.public().verify_login() />
            </p>
            <p hidden=unless(|s| s == VerifyState::Error)>
                <button
                    type="button"
                    class="button primary"
                    id="verify-retry"
                    on:click=move |_| check()
                >
                    {tr(|t| t.public().verify_retry())}
                </button>
            </p>
            <section hidden=unless(VerifyState::offers_resend)>
                <h2>{tr(|t| t.public().resend_title())}</h2>
                <Resend known=None />
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use akun_core::ApiError;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn the_token_is_read_from_the_fragment() {
        assert_eq!(token_in_fragment(&format!("#token={TOKEN}")), Some(TOKEN));
        assert_eq!(token_in_fragment("#a=1&token=abc"), Some("abc"));
        assert_eq!(token_in_fragment("#token="), Some(""));
        assert_eq!(token_in_fragment("#main"), None);
        assert_eq!(token_in_fragment(""), None);
    }

    #[test]
    fn only_64_lower_case_hex_digits_look_like_a_token() {
        assert!(looks_like_token(TOKEN));
        assert!(!looks_like_token("abc"));
        assert!(!looks_like_token(&TOKEN.to_uppercase()));
        assert!(!looks_like_token(&TOKEN[1..]));
        assert!(!looks_like_token(&format!("{}g", &TOKEN[1..])));
        assert!(!looks_like_token(""));
    }

    #[test]
    fn each_answer_has_its_state() {
        let api = |code| ClientError::Api(ApiError::new(code));
        assert_eq!(
            VerifyState::after(&api(ErrorCode::TokenExpired)),
            VerifyState::Expired
        );
        assert_eq!(
            VerifyState::after(&api(ErrorCode::TokenUsed)),
            VerifyState::Used
        );
        assert_eq!(
            VerifyState::after(&api(ErrorCode::TokenInvalid)),
            VerifyState::Invalid
        );
        assert_eq!(
            VerifyState::after(&api(ErrorCode::NotFound)),
            VerifyState::Error
        );
        assert_eq!(
            VerifyState::after(&api(ErrorCode::Busy)),
            VerifyState::Error
        );
        assert_eq!(
            VerifyState::after(&ClientError::Network),
            VerifyState::Error
        );
    }

    #[test]
    fn login_and_a_new_link_are_offered_where_they_help() {
        use VerifyState::*;
        let login: Vec<_> = [Verifying, Active, Expired, Used, Invalid, Error]
            .into_iter()
            .filter(|s| s.offers_login())
            .collect();
        assert_eq!(login, [Active, Used]);
        let resend: Vec<_> = [Verifying, Active, Expired, Used, Invalid, Error]
            .into_iter()
            .filter(|s| s.offers_resend())
            .collect();
        assert_eq!(resend, [Expired, Used, Invalid]);
    }
}
