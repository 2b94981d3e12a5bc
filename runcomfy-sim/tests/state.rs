//! `SimConfig::state_file`: jobs that outlive the simulator, shared by simulators running at
//! once, and a file that is read like any input.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use runcomfy_sim::{ClockMode, SimConfig, SimHandle};
use serde_json::{Value, json};

fn with_state(path: &Path) -> SimConfig {
    config().state_file(path)
}

async fn get(c: &reqwest::Client, sim: &SimHandle, id: &str, what: &str) -> (u16, Value) {
    get_json(c, &format!("{}/requests/{id}/{what}", sim.base_url()), TOKEN).await
}

#[tokio::test]
async fn a_later_simulator_follows_cancels_and_serves_the_jobs_of_an_earlier_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sim/state.json");
    let c = client();
    let (done, queued, bytes, created_at) = {
        let sim = start(with_state(&path)).await;
        let done = submit_ok(&c, &sim, FLUX, &json!({"prompt": "kept", "steps": 3})).await;
        sim.advance(Duration::from_secs(60));
        let queued = submit_ok(&c, &sim, FLUX, &json!({"prompt": "later"})).await;
        let (_, res) = get(&c, &sim, &done, "result").await;
        assert_eq!(res["status"], "completed");
        let bytes = download(&c, res["output"]["image"].as_str().unwrap()).await;
        assert!(sim.warnings().is_empty(), "{:?}", sim.warnings());
        (done, queued, bytes, res["created_at"].clone())
    };
    assert!(path.is_file());
    let sim = start(with_state(&path)).await;
    // The finished job: same status, same timestamps, same bytes (rendered again here).
    let (code, res) = get(&c, &sim, &done, "result").await;
    assert_eq!(code, 200, "{res}");
    assert_eq!(res["status"], "completed");
    assert_eq!(res["created_at"], created_at, "one timeline across processes");
    let url = res["output"]["image"].as_str().unwrap();
    assert!(url.starts_with(sim.output_origin()), "{url}");
    assert_eq!(download(&c, url).await, bytes);
    // The queued one: still queued (a paused clock does not move between processes), and
    // cancellable here.
    let (_, st) = get(&c, &sim, &queued, "status").await;
    assert_eq!(st["status"], "in_queue", "{st}");
    let resp = c
        .post(format!("{}/requests/{queued}/cancel", sim.base_url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let cancel: Value = resp.json().await.unwrap();
    assert_eq!(cancel["outcome"], "cancelled", "{cancel}");
    // Jobs belong to their token, here too.
    let (code, _) = get_json(&c, &format!("{}/requests/{done}/status", sim.base_url()), OTHER).await;
    assert_eq!(code, 403);
    drop(sim);
    // A third one sees the cancel.
    let sim = start(with_state(&path)).await;
    let (_, st) = get(&c, &sim, &queued, "status").await;
    assert_eq!(st["status"], "cancelled");
    // The token is not in the file, only its hash.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(TOKEN), "the token is never stored");
}

#[tokio::test]
async fn an_accelerated_clock_runs_on_across_processes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let fast = || {
        let mut cfg = with_state(&path);
        cfg.clock = ClockMode::Accelerated(1000.0);
        cfg
    };
    let c = client();
    let id = {
        let sim = start(fast()).await;
        submit_ok(&c, &sim, FLUX, &json!({"prompt": "x"})).await
    };
    // 11 simulated seconds (1 s queued, 10 s run) are 11 ms of wall-clock time at 1000x.
    tokio::time::sleep(Duration::from_millis(30)).await;
    let sim = start(fast()).await;
    let (_, st) = get(&c, &sim, &id, "status").await;
    assert_eq!(st["status"], "completed", "{st}");
}

#[tokio::test]
async fn simulators_running_at_once_share_every_job() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let a = start(with_state(&path)).await;
    let b = start(with_state(&path)).await;
    let c = client();
    let submit_many = |sim: &SimHandle| {
        let c = c.clone();
        let base = sim.base_url().to_owned();
        async move {
            let mut ids = Vec::new();
            for i in 0..15 {
                let resp = c
                    .post(format!("{base}/models/{FLUX}"))
                    .bearer_auth(TOKEN)
                    .json(&json!({"prompt": format!("job {i}")}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(resp.status(), 200);
                ids.push(
                    resp.json::<Value>().await.unwrap()["request_id"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                );
            }
            ids
        }
    };
    let (from_a, from_b) = tokio::join!(submit_many(&a), submit_many(&b));
    let all: Vec<String> = from_a.into_iter().chain(from_b).collect();
    let unique: std::collections::BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), 30);
    for sim in [&a, &b] {
        for id in &all {
            let (code, st) = get(&c, sim, id, "status").await;
            assert_eq!(code, 200, "{id} on {}: {st}", sim.base_url());
        }
    }
    // One queue: 30 jobs, one worker, positions 0 to 29 whichever simulator is asked.
    let mut positions: Vec<u64> = Vec::new();
    for (i, id) in all.iter().enumerate() {
        let sim = if i % 2 == 0 { &a } else { &b };
        positions.push(get(&c, sim, id, "status").await.1["queue_position"].as_u64().unwrap());
    }
    positions.sort_unstable();
    assert_eq!(positions, (0..30).collect::<Vec<u64>>());
    let text = std::fs::read_to_string(&path).unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(file["queue"]["jobs"].as_object().unwrap().len(), 30);
}

