//! `runcomfy batch <file.jsonl>`: many jobs from a JSON-lines file, with bounded
//! concurrency, outputs per job, a budget, and a SQLite state store that makes the run
//! crash-safe, resumable and safe to run again on an edited file. Every job goes through the
//! library's pipeline (`Client::submit`, then `Client::follow`).
//!
//! * [`plan`]: the file, validated, each job named by its content;
//! * [`store`]: the state store and its lock;
//! * [`report`]: statuses, summary, `--status`.

pub mod plan;
pub mod report;
pub mod store;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use futures_util::StreamExt;
use runcomfy_client::config::PollPolicy;
use runcomfy_client::download::{prepare_dir, request_id_stem, safe_file_name};
use runcomfy_client::job::{CancellationToken, OnInterrupt};
use runcomfy_client::{DynamicRequest, Job, JobEvent, JobOptions, JobState, WaitOptions};
use tokio::sync::Notify;

use crate::exit::{self, CliError};
use crate::remote::Ctx;
use plan::{Line, Plan};
use report::Outcome;
use store::{State, Store};

pub use store::STORE_FILE;

/// Options of `batch`.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Jobs in flight at once (submit + wait + download).
    pub concurrency: usize,
    /// Outputs go to `<output_dir>/<line or id>-<request_id>/`.
    pub output_dir: PathBuf,
    /// The state store (default `<output_dir>/.runcomfy-batch.sqlite`).
    pub state: Option<PathBuf>,
    /// Which jobs whose earlier submit has an unknown outcome are sent again.
    pub resubmit_unknown: Resubmit,
    /// Request ids of jobs whose submit had an unknown outcome, found on the dashboard:
    /// (line number, request id).
    pub adopt: Vec<(usize, String)>,
    /// Send again jobs that ran and failed.
    pub retry_failed: bool,
    /// How long to wait for each job.
    pub timeout: Duration,
    /// Poll interval; `None` = the client's policy.
    pub poll_interval: Option<Duration>,
    /// Stop submitting once spent + in-flight estimates reach this many USD.
    pub max_cost: Option<f64>,
}

/// Which "outcome unknown" jobs a run sends again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resubmit {
    /// None (the default: they may exist and be paid for).
    None,
    /// All of them.
    All,
    /// Those of these line numbers.
    Lines(std::collections::BTreeSet<usize>),
}

impl Resubmit {
    fn covers(&self, line: usize) -> bool {
        match self {
            Resubmit::None => false,
            Resubmit::All => true,
            Resubmit::Lines(lines) => lines.contains(&line),
        }
    }
}

impl BatchOptions {
    /// Where the store is.
    pub fn store_path(&self) -> PathBuf {
        self.state.clone().unwrap_or_else(|| self.output_dir.join(STORE_FILE))
    }
}

/// `batch`: plans the file (resolving models that are not compiled in through the catalog,
/// which needs a token or `--simulate`), then runs it; with `status`, prints the store's
/// table instead (no network).
pub fn command(
    global: crate::Global,
    file: &Path,
    skip_invalid: bool,
    status: bool,
    opts: BatchOptions,
) -> Result<(), CliError> {
    let mut known = plan::Known::compiled();
    let missing: Vec<String> = plan::model_ids(file)?
        .into_iter()
        .filter(|id| !known.knows(id))
        .collect();
    if missing.is_empty() || status || !crate::remote::can_connect(&global) {
        for id in &missing {
            known.insert(
                id.clone(),
                Err(format!(
                    "unknown model {id:?}: not compiled into this binary, and the live catalog needs a token \
                     (RUNCOMFY_TOKEN) or --simulate"
                )),
            );
        }
        // Every line is parsed and validated before connecting (no token needed for that).
        let plan = plan::plan(file, skip_invalid || status, &mut known)?;
        if status {
            return print_status(&plan, &opts, global.json);
        }
        note_invalid(&global, &plan);
        return crate::remote::block_on(global, |ctx| run(ctx, plan, opts));
    }
    // Models from the catalog: one connection for finding their schemas and for the jobs
    // (with --simulate, the simulator of this process serves both).
    crate::remote::runtime()?.block_on(async move {
        let ctx = crate::remote::connect(global).await?;
        let resolver = ctx.resolver(false);
        for id in missing {
            let found = resolver
                .resolve(&id)
                .await
                .map(|r| r.schema)
                .map_err(|e| e.display_chain());
            known.insert(id, found);
        }
        let plan = plan::plan(file, skip_invalid, &mut known)?;
        note_invalid(&ctx.global, &plan);
        run(ctx, plan, opts).await
    })
}

