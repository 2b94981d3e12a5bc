//! What a newcomer meets in the first ten minutes: global options anywhere, one JSON document
//! per command, `--schema FILE` on the simulator, did-you-mean from every source of models,
//! names from the catalog, the cache kept per API base, hints for common slips, and the help's
//! examples in step with the README. Against the simulator, never the internet.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use predicates::prelude::*;
use serde_json::{Value, json};

const CLIP: &str = "acme/clip/image-to-video";

/// A schema folder with one video model priced per second by its sidecar.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join(format!("{CLIP}.json"));
    std::fs::create_dir_all(clip.parent().unwrap()).unwrap();
    std::fs::write(
        &clip,
        r#"{"type": "object", "title": "Schema di input", "required": ["prompt"], "properties": {
            "prompt": {"type": "string"},
            "duration": {"type": "integer", "enum": [5, 10], "default": 5}}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join(format!("{CLIP}.meta.json")),
        r#"{"display_name": "Acme Clip", "base_price_usd": 0.01, "price_unit": "second"}"#,
    )
    .unwrap();
    dir
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// The whole of stdout as one JSON document.
fn document(assert: &assert_cmd::assert::Assert) -> Value {
    let text = stdout(assert);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}): {text}"))
}

#[test]
fn global_options_work_after_the_model_id_for_any_model() {
    let dir = folder();
    let out = tempfile::tempdir().unwrap();
    // Every global option after the model id, for a model that is not compiled in.
    let run = runcomfy()
        .args(["run", CLIP, "--prompt", "x", "--simulate", "--schemas"])
        .arg(dir.path())
        .args(["--output", "json", "-q", "-o"])
        .arg(out.path())
        .timeout(Duration::from_secs(60))
        .assert()
        .success();
    let v = document(&run);
    assert_eq!(v["model_id"], CLIP);
    assert_eq!(v["status"], "completed");
    assert_eq!(v["server_status"], "completed");
    assert_eq!(v["outputs"].as_array().map(Vec::len), Some(1));
    // -q: nothing on stderr but the request id.
    let err = stderr(&run);
    assert!(!err.contains("estimated price") && !err.contains("simulating"), "{err}");
    assert!(err.contains("submitted acme/clip/image-to-video: request"), "{err}");
}

#[test]
fn every_command_prints_one_json_document() {
    let dir = folder();
    let out = tempfile::tempdir().unwrap();
    let sim = |args: &[&str]| {
        let mut cmd = runcomfy();
        cmd.arg("--simulate")
            .arg("--schemas")
            .arg(dir.path())
            .args(args)
            .timeout(Duration::from_secs(60));
        cmd
    };
    for args in [
        vec!["models"],
        vec!["models", "--offline"],
        vec!["models", "show", CLIP],
        vec!["models", "show", FLUX, "--offline"],
        vec!["models", "categories"],
        vec!["run", CLIP, "--prompt", "x", "--dry-run"],
        vec!["run", CLIP, "--prompt", "x", "--no-wait"],
    ] {
        let done = sim(&args).arg("--output").arg("json").assert().success();
        document(&done);
    }
    let shown = document(&sim(&["models", "show", CLIP, "--output", "json"]).assert().success());
    assert_eq!(shown["name"], "Acme Clip");
    assert_eq!(shown["fields"][1]["flag"], "--duration");
    assert_eq!(shown["input_schema"]["properties"]["duration"]["enum"], json!([5, 10]));
    // Jobs by request id, on a simulator that outlives the commands.
    let server = Sim::start(runcomfy_sim::SimConfig {
        clock: runcomfy_sim::ClockMode::Accelerated(20.0),
        max_image_side: 32,
        ..runcomfy_sim::SimConfig::for_tests("front-token")
    });
    let submitted = document(
        &server
            .cmd("front-token")
            .args(["--output", "json", "run", FLUX, "--prompt", "x", "--no-wait"])
            .assert()
            .success(),
    );
    let id = submitted["request_id"].as_str().unwrap().to_owned();
    // `result` does not wait (a job not finished yet is exit 75): wait for the end first.
    let started = std::time::Instant::now();
    let status = loop {
        let status = document(
            &server
                .cmd("front-token")
                .args(["status", &id, "--output", "json"])
                .assert()
                .success(),
        );
        if status["status"] == "completed" {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "never completed: {status}");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status["request_id"], id.as_str());
    assert!(status["server_status"].is_string(), "{status}");
    let result = document(
        &server
            .cmd("front-token")
            .args(["result", &id, "--output", "json", "-o"])
            .arg(out.path())
            .assert()
            .success(),
    );
    assert_eq!(result["model_id"], FLUX, "never empty: the answer's model id");
    assert_eq!(result["server_status"], "completed");
    document(
        &server
            .cmd("front-token")
            .args(["cancel", &id, "--output", "json"])
            .assert()
            .success(),
    );
    // A batch and its --status: one document each.
    let file = out.path().join("b.jsonl");
    std::fs::write(&file, json!({"model_id": FLUX, "input": {"prompt": "x"}}).to_string()).unwrap();
    for extra in [&[][..], &["--status"][..]] {
        let done = server
            .cmd("front-token")
            .args(["batch", "--output", "json"])
            .arg(&file)
            .arg("-o")
            .arg(out.path().join("batch"))
            .args(extra)
            .assert()
            .success();
        assert!(document(&done)["lines"].is_array());
    }
}

