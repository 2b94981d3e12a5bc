//! `cargo xtask bench codegen [--quick]`: what turning schemas into types costs, side by side
//! with typify over the same schemas.
//!
//! * Schema sets: the five bundled schemas and 500 synthetic ones (`synth.rs`), written to
//!   `target/bench-crate/{five,synthetic}/schemas/`; parse and parse+generate times come from
//!   the criterion bench `runcomfy-schema/benches/codegen.rs` over the same folders.
//! * Per set, three throwaway crates under `target/bench-crate/<set>/`: `ours` (a types-only
//!   crate: `runcomfy-client` without default features, `include_models!` over the set),
//!   `typify` (`typify::import_types!` per schema, written by `typify.rs`), and `client` (ours
//!   with the client, default features, for the figures before and after the codegen rework).
//! * Build times in pairs, ours then typify, one right after the other: touch `src/lib.rs` and
//!   rebuild; `cargo clean -p` and build; and (five only) a cold build of the crate and every
//!   dependency in an empty target directory. Each kind has its own `CARGO_TARGET_DIR` under
//!   `target/bench-build/`, so the dependencies are built once.
//!
//! The figures are written into `BENCHMARKS.md`.

mod typify;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant, SystemTime};

use runcomfy_schema::codegen::{Options, generate_catalog, pretty};
use runcomfy_schema::local_file::{self, WalkLimits};
use runcomfy_schema::{Catalog, catalog};

use crate::synth;

/// How many synthetic schemas.
pub const SYNTHETIC: usize = 500;

const START: &str = "<!-- figures:start (written by `cargo xtask bench codegen`) -->";
const END: &str = "<!-- figures:end -->";

pub(crate) type Result<T> = std::result::Result<T, String>;

/// The largest `BENCHMARKS.md` read (to splice figures into).
pub(crate) const MAX_BENCHMARKS_BYTES: u64 = 4 << 20;

/// The largest small text read from the machine or from criterion (`/proc/cpuinfo`, an
/// estimates file).
const MAX_SMALL_FILE_BYTES: u64 = 1 << 20;

/// `BENCHMARKS.md` as it is, empty when there is none yet: any other problem stops the
/// benchmark before it writes (an unreadable file is not replaced by the figures alone).
pub(crate) fn read_benchmarks(path: &Path) -> Result<String> {
    match local_file::read_to_string(path, MAX_BENCHMARKS_BYTES) {
        Ok(text) => Ok(text),
        Err(e) if e.is_not_found() => Ok(String::new()),
        Err(e) => Err(e.to_string()),
    }
}

/// Pairs of build times, ours then typify's.
#[derive(Default)]
struct Pairs(Vec<(Duration, Duration)>);

impl Pairs {
    fn ours(&self) -> Vec<Duration> {
        self.0.iter().map(|p| p.0).collect()
    }

    fn typify(&self) -> Vec<Duration> {
        self.0.iter().map(|p| p.1).collect()
    }

    /// The median of the pairs' ratios (ours / typify).
    fn ratio(&self) -> Option<f64> {
        let mut r: Vec<f64> = self
            .0
            .iter()
            .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64().max(1e-9))
            .collect();
        r.sort_by(f64::total_cmp);
        r.get(r.len() / 2).copied()
    }
}

/// What one schema set measured.
struct Figures {
    schemas: usize,
    generated_lines: usize,
    parse: Option<f64>,
    parse_generate: Option<f64>,
    touch: Pairs,
    clean: Pairs,
    cold: Pairs,
    client_clean: Vec<Duration>,
    client_edit: Vec<Duration>,
}

/// One set's folders and crates.
struct Set {
    name: &'static str,
    dir: PathBuf,
    pairs: usize,
}

impl Set {
    fn schemas(&self) -> PathBuf {
        self.dir.join("schemas")
    }

    fn krate(&self, kind: &str) -> PathBuf {
        self.dir.join(kind)
    }

