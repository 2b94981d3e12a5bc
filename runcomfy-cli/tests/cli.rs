//! The built `runcomfy` binary against the simulator (in-process with `--simulate`, or one
//! started here on 127.0.0.1 for status/result/cancel). Never touches the internet.

use std::path::Path;
use std::time::{Duration, Instant};

use predicates::prelude::*;
use serde_json::Value;

mod common;

use common::{FLUX, Sim, runcomfy, test_cache};

fn is_png(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| b.starts_with(b"\x89PNG\r\n\x1a\n"))
}

#[test]
fn models_offline_lists_every_bundled_endpoint() {
    // No token: the bundled models (and the catalog cache, empty here).
    let out = runcomfy().arg("models").assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.starts_with("MODEL"));
    for (id, _, _) in runcomfy_client::models::ENDPOINTS {
        assert!(text.contains(id), "{id} missing from\n{text}");
    }
    let runway: Vec<&str> = text
        .lines()
        .find(|l| l.starts_with("runwayml/"))
        .map(|l| l.split_whitespace().take(4).collect())
        .unwrap_or_default();
    assert_eq!(
        runway,
        [
            "runwayml/runway-gen-4/turbo/image-to-video",
            "image-to-video",
            "-",
            "bundled"
        ]
    );
}

#[test]
fn models_show_lists_fields_constraints_and_defaults() {
    runcomfy()
        .args(["models", "show", "runwayml/runway-gen-4/turbo/image-to-video"])
        .assert()
        .success()
        .stdout(predicate::str::contains("promptImage (required)  (--prompt-image)"))
        .stdout(predicate::str::contains("allowed: 1584:672, 1280:720"))
        .stdout(predicate::str::contains("default: \"1280:720\""))
        .stdout(predicate::str::contains("range: 0..=4294967295"));
}

