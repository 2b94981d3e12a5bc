//! Every clap definition of the `runcomfy` command line, and the parse of `run`'s own options
//! before its model's flags are known.
//!
//! `run`'s fixed options are one `#[derive(Args)]` struct, [`RunOptions`]: the derive adds
//! them to the `run` subcommand (`augment_args`), [`crate::flags`] adds the model's generated
//! flags next to them, and the names a property must not take ([`reserved_long_names`]) are
//! read off the built command, so nothing is declared twice.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::IsTerminal as _;
use std::path::PathBuf;

use clap::{Args, CommandFactory as _, FromArgMatches as _, Parser, Subcommand};

/// The longest `--timeout` accepted, in seconds (7 days).
pub const MAX_TIMEOUT_SECS: u64 = 7 * 24 * 3600;

/// The help's closing examples (kept in step with README.md by a test).
pub const EXAMPLES: &str = "\
Examples:
  runcomfy --simulate run blackforestlabs/flux-1-schnell/text-to-image --prompt \"a red fox\" -o out
  runcomfy models --category text-to-video
  runcomfy run <model_id> --help
  runcomfy batch requests.jsonl -o out --max-cost 5
  runcomfy status <request_id>";

/// Command-line tool for RunComfy's hosted generative models.
#[derive(Debug, Parser)]
#[command(name = "runcomfy", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Options of every command, accepted anywhere on the line.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command.
    #[command(subcommand)]
    pub command: Commands,
}

/// Options of every command (`global`: accepted before or after the subcommand and its
/// arguments).
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Run against a simulator started in this process (also: RUNCOMFY_SIMULATE=1).
    #[arg(long, global = true)]
    pub simulate: bool,
    /// Output format: text for people, json for one JSON document on stdout.
    #[arg(long, global = true, value_name = "FORMAT", value_parser = parse_format, default_value = "text")]
    pub output: Format,
    /// Print only results and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more (every progress event).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Retries of a status, result, cancel or download call that failed in a way worth
    /// retrying (429, 5xx, connection errors); a submit is retried only when it provably did
    /// not reach the server.
    #[arg(long, global = true, default_value_t = 6, value_parser = clap::value_parser!(u8).range(0..=20))]
    pub retries: u8,
    /// With --simulate: a schema folder (`<DIR>/<model_id>.json`, sidecars
    /// `<model_id>.meta.json`) whose models the simulator serves too.
    #[arg(long, global = true, value_name = "DIR")]
    pub schemas: Option<PathBuf>,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Lines for people.
    Text,
    /// One JSON document on stdout, nothing else.
    Json,
}

/// `--output`: `text` or `json`; anything else is refused with a hint, since `--output out`
/// usually means the output directory.
fn parse_format(s: &str) -> Result<Format, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        _ => Err(format!(
            "`--output` is the output format (text or json); to choose where outputs go, use `-o/--output-dir {}`",
            crate::text::line(s)
        )),
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Commands {
    /// List the catalog (live, with prices; the bundled and cached models when offline), or
    /// show one model, or list the categories.
    Models(ModelsArgs),
    /// Schema files from the live catalog: pull them into a folder, or check a folder for
    /// drift (for CI).
    Schemas {
        /// What to do.
        #[command(subcommand)]
        command: SchemasCommand,
    },
    /// Run a model: `runcomfy run <model_id> --help` lists its flags.
    Run(RunArgs),
    /// A job's status.
    Status {
        /// The request id printed when the job was submitted.
        #[arg(value_parser = parse_request_id)]
        request_id: String,
    },
    /// A finished job's result; downloads its outputs.
    Result {
        /// The request id.
        #[arg(value_parser = parse_request_id)]
        request_id: String,
        /// Where outputs are downloaded.
        #[arg(long, short = 'o', default_value = ".")]
        output_dir: PathBuf,
        /// Print the outputs' URLs without downloading.
        #[arg(long)]
        no_download: bool,
    },
    /// Ask the API to cancel a job (only a queued job can be cancelled).
    Cancel {
        /// The request id.
        #[arg(value_parser = parse_request_id)]
        request_id: String,
    },
    /// Run every request of a JSON-lines file (`{"model_id": ..., "input": {...}}` per line);
    /// resumable: rerun the same command after a crash.
    Batch(BatchArgs),
    /// Rebuild `DIR/results.jsonl` and the gallery page `DIR/index.html` from the batch
    /// store and the files on disk (or from `results.jsonl` alone).
    Gallery {
        /// The output folder of a batch or of `run -o`.
        dir: PathBuf,
        /// The batch store [default: DIR/.runcomfy-batch.sqlite].
        #[arg(long)]
        state: Option<PathBuf>,
        /// Rebuild `results.jsonl` only.
        #[arg(long)]
        no_gallery: bool,
    },
    /// Print a shell's completion script; it completes commands, flags and model ids (from
    /// the bundled models and the catalog cache). E.g. `source <(runcomfy completions bash)`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `models`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ModelsArgs {
    /// `show` or `categories`; none lists the models.
    #[command(subcommand)]
    pub command: Option<ModelsCommand>,
    /// Only models whose id or name holds this text (case-insensitive).
    #[arg(long)]
    pub search: Option<String>,
    /// Only models of this category (e.g. text-to-image).
    #[arg(long)]
    pub category: Option<String>,
    /// Only entries of this kind (e.g. model).
    #[arg(long)]
    pub kind: Option<String>,
    /// At most this many models.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: Option<u32>,
    /// Use only the bundled models and the catalog cache (no network).
    #[arg(long)]
    pub offline: bool,
}

