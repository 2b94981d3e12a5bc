//! The live catalog from the `runcomfy` binary: list, search, filter and page it; show a model
//! with its price; run a model that is not compiled in, with flags from its fetched schema and
//! its price shown first; pull schema files and detect drift; work offline from the cache.
//! Everything against the simulator (in-process with `--simulate --schemas`, or one started
//! here), never the internet.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use predicates::prelude::*;
use serde_json::Value;

const CLIP: &str = "acme/clip/image-to-video";
const GEN: &str = "acme/gen-000/text-to-image";

/// A schema folder with `count` text-to-image models (priced per output by the simulator's
/// defaults) and one video model priced per second by its sidecar.
fn folder(count: usize, clip_max_prompt: Option<u32>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..count {
        let path = dir.path().join(format!("acme/gen-{i:03}/text-to-image.json"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            r#"{"type": "object", "required": ["prompt"], "properties": {
                "prompt": {"type": "string", "maxLength": 200},
                "num_images": {"type": "integer", "minimum": 1, "maximum": 4}}}"#,
        )
        .unwrap();
    }
    let clip = dir.path().join(format!("{CLIP}.json"));
    std::fs::create_dir_all(clip.parent().unwrap()).unwrap();
    let max = clip_max_prompt
        .map(|m| format!(", \"maxLength\": {m}"))
        .unwrap_or_default();
    std::fs::write(
        &clip,
        format!(
            r#"{{"type": "object", "required": ["prompt"], "properties": {{
                "prompt": {{"type": "string"{max}}},
                "duration": {{"type": "integer", "enum": [5, 10], "default": 5}}}}}}"#
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(format!("{CLIP}.meta.json")),
        r#"{"display_name": "Acme Clip", "base_price_usd": 0.07, "price_unit": "second"}"#,
    )
    .unwrap();
    dir
}

/// The binary with `--simulate --schemas <dir>`.
fn simulated(dir: &Path) -> assert_cmd::Command {
    let mut cmd = runcomfy();
    cmd.arg("--simulate")
        .arg("--schemas")
        .arg(dir)
        .timeout(Duration::from_secs(60));
    cmd
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

#[test]
fn the_catalog_is_listed_searched_filtered_and_paged() {
    let dir = folder(120, None);
    let all = simulated(dir.path()).arg("models").assert().success();
    let text = stdout(&all);
    // 120 + 1 + the 5 bundled: more than one page of the client's 100.
    assert_eq!(text.lines().count(), 1 + 126, "{text}");
    let clip_row = text.lines().find(|l| l.starts_with(CLIP)).unwrap();
    assert!(
        clip_row.contains("0.07 USD/second") && clip_row.contains("Acme Clip"),
        "{clip_row}"
    );
    let found = simulated(dir.path())
        .args(["models", "--search", "GEN-11", "--output", "json"])
        .assert()
        .success();
    let rows: Vec<Value> = serde_json::from_str(&stdout(&found)).unwrap();
    assert_eq!(rows.len(), 10, "gen-110 .. gen-119");
    let videos = simulated(dir.path())
        .args(["models", "--category", "image-to-video"])
        .assert()
        .success();
    let text = stdout(&videos);
    assert!(text.contains(CLIP) && text.contains("runwayml/runway-gen-4"), "{text}");
    assert!(!text.contains(GEN), "{text}");
    let limited = simulated(dir.path())
        .args(["models", "--limit", "3"])
        .assert()
        .success();
    assert_eq!(stdout(&limited).lines().count(), 4);
    simulated(dir.path())
        .args(["models", "categories"])
        .assert()
        .success()
        .stdout(predicate::str::contains("image-to-video"));
}

#[test]
fn a_model_is_shown_from_the_live_schema_with_its_price() {
    let dir = folder(1, Some(120));
    simulated(dir.path())
        .args(["models", "show", CLIP])
        .assert()
        .success()
        .stdout(predicate::str::contains("name: Acme Clip"))
        .stdout(predicate::str::contains("price: 0.07 USD/second"))
        .stdout(predicate::str::contains("length: at most 120"))
        .stdout(predicate::str::contains("allowed: 5, 10"));
}

#[test]
fn a_model_not_compiled_in_runs_with_flags_from_its_schema_after_its_price() {
    let dir = folder(1, Some(120));
    simulated(dir.path())
        .args(["run", CLIP, "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--duration <VALUE>"))
        .stdout(predicate::str::contains("allowed: 5, 10"));
    // Checked against the fetched schema before anything is sent.
    simulated(dir.path())
        .args(["run", CLIP, "--prompt", "x", "--duration", "7"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains("/duration"))
        .stderr(predicate::str::contains("submitted").not());
    let out = tempfile::tempdir().unwrap();
    let run = simulated(dir.path())
        .args(["run", CLIP, "--prompt", "a clip", "--duration", "10", "-o"])
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "estimated price: 0.7 USD (0.07 USD per second x 10 s)",
        ))
        .stderr(predicate::str::contains("cost 0.7 USD"));
    let path = stdout(&run).trim().to_owned();
    assert!(path.ends_with(".mp4"), "{path}");
    let video = runcomfy_sim::read_mp4_video(&std::fs::read(&path).unwrap());
    assert!(video.is_some(), "a real MP4");
    // The price comes first: the estimate line precedes the request id.
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.find("estimated price").unwrap() < stderr.find("submitted").unwrap(),
        "{stderr}"
    );
}

