//! Many jobs against a simulator in another process: throughput and client CPU per job,
//! heap bytes per in-flight job, and the 10,000-job run with faults.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use runcomfy_client::config::{PollPolicy, RetryPolicy};
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image::{Prompt, Request};
use runcomfy_client::{Client, Runner};

use crate::simproc::{SimArgs, SimProc};
use crate::{Result, alloc, cpu_seconds_of};

/// The default policy with every duration divided by `f` (the simulator's speed-up).
pub fn scaled(p: PollPolicy, f: f64) -> PollPolicy {
    PollPolicy {
        first: p.first.div_f64(f),
        max: p.max.div_f64(f),
        call_cost: p.call_cost.div_f64(f),
        min_gap: p.min_gap.div_f64(f),
        max_gap: p.max_gap.div_f64(f),
        max_detection_delay: p.max_detection_delay.map(|d| d.div_f64(f)),
        ..p
    }
}

fn request(tag: &str, i: usize) -> Request {
    Request::new(Prompt::new(format!("{tag} {i}")).expect("a short prompt is valid"))
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

fn own_cpu() -> f64 {
    cpu_seconds_of("/proc/self/stat").unwrap_or(f64::NAN)
}

/// API calls at once (submits + status and result calls) of a runner of `c` jobs in flight:
/// at most 256, half the simulator's connection cap (512), so that connections still being
/// returned to the pool when the next call starts (many, on a starved CPU) never push the
/// client past the cap.
fn gates(c: usize) -> (usize, usize) {
    let total = c.min(256);
    let submit = (total / 4).max(1);
    (submit, total.saturating_sub(submit).max(1))
}

fn runner(client: &Client, c: usize) -> Runner {
    let (submit, poll) = gates(c);
    Runner::new(client.clone())
        .submit_concurrency(submit)
        .poll_concurrency(poll)
        .max_in_flight(c)
}

/// What a batch ended with: jobs with their output, and the errors by kind (`(kind, count,
/// first message)`).
#[derive(Debug, Clone, Default)]
pub struct Outcomes {
    pub ok: usize,
    pub errors: BTreeMap<String, (usize, String)>,
}

impl Outcomes {
    pub fn error_count(&self) -> usize {
        self.errors.values().map(|e| e.0).sum()
    }

    /// `kind=count, ...`, or `none`.
    pub fn by_kind(&self) -> String {
        if self.errors.is_empty() {
            return "none".to_owned();
        }
        self.errors
            .iter()
            .map(|(k, (n, _))| format!("{k}={n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Runs `n` jobs at concurrency `c`.
async fn batch(client: &Client, c: usize, n: usize, tag: &'static str) -> Outcomes {
    let requests = (0..n).map(move |i| (i, request(tag, i)));
    let mut run = runner(client, c).run_iter(requests);
    let mut out = Outcomes::default();
    while let Some(done) = run.next().await {
        match &done.result {
            Ok(_) => out.ok += 1,
            Err(e) => {
                let entry = out
                    .errors
                    .entry(format!("{:?}", e.kind()))
                    .or_insert_with(|| (0, e.display_chain()));
                entry.0 += 1;
            }
        }
    }
    out
}

/// Throughput and CPU at one concurrency.
#[derive(Debug, Clone)]
pub struct Throughput {
    pub concurrency: usize,
    pub jobs: usize,
    pub outcomes: Outcomes,
    pub wall: f64,
    pub client_cpu_us: f64,
    pub sim_cpu_us: f64,
    pub status_calls: f64,
}

const SPEED: f64 = 100.0;
const RUN_MS: u64 = 1000;

/// Jobs of 1 s at x100 (10 ms of real time, plus 5 ms of dispatch), `n` at each concurrency.
pub fn throughput(concurrencies: &[(usize, usize)]) -> Result<Vec<Throughput>> {
    let mut sim = SimProc::start(&SimArgs {
        speed: SPEED,
        run_ms: RUN_MS,
        faults: None,
    })?;
    let client = Client::builder()
        .token("bench")
        .base_url(&sim.base)
        .poll(scaled(PollPolicy::default(), SPEED))
        .build()
        .map_err(|e| e.to_string())?;
    let rt = runtime()?;
    let mut out = Vec::new();
    // Learn the model's run time and open the connections.
    rt.block_on(batch(&client, 256, 2000, "warm-up"));
    for &(c, n) in concurrencies {
        let before = status_calls(&mut sim)?;
        let (cpu0, sim0) = (own_cpu(), sim.cpu_seconds().unwrap_or(f64::NAN));
        let t = std::time::Instant::now();
        let outcomes = rt.block_on(batch(&client, c, n, "throughput"));
        let wall = t.elapsed().as_secs_f64();
        let (cpu1, sim1) = (own_cpu(), sim.cpu_seconds().unwrap_or(f64::NAN));
        let after = status_calls(&mut sim)?;
        let shed = report_field(&mut sim, "connections_shed")?;
        eprintln!("client-bench: {c} in flight: the simulator shed {shed} connections so far");
        out.push(Throughput {
            concurrency: c,
            jobs: n,
            outcomes,
            wall,
            client_cpu_us: (cpu1 - cpu0) * 1e6 / n as f64,
            sim_cpu_us: (sim1 - sim0) * 1e6 / n as f64,
            status_calls: (after - before) as f64 / n as f64,
        });
    }
    Ok(out)
}

fn status_calls(sim: &mut SimProc) -> Result<u64> {
    report_field(sim, "status_calls")
}

fn report_field(sim: &mut SimProc, field: &str) -> Result<u64> {
    let report: serde_json::Value = serde_json::from_str(&sim.ask("report")?).map_err(|e| e.to_string())?;
    Ok(report[field].as_u64().unwrap_or(0))
}

/// Heap of the client with `in_flight` jobs submitted and waiting.
#[derive(Debug, Clone)]
pub struct Heap {
    pub in_flight: usize,
    pub baseline_bytes: usize,
    pub in_flight_bytes: usize,
    pub per_job_bytes: f64,
    pub per_job_blocks: f64,
    pub samples: usize,
}

/// Heap per in-flight job: 30 s jobs at x10 (3 s of real time), `c` jobs submitted at once
/// (256 HTTP calls at a time); the live heap is sampled while all `c` are accepted and none
/// has finished, and compared with the heap of the same client just before (connections
/// open, the model's run time learned).
pub fn heap(concurrencies: &[usize]) -> Result<Vec<Heap>> {
    let speed = 10.0;
    let sim = Arc::new(Mutex::new(SimProc::start(&SimArgs {
        speed,
        run_ms: 30_000,
        faults: None,
    })?));
    let base = sim.lock().map_err(|_| "lock")?.base.clone();
    let client = Client::builder()
        .token("bench")
        .base_url(&base)
        .poll(scaled(PollPolicy::default(), speed))
        .build()
        .map_err(|e| e.to_string())?;
    let rt = runtime()?;
    rt.block_on(batch(&client, 256, 256, "heap warm-up"));
    let mut out = Vec::new();
    let mut submitted_before = 256;
    for &c in concurrencies {
        // Settle: idle connections stay open, nothing else is in flight.
        std::thread::sleep(Duration::from_millis(200));
        let (base_bytes, base_blocks) = alloc::live();
        let finished = Arc::new(AtomicBool::new(false));
        let samples: Arc<Mutex<Vec<(usize, usize)>>> = Arc::default();
        let sampler = {
            let (finished, samples, sim) = (finished.clone(), samples.clone(), sim.clone());
            let target = submitted_before + c;
            std::thread::spawn(move || {
                while !finished.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(20));
                    let count: usize = sim
                        .lock()
                        .ok()
                        .and_then(|mut s| s.ask("count").ok())
                        .and_then(|a| a.parse().ok())
                        .unwrap_or(0);
                    let live = alloc::live();
                    if count >= target
                        && !finished.load(Ordering::Relaxed)
                        && let Ok(mut s) = samples.lock()
                    {
                        s.push(live);
                    }
                }
            })
        };
        rt.block_on(async {
            let requests = (0..c).map(|i| (i, request("heap", i)));
            let mut run = runner(&client, c).run_iter(requests);
            if run.next().await.is_some() {
                finished.store(true, Ordering::Relaxed);
            }
            while run.next().await.is_some() {}
        });
        finished.store(true, Ordering::Relaxed);
        let _ = sampler.join();
        submitted_before += c;
        let samples = samples.lock().map_err(|_| "lock")?.clone();
        if samples.is_empty() {
            return Err(format!(
                "no heap sample with all {c} jobs in flight (the machine may be too slow)"
            ));
        }
        let mut bytes: Vec<usize> = samples.iter().map(|s| s.0).collect();
        bytes.sort_unstable();
        let median = bytes[bytes.len() / 2];
        let blocks = samples[samples.len() / 2].1;
        out.push(Heap {
            in_flight: c,
            baseline_bytes: base_bytes,
            in_flight_bytes: median,
            per_job_bytes: median.saturating_sub(base_bytes) as f64 / c as f64,
            per_job_blocks: blocks.saturating_sub(base_blocks) as f64 / c as f64,
            samples: samples.len(),
        });
    }
    Ok(out)
}

/// The run with faults.
#[derive(Debug, Clone)]
pub struct FaultRun {
    pub jobs: usize,
    pub ok: usize,
    pub failed_with_id: usize,
    pub failed_without_id: Vec<String>,
    /// `(input index, prompt)` of every `SubmitOutcomeUnknown`.
    pub unknown: Vec<(usize, String)>,
    pub refused: usize,
    pub missing_inputs: usize,
    pub accepted: usize,
    pub orphans: usize,
    pub duplicates: u64,
    pub faults: u64,
    pub wall: f64,
    pub spec: String,
}

pub const FAULTS: &str = "seed=1;submit:429=0.04,503=0.03,reset-after=0.03;status:500=0.04,reset-before=0.03,malformed=0.03;\
result:502=0.05,error200=0.05;cancel:503=0.1";

/// `n` jobs at concurrency 256 against a simulator faulting about 10 % of every kind of call.
pub fn faults(n: usize) -> Result<FaultRun> {
    let mut sim = SimProc::start(&SimArgs {
        speed: SPEED,
        run_ms: RUN_MS,
        faults: Some(FAULTS.to_owned()),
    })?;
    let client = Client::builder()
        .token("bench")
        .base_url(&sim.base)
        .poll(scaled(PollPolicy::default(), SPEED))
        .retry(RetryPolicy::default().delays(Duration::from_millis(20), Duration::from_millis(500)))
        .build()
        .map_err(|e| e.to_string())?;
    let rt = runtime()?;
    let t = std::time::Instant::now();
    let mut result = FaultRun {
        jobs: n,
        ok: 0,
        failed_with_id: 0,
        failed_without_id: Vec::new(),
        unknown: Vec::new(),
        refused: 0,
        missing_inputs: 0,
        accepted: 0,
        orphans: 0,
        duplicates: 0,
        faults: 0,
        wall: 0.0,
        spec: FAULTS.to_owned(),
    };
    let mut known: HashSet<String> = HashSet::new();
    let mut seen = vec![false; n];
    rt.block_on(async {
        let requests = (0..n).map(|i| (i, request("faults", i)));
        let mut run = runner(&client, 256).run_iter(requests);
        while let Some(done) = run.next().await {
            if let Some(slot) = seen.get_mut(done.key) {
                *slot = true;
            }
            if let Some(id) = &done.request_id {
                known.insert(id.clone());
            }
            match &done.result {
                Ok(_) => result.ok += 1,
                Err(e) if e.is_submit_outcome_unknown() => {
                    result.unknown.push((
                        done.key,
                        serde_json::to_string(&request("faults", done.key)).unwrap_or_default(),
                    ));
                }
                Err(e) if done.request_id.is_some() && e.request_id().is_some() => result.failed_with_id += 1,
                Err(e) if done.request_id.is_none() => {
                    // Refused before a job existed (e.g. 429 after every retry): nothing to pay.
                    result.refused += 1;
                    result.failed_without_id.push(format!("#{}: {e}", done.key));
                }
                Err(e) => result.failed_without_id.push(format!("#{}: {e}", done.key)),
            }
        }
    });
    result.wall = t.elapsed().as_secs_f64();
    result.missing_inputs = seen.iter().filter(|s| !**s).count();
    let report: serde_json::Value = serde_json::from_str(&sim.ask("report")?).map_err(|e| e.to_string())?;
    let accepted: Vec<String> = report["accepted"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    result.accepted = accepted.len();
    result.orphans = accepted.iter().filter(|id| !known.contains(*id)).count();
    result.duplicates = report["duplicate_jobs"].as_u64().unwrap_or(u64::MAX);
    result.faults = report["faults"].as_u64().unwrap_or(0);
    result.unknown.sort();
    Ok(result)
}