#[test]
fn a_result_without_a_model_id_prints_null_never_an_empty_string() {
    let hostile = Hostile::start();
    hostile.completed("no-model-id", json!({}));
    let v = document(
        &hostile
            .cmd("t0k3n-for-tests")
            .args(["--output", "json", "result", "no-model-id", "--no-download"])
            .assert()
            .success(),
    );
    assert!(v["model_id"].is_null(), "{v}");
}

#[test]
fn a_schema_file_runs_on_the_simulator() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("mine.json");
    std::fs::write(
        &file,
        r#"{"type": "object", "required": ["prompt"], "properties": {"prompt": {"type": "string", "maxLength": 20}}}"#,
    )
    .unwrap();
    let out = work.path().join("out");
    let run = runcomfy()
        .args(["--simulate", "run", "me/my-model/text-to-image", "--schema"])
        .arg(&file)
        .args(["--prompt", "a lighthouse", "-y", "-o"])
        .arg(&out)
        .timeout(Duration::from_secs(60))
        .assert()
        .success();
    let path = stdout(&run).trim().to_owned();
    assert!(path.ends_with(".png") && Path::new(&path).is_file(), "{path}");
    // The file's own constraints are checked first.
    runcomfy()
        .args(["--simulate", "run", "me/my-model/text-to-image", "--schema"])
        .arg(&file)
        .args(["--prompt", "a prompt far longer than twenty characters"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains("/prompt"));
}

