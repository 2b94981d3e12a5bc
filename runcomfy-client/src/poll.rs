//! Waiting for a job: adaptive polling, progress events, deadlines.

use std::time::Duration;

use futures_util::{Stream, StreamExt};
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::job::{CancelOutcome, JobRef, JobState, Terminal};
use crate::{Client, Error, ErrorKind};

/// How often to ask for a job's status: a short first interval, growing by `factor` up to
/// `max`, with ±`jitter` (a fraction), and back to `first` whenever the state changes
/// (queued -> running).
///
/// ```
/// use std::time::Duration;
/// use runcomfy_client::PollPolicy;
/// let p = PollPolicy::default();
/// let d: Vec<Duration> = p.intervals().take(12).collect();
/// assert!(d[0] < Duration::from_secs(1));
/// assert!(d.windows(2).all(|w| w[0] <= w[1]));
/// assert_eq!(*d.last().unwrap(), Duration::from_secs(5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollPolicy {
    /// The first interval (default 500 ms).
    pub first: Duration,
    /// Growth per poll without a state change (default 1.5).
    pub factor: f64,
    /// The cap (default 5 s).
    pub max: Duration,
    /// Random spread, a fraction of the interval (default 0.1 = ±10 %).
    pub jitter: f64,
    /// When a job starts running and the client has seen jobs of the same model run before,
    /// sleep until shortly before the expected end (80 % of the learned run time) instead of
    /// polling from `first` (default true).
    pub learn_run_times: bool,
}

impl Default for PollPolicy {
    fn default() -> Self {
        Self {
            first: Duration::from_millis(500),
            factor: 1.5,
            max: Duration::from_secs(5),
            jitter: 0.1,
            learn_run_times: true,
        }
    }
}

impl PollPolicy {
    /// A fixed interval, no growth, no jitter (what other clients do; for comparisons).
    pub fn fixed(every: Duration) -> Self {
        Self {
            first: every,
            factor: 1.0,
            max: every,
            jitter: 0.0,
            learn_run_times: false,
        }
    }

    /// The interval after `current` when nothing changed.
    pub fn next(&self, current: Duration) -> Duration {
        let factor = if self.factor.is_finite() && self.factor >= 1.0 {
            self.factor
        } else {
            1.0
        };
        scale(current, factor).min(self.max.max(self.first))
    }

    /// The un-jittered intervals while nothing changes.
    pub fn intervals(&self) -> impl Iterator<Item = Duration> + use<> {
        let p = *self;
        std::iter::successors(Some(p.first), move |d| Some(p.next(*d)))
    }

