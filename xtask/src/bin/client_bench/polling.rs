//! The polling table: status calls per job and completion-detection delay, per job length,
//! run-time spread and queue depth, for every poller side by side, in one run.
//!
//! Time: client and simulators share one virtual clock. The client runs on a tokio runtime
//! whose clock is paused (it jumps to the next timer whenever nothing is runnable); every
//! simulator runs with `ClockMode::Paused` and a ticker task moves it to the runtime's
//! elapsed time every millisecond of virtual time. HTTP round trips take no virtual time (at
//! most the 1 ms tick), and neither does the CPU: the figures do not depend on the load of
//! the machine. Delays are measured in simulated time, from the job's completion to the
//! simulator's clock reading right after the status answer that reported it.
//!
//! Knowing each job's completion exactly: the simulator does not report it, so every job goes
//! to one of 64 simulator endpoints with fixed run times spread over the cell's
//! distribution (uniform), and is waited for under one model id per cell, so the client
//! learns the cell's distribution as it would learn one model's. With no queue, a job
//! completes at its submit + the simulator's 0.5 s dispatch delay + its run time; with a
//! queue, the bench replays the simulator's FIFO queue (same workers, same dispatch delay, the
//! same submit times and runs) and checks every status answer against the replay.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use runcomfy_client::config::{PollPolicy, RunTimeSnapshot};
use runcomfy_client::schema::EndpointSchema;
use runcomfy_client::{Client, DynamicRequest, Job, JobEvent, JobOptions, JobState, WaitOptions};
use runcomfy_sim::{ClockMode, RunTime, SimConfig, SimHandle};
use serde_json::json;
use tokio::time::Instant;

use crate::Result;

pub const LENGTHS: [u64; 4] = [1, 10, 60, 300];
pub const SPREADS: [u64; 3] = [0, 20, 50];
const LEVELS: usize = 64;
/// Workers of a simulator with a queue.
const WORKERS: usize = 20;
const DISPATCH: f64 = 0.5;
const SCHEMA: &str = r#"{"type": "object", "required": ["prompt"], "properties": {"prompt": {"type": "string"}}}"#;

/// The pollers compared, in column order.
pub fn pollers() -> Vec<(&'static str, PollPolicy, bool)> {
    vec![
        ("predictive (default)", PollPolicy::default(), true),
        (
            "predictive, call_cost 250 ms",
            PollPolicy::default().call_cost(Duration::from_millis(250)),
            true,
        ),
        (
            "predictive, max_detection_delay 2 s",
            PollPolicy::default().max_detection_delay(Duration::from_secs(2)),
            true,
        ),
        (
            "backoff 0.5 s x1.5 -> 5 s (previous policy, no learning)",
            PollPolicy::backoff(Duration::from_millis(500), 1.5, Duration::from_secs(5)),
            false,
        ),
        ("fixed 500 ms", PollPolicy::fixed(Duration::from_millis(500)), false),
        (
            "fixed 2 s (official CLI)",
            PollPolicy::fixed(Duration::from_secs(2)),
            false,
        ),
    ]
}

/// One cell's figures for one poller.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub jobs: usize,
    pub calls: f64,
    pub mean_delay: f64,
    pub max_delay: f64,
    /// Jobs ahead at submit (mean), from the replay.
    pub ahead: f64,
    /// The start of each job, seconds after its submit (from the replay).
    pub starts: Vec<f64>,
}

/// The whole table.
#[derive(Debug)]
pub struct Table {
    pub pollers: Vec<&'static str>,
    /// `(length, spread, depth)` -> one entry per poller.
    pub cells: BTreeMap<(u64, u64, u64), Vec<Figures>>,
    pub virtual_secs: f64,
    pub wall_secs: f64,
    pub status_calls: u64,
    pub jobs_per_cell: (usize, usize),
    pub warmup_jobs: usize,
    /// Per cell: the fewest expected status calls at the default policy's mean delay
    /// (`optimum.rs`).
    pub optimum: BTreeMap<(u64, u64, u64), f64>,
}

/// A worst figure and the cell `(length, spread, depth)` where it is.
pub type Worst = (f64, (u64, u64, u64));

impl Table {
    /// The default policy's calls over the optimum's, per cell.
    pub fn ratio(&self, cell: &(u64, u64, u64)) -> Option<f64> {
        let calls = self.cells.get(cell)?.first()?.calls;
        Some(calls / self.optimum.get(cell)?)
    }

