//! Waiting for a job: the poll schedule, progress events, deadlines.
//!
//! # The schedule
//!
//! A status call costs the API a request and tells the client one bit that matters (done or
//! not). The predictive schedule ([`PollPolicy::default`]) spends calls where the job is
//! likely to end:
//!
//! * **Completion distribution.** The client learns, per model, the distribution of run
//!   times of the jobs it saw ([`crate::config::RunTimes`]). A job's completion time is its start
//!   plus a run time drawn from it. The start is the submit when the job was never seen
//!   queued (the wait knows the submit time: [`WaitOptions::submitted_at`], set by the
//!   pipeline); otherwise it lies between the last poll that saw the job queued and the first
//!   that saw it running (the time it entered `in_progress`).
//! * **Queue.** While the job is queued, `queue_position` and its rate of change (positions
//!   per second since the first poll that saw the queue; until this wait has measured it, the
//!   rate another wait of the same model measured in the last 10 minutes, since jobs of one
//!   model wait in one queue) predict the start: `(position + 1) / rate` from now, anywhere
//!   from half to one and a half times that (queues move in bursts). The queue is looked at
//!   again at half the predicted wait while that is long; near the start, often enough to
//!   bracket it: a start known within `g` widens the completion window by `g`, which costs
//!   the run's schedule about `sqrt(2 c / (9 w))` per second (`w` the completion's width,
//!   `c` the call cost), and a look costs one call, so the looks are `sqrt(u sqrt(4.5 c w))`
//!   apart while the start is due within `u`. The completion distribution takes over when
//!   its first call comes sooner. A position that goes up or absurd values (`u64::MAX`) make
//!   the rate unknown, never a panic or a stall: every gap is at most
//!   [`PollPolicy::max_gap`], and while queued at most 90 % of the 5 % quantile of the run
//!   times (a job that starts right after a look is still running at the next one).
//! * **When to call.** The next call is placed `g` after the last one such that `g` times the
//!   probability that the job ends within `g` (knowing it had not ended) equals twice
//!   [`PollPolicy::call_cost`]: the gap that minimizes `calls * call_cost + delay` (poll rate
//!   proportional to the square root of the hazard rate). Far from the predicted completion
//!   that is one long sleep: the first poll lands just inside the predicted window; within it,
//!   gaps shrink as the end becomes likely. A completion spread wide would leave the job
//!   found late on average (about `sqrt(2 c w / 9)` for a width `w`): the call cost of that
//!   job is lowered so that this stays at [`PollPolicy::max_mean_delay`] (1.5 s). The last
//!   call the distribution allows is jittered only later (one just before the end would need
//!   another). Past the longest run ever seen, a backoff from `2 * call_cost` up to
//!   [`PollPolicy::max`] takes over.
//! * **Nothing known** (a model never seen, or [`PollPolicy::predict`] off): the first call
//!   right away, then [`PollPolicy::first`] growing by [`PollPolicy::factor`] up to
//!   [`PollPolicy::max`], reset when the state changes.
//! * **Jitter** moves every call by up to ±[`PollPolicy::jitter`] of the local gap (of the
//!   gap the schedule would use next to the call, not of a long first sleep), independently
//!   per call, so jobs submitted together drift apart instead of polling in lockstep.
//! * **Bounds**, applied after jitter, in this order of precedence: the deadline (a call
//!   that would come after it is made shortly before it instead, so that a deadline is only
//!   declared after a status call near it);
//!   [`PollPolicy::max_detection_delay`] (between the moment one status call is sent and the
//!   moment the next is sent, and from the submit to the first call, never more than this);
//!   [`PollPolicy::max_gap`], itself at most an hour: whatever the learned run times say (a
//!   tampered file, 30-day samples, a slow model), the wait looks again within it;
//!   [`PollPolicy::min_gap`] (the predictive schedule never plans two calls closer than this,
//!   unless the delay bound asks for it).
//!
//! Each finished job teaches its model's distribution one sample: the interval its run time
//! lies in, from the polls around its start and its end (a job found done by a first call
//! aimed at the predicted window, once a few jobs are known: the distribution's own median
//! below that call; see [`crate::RunTimes`] for how wide samples are narrowed).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::job::{CancelOutcome, JobRef, JobState, Terminal};
use crate::run_times::{RunTimes, sum_cdf, sum_excess};
use crate::{Client, Error, ErrorKind};

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

/// The timer's resolution, kept free below [`PollPolicy::max_detection_delay`].
const TIMER_SLACK: Duration = Duration::from_millis(1);

/// Samples a distribution must rest on before a job found done at the first call is learned
/// as the distribution's median within its bounds (before, as the bounds themselves).
const ESTABLISHED: usize = 8;

/// The share of first calls that explore below every run seen.
const EXPLORE: f64 = 1.0 / 16.0;

