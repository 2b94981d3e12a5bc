//! Every guard of the CLI fails closed at the edge where schemas, prices and answers come
//! from outside the program: an unknown price passes no cap and no confirmation, a schema's
//! property names never take `run`'s own options, text from schemas is sanitized before a
//! terminal sees it, and the batch bookkeeping refuses what it cannot decide.
//! Everything against the simulator or a scripted server on 127.0.0.1.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use predicates::prelude::*;
use runcomfy_sim::scripted::Reply;
use serde_json::{Value, json};

/// A schema folder: one model per (id, schema, sidecar).
fn folder(models: &[(&str, Value, Option<Value>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (id, schema, meta) in models {
        let path = dir.path().join(format!("{id}.json"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, schema.to_string()).unwrap();
        if let Some(meta) = meta {
            std::fs::write(dir.path().join(format!("{id}.meta.json")), meta.to_string()).unwrap();
        }
    }
    dir
}

fn prompt_schema() -> Value {
    json!({"type": "object", "required": ["prompt"], "properties": {
        "prompt": {"type": "string"},
        "duration": {"type": "string", "enum": ["auto", "5", "10"]}}})
}

fn simulated(dir: &Path) -> assert_cmd::Command {
    let mut cmd = runcomfy();
    cmd.arg("--simulate")
        .arg("--schemas")
        .arg(dir)
        .timeout(Duration::from_secs(60));
    cmd
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

const ODD_UNIT: &str = "acme/odd-unit/text-to-image";
const PER_SECOND: &str = "acme/per-second/text-to-video";

/// A model priced in a unit nobody can count, and one priced per second whose duration can
/// be `auto`.
fn priced_folder() -> tempfile::TempDir {
    folder(&[
        (
            ODD_UNIT,
            prompt_schema(),
            Some(json!({"base_price_usd": 0.02, "price_unit": "token", "categories": ["text-to-image"]})),
        ),
        (
            PER_SECOND,
            prompt_schema(),
            Some(json!({"base_price_usd": 0.1, "price_unit": "second", "categories": ["text-to-video"]})),
        ),
    ])
}

#[test]
fn max_price_refuses_an_unknown_estimate_and_says_how_to_assert_one() {
    let dir = priced_folder();
    let out = tempfile::tempdir().unwrap();
    // An unknown unit, a per-second price without a duration, a duration that is no number.
    for args in [
        vec!["run", ODD_UNIT, "--prompt", "x"],
        vec!["run", PER_SECOND, "--prompt", "x"],
        vec!["run", PER_SECOND, "--prompt", "x", "--duration", "auto"],
    ] {
        let refused = simulated(dir.path())
            .args(&args)
            .args(["--max-price", "5", "-o"])
            .arg(out.path())
            .assert()
            .code(65);
        let text = stderr(&refused);
        assert!(text.contains("cannot be estimated"), "{text}");
        assert!(text.contains("--assume-price"), "{text}");
        assert!(!text.contains(": request "), "nothing was submitted: {text}");
    }
    let why = stderr(
        &simulated(dir.path())
            .args(["run", ODD_UNIT, "--prompt", "x", "--max-price", "5"])
            .assert()
            .code(65),
    );
    assert!(why.contains("\"token\""), "names the unit: {why}");
    // An asserted price stands in: below the cap the job runs, above it is refused.
    simulated(dir.path())
        .args([
            "run",
            ODD_UNIT,
            "--prompt",
            "x",
            "--max-price",
            "5",
            "--assume-price",
            "0.5",
            "-o",
        ])
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("asserted with --assume-price"));
    simulated(dir.path())
        .args([
            "run",
            ODD_UNIT,
            "--prompt",
            "x",
            "--max-price",
            "0.1",
            "--assume-price",
            "0.5",
        ])
        .assert()
        .code(65)
        .stderr(predicate::str::contains("above --max-price 0.1 USD"));
    // An assertion never lowers a known estimate: 10 s x 0.1 USD = 1 USD.
    simulated(dir.path())
        .args(["run", PER_SECOND, "--prompt", "x", "--duration", "10"])
        .args(["--max-price", "0.5", "--assume-price", "0.01"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "the estimated price 1 USD is above --max-price 0.5 USD",
        ));
}

#[test]
fn an_unreachable_catalog_is_an_unknown_price() {
    // A base URL where nothing listens: the catalog cannot be reached.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = runcomfy()
        .env("RUNCOMFY_TOKEN", "t0k3n-for-tests")
        .env("RUNCOMFY_MODEL_API_BASE", format!("http://127.0.0.1:{port}/v1"))
        .args(["--retries", "0", "run", FLUX, "--prompt", "x", "--max-price", "1"])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(65);
    let text = stderr(&refused);
    assert!(text.contains("no catalog entry"), "{text}");
}

#[test]
fn confirmation_off_a_terminal_needs_yes_with_the_command_to_rerun() {
    let dir = priced_folder();
    let out = tempfile::tempdir().unwrap();
    // Above the threshold: 10 s x 0.1 USD = 1 USD > 0.5.
    let refused = simulated(dir.path())
        .args([
            "run",
            PER_SECOND,
            "--prompt",
            "a fox",
            "--duration",
            "10",
            "--confirm-above",
            "0.5",
        ])
        .assert()
        .code(64);
    let text = stderr(&refused);
    assert!(text.contains("above --confirm-above 0.5 USD"), "{text}");
    assert!(text.contains("no terminal to ask"), "{text}");
    assert!(
        text.contains("runcomfy --simulate --schemas"),
        "the command to rerun, as typed: {text}"
    );
    assert!(
        text.contains("--prompt 'a fox'") && text.trim_end().ends_with("-y"),
        "{text}"
    );
    // Unknown: refused too (the default threshold is 1 USD).
    simulated(dir.path())
        .args(["run", ODD_UNIT, "--prompt", "x"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains("the price cannot be estimated"));
    // With -y both run.
    for args in [
        vec!["run", ODD_UNIT, "--prompt", "x", "-y"],
        vec![
            "run",
            PER_SECOND,
            "--prompt",
            "x",
            "--duration",
            "10",
            "--confirm-above",
            "0.5",
            "-y",
        ],
    ] {
        simulated(dir.path())
            .args(&args)
            .arg("-o")
            .arg(out.path())
            .assert()
            .success();
    }
    // A threshold in the environment that is not an amount is an error, not ignored.
    simulated(dir.path())
        .env("RUNCOMFY_CONFIRM_ABOVE", "lots")
        .args(["run", PER_SECOND, "--prompt", "x", "--duration", "10"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains("RUNCOMFY_CONFIRM_ABOVE"));
}

#[test]
fn prices_print_sanely() {
    let dir = folder(&[
        (
            "acme/huge/text-to-image",
            prompt_schema(),
            Some(json!({"base_price_usd": 1e300, "price_unit": "output"})),
        ),
        (
            "acme/free/text-to-image",
            prompt_schema(),
            Some(json!({"base_price_usd": 0.0, "price_unit": "output"})),
        ),
    ]);
    let list = simulated(dir.path()).arg("models").assert().success();
    let text = stdout(&list);
    let huge = text.lines().find(|l| l.starts_with("acme/huge")).unwrap();
    assert!(huge.contains("1.000e300 USD/output"), "{huge}");
    assert!(!text.contains(" -0") && !text.contains("-0 USD"), "{text}");
    assert!(text.lines().all(|l| l.len() < 400), "{text}");
    let dry = simulated(dir.path())
        .args(["run", "acme/huge/text-to-image", "--prompt", "x", "--dry-run"])
        .assert()
        .success();
    assert!(
        stderr(&dry).contains("estimated price: 1.000e300 USD"),
        "{}",
        stderr(&dry)
    );
}

/// Every long option of `run` (its own and the global ones), as `run --help` lists them.
fn run_option_names() -> Vec<String> {
    let help = runcomfy().args(["run", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&help.stdout).into_owned();
    let mut names: Vec<String> = text
        .split_whitespace()
        .filter_map(|w| w.strip_prefix("--"))
        .map(|w| {
            w.trim_end_matches([',', '.', ':', ')'])
                .split(['=', '<', '['])
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn schema_properties_never_take_runs_own_options() {
    let options = run_option_names();
    for must in [
        "timeout",
        "output-dir",
        "yes",
        "dry-run",
        "simulate",
        "quiet",
        "no-wait",
        "max-price",
        "input",
        "help",
    ] {
        assert!(
            options.iter().any(|o| o == must),
            "`run --help` lists --{must}: {options:?}"
        );
    }
    // A property named like each option, in snake case and in kebab case.
    let mut properties = serde_json::Map::new();
    properties.insert("prompt".into(), json!({"type": "string"}));
    for o in &options {
        properties.insert(o.replace('-', "_"), json!({"type": "string"}));
        properties.insert(o.clone(), json!({"type": "string"}));
    }
    let id = "acme/clashing/text-to-image";
    let dir = folder(&[(
        id,
        json!({"type": "object", "properties": properties}),
        Some(json!({"base_price_usd": 0.001, "price_unit": "output"})),
    )]);
    // The help shows both: `run`'s option and the property's prefixed flag.
    let help = simulated(dir.path()).args(["run", id, "--help"]).assert().success();
    let text = stdout(&help);
    for o in &options {
        assert!(
            text.contains(&format!("--{o} "))
                || text.contains(&format!("--{o}\n"))
                || text.contains(&format!("--{o} <")),
            "--{o}"
        );
        assert!(
            text.contains(&format!("--field-{o}")),
            "--field-{o} for property {o}: {text}"
        );
    }
    // `run`'s own options keep their meaning and change nothing in the body.
    let out = tempfile::tempdir().unwrap();
    let dry = simulated(dir.path())
        .args(["run", id, "--prompt", "p", "--timeout", "30", "-o"])
        .arg(out.path())
        .args([
            "--yes",
            "--max-price",
            "9",
            "--input",
            "{}",
            "--quiet",
            "--dry-run",
            "--output",
            "json",
        ])
        .assert()
        .success();
    let v: Value = serde_json::from_str(&stdout(&dry)).expect("one JSON document");
    assert_eq!(v["body"], json!({"prompt": "p"}));
    // The prefixed flags set the properties (the first prefix goes to the first property).
    let dry = simulated(dir.path())
        .args([
            "--output",
            "json",
            "run",
            id,
            "--field-timeout",
            "t",
            "--field-yes",
            "y",
            "--dry-run",
        ])
        .assert()
        .success();
    let v: Value = serde_json::from_str(&stdout(&dry)).unwrap();
    assert_eq!(v["body"], json!({"timeout": "t", "yes": "y"}));
}

#[test]
fn text_from_a_schema_or_catalog_is_sanitized_before_the_terminal() {
    let evil = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}";
    let id = "acme/evil/text-to-image";
    let dir = folder(&[(
        id,
        json!({"type": "object", "title": format!("T{evil}"), "description": format!("D{evil}"),
               "required": ["prompt"], "properties": {
            "prompt": {"type": "string", "description": format!("P{evil}"), "default": format!("d{evil}")},
            "style": {"type": "string", "enum": [format!("a{evil}"), "b"]}}}),
        Some(json!({"base_price_usd": 0.001, "price_unit": "output", "pricing_note": "per image"})),
    )]);
    for args in [
        vec!["models", "show", id],
        vec!["run", id, "--help"],
        vec!["models"],
        vec!["run", id, "--prompt", "x", "--style", "c"],
    ] {
        let out = simulated(dir.path()).args(&args).output().unwrap();
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'),
                "{args:?}: {text:?}"
            );
        }
    }
}

#[test]
fn a_world_writable_token_file_gets_a_warning() {
    use std::os::unix::fs::PermissionsExt as _;
    let sim = Sim::start(runcomfy_sim::SimConfig::for_tests("file-token"));
    let config = tempfile::tempdir().unwrap();
    let file = config.path().join("token.json");
    std::fs::write(&file, r#"{"access_token": "file-token"}"#).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
    let models = |cmd: &mut assert_cmd::Command| {
        cmd.env_remove("RUNCOMFY_TOKEN")
            .env("RUNCOMFY_CONFIG_DIR", config.path())
            .env("RUNCOMFY_MODEL_API_BASE", sim.sim.base_url())
            .args(["models", "categories"])
            .assert()
            .success()
    };
    let warned = models(&mut runcomfy());
    assert!(
        stderr(&warned).contains("writable by every user"),
        "{}",
        stderr(&warned)
    );
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let quiet = models(&mut runcomfy());
    assert!(!stderr(&quiet).contains("writable"), "{}", stderr(&quiet));
}

#[test]
fn an_unknown_or_empty_status_word_is_not_a_success() {
    let hostile = Hostile::start();
    for (id, word) in [("odd-status", "dreaming"), ("empty-status", "")] {
        hostile.server.route(
            "GET",
            &format!("/v1/requests/{id}/status"),
            Reply::json(200, json!({"request_id": id, "status": word})),
        );
        hostile.cmd("t0k3n-for-tests").args(["status", id]).assert().code(69);
    }
}

// ---- batch ----

/// A simulator whose jobs finish in well under a second.
fn fast_sim() -> Sim {
    Sim::start(runcomfy_sim::SimConfig {
        clock: runcomfy_sim::ClockMode::Accelerated(20.0),
        max_image_side: 32,
        ..runcomfy_sim::SimConfig::for_tests("batch-token")
    })
}

fn batch_file(dir: &Path, lines: &[String]) -> PathBuf {
    let path = dir.join("batch.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn flux_line(prompt: &str) -> String {
    json!({"model_id": FLUX, "input": {"prompt": prompt}}).to_string()
}

#[test]
fn a_budget_needs_a_price_for_every_model_and_counts_missing_costs_at_it() {
    let hostile = Hostile::start();
    let png = base64_png();
    hostile.server.route(
        "GET",
        "/files/out.png",
        Reply::Raw {
            status: 200,
            headers: vec![("content-type".into(), "image/png".into())],
            body: png.into(),
        },
    );
    let ids: Vec<String> = (1..=6).map(|i| format!("job-{i}")).collect();
    let submit = |id: &str| {
        Reply::json(
            200,
            json!({"request_id": id, "status_url": "", "result_url": "", "cancel_url": ""}),
        )
    };
    hostile.server.route(
        "POST",
        &format!("/v1/models/{FLUX}"),
        Reply::Sequence(ids.iter().map(|id| submit(id)).collect()),
    );
    for id in &ids {
        hostile.server.route(
            "GET",
            &format!("/v1/requests/{id}/status"),
            Reply::json(200, json!({"request_id": id, "status": "completed"})),
        );
        // A result without a cost (and one with a cost that is not a number).
        let cost = if id == "job-2" { json!("free!") } else { Value::Null };
        hostile.server.route(
            "GET",
            &format!("/v1/requests/{id}/result?include_cost=true"),
            Reply::json(
                200,
                json!({"status": "completed", "cost": cost,
                       "output": {"image": hostile.server.url("/files/out.png")}}),
            ),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let file = batch_file(
        dir.path(),
        &(1..=6).map(|i| flux_line(&format!("p{i}"))).collect::<Vec<_>>(),
    );
    let out = dir.path().join("out");
    // The scripted server has no catalog: no estimate, so a budget cannot be kept.
    let refused = hostile
        .cmd("t0k3n-for-tests")
        .args(["batch"])
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .args(["-j", "1", "--max-cost", "0.025", "--retries", "0"])
        .assert()
        .code(65);
    assert!(stderr(&refused).contains("--assume-price"), "{}", stderr(&refused));
    assert!(
        !hostile.server.requests().iter().any(|r| r.method == "POST"),
        "nothing was submitted"
    );
    // Asserted at 0.01 USD a job: results without a cost count at it, never at 0.
    let run = hostile
        .cmd("t0k3n-for-tests")
        .args(["--output", "json", "batch"])
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .args(["-j", "1", "--max-cost", "0.025", "--retries", "0"])
        .args(["--assume-price", &format!("{FLUX}=0.01"), "--poll-ms", "20"])
        .assert()
        .code(75);
    let doc: Value = serde_json::from_str(&stdout(&run)).unwrap();
    let statuses: Vec<&str> = doc["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "done",
            "done",
            "over budget",
            "over budget",
            "over budget",
            "over budget"
        ]
    );
    assert_eq!(doc["spent_usd"], 0.02);
}

/// A 1x1 PNG.
fn base64_png() -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
        .unwrap()
}

#[test]
fn batch_status_lists_every_line_catalog_models_included() {
    let dir = folder(&[(
        "acme/cat/text-to-image",
        prompt_schema(),
        Some(json!({"base_price_usd": 0.001, "price_unit": "output"})),
    )]);
    let work = tempfile::tempdir().unwrap();
    let file = batch_file(
        work.path(),
        &[
            flux_line("one"),
            json!({"model_id": "acme/cat/text-to-image", "input": {"prompt": "two"}}).to_string(),
        ],
    );
    let out = work.path().join("out");
    simulated(dir.path())
        .arg("batch")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    // No network, no simulator: every line with its state.
    let status = runcomfy()
        .args(["--output", "json", "batch"])
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .arg("--status")
        .assert()
        .success();
    let doc: Value = serde_json::from_str(&stdout(&status)).unwrap();
    let rows: Vec<(String, String)> = doc["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["model_id"].as_str().unwrap().to_owned(),
                l["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (FLUX.to_owned(), "done".to_owned()),
            ("acme/cat/text-to-image".to_owned(), "done".to_owned())
        ]
    );
}

/// A store holding lines in `outcome_unknown` (a submit cut after the body was sent) and done.
fn store_with_unknown_outcomes(dir: &Path) -> (PathBuf, PathBuf, Sim) {
    let sim = Sim::start(runcomfy_sim::SimConfig {
        faults: runcomfy_sim::Faults::none().with(
            Some(runcomfy_sim::Op::Submit),
            None,
            runcomfy_sim::FaultKind::ResetAfterBody,
            1.0,
        ),
        ..runcomfy_sim::SimConfig::for_tests("batch-token")
    });
    let file = batch_file(dir, &[flux_line("a"), flux_line("b"), flux_line("c")]);
    let out = dir.join("out");
    sim.cmd("batch-token")
        .arg("batch")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .args(["--retries", "0", "-j", "1"])
        .assert()
        .code(75);
    (file, out, sim)
}

#[test]
fn adopt_checks_every_pair_before_writing_any() {
    let dir = tempfile::tempdir().unwrap();
    let (file, out, sim) = store_with_unknown_outcomes(dir.path());
    let batch = |extra: &[&str]| {
        let mut cmd = sim.cmd("batch-token");
        cmd.arg("batch").arg(&file).arg("-o").arg(&out).args(extra);
        cmd
    };
    // One good pair and one naming a line that is not a job: nothing is written.
    let refused = batch(&["--adopt", "1=aaaaaaaa-1", "--adopt", "9=bbbbbbbb-2"])
        .assert()
        .code(64);
    assert!(stderr(&refused).contains("nothing was adopted"), "{}", stderr(&refused));
    // The same request id for two lines: a clear error, no SQLite text.
    let twice = batch(&["--adopt", "1=aaaaaaaa-1", "--adopt", "2=aaaaaaaa-1"])
        .assert()
        .code(64);
    let text = stderr(&twice);
    assert!(text.contains("the same request id is given for line 1"), "{text}");
    assert!(!text.to_lowercase().contains("constraint"), "{text}");
    let status = batch(&["--status", "--output", "json"]).assert().success();
    let doc: Value = serde_json::from_str(&stdout(&status)).unwrap();
    assert!(
        doc["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["request_id"].is_null()),
        "nothing was adopted: {doc}"
    );
}

#[test]
fn resubmit_unknown_refuses_lines_whose_outcome_is_known() {
    let dir = tempfile::tempdir().unwrap();
    let file = batch_file(dir.path(), &[flux_line("a"), flux_line("b")]);
    let out = dir.path().join("out");
    let sim = fast_sim();
    sim.cmd("batch-token")
        .arg("batch")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let before = sim.sim.accounting().submissions.len();
    let refused = sim
        .cmd("batch-token")
        .arg("batch")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .arg("--resubmit-unknown=1,7")
        .assert()
        .code(64);
    let text = stderr(&refused);
    assert!(text.contains("line 1 is done, not `outcome unknown`"), "{text}");
    assert!(text.contains("line 7 is not a job of this file"), "{text}");
    assert_eq!(sim.sim.accounting().submissions.len(), before, "nothing was sent");
}

#[test]
fn a_missing_or_broken_store_next_to_job_folders_refuses_to_start_over() {
    let dir = tempfile::tempdir().unwrap();
    let file = batch_file(dir.path(), &[flux_line("a")]);
    let out = dir.path().join("out");
    let sim = fast_sim();
    let batch = |extra: &[&str]| {
        let mut cmd = sim.cmd("batch-token");
        cmd.arg("batch").arg(&file).arg("-o").arg(&out).args(extra);
        cmd
    };
    batch(&[]).assert().success();
    let store = out.join(".runcomfy-batch.sqlite");
    // Deleted: the outputs are there, the store is not.
    std::fs::remove_file(&store).unwrap();
    let _ = std::fs::remove_file(out.join(".runcomfy-batch.sqlite-wal"));
    let refused = batch(&[]).assert().code(74);
    assert!(stderr(&refused).contains("--new-store"), "{}", stderr(&refused));
    // Unreadable: garbage where the store was.
    std::fs::write(&store, b"this is not a database, not even close......................").unwrap();
    batch(&[])
        .assert()
        .code(74)
        .stderr(predicate::str::contains("--new-store"));
    let submitted = sim.sim.accounting().submissions.len();
    assert_eq!(submitted, 1, "nothing was sent again");
    // With --new-store the run starts over (the broken file is moved aside).
    batch(&["--new-store"]).assert().success();
    assert_eq!(sim.sim.accounting().submissions.len(), 2);
    assert!(
        std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains("unreadable")),
        "moved aside"
    );
}

#[test]
fn deleting_the_lock_file_does_not_let_a_second_process_in() {
    let dir = tempfile::tempdir().unwrap();
    let file = batch_file(dir.path(), &[flux_line("a"), flux_line("b")]);
    let out = dir.path().join("out");
    // A paused clock: the first process waits for its jobs until it is killed.
    let sim = Sim::start(runcomfy_sim::SimConfig::for_tests("batch-token"));
    let mut first = std::process::Command::new(BIN);
    for var in VARS {
        first.env_remove(var);
    }
    let mut first = first
        .env("RUNCOMFY_CONFIG_DIR", "/nonexistent/runcomfy-test-config")
        .env("XDG_CACHE_HOME", test_cache())
        .env("RUNCOMFY_TOKEN", "batch-token")
        .env("RUNCOMFY_MODEL_API_BASE", sim.sim.base_url())
        .arg("batch")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let lock = out.join(".runcomfy-batch.sqlite.lock");
    let started = std::time::Instant::now();
    while !lock.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the first process never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::fs::remove_file(&lock).unwrap();
    let second = sim
        .cmd("batch-token")
        .arg("batch")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(75);
    assert!(
        stderr(&second).contains("is using the batch store"),
        "{}",
        stderr(&second)
    );
    let _ = first.kill();
    let _ = first.wait();
}

#[test]
fn local_files_that_are_not_regular_files_are_errors_not_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let quick = |cmd: &mut assert_cmd::Command| {
        let out = cmd.timeout(Duration::from_secs(20)).output().unwrap();
        assert!(
            out.status.code().is_some(),
            "ended by the timeout, not by itself: {out:?}"
        );
        let code = out.status.code().unwrap();
        assert_ne!(code, 0, "{out:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    // A batch file, an input file, a schema file, a media file.
    let batch = quick(runcomfy().arg("--simulate").arg("batch").arg(&fifo));
    assert!(batch.contains("FIFO"), "{batch}");
    let input = quick(runcomfy().args(["--simulate", "run", FLUX, "--input-file"]).arg(&fifo));
    assert!(input.contains("FIFO"), "{input}");
    let schema = quick(
        runcomfy()
            .args(["--simulate", "run", "me/x/text-to-image", "--schema"])
            .arg(&fifo),
    );
    assert!(schema.contains("FIFO"), "{schema}");
    let media = quick(
        runcomfy()
            .args([
                "--simulate",
                "run",
                "runwayml/runway-gen-4/turbo/image-to-video",
                "--prompt-image",
            ])
            .arg(&fifo),
    );
    assert!(media.contains("FIFO"), "{media}");
    // The official CLI's token file.
    let config = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(config.path().join("token.json"))
        .status()
        .unwrap();
    assert!(made.success());
    let token = quick(
        runcomfy()
            .env("RUNCOMFY_CONFIG_DIR", config.path())
            .args(["models", "categories"]),
    );
    assert!(token.contains("FIFO"), "{token}");
}