    /// `(worst ratio to the optimum, worst mean delay behind a queue, worst max delay behind
    /// a queue)` of the default policy, with the cells where they are.
    pub fn summary(&self) -> (Worst, Worst, Worst) {
        let mut ratio = (0.0, (0, 0, 0));
        let mut mean = (0.0, (0, 0, 0));
        let mut max = (0.0, (0, 0, 0));
        for (cell, row) in &self.cells {
            if let Some(r) = self.ratio(cell)
                && r > ratio.0
            {
                ratio = (r, *cell);
            }
            let Some(d) = row.first() else { continue };
            if cell.2 > 0 && d.mean_delay > mean.0 {
                mean = (d.mean_delay, *cell);
            }
            if cell.2 > 0 && d.max_delay > max.0 {
                max = (d.max_delay, *cell);
            }
        }
        (ratio, mean, max)
    }
}

/// The completion distribution of a cell: the starts its jobs had (queue wait included), and
/// the cell's run times (uniform over length ± spread).
fn completion(l: u64, s: u64, starts: &[f64]) -> crate::optimum::Completion {
    let (l, s) = (l as f64, s as f64 / 100.0);
    crate::optimum::Completion::observed_starts(starts.to_vec(), (l * (1.0 - s), l * (1.0 + s)))
}

fn sub_model(l: u64, s: u64, q: usize) -> String {
    format!("bench/l{l}/s{s}/q{q}")
}

fn logical(l: u64, s: u64) -> String {
    format!("bench/l{l}/s{s}")
}

fn levels(s: u64) -> usize {
    if s == 0 { 1 } else { LEVELS }
}

/// Run time (seconds) of level `q`: the cell's uniform distribution, stratified.
fn run_of(l: u64, s: u64, q: usize) -> f64 {
    let (l, s) = (l as f64, s as f64 / 100.0);
    l * (1.0 - s) + 2.0 * l * s * (q as f64 + 0.5) / levels((s * 100.0) as u64) as f64
}

/// The level of the `i`-th of `n` jobs: evenly over the levels, in a scrambled order.
fn level(s: u64, i: usize, n: usize) -> usize {
    let q = levels(s);
    let k = (i * 37) % n.max(1);
    (k * q / n.max(1)).min(q - 1)
}

struct Models {
    schemas: HashMap<String, Arc<EndpointSchema>>,
}

impl Models {
    fn new() -> Result<Models> {
        let mut schemas = HashMap::new();
        for l in LENGTHS {
            for s in SPREADS {
                for q in 0..levels(s) {
                    let id = sub_model(l, s, q);
                    let parsed = runcomfy_client::schema::parse_schema("bench.json", &id, SCHEMA);
                    let schema = parsed
                        .schema
                        .ok_or_else(|| format!("bench schema for {id} does not parse"))?;
                    schemas.insert(id, Arc::new(schema));
                }
            }
        }
        Ok(Models { schemas })
    }

    fn request(&self, l: u64, s: u64, q: usize, prompt: String) -> DynamicRequest {
        DynamicRequest::new(self.schemas[&sub_model(l, s, q)].clone(), json!({ "prompt": prompt }))
    }
}

fn config(cells: &[(u64, u64)], workers: usize) -> SimConfig {
    let mut texts = Vec::new();
    let mut run_times = BTreeMap::new();
    for &(l, s) in cells {
        for q in 0..levels(s) {
            let id = sub_model(l, s, q);
            texts.push((id.clone(), "bench.json".to_owned(), SCHEMA.to_owned()));
            run_times.insert(id, RunTime::fixed(Duration::from_secs_f64(run_of(l, s, q))));
        }
    }
    SimConfig {
        schema_texts: texts,
        run_times,
        workers,
        clock: ClockMode::Paused,
        dispatch_delay: Duration::from_secs_f64(DISPATCH),
        prerender_outputs: false,
        ..SimConfig::default()
    }
}