/// The longest time an instant of the schedule is placed from the start of the wait (a
/// bound for the arithmetic; gaps are bounded by [`GAP_CEILING`]).
const LONGEST_GAP: Duration = Duration::from_secs(365 * 24 * 3600);

/// The hard ceiling of any gap between two status calls, whatever the policy and the learned
/// run times say: an hour.
const GAP_CEILING: Duration = Duration::from_secs(3600);

/// How long before the deadline the last status call is sent: at most this, and at most
/// [`DEADLINE_LEAD_SHARE`] of the whole deadline (less up to a quarter, the jitter).
const DEADLINE_LEAD: Duration = Duration::from_secs(2);
const DEADLINE_LEAD_SHARE: f64 = 0.1;

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

    fn growth(&self) -> f64 {
        if self.factor.is_finite() && self.factor >= 1.0 {
            self.factor.min(1e6)
        } else {
            1.0
        }
    }

    fn jitter_fraction(&self) -> f64 {
        if self.jitter.is_finite() {
            self.jitter.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    fn longest(&self) -> Duration {
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

/// Options of one wait.
///
/// ```
/// use std::time::Duration;
/// use runcomfy_client::WaitOptions;
/// let opts = WaitOptions::default().deadline(Duration::from_secs(600)).cancel_on_deadline(true);
/// assert_eq!(opts.deadline, Some(Duration::from_secs(600)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WaitOptions {
    /// Polling policy; `None` = the client's.
    pub poll: Option<PollPolicy>,
    /// Give up after this long ([`ErrorKind::DeadlineExceeded`], with the request id). The
    /// deadline is declared only after a status call sent shortly before it (2 s, or a tenth
    /// of the deadline if shorter): a job that ended while the schedule was looking away is
    /// reported done, not late. A deadline too far in the future to represent means no
    /// deadline.
    pub deadline: Option<Duration>,
    /// On the deadline, also ask the API to cancel the job (only a queued job can be).
    pub cancel_on_deadline: bool,
    /// When the job was submitted, if the caller knows (the pipeline sets it). With it, the
    /// first call is aimed at the predicted completion instead of made right away, and the
    /// job's run time is learned from it.
    pub submitted_at: Option<Instant>,
}

impl WaitOptions {
    /// Sets the polling policy.
    pub fn poll(mut self, poll: PollPolicy) -> Self {
        self.poll = Some(poll);
        self
    }

    /// Sets a deadline.
    pub fn deadline(mut self, d: Duration) -> Self {
        self.deadline = Some(d);
        self
    }

    /// Cancels the job when the deadline passes.
    pub fn cancel_on_deadline(mut self, yes: bool) -> Self {
        self.cancel_on_deadline = yes;
        self
    }

    /// Says when the job was submitted (e.g. `tokio::time::Instant::now()` right after
    /// [`Client::submit`]).
    pub fn submitted_at(mut self, at: Instant) -> Self {
        self.submitted_at = Some(at);
        self
    }
}

/// One progress event of a wait. Every event carries the request id.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// The job.
    pub request_id: String,
    /// Its state at this poll: queued (with position), running or finished.
    pub state: JobState,
    /// Status calls made so far in this wait.
    pub polls: u32,
    /// Time since the wait began.
    pub elapsed: Duration,
}

/// What a status answer said, as the schedule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    /// `in_queue`, with the position if sent.
    Queued(Option<u64>),
    /// `in_progress`.
    Running,
    /// Finished; `true` if it completed (only completed runs are learned).
    Finished(bool),
}

impl Seen {
    fn of(state: &JobState) -> Option<Seen> {
        match state {
            JobState::Queued { position } => Some(Seen::Queued(*position)),
            JobState::Running => Some(Seen::Running),
            JobState::Finished(t) => Some(Seen::Finished(*t == Terminal::Completed)),
            JobState::Unknown(_) => None,
        }
    }

    fn same_kind(self, other: Seen) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

/// A run-time sample: the run took between `lo` and `hi` seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Learned {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
}

