//! The commands that talk to the API (or the in-process simulator): run, status, result,
//! cancel.

use std::future::Future;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::StreamExt;
use runcomfy_client::{
    CancelOutcome, Client, DownloadOptions, Job, JobOutput, JobState, PollPolicy, TOKEN_VARS, WaitOptions,
};
use runcomfy_schema::{Constraint, Endpoint, EndpointSchema, Output, Validate, Violation, Violations};
use serde_json::{Value, json};

use crate::Global;
use crate::exit::{self, CliError};

/// A request known only by its JSON body: lets the typed client API (`Job`, `result`,
/// `download`) serve any model id. Bodies are validated by the CLI against the IR before
/// submit; `submit_json` sends them.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AnyModel(Value);

// Never submitted: bodies go through `submit_json` after the CLI validated them against their
// model's IR. Refusing here keeps `client.submit(&AnyModel(..))` from posting an unchecked body.
impl Validate for AnyModel {
    fn validate(&self) -> Result<(), Violations> {
        Err(Violations::from(Violation::new(
            "",
            Constraint::Schema {
                message: "a job known only by its request id cannot be submitted".into(),
            },
        )))
    }
}

impl Endpoint for AnyModel {
    const MODEL_ID: &'static str = "*";
    const SCHEMA_JSON: &'static str = "{}";
    type Output = Output;

    fn schema() -> Result<&'static EndpointSchema, Violation> {
        Err(Violation::new(
            "",
            Constraint::Schema {
                message: "a job known only by its request id has no schema".into(),
            },
        ))
    }
}

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
    /// How long to wait.
    pub timeout: Duration,
}

/// Builds a runtime and a client (or simulator + client), then runs `f`.
pub fn block_on<F, Fut>(global: Global, f: F) -> Result<(), CliError>
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = Result<(), CliError>>,
{
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::new(exit::UNAVAILABLE, format!("cannot start the async runtime: {e}")))?;
    rt.block_on(async move {
        let ctx = connect(global).await?;
        f(ctx).await
    })
}

async fn connect(global: Global) -> Result<Ctx, CliError> {
    if global.simulate {
        let sim = runcomfy_sim::start(
            runcomfy_sim::SimConfig {
                clock: runcomfy_sim::ClockMode::Accelerated(10.0),
                // A fresh seed per process: request ids (and so output file names) differ
                // between runs instead of overwriting each other's files.
                seed: std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(0),
                ..runcomfy_sim::SimConfig::default()
            }
            // The schemas compiled into this binary, so `--simulate` works wherever it runs.
            .with_schema_texts(runcomfy_client::models::ENDPOINTS.iter().copied()),
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
            .build()?;
        return Ok(Ctx {
            client,
            global,
            _sim: Some(sim),
        });
    }
    let has_token = TOKEN_VARS
        .iter()
        .any(|k| std::env::var(k).is_ok_and(|v| !v.trim().is_empty()));
    if !has_token {
        return Err(CliError::new(
            exit::NO_PERM,
            "no API token: set RUNCOMFY_TOKEN to your RunComfy API token, \
             or pass --simulate (or set RUNCOMFY_SIMULATE=1) to run offline against the built-in simulator",
        ));
    }
    let client = Client::builder().from_env().build()?;
    Ok(Ctx {
        client,
        global,
        _sim: None,
    })
}

/// `run`: submit, wait (Ctrl-C cancels the job remotely), download, print paths.
pub async fn run(ctx: Ctx, model_id: String, body: Value, opts: RunOptions) -> Result<(), CliError> {
    let id = ctx.client.submit_json(&model_id, &body).await?;
    if opts.no_wait {
        if ctx.global.json {
            println!(
                "{}",
                json!({"request_id": id, "model_id": model_id, "status": "submitted"})
            );
        } else {
            println!("{id}");
        }
        return Ok(());
    }
    ctx.global.note(&format!("submitted {model_id}: request {id}"));
    let job = Job::<AnyModel>::attach(id.clone());
    tokio::select! {
        waited = wait(&ctx, &job, opts.timeout) => waited?,
        _ = tokio::signal::ctrl_c() => {
            let outcome = ctx.client.cancel(&job).await;
            let what = match outcome {
                Ok(o) => format!("cancel: {o}"),
                Err(e) => format!("cancel failed: {e}"),
            };
            return Err(CliError::new(130, format!("interrupted; {what} (request {id})")));
        }
    }
    let out = ctx.client.result(&job, true).await?;
    finish(&ctx, &model_id, &out, Some(&opts.output_dir)).await
}

async fn wait(ctx: &Ctx, job: &Job<AnyModel>, timeout: Duration) -> Result<(), CliError> {
    let events = ctx.client.progress(job, &WaitOptions::default().deadline(timeout));
    futures_util::pin_mut!(events);
    // On a terminal: one live line (state, queue position, elapsed); otherwise plain lines.
    let live = (!ctx.global.quiet && !ctx.global.json && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    });
    let mut last: Option<JobState> = None;
    while let Some(event) = events.next().await {
        let event = match event {
            Ok(e) => e,
            Err(e) => {
                if let Some(bar) = &live {
                    bar.abandon();
                }
                return Err(e.into());
            }
        };
        match &live {
            Some(bar) => bar.set_message(event.state.to_string()),
            None if ctx.global.verbose || last.as_ref() != Some(&event.state) => {
                ctx.global
                    .note(&format!("  {} ({:.1}s)", event.state, event.elapsed.as_secs_f64()));
            }
            None => {}
        }
        last = Some(event.state);
    }
    if let Some(bar) = live {
        bar.finish_with_message(last.map_or_else(|| "finished".to_owned(), |s| s.to_string()));
    }
    Ok(())
}

