//! `runcomfy`: list the catalog's models, run jobs with flags generated from their schemas,
//! and check, fetch or cancel jobs; offline on an in-process simulator with `--simulate`.
//!
//! The modules, in the order they may use each other (a module never uses one further down
//! this list; `tests/module_graph.rs` checks it):
//!
//! * [`args`]: every clap definition; `run`'s own options once;
//! * [`describe`]: what a schema means to a person (names, types, constraints, help);
//! * [`flags`]: a model's generated flags, in their own namespace, and the request body;
//! * [`session`]: runtime, connection (token or simulator), caches per API base, Ctrl-C;
//! * [`view`]: the one renderer of jobs (live lines, plain lines, JSON);
//! * [`commands`]: `run`, `status`/`result`/`cancel`, `models`, `schemas`, `batch`.
//!
//! [`exit`] (errors and exit codes) and [`text`] (the sanitizer, price formatting) are
//! leaves every module may use.
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

mod args;
mod commands;
mod describe;
mod exit;
mod flags;
mod session;
mod text;
mod view;

use std::io::Write as _;
use std::process::ExitCode;

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

/// The command line as the completion engine sees it: model ids complete from the bundled
/// models and the catalog cache.
fn completion_command() -> clap::Command {
    let complete = || clap_complete::engine::ArgValueCompleter::new(session::complete_model_id);
    args::command()
        .mut_subcommand("run", |run| run.mut_arg("model_id", |a| a.add(complete())))
        .mut_subcommand("models", |models| {
            models.mut_subcommand("show", |show| show.mut_arg("model_id", |a| a.add(complete())))
        })
}

fn main() -> ExitCode {
    // `COMPLETE=<shell> runcomfy -- <words>`: the shell asking for completions.
    clap_complete::CompleteEnv::with_factory(completion_command).complete();
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match args::parse(&argv) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    let global = args::Global::new(&cli.global);
    match commands::dispatch(cli.command, global, &argv) {
        Ok(()) => ExitCode::SUCCESS,
        // Help printed by a command's own parse.
        Err(e) if e.code == 0 => ExitCode::SUCCESS,
        // Already printed (clap's own messages).
        Err(e) if e.message.is_empty() => ExitCode::from(e.code),
        Err(e) => {
            let _ = std::io::stdout().flush();
            eprintln!("error: {}", text::multiline(&e.message));
            ExitCode::from(e.code)
        }
    }
}

/// Prints a clap error or help; help and version exit 0, anything else 64.
pub fn clap_exit(e: &clap::Error) -> ExitCode {
    let _ = e.print();
    if e.use_stderr() {
        ExitCode::from(exit::USAGE)
    } else {
        ExitCode::SUCCESS
    }
}
