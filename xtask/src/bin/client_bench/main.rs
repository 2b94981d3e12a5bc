//! The client benchmark behind `cargo xtask bench client` (build it in release):
//!
//! ```text
//! client-bench run [--quick] [--only PART] [--out FILE]   the client's figures (every part,
//!                                                       or one); markdown to FILE
//! client-bench serve-sim SPEED RUN_MS [FAULTS]   (internal) the simulator process
//! ```
//!
//! * the polling table (virtual time, see `polling.rs`);
//! * throughput and client CPU per job at concurrency 256 and 4,096 (simulator in a child
//!   process, so the CPU figure is the client's);
//! * heap bytes per in-flight job at 256 and 4,096 jobs in flight, counted in-process by a
//!   global allocator (the simulator's allocations are in the child process);
//! * 10,000 jobs with about 10 % of every kind of call faulted.
#![deny(unsafe_code)]

mod alloc;
mod load;
mod optimum;
mod polling;
mod simproc;

use std::fmt::Write as _;
use std::process::ExitCode;

#[global_allocator]
static GLOBAL: alloc::Counting = alloc::Counting;

/// Errors are messages.
pub type Result<T> = std::result::Result<T, String>;

/// utime + stime of a `/proc/<pid>/stat` file, in seconds.
pub fn cpu_seconds_of(path: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(path).ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0) // USER_HZ is 100 on Linux
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("serve-sim") => simproc::serve(&args[1..]),
        Some("run") => run(&args[1..]),
        _ => Err("usage: client-bench run [--quick] [--out FILE] [--only polling|throughput|heap|faults]".into()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("client-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    let quick = args.iter().any(|a| a == "--quick");
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    if let Some(o) = only.as_deref()
        && !PARTS.contains(&o)
    {
        return Err(format!("--only {o}: the parts are {}", PARTS.join(", ")));
    }
    let wants = |part: &str| only.as_deref().is_none_or(|o| o == part);
    let mut md = String::new();
    // Each part in its own block (so that `--only` replaces one), with the load average
    // around it: the throughput figures move with the load, the polling table does not.
    let mut part = |name: &str, body: &dyn Fn() -> Result<(String, Option<String>)>| -> Result<()> {
        eprintln!("client-bench: {name} ...");
        let before = load_average();
        let (figures, summary) = body()?;
        let after = load_average();
        eprintln!("{figures}");
        let _ = write!(
            md,
            "{}\n{figures}\nLoad average (1, 5, 15 min) before: {before}; after: {after}.\n",
            part_start(name)
        );
        if let Some(line) = summary {
            // The part's last line: what a script greps for.
            eprintln!("{line}");
            let _ = writeln!(md, "\n{line}");
        }
        let _ = writeln!(md, "{}", part_end(name));
        Ok(())
    };
    if wants("polling") {
        part("polling", &|| {
            let table = polling::run(quick)?;
            Ok((polling_md(&table), Some(polling_summary(&table))))
        })?;
    }
    if wants("throughput") {
        part("throughput", &|| {
            let (n256, n4096) = if quick { (5_000, 8_000) } else { (20_000, 40_000) };
            let tp = load::throughput(&[(256, n256), (4096, n4096)])?;
            Ok((throughput_md(&tp), tp.last().map(throughput_summary)))
        })?;
    }
    if wants("heap") {
        part("heap", &|| Ok((heap_md(&load::heap(&[256, 4096])?), None)))?;
    }
    if wants("faults") {
        part("faults", &|| {
            let n = if quick { 2_000 } else { 10_000 };
            let f = load::faults(n)?;
            if let Some(dir) = out.as_ref().and_then(|o| std::path::Path::new(o).parent()) {
                let list: String = f.unknown.iter().map(|(k, input)| format!("{k}\t{input}\n")).collect();
                let _ = std::fs::write(dir.join("submit-outcome-unknown.tsv"), list);
            }
            Ok((faults_md(&f), None))
        })?;
    }
    match out {
        Some(path) => std::fs::write(&path, md).map_err(|e| format!("{path}: {e}")),
        None => {
            print!("{md}");
            Ok(())
        }
    }
}

/// The parts, in the order they run.
pub const PARTS: [&str; 4] = ["polling", "throughput", "heap", "faults"];

/// The markers around a part's figures (`cargo xtask bench client` replaces a part by them).
pub fn part_start(name: &str) -> String {
    format!("<!-- client-part:{name} -->")
}

/// See [`part_start`].
pub fn part_end(name: &str) -> String {
    format!("<!-- /client-part:{name} -->")
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn polling_md(t: &polling::Table) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n**Polling** ({} jobs per cell without a queue, {} with a queue of about 50; {} learning jobs per model first; {:.0} s of simulated time in {:.0} s of wall time, {} status calls). Each entry: status calls per job / mean detection delay (max). *Optimum*: the fewest expected calls at the default policy's mean delay for a poller that knows the cell's completion distribution (queue wait included) and learns only done / not done (`optimum.rs`); *ratio*: the default policy's calls over it.\n",
        t.jobs_per_cell.0, t.jobs_per_cell.1, t.warmup_jobs, t.virtual_secs, t.wall_secs, t.status_calls
    );
    let mut header = String::from("| job length | spread | jobs ahead |");
    let mut rule = String::from("|---|---|---|");
    for (i, p) in t.pollers.iter().enumerate() {
        header.push_str(&format!(" {p} |"));
        rule.push_str("---|");
        if i == 0 {
            header.push_str(" optimum | ratio |");
            rule.push_str("---|---|");
        }
    }
    let _ = writeln!(s, "{header}\n{rule}");
    for (cell, row) in &t.cells {
        let (l, sp, depth) = cell;
        let spread = if *sp == 0 {
            "none".to_owned()
        } else {
            format!("±{sp} %")
        };
        let ahead = if *depth == 0 {
            "0".to_owned()
        } else {
            format!("{:.0}", row.first().map_or(0.0, |f| f.ahead))
        };
        let _ = write!(s, "| {l} s | {spread} | {ahead} |");
        for (i, f) in row.iter().enumerate() {
            let _ = write!(s, " {:.1} / {:.2} s ({:.2}) |", f.calls, f.mean_delay, f.max_delay);
            if i == 0 {
                let opt = t.optimum.get(cell).copied().unwrap_or(f64::NAN);
                let ratio = t.ratio(cell).unwrap_or(f64::NAN);
                let _ = write!(s, " {opt:.1} | {ratio:.2} |");
            }
        }
        s.push('\n');
    }
    s
}

