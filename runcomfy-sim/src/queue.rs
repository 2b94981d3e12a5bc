//! The job queue, simulated lazily: nothing runs in the background; every request first
//! brings the queue up to the current simulated time. The same inputs and clock readings
//! always give the same states.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use runcomfy_wire::WireStatus;
use serde::{Deserialize, Serialize};

use crate::outputs::Plan;

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

/// A job: what it is, when things happen to it, and what it produces (decided at submit, so
/// the request body is not kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Job {
    pub(crate) id: String,
    pub(crate) model_id: String,
    /// SHA-256 (hex) of the token that submitted it: jobs belong to a token, and the token
    /// itself is never kept (a state file holds this).
    pub(crate) owner: String,
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
    /// Its files.
    pub(crate) plan: Plan,
    /// What it costs once completed, in USD.
    pub(crate) cost_usd: f64,
}

/// The jobs and the workers running them. Serializable: a state file holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Queue {
    workers: usize,
    /// Simulated time the queue has been brought up to.
    t: Duration,
    jobs: HashMap<String, Job>,
    queued: VecDeque<String>,
    running: Vec<(Duration, String)>,
    /// Jobs that completed since the last [`Queue::take_completed`] (their outputs are
    /// rendered once, right then).
    #[serde(skip)]
    completed: Vec<String>,
    /// Counts every change, so that a state file is written only when something changed.
    #[serde(skip)]
    changes: u64,
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
            changes: 0,
        }
    }

    /// How many changes were made so far (submits, state changes, cancels).
    pub(crate) fn changes(&self) -> u64 {
        self.changes
    }

    /// The simulated time the queue has been brought up to.
    pub(crate) fn time(&self) -> Duration {
        self.t
    }

    /// Every job.
    pub(crate) fn jobs(&self) -> impl Iterator<Item = &Job> {
        self.jobs.values()
    }

    /// Is `id` taken?
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.jobs.contains_key(id)
    }

    /// Sets the number of workers (a restored queue runs with this process's setting).
    pub(crate) fn set_workers(&mut self, workers: usize) {
        self.workers = workers.max(1);
    }

    /// Checks that the queue is consistent (what a state file must hold): every queued and
    /// running id is a job in that state, listed once, and every job in those states is
    /// listed. Returns the first problem.
    pub(crate) fn check(&self) -> Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        for id in self.queued.iter().chain(self.running.iter().map(|(_, id)| id)) {
            if !seen.insert(id.as_str()) {
                return Err(format!("job {id:?} is listed twice"));
            }
        }
        for id in &self.queued {
            match self.jobs.get(id) {
                Some(j) if j.state == JobState::Queued => {}
                _ => return Err(format!("queued job {id:?} is not a queued job")),
            }
        }
        for (_, id) in &self.running {
            match self.jobs.get(id) {
                Some(j) if j.state == JobState::Running => {}
                _ => return Err(format!("running job {id:?} is not a running job")),
            }
        }
        for (id, job) in &self.jobs {
            if &job.id != id {
                return Err(format!("job {id:?} holds the id {:?}", job.id));
            }
            if matches!(job.state, JobState::Queued | JobState::Running) && !seen.contains(id.as_str()) {
                return Err(format!("job {id:?} is {:?} but not listed", job.state));
            }
        }
        Ok(())
    }

    /// Forgets the oldest finished jobs beyond `keep` jobs in all (what a state file keeps).
    pub(crate) fn forget_oldest_finished(&mut self, keep: usize) {
        if self.jobs.len() <= keep {
            return;
        }
        let mut finished: Vec<(Duration, String)> = self
            .jobs
            .values()
            .filter(|j| j.finished.is_some())
            .map(|j| (j.created, j.id.clone()))
            .collect();
        finished.sort();
        let extra = self.jobs.len() - keep;
        for (_, id) in finished.into_iter().take(extra) {
            self.jobs.remove(&id);
        }
        self.changes += 1;
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
                self.changes += 1;
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
                            self.changes += 1;
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
        self.changes += 1;
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
                self.changes += 1;
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
            owner: "t".into(),
            created: Duration::ZERO,
            eligible: Duration::from_secs(eligible),
            run: Duration::from_secs(run),
            failure: fail.then(|| "boom".into()),
            state: JobState::Queued,
            finished: None,
            output_seed: 0,
            plan: Plan {
                kind: crate::outputs::OutputKindWire::Image,
                items: Vec::new(),
                poster: None,
            },
            cost_usd: 0.0,
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
