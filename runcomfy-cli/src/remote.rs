//! The commands that talk to the API (or the in-process simulator): run, status, result,
//! cancel. Each is a thin user of the library's pipeline: this module parses nothing and
//! re-implements nothing; it renders events and maps errors to exit codes.

use std::future::Future;
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::time::Duration;

use runcomfy_client::catalog::SchemaCache;
use runcomfy_client::config::{PollPolicy, RetryPolicy};
use runcomfy_client::job::CancellationToken;
use runcomfy_client::resolve::SchemaResolver;
use runcomfy_client::{
    CancelOutcome, Client, CompletedJob, DynamicRequest, ErrorKind, Job, JobEvent, JobOptions, JobState, WaitOptions,
};
use serde_json::json;

use crate::Global;
use crate::exit::{self, CliError};

/// The longest `--timeout` accepted, in seconds (7 days).
pub const MAX_TIMEOUT_SECS: u64 = 7 * 24 * 3600;

/// What a command talks to: a client, and the simulator it points at when simulating.
pub struct Ctx {
    /// The API client.
    pub client: Client,
    /// Output settings.
    pub global: Global,
    _sim: Option<runcomfy_sim::SimHandle>,
}

/// Options of `run`.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Where outputs go.
    pub output_dir: PathBuf,
    /// Print the request id and exit after submit.
    pub no_wait: bool,
    /// Download the outputs (else print their URLs).
    pub download: bool,
    /// How long to wait.
    pub timeout: Duration,
}

/// The async runtime of a command.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::new(exit::UNAVAILABLE, format!("cannot start the async runtime: {e}")))
}

/// Builds a runtime and a client (or simulator + client), then runs `f`.
pub fn block_on<F, Fut>(global: Global, f: F) -> Result<(), CliError>
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = Result<(), CliError>>,
{
    runtime()?.block_on(async move {
        let ctx = connect(global).await?;
        f(ctx).await
    })
}

/// Whether a client can be made without asking: `--simulate`, or a token (environment or
/// the official CLI's token file).
pub fn can_connect(global: &Global) -> bool {
    global.simulate
        || matches!(
            runcomfy_client::config::find_token(&|k| std::env::var(k).ok()),
            Ok(Some(_))
        )
}

/// What `--simulate` serves: the compiled-in schemas, then those of `--schemas DIR` with
/// their catalog sidecars (`<model_id>.meta.json`: name, categories, price).
type Served = (
    Vec<(String, String, String)>,
    std::collections::BTreeMap<String, runcomfy_sim::ModelMeta>,
);

fn simulated_schemas(global: &Global) -> Result<Served, CliError> {
    let mut meta = std::collections::BTreeMap::new();
    let mut texts: Vec<(String, String, String)> = runcomfy_client::models::ENDPOINTS
        .iter()
        .map(|(id, file, text)| ((*id).to_owned(), (*file).to_owned(), (*text).to_owned()))
        .collect();
    if let Some(dir) = &global.schemas {
        let folder = runcomfy_schema::Catalog::load(dir, &dir.display().to_string());
        let errors: Vec<String> = folder
            .diagnostics()
            .filter(|d| d.is_error())
            .map(|d| format!("  {d}"))
            .collect();
        if !errors.is_empty() {
            return Err(CliError::data(format!(
                "the schema folder {} has errors:\n{}",
                dir.display(),
                errors.join("\n")
            )));
        }
        for f in folder.files {
            let sidecar = dir.join(format!("{}{}", f.model_id, runcomfy_sim::catalog::SIDECAR_SUFFIX));
            if sidecar.is_file() {
                let bytes = crate::flags::read_input(&sidecar, 1024 * 1024)?;
                let m: runcomfy_sim::ModelMeta = serde_json::from_slice(&bytes)
                    .map_err(|e| CliError::data(format!("{}: {e}", sidecar.display())))?;
                meta.insert(f.model_id.clone(), m);
            }
            texts.retain(|(id, _, _)| *id != f.model_id);
            texts.push((f.model_id, f.label, f.text));
        }
    }
    Ok((texts, meta))
}