fn note_invalid(global: &crate::Global, plan: &Plan) {
    for (n, _, message) in &plan.invalid {
        global.note(&format!("line {n}: skipped: {}", message.replace('\n', " ")));
    }
}

/// `batch FILE --status`: the table of lines and states, read from the store only.
pub fn print_status(plan: &Plan, opts: &BatchOptions, json: bool) -> Result<(), CliError> {
    let path = opts.store_path();
    if !path.exists() {
        return Err(CliError::no_input(format!(
            "no batch store at {} (nothing was run yet, or pass --state)",
            path.display()
        )));
    }
    let store = Store::open_read_only(&path)?;
    out!("{}", report::status_table(plan, &store, json)?);
    Ok(())
}

/// A token cancelled on the first Ctrl-C; the second exits at once (the store is always
/// consistent: every state is committed before and after each call).
fn interrupt_twice(ctx: &Ctx) -> CancellationToken {
    let token = CancellationToken::new();
    let trigger = token.clone();
    let quiet = ctx.global.quiet;
    let mut presses = crate::remote::CtrlC::listen();
    tokio::spawn(async move {
        if !presses.pressed().await {
            return;
        }
        trigger.cancel();
        if !quiet {
            eprintln!(
                "batch: stopping: no new submits; this run's queued jobs are being cancelled, running ones are left \
                 for the next run (Ctrl-C again exits at once; the store is safe)"
            );
        }
        if presses.pressed().await {
            eprintln!("batch: exiting at once");
            std::process::exit(i32::from(exit::INTERRUPTED));
        }
    });
    token
}

/// The spending limit of a run: finished jobs' costs plus the estimates of jobs in flight.
struct Budget {
    limit: Option<f64>,
    state: Mutex<Spending>,
    changed: Notify,
}

#[derive(Default)]
struct Spending {
    spent: f64,
    /// Estimates of the jobs in flight (`None`: no estimate yet).
    in_flight: HashMap<String, Option<f64>>,
    /// Costs of the jobs finished in this run, per model: (sum, count).
    seen: HashMap<String, (f64, u32)>,
    /// Over the limit: nothing more is submitted.
    stopped: bool,
}

impl Spending {
    /// What a job of `model` should cost: the mean of its jobs finished in this run, else
    /// `earlier` (the mean of earlier runs, from the store).
    fn estimate(&self, model: &str, earlier: Option<f64>) -> Option<f64> {
        match self.seen.get(model) {
            Some((sum, n)) if *n > 0 => Some(sum / f64::from(*n)),
            _ => earlier,
        }
    }
}

