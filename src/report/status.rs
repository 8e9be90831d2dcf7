//! `/report/status`: where a case stands. Asks for the case number and
//! the email address it was reported with; the emailed link
//! (`/report/status/PK-7Q4M-2KXD#key=...`) opens it directly, its key in
//! the fragment, which no server sees. Never shows the photos, the
//! identity or the description.

use crate::api::{self, CaseView};
use crate::form::{
    Field, FieldState, FormStatus, Problem, Submission, SubmitButton, check_email, focus_soon,
    normalised_email, validate_all,
};
use crate::i18n::{date_time, tr, use_texts};
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::{PageLink, current_hash, current_path};
use akun_core::CaseNumber;
use akun_core::api::CaseLookup;
use akun_core::case::{CaseKind, CaseNeed, CaseOutcome, CaseStatus, RejectReason};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

pub fn check_case(value: &str) -> Option<Problem> {
    CaseNumber::parse(value).err().map(Problem::Code)
}

/// The key of the emailed link, from the fragment `#key=...`.
pub fn key_from_hash(hash: &str) -> Option<String> {
    hash.strip_prefix('#')?
        .split('&')
        .find_map(|pair| pair.strip_prefix("key="))
        .filter(|key| !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(str::to_owned)
}

fn position<T: PartialEq + Copy>(all: &[T], value: T) -> usize {
    all.iter().position(|v| *v == value).unwrap_or(0)
}

#[component]
pub fn CaseStatusPage() -> impl IntoView {
    let path = current_path();
    let hash = current_hash();
    let number = FieldState::new();
    let email = FieldState::new();
    if let Some(param) = path.with_untracked(|p| Page::CaseStatus.param(p).map(str::to_owned)) {
        number.value.set(param);
    }
    let number_problem = number.problem(check_case);
    let email_problem = email.problem(check_email);
    let found = RwSignal::new(None::<CaseView>);
    let send = Submission::new("/api/reports/status");

    let look_up = move |key: Option<String>| {
        let body = CaseLookup {
            case: number.value.with_untracked(|v| v.trim().to_owned()),
            email: key
                .is_none()
                .then(|| email.value.with_untracked(|v| normalised_email(v))),
            key,
        };
        send.dispatch(
            &body,
            &[("case", number), ("email", email)],
            move |answer| {
                let view = api::read_case(&answer?).ok_or(crate::api::ClientError::Network)?;
                found.set(Some(view));
                focus_soon("case-view");
                Ok(())
            },
        );
    };
    // From the emailed link: the number in the path, the key in the
    // fragment.
    let key = hash.with_untracked(|h| key_from_hash(h));
    if let Some(key) = key.filter(|_| {
        number
            .value
            .with_untracked(|v| CaseNumber::parse(v).is_ok())
    }) {
        look_up(Some(key));
    }
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let fields = [
            ("case", number, number_problem),
            ("email", email, email_problem),
        ];
        if validate_all(&fields) {
            look_up(None);
        }
    };
    let again = move |_| {
        found.set(None);
        number.value.set(String::new());
        number.touched.set(false);
        email.touched.set(false);
        focus_soon("case");
    };

    view! {
        <PageTitle text=|t| t.report().status_title() />
        {move || match found.get() {
            Some(case) => view! { <CaseCard case=case /> }.into_any(),
            None => {
                view! {
                    <p class="lead">{tr(|t| t.report().status_intro())}</p>
                    <form class="form" novalidate on:submit=on_submit>
                        <Field
                            id="case"
                            label=|t| t.report().case_label()
                            hint=|t| t.report().case_hint()
                            kind="text"
                            autocomplete="off"
                            state=number
                            problem=number_problem
                        />
                        <Field
                            id="email"
                            label=|t| t.email_label()
                            hint=|t| t.report().status_email_hint()
                            kind="email"
                            autocomplete="email"
                            state=email
                            problem=email_problem
                        />
                        <FormStatus submission=send submit="status-submit" />
                        <SubmitButton
                            id="status-submit"
                            text=|t| t.report().status_submit()
                            submission=send
                        />
                    </form>
                }
                    .into_any()
            }
        }}
        <ul class="links">
            <li hidden=Signal::derive(move || found.with(Option::is_none))>
                <button type="button" class="link" id="status-again" on:click=again>
                    {tr(|t| t.report().status_other_case())}
                </button>
            </li>
            <li>
                <PageLink
                    page=Page::Report
                    id="status-new-report"
                    text=|t| t.report().status_new_report()
                />
            </li>
        </ul>
    }
}

