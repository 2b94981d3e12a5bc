//! Many jobs at once: bounded submit and poll concurrency, an optional shared rate limit,
//! results in completion order, remote cancellation of queued jobs.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::time::Instant;

use crate::job::{CancelOutcome, Job, JobOutput, JobState};
use crate::{Client, Endpoint, Error, WaitOptions};

/// A rate limit shared by every clone (and every client it is given to): at most `n` calls
/// per second, spaced evenly.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let limit = runcomfy_client::RateLimit::per_second(1000.0);
/// let start = tokio::time::Instant::now();
/// for _ in 0..5 { limit.acquire().await; }
/// assert!(start.elapsed() >= std::time::Duration::from_millis(4));
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct RateLimit {
    every: Duration,
    next: Arc<Mutex<Option<Instant>>>,
}

impl RateLimit {
    /// At most `n` per second (`n` at least 0.001).
    pub fn per_second(n: f64) -> RateLimit {
        let n = if n.is_finite() { n.max(0.001) } else { 1e9 };
        RateLimit {
            every: Duration::from_secs_f64(1.0 / n),
            next: Arc::new(Mutex::new(None)),
        }
    }

    /// Waits for the next free slot.
    pub async fn acquire(&self) {
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let now = Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.every);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

/// One finished item of a [`Runner`] run: the caller's key, the request, and its result.
#[derive(Debug)]
pub struct Finished<K, E: Endpoint> {
    /// What the caller passed with the request.
    pub key: K,
    /// The request.
    pub request: E,
    /// The job's request id, if it was submitted.
    pub request_id: Option<String>,
    /// Output, or the error (carrying the request id once submitted).
    pub result: Result<JobOutput<E>, Error>,
}

/// Runs many jobs: at most `submit_concurrency` submits and `poll_concurrency` status calls
/// at a time, at most `max_in_flight` jobs submitted and not finished.
///
/// ```no_run
/// # async fn demo(client: runcomfy_client::Client) {
/// use futures_util::StreamExt;
/// use runcomfy_client::Runner;
/// use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image::{Prompt, Request};
///
/// let prompts = ["a fox", "a lighthouse", "a teapot"];
/// let requests = prompts.into_iter().map(|p| (p, Request::new(Prompt::new(p).unwrap())));
/// let mut run = Runner::new(client).submit_concurrency(4).poll_concurrency(16).run_iter(requests);
/// while let Some(done) = run.next().await {
///     match done.result {
///         Ok(out) => println!("{}: {:?}", done.key, out.output.image),
///         Err(e) => eprintln!("{}: {e}", done.key),
///     }
/// }
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Runner {
    client: Client,
    submit_concurrency: usize,
    poll_concurrency: usize,
    max_in_flight: usize,
    wait: WaitOptions,
    include_cost: bool,
}

impl Runner {
    /// A runner with 8 submits, 32 status calls and 1024 jobs in flight at most.
    pub fn new(client: Client) -> Runner {
        Runner {
            client,
            submit_concurrency: 8,
            poll_concurrency: 32,
            max_in_flight: 1024,
            wait: WaitOptions::default(),
            include_cost: true,
        }
    }

    /// Most submits at once.
    pub fn submit_concurrency(mut self, n: usize) -> Self {
        self.submit_concurrency = n.max(1);
        self
    }

    /// Most status calls at once.
    pub fn poll_concurrency(mut self, n: usize) -> Self {
        self.poll_concurrency = n.max(1);
        self
    }

    /// Most jobs submitted and not yet finished.
    pub fn max_in_flight(mut self, n: usize) -> Self {
        self.max_in_flight = n.max(1);
        self
    }

    /// Options of each job's wait (polling policy, deadline).
    pub fn wait_options(mut self, opts: WaitOptions) -> Self {
        self.wait = opts;
        self
    }

    /// Ask for `cost` with each result (default true).
    pub fn include_cost(mut self, yes: bool) -> Self {
        self.include_cost = yes;
        self
    }

    /// Runs the requests of an iterator. See [`Runner::run`].
    pub fn run_iter<K, E, I>(&self, requests: I) -> Run<K, E>
    where
        K: Send + 'static,
        E: Endpoint,
        I: IntoIterator<Item = (K, E)>,
        I::IntoIter: Send + 'static,
    {
        self.run(futures_util::stream::iter(requests))
    }

