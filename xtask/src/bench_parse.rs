//! `cargo xtask bench parse [--quick]`: how the schema dialect scales. Runs the criterion
//! bench `runcomfy-schema/benches/parse.rs` (release: the bench profile) over huge schemas
//! (enums of 10,000, 100,000 and 600,000 values, 150,000 required properties) and the steps
//! that walk their lists (validation, drift, import), and writes the figures into
//! `BENCHMARKS.md` with the machine's load average before and after (other builds share the
//! machine).

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode};

use runcomfy_schema::local_file;

use crate::bench::{Result, cargo, machine, now_utc, root, rustc_version, status};

const START: &str = "<!-- parse-figures:start (written by `cargo xtask bench parse`) -->";
const END: &str = "<!-- parse-figures:end -->";

/// The largest criterion estimate file read.
const MAX_ESTIMATES_BYTES: u64 = 1 << 20;

/// One measured case: criterion's group and id, what it is, and its target, if any.
struct Case {
    group: &'static str,
    id: &'static str,
    what: &'static str,
    /// The most it may take (issue 16), in seconds.
    target_s: Option<f64>,
}

const CASES: &[Case] = &[
    Case {
        group: "parse",
        id: "enum_10k",
        what: "parse: enum of 10,000 values (105 KB)",
        target_s: None,
    },
    Case {
        group: "parse",
        id: "enum_100k",
        what: "parse: enum of 100,000 values (1.1 MB)",
        target_s: None,
    },
    Case {
        group: "parse",
        id: "enum_600k",
        what: "parse: enum of 600,000 values (6.6 MB)",
        target_s: Some(2.0),
    },
    Case {
        group: "parse",
        id: "properties_150k",
        what: "parse: 150,000 properties, all required (6.3 MB)",
        target_s: Some(2.0),
    },
    Case {
        group: "validate",
        id: "enum_600k_10k_values",
        what: "validate: 10,000 values against an enum of 600,000",
        target_s: None,
    },
    Case {
        group: "validate",
        id: "properties_150k",
        what: "validate: a body setting 150,000 properties",
        target_s: None,
    },
    Case {
        group: "drift",
        id: "enum_600k",
        what: "drift: two versions of an enum of 600,000 values",
        target_s: None,
    },
    Case {
        group: "drift",
        id: "properties_150k",
        what: "drift: two versions of 150,000 required properties",
        target_s: None,
    },
    Case {
        group: "import",
        id: "page_150k",
        what: "import: a doc page with 150,000 output objects and properties (12 MB)",
        target_s: None,
    },
];

/// Runs the benchmark and writes the figures.
pub fn parse(quick: bool) -> ExitCode {
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
    let home = root.join("target/criterion-parse");
    let load_before = load_average();
    eprintln!("== cargo bench -p runcomfy-schema --bench parse");
    let mut bench = Command::new(cargo());
    bench
        .current_dir(&root)
        .args(["bench", "-p", "runcomfy-schema", "--bench", "parse", "--"])
        .env("CRITERION_HOME", &home);
    if quick {
        bench.args(["--warm-up-time", "1", "--measurement-time", "2"]);
    }
    status(&mut bench)?;
    // Each case once more, timed by the CPU time of its thread as well: the wall clock of a
    // shared machine grows with the other load, the CPU time does not.
    eprintln!("== each case once, with its CPU time (RUNCOMFY_PARSE_ONCE)");
    let once = Command::new(cargo())
        .current_dir(&root)
        .args(["bench", "-p", "runcomfy-schema", "--bench", "parse"])
        .env("RUNCOMFY_PARSE_ONCE", "600")
        .output()
        .map_err(|e| format!("running the bench once: {e}"))?;
    if !once.status.success() {
        return Err(format!(
            "the bench, once: {}\n{}",
            once.status,
            String::from_utf8_lossy(&once.stderr)
        ));
    }
    let once = String::from_utf8_lossy(&once.stdout);
    let load_after = load_average();
    let mut rows = Vec::new();
    for case in CASES {
        let name = format!("{}/{}", case.group, case.id);
        let (wall, cpu) = once_times(&once, &name).ok_or_else(|| format!("no one-run time for {name}:\n{once}"))?;
        rows.push(Row {
            case,
            mean: mean_s(&home, case.group, case.id)?,
            wall,
            cpu,
        });
    }
    let table = report(
        &rows,
        quick,
        &format!("{load_before} at the start, {load_after} at the end"),
    );
    println!("{table}");
    let path = root.join("BENCHMARKS.md");
    let old = crate::bench::read_benchmarks(&path)?;
    std::fs::write(&path, splice(&old, &table)).map_err(|e| format!("writing {}: {e}", path.display()))?;
    eprintln!("== figures written to {}", path.display());
    Ok(())
}

/// What one case measured, in seconds: criterion's mean, and one run's wall clock and CPU
/// time (of its thread).
struct Row<'a> {
    case: &'a Case,
    mean: f64,
    wall: f64,
    cpu: Option<f64>,
}

