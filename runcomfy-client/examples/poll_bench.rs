//! Benchmark: status requests per job and completion-detection delay, adaptive polling
//! against fixed 500 ms and 2 s pollers, for jobs of 1 s, 10 s and 60 s, side by side in one
//! run against an in-process simulator.
//!
//! `cargo run --release -p runcomfy-client --example poll_bench [-- JOBS_PER_CELL [SPEEDUP]]`
//!
//! The simulator's clock runs SPEEDUP times faster than real time (default 10) and every
//! polling interval is divided by the same factor, so the figures (reported in simulated
//! seconds) are those of real time, at a fraction of the wall-clock cost.

use std::collections::BTreeMap;
use std::time::Duration;

use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as one_s;
use runcomfy_client::models::bytedance::dreamina_4_0::text_to_image as ten_s;
use runcomfy_client::models::openai::gpt_image_2::text_to_image as sixty_s;
use runcomfy_client::{Client, Endpoint, PollPolicy, WaitOptions};
use runcomfy_sim::{ClockMode, RunTime, SimConfig, SimHandle};
use serde_json::json;

fn scaled(p: PollPolicy, f: f64) -> PollPolicy {
    PollPolicy {
        first: p.first.div_f64(f),
        max: p.max.div_f64(f),
        ..p
    }
}

async fn cell<E: Endpoint>(
    sim: &SimHandle,
    client: &Client,
    policy: PollPolicy,
    jobs: usize,
    tag: &str,
    f: f64,
) -> (f64, f64, f64) {
    let dispatch = sim.config().dispatch_delay;
    let run = sim.config().run_times[E::MODEL_ID].min;
    let tasks = (0..jobs).map(|i| {
        let client = client.clone();
        async move {
            let request: E = serde_json::from_value(json!({ "prompt": format!("{tag} {i}") })).expect("request");
            let start = tokio::time::Instant::now();
            let job = client.submit(&request).await.expect("submit");
            client
                .wait(&job, &WaitOptions::default().poll(policy))
                .await
                .expect("wait");
            let took = start.elapsed().mul_f64(f);
            (job.request_id().to_owned(), took.saturating_sub(dispatch + run))
        }
    });
    let done = futures_util::future::join_all(tasks).await;
    let acct = sim.accounting();
    let calls: Vec<f64> = done.iter().map(|(id, _)| acct.status_calls_for(id) as f64).collect();
    let delays: Vec<f64> = done.iter().map(|(_, d)| d.as_secs_f64()).collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let max = delays.iter().copied().fold(0.0, f64::max);
    (mean(&calls), mean(&delays), max)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let jobs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    let f: f64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(10.0);
    let run_times = BTreeMap::from([
        (
            one_s::Request::MODEL_ID.to_owned(),
            RunTime::fixed(Duration::from_secs(1)),
        ),
        (
            ten_s::Request::MODEL_ID.to_owned(),
            RunTime::fixed(Duration::from_secs(10)),
        ),
        (
            sixty_s::Request::MODEL_ID.to_owned(),
            RunTime::fixed(Duration::from_secs(60)),
        ),
    ]);
    let sim = runcomfy_sim::start(SimConfig {
        clock: ClockMode::Accelerated(f),
        workers: 10_000,
        run_times,
        ..SimConfig::default()
    })
    .await?;
    let client = Client::builder().token("bench").base_url(sim.base_url()).build()?;
    let pollers = [
        ("adaptive (500 ms x1.5 -> 5 s, ±10 %)", PollPolicy::default()),
        ("fixed 500 ms", PollPolicy::fixed(Duration::from_millis(500))),
        ("fixed 2 s", PollPolicy::fixed(Duration::from_secs(2))),
    ];
    println!("{jobs} jobs per cell, simulator clock x{f}, all cells concurrently");
    // Run every (poller, length) pair at the same time.
    let mut all = Vec::new();
    for (name, p) in pollers {
        let p = scaled(p, f);
        let (sim, client) = (&sim, &client);
        all.push(
            Box::pin(async move { (name, "1 s", cell::<one_s::Request>(sim, client, p, jobs, name, f).await) })
                as std::pin::Pin<Box<dyn std::future::Future<Output = _>>>,
        );
        all.push(Box::pin(async move {
            (
                name,
                "10 s",
                cell::<ten_s::Request>(sim, client, p, jobs, name, f).await,
            )
        }));
        all.push(Box::pin(async move {
            (
                name,
                "60 s",
                cell::<sixty_s::Request>(sim, client, p, jobs, name, f).await,
            )
        }));
    }
    println!("| poller | job length | status requests per job | mean detection delay | max detection delay |");
    println!("|---|---|---|---|---|");
    for (name, len, (calls, mean, max)) in futures_util::future::join_all(all).await {
        println!("| {name} | {len} | {calls:.1} | {mean:.2} s | {max:.2} s |");
    }
    // A second round of the adaptive poller: the client has now seen each model's run time.
    let p = scaled(PollPolicy::default(), f);
    let name = "adaptive, run times learned";
    let (sim, client) = (&sim, &client);
    let second = futures_util::future::join3(
        cell::<one_s::Request>(sim, client, p, jobs, "again", f),
        cell::<ten_s::Request>(sim, client, p, jobs, "again", f),
        cell::<sixty_s::Request>(sim, client, p, jobs, "again", f),
    )
    .await;
    for (len, (calls, mean, max)) in [("1 s", second.0), ("10 s", second.1), ("60 s", second.2)] {
        println!("| {name} | {len} | {calls:.1} | {mean:.2} s | {max:.2} s |");
    }
    Ok(())
}
