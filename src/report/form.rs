//! `/report`: the Report Form. What happened, a description, where to
//! answer, the identity as on the e-KTP and four photos; then the case
//! number.
//!
//! Works without a session. A signed-in person whose identity is complete
//! is not asked for it again: the case takes the account's (shown masked).
//! What was typed is kept in `sessionStorage` as it is typed, so a reload
//! or a dropped connection loses nothing; the photos already sent are
//! kept by the API's draft (see [`super::slots`]).

use super::slots::{Photos, SlotError, SlotView};
use crate::api::{self, ClientError};
use crate::captcha::{Captcha, CaptchaBox};
use crate::form::{
    Field, FieldState, FormStatus, Problem, Submission, SubmitButton, aria_bool, check_captcha,
    check_email, focus_by_id, normalised_email, validate_all,
};
use crate::i18n::{tr, use_lang, use_texts};
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use crate::routes::identity::{check_dob, check_nik, check_phone, today};
use akun_core::api::CaseRequest;
use akun_core::case::{CaseKind, DESCRIPTION_MAX_CHARS, PhotoSlot};
use akun_core::{ApiError, CaseDescription, ErrorCode, PersonName};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The `sessionStorage` key of what was typed.
const STORAGE_KEY: &str = "akun.report";

/// The fields, by the names the API gives them (and the storage keys).
const FIELDS: [&str; 7] = [
    "kind",
    "description",
    "email",
    "phone",
    "name",
    "nik",
    "date_of_birth",
];

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// What was typed earlier in this tab, field by field.
fn stored() -> Vec<(String, String)> {
    let Some(text) = session().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else {
        return Vec::new();
    };
    let body = api::Body::parse(&text);
    FIELDS
        .iter()
        .filter_map(|key| Some(((*key).to_owned(), body.string(key)?)))
        .collect()
}

