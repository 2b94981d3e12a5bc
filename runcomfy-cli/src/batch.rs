//! `runcomfy batch <file.jsonl>`: many jobs from a JSON-lines file, with bounded
//! concurrency, outputs per job, and a SQLite state store that makes the run crash-safe
//! and resumable.
//!
//! Store rules (per line, keyed by the batch's content hash and the line number):
//! * `submitting` is committed before the POST; `submitted` with the request id right
//!   after the POST answers, before waiting; `done` after the outputs are on disk.
//! * On a rerun, `done` lines are skipped, lines with a request id are re-attached, and a
//!   line left `submitting` (or `unknown`: the client reported
//!   [`runcomfy_client::Error::SubmitOutcomeUnknown`]) is not sent again without
//!   `--resubmit-unknown`: the API has no idempotency key, so sending again could pay twice.
//! * `rejected` lines (the API definitely refused the submit) are submitted again.
//! * `failed` lines (the job ran and failed or was cancelled) are reported, not resubmitted.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use futures_util::StreamExt;
use runcomfy_client::{
    DownloadOptions, DownloadTarget, DynamicRequest, Error, JobEvent, JobOptions, JobRef, JobState, PollPolicy,
    WaitOptions,
};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::exit::{self, CliError};
use crate::remote::Ctx;

/// The largest batch file read (each line holds one request body of at most 60 MiB).
pub const MAX_BATCH_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The store's default file name, inside the output directory.
pub const STORE_FILE: &str = ".runcomfy-batch.sqlite";

/// Options of `batch`.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Jobs in flight at once (submit + wait + download).
    pub concurrency: usize,
    /// Outputs go to `<output_dir>/<line>-<request_id>/`.
    pub output_dir: PathBuf,
    /// The state store (default `<output_dir>/.runcomfy-batch.sqlite`).
    pub state: Option<PathBuf>,
    /// Send again lines whose earlier submit has an unknown outcome.
    pub resubmit_unknown: bool,
    /// How long to wait for each job.
    pub timeout: Duration,
    /// Poll interval; `None` = the client's policy.
    pub poll_interval: Option<Duration>,
}

/// One valid request of the batch file.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the file.
    pub number: usize,
    /// The endpoint.
    pub model_id: String,
    /// The request body (validated against the endpoint's IR).
    pub input: Value,
}

/// A parsed and validated batch file.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Hex SHA-256 of the file's canonical line content (the store's batch key).
    pub hash: String,
    /// Valid lines, in file order.
    pub lines: Vec<Line>,
    /// Invalid lines skipped with `--skip-invalid`: (line, model id if known, message).
    pub invalid: Vec<(usize, String, String)>,
}

/// Reads, parses and validates every line of `file`. Bad lines are an error (exit 65)
/// listing each with its line number, unless `skip_invalid`.
pub fn plan(file: &Path, skip_invalid: bool) -> Result<Plan, CliError> {
    let bytes = crate::flags::read_input(file, MAX_BATCH_FILE_BYTES)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::data(format!("{}: the batch file is not UTF-8", file.display())))?;
    let schemas: BTreeMap<String, runcomfy_schema::ir::EndpointSchema> = crate::catalog::endpoints()
        .into_iter()
        .map(|s| (s.model_id.clone(), s))
        .collect();
    let mut hasher = Sha256::new();
    let mut lines = Vec::new();
    let mut invalid = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        hasher.update(format!("{number}\t{trimmed}\n").as_bytes());
        match parse_line(trimmed, &schemas) {
            Ok((model_id, input)) => lines.push(Line {
                number,
                model_id,
                input,
            }),
            Err((model, message)) => invalid.push((number, model, message)),
        }
    }
    if !invalid.is_empty() && !skip_invalid {
        let mut msg = format!(
            "{} invalid line(s) in {}; nothing was submitted (--skip-invalid runs the valid ones):",
            invalid.len(),
            file.display()
        );
        for (n, _, m) in &invalid {
            let _ = write!(msg, "\n  line {n}: {}", m.replace('\n', "\n  "));
        }
        return Err(CliError::data(msg));
    }
    let hash = hasher.finalize().iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    Ok(Plan { hash, lines, invalid })
}

type Schemas = BTreeMap<String, runcomfy_schema::ir::EndpointSchema>;

