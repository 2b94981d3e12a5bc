//! `runcomfy batch` cannot pay twice and cannot write where it must not: jobs are named by
//! their content, one process holds a store, server data never builds a path outside the
//! output directory, a request id is never lost, Ctrl-C cancels what is queued, a budget stops
//! submitting. A simulator (or a scripted hostile server) on 127.0.0.1 outlives the CLI and
//! counts every submission.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;
use predicates::prelude::*;
use runcomfy_sim::scripted::Reply;
use serde_json::{Value, json};

const TOKEN: &str = "batch-token";

fn line(prompt: &str) -> String {
    format!("{{\"model_id\": \"{FLUX}\", \"input\": {{\"prompt\": \"{prompt}\"}}}}")
}

fn write(dir: &Path, lines: &[String]) -> PathBuf {
    let path = dir.join("batch.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
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

fn statuses(jobs: &[Value]) -> Vec<(u64, String)> {
    jobs.iter()
        .map(|j| {
            (
                j["line"].as_u64().unwrap_or(0),
                j["status"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn fast_sim() -> Sim {
    Sim::start(runcomfy_sim::SimConfig {
        clock: runcomfy_sim::ClockMode::Accelerated(20.0),
        workers: 8,
        max_image_side: 32,
        ..runcomfy_sim::SimConfig::for_tests(TOKEN)
    })
}

fn batch(sim: &Sim, file: &Path, out: &Path) -> assert_cmd::Command {
    let mut cmd = sim.cmd(TOKEN);
    cmd.args(["--output", "json", "batch"])
        .arg(file)
        .arg("-o")
        .arg(out)
        .args(["--poll-ms", "30"])
        .timeout(Duration::from_secs(120));
    cmd
}

#[test]
fn edits_reorders_and_appends_never_resubmit_finished_work() {
    let sim = fast_sim();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let file = write(dir.path(), &[line("a"), line("b"), line("c")]);
    batch(&sim, &file, &out).assert().success();
    assert_eq!(sim.sim.accounting().submissions.len(), 3);

    // A blank line and a comment first, the lines reordered, one appended.
    let edited = write(
        dir.path(),
        &["".into(), "# edited".into(), line("c"), line("a"), line("b"), line("d")],
    );
    let run = batch(&sim, &edited, &out).assert().success();
    let jobs = json_lines(&run.get_output().stdout);
    assert_eq!(
        statuses(&jobs),
        [
            (3, "already done".into()),
            (4, "already done".into()),
            (5, "already done".into()),
            (6, "done".into())
        ]
    );
    assert_eq!(sim.sim.accounting().submissions.len(), 4, "only the new line was sent");
    assert!(sim.sim.accounting().duplicate_jobs().is_empty());
}

#[test]
fn the_same_job_twice_runs_once_unless_ids_differ() {
    let sim = fast_sim();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let same = line("twin");
    let with_id =
        |id: &str| format!("{{\"id\": \"{id}\", \"model_id\": \"{FLUX}\", \"input\": {{\"prompt\": \"twin\"}}}}");
    // Key order does not make a different job.
    let reordered = format!("{{\"input\": {{\"prompt\": \"twin\"}}, \"model_id\": \"{FLUX}\"}}");
    let file = write(dir.path(), &[same.clone(), reordered, with_id("one"), with_id("two")]);
    let run = batch(&sim, &file, &out).assert().success();
    let jobs = json_lines(&run.get_output().stdout);
    assert_eq!(
        statuses(&jobs),
        [
            (1, "done".into()),
            (2, "duplicate".into()),
            (3, "done".into()),
            (4, "done".into())
        ]
    );
    assert!(jobs[1]["error"].as_str().unwrap_or("").contains("line 1"));
    assert_eq!(sim.sim.accounting().submissions.len(), 3);
    // The job folders are named by the ids.
    let names: BTreeSet<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().any(|n| n.starts_with("one-")), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("two-")), "{names:?}");
}

#[test]
fn two_processes_on_one_store_never_send_a_job_twice() {
    let sim = Sim::start(runcomfy_sim::SimConfig {
        clock: runcomfy_sim::ClockMode::Accelerated(5.0),
        workers: 8,
        max_image_side: 32,
        ..runcomfy_sim::SimConfig::for_tests(TOKEN)
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let lines: Vec<String> = (0..20).map(|i| line(&format!("pair {i}"))).collect();
    let file = write(dir.path(), &lines);
    let spawn = || {
        std::process::Command::new(BIN)
            .env("XDG_CACHE_HOME", test_cache())
            .env("RUNCOMFY_CONFIG_DIR", "/nonexistent/runcomfy-test-config")
            .args(["batch"])
            .arg(&file)
            .arg("-o")
            .arg(&out)
            .args(["-j", "8", "--poll-ms", "30", "-q"])
            .env("RUNCOMFY_TOKEN", TOKEN)
            .env("RUNCOMFY_MODEL_API_BASE", sim.sim.base_url())
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let codes = [a.status.code(), b.status.code()];
    assert!(codes.contains(&Some(0)), "{codes:?}");
    // The other one either found the lock taken (75, naming the holder) or ran after it.
    for o in [&a, &b] {
        if o.status.code() == Some(75) {
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains("another runcomfy batch (pid"), "{err}");
        } else {
            assert_eq!(o.status.code(), Some(0));
        }
    }
    let acct = sim.sim.accounting();
    assert_eq!(acct.submissions.len(), 20, "every job sent once");
    assert!(acct.duplicate_jobs().is_empty());
}

#[test]
fn server_ids_never_build_paths_outside_the_output_directory() {
    let hostile = Hostile::start();
    let long_a = format!("{}a", "x".repeat(130));
    let long_b = format!("{}b", "x".repeat(130));
    let hostile_ids = [
        "/../../../../outside/PWNED".to_owned(),
        "/abs/PWNED".to_owned(),
        "k".repeat(10 * 1024),
        "bell\u{7}id".to_owned(),
        long_a.clone(),
        long_b.clone(),
    ];
    let submits: Vec<Reply> = hostile_ids
        .iter()
        .map(|id| Reply::json(200, json!({"request_id": id})))
        .collect();
    hostile
        .server
        .route("POST", &format!("/v1/models/{FLUX}"), Reply::Sequence(submits));
    for id in [&long_a, &long_b] {
        hostile.completed(id, json!({"image": hostile.server.url("/out/0.png")}));
    }
    hostile.server.route(
        "GET",
        "/out/0.png",
        Reply::File {
            body: b"\x89PNG\r\n\x1a\nfake".to_vec().into(),
            cut_first: 0,
        },
    );
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("a").join("b").join("out");
    let lines: Vec<String> = (0..6).map(|i| line(&format!("hostile {i}"))).collect();
    let file = write(root.path(), &lines);
    let run = hostile
        .cmd(TOKEN)
        .args(["--output", "json", "batch"])
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .args(["-j", "1", "--poll-ms", "20", "--retries", "0"])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(75);
    let jobs = json_lines(&run.get_output().stdout);
    let st: Vec<String> = statuses(&jobs).into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        st,
        [
            "outcome unknown",
            "outcome unknown",
            "outcome unknown",
            "outcome unknown",
            "done",
            "done"
        ]
    );
    // Each unusable id is shown (escaped), so the paid job can be found.
    let stdout = String::from_utf8_lossy(&run.get_output().stdout);
    assert!(stdout.contains("outside/PWNED"), "{stdout}");
    // Two ids that differ only after 120 characters: two files, each directly in out/.
    let files: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        std::fs::read_dir(&out).unwrap().all(|e| !e.unwrap().path().is_dir()),
        "no folders"
    );
    // Nothing anywhere else under the temporary root but the batch file, the store and out/.
    let mut stray = Vec::new();
    let mut stack = vec![root.path().to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.starts_with(&out) || p == file {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                stray.push(p);
            }
        }
    }
    assert!(stray.is_empty(), "{stray:?}");
    assert!(!root.path().join("outside").exists());
}

#[test]
fn a_request_id_the_store_cannot_save_is_printed_with_its_line() {
    let hostile = Hostile::start();
    // A server that gives the same id twice: the store's unique constraint refuses the second.
    hostile.server.route(
        "POST",
        &format!("/v1/models/{FLUX}"),
        Reply::json(200, json!({"request_id": "same-id-1"})),
    );
    hostile.completed("same-id-1", json!({}));
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), &[line("one"), line("two")]);
    let run = hostile
        .cmd(TOKEN)
        .args(["--output", "json", "batch"])
        .arg(&file)
        .arg("-o")
        .arg(dir.path().join("out"))
        .args(["-j", "1", "--poll-ms", "20"])
        .assert()
        .code(75)
        .stderr(predicate::str::contains(
            "line 2: request same-id-1 was submitted but could not be saved",
        ));
    let jobs = json_lines(&run.get_output().stdout);
    assert_eq!(statuses(&jobs), [(1, "done".into()), (2, "outcome unknown".into())]);
    assert_eq!(jobs[1]["request_id"], "same-id-1");
    let documented: Vec<&str> = STATUSES_IN_README.to_vec();
    for j in &jobs {
        assert!(documented.contains(&j["status"].as_str().unwrap_or("")), "{j}");
    }
}

/// The statuses the README documents for batch summaries.
const STATUSES_IN_README: &[&str] = &[
    "done",
    "already done",
    "failed",
    "cancelled",
    "rejected",
    "outcome unknown",
    "waiting",
    "interrupted",
    "download failed",
    "not found",
    "not started",
    "over budget",
    "duplicate",
    "invalid",
];

#[test]
fn every_status_is_documented_in_the_readme() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for status in STATUSES_IN_README {
        assert!(readme.contains(&format!("| `{status}` |")), "README lacks `{status}`");
    }
}

/// Waits until the store holds `n` request ids.
fn wait_for_submissions(store: &Path, n: usize) {
    let started = Instant::now();
    loop {
        let count = rusqlite::Connection::open_with_flags(store, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .ok()
            .and_then(|c| {
                c.query_row("SELECT COUNT(*) FROM batch_submissions", [], |r| r.get::<_, i64>(0))
                    .ok()
            })
            .unwrap_or(0);
        if count as usize >= n {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the store never showed {n} ids"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_c_cancels_queued_jobs_leaves_running_ones_and_a_rerun_finishes() {
    // One worker, long jobs: after three submits one runs and two wait in the queue.
    let sim = Sim::start(runcomfy_sim::SimConfig {
        clock: runcomfy_sim::ClockMode::Accelerated(1.0),
        workers: 1,
        run_time: runcomfy_sim::RunTime::fixed(Duration::from_secs(2)),
        dispatch_delay: Duration::from_millis(10),
        max_image_side: 32,
        ..runcomfy_sim::SimConfig::for_tests(TOKEN)
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let lines: Vec<String> = (0..5).map(|i| line(&format!("stop {i}"))).collect();
    let file = write(dir.path(), &lines);
    let child = std::process::Command::new(BIN)
        .env("XDG_CACHE_HOME", test_cache())
        .env("RUNCOMFY_CONFIG_DIR", "/nonexistent/runcomfy-test-config")
        .args(["--output", "json", "batch"])
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .args(["-j", "3", "--poll-ms", "30"])
        .env("RUNCOMFY_TOKEN", TOKEN)
        .env("RUNCOMFY_MODEL_API_BASE", sim.sim.base_url())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_submissions(&out.join(".runcomfy-batch.sqlite"), 3);
    std::thread::sleep(Duration::from_millis(200)); // the first job starts running
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cancel: cancelled"), "{stderr}");
    assert!(stderr.contains("cancel: not cancellable"), "{stderr}");
    let jobs = json_lines(&output.stdout);
    let st: Vec<String> = statuses(&jobs).into_iter().map(|(_, s)| s).collect();
    assert_eq!(st.iter().filter(|s| *s == "cancelled").count(), 2, "{st:?}");
    assert_eq!(st.iter().filter(|s| *s == "interrupted").count(), 1, "{st:?}");
    assert_eq!(st.iter().filter(|s| *s == "not started").count(), 2, "{st:?}");
    let acct = sim.sim.accounting();
    assert_eq!(acct.submissions.len(), 3);
    assert_eq!(
        acct.cancel_calls.values().sum::<u64>(),
        3,
        "each job of the run was asked once"
    );

    // The rerun re-attaches the running job and submits the cancelled and unstarted ones.
    let rerun = batch(&sim, &file, &out).assert().success();
    let jobs = json_lines(&rerun.get_output().stdout);
    assert!(jobs.iter().all(|j| j["status"] == "done"), "{jobs:?}");
    // 3 + 2 resubmitted (cancelled while queued: never ran) + 2 never started.
    assert_eq!(sim.sim.accounting().submissions.len(), 7);
}

#[test]
fn a_second_ctrl_c_exits_at_once() {
    let sim = Sim::start(runcomfy_sim::SimConfig {
        workers: 1,
        ..runcomfy_sim::SimConfig::for_tests(TOKEN) // paused: jobs wait forever
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let file = write(dir.path(), &[line("x"), line("y")]);
    // A cancel that hangs: the first Ctrl-C cannot finish, the second must not wait for it.
    let child = std::process::Command::new(BIN)
        .env("XDG_CACHE_HOME", test_cache())
        .env("RUNCOMFY_CONFIG_DIR", "/nonexistent/runcomfy-test-config")
        .args(["batch"])
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .args(["--poll-ms", "30"])
        .env("RUNCOMFY_TOKEN", TOKEN)
        .env("RUNCOMFY_MODEL_API_BASE", sim.sim.base_url())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_submissions(&out.join(".runcomfy-batch.sqlite"), 2);
    for _ in 0..2 {
        sim.sim.inject(
            runcomfy_sim::Op::Cancel,
            runcomfy_sim::FaultKind::Delay(Duration::from_secs(30)),
        );
    }
    let started = Instant::now();
    for _ in 0..2 {
        std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        std::thread::sleep(Duration::from_millis(300));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    assert!(String::from_utf8_lossy(&output.stderr).contains("exiting at once"));
}

#[test]
fn failed_jobs_are_retried_only_when_asked() {
    let sim = Sim::start(runcomfy_sim::SimConfig {
        clock: runcomfy_sim::ClockMode::Accelerated(20.0),
        workers: 8,
        failure_rate: 0.5,
        seed: 11,
        max_image_side: 32,
        ..runcomfy_sim::SimConfig::for_tests(TOKEN)
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let lines: Vec<String> = (0..8).map(|i| line(&format!("maybe {i}"))).collect();
    let file = write(dir.path(), &lines);
    let first = batch(&sim, &file, &out).assert();
    let failed = json_lines(&first.get_output().stdout)
        .iter()
        .filter(|j| j["status"] == "failed")
        .count();
    assert!(failed > 0, "the seed gives some failures");
    let sent = sim.sim.accounting().submissions.len();
    batch(&sim, &file, &out).assert().code(69);
    assert_eq!(
        sim.sim.accounting().submissions.len(),
        sent,
        "failed lines are not resent"
    );
    // Some retried jobs may fail again (the same seeded failure rate): the exit code varies.
    let _ = batch(&sim, &file, &out).arg("--retry-failed").assert();
    assert_eq!(sim.sim.accounting().submissions.len(), sent + failed);
}

#[test]
fn a_budget_stops_submitting_and_the_summary_says_what_was_spent() {
    let sim = fast_sim();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let lines: Vec<String> = (0..10).map(|i| line(&format!("budget {i}"))).collect();
    let file = write(dir.path(), &lines);
    // 0.003 USD per image in the simulator: 0.01 USD pays for three.
    let run = batch(&sim, &file, &out)
        .args(["-j", "4", "--max-cost", "0.01"])
        .assert()
        .code(75)
        .stderr(predicate::str::contains("spent 0.009 USD"));
    let jobs = json_lines(&run.get_output().stdout);
    let done = jobs.iter().filter(|j| j["status"] == "done").count();
    let over = jobs.iter().filter(|j| j["status"] == "over budget").count();
    assert_eq!((done, over), (3, 7), "{jobs:?}");
    assert_eq!(sim.sim.accounting().submissions.len(), 3);
    batch(&sim, &file, &out).args(["--max-cost", "-1"]).assert().code(64);
}

#[test]
fn status_reads_the_store_without_the_network() {
    let sim = fast_sim();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let file = write(dir.path(), &[line("s1"), line("s2")]);
    batch(&sim, &file, &out).assert().success();
    let appended = write(dir.path(), &[line("s1"), line("s2"), line("s3")]);
    // No token, no simulator: only the store is read.
    let table = runcomfy()
        .args(["batch"])
        .arg(&appended)
        .arg("-o")
        .arg(&out)
        .arg("--status")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(table).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("LINE"), "{text}");
    assert_eq!(rows.len(), 4, "{text}");
    assert!(rows[1].contains(" done "), "{text}");
    assert!(rows[3].contains(" pending "), "{text}");
}

#[test]
fn a_store_of_the_first_layout_is_taken_over_without_resubmitting() {
    use sha2::Digest as _;
    let sim = fast_sim();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let lines = [line("old one"), line("old two")];
    let file = write(dir.path(), &lines);
    // The first layout keyed jobs by the file's hash (line numbers and text) and line number.
    let mut h = sha2::Sha256::new();
    for (i, l) in lines.iter().enumerate() {
        h.update(format!("{}\t{l}\n", i + 1).as_bytes());
    }
    let hash: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let conn = rusqlite::Connection::open(out.join(".runcomfy-batch.sqlite")).unwrap();
    conn.execute_batch(
        "CREATE TABLE jobs (batch TEXT NOT NULL, line INTEGER NOT NULL, model_id TEXT NOT NULL, state TEXT NOT NULL,
           request_id TEXT, outputs TEXT NOT NULL DEFAULT '[]', error TEXT, updated_at INTEGER NOT NULL DEFAULT 0,
           PRIMARY KEY (batch, line));
         CREATE TABLE submissions (batch TEXT NOT NULL, line INTEGER NOT NULL, request_id TEXT NOT NULL UNIQUE,
           submitted_at INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (batch, line, request_id));",
    )
    .unwrap();
    conn.execute(
        "INSERT INTO jobs (batch, line, model_id, state, request_id, outputs) VALUES (?1, 1, ?2, 'done', 'old-1', '[\"x.png\"]')",
        rusqlite::params![hash, FLUX],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO jobs (batch, line, model_id, state) VALUES (?1, 2, ?2, 'unknown')",
        rusqlite::params![hash, FLUX],
    )
    .unwrap();
    drop(conn);
    let run = batch(&sim, &file, &out).assert().code(75);
    let jobs = json_lines(&run.get_output().stdout);
    assert_eq!(
        statuses(&jobs),
        [(1, "already done".into()), (2, "outcome unknown".into())]
    );
    assert_eq!(jobs[0]["request_id"], "old-1");
    assert!(sim.sim.accounting().submissions.is_empty(), "nothing was sent again");
}