/// Connects: a simulator started here with `--simulate`, else the API with the token.
pub async fn connect(global: Global) -> Result<Ctx, CliError> {
    let retry = RetryPolicy::default().max_retries(global.retries);
    if global.simulate {
        let (texts, model_meta) = simulated_schemas(&global)?;
        let sim = runcomfy_sim::start(
            runcomfy_sim::SimConfig {
                model_meta,
                clock: runcomfy_sim::ClockMode::Accelerated(10.0),
                // A fresh seed per process: request ids (and so output file names) differ
                // between runs instead of overwriting each other's files.
                seed: std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(0),
                ..runcomfy_sim::SimConfig::default()
            }
            // The schemas compiled into this binary (so `--simulate` works wherever it runs),
            // and those of `--schemas DIR`.
            .with_schema_texts(
                texts
                    .iter()
                    .map(|(id, file, text)| (id.as_str(), file.as_str(), text.as_str())),
            ),
        )
        .await
        .map_err(|e| CliError::new(exit::UNAVAILABLE, format!("cannot start the simulator: {e}")))?;
        if !global.quiet {
            eprintln!(
                "runcomfy: simulating: using the in-process RunComfy simulator at {} (no real jobs, no cost)",
                sim.base_url()
            );
        }
        let client = Client::builder()
            .token("simulated")
            .base_url(sim.base_url())
            .poll(PollPolicy::fixed(Duration::from_millis(100)))
            .retry(retry)
            .build()?;
        return Ok(Ctx {
            client,
            global,
            _sim: Some(sim),
        });
    }
    // The token: the environment, else the official CLI's token file.
    let lookup = |k: &str| std::env::var(k).ok();
    match runcomfy_client::config::find_token(&lookup) {
        Ok(Some(_)) => {}
        Ok(None) => {
            return Err(CliError::new(
                exit::NO_PERM,
                "no API token: set RUNCOMFY_TOKEN to your RunComfy API token (or sign in with the official \
                 RunComfy CLI, whose token file is read too), or pass --simulate (or set RUNCOMFY_SIMULATE=1) to \
                 run offline against the built-in simulator",
            ));
        }
        Err(why) => return Err(CliError::usage(why)),
    }
    let mut builder = Client::builder().from_env().retry(retry);
    // What the poller learned about run times in earlier runs (kept next to the cache).
    if let Some(snapshot) = run_times_file()
        .and_then(|path| runcomfy_client::media::read_file(&path, 1024 * 1024).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| runcomfy_client::config::RunTimeSnapshot::from_json(&text).ok())
    {
        builder = builder.run_times(&snapshot);
    }
    let client = builder.build()?;
    Ok(Ctx {
        client,
        global,
        _sim: None,
    })
}

/// Where the poller's learned run times are kept between runs: next to the catalog cache.
fn run_times_file() -> Option<PathBuf> {
    SchemaCache::default_dir()?
        .parent()
        .map(|dir| dir.join("run-times.json"))
}

impl Drop for Ctx {
    /// Keeps what the poller learned (not for the simulator of this process: its run times
    /// are not the API's). Best effort: a cache that cannot be written is no error.
    fn drop(&mut self) {
        if self._sim.is_some() {
            return;
        }
        let snapshot = self.client.run_times();
        let Some(path) = run_times_file().filter(|_| !snapshot.is_empty()) else {
            return;
        };
        let Some(dir) = path.parent() else { return };
        let _ = std::fs::create_dir_all(dir)
            .and_then(|()| tempfile::NamedTempFile::new_in(dir))
            .and_then(|mut tmp| {
                std::io::Write::write_all(&mut tmp, snapshot.to_json().as_bytes())?;
                tmp.persist(&path).map(drop).map_err(|e| e.error)
            });
    }
}

impl Ctx {
    /// Where this command finds a model's schema: compiled in, then the catalog (through
    /// the client; with the on-disk cache against the real API, none against the simulator
    /// of this process, whose catalog dies with it).
    pub fn resolver(&self, offline: bool) -> SchemaResolver {
        let cache = (!self.global.simulate)
            .then(SchemaCache::default_dir)
            .flatten()
            .map(|dir| SchemaCache::new(dir, CATALOG_CACHE_AGE));
        SchemaResolver::new()
            .compiled()
            .catalog(self.client.clone(), cache, offline)
    }
}

