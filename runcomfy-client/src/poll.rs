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
//!   that saw it running (the time it entered `in_progress`). A run is learned from that start
//!   only when the job may have waited longer than its end is known to (the gap between the
//!   last two calls); otherwise from the submit, so that one model's samples measure one
//!   thing: a model's first jobs, looked at from their submit, are seen queued while they are
//!   dispatched, and the jobs after them are not looked at before they end.
//! * **Queue.** While the job is queued, `queue_position` and its rate of change (positions
//!   per second since the first poll that saw the queue; until this wait has measured it, the
//!   rate another wait of the same model measured in the last 10 minutes, since jobs of one
//!   model wait in one queue) predict the start: `(position + 1) / rate` from now, give or
//!   take the error such predictions turned out to have, and one position's worth. Until a
//!   start was seen, that error is half the wait (queues move in bursts). Once a wait sees its
//!   job start, every prediction it made while the job was queued is scored against the start
//!   (the miss over the wait it predicted); the waits of a model share the largest of their
//!   last 16 scores for 10 minutes, and a wait assumes twice that (at least 10 %, at most
//!   50 %), or more if its own successive predictions moved more. The queue is looked at
//!   again at half the predicted wait while that is long; near the start, often enough to
//!   bracket it: a start known within `g` widens the completion window by `g`, which costs
//!   the run's schedule about `sqrt(2 c / (9 w))` per second (`w` the completion's width,
//!   `c` the call cost), and a look costs one call, so the looks are `sqrt(u sqrt(4.5 c w))`
//!   apart while the start is due within `u`, but at most twice
//!   [`PollPolicy::max_mean_delay`] (a job that starts right after a look and runs its
//!   shortest run is found up to that gap late). When the prediction already brackets the start
//!   that closely, the looks stop and the completion distribution (over the predicted start)
//!   places the next call; a job then seen running is taken to have started after the last
//!   look and no later than the prediction's end (the prediction's beginning is not used: one
//!   off on the early side must not make the job found late). Otherwise the completion
//!   distribution takes over when its first call comes sooner.
//! * **Behind a queued job of the same model.** A job submitted after another job of its model
//!   that a wait has seen queued since (the client keeps, per model, the queued job submitted
//!   last: when its wait last saw it queued, and the start window it predicts once it knows
//!   the queue's pace) waits behind it: it was queued at that sighting too, and starts no
//!   sooner than that job's window opens, and later by at most the time between the two
//!   submits in a queue that moves as fast as it fills (later still only costs calls). Its
//!   first call is then planned as if its own wait had made that sighting: a look at the queue
//!   when the window opens, but no later than nearly the shortest run after the sighting
//!   (without a window, then), or, when the window is as narrow as looks would make it,
//!   straight at the completion. A first call still waiting when another
//!   wait of the model sees its job queued is planned again. In a batch behind a queue, the
//!   jobs submitted after the first do not spend their first calls where they would end
//!   without a queue, and do not look at the queue while the jobs ahead of them do.
//! * **Bounds of the queue looks.** A position that goes up or absurd values (`u64::MAX`)
//!   make the rate unknown, never a panic or a stall: every gap is at most
//!   [`PollPolicy::max_gap`], and while looking at the queue at most 90 % of the 5 % quantile
//!   of the run times (a job that starts right after a look is still running at the next
//!   one).
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
//!
//! # Layout
//!
//! `policy` holds what a user sets ([`PollPolicy`]), `schedule` the maths above (one
//! wait's schedule, pure: no clock, no I/O), and this module the waiter that runs it against
//! the API (deadlines, progress events, the runner's poll gate).

mod policy;
mod schedule;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::Instant;

#[cfg(test)]
use self::policy::GAP_CEILING;
pub use self::policy::PollPolicy;
pub(crate) use self::policy::scale;
#[cfg(test)]
use self::schedule::{EXPLORE, Learned, START_ERROR_PRIOR};
use self::schedule::{Schedule, Seen};
use crate::job::{CancelOutcome, JobRef, JobState, Terminal};
use crate::run_times::{QueueFront, RunTimes};
use crate::{Client, Error, ErrorKind};

/// How long before the deadline the last status call is sent: at most this, and at most
/// [`DEADLINE_LEAD_SHARE`] of the whole deadline (less up to a quarter, the jitter).
const DEADLINE_LEAD: Duration = Duration::from_secs(2);
const DEADLINE_LEAD_SHARE: f64 = 0.1;

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
    /// The model's queue front the current plan was made with (see [`QueueFront`]).
    planned_front: Option<QueueFront>,
}

/// How many times the first call may be planned again while it waits (another wait of the
/// model learned of a queue meanwhile).
const FIRST_CALL_REPLANS: u32 = 64;

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

    /// The model's queue front changed since the current plan was made.
    fn front_moved(&self) -> bool {
        if !self.policy.predict {
            return false;
        }
        let now = self
            .job
            .model_id()
            .and_then(|m| self.client.inner.run_times.queue_front(m));
        now != self.planned_front
    }

    fn plan(&mut self) -> Instant {
        let runs = self.runs();
        if self.policy.predict {
            let store = &self.client.inner.run_times;
            self.schedule.shared_rate = self.job.model_id().and_then(|m| store.queue_rate(m));
            self.schedule.shared_error = self.job.model_id().and_then(|m| store.queue_error(m));
            self.planned_front = self.job.model_id().and_then(|m| store.queue_front(m));
            self.schedule.set_shared_front(self.planned_front);
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
        let mut planned = match self.next {
            Some(at) => at,
            None => self.plan(),
        };
        let mut replans = 0;
        loop {
            let mut at = planned;
            // A call that would come after the deadline is made shortly before it instead,
            // unless one was sent since then: the deadline is declared only after a call near
            // it.
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
            // Before the first call, another wait of the model may have met the queue this one
            // is in (a batch submits many jobs before any is looked at): aim again.
            if self.polls == 0 && replans < FIRST_CALL_REPLANS && self.front_moved() {
                replans += 1;
                planned = self.plan();
                self.next = Some(planned);
                if planned > Instant::now() {
                    continue;
                }
            }
            break;
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
        if let Some(model) = self.job.model_id() {
            let store = &self.client.inner.run_times;
            if let Some(error) = self.schedule.take_error() {
                store.note_queue_error(model, error);
            }
            match (seen, self.schedule.front(), self.schedule.submitted_at()) {
                (Seen::Queued(_), Some(front), _) => store.note_queue_front(model, front),
                (Seen::Queued(_), None, _) | (_, _, None) => {}
                (_, _, Some(submitted)) => store.clear_queue_front(model, submitted),
            }
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
            planned_front: None,
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