/// `models show|categories`.
#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
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

/// `schemas pull|check`.
#[derive(Debug, Subcommand)]
pub enum SchemasCommand {
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
        dir: PathBuf,
    },
    /// Compare every file of a schema folder with the live catalog and print what changed
    /// per model (fields, required, types, enums, bounds, media rules); exit 1 on drift.
    Check {
        /// The schema folder.
        #[arg(long, default_value = "schemas")]
        dir: PathBuf,
    },
}

/// `run <model_id> [options] [model flags]`.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct RunArgs {
    /// The model id, e.g. blackforestlabs/flux-1-schnell/text-to-image.
    pub model_id: String,
    /// `run`'s own options.
    #[command(flatten)]
    pub options: RunOptions,
}

/// `run`'s own options. A schema property whose flag would take one of these names gets a
/// `field-` prefix instead ([`crate::flags`]).
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Run options")]
pub struct RunOptions {
    /// The request body as a JSON object; the model's flags override its fields.
    #[arg(long, value_name = "JSON")]
    pub input: Option<String>,
    /// Read the request body (a JSON object) from a file, or stdin with -.
    #[arg(long, value_name = "PATH|-")]
    pub input_file: Option<PathBuf>,
    /// Where outputs are downloaded [default: current directory].
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Submit, print the request id and exit.
    #[arg(long)]
    pub no_wait: bool,
    /// Print the outputs' URLs instead of downloading them.
    #[arg(long)]
    pub no_download: bool,
    /// Read the model's schema from this file (e.g. one `runcomfy schemas pull` wrote);
    /// with --simulate the simulator serves it too.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Check the request and print its body and estimated price; submit nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask before submitting (needed off a terminal when the price is above
    /// --confirm-above or unknown).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Refuse to submit when the estimated price is above this, or unknown (exit 65).
    #[arg(long, value_name = "USD", value_parser = parse_usd)]
    pub max_price: Option<f64>,
    /// The price of this job as you know it, for --max-price and --confirm-above when the
    /// catalog gives no estimate (the larger of the two counts when both exist).
    #[arg(long, value_name = "USD", value_parser = parse_usd)]
    pub assume_price: Option<f64>,
    /// Ask before submitting when the estimated price is above this or unknown (off a
    /// terminal: refuse unless -y) [default: 1 USD, or RUNCOMFY_CONFIRM_ABOVE].
    #[arg(long, value_name = "USD", value_parser = parse_usd)]
    pub confirm_above: Option<f64>,
    /// With -o: do not write the gallery page `index.html` (`results.jsonl` is written
    /// anyway).
    #[arg(long)]
    pub no_gallery: bool,
    /// Stop waiting after this long, downloads included, at most 7 days (exit 75; the job
    /// may still run).
    #[arg(long, value_name = "SECONDS", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..=MAX_TIMEOUT_SECS))]
    pub timeout: u64,
}

