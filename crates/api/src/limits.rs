//! Rate limits shared by every API instance: fixed-window counters in the
//! database, bumped atomically with one upsert.
//!
//! Every limit of the API is one row of [`Rule`]'s table: the prefix of
//! its counters' keys, and how many events its window allows. The prefixes
//! are those the counters were always kept under, so a deploy carries the
//! counts over.

use std::fmt::Display;
use std::net::{IpAddr, Ipv6Addr};
use std::time::Duration;

use akun_core::{Email, ErrorCode};
use sqlx::{AnyConnection, Row};

use crate::clock::{Millis, ms};
use crate::error::{Error, Result};
use crate::tokens;

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(24 * 3600);

/// Failed passwords of an address in [`Rule::LoginFailures`]' window after
/// which [`Rule::LoginSpacing`] applies.
pub const SLOW_DOWN_AFTER: i64 = 10;

/// Every rate limit of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Captchas drawn, per client address.
    CaptchaPerClient,
    /// Registrations, new links and forgotten passwords a client address
    /// may send without a captcha; past it, each needs one. The number is
    /// the configuration's `captcha_after` (the table's is its default).
    WithoutCaptcha,
    /// Password steps, per client address.
    LoginPerClient,
    /// Failed passwords, per address, known or not (login, re-entering the
    /// password, changing it).
    LoginFailures,
    /// One password try at a time once an address is slowed down.
    LoginSpacing,
    /// Identity completions, per client address.
    IdentityPerClient,
    /// Identity completions, per account: each asks the registry about a
    /// NIK, so this also keeps an account from combing the registry.
    IdentityPerAccount,
    /// Identity completions for the whole service: however many accounts
    /// and addresses someone uses, the registry is asked at most this
    /// often. Well above a registration wave's completions (they follow
    /// verified emails and logins, at most a few thousand a minute here).
    IdentityGlobal,
    /// Registrations, per client address.
    RegisterPerClient,
    /// Registrations tried for one address (new or not).
    RegisterPerEmail,
    /// Resends, per client address.
    ResendPerClient,
    /// The wait between two verification emails to one address.
    SendCooldown,
    /// Verification emails to one address.
    SendsPerEmail,
    /// "Someone tried to register with your email", per address.
    AlreadyRegisteredNotice,
    /// Forgot-password requests, per client address.
    ForgotPerClient,
    /// Forgot-password requests recorded per identifier (email, number or
    /// NIK); more are answered alike and dropped.
    ForgotPerIdentifier,
    /// Reset sends (a link, or the blocked notice) per account, however
    /// many requests arrive. A phone or NIK request's send is one email and
    /// one SMS.
    ResetSendsPerAccount,
    /// "Someone asked, but there is no account", per address.
    ResetNoAccountNotice,
    /// Report Form drafts started, per client address.
    ReportDraftsPerClient,
    /// Report Form photos uploaded, per client address.
    ReportUploadsPerClient,
    /// Photos stored in one draft, retakes included (counted when stored,
    /// so a refused or busy upload costs nothing). Its window outlasts the
    /// draft's 24 hours.
    ReportUploadsPerDraft,
    /// Cases submitted, per client address.
    CasesPerClient,
    /// Cases a client address may submit without a captcha; past it, each
    /// needs one (see `account::challenge`).
    CasesWithoutCaptcha,
    /// Case status look-ups, per client address.
    CaseStatusPerClient,
    /// Wrong answers (email or key) for one case number, whether or not a
    /// case has it, so that a number seen over someone's shoulder cannot
    /// be paired with guessed addresses.
    CaseStatusFailures,
}

impl Rule {
    /// The table: the key's prefix, at most how many events, per how long.
    const fn spec(self) -> (&'static str, i64, Duration) {
        match self {
            // Per client address. Generous: Indonesian mobile carriers put
            // many phones behind one address (carrier-grade NAT). A 429
            // here tells nothing about any account.
            Rule::CaptchaPerClient => ("captcha-ip", 1200, HOUR),
            Rule::WithoutCaptcha => ("no-captcha-ip", 20, HOUR),
            Rule::LoginPerClient => ("login-ip", 600, HOUR),
            Rule::IdentityPerClient => ("identity-ip", 600, HOUR),
            Rule::RegisterPerClient => ("register-ip", 300, HOUR),
            Rule::ResendPerClient => ("resend-ip", 300, HOUR),
            Rule::ForgotPerClient => ("forgot-ip", 300, HOUR),
            // Four photos and their retakes a person; many people a NAT.
            Rule::ReportDraftsPerClient => ("report-draft-ip", 60, HOUR),
            Rule::ReportUploadsPerClient => ("report-upload-ip", 600, HOUR),
            Rule::CasesPerClient => ("case-ip", 60, HOUR),
            Rule::CasesWithoutCaptcha => ("case-no-captcha-ip", 3, DAY),
            Rule::CaseStatusPerClient => ("case-status-ip", 300, HOUR),
            // Per address or account: these do the real work.
            Rule::LoginFailures => ("login-fail", 100, HOUR),
            Rule::LoginSpacing => ("login-spacing", 1, Duration::from_secs(30)),
            Rule::IdentityPerAccount => ("identity", 10, HOUR),
            Rule::IdentityGlobal => ("identity-all", 300_000, HOUR),
            Rule::RegisterPerEmail => ("register", 10, HOUR),
            Rule::SendCooldown => ("send-cooldown", 1, MINUTE),
            Rule::SendsPerEmail => ("send-hour", 5, HOUR),
            Rule::AlreadyRegisteredNotice => ("already-registered-notice", 1, HOUR),
            Rule::ForgotPerIdentifier => ("forgot-id", 10, HOUR),
            Rule::ResetSendsPerAccount => ("reset-send", 3, HOUR),
            Rule::ResetNoAccountNotice => ("reset-no-account", 1, DAY),
            Rule::ReportUploadsPerDraft => ("report-upload", 24, DAY),
            Rule::CaseStatusFailures => ("case-status-fail", 10, HOUR),
        }
    }

