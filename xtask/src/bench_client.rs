//! `cargo xtask bench client [--quick] [--only PART]`: builds the client benchmark
//! (`src/bin/client_bench`) in release, runs it (simulators in child processes or on a
//! virtual clock), and writes its figures into `BENCHMARKS.md` between the client markers:
//! every part, or with `--only` (polling, throughput, heap, faults) that part alone, the
//! others kept as they were. Each part says when, where and at what load it was measured.

use std::path::Path;
use std::process::{Command, ExitCode};

use crate::bench::{Result, cargo, machine, now_utc, root, rustc_version, status};

const START: &str = "<!-- client-figures:start (written by `cargo xtask bench client`) -->";
const END: &str = "<!-- client-figures:end -->";

/// The parts of the client benchmark, in order (the binary's `PARTS`).
const PARTS: [&str; 4] = ["polling", "throughput", "heap", "faults"];

/// Runs the benchmark and rewrites the figures.
pub fn client(quick: bool, only: Option<&str>) -> ExitCode {
    if let Some(o) = only
        && !PARTS.contains(&o)
    {
        eprintln!("error: --only {o}: the parts are {}", PARTS.join(", "));
        return ExitCode::FAILURE;
    }
    match run(quick, only) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(quick: bool, only: Option<&str>) -> Result<()> {
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
    if let Some(part) = only {
        bench.arg("--only").arg(part);
    }
    status(&mut bench)?;
    let body = std::fs::read_to_string(&figures).map_err(|e| format!("{}: {e}", figures.display()))?;
    let header = format!(
        "_Measured {} on {}, {}. Mode: {}._\n",
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
    let new = match only {
        None => splice(&old, &with_header(&body, &header)),
        Some(part) => splice_part(&old, part, &with_header(&body, &header))?,
    };
    std::fs::write(&path, new).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("wrote the client figures into {}", Path::new("BENCHMARKS.md").display());
    Ok(())
}

/// The measurement line after each part's start marker.
fn with_header(body: &str, header: &str) -> String {
    let mut out = String::new();
    for line in body.lines() {
        out.push_str(line);
        out.push('\n');
        if line.starts_with("<!-- client-part:") {
            out.push_str(header);
        }
    }
    out
}

fn part_markers(part: &str) -> (String, String) {
    (
        format!("<!-- client-part:{part} -->"),
        format!("<!-- /client-part:{part} -->"),
    )
}

/// Replaces one part's block in the client figures; the figures of a full run first when
/// the old text has no such block.
fn splice_part(old: &str, part: &str, figures: &str) -> Result<String> {
    let (start, end) = part_markers(part);
    let block = match (figures.find(&start), figures.find(&end)) {
        (Some(a), Some(b)) if a < b => &figures[a..b + end.len()],
        _ => return Err(format!("the benchmark wrote no {part} figures")),
    };
    match (old.find(&start), old.find(&end), old.find(END)) {
        (Some(a), Some(b), _) if a < b => Ok(format!("{}{block}{}", &old[..a], &old[b + end.len()..])),
        // Not measured before: at the end of the client figures.
        (_, _, Some(e)) if old.find(START).is_some_and(|s| s < e) => Ok(format!("{}{block}\n{}", &old[..e], &old[e..])),
        _ => Err(format!(
            "BENCHMARKS.md has no client figures to add the {part} figures to: run `cargo xtask bench client` once in full"
        )),
    }
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
    fn one_part_is_replaced_and_the_others_kept() {
        let full = "<!-- client-part:polling -->\nP1\n<!-- /client-part:polling -->\n<!-- client-part:heap -->\nH1\n<!-- /client-part:heap -->\n";
        let doc = splice("# Benchmarks\n", &with_header(full, "_M1_\n"));
        assert!(doc.contains("_M1_\nP1") && doc.contains("_M1_\nH1"), "{doc}");
        let heap = "<!-- client-part:heap -->\nH2\n<!-- /client-part:heap -->\n";
        let doc = splice_part(&doc, "heap", &with_header(heap, "_M2_\n")).unwrap();
        assert!(
            doc.contains("_M1_\nP1") && doc.contains("_M2_\nH2") && !doc.contains("H1"),
            "{doc}"
        );
        let faults = "<!-- client-part:faults -->\nF1\n<!-- /client-part:faults -->\n";
        let doc = splice_part(&doc, "faults", faults).unwrap();
        assert!(doc.contains("F1") && doc.find("F1") < doc.find(END), "{doc}");
        assert!(splice_part("# nothing\n", "faults", faults).is_err());
        assert!(
            splice_part(&doc, "heap", faults).is_err(),
            "the run wrote no heap figures"
        );
    }

    #[test]
    fn splice_replaces_only_the_client_figures() {
        let first = splice("# Benchmarks\n\nProse.", "| a |\n");
        assert!(first.contains("Prose.") && first.contains("| a |"));
        let second = splice(&first, "| b |\n");
        assert!(second.contains("| b |") && !second.contains("| a |"));
        assert_eq!(second.matches(START).count(), 1);
    }
}
