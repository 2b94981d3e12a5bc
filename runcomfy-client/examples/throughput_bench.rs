//! Benchmark: jobs per second and client CPU per job, N jobs at concurrency C.
//!
//! Against a simulator in another process (so the CPU figure is the client's alone):
//!
//! ```sh
//! cargo run --release -p runcomfy-sim -- --port 8787 --speed 100 --run-time 1s --workers 100000 &
//! RUNCOMFY_MODEL_API_BASE=http://127.0.0.1:8787/v1 RUNCOMFY_TOKEN=bench \
//!   cargo run --release -p runcomfy-client --example throughput_bench -- 10000 256
//! ```
//!
//! Without `RUNCOMFY_MODEL_API_BASE` it starts a simulator in process (CPU then includes it).
//! CPU time is read from `/proc/self/stat` (Linux).

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image::{Prompt, Request};
use runcomfy_client::{Client, PollPolicy, Runner};

fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0) // USER_HZ is 100 on Linux
}

fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let c: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(256);
    let (_sim, builder) = if std::env::var_os("RUNCOMFY_MODEL_API_BASE").is_some() {
        (None, Client::builder().from_env())
    } else {
        let sim = runcomfy_sim::start(runcomfy_sim::SimConfig {
            clock: runcomfy_sim::ClockMode::Accelerated(100.0),
            run_time: runcomfy_sim::RunTime::fixed(Duration::from_secs(1)),
            workers: 100_000,
            ..runcomfy_sim::SimConfig::default()
        })
        .await?;
        let b = Client::builder().token("bench").base_url(sim.base_url());
        (Some(sim), b)
    };
    let client = builder
        .poll(PollPolicy {
            first: Duration::from_millis(5),
            factor: 1.5,
            max: Duration::from_millis(50),
            jitter: 0.1,
            learn_run_times: true,
        })
        .build()?;
    let requests: Vec<(usize, Request)> = (0..n)
        .map(|i| Ok((i, Request::new(Prompt::new(format!("throughput {i}"))?))))
        .collect::<Result<_, runcomfy_client::schema::Violation>>()?;
    let rss_before = rss_kib();
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    let mut run = Runner::new(client)
        .submit_concurrency(c)
        .poll_concurrency(c)
        .max_in_flight(c)
        .run_iter(requests);
    let (mut ok, mut err, mut peak_rss) = (0usize, 0usize, 0u64);
    while let Some(done) = run.next().await {
        if done.result.is_ok() {
            ok += 1
        } else {
            err += 1
        }
        if (ok + err) % 500 == 0 {
            peak_rss = peak_rss.max(rss_kib().unwrap_or(0));
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu0).map(|(a, b)| a - b);
    println!(
        "{n} jobs at concurrency {c}: {ok} ok, {err} errors in {wall:.2} s = {:.0} jobs/s",
        n as f64 / wall
    );
    if let Some(cpu) = cpu {
        println!("process CPU: {cpu:.2} s = {:.0} µs per job", cpu * 1e6 / n as f64);
    }
    if let (Some(before), true) = (rss_before, peak_rss > 0) {
        println!(
            "RSS: {before} KiB before, {peak_rss} KiB peak with {c} in flight (~{:.1} KiB per in-flight job, upper bound)",
            peak_rss.saturating_sub(before) as f64 / c as f64
        );
    }
    Ok(())
}