impl Budget {
    fn new(limit: Option<f64>, spent: f64) -> Budget {
        Budget {
            limit,
            state: Mutex::new(Spending {
                spent,
                ..Spending::default()
            }),
            changed: Notify::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Spending> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// May job `key` of `model` be submitted? Waits while a job without an estimate is in
    /// flight (its cost will tell what the next one costs); `false` once the budget is
    /// reached. `priced` is the catalog's estimate of this very request, `earlier` the
    /// model's mean cost in earlier runs.
    async fn admit(&self, key: &str, model: &str, priced: Option<f64>, earlier: Option<f64>) -> bool {
        let Some(limit) = self.limit else {
            let mut s = self.lock();
            let estimate = priced.or_else(|| s.estimate(model, earlier));
            s.in_flight.insert(key.to_owned(), estimate);
            return true;
        };
        loop {
            let notified = self.changed.notified();
            {
                let mut s = self.lock();
                let estimate = priced.or_else(|| s.estimate(model, earlier));
                let committed = s.spent + s.in_flight.values().flatten().sum::<f64>();
                let unknown_in_flight = s.in_flight.values().any(Option::is_none);
                if s.stopped || committed >= limit || committed + estimate.unwrap_or(0.0) > limit {
                    s.stopped = true;
                    drop(s);
                    self.changed.notify_waiters();
                    return false;
                }
                if estimate.is_some() || !unknown_in_flight {
                    s.in_flight.insert(key.to_owned(), estimate);
                    return true;
                }
            }
            notified.await;
        }
    }

    /// A job known to be in flight already (re-attached).
    fn attach(&self, key: &str, estimate: Option<f64>) {
        self.lock().in_flight.insert(key.to_owned(), estimate);
    }

    /// The job `key` is over: what it cost (`None`: unknown, its estimate is then counted as
    /// spent). Only completed jobs teach what a model costs.
    fn finish(&self, key: &str, model: &str, cost: Option<f64>, completed: bool) {
        let mut s = self.lock();
        let estimate = s.in_flight.remove(key).flatten();
        s.spent += cost.or(estimate).unwrap_or(0.0);
        if let (true, Some(c)) = (completed, cost) {
            let seen = s.seen.entry(model.to_owned()).or_default();
            seen.0 += c;
            seen.1 += 1;
        }
        drop(s);
        self.changed.notify_waiters();
    }

    /// (spent, estimated in flight).
    fn totals(&self) -> (f64, f64) {
        let s = self.lock();
        (s.spent, s.in_flight.values().flatten().sum())
    }
}

/// Everything a line's task needs.
struct Run<'a> {
    ctx: &'a Ctx,
    store: &'a Store,
    opts: &'a BatchOptions,
    /// The catalog's price estimate of each job (by key), when it has one.
    prices: HashMap<String, f64>,
    budget: &'a Budget,
    interrupt: CancellationToken,
}

/// Runs the batch: every job submitted, re-attached or skipped as the store says; prints the
/// summary (a table, or JSON lines with `--output json`).
pub async fn run(ctx: Ctx, plan: Plan, opts: BatchOptions) -> Result<(), CliError> {
    // Outputs must have somewhere to go before anything is paid for.
    prepare_dir(&opts.output_dir)?;
    let path = opts.store_path();
    let store = Store::open(&path, &plan)?;
    let spent: f64 = plan
        .lines
        .iter()
        .filter_map(|l| store.get(&l.key).ok().flatten())
        .filter(|r| r.state == State::Done)
        .filter_map(|r| r.cost)
        .sum();
    let budget = Budget::new(opts.max_cost, spent);
    for (number, request_id) in &opts.adopt {
        let line = plan.lines.iter().find(|l| l.number == *number).ok_or_else(|| {
            CliError::usage(format!(
                "--adopt {number}=...: line {number} is not a job of {}",
                path.display()
            ))
        })?;
        store.adopt(line, request_id)?;
        ctx.global.note(&format!(
            "line {number}: adopted request {request_id}; this run re-attaches to it"
        ));
    }
    ctx.global.note(&format!(
        "batch: {} job(s), concurrency {}, state in {}",
        plan.lines.len(),
        opts.concurrency,
        path.display()
    ));
    for (line, first) in &plan.duplicates {
        ctx.global
            .note(&format!("line {line}: the same job as line {first}; run once"));
    }
    let prices = if opts.max_cost.is_some() {
        catalog_prices(&ctx, &plan).await
    } else {
        HashMap::new()
    };
    let run = Run {
        ctx: &ctx,
        store: &store,
        opts: &opts,
        prices,
        budget: &budget,
        interrupt: interrupt_twice(&ctx),
    };
    let mut outcomes: Vec<Outcome> = futures_util::stream::iter(plan.lines.iter())
        .map(|line| run.line(line))
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;
    outcomes.extend(Outcome::not_run(&plan));
    outcomes.sort_by_key(|o| o.line);
    if ctx.global.json {
        for o in &outcomes {
            outln!("{}", o.json());
        }
    } else if !ctx.global.quiet || outcomes.iter().any(|o| o.code != 0) {
        out!("{}", report::summary(&outcomes));
    }
    let (spent, in_flight) = budget.totals();
    // With a budget the spending is always shown (on stderr: stdout may hold JSON lines).
    let show = !ctx.global.quiet && (opts.max_cost.is_some() || (spent > 0.0 && !ctx.global.json));
    if show {
        let running = if in_flight > 0.0 {
            format!(", {in_flight:.4} USD estimated for jobs still running")
        } else {
            String::new()
        };
        let limit = opts.max_cost.map(|m| format!(" (budget {m} USD)")).unwrap_or_default();
        eprintln!("batch: spent {spent:.4} USD on finished jobs{running}{limit}");
    }
    let bad: Vec<&Outcome> = outcomes.iter().filter(|o| o.code != 0).collect();
    let code = if run.interrupt.is_cancelled() {
        Some(exit::INTERRUPTED)
    } else {
        bad.iter().map(|o| o.code).max()
    };
    match code {
        None => Ok(()),
        Some(code) => Err(CliError::new(
            code,
            format!(
                "{} of {} job(s) did not finish (see the summary); rerun the same command to resume",
                bad.len(),
                plan.lines.len()
            ),
        )),
    }
}

/// The catalog's estimate of every job whose model has a price in the catalog (or its cache):
/// what a budget counts before a model's first job has finished.
async fn catalog_prices(ctx: &Ctx, plan: &Plan) -> HashMap<String, f64> {
    let resolver = ctx.resolver(false);
    let mut entries = HashMap::new();
    let mut out = HashMap::new();
    for line in &plan.lines {
        if !entries.contains_key(&line.model_id) {
            let entry = resolver.entry(&line.model_id).await;
            entries.insert(line.model_id.clone(), entry);
        }
        if let Some(Some(entry)) = entries.get(&line.model_id)
            && let Some(p) = runcomfy_client::catalog::estimate(Some(entry), Some(&line.schema), &line.input).ok()
        {
            out.insert(line.key.clone(), p.usd);
        }
    }
    out
}

impl Run<'_> {
    fn note(&self, line: &Line, what: &str) {
        match board(self.ctx) {
            Some(board) => board.update(line, what),
            None => self.ctx.global.note(&format!("line {}: {what}", line.number)),
        }
    }