    /// At most this many events in a window.
    pub const fn max(self) -> i64 {
        self.spec().1
    }

    pub const fn window(self) -> Duration {
        self.spec().2
    }

    /// The counter of an account. (A client address goes through
    /// [`Rule::of_client`], an email address through [`Rule::of_email`].)
    pub fn of(self, account_id: i64) -> Key {
        self.key(account_id)
    }

    /// The counter of a client address: an IPv4 address as it is, an IPv6
    /// address by its /64 (see [`client_subject`]).
    pub fn of_client(self, ip: IpAddr) -> Key {
        self.key(client_subject(ip))
    }

    /// The one counter of the whole service (a global budget).
    pub fn global(self) -> Key {
        self.key("all")
    }

    fn key(self, subject: impl Display) -> Key {
        Key {
            rule: self,
            key: format!("{}:{subject}", self.spec().0),
        }
    }

    /// The counter of an email address's inbox: keyed by its
    /// [`Email::mailbox_key`] (tags and Gmail's dots dropped), so that
    /// `b.udi+x@gmail.com` and `budi@googlemail.com` share one count. Only
    /// the key changes: the address itself is stored as it was typed.
    pub fn of_email(self, secret: &str, email: &Email) -> Key {
        self.of_private(secret, &email.mailbox_key())
    }

    /// The counter of personal data (a number, a NIK; an email address goes
    /// through [`Rule::of_email`]): keyed by a hash with the server secret,
    /// so the table never holds it.
    pub fn of_private(self, secret: &str, subject: &str) -> Key {
        let prefix = self.spec().0;
        Key {
            rule: self,
            key: format!("{prefix}:{}", tokens::keyed(secret, prefix, subject)),
        }
    }
}

/// Whom a per-client limit counts for `ip`. An IPv4 address is one
/// subscriber line or one carrier's NAT. An IPv6 subscriber gets a whole
/// /64 (a phone picks new addresses in it at will, RFC 8981), so counting
/// single IPv6 addresses would give one phone endless fresh counters; the
/// /64 is the smallest block that is one subscriber. An IPv4 address
/// mapped into IPv6 (`::ffff:a.b.c.d`, from a dual-stack socket) counts as
/// the IPv4 address, or every IPv4 client would share one /64.
pub fn client_subject(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", Ipv6Addr::from(network))
        }
    }
}

/// One counter: a rule, and whose events it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    rule: Rule,
    key: String,
}

/// Counts one event; the seconds until the window resets when it was one
/// too many.
async fn bump(conn: &mut AnyConnection, now: Millis, key: &Key) -> Result<Option<u32>> {
    bump_to(conn, now, key, key.rule.max()).await
}

/// [`bump`], with at most `max` events in the window (a limit set by
/// configuration rather than the table).
async fn bump_to(
    conn: &mut AnyConnection,
    now: Millis,
    key: &Key,
    max: i64,
) -> Result<Option<u32>> {
    let window = ms(key.rule.window());
    let row = sqlx::query(
        "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.count + 1 END,
           window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END
         RETURNING count, window_start",
    )
    .bind(&key.key)
    .bind(now)
    .bind(now - window)
    .fetch_one(&mut *conn)
    .await?;
    let count: i64 = row.try_get(0)?;
    let start: Millis = row.try_get(1)?;
    Ok((count > max).then(|| seconds_until(now, start + window)))
}

/// Counts one event and refuses it with `too_many_requests` when the
/// window is full, telling how many seconds remain until it resets.
pub async fn hit(conn: &mut AnyConnection, now: Millis, key: &Key) -> Result<()> {
    match bump(conn, now, key).await? {
        None => Ok(()),
        Some(wait) => Err(Error::retry_after(ErrorCode::TooManyRequests, wait)),
    }
}

