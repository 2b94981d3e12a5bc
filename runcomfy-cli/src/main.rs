//! `runcomfy`: list the bundled RunComfy models, run jobs with flags generated from their
//! schemas, and check, fetch or cancel jobs; offline on an in-process simulator with
//! `--simulate`.
#![forbid(unsafe_code)]

/// `print!` to stdout, but a closed stdout (`runcomfy models | head -1`) ends the program
/// quietly, as a Unix tool killed by SIGPIPE does, instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::stdout_write(format_args!($($arg)*), false)
    };
}

/// `println!` to stdout, with [`out!`]'s handling of a closed stdout.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::stdout_write(format_args!($($arg)*), true)
    };
}

mod batch;
mod catalog;
mod exit;
mod flags;
mod models;
mod remote;
mod run;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::exit::CliError;

/// Command-line tool for RunComfy's hosted generative models.
#[derive(Debug, Parser)]
#[command(name = "runcomfy", version, about)]
struct Cli {
    /// Run against a simulator started in this process (also: RUNCOMFY_SIMULATE=1).
    #[arg(long, global = true)]
    simulate: bool,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    output: Format,
    /// Print only results and errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Print more (every progress event).
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Retries of a status, result, cancel or download call that failed in a way worth
    /// retrying (429, 5xx, connection errors); a submit is retried only when it provably did
    /// not reach the server.
    #[arg(long, global = true, default_value_t = 6, value_parser = clap::value_parser!(u8).range(0..=20))]
    retries: u8,
    /// With --simulate: a schema folder (`<DIR>/<model_id>.json`) whose models the
    /// simulator serves too, in its catalog and for jobs.
    #[arg(long, global = true, value_name = "DIR")]
    schemas: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Commands,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Lines for people.
    Text,
    /// One JSON object on stdout, nothing else.
    Json,
}