    /// What the job of `line` cost in earlier runs: the mean of this model's finished jobs.
    fn earlier_cost(&self, line: &Line) -> Option<f64> {
        self.store.mean_cost(&line.model_id)
    }

    /// The job of `line` is over (see [`Budget::finish`]).
    fn spent(&self, line: &Line, cost: Option<f64>, completed: bool) {
        self.budget.finish(&line.key, &line.model_id, cost, completed);
    }

    async fn line(&self, line: &Line) -> Outcome {
        match self.drive(line).await {
            Ok(o) => o,
            // A store error: what happened on the API side may not be recorded.
            Err(e) => Outcome::new(line, "outcome unknown", None).failed(e.code, e.message),
        }
    }

    async fn drive(&self, line: &Line) -> Result<Outcome, CliError> {
        let row = self.store.get(&line.key)?;
        if let Some(row) = row {
            match (row.state, row.request_id) {
                (State::Done, rid) => {
                    self.note(line, "already done");
                    let mut o = Outcome::new(line, "already done", rid);
                    o.outputs = row.outputs;
                    o.cost = row.cost;
                    return Ok(o);
                }
                (State::Failed, rid) if !self.opts.retry_failed => {
                    self.note(
                        line,
                        "failed in an earlier run (not resubmitted without --retry-failed)",
                    );
                    return Ok(Outcome::new(line, "failed", rid).failed(
                        exit::UNAVAILABLE,
                        row.error.unwrap_or_else(|| "failed in an earlier run".into()),
                    ));
                }
                (State::Expired, rid) if !self.ctx.global.simulate => {
                    return Ok(Outcome::new(line, "not found", rid)
                        .failed(exit::DATA, row.error.unwrap_or_else(|| "the request id expired".into())));
                }
                (State::Submitted | State::Submitting | State::OutcomeUnknown, Some(rid)) => {
                    self.note(line, &format!("re-attaching to request {rid}"));
                    let estimate = self.prices.get(&line.key).copied().or_else(|| self.earlier_cost(line));
                    self.budget.attach(&line.key, estimate);
                    let job = Job::new(rid.clone()).with_model_id(line.model_id.clone());
                    match self.follow(line, &job).await? {
                        Some(o) => return Ok(o),
                        None => self.note(
                            line,
                            &format!(
                                "request {rid} is unknown to this in-process simulator (it died with the previous \
                                 process); resubmitting (--simulate only)"
                            ),
                        ),
                    }
                }
                (State::Submitting | State::OutcomeUnknown, None)
                    if !self.opts.resubmit_unknown.covers(line.number) =>
                {
                    let msg = row
                        .error
                        .unwrap_or_else(|| "an earlier run stopped between submit and recording the request id".into());
                    self.note(line, "outcome unknown (not resubmitted without --resubmit-unknown)");
                    return Ok(Outcome::new(line, "outcome unknown", None).failed(
                        exit::TEMP_FAIL,
                        format!(
                "{msg}; the job may exist: check the dashboard, then --adopt {n}=<request id> if it is there, \
                 or --resubmit-unknown={n} if it is not",
                n = line.number
            ),
                    ));
                }
                _ => {}
            }
        }
        self.submit(line).await
    }

