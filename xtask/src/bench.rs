//! `cargo xtask bench codegen [--quick]`: parse+generate time (criterion) for the five
//! bundled schemas and 500 synthetic ones, and the clean and incremental build time of a
//! crate that generates types from each set; prints a markdown table and writes it into
//! `BENCHMARKS.md`.
//!
//! Layout, all under `target/`:
//! * `bench-crate/five/` and `bench-crate/synthetic/`: throwaway crates that path-depend on
//!   `runcomfy-client` and call `include_models!("schemas")` over their own `schemas/`
//!   (the synthetic one is also the folder the criterion bench reads);
//! * `bench-build/`: their `CARGO_TARGET_DIR`, so the dependencies are built once;
//! * `criterion/`: criterion's data (`CRITERION_HOME`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use runcomfy_schema::Catalog;
use runcomfy_schema::codegen::{Options, generate_catalog, pretty};

use crate::synth;

/// How many synthetic schemas.
pub const SYNTHETIC: usize = 500;

const START: &str = "<!-- figures:start (written by `cargo xtask bench codegen`) -->";
const END: &str = "<!-- figures:end -->";

pub(crate) type Result<T> = std::result::Result<T, String>;

/// What one set of schemas measured.
struct Figures {
    schemas: usize,
    generated_lines: usize,
    parse: Option<f64>,
    parse_generate: Option<f64>,
    clean: Vec<Duration>,
    incremental: Vec<Duration>,
}

/// Runs the whole benchmark.
pub fn codegen(quick: bool) -> ExitCode {
    match run(quick) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn run(quick: bool) -> Result<()> {
    let root = root();
    let crates = root.join("target/bench-crate");
    let five_dir = crates.join("five");
    let synth_dir = crates.join("synthetic");
    let repeats = if quick { 1 } else { 3 };

    // 1. The schema sets, checked like `cargo xtask check` does.
    eprintln!(
        "== writing {SYNTHETIC} synthetic schemas to {}",
        synth_dir.join("schemas").display()
    );
    let schemas = synth::generate(SYNTHETIC, synth::SEED);
    synth::write(&synth_dir.join("schemas"), &schemas).map_err(|e| format!("writing the schemas: {e}"))?;
    copy_dir(&root.join("schemas"), &five_dir.join("schemas")).map_err(|e| format!("copying schemas/: {e}"))?;
    let mut five = Figures::new(check_set(&five_dir.join("schemas"))?);
    let mut synthetic = Figures::new(check_set(&synth_dir.join("schemas"))?);

    // 2. Criterion.
    eprintln!("== cargo bench -p runcomfy-schema --features codegen --bench codegen");
    let criterion_home = root.join("target/criterion");
    let mut bench = Command::new(cargo());
    bench
        .current_dir(&root)
        .args([
            "bench",
            "-p",
            "runcomfy-schema",
            "--features",
            "codegen",
            "--bench",
            "codegen",
            "--",
        ])
        .env("RUNCOMFY_BENCH_SCHEMAS", synth_dir.join("schemas"))
        .env("CRITERION_HOME", &criterion_home);
    if quick {
        bench.args(["--warm-up-time", "1", "--measurement-time", "2", "--sample-size", "10"]);
    }
    status(&mut bench)?;
    for (figures, id) in [(&mut five, "five"), (&mut synthetic, "synthetic")] {
        figures.parse = Some(mean_ns(&criterion_home, "parse", id)?);
        figures.parse_generate = Some(mean_ns(&criterion_home, "parse_generate", id)?);
    }

    // 3. Builds.
    let build_dir = root.join("target/bench-build");
    write_crate(&root, &five_dir, "bench-five")?;
    write_crate(&root, &synth_dir, "bench-synthetic")?;
    let cold = if quick {
        None
    } else {
        eprintln!("== full cold build of bench-five (every dependency)");
        if build_dir.exists() {
            std::fs::remove_dir_all(&build_dir).map_err(|e| format!("removing {}: {e}", build_dir.display()))?;
        }
        Some(timed(cargo_build(&five_dir, &build_dir))?)
    };
    // Both crates resolve the same dependencies (same lock file, same target directory):
    // building the five-schema crate builds them for both.
    eprintln!("== dependencies");
    status(&mut cargo_build(&five_dir, &build_dir))?;
    // The synthetic crate takes minutes per build: one clean and one incremental build.
    for (figures, dir, name, runs) in [
        (&mut five, &five_dir, "bench-five", repeats),
        (&mut synthetic, &synth_dir, "bench-synthetic", 1),
    ] {
        for i in 0..runs {
            eprintln!("== {name}: clean build {}/{runs}", i + 1);
            status(
                Command::new(cargo())
                    .current_dir(dir)
                    .args(["clean", "-p", name])
                    .env("CARGO_TARGET_DIR", &build_dir),
            )?;
            figures.clean.push(timed(cargo_build(dir, &build_dir))?);
        }
        let edited = schema_to_edit(&dir.join("schemas"))?;
        let original = std::fs::read_to_string(&edited).map_err(|e| e.to_string())?;
        for i in 0..runs {
            eprintln!(
                "== {name}: incremental build {}/{runs} (edited {})",
                i + 1,
                edited.display()
            );
            edit_schema(&edited, &original, i)?;
            figures.incremental.push(timed(cargo_build(dir, &build_dir))?);
        }
        std::fs::write(&edited, &original).map_err(|e| e.to_string())?;
    }

    // 4. Report.
    let table = report(&five, &synthetic, cold, quick, repeats);
    println!("{table}");
    let path = root.join("BENCHMARKS.md");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, splice(&old, &table)).map_err(|e| format!("writing {}: {e}", path.display()))?;
    eprintln!("== figures written to {}", path.display());
    Ok(())
}