fn cell_name((l, s, depth): (u64, u64, u64)) -> String {
    format!("{l}s/±{s}%/{}", if depth == 0 { "no-queue" } else { "queue" })
}

/// The one line a polling run ends with.
fn polling_summary(t: &polling::Table) -> String {
    let (ratio, mean, max) = t.summary();
    format!(
        "polling-summary: worst_ratio_to_optimum={:.2} worst_queued_mean_delay_s={:.2} worst_queued_max_delay_s={:.2} (at {}, {}, {})",
        ratio.0,
        mean.0,
        max.0,
        cell_name(ratio.1),
        cell_name(mean.1),
        cell_name(max.1)
    )
}

fn throughput_md(tp: &[load::Throughput]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n**Throughput** (simulator in a child process, 1 s jobs at x100 = 10 ms + 5 ms dispatch; client: the default policy scaled to the same pace, 256 HTTP calls at a time; a 2,000-job warm-up first):\n"
    );
    let _ = writeln!(
        s,
        "| jobs in flight | jobs | ok / errors | jobs/s | client CPU per job | simulator CPU per job | status calls per job |\n|---|---|---|---|---|---|---|"
    );
    for t in tp {
        let _ = writeln!(
            s,
            "| {} | {} | {} / {} | {:.0} | {:.0} µs | {:.0} µs | {:.2} |",
            t.concurrency,
            t.jobs,
            t.outcomes.ok,
            t.outcomes.error_count(),
            t.jobs as f64 / t.wall,
            t.client_cpu_us,
            t.sim_cpu_us,
            t.status_calls
        );
    }
    for t in tp.iter().filter(|t| t.outcomes.error_count() > 0) {
        let _ = writeln!(
            s,
            "\nErrors at {} in flight, by kind: {}.",
            t.concurrency,
            t.outcomes.by_kind()
        );
        for (kind, (_, first)) in &t.outcomes.errors {
            let _ = writeln!(s, "- {kind}, e.g.: `{first}`");
        }
    }
    s
}