    async fn submit(&self, line: &Line) -> Result<Outcome, CliError> {
        if self.interrupt.is_cancelled() {
            return Ok(Outcome::new(line, "not started", None));
        }
        let earlier = self.earlier_cost(line);
        let admitted = tokio::select! {
            biased;
            () = self.interrupt.cancelled() => return Ok(Outcome::new(line, "not started", None)),
            admitted = self.budget.admit(&line.key, &line.model_id, self.prices.get(&line.key).copied(), earlier) => admitted,
        };
        if !admitted {
            self.note(line, "over budget: not submitted");
            return Ok(Outcome::new(line, "over budget", None).failed(
                exit::TEMP_FAIL,
                format!(
                    "--max-cost {} USD reached; a rerun with a larger budget submits it",
                    self.opts.max_cost.unwrap_or_default()
                ),
            ));
        }
        self.store.mark_submitting(line)?;
        self.note(line, &format!("submitting {}", line.model_id));
        let request = DynamicRequest::new(line.schema.clone(), line.input.clone());
        let job = match self.ctx.client.submit(&request).await {
            Ok(job) => job,
            Err(e) if e.is_submit_outcome_unknown() => {
                self.spent(line, None, false);
                let msg = e.display_chain();
                self.store.mark(&line.key, State::OutcomeUnknown, Some(&msg))?;
                self.note(line, "outcome unknown");
                return Ok(Outcome::new(line, "outcome unknown", None).failed(exit::TEMP_FAIL, msg));
            }
            Err(e) => {
                // The API answered and did not accept it: no job exists, a rerun sends it.
                self.spent(line, Some(0.0), false);
                let e = CliError::from(e);
                self.store.mark(&line.key, State::Rejected, Some(&e.message))?;
                self.note(line, "rejected");
                return Ok(Outcome::new(line, "rejected", None).failed(e.code, e.message));
            }
        };
        let rid = job.request_id().to_owned();
        if let Err(e) = self.store.mark_submitted(line, &rid) {
            // The job exists and is paid for: its id must not be lost.
            eprintln!(
                "line {}: request {rid} was submitted but could not be saved in the store: {e}",
                line.number
            );
            let msg = format!("request {rid} could not be saved: {e}");
            let _ = self.store.mark(&line.key, State::OutcomeUnknown, Some(&msg));
            self.spent(line, None, false);
            return Ok(Outcome::new(line, "outcome unknown", Some(rid)).failed(exit::TEMP_FAIL, msg));
        }
        self.note(line, &format!("submitted: request {rid}"));
        match self.follow(line, &job).await? {
            Some(o) => Ok(o),
            None => {
                let msg = format!("request {rid} not found right after submit");
                self.store.mark(&line.key, State::Expired, Some(&msg))?;
                Ok(Outcome::new(line, "not found", Some(rid)).failed(exit::DATA, msg))
            }
        }
    }

