//! The binary: starts, prints its base URL, serves, and rejects bad flags.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

struct Kill(std::process::Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn binary_prints_its_base_url_and_serves() {
    let child = Command::new(env!("CARGO_BIN_EXE_runcomfy-sim"))
        .args([
            "--port",
            "0",
            "--token",
            "cli-token",
            "--no-balance-token",
            "broke",
            "--public-base-url",
            "https://outputs.sim.runcomfy.net",
            "--header-read-timeout",
            "5s",
            "--max-connections",
            "64",
            "--faults",
            "seed=3;output:503=0.1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut child = Kill(child);
    let stdout = child.0.stdout.take().expect("stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .unwrap()
    .unwrap();
    let base = line.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(base.starts_with("http://127.0.0.1:") && base.ends_with("/v1"), "{line}");
    let c = reqwest::Client::new();
    let resp = c
        .post(format!("{base}/models/blackforestlabs/flux-1-schnell/text-to-image"))
        .bearer_auth("wrong")
        .json(&serde_json::json!({"prompt": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let resp = c
        .post(format!("{base}/models/blackforestlabs/flux-1-schnell/text-to-image"))
        .bearer_auth("cli-token")
        .json(&serde_json::json!({"prompt": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    // A no-balance token is a token (402, not 401) even with `--token`.
    let resp = c
        .post(format!("{base}/models/blackforestlabs/flux-1-schnell/text-to-image"))
        .bearer_auth("broke")
        .json(&serde_json::json!({"prompt": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 402);
    let list: serde_json::Value = c
        .get(format!("{base}/models?limit=2"))
        .bearer_auth("cli-token")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (list["total"].as_u64(), list["models"].as_array().map(Vec::len)),
        (Some(5), Some(2))
    );
}

#[test]
fn bad_flags_are_refused() {
    for args in [
        &["--faults", "status:404=1"][..],
        &["--speed", "0"],
        &["--schemas", "/nonexistent/dir"],
        &["--public-base-url", "ftp://outputs.example"],
        &["--public-base-url", "not a url"],
        &["--max-connections", "0"],
        &["--header-read-timeout", "soon"],
        &["--answers", "both"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_runcomfy-sim"))
            .args(["--port", "0"])
            .args(args)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}

/// With few file descriptors (the binary run under `ulimit -n 64`: room for about 25
/// connections) and no header timeout, 100 idle connections used to leave `accept` failing
/// forever: no new client was answered. Now an accept that finds no descriptor closes the
/// longest-idle connection. (100 stays below the listen backlog of 128, so the kernel
/// queues every one of them.)
#[tokio::test]
async fn idle_connections_cannot_exhaust_the_descriptors() {
    let child = Command::new("sh")
        .args([
            "-c",
            "ulimit -n 64 && exec \"$0\" \"$@\"",
            env!("CARGO_BIN_EXE_runcomfy-sim"),
            "--port",
            "0",
            "--header-read-timeout",
            "0s",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut child = Kill(child);
    let stdout = child.0.stdout.take().expect("stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .unwrap()
    .unwrap();
    let base = line.trim().rsplit(' ').next().unwrap().to_owned();
    let addr = base
        .strip_prefix("http://")
        .and_then(|r| r.strip_suffix("/v1"))
        .expect("http://HOST:PORT/v1")
        .to_owned();
    let mut idle = Vec::new();
    for _ in 0..100 {
        idle.push(
            tokio::net::TcpStream::connect(&addr)
                .await
                .unwrap_or_else(|e| panic!("connect {}: {e}", idle.len())),
        );
    }
    let c = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .unwrap();
    let resp = c
        .get(format!("{base}/models/categories"))
        .bearer_auth("any")
        .send()
        .await
        .expect("a new client is answered");
    assert_eq!(resp.status(), 200);
    drop(idle);
}

/// Starts the binary with `args`; returns it and its API base URL.
async fn spawn(args: &[&str]) -> (Kill, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_runcomfy-sim"))
        .args(["--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut child = Kill(child);
    let stdout = child.0.stdout.take().expect("stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .unwrap()
    .unwrap();
    let base = line.trim().rsplit(' ').next().unwrap().to_owned();
    (child, base)
}

/// `--answers docs`, `--schemas DIR` with a sidecar and `--state-file`: a job submitted to
/// one process is followed by the next one, in the documented shapes.
#[tokio::test]
async fn a_second_process_follows_the_jobs_of_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    let target = schemas.join("acme/tone/generate.json");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::copy(
        runcomfy_sim::SimConfig::bundled_schemas().join("blackforestlabs/flux-1-schnell/text-to-image.json"),
        &target,
    )
    .unwrap();
    std::fs::write(
        schemas.join("acme/tone/generate.meta.json"),
        r#"{"output_kind": "audio"}"#,
    )
    .unwrap();
    let state = dir.path().join("state/jobs.json");
    let args = [
        "--answers",
        "docs",
        "--schemas",
        schemas.to_str().unwrap(),
        "--state-file",
        state.to_str().unwrap(),
        "--speed",
        "1000",
        "--run-time",
        "2s",
        "--dispatch-delay",
        "1s",
    ];
    let c = reqwest::Client::new();
    let (first, base) = spawn(&args).await;
    let resp = c
        .post(format!("{base}/models/acme/tone/generate"))
        .bearer_auth("t")
        .json(&serde_json::json!({"prompt": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 202);
    let id = resp.json::<serde_json::Value>().await.unwrap()["request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    drop(first);
    let (_second, base) = spawn(&args).await;
    // 3 simulated seconds at 1000x: done by now, whichever process watches.
    std::thread::sleep(std::time::Duration::from_millis(50));
    let res: serde_json::Value = c
        .get(format!("{base}/requests/{id}/result"))
        .bearer_auth("t")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(res["status"], "succeeded", "{res}");
    let url = res["output"]["audios"][0].as_str().expect("the sidecar's output kind");
    let wav = c.get(url).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(&wav[..4], b"RIFF");
    // Another token cannot see it.
    let other = c
        .get(format!("{base}/requests/{id}/status"))
        .bearer_auth("u")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 403);
}
