//! `/account/identity`: NIK, KK number, date of birth and mobile number,
//! each checked with `akun-core` as it is typed (and the NIK against the
//! date of birth); the API then checks them against the civil registry,
//! takes the name from it and texts a code to the number, which
//! `/account/phone` asks for.

use crate::form::{Field, FieldState, FormStatus, Problem, Submission, SubmitButton, validate_all};
use crate::i18n::tr;
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::navigator;
use crate::wait::now;
use akun_core::api::IdentityRequest;
use akun_core::{Date, DateOfBirth, KkNumber, Nik, PhoneNumber};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// Today on the phone's calendar (its own time zone).
pub fn today() -> Date {
    let offset_minutes = js_sys::Date::new_0().get_timezone_offset();
    let seconds = now() / 1000.0 - offset_minutes * 60.0;
    // `as` truncates a value far inside `i64`.
    Date::from_unix_seconds(seconds as i64)
}

pub fn check_nik(nik: &str, dob: &str, today: Date) -> Option<Problem> {
    let nik = match Nik::parse(nik) {
        Ok(nik) => nik,
        Err(code) => return Some(Problem::Code(code)),
    };
    // The NIK carries the date of birth: once both parse, they must agree.
    let dob = DateOfBirth::parse(dob, today).ok()?;
    nik.agrees_with(&dob).err().map(Problem::Code)
}

pub fn check_kk(value: &str) -> Option<Problem> {
    KkNumber::parse(value).err().map(Problem::Code)
}

pub fn check_dob(value: &str, today: Date) -> Option<Problem> {
    DateOfBirth::parse(value, today).err().map(Problem::Code)
}

pub fn check_phone(value: &str) -> Option<Problem> {
    PhoneNumber::parse(value).err().map(Problem::Code)
}

#[component]
pub fn Identity() -> impl IntoView {
    let nav = navigator();
    let today = today();
    let nik = FieldState::new();
    let kk = FieldState::new();
    let dob = FieldState::new();
    let phone = FieldState::new();
    let nik_problem = nik.problem(move |value| dob.value.with(|dob| check_nik(value, dob, today)));
    let kk_problem = kk.problem(check_kk);
    let dob_problem = dob.problem(move |value| check_dob(value, today));
    let phone_problem = phone.problem(check_phone);
    let send = Submission::new("/api/profile/identity");

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let fields = [
            ("nik", nik, nik_problem),
            ("kk", kk, kk_problem),
            ("dob", dob, dob_problem),
            ("phone", phone, phone_problem),
        ];
        if !validate_all(&fields) {
            return;
        }
        let body = IdentityRequest {
            nik: nik.value.get_untracked().trim().to_owned(),
            kk: kk.value.get_untracked().trim().to_owned(),
            date_of_birth: dob.value.get_untracked().trim().to_owned(),
            phone: phone.value.get_untracked().trim().to_owned(),
        };
        // The API names the fields as the request does.
        let fields = [
            ("nik", nik),
            ("kk", kk),
            ("date_of_birth", dob),
            ("phone", phone),
        ];
        send.dispatch(&body, &fields, move |answer| {
            answer?;
            nav.go(Page::Phone);
            Ok(())
        });
    };

    view! {
        <PageTitle text=|t| t.account().identity_title() />
        <p class="lead">{tr(|t| t.account().identity_intro())}</p>
        <form class="form" novalidate on:submit=on_submit>
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
                id="kk"
                label=|t| t.account().kk_label()
                hint=|t| t.account().kk_hint()
                kind="text"
                numeric=true
                autocomplete="off"
                state=kk
                problem=kk_problem
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
            <Field
                id="phone"
                label=|t| t.phone_label()
                hint=|t| t.phone_hint()
                kind="tel"
                autocomplete="tel"
                state=phone
                problem=phone_problem
            />
            <FormStatus submission=send submit="identity-submit" />
            <SubmitButton id="identity-submit" text=|t| t.account().identity_submit() submission=send />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use akun_core::ErrorCode;

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn the_nik_must_agree_with_the_date_of_birth_once_both_parse() {
        let today = day(2026, 11, 27);
        // Born 17/08/1990, a man: day 17 in the NIK.
        assert_eq!(check_nik("3201011708900001", "17/08/1990", today), None);
        assert_eq!(
            check_nik("3201011708900001", "18/08/1990", today),
            Some(Problem::Code(ErrorCode::NikDobMismatch))
        );
        // Before the date is whole, only the NIK's own rules apply.
        assert_eq!(check_nik("3201011708900001", "18/08", today), None);
        assert_eq!(
            check_nik("12", "17/08/1990", today),
            Some(Problem::Code(ErrorCode::NikFormat))
        );
    }
}