/// The schedule of one wait: what was seen and when, and when to call next. Times are
/// seconds since the wait began (`origin`); the policy's durations are read as seconds too.
#[derive(Debug, Clone)]
pub(crate) struct Schedule {
    origin: Instant,
    /// Submit time, seconds (usually <= 0).
    submitted: Option<f64>,
    /// The last answer's kind.
    last: Option<Seen>,
    /// Send time of the last call (Instant, for the exact delay bound), and in seconds.
    last_send: Option<Instant>,
    last_send_s: f64,
    /// Send time of the call before the last one (the last one that saw the job unfinished,
    /// once the last one saw it finished).
    prev_send_s: Option<f64>,
    /// Send time of the last call that saw the job queued.
    queued_send_s: Option<f64>,
    /// A call saw other jobs ahead (a position above 0, or none sent).
    behind: bool,
    /// The first and the last queue observation `(send time, position)` since the position
    /// last went up.
    queue_first: Option<(f64, u64)>,
    queue_last: Option<(f64, u64)>,
    /// The last planned call is an exploring first call, below every run seen.
    exploring: bool,
    /// The queue rate other waits of the same model measured lately (positions per second),
    /// used while this wait has not measured its own.
    pub(crate) shared_rate: Option<f64>,
    /// [`PollPolicy::max_mean_delay`] in seconds (infinite without one), for this plan.
    mean_delay_aim: f64,
    /// The last planned call is the last one the distribution allows (every run seen would
    /// be over by then): jittered only later, since a call before it would need another.
    closing: bool,
    /// Bounds of the start (entering `in_progress`), once known.
    start: Option<(f64, f64)>,
    /// Current backoff gap (nothing predicted) and tail gap (past every run seen).
    backoff: f64,
    tail: Option<f64>,
    /// The local gap around the planned call (jitter amplitude, learning resolution).
    resolution: f64,
}

/// Why a plan was made (for tests and for learning).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Plan {
    /// Seconds since the wait began, jitter and bounds applied.
    pub(crate) at: f64,
    /// The same as an instant.
    pub(crate) instant: Instant,
    /// The un-jittered time (seconds since the wait began), after the bounds.
    pub(crate) target: f64,
    /// The local gap the jitter is a fraction of.
    pub(crate) local: f64,
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

impl Schedule {
    pub(crate) fn new(origin: Instant, submitted_at: Option<Instant>, policy: &PollPolicy) -> Schedule {
        let submitted = submitted_at.map(|s| match s.checked_duration_since(origin) {
            Some(after) => secs(after),
            None => -secs(origin.saturating_duration_since(s)),
        });
        Schedule {
            origin,
            submitted,
            last: None,
            last_send: None,
            last_send_s: 0.0,
            prev_send_s: None,
            queued_send_s: None,
            behind: false,
            queue_first: None,
            queue_last: None,
            start: None,
            backoff: secs(policy.first),
            tail: None,
            resolution: 0.0,
            exploring: false,
            shared_rate: None,
            closing: false,
            mean_delay_aim: f64::INFINITY,
        }
    }

    fn rel(&self, t: Instant) -> f64 {
        match t.checked_duration_since(self.origin) {
            Some(after) => secs(after),
            None => -secs(self.origin.saturating_duration_since(t)),
        }
    }

    fn instant(&self, s: f64) -> Instant {
        let d = Duration::try_from_secs_f64(s.abs())
            .unwrap_or(LONGEST_GAP)
            .min(LONGEST_GAP);
        if s >= 0.0 {
            self.origin.checked_add(d).unwrap_or(self.origin)
        } else {
            self.origin.checked_sub(d).unwrap_or(self.origin)
        }
    }