/// How long a cached catalog entry is used without asking the catalog again.
pub const CATALOG_CACHE_AGE: Duration = Duration::from_secs(24 * 3600);

/// Ctrl-C presses, listened for from the moment this is made: a press that comes before the
/// listening task first runs is not lost (and does not kill the process).
pub struct CtrlC {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

impl CtrlC {
    /// Starts listening for SIGINT.
    pub fn listen() -> CtrlC {
        CtrlC {
            #[cfg(unix)]
            signal: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok(),
        }
    }

    /// The next press; `false` when presses cannot be listened for.
    pub async fn pressed(&mut self) -> bool {
        #[cfg(unix)]
        {
            match &mut self.signal {
                Some(signal) => signal.recv().await.is_some(),
                None => false,
            }
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await.is_ok()
        }
    }
}

/// A token cancelled on the first Ctrl-C (SIGINT).
pub fn interrupt_on_ctrl_c() -> CancellationToken {
    let token = CancellationToken::new();
    let trigger = token.clone();
    let mut presses = CtrlC::listen();
    tokio::spawn(async move {
        if presses.pressed().await {
            trigger.cancel();
        }
    });
    token
}

/// Renders a job's events on stderr: the request id as soon as it exists (whatever the
/// output mode), then one live line on a terminal or plain lines elsewhere.
struct View<'a> {
    global: &'a Global,
    model_id: &'a str,
    bar: Option<indicatif::ProgressBar>,
    last: Option<JobState>,
}

impl<'a> View<'a> {
    fn new(global: &'a Global, model_id: &'a str) -> View<'a> {
        let bar = (!global.quiet && !global.json && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        View {
            global,
            model_id,
            bar,
            last: None,
        }
    }

    fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => self.global.note(text),
        }
    }

    fn on(&mut self, event: JobEvent<'_>) {
        match event {
            // Always shown: a paid job's id must reach the user whatever fails later.
            JobEvent::Submitted(job) => {
                let text = format!("submitted {}: request {}", self.model_id, job.request_id());
                match &self.bar {
                    Some(bar) => bar.println(&text),
                    None => eprintln!("{text}"),
                }
            }
            JobEvent::Progress(p) => match &self.bar {
                Some(bar) => bar.set_message(p.state.to_string()),
                None if self.global.verbose || self.last.as_ref() != Some(&p.state) => {
                    self.global
                        .note(&format!("  {} ({:.1}s)", p.state, p.elapsed.as_secs_f64()));
                    self.last = Some(p.state.clone());
                }
                None => {}
            },
            JobEvent::CancelRequested(outcome) => match outcome {
                Ok(o) => self.line(&format!("cancel: {o}")),
                Err(e) => self.line(&format!("cancel failed: {e}")),
            },
            JobEvent::Result(r) => {
                if let Some(bar) = &self.bar {
                    bar.set_message("downloading");
                }
                if let Some(cost) = r.cost {
                    self.line(&format!("cost: {cost} USD"));
                }
            }
            JobEvent::DownloadFailed(e) => self.line(&format!("download failed: {}", e.display_chain())),
            _ => {}
        }
    }

    fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The error of an interrupted job: exit 130, with what the remote cancel did.
fn interrupted(e: runcomfy_client::Error) -> CliError {
    let cancel = e.cancel_outcome().map(|c| format!("; cancel: {c}")).unwrap_or_default();
    let id = e.request_id().map(|id| format!(" (request {id})")).unwrap_or_default();
    CliError::new(exit::INTERRUPTED, format!("interrupted{cancel}{id}"))
}

