//! The schedule maths of one wait: where the next status call goes, from what the answers
//! said so far and the model's learned run times (the module above describes the schedule).

use std::time::Duration;

use tokio::time::Instant;

use super::PollPolicy;
use crate::job::{JobState, Terminal};
use crate::run_times::{QueueFront, RunTimes, sum_cdf, sum_excess};

/// The timer's resolution, kept free below [`PollPolicy::max_detection_delay`].
const TIMER_SLACK: Duration = Duration::from_millis(1);

/// Samples a distribution must rest on before a job found done at the first call is learned
/// as the distribution's median within its bounds (before, as the bounds themselves).
const ESTABLISHED: usize = 8;

/// The share of first calls that explore below every run seen.
pub(super) const EXPLORE: f64 = 1.0 / 16.0;

/// How far off a queue's predicted start is assumed to be, relative to the predicted wait,
/// before anything was measured (and at most, whatever was): queues move in bursts.
pub(super) const START_ERROR_PRIOR: f64 = 0.5;

/// The least relative error a start prediction is assumed to have, however good the
/// predictions were so far.
const START_ERROR_FLOOR: f64 = 0.1;

/// How many start predictions of one wait are scored once the start is seen (the latest).
const PREDICTIONS_KEPT: usize = 16;

/// The start errors measured are multiplied by this before use: the largest of the last few
/// is a sample, and a window too narrow on its early side makes the job found late.
const START_ERROR_MARGIN: f64 = 2.0;