    /// Records an answer: the call was sent at `sent` and answered at `recv`. Returns a
    /// run-time sample when the job completed and its run can be bounded.
    pub(crate) fn observe(
        &mut self,
        policy: &PollPolicy,
        runs: Option<&RunTimes>,
        seen: Seen,
        sent: Instant,
        recv: Instant,
    ) -> Option<Learned> {
        let runs = runs.filter(|_| policy.predict);
        let (sent_s, recv_s) = (self.rel(sent), self.rel(recv));
        let changed = self.last.is_none_or(|l| !l.same_kind(seen));
        let prev_send = self.last_send.map(|_| self.last_send_s);
        let mut learned = None;
        match seen {
            Seen::Queued(position) => {
                if self.last == Some(Seen::Running) {
                    // Running, then queued again: whatever was known of the start is void.
                    self.start = None;
                }
                self.queued_send_s = Some(sent_s);
                self.behind |= position != Some(0);
                match (position, self.queue_first) {
                    (None, _) => {}
                    (Some(p), Some((_, first))) if p <= first => self.queue_last = Some((sent_s, p)),
                    // The first sighting, or the position went up: start measuring again.
                    (Some(p), _) => {
                        self.queue_first = Some((sent_s, p));
                        self.queue_last = Some((sent_s, p));
                    }
                }
            }
            Seen::Running => {
                if changed {
                    self.start = match (self.queued_send_s, self.submitted) {
                        // Never behind another job: it started when it was submitted (the
                        // dispatch belongs to its run, as for a job never seen queued).
                        (_, Some(sub)) if !self.behind => Some((sub, sub)),
                        (Some(q), _) => Some((q, recv_s)),
                        (None, sub) => sub.map(|s| (s, s)),
                    };
                }
            }
            Seen::Finished(completed) => {
                let start = match (self.last, self.queued_send_s, self.submitted) {
                    (Some(Seen::Running), _, _) => self.start,
                    // Never behind another job: it started when it was submitted.
                    (_, _, Some(sub)) if !self.behind => Some((sub, sub)),
                    // Queued, then finished without being seen running: start unknown.
                    _ => None,
                };
                // Learned only when the start is known to within half the run: a start known
                // more loosely (a long queue looked at now and then) would smear the
                // distribution more than it teaches.
                let start = start.filter(|(s_lo, s_hi)| s_hi - s_lo <= 0.5 * (recv_s - s_hi) + secs(policy.min_gap));
                if let (true, Some((s_lo, s_hi))) = (completed, start) {
                    // Last time known unfinished, and the answer that said finished.
                    let raw_lo = prev_send.unwrap_or(s_lo);
                    let reach = self.resolution.max(recv_s - sent_s).max(secs(policy.min_gap));
                    let (e_lo, e_hi) = match runs {
                        // No call saw it unfinished inside the predicted window (the first
                        // call, aimed there, found it done): the sample only says "no longer
                        // than this". Once the distribution rests on a few jobs, it is the
                        // distribution's own median within its bounds: the bound itself would
                        // push the distribution up and feed on itself. An exploring first call
                        // (below every run seen) that finds the job done is a real sample: the
                        // model got faster.
                        Some(r) if raw_lo < s_hi + r.lowest() && !self.exploring && r.len() >= ESTABLISHED => {
                            let run = r.median_between(raw_lo - s_hi, recv_s - s_lo);
                            let at = 0.5 * (s_lo + s_hi) + run;
                            (at, at)
                        }
                        Some(_) => (raw_lo, recv_s),
                        None => (raw_lo.max(recv_s - reach), recv_s),
                    };
                    let lo = (e_lo - s_hi).max(0.0);
                    let hi = (e_hi - s_lo).max(lo);
                    if lo.is_finite() && hi.is_finite() {
                        learned = Some(Learned { lo, hi });
                    }
                }
            }
        }
        if changed {
            self.backoff = secs(policy.first);
            self.tail = None;
        }
        self.prev_send_s = prev_send;
        self.last = Some(seen);
        self.last_send = Some(sent);
        self.last_send_s = sent_s;
        learned
    }

    /// The queue's rate (positions per second) and the position, if measurable.
    pub(crate) fn queue_rate(&self) -> Option<(f64, f64)> {
        self.own_queue_rate().or_else(|| {
            let rate = self.shared_rate.filter(|r| r.is_finite() && *r > 0.0)?;
            Some((rate, self.queue_last?.1 as f64))
        })
    }

    /// The rate this wait measured itself, and the position.
    pub(crate) fn own_queue_rate(&self) -> Option<(f64, f64)> {
        let ((t1, p1), (t2, p2)) = (self.queue_first?, self.queue_last?);
        let dt = t2 - t1;
        // u64 -> f64 rounds; a position near u64::MAX is simply huge.
        let moved = p1 as f64 - p2 as f64;
        (dt > 0.0 && moved > 0.0).then(|| (moved / dt, p2 as f64))
    }

    /// The backoff gap, then grows it.
    fn take_backoff(&mut self, policy: &PollPolicy) -> f64 {
        let gap = self.backoff;
        self.backoff = (gap * policy.growth()).min(secs(policy.max.max(policy.first)));
        gap
    }

