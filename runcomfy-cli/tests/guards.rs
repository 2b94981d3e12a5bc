//! What the CLI refuses, bounds and reports: every value from an argument, a file or the
//! network is checked, nothing is paid for before it can succeed, and a paid job's request
//! id always reaches the user. Real parts only: the built binary, the simulator and a
//! scripted hostile server, on 127.0.0.1.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use predicates::prelude::*;
use runcomfy_sim::scripted::Reply;
use serde_json::json;

const GEN4: &str = "runwayml/runway-gen-4/turbo/image-to-video";

/// A header-only PNG of the given size.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    v.extend_from_slice(&width.to_be_bytes());
    v.extend_from_slice(&height.to_be_bytes());
    v.extend_from_slice(b"\x08\x02\0\0\0\0\0\0\0");
    v
}

fn paused_sim() -> Sim {
    Sim::start(runcomfy_sim::SimConfig::for_tests("t"))
}

#[test]
fn timeouts_beyond_seven_days_are_refused_before_submit() {
    let sim = paused_sim();
    sim.cmd("t")
        .args(["run", FLUX, "--prompt", "x", "--timeout", "9223372036854775807"])
        .assert()
        .code(64);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.jsonl");
    std::fs::write(
        &file,
        format!("{{\"model_id\":\"{FLUX}\",\"input\":{{\"prompt\":\"x\"}}}}\n"),
    )
    .unwrap();
    sim.cmd("t")
        .arg("batch")
        .arg(&file)
        .args(["--timeout", "18446744073709551615", "-o"])
        .arg(dir.path())
        .assert()
        .code(64);
    assert!(sim.sim.accounting().submissions.is_empty());
}

#[test]
fn media_files_are_checked_against_the_schema_rules_before_submit() {
    let sim = paused_sim();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let mut twenty_mb = png(640, 480);
    twenty_mb.resize(20 * 1024 * 1024, 0);
    let cases = [
        (write("wide.png", &png(3000, 1000)), "width/height"),
        (write("notes.txt", b"not an image at all"), "image"),
        (write("huge.png", &png(100_000, 100_000)), "width_pixels"),
        (write("big.png", &twenty_mb), "file_size_mb"),
    ];
    for (path, expect) in &cases {
        sim.cmd("t")
            .args(["run", GEN4, "--prompt-image"])
            .arg(path)
            .assert()
            .code(65)
            .stderr(predicate::str::contains("/promptImage"))
            .stderr(predicate::str::contains(*expect));
    }
    // 70 MB: refused at the inline limit without reading it all.
    let seventy = dir.path().join("seventy.png");
    std::fs::File::create(&seventy)
        .unwrap()
        .set_len(70 * 1024 * 1024)
        .unwrap();
    sim.cmd("t")
        .args(["run", GEN4, "--prompt-image"])
        .arg(&seventy)
        .assert()
        .code(65)
        .stderr(predicate::str::contains("larger than"));
    assert!(sim.sim.accounting().submissions.is_empty(), "nothing was sent");
}

#[test]
fn endless_inputs_are_bounded() {
    // A device is not a file: refused before a byte is read (exit 66, cannot be read).
    for args in [
        &["--simulate", "run", FLUX, "--input-file", "/dev/zero"][..],
        &["--simulate", "run", GEN4, "--prompt-image", "/dev/zero"][..],
        &["--simulate", "batch", "/dev/zero"][..],
    ] {
        runcomfy()
            .args(args)
            .timeout(Duration::from_secs(60))
            .assert()
            .code(66)
            .stderr(predicate::str::contains("not a regular file"));
    }
    // An endless stdin stops at the cap (exit 65, too large).
    let zeros = std::fs::File::open("/dev/zero").unwrap();
    let mut cmd = std::process::Command::new(BIN);
    for var in VARS {
        cmd.env_remove(var);
    }
    let out = cmd
        .env("XDG_CACHE_HOME", test_cache())
        .args(["--simulate", "run", FLUX, "--input-file", "-"])
        .stdin(zeros)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than"), "{out:?}");
}

#[test]
fn invalid_utf8_in_an_input_file_is_bad_data_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.json");
    std::fs::write(&file, b"{\"prompt\": \"\xff\xfe\"}").unwrap();
    runcomfy()
        .args(["--simulate", "run", FLUX, "--input-file"])
        .arg(&file)
        .assert()
        .code(65)
        .stderr(predicate::str::contains("UTF-8"));
    runcomfy()
        .args(["--simulate", "batch"])
        .arg(&file)
        .assert()
        .code(65)
        .stderr(predicate::str::contains("UTF-8"));
}

