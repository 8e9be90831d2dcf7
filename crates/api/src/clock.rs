//! Time as a dependency, and the time zone the programme runs on.
//!
//! Every expiry, backoff and waiting period in the API reads the time from a
//! [`Clock`], so tests move a [`ManualClock`] forward instead of sleeping.
//! Dates a person sees or that the rules count (today, the programme year,
//! the time in a notice) are in western Indonesian time: [`today`], [`wib`].

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use akun_core::Date;

/// Milliseconds since the Unix epoch, UTC. Stored as `BIGINT` in both
/// databases, so the same SQL compares times on SQLite and PostgreSQL.
pub type Millis = i64;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Millis;
}

pub type SharedClock = Arc<dyn Clock>;

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Millis {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
    }
}

/// A clock that only moves when told to. Cloning shares the same time.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    pub fn new(start: Millis) -> Self {
        Self(Arc::new(AtomicI64::new(start)))
    }

    /// Starts at the current wall-clock time, so dates look realistic.
    pub fn starting_now() -> Self {
        Self::new(SystemClock.now())
    }

    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.0.fetch_add(ms, Ordering::SeqCst);
    }

    pub fn set(&self, to: Millis) {
        self.0.store(to, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Millis {
        self.0.load(Ordering::SeqCst)
    }
}

/// Converts a duration to milliseconds for arithmetic on [`Millis`].
pub fn ms(d: Duration) -> Millis {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Western Indonesian time (WIB, UTC+7), which most applicants live in and
/// the programme's year follows. Indonesia keeps no daylight saving time,
/// so a fixed offset is exact and no date library is needed.
const WIB_OFFSET_SECONDS: i64 = 7 * 3600;

/// Today in western Indonesian time, for the age check of a date of birth
/// and the programme year.
pub fn today(now: Millis) -> Date {
    Date::from_unix_seconds(now.div_euclid(1000) + WIB_OFFSET_SECONDS)
}

/// "27/11/2026 07:45 WIB", for the times in notices.
pub fn wib(now: Millis) -> String {
    let secs = now.div_euclid(1000) + WIB_OFFSET_SECONDS;
    let minutes = secs.rem_euclid(86_400) / 60;
    format!("{} {:02}:{:02} WIB", today(now), minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_advanced_and_clones_share_time() {
        let clock = ManualClock::new(1_000);
        let other = clock.clone();
        assert_eq!(clock.now(), 1_000);
        other.advance(Duration::from_secs(2));
        assert_eq!(clock.now(), 3_000);
    }

    #[test]
    fn times_are_shown_in_western_indonesian_time() {
        // 2026-11-26 23:45:00 UTC is 27/11/2026 06:45 in Jakarta.
        assert_eq!(wib(1_795_736_700_000), "27/11/2026 06:45 WIB");
    }

    #[test]
    fn today_is_the_date_in_jakarta() {
        // 2026-11-26 23:45 UTC is already the 27th in Jakarta.
        assert_eq!(today(1_795_736_700_000), Date::new(2026, 11, 27).unwrap());
    }

    #[test]
    fn system_clock_is_after_2020() {
        assert!(SystemClock.now() > 1_577_836_800_000);
    }
}