fn parse_line(text: &str, schemas: &Schemas) -> Result<(String, Value), (String, String)> {
    let value: Value = serde_json::from_str(text).map_err(|e| (String::new(), format!("not JSON: {e}")))?;
    let Value::Object(mut obj) = value else {
        return Err((
            String::new(),
            "expected a JSON object {\"model_id\": ..., \"input\": {...}}".into(),
        ));
    };
    let model_id = match obj.get("model_id").or_else(|| obj.get("model")) {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err((String::new(), "\"model_id\" must be a string".into())),
        None => return Err((String::new(), "missing \"model_id\" (or \"model\")".into())),
    };
    let input = match obj.remove("input") {
        Some(v @ Value::Object(_)) => v,
        Some(_) => return Err((model_id, "\"input\" must be a JSON object".into())),
        None => return Err((model_id, "missing \"input\"".into())),
    };
    let Some(schema) = schemas.get(&model_id) else {
        return Err((
            model_id.clone(),
            format!("unknown model {model_id:?} (see `runcomfy models`)"),
        ));
    };
    if let Err(v) = schema.validate(&input) {
        return Err((
            model_id.clone(),
            format!("invalid request for {model_id}:\n{}", exit::violation_lines(&v)),
        ));
    }
    Ok((model_id, input))
}

/// One row of the store.
#[derive(Debug, Clone)]
struct Row {
    state: String,
    request_id: Option<String>,
    outputs: Vec<String>,
    error: Option<String>,
}

/// The SQLite state store (WAL, `synchronous=FULL`: every commit survives `kill -9`).
struct Store {
    conn: Mutex<Connection>,
    batch: String,
}

fn io_err(what: &str, e: impl std::fmt::Display) -> CliError {
    CliError::new(exit::IO_ERR, format!("batch state store: {what}: {e}"))
}