/// Counts one event and says whether it was within the limit, for what is
/// dropped silently over it (a notice, a send) rather than refused.
pub async fn allows(conn: &mut AnyConnection, now: Millis, key: &Key) -> Result<bool> {
    Ok(bump(conn, now, key).await?.is_none())
}

/// Forgets a counter: what it counted no longer applies (the failed
/// passwords of an address whose owner has just proved who they are).
pub async fn clear(conn: &mut AnyConnection, key: &Key) -> Result<()> {
    sqlx::query("DELETE FROM rate_limits WHERE key = $1")
        .bind(&key.key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// [`allows`], for a rule whose number comes from the configuration.
pub async fn allows_at_most(
    conn: &mut AnyConnection,
    now: Millis,
    key: &Key,
    max: i64,
) -> Result<bool> {
    Ok(bump_to(conn, now, key, max).await?.is_none())
}

/// The events counted under a key in its current window, without adding
/// one.
#[derive(Debug, Clone, Copy)]
pub struct Count {
    pub count: i64,
    pub window_end: Millis,
}

pub async fn count(conn: &mut AnyConnection, now: Millis, key: &Key) -> Result<Count> {
    let row = sqlx::query("SELECT count, window_start FROM rate_limits WHERE key = $1")
        .bind(&key.key)
        .fetch_optional(&mut *conn)
        .await?;
    let window = ms(key.rule.window());
    Ok(match row {
        Some(row) => {
            let start: Millis = row.try_get(1)?;
            if start + window > now {
                Count {
                    count: row.try_get(0)?,
                    window_end: start + window,
                }
            } else {
                Count {
                    count: 0,
                    window_end: now + window,
                }
            }
        }
        None => Count {
            count: 0,
            window_end: now + window,
        },
    })
}

/// Whole seconds from `now` until `at`, at least 1.
pub fn seconds_until(now: Millis, at: Millis) -> u32 {
    u32::try_from(((at - now).max(0) + 999) / 1000)
        .unwrap_or(u32::MAX)
        .max(1)
}

/// Removes counters whose window ended long ago. No limit window is longer
/// than a day, so older rows can never matter again.
pub async fn purge_expired(pool: &sqlx::AnyPool, now: Millis) -> Result<u64, sqlx::Error> {
    let cutoff = now - ms(DAY);
    let done = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(cutoff)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_round_up_to_whole_seconds() {
        assert_eq!(seconds_until(0, 1), 1);
        assert_eq!(seconds_until(0, 1000), 1);
        assert_eq!(seconds_until(0, 1001), 2);
        assert_eq!(seconds_until(5000, 0), 1);
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_and_an_ipv4_one_by_its_address() {
        let key = |s: &str| Rule::LoginPerClient.of_client(ip(s)).key;
        assert_eq!(key("10.0.0.1"), "login-ip:10.0.0.1");
        assert_eq!(key("2001:db8:1:2::1"), "login-ip:2001:db8:1:2::/64");
        // One phone, any address of its /64: one counter.
        assert_eq!(
            key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"),
            key("2001:db8:1:2::1")
        );
        // The next /64 is someone else.
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        // An IPv4 client on a dual-stack socket is still its IPv4 address.
        assert_eq!(key("::ffff:203.0.113.9"), "login-ip:203.0.113.9");
        assert_ne!(key("::ffff:203.0.113.9"), key("::ffff:203.0.113.10"));
    }

    #[test]
    fn an_inbox_has_one_counter_whatever_its_tags_and_gmail_dots() {
        let key = |s: &str| {
            Rule::SendsPerEmail
                .of_email("secret", &Email::parse(s).unwrap())
                .key
        };
        assert_eq!(key("b.udi+x@gmail.com"), key("budi@googlemail.com"));
        assert_eq!(key("budi+prakerja@yahoo.co.id"), key("budi@yahoo.co.id"));
        assert_ne!(key("b.udi@yahoo.co.id"), key("budi@yahoo.co.id"));
        assert!(key("budi@gmail.com").starts_with("send-hour:"));
        assert!(!key("budi@gmail.com").contains("budi"));
    }

    #[test]
    fn keys_keep_their_prefixes_and_keep_personal_data_out() {
        assert_eq!(
            Rule::LoginPerClient.of_client(ip("10.0.0.1")).key,
            "login-ip:10.0.0.1"
        );
        assert_eq!(Rule::ResetSendsPerAccount.of(7).key, "reset-send:7");
        let key = Rule::LoginFailures
            .of_private("secret", "budi@example.com")
            .key;
        assert_eq!(
            key,
            format!(
                "login-fail:{}",
                tokens::keyed("secret", "login-fail", "budi@example.com")
            )
        );
        assert!(!key.contains("budi"));
    }
}
