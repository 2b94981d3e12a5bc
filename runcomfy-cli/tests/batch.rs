//! `runcomfy batch` against the simulator: in-process (`--simulate`) or one started here on
//! 127.0.0.1 so request ids survive killing the CLI, and the simulator's accounting shows
//! every submission.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

mod common;

use common::{BIN, FLUX, runcomfy, test_cache};

const TOKEN: &str = "batch-token";

/// A batch file of `n` distinct flux requests (distinct bodies, so the simulator's
/// duplicate detection means something).
fn write_batch(dir: &Path, n: usize) -> std::path::PathBuf {
    let mut text = String::from("# a test batch\n\n");
    for i in 1..=n {
        let key = if i % 2 == 0 { "model" } else { "model_id" };
        text.push_str(&format!(
            "{{\"{key}\": \"{FLUX}\", \"input\": {{\"prompt\": \"fox number {i}\"}}}}\n"
        ));
    }
    let path = dir.join("batch.jsonl");
    std::fs::write(&path, text).expect("write batch");
    path
}

/// The lines of `batch --output json`: stdout is one JSON document `{"lines": [...], ...}`.
fn json_lines(out: &[u8]) -> Vec<Value> {
    let text = String::from_utf8_lossy(out);
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("stdout is one JSON document: {e}: {text}"));
    doc["lines"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no lines: {doc}"))
}

/// A simulator on 127.0.0.1 that outlives the CLI processes.
struct Sim(common::Sim);

impl Sim {
    fn start() -> Sim {
        Sim(common::Sim::start(runcomfy_sim::SimConfig {
            clock: runcomfy_sim::ClockMode::Accelerated(10.0),
            workers: 4,
            ..runcomfy_sim::SimConfig::for_tests(TOKEN)
        }))
    }

    fn args(&self, file: &Path, out: &Path) -> Vec<String> {
        vec![
            "batch".into(),
            file.display().to_string(),
            "--output-dir".into(),
            out.display().to_string(),
            "--poll-ms".into(),
            "50".into(),
        ]
    }

    fn cmd(&self) -> Command {
        self.0.cmd(TOKEN)
    }

    fn submissions(&self) -> usize {
        self.0.sim.accounting().submissions.len()
    }
}

/// (line, request_id) of every submission recorded in the store.
fn store_submissions(store: &Path) -> Vec<(i64, String)> {
    let Ok(conn) = rusqlite::Connection::open_with_flags(store, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return Vec::new();
    };
    let _ = conn.busy_timeout(Duration::from_secs(5));
    let Ok(mut stmt) = conn.prepare("SELECT line, request_id FROM batch_submissions ORDER BY line") else {
        return Vec::new();
    };
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map(|rows| rows.filter_map(Result::ok).collect())
        .unwrap_or_default()
}

#[test]
fn ten_job_batch_finishes_with_a_summary_and_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_batch(dir.path(), 10);
    let out = dir.path().join("out");
    let assert = runcomfy()
        .args(["--simulate", "batch"])
        .arg(&file)
        .arg("--output-dir")
        .arg(&out)
        .args(["--concurrency", "4", "--poll-ms", "50"])
        .assert()
        .success()
        .stderr(predicate::str::contains("line 3: submitted: request "))
        .stderr(predicate::str::contains("line 12: done: 1 output(s)"));
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).expect("utf-8");
    let rows: Vec<&str> = stdout.lines().collect();
    assert!(rows[0].starts_with("LINE"), "{stdout}");
    assert_eq!(rows.len(), 11, "{stdout}");
    for row in &rows[1..] {
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells[1], FLUX);
        assert_eq!(cells[2], "done", "{row}");
        let png = Path::new(cells[4]);
        // Readable names, flat in the output folder: `<line>-<short request id>-<n>.png`.
        assert_eq!(png.parent(), Some(out.as_path()), "{row}");
        let name = png.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let line: u32 = cells[0].parse().expect("a line number");
        assert_eq!(name, format!("{line:04}-{}-0.png", &cells[3][..8]), "{row}");
        assert!(
            std::fs::read(png).is_ok_and(|b| b.starts_with(b"\x89PNG\r\n\x1a\n")),
            "{row}"
        );
    }
    assert!(out.join(".runcomfy-batch.sqlite").is_file());
    // The rerun of the finished batch: every line already done, nothing submitted.
    let again = runcomfy()
        .args(["--simulate", "--output", "json", "batch"])
        .arg(&file)
        .arg("--output-dir")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("submitting").not());
    let jobs = json_lines(&again.get_output().stdout);
    assert_eq!(jobs.len(), 10);
    assert!(jobs.iter().all(|j| j["status"] == "already done"), "{jobs:?}");
}

