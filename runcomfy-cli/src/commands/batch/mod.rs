//! `runcomfy batch <file.jsonl>`: many jobs from a JSON-lines file, with bounded
//! concurrency, outputs per job, a budget, and a SQLite state store that makes the run
//! crash-safe, resumable and safe to run again on an edited file. Every job goes through the
//! library's pipeline (`Client::submit_dynamic`, then `Client::follow`).
//!
//! * [`plan`]: the file, validated, each job named by its content;
//! * [`store`]: the state store and its lock;
//! * [`budget`]: `--max-cost`, failing closed;
//! * [`report`]: statuses, summary, `--status`.

pub mod budget;
pub mod plan;
pub mod report;
pub mod store;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::StreamExt;
use runcomfy_client::config::PollPolicy;
use runcomfy_client::download::{DownloadOptions, prepare_dir};
use runcomfy_client::job::{CancellationToken, OnInterrupt};
use runcomfy_client::{DynamicRequest, Job, JobEvent, JobOptions, WaitOptions};

use super::price::Price;
use crate::args::{BatchArgs, Global};
use crate::exit::{self, CliError};
use crate::session::{self, Session};
use crate::view::{JobLine, View};
use budget::Budget;
use plan::{Line, Plan};
use report::{Outcome, Status};
use store::{State, Store};

pub use store::STORE_FILE;

/// Options of a batch run.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Jobs in flight at once (submit + wait + download).
    pub concurrency: usize,
    /// Outputs go to `<output_dir>/<line or id>-<request_id>/`.
    pub output_dir: PathBuf,
    /// The state store (default `<output_dir>/.runcomfy-batch.sqlite`).
    pub state: Option<PathBuf>,
    /// Start a new store although the output directory holds an earlier run's job folders.
    pub new_store: bool,
    /// Which jobs whose earlier submit has an unknown outcome are sent again.
    pub resubmit_unknown: Resubmit,
    /// Request ids of jobs whose submit had an unknown outcome, found on the dashboard:
    /// (line number, request id).
    pub adopt: Vec<(usize, String)>,
    /// Send again jobs that ran and failed.
    pub retry_failed: bool,
    /// How long to wait for each job (downloads included).
    pub timeout: Duration,
    /// Poll interval; `None` = the client's policy.
    pub poll_interval: Option<Duration>,
    /// Stop submitting before spent + in-flight estimates would pass this many USD.
    pub max_cost: Option<f64>,
    /// Asserted prices per job: for one model (`Some(id)`) or every model (`None`).
    pub assumed: Vec<(Option<String>, f64)>,
    /// Write `index.html` next to `results.jsonl`.
    pub gallery: bool,
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

    /// The price the user asserted for a job of `model_id`, if any (one for this model
    /// first, else one for every model).
    fn assumed(&self, model_id: &str) -> Option<f64> {
        self.assumed
            .iter()
            .find(|(m, _)| m.as_deref() == Some(model_id))
            .or_else(|| self.assumed.iter().find(|(m, _)| m.is_none()))
            .map(|(_, usd)| *usd)
    }
}

impl From<BatchArgs> for BatchOptions {
    fn from(a: BatchArgs) -> Self {
        BatchOptions {
            concurrency: usize::from(a.concurrency),
            output_dir: a.output_dir,
            state: a.state,
            new_store: a.new_store,
            resubmit_unknown: match a.resubmit_unknown {
                None => Resubmit::None,
                Some(lines) if lines.is_empty() => Resubmit::All,
                Some(lines) => Resubmit::Lines(lines.into_iter().collect()),
            },
            adopt: a.adopt,
            retry_failed: a.retry_failed,
            timeout: Duration::from_secs(a.timeout),
            poll_interval: a.poll_ms.map(Duration::from_millis),
            max_cost: a.max_cost,
            assumed: a.assume_price,
            gallery: !a.no_gallery,
        }
    }
}