/// `run`: check, submit, wait (Ctrl-C cancels the job remotely), download, print paths.
pub async fn run(ctx: Ctx, request: DynamicRequest, opts: RunOptions) -> Result<(), CliError> {
    let model_id = request.model_id().to_owned();
    if opts.no_wait {
        let job = ctx.client.submit(&request).await?;
        if ctx.global.json {
            outln!(
                "{}",
                json!({"request_id": job.request_id(), "model_id": model_id, "status": "submitted"})
            );
        } else {
            outln!("{}", job.request_id());
        }
        return Ok(());
    }
    let interrupt = interrupt_on_ctrl_c();
    // The deadline covers the wait, the result and the downloads.
    let mut job_opts = JobOptions::default()
        .wait(WaitOptions::default().deadline(opts.timeout))
        .interrupt(interrupt.clone());
    if opts.download {
        job_opts = job_opts.download_to(opts.output_dir);
    }
    let mut view = View::new(&ctx.global, &model_id);
    let done = ctx.client.run_with(&request, &job_opts, &mut |e| view.on(e)).await;
    view.finish();
    match done {
        Ok(done) => print_outputs(&ctx, &model_id, &done, opts.download),
        Err(e) if interrupt.is_cancelled() && (e.is_interrupted() || e.is_cancelled()) => Err(interrupted(e)),
        Err(e) => Err(e.into()),
    }
}

/// Prints the outputs of a finished job (paths, or URLs when not downloaded); every failed
/// download is reported and makes the command fail (69).
fn print_outputs(ctx: &Ctx, model_id: &str, done: &CompletedJob, downloaded: bool) -> Result<(), CliError> {
    let paths: Vec<String> = done.downloads.files().map(|f| f.path.display().to_string()).collect();
    let urls: Vec<&str> = done.result.output.urls().map(|(_, u)| u).collect();
    if ctx.global.json {
        outln!(
            "{}",
            json!({
                "request_id": done.job.request_id(),
                "model_id": if model_id.is_empty() { done.result.model_id.as_deref().unwrap_or_default() } else { model_id },
                "status": "completed",
                "outputs": paths,
                "urls": urls,
                "cost": done.result.cost,
                "errors": done.downloads.errors().map(|e| e.display_chain()).collect::<Vec<_>>(),
            })
        );
    } else if downloaded {
        for p in &paths {
            outln!("{p}");
        }
    } else {
        for u in &urls {
            outln!("{u}");
        }
    }
    let failed: Vec<String> = done
        .downloads
        .errors()
        .map(|e| format!("  {}", e.display_chain()))
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::new(
            exit::UNAVAILABLE,
            format!(
                "{} of {} output(s) could not be downloaded (request {}; `runcomfy result` fetches them again):\n{}",
                failed.len(),
                done.downloads.len(),
                done.job.request_id(),
                failed.join("\n")
            ),
        ))
    }
}

/// `status <request_id>`.
pub async fn status(ctx: Ctx, request_id: String) -> Result<(), CliError> {
    let status = ctx.client.status(&Job::new(request_id.clone())).await?;
    if ctx.global.json {
        let position = match status.state {
            JobState::Queued { position } => position,
            _ => None,
        };
        outln!(
            "{}",
            json!({"request_id": request_id, "status": status.state.word(), "queue_position": position})
        );
    } else {
        outln!("{}", status.state);
    }
    Ok(())
}

/// `result <request_id>`: outputs downloaded to `dir` (or only listed).
pub async fn result(ctx: Ctx, request_id: String, dir: PathBuf, no_download: bool) -> Result<(), CliError> {
    let interrupt = interrupt_on_ctrl_c();
    let mut opts = JobOptions::default().skip_wait(true).interrupt(interrupt.clone());
    if !no_download {
        opts = opts.download_to(dir);
    }
    let mut view = View::new(&ctx.global, "");
    let job = Job::new(request_id);
    let done = ctx.client.follow(&job, &opts, &mut |e| view.on(e)).await;
    view.finish();
    match done {
        Ok(done) => print_outputs(&ctx, "", &done, !no_download),
        Err(e) if e.kind() == ErrorKind::Interrupted => Err(interrupted(e)),
        Err(e) => Err(e.into()),
    }
}

/// `cancel <request_id>`: says what happened; a job that was not found is exit 65.
pub async fn cancel(ctx: Ctx, request_id: String) -> Result<(), CliError> {
    let outcome = ctx.client.cancel(&Job::new(request_id.clone())).await?;
    if ctx.global.json {
        outln!("{}", json!({"request_id": request_id, "outcome": outcome.to_string()}));
    } else {
        outln!("{outcome}");
    }
    if outcome == CancelOutcome::NotFound {
        return Err(CliError::data(format!("no job {request_id}")));
    }
    Ok(())
}