#[test]
fn unknown_model_is_a_usage_error() {
    runcomfy()
        .args(["models", "show", "nobody/nothing"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains("unknown model \"nobody/nothing\""));
    runcomfy()
        .args(["--simulate", "run", "nobody/nothing", "--prompt", "x"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains(FLUX));
}

#[test]
fn run_on_the_simulator_downloads_a_png() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = runcomfy()
        .args([
            "--simulate",
            "run",
            FLUX,
            "--prompt",
            "a red fox",
            "--steps",
            "4",
            "--output-dir",
        ])
        .arg(dir.path())
        .timeout(Duration::from_secs(60))
        .assert()
        .success()
        .stderr(predicate::str::contains("simulat"))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    let paths: Vec<&str> = text.lines().collect();
    assert_eq!(paths.len(), 1, "{text}");
    let path = Path::new(paths[0]);
    assert!(path.starts_with(dir.path()));
    assert!(is_png(path), "{} is not a PNG", path.display());
}

#[test]
fn run_with_json_output_prints_one_object() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = runcomfy()
        .env("RUNCOMFY_SIMULATE", "1")
        .args(["run", FLUX, "--prompt", "a lighthouse", "--output", "json", "-o"])
        .arg(dir.path())
        .timeout(Duration::from_secs(60))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("stdout is one JSON object");
    assert_eq!(v["status"], "completed");
    assert_eq!(v["model_id"], FLUX);
    assert!(v["request_id"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(v["cost"].as_f64().is_some());
    let outputs = v["outputs"].as_array().expect("outputs");
    assert_eq!(outputs.len(), 1);
    assert!(is_png(Path::new(outputs[0].as_str().expect("a path"))));
}

#[test]
fn input_json_and_file_feed_the_body() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("body.json");
    std::fs::write(&file, r#"{"prompt": "from a file", "steps": 2}"#).expect("write");
    runcomfy()
        .args(["--simulate", "run", FLUX, "--no-wait", "--input-file"])
        .arg(&file)
        .assert()
        .success();
    runcomfy()
        .args(["--simulate", "run", FLUX, "--no-wait", "--input-file", "-"])
        .write_stdin(r#"{"prompt": "from stdin"}"#)
        .assert()
        .success();
    // Flags override --input; the validator still judges the whole body.
    runcomfy()
        .args([
            "--simulate",
            "run",
            FLUX,
            "--input",
            r#"{"prompt": "x", "steps": 99}"#,
            "--steps",
            "3",
        ])
        .args(["--no-wait"])
        .assert()
        .success();
    runcomfy()
        .args(["--simulate", "run", FLUX, "--input", r#"{"prompt": "x", "colour": 1}"#])
        .assert()
        .code(65)
        .stderr(predicate::str::contains("/colour"));
}

#[test]
fn bad_flag_values_exit_65_with_the_constraint() {
    runcomfy()
        .args(["--simulate", "run", FLUX, "--prompt", "x", "--steps", "12"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains("/steps: 12 is greater than the maximum 8"));
    runcomfy()
        .args(["--simulate", "run", FLUX, "--prompt", "x", "--steps", "many"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains("/steps: expected an integer"));
    runcomfy()
        .args(["--simulate", "run", "runwayml/runway-gen-4/turbo/image-to-video"])
        .args(["--prompt-image", "https://example.com/cat.png", "--ratio", "2:1"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains("/ratio"))
        .stderr(predicate::str::contains("1280:720"));
    // A missing required field, before any network call (no token, no simulator needed).
    runcomfy()
        .args(["run", FLUX, "--steps", "4"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains("/prompt"));
}

#[test]
fn unknown_flags_are_usage_errors_and_help_shows_constraints() {
    runcomfy()
        .args(["--simulate", "run", FLUX, "--prompt", "x", "--colour", "red"])
        .assert()
        .code(64);
    runcomfy()
        .args(["run", "runwayml/runway-gen-4/turbo/image-to-video", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--prompt-image <IMAGE>"))
        .stdout(predicate::str::contains("allowed: 5, 10"));
}

#[test]
fn missing_files_exit_66() {
    runcomfy()
        .args(["--simulate", "run", FLUX, "--input-file", "/definitely/not/here.json"])
        .assert()
        .code(66)
        .stderr(predicate::str::contains("/definitely/not/here.json"));
    runcomfy()
        .args(["--simulate", "run", "runwayml/runway-gen-4/turbo/image-to-video"])
        .args(["--prompt-image", "/definitely/not/here.png"])
        .assert()
        .code(66);
}

#[test]
fn no_token_without_simulate_exits_77_and_names_both_ways() {
    runcomfy()
        .args(["run", FLUX, "--prompt", "x"])
        .assert()
        .code(77)
        .stderr(predicate::str::contains("RUNCOMFY_TOKEN"))
        .stderr(predicate::str::contains("--simulate"));
    runcomfy()
        .args(["status", "some-id"])
        .assert()
        .code(77)
        .stderr(predicate::str::contains("RUNCOMFY_TOKEN"));
}

#[test]
fn no_wait_prints_the_request_id() {
    let out = runcomfy()
        .args(["--simulate", "run", FLUX, "--prompt", "x", "--no-wait"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    let id = text.trim();
    assert!(!id.is_empty() && !id.contains(char::is_whitespace), "{text:?}");
}

/// A simulator on 127.0.0.1 that outlives single commands, so that `status`, `result` and
/// `cancel` have a job to look at.
fn sim() -> Sim {
    Sim::start(runcomfy_sim::SimConfig {
        clock: runcomfy_sim::ClockMode::Accelerated(10.0),
        ..runcomfy_sim::SimConfig::for_tests("cli-token")
    })
}

#[test]
fn status_result_and_cancel_by_request_id() {
    let sim = sim();
    let out = sim
        .cmd("cli-token")
        .args(["run", FLUX, "--prompt", "x", "--no-wait"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let id = String::from_utf8(out).expect("utf-8").trim().to_owned();

    let started = Instant::now();
    loop {
        let out = sim
            .cmd("cli-token")
            .args(["--output", "json", "status", &id])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v: Value = serde_json::from_slice(&out).expect("status JSON");
        assert_eq!(v["request_id"], id.as_str());
        if v["status"] == "completed" {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "job never completed: {v}");
        std::thread::sleep(Duration::from_millis(100));
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let out = sim
        .cmd("cli-token")
        .args(["result", &id, "--output-dir"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    assert!(is_png(Path::new(text.trim())), "{text}");

    sim.cmd("cli-token")
        .args(["cancel", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("already finished: completed"));
    sim.cmd("cli-token")
        .args(["status", "no-such-request"])
        .assert()
        .code(65);
    sim.cmd("wrong-token").args(["status", &id]).assert().code(77);
}

#[test]
fn completions_are_generated_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        runcomfy()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("COMPLETE").and(predicate::str::contains("runcomfy")));
    }
    runcomfy().args(["completions", "tcsh"]).assert().code(64);
}

/// The shell asks the binary (`COMPLETE=fish runcomfy -- <words>`): commands, flags and
/// model ids from the bundled models and this API base's catalog cache.
#[test]
fn completion_offers_commands_flags_and_model_ids() {
    let complete = |words: &[&str]| -> String {
        let out = runcomfy()
            .env("COMPLETE", "fish")
            .arg("--")
            .args(words)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(complete(&["runcomfy", "ba"]).contains("batch"));
    assert!(complete(&["runcomfy", "run", "blackforestlabs/"]).contains(FLUX));
    assert!(complete(&["runcomfy", "models", "show", "ideogram/"]).contains("ideogram/ideogram-v3/reframe"));
    assert!(complete(&["runcomfy", "run", FLUX, "--max-p"]).contains("--max-price"));
    // A cached catalog model is offered too.
    let cache = tempfile::tempdir().expect("temp dir");
    let dir = cache.path().join("runcomfy");
    let entry = serde_json::json!({
        "fetched_at": 1,
        "entry": {"model_id": "acme/cached-model/text-to-image", "input_schema": {"type": "object", "properties": {}}}
    });
    // The default API base's cache folder, as the binary names it.
    let listed = |env_cache: &std::path::Path| -> String {
        let out = runcomfy()
            .env("XDG_CACHE_HOME", env_cache)
            .env("COMPLETE", "fish")
            .args(["--", "runcomfy", "run", "acme/"])
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(!listed(cache.path()).contains("acme/cached-model"));
    let default_base = runcomfy_cache_folder("https://model-api.runcomfy.net/v1");
    let file = dir
        .join(default_base)
        .join("catalog/acme/cached-model/text-to-image.json");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(&file, entry.to_string()).expect("write");
    assert!(listed(cache.path()).contains("acme/cached-model/text-to-image"));
}

/// The cache folder name of an API base (host, port and path, and a hash of the base).
fn runcomfy_cache_folder(base: &str) -> String {
    use sha2::Digest as _;
    let hash = sha2::Sha256::digest(base.as_bytes());
    let hex: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("model-api.runcomfy.net-v1-{hex}")
}

/// Ctrl-C while a job is queued cancels it remotely and says what happened.
#[test]
fn ctrl_c_cancels_a_queued_job() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    // A paused clock: the job stays `in_queue` until cancelled.
    let sim = Sim::start(runcomfy_sim::SimConfig::for_tests("cli-token"));
    let mut child = std::process::Command::new(common::BIN)
        .env("XDG_CACHE_HOME", test_cache())
        .env("RUNCOMFY_CONFIG_DIR", "/nonexistent/runcomfy-test-config")
        .args(["run", FLUX, "--prompt", "a fox"])
        .env_remove("RUNCOMFY_SIMULATE")
        .env("RUNCOMFY_TOKEN", "cli-token")
        .env("RUNCOMFY_MODEL_API_BASE", sim.sim.base_url())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn runcomfy");
    let mut stderr = BufReader::new(child.stderr.take().expect("piped stderr"));
    let mut seen = String::new();
    let mut line = String::new();
    // Wait for the job to be queued (the first progress line).
    while stderr.read_line(&mut line).expect("read stderr") > 0 {
        seen.push_str(&line);
        if line.contains("in_queue") {
            break;
        }
        line.clear();
    }
    assert!(seen.contains("submitted"), "{seen}");
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(status.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).expect("read stderr");
    let exit = child.wait().expect("wait");
    assert_eq!(exit.code(), Some(130), "{seen}{rest}");
    assert!(rest.contains("interrupted; cancel: cancelled"), "{rest}");
    let accounting = sim.sim.accounting();
    assert_eq!(accounting.submissions.len(), 1);
    assert_eq!(accounting.cancel_calls.values().sum::<u64>(), 1, "one remote cancel");
}

/// `runcomfy models | head -1`: a reader that goes away ends the program quietly.
#[test]
fn a_closed_stdout_is_not_a_panic() {
    use std::io::{BufRead, BufReader};
    // A catalog cache big enough that the listing outgrows any pipe buffer.
    let cache = tempfile::tempdir().expect("temp dir");
    for i in 0..2000 {
        let id = format!("acme/model-{i:04}/text-to-image");
        let path = cache.path().join("runcomfy/catalog").join(format!("{id}.json"));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let entry = serde_json::json!({"fetched_at": 0, "etag": null, "entry": {
            "model_id": id, "display_name": "A model with a fairly long display name for padding",
            "categories": ["text-to-image"], "base_price_usd": 0.01, "price_unit": "output"}});
        std::fs::write(path, entry.to_string()).expect("write");
    }
    let mut child = std::process::Command::new(common::BIN)
        .env("XDG_CACHE_HOME", cache.path())
        .env("RUNCOMFY_CONFIG_DIR", "/nonexistent/runcomfy-test-config")
        .env_remove("RUNCOMFY_TOKEN")
        .args(["models", "--offline"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("a line");
    assert!(first.starts_with("MODEL"), "{first}");
    // The reader is dropped here: the rest of the listing meets a closed pipe.
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

/// What the poller learned about a model's run time is kept next to the catalog cache and
/// read again by the next command.
#[test]
fn learned_run_times_are_kept_between_runs() {
    let sim = Sim::start(runcomfy_sim::SimConfig {
        clock: runcomfy_sim::ClockMode::Accelerated(10.0),
        ..runcomfy_sim::SimConfig::for_tests("cli-token")
    });
    let cache = tempfile::tempdir().expect("temp dir");
    let out = tempfile::tempdir().expect("temp dir");
    for prompt in ["first", "second"] {
        sim.cmd("cli-token")
            .env("XDG_CACHE_HOME", cache.path())
            .args(["run", FLUX, "--prompt", prompt, "-o"])
            .arg(out.path())
            .assert()
            .success();
    }
    // Kept per API base: `<cache>/runcomfy/<base>/run-times.json`.
    let bases: Vec<_> = std::fs::read_dir(cache.path().join("runcomfy"))
        .expect("a cache folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(bases.len(), 1, "{bases:?}");
    let base = bases[0].file_name().unwrap_or_default().to_string_lossy().into_owned();
    assert!(base.starts_with("127.0.0.1-"), "{base}");
    let text = std::fs::read_to_string(bases[0].join("run-times.json")).expect("the run times were saved");
    let snapshot = runcomfy_client::config::RunTimeSnapshot::from_json(&text).expect("a snapshot");
    assert!(snapshot.model_ids().any(|m| m == FLUX), "{text}");
}