/// `batch`: plans the file (resolving models that are not compiled in through the catalog,
/// which needs a token or `--simulate`), then runs it; with `--status`, prints the store's
/// table instead (no network).
pub fn command(global: Global, args: BatchArgs) -> Result<(), CliError> {
    let file = args.file.clone();
    let skip_invalid = args.skip_invalid;
    let status = args.status;
    let opts = BatchOptions::from(args);
    if status {
        return print_status(&file, &opts, global.json);
    }
    let mut known = plan::Known::compiled();
    let missing: Vec<String> = plan::model_ids(&file)?
        .into_iter()
        .filter(|id| !known.knows(id))
        .collect();
    if !missing.is_empty() && !session::can_connect(&global) {
        for id in &missing {
            known.insert(
                id.clone(),
                Err(format!(
                    "unknown model {id:?}: not compiled into this binary, and the live catalog needs a token \
                     (RUNCOMFY_TOKEN) or --simulate"
                )),
            );
        }
    }
    // Every line of a bundled model is validated before connecting (no token needed); the
    // catalog's models need the session first.
    let early = if missing.is_empty() || !session::can_connect(&global) {
        Some(plan::plan(&file, skip_invalid, &mut known)?)
    } else {
        None
    };
    session::block_on(async move {
        let session = Session::connect(global, &[]).await?;
        let plan = match early {
            Some(plan) => plan,
            None => {
                let resolver = session.resolver(false);
                for id in missing {
                    let found = resolver
                        .resolve(&id)
                        .await
                        .map(|r| r.schema)
                        .map_err(|e| e.display_chain());
                    known.insert(id, found);
                }
                plan::plan(&file, skip_invalid, &mut known)?
            }
        };
        for (n, _, message) in &plan.invalid {
            session
                .global
                .note(&format!("line {n}: skipped: {}", message.replace('\n', " ")));
        }
        run(&session, plan, opts).await
    })
}

/// `batch FILE --status`: every line of the file with its state, read from the store only.
fn print_status(file: &Path, opts: &BatchOptions, json: bool) -> Result<(), CliError> {
    let lines = plan::status_lines(file)?;
    let path = opts.store_path();
    if !path.exists() {
        return Err(CliError::no_input(format!(
            "no batch store at {} (nothing was run yet, or pass --state)",
            path.display()
        )));
    }
    let store = Store::open_read_only(&path)?;
    out!("{}", report::status_table(&lines, &store, json)?);
    Ok(())
}

/// A token cancelled on the first Ctrl-C; the second exits at once (the store is always
/// consistent: every state is committed before and after each call).
fn interrupt_twice(global: &Global) -> CancellationToken {
    let token = CancellationToken::new();
    let trigger = token.clone();
    let quiet = global.quiet;
    let mut presses = session::CtrlC::listen();
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

/// Everything a line's task needs.
struct Run<'a> {
    session: &'a Session,
    view: &'a View,
    store: &'a Store,
    opts: &'a BatchOptions,
    /// The price of each job (by key): the catalog's estimate, the model's mean cost in
    /// earlier runs, or the asserted one. With `--max-cost` every job has one.
    prices: HashMap<String, f64>,
    budget: &'a Budget,
    interrupt: CancellationToken,
    /// `results.jsonl` and `index.html` of the output folder (none when another process
    /// writes them).
    manifest: Option<&'a runcomfy_gallery::Manifest>,
    /// Lines the manifest already holds as done (an `already done` line keeps that record).
    done_in_manifest: std::collections::HashSet<u64>,
}