/// One case: its number, what happened, where it stands in words and
/// what to do, and when it was sent and last changed.
#[component]
fn CaseCard(case: CaseView) -> impl IntoView {
    let t = use_texts();
    let CaseView {
        case: number,
        kind,
        status,
        submitted_at,
        updated_at,
        needed,
        outcome,
        reason,
    } = case;
    let kind = position(&CaseKind::ALL, kind);
    let at = position(&CaseStatus::ALL, status);
    let detail = move || {
        let r = t.get().report();
        match status {
            CaseStatus::Resolved => outcome.map(|o| r.outcomes()[position(&CaseOutcome::ALL, o)]),
            CaseStatus::Rejected => {
                reason.map(|o| r.reject_reasons()[position(&RejectReason::ALL, o)])
            }
            _ => None,
        }
    };
    let needs = move || {
        let r = t.get().report();
        needed
            .iter()
            .map(|n| view! { <li>{r.needs()[position(&CaseNeed::ALL, *n)]}</li> })
            .collect_view()
    };
    let show_needs = status == CaseStatus::MoreInfo;
    let can_log_in = status == CaseStatus::Resolved
        && matches!(
            outcome,
            Some(CaseOutcome::Unblocked | CaseOutcome::FlagCleared)
        );
    view! {
        <section class="case" id="case-view" tabindex="-1" data-status=status.as_str()>
            <dl class="facts">
                <dt>{tr(|t| t.report().status_case())}</dt>
                <dd class="case-number" id="case-view-number">{number}</dd>
                <dt>{tr(|t| t.report().status_kind())}</dt>
                <dd>{move || t.get().report().kinds()[kind]}</dd>
                <dt>{tr(|t| t.report().status_now())}</dt>
                <dd id="case-view-status">
                    <strong>{move || t.get().report().statuses()[at]}</strong>
                </dd>
                <dt>{tr(|t| t.report().status_submitted())}</dt>
                <dd>{move || date_time(t.get(), submitted_at)}</dd>
                <dt>{tr(|t| t.report().status_updated())}</dt>
                <dd>{move || date_time(t.get(), updated_at)}</dd>
            </dl>
            <p id="case-view-explain">{move || t.get().report().status_explain()[at]}</p>
            {show_needs
                .then(|| {
                    view! {
                        <p>{tr(|t| t.report().status_needed())}</p>
                        <ul id="case-view-needs">{needs}</ul>
                    }
                })}
            <p id="case-view-detail">{detail}</p>
            {can_log_in
                .then(|| {
                    view! {
                        <p>
                            <PageLink
                                page=Page::Login
                                class="button primary"
                                text=|t| t.report().status_login()
                            />
                        </p>
                    }
                })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_comes_from_the_fragment_only_when_it_is_plain() {
        assert_eq!(key_from_hash("#key=ab12CD"), Some("ab12CD".to_owned()));
        assert_eq!(key_from_hash("#x=1&key=ab12"), Some("ab12".to_owned()));
        assert_eq!(key_from_hash("#key="), None);
        assert_eq!(key_from_hash("#key=<script>"), None);
        assert_eq!(key_from_hash(""), None);
    }

    #[test]
    fn case_numbers_are_checked_as_typed() {
        assert_eq!(check_case("pk-7q4m-2kxd"), None);
        assert!(check_case("PK-12").is_some());
    }
}