impl Store {
    fn open(path: &Path, batch: String) -> Result<Store, CliError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| CliError::new(exit::CANT_CREATE, format!("cannot create {}: {e}", dir.display())))?;
        }
        let conn = Connection::open(path).map_err(|e| io_err(&format!("cannot open {}", path.display()), e))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| io_err("busy timeout", e))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| io_err("journal mode", e))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| io_err("synchronous", e))?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS jobs (
                batch TEXT NOT NULL,
                line INTEGER NOT NULL,
                model_id TEXT NOT NULL,
                state TEXT NOT NULL,
                request_id TEXT,
                outputs TEXT NOT NULL DEFAULT '[]',
                error TEXT,
                updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
                PRIMARY KEY (batch, line)
            );
            CREATE TABLE IF NOT EXISTS submissions (
                batch TEXT NOT NULL,
                line INTEGER NOT NULL,
                request_id TEXT NOT NULL UNIQUE,
                submitted_at INTEGER NOT NULL DEFAULT (unixepoch()),
                PRIMARY KEY (batch, line, request_id)
            );",
        )
        .map_err(|e| io_err("schema", e))?;
        Ok(Store {
            conn: Mutex::new(conn),
            batch,
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn get(&self, line: usize) -> Result<Option<Row>, CliError> {
        self.conn()
            .query_row(
                "SELECT state, request_id, outputs, error FROM jobs WHERE batch = ?1 AND line = ?2",
                params![self.batch, line as i64],
                |r| {
                    let outputs: String = r.get(2)?;
                    Ok(Row {
                        state: r.get(0)?,
                        request_id: r.get(1)?,
                        outputs: serde_json::from_str(&outputs).unwrap_or_default(),
                        error: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(|e| io_err("read", e))
    }

    fn mark_submitting(&self, line: &Line) -> Result<(), CliError> {
        self.conn()
            .execute(
                "INSERT INTO jobs (batch, line, model_id, state) VALUES (?1, ?2, ?3, 'submitting')
                 ON CONFLICT (batch, line) DO UPDATE SET state = 'submitting', request_id = NULL,
                   error = NULL, model_id = excluded.model_id, updated_at = unixepoch()",
                params![self.batch, line.number as i64, line.model_id],
            )
            .map(drop)
            .map_err(|e| io_err("write", e))
    }

    fn mark_submitted(&self, line: usize, request_id: &str) -> Result<(), CliError> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(|e| io_err("begin", e))?;
        tx.execute(
            "UPDATE jobs SET state = 'submitted', request_id = ?3, error = NULL, updated_at = unixepoch()
             WHERE batch = ?1 AND line = ?2",
            params![self.batch, line as i64, request_id],
        )
        .map_err(|e| io_err("write", e))?;
        tx.execute(
            "INSERT INTO submissions (batch, line, request_id) VALUES (?1, ?2, ?3)",
            params![self.batch, line as i64, request_id],
        )
        .map_err(|e| io_err("write", e))?;
        tx.commit().map_err(|e| io_err("commit", e))
    }

    fn mark(&self, line: usize, state: &str, error: Option<&str>) -> Result<(), CliError> {
        self.conn()
            .execute(
                "UPDATE jobs SET state = ?3, error = ?4, updated_at = unixepoch() WHERE batch = ?1 AND line = ?2",
                params![self.batch, line as i64, state, error],
            )
            .map(drop)
            .map_err(|e| io_err("write", e))
    }

    fn mark_done(&self, line: usize, outputs: &[String]) -> Result<(), CliError> {
        let outputs = serde_json::to_string(outputs).unwrap_or_else(|_| "[]".into());
        self.conn()
            .execute(
                "UPDATE jobs SET state = 'done', outputs = ?3, error = NULL, updated_at = unixepoch()
                 WHERE batch = ?1 AND line = ?2",
                params![self.batch, line as i64, outputs],
            )
            .map(drop)
            .map_err(|e| io_err("write", e))
    }
}

/// How one line ended in this run.
#[derive(Debug, Clone)]
struct Outcome {
    line: usize,
    model_id: String,
    status: &'static str,
    request_id: Option<String>,
    outputs: Vec<String>,
    error: Option<String>,
    /// 0 when the line is done.
    code: u8,
}

impl Outcome {
    fn new(line: &Line, status: &'static str, request_id: Option<String>) -> Outcome {
        Outcome {
            line: line.number,
            model_id: line.model_id.clone(),
            status,
            request_id,
            outputs: Vec::new(),
            error: None,
            code: 0,
        }
    }

    fn failed(mut self, code: u8, error: impl Into<String>) -> Outcome {
        self.code = code;
        self.error = Some(error.into());
        self
    }

    fn json(&self) -> Value {
        json!({
            "line": self.line,
            "model_id": self.model_id,
            "status": self.status,
            "request_id": self.request_id,
            "outputs": self.outputs,
            "error": self.error,
        })
    }
}

/// Runs the batch: every line submitted, re-attached or skipped as the store says; prints
/// the summary (a table, or JSON lines with `--output json`).
pub async fn run(ctx: Ctx, plan: Plan, opts: BatchOptions) -> Result<(), CliError> {
    // Outputs must have somewhere to go before anything is paid for.
    runcomfy_client::download::prepare_dir(&opts.output_dir)?;
    let path = opts.state.clone().unwrap_or_else(|| opts.output_dir.join(STORE_FILE));
    let store = Store::open(&path, plan.hash.clone())?;
    ctx.global.note(&format!(
        "batch: {} job(s), concurrency {}, state in {}",
        plan.lines.len(),
        opts.concurrency,
        path.display()
    ));
    let mut outcomes: Vec<Outcome> = futures_util::stream::iter(plan.lines.iter())
        .map(|line| run_line(&ctx, &store, &opts, line))
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;
    for (n, model, message) in &plan.invalid {
        outcomes.push(Outcome {
            line: *n,
            model_id: model.clone(),
            status: "invalid",
            request_id: None,
            outputs: Vec::new(),
            error: Some(message.replace('\n', " ")),
            code: 0,
        });
    }
    outcomes.sort_by_key(|o| o.line);
    if ctx.global.json {
        for o in &outcomes {
            println!("{}", o.json());
        }
    } else if !ctx.global.quiet || outcomes.iter().any(|o| o.code != 0) {
        print!("{}", table(&outcomes));
    }
    let bad: Vec<&Outcome> = outcomes.iter().filter(|o| o.code != 0).collect();
    match bad.iter().map(|o| o.code).max() {
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

fn table(outcomes: &[Outcome]) -> String {
    let rows: Vec<[String; 5]> = outcomes
        .iter()
        .map(|o| {
            [
                o.line.to_string(),
                o.model_id.clone(),
                o.status.to_owned(),
                o.request_id.clone().unwrap_or_else(|| "-".into()),
                match &o.error {
                    Some(e) => e.replace('\n', " "),
                    None => o.outputs.join(", "),
                },
            ]
        })
        .collect();
    let header = ["LINE", "MODEL", "STATUS", "REQUEST_ID", "OUTPUTS / ERROR"].map(str::to_owned);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter().zip(row.iter()) {
            let _ = write!(out, "{cell:<w$}  ");
        }
        let _ = writeln!(out, "{}", row[4]);
    }
    out
}

async fn run_line(ctx: &Ctx, store: &Store, opts: &BatchOptions, line: &Line) -> Outcome {
    match drive(ctx, store, opts, line).await {
        Ok(o) => o,
        Err(e) => {
            // A store error: what happened on the API side is not recorded.
            Outcome::new(line, "error", None).failed(e.code, e.message)
        }
    }
}

fn note(ctx: &Ctx, line: &Line, what: &str) {
    match board(ctx) {
        Some(board) => board.update(line, what),
        None => ctx.global.note(&format!("line {}: {what}", line.number)),
    }
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
                indicatif::ProgressStyle::with_template("{spinner} line {prefix}: {msg} [{elapsed}]")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.set_prefix(format!("{} {}", line.number, line.model_id));
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        bar.set_message(what.to_owned());
        const ENDS: &[&str] = &[
            "done",
            "already done",
            "failed",
            "outcome unknown",
            "rejected",
            "not found",
            "gave up",
            "download failed",
        ];
        if ENDS.iter().any(|end| what.starts_with(end)) {
            bar.finish();
        }
    }
}

async fn drive(ctx: &Ctx, store: &Store, opts: &BatchOptions, line: &Line) -> Result<Outcome, CliError> {
    let row = store.get(line.number)?;
    if let Some(row) = row {
        match (row.state.as_str(), row.request_id) {
            ("done", rid) => {
                note(ctx, line, "already done");
                let mut o = Outcome::new(line, "already done", rid);
                o.outputs = row.outputs;
                return Ok(o);
            }
            ("failed", rid) => {
                note(ctx, line, "failed in an earlier run (not resubmitted)");
                return Ok(Outcome::new(line, "failed", rid).failed(
                    exit::UNAVAILABLE,
                    row.error.unwrap_or_else(|| "failed in an earlier run".into()),
                ));
            }
            (_, Some(rid)) => {
                note(ctx, line, &format!("re-attaching to request {rid}"));
                let job = JobRef::new(rid.clone()).with_model_id(line.model_id.clone());
                match wait_and_finish(ctx, store, opts, line, &job).await? {
                    Finish::Done(o) => return Ok(o),
                    Finish::Lost(_) if ctx.global.simulate => {
                        note(
                            ctx,
                            line,
                            &format!(
                                "request {rid} is unknown to this in-process simulator (it died with the \
                                 previous process); resubmitting (--simulate only)"
                            ),
                        );
                    }
                    Finish::Lost(e) => {
                        let msg = format!("request {rid} not found (expired?): {e}");
                        store.mark(line.number, "failed", Some(&msg))?;
                        note(ctx, line, "not found");
                        return Ok(Outcome::new(line, "not found", Some(rid)).failed(exit::DATA, msg));
                    }
                }
            }
            ("submitting" | "unknown", None) if !opts.resubmit_unknown => {
                let msg = row
                    .error
                    .unwrap_or_else(|| "an earlier run stopped between submit and recording the request id".into());
                note(
                    ctx,
                    line,
                    "outcome unknown (not resubmitted without --resubmit-unknown)",
                );
                return Ok(Outcome::new(line, "outcome unknown", None).failed(
                    exit::TEMP_FAIL,
                    format!("{msg}; the job may exist (check the dashboard), --resubmit-unknown sends it again"),
                ));
            }
            _ => {}
        }
    }
    submit(ctx, store, opts, line).await
}

async fn submit(ctx: &Ctx, store: &Store, opts: &BatchOptions, line: &Line) -> Result<Outcome, CliError> {
    store.mark_submitting(line)?;
    note(ctx, line, &format!("submitting {}", line.model_id));
    let schema = crate::catalog::endpoint(&line.model_id)?;
    let request = DynamicRequest::new(schema, line.input.clone());
    match ctx.client.submit_dynamic(&request).await {
        Ok(job) => {
            let rid = job.request_id().to_owned();
            if let Err(e) = store.mark_submitted(line.number, &rid) {
                // The job exists and is paid for: its id must not be lost.
                eprintln!(
                    "line {}: request {rid} was submitted but could not be saved in the store: {e}",
                    line.number
                );
                return Err(e);
            }
            note(ctx, line, &format!("submitted: request {rid}"));
            match wait_and_finish(ctx, store, opts, line, &job).await? {
                Finish::Done(o) => Ok(o),
                Finish::Lost(e) => {
                    let msg = format!("request {rid} not found right after submit: {e}");
                    store.mark(line.number, "failed", Some(&msg))?;
                    Ok(Outcome::new(line, "not found", Some(rid)).failed(exit::DATA, msg))
                }
            }
        }
        Err(e) if e.is_submit_outcome_unknown() => {
            let msg = e.display_chain();
            store.mark(line.number, "unknown", Some(&msg))?;
            note(ctx, line, "outcome unknown");
            Ok(Outcome::new(line, "outcome unknown", None).failed(exit::TEMP_FAIL, msg))
        }
        Err(e) => {
            // The API answered and did not accept it: no job exists, a rerun may send it.
            let e = CliError::from(e);
            store.mark(line.number, "rejected", Some(&e.message))?;
            note(ctx, line, "rejected");
            Ok(Outcome::new(line, "rejected", None).failed(e.code, e.message))
        }
    }
}

enum Finish {
    Done(Outcome),
    /// 404 for the request id.
    Lost(Error),
}

/// Waits for the job, fetches its result and downloads its outputs into
/// `<output_dir>/<line>-<request id>/`: the library's pipeline ([`runcomfy_client::Client::follow`]).
async fn wait_and_finish(
    ctx: &Ctx,
    store: &Store,
    opts: &BatchOptions,
    line: &Line,
    job: &JobRef,
) -> Result<Finish, CliError> {
    let rid = job.request_id();
    let mut wait = WaitOptions::default().deadline(opts.timeout);
    if let Some(every) = opts.poll_interval {
        wait.poll = Some(PollPolicy::fixed(every));
    }
    let dir = opts.output_dir.join(format!(
        "{}-{}",
        line.number,
        runcomfy_client::download::request_id_stem(rid)
    ));
    let job_opts = JobOptions::default().wait(wait).download(Some(DownloadTarget {
        dir,
        options: DownloadOptions::default(),
    }));
    let mut last: Option<JobState> = None;
    let mut observe = |event: JobEvent<'_>| match event {
        JobEvent::Progress(p) if ctx.global.verbose || last.as_ref() != Some(&p.state) => {
            note(ctx, line, &p.state.to_string());
            last = Some(p.state.clone());
        }
        JobEvent::DownloadFailed(e) => note(ctx, line, &format!("download failed: {e}")),
        _ => {}
    };
    let done = match ctx.client.follow(job, &job_opts, &mut observe).await {
        Ok(done) => done,
        Err(e) if e.is_not_found() => return Ok(Finish::Lost(e)),
        Err(e) if e.is_job_failed() || e.is_cancelled() => {
            let e = CliError::from(e);
            store.mark(line.number, "failed", Some(&e.message))?;
            note(ctx, line, "failed");
            return Ok(Finish::Done(
                Outcome::new(line, "failed", Some(rid.to_owned())).failed(e.code, e.message),
            ));
        }
        Err(e) => {
            // Still submitted: a rerun re-attaches.
            let e = CliError::from(e);
            store.mark(line.number, "submitted", Some(&e.message))?;
            note(ctx, line, "gave up waiting (a rerun re-attaches)");
            return Ok(Finish::Done(
                Outcome::new(line, "waiting", Some(rid.to_owned())).failed(e.code, e.message),
            ));
        }
    };
    let failures: Vec<String> = done.download_errors().map(|e| e.display_chain()).collect();
    if !failures.is_empty() {
        let message = failures.join("; ");
        store.mark(line.number, "submitted", Some(&message))?;
        note(ctx, line, "download failed (a rerun downloads again)");
        return Ok(Finish::Done(
            Outcome::new(line, "download failed", Some(rid.to_owned())).failed(exit::UNAVAILABLE, message),
        ));
    }
    let paths: Vec<String> = done.downloaded().map(|f| f.path.display().to_string()).collect();
    store.mark_done(line.number, &paths)?;
    note(ctx, line, &format!("done: {} output(s)", paths.len()));
    let mut o = Outcome::new(line, "done", Some(rid.to_owned()));
    o.outputs = paths;
    Ok(Finish::Done(o))
}
