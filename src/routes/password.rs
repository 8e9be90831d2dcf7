//! `/account/password`: the current password, a new one (with its rules
//! and strength as it is typed) twice. On success the API ends every other
//! session and emails a notice.

use crate::form::{
    Field, FieldState, FormStatus, NewPasswordFields, Problem, Submission, SubmitButton,
    check_current_password, check_new_password, check_repeat, password_kind, validate_all,
};
use crate::i18n::tr;
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use akun_core::ErrorCode;
use akun_core::api::ChangePasswordRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// A new password must differ from the current one.
pub fn check_changed(current: &str, new: &str) -> Option<Problem> {
    check_new_password(new).or_else(|| {
        (!new.is_empty() && new == current).then_some(Problem::Code(ErrorCode::PasswordSame))
    })
}

#[component]
pub fn ChangePassword() -> impl IntoView {
    let current = FieldState::new();
    let new = FieldState::new();
    let repeat = FieldState::new();
    let current_problem = current.problem(check_current_password);
    let new_problem =
        new.problem(move |value| current.value.with(|current| check_changed(current, value)));
    let repeat_problem =
        repeat.problem(move |value| new.value.with(|first| check_repeat(first, value)));
    let show = RwSignal::new(false);
    let send = Submission::new("/api/password/change");

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let fields = [
            ("current-password", current, current_problem),
            ("new-password", new, new_problem),
            ("new-password-repeat", repeat, repeat_problem),
        ];
        if !validate_all(&fields) {
            return;
        }
        let body = ChangePasswordRequest {
            current_password: current.value.get_untracked(),
            new_password: new.value.get_untracked(),
        };
        let fields = [("current_password", current), ("new_password", new)];
        send.dispatch(&body, &fields, move |answer| {
            answer?;
            // Done: nothing typed needs keeping, and passwords should not
            // linger on the screen.
            for field in [current, new, repeat] {
                field.value.try_set(String::new());
                field.touched.try_set(false);
            }
            Ok(())
        });
    };

    view! {
        <PageTitle text=|t| t.account().password_title() />
        <p class="lead">{tr(|t| t.account().password_intro())}</p>
        <form class="form" novalidate on:submit=on_submit>
            <Field
                id="current-password"
                label=|t| t.account().current_password_label()
                hint=|t| t.account().current_password_hint()
                kind=password_kind(show)
                autocomplete="current-password"
                state=current
                problem=current_problem
            />
            <NewPasswordFields
                ids=["new-password", "new-password-repeat", "new-password-strength"]
                label=|t| t.new_password_label()
                state=new
                problem=new_problem
                repeat=repeat
                repeat_problem=repeat_problem
                show=show
                controls="current-password new-password new-password-repeat"
            />
            <FormStatus submission=send done_text=|t| t.account().password_done() submit="password-submit" />
            <SubmitButton id="password-submit" text=|t| t.account().password_submit() submission=send />
        </form>
        <p>
            <PageLink page=Page::Profile text=|t| t.account().profile_back() />
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_password_must_differ_and_follow_the_rules() {
        assert_eq!(
            check_changed("kopi tubruk pagi", "teh manis sore hari"),
            None
        );
        assert_eq!(
            check_changed("kopi tubruk pagi", "kopi tubruk pagi"),
            Some(Problem::Code(ErrorCode::PasswordSame))
        );
        assert_eq!(
            check_changed("kopi tubruk pagi", "short"),
            Some(Problem::Code(ErrorCode::PasswordTooShort))
        );
    }
}