#[derive(Debug, Subcommand)]
enum Commands {
    /// List the catalog (live, with prices; the bundled and cached models when offline), or
    /// show one model, or list the categories.
    Models {
        #[command(subcommand)]
        command: Option<ModelsCommand>,
        /// Only models whose id or name holds this text (case-insensitive).
        #[arg(long)]
        search: Option<String>,
        /// Only models of this category (e.g. text-to-image).
        #[arg(long)]
        category: Option<String>,
        /// Only entries of this kind (e.g. model).
        #[arg(long)]
        kind: Option<String>,
        /// At most this many models.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        limit: Option<u32>,
        /// Use only the bundled models and the catalog cache (no network).
        #[arg(long)]
        offline: bool,
    },
    /// Schema files from the live catalog: pull them into a folder, or check a folder for
    /// drift (for CI).
    Schemas {
        #[command(subcommand)]
        command: SchemasCommand,
    },
    /// Run a model: `runcomfy run <model_id> --help` lists its flags.
    #[command(disable_help_flag = true)]
    Run {
        /// The model id, e.g. blackforestlabs/flux-1-schnell/text-to-image.
        model_id: String,
        /// The model's flags (generated from its schema).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// A job's status.
    Status {
        /// The request id printed by `run --no-wait`.
        request_id: String,
    },
    /// A finished job's result; downloads its outputs.
    Result {
        /// The request id.
        request_id: String,
        /// Where outputs are downloaded.
        #[arg(long, short = 'o', default_value = ".")]
        output_dir: std::path::PathBuf,
        /// Print the outputs' URLs without downloading.
        #[arg(long)]
        no_download: bool,
    },
    /// Ask the API to cancel a job.
    Cancel {
        /// The request id.
        request_id: String,
    },
    /// Print a shell completion script (e.g. `runcomfy completions bash > ~/.local/share/bash-completion/completions/runcomfy`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Run every request of a JSON-lines file (`{"model_id": ..., "input": {...}}` per line);
    /// resumable: rerun the same command after a crash.
    Batch {
        /// The batch file: one request per line; blank lines and `#` comments are skipped.
        file: std::path::PathBuf,
        /// Jobs in flight at once.
        #[arg(long, short = 'j', default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256))]
        concurrency: u16,
        /// Outputs go to `<DIR>/<line or id>-<request_id>/`.
        #[arg(long, short = 'o', default_value = ".")]
        output_dir: std::path::PathBuf,
        /// The state store [default: OUTPUT_DIR/.runcomfy-batch.sqlite].
        #[arg(long)]
        state: Option<std::path::PathBuf>,
        /// Run the valid lines and report the invalid ones (default: stop before submitting).
        #[arg(long)]
        skip_invalid: bool,
        /// Send again lines whose earlier submit has an unknown outcome: all of them, or only
        /// the listed line numbers (`--resubmit-unknown=14,27`). May pay twice: check the
        /// dashboard first.
        #[arg(long, value_name = "LINES", num_args = 0..=1, require_equals = true, value_delimiter = ',')]
        resubmit_unknown: Option<Vec<usize>>,
        /// The job of a line whose submit had an unknown outcome exists: record its request
        /// id (from the dashboard) so this run re-attaches to it instead of resubmitting
        /// (`--adopt 14=0f0e8a2c-...`, repeatable).
        #[arg(long, value_name = "LINE=REQUEST_ID", value_parser = parse_adopt)]
        adopt: Vec<(usize, String)>,
        /// Send again lines whose job ran and ended `failed` (the API does not bill a failed
        /// job, so this does not pay twice for it; the new attempt is billed if it succeeds).
        #[arg(long)]
        retry_failed: bool,
        /// Stop submitting once the finished jobs' costs plus the estimates of jobs in flight
        /// reach this many USD (estimates: the mean cost of the model's finished jobs; a
        /// model with none yet runs one job at a time until one finishes).
        #[arg(long, value_name = "USD", value_parser = parse_usd)]
        max_cost: Option<f64>,
        /// Print the table of lines and their states from the store, without any network
        /// call, and exit.
        #[arg(long)]
        status: bool,
        /// Seconds to wait for each job (at most 7 days).
        #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..=remote::MAX_TIMEOUT_SECS))]
        timeout: u64,
        /// Poll every this many milliseconds [default: the client's backoff].
        #[arg(long, value_parser = clap::value_parser!(u64).range(10..=600_000))]
        poll_ms: Option<u64>,
    },
}

#[derive(Debug, Subcommand)]
enum ModelsCommand {
    /// One model: name, categories, price, and every field (type, constraints, allowed
    /// values, default), from the live schema (or the bundled or cached one).
    Show {
        /// The model id.
        model_id: String,
        /// Use only the bundled schemas and the catalog cache (no network).
        #[arg(long)]
        offline: bool,
    },
    /// The catalog's categories.
    Categories,
}

#[derive(Debug, Subcommand)]
enum SchemasCommand {
    /// Write `<DIR>/<model_id>.json` for each model, exactly as the catalog serves its
    /// input schema (pretty-printed; a second pull of an unchanged schema writes the same
    /// bytes). Drop the folder into a crate and `include_models!` makes typed modules.
    Pull {
        /// The model ids.
        model_ids: Vec<String>,
        /// Every model of the catalog.
        #[arg(long, conflicts_with = "model_ids")]
        all: bool,
        /// The schema folder.
        #[arg(long, default_value = "schemas")]
        dir: std::path::PathBuf,
    },
    /// Compare every file of a schema folder with the live catalog and print what changed
    /// per model (fields, required, types, enums, bounds, media rules); exit 1 on drift.
    Check {
        /// The schema folder.
        #[arg(long, default_value = "schemas")]
        dir: std::path::PathBuf,
    },
}

/// Writes to stdout; a reader that went away (broken pipe) ends the program with exit 0.
pub fn stdout_write(args: std::fmt::Arguments<'_>, newline: bool) {
    let mut out = std::io::stdout().lock();
    let written = out
        .write_fmt(args)
        .and_then(|()| if newline { out.write_all(b"\n") } else { Ok(()) });
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to stdout: {e}");
        std::process::exit(i32::from(exit::IO_ERR));
    }
}

/// Settings shared by every command.
#[derive(Debug, Clone)]
pub struct Global {
    /// Start the simulator in-process.
    pub simulate: bool,
    /// JSON output.
    pub json: bool,
    /// `-q`.
    pub quiet: bool,
    /// `-v`.
    pub verbose: bool,
    /// Color for clap's messages.
    pub color: clap::ColorChoice,
    /// `--retries`.
    pub retries: usize,
    /// `--schemas DIR` (served by `--simulate`).
    pub schemas: Option<std::path::PathBuf>,
}

impl Global {
    /// A progress or status line on stderr (not with `-q`, nor with `--output json` unless `-v`).
    pub fn note(&self, line: &str) {
        if !self.quiet && (!self.json || self.verbose) {
            eprintln!("{line}");
        }
    }
}

fn color() -> clap::ColorChoice {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) || !std::io::stderr().is_terminal() {
        clap::ColorChoice::Never
    } else {
        clap::ColorChoice::Auto
    }
}