fn client(sim: &SimHandle, policy: PollPolicy, learned: Option<&RunTimeSnapshot>) -> Result<Client> {
    let mut b = Client::builder().token("bench").base_url(sim.base_url()).poll(policy);
    if let Some(s) = learned {
        b = b.run_times(s);
    }
    b.build().map_err(|e| e.to_string())
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// What one measured job saw.
struct Seen {
    id: String,
    submit: f64,
    run: f64,
    /// `(simulated time, 0 queued / 1 running / 2 finished)` per status answer.
    events: Vec<(f64, u8)>,
    /// The queue position of each answer (queued ones).
    positions: Vec<Option<u64>>,
}

/// Submits a job and waits for it the way the pipeline does; records every answer.
async fn job(client: &Client, sim: &SimHandle, request: DynamicRequest, model: &str, run: f64) -> Result<Seen> {
    let job = client.submit(&request).await.map_err(|e| e.to_string())?;
    let submit = secs(sim.now());
    let job = Job::new(job.request_id()).with_model_id(model);
    let opts = JobOptions::default().wait(WaitOptions::default().submitted_at(Instant::now()));
    let mut seen = Seen {
        id: job.request_id().to_owned(),
        submit,
        run,
        events: Vec::new(),
        positions: Vec::new(),
    };
    let mut observe = |event: JobEvent<'_>| {
        if let JobEvent::Progress(p) = event {
            let (kind, position) = match p.state {
                JobState::Queued { position } => (0, position),
                JobState::Running => (1, None),
                _ => (2, None),
            };
            seen.positions.push(position);
            seen.events.push((secs(sim.now()), kind));
        }
    };
    let _done = client
        .follow(&job, &opts, &mut observe)
        .await
        .map_err(|e| e.to_string())?;
    Ok(seen)
}

/// Start and end of every job of a FIFO queue with `workers` workers, in submit order.
fn replay(jobs: &[(f64, f64)], workers: usize) -> Vec<(f64, f64)> {
    let mut free = vec![0.0_f64; workers];
    let mut last_start = 0.0_f64;
    jobs.iter()
        .map(|&(submit, run)| {
            let (i, earliest) = free
                .iter()
                .copied()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((0, 0.0));
            let start = (submit + DISPATCH).max(last_start).max(earliest);
            last_start = start;
            free[i] = start + run;
            (start, start + run)
        })
        .collect()
}

/// Figures of jobs whose start and end are known; checks every answer against them.
fn figures(jobs: &[(Seen, f64, f64, usize)], sim: &SimHandle, problems: &mut Vec<String>) -> Figures {
    let acct = sim.accounting();
    let mut f = Figures {
        jobs: jobs.len(),
        ..Figures::default()
    };
    const TOLERANCE: f64 = 0.002;
    for (seen, start, end, ahead) in jobs {
        for &(t, kind) in &seen.events {
            let expected = if t < *start {
                0
            } else if t < *end {
                1
            } else {
                2
            };
            let near = (t - start).abs() <= TOLERANCE || (t - end).abs() <= TOLERANCE;
            if expected != kind && !near {
                problems.push(format!(
                    "job {}: at {t:.3} s it was {kind}, the replay says {expected} (start {start:.3}, end {end:.3})",
                    seen.id
                ));
            }
        }
        let detect = seen.events.last().map_or(f64::NAN, |e| e.0);
        let delay = (detect - end).max(0.0);
        f.calls += acct.status_calls_for(&seen.id) as f64;
        f.mean_delay += delay;
        f.max_delay = f.max_delay.max(delay);
        f.ahead += *ahead as f64;
        f.starts.push(start - seen.submit);
    }
    let n = jobs.len().max(1) as f64;
    f.calls /= n;
    f.mean_delay /= n;
    f.ahead /= n;
    f
}

/// A cell without a queue: `n` jobs of `(l, s)` on the shared simulator, submitted 5 ms apart.
async fn cell_without_queue(
    models: &Models,
    client: &Client,
    sim: &SimHandle,
    (l, s): (u64, u64),
    n: usize,
    tag: &str,
) -> Result<Vec<(Seen, f64, f64, usize)>> {
    let tasks = (0..n).map(|i| async move {
        tokio::time::sleep(Duration::from_millis(5 * i as u64)).await;
        let q = level(s, i, n);
        let request = models.request(l, s, q, format!("{tag} {l} {s} {i}"));
        let seen = job(client, sim, request, &logical(l, s), run_of(l, s, q)).await?;
        let start = seen.submit + DISPATCH;
        let end = start + seen.run;
        Ok::<_, String>((seen, start, end, 0))
    });
    futures_util::future::join_all(tasks).await.into_iter().collect()
}