#[test]
fn dry_runs_price_both_units_and_a_cap_refuses() {
    let dir = folder(1, None);
    let dry = simulated(dir.path())
        .args(["run", GEN, "--prompt", "x", "--num-images", "3", "--dry-run"])
        .assert()
        .success()
        .stderr(predicate::str::contains("USD per output x 3 outputs"))
        .stderr(predicate::str::contains("nothing was submitted"));
    let body: Value = serde_json::from_str(&stdout(&dry)).unwrap();
    assert_eq!(body, serde_json::json!({"prompt": "x", "num_images": 3}));
    let dry = simulated(dir.path())
        .args(["--output", "json", "run", CLIP, "--prompt", "x", "--dry-run"])
        .assert()
        .success();
    let v: Value = serde_json::from_str(&stdout(&dry)).unwrap();
    assert_eq!(v["estimated_usd"], 0.35, "the schema's default duration, 5 s");
    simulated(dir.path())
        .args(["run", CLIP, "--prompt", "x", "--duration", "10", "--max-price", "0.5"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains("above --max-price 0.5 USD"));
    let urls = simulated(dir.path())
        .args(["run", GEN, "--prompt", "x", "--no-download"])
        .assert()
        .success();
    assert!(
        stdout(&urls).trim().starts_with("http://127.0.0.1:"),
        "{}",
        stdout(&urls)
    );
}

#[test]
fn a_batch_runs_catalog_models_too() {
    let dir = folder(1, None);
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("b.jsonl");
    std::fs::write(
        &file,
        format!(
            "{{\"model_id\": \"{CLIP}\", \"input\": {{\"prompt\": \"one\"}}}}\n\
             {{\"model_id\": \"{GEN}\", \"input\": {{\"prompt\": \"two\", \"num_images\": 2}}}}\n\
             {{\"model_id\": \"{CLIP}\", \"input\": {{\"prompt\": \"bad\", \"duration\": 7}}}}\n"
        ),
    )
    .unwrap();
    let run = simulated(dir.path())
        .args(["--output", "json", "batch"])
        .arg(&file)
        .arg("-o")
        .arg(work.path().join("out"))
        .args(["--skip-invalid", "--poll-ms", "30"])
        .assert()
        .success();
    let doc: Value = serde_json::from_str(&stdout(&run)).expect("one JSON document");
    let statuses: Vec<String> = doc["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["status"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(statuses, ["done", "done", "invalid"]);
}

#[test]
fn unknown_models_need_the_catalog_or_a_schema_file() {
    // Not compiled in, no token: a usage error that says how to reach it.
    runcomfy()
        .args(["run", CLIP, "--prompt", "x"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains("--schema FILE"));
    // With its schema file, no catalog is needed to check it.
    let dir = folder(0, Some(3));
    runcomfy()
        .args(["run", CLIP, "--schema"])
        .arg(dir.path().join(format!("{CLIP}.json")))
        .args(["--prompt", "too long", "--dry-run"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains("/prompt"));
}

#[test]
fn schemas_are_pulled_byte_stable_and_drift_fails_the_check() {
    let served = folder(1, Some(120));
    let sim = Sim::start(runcomfy_sim::SimConfig {
        schemas_dir: served.path().to_owned(),
        ..runcomfy_sim::SimConfig::for_tests("t")
    });
    let pulled = tempfile::tempdir().unwrap();
    sim.cmd("t")
        .args(["schemas", "pull", CLIP, GEN, "--dir"])
        .arg(pulled.path())
        .assert()
        .success();
    let file = pulled.path().join(format!("{CLIP}.json"));
    let first = std::fs::read(&file).unwrap();
    sim.cmd("t")
        .args(["schemas", "pull", "--all", "--dir"])
        .arg(pulled.path())
        .assert()
        .success();
    assert_eq!(std::fs::read(&file).unwrap(), first, "byte-identical on a second pull");
    assert!(pulled.path().join(format!("{GEN}.json")).is_file());
    sim.cmd("t")
        .args(["schemas", "check", "--dir"])
        .arg(pulled.path())
        .assert()
        .success();
    drop(sim);
    // The catalog lowers a bound: the check exits non-zero and names it.
    let changed = folder(1, Some(60));
    let sim = Sim::start(runcomfy_sim::SimConfig {
        schemas_dir: changed.path().to_owned(),
        ..runcomfy_sim::SimConfig::for_tests("t")
    });
    sim.cmd("t")
        .args(["schemas", "check", "--dir"])
        .arg(pulled.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(CLIP))
        .stdout(predicate::str::contains("~ prompt: maxLength 120 -> 60"));
}

#[test]
fn offline_the_cache_lists_shows_and_prices() {
    let dir = folder(1, None);
    let cache = tempfile::tempdir().unwrap();
    let sim = Sim::start(runcomfy_sim::SimConfig {
        schemas_dir: dir.path().to_owned(),
        ..runcomfy_sim::SimConfig::for_tests("t")
    });
    let mut online = sim.cmd("t");
    online
        .env("XDG_CACHE_HOME", cache.path())
        .args(["models", "show", CLIP])
        .assert()
        .success();
    let base = sim.sim.base_url().to_owned();
    drop(sim); // the catalog is gone
    let offline = |args: &[&str]| {
        let mut cmd = runcomfy();
        cmd.env("XDG_CACHE_HOME", cache.path())
            .env("RUNCOMFY_TOKEN", "t")
            .env("RUNCOMFY_MODEL_API_BASE", &base)
            .args(args);
        cmd
    };
    let list = offline(&["models", "--offline"]).assert().success();
    let row = stdout(&list)
        .lines()
        .find(|l| l.starts_with(CLIP))
        .map(str::to_owned)
        .unwrap();
    assert!(row.contains("0.07 USD/second") && row.contains("cache"), "{row}");
    offline(&["models", "show", CLIP, "--offline"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(cache)"));
    // A run's schema and price from the cache while the catalog cannot be reached.
    offline(&["run", CLIP, "--prompt", "x", "--dry-run"])
        .assert()
        .success()
        .stderr(predicate::str::contains("estimated price: 0.35 USD"));
}