fn env_simulate() -> bool {
    std::env::var("RUNCOMFY_SIMULATE")
        .map(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"))
        .unwrap_or(false)
}

fn main() -> ExitCode {
    let color = color();
    let matches = <Cli as clap::CommandFactory>::command().color(color).try_get_matches();
    let cli = match matches.and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    let global = Global {
        simulate: cli.simulate || env_simulate(),
        json: cli.output == Format::Json,
        quiet: cli.quiet,
        verbose: cli.verbose,
        color,
        retries: usize::from(cli.retries),
        schemas: cli.schemas,
    };
    match run(cli.command, global) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = std::io::stdout().flush();
            eprintln!("error: {e}");
            ExitCode::from(e.code)
        }
    }
}

/// `LINE=REQUEST_ID` of `--adopt`.
fn parse_adopt(s: &str) -> Result<(usize, String), String> {
    let (line, id) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: expected LINE=REQUEST_ID"))?;
    let line: usize = line
        .trim()
        .parse()
        .map_err(|_| format!("{line:?} is not a line number"))?;
    runcomfy_client::wire::check_request_id(id).map_err(|e| e.to_string())?;
    Ok((line, id.to_owned()))
}

/// A budget in USD: a finite number, zero or more.
pub(crate) fn parse_usd(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!("{s:?} is not an amount in USD (a number, 0 or more)")),
    }
}

/// A request id given on the command line, checked before any call (exit 64).
fn check_request_id(id: &str) -> Result<(), CliError> {
    runcomfy_client::wire::check_request_id(id)
        .map_err(|e| CliError::usage(format!("{e}: {}", runcomfy_client::wire::answer::quote(id))))
}

/// Prints a clap error or help; help and version exit 0, anything else 64.
fn clap_exit(e: &clap::Error) -> ExitCode {
    let _ = e.print();
    if e.use_stderr() {
        ExitCode::from(exit::USAGE)
    } else {
        ExitCode::SUCCESS
    }
}

fn run(command: Commands, global: Global) -> Result<(), CliError> {
    match command {
        Commands::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, "runcomfy", &mut script);
            out!("{}", String::from_utf8_lossy(&script));
            Ok(())
        }
        Commands::Models {
            command: None,
            search,
            category,
            kind,
            limit,
            offline,
        } => {
            let query = models::Query {
                search,
                category,
                kind,
                limit,
            };
            models::list(global, query, offline)
        }
        Commands::Models {
            command: Some(ModelsCommand::Show { model_id, offline }),
            ..
        } => models::show(global, &model_id, offline),
        Commands::Models {
            command: Some(ModelsCommand::Categories),
            ..
        } => remote::block_on(global, models::categories),
        Commands::Schemas {
            command: SchemasCommand::Pull { model_ids, all, dir },
        } => {
            if model_ids.is_empty() && !all {
                return Err(CliError::usage("name the models to pull, or pass --all"));
            }
            remote::block_on(global, |ctx| models::pull(ctx, model_ids, all, dir))
        }
        Commands::Schemas {
            command: SchemasCommand::Check { dir },
        } => remote::block_on(global, |ctx| models::check(ctx, dir)),
        Commands::Run { model_id, args } => run::command(model_id, args, global),
        Commands::Status { request_id } => {
            check_request_id(&request_id)?;
            remote::block_on(global, |ctx| remote::status(ctx, request_id))
        }
        Commands::Result {
            request_id,
            output_dir,
            no_download,
        } => {
            check_request_id(&request_id)?;
            remote::block_on(global, |ctx| remote::result(ctx, request_id, output_dir, no_download))
        }
        Commands::Cancel { request_id } => {
            check_request_id(&request_id)?;
            remote::block_on(global, |ctx| remote::cancel(ctx, request_id))
        }
        Commands::Batch {
            file,
            concurrency,
            output_dir,
            state,
            skip_invalid,
            resubmit_unknown,
            adopt,
            retry_failed,
            timeout,
            poll_ms,
            max_cost,
            status,
        } => {
            let opts = batch::BatchOptions {
                concurrency: usize::from(concurrency),
                output_dir,
                state,
                resubmit_unknown: match resubmit_unknown {
                    None => batch::Resubmit::None,
                    Some(lines) if lines.is_empty() => batch::Resubmit::All,
                    Some(lines) => batch::Resubmit::Lines(lines.into_iter().collect()),
                },
                adopt,
                retry_failed,
                timeout: std::time::Duration::from_secs(timeout),
                poll_interval: poll_ms.map(std::time::Duration::from_millis),
                max_cost,
            };
            batch::command(global, &file, skip_invalid, status, opts)
        }
    }
}