/// Checks what the user asked of earlier lines before anything is written or sent:
/// `--resubmit-unknown=LINES` names only lines whose outcome is unknown, `--adopt` pairs are
/// all valid (then written at once).
fn check_requests_about_lines(plan: &Plan, store: &Store, opts: &BatchOptions) -> Result<(), CliError> {
    if let Resubmit::Lines(numbers) = &opts.resubmit_unknown {
        let mut problems = Vec::new();
        for n in numbers {
            let Some(line) = plan.lines.iter().find(|l| l.number == *n) else {
                problems.push(format!("line {n} is not a job of this file"));
                continue;
            };
            match store.get(&line.key)? {
                Some(row)
                    if matches!(row.state, State::Submitting | State::OutcomeUnknown) && row.request_id.is_none() => {}
                row => problems.push(format!(
                    "line {n} is {}, not `outcome unknown`",
                    row.map_or("not submitted yet", |r| r.state.as_str())
                )),
            }
        }
        if !problems.is_empty() {
            return Err(CliError::usage(format!(
                "--resubmit-unknown names lines that cannot be sent again (nothing was sent):\n{}",
                problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
            )));
        }
    }
    if !opts.adopt.is_empty() {
        let mut pairs = Vec::new();
        let mut problems = Vec::new();
        for (number, request_id) in &opts.adopt {
            match plan.lines.iter().find(|l| l.number == *number) {
                Some(line) => pairs.push((line, request_id.as_str())),
                None => problems.push(format!(
                    "--adopt {number}={request_id}: line {number} is not a job of this file"
                )),
            }
        }
        if !problems.is_empty() {
            return Err(CliError::usage(format!(
                "nothing was adopted:\n{}",
                problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
            )));
        }
        store.adopt_all(&pairs)?;
    }
    Ok(())
}

