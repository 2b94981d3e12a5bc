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

use common::{BIN, FLUX, runcomfy};

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

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("every stdout line is JSON"))
        .collect()
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
    let Ok(mut stmt) = conn.prepare("SELECT line, request_id FROM submissions ORDER BY line") else {
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
        assert!(png.starts_with(&out), "{row}");
        let dir_name = png
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .unwrap_or("");
        assert_eq!(dir_name, format!("{}-{}", cells[0], cells[3]));
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
        .stderr(predicate::str::contains("cannot read"));
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

/// Kills the CLI (SIGKILL) mid-batch, twice, and resumes: every line ends done exactly once,
/// with no job submitted twice.
#[test]
fn kill_mid_batch_and_resume_submits_every_line_once() {
    const LINES: usize = 24;
    let sim = Sim::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_batch(dir.path(), LINES);
    let out = dir.path().join("out");
    let store = out.join(".runcomfy-batch.sqlite");
    let started = Instant::now();
    let mut before_kill: BTreeSet<String> = BTreeSet::new();
    for kill_after in [4usize, 12] {
        let mut child = std::process::Command::new(BIN)
            .args(sim.args(&file, &out))
            .env_remove("RUNCOMFY_SIMULATE")
            .env_remove("RUNCOMFY_API_TOKEN")
            .env_remove("RUNCOMFY_API_KEY")
            .env("RUNCOMFY_TOKEN", TOKEN)
            .env("RUNCOMFY_MODEL_API_BASE", sim.0.sim.base_url())
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn runcomfy");
        loop {
            if store_submissions(&store).len() >= kill_after {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the store never showed {kill_after} request ids"
            );
            if child.try_wait().ok().flatten().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        before_kill.extend(store_submissions(&store).into_iter().map(|(_, id)| id));
    }
    assert!(before_kill.len() < LINES, "the kills happened mid-batch");

    // Resume: a line killed between its POST and the commit of its request id would be
    // "outcome unknown" (exit 75) and is only sent again with --resubmit-unknown.
    let resumed = sim
        .cmd()
        .args(sim.args(&file, &out))
        .args(["--output", "json"])
        .assert();
    let code = resumed.get_output().status.code();
    let mut unknown = 0;
    if code != Some(0) {
        assert_eq!(code, Some(75), "{resumed:?}");
        let jobs = json_lines(&resumed.get_output().stdout);
        unknown = jobs.iter().filter(|j| j["status"] == "outcome unknown").count();
        assert!(unknown > 0, "{jobs:?}");
        sim.cmd()
            .args(sim.args(&file, &out))
            .arg("--resubmit-unknown")
            .assert()
            .success();
    }

    let rerun = sim
        .cmd()
        .args(sim.args(&file, &out))
        .args(["--output", "json"])
        .assert()
        .success();
    let jobs = json_lines(&rerun.get_output().stdout);
    assert_eq!(jobs.len(), LINES);
    assert!(jobs.iter().all(|j| j["status"] == "already done"), "{jobs:?}");

    let recorded = store_submissions(&store);
    let mut per_line: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (line, id) in &recorded {
        per_line.entry(*line).or_default().push(id.clone());
    }
    assert_eq!(per_line.len(), LINES, "{per_line:?}");
    assert!(per_line.values().all(|ids| ids.len() == 1), "{per_line:?}");
    let final_ids: BTreeSet<String> = recorded.into_iter().map(|(_, id)| id).collect();
    assert!(before_kill.is_subset(&final_ids));
    for job in &jobs {
        let id = job["request_id"].as_str().unwrap_or("");
        assert!(final_ids.contains(id), "{job}");
    }

    let accounting = sim.0.sim.accounting();
    if unknown == 0 {
        assert_eq!(accounting.submissions.len(), LINES);
        assert_eq!(accounting.duplicate_jobs(), vec![]);
    } else {
        assert!(accounting.submissions.len() <= LINES + unknown);
    }
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// With `--simulate` the simulator dies with the killed process: on resume, a request id the
/// new in-process simulator does not know is resubmitted (only in simulate mode), and the
/// batch finishes with every line done.
#[test]
fn simulate_mode_kill_and_resume_resubmits_lost_jobs() {
    const LINES: usize = 10;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_batch(dir.path(), LINES);
    let out = dir.path().join("out");
    let store = out.join(".runcomfy-batch.sqlite");
    let mut child = std::process::Command::new(BIN)
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
    if jobs
        .iter()
        .any(|j| j["status"] == "done" && before.contains(&j["line"].as_i64().unwrap_or(0)))
    {
        assert!(stderr.contains("resubmitting (--simulate only)"), "{stderr}");
    }
}
