//! A hostile submit: one body with millions of unknown keys, and what it costs the simulator.
//!
//! ```text
//! cargo run --release -p runcomfy-sim --example hostile_body -- [KEYS]
//! ```
//!
//! Starts an in-process simulator, builds `{"prompt": "x", "k_0000000": 1, ...}`
//! with KEYS unknown keys (default 2,000,000: about 28 MB), submits it once and prints the
//! time to the 422 answer, the answer's size and how many violations it lists, and the
//! process's peak resident memory (`VmHWM` from `/proc/self/status`, Linux only) before and
//! after. The body is built before the first reading, so the difference is the server's
//! work (plus the HTTP client's copy of the body). Figures are in `runcomfy-sim/README.md`.

use std::time::Instant;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let keys: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2_000_000)
        .clamp(1, 20_000_000);
    let sim = runcomfy_sim::start(runcomfy_sim::SimConfig::for_tests("bench")).await?;
    let mut body = String::with_capacity(keys * 24 + 32);
    body.push_str("{\"prompt\": \"x\"");
    for i in 0..keys {
        body.push_str(&format!(",\"k_{i:07}\":1"));
    }
    body.push('}');
    let size = body.len();
    let client = reqwest::Client::new();
    let before = peak_rss_kib();
    let start = Instant::now();
    let resp = client
        .post(format!(
            "{}/models/blackforestlabs/flux-1-schnell/text-to-image",
            sim.base_url()
        ))
        .bearer_auth("bench")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await?;
    let status = resp.status();
    let answer = resp.bytes().await?;
    let elapsed = start.elapsed();
    let after = peak_rss_kib();
    let json: serde_json::Value = serde_json::from_slice(&answer)?;
    let listed = json["detail"].as_array().map_or(0, Vec::len);
    println!("body: {keys} unknown keys, {:.1} MB", size as f64 / 1e6);
    println!(
        "answer: HTTP {status} in {:.2} s, {} bytes, {listed} violations listed",
        elapsed.as_secs_f64(),
        answer.len()
    );
    println!("message: {}", json["error_message"]);
    if let (Some(b), Some(a)) = (before, after) {
        println!(
            "peak RSS: {:.0} MiB before the submit, {:.0} MiB after (+{:.0} MiB)",
            b as f64 / 1024.0,
            a as f64 / 1024.0,
            a.saturating_sub(b) as f64 / 1024.0
        );
    }
    Ok(())
}
