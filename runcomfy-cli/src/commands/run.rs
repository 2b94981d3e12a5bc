//! `runcomfy run <model_id> [options] [model flags]`: the model's schema (`--schema FILE`,
//! compiled in, or the live catalog and its cache), its flags generated next to `run`'s own
//! options, the request checked before any network call that is not needed, its price
//! estimated and guarded (fail closed: an unknown price passes no cap), then the library's
//! pipeline.

use std::ffi::OsString;
use std::io::{BufRead as _, IsTerminal as _, Read as _, Write as _};
use std::path::PathBuf;
use std::time::Duration;

use clap::FromArgMatches as _;
use runcomfy_client::download::{DownloadOptions, prepare_dir};
use runcomfy_client::schema::EndpointSchema;
use runcomfy_client::{CompletedJob, DynamicRequest, JobEvent, JobOptions};

use super::jobs::{interrupted, print_outputs};
use super::price::Price;
use crate::args::{self, Cli, Commands, Global, RunOptions};
use crate::exit::{self, CliError};
use crate::session::{self, Session};
use crate::view::View;
use crate::{flags, text};

/// The default `--confirm-above`: ask above this many USD.
pub const DEFAULT_CONFIRM_ABOVE: f64 = 1.0;

/// The variable that sets the default of `--confirm-above`.
pub const CONFIRM_ABOVE_VAR: &str = "RUNCOMFY_CONFIRM_ABOVE";

/// `run`, from the whole command line `argv`.
pub fn command(argv: &[OsString]) -> Result<(), CliError> {
    // `run`'s own options and the global ones, wherever they stand among the model's flags.
    let (global_args, options, model_id) = match args::parse_run_options(argv) {
        Ok(found) => found,
        Err(e) => return clap_failure(&e),
    };
    let global = Global::new(&global_args);
    // What needs no network: a schema file, or a model compiled into this binary.
    let (local, served) = match &options.schema {
        Some(file) => {
            let (schema, served) = session::schema_from_file(&model_id, file)?;
            (Some(schema), vec![served])
        }
        None => (runcomfy_client::resolve::compiled(&model_id), Vec::new()),
    };
    session::block_on(async move {
        let mut session = None;
        let (schema, mut entry) = match local {
            Some(schema) => (schema, None),
            None => {
                if let Err(why) = runcomfy_client::wire::catalog::check_model_id(&model_id) {
                    return Err(super::unknown_model(&model_id, &why.to_string(), None).await);
                }
                if !session::can_connect(&global) {
                    return Err(super::unknown_model(
                        &model_id,
                        "it is not compiled into this binary, and the live catalog needs a token (RUNCOMFY_TOKEN) or \
                         --simulate; or give its schema with --schema FILE",
                        None,
                    )
                    .await);
                }
                let s = Session::connect(global.clone(), &served).await?;
                let found = match s.resolver(false).resolve(&model_id).await {
                    Ok(found) => found,
                    Err(e) if e.is_not_found() => {
                        return Err(super::unknown_model(&model_id, "not in the catalog", Some(&s)).await);
                    }
                    Err(e) => return Err(e.into()),
                };
                session = Some(s);
                (found.schema, found.entry)
            }
        };
        // The whole line again, now with the model's flags: globals and `run`'s options keep
        // their meaning wherever they stand, and `--help` shows both.
        let Some((global, options, matches)) = parse_with_model_flags(argv, &schema)? else {
            return Ok(());
        };
        let body = flags::body(
            &schema,
            options.input.as_deref(),
            options.input_file.as_deref(),
            &matches,
        )?;
        // Everything that needs no network is checked before connecting (no token needed).
        let request = DynamicRequest::new(schema.clone(), body);
        request.check()?;
        if options.dry_run {
            // The price, when a catalog can be asked (a token or --simulate).
            if entry.is_none() && (session.is_some() || session::can_connect(&global)) {
                let s = match session.take() {
                    Some(s) => s,
                    None => Session::connect(global.clone(), &served).await?,
                };
                entry = s.resolver(false).entry(&model_id).await;
            }
            let price = Price::estimate(entry.as_ref(), &schema, request.body()).with_assumed(options.assume_price);
            return print_dry_run(&global, &request, &price);
        }
        // A job needs a connection: without one (no token, no --simulate) nothing else matters.
        let session = match session {
            Some(s) => s,
            None => Session::connect(global.clone(), &served).await?,
        };
        if entry.is_none() {
            entry = session.resolver(false).entry(&model_id).await;
        }
        let price = Price::estimate(entry.as_ref(), &schema, request.body()).with_assumed(options.assume_price);
        guard(&global, &options, &model_id, &price, argv)?;
        submit(&session, request, &options).await
    })
}

impl From<clap::Error> for CliError {
    fn from(e: clap::Error) -> Self {
        CliError::usage(e.to_string())
    }
}

