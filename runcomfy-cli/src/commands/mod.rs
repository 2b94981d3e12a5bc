//! The commands: thin users of the session (connection, caches) and the view (rendering).
//!
//! * [`run`]: `run <model_id>`;
//! * [`jobs`]: `status`, `result`, `cancel` of a job by its request id;
//! * [`models`]: `models`, `models show`, `models categories`;
//! * [`schemas`]: `schemas pull`, `schemas check`;
//! * [`batch`]: `batch <file.jsonl>`;
//! * [`gallery`]: `gallery <dir>`, the results manifest and page rebuilt.

pub mod batch;
pub mod gallery;
pub mod jobs;
pub mod models;
pub mod price;
pub mod run;
pub mod schemas;

use std::ffi::OsString;
use std::path::Path;

use crate::args::{Commands, Global, ModelsCommand, SchemasCommand};
use crate::exit::CliError;
use crate::session;

/// Runs one command. `argv` is the whole command line (`run` parses it again once its
/// model's flags are known).
pub fn dispatch(command: Commands, global: Global, argv: &[OsString]) -> Result<(), CliError> {
    match command {
        Commands::Completions { shell } => completions(shell),
        Commands::Models(m) => match m.command {
            None => models::list(
                global,
                models::Query {
                    search: m.search,
                    category: m.category,
                    kind: m.kind,
                    limit: m.limit,
                },
                m.offline,
            ),
            Some(ModelsCommand::Show { model_id, offline }) => models::show(global, &model_id, offline),
            Some(ModelsCommand::Categories) => models::categories(global),
        },
        Commands::Schemas {
            command: SchemasCommand::Pull { model_ids, all, dir },
        } => {
            if model_ids.is_empty() && !all {
                return Err(CliError::usage("name the models to pull, or pass --all"));
            }
            schemas::pull(global, model_ids, all, dir)
        }
        Commands::Schemas {
            command: SchemasCommand::Check { dir },
        } => schemas::check(global, dir),
        Commands::Run(_) => run::command(argv),
        Commands::Status { request_id } => jobs::status(global, request_id),
        Commands::Result {
            request_id,
            output_dir,
            no_download,
        } => jobs::result(global, request_id, output_dir, no_download),
        Commands::Cancel { request_id } => jobs::cancel(global, request_id),
        Commands::Batch(args) => batch::command(global, args),
        Commands::Gallery { dir, state, no_gallery } => gallery::command(&global, &dir, state, !no_gallery),
    }
}

/// `completions SHELL`: the shell's registration of `runcomfy`'s dynamic completion (the
/// same as `COMPLETE=<shell> runcomfy` prints), which completes model ids too.
fn completions(shell: clap_complete::Shell) -> Result<(), CliError> {
    use clap_complete::env::EnvCompleter as _;
    let mut script = Vec::new();
    let written = match shell {
        clap_complete::Shell::Bash => {
            clap_complete::env::Bash.write_registration("COMPLETE", "runcomfy", "runcomfy", "runcomfy", &mut script)
        }
        clap_complete::Shell::Zsh => {
            clap_complete::env::Zsh.write_registration("COMPLETE", "runcomfy", "runcomfy", "runcomfy", &mut script)
        }
        clap_complete::Shell::Fish => {
            clap_complete::env::Fish.write_registration("COMPLETE", "runcomfy", "runcomfy", "runcomfy", &mut script)
        }
        clap_complete::Shell::Elvish => {
            clap_complete::env::Elvish.write_registration("COMPLETE", "runcomfy", "runcomfy", "runcomfy", &mut script)
        }
        clap_complete::Shell::PowerShell => clap_complete::env::Powershell.write_registration(
            "COMPLETE",
            "runcomfy",
            "runcomfy",
            "runcomfy",
            &mut script,
        ),
        _ => {
            // A shell clap_complete learns later: its static script.
            let mut cmd = crate::args::command();
            clap_complete::generate(shell, &mut cmd, "runcomfy", &mut script);
            Ok(())
        }
    };
    written.map_err(|e| CliError::new(crate::exit::IO_ERR, format!("cannot write the script: {e}")))?;
    out!("{}", String::from_utf8_lossy(&script));
    Ok(())
}

/// A downloaded file as `results.jsonl` records it: its path relative to the output folder
/// (none when it lies elsewhere), its kind by extension, its URL and size.
pub fn relative_file(
    output_dir: &Path,
    path: &Path,
    url: Option<&str>,
    bytes: Option<u64>,
) -> Option<runcomfy_gallery::OutputFile> {
    let relative = path.strip_prefix(output_dir).ok()?.to_str()?.replace('\\', "/");
    let mut file = runcomfy_gallery::OutputFile::new(
        runcomfy_gallery::MediaKind::from_path(&relative),
        Some(relative),
        url.map(str::to_owned),
    );
    file.bytes = bytes;
    Some(file)
}

/// The "unknown model" message: the nearest model ids among the bundled ones, the catalog
/// cache and (when a session is given) the live catalog.
pub async fn unknown_model(model_id: &str, why: &str, live: Option<&session::Session>) -> CliError {
    let mut ids = session::offline_model_ids();
    if let Some(s) = live {
        ids.extend(s.catalog_ids().await);
        ids.sort();
        ids.dedup();
    }
    let near = crate::describe::did_you_mean(model_id, &ids, 5);
    let hint = if near.is_empty() && ids.len() <= 20 {
        format!(
            "  known models (`runcomfy models` lists the catalog):\n{}",
            ids.iter().map(|id| format!("    {id}")).collect::<Vec<_>>().join("\n")
        )
    } else if near.is_empty() {
        "  `runcomfy models` lists the catalog".to_owned()
    } else {
        format!(
            "  did you mean:\n{}",
            near.iter().map(|id| format!("    {id}")).collect::<Vec<_>>().join("\n")
        )
    };
    CliError::usage(format!(
        "unknown model {}: {why}\n{hint}",
        runcomfy_client::wire::answer::quote(model_id)
    ))
}
