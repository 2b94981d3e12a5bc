//! What a run leaves behind, from the binary: `results.jsonl` and `index.html` written as a
//! batch (or `run -o DIR`) goes, readable file names, `--no-gallery`, `runcomfy gallery DIR`
//! rebuilding both from the store and the files, and the page of a simulated batch checked in
//! headless Chromium (images decoded, the video has a duration, the status filter works).

mod common;

#[path = "../../runcomfy-gallery/tests/support/cdp.rs"]
#[allow(dead_code)]
mod cdp;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use serde_json::{Value, json};

const CLIP: &str = "acme/clip/text-to-video";

/// A folder with one video model.
fn schemas() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{CLIP}.json"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        r#"{"type": "object", "required": ["prompt"], "properties": {
            "prompt": {"type": "string"}, "duration": {"type": "integer", "enum": [1, 2], "default": 1}}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join(format!("{CLIP}.meta.json")),
        r#"{"display_name": "Acme Clip", "base_price_usd": 0.01, "price_unit": "second"}"#,
    )
    .unwrap();
    dir
}

/// A batch of three foxes (one with an id), a clip, and a line the schema refuses.
fn batch_file(dir: &Path) -> PathBuf {
    let lines = [
        json!({"model_id": FLUX, "input": {"prompt": "a red fox in snow"}}),
        json!({"id": "grey", "model_id": FLUX, "input": {"prompt": "a grey fox at dusk"}}),
        json!({"model_id": CLIP, "input": {"prompt": "a fox running", "duration": 2}}),
        json!({"model_id": FLUX, "input": {"prompt": "a fox", "steps": 99}}),
        json!({"model_id": FLUX, "input": {"prompt": "an arctic fox"}}),
    ];
    let path = dir.join("foxes.jsonl");
    std::fs::write(&path, lines.iter().map(Value::to_string).collect::<Vec<_>>().join("\n")).unwrap();
    path
}

fn simulated(schemas: &Path) -> assert_cmd::Command {
    let mut cmd = runcomfy();
    cmd.arg("--simulate")
        .arg("--schemas")
        .arg(schemas)
        .timeout(Duration::from_secs(120));
    cmd
}

fn results(out: &Path) -> Vec<Value> {
    std::fs::read_to_string(out.join("results.jsonl"))
        .expect("results.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record"))
        .collect()
}