    fn jittered(&self, d: Duration) -> Duration {
        let j = if self.jitter.is_finite() {
            self.jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        if j == 0.0 {
            return d;
        }
        scale(d, 1.0 + j * (fastrand::f64() * 2.0 - 1.0))
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
    /// Give up after this long ([`ErrorKind::DeadlineExceeded`], with the request id). A
    /// deadline too far in the future to represent means no deadline.
    pub deadline: Option<Duration>,
    /// On the deadline, also ask the API to cancel the job (only a queued job can be).
    pub cancel_on_deadline: bool,
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

struct PollState {
    client: Client,
    id: String,
    policy: PollPolicy,
    interval: Duration,
    last: Option<JobState>,
    started: Instant,
    deadline: Option<Instant>,
    cancel_on_deadline: bool,
    polls: u32,
    done: bool,
    gate: Option<Arc<Semaphore>>,
    model: Option<String>,
    running_since: Option<Instant>,
    jumped: bool,
}

impl PollState {
    async fn deadline_error(&mut self) -> Error {
        self.done = true;
        let cancel: Option<CancelOutcome> = if self.cancel_on_deadline {
            self.client.cancel(&JobRef::new(self.id.clone())).await.ok()
        } else {
            None
        };
        Error::new(
            ErrorKind::DeadlineExceeded,
            format!("waited {:.1} s", self.started.elapsed().as_secs_f64()),
        )
        .with_request_id(&self.id)
        .with_cancel(cancel)
    }

    async fn step(&mut self) -> Option<Result<Progress, Error>> {
        if self.done {
            return None;
        }
        if self.polls > 0 {
            let mut wait = self.policy.jittered(self.interval);
            if let Some(deadline) = self.deadline {
                wait = wait.min(deadline.saturating_duration_since(Instant::now()));
            }
            tokio::time::sleep(wait).await;
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Some(Err(self.deadline_error().await));
        }
        self.polls += 1;
        let _permit = match &self.gate {
            Some(gate) => gate.clone().acquire_owned().await.ok(),
            None => None,
        };
        let job = JobRef::new(self.id.clone());
        let status = match self.deadline {
            Some(d) => match tokio::time::timeout_at(d, self.client.status(&job)).await {
                Ok(s) => s,
                Err(_) => return Some(Err(self.deadline_error().await)),
            },
            None => self.client.status(&job).await,
        };
        let status = match status {
            Ok(s) => s,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        if let JobState::Unknown(s) = &status.state {
            self.done = true;
            return Some(Err(Error::new(
                ErrorKind::UnknownStatus,
                runcomfy_wire::answer::quote(&self.client.redact(s)),
            )
            .with_request_id(&self.id)));
        }
        let changed = self.last.as_ref().is_none_or(|l| !l.same_kind(&status.state));
        let now = Instant::now();
        let learned = match (&self.model, self.policy.learn_run_times) {
            (Some(model), true) => self.client.learned_run_time(model),
            _ => None,
        };
        self.interval = match (changed, &status.state, learned) {
            (true, JobState::Running, Some(t)) => {
                self.jumped = true;
                scale(t, 0.8).max(self.policy.first)
            }
            (true, _, _) => self.policy.first,
            (false, _, _) if self.jumped => {
                self.jumped = false;
                self.policy.first
            }
            (false, _, _) => self.policy.next(self.interval),
        };
        if changed && status.state == JobState::Running {
            self.running_since = Some(now);
        }
        if let (JobState::Finished(Terminal::Completed), Some(since), Some(model)) =
            (&status.state, self.running_since, &self.model)
        {
            self.client.learn_run_time(model, now.saturating_duration_since(since));
        }
        self.done = status.state.is_terminal();
        self.last = Some(status.state.clone());
        Some(Ok(Progress {
            request_id: self.id.clone(),
            state: status.state,
            polls: self.polls,
            elapsed: self.started.elapsed(),
        }))
    }
}

impl Client {
    /// A stream of progress events for any job: one per status poll, the first right away,
    /// the last a [`JobState::Finished`] (or an error: deadline, unknown status, a call that
    /// failed after its retries). Every event and error carries the request id.
    pub fn progress<J: AsRef<JobRef>>(
        &self,
        job: &J,
        opts: &WaitOptions,
    ) -> impl Stream<Item = Result<Progress, Error>> + Send + use<J> {
        self.progress_gated(job.as_ref(), opts, None)
    }

    /// Progress events whose status calls each hold a permit of `gate`.
    pub(crate) fn progress_gated(
        &self,
        job: &JobRef,
        opts: &WaitOptions,
        gate: Option<Arc<Semaphore>>,
    ) -> impl Stream<Item = Result<Progress, Error>> + Send + use<> {
        let policy = opts.poll.unwrap_or(self.inner.poll);
        let started = Instant::now();
        let state = PollState {
            client: self.clone(),
            id: job.request_id().to_owned(),
            policy,
            interval: policy.first,
            last: None,
            started,
            // A deadline too far away to represent is no deadline (never a panic).
            deadline: opts.deadline.and_then(|d| started.checked_add(d)),
            cancel_on_deadline: opts.cancel_on_deadline,
            polls: 0,
            done: false,
            gate,
            model: job.model_id().map(str::to_owned),
            running_since: None,
            jumped: false,
        };
        futures_util::stream::unfold(state, |mut s| async move { s.step().await.map(|item| (item, s)) })
    }

    /// Waits until any job ends; returns how it ended. Use [`Client::job_result`] (or the
    /// typed [`Client::result`]) for the output.
    pub async fn wait(&self, job: &impl AsRef<JobRef>, opts: &WaitOptions) -> Result<Terminal, Error> {
        let id = job.as_ref().request_id().to_owned();
        let stream = self.progress(job, opts);
        futures_util::pin_mut!(stream);
        while let Some(event) = stream.next().await {
            if let JobState::Finished(t) = event?.state {
                return Ok(t);
            }
        }
        // The stream always ends with a terminal state or an error.
        Err(Error::new(ErrorKind::UnknownStatus, "the wait ended without a final status").with_request_id(&id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_grow_to_the_cap() {
        let p = PollPolicy {
            first: Duration::from_millis(100),
            factor: 2.0,
            max: Duration::from_millis(500),
            jitter: 0.0,
            learn_run_times: false,
        };
        let d: Vec<u128> = p.intervals().take(5).map(|d| d.as_millis()).collect();
        assert_eq!(d, vec![100, 200, 400, 500, 500]);
        let fixed: Vec<_> = PollPolicy::fixed(Duration::from_secs(2)).intervals().take(3).collect();
        assert_eq!(fixed, vec![Duration::from_secs(2); 3]);
        let jittered = PollPolicy { jitter: 0.5, ..p };
        for _ in 0..100 {
            let j = jittered.jittered(Duration::from_millis(100));
            assert!(j >= Duration::from_millis(50) && j <= Duration::from_millis(150));
        }
    }
}
