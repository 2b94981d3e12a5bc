//! One pipeline for every job: submit -> wait -> result -> download, with progress events,
//! a deadline that covers all of it, cancel on interrupt and remote cancel of queued jobs.
//! [`Client::run`], [`Client::run_and_download`], [`Client::run_with`],
//! [`Client::follow`] and the [`crate::Runner`] all go through it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use runcomfy_wire::Operation;
use tokio::sync::Semaphore;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::download::{DownloadOptions, Downloaded, Downloads, prepare_dir};
use crate::job::{CancelOutcome, Job, JobResult, JobState, Terminal};
use crate::poll::{Progress, WaitOptions};
use crate::{Client, DynamicRequest, Error, ErrorKind, JobRequest};

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

/// Options of a job run from start to end ([`Client::run_with`], [`Client::follow`]):
/// deadline, polling, downloads, interrupt.
///
/// ```
/// use std::time::Duration;
/// use runcomfy_client::JobOptions;
/// use runcomfy_client::download::DownloadOptions;
/// let opts = JobOptions::default()
///     .deadline(Duration::from_secs(600))
///     .download_to("out")
///     .download_options(DownloadOptions::default().file_stem("fox"));
/// assert_eq!(opts.download_dir(), Some(std::path::Path::new("out")));
/// ```
#[derive(Debug, Clone)]
pub struct JobOptions {
    wait: WaitOptions,
    include_cost: bool,
    skip_wait: bool,
    download_dir: Option<PathBuf>,
    download: DownloadOptions,
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
            skip_wait: false,
            download_dir: None,
            download: DownloadOptions::default(),
            interrupt: None,
            on_interrupt: OnInterrupt::default(),
            gates: Gates::default(),
        }
    }
}

impl JobOptions {
    /// The job's deadline, from the start of the run: the wait, the result and the
    /// downloads all end by then ([`ErrorKind::DeadlineExceeded`]; a download cut by it
    /// leaves no partial file). Same as a [`WaitOptions::deadline`].
    pub fn deadline(mut self, d: Duration) -> Self {
        self.wait.deadline = Some(d);
        self
    }

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

    /// For [`Client::follow`] of a job that should have finished: fetch its result at once,
    /// without polling (a job that has not finished is [`ErrorKind::NotFinished`]). Default
    /// false.
    pub fn skip_wait(mut self, yes: bool) -> Self {
        self.skip_wait = yes;
        self
    }

    /// Download the outputs into `dir` (created, and checked writable, before the job is
    /// submitted). Without it, outputs are not downloaded.
    pub fn download_to(mut self, dir: impl Into<PathBuf>) -> Self {
        self.download_dir = Some(dir.into());
        self
    }

    /// How outputs are downloaded: file names, size cap, concurrency.
    pub fn download_options(mut self, options: DownloadOptions) -> Self {
        self.download = options;
        self
    }