#[test]
fn a_batch_leaves_results_and_a_gallery_and_both_are_rebuilt() {
    let schemas = schemas();
    let work = tempfile::tempdir().unwrap();
    let file = batch_file(work.path());
    let out = work.path().join("out");
    simulated(schemas.path())
        .arg("batch")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .args(["--skip-invalid", "--poll-ms", "30"])
        .assert()
        .success();
    let records = results(&out);
    assert_eq!(records.len(), 5, "{records:#?}");
    let by_line = |n: u64| records.iter().find(|r| r["line"] == n).unwrap().clone();
    for n in [1, 2, 3, 5] {
        let r = by_line(n);
        assert_eq!(r["v"], 1);
        assert_eq!(r["status"], "done", "{r}");
        let rid = r["request_id"].as_str().unwrap();
        assert!(r["input"]["prompt"].is_string(), "the input as sent: {r}");
        let files = r["files"].as_array().unwrap();
        assert!(!files.is_empty(), "{r}");
        for f in files {
            let path = f["path"].as_str().unwrap();
            // `<line or id>-<short request id>-<n>.<ext>`, directly in the folder.
            let label = if n == 2 { "grey".to_owned() } else { format!("{n:04}") };
            assert!(path.starts_with(&format!("{label}-{}-", &rid[..8])), "{path}");
            assert!(!path.contains('/') && out.join(path).is_file(), "{path}");
            assert!(f["url"].as_str().unwrap().starts_with("http://127.0.0.1:"), "{f}");
        }
    }
    assert_eq!(by_line(3)["files"][0]["kind"], "video");
    let invalid = by_line(4);
    assert_eq!(invalid["status"], "invalid");
    assert!(
        invalid["error"]["message"].as_str().unwrap().contains("/steps"),
        "{invalid}"
    );
    let page = std::fs::read_to_string(out.join("index.html")).expect("the gallery page");
    assert!(page.contains("a grey fox at dusk"));

    // A rerun keeps the records of the jobs done before.
    simulated(schemas.path())
        .arg("batch")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .args(["--skip-invalid", "--no-gallery"])
        .assert()
        .success();
    assert_eq!(results(&out), records, "already done lines keep their records");

    // Both files gone: `runcomfy gallery` makes them again from the store and the files.
    std::fs::remove_file(out.join("results.jsonl")).unwrap();
    std::fs::remove_file(out.join("index.html")).unwrap();
    runcomfy().arg("gallery").arg(&out).assert().success();
    let rebuilt = results(&out);
    assert_eq!(rebuilt.len(), 4, "the store's jobs: {rebuilt:#?}");
    for r in &rebuilt {
        let before = records.iter().find(|b| b["line"] == r["line"]).unwrap();
        assert_eq!(r["request_id"], before["request_id"]);
        assert_eq!(r["input"], before["input"], "the store keeps the input");
        assert_eq!(
            r["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| &f["path"])
                .collect::<Vec<_>>(),
            before["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| &f["path"])
                .collect::<Vec<_>>()
        );
    }
    assert!(out.join("index.html").is_file());
    // --no-gallery: the records only.
    std::fs::remove_file(out.join("index.html")).unwrap();
    runcomfy()
        .arg("gallery")
        .arg(&out)
        .arg("--no-gallery")
        .assert()
        .success();
    assert!(!out.join("index.html").exists());
}

#[test]
fn run_with_an_output_folder_records_its_job() {
    let out = tempfile::tempdir().unwrap();
    for prompt in ["a lighthouse", "a harbour"] {
        runcomfy()
            .args(["--simulate", "run", FLUX, "--prompt", prompt, "-o"])
            .arg(out.path())
            .timeout(Duration::from_secs(60))
            .assert()
            .success();
    }
    let records = results(out.path());
    assert_eq!(records.len(), 2, "{records:#?}");
    for r in &records {
        assert_eq!(r["model_id"], FLUX);
        let path = r["files"][0]["path"].as_str().unwrap();
        assert!(path.starts_with("flux-1-schnell-"), "{path}");
        assert!(out.path().join(path).is_file());
    }
    assert!(out.path().join("index.html").is_file());
    // Without -o nothing but the outputs is written where the command runs.
    let here = tempfile::tempdir().unwrap();
    runcomfy()
        .current_dir(here.path())
        .args(["--simulate", "run", FLUX, "--prompt", "x"])
        .timeout(Duration::from_secs(60))
        .assert()
        .success();
    assert!(!here.path().join("results.jsonl").exists());
}

/// The page of a simulated batch, in a real browser.
const CHECK: &str = r#"(async () => {
  const until = (cond, what) => new Promise((resolve, reject) => {
    const end = Date.now() + 60000;
    (function poll() {
      if (cond()) return resolve();
      if (Date.now() > end) return reject(new Error('timed out waiting for ' + what));
      setTimeout(poll, 25);
    })();
  });
  const cards = [...document.querySelectorAll('#cards .card')];
  for (const c of cards) { c.scrollIntoView(); await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0))); }
  const imgs = () => [...document.querySelectorAll('#cards img')];
  await until(() => imgs().length > 0 && imgs().every(i => i.complete), 'images');
  const videos = () => [...document.querySelectorAll('#cards video')];
  await until(() => videos().every(v => v.readyState >= 1 || v.error), 'videos');
  const set = (id, v) => { const s = document.getElementById(id); s.value = v; s.dispatchEvent(new Event('change')); };
  const shown = () => [...document.querySelectorAll('#cards .card')].filter(c => !c.hidden).length;
  set('f-status', 'invalid');
  const invalid = shown();
  set('f-status', '');
  return {
    cards: cards.length,
    widths: imgs().map(i => i.naturalWidth),
    durations: videos().map(v => v.duration),
    invalid,
    all: shown(),
  };
})()"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gallery_of_a_simulated_batch_works_in_chromium() {
    let Some(exe) = cdp::find_browser() else {
        assert!(
            std::env::var_os("RUNCOMFY_REQUIRE_BROWSER").is_none(),
            "RUNCOMFY_REQUIRE_BROWSER is set but no Chromium was found"
        );
        eprintln!(
            "\n{0}\nSKIPPED: no Chromium found (apt-get install chromium; .ci/run does)\n{0}\n",
            "!".repeat(78)
        );
        return;
    };
    let schemas = schemas();
    let artifacts = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-gallery");
    let _ = std::fs::remove_dir_all(&artifacts);
    std::fs::create_dir_all(&artifacts).unwrap();
    let file = batch_file(&artifacts);
    let out = artifacts.join("out");
    simulated(schemas.path())
        .arg("batch")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .args(["--skip-invalid", "--poll-ms", "30"])
        .assert()
        .success();
    let page = format!("file://{}", out.join("index.html").display());
    let (report, shot) = tokio::task::spawn_blocking(move || {
        let mut b = cdp::Browser::launch(&exe).expect("the browser starts");
        b.viewport(1280, 900).unwrap();
        b.navigate(&page).unwrap();
        let report = b.eval(CHECK).unwrap_or_else(|e| panic!("{e}\n{}", b.stderr()));
        b.eval("window.scrollTo(0, 0); new Promise(r => setTimeout(r, 100))")
            .unwrap();
        (report, b.screenshot().unwrap())
    })
    .await
    .unwrap();
    std::fs::write(artifacts.join("screenshot.png"), shot).unwrap();
    assert_eq!(report["cards"], 5, "{report}");
    let widths = report["widths"].as_array().unwrap();
    assert_eq!(widths.len(), 3, "three images: {report}");
    assert!(
        widths.iter().all(|w| w.as_u64().unwrap() > 0),
        "every image decoded: {report}"
    );
    let durations = report["durations"].as_array().unwrap();
    assert_eq!(durations.len(), 1, "{report}");
    assert!(durations[0].as_f64().unwrap() > 1.5, "the 2 s clip: {report}");
    assert_eq!(report["invalid"], 1, "{report}");
    assert_eq!(report["all"], 5, "{report}");
}