/// The times of `name` in the one-run output (`once parse/enum_10k: wall 0.008 s, cpu 0.002 s`).
fn once_times(output: &str, name: &str) -> Option<(f64, Option<f64>)> {
    let line = output.lines().find_map(|l| l.strip_prefix(&format!("once {name}: ")))?;
    let mut wall = None;
    let mut cpu = None;
    for part in line.split(", ") {
        let mut words = part.split_whitespace();
        let (key, value) = (words.next()?, words.next()?);
        match key {
            "wall" => wall = value.parse::<f64>().ok(),
            "cpu" => cpu = value.parse::<f64>().ok(),
            _ => {}
        }
    }
    Some((wall?, cpu))
}

/// Criterion's mean estimate of one case, in seconds.
fn mean_s(home: &Path, group: &str, id: &str) -> Result<f64> {
    let path = home.join(group).join(id).join("new/estimates.json");
    let text = local_file::read_to_string(&path, MAX_ESTIMATES_BYTES).map_err(|e| e.to_string())?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    v["mean"]["point_estimate"]
        .as_f64()
        .map(|ns| ns / 1e9)
        .ok_or_else(|| format!("{}: no mean.point_estimate", path.display()))
}

fn report(rows: &[Row<'_>], quick: bool, load: &str) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "Measured {} on {}, {}; load average (1, 5, 15 min) {load}.",
        now_utc(),
        machine(),
        rustc_version()
    );
    let _ = writeln!(
        t,
        "Mode: {}. Release (bench profile). *Mean*: criterion's mean wall-clock time per iteration \
         (10 samples). *One run*: the case run once more, its wall-clock time and the time its \
         thread spent on a CPU, which other load on the machine does not inflate. A target is met \
         when the mean is under it; when only the CPU time is, the wall clock was the machine's load.",
        if quick {
            "`--quick` (1 s warm-up, 2 s measurement)"
        } else {
            "full"
        }
    );
    let _ = writeln!(t);
    let _ = writeln!(t, "| step | mean | one run: wall | one run: CPU | target |");
    let _ = writeln!(t, "|---|---|---|---|---|");
    for row in rows {
        let target = match row.case.target_s {
            Some(max) if row.mean <= max => format!("under {max} s: **met**"),
            Some(max) if row.cpu.is_some_and(|c| c <= max) => {
                format!("under {max} s: **met on CPU time**, not on the loaded wall clock")
            }
            Some(max) => format!("under {max} s: **not met**"),
            None => "—".to_owned(),
        };
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {target} |",
            row.case.what,
            seconds(row.mean),
            seconds(row.wall),
            row.cpu.map_or_else(|| "?".to_owned(), seconds)
        );
    }
    t
}

fn seconds(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.2} s")
    } else {
        format!("{:.1} ms", s * 1e3)
    }
}

/// `old` with the figures replaced (or a section appended).
fn splice(old: &str, table: &str) -> String {
    let section = format!("{START}\n{table}{END}");
    match (old.find(START), old.find(END)) {
        (Some(a), Some(b)) if a < b => format!("{}{section}{}", &old[..a], &old[b + END.len()..]),
        _ => format!(
            "{}\n\n## Parsing huge schemas (`cargo xtask bench parse`)\n\n{section}\n",
            old.trim_end()
        ),
    }
}

/// The load averages over 1, 5 and 15 minutes (`/proc/loadavg`), or `?`.
fn load_average() -> String {
    local_file::read_to_string(Path::new("/proc/loadavg"), 4096)
        .ok()
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "?".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_replaces_only_its_own_figures() {
        let doc = "# Benchmarks\n\nProse.\n";
        let first = splice(doc, "| a |\n");
        assert!(first.contains("## Parsing huge schemas"));
        let second = splice(&first, "| b |\n");
        assert!(second.starts_with("# Benchmarks\n\nProse."));
        assert!(second.contains("| b |") && !second.contains("| a |"));
        assert_eq!(second.matches(START).count(), 1);
    }

    #[test]
    fn targets_are_judged() {
        let row = |case, mean, cpu| Row {
            case,
            mean,
            wall: mean,
            cpu,
        };
        let rows = [
            row(&CASES[2], 0.5, Some(0.4)),
            row(&CASES[3], 2.5, Some(0.6)),
            row(&CASES[3], 2.5, Some(2.2)),
            row(&CASES[0], 0.01, None),
        ];
        let t = report(&rows, true, "1.0");
        assert!(
            t.contains(
                "| parse: enum of 600,000 values (6.6 MB) | 500.0 ms | 500.0 ms | 400.0 ms | under 2 s: **met** |"
            ),
            "{t}"
        );
        assert!(
            t.contains("| 2.50 s | 2.50 s | 600.0 ms | under 2 s: **met on CPU time**"),
            "{t}"
        );
        assert!(
            t.contains("| 2.50 s | 2.50 s | 2.20 s | under 2 s: **not met** |"),
            "{t}"
        );
        assert!(t.contains("| 10.0 ms | 10.0 ms | ? | — |"), "{t}");
    }

    #[test]
    fn one_run_times_are_read() {
        let out = "load average at the start: 1\nonce parse/enum_10k: wall 0.008 s, cpu 0.002 s\nonce drift/x: wall 1.5 s, cpu ?\n";
        assert_eq!(once_times(out, "parse/enum_10k"), Some((0.008, Some(0.002))));
        assert_eq!(once_times(out, "drift/x"), Some((1.5, None)));
        assert_eq!(once_times(out, "parse/enum_100k"), None);
    }
}
