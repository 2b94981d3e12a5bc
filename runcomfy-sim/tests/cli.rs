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
}

#[test]
fn bad_flags_are_refused() {
    for args in [
        &["--faults", "status:404=1"][..],
        &["--speed", "0"],
        &["--schemas", "/nonexistent/dir"],
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
