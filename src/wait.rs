//! Waiting: countdowns shown to the person (before the next automatic try,
//! before another email may be asked for) and the timer they sleep on.
//!
//! A countdown runs to a deadline on the wall clock rather than counting
//! ticks, so it stays right when a phone's screen was off and the browser
//! held its timers back. Its async loops read signals only with `try_`
//! methods: a page may be left while it waits, and reading a disposed
//! signal would panic (and abort the whole app).

use crate::i18n::{Texts, duration, fill, use_texts};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The wall clock, in milliseconds since the Unix epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// Whole seconds from `now` until `deadline` (both in ms), rounded up, so a
/// countdown shows 1 until the very end; 0 once the deadline has passed.
pub fn seconds_until(deadline: f64, now: f64) -> u32 {
    // `as` saturates: a negative or NaN difference is 0.
    ((deadline - now) / 1000.0).ceil() as u32
}

/// Milliseconds until the number of [`seconds_until`] next changes, so the
/// display turns over on time.
pub fn ms_to_next_tick(deadline: f64, now: f64) -> u32 {
    let left = deadline - now;
    // Not `left % 1000.0`: that brings in a software `fmod`.
    let into_second = left - (left / 1000.0).floor() * 1000.0;
    if into_second > 0.0 {
        into_second.ceil() as u32
    } else {
        1000
    }
}

/// A countdown the page can show and the person can cancel.
#[derive(Clone, Copy)]
pub struct Countdown {
    /// Seconds left, ticking; `None` when not counting.
    pub left: RwSignal<Option<u32>>,
    /// The seconds it started from; `None` when not counting. It changes
    /// only when a countdown starts or ends, so it is what screen readers
    /// hear (see [`Ticking`]) and what "is it counting" is derived from.
    pub from: RwSignal<Option<u32>>,
    /// Which countdown is current: starting or cancelling one moves it on,
    /// and a loop that finds it moved stops.
    run: StoredValue<u32>,
}

impl Countdown {
    pub fn new() -> Self {
        Self {
            left: RwSignal::new(None),
            from: RwSignal::new(None),
            run: StoredValue::new(0),
        }
    }

    /// Whether it is counting (tracked).
    pub fn counting(self) -> bool {
        self.from.get().is_some()
    }

    /// Counts down to `deadline` (ms since the epoch). `true` when the time
    /// is up; `false` when it was cancelled, replaced by another countdown,
    /// or the page it belongs to is gone.
    pub async fn until(self, deadline: f64) -> bool {
        match self.begin(deadline) {
            Some(run) => self.tick(run, deadline).await,
            None => self.run.try_get_value().is_some(),
        }
    }

    /// [`Countdown::until`] `seconds` from now.
    pub async fn seconds(self, seconds: u32) -> bool {
        self.until(now() + f64::from(seconds) * 1000.0).await
    }

    /// Starts counting down to `deadline` in the background. The signals
    /// are set at once, so a button it disables is disabled before the
    /// page is painted.
    pub fn start_until(self, deadline: f64) {
        if let Some(run) = self.begin(deadline) {
            leptos::task::spawn_local(async move {
                self.tick(run, deadline).await;
            });
        }
    }

    /// Stops counting; whoever awaits the countdown gets `false`.
    pub fn cancel(self) {
        self.run.update_value(|run| *run = run.wrapping_add(1));
        self.from.set(None);
        self.left.set(None);
    }

    /// Makes this the current countdown and shows where it starts. `None`
    /// when there is nothing to count (or the page is gone).
    fn begin(self, deadline: f64) -> Option<u32> {
        let left = seconds_until(deadline, now());
        if left == 0 {
            return None;
        }
        let run = self.run.try_update_value(|run| {
            *run = run.wrapping_add(1);
            *run
        })?;
        self.from.try_set(Some(left));
        self.left.try_set(Some(left));
        Some(run)
    }

    async fn tick(self, run: u32, deadline: f64) -> bool {
        loop {
            let now = now();
            let left = seconds_until(deadline, now);
            if left == 0 {
                break;
            }
            if self.left.try_set(Some(left)).is_some() {
                return false;
            }
            sleep(ms_to_next_tick(deadline, now)).await;
            if self.run.try_get_value() != Some(run) {
                return false;
            }
        }
        self.from.try_set(None);
        self.left.try_set(None);
        true
    }
}

impl Default for Countdown {
    fn default() -> Self {
        Self::new()
    }
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().and_then(|window| {
            let ms = i32::try_from(ms).unwrap_or(i32::MAX);
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .ok()
        });
        if scheduled.is_none() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The sentence `text` with the time left put in for `{n}`, while the
/// countdown runs. Sighted people see it tick every second; screen readers
/// hear it once, with the time it started from, because a live region that
/// changed every second would talk over everything else.
#[component]
pub fn Ticking(text: fn(&Texts) -> &'static str, countdown: Countdown) -> impl IntoView {
    let t = use_texts();
    let line = move |seconds: RwSignal<Option<u32>>| {
        Signal::derive(move || {
            seconds.get().map(|seconds| {
                let t = t.get();
                fill(text(t), &duration(t, seconds))
            })
        })
    };
    view! {
        <span aria-hidden="true">{line(countdown.left)}</span>
        <span class="sr-only">{line(countdown.from)}</span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_left_round_up_and_stop_at_zero() {
        assert_eq!(seconds_until(10_000.0, 0.0), 10);
        assert_eq!(seconds_until(10_000.0, 1.0), 10);
        assert_eq!(seconds_until(10_000.0, 9_001.0), 1);
        assert_eq!(seconds_until(10_000.0, 9_999.9), 1);
        assert_eq!(seconds_until(10_000.0, 10_000.0), 0);
        assert_eq!(seconds_until(10_000.0, 50_000.0), 0);
        assert_eq!(seconds_until(f64::NAN, 0.0), 0);
    }

    #[test]
    fn the_next_tick_falls_when_the_shown_number_changes() {
        assert_eq!(ms_to_next_tick(10_000.0, 0.0), 1000);
        assert_eq!(ms_to_next_tick(10_000.0, 250.0), 750);
        assert_eq!(ms_to_next_tick(10_000.0, 9_999.5), 1);
        let (deadline, now) = (10_000.0, 3_400.0);
        let shown = seconds_until(deadline, now);
        let next = now + f64::from(ms_to_next_tick(deadline, now));
        assert_eq!(seconds_until(deadline, next), shown - 1);
    }
}