impl Figures {
    fn new((schemas, generated_lines): (usize, usize)) -> Figures {
        Figures {
            schemas,
            generated_lines,
            parse: None,
            parse_generate: None,
            clean: Vec::new(),
            incremental: Vec::new(),
        }
    }
}

/// Loads and generates a folder; fails on any error. Returns (schemas, generated lines).
fn check_set(dir: &Path) -> Result<(usize, usize)> {
    let catalog = Catalog::load(dir, &dir.to_string_lossy());
    let generated = generate_catalog(&catalog, None, &Options::default());
    let errors = generated.error_messages();
    if !errors.is_empty() {
        return Err(format!("{} schema error(s):\n{}", errors.len(), errors.join("\n")));
    }
    let code = pretty(&generated.tokens)?;
    Ok((catalog.files.len(), code.lines().count()))
}

pub(crate) fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

pub(crate) fn cargo_build(dir: &Path, target: &Path) -> Command {
    let mut c = Command::new(cargo());
    c.current_dir(dir)
        .args(["build", "--quiet"])
        .env("CARGO_TARGET_DIR", target);
    c
}

pub(crate) fn status(c: &mut Command) -> Result<()> {
    let s = c.status().map_err(|e| format!("running {c:?}: {e}"))?;
    if s.success() {
        Ok(())
    } else {
        Err(format!("{c:?} failed: {s}"))
    }
}

pub(crate) fn timed(mut c: Command) -> Result<Duration> {
    let start = Instant::now();
    status(&mut c)?;
    let took = start.elapsed();
    eprintln!("   {}", human(took));
    Ok(took)
}

/// A throwaway crate over `dir/schemas`, outside the workspace (its own `[workspace]`).
fn write_crate(root: &Path, dir: &Path, name: &str) -> Result<()> {
    let client = root.join("runcomfy-client");
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nruncomfy-client = {{ path = {client:?} }}\n\n[workspace]\n"
    );
    let lib = "//! Types from `schemas/`, for `cargo xtask bench codegen`.\n\
               #![allow(deprecated, missing_docs)]\n\
               pub mod models {\n    runcomfy_client::include_models!(\"schemas\");\n}\n";
    let build = "fn main() {\n    println!(\"cargo::rerun-if-changed=schemas\");\n}\n";
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file in the crate")).map_err(|e| e.to_string())?;
        // Unchanged files keep their mtime, so a rerun does not rebuild for nothing.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
            std::fs::write(&path, text).map_err(|e| format!("writing {}: {e}", path.display()))?;
        }
        Ok::<_, String>(())
    };
    write("Cargo.toml", &manifest)?;
    write("src/lib.rs", lib)?;
    write("build.rs", build)?;
    // The workspace's lock file, so that the crate builds the same dependency versions.
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| e.to_string())?;
    if !dir.join("Cargo.lock").exists() {
        write("Cargo.lock", &lock)?;
    }
    Ok(())
}

/// The first schema file (by path) below `dir`.
fn schema_to_edit(dir: &Path) -> Result<PathBuf> {
    let mut stack = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .next()
        .ok_or_else(|| format!("no schema in {}", dir.display()))
}

/// Changes the root `description` of a schema (a real edit: the generated docs change).
fn edit_schema(path: &Path, original: &str, round: usize) -> Result<()> {
    let mut value: serde_json::Value = serde_json::from_str(original).map_err(|e| e.to_string())?;
    value["description"] = format!("Edited for the incremental build benchmark, round {round}.").into();
    let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| e.to_string())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            let text = std::fs::read(entry.path())?;
            if std::fs::read(&target).ok().as_deref() != Some(text.as_slice()) {
                std::fs::write(&target, text)?;
            }
        }
    }
    Ok(())
}