/// A cell with a queue of about 50: its own simulator with 20 workers, 70 jobs of the same
/// distribution submitted at 0 (20 start, 50 wait), then `n` measured jobs arriving at the
/// rate the workers drain the queue.
async fn cell_with_queue(
    models: &Models,
    client: &Client,
    sim: &SimHandle,
    (l, s): (u64, u64),
    n: usize,
    tag: &str,
) -> Result<Vec<(Seen, f64, f64, usize)>> {
    let fillers = 50 + WORKERS;
    let mut order: Vec<(f64, f64)> = Vec::new();
    for i in 0..fillers {
        let q = level(s, i, fillers);
        let request = models.request(l, s, q, format!("{tag} filler {l} {s} {i}"));
        client.submit(&request).await.map_err(|e| e.to_string())?;
        order.push((secs(sim.now()), run_of(l, s, q)));
    }
    let mean = l as f64;
    let every = mean / WORKERS as f64;
    let tasks = (0..n).map(|i| async move {
        tokio::time::sleep(Duration::from_secs_f64(every * (i + 1) as f64)).await;
        let q = level(s, i, n);
        let request = models.request(l, s, q, format!("{tag} {l} {s} {i}"));
        job(client, sim, request, &logical(l, s), run_of(l, s, q)).await
    });
    let measured: Vec<Seen> = futures_util::future::join_all(tasks)
        .await
        .into_iter()
        .collect::<Result<_>>()?;
    // Submit order: the fillers, then the measured jobs by submit time.
    let mut idx: Vec<usize> = (0..measured.len()).collect();
    idx.sort_by(|a, b| measured[*a].submit.total_cmp(&measured[*b].submit));
    order.extend(idx.iter().map(|&i| (measured[i].submit, measured[i].run)));
    let times = replay(&order, WORKERS);
    let mut out: Vec<Option<(Seen, f64, f64, usize)>> = (0..measured.len()).map(|_| None).collect();
    let mut measured: Vec<Option<Seen>> = measured.into_iter().map(Some).collect();
    for (rank, &i) in idx.iter().enumerate() {
        let k = fillers + rank;
        let (start, end) = times[k];
        let submit = order[k].0;
        let ahead = times[..k].iter().filter(|(st, _)| *st > submit).count();
        if let Some(seen) = measured[i].take() {
            out[i] = Some((seen, start, end, ahead));
        }
    }
    Ok(out.into_iter().flatten().collect())
}