/// Downloads (when `dir` is given) and prints the outputs of a finished job.
async fn finish(ctx: &Ctx, model_id: &str, out: &JobOutput<AnyModel>, dir: Option<&Path>) -> Result<(), CliError> {
    let mut paths = Vec::new();
    let mut failure = None;
    if let Some(dir) = dir {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| CliError::new(73, format!("cannot create {}: {e}", dir.display())))?;
        for file in ctx.client.download(out, dir, &DownloadOptions::default()).await {
            match file {
                Ok(f) => paths.push(f.path.display().to_string()),
                Err(e) => failure = Some(CliError::from(e)),
            }
        }
    }
    let urls: Vec<&str> = out.output.urls().map(|(_, u)| u).collect();
    if ctx.global.json {
        println!(
            "{}",
            json!({
                "request_id": out.request_id,
                "model_id": model_id,
                "status": "completed",
                "outputs": paths,
                "urls": urls,
                "cost": out.cost,
            })
        );
    } else {
        let shown = if dir.is_some() {
            paths.clone()
        } else {
            urls.iter().map(|u| (*u).to_owned()).collect()
        };
        for p in shown {
            println!("{p}");
        }
        if let Some(cost) = out.cost {
            ctx.global.note(&format!("cost: {cost} USD"));
        }
    }
    failure.map_or(Ok(()), Err)
}

/// `status <request_id>`.
pub async fn status(ctx: Ctx, request_id: String) -> Result<(), CliError> {
    let job = Job::<AnyModel>::attach(request_id.clone());
    let status = ctx.client.status(&job).await?;
    if ctx.global.json {
        let position = match status.state {
            JobState::Queued { position } => position,
            _ => None,
        };
        println!(
            "{}",
            json!({"request_id": request_id, "status": state_word(&status.state), "queue_position": position})
        );
    } else {
        println!("{}", status.state);
    }
    Ok(())
}

fn state_word(state: &JobState) -> String {
    match state {
        JobState::Queued { .. } => "in_queue".into(),
        JobState::Running => "in_progress".into(),
        JobState::Finished(t) => t.to_string(),
        JobState::Unknown(s) => s.clone(),
    }
}

/// `result <request_id>`: outputs downloaded to `dir` (or only listed).
pub async fn result(ctx: Ctx, request_id: String, dir: PathBuf, no_download: bool) -> Result<(), CliError> {
    let job = Job::<AnyModel>::attach(request_id);
    let out = ctx.client.result(&job, true).await?;
    finish(&ctx, "", &out, (!no_download).then_some(dir.as_path())).await
}

/// `cancel <request_id>`: says what happened; a job that was not found is exit 65.
pub async fn cancel(ctx: Ctx, request_id: String) -> Result<(), CliError> {
    let job = Job::<AnyModel>::attach(request_id.clone());
    let outcome = ctx.client.cancel(&job).await?;
    if ctx.global.json {
        println!("{}", json!({"request_id": request_id, "outcome": outcome.to_string()}));
    } else {
        println!("{outcome}");
    }
    if outcome == CancelOutcome::NotFound {
        return Err(CliError::data(format!("no job {request_id}")));
    }
    Ok(())
}