    fn crate_name(&self, kind: &str) -> String {
        format!("bench-{}-{kind}", self.name)
    }
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
    let load_before = load_average();
    let root = root();
    let crates = root.join("target/bench-crate");
    let builds = root.join("target/bench-build");
    let repeats = if quick { 1 } else { 3 };
    let sets = [
        Set {
            name: "five",
            dir: crates.join("five"),
            pairs: if quick { 1 } else { 5 },
        },
        Set {
            name: "synthetic",
            dir: crates.join("synthetic"),
            pairs: if quick { 1 } else { 3 },
        },
    ];

    // 1. The schema sets, checked like `cargo xtask check` does, and the crates over them.
    eprintln!(
        "== writing {SYNTHETIC} synthetic schemas to {}",
        sets[1].schemas().display()
    );
    let synthetic = synth::generate(SYNTHETIC, synth::SEED);
    synth::write(&sets[1].schemas(), &synthetic).map_err(|e| format!("writing the schemas: {e}"))?;
    copy_dir(&root.join("schemas"), &sets[0].schemas()).map_err(|e| format!("copying schemas/: {e}"))?;
    let mut figures = Vec::new();
    for set in &sets {
        let (schemas, generated_lines) = check_set(&set.schemas())?;
        write_ours(&root, &set.krate("ours"), &set.crate_name("ours"), false)?;
        write_ours(&root, &set.krate("client"), &set.crate_name("client"), true)?;
        let n = typify::write_crate(&set.krate("typify"), &set.crate_name("typify"), &set.schemas())?;
        if n != schemas {
            return Err(format!("{}: {n} schemas for typify, {schemas} for ours", set.name));
        }
        figures.push(Figures {
            schemas,
            generated_lines,
            parse: None,
            parse_generate: None,
            touch: Pairs::default(),
            clean: Pairs::default(),
            cold: Pairs::default(),
            client_clean: Vec::new(),
            client_edit: Vec::new(),
        });
    }

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
        .env("RUNCOMFY_BENCH_SCHEMAS", sets[1].schemas())
        .env("CRITERION_HOME", &criterion_home);
    if quick {
        bench.args(["--warm-up-time", "1", "--measurement-time", "2", "--sample-size", "10"]);
    }
    status(&mut bench)?;
    for (f, id) in figures.iter_mut().zip(["five", "synthetic"]) {
        f.parse = Some(mean_ns(&criterion_home, "parse", id)?);
        f.parse_generate = Some(mean_ns(&criterion_home, "parse_generate", id)?);
    }

    // 3. Builds, side by side.
    let target = |kind: &str| builds.join(kind);
    for (set, f) in sets.iter().zip(figures.iter_mut()) {
        let (ours, typify) = (set.krate("ours"), set.krate("typify"));
        eprintln!("== {}: dependencies of both crates", set.name);
        status(&mut cargo_build(&ours, &target("ours")))?;
        status(&mut cargo_build(&typify, &target("typify")))?;
        for i in 1..=set.pairs {
            eprintln!("== {}: touch and rebuild, pair {i}/{}", set.name, set.pairs);
            let a = touch_and_build(&ours, &target("ours"))?;
            let b = touch_and_build(&typify, &target("typify"))?;
            f.touch.0.push((a, b));
        }
        for i in 1..=set.pairs {
            eprintln!("== {}: cargo clean -p and build, pair {i}/{}", set.name, set.pairs);
            let a = clean_and_build(&ours, &set.crate_name("ours"), &target("ours"))?;
            let b = clean_and_build(&typify, &set.crate_name("typify"), &target("typify"))?;
            f.clean.0.push((a, b));
        }
        if !quick && set.name == "five" {
            for i in 1..=repeats {
                eprintln!("== {}: cold build with every dependency, pair {i}/{repeats}", set.name);
                let a = cold_build(&ours, &target("cold-ours"))?;
                let b = cold_build(&typify, &target("cold-typify"))?;
                f.cold.0.push((a, b));
            }
        }
        // With the client, as the figures before the rework were measured.
        let client = set.krate("client");
        let runs = if set.name == "five" { repeats } else { 1 };
        eprintln!("== {}: with the client, dependencies", set.name);
        status(&mut cargo_build(&client, &target("client")))?;
        for i in 1..=runs {
            eprintln!("== {}: with the client, clean build {i}/{runs}", set.name);
            f.client_clean
                .push(clean_and_build(&client, &set.crate_name("client"), &target("client"))?);
        }
        let edited = schema_to_edit(&set.schemas())?;
        let original =
            local_file::read_to_string(&edited, catalog::MAX_SCHEMA_FILE_BYTES).map_err(|e| e.to_string())?;
        for i in 1..=runs {
            eprintln!(
                "== {}: with the client, rebuild after editing {}",
                set.name,
                edited.display()
            );
            edit_schema(&edited, &original, i)?;
            f.client_edit.push(timed(cargo_build(&client, &target("client")))?);
        }
        std::fs::write(&edited, &original).map_err(|e| e.to_string())?;
    }