#[test]
fn the_output_directory_is_checked_before_anything_is_paid_for() {
    let sim = paused_sim();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    // A regular file, a path below one, and (even for root) a directory nobody can write.
    for out in [file.clone(), file.join("sub"), Path::new("/proc/self").to_owned()] {
        sim.cmd("t")
            .args(["run", FLUX, "--prompt", "x", "-o"])
            .arg(&out)
            .assert()
            .code(73);
    }
    assert!(sim.sim.accounting().submissions.is_empty());
}

#[test]
fn the_request_id_reaches_the_user_in_every_output_mode() {
    let sim = paused_sim(); // the job never finishes: the 1 s timeout fails after submit
    for mode in [&["-q"][..], &["--output", "json"][..], &["-q", "--output", "json"][..]] {
        let out = sim
            .cmd("t")
            .args(mode)
            .args(["run", FLUX, "--prompt", "x", "--timeout", "1"])
            .timeout(Duration::from_secs(60))
            .assert()
            .code(75)
            .get_output()
            .clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let ids: Vec<String> = sim
            .sim
            .accounting()
            .submissions
            .iter()
            .filter_map(|s| s.request_id.clone())
            .collect();
        let last = ids.last().expect("a job was submitted");
        assert!(stderr.contains(last.as_str()), "{mode:?}: {stderr}");
    }
}

