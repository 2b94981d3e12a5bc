//! The job queue, simulated lazily: nothing runs in the background; every request first
//! brings the queue up to the current simulated time. The same inputs and clock readings
//! always give the same states.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use runcomfy_wire::WireStatus;
use serde_json::Value;

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JobState {
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}

impl JobState {
    pub(crate) fn wire(self) -> WireStatus {
        match self {
            JobState::Queued => WireStatus::InQueue,
            JobState::Running => WireStatus::InProgress,
            JobState::Completed => WireStatus::Completed,
            JobState::Failed => WireStatus::Failed,
            JobState::Cancelled => WireStatus::Cancelled,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) id: String,
    pub(crate) model_id: String,
    pub(crate) token: String,
    pub(crate) body: Arc<Value>,
    /// Simulated time of the submit.
    pub(crate) created: Duration,
    /// Simulated time when a worker may first take it.
    pub(crate) eligible: Duration,
    /// How long it runs.
    pub(crate) run: Duration,
    /// `Some(message)` when it will fail.
    pub(crate) failure: Option<String>,
    pub(crate) state: JobState,
    /// Simulated time when it completed, failed or was cancelled.
    pub(crate) finished: Option<Duration>,
    /// Seed for its outputs.
    pub(crate) output_seed: u64,
}

#[derive(Debug)]
pub(crate) struct Queue {
    workers: usize,
    /// Simulated time the queue has been brought up to.
    t: Duration,
    jobs: HashMap<String, Job>,
    queued: VecDeque<String>,
    running: Vec<(Duration, String)>,
    /// Jobs that completed since the last [`Queue::take_completed`] (their outputs are
    /// rendered once, right then).
    completed: Vec<String>,
}

/// What a cancel did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CancelOutcome {
    Cancelled,
    NotCancellable,
}

impl Queue {
    pub(crate) fn new(workers: usize) -> Self {
        Self {
            workers: workers.max(1),
            t: Duration::ZERO,
            jobs: HashMap::new(),
            queued: VecDeque::new(),
            running: Vec::new(),
            completed: Vec::new(),
        }
    }

    /// Brings every job up to simulated time `now`.
    pub(crate) fn advance(&mut self, now: Duration) {
        loop {
            while self.running.len() < self.workers {
                let Some(id) = self.queued.front() else { break };
                let Some(job) = self.jobs.get_mut(id) else {
                    self.queued.pop_front();
                    continue;
                };
                if job.eligible > self.t {
                    break;
                }
                job.state = JobState::Running;
                let end = self.t.saturating_add(job.run);
                let id = id.clone();
                self.queued.pop_front();
                self.running.push((end, id));
            }
            let next_end = self.running.iter().map(|(end, _)| *end).min();
            let next_eligible = if self.running.len() < self.workers {
                self.queued.front().and_then(|id| self.jobs.get(id)).map(|j| j.eligible)
            } else {
                None
            };
            let next = match (next_end, next_eligible) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            match next {
                Some(t) if t <= now => {
                    self.t = self.t.max(t);
                    let t = self.t;
                    let (done, still): (Vec<_>, Vec<_>) = self.running.drain(..).partition(|(end, _)| *end <= t);
                    self.running = still;
                    for (_, id) in done {
                        if let Some(job) = self.jobs.get_mut(&id) {
                            job.finished = Some(t);
                            job.state = if job.failure.is_some() {
                                JobState::Failed
                            } else {
                                self.completed.push(id.clone());
                                JobState::Completed
                            };
                        }
                    }
                }
                _ => {
                    self.t = self.t.max(now);
                    break;
                }
            }
        }
    }

    pub(crate) fn submit(&mut self, job: Job, now: Duration) {
        self.advance(now);
        self.queued.push_back(job.id.clone());
        self.jobs.insert(job.id.clone(), job);
        self.advance(now);
    }

    /// The jobs completed since the last call, oldest first.
    pub(crate) fn take_completed(&mut self) -> Vec<String> {
        std::mem::take(&mut self.completed)
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Job> {
        self.jobs.get(id)
    }

    /// Jobs ahead of `id` in the queue (0 = next), while it is queued.
    pub(crate) fn queue_position(&self, id: &str) -> Option<usize> {
        self.queued.iter().position(|q| q == id)
    }

    pub(crate) fn cancel(&mut self, id: &str, now: Duration) -> CancelOutcome {
        self.advance(now);
        match self.queue_position(id) {
            Some(pos) => {
                self.queued.remove(pos);
                if let Some(job) = self.jobs.get_mut(id) {
                    job.state = JobState::Cancelled;
                    job.finished = Some(self.t);
                }
                CancelOutcome::Cancelled
            }
            None => CancelOutcome::NotCancellable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str, eligible: u64, run: u64, fail: bool) -> Job {
        Job {
            id: id.into(),
            model_id: "a/b".into(),
            token: "t".into(),
            body: Arc::new(Value::Null),
            created: Duration::ZERO,
            eligible: Duration::from_secs(eligible),
            run: Duration::from_secs(run),
            failure: fail.then(|| "boom".into()),
            state: JobState::Queued,
            finished: None,
            output_seed: 0,
        }
    }

    #[test]
    fn one_worker_runs_jobs_in_order() {
        let s = Duration::from_secs;
        let mut q = Queue::new(1);
        q.submit(job("a", 1, 10, false), s(0));
        q.submit(job("b", 1, 10, true), s(0));
        q.submit(job("c", 1, 10, false), s(0));
        assert_eq!(q.get("a").unwrap().state, JobState::Queued);
        assert_eq!(q.queue_position("c"), Some(2));
        q.advance(s(1));
        assert_eq!(q.get("a").unwrap().state, JobState::Running);
        assert_eq!(q.queue_position("c"), Some(1));
        assert_eq!(q.cancel("a", s(2)), CancelOutcome::NotCancellable);
        q.advance(s(11));
        assert_eq!(q.get("a").unwrap().state, JobState::Completed);
        assert_eq!(q.get("b").unwrap().state, JobState::Running);
        assert_eq!(q.cancel("c", s(12)), CancelOutcome::Cancelled);
        q.advance(s(100));
        assert_eq!(
            q.take_completed(),
            vec!["a".to_owned()],
            "failed and cancelled jobs have no outputs"
        );
        assert!(q.take_completed().is_empty());
        assert_eq!(q.get("b").unwrap().state, JobState::Failed);
        assert_eq!(q.get("c").unwrap().state, JobState::Cancelled);
        // Finish times are the simulated instants of the events.
        let finished = |id: &str| q.get(id).unwrap().finished;
        assert_eq!(finished("a"), Some(s(11)));
        assert_eq!(finished("b"), Some(s(21)));
        assert_eq!(finished("c"), Some(s(12)));
    }

    #[test]
    fn two_workers_overlap() {
        let s = Duration::from_secs;
        let mut q = Queue::new(2);
        q.submit(job("a", 0, 5, false), s(0));
        q.submit(job("b", 0, 5, false), s(0));
        q.submit(job("c", 0, 5, false), s(0));
        assert_eq!(q.get("b").unwrap().state, JobState::Running);
        assert_eq!(q.queue_position("c"), Some(0));
        q.advance(s(5));
        assert_eq!(q.get("c").unwrap().state, JobState::Running);
        q.advance(s(10));
        assert_eq!(q.get("c").unwrap().state, JobState::Completed);
    }
}
