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
