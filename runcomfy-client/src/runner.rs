//! Many jobs at once, of any models (typed or dynamic requests mixed): bounded submit, poll
//! and download concurrency, an optional shared rate limit, results in completion order,
//! remote cancellation of queued jobs.

use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use tokio::sync::{Semaphore, mpsc};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::download::DownloadOptions;
use crate::pipeline::{CompletedJob, Gates, JobEvent, JobOptions, OnInterrupt};
use crate::{Client, Error, ErrorKind, JobRequest, WaitOptions};

/// A rate limit shared by every clone (and every client it is given to): at most `n` calls
/// per second, spaced evenly.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let limit = runcomfy_client::config::RateLimit::per_second(1000.0);
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

/// One finished job of a [`Runner`] run: the caller's key and how the job ended.
#[derive(Debug)]
#[must_use = "a run item carries the job's result or its failure"]
pub struct RunItem<K> {
    /// What the caller passed with the request.
    pub key: K,
    /// The job's request id, if it was submitted.
    pub request_id: Option<String>,
    /// The completed job (result, and files when the runner downloads), or the error
    /// (carrying the request id once submitted).
    pub result: Result<CompletedJob, Error>,
}

/// Runs many jobs through the client's pipeline ([`Client::run_with`]): at most
/// `submit_concurrency` submits, `poll_concurrency` status and result calls and
/// `download_concurrency` downloads at a time, at most `max_in_flight` jobs submitted and not
/// finished. So a run holds at most `submit_concurrency + poll_concurrency` API calls (and
/// about as many connections) at once, however many jobs are in flight or end together. One
/// run may mix models, typed requests and [`DynamicRequest`](crate::DynamicRequest)s: give
/// it `Box<dyn JobRequest>`s (or `DynamicRequest`s).
///
/// ```no_run
/// # async fn demo(client: runcomfy_client::Client) {
/// use futures_util::StreamExt;
/// use runcomfy_client::{DynamicRequest, JobRequest, Runner};
/// use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
///
/// // A typed request and a dynamic one (any model, from its schema) in one run.
/// let schema = runcomfy_client::resolve::compiled("openai/gpt-image-2/text-to-image").unwrap();
/// let requests: Vec<(&str, Box<dyn JobRequest>)> = vec![
///     ("fox", Box::new(flux::Request::new(flux::Prompt::new("a fox").unwrap()))),
///     ("lighthouse", Box::new(DynamicRequest::new(schema, serde_json::json!({"prompt": "a lighthouse"})))),
/// ];
/// let mut run = Runner::new(client).submit_concurrency(4).poll_concurrency(16).run_iter(requests);
/// while let Some(done) = run.next().await {
///     match done.result {
///         Ok(job) => println!("{}: {:?}", done.key, job.result.output.image),
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
    download_concurrency: usize,
    max_in_flight: usize,
    wait: WaitOptions,
    include_cost: bool,
    download: Option<PathBuf>,
    download_options: DownloadOptions,
}

impl Runner {
    /// A runner with 8 submits, 32 status calls, 8 downloads and 1024 jobs in flight at most.
    pub fn new(client: Client) -> Runner {
        Runner {
            client,
            submit_concurrency: 8,
            poll_concurrency: 32,
            download_concurrency: 8,
            max_in_flight: 1024,
            wait: WaitOptions::default(),
            include_cost: true,
            download: None,
            download_options: DownloadOptions::default(),
        }
    }

    /// Most submits at once.
    pub fn submit_concurrency(mut self, n: usize) -> Self {
        self.submit_concurrency = n.max(1);
        self
    }

    /// Most status and result calls at once.
    pub fn poll_concurrency(mut self, n: usize) -> Self {
        self.poll_concurrency = n.max(1);
        self
    }

