//! `/account/payout`: the account that receives incentives. At most one is
//! linked: a BNI bank account (the holder's name must be the registry's) or
//! an e-wallet registered to the account's own mobile number. Linking and
//! unlinking are checked again by the API.

use crate::account::Text;
use crate::api::{self, Body, ClientError};
use crate::form::{Field, FieldState, FormStatus, Problem, Submission, SubmitButton, validate_all};
use crate::i18n::{date_time, fill, tr, use_texts};
use crate::layout::PageTitle;
use crate::pages::Page;
use crate::router::PageLink;
use crate::routes::identity::check_phone;
use crate::routes::reauth::Reauth;
use crate::wait::now;
use akun_core::{ApiError, ErrorCode};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use serde::Serialize;

/// The e-wallets incentives can go to: wire name and shown name.
const WALLETS: [(&str, &str); 4] = [
    ("gopay", "GoPay"),
    ("ovo", "OVO"),
    ("dana", "DANA"),
    ("linkaja", "LinkAja"),
];

/// `POST /api/payout/link`: `{kind: "ewallet", provider, number}` or
/// `{kind: "bni", account_number, holder_name}`. A flat struct rather than
/// a tagged enum, which would cost the bundle a few KB.
#[derive(Serialize)]
struct LinkBody {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    holder_name: Option<String>,
}