    // 4. Report.
    let load = format!("{} at the start, {} at the end", load_before, load_average());
    let table = report(&figures, quick, &load);
    println!("{table}");
    let path = root.join("BENCHMARKS.md");
    let old = read_benchmarks(&path)?;
    std::fs::write(&path, splice(&old, &table)).map_err(|e| format!("writing {}: {e}", path.display()))?;
    eprintln!("== figures written to {}", path.display());
    Ok(())
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

/// Our crate over `<dir>/../schemas`: types only, or with the client (default features).
fn write_ours(root: &Path, dir: &Path, name: &str, with_client: bool) -> Result<()> {
    let client = root.join("runcomfy-client");
    let features = if with_client { "" } else { ", default-features = false" };
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nruncomfy-client = {{ path = {client:?}{features} }}\n\n[workspace]\n"
    );
    let lib = "//! Types from `../schemas/`, for `cargo xtask bench codegen`.\n\
               #![allow(deprecated, missing_docs)]\n\
               pub mod models {\n    runcomfy_client::include_models!(\"../schemas\");\n}\n";
    let build = "fn main() {\n    println!(\"cargo::rerun-if-changed=../schemas\");\n}\n";
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    write_if_changed(&dir.join("src/lib.rs"), lib)?;
    write_if_changed(&dir.join("build.rs"), build)?;
    // The workspace's lock file, so that the crate builds the same dependency versions.
    if !dir.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Writes `text` to `path` unless it already holds it (an unchanged file keeps its mtime, so
/// a rerun does not rebuild for nothing).
pub(crate) fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if local_file::read(path, text.len() as u64).ok().as_deref() == Some(text.as_bytes()) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

fn touch_and_build(dir: &Path, target: &Path) -> Result<Duration> {
    let lib = dir.join("src/lib.rs");
    std::fs::File::options()
        .append(true)
        .open(&lib)
        .and_then(|f| f.set_modified(SystemTime::now()))
        .map_err(|e| format!("touching {}: {e}", lib.display()))?;
    timed(cargo_build(dir, target))
}

fn clean_and_build(dir: &Path, name: &str, target: &Path) -> Result<Duration> {
    status(
        Command::new(cargo())
            .current_dir(dir)
            .args(["clean", "--quiet", "-p", name])
            .env("CARGO_TARGET_DIR", target),
    )?;
    timed(cargo_build(dir, target))
}

fn cold_build(dir: &Path, target: &Path) -> Result<Duration> {
    if target.exists() {
        std::fs::remove_dir_all(target).map_err(|e| format!("removing {}: {e}", target.display()))?;
    }
    timed(cargo_build(dir, target))
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

/// The first schema file (by path) below `dir`.
fn schema_to_edit(dir: &Path) -> Result<PathBuf> {
    let walk = local_file::walk(dir, &WalkLimits::default(), |p| {
        p.extension().is_some_and(|e| e == "json")
    })
    .map_err(|e| e.to_string())?;
    if let Some(problem) = walk.problems.first() {
        return Err(problem.to_string());
    }
    let mut files = walk.files;
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

/// Copies every file below `from` to `to`, rewriting only those that differ (an unchanged
/// file keeps its mtime).
fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    let walk = local_file::walk(from, &WalkLimits::default(), |_| true).map_err(|e| e.to_string())?;
    if let Some(problem) = walk.problems.first() {
        return Err(problem.to_string());
    }
    for file in walk.files {
        let rel = file.strip_prefix(from).map_err(|e| e.to_string())?;
        let target = to.join(rel);
        let bytes = local_file::read(&file, catalog::MAX_SCHEMA_FILE_BYTES).map_err(|e| e.to_string())?;
        if local_file::read(&target, bytes.len() as u64).ok().as_deref() != Some(bytes.as_slice()) {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| format!("creating {}: {e}", parent.display()))?;
            }
            std::fs::write(&target, bytes).map_err(|e| format!("writing {}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// Criterion's mean estimate, in nanoseconds.
fn mean_ns(home: &Path, group: &str, id: &str) -> Result<f64> {
    let path = home.join(group).join(id).join("new/estimates.json");
    let text = local_file::read_to_string(&path, MAX_SMALL_FILE_BYTES).map_err(|e| e.to_string())?;
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
    let cpu = local_file::read_to_string(Path::new("/proc/cpuinfo"), MAX_SMALL_FILE_BYTES)
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

fn report(figures: &[Figures], quick: bool, load: &str) -> String {
    let (five, synthetic) = (&figures[0], &figures[1]);
    let mut t = String::new();
    let _ = writeln!(
        t,
        "Measured {} on {}, {}; load average (1 min) {load}.",
        now_utc(),
        machine(),
        rustc_version()
    );
    let _ = writeln!(
        t,
        "Mode: {}. Build figures are wall-clock `cargo build` times (dev profile), the median of the runs \
         listed; a ratio is the median of the pairs' ratios (ours / typify, each pair built back to back). \
         Parse figures are criterion means (bench profile). Other load on the machine shows in wall-clock \
         figures; the pairs keep it out of the ratios as far as it stays steady for one pair.",
        if quick {
            "`--quick` (short criterion runs, one pair of each, no cold build)"
        } else {
            "full"
        }
    );
    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "**Side by side with typify {}** (types-only crates: ours is `runcomfy-client` without default \
         features):",
        typify::VERSION.trim_start_matches('=')
    );
    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "| | five: ours | five: typify | ratio | {n} synthetic: ours | {n} synthetic: typify | ratio |",
        n = synthetic.schemas
    );
    let _ = writeln!(t, "|---|---|---|---|---|---|---|");
    for (label, a, b) in [
        ("touch `src/lib.rs` and rebuild", &five.touch, &synthetic.touch),
        (
            "`cargo clean -p` + build (dependencies built)",
            &five.clean,
            &synthetic.clean,
        ),
        (
            "cold build: the crate and every dependency",
            &five.cold,
            &synthetic.cold,
        ),
    ] {
        let _ = writeln!(
            t,
            "| {label} | {} | {} | {} | {} | {} | {} |",
            builds(&a.ours()),
            builds(&a.typify()),
            ratio(a),
            builds(&b.ours()),
            builds(&b.typify()),
            ratio(b)
        );
    }
    let _ = writeln!(t);
    let _ = writeln!(t, "**Ours alone:**");
    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "| | five bundled schemas | {} synthetic schemas |",
        synthetic.schemas
    );
    let _ = writeln!(t, "|---|---|---|");
    let _ = writeln!(
        t,
        "| generated Rust (pretty-printed lines) | {} ({} per schema) | {} ({} per schema) |",
        five.generated_lines,
        five.generated_lines / five.schemas.max(1),
        synthetic.generated_lines,
        synthetic.generated_lines / synthetic.schemas.max(1)
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
        "| with the client (default features): `cargo clean -p` + build | {} | {} |",
        builds(&five.client_clean),
        builds(&synthetic.client_clean)
    );
    let _ = writeln!(
        t,
        "| with the client: rebuild after editing one schema | {} | {} |",
        builds(&five.client_edit),
        builds(&synthetic.client_edit)
    );
    t
}

fn ratio(p: &Pairs) -> String {
    match p.ratio() {
        Some(r) => format!("**{r:.2}x**"),
        None => "—".into(),
    }
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

/// The 1-minute load average (`/proc/loadavg`), or `?` where there is none.
fn load_average() -> String {
    local_file::read_to_string(Path::new("/proc/loadavg"), MAX_SMALL_FILE_BYTES)
        .ok()
        .and_then(|t| t.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
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