    /// Most output downloads at once, across all jobs of a run.
    pub fn download_concurrency(mut self, n: usize) -> Self {
        self.download_concurrency = n.max(1);
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

    /// Download every job's outputs into `dir` (default options: files named after each
    /// job's request id).
    pub fn download_to(mut self, dir: impl Into<PathBuf>) -> Self {
        self.download = Some(dir.into());
        self
    }

    /// How outputs are downloaded (size cap, per-job concurrency).
    pub fn download_options(mut self, options: DownloadOptions) -> Self {
        self.download_options = options;
        self
    }

    /// Runs the requests of an iterator. See [`Runner::run`].
    pub fn run_iter<K, R, I>(&self, requests: I) -> Run<K>
    where
        K: Send + 'static,
        R: JobRequest + 'static,
        I: IntoIterator<Item = (K, R)>,
        I::IntoIter: Send + 'static,
    {
        self.run(futures_util::stream::iter(requests))
    }

    /// Runs the requests of a stream; the returned [`Run`] yields them in completion order.
    /// [`Run::cancel`] (or dropping the `Run`) stops submitting and cancels the queued jobs
    /// remotely; running jobs cannot be cancelled and are waited for.
    pub fn run<K, R, S>(&self, requests: S) -> Run<K>
    where
        K: Send + 'static,
        R: JobRequest + 'static,
        S: Stream<Item = (K, R)> + Send + 'static,
    {
        let (tx, rx) = mpsc::channel(self.max_in_flight.min(4096));
        let cancel = CancellationToken::new();
        let runner = self.clone();
        tokio::spawn(drive(runner, requests, tx, cancel.clone()));
        Run {
            rx,
            cancel: cancel.drop_guard(),
        }
    }
}

/// A running batch: a stream of [`RunItem`]s in completion order.
#[derive(Debug)]
pub struct Run<K> {
    rx: mpsc::Receiver<RunItem<K>>,
    /// Cancels the run when the `Run` is dropped.
    cancel: tokio_util::sync::DropGuard,
}

impl<K> Run<K> {
    /// Stops submitting; queued jobs are cancelled remotely and come out as
    /// [`ErrorKind::Cancelled`]; requests not yet submitted come out the same way with no id.
    pub fn cancel(&self) {
        self.cancel.token().cancel();
    }
}

impl<K> Stream for Run<K> {
    type Item = RunItem<K>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx)
    }
}

fn not_submitted() -> Error {
    Error::new(
        ErrorKind::Cancelled,
        "the run was cancelled before this request was submitted",
    )
}

async fn drive<K, R, S>(runner: Runner, requests: S, tx: mpsc::Sender<RunItem<K>>, cancel: CancellationToken)
where
    K: Send + 'static,
    R: JobRequest + 'static,
    S: Stream<Item = (K, R)> + Send + 'static,
{
    let in_flight = Arc::new(Semaphore::new(runner.max_in_flight));
    let mut opts = JobOptions::default()
        .wait(runner.wait)
        .include_cost(runner.include_cost)
        .download_options(runner.download_options.clone())
        .interrupt(cancel.clone())
        .on_interrupt(OnInterrupt::CancelQueuedFinishRunning);
    if let Some(dir) = &runner.download {
        opts = opts.download_to(dir.clone());
    }
    opts.gates = Gates {
        submit: Some(Arc::new(Semaphore::new(runner.submit_concurrency))),
        poll: Some(Arc::new(Semaphore::new(runner.poll_concurrency))),
        download: Some(Arc::new(Semaphore::new(runner.download_concurrency))),
    };
    let opts = Arc::new(opts);
    let requests = requests.fuse();
    futures_util::pin_mut!(requests);
    loop {
        let next = tokio::select! {
            biased;
            () = cancel.cancelled() => None,
            next = requests.next() => next,
        };
        let Some((key, request)) = next else { break };
        let permit = tokio::select! {
            biased;
            () = cancel.cancelled() => None,
            p = in_flight.clone().acquire_owned() => p.ok(),
        };
        let Some(permit) = permit else {
            drop(request);
            let _ = tx
                .send(RunItem {
                    key,
                    request_id: None,
                    result: Err(not_submitted()),
                })
                .await;
            break;
        };
        let client = runner.client.clone();
        let opts = opts.clone();
        let tx = tx.clone();
        tokio::spawn(async move {
            let mut request_id = None;
            let done = match request.into_dynamic() {
                Ok(dynamic) => {
                    let mut observe = |event: JobEvent<'_>| {
                        if let JobEvent::Submitted(job) = event {
                            request_id = Some(job.request_id().to_owned());
                        }
                    };
                    client.run_owned(dynamic, &opts, &mut observe).await
                }
                Err(e) => Err(e),
            };
            drop(permit);
            let result = match done {
                Err(e) if e.is_interrupted() && request_id.is_none() => Err(not_submitted()),
                other => other,
            };
            let _ = tx
                .send(RunItem {
                    key,
                    request_id,
                    result,
                })
                .await;
        });
    }
}