    /// Plans the next call, `now` being the current time. `runs` is the model's learned
    /// distribution, if any; `unit` a random number in `[0, 1)` for the jitter.
    pub(crate) fn plan(&mut self, policy: &PollPolicy, runs: Option<&RunTimes>, now: Instant, unit: f64) -> Plan {
        let now_s = self.rel(now);
        let cost = secs(policy.call_cost);
        let min_gap = secs(policy.min_gap);
        let runs = runs.filter(|_| policy.predict);
        let mut unit = unit.clamp(0.0, 1.0);
        self.exploring = false;
        self.closing = false;
        self.mean_delay_aim = policy.max_mean_delay.map_or(f64::INFINITY, secs).max(0.0);
        // (target, local gap): un-jittered.
        let (target, local) = match (self.last, policy.predict) {
            (None, true) => match (self.submitted, runs) {
                // One first call in EXPLORE is placed 10 % below the shortest run seen, so
                // that a model that got faster is noticed (otherwise every first call finds
                // its job done and learns nothing new).
                (Some(sub), Some(runs)) if unit < EXPLORE => {
                    unit /= EXPLORE;
                    self.exploring = true;
                    let at = (sub + 0.9 * runs.lowest()).max(now_s);
                    let local = Completion {
                        runs,
                        start: (sub, sub),
                    }
                    .gap(at, cost, min_gap)
                    .unwrap_or(min_gap);
                    (at, local)
                }
                (Some(sub), Some(runs)) => {
                    unit = (unit - EXPLORE) / (1.0 - EXPLORE);
                    match self.completion_plan(runs, (sub, sub), now_s.max(sub), cost, min_gap) {
                        Some(p) => p,
                        // Every run seen would be over already: look right away.
                        None => (now_s, 0.0),
                    }
                }
                _ => (now_s, 0.0),
            },
            (None, false) => (now_s, 0.0),
            (Some(Seen::Finished(_)), _) => (now_s, 0.0),
            (Some(_), false) => {
                let gap = self.take_backoff(policy);
                (self.last_send_s + gap, gap)
            }
            (Some(Seen::Queued(_)), true) => self.queued_plan(policy, runs, cost, min_gap),
            (Some(Seen::Running), true) => {
                let start = self.start.or_else(|| {
                    // Seen running with no idea since when: any time within the longest run.
                    runs.map(|r| (self.last_send_s - r.highest(), self.last_send_s))
                });
                match (runs, start) {
                    (Some(r), Some(s)) => match self.completion_plan(r, s, self.last_send_s, cost, min_gap) {
                        Some(p) => p,
                        None => self.tail_plan(policy, cost, min_gap),
                    },
                    _ => {
                        let gap = self.take_backoff(policy);
                        (self.last_send_s + gap, gap)
                    }
                }
            }
        };
        self.resolution = local;
        let gap = (target - now_s).max(0.0);
        let mut amplitude = policy.jitter_fraction() * gap.min(local.max(0.0));
        let mut target = target;
        // The floor: never sooner than min_gap after the last call (predictive plans only).
        if policy.predict && self.last_send.is_some() {
            target = target.max(self.last_send_s + min_gap);
        }
        let longest = secs(policy.longest());
        if let Some(bound) = policy.max_detection_delay {
            let anchor = match (self.last_send, self.submitted) {
                (Some(_), _) => self.last_send_s,
                (None, Some(sub)) => sub,
                (None, None) => 0.0,
            };
            let latest = anchor + secs(bound.saturating_sub(TIMER_SLACK));
            if target + amplitude > latest {
                // Jitter below the bound, never past it, over half the usual width and at
                // most a `jitter` share of the bound (the bound binds call after call; a wider
                // spread would only add calls): bounded jobs do not fall into step.
                amplitude = amplitude.min(policy.jitter_fraction() * (latest - anchor).max(0.0)) / 2.0;
                target = latest - amplitude;
            }
        }
        let unit = unit.clamp(0.0, 1.0);
        let mut at = if self.closing {
            // The last call the distribution allows: jittered only later, since a call just
            // before the end costs another call.
            target + amplitude * unit
        } else {
            target + amplitude * (unit * 2.0 - 1.0)
        };
        if !at.is_finite() {
            at = now_s;
        }
        // The ceiling counts from the last call sent (from now for the first one).
        let latest = if self.last_send.is_some() {
            self.last_send_s + longest
        } else {
            now_s + longest
        };
        at = at.clamp(now_s, latest.max(now_s));
        let mut instant = self.instant(at);
        if let Some(bound) = policy.max_detection_delay {
            // The same bound on instants, exact (no float rounding past it).
            let anchor = match (self.last_send, self.submitted) {
                (Some(sent), _) => sent,
                (None, Some(sub)) => self.instant(sub),
                (None, None) => self.origin,
            };
            if let Some(latest) = anchor.checked_add(bound.saturating_sub(TIMER_SLACK))
                && latest < instant
            {
                instant = latest.max(now.min(instant));
                at = self.rel(instant);
            }
        }
        Plan {
            at,
            instant,
            target,
            local,
        }
    }

    /// The plan while queued.
    fn queued_plan(&mut self, policy: &PollPolicy, runs: Option<&RunTimes>, cost: f64, min_gap: f64) -> (f64, f64) {
        let (target, local) = self.queued_plan_uncapped(policy, runs, cost, min_gap);
        // While queued, never look away longer than (nearly) the shortest run: a job that
        // starts right after a look is then seen running (or just done) at the next one,
        // whatever the queue's rate looked like.
        match runs {
            Some(r) => {
                let cap = (0.9 * secs(r.quantile(0.05))).max(min_gap);
                (target.min(self.last_send_s + cap), local.min(cap))
            }
            None => (target, local),
        }
    }