#[tokio::test]
async fn a_broken_or_hostile_file_is_set_aside_with_a_warning() {
    let good = {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let sim = start(with_state(&path)).await;
        submit_ok(&client(), &sim, FLUX, &json!({"prompt": "x"})).await;
        drop(sim);
        std::fs::read_to_string(&path).unwrap()
    };
    let huge = good.replacen("\"width\":256", "\"width\":1000000", 1);
    assert_ne!(huge, good);
    let other_id = good.replacen("\"id\":\"", "\"id\":\"../", 1);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("not json", b"{not json".to_vec()),
        ("empty", Vec::new()),
        ("unknown field", good.replacen('{', "{\"extra\":1,", 1).into_bytes()),
        ("an output beyond the limits", huge.into_bytes()),
        ("a request id that is a path", other_id.into_bytes()),
        (
            "another format",
            good.replace("runcomfy-sim-state", "other").into_bytes(),
        ),
    ];
    for (what, bytes) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, &bytes).unwrap();
        let sim = start(with_state(&path)).await;
        let warnings = sim.warnings();
        assert_eq!(warnings.len(), 1, "{what}: {warnings:?}");
        assert!(warnings[0].contains("set aside"), "{what}: {warnings:?}");
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("state.json.broken-"))
            .collect();
        assert_eq!(aside.len(), 1, "{what}");
        // The simulator works, and writes a good file again.
        submit_ok(&client(), &sim, FLUX, &json!({"prompt": "x"})).await;
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("runcomfy-sim-state"), "{what}");
    }
}

#[tokio::test]
async fn a_fifo_or_a_folder_is_never_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let sim = tokio::time::timeout(Duration::from_secs(10), runcomfy_sim::start(with_state(&fifo)))
            .await
            .expect("no hang")
            .expect("starts");
        assert!(sim.warnings()[0].contains("not a regular file"), "{:?}", sim.warnings());
    }
    let folder = dir.path().join("folder.json");
    std::fs::create_dir(&folder).unwrap();
    let sim = runcomfy_sim::start(with_state(&folder)).await.expect("starts");
    assert!(!sim.warnings().is_empty());
}

#[tokio::test]
async fn a_lock_held_elsewhere_is_a_503_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let sim = start(with_state(&path)).await;
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.path().join("state.json.lock"))
        .unwrap();
    lock.lock().unwrap();
    let c = client();
    let started = std::time::Instant::now();
    let resp = submit(&c, &sim, FLUX, &json!({"prompt": "x"})).await;
    assert_eq!(resp.status(), 503);
    let waited = started.elapsed();
    assert!(waited >= runcomfy_sim::state::LOCK_WAIT, "{waited:?}");
    let body: Value = resp.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("locked by another process"),
        "{body}"
    );
    assert!(sim.accounting().submissions[0].request_id.is_none(), "no job was made");
    lock.unlock().unwrap();
    submit_ok(&c, &sim, FLUX, &json!({"prompt": "x"})).await;
}

/// What the CLI does: the schemas compiled into it, plus a user's folder (whose schemas win
/// for the same id), with the folder's sidecars.
#[tokio::test]
async fn a_folder_is_served_beside_compiled_in_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let bundled = SimConfig::bundled_schemas();
    let target = dir.path().join("acme/tone/generate.json");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::copy(bundled.join(format!("{FLUX}.json")), &target).unwrap();
    std::fs::write(
        dir.path().join("acme/tone/generate.meta.json"),
        r#"{"categories": ["text-to-audio"]}"#,
    )
    .unwrap();
    let folder = runcomfy_sim::load_schema_folder(dir.path());
    assert!(folder.is_ok(), "{:?}", folder.problems);
    let compiled = std::fs::read_to_string(bundled.join(format!("{RUNWAY}.json"))).unwrap();
    let cfg = config()
        .with_schema_texts([(RUNWAY, "compiled/runway.json", compiled.as_str())])
        .with_schema_folder(&folder);
    let sim = start(cfg).await;
    assert_eq!(sim.model_ids(), ["acme/tone/generate", RUNWAY]);
    let (_, kind) = sim.profile("acme/tone/generate").unwrap();
    assert_eq!(
        kind,
        runcomfy_wire::catalog::OutputKind::Audio,
        "the sidecar's categories"
    );
    // A broken folder lists every problem, each naming its file.
    std::fs::write(dir.path().join("acme/tone/generate.meta.json"), "{broken").unwrap();
    std::fs::write(dir.path().join("acme/ghost.meta.json"), "{}").unwrap();
    let folder = runcomfy_sim::load_schema_folder(dir.path());
    assert_eq!(folder.problems.len(), 2, "{:?}", folder.problems);
    assert!(folder.problems.iter().any(|p| p.contains("generate.meta.json")));
    assert!(folder.problems.iter().any(|p| p.contains("ghost.meta.json")));
}
