//! Throughput benchmark: status requests per second the simulator sustains on loopback.
//!
//! ```text
//! cargo run --release -p runcomfy-sim --example throughput -- [CONCURRENCY] [SECONDS]
//! ```
//!
//! Starts an in-process simulator (paused clock), submits one job, then runs CONCURRENCY
//! (default 32) keep-alive clients that each send `GET /v1/requests/{id}/status` in a loop
//! for SECONDS (default 5, at most 60) and counts the 200 answers. Client and server share
//! the machine (and its cores), so the figure is a lower bound for the server alone.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let concurrency: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(32).clamp(1, 1024);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(5).clamp(1, 60);
    let sim = runcomfy_sim::start(runcomfy_sim::SimConfig::for_tests("bench")).await?;
    let client = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    let sub: serde_json::Value = client
        .post(format!(
            "{}/models/blackforestlabs/flux-1-schnell/text-to-image",
            sim.base_url()
        ))
        .bearer_auth("bench")
        .json(&serde_json::json!({"prompt": "bench"}))
        .send()
        .await?
        .json()
        .await?;
    let url = Arc::new(sub["status_url"].as_str().ok_or("no status_url")?.to_owned());
    let ok = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, url, ok, errors) = (client.clone(), url.clone(), ok.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                match client.get(url.as_str()).bearer_auth("bench").send().await {
                    Ok(r) if r.status() == 200 => {
                        let _ = r.bytes().await;
                        ok.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let n = ok.load(Ordering::Relaxed);
    println!(
        "status requests: {n} ok, {} errors in {elapsed:.2} s with {concurrency} concurrent clients: {:.0} requests/s",
        errors.load(Ordering::Relaxed),
        n as f64 / elapsed
    );
    Ok(())
}