    fn queued_plan_uncapped(
        &mut self,
        policy: &PollPolicy,
        runs: Option<&RunTimes>,
        cost: f64,
        min_gap: f64,
    ) -> (f64, f64) {
        if let Some((rate, position)) = self.queue_rate() {
            let wait = (position + 1.0) / rate;
            let t = self.last_send_s;
            // Queues move in bursts (workers free up together): the start is known loosely.
            let start = (t + 0.5 * wait, t + 1.5 * wait + 1.0 / rate);
            let on_completion = runs.and_then(|r| self.completion_plan(r, start, t, cost, min_gap));
            // Look at the queue again: at half the predicted wait while that is long, then
            // often enough to bracket the start (see `start_gap`).
            let runs_width = runs.map_or(0.0, |r| {
                let (lo, hi) = (secs(r.quantile(0.05)), secs(r.quantile(0.95)));
                (hi - lo) / 0.9
            });
            let bracket = self.start_gap(start.1 - t, runs_width, cost, min_gap);
            let gap = if 0.5 * wait > 2.0 * bracket {
                0.5 * wait
            } else {
                bracket
            }
            .max(min_gap);
            let look_again = (t + gap, gap.min(bracket));
            return match on_completion {
                Some(a) if a.0 <= look_again.0 => a,
                _ => {
                    self.closing = false;
                    look_again
                }
            };
        }
        // The rate is not known yet: look again after a quarter of a typical run (or the
        // backoff, if longer).
        let backoff = self.take_backoff(policy);
        let gap = runs
            .map_or(backoff, |r| backoff.max(secs(r.median()) / 4.0))
            .max(min_gap);
        (self.last_send_s + gap, gap)
    }

    /// The call cost for a completion this spread: `cost`, or less, so that the expected mean
    /// delay of the schedule stays near [`PollPolicy::max_mean_delay`]. For a completion
    /// spread over a width `w`, the best schedule at cost `c` is late by about
    /// `sqrt(2 c w / 9)` on average: the cost that gives a mean delay `D` is `9 D^2 / (2 w)`.
    fn effective_cost(&self, completion: &Completion, cost: f64) -> f64 {
        let aim = self.mean_delay_aim;
        if !aim.is_finite() {
            return cost;
        }
        let width = completion.width();
        if width.is_nan() || width <= 0.0 {
            return cost;
        }
        cost.min(4.5 * aim * aim / width).max(0.0)
    }

    /// How long to look away from a queued job whose start is expected within the next `u`
    /// seconds, so that the start is bracketed well enough for the runs that follow: a start
    /// known within `g` widens the completion window by `g`, which costs the schedule of
    /// the run about `sqrt(2 c / (9 w))` per second (`w` the completion's width, `c` the
    /// call cost); a look costs one call. Balancing the two (a look every `g` while the
    /// start is due within `u`): `g = sqrt(u sqrt(4.5 c w))`, with `w` the runs' width or `g`
    /// itself, whichever is larger.
    fn start_gap(&self, u: f64, runs_width: f64, cost: f64, min_gap: f64) -> f64 {
        let u = u.max(min_gap);
        let mut g = (cost * u).sqrt();
        for _ in 0..6 {
            let w = runs_width.max(g);
            let c = if self.mean_delay_aim.is_finite() && w > 0.0 {
                cost.min(4.5 * self.mean_delay_aim * self.mean_delay_aim / w)
            } else {
                cost
            };
            g = (u * (4.5 * c * w).sqrt()).sqrt();
        }
        if g.is_finite() { g.clamp(min_gap, u) } else { u }
    }

    /// Past the predicted completion: backoff from `2 * call_cost` up to `max`.
    fn tail_plan(&mut self, policy: &PollPolicy, cost: f64, min_gap: f64) -> (f64, f64) {
        let cap = secs(policy.max).max(min_gap);
        let gap = self.tail.unwrap_or((2.0 * cost).max(min_gap)).min(cap);
        self.tail = Some((gap * policy.growth()).min(cap));
        (self.last_send_s + gap, gap)
    }

    /// The next call for a job known unfinished at `t0` that started within `start` and runs
    /// as `runs` says; `None` when every run seen would be over. Returns `(time, local gap at
    /// that time)`.
    fn completion_plan(
        &mut self,
        runs: &RunTimes,
        start: (f64, f64),
        t0: f64,
        cost: f64,
        min_gap: f64,
    ) -> Option<(f64, f64)> {
        let completion = Completion { runs, start };
        let cost = self.effective_cost(&completion, cost);
        let gap = completion.gap(t0, cost, min_gap)?;
        let at = t0 + gap;
        let after = completion.gap(at, cost, min_gap);
        self.closing = after.is_none();
        let local = after.unwrap_or(cost).min(gap).max(min_gap);
        Some((at, local))
    }
}

/// The distribution of a job's completion time: a start uniform within `start`, plus a run
/// time drawn from `runs`.
struct Completion<'a> {
    runs: &'a RunTimes,
    start: (f64, f64),
}