/// Criterion's mean estimate, in nanoseconds.
fn mean_ns(home: &Path, group: &str, id: &str) -> Result<f64> {
    let path = home.join(group).join(id).join("new/estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    v["mean"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| format!("{}: no mean.point_estimate", path.display()))
}

pub(crate) fn human(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 60.0 {
        format!("{} min {:.0} s", (s / 60.0).floor(), s % 60.0)
    } else {
        format!("{s:.2} s")
    }
}

fn human_ns(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

pub(crate) fn median(list: &[Duration]) -> Option<Duration> {
    let mut l = list.to_vec();
    l.sort();
    l.get(l.len() / 2).copied()
}

fn builds(list: &[Duration]) -> String {
    match median(list) {
        None => "not measured".into(),
        Some(m) if list.len() == 1 => human(m),
        Some(m) => {
            let all: Vec<String> = list.iter().map(|d| human(*d)).collect();
            format!("{} (runs: {})", human(m), all.join(", "))
        }
    }
}

fn per_schema(ns: Option<f64>, n: usize) -> String {
    match ns {
        Some(ns) => format!("{} ({} per schema)", human_ns(ns), human_ns(ns / n as f64)),
        None => "not measured".into(),
    }
}

fn command_output(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

pub(crate) fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!(
        "{cores} cores ({cpu}), {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

fn report(five: &Figures, synthetic: &Figures, cold: Option<Duration>, quick: bool, repeats: usize) -> String {
    let date = command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_else(|| "unknown date".into());
    let rustc = command_output("rustc", &["-V"]).unwrap_or_else(|| "unknown rustc".into());
    let mut t = String::new();
    let _ = writeln!(t, "Measured {date} on {}, {rustc}.", machine());
    let _ = writeln!(
        t,
        "Mode: {}. Parse figures are criterion means (bench profile); build figures are wall-clock \
         `cargo build` times (dev profile): the median of {repeats} run(s) for the five schemas, \
         one run for the synthetic set. Wall-clock figures: other load on the machine shows in them, \
         so they are indicative.",
        if quick {
            "`--quick` (short criterion runs, one build each, no cold build)"
        } else {
            "full"
        }
    );
    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "| | five bundled schemas | {} synthetic schemas |",
        synthetic.schemas
    );
    let _ = writeln!(t, "|---|---|---|");
    let _ = writeln!(
        t,
        "| generated Rust (pretty-printed lines) | {} | {} |",
        five.generated_lines, synthetic.generated_lines
    );
    let _ = writeln!(
        t,
        "| parse | {} | {} |",
        per_schema(five.parse, five.schemas),
        per_schema(synthetic.parse, synthetic.schemas)
    );
    let _ = writeln!(
        t,
        "| parse + generate | {} | {} |",
        per_schema(five.parse_generate, five.schemas),
        per_schema(synthetic.parse_generate, synthetic.schemas)
    );
    let _ = writeln!(
        t,
        "| clean build, crate only (deps already built) | {} | {} |",
        builds(&five.clean),
        builds(&synthetic.clean)
    );
    let _ = writeln!(
        t,
        "| incremental build after editing one schema | {} | {} |",
        builds(&five.incremental),
        builds(&synthetic.incremental)
    );
    let _ = writeln!(
        t,
        "| full cold build (every dependency + crate) | {} | — |",
        cold.map_or_else(|| "not measured (`--quick`)".into(), human)
    );
    t
}

/// `old` with the figures section replaced (or appended, or a new file if `old` is empty).
fn splice(old: &str, table: &str) -> String {
    let section = format!("{START}\n{table}{END}");
    match (old.find(START), old.find(END)) {
        (Some(a), Some(b)) if a < b => format!("{}{section}{}", &old[..a], &old[b + END.len()..]),
        _ if old.trim().is_empty() => format!("# Benchmarks\n\n## Figures\n\n{section}\n"),
        _ => format!("{}\n\n## Figures\n\n{section}\n", old.trim_end()),
    }
}

/// The current UTC time, as `date` prints it.
pub(crate) fn now_utc() -> String {
    command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_else(|| "unknown date".into())
}

/// `rustc -V`.
pub(crate) fn rustc_version() -> String {
    command_output("rustc", &["-V"]).unwrap_or_else(|| "unknown rustc".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_replaces_only_the_figures() {
        let first = splice("", "| a |\n");
        assert!(first.starts_with("# Benchmarks"));
        let doc = first.replace("# Benchmarks", "# Benchmarks\n\nProse stays.");
        let second = splice(&doc, "| b |\n");
        assert!(second.contains("Prose stays."));
        assert!(second.contains("| b |"));
        assert!(!second.contains("| a |"));
        assert_eq!(second.matches(START).count(), 1);
    }
}
