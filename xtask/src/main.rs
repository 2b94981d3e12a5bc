//! `cargo xtask`: project tasks.
//!
//! * `cargo xtask check [DIR]`: lint every schema (errors make the exit code non-zero;
//!   warnings are printed).
//! * `cargo xtask expand <model_id> [--schemas DIR]`: print the generated Rust code.
//! * `cargo xtask import <file>... [--schemas DIR]`: take RunComfy API doc pages (or bare
//!   schemas), extract the model id and input schema, write `schemas/<model_id>.json`.
//! * `cargo xtask bench codegen [--quick]`: parse+generate and build-time benchmarks; writes
//!   the figures into `BENCHMARKS.md`.
//! * `cargo xtask sync [--pull] [DIR]`: compare `schemas/` with the live catalog (exit 1 on
//!   drift); `--pull` rewrites the drifted files as the catalog serves them.
//! * `cargo xtask bench client [--quick] [--only polling|throughput|heap|faults]`: the
//!   client's polling table (with the optimum), throughput, CPU and heap per job, and the run
//!   with faults; writes the figures (of one part, with `--only`) into `BENCHMARKS.md`.
//! * `cargo xtask bench parse [--quick]`: how the schema dialect scales (enums of 10,000 to
//!   600,000 values, 150,000 properties: parse, validate, drift, import, in release); writes
//!   the figures into `BENCHMARKS.md`.
//!
//! Every file these tasks read goes through `runcomfy_schema::local_file` (regular files
//! only, size caps, bounded folder walks).
#![forbid(unsafe_code)]

mod bench;
mod bench_client;
mod bench_parse;
mod bench_request;
mod import;
mod sync;
mod synth;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use runcomfy_schema::Catalog;
use runcomfy_schema::codegen::{Options, generate_catalog, pretty};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "runcomfy-rs project tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint every schema: parse, then generate code, reporting every problem.
    Check {
        /// The schema folder.
        #[arg(default_value = "schemas")]
        dir: PathBuf,
    },
    /// Print the Rust code generated for one model id.
    Expand {
        /// The model id, e.g. blackforestlabs/flux-1-schnell/text-to-image.
        model_id: String,
        /// The schema folder.
        #[arg(long, default_value = "schemas")]
        schemas: PathBuf,
    },
    /// Import RunComfy API doc pages or bare schema files into the schema folder.
    Import {
        /// Doc pages (text as copied from the site) or bare JSON schemas.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The schema folder to write to.
        #[arg(long, default_value = "schemas")]
        schemas: PathBuf,
        /// Model id for a bare schema (a doc page names its own).
        #[arg(long)]
        model_id: Option<String>,
    },
    /// Compare the schema folder with the live catalog (needs RUNCOMFY_TOKEN or the official
    /// CLI's token file); exit 1 on drift.
    Sync {
        /// Rewrite the files that drifted, as the catalog serves them.
        #[arg(long)]
        pull: bool,
        /// The schema folder.
        #[arg(default_value = "schemas")]
        dir: PathBuf,
    },
    /// Run a benchmark and write its figures into BENCHMARKS.md.
    Bench {
        /// What to benchmark.
        what: BenchWhat,
        /// Short criterion runs, one build of each kind, no cold build: a smoke run.
        #[arg(long)]
        quick: bool,
        /// `client` only: run one part (polling, throughput, heap or faults) and replace only
        /// its figures.
        #[arg(long)]
        only: Option<String>,
    },
}

/// The benchmarks `cargo xtask bench` knows.
#[derive(Clone, Copy, clap::ValueEnum)]
enum BenchWhat {
    /// Parse+generate time (five and 500 synthetic schemas) and build time of a crate using them.
    Codegen,
    /// Build time of 100 `request!` calls against the same requests as struct literals.
    Request,
    /// The job runner: status calls and detection delay, throughput, CPU and heap per job,
    /// jobs with faults.
    Client,
    /// How the schema dialect scales: enums of 10,000 to 600,000 values and 150,000
    /// properties (parse, validate, drift, import), in release.
    Parse,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { dir } => check(&dir),
        Command::Expand { model_id, schemas } => expand(&model_id, &schemas),
        Command::Sync { pull, dir } => sync::run(&dir, pull),
        Command::Import {
            files,
            schemas,
            model_id,
        } => import::run(&files, &schemas, model_id.as_deref()),
        Command::Bench {
            what: BenchWhat::Client,
            quick,
            only,
        } => bench_client::client(quick, only.as_deref()),
        Command::Bench { only: Some(_), .. } => {
            eprintln!("error: --only applies to `bench client`");
            ExitCode::FAILURE
        }
        Command::Bench {
            what: BenchWhat::Codegen,
            quick,
            ..
        } => bench::codegen(quick),
        Command::Bench {
            what: BenchWhat::Request,
            quick,
            ..
        } => bench_request::request(quick),
        Command::Bench {
            what: BenchWhat::Parse,
            quick,
            ..
        } => bench_parse::parse(quick),
    }
}

fn label(dir: &Path) -> String {
    dir.to_string_lossy().trim_end_matches('/').to_owned()
}

fn check(dir: &Path) -> ExitCode {
    let catalog = Catalog::load(dir, &label(dir));
    let generated = generate_catalog(&catalog, None, &Options::default());
    let (mut errors, mut warnings) = (0, 0);
    for d in &generated.diagnostics {
        eprintln!("{}: {d}", d.severity);
        if d.is_error() {
            errors += 1;
        } else {
            warnings += 1;
        }
    }
    let ok = catalog.files.iter().filter(|f| f.parsed.schema.is_some()).count();
    eprintln!(
        "checked {} schema file(s) in {}: {ok} parsed, {errors} error(s), {warnings} warning(s)",
        catalog.files.len(),
        dir.display()
    );
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn expand(model_id: &str, dir: &Path) -> ExitCode {
    let catalog = Catalog::load(dir, &label(dir));
    let generated = generate_catalog(&catalog, Some(model_id), &Options::default());
    let mut failed = false;
    for d in &generated.diagnostics {
        if d.is_error() {
            failed = true;
        }
        if catalog.get(model_id).is_none_or(|f| d.file == f.label) || d.is_error() {
            eprintln!("{}: {d}", d.severity);
        }
    }
    if failed {
        return ExitCode::FAILURE;
    }
    match pretty(&generated.tokens) {
        Ok(code) => {
            print!("{code}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: generated code does not parse: {e}");
            ExitCode::FAILURE
        }
    }
}