    /// Waits for the job, fetches its result and downloads its outputs (the library's
    /// pipeline). `None` when the API does not know the request id and `--simulate` may
    /// resubmit it.
    async fn follow(&self, line: &Line, job: &Job) -> Result<Option<Outcome>, CliError> {
        let rid = job.request_id();
        let mut wait = WaitOptions::default().deadline(self.opts.timeout);
        if let Some(every) = self.opts.poll_interval {
            wait.poll = Some(PollPolicy::fixed(every));
        }
        let dir = job_dir(&self.opts.output_dir, line, rid)?;
        let job_opts = JobOptions::default()
            .wait(wait)
            .download_to(dir)
            .interrupt(self.interrupt.clone())
            .on_interrupt(OnInterrupt::CancelAndStop);
        let mut last: Option<JobState> = None;
        let verbose = self.ctx.global.verbose;
        let mut observe = |event: JobEvent<'_>| match event {
            JobEvent::Progress(p) if verbose || last.as_ref() != Some(&p.state) => {
                self.note(line, &p.state.to_string());
                last = Some(p.state.clone());
            }
            // Shown in every output mode but -q: the user asked for it with Ctrl-C.
            JobEvent::CancelRequested(outcome) => {
                let what = match outcome {
                    Ok(o) => format!("cancel: {o}"),
                    Err(e) => format!("cancel failed: {e}"),
                };
                match board(self.ctx) {
                    Some(board) => board.update(line, &what),
                    None if !self.ctx.global.quiet => eprintln!("{}: request {rid}: {what}", line.label()),
                    None => {}
                }
            }
            JobEvent::DownloadFailed(e) => self.note(line, &format!("download failed: {e}")),
            _ => {}
        };
        let result = self.ctx.client.follow(job, &job_opts, &mut observe).await;
        let outcome = |status| Outcome::new(line, status, Some(rid.to_owned()));
        let done = match result {
            Ok(done) => done,
            Err(e) if e.is_not_found() => {
                self.spent(line, Some(0.0), false);
                if self.ctx.global.simulate {
                    return Ok(None);
                }
                let msg = format!("request {rid} not found (expired?): {}", e.display_chain());
                self.store.mark(&line.key, State::Expired, Some(&msg))?;
                self.note(line, "not found");
                return Ok(Some(outcome("not found").failed(exit::DATA, msg)));
            }
            Err(e) if e.is_cancelled() => {
                self.spent(line, Some(0.0), false);
                let e = CliError::from(e);
                self.store.mark(&line.key, State::Cancelled, Some(&e.message))?;
                self.note(line, "cancelled");
                return Ok(Some(outcome("cancelled").failed(exit::UNAVAILABLE, e.message)));
            }
            Err(e) if e.is_job_failed() => {
                self.spent(line, Some(0.0), false);
                let e = CliError::from(e);
                self.store.mark(&line.key, State::Failed, Some(&e.message))?;
                self.note(line, "failed");
                return Ok(Some(outcome("failed").failed(exit::UNAVAILABLE, e.message)));
            }
            Err(e) => {
                // Still submitted: a rerun re-attaches.
                let interrupted = e.is_interrupted();
                let e = CliError::from(e);
                self.store.mark(&line.key, State::Submitted, Some(&e.message))?;
                let status = if interrupted { "interrupted" } else { "waiting" };
                self.note(line, &format!("{status} (a rerun re-attaches)"));
                return Ok(Some(outcome(status).failed(e.code, e.message)));
            }
        };
        let cost = done.result.cost;
        self.spent(line, cost, true);
        let failures: Vec<String> = done.downloads.errors().map(|e| e.display_chain()).collect();
        if !failures.is_empty() {
            let message = failures.join("; ");
            self.store.mark(&line.key, State::Submitted, Some(&message))?;
            self.note(line, "download failed (a rerun downloads again)");
            return Ok(Some(outcome("download failed").failed(exit::UNAVAILABLE, message)));
        }
        let paths: Vec<String> = done.downloads.files().map(|f| f.path.display().to_string()).collect();
        self.store.mark_done(&line.key, &paths, cost)?;
        self.note(line, &format!("done: {} output(s)", paths.len()));
        let mut o = outcome("done");
        o.outputs = paths;
        o.cost = cost;
        Ok(Some(o))
    }
}