/// A BNI account number: 10 digits.
pub fn check_bni(value: &str) -> Option<Problem> {
    let digits = value.trim();
    (digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(Problem::BniNumber)
}

pub fn check_holder(value: &str) -> Option<Problem> {
    value.trim().is_empty().then_some(Problem::HolderEmpty)
}

/// What is linked, as the page shows it: the e-wallet's name (or BNI),
/// the masked number, and from when it may be paid (Unix ms).
#[derive(Debug, Clone, PartialEq)]
pub struct Linked {
    pub what: String,
    pub number: String,
    pub usable_from: f64,
}

impl Linked {
    fn read(body: &Body) -> Option<Self> {
        let linked = api::read_payout(body)?;
        let what = match linked.provider {
            Some(provider) => WALLETS
                .iter()
                .find(|(wire, _)| *wire == provider)
                .map_or(provider, |(_, shown)| (*shown).to_owned()),
            None => "BNI".to_owned(),
        };
        Some(Self {
            what,
            number: linked.masked_number,
            usable_from: linked.usable_from,
        })
    }
}

#[component]
pub fn Payout() -> impl IntoView {
    // `None` while loading; then what is linked, if anything.
    let linked = RwSignal::new(None::<Option<Linked>>);
    let done = RwSignal::new(None::<Text>);
    let load = move || {
        leptos::task::spawn_local(async move {
            if let Ok(body) = api::get("/api/payout").await {
                linked.try_set(Some(Linked::read(&body)));
            }
        });
    };
    load();

    let bni = RwSignal::new(false);
    let provider = RwSignal::new(WALLETS[0].0);
    let number = FieldState::new();
    let account_number = FieldState::new();
    let holder = FieldState::new();
    let number_problem = number.problem(check_phone);
    let account_problem = account_number.problem(check_bni);
    let holder_problem = holder.problem(check_holder);
    let link = Submission::new("/api/payout/link");
    let unlink = Submission::new("/api/payout/unlink");

    // Linking and unlinking move money: an old login must give the
    // password again first, then the action goes on by itself.
    let reauth_for = RwSignal::new(None::<bool>);
    let asked_again = move |answer: &Result<api::Body, ClientError>, linking: bool| {
        let again = matches!(
            answer,
            Err(ClientError::Api(ApiError {
                code: ErrorCode::ReauthRequired,
                ..
            }))
        );
        if again {
            reauth_for.try_set(Some(linking));
        }
        again
    };
    let do_link = move || {
        let body = if bni.get_untracked() {
            if !validate_all(&[
                ("bni-number", account_number, account_problem),
                ("holder-name", holder, holder_problem),
            ]) {
                return;
            }
            LinkBody {
                kind: "bni",
                provider: None,
                number: None,
                account_number: Some(account_number.value.get_untracked().trim().to_owned()),
                holder_name: Some(holder.value.get_untracked().trim().to_owned()),
            }
        } else {
            if !validate_all(&[("wallet-number", number, number_problem)]) {
                return;
            }
            LinkBody {
                kind: "ewallet",
                provider: Some(provider.get_untracked()),
                number: Some(number.value.get_untracked().trim().to_owned()),
                account_number: None,
                holder_name: None,
            }
        };
        done.set(None);
        let fields = [
            ("number", number),
            ("account_number", account_number),
            ("holder_name", holder),
        ];
        link.dispatch(&body, &fields, move |answer| {
            if asked_again(&answer, true) {
                return Ok(());
            }
            answer?;
            done.try_set(Some(|t| t.account().payout_linked_done()));
            load();
            Ok(())
        });
    };
    let on_link = move |ev: SubmitEvent| {
        ev.prevent_default();
        do_link();
    };
    let do_unlink = move || {
        done.set(None);
        unlink.dispatch(&(), &[], move |answer| {
            if asked_again(&answer, false) {
                return Ok(());
            }
            answer?;
            done.try_set(Some(|t| t.account().payout_unlinked_done()));
            load();
            Ok(())
        });
    };
    let on_unlink = move |_| do_unlink();
    let reauthed = Callback::new(move |_| {
        match reauth_for.get_untracked() {
            Some(true) => do_link(),
            Some(false) => do_unlink(),
            None => {}
        }
        reauth_for.set(None);
    });

    let current = Signal::derive(move || {
        linked
            .get()
            .flatten()
            .map(|l| format!("{} {}", l.what, l.number))
    });
    let t = use_texts();
    // From when the linked account may be paid, while that is still ahead.
    let usable_from = Signal::derive(move || {
        let from = linked.get().flatten()?.usable_from;
        (from > now()).then(|| {
            fill(
                t.get().account().payout_usable_from(),
                &date_time(t.get(), from),
            )
        })
    });
    let is_linked = Signal::derive(move || matches!(linked.get(), Some(Some(_))));
    let is_free = Signal::derive(move || matches!(linked.get(), Some(None)));
    let options = WALLETS
        .iter()
        .map(|&(wire, shown)| view! { <option value=wire>{shown}</option> })
        .collect_view();

    view! {
        <PageTitle text=|t| t.account().payout_title() />
        <p class="lead">{tr(|t| t.account().payout_intro())}</p>
        <p id="payout-status" role="status">
            {move || done.get().map(|text| view! { <span class="notice">{tr(text)}</span> })}
        </p>
        <div hidden=Signal::derive(move || !is_linked.get())>
            <p>
                {tr(|t| t.account().payout_linked())} " " <strong id="payout-linked">{current}</strong>
            </p>
            <p class="notice" id="payout-usable-from" hidden=Signal::derive(move || usable_from.with(Option::is_none))>
                {usable_from}
            </p>
            <FormStatus submission=unlink submit="payout-unlink" />
            <button type="button" class="button" id="payout-unlink" on:click=on_unlink>
                {tr(|t| t.account().payout_unlink())}
            </button>
        </div>
        <Reauth shown=Signal::derive(move || reauth_for.get().is_some()) done=reauthed />
        <div hidden=Signal::derive(move || !is_free.get())>
            <p id="payout-none">{tr(|t| t.account().payout_none())}</p>
            <p class="hint">{tr(|t| t.account().payout_cooling_off())}</p>
            <form class="form" novalidate on:submit=on_link>
                <fieldset class="ways">
                    <legend>{tr(|t| t.account().payout_kind_legend())}</legend>
                    <div class="check">
                        <input
                            type="radio"
                            name="kind"
                            id="kind-ewallet"
                            checked=true
                            on:change=move |_| bni.set(false)
                        />
                        <label for="kind-ewallet">{tr(|t| t.account().payout_kind_ewallet())}</label>
                    </div>
                    <div class="check">
                        <input
                            type="radio"
                            name="kind"
                            id="kind-bni"
                            on:change=move |_| bni.set(true)
                        />
                        <label for="kind-bni">{tr(|t| t.account().payout_kind_bni())}</label>
                    </div>
                </fieldset>
                <div hidden=Signal::derive(move || bni.get())>
                    <div class="field">
                        <label for="wallet-provider">{tr(|t| t.account().payout_provider_label())}</label>
                        <select
                            id="wallet-provider"
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                if let Some((wire, _)) = WALLETS.iter().find(|(w, _)| *w == value) {
                                    provider.set(wire);
                                }
                            }
                        >
                            {options}
                        </select>
                    </div>
                    <Field
                        id="wallet-number"
                        label=|t| t.account().payout_number_label()
                        hint=|t| t.account().payout_number_hint()
                        kind="tel"
                        autocomplete="tel"
                        state=number
                        problem=number_problem
                    />
                </div>
                <div hidden=Signal::derive(move || !bni.get())>
                    <Field
                        id="bni-number"
                        label=|t| t.account().payout_bni_number_label()
                        hint=|t| t.account().payout_bni_number_hint()
                        kind="text"
                        numeric=true
                        autocomplete="off"
                        state=account_number
                        problem=account_problem
                    />
                    <Field
                        id="holder-name"
                        label=|t| t.account().payout_holder_label()
                        hint=|t| t.account().payout_holder_hint()
                        kind="text"
                        autocomplete="name"
                        state=holder
                        problem=holder_problem
                    />
                </div>
                <FormStatus submission=link submit="payout-submit" />
                <SubmitButton id="payout-submit" text=|t| t.account().payout_link_submit() submission=link />
            </form>
        </div>
        <p>
            <PageLink page=Page::Profile text=|t| t.account().profile_back() />
        </p>
    }
}