/// The one line a throughput run ends with (the largest number of jobs in flight).
fn throughput_summary(t: &load::Throughput) -> String {
    format!(
        "throughput-summary: in_flight={} jobs={} ok={} jobs_per_s={:.0} client_cpu_us_per_job={:.0} errors={} ({})",
        t.concurrency,
        t.jobs,
        t.outcomes.ok,
        t.jobs as f64 / t.wall,
        t.client_cpu_us,
        t.outcomes.error_count(),
        t.outcomes.by_kind()
    )
}

fn heap_md(heap: &[load::Heap]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n**Heap per in-flight job** (counting global allocator in the client process; 30 s jobs at x10, all submitted and none finished while sampled; baseline = the same client idle just before, connections open):\n"
    );
    let _ = writeln!(
        s,
        "| jobs in flight | heap before | heap in flight (median of {}+ samples) | per job | blocks per job |\n|---|---|---|---|---|",
        heap.iter().map(|h| h.samples).min().unwrap_or(0)
    );
    for h in heap {
        let _ = writeln!(
            s,
            "| {} | {:.1} KiB | {:.1} KiB | **{:.0} bytes** | {:.1} |",
            h.in_flight,
            h.baseline_bytes as f64 / 1024.0,
            h.in_flight_bytes as f64 / 1024.0,
            h.per_job_bytes,
            h.per_job_blocks
        );
    }
    if let [a, b] = heap {
        let slope =
            (b.in_flight_bytes as f64 - a.in_flight_bytes as f64 - (b.baseline_bytes as f64 - a.baseline_bytes as f64))
                / (b.in_flight as f64 - a.in_flight as f64);
        let _ = writeln!(
            s,
            "\nMarginal heap per job between {} and {} in flight: {slope:.0} bytes.",
            a.in_flight, b.in_flight
        );
    }
    s
}

fn faults_md(f: &load::FaultRun) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n**{} jobs with faults** (`{}`; concurrency 256): {} ended with their output, {} with an error carrying their request id, {} `SubmitOutcomeUnknown`, {} refused before a job existed; inputs without an outcome: {}; jobs the simulator accepted: {}, of which unknown to the client: {} (= the `SubmitOutcomeUnknown`s: {}); duplicate submissions: **{}**; faults injected: {}; {:.1} s.",
        f.jobs,
        f.spec,
        f.ok,
        f.failed_with_id,
        f.unknown.len(),
        f.refused,
        f.missing_inputs,
        f.accepted,
        f.orphans,
        if f.orphans == f.unknown.len() { "yes" } else { "NO" },
        f.duplicates,
        f.faults,
        f.wall
    );
    let lost = f.missing_inputs + f.orphans.saturating_sub(f.unknown.len()) + f.failed_without_id.len() - f.refused;
    let _ = writeln!(s, "\nLost jobs: **{lost}**.");
    if !f.unknown.is_empty() {
        let shown: Vec<String> = f
            .unknown
            .iter()
            .take(5)
            .map(|(k, input)| format!("#{k} `{input}`"))
            .collect();
        let _ = writeln!(
            s,
            "\n`SubmitOutcomeUnknown` inputs (all {} in `target/bench-client/submit-outcome-unknown.tsv`): {}, ...",
            f.unknown.len(),
            shown.join(", ")
        );
    }
    s
}