/// Runs the batch: every job submitted, re-attached or skipped as the store says; prints the
/// summary (a table, or one JSON document with `--output json`).
pub async fn run(session: &Session, plan: Plan, opts: BatchOptions) -> Result<(), CliError> {
    let global = &session.global;
    // Outputs must have somewhere to go before anything is paid for.
    prepare_dir(&opts.output_dir)?;
    let path = opts.store_path();
    let store = Store::open(&path, &plan, &opts.output_dir, opts.new_store)?;
    check_requests_about_lines(&plan, &store, &opts)?;
    for (number, request_id) in &opts.adopt {
        global.note(&format!(
            "line {number}: adopted request {request_id}; this run re-attaches to it"
        ));
    }
    let prices = prices(session, &plan, &store, &opts).await?;
    let spent: f64 = plan
        .lines
        .iter()
        .filter_map(|l| store.get(&l.key).ok().flatten().map(|r| (l, r)))
        .filter(|(_, r)| r.state == State::Done)
        .map(|(l, r)| budget::counted_cost(r.cost, prices.get(&l.key).copied()))
        .sum();
    let budget = Budget::new(opts.max_cost, spent);
    global.note(&format!(
        "batch: {} job(s), concurrency {}, state in {}",
        plan.lines.len(),
        opts.concurrency,
        path.display()
    ));
    for (line, first) in &plan.duplicates {
        global.note(&format!("line {line}: the same job as line {first}; run once"));
    }
    let manifest = open_manifest(global, &opts);
    let done_in_manifest = manifest
        .as_ref()
        .map(|m| {
            m.records()
                .iter()
                .filter(|r| r.status == runcomfy_gallery::Status::Done)
                .filter_map(|r| r.line)
                .collect()
        })
        .unwrap_or_default();
    let view = View::new(global);
    let run = Run {
        session,
        view: &view,
        store: &store,
        opts: &opts,
        prices,
        budget: &budget,
        interrupt: interrupt_twice(global),
        manifest: manifest.as_ref(),
        done_in_manifest,
    };
    let mut outcomes: Vec<Outcome> = futures_util::stream::iter(plan.lines.iter())
        .map(|line| run.line(line))
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;
    let interrupted = run.interrupt.is_cancelled();
    drop(run);
    let not_run = Outcome::not_run(&plan);
    if let Some(m) = &manifest {
        for o in &not_run {
            let _ = m.upsert(o.record());
        }
    }
    outcomes.extend(not_run);
    outcomes.sort_by_key(|o| o.line);
    if let Some(m) = manifest {
        let page = opts.output_dir.join(runcomfy_gallery::PAGE_FILE);
        match m.close() {
            Ok(()) if opts.gallery => global.note(&format!("batch: gallery in {}", page.display())),
            Ok(()) => {}
            Err(e) => eprintln!("warning: results.jsonl / index.html: {e}"),
        }
    }
    let (spent, in_flight) = budget.totals();
    if global.json {
        crate::view::json(&serde_json::json!({
            "lines": outcomes.iter().map(Outcome::json).collect::<Vec<_>>(),
            "spent_usd": spent,
            "in_flight_usd": in_flight,
            "budget_usd": opts.max_cost,
        }));
    } else if !global.quiet || outcomes.iter().any(|o| o.code != 0) {
        out!("{}", report::summary(&outcomes));
    }
    // With a budget the spending is always shown (on stderr: stdout may hold JSON).
    let show = !global.quiet && (opts.max_cost.is_some() || (spent > 0.0 && !global.json));
    if show {
        let running = if in_flight > 0.0 {
            format!(", {} USD estimated for jobs still running", crate::text::usd(in_flight))
        } else {
            String::new()
        };
        let limit = opts
            .max_cost
            .map(|m| format!(" (budget {} USD)", crate::text::usd(m)))
            .unwrap_or_default();
        eprintln!(
            "batch: spent {} USD on finished jobs{running}{limit}",
            crate::text::usd(spent)
        );
    }
    let bad: Vec<&Outcome> = outcomes.iter().filter(|o| o.code != 0).collect();
    let code = if interrupted {
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

/// The price of every job: the catalog's estimate of that very request, else the mean cost
/// of its model's finished jobs in the store, else the asserted one (`--assume-price`). With
/// `--max-cost`, a job without any is refused before anything is sent (exit 65): a budget
/// cannot be kept by counting unknown prices as nothing.
async fn prices(
    session: &Session,
    plan: &Plan,
    store: &Store,
    opts: &BatchOptions,
) -> Result<HashMap<String, f64>, CliError> {
    let resolver = session.resolver(false);
    let mut entries = HashMap::new();
    let mut out = HashMap::new();
    let mut unknown: Vec<(String, String)> = Vec::new();
    for line in &plan.lines {
        if !entries.contains_key(&line.model_id) {
            let entry = resolver.entry(&line.model_id).await;
            entries.insert(line.model_id.clone(), entry);
        }
        let entry = entries.get(&line.model_id).and_then(Option::as_ref);
        let price = match Price::estimate(entry, &line.schema, &line.input) {
            Price::Known { usd, .. } => Price::Known {
                usd,
                basis: String::new(),
            },
            Price::Unknown { reason } => match store.mean_cost(&line.model_id) {
                Some(mean) if mean.is_finite() && mean >= 0.0 => Price::Known {
                    usd: mean,
                    basis: String::new(),
                },
                _ => Price::Unknown { reason },
            },
        };
        match price.with_assumed(opts.assumed(&line.model_id)) {
            Price::Known { usd, .. } => {
                out.insert(line.key.clone(), usd);
            }
            Price::Unknown { reason } => {
                if !unknown.iter().any(|(m, _)| *m == line.model_id) {
                    unknown.push((line.model_id.clone(), reason));
                }
            }
        }
    }
    if opts.max_cost.is_some() && !unknown.is_empty() {
        let models: Vec<String> = unknown
            .iter()
            .map(|(m, why)| format!("  {}: {}", crate::text::line(m), crate::text::line(why)))
            .collect();
        return Err(CliError::data(format!(
            "--max-cost needs a price for every job, and these models have none:\n{}\nnothing was submitted; if you \
             know what a job costs, pass --assume-price MODEL_ID=USD (or --assume-price USD for all of them)",
            models.join("\n")
        )));
    }
    Ok(out)
}

impl Run<'_> {
    /// What a job of `line` costs, as far as is known (see [`prices`]).
    fn price(&self, line: &Line) -> Option<f64> {
        self.prices.get(&line.key).copied()
    }

    /// The job of `line` is over (see [`Budget::finish`]).
    fn spent(&self, line: &Line, cost: Option<f64>, billed: bool) {
        self.budget.finish(&line.key, cost, billed);
    }

    async fn line(&self, line: &Line) -> Outcome {
        let mut view = self.view.job(line.label());
        let outcome = match self.drive(line, &mut view).await {
            Ok(o) => o,
            // A store error: what happened on the API side may not be recorded.
            Err(e) => Outcome::new(line, Status::OutcomeUnknown, None).failed(e.code, e.message),
        };
        let what = match outcome.status {
            Status::Done => format!("done: {} output(s)", outcome.outputs.len()),
            status => status.word().to_owned(),
        };
        view.end(&what, outcome.status.end());
        self.record(line, &outcome);
        outcome
    }

    /// Writes the line's record into `results.jsonl` (and the page). An `already done` line
    /// keeps the record of the run that did it; without one, the store's outputs make it.
    fn record(&self, line: &Line, outcome: &Outcome) {
        let Some(manifest) = self.manifest else { return };
        let mut record = outcome.record();
        if outcome.status == Status::AlreadyDone {
            if self.done_in_manifest.contains(&(line.number as u64)) {
                return;
            }
            record.status = runcomfy_gallery::Status::Done;
            record.files = outcome
                .outputs
                .iter()
                .filter_map(|p| super::relative_file(&self.opts.output_dir, Path::new(p), None, None))
                .collect();
        }
        if let Err(e) = manifest.upsert(record) {
            self.view.note(&format!("line {}: results.jsonl: {e}", line.number));
        }
    }

    async fn drive(&self, line: &Line, view: &mut JobLine<'_>) -> Result<Outcome, CliError> {
        let row = self.store.get(&line.key)?;
        if let Some(row) = row {
            match (row.state, row.request_id) {
                (State::Done, rid) => {
                    let mut o = Outcome::new(line, Status::AlreadyDone, rid);
                    o.outputs = row.outputs;
                    o.cost = row.cost;
                    return Ok(o);
                }
                (State::Failed, rid) if !self.opts.retry_failed => {
                    view.set("failed in an earlier run (not resubmitted without --retry-failed)");
                    return Ok(Outcome::new(line, Status::Failed, rid).failed(
                        exit::UNAVAILABLE,
                        row.error.unwrap_or_else(|| "failed in an earlier run".into()),
                    ));
                }
                (State::Expired, rid) if !self.session.simulated() => {
                    return Ok(Outcome::new(line, Status::NotFound, rid)
                        .failed(exit::DATA, row.error.unwrap_or_else(|| "the request id expired".into())));
                }
                (State::Submitted | State::Submitting | State::OutcomeUnknown, Some(rid)) => {
                    view.set(&format!("re-attaching to request {rid}"));
                    self.budget.attach(&line.key, self.price(line));
                    let job = Job::new(rid.clone()).with_model_id(line.model_id.clone());
                    match self.follow(line, &job, None, view).await? {
                        Some(o) => return Ok(o),
                        None => view.set(&format!(
                            "request {rid} is unknown to this in-process simulator (it died with the previous \
                             process); resubmitting (--simulate only)"
                        )),
                    }
                }
                (State::Submitting | State::OutcomeUnknown, None)
                    if !self.opts.resubmit_unknown.covers(line.number) =>
                {
                    let msg = row
                        .error
                        .unwrap_or_else(|| "an earlier run stopped between submit and recording the request id".into());
                    return Ok(Outcome::new(line, Status::OutcomeUnknown, None).failed(
                        exit::TEMP_FAIL,
                        format!(
                            "{msg}; the job may exist: check the dashboard, then --adopt {n}=<request id> if it is \
                             there, or --resubmit-unknown={n} if it is not",
                            n = line.number
                        ),
                    ));
                }
                _ => {}
            }
        }
        self.submit(line, view).await
    }

    async fn submit(&self, line: &Line, view: &mut JobLine<'_>) -> Result<Outcome, CliError> {
        if self.interrupt.is_cancelled() {
            return Ok(Outcome::new(line, Status::NotStarted, None));
        }
        if !self.budget.admit(&line.key, self.price(line)) {
            return Ok(Outcome::new(line, Status::OverBudget, None).failed(
                exit::TEMP_FAIL,
                format!(
                    "--max-cost {} USD reached; a rerun with a larger budget submits it",
                    crate::text::usd(self.opts.max_cost.unwrap_or_default())
                ),
            ));
        }
        self.store.mark_submitting(line)?;
        view.set(&format!("submitting {}", line.model_id));
        let request = DynamicRequest::new(line.schema.clone(), line.input.clone());
        let job = match self.session.client.submit(&request).await {
            Ok(job) => job,
            Err(e) if e.is_submit_outcome_unknown() => {
                // It may exist and be billed: counted at its price.
                self.spent(line, None, true);
                let msg = e.display_chain();
                self.store.mark(&line.key, State::OutcomeUnknown, Some(&msg))?;
                return Ok(Outcome::new(line, Status::OutcomeUnknown, None).failed(exit::TEMP_FAIL, msg));
            }
            Err(e) => {
                // The API answered and did not accept it: no job exists, a rerun sends it.
                self.spent(line, None, false);
                let o = Outcome::new(line, Status::Rejected, None).client_error(&e);
                let e = CliError::from(e);
                self.store.mark(&line.key, State::Rejected, Some(&e.message))?;
                return Ok(o.failed(e.code, e.message));
            }
        };
        let rid = job.request_id().to_owned();
        if let Err(e) = self.store.mark_submitted(line, &rid) {
            // The job exists and is paid for: its id must not be lost.
            view.always(&format!(
                "line {}: request {rid} was submitted but could not be saved in the store: {e}",
                line.number
            ));
            let msg = format!("request {rid} could not be saved: {e}");
            let _ = self.store.mark(&line.key, State::OutcomeUnknown, Some(&msg));
            self.spent(line, None, true);
            return Ok(Outcome::new(line, Status::OutcomeUnknown, Some(rid)).failed(exit::TEMP_FAIL, msg));
        }
        view.set(&format!("submitted: request {rid}"));
        match self.follow(line, &job, Some(tokio::time::Instant::now()), view).await? {
            Some(o) => Ok(o),
            None => {
                let msg = format!("request {rid} not found right after submit");
                self.store.mark(&line.key, State::Expired, Some(&msg))?;
                Ok(Outcome::new(line, Status::NotFound, Some(rid)).failed(exit::DATA, msg))
            }
        }
    }

    /// Waits for the job (submitted at `submitted_at`, when this run submitted it), fetches
    /// its result and downloads its outputs (the library's pipeline). `None` when the API does not know the request id and `--simulate` may
    /// resubmit it.
    async fn follow(
        &self,
        line: &Line,
        job: &Job,
        submitted_at: Option<tokio::time::Instant>,
        view: &mut JobLine<'_>,
    ) -> Result<Option<Outcome>, CliError> {
        let rid = job.request_id();
        // The submit time is known right after this run's submit (not for a re-attached job).
        let mut wait = WaitOptions {
            submitted_at,
            ..WaitOptions::default()
        };
        if let Some(every) = self.opts.poll_interval {
            wait.poll = Some(PollPolicy::fixed(every));
        }
        // Readable names, flat in the output folder: `<line or id>-<short request id>-<n>.<ext>`.
        let label = match &line.user_id {
            Some(id) => runcomfy_gallery::JobLabel::Id(id),
            None => runcomfy_gallery::JobLabel::Line(line.number as u64),
        };
        let job_opts = JobOptions::default()
            .wait(wait)
            .deadline(self.opts.timeout)
            .download_to(&self.opts.output_dir)
            .download_options(DownloadOptions::default().file_stem(runcomfy_gallery::file_stem(label, rid)))
            .interrupt(self.interrupt.clone())
            .on_interrupt(OnInterrupt::CancelAndStop);
        let mut observe = |event: JobEvent<'_>| view.on(event);
        let result = self.session.client.follow(job, &job_opts, &mut observe).await;
        let outcome = |status| Outcome::new(line, status, Some(rid.to_owned()));
        let done = match result {
            Ok(done) => done,
            Err(e) if e.is_not_found() => {
                self.spent(line, None, false);
                if self.session.simulated() {
                    return Ok(None);
                }
                let msg = format!("request {rid} not found (expired?): {}", e.display_chain());
                self.store.mark(&line.key, State::Expired, Some(&msg))?;
                return Ok(Some(outcome(Status::NotFound).client_error(&e).failed(exit::DATA, msg)));
            }
            Err(e) => {
                let (status, state, billed_nothing) = if e.is_cancelled() {
                    (Status::Cancelled, State::Cancelled, true)
                } else if e.is_job_failed() {
                    (Status::Failed, State::Failed, true)
                } else if e.is_interrupted() {
                    // Still submitted: a rerun re-attaches. Its price stays counted as in flight.
                    (Status::Interrupted, State::Submitted, false)
                } else {
                    (Status::Waiting, State::Submitted, false)
                };
                if billed_nothing {
                    self.spent(line, None, false);
                }
                let o = outcome(status).client_error(&e);
                let e = CliError::from(e);
                self.store.mark(&line.key, state, Some(&e.message))?;
                let code = if billed_nothing { exit::UNAVAILABLE } else { e.code };
                return Ok(Some(o.failed(code, e.message)));
            }
        };
        let cost = budget::valid_cost(done.result.cost);
        self.spent(line, cost, true);
        let mut o = outcome(Status::Done);
        o.cost = cost;
        o.times = (
            done.result.raw["created_at"].as_str().map(str::to_owned),
            done.result.raw["finished_at"].as_str().map(str::to_owned),
        );
        for entry in done.downloads.iter() {
            let file = match entry {
                Ok(d) => super::relative_file(&self.opts.output_dir, &d.path, Some(&d.url), Some(d.bytes)),
                Err(e) => e.url().map(|u| {
                    runcomfy_gallery::OutputFile::new(
                        runcomfy_gallery::MediaKind::from_path(u),
                        None,
                        Some(u.to_owned()),
                    )
                }),
            };
            o.files.extend(file);
        }
        let failures: Vec<String> = done.downloads.errors().map(|e| e.display_chain()).collect();
        if !failures.is_empty() {
            let message = failures.join("; ");
            self.store.mark(&line.key, State::Submitted, Some(&message))?;
            return Ok(Some(
                o_with_status(o, Status::DownloadFailed).failed(exit::UNAVAILABLE, message),
            ));
        }
        let paths: Vec<String> = done.downloads.files().map(|f| f.path.display().to_string()).collect();
        self.store.mark_done(&line.key, &paths, cost)?;
        o.outputs = paths;
        Ok(Some(o))
    }
}

/// `o` with another status.
fn o_with_status(mut o: Outcome, status: Status) -> Outcome {
    o.status = status;
    o
}

/// `results.jsonl` and `index.html` of the output folder, or none (with a warning) when they
/// cannot be kept: another process writes them, or the folder cannot be written.
fn open_manifest(global: &Global, opts: &BatchOptions) -> Option<runcomfy_gallery::Manifest> {
    let options = runcomfy_gallery::ManifestOptions::default().page(opts.gallery);
    match runcomfy_gallery::Manifest::open_with_problems(&opts.output_dir, options) {
        Ok((manifest, problems)) => {
            for p in problems {
                global.note(&format!("warning: {p}"));
            }
            Some(manifest)
        }
        Err(e) => {
            eprintln!("warning: no results.jsonl / index.html for this run: {e}");
            None
        }
    }
}
