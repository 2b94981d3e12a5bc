//! A local simulator of the RunComfy Model API, driven by the same schemas and the same
//! validator as the client (like stripe-mock for Stripe).
//!
//! It serves the contract described in the repository's `DESIGN.md` for every endpoint in a
//! schema folder: the model catalog (list with search, filters and paging, categories, one
//! model with its schema and price), submit, status, result (with `include_cost` and
//! timestamps), cancel, the error body `{error_code, error_message, detail}` on every route,
//! bearer tokens, a simulated queue with a clock that tests can pause and advance, real
//! generated outputs (PNG/JPEG/WebP images, H.264 MP4 videos, WAV or MP3 audio) shaped by the
//! request, on a second origin, deterministic fault injection, and accounting for tests.
//!
//! What each model makes is inferred from its schema and id ([`infer_profile`]; a sidecar
//! wins); [`AnswerStyle`] picks the answer shapes (the default ones, or the public docs');
//! [`SimConfig::state_file`] keeps the jobs between processes ([`state`]); and
//! [`load_schema_folder`] reads a schema folder with its sidecars for whoever serves it.
//!
//! ```no_run
//! # async fn demo() -> Result<(), runcomfy_sim::SimError> {
//! use std::time::Duration;
//! let sim = runcomfy_sim::start(runcomfy_sim::SimConfig::for_tests("secret")).await?;
//! println!("API at {}, outputs at {}", sim.base_url(), sim.output_origin());
//! // ... submit with any HTTP client, then move simulated time on:
//! sim.advance(Duration::from_secs(30));
//! assert_eq!(sim.accounting().duplicate_jobs(), vec![]);
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

mod accounting;
mod api;
mod body;
pub mod catalog;
mod clock;
mod config;
pub mod faults;
mod folder;
mod ids;
mod mp4;
mod outputs;
pub mod profile;
mod queue;
mod renders;
mod rng;
pub mod scripted;
mod server;
pub mod state;

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use runcomfy_schema::EndpointSchema;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use accounting::{Accounting, InjectedFault, MediaUrl, Submission, body_hash_json, canonical_json};
pub use body::MAX_BODY_VALUES;
pub use catalog::ModelMeta;
pub use clock::ClockMode;
pub use config::{AcceptedTokens, AnswerStyle, RunTime, SimConfig};
pub use faults::{FaultKind, FaultRule, Faults, Op};
pub use folder::{SchemaFolder, load_schema_folder};
pub use mp4::{Mp4Video, read_mp4_video};
pub use outputs::MAX_OUTPUTS;
pub use profile::{OutputProfile, infer_profile};
pub use runcomfy_wire::codes;

use crate::faults::FaultEngine;
use crate::queue::{Job, JobState, Queue};
use crate::rng::SplitMix64;

/// Locks a mutex, ignoring poisoning (no handler panics while holding a lock, and a
/// poisoned counter is still better than a crashed server).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Why the simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The schema folder has errors (each line names file and JSON pointer).
    #[error("the schema folder has errors:\n{}", .0.join("\n"))]
    Schemas(Vec<String>),
    /// The schema folder holds no usable schema.
    #[error("no schema found in {0}")]
    NoSchemas(String),
    /// Catalog metadata (sidecar files or [`SimConfig::model_meta`]) has errors (each line
    /// names the file or the model).
    #[error("the catalog metadata has errors:\n{}", .0.join("\n"))]
    Metadata(Vec<String>),
    /// A setting cannot be used.
    #[error("{0}")]
    Config(String),
    /// A listener could not bind.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
}

/// The shared state of one simulator.
#[derive(Debug)]
pub(crate) struct Sim {
    pub(crate) config: SimConfig,
    pub(crate) endpoints: BTreeMap<String, EndpointSchema>,
    /// The catalog: one entry per endpoint.
    pub(crate) models: BTreeMap<String, catalog::Model>,
    /// Wall-clock time when simulated time was zero (timestamps map simulated time onto it).
    pub(crate) started_wall: SystemTime,
    pub(crate) clock: clock::Clock,
    pub(crate) queue: Mutex<Queue>,
    pub(crate) accounting: Mutex<Accounting>,
    pub(crate) faults: FaultEngine,
    pub(crate) rng: Mutex<SplitMix64>,
    pub(crate) api_origin: String,
    pub(crate) output_origin: String,
    /// The base of output links: [`SimConfig::public_base_url`] or the output origin.
    pub(crate) output_base: String,
    pub(crate) renders: Arc<renders::Renders>,
    /// Where jobs are kept between processes, if anywhere.
    pub(crate) state: Option<state::StateFile>,
    pub(crate) ids: ids::IdGen,
}

