//! The one-time-code rules, tested once over every kind of code: the
//! login's (by email), the mobile number's verification and the change of
//! number's (by SMS). They share one engine; each endpoint's own wiring is
//! tested beside it (login.rs, profile.rs, mobile.rs).

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::profile::{body, get, post};

#[derive(Debug, Clone, Copy)]
enum Kind {
    Login,
    Phone,
    PhoneChange,
}

const KINDS: [Kind; 3] = [Kind::Login, Kind::Phone, Kind::PhoneChange];

/// One kind of code, set up with its first code sent.
struct Flow<'a> {
    app: &'a TestApp,
    kind: Kind,
    /// The login attempt's handle, or the session's cookie.
    handle: String,
    /// Where the codes go.
    recipient: &'static str,
}

impl<'a> Flow<'a> {
    async fn start(app: &'a TestApp, kind: Kind) -> Flow<'a> {
        let (handle, recipient) = match kind {
            Kind::Login => {
                crate::login::active_account(app, "budi@example.com").await;
                let handle = crate::login::attempt(app, "budi@example.com").await;
                (handle, "budi@example.com")
            }
            Kind::Phone => {
                let cookie =
                    crate::profile::with_identity(app, "budi@example.com", 0, "081234567890").await;
                (cookie, "+6281234567890")
            }
            Kind::PhoneChange => {
                let cookie = crate::mobile::changing(app, "budi@example.com").await;
                (cookie, crate::mobile::NEW)
            }
        };
        Flow {
            app,
            kind,
            handle,
            recipient,
        }
    }

    async fn try_code(&self, code: &str) -> reqwest::Response {
        match self.kind {
            Kind::Login => {
                crate::login::submit(self.app, &self.handle, code, crate::login::ANDROID).await
            }
            Kind::Phone => crate::profile::verify(self.app, &self.handle, code).await,
            Kind::PhoneChange => crate::mobile::change_code(self.app, &self.handle, code).await,
        }
    }

    /// What a right code answers.
    fn signed_off(&self) -> u16 {
        match self.kind {
            Kind::Login => 204,
            Kind::Phone | Kind::PhoneChange => 200,
        }
    }

    async fn new_code(&self) -> reqwest::Response {
        let (path, cookie, body) = match self.kind {
            Kind::Login => ("/api/login/code/new", "", json!({"attempt": self.handle})),
            Kind::Phone => ("/api/profile/phone/code/new", &*self.handle, json!({})),
            Kind::PhoneChange => (
                "/api/profile/phone/change/code/new",
                &*self.handle,
                json!({}),
            ),
        };
        post(self.app, path, cookie, &body).await
    }

    async fn status(&self) -> Value {
        let r = match self.kind {
            Kind::Login => {
                let body = json!({"attempt": self.handle});
                post(self.app, "/api/login/status", "", &body).await
            }
            Kind::Phone => get(self.app, "/api/profile/phone/status", &self.handle).await,
            Kind::PhoneChange => {
                get(self.app, "/api/profile/phone/change/status", &self.handle).await
            }
        };
        assert_eq!(r.status(), 200, "{:?}", self.kind);
        body(r).await
    }

    async fn last_code(&self) -> String {
        match self.kind {
            Kind::Login => crate::login::last_code(self.app, self.recipient).await,
            Kind::Phone | Kind::PhoneChange => {
                crate::profile::last_code(self.app, self.recipient).await
            }
        }
    }
}

fn wrong(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

#[tokio::test]
async fn five_wrong_tries_kill_a_code_of_every_kind() {
    for kind in KINDS {
        let app = spawn_app().await;
        let flow = Flow::start(&app, kind).await;
        let code = flow.last_code().await;
        for left in [4, 3, 2, 1] {
            let r = flow.try_code(wrong(&code)).await;
            assert_eq!(r.status(), 422, "{kind:?}");
            assert_eq!(
                body(r).await,
                json!({"code": "otp_wrong", "field": "code", "left": left}),
                "{kind:?}"
            );
        }
        let r = flow.try_code(wrong(&code)).await;
        assert_eq!(r.status(), 410, "{kind:?}");
        assert_eq!(body(r).await, json!({"code": "otp_dead"}), "{kind:?}");
        // Dead even for the right code.
        let r = flow.try_code(&code).await;
        assert_eq!(body(r).await, json!({"code": "otp_dead"}), "{kind:?}");
        assert_eq!(flow.status().await["code_expires_in"], 0, "{kind:?}");
        // A new code works.
        assert_eq!(flow.new_code().await.status(), 200, "{kind:?}");
        let fresh = flow.last_code().await;
        let r = flow.try_code(&fresh).await;
        assert_eq!(r.status(), flow.signed_off(), "{kind:?}");
    }
}

#[tokio::test]
async fn a_code_of_every_kind_lives_five_minutes() {
    for kind in KINDS {
        let app = spawn_app().await;
        let flow = Flow::start(&app, kind).await;
        let code = flow.last_code().await;
        app.clock.advance(Duration::from_secs(299));
        assert_eq!(flow.status().await["code_expires_in"], 1, "{kind:?}");
        app.clock.advance(Duration::from_secs(1));
        let r = flow.try_code(&code).await;
        assert_eq!(r.status(), 410, "{kind:?}");
        assert_eq!(body(r).await, json!({"code": "otp_expired"}), "{kind:?}");
        assert_eq!(flow.status().await["code_expires_in"], 0, "{kind:?}");
    }
}

#[tokio::test]
async fn a_malformed_code_of_every_kind_is_refused_before_it_counts() {
    for kind in KINDS {
        let app = spawn_app().await;
        let flow = Flow::start(&app, kind).await;
        for _ in 0..6 {
            let r = flow.try_code("12ab").await;
            assert_eq!(r.status(), 422, "{kind:?}");
            assert_eq!(
                body(r).await,
                json!({"code": "otp_format", "field": "code"}),
                "{kind:?}"
            );
        }
        let code = flow.last_code().await;
        let r = flow.try_code(&code).await;
        assert_eq!(r.status(), flow.signed_off(), "{kind:?}");
    }
}
