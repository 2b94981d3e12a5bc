//! One pipeline for every job: submit -> wait -> result -> download, with progress events,
//! a deadline, cancel on interrupt and remote cancel of queued jobs. [`Client::run`], the
//! [`crate::Runner`], and the CLI's `run`, `result` and `batch` all go through it.

use std::path::PathBuf;
use std::sync::Arc;

use futures_util::StreamExt;
use tokio::sync::Semaphore;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::download::{DownloadOptions, Downloaded, prepare_dir};
use crate::job::{CancelOutcome, Job, JobOutput, JobRef, JobResult, JobState, Terminal};
use crate::poll::{Progress, WaitOptions};
use crate::{Client, DynamicRequest, Endpoint, Error, ErrorKind};

/// What an interrupt (the [`JobOptions::interrupt`] token) does to a job that was submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnInterrupt {
    /// Ask the API to cancel the job and stop at once with [`ErrorKind::Interrupted`]
    /// (carrying the cancel outcome). A running job goes on remotely (it cannot be cancelled)
    /// and can be re-attached later by its request id. What `runcomfy run` does on Ctrl-C.
    #[default]
    CancelAndStop,
    /// Ask the API to cancel the job; if it was queued, stop with [`ErrorKind::Cancelled`];
    /// if it runs, keep waiting for it and finish it (it is charged anyway).
    CancelQueuedFinishRunning,
}

/// Where a job's outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadTarget {
    /// The directory (created, and checked writable, before the job is submitted).
    pub dir: PathBuf,
    /// Size cap and per-job concurrency.
    pub options: DownloadOptions,
}

/// Options of a pipeline run ([`Client::execute`], [`Client::follow`]).
///
/// ```
/// use std::time::Duration;
/// use runcomfy_client::{JobOptions, WaitOptions};
/// let opts = JobOptions::default()
///     .wait(WaitOptions::default().deadline(Duration::from_secs(600)))
///     .download_to("out")
///     .include_cost(true);
/// assert!(opts.download_target().is_some());
/// ```
#[derive(Debug, Clone)]
pub struct JobOptions {
    wait: WaitOptions,
    include_cost: bool,
    download: Option<DownloadTarget>,
    interrupt: Option<CancellationToken>,
    on_interrupt: OnInterrupt,
    pub(crate) gates: Gates,
}

/// Runner-wide limits a pipeline run holds permits of.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gates {
    pub(crate) submit: Option<Arc<Semaphore>>,
    pub(crate) poll: Option<Arc<Semaphore>>,
    pub(crate) download: Option<Arc<Semaphore>>,
}

impl Default for JobOptions {
    fn default() -> Self {
        JobOptions {
            wait: WaitOptions::default(),
            include_cost: true,
            download: None,
            interrupt: None,
            on_interrupt: OnInterrupt::default(),
            gates: Gates::default(),
        }
    }
}

impl JobOptions {
    /// The wait's polling policy and deadline.
    pub fn wait(mut self, wait: WaitOptions) -> Self {
        self.wait = wait;
        self
    }

    /// Ask for `cost` with the result (default true).
    pub fn include_cost(mut self, yes: bool) -> Self {
        self.include_cost = yes;
        self
    }

    /// Download the outputs into `dir` with default [`DownloadOptions`].
    pub fn download_to(self, dir: impl Into<PathBuf>) -> Self {
        self.download(Some(DownloadTarget {
            dir: dir.into(),
            options: DownloadOptions::default(),
        }))
    }

    /// Download the outputs (`Some`) or not (`None`, the default).
    pub fn download(mut self, target: Option<DownloadTarget>) -> Self {
        self.download = target;
        self
    }

    /// Where outputs go, if they are downloaded.
    pub fn download_target(&self) -> Option<&DownloadTarget> {
        self.download.as_ref()
    }

    /// A token whose cancellation interrupts the job (e.g. on Ctrl-C): see [`OnInterrupt`].
    /// A download in progress stops and removes its partial file.
    pub fn interrupt(mut self, token: CancellationToken) -> Self {
        self.interrupt = Some(token);
        self
    }

    /// What an interrupt does to a submitted job (default [`OnInterrupt::CancelAndStop`]).
    pub fn on_interrupt(mut self, mode: OnInterrupt) -> Self {
        self.on_interrupt = mode;
        self
    }

    fn interrupted(&self) -> bool {
        self.interrupt.as_ref().is_some_and(CancellationToken::is_cancelled)
    }

    async fn until_interrupted(&self) {
        match &self.interrupt {
            Some(t) => t.cancelled().await,
            None => std::future::pending().await,
        }
    }
}