/// The folder of a job's outputs: `<output_dir>/<line number or user id>-<request id>`, both
/// parts made safe ([`safe_file_name`], [`request_id_stem`]), and checked to be a direct child
/// of `output_dir` whatever the server's request id holds.
pub fn job_dir(output_dir: &Path, line: &Line, request_id: &str) -> Result<PathBuf, CliError> {
    let label = match &line.user_id {
        Some(id) => safe_file_name(id),
        None => line.number.to_string(),
    };
    let dir = output_dir.join(format!("{label}-{}", request_id_stem(request_id)));
    if dir.parent() != Some(output_dir) {
        return Err(CliError::new(
            exit::DATA,
            format!(
                "refusing to write outside {} for request {request_id:?}",
                output_dir.display()
            ),
        ));
    }
    Ok(dir)
}

/// On a terminal: one live line per job (state and elapsed time), kept when the job ends.
/// Elsewhere (pipes, CI, `-q`, `--output json`) plain lines are printed instead.
struct Board {
    multi: indicatif::MultiProgress,
    bars: Mutex<BTreeMap<usize, indicatif::ProgressBar>>,
}

static BOARD: std::sync::OnceLock<Option<Board>> = std::sync::OnceLock::new();

fn board(ctx: &Ctx) -> Option<&'static Board> {
    use std::io::IsTerminal as _;
    BOARD
        .get_or_init(|| {
            (!ctx.global.quiet && !ctx.global.json && std::io::stderr().is_terminal()).then(|| Board {
                multi: indicatif::MultiProgress::new(),
                bars: Mutex::new(BTreeMap::new()),
            })
        })
        .as_ref()
}

impl Board {
    fn update(&self, line: &Line, what: &str) {
        let mut bars = self.bars.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let bar = bars.entry(line.number).or_insert_with(|| {
            let bar = self.multi.add(indicatif::ProgressBar::new_spinner());
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {prefix}: {msg} [{elapsed}]")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.set_prefix(format!("{} {}", line.label(), line.model_id));
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        bar.set_message(what.to_owned());
        const ENDS: &[&str] = &[
            "done",
            "already done",
            "failed",
            "cancelled",
            "outcome unknown",
            "rejected",
            "not found",
            "waiting",
            "interrupted",
            "download failed",
            "over budget",
        ];
        if ENDS.iter().any(|end| what.starts_with(end)) {
            bar.finish();
        }
    }
}