fn store(values: &[(&str, String)]) {
    let object = js_sys::Object::new();
    for (key, value) in values {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    let text = js_sys::JSON::stringify(&object)
        .ok()
        .and_then(|t| t.as_string());
    if let (Some(storage), Some(text)) = (session(), text) {
        let _ = storage.set_item(STORAGE_KEY, &text);
    }
}

fn forget() {
    if let Some(storage) = session() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

pub fn check_kind(value: &str) -> Option<Problem> {
    CaseKind::from_wire(value)
        .is_none()
        .then_some(Problem::Code(ErrorCode::CaseKindMissing))
}

pub fn check_description(value: &str) -> Option<Problem> {
    CaseDescription::parse(value).err().map(Problem::Code)
}

pub fn check_name(value: &str) -> Option<Problem> {
    PersonName::parse(value).err().map(Problem::Code)
}

/// The identity of a signed-in person's account, as `/api/me` shows it.
#[derive(Clone, Debug, PartialEq)]
struct AccountIdentity {
    name: String,
    nik: String,
    date_of_birth: String,
}

/// What the form shows once the case is in: its number and where the
/// confirmation went.
#[derive(Clone, Debug, PartialEq)]
struct Sent {
    case: String,
    email: String,
}

#[component]
pub fn Report() -> impl IntoView {
    let sent = RwSignal::new(None::<Sent>);
    move || match sent.get() {
        Some(done) => view! { <ReportSent case=done.case email=done.email /> }.into_any(),
        None => view! { <ReportForm sent=sent /> }.into_any(),
    }
}

#[component]
fn ReportForm(sent: RwSignal<Option<Sent>>) -> impl IntoView {
    let lang = use_lang();
    let t = use_texts();
    let today = today();
    let kind = FieldState::new();
    let description = FieldState::new();
    let email = FieldState::new();
    let phone = FieldState::new();
    let name = FieldState::new();
    let nik = FieldState::new();
    let dob = FieldState::new();
    let states = [kind, description, email, phone, name, nik, dob];
    for (key, value) in stored() {
        if let Some(at) = FIELDS.iter().position(|f| *f == key) {
            states[at].value.set(value);
        }
    }
    // Kept as it is typed.
    Effect::new(move |_| {
        let values: Vec<(&str, String)> = FIELDS
            .iter()
            .zip(states)
            .map(|(key, state)| (*key, state.value.get()))
            .collect();
        store(&values);
    });

    let from_account = RwSignal::new(None::<AccountIdentity>);
    if crate::account::use_account().signed_in.get_untracked() {
        leptos::task::spawn_local(async move {
            let me = api::get("/api/me")
                .await
                .ok()
                .and_then(|b| api::read_me(&b));
            let Some(me) = me else { return };
            if email.value.with_untracked(String::is_empty) {
                email.value.try_set(me.email.clone());
            }
            if let (true, Some(name), Some(nik), Some(date_of_birth)) = (
                me.identity_complete,
                me.name_masked,
                me.nik,
                me.date_of_birth,
            ) {
                from_account.try_set(Some(AccountIdentity {
                    name,
                    nik,
                    date_of_birth,
                }));
            }
        });
    }

    let kind_problem = kind.problem(check_kind);
    let description_problem = description.problem(check_description);
    let email_problem = email.problem(check_email);
    let phone_problem = phone.problem(check_phone);
    let name_problem = name.problem(check_name);
    let nik_problem = nik.problem(move |value| dob.value.with(|dob| check_nik(value, dob, today)));
    let dob_problem = dob.problem(move |value| check_dob(value, today));

    let photos = Photos::new();
    photos.restore();
    let missing = RwSignal::new(false);
    let captcha = Captcha::new();
    let answer_problem = captcha.answer.problem(check_captcha);
    let send = Submission::new("/api/reports");

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let own = from_account.get_untracked();
        let mut fields = vec![
            ("kind", kind, kind_problem),
            ("description", description, description_problem),
            ("email", email, email_problem),
            ("phone", phone, phone_problem),
        ];
        if own.is_none() {
            fields.extend([
                ("name", name, name_problem),
                ("nik", nik, nik_problem),
                ("dob", dob, dob_problem),
            ]);
        }
        if captcha.needed.get_untracked() {
            fields.push(("captcha", captcha.answer, answer_problem));
        }
        if !validate_all(&fields) {
            return;
        }
        // Every photo must be in the draft.
        let unsent: Vec<_> = photos.slots.iter().filter(|s| !s.is_sent()).collect();
        missing.set(!unsent.is_empty());
        if let Some(first) = unsent.first() {
            for slot in &unsent {
                slot.error.set(Some(SlotError::Missing));
            }
            focus_by_id(&format!("{}-title", first.id()));
            return;
        }
        let value = |state: FieldState| state.value.with_untracked(|v| v.trim().to_owned());
        let (captcha_id, captcha_answer) = captcha.solved();
        let body = CaseRequest {
            kind: CaseKind::from_wire(&value(kind)),
            description: value(description),
            email: email.value.with_untracked(|v| normalised_email(v)),
            phone: value(phone),
            name: own.is_none().then(|| value(name)),
            nik: own.is_none().then(|| value(nik)),
            date_of_birth: own.is_none().then(|| value(dob)),
            lang: lang.get_untracked(),
            captcha_id,
            captcha_answer,
        };
        let at_fields = [
            ("kind", kind),
            ("description", description),
            ("email", email),
            ("phone", phone),
            ("name", name),
            ("nik", nik),
            ("date_of_birth", dob),
        ];
        send.dispatch(&body, &at_fields, move |answer| match answer {
            Ok(body) => {
                let Some((case, email)) = api::read_case_created(&body) else {
                    return Err(ClientError::Network);
                };
                forget();
                for slot in photos.slots {
                    slot.clear();
                }
                sent.set(Some(Sent { case, email }));
                Ok(())
            }
            Err(error) => {
                if captcha.asked_for(&error, "captcha") {
                    return Err(error);
                }
                if let ClientError::Api(ApiError { code, field, .. }) = &error {
                    match code {
                        ErrorCode::PhotoMissing => {
                            let slot = field.as_deref().and_then(PhotoSlot::from_wire);
                            if let Some(slot) = photos.slots.iter().find(|s| Some(s.slot) == slot) {
                                slot.error.set(Some(SlotError::Missing));
                                photos.enqueue(*slot);
                            }
                        }
                        ErrorCode::DraftMissing => photos.draft_lost(),
                        _ => {}
                    }
                }
                Err(error)
            }
        });
    };

    let count = Signal::derive(move || {
        let n = description.value.with(|v| v.trim().chars().count());
        t.get()
            .report()
            .description_count()
            .replace("{n}", &n.to_string())
    });
    let over = Signal::derive(move || {
        description
            .value
            .with(|v| v.trim().chars().count() > DESCRIPTION_MAX_CHARS)
    });
    let kind_error = Signal::derive(move || kind_problem.get().is_some());

    view! {
        <PageTitle text=|t| t.report().report_title() />
        <p class="lead">{tr(|t| t.report().report_intro())}</p>
        <form class="form report" novalidate on:submit=on_submit>
            <fieldset
                class="choices"
                aria-describedby=Signal::derive(move || kind_error.get().then_some("kind-error"))
            >
                <legend>{tr(|t| t.report().report_kind_legend())}</legend>
                {CaseKind::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, k)| {
                        let wire = k.as_str();
                        // The first choice carries the group's id, so that
                        // an error moves focus to the group.
                        let id = if i == 0 { "kind".to_owned() } else { format!("kind-{wire}") };
                        view! {
                            <div class="choice">
                                <input
                                    type="radio"
                                    name="kind"
                                    id=id.clone()
                                    value=wire
                                    aria-invalid=aria_bool(move || kind_error.get())
                                    prop:checked=move || kind.value.with(|v| v == wire)
                                    on:change=move |_| {
                                        kind.value.set(wire.to_owned());
                                        kind.server.set(None);
                                        kind.touched.set(true);
                                    }
                                />
                                <label for=id>{move || t.get().report().kinds()[i]}</label>
                            </div>
                        }
                    })
                    .collect_view()}
                <p class="error" id="kind-error" hidden=Signal::derive(move || !kind_error.get())>
                    <strong>{tr(|t| t.field_error_prefix())}</strong>
                    " "
                    {move || kind_problem.get().map(|p| p.text(t.get()))}
                </p>
            </fieldset>
            <div class="field">
                <label for="description">{tr(|t| t.report().description_label())}</label>
                <p class="hint" id="description-hint">
                    {tr(|t| t.report().description_hint())}
                </p>
                <textarea
                    id="description"
                    name="description"
                    rows="5"
                    required
                    aria-invalid=aria_bool(move || description_problem.get().is_some())
                    aria-describedby=Signal::derive(move || {
                        if description_problem.get().is_some() {
                            "description-hint description-count description-error"
                        } else {
                            "description-hint description-count"
                        }
                    })
                    prop:value=move || description.value.get()
                    on:input=move |ev| {
                        description.value.set(event_target_value(&ev));
                        description.server.set(None);
                    }
                    on:blur=move |_| description.touched.set(true)
                ></textarea>
                <p class="counter" id="description-count" data-over=move || over.get().then_some("true")>
                    {count}
                </p>
                <p
                    class="error"
                    id="description-error"
                    hidden=Signal::derive(move || description_problem.get().is_none())
                >
                    <strong>{tr(|t| t.field_error_prefix())}</strong>
                    " "
                    {move || description_problem.get().map(|p| p.text(t.get()))}
                </p>
            </div>
            <fieldset>
                <legend>{tr(|t| t.report().contact_legend())}</legend>
                <p class="hint">{tr(|t| t.report().contact_intro())}</p>
                <Field
                    id="email"
                    label=|t| t.email_label()
                    hint=|t| t.report().contact_email_hint()
                    kind="email"
                    autocomplete="email"
                    state=email
                    problem=email_problem
                />
                <Field
                    id="phone"
                    label=|t| t.phone_label()
                    hint=|t| t.report().contact_phone_hint()
                    kind="tel"
                    autocomplete="tel"
                    state=phone
                    problem=phone_problem
                />
            </fieldset>
            <fieldset>
                <legend>{tr(|t| t.report().identity_legend())}</legend>
                {move || match from_account.get() {
                    Some(own) => {
                        view! {
                            <p id="identity-from-account">{tr(|t| t.report().identity_from_account())}</p>
                            <dl class="facts">
                                <dt>{tr(|t| t.report().name_label())}</dt>
                                <dd>{own.name}</dd>
                                <dt>{tr(|t| t.nik_label())}</dt>
                                <dd>{own.nik}</dd>
                                <dt>{tr(|t| t.dob_label())}</dt>
                                <dd>{own.date_of_birth}</dd>
                            </dl>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <p class="hint">{tr(|t| t.report().identity_intro())}</p>
                            <Field
                                id="name"
                                label=|t| t.report().name_label()
                                hint=|t| t.report().name_hint()
                                kind="text"
                                autocomplete="name"
                                state=name
                                problem=name_problem
                            />
                            <Field
                                id="nik"
                                label=|t| t.nik_label()
                                hint=|t| t.nik_hint()
                                kind="text"
                                numeric=true
                                autocomplete="off"
                                state=nik
                                problem=nik_problem
                            />
                            <Field
                                id="dob"
                                label=|t| t.dob_label()
                                hint=|t| t.dob_hint()
                                kind="text"
                                autocomplete="bday"
                                state=dob
                                problem=dob_problem
                            />
                        }
                            .into_any()
                    }
                }}
            </fieldset>
            <fieldset class="photos">
                <legend>{tr(|t| t.report().photos_legend())}</legend>
                <p class="hint">{tr(|t| t.report().photos_intro())}</p>
                {photos.slots.map(|slot| view! { <SlotView item=slot photos=photos /> }).collect_view()}
                <p class="error" id="photos-missing" role="alert" hidden=Signal::derive(move || {
                    !(missing.get() && photos.slots.iter().any(|s| s.error.get() == Some(SlotError::Missing)))
                })>
                    <strong>{tr(|t| t.form_error_prefix())}</strong>
                    " "
                    {tr(|t| t.report().report_photos_missing())}
                </p>
            </fieldset>
            <CaptchaBox captcha=captcha />
            <FormStatus submission=send submit="report-submit" />
            <SubmitButton id="report-submit" text=|t| t.report().report_submit() submission=send />
        </form>
        <p>
            <PageLink
                page=Page::CaseStatus
                id="report-status-link"
                text=|t| t.report().status_title()
            />
        </p>
    }
}

