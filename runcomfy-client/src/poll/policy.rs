//! The poll policy: what a user sets about the schedule of status calls.

use std::time::Duration;

/// How the wait schedules its status calls (the workspace README, "Polling", describes the
/// schedule).
///
/// ```
/// use std::time::Duration;
/// use runcomfy_client::config::PollPolicy;
/// // The default: predictive, no bound on the delay.
/// let p = PollPolicy::default().max_detection_delay(Duration::from_secs(2));
/// assert_eq!(p.max_detection_delay, Some(Duration::from_secs(2)));
/// // What the official CLI does, for comparisons:
/// let fixed = PollPolicy::fixed(Duration::from_secs(2));
/// assert!(!fixed.predict);
/// // The schedule used when nothing is known: 500 ms growing x1.5 up to 5 s.
/// let d: Vec<Duration> = p.intervals().take(12).collect();
/// assert_eq!(d[0], Duration::from_millis(500));
/// assert!(d.windows(2).all(|w| w[0] <= w[1]));
/// assert_eq!(*d.last().unwrap(), Duration::from_secs(5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollPolicy {
    /// Aim calls at the predicted completion (learned run times, queue position; default
    /// true). False: the plain backoff of `first`, `factor` and `max`.
    pub predict: bool,
    /// What one status call is worth in detection delay (default 150 ms): the predictive
    /// schedule minimizes `calls * call_cost + delay`. Smaller: more calls, less delay.
    pub call_cost: Duration,
    /// The mean detection delay the predictive schedule aims at most for (default 1.5 s;
    /// `None`: `call_cost` alone decides). A job whose completion is spread wide (a run time
    /// that varies a lot, a start known loosely behind a queue) would otherwise be found late:
    /// the schedule then prices a call lower, for that job only, so that its expected mean
    /// delay stays at this (and its longest gap near three times this), with the fewest calls
    /// that allow it. Unlike `max_detection_delay` it is an aim, not a bound.
    pub max_mean_delay: Option<Duration>,
    /// The user's bound on detection delay (default none): between the moment one status
    /// call is sent and the moment the next is sent (and from the submit, or the start of
    /// the wait, to the first call) never more than this, whatever the prediction or the
    /// jitter say. A completion is therefore reported at most this long after it happened,
    /// plus the reporting call's own round trip. Calls held back by a [`crate::Runner`]'s
    /// `poll_concurrency` or a [`crate::config::RateLimit`], and the retries of a failed call, are
    /// outside the schedule. The schedule aims 1 ms inside the bound to absorb the timer's
    /// millisecond rounding; a bound of 1 ms or less polls back to back.
    pub max_detection_delay: Option<Duration>,
    /// First gap when nothing can be predicted (default 500 ms).
    pub first: Duration,
    /// Growth of the gap when nothing can be predicted (default 1.5).
    pub factor: f64,
    /// Largest gap when nothing can be predicted (nothing learned yet, or the job runs longer
    /// than any run seen; default 5 s).
    pub max: Duration,
    /// Shortest gap the predictive schedule plans (default 100 ms).
    pub min_gap: Duration,
    /// Longest gap of any schedule (default 10 min; at most an hour is used, whatever is set
    /// here): a far prediction (a slow model, a tampered run-times file) or an absurd queue
    /// position is looked at again after this.
    pub max_gap: Duration,
    /// Random spread of each call, a fraction of the local gap (default 0.1 = ±10 %).
    pub jitter: f64,
}

impl Default for PollPolicy {
    fn default() -> Self {
        Self {
            predict: true,
            call_cost: Duration::from_millis(150),
            max_mean_delay: Some(Duration::from_millis(1500)),
            max_detection_delay: None,
            first: Duration::from_millis(500),
            factor: 1.5,
            max: Duration::from_secs(5),
            min_gap: Duration::from_millis(100),
            max_gap: Duration::from_secs(600),
            jitter: 0.1,
        }
    }
}

/// The hard ceiling of any gap between two status calls, whatever the policy and the learned
/// run times say: an hour.
pub(super) const GAP_CEILING: Duration = Duration::from_secs(3600);

impl PollPolicy {
    /// A fixed interval between calls, no growth, no jitter, no prediction (what other
    /// clients do; for comparisons).
    pub fn fixed(every: Duration) -> Self {
        Self {
            predict: false,
            first: every,
            factor: 1.0,
            max: every,
            min_gap: Duration::ZERO,
            max_gap: every.max(PollPolicy::default().max_gap),
            jitter: 0.0,
            ..PollPolicy::default()
        }
    }

    /// The plain backoff, no prediction: `first`, growing by `factor` up to `max`, ±10 %
    /// jitter, reset when the state changes (this client's policy before the predictive
    /// schedule, without its learned-mean jump).
    pub fn backoff(first: Duration, factor: f64, max: Duration) -> Self {
        Self {
            predict: false,
            first,
            factor,
            max,
            ..PollPolicy::default()
        }
    }

    /// Sets [`PollPolicy::max_detection_delay`].
    pub fn max_detection_delay(mut self, bound: Duration) -> Self {
        self.max_detection_delay = Some(bound);
        self
    }

    /// Sets [`PollPolicy::max_mean_delay`].
    pub fn max_mean_delay(mut self, aim: Option<Duration>) -> Self {
        self.max_mean_delay = aim;
        self
    }

    /// Sets [`PollPolicy::call_cost`].
    pub fn call_cost(mut self, cost: Duration) -> Self {
        self.call_cost = cost;
        self
    }

    /// The backoff gap after `current` (used when nothing can be predicted).
    pub fn next(&self, current: Duration) -> Duration {
        scale(current, self.growth()).min(self.max.max(self.first))
    }

    /// The un-jittered gaps of the backoff used when nothing can be predicted.
    pub fn intervals(&self) -> impl Iterator<Item = Duration> + use<> {
        let p = *self;
        std::iter::successors(Some(p.first), move |d| Some(p.next(*d)))
    }

    pub(super) fn growth(&self) -> f64 {
        if self.factor.is_finite() && self.factor >= 1.0 {
            self.factor.min(1e6)
        } else {
            1.0
        }
    }

    pub(super) fn jitter_fraction(&self) -> f64 {
        if self.jitter.is_finite() {
            self.jitter.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    pub(super) fn longest(&self) -> Duration {
        self.max_gap.min(GAP_CEILING)
    }
}

/// `d * factor`, saturating instead of panicking on overflow.
pub(crate) fn scale(d: Duration, factor: f64) -> Duration {
    Duration::try_from_secs_f64(d.as_secs_f64() * factor).unwrap_or(if factor > 0.0 {
        Duration::MAX
    } else {
        Duration::ZERO
    })
}