/// Runs the whole table. `quick`: fewer jobs per cell.
pub fn run(quick: bool) -> Result<Table> {
    let wall = std::time::Instant::now();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .map_err(|e| e.to_string())?;
    let (n0, n50, waves, per_wave) = if quick { (12, 6, 2, 8) } else { (48, 24, 3, 16) };
    rt.block_on(async move {
        let t0 = Instant::now();
        let models = Models::new()?;
        // CLIENT_BENCH_CELLS=60/20,300/0 runs only these cells (for work on the poller).
        let only: Option<Vec<String>> = std::env::var("CLIENT_BENCH_CELLS")
            .ok()
            .map(|v| v.split(',').map(|c| c.trim().to_owned()).collect());
        let cells: Vec<(u64, u64)> = LENGTHS
            .iter()
            .flat_map(|&l| SPREADS.iter().map(move |&s| (l, s)))
            .filter(|(l, s)| only.as_ref().is_none_or(|o| o.contains(&format!("{l}/{s}"))))
            .collect();
        let pollers = pollers();
        let sim0 = Arc::new(
            runcomfy_sim::start(config(&cells, 1_000_000))
                .await
                .map_err(|e| e.to_string())?,
        );
        let mut sims50 = HashMap::new();
        for p in 0..pollers.len() {
            for &c in &cells {
                let sim = runcomfy_sim::start(config(&[c], WORKERS))
                    .await
                    .map_err(|e| e.to_string())?;
                sims50.insert((p, c), Arc::new(sim));
            }
        }
        // Simulated time follows the runtime's (virtual) time, to the millisecond.
        let all: Vec<Arc<SimHandle>> = std::iter::once(sim0.clone()).chain(sims50.values().cloned()).collect();
        let ticker = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_millis(1));
            loop {
                every.tick().await;
                let target = t0.elapsed();
                for sim in &all {
                    let now = sim.now();
                    if target > now {
                        sim.advance(target - now);
                    }
                }
            }
        });
        // Learning: waves of jobs of every model, without a queue, with the default policy.
        let learner = client(&sim0, PollPolicy::default(), None)?;
        for wave in 0..waves {
            let tasks = cells.iter().map(|&c| {
                let (models, learner, sim0) = (&models, &learner, &sim0);
                async move { cell_without_queue(models, learner, sim0, c, per_wave, &format!("learn{wave}")).await }
            });
            for r in futures_util::future::join_all(tasks).await {
                r?;
            }
        }
        let learned = learner.run_times();
        if std::env::var_os("CLIENT_BENCH_DEBUG").is_some() {
            for m in learned.model_ids() {
                let r = learned.run_times(m).expect("listed");
                eprintln!(
                    "learned {m}: {} jobs, {:?} .. {:?} .. {:?}",
                    r.len(),
                    r.quantile(0.0),
                    r.median(),
                    r.quantile(1.0)
                );
            }
        }
        sim0.reset_accounting();
        // Every poller, every cell, at once.
        type Out = Result<(usize, (u64, u64), u64, Vec<(Seen, f64, f64, usize)>, Arc<SimHandle>)>;
        let mut work: Vec<std::pin::Pin<Box<dyn std::future::Future<Output = Out> + '_>>> = Vec::new();
        for (p, (name, policy, learns)) in pollers.iter().enumerate() {
            let snap = learns.then_some(&learned);
            let c0 = client(&sim0, *policy, snap)?;
            for &c in &cells {
                let sim50 = sims50[&(p, c)].clone();
                let c50 = client(&sim50, *policy, snap)?;
                let (models, sim0, c0) = (&models, sim0.clone(), c0.clone());
                work.push(Box::pin(async move {
                    let a = cell_without_queue(models, &c0, &sim0, c, n0, name).await?;
                    Ok((p, c, 0, a, sim0))
                }));
                work.push(Box::pin(async move {
                    let b = cell_with_queue(models, &c50, &sim50, c, n50, name).await?;
                    Ok((p, c, 50, b, sim50))
                }));
            }
        }
        let results = futures_util::future::join_all(work).await;
        ticker.abort();
        let mut problems = Vec::new();
        let mut table = Table {
            pollers: pollers.iter().map(|p| p.0).collect(),
            cells: BTreeMap::new(),
            virtual_secs: t0.elapsed().as_secs_f64(),
            wall_secs: 0.0,
            status_calls: 0,
            jobs_per_cell: (n0, n50),
            warmup_jobs: waves * per_wave,
            optimum: BTreeMap::new(),
        };
        // CLIENT_BENCH_TRACE=N prints the answers of the default policy's first N jobs per cell
        // (3 if N is not a number).
        let trace = std::env::var("CLIENT_BENCH_TRACE")
            .ok()
            .map(|v| v.parse::<usize>().unwrap_or(3));
        for r in results {
            let (p, (l, s), depth, jobs, sim) = r?;
            if let Some(n) = trace
                && p == 0
            {
                for (seen, start, end, ahead) in jobs.iter().take(n) {
                    let answers: Vec<String> = seen
                        .events
                        .iter()
                        .zip(&seen.positions)
                        .map(|((t, k), pos)| {
                            let what = match (k, pos) {
                                (0, Some(p)) => format!("q{p}"),
                                (0, None) => "q".to_owned(),
                                (1, _) => "run".to_owned(),
                                _ => "done".to_owned(),
                            };
                            format!("{:.1}:{what}", t - seen.submit)
                        })
                        .collect();
                    let found = seen.events.last().map_or(f64::NAN, |e| e.0);
                    eprintln!(
                        "trace {l}/{s}/{depth}: ahead {ahead}, start {:.1}, end {:.1}, late {:.2}: {}",
                        start - seen.submit,
                        end - seen.submit,
                        found - end,
                        answers.join(" ")
                    );
                }
            }
            let f = figures(&jobs, &sim, &mut problems);
            table.status_calls += (f.calls * f.jobs as f64).round() as u64;
            let row = table
                .cells
                .entry((l, s, depth))
                .or_insert_with(|| vec![Figures::default(); pollers.len()]);
            row[p] = f;
        }
        if !problems.is_empty() {
            return Err(format!(
                "{} status answers disagree with the replayed queue, e.g.:\n{}",
                problems.len(),
                problems[..problems.len().min(5)].join("\n")
            ));
        }
        for (&(l, s, depth), row) in &table.cells {
            if let Some(d) = row.first() {
                let opt = crate::optimum::min_calls(&completion(l, s, &d.starts), d.mean_delay);
                table.optimum.insert((l, s, depth), opt);
            }
        }
        table.wall_secs = wall.elapsed().as_secs_f64();
        Ok(table)
    })
}
