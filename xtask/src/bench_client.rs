//! `cargo xtask bench client [--quick]`: builds the client benchmark (`src/bin/client_bench`)
//! in release, runs it (simulators in child processes or on a virtual clock), and writes its
//! figures into `BENCHMARKS.md` between the client markers.

use std::path::Path;
use std::process::{Command, ExitCode};

use crate::bench::{Result, cargo, machine, now_utc, root, rustc_version, status};

const START: &str = "<!-- client-figures:start (written by `cargo xtask bench client`) -->";
const END: &str = "<!-- client-figures:end -->";

/// Runs the benchmark and rewrites the figures.
pub fn client(quick: bool) -> ExitCode {
    match run(quick) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(quick: bool) -> Result<()> {
    let root = root();
    let out_dir = root.join("target").join("bench-client");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let figures = out_dir.join("figures.md");
    status(Command::new(cargo()).current_dir(&root).args([
        "build",
        "--release",
        "--quiet",
        "-p",
        "xtask",
        "--bin",
        "client_bench",
    ]))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let exe = target.join("release").join("client_bench");
    let mut bench = Command::new(&exe);
    bench.arg("run").arg("--out").arg(&figures);
    if quick {
        bench.arg("--quick");
    }
    status(&mut bench)?;
    let body = std::fs::read_to_string(&figures).map_err(|e| format!("{}: {e}", figures.display()))?;
    let header = format!(
        "Measured {} on {}, {}. Mode: {}.\n\n",
        now_utc(),
        machine(),
        rustc_version(),
        if quick {
            "`--quick` (fewer jobs per cell and per run)"
        } else {
            "full"
        }
    );
    let path = root.join("BENCHMARKS.md");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, splice(&old, &format!("{header}{body}"))).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("wrote the client figures into {}", Path::new("BENCHMARKS.md").display());
    Ok(())
}

fn splice(old: &str, figures: &str) -> String {
    let section = format!("{START}\n{figures}{END}");
    match (old.find(START), old.find(END)) {
        (Some(a), Some(b)) if a < b => format!("{}{section}{}", &old[..a], &old[b + END.len()..]),
        _ => format!(
            "{}\n\n## Client: polling, throughput, memory\n\n{section}\n",
            old.trim_end()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_replaces_only_the_client_figures() {
        let first = splice("# Benchmarks\n\nProse.", "| a |\n");
        assert!(first.contains("Prose.") && first.contains("| a |"));
        let second = splice(&first, "| b |\n");
        assert!(second.contains("| b |") && !second.contains("| a |"));
        assert_eq!(second.matches(START).count(), 1);
    }
}
