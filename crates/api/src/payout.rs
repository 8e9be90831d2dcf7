//! Payout accounts: where incentives are paid (a BNI bank account or an
//! e-wallet), behind the [`PayoutProvider`] trait.
//!
//! The embedded default, [`EmbeddedPayout`], calls no provider: it checks
//! the programme's rules (a BNI holder name equal to the registry's name;
//! an e-wallet registered to the account's verified number), and the link
//! is recorded locally (`payout_accounts`, with its history in
//! `account_events`). A real provider would also ask the bank or wallet.

use akun_core::api::Wallet;
use akun_core::{ErrorCode, PhoneNumber};

use crate::future::BoxFuture;

/// The account's owner, as the rules need them.
#[derive(Debug)]
pub struct Owner<'a> {
    /// From the civil registry (upper case, as on the e-KTP).
    pub registry_name: &'a str,
    pub verified_phone: &'a PhoneNumber,
}

/// A payout account to link, its fields already in shape.
#[derive(Debug, Clone)]
pub enum PayoutAccount {
    Bni {
        /// 10 digits.
        account_number: String,
        holder_name: String,
    },
    Ewallet {
        provider: Wallet,
        number: PhoneNumber,
    },
}

impl PayoutAccount {
    pub fn kind(&self) -> &'static str {
        match self {
            PayoutAccount::Bni { .. } => "bni",
            PayoutAccount::Ewallet { .. } => "ewallet",
        }
    }

    /// The stored number: the account number, or the wallet's E.164.
    pub fn number(&self) -> &str {
        match self {
            PayoutAccount::Bni { account_number, .. } => account_number,
            PayoutAccount::Ewallet { number, .. } => number.as_e164(),
        }
    }
}

/// Why a payout account cannot be linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A rule refused a field.
    Field(ErrorCode, &'static str),
    /// The provider did not answer.
    Unavailable,
}

pub trait PayoutProvider: Send + Sync + 'static {
    /// How long after linking an account receives nothing: the time its
    /// owner has to notice a link they did not make (they are emailed and
    /// texted at once) and undo it before an incentive is sent there.
    fn cooling_off(&self) -> std::time::Duration {
        COOLING_OFF
    }

    /// Checks that `account` may be linked for `owner`.
    fn check<'a>(
        &'a self,
        owner: &'a Owner<'a>,
        account: &'a PayoutAccount,
    ) -> BoxFuture<'a, Result<(), Refusal>>;
}

/// The programme's cooling-off period for a newly linked account: three
/// days, long enough for an owner who reads email once a day to act.
pub const COOLING_OFF: std::time::Duration = std::time::Duration::from_secs(72 * 3600);

/// Checks the rules locally and calls no provider.
#[derive(Debug, Default, Clone, Copy)]
pub struct EmbeddedPayout;

impl PayoutProvider for EmbeddedPayout {
    fn check<'a>(
        &'a self,
        owner: &'a Owner<'a>,
        account: &'a PayoutAccount,
    ) -> BoxFuture<'a, Result<(), Refusal>> {
        Box::pin(async move { check_rules(owner, account) })
    }
}

/// The programme's rules, which every provider must hold to.
pub fn check_rules(owner: &Owner<'_>, account: &PayoutAccount) -> Result<(), Refusal> {
    match account {
        PayoutAccount::Bni { holder_name, .. } => {
            if same_name(holder_name, owner.registry_name) {
                Ok(())
            } else {
                Err(Refusal::Field(
                    ErrorCode::PayoutHolderMismatch,
                    "holder_name",
                ))
            }
        }
        PayoutAccount::Ewallet { number, .. } => {
            if number.as_e164() == owner.verified_phone.as_e164() {
                Ok(())
            } else {
                Err(Refusal::Field(ErrorCode::PayoutNumberMismatch, "number"))
            }
        }
    }
}

/// Names compared as people write them: case and extra spaces do not
/// count.
pub fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// A BNI account number from what was typed: 10 digits, spaces and dashes
/// ignored.
pub fn bni_account_number(input: &str) -> Result<String, ErrorCode> {
    let digits: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(ErrorCode::PayoutAccountFormat)
    }
}

/// `******7890`.
pub fn mask_account_number(number: &str) -> String {
    let keep = number.len().saturating_sub(4);
    format!("{}{}", "*".repeat(keep), &number[keep..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holder_names_ignore_case_and_extra_spaces() {
        assert!(same_name("  siti   NURHALIZA ", "SITI NURHALIZA"));
        assert!(!same_name("SITI NURHALIZ", "SITI NURHALIZA"));
        assert!(!same_name("", ""));
    }

    #[test]
    fn bni_numbers_are_ten_digits_and_shown_masked() {
        assert_eq!(
            bni_account_number("12345-67890").as_deref(),
            Ok("1234567890")
        );
        assert_eq!(
            bni_account_number("123456789"),
            Err(ErrorCode::PayoutAccountFormat)
        );
        assert_eq!(
            bni_account_number("12345678901"),
            Err(ErrorCode::PayoutAccountFormat)
        );
        assert_eq!(
            bni_account_number("12345a7890"),
            Err(ErrorCode::PayoutAccountFormat)
        );
        assert_eq!(mask_account_number("1234567890"), "******7890");
    }

    #[test]
    fn an_ewallet_must_be_on_the_verified_number() {
        let phone = PhoneNumber::parse("081234567890").unwrap();
        let owner = Owner {
            registry_name: "BUDI",
            verified_phone: &phone,
        };
        let same = PayoutAccount::Ewallet {
            provider: Wallet::Gopay,
            number: PhoneNumber::parse("+62 812-3456-7890").unwrap(),
        };
        assert_eq!(check_rules(&owner, &same), Ok(()));
        let other = PayoutAccount::Ewallet {
            provider: Wallet::Ovo,
            number: PhoneNumber::parse("081234567891").unwrap(),
        };
        assert_eq!(
            check_rules(&owner, &other),
            Err(Refusal::Field(ErrorCode::PayoutNumberMismatch, "number"))
        );
    }
}