impl Completion<'_> {
    fn cdf(&self, t: f64) -> f64 {
        let (s_lo, s_hi) = (self.start.0.min(self.start.1), self.start.0.max(self.start.1));
        let kernels = self.runs.kernels();
        kernels
            .iter()
            .map(|&(lo, hi, w)| w * sum_cdf(t, s_lo, s_hi, lo, hi))
            .sum()
    }

    fn end(&self) -> f64 {
        self.start.0.max(self.start.1) + self.runs.highest()
    }

    fn begin(&self) -> f64 {
        self.start.0.min(self.start.1) + self.runs.lowest()
    }

    /// The `q`-quantile of the completion time.
    fn quantile(&self, q: f64) -> f64 {
        let (mut lo, mut hi) = (self.begin(), self.end());
        for _ in 0..40 {
            let mid = 0.5 * (lo + hi);
            if self.cdf(mid) < q {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        hi
    }

    /// How wide the completion is spread: the 5 % to 95 % range, over 0.9.
    fn width(&self) -> f64 {
        (self.quantile(0.95) - self.quantile(0.05)) / 0.9
    }

    /// `E[(t - T)+]`: the integral of the CDF up to `t`.
    fn excess(&self, t: f64) -> f64 {
        let (s_lo, s_hi) = (self.start.0.min(self.start.1), self.start.0.max(self.start.1));
        let kernels = self.runs.kernels();
        kernels
            .iter()
            .map(|&(lo, hi, w)| w * sum_excess(t, s_lo, s_hi, lo, hi))
            .sum()
    }

    /// The gap `g` after `t0` at which the expected detection delay accrued since `t0`
    /// (knowing the job had not ended at `t0`) reaches `cost`: at most the end of the
    /// distribution, at least `min_gap`; `None` if the job should be over.
    fn gap(&self, t0: f64, cost: f64, min_gap: f64) -> Option<f64> {
        let span = self.end() - t0;
        if span.is_nan() || span <= 0.0 || !t0.is_finite() {
            return None;
        }
        let f0 = self.cdf(t0);
        let alive = 1.0 - f0;
        if alive <= 1e-6 {
            return None;
        }
        let g0 = self.excess(t0);
        let delay = |g: f64| (self.excess(t0 + g) - g0 - f0 * g) / alive;
        if delay(span) <= cost {
            return Some(span.max(min_gap));
        }
        let (mut lo, mut hi) = (0.0_f64, span);
        for _ in 0..64 {
            if hi - lo <= (0.0005 * hi).max(0.001) {
                break;
            }
            let mid = 0.5 * (lo + hi);
            if delay(mid) < cost {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(hi.max(min_gap))
    }
}

/// The state of one wait: the job, its schedule, and what the stream has done so far.
struct PollState {
    client: Client,
    job: JobRef,
    policy: PollPolicy,
    schedule: Schedule,
    next: Option<Instant>,
    started: Instant,
    deadline: Option<Instant>,
    /// When the last call before the deadline is due (see [`WaitOptions::deadline`]).
    deadline_check: Option<Instant>,
    cancel_on_deadline: bool,
    polls: u32,
    /// Send time and answer of the last status call.
    last_call: Option<(Instant, JobState)>,
    done: bool,
    gate: Option<Arc<Semaphore>>,
}

impl PollState {
    async fn deadline_error(&mut self) -> Error {
        self.done = true;
        let cancel: Option<CancelOutcome> = if self.cancel_on_deadline {
            Box::pin(self.client.cancel(&self.job)).await.ok()
        } else {
            None
        };
        let mut message = format!("waited {:.1} s", self.started.elapsed().as_secs_f64());
        if let (Some((sent, state)), Some(deadline)) = (&self.last_call, self.deadline) {
            let before = deadline.saturating_duration_since(*sent).as_secs_f64();
            let state = match state {
                JobState::Queued { position: Some(p) } => format!("queued at position {p}"),
                JobState::Queued { position: None } => "queued".to_owned(),
                _ => "running".to_owned(),
            };
            message.push_str(&format!(
                "; the last status call, {before:.1} s before the deadline, saw it {state}"
            ));
        } else {
            message.push_str("; no status call was answered before the deadline");
        }
        Error::new(ErrorKind::DeadlineExceeded, message)
            .with_request_id(self.job.request_id())
            .with_cancel(cancel)
    }

    fn runs(&self) -> Option<Arc<RunTimes>> {
        if !self.policy.predict {
            return None;
        }
        self.job.model_id().and_then(|m| self.client.inner.run_times.get(m))
    }

    fn plan(&mut self) -> Instant {
        let runs = self.runs();
        if self.policy.predict {
            self.schedule.shared_rate = self
                .job
                .model_id()
                .and_then(|m| self.client.inner.run_times.queue_rate(m));
        }
        let plan = self
            .schedule
            .plan(&self.policy, runs.as_deref(), Instant::now(), fastrand::f64());
        plan.instant
    }

    async fn step(&mut self) -> Option<Result<Progress, Error>> {
        if self.done {
            return None;
        }
        let mut at = match self.next {
            Some(at) => at,
            None => self.plan(),
        };
        // A call that would come after the deadline is made shortly before it instead, unless
        // one was sent since then: the deadline is declared only after a call near it.
        if let (Some(deadline), Some(check)) = (self.deadline, self.deadline_check)
            && at >= deadline
            && self.last_call.as_ref().is_none_or(|(sent, _)| *sent < check)
        {
            at = check;
        }
        let wake = match self.deadline {
            Some(d) => at.min(d),
            None => at,
        };
        if wake > Instant::now() {
            tokio::time::sleep_until(wake).await;
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Some(Err(self.deadline_error().await));
        }
        self.polls = self.polls.saturating_add(1);
        let _permit = match &self.gate {
            Some(gate) => gate.clone().acquire_owned().await.ok(),
            None => None,
        };
        let sent = Instant::now();
        // Boxed: the call's state lives on the heap only while it runs, so a job that sleeps
        // between polls holds its schedule and little else.
        let call = Box::pin(self.client.status(&self.job));
        let status = match self.deadline {
            Some(d) => match tokio::time::timeout_at(d, call).await {
                Ok(s) => s,
                Err(_) => return Some(Err(self.deadline_error().await)),
            },
            None => call.await,
        };
        let recv = Instant::now();
        let status = match status {
            Ok(s) => s,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let Some(seen) = Seen::of(&status.state) else {
            self.done = true;
            let word = match &status.state {
                JobState::Unknown(s) => s.as_str(),
                _ => "",
            };
            return Some(Err(Error::new(
                ErrorKind::UnknownStatus,
                runcomfy_wire::answer::quote(&self.client.redact(word)),
            )
            .with_request_id(self.job.request_id())));
        };
        self.last_call = Some((sent, status.state.clone()));
        let runs = self.runs();
        if let Some(sample) = self.schedule.observe(&self.policy, runs.as_deref(), seen, sent, recv)
            && let Some(model) = self.job.model_id()
        {
            let d = |s: f64| Duration::try_from_secs_f64(s).unwrap_or(Duration::MAX);
            self.client.inner.run_times.learn(model, d(sample.lo), d(sample.hi));
        }
        if let (Some((rate, _)), Some(model)) = (self.schedule.own_queue_rate(), self.job.model_id())
            && matches!(seen, Seen::Queued(_))
        {
            self.client.inner.run_times.note_queue_rate(model, rate);
        }
        self.done = status.state.is_terminal();
        self.next = if self.done { None } else { Some(self.plan()) };
        Some(Ok(Progress {
            request_id: status.request_id,
            state: status.state,
            polls: self.polls,
            elapsed: self.started.elapsed(),
        }))
    }
}

/// The wait of one job, step by step (the pipeline's loop, and [`Client::wait`]'s).
pub(crate) struct Waiter(PollState);

impl Waiter {
    /// The next event; `None` after the last one.
    pub(crate) async fn next(&mut self) -> Option<Result<Progress, Error>> {
        self.0.step().await
    }
}

impl Client {
    /// The wait of `job`, its status calls each holding a permit of `gate`.
    pub(crate) fn waiter(&self, job: &JobRef, opts: &WaitOptions, gate: Option<Arc<Semaphore>>) -> Waiter {
        let policy = opts.poll.unwrap_or(self.inner.poll);
        let started = Instant::now();
        // A deadline too far away to represent is no deadline (never a panic).
        let deadline = opts.deadline.and_then(|d| started.checked_add(d));
        let deadline_check = opts.deadline.zip(deadline).map(|(d, at)| {
            // Jittered (a quarter of the lead), so that jobs given the same deadline together
            // do not make their last call together.
            let lead = DEADLINE_LEAD.min(scale(d, DEADLINE_LEAD_SHARE));
            let lead = scale(lead, 0.75 + 0.25 * fastrand::f64());
            at.checked_sub(lead).unwrap_or(started).max(started)
        });
        Waiter(PollState {
            client: self.clone(),
            job: job.clone(),
            policy,
            schedule: Schedule::new(started, opts.submitted_at, &policy),
            next: None,
            started,
            deadline,
            deadline_check,
            cancel_on_deadline: opts.cancel_on_deadline,
            polls: 0,
            last_call: None,
            done: false,
            gate,
        })
    }

    /// Waits until any job ends; returns how it ended. Use [`Client::result`] for the
    /// output.
    pub async fn wait(&self, job: &impl AsRef<JobRef>, opts: &WaitOptions) -> Result<Terminal, Error> {
        let id = job.as_ref().request_id().to_owned();
        let mut waiter = self.waiter(job.as_ref(), opts, None);
        while let Some(event) = waiter.next().await {
            if let JobState::Finished(t) = event?.state {
                return Ok(t);
            }
        }
        // The wait always ends with a terminal state or an error.
        Err(Error::new(ErrorKind::UnknownStatus, "the wait ended without a final status").with_request_id(&id))
    }
}

#[cfg(test)]
mod tests;