#[test]
fn server_violations_are_printed_with_their_pointers() {
    // A simulator whose schema is stricter than the one compiled into the CLI.
    let schemas = tempfile::tempdir().unwrap();
    let src = runcomfy_sim::SimConfig::bundled_schemas();
    let flux = Path::new(FLUX).with_extension("json");
    let text = std::fs::read_to_string(src.join(&flux)).unwrap();
    let target = schemas.path().join(&flux);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(&target, text.replace("\"maximum\": 8", "\"maximum\": 2")).unwrap();
    let sim = Sim::start(runcomfy_sim::SimConfig {
        schemas_dir: schemas.path().to_owned(),
        ..runcomfy_sim::SimConfig::for_tests("t")
    });
    sim.cmd("t")
        .args(["run", FLUX, "--prompt", "x", "--steps", "4"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains("HTTP 422"))
        .stderr(predicate::str::contains("/steps: 4 is greater than the maximum 2"));
}

#[test]
fn request_ids_are_checked_before_any_call() {
    // No token set: a bad id is reported before the client is even made.
    for args in [
        &["status", ".."][..],
        &["status", "."],
        &["status", ""],
        &["cancel", "a\nb"],
        &["result", "../x"],
    ] {
        runcomfy()
            .args(args)
            .assert()
            .code(64)
            .stderr(predicate::str::contains("request id"));
    }
}

#[test]
fn a_garbage_status_answer_is_an_error_not_a_status() {
    let hostile = Hostile::start();
    hostile
        .server
        .route("GET", "/v1/requests/r1/status", Reply::json(200, json!([1, 2, 3])));
    hostile
        .cmd("t")
        .args(["--retries", "0", "status", "r1"])
        .assert()
        .code(69)
        .stderr(predicate::str::contains("protocol error"));
}

#[test]
fn negative_numbers_are_values_for_the_validator() {
    for args in [&["--steps", "-1"][..], &["--steps=-1"][..]] {
        runcomfy()
            .args(["run", FLUX, "--prompt", "x"])
            .args(args)
            .assert()
            .code(65)
            .stderr(predicate::str::contains("/steps: -1 is less than the minimum 1"));
    }
}

#[test]
fn a_token_with_a_space_is_named_as_unusable() {
    runcomfy()
        .env("RUNCOMFY_TOKEN", "secret-part one")
        .args(["status", "r1"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains("RUNCOMFY_TOKEN is set but"))
        .stderr(predicate::str::contains("secret-part").not());
}

#[test]
fn the_token_echoed_by_a_server_is_never_printed() {
    let hostile = Hostile::start();
    let token = "tok-ABC123secret";
    hostile.server.route(
        "GET",
        "/v1/requests/r1/status",
        Reply::json(
            401,
            json!({"error_code": 400004, "error_message": format!("invalid token {token}"), "detail": null}),
        ),
    );
    hostile
        .cmd(token)
        .args(["status", "r1"])
        .assert()
        .code(77)
        .stderr(predicate::str::contains("<redacted>"))
        .stderr(predicate::str::contains(token).not());
}

#[test]
fn every_failed_download_is_reported() {
    let hostile = Hostile::start();
    let urls: Vec<String> = (0..3).map(|i| hostile.server.url(&format!("/gone/{i}.png"))).collect();
    hostile.completed("r1", json!({"images": urls}));
    let dir = tempfile::tempdir().unwrap();
    let out = hostile
        .cmd("t")
        .args(["--retries", "0", "result", "r1", "-o"])
        .arg(dir.path())
        .assert()
        .code(69)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    for i in 0..3 {
        assert!(stderr.contains(&format!("/gone/{i}.png")), "{stderr}");
    }
    assert!(stderr.contains("3 of 3 output(s)"), "{stderr}");
}

fn part_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect()
}

/// Waits until `dir` holds a part file (a download is under way).
fn wait_for_part(dir: &Path) {
    let started = std::time::Instant::now();
    while part_files(dir).is_empty() {
        assert!(started.elapsed() < Duration::from_secs(60), "no download started");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn slow_video(hostile: &Hostile) {
    hostile.completed("r1", json!({"video": hostile.server.url("/out/0.mp4")}));
    hostile.server.route(
        "GET",
        "/out/0.mp4",
        Reply::Trickle {
            bytes: 50_000_000,
            chunk: 1000,
            every: Duration::from_millis(10),
        },
    );
}

#[test]
fn ctrl_c_during_a_download_stops_it_and_removes_the_partial_file() {
    let hostile = Hostile::start();
    slow_video(&hostile);
    let dir = tempfile::tempdir().unwrap();
    let child = std::process::Command::new(BIN)
        .env("XDG_CACHE_HOME", test_cache())
        .env("RUNCOMFY_CONFIG_DIR", "/nonexistent/runcomfy-test-config")
        .args(["result", "r1", "-o"])
        .arg(dir.path())
        .env("RUNCOMFY_TOKEN", "t")
        .env("RUNCOMFY_MODEL_API_BASE", hostile.server.url("/v1"))
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_part(dir.path());
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no partial file left"
    );
}

#[test]
fn a_download_killed_mid_way_leaves_nothing_after_the_next_run() {
    let hostile = Hostile::start();
    slow_video(&hostile);
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(BIN)
        .env("XDG_CACHE_HOME", test_cache())
        .env("RUNCOMFY_CONFIG_DIR", "/nonexistent/runcomfy-test-config")
        .args(["result", "r1", "-o"])
        .arg(dir.path())
        .env("RUNCOMFY_TOKEN", "t")
        .env("RUNCOMFY_MODEL_API_BASE", hostile.server.url("/v1"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    wait_for_part(dir.path());
    child.kill().unwrap(); // SIGKILL: no cleanup runs
    child.wait().unwrap();
    assert_eq!(
        part_files(dir.path()).len(),
        1,
        "the killed download left its part file"
    );
    // The output is now served quickly; the rerun completes and leaves no part file.
    hostile.server.route(
        "GET",
        "/out/0.mp4",
        Reply::File {
            body: vec![1u8; 4096].into(),
            cut_first: 0,
        },
    );
    hostile
        .cmd("t")
        .args(["result", "r1", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(part_files(dir.path()).is_empty(), "{:?}", part_files(dir.path()));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn the_official_cli_token_file_is_read_after_the_environment() {
    let hostile = Hostile::start();
    hostile.server.route(
        "GET",
        "/v1/requests/r1/status",
        Reply::json(200, json!({"request_id": "r1", "status": "in_queue"})),
    );
    let config = tempfile::tempdir().unwrap();
    std::fs::write(
        config.path().join("token.json"),
        r#"{"access_token": "file-token-123", "refresh_token": "r", "expires_at": 1, "user_email": "a@b.c"}"#,
    )
    .unwrap();
    let bearer = |hostile: &Hostile| {
        hostile
            .server
            .requests()
            .last()
            .and_then(|r| r.headers.get("authorization").cloned())
            .and_then(|v| v.to_str().ok().map(str::to_owned))
            .unwrap_or_default()
    };
    let mut cmd = runcomfy();
    cmd.env("RUNCOMFY_MODEL_API_BASE", hostile.server.url("/v1"))
        .env("RUNCOMFY_CONFIG_DIR", config.path())
        .args(["status", "r1"])
        .assert()
        .success();
    assert_eq!(bearer(&hostile), "Bearer file-token-123");
    let mut cmd = runcomfy();
    cmd.env("RUNCOMFY_MODEL_API_BASE", hostile.server.url("/v1"))
        .env("RUNCOMFY_CONFIG_DIR", config.path())
        .env("RUNCOMFY_TOKEN", "env-token-456")
        .args(["status", "r1"])
        .assert()
        .success();
    assert_eq!(bearer(&hostile), "Bearer env-token-456", "the environment wins");
    // A broken file is named, never a panic, never the token.
    std::fs::write(config.path().join("token.json"), "{\"access_token\": ").unwrap();
    let mut cmd = runcomfy();
    cmd.env("RUNCOMFY_MODEL_API_BASE", hostile.server.url("/v1"))
        .env("RUNCOMFY_CONFIG_DIR", config.path())
        .args(["status", "r1"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains("token.json"));
}