/// `batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// The batch file: one request per line; blank lines and `#` comments are skipped.
    pub file: PathBuf,
    /// Jobs in flight at once.
    #[arg(long, short = 'j', default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Outputs go to `<DIR>/<line or id>-<request_id>/`.
    #[arg(long, short = 'o', default_value = ".")]
    pub output_dir: PathBuf,
    /// The state store [default: OUTPUT_DIR/.runcomfy-batch.sqlite].
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Start a new store although the output directory holds job folders of a store that is
    /// missing, empty or unreadable (finished jobs may then run again).
    #[arg(long)]
    pub new_store: bool,
    /// Run the valid lines and report the invalid ones (default: stop before submitting).
    #[arg(long)]
    pub skip_invalid: bool,
    /// Send again lines whose earlier submit has an unknown outcome: all of them, or only
    /// the listed line numbers (`--resubmit-unknown=14,27`). May pay twice: check the
    /// dashboard first.
    #[arg(long, value_name = "LINES", num_args = 0..=1, require_equals = true, value_delimiter = ',')]
    pub resubmit_unknown: Option<Vec<usize>>,
    /// The job of a line whose submit had an unknown outcome exists: record its request
    /// id (from the dashboard) so this run re-attaches to it instead of resubmitting
    /// (`--adopt 14=0f0e8a2c-...`, repeatable).
    #[arg(long, value_name = "LINE=REQUEST_ID", value_parser = parse_adopt)]
    pub adopt: Vec<(usize, String)>,
    /// Send again lines whose job ran and ended `failed` (the API does not bill a failed
    /// job, so this does not pay twice for it; the new attempt is billed if it succeeds).
    #[arg(long)]
    pub retry_failed: bool,
    /// Stop submitting before the finished jobs' costs plus the estimates of jobs in flight
    /// would pass this many USD. Every job needs a price: the catalog's estimate, the mean
    /// cost of its model's finished jobs, or --assume-price; without one the batch refuses
    /// to start (exit 65).
    #[arg(long, value_name = "USD", value_parser = parse_usd)]
    pub max_cost: Option<f64>,
    /// The price per job of models the catalog gives no estimate for: `USD` for every such
    /// model, or `MODEL_ID=USD` for one (repeatable).
    #[arg(long, value_name = "[MODEL_ID=]USD", value_parser = parse_assumed_price)]
    pub assume_price: Vec<(Option<String>, f64)>,
    /// Do not write the gallery page `OUTPUT_DIR/index.html` (`results.jsonl` is written
    /// anyway).
    #[arg(long)]
    pub no_gallery: bool,
    /// Print the table of lines and their states from the store, without any network
    /// call, and exit.
    #[arg(long)]
    pub status: bool,
    /// Seconds to wait for each job, downloads included (at most 7 days).
    #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..=MAX_TIMEOUT_SECS))]
    pub timeout: u64,
    /// Poll every this many milliseconds [default: the client's policy].
    #[arg(long, value_parser = clap::value_parser!(u64).range(10..=600_000))]
    pub poll_ms: Option<u64>,
}

/// Settings every command shares, resolved from [`GlobalArgs`] and the environment.
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
    /// Colours and clap's styled messages.
    pub color: clap::ColorChoice,
    /// `--retries`.
    pub retries: usize,
    /// `--schemas DIR` (served by `--simulate`).
    pub schemas: Option<PathBuf>,
}

impl Global {
    /// The settings of `args`, with `RUNCOMFY_SIMULATE`, `NO_COLOR` and the terminal.
    pub fn new(args: &GlobalArgs) -> Global {
        Global {
            simulate: args.simulate || env_simulate(),
            json: args.output == Format::Json,
            quiet: args.quiet,
            verbose: args.verbose,
            color: color(),
            retries: usize::from(args.retries),
            schemas: args.schemas.clone(),
        }
    }

    /// A progress or status line on stderr (not with `-q`, nor with `--output json` unless
    /// `-v`). The text is sanitized for the terminal.
    pub fn note(&self, line: &str) {
        if !self.quiet && (!self.json || self.verbose) {
            eprintln!("{}", crate::text::multiline(line));
        }
    }
}

/// Colour for stderr: never with `NO_COLOR` (any non-empty value) or off a terminal.
pub fn color() -> clap::ColorChoice {
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

/// The command line's definition, as clap and the completion engine see it.
pub fn command() -> clap::Command {
    Cli::command().color(color())
}

/// The id of the hidden argument that holds a model's flags until they are known.
const MODEL_ARGS: &str = "__model_args";

/// The parse of a whole command line, first pass: every command but `run` is complete; for
/// `run`, the model's flags are set aside (the model's schema defines them), and
/// [`parse_run_options`] reads `run`'s own and the global options wherever they stand.
pub fn parse(argv: &[OsString]) -> Result<Cli, clap::Error> {
    let first = command().mut_subcommand("run", |run| {
        run.disable_help_flag(true).arg(
            clap::Arg::new(MODEL_ARGS)
                .num_args(0..)
                .trailing_var_arg(true)
                .allow_hyphen_values(true)
                .hide(true),
        )
    });
    match first.try_get_matches_from(argv).and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => Ok(cli),
        // `run --help` without a model id, or a real error: as the plain definition says it.
        Err(_) => command()
            .try_get_matches_from(argv)
            .and_then(|m| Cli::from_arg_matches(&m)),
    }
}