impl Sim {
    pub(crate) fn limits(&self) -> outputs::Limits {
        outputs::Limits {
            max_image_side: self.config.max_image_side,
            max_video_side: self.config.max_video_side,
            fps: self.config.video_fps.clamp(1, 60),
            max_seconds: self.config.max_media_seconds,
        }
    }

    /// A new job of `model` for `token`: its run, its fate, its files and its price are all
    /// decided now (the body is not kept).
    pub(crate) fn new_job(&self, model: &catalog::Model, token: &str, body: &Value) -> Job {
        let mut rng = lock(&self.rng);
        let run_time = self
            .config
            .run_times
            .get(&model.entry.model_id)
            .unwrap_or(&self.config.run_time);
        let run = run_time.sample(rng.next_f64());
        let failure = (rng.next_f64() < self.config.failure_rate)
            .then(|| "simulated failure: the model run failed (SimConfig::failure_rate)".to_owned());
        let fallback_seed = rng.next_u64();
        drop(rng);
        let plan = outputs::plan(&model.profile, model.output_kind, body, self.limits());
        let fps = plan.items.iter().find_map(|i| match i {
            outputs::Item::Video { fps, .. } => Some(f64::from(*fps)),
            _ => None,
        });
        let requested = runcomfy_schema::requested::request_length(body)
            .map(|l| l.seconds(fps.unwrap_or(f64::from(self.limits().fps))));
        let cost_usd = model.cost(plan.items.len() as u64, requested, plan.produced_seconds());
        let now = self.clock.now();
        Job {
            id: String::new(),
            model_id: model.entry.model_id.clone(),
            owner: accounting::sha256_hex(token.as_bytes()),
            output_seed: outputs::job_seed(body, fallback_seed),
            created: now,
            eligible: now.saturating_add(self.config.dispatch_delay),
            run,
            failure,
            state: JobState::Queued,
            finished: None,
            plan,
            cost_usd,
        }
    }

    /// Simulated time `t` as an RFC 3339 UTC timestamp (milliseconds): the wall-clock time at
    /// start plus `t`. `None` beyond what a `SystemTime` can hold.
    pub(crate) fn timestamp(&self, t: Duration) -> Option<String> {
        let at = self.started_wall.checked_add(t)?;
        // Years beyond 9999 cannot be written in RFC 3339.
        (at < SystemTime::UNIX_EPOCH + Duration::from_secs(253_402_300_799))
            .then(|| humantime::format_rfc3339_millis(at).to_string())
    }

    /// Runs `f` on the queue brought up to the current simulated time (with the state
    /// file's jobs, when there is one), then starts rendering the outputs of every job that
    /// completed meanwhile (see [`renders`]). `Err` only when the state file cannot be
    /// locked (another process holds it too long).
    pub(crate) fn with_queue<R>(&self, f: impl FnOnce(&mut Queue) -> R) -> Result<R, String> {
        let (result, completed) = {
            let mut queue = lock(&self.queue);
            let now = self.clock.now();
            let step = |queue: &mut Queue| {
                queue.advance(now);
                f(queue)
            };
            let result = match &self.state {
                Some(file) => file.sync(&mut queue, self.config.workers, step)?,
                None => step(&mut queue),
            };
            let completed: Vec<Job> = queue
                .take_completed()
                .iter()
                .filter_map(|id| queue.get(id).cloned())
                .collect();
            (result, completed)
        };
        if self.config.prerender_outputs {
            for job in completed {
                // The poster is linked only in the documented shapes.
                let linked = |n: usize| n < job.plan.items.len() || self.config.answers == AnswerStyle::Docs;
                let jobs = job
                    .plan
                    .files()
                    .filter(|(n, _)| linked(*n))
                    .map(|(n, item)| renders::Job {
                        item,
                        seed: outputs::file_seed(&job.plan, job.output_seed, n),
                    })
                    .collect();
                self.renders.prerender(jobs);
            }
        }
        Ok(result)
    }
}

/// A running simulator. Dropping it stops both origins.
#[derive(Debug)]
pub struct SimHandle {
    sim: Arc<Sim>,
    api_addr: SocketAddr,
    output_addr: SocketAddr,
    base_url: String,
    _shutdown: watch::Sender<bool>,
}