/// Prints clap's error or help: help is success, anything else exit 64 (already printed).
fn clap_failure<T>(e: &clap::Error) -> Result<T, CliError> {
    let _ = e.print();
    if e.use_stderr() {
        Err(CliError::new(exit::USAGE, ""))
    } else {
        Err(CliError::new(0, ""))
    }
}

/// Parses `argv` with the model's flags added to `run`: the final options, and the matches
/// that hold the model's flags. `None` when help was printed.
fn parse_with_model_flags(
    argv: &[OsString],
    schema: &EndpointSchema,
) -> Result<Option<(Global, RunOptions, clap::ArgMatches)>, CliError> {
    let cmd = args::command().mut_subcommand("run", |run| flags::add_model_flags(run, schema));
    let matches = match cmd.try_get_matches_from(argv) {
        Ok(m) => m,
        Err(e) => {
            return match clap_failure::<()>(&e) {
                Err(done) if done.code == 0 => Ok(None),
                Err(failed) => Err(failed),
                Ok(()) => Ok(None),
            };
        }
    };
    let cli = Cli::from_arg_matches(&matches)?;
    let Commands::Run(run) = cli.command else {
        return Err(CliError::usage("expected `run`"));
    };
    let sub = matches
        .subcommand_matches("run")
        .cloned()
        .ok_or_else(|| CliError::usage("expected `run`"))?;
    Ok(Some((Global::new(&cli.global), run.options, sub)))
}

/// `--dry-run`: the body (stdout) and the price; nothing is submitted.
fn print_dry_run(global: &Global, request: &DynamicRequest, price: &Price) -> Result<(), CliError> {
    if global.json {
        crate::view::json(&serde_json::json!({
            "model_id": request.model_id(),
            "body": request.body(),
            "estimated_usd": price.usd(),
            "estimate": price.describe(),
        }));
    } else {
        outln!(
            "{}",
            serde_json::to_string_pretty(request.body()).unwrap_or_else(|_| request.body().to_string())
        );
        eprintln!("estimated price: {} (dry run: nothing was submitted)", price.describe());
    }
    Ok(())
}

/// The money guards, before the submit: `--max-price` refuses a price above it or unknown
/// (exit 65); a price above `--confirm-above` or unknown is confirmed on a terminal, and
/// refused elsewhere unless `-y` (exit 64, with the command to rerun).
fn guard(
    global: &Global,
    options: &RunOptions,
    model_id: &str,
    price: &Price,
    argv: &[OsString],
) -> Result<(), CliError> {
    if !global.quiet {
        eprintln!("{}: estimated price: {}", text::line(model_id), price.describe());
    }
    if let Some(max) = options.max_price {
        match price {
            Price::Known { usd, .. } if *usd > max => {
                return Err(CliError::data(format!(
                    "the estimated price {} USD is above --max-price {} USD; nothing was submitted",
                    text::usd(*usd),
                    text::usd(max)
                )));
            }
            Price::Unknown { reason } => {
                return Err(CliError::data(format!(
                    "the price of this job cannot be estimated ({}), so --max-price {} USD cannot be checked; nothing \
                     was submitted. If you know what a job costs, pass --assume-price USD (the check then uses it)",
                    text::line(reason),
                    text::usd(max)
                )));
            }
            Price::Known { .. } => {}
        }
    }
    let above = match options.confirm_above {
        Some(above) => above,
        None => match std::env::var(CONFIRM_ABOVE_VAR) {
            Ok(v) => args::parse_usd(&v).map_err(|why| CliError::usage(format!("{CONFIRM_ABOVE_VAR}: {why}")))?,
            Err(_) => DEFAULT_CONFIRM_ABOVE,
        },
    };
    let question = match price {
        Price::Known { usd, .. } if *usd <= above => return Ok(()),
        Price::Known { usd, .. } => format!(
            "the estimated price {} USD is above --confirm-above {} USD",
            text::usd(*usd),
            text::usd(above)
        ),
        Price::Unknown { reason } => format!("the price cannot be estimated ({})", text::line(reason)),
    };
    if options.yes {
        return Ok(());
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !interactive {
        return Err(CliError::usage(format!(
            "{question}, and there is no terminal to ask; nothing was submitted. To submit anyway, rerun with -y:\n  {}",
            rerun_with_yes(argv)
        )));
    }
    eprint!("{question}. Submit {} anyway? [y/N] ", text::line(model_id));
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .take(64)
        .read_line(&mut answer)
        .map_err(|e| CliError::no_input(format!("cannot read the answer: {e}")))?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(CliError::usage("not submitted"))
    }
}

/// The command line as typed, quoted for a shell, with `-y` added.
fn rerun_with_yes(argv: &[OsString]) -> String {
    let words: Vec<String> = argv
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if i == 0 {
                "runcomfy".to_owned()
            } else {
                a.to_string_lossy().into_owned()
            }
        })
        .chain(std::iter::once("-y".to_owned()))
        .collect();
    let joined = shlex::try_join(words.iter().map(String::as_str)).unwrap_or_else(|_| words.join(" "));
    text::line(&joined).into_owned()
}