/// `run`'s own options and the global ones, wherever they stand on the line, before the
/// model's flags are known: what finding the model's schema needs (`--schema`, `--simulate`,
/// `--schemas`) and how to report (`--output`, `-q`). Each argument clap does not know (a
/// model flag or its value) is set aside and the line parsed again; the full parse with the
/// model's flags ([`crate::flags::add_model_flags`]) judges them.
pub fn parse_run_options(argv: &[OsString]) -> Result<(GlobalArgs, RunOptions, String), clap::Error> {
    let mut args: Vec<OsString> = argv.to_vec();
    // Each round sets one argument aside, so there are at most as many rounds as arguments.
    for _ in 0..=argv.len() {
        let attempt = command()
            .mut_subcommand("run", |run| run.disable_help_flag(true))
            .try_get_matches_from(&args);
        match attempt {
            Ok(m) => {
                let cli = Cli::from_arg_matches(&m)?;
                return match cli.command {
                    Commands::Run(run) => Ok((cli.global, run.options, run.model_id)),
                    _ => Err(command().error(clap::error::ErrorKind::InvalidSubcommand, "expected `run`")),
                };
            }
            Err(e) if e.kind() == clap::error::ErrorKind::UnknownArgument => {
                let Some(clap::error::ContextValue::String(bad)) = e.get(clap::error::ContextKind::InvalidArg) else {
                    return Err(e);
                };
                let Some(at) = unknown_position(&args, bad) else {
                    return Err(e);
                };
                args.remove(at);
            }
            Err(e) => return Err(e),
        }
    }
    Err(command().error(clap::error::ErrorKind::TooManyValues, "too many arguments"))
}

/// Where `bad` (as clap names an unknown argument: `--flag`, `-x` or a bare value) stands
/// in `args`, after the `run` subcommand.
fn unknown_position(args: &[OsString], bad: &str) -> Option<usize> {
    let start = args.iter().position(|a| a == "run")? + 1;
    args.iter().enumerate().skip(start).find_map(|(i, a)| {
        let a = a.to_string_lossy();
        let matches = a == bad || (bad.starts_with("--") && a.starts_with(&format!("{bad}=")));
        matches.then_some(i)
    })
}

/// The long names of every option of `run` and of the global options (with `help` and
/// `version`): the names a generated flag must not take.
pub fn reserved_long_names() -> BTreeSet<String> {
    let top = Cli::command();
    let mut names: BTreeSet<String> = ["help", "version"].into_iter().map(str::to_owned).collect();
    let run_args = top
        .find_subcommand("run")
        .map(|run| run.get_arguments().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    for arg in top.get_arguments().chain(run_args.iter()) {
        names.extend(arg.get_long().map(str::to_owned));
        names.extend(arg.get_all_aliases().unwrap_or_default().into_iter().map(str::to_owned));
    }
    names
}

/// A request id given on the command line, checked before any call.
fn parse_request_id(s: &str) -> Result<String, String> {
    runcomfy_client::wire::check_request_id(s)
        .map(|()| s.to_owned())
        .map_err(|e| format!("{e}: {}", runcomfy_client::wire::answer::quote(s)))
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

/// A price in USD: a finite number, zero or more.
pub fn parse_usd(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..=crate::text::MAX_USD).contains(&x) => Ok(x + 0.0),
        _ => Err(format!(
            "{s:?} is not an amount in USD (a number from 0 to {})",
            crate::text::MAX_USD
        )),
    }
}

/// `USD` or `MODEL_ID=USD` of `--assume-price`.
fn parse_assumed_price(s: &str) -> Result<(Option<String>, f64), String> {
    match s.rsplit_once('=') {
        Some((model, usd)) => {
            runcomfy_client::wire::catalog::check_model_id(model).map_err(|e| e.to_string())?;
            Ok((Some(model.to_owned()), parse_usd(usd)?))
        }
        None => Ok((None, parse_usd(s)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(line: &str) -> Vec<OsString> {
        std::iter::once("runcomfy")
            .chain(line.split(' '))
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn the_definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn run_options_are_found_anywhere_among_model_flags() {
        let (global, run, model) = parse_run_options(&argv(
            "run a/b --prompt x --simulate -o out --steps -1 --output json -q --schema f.json",
        ))
        .unwrap();
        assert!(global.simulate && global.quiet);
        assert_eq!(model, "a/b");
        assert_eq!(global.output, Format::Json);
        assert_eq!(run.output_dir, Some(PathBuf::from("out")));
        assert_eq!(run.schema, Some(PathBuf::from("f.json")));
        let (_, run, _) = parse_run_options(&argv("run a/b --prompt=--schema --schema=g.json")).unwrap();
        assert_eq!(run.schema, Some(PathBuf::from("g.json")));
    }

    #[test]
    fn reserved_names_are_read_off_the_command() {
        let names = reserved_long_names();
        for name in [
            "timeout",
            "output-dir",
            "yes",
            "dry-run",
            "simulate",
            "quiet",
            "no-wait",
            "max-price",
            "input",
        ] {
            assert!(names.contains(name), "{name}");
        }
        assert!(!names.contains("prompt"));
    }

    #[test]
    fn an_output_directory_given_to_output_gets_a_hint() {
        let e = parse_format("out").unwrap_err();
        assert!(e.contains("--output-dir out"), "{e}");
    }
}