fn origin_of(addr: SocketAddr) -> String {
    let ip = if addr.ip().is_unspecified() {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        addr.ip()
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

/// Starts a simulator: reads the schemas, binds both origins and serves them on the current
/// tokio runtime until the returned handle is dropped.
pub async fn start(config: SimConfig) -> Result<SimHandle, SimError> {
    let dir = config.schemas_dir.clone();
    let (texts, sidecars) = if config.schema_texts.is_empty() {
        let folder = load_schema_folder(&dir);
        if !folder.is_ok() {
            let (meta, schemas): (Vec<String>, Vec<String>) = folder
                .problems
                .into_iter()
                .partition(|p| p.contains(catalog::SIDECAR_SUFFIX));
            return Err(if schemas.is_empty() {
                SimError::Metadata(meta)
            } else {
                SimError::Schemas(schemas.into_iter().chain(meta).collect())
            });
        }
        (folder.schemas, folder.meta)
    } else {
        (config.schema_texts.clone(), BTreeMap::new())
    };
    let mut errors = Vec::new();
    let mut endpoints: BTreeMap<String, EndpointSchema> = BTreeMap::new();
    let mut schema_json: BTreeMap<String, Value> = BTreeMap::new();
    for (id, file, text) in &texts {
        // The same parser as files (schemas compiled into a binary included).
        let parsed = runcomfy_schema::parse_schema(file, id, text);
        errors.extend(
            parsed
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(ToString::to_string),
        );
        if let Some(schema) = parsed.schema {
            if let Ok(json) = serde_json::from_str::<Value>(text) {
                schema_json.insert(id.clone(), json);
            }
            endpoints.insert(id.clone(), schema);
        }
    }
    if !errors.is_empty() {
        return Err(SimError::Schemas(errors));
    }
    if endpoints.is_empty() {
        return Err(SimError::NoSchemas(dir.display().to_string()));
    }
    let models = catalog_models(&config, &endpoints, schema_json, &sidecars)?;
    let output_base = match &config.public_base_url {
        Some(url) => Some(public_base(url)?),
        None => None,
    };
    let bind = |addr: SocketAddr| async move {
        TcpListener::bind(addr)
            .await
            .map_err(|source| SimError::Bind { addr, source })
    };
    let api_listener = bind(config.bind).await?;
    let output_listener = bind(config.output_bind).await?;
    let local =
        |l: &TcpListener, asked: SocketAddr| l.local_addr().map_err(|source| SimError::Bind { addr: asked, source });
    let api_addr = local(&api_listener, config.bind)?;
    let output_addr = local(&output_listener, config.output_bind)?;
    let api_origin = origin_of(api_addr);
    let output_origin = origin_of(output_addr);
    let limits = server::Limits {
        header_read_timeout: config.header_read_timeout,
        max_connections: config.max_connections.max(1),
    };
    let limits_now = outputs::Limits {
        max_image_side: config.max_image_side,
        max_video_side: config.max_video_side,
        fps: config.video_fps.clamp(1, 60),
        max_seconds: config.max_media_seconds,
    };
    let clock = clock::Clock::new(config.clock);
    let mut queue = Queue::new(config.workers);
    let mut started_wall = SystemTime::now();
    let state = match &config.state_file {
        Some(path) => {
            let (file, restored) = state::StateFile::open(path, limits_now, clock.speed()).map_err(SimError::Config)?;
            if let Some(restored) = restored {
                queue = restored.queue;
                queue.set_workers(config.workers);
                clock.advance(restored.now);
            }
            started_wall = file.epoch();
            Some(file)
        }
        None => None,
    };
    let sim = Arc::new(Sim {
        endpoints,
        models,
        started_wall,
        clock,
        queue: Mutex::new(queue),
        accounting: Mutex::new(Accounting::default()),
        faults: FaultEngine::new(&config.faults),
        rng: Mutex::new(SplitMix64::new(config.seed)),
        api_origin: api_origin.clone(),
        output_base: output_base.unwrap_or_else(|| output_origin.clone()),
        output_origin,
        renders: Arc::new(renders::Renders::new(config.output_cache_bytes)),
        state,
        ids: ids::IdGen::new(),
        config,
    });
    let (shutdown, rx) = watch::channel(false);
    let on_shed = |sim: &Arc<Sim>| -> server::OnShed {
        let sim = Arc::downgrade(sim);
        Box::new(move |n| {
            if let Some(sim) = sim.upgrade() {
                lock(&sim.accounting).connections_shed += n;
            }
        })
    };
    tokio::spawn(server::serve(
        api_listener,
        api::api_router(sim.clone()),
        limits,
        on_shed(&sim),
        rx.clone(),
    ));
    tokio::spawn(server::serve(
        output_listener,
        api::output_router(sim.clone()),
        limits,
        on_shed(&sim),
        rx,
    ));
    Ok(SimHandle {
        base_url: format!("{api_origin}/v1"),
        sim,
        api_addr,
        output_addr,
        _shutdown: shutdown,
    })
}

/// The catalog entries of the served endpoints: sidecars (folder mode), then
/// `config.model_meta`, then what the schema and the id say ([`infer_profile`]).
fn catalog_models(
    config: &SimConfig,
    endpoints: &BTreeMap<String, EndpointSchema>,
    mut schema_json: BTreeMap<String, Value>,
    sidecars: &BTreeMap<String, ModelMeta>,
) -> Result<BTreeMap<String, catalog::Model>, SimError> {
    let mut errors = Vec::new();
    for (id, meta) in &config.model_meta {
        if !endpoints.contains_key(id) {
            errors.push(format!("SimConfig::model_meta: no endpoint {id:?} is served"));
        }
        errors.extend(
            meta.problems()
                .into_iter()
                .map(|p| format!("SimConfig::model_meta[{id:?}]: {p}")),
        );
    }
    if !errors.is_empty() {
        return Err(SimError::Metadata(errors));
    }
    Ok(endpoints
        .iter()
        .map(|(id, schema)| {
            let base = sidecars.get(id).cloned().unwrap_or_default();
            let meta = match config.model_meta.get(id) {
                Some(over) => base.overridden_by(over),
                None => base,
            };
            let profile = infer_profile(id, schema);
            (id.clone(), catalog::model(id, schema_json.remove(id), &meta, profile))
        })
        .collect())
}

/// Checks [`SimConfig::public_base_url`] and returns it without a trailing `/`.
fn public_base(url: &str) -> Result<String, SimError> {
    let bad = |why: &str| SimError::Config(format!("the public base URL {url:?} cannot be used: {why}"));
    let parsed = url::Url::parse(url).map_err(|e| bad(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("it must be an http:// or https:// URL"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("it has no host"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("it cannot have a query or a fragment"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad("it cannot hold credentials"));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

impl SimHandle {
    /// The API base URL, as `RUNCOMFY_MODEL_API_BASE` takes it: `http://127.0.0.1:PORT/v1`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The API origin without `/v1`: `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> &str {
        &self.sim.api_origin
    }

    /// The origin serving generated outputs: `http://127.0.0.1:PORT2`.
    pub fn output_origin(&self) -> &str {
        &self.sim.output_origin
    }

    /// The base of the output links results give: [`SimConfig::public_base_url`] (without a
    /// trailing `/`), or [`SimHandle::output_origin`].
    pub fn output_base_url(&self) -> &str {
        &self.sim.output_base
    }

    /// The API's socket address.
    pub fn api_addr(&self) -> SocketAddr {
        self.api_addr
    }

    /// The output origin's socket address.
    pub fn output_addr(&self) -> SocketAddr {
        self.output_addr
    }

    /// The model ids served, sorted.
    pub fn model_ids(&self) -> Vec<String> {
        self.sim.endpoints.keys().cloned().collect()
    }

    /// A snapshot of the accounting.
    pub fn accounting(&self) -> Accounting {
        lock(&self.sim.accounting).clone()
    }

    /// Clears the accounting.
    pub fn reset_accounting(&self) {
        let mut acct = lock(&self.sim.accounting);
        // Requests being answered now are still in flight after the reset.
        *acct = Accounting {
            api_in_flight: acct.api_in_flight,
            ..Accounting::default()
        };
    }

    /// Moves simulated time forward (in any clock mode).
    pub fn advance(&self, by: Duration) {
        self.sim.clock.advance(by);
    }

    /// Simulated time since start.
    pub fn now(&self) -> Duration {
        self.sim.clock.now()
    }

    /// Makes the next request of `op` fail with `kind`, before any random rule. Calls queue
    /// up: two calls fault the next two requests.
    pub fn inject(&self, op: Op, kind: FaultKind) {
        self.sim.faults.inject(op, kind);
    }

    /// The config the simulator runs with.
    pub fn config(&self) -> &SimConfig {
        &self.sim.config
    }

    /// What the simulator warns about: a state file that could not be used and was set
    /// aside, a write that failed. Empty when all is well.
    pub fn warnings(&self) -> Vec<String> {
        self.sim
            .state
            .as_ref()
            .map(state::StateFile::warnings)
            .unwrap_or_default()
    }

    /// What the simulator makes of a served model: its output kind, categories, count and
    /// length fields as inferred from its schema ([`infer_profile`]), and the output kind
    /// it renders (a sidecar's `output_kind` or categories winning).
    pub fn profile(&self, model_id: &str) -> Option<(OutputProfile, runcomfy_wire::catalog::OutputKind)> {
        self.sim
            .models
            .get(model_id)
            .map(|m| (m.profile.clone(), m.output_kind))
    }

    /// Stops serving (the same as dropping the handle).
    pub fn shutdown(self) {}
}