/// The case is in: its number, where the confirmation went, what comes
/// next, and its status page.
#[component]
fn ReportSent(case: String, email: String) -> impl IntoView {
    let t = use_texts();
    let status = Page::CaseStatus.with_param(&case);
    let sent_to = move || t.get().report().sent_email().replace("{n}", &email);
    view! {
        <PageTitle text=|t| t.report().sent_title() />
        <section class="notice success" id="report-sent" role="status">
            <p>{tr(|t| t.report().sent_number())}</p>
            <p class="case-number" id="case-number">
                {case.clone()}
            </p>
            <p>{sent_to}</p>
        </section>
        <p>{tr(|t| t.report().sent_next())}</p>
        <p>
            <a class="button primary" href=status id="report-status">
                {tr(|t| t.report().sent_status_link())}
            </a>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_must_be_chosen_among_the_known_ones() {
        assert_eq!(
            check_kind(""),
            Some(Problem::Code(ErrorCode::CaseKindMissing))
        );
        assert_eq!(
            check_kind("nonsense"),
            Some(Problem::Code(ErrorCode::CaseKindMissing))
        );
        assert_eq!(check_kind("blocked"), None);
    }

    #[test]
    fn the_description_and_name_use_the_shared_validators() {
        assert_eq!(
            check_description("pendek"),
            Some(Problem::Code(ErrorCode::DescriptionTooShort))
        );
        assert_eq!(
            check_description("Saya tidak bisa masuk sejak kemarin."),
            None
        );
        assert_eq!(check_name("Budi Santoso"), None);
        assert_eq!(
            check_name("Budi 2"),
            Some(Problem::Code(ErrorCode::NameInvalid))
        );
    }
}