/// Something that happened to a job, as it happens.
#[derive(Debug)]
#[non_exhaustive]
pub enum JobEvent<'a> {
    /// The job exists: its request id, before anything else can fail. Write it down.
    Submitted(&'a JobRef),
    /// A status poll's answer.
    Progress(&'a Progress),
    /// An interrupt or deadline asked the API to cancel the job; what it said.
    CancelRequested(&'a Result<CancelOutcome, Error>),
    /// The job completed and its result was fetched.
    Result(&'a JobResult),
    /// An output file is on disk.
    Downloaded(&'a Downloaded),
    /// An output file could not be downloaded (the others go on).
    DownloadFailed(&'a Error),
}

/// A finished pipeline run: the job, its result, and each output file.
#[derive(Debug)]
pub struct Completed {
    /// The job.
    pub job: JobRef,
    /// Its result (output URLs, cost).
    pub result: JobResult,
    /// One entry per output URL when downloading, in the output's order; empty otherwise.
    pub files: Vec<Result<Downloaded, Error>>,
}

impl Completed {
    /// The files that are on disk.
    pub fn downloaded(&self) -> impl Iterator<Item = &Downloaded> {
        self.files.iter().filter_map(|f| f.as_ref().ok())
    }

    /// The files that could not be downloaded.
    pub fn download_errors(&self) -> impl Iterator<Item = &Error> {
        self.files.iter().filter_map(|f| f.as_ref().err())
    }
}

/// Creates the download directory, if any, and checks it is writable.
fn prepare_target(opts: &JobOptions, job: Option<&JobRef>) -> Result<(), Error> {
    match (&opts.download, job) {
        (None, _) => Ok(()),
        (Some(target), None) => prepare_dir(&target.dir),
        (Some(target), Some(job)) => prepare_dir(&target.dir).map_err(|e| e.with_request_id(job.request_id())),
    }
}

/// The observer type of the pipeline: called with every [`JobEvent`], in order.
pub type Observer<'o> = dyn FnMut(JobEvent<'_>) + Send + 'o;

impl Client {
    /// Runs a request of any endpoint from start to end: checks it, makes sure the output
    /// directory is writable, submits, waits (progress events, deadline, interrupt),
    /// fetches the result and downloads the outputs. `observe` sees every step; its
    /// [`JobEvent::Submitted`] carries the request id as soon as it exists.
    ///
    /// An interrupt before the submit stops without submitting; during the submit, the
    /// submit completes first (a POST cut in half could be paid for and lost).
    pub async fn execute(
        &self,
        request: &DynamicRequest,
        opts: &JobOptions,
        observe: &mut Observer<'_>,
    ) -> Result<Completed, Error> {
        self.execute_owned(request, opts, observe).await
    }

    /// [`Client::execute`] on a request it may own: an owned one (the [`crate::Runner`]'s) is
    /// dropped as soon as it is submitted, so a waiting job does not keep its body.
    pub(crate) async fn execute_owned<R: std::borrow::Borrow<DynamicRequest>>(
        &self,
        request: R,
        opts: &JobOptions,
        observe: &mut Observer<'_>,
    ) -> Result<Completed, Error> {
        prepare_target(opts, None)?;
        let job = {
            let _permit = match &opts.gates.submit {
                Some(gate) => tokio::select! {
                    biased;
                    () = opts.until_interrupted() => None,
                    p = gate.clone().acquire_owned() => p.ok(),
                },
                None => None,
            };
            if opts.interrupted() {
                return Err(
                    Error::new(ErrorKind::Interrupted, "stopped before the submit; nothing was sent")
                        .with_model_id(request.borrow().model_id()),
                );
            }
            Box::pin(self.submit_dynamic(request.borrow())).await?
        };
        drop(request);
        let submitted_at = Instant::now();
        observe(JobEvent::Submitted(&job));
        self.follow_checked(&job, opts, observe, Some(submitted_at)).await
    }

    /// The pipeline for a job that exists already (re-attached by its request id): wait,
    /// fetch the result, download the outputs.
    pub async fn follow(
        &self,
        job: &JobRef,
        opts: &JobOptions,
        observe: &mut Observer<'_>,
    ) -> Result<Completed, Error> {
        prepare_target(opts, Some(job))?;
        self.follow_checked(job, opts, observe, None).await
    }

    async fn follow_checked(
        &self,
        job: &JobRef,
        opts: &JobOptions,
        observe: &mut Observer<'_>,
        submitted_at: Option<Instant>,
    ) -> Result<Completed, Error> {
        let terminal = self.wait_observed(job, opts, observe, submitted_at).await?;
        if terminal == Terminal::Cancelled {
            return Err(Error::new(ErrorKind::Cancelled, "the job was cancelled").with_request_id(job.request_id()));
        }
        self.retrieve_checked(job, opts, observe).await
    }

    /// The last part of the pipeline, for a job that has finished: fetch the result and
    /// download the outputs (an unfinished job is [`ErrorKind::NotFinished`]).
    pub async fn retrieve(
        &self,
        job: &JobRef,
        opts: &JobOptions,
        observe: &mut Observer<'_>,
    ) -> Result<Completed, Error> {
        prepare_target(opts, Some(job))?;
        self.retrieve_checked(job, opts, observe).await
    }

    async fn retrieve_checked(
        &self,
        job: &JobRef,
        opts: &JobOptions,
        observe: &mut Observer<'_>,
    ) -> Result<Completed, Error> {
        let id = job.request_id();
        let result = {
            // The result call shares the status calls' gate: jobs that end together must not
            // open one connection each (a server sheds connections past its cap, and a submit
            // sent on a connection being shed has an unknown outcome).
            let _permit = match &opts.gates.poll {
                Some(gate) => gate.clone().acquire_owned().await.ok(),
                None => None,
            };
            Box::pin(self.job_result(job, opts.include_cost)).await?
        };
        observe(JobEvent::Result(&result));
        let mut files = Vec::new();
        if let Some(target) = &opts.download {
            let mut downloads = Box::pin(self.download_stream(
                id,
                &result.output,
                &target.dir,
                &target.options,
                opts.gates.download.clone(),
            ));
            loop {
                let next = tokio::select! {
                    biased;
                    // Dropping the downloads stops them and removes their partial files.
                    () = opts.until_interrupted() => {
                        return Err(Error::new(ErrorKind::Interrupted, "stopped while downloading; the job completed, its outputs can be fetched again")
                            .with_request_id(id));
                    }
                    next = downloads.next() => next,
                };
                let Some(file) = next else { break };
                match &file {
                    Ok(f) => observe(JobEvent::Downloaded(f)),
                    Err(e) => observe(JobEvent::DownloadFailed(e)),
                }
                files.push(file);
            }
        }
        Ok(Completed {
            job: job.clone(),
            result,
            files,
        })
    }

    /// Waits for the job, reporting progress; an interrupt cancels it remotely.
    async fn wait_observed(
        &self,
        job: &JobRef,
        opts: &JobOptions,
        observe: &mut Observer<'_>,
        submitted_at: Option<Instant>,
    ) -> Result<Terminal, Error> {
        let id = job.request_id();
        let mut wait = opts.wait;
        if wait.submitted_at.is_none() {
            wait.submitted_at = submitted_at;
        }
        let mut events = self.waiter(job, &wait, opts.gates.poll.clone());
        let mut watching = opts.interrupt.is_some();
        loop {
            let event = if watching {
                tokio::select! {
                    biased;
                    () = opts.until_interrupted() => None,
                    event = events.next() => Some(event),
                }
            } else {
                Some(events.next().await)
            };
            let Some(event) = event else {
                // Interrupted: ask for a cancel, then stop or keep waiting.
                let outcome = Box::pin(self.cancel(job)).await;
                observe(JobEvent::CancelRequested(&outcome));
                let outcome = outcome.map_err(|e| e.with_request_id(id))?;
                match (opts.on_interrupt, outcome) {
                    (_, CancelOutcome::Cancelled) | (_, CancelOutcome::AlreadyFinished(Terminal::Cancelled)) => {
                        return Err(Error::new(ErrorKind::Cancelled, "cancelled on request")
                            .with_request_id(id)
                            .with_cancel(Some(outcome)));
                    }
                    (OnInterrupt::CancelAndStop, _) => {
                        return Err(Error::new(
                            ErrorKind::Interrupted,
                            "stopped waiting; the job was not cancelled and may still run (re-attach with its request id)",
                        )
                        .with_request_id(id)
                        .with_cancel(Some(outcome)));
                    }
                    (OnInterrupt::CancelQueuedFinishRunning, _) => {
                        watching = false;
                        continue;
                    }
                }
            };
            match event {
                Some(Ok(p)) => {
                    observe(JobEvent::Progress(&p));
                    if let JobState::Finished(t) = p.state {
                        return Ok(t);
                    }
                }
                Some(Err(e)) => return Err(e.with_request_id(id)),
                None => {
                    return Err(
                        Error::new(ErrorKind::UnknownStatus, "the wait ended without a final status")
                            .with_request_id(id),
                    );
                }
            }
        }
    }

    /// Submits, waits with the client's polling policy, and fetches the result (with cost).
    /// The typed form of [`Client::execute`] without downloads.
    pub async fn run<E: Endpoint>(&self, request: &E) -> Result<JobOutput<E>, Error> {
        let request = DynamicRequest::typed(request)?;
        let done = self.execute(&request, &JobOptions::default(), &mut |_| {}).await?;
        JobOutput::from_result(done.result)
    }

    /// Waits for a typed job and fetches its typed result (with cost).
    pub async fn finish<E: Endpoint>(&self, job: &Job<E>, opts: &JobOptions) -> Result<JobOutput<E>, Error> {
        let done = self.follow(job.job_ref(), opts, &mut |_| {}).await?;
        JobOutput::from_result(done.result)
    }
}