/// Submits and follows the job (Ctrl-C cancels it remotely), downloads, prints the paths.
async fn submit(session: &Session, request: DynamicRequest, options: &RunOptions) -> Result<(), CliError> {
    let model_id = request.model_id().to_owned();
    let global = &session.global;
    if options.no_wait {
        let job = session.client.submit(&request).await?;
        if global.json {
            crate::view::json(&serde_json::json!({
                "request_id": job.request_id(),
                "model_id": model_id,
                "status": "submitted",
            }));
        } else {
            outln!("{}", job.request_id());
        }
        return Ok(());
    }
    let interrupt = session::interrupt_on_ctrl_c();
    let download = !options.no_download;
    let dir = options.output_dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if download {
        // Outputs must have somewhere to go before anything is paid for.
        prepare_dir(&dir)?;
    }
    // `results.jsonl` and the gallery page when the outputs go to a folder named with -o.
    let manifest = (download && options.output_dir.is_some())
        .then(|| open_manifest(&dir, !options.no_gallery))
        .flatten();
    let view = View::new(global);
    let mut line = view.job(model_id.clone());
    // Submitted first, then followed: the file names carry the request id.
    let job = session.client.submit(&request).await?;
    // The submit time lets the wait aim its first status call (and learn the run time).
    let submitted_at = tokio::time::Instant::now();
    line.on(JobEvent::Submitted(&job));
    let mut job_opts = JobOptions::default()
        .wait(runcomfy_client::WaitOptions::default().submitted_at(submitted_at))
        .deadline(Duration::from_secs(options.timeout))
        .interrupt(interrupt.clone());
    if download {
        let name = model_id.split('/').nth(1).unwrap_or(&model_id);
        let stem = runcomfy_gallery::file_stem(runcomfy_gallery::JobLabel::Id(name), job.request_id());
        job_opts = job_opts
            .download_to(&dir)
            .download_options(DownloadOptions::default().file_stem(stem));
    }
    let done = session.client.follow(&job, &job_opts, &mut |e| line.on(e)).await;
    line.clear();
    if let Some(m) = manifest {
        let record = run_record(&model_id, request.body(), &dir, job.request_id(), &done);
        if let Err(e) = m.upsert(record).and_then(|()| m.close()) {
            eprintln!("warning: results.jsonl / index.html: {e}");
        }
    }
    match done {
        Ok(done) => print_outputs(global, Some(&model_id), &done, download),
        Err(e) if interrupt.is_cancelled() && (e.is_interrupted() || e.is_cancelled()) => Err(interrupted(e)),
        Err(e) => Err(e.into()),
    }
}

/// The manifest of `dir`, or none with a warning (another process writes it, or the folder
/// cannot be written: the job's outputs matter more than its record).
fn open_manifest(dir: &std::path::Path, page: bool) -> Option<runcomfy_gallery::Manifest> {
    match runcomfy_gallery::Manifest::open(dir, runcomfy_gallery::ManifestOptions::default().page(page)) {
        Ok(m) => Some(m),
        Err(e) => {
            eprintln!("warning: no results.jsonl / index.html for this job: {e}");
            None
        }
    }
}

/// The `results.jsonl` record of one `run` job.
fn run_record(
    model_id: &str,
    input: &serde_json::Value,
    dir: &std::path::Path,
    request_id: &str,
    done: &Result<CompletedJob, runcomfy_client::Error>,
) -> runcomfy_gallery::Record {
    use runcomfy_gallery::{JobError, MediaKind, OutputFile, Record, Status, Violation};
    let mut record = Record::new(model_id, input.clone(), Status::Done);
    record.request_id = Some(request_id.to_owned());
    match done {
        Ok(done) => {
            record.cost = done.result.cost;
            record.submitted_at = done.result.raw["created_at"].as_str().map(str::to_owned);
            record.finished_at = done.result.raw["finished_at"].as_str().map(str::to_owned);
            for entry in done.downloads.iter() {
                let file = match entry {
                    Ok(d) => super::relative_file(dir, &d.path, Some(&d.url), Some(d.bytes)),
                    Err(e) => e
                        .url()
                        .map(|u| OutputFile::new(MediaKind::from_path(u), None, Some(u.to_owned()))),
                };
                record.files.extend(file);
            }
            if let Some(e) = done.downloads.errors().next() {
                record.status = Status::DownloadFailed;
                record.error = Some(JobError::new(e.kind().word(), e.display_chain()));
            }
        }
        Err(e) => {
            record.status = if e.is_job_failed() {
                Status::Failed
            } else if e.is_cancelled() {
                Status::Cancelled
            } else if e.is_interrupted() {
                Status::Interrupted
            } else {
                Status::Waiting
            };
            let mut error = JobError::new(e.kind().word(), e.display_chain());
            if let Some(v) = e.violations() {
                error.violations = v
                    .iter()
                    .map(|v| Violation {
                        pointer: v.pointer.clone(),
                        message: v.constraint.to_string(),
                    })
                    .collect();
            }
            record.error = Some(error);
        }
    }
    record
}