/// The longest time an instant of the schedule is placed from the start of the wait (a
/// bound for the arithmetic; gaps are bounded by [`PollPolicy::longest`]).
const LONGEST_GAP: Duration = Duration::from_secs(365 * 24 * 3600);

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
    pub(super) fn of(state: &JobState) -> Option<Seen> {
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
    pub(super) last: Option<Seen>,
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
    /// How far off the start predictions of other waits of the same model were lately
    /// (relative to the wait they predicted), if measured.
    pub(crate) shared_error: Option<f64>,
    /// The queued job of the model submitted last, as another wait saw it (see
    /// [`QueueFront`]).
    pub(super) shared_front: Option<Front>,
    /// The last answer said queued (a sighting to share), and the start window this wait then
    /// predicted, if it knew the queue's pace.
    sighting: bool,
    window: Option<(f64, f64)>,
    /// The first call was aimed past the queue another wait saw: what it saw.
    pub(super) assumed_queue: Option<Front>,
    /// The last prediction of the start while queued: `(made at, predicted start)`.
    prediction: Option<(f64, f64)>,
    /// This wait's last [`PREDICTIONS_KEPT`] start predictions `(made at, predicted start,
    /// queue rate)`, scored against the start once it is seen.
    predictions: std::collections::VecDeque<(f64, f64, f64)>,
    /// The largest relative error of this wait's start predictions, once the start was seen.
    own_error: Option<f64>,
    /// The largest relative change between two successive start predictions of this wait
    /// (a prediction that moves is no better than it moved; one that holds still may still
    /// be off, so this only ever widens the assumed error).
    drift: Option<f64>,
    /// An error measured since the store was last told (see [`Schedule::take_error`]).
    new_error: Option<f64>,
    /// The last plan went by the predicted start without another look at the queue: the
    /// start window it assumed.
    trusting: Option<(f64, f64)>,
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
            shared_error: None,
            shared_front: None,
            sighting: false,
            window: None,
            assumed_queue: None,
            prediction: None,
            predictions: std::collections::VecDeque::new(),
            own_error: None,
            drift: None,
            new_error: None,
            trusting: None,
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
        self.window = None;
        self.sighting = matches!(seen, Seen::Queued(_));
        if self.assumed_queue.is_some() {
            self.behind = true;
        }
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
                if let Some((rate, position)) = position.and_then(|_| self.queue_rate()) {
                    let predicted = sent_s + (position + 1.0) / rate;
                    // The previous prediction, against this one (a proxy of its error until the
                    // start is seen).
                    if let Some((made, earlier)) = self.prediction
                        && let Some(e) = relative_error((earlier - predicted).abs(), earlier - made, rate)
                    {
                        self.drift = Some(self.drift.map_or(e, |d| d.max(e)));
                    }
                    self.prediction = Some((sent_s, predicted));
                    if self.predictions.len() >= PREDICTIONS_KEPT {
                        self.predictions.pop_front();
                    }
                    self.predictions.push_back((sent_s, predicted, rate));
                    self.window = Some(self.start_window(sent_s, (position + 1.0) / rate, rate));
                }
            }
            Seen::Running => {
                if changed {
                    self.start = match (self.queued_send_s, self.submitted) {
                        // Never behind another job: it started when it was submitted (the
                        // dispatch belongs to its run, as for a job never seen queued).
                        (_, Some(sub)) if !self.behind => Some((sub, sub)),
                        // Since the last look (no later than a trusted prediction said).
                        (Some(q), _) => Some(within(self.trusting, q, recv_s)),
                        // Never seen queued, but the first call was aimed past a queue.
                        // It was queued when the job ahead was last seen queued.
                        (None, Some(sub)) if let Some(f) = self.assumed_queue => {
                            Some(within(f.window, sub.max(f.seen_queued).min(recv_s), recv_s))
                        }
                        (None, sub) => sub.map(|s| (s, s)),
                    };
                    // The start is seen between the last look that saw the job queued and this
                    // answer: every prediction made while queued is scored against that
                    // (beyond the bracket), the ones made far ahead as well as the near ones.
                    if let Some(q) = self.queued_send_s {
                        let (mid, half) = (0.5 * (q + recv_s), 0.5 * (recv_s - q));
                        let worst = self
                            .predictions
                            .drain(..)
                            .filter_map(|(made, predicted, rate)| {
                                let miss = ((predicted - mid).abs() - half).max(0.0);
                                relative_error(miss, predicted - made, rate)
                            })
                            .reduce(f64::max);
                        if let Some(e) = worst {
                            self.own_error = Some(self.own_error.map_or(e, |o| o.max(e)));
                            self.new_error = Some(self.new_error.map_or(e, |n| n.max(e)));
                        }
                    }
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
                // Seen queued, but running no later after its submit than its end is known
                // to (the gap between the last two calls): learned from the submit, as a job
                // never seen queued is. Measured from the start it would differ by less than
                // its own uncertainty, and a model's samples would measure two things (the
                // first jobs of a model, looked at from their submit, are seen queued while
                // they are dispatched; the jobs after them are not looked at before they end).
                let start = match (start, self.submitted, prev_send) {
                    (Some((_, s_hi)), Some(sub), Some(p)) if self.behind && s_hi - sub <= recv_s - p => {
                        Some((sub, sub))
                    }
                    (start, _, _) => start,
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

    /// The start window of a job predicted to wait `wait` more seconds (from `t`) in a queue
    /// moving `rate` positions per second.
    fn start_window(&self, t: f64, wait: f64, rate: f64) -> (f64, f64) {
        // Queues move in bursts (workers free up together): the start is known only as
        // closely as the predictions so far turned out to be (half the wait at first). A
        // position is one job: no better than one job's worth of the queue's pace either side.
        let error = self.start_error();
        (
            t + ((1.0 - error) * wait - 1.0 / rate).max(0.0),
            t + (1.0 + error) * wait + 1.0 / rate,
        )
    }

    /// Takes what another wait of the model saw and predicted of its queued job (see
    /// [`QueueFront`]).
    pub(crate) fn set_shared_front(&mut self, front: Option<QueueFront>) {
        self.shared_front = front.map(|f| Front {
            submitted: self.rel(f.submitted),
            seen_queued: self.rel(f.seen_queued),
            window: f.window.map(|(lo, hi)| (self.rel(lo), self.rel(hi))),
        });
    }

    /// What this wait saw of its queued job at its last answer, to share.
    pub(crate) fn front(&self) -> Option<QueueFront> {
        if !self.sighting {
            return None;
        }
        Some(QueueFront {
            submitted: self.instant(self.submitted?),
            seen_queued: self.instant(self.queued_send_s?),
            window: self.window.map(|(lo, hi)| (self.instant(lo), self.instant(hi))),
        })
    }

    /// The submit instant, if known.
    pub(crate) fn submitted_at(&self) -> Option<Instant> {
        self.submitted.map(|s| self.instant(s))
    }

    /// What the job submitted at `sub` can take from the queued job another wait saw: that job
    /// was submitted before it (so it waits behind it, in a queue served in order), it was
    /// queued when last seen (so this one was too), and it starts within its window (so this
    /// one no sooner, and later by at most the time between the two submits, in a queue that
    /// moves as fast as it fills; later still only costs calls).
    fn front_behind(&self, sub: f64) -> Option<Front> {
        let f = self.shared_front?;
        let window_valid = f
            .window
            .is_none_or(|(lo, hi)| lo.is_finite() && hi.is_finite() && hi >= lo);
        let valid = f.submitted.is_finite()
            && f.seen_queued.is_finite()
            && window_valid
            && f.submitted <= sub
            && f.seen_queued >= sub;
        valid.then(|| Front {
            submitted: sub,
            seen_queued: f.seen_queued,
            window: f.window.map(|(lo, hi)| (lo.max(sub), hi + (sub - f.submitted))),
        })
    }

    /// The largest start-prediction error measured since the last call, to share with the
    /// other waits of the model.
    pub(crate) fn take_error(&mut self) -> Option<f64> {
        self.new_error.take()
    }

    /// How far off a predicted start is assumed to be, relative to the predicted wait: the
    /// error of the predictions whose start was seen (this wait's and the recent ones of the
    /// other waits of the model, the larger), or this wait's drift if larger, within
    /// [`START_ERROR_FLOOR`] and [`START_ERROR_PRIOR`]; the prior before any start was seen.
    pub(crate) fn start_error(&self) -> f64 {
        let shared = self.shared_error.filter(|e| e.is_finite() && *e >= 0.0);
        let seen = match (self.own_error, shared) {
            (None, None) => return START_ERROR_PRIOR,
            (a, b) => a.unwrap_or(0.0).max(b.unwrap_or(0.0)),
        };
        (START_ERROR_MARGIN * seen)
            .max(self.drift.unwrap_or(0.0))
            .clamp(START_ERROR_FLOOR, START_ERROR_PRIOR)
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
        self.trusting = None;
        self.mean_delay_aim = policy.max_mean_delay.map_or(f64::INFINITY, secs).max(0.0);
        // (target, local gap): un-jittered.
        // Before the first call: behind a queued job another wait of the model saw?
        let ahead = match (self.last, self.submitted) {
            (None, Some(sub)) => {
                self.assumed_queue = self.front_behind(sub).or(self.assumed_queue);
                self.assumed_queue
            }
            _ => None,
        };
        let (target, local) = match (self.last, policy.predict) {
            (None, true) => match (self.submitted, runs, ahead) {
                // As if this wait had seen its job queued when the job ahead was seen queued:
                // the same looks at the queue (at the latest nearly the shortest run after that
                // sighting, so that a job that started right after it is seen running), or,
                // when the start window is as narrow as looks would make it, the completion.
                (Some(sub), Some(runs), Some(front)) => {
                    unit = (unit - EXPLORE).max(0.0) / (1.0 - EXPLORE);
                    let t0 = now_s.max(sub);
                    let cap = (0.9 * secs(runs.quantile(0.05))).max(min_gap);
                    let look = |lo: f64| (lo.min(front.seen_queued + cap).max(now_s), cap);
                    match front.window {
                        Some(window) => {
                            let bracket = self.start_gap(window.1 - t0, runs_width(runs), cost, min_gap);
                            match self.completion_plan(runs, window, t0, cost, min_gap) {
                                Some(p) if window.1 - window.0 <= bracket => {
                                    self.trusting = Some(window);
                                    p
                                }
                                _ => {
                                    let (at, local) = look(window.0);
                                    (at, local.min(bracket))
                                }
                            }
                        }
                        // The queue's pace unknown: a look nearly the shortest run after the
                        // sighting.
                        None => look(f64::INFINITY),
                    }
                }
                // One first call in EXPLORE is placed 10 % below the shortest run seen, so
                // that a model that got faster is noticed (otherwise every first call finds
                // its job done and learns nothing new).
                (Some(sub), Some(runs), None) if unit < EXPLORE => {
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
                (Some(sub), Some(runs), None) => {
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
        // whatever the queue's rate looked like. Unless the start is predicted as closely as
        // looks would bracket it: the completion's schedule then takes over.
        match runs {
            Some(_) if self.trusting.is_some() => (target, local),
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
            let start = self.start_window(t, wait, rate);
            let on_completion = runs.and_then(|r| self.completion_plan(r, start, t, cost, min_gap));
            // Look at the queue again: at half the predicted wait while that is long, then
            // often enough to bracket the start (see `start_gap`).
            let runs_width = runs.map_or(0.0, runs_width);
            let bracket = self.start_gap(start.1 - t, runs_width, cost, min_gap);
            // The prediction brackets the start as closely as looks would: no more looks.
            if start.1 - start.0 <= bracket
                && let Some(a) = on_completion
            {
                self.trusting = Some(start);
                return a;
            }
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
    /// itself, whichever is larger; at most twice [`PollPolicy::max_mean_delay`].
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
        // A start known within `g` leaves a job that started right after a look and runs its
        // shortest run up to `g` late: at most twice the mean delay aimed at (the first job
        // behind a queue, whose predictions are assumed off by half the wait, was found 8 s
        // late without this).
        let widest = (2.0 * self.mean_delay_aim).max(min_gap);
        if g.is_finite() {
            g.clamp(min_gap, u).min(widest)
        } else {
            u.min(widest)
        }
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

/// The start of a job last seen queued at `since` and running at `seen`, when the plan that
/// made this call trusted the start `window` (if it did): no later than the window's end (a
/// start assumed too early only costs calls), but never narrowed by the window's beginning (a
/// prediction off on the early side would make the job found late).
fn within(window: Option<(f64, f64)>, since: f64, seen: f64) -> (f64, f64) {
    match window {
        Some((_, hi)) if hi >= since => (since, seen.min(hi)),
        _ => (since, seen),
    }
}

/// A queued job as a wait saw it, seconds since this wait began (see [`QueueFront`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Front {
    submitted: f64,
    seen_queued: f64,
    window: Option<(f64, f64)>,
}

/// How wide the run times are spread: the 5 % to 95 % range, over 0.9.
fn runs_width(runs: &RunTimes) -> f64 {
    let (lo, hi) = (secs(runs.quantile(0.05)), secs(runs.quantile(0.95)));
    (hi - lo) / 0.9
}

/// A start prediction `miss` seconds off, for a wait of `wait` seconds predicted at a queue
/// moving `rate` positions per second, relative to the wait (at most 1).
fn relative_error(miss: f64, wait: f64, rate: f64) -> Option<f64> {
    // A wait shorter than two positions' worth is within the positions' resolution.
    let wait = wait.max(if rate > 0.0 { 2.0 / rate } else { 0.0 });
    let error = (miss / wait).min(1.0);
    (error.is_finite() && wait > 0.0).then_some(error)
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