#[test]
fn an_invalid_line_stops_the_batch_before_any_submit() {
    let sim = Sim::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_batch(dir.path(), 4);
    let mut text = std::fs::read_to_string(&file).expect("read");
    text.push_str(&format!(
        "{{\"model_id\": \"{FLUX}\", \"input\": {{\"prompt\": \"x\", \"steps\": 99}}}}\nnot json\n"
    ));
    std::fs::write(&file, text).expect("write");
    let out = dir.path().join("out");
    sim.cmd()
        .args(sim.args(&file, &out))
        .assert()
        .code(65)
        .stderr(predicate::str::contains("line 7: invalid request for"))
        .stderr(predicate::str::contains("/steps: 99 is greater than the maximum 8"))
        .stderr(predicate::str::contains("line 8: not JSON"));
    assert_eq!(sim.submissions(), 0);
    assert!(!out.exists(), "nothing is created before the batch is valid");

    // --skip-invalid runs the valid lines and lists the invalid ones.
    let run = sim
        .cmd()
        .args(sim.args(&file, &out))
        .args(["--skip-invalid", "--output", "json"])
        .assert()
        .success();
    let jobs = json_lines(&run.get_output().stdout);
    let statuses: Vec<(u64, &str)> = jobs
        .iter()
        .map(|j| (j["line"].as_u64().unwrap_or(0), j["status"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        statuses,
        [
            (3, "done"),
            (4, "done"),
            (5, "done"),
            (6, "done"),
            (7, "invalid"),
            (8, "invalid")
        ]
    );
    assert_eq!(sim.submissions(), 4);
}

#[test]
fn a_missing_batch_file_is_exit_66() {
    runcomfy()
        .args(["--simulate", "batch", "/nonexistent/batch.jsonl"])
        .assert()
        .code(66)
        .stderr(predicate::str::contains("cannot read").and(predicate::str::contains("not found")));
}

#[test]
fn a_finished_batch_rerun_submits_nothing() {
    let sim = Sim::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_batch(dir.path(), 6);
    let out = dir.path().join("out");
    sim.cmd().args(sim.args(&file, &out)).assert().success();
    assert_eq!(sim.submissions(), 6);
    let rerun = sim
        .cmd()
        .args(sim.args(&file, &out))
        .args(["--output", "json"])
        .assert()
        .success();
    let jobs = json_lines(&rerun.get_output().stdout);
    assert_eq!(jobs.len(), 6);
    assert!(jobs.iter().all(|j| j["status"] == "already done"), "{jobs:?}");
    assert_eq!(sim.submissions(), 6, "a rerun of a finished batch submits nothing");
}

/// The kill test: 500 lines against a simulator that outlives the CLI, with faults on every
/// operation; the CLI is killed (SIGKILL) five times at random moments, a second process is
/// started once against the same store while the first runs, and the file is edited (a blank
/// line first, a new line last) between two runs. Every line ends done exactly once, no job is
/// submitted twice (the simulator's own accounting), nothing is written outside the output
/// directory. The one honest exception is a line whose POST was accepted by the server just
/// before a kill and before its request id was committed: it stays "outcome unknown" and is not
/// sent again (the API has no idempotency key); the test counts such lines.
#[test]
fn kill_test_faults_kills_a_rival_and_an_edit_end_with_every_line_done_once() {
    const LINES: usize = 500;
    let faults: runcomfy_sim::Faults = "seed=3;\
        submit:429=0.03,503=0.03,reset-before=0.03;\
        status:500=0.03,502=0.02,reset-after=0.02,malformed=0.02,429=0.02;\
        result:503=0.03,reset-before=0.02,error200=0.02;\
        cancel:503=0.05;\
        output:500=0.03,reset-after=0.03,503=0.02"
        .parse()
        .expect("fault spec");
    let sim = Sim(common::Sim::start(runcomfy_sim::SimConfig {
        clock: runcomfy_sim::ClockMode::Accelerated(50.0),
        workers: 32,
        run_time: runcomfy_sim::RunTime::uniform(Duration::from_secs(1), Duration::from_secs(3)),
        dispatch_delay: Duration::from_millis(200),
        max_image_side: 16,
        faults,
        ..runcomfy_sim::SimConfig::for_tests(TOKEN)
    }));
    let root = tempfile::tempdir().expect("temp dir");
    let file = write_batch(root.path(), LINES);
    let out = root.path().join("out");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7);
    eprintln!("kill test seed {seed}");
    let mut rng = fastrand::Rng::with_seed(seed);
    let spawn = |quiet: bool| {
        std::process::Command::new(BIN)
            .env("XDG_CACHE_HOME", test_cache())
            .env("RUNCOMFY_CONFIG_DIR", "/nonexistent/runcomfy-test-config")
            .args(sim.args(&file, &out))
            .args(["-j", "16"])
            .env_remove("RUNCOMFY_SIMULATE")
            .env_remove("RUNCOMFY_API_TOKEN")
            .env_remove("RUNCOMFY_API_KEY")
            .env("RUNCOMFY_TOKEN", TOKEN)
            .env("RUNCOMFY_MODEL_API_BASE", sim.0.sim.base_url())
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(if quiet { Stdio::null() } else { Stdio::piped() })
            .spawn()
            .expect("spawn runcomfy")
    };
    let started = Instant::now();
    let mut rival_refused = false;
    for kill in 0..5 {
        let mut child = spawn(true);
        if kill == 2 {
            // A second process on the same file and store while the first holds it: the holder
            // names itself in `<store>.lock` once it has the lock (waiting a fixed time instead
            // raced a slow start under load).
            let pid_file = out.join(".runcomfy-batch.sqlite.lock");
            let holder = child.id().to_string();
            let waiting = Instant::now();
            while std::fs::read_to_string(&pid_file).ok().as_deref() != Some(holder.as_str()) {
                assert!(
                    waiting.elapsed() < Duration::from_secs(60),
                    "the first process never took the store"
                );
                std::thread::sleep(Duration::from_millis(10));
            }
            let rival = spawn(false).wait_with_output().expect("rival");
            let err = String::from_utf8_lossy(&rival.stderr);
            assert_eq!(rival.status.code(), Some(75), "{err}");
            assert!(err.contains("another runcomfy batch (pid"), "{err}");
            rival_refused = true;
        }
        std::thread::sleep(Duration::from_millis(rng.u64(300..1500)));
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        if kill == 3 {
            // An edit between two runs: a blank line first, a new line last.
            let text = std::fs::read_to_string(&file).expect("read");
            let extra = format!("{{\"model_id\": \"{FLUX}\", \"input\": {{\"prompt\": \"the new line\"}}}}\n");
            std::fs::write(&file, format!("\n{text}{extra}")).expect("edit");
        }
    }
    assert!(rival_refused);
    let lines = LINES + 1;
    // Finish: a run that is not killed.
    let finish = sim
        .cmd()
        .args(sim.args(&file, &out))
        .args(["-j", "16", "--output", "json"])
        .timeout(Duration::from_secs(300))
        .assert();
    let jobs = json_lines(&finish.get_output().stdout);
    assert_eq!(jobs.len(), lines);
    // What a user does with "outcome unknown" lines: look on the dashboard (here, the
    // simulator's accounting). A job that exists is adopted by its request id; a body that
    // never made a job is sent again (a resend may meet a fault again: repeat). Neither
    // pays twice.
    let text = std::fs::read_to_string(&file).expect("read");
    let (mut unknown_total, mut adopted, mut resent) = (0, 0, 0);
    let mut jobs = jobs;
    for _round in 0..10 {
        let unknown: Vec<u64> = jobs
            .iter()
            .filter(|j| j["status"] == "outcome unknown")
            .map(|j| j["line"].as_u64().unwrap_or(0))
            .collect();
        if unknown.is_empty() {
            break;
        }
        unknown_total += unknown.len();
        let acct = sim.0.sim.accounting();
        let mut cmd = sim.cmd();
        cmd.args(sim.args(&file, &out)).args(["-j", "16", "--output", "json"]);
        let mut resend = Vec::new();
        for line in &unknown {
            let raw: Value = serde_json::from_str(text.lines().nth(*line as usize - 1).expect("line")).expect("json");
            let hash = runcomfy_sim::body_hash_json(&raw["input"]);
            match acct
                .submissions
                .iter()
                .find(|s| s.body_sha256 == hash && s.request_id.is_some())
            {
                Some(s) => {
                    adopted += 1;
                    cmd.args([
                        "--adopt",
                        &format!("{line}={}", s.request_id.clone().unwrap_or_default()),
                    ]);
                }
                None => resend.push(line.to_string()),
            }
        }
        resent += resend.len();
        if !resend.is_empty() {
            cmd.arg(format!("--resubmit-unknown={}", resend.join(",")));
        }
        jobs = json_lines(&cmd.timeout(Duration::from_secs(300)).assert().get_output().stdout);
    }
    let last = sim
        .cmd()
        .args(sim.args(&file, &out))
        .args(["--output", "json"])
        .assert()
        .success();
    let jobs = json_lines(&last.get_output().stdout);
    assert!(jobs.iter().all(|j| j["status"] == "already done"), "every line done");
    assert_eq!(jobs.len(), lines);

    let acct = sim.0.sim.accounting();
    assert_eq!(acct.duplicate_jobs(), vec![], "no job was submitted twice");
    let store = out.join(".runcomfy-batch.sqlite");
    let recorded = store_submissions(&store);
    let ids: BTreeSet<String> = recorded.iter().map(|(_, id)| id.clone()).collect();
    assert_eq!(ids.len(), recorded.len(), "one request id per submission");
    for job in jobs.iter().filter(|j| j["status"] == "already done") {
        let id = job["request_id"].as_str().unwrap_or("");
        assert!(ids.contains(id), "{job}");
        for path in job["outputs"].as_array().into_iter().flatten() {
            let path = Path::new(path.as_str().unwrap_or(""));
            assert!(path.starts_with(&out) && path.is_file(), "{job}");
        }
    }
    // Nothing outside the output directory but the batch file.
    let stray: Vec<_> = std::fs::read_dir(root.path())
        .expect("read root")
        .map(|e| e.expect("entry").path())
        .filter(|p| *p != out && *p != file)
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    let jobs_made = acct.submissions.iter().filter(|s| s.request_id.is_some()).count();
    assert_eq!(jobs_made, lines, "one job per line");
    eprintln!(
        "kill test: {lines} lines, 5 kills, 1 rival refused, 1 edit; {} POSTs reached the simulator, {jobs_made} jobs, \
         {} faults injected, {unknown_total} outcome unknown (adopted: {adopted}, sent again: {resent}), \
         0 duplicates, {:.1} s",
        acct.submissions.len(),
        acct.faults.len(),
        started.elapsed().as_secs_f64()
    );
}

/// With `--simulate` the simulator lives in the killed process, but its jobs are kept under
/// the cache: on resume, the new in-process simulator knows them, the batch re-attaches to
/// them (nothing is resubmitted) and finishes with every line done.
#[test]
fn simulate_mode_kill_and_resume_reattaches_to_the_jobs() {
    const LINES: usize = 10;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_batch(dir.path(), LINES);
    let out = dir.path().join("out");
    let store = out.join(".runcomfy-batch.sqlite");
    let mut child = std::process::Command::new(BIN)
        .env("XDG_CACHE_HOME", test_cache())
        .env("RUNCOMFY_CONFIG_DIR", "/nonexistent/runcomfy-test-config")
        .args(["--simulate", "batch"])
        .arg(&file)
        .arg("--output-dir")
        .arg(&out)
        .args(["--poll-ms", "50"])
        .env_remove("RUNCOMFY_TOKEN")
        .env_remove("RUNCOMFY_MODEL_API_BASE")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn runcomfy");
    let started = Instant::now();
    while store_submissions(&store).len() < 2 && started.elapsed() < Duration::from_secs(20) {
        if child.try_wait().ok().flatten().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let before: BTreeSet<i64> = store_submissions(&store).into_iter().map(|(line, _)| line).collect();
    assert!(!before.is_empty());

    let resumed = runcomfy()
        .args(["--simulate", "--output", "json", "batch"])
        .arg(&file)
        .arg("--output-dir")
        .arg(&out)
        .args(["--poll-ms", "50", "--resubmit-unknown", "-v"])
        .assert()
        .success();
    let jobs = json_lines(&resumed.get_output().stdout);
    assert_eq!(jobs.len(), LINES);
    assert!(
        jobs.iter()
            .all(|j| j["status"] == "done" || j["status"] == "already done"),
        "{jobs:?}"
    );
    let stderr = String::from_utf8_lossy(&resumed.get_output().stderr).into_owned();
    assert!(!stderr.contains("resubmitting"), "{stderr}");
    // Every line submitted before the kill is done with the request id it had then.
    let submitted: BTreeMap<i64, String> = store_submissions(&store).into_iter().collect();
    for line in &before {
        let job = jobs
            .iter()
            .find(|j| j["line"].as_i64() == Some(*line))
            .expect("the line");
        assert_eq!(
            job["request_id"].as_str(),
            submitted.get(line).map(String::as_str),
            "{job}"
        );
    }
    assert!(
        stderr.contains("re-attaching") || jobs.iter().all(|j| j["status"] == "already done"),
        "{stderr}"
    );
}