    /// Runs the requests of a stream; the returned [`Run`] yields them in completion order.
    /// [`Run::cancel`] (or dropping the `Run`) stops submitting and cancels the queued jobs
    /// remotely; running jobs cannot be cancelled and are waited for.
    pub fn run<K, E, S>(&self, requests: S) -> Run<K, E>
    where
        K: Send + 'static,
        E: Endpoint,
        S: Stream<Item = (K, E)> + Send + 'static,
    {
        let (tx, rx) = mpsc::channel(self.max_in_flight.min(4096));
        let (cancel_tx, cancel_rx) = watch::channel(false);
        let runner = self.clone();
        tokio::spawn(drive(runner, requests, tx, cancel_rx));
        Run { rx, cancel: cancel_tx }
    }
}

/// A running batch: a stream of [`Finished`] items in completion order.
#[derive(Debug)]
pub struct Run<K, E: Endpoint> {
    rx: mpsc::Receiver<Finished<K, E>>,
    cancel: watch::Sender<bool>,
}

impl<K, E: Endpoint> Run<K, E> {
    /// Stops submitting; queued jobs are cancelled remotely and come out as
    /// [`Error::Cancelled`]; requests not yet submitted come out the same way with no id.
    pub fn cancel(&self) {
        self.cancel.send_replace(true);
    }
}

impl<K, E: Endpoint> Stream for Run<K, E> {
    type Item = Finished<K, E>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx)
    }
}

async fn cancelled(mut rx: watch::Receiver<bool>) {
    loop {
        if *rx.borrow_and_update() {
            return;
        }
        if rx.changed().await.is_err() {
            // The `Run` was dropped: treat it as a cancel.
            return;
        }
    }
}

async fn drive<K, E, S>(runner: Runner, requests: S, tx: mpsc::Sender<Finished<K, E>>, cancel: watch::Receiver<bool>)
where
    K: Send + 'static,
    E: Endpoint,
    S: Stream<Item = (K, E)> + Send + 'static,
{
    let in_flight = Arc::new(Semaphore::new(runner.max_in_flight));
    let submits = Arc::new(Semaphore::new(runner.submit_concurrency));
    let polls = Arc::new(Semaphore::new(runner.poll_concurrency));
    let requests = requests.fuse();
    futures_util::pin_mut!(requests);
    loop {
        let next = tokio::select! {
            biased;
            () = cancelled(cancel.clone()) => None,
            next = requests.next() => next,
        };
        let Some((key, request)) = next else { break };
        let permit = tokio::select! {
            biased;
            () = cancelled(cancel.clone()) => None,
            p = in_flight.clone().acquire_owned() => p.ok(),
        };
        let Some(permit) = permit else {
            let _ = tx
                .send(Finished {
                    key,
                    request,
                    request_id: None,
                    result: Err(Error::Cancelled { request_id: None }),
                })
                .await;
            break;
        };
        let task = Task {
            client: runner.client.clone(),
            wait: runner.wait,
            include_cost: runner.include_cost,
            submits: submits.clone(),
            polls: polls.clone(),
            cancel: cancel.clone(),
        };
        let tx = tx.clone();
        tokio::spawn(async move {
            let (request_id, result) = task.run(&request).await;
            drop(permit);
            let _ = tx
                .send(Finished {
                    key,
                    request,
                    request_id,
                    result,
                })
                .await;
        });
    }
}

struct Task {
    client: Client,
    wait: WaitOptions,
    include_cost: bool,
    submits: Arc<Semaphore>,
    polls: Arc<Semaphore>,
    cancel: watch::Receiver<bool>,
}

impl Task {
    async fn run<E: Endpoint>(&self, request: &E) -> (Option<String>, Result<JobOutput<E>, Error>) {
        let job = {
            let permit = tokio::select! {
                biased;
                () = cancelled(self.cancel.clone()) => None,
                p = self.submits.acquire() => p.ok(),
            };
            if permit.is_none() {
                return (None, Err(Error::Cancelled { request_id: None }));
            }
            match self.client.submit(request).await {
                Ok(job) => job,
                Err(e) => return (None, Err(e)),
            }
        };
        let id = job.request_id().to_owned();
        (Some(id), self.finish(&job).await)
    }

    async fn finish<E: Endpoint>(&self, job: &Job<E>) -> Result<JobOutput<E>, Error> {
        let id = job.request_id();
        let events = self
            .client
            .progress_gated(id, Some(E::MODEL_ID), &self.wait, Some(self.polls.clone()));
        futures_util::pin_mut!(events);
        let mut cancel_sent = false;
        loop {
            let event = if cancel_sent {
                events.next().await
            } else {
                tokio::select! {
                    biased;
                    () = cancelled(self.cancel.clone()) => {
                        cancel_sent = true;
                        match self.client.cancel_id(id).await {
                            Ok(CancelOutcome::Cancelled) => return Err(Error::Cancelled { request_id: Some(id.to_owned()) }),
                            // Running or finished: the job is charged anyway; wait for it.
                            Ok(_) => continue,
                            Err(e) => return Err(e.with_request_id(id)),
                        }
                    }
                    event = events.next() => event,
                }
            };
            match event {
                Some(Ok(p)) if matches!(p.state, JobState::Finished(_)) => break,
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e),
                None => break,
            }
        }
        self.client.result(job, self.include_cost).await
    }
}