#[test]
fn unknown_models_get_a_did_you_mean_from_every_source() {
    // Bundled.
    runcomfy()
        .args(["models", "show", "blackforestlabs/flux-1-schnel/text-to-image"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains(format!("did you mean:\n    {FLUX}")));
    // The live catalog (here the simulator's, with a folder of models).
    let dir = folder();
    runcomfy()
        .arg("--simulate")
        .arg("--schemas")
        .arg(dir.path())
        .args(["run", "acme/clip/image-to-vide", "--prompt", "x"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains(format!("did you mean:\n    {CLIP}")));
    // The catalog cache, offline.
    let cache = tempfile::tempdir().unwrap();
    let sim = Sim::start(runcomfy_sim::SimConfig {
        schema_texts: vec![(
            CLIP.to_owned(),
            "clip.json".to_owned(),
            std::fs::read_to_string(dir.path().join(format!("{CLIP}.json"))).unwrap(),
        )],
        ..runcomfy_sim::SimConfig::for_tests("cache-token")
    });
    let base = sim.sim.base_url().to_owned();
    sim.cmd("cache-token")
        .env("XDG_CACHE_HOME", cache.path())
        .args(["models", "show", CLIP])
        .assert()
        .success();
    drop(sim);
    runcomfy()
        .env("XDG_CACHE_HOME", cache.path())
        .env("RUNCOMFY_MODEL_API_BASE", &base)
        .args(["models", "show", "acme/clip/image-to-vide", "--offline"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains(format!("did you mean:\n    {CLIP}")));
}

#[test]
fn names_come_from_the_catalog_never_from_a_schema_title() {
    // The seeds' schemas are titled in Italian ("Schema di input"): no model is named so.
    let list = runcomfy().args(["models", "--offline"]).assert().success();
    let text = stdout(&list);
    assert!(!text.contains("Schema di"), "{text}");
    let flux = text.lines().find(|l| l.starts_with(FLUX)).unwrap();
    assert!(
        flux.trim_end().ends_with(FLUX),
        "the NAME column holds the model id: {flux}"
    );
    let show = runcomfy()
        .args(["models", "show", FLUX, "--offline"])
        .assert()
        .success();
    assert!(stdout(&show).contains(&format!("name: {FLUX}")), "{}", stdout(&show));
    // A catalog's display name wins.
    let dir = folder();
    let shown = runcomfy()
        .arg("--simulate")
        .arg("--schemas")
        .arg(dir.path())
        .args(["models", "show", CLIP])
        .assert()
        .success();
    assert!(stdout(&shown).contains("name: Acme Clip"), "{}", stdout(&shown));
    assert!(!stdout(&shown).contains("Schema di input"), "{}", stdout(&shown));
}

#[test]
fn the_catalog_cache_is_kept_per_api_base() {
    let dir = folder();
    let cache = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(dir.path().join(format!("{CLIP}.json"))).unwrap();
    let sim = Sim::start(runcomfy_sim::SimConfig {
        schema_texts: vec![(CLIP.to_owned(), "clip.json".to_owned(), text)],
        ..runcomfy_sim::SimConfig::for_tests("cache-token")
    });
    let base_a = sim.sim.base_url().to_owned();
    sim.cmd("cache-token")
        .env("XDG_CACHE_HOME", cache.path())
        .args(["models", "show", CLIP])
        .assert()
        .success();
    drop(sim);
    let offline = |base: &str| {
        let list = runcomfy()
            .env("XDG_CACHE_HOME", cache.path())
            .env("RUNCOMFY_MODEL_API_BASE", base)
            .args(["models", "--offline"])
            .assert()
            .success();
        stdout(&list)
    };
    assert!(offline(&base_a).contains(CLIP), "the cache of that base");
    assert!(
        !offline("https://model-api.runcomfy.net/v1").contains(CLIP),
        "not another base's"
    );
    // The simulator of a `--simulate` process writes no cache at all.
    runcomfy()
        .env("XDG_CACHE_HOME", cache.path())
        .arg("--simulate")
        .arg("--schemas")
        .arg(dir.path())
        .args(["models", "show", CLIP])
        .assert()
        .success();
    assert!(!offline("https://model-api.runcomfy.net/v1").contains(CLIP));
}

#[test]
fn an_output_directory_given_to_output_gets_a_hint() {
    runcomfy()
        .args(["--simulate", "run", FLUX, "--prompt", "x", "--output", "out"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains("-o/--output-dir out"));
    runcomfy()
        .args(["models", "--output", "out"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains("-o/--output-dir out"));
}

#[test]
fn the_help_examples_are_the_readmes() {
    let help = runcomfy().arg("--help").assert().success();
    let text = stdout(&help);
    let examples = text.split("Examples:").nth(1).expect("an Examples section");
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for line in examples.lines().map(str::trim).filter(|l| !l.is_empty()) {
        assert!(readme.contains(line), "README lacks the help's example `{line}`");
    }
}

#[test]
fn a_simulated_job_is_followed_by_a_later_process() {
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let sim = |args: &[&str]| {
        let mut cmd = runcomfy();
        cmd.env("XDG_CACHE_HOME", cache.path())
            .arg("--simulate")
            .args(args)
            .timeout(Duration::from_secs(60));
        cmd
    };
    let submitted = document(
        &sim(&["--output", "json", "run", FLUX, "--prompt", "later", "--no-wait"])
            .assert()
            .success(),
    );
    let id = submitted["request_id"].as_str().unwrap().to_owned();
    // A new process: the job is there, and ends.
    let started = std::time::Instant::now();
    loop {
        let status = document(&sim(&["--output", "json", "status", &id]).assert().success());
        if status["status"] == "completed" {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "never completed: {status}");
        std::thread::sleep(Duration::from_millis(200));
    }
    let result = sim(&["result", &id, "-o"]).arg(out.path()).assert().success();
    let path = stdout(&result).trim().to_owned();
    assert!(path.ends_with(".png") && Path::new(&path).is_file(), "{path}");
    // A request id no simulated process made: the message says where simulated jobs live.
    let unknown = sim(&["status", "never-made-here"]).assert().code(65);
    assert!(stderr(&unknown).contains("jobs.json"), "{}", stderr(&unknown));
}

/// On a terminal a large download gets a progress bar (run under a pseudo-terminal with
/// util-linux `script`; skipped loudly where it is missing).
#[test]
fn a_large_download_gets_a_progress_bar_on_a_terminal() {
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED: no `script` (util-linux) to make a pseudo-terminal");
        return;
    }
    let hostile = Hostile::start();
    let body: Vec<u8> = (0..6_000_000u32).map(|i| (i % 251) as u8).collect();
    hostile.server.route(
        "GET",
        "/files/big.mp4",
        runcomfy_sim::scripted::Reply::Trickle {
            bytes: body.len(),
            chunk: 300_000,
            every: Duration::from_millis(40),
        },
    );
    hostile.completed("big-job", json!({"video": hostile.server.url("/files/big.mp4")}));
    let out = tempfile::tempdir().unwrap();
    let line = format!("{} result big-job -o {}", BIN, out.path().display());
    let run = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("RUNCOMFY_TOKEN", "t0k3n-for-tests")
        .env("RUNCOMFY_MODEL_API_BASE", hostile.server.url("/v1"))
        .env("RUNCOMFY_CONFIG_DIR", "/nonexistent/runcomfy-test-config")
        .env("XDG_CACHE_HOME", test_cache())
        .env("TERM", "xterm")
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{screen}");
    assert!(
        screen.contains("big.mp4") && screen.contains("MiB"),
        "a bar with sizes: {screen}"
    );
}