    /// Where outputs go, if they are downloaded.
    pub fn download_dir(&self) -> Option<&std::path::Path> {
        self.download_dir.as_deref()
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

    /// When the job's deadline passes, for a run that starts now.
    fn deadline_from_now(&self) -> Option<Instant> {
        self.wait.deadline.and_then(|d| Instant::now().checked_add(d))
    }

    /// Creates the download directory, if any, and checks it is writable.
    fn prepare_dir(&self, job: Option<&Job>) -> Result<(), Error> {
        match (&self.download_dir, job) {
            (None, _) => Ok(()),
            (Some(dir), None) => prepare_dir(dir),
            (Some(dir), Some(job)) => prepare_dir(dir).map_err(|e| e.with_request_id(job.request_id())),
        }
    }
}

/// Something that happened to a job, as it happens.
#[derive(Debug)]
#[non_exhaustive]
pub enum JobEvent<'a> {
    /// The job exists: its request id, before anything else can fail. Write it down.
    Submitted(&'a Job),
    /// A status poll's answer.
    Progress(&'a Progress),
    /// An interrupt or deadline asked the API to cancel the job; what it said.
    CancelRequested(&'a Result<CancelOutcome, Error>),
    /// The job completed and its result was fetched.
    Result(&'a JobResult),
    /// How much of an output file is on disk while it downloads (every 256 KiB).
    DownloadProgress(&'a crate::download::DownloadProgress),
    /// An output file is on disk.
    Downloaded(&'a Downloaded),
    /// An output file could not be downloaded (the others go on).
    DownloadFailed(&'a Error),
}

/// A job run to the end: the job, its result and, when downloading, each output file.
#[derive(Debug)]
#[must_use = "a completed job may carry download failures: check `downloads`"]
pub struct CompletedJob {
    /// The job.
    pub job: Job,
    /// Its result (output URLs, cost).
    pub result: JobResult,
    /// One entry per output URL when downloading, in the output's order; empty otherwise.
    pub downloads: Downloads,
}

/// The observer of a run: called with every [`JobEvent`], in order.
pub type Observer<'o> = dyn FnMut(JobEvent<'_>) + Send + 'o;

impl Client {
    /// Runs any request from start to end: checks it, submits it, waits for the job with
    /// the client's polling policy (no deadline) and fetches its result with the cost.
    /// Outputs are not downloaded: [`Client::run_and_download`] does that.
    ///
    /// ```no_run
    /// # async fn demo(client: runcomfy_client::Client) -> Result<(), runcomfy_client::Error> {
    /// use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image::{Prompt, Request};
    /// let request = Request::new(Prompt::new("a red fox in the snow").expect("a valid prompt"));
    /// let result = client.run(&request).await?;
    /// println!("{:?}, cost {:?} USD", result.output.image, result.cost);
    /// # Ok(()) }
    /// ```
    pub async fn run<R: JobRequest + ?Sized>(&self, request: &R) -> Result<JobResult, Error> {
        let done = self.run_with(request, &JobOptions::default(), &mut |_| {}).await?;
        Ok(done.result)
    }

    /// [`Client::run`], then downloads every output into `dir` (created first, before
    /// anything is submitted). The files are `<request id>-<n>.<ext>`; each one that could
    /// not be downloaded is an error in [`CompletedJob::downloads`] (the others are kept).
    pub async fn run_and_download<R: JobRequest + ?Sized>(
        &self,
        request: &R,
        dir: impl Into<PathBuf>,
    ) -> Result<CompletedJob, Error> {
        let opts = JobOptions::default().download_to(dir);
        self.run_with(request, &opts, &mut |_| {}).await
    }

    /// Runs any request from start to end with options: checks it, makes sure the output
    /// directory is writable, submits, waits (progress events, deadline, interrupt),
    /// fetches the result and downloads the outputs when [`JobOptions::download_to`] says
    /// where. `observe` sees every step; its [`JobEvent::Submitted`] carries the request id
    /// as soon as it exists.
    ///
    /// An interrupt before the submit stops without submitting; during the submit, the
    /// submit completes first (a POST cut in half could be paid for and lost).
    pub async fn run_with<R: JobRequest + ?Sized>(
        &self,
        request: &R,
        opts: &JobOptions,
        observe: &mut Observer<'_>,
    ) -> Result<CompletedJob, Error> {
        let request = request.to_dynamic()?;
        self.run_owned(request, opts, observe).await
    }

    /// [`Client::run_with`] on a request it may own: an owned one (the [`crate::Runner`]'s)
    /// is dropped as soon as it is submitted, so a waiting job does not keep its body.
    pub(crate) async fn run_owned<Q: std::borrow::Borrow<DynamicRequest>>(
        &self,
        request: Q,
        opts: &JobOptions,
        observe: &mut Observer<'_>,
    ) -> Result<CompletedJob, Error> {
        let deadline = opts.deadline_from_now();
        opts.prepare_dir(None)?;
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
        self.follow_until(&job, opts, observe, Some(submitted_at), deadline)
            .await
    }

    /// The rest of the pipeline for a job that exists already (re-attached by its request
    /// id): wait, fetch the result, download the outputs. With [`JobOptions::skip_wait`] the
    /// result is fetched at once.
    pub async fn follow(
        &self,
        job: &Job,
        opts: &JobOptions,
        observe: &mut Observer<'_>,
    ) -> Result<CompletedJob, Error> {
        let deadline = opts.deadline_from_now();
        opts.prepare_dir(Some(job))?;
        self.follow_until(job, opts, observe, None, deadline).await
    }

    async fn follow_until(
        &self,
        job: &Job,
        opts: &JobOptions,
        observe: &mut Observer<'_>,
        submitted_at: Option<Instant>,
        deadline: Option<Instant>,
    ) -> Result<CompletedJob, Error> {
        if !opts.skip_wait {
            let terminal = self.wait_observed(job, opts, observe, submitted_at, deadline).await?;
            if terminal == Terminal::Cancelled {
                return Err(Error::new(ErrorKind::Cancelled, "the job was cancelled").with_request_id(job.request_id()));
            }
        }
        self.retrieve(job, opts, observe, deadline).await
    }

    /// Fetches the result and downloads the outputs, both within the deadline.
    async fn retrieve(
        &self,
        job: &Job,
        opts: &JobOptions,
        observe: &mut Observer<'_>,
        deadline: Option<Instant>,
    ) -> Result<CompletedJob, Error> {
        let id = job.request_id();
        let past_deadline = |what: &str, op: Operation| {
            Error::new(
                ErrorKind::DeadlineExceeded,
                format!("the job's deadline passed {what}; the job completed, its outputs can be fetched again"),
            )
            .with_operation(op)
            .with_request_id(id)
        };
        // The result call shares the status calls' gate: jobs that end together must not
        // open one connection each (a server sheds connections past its cap, and a submit
        // sent on a connection being shed has an unknown outcome).
        let gated_fetch = async {
            let _permit = match &opts.gates.poll {
                Some(gate) => gate.clone().acquire_owned().await.ok(),
                None => None,
            };
            Box::pin(self.fetch_result(job, opts.include_cost)).await
        };
        let result = match deadline {
            Some(at) => tokio::time::timeout_at(at, gated_fetch)
                .await
                .map_err(|_| past_deadline("while fetching the result", Operation::Result))??,
            None => gated_fetch.await?,
        };
        observe(JobEvent::Result(&result));
        let mut files = Vec::new();
        if let Some(dir) = &opts.download_dir {
            let urls: Vec<String> = result.output.urls().map(|(_, u)| u.to_owned()).collect();
            let (progress_tx, mut progress) = tokio::sync::mpsc::unbounded_channel();
            let mut downloads = Box::pin(self.download_stream(
                id,
                &result.output,
                dir,
                &opts.download,
                opts.gates.download.clone(),
                Some(progress_tx),
            ));
            let expired = async {
                match deadline {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            tokio::pin!(expired);
            let mut expired_at_deadline = false;
            loop {
                let next = tokio::select! {
                    biased;
                    // Dropping the downloads stops them and removes their partial files.
                    () = opts.until_interrupted() => {
                        return Err(Error::new(ErrorKind::Interrupted, "stopped while downloading; the job completed, its outputs can be fetched again")
                            .with_request_id(id));
                    }
                    () = &mut expired => {
                        expired_at_deadline = true;
                        None
                    }
                    Some(p) = progress.recv() => {
                        observe(JobEvent::DownloadProgress(&p));
                        continue;
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
            if expired_at_deadline {
                // The files not yet on disk fail with the deadline; those on disk stay.
                drop(downloads);
                for url in urls.iter().skip(files.len()) {
                    let e = past_deadline("while downloading", Operation::Output).with_url(url.as_str());
                    observe(JobEvent::DownloadFailed(&e));
                    files.push(Err(e));
                }
            }
        }
        Ok(CompletedJob {
            job: job.clone(),
            result,
            downloads: Downloads::new(files),
        })
    }

    /// Waits for the job, reporting progress; an interrupt cancels it remotely.
    async fn wait_observed(
        &self,
        job: &Job,
        opts: &JobOptions,
        observe: &mut Observer<'_>,
        submitted_at: Option<Instant>,
        deadline: Option<Instant>,
    ) -> Result<Terminal, Error> {
        let id = job.request_id();
        let mut wait = opts.wait;
        if wait.submitted_at.is_none() {
            wait.submitted_at = submitted_at;
        }
        // The wait gets what is left of the job's deadline.
        if let Some(at) = deadline {
            wait.deadline = Some(at.saturating_duration_since(Instant::now()));
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
}
