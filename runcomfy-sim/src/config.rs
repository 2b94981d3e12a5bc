//! How a simulator is set up.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use crate::catalog::ModelMeta;
use crate::clock::ClockMode;
use crate::faults::Faults;

/// Which bearer tokens the API accepts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AcceptedTokens {
    /// Any non-empty `Authorization: Bearer <token>`. Jobs still belong to the token that
    /// submitted them (another token gets 403001).
    #[default]
    Any,
    /// Only these tokens; anything else is 401 with error code 400004.
    List(Vec<String>),
}

impl AcceptedTokens {
    /// Is `token` accepted?
    pub fn accepts(&self, token: &str) -> bool {
        !token.is_empty()
            && match self {
                AcceptedTokens::Any => true,
                AcceptedTokens::List(list) => list.iter().any(|t| t == token),
            }
    }
}

/// Which answer shapes the simulator speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AnswerStyle {
    /// The shapes RunComfy's own clients meet (the default): HTTP 200 on every success,
    /// `completed`, one output key per job (`image`, `images`, `video`, ...), and a result
    /// read before completion answered 200 with the current status.
    #[default]
    Simulator,
    /// The shapes RunComfy's public documentation shows: HTTP 202 on submit and cancel, the
    /// status `succeeded` for a completed job, outputs as lists under several keys (`images`,
    /// `videos` with the video's poster as `image`, `audios`), and a result read before
    /// completion answered HTTP 400 with error code `400005` ("not completed yet").
    Docs,
}

impl std::str::FromStr for AnswerStyle {
    type Err = String;
    /// `sim` (or `simulator`, `default`) and `docs`.
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sim" | "simulator" | "default" => Ok(AnswerStyle::Simulator),
            "docs" | "documented" => Ok(AnswerStyle::Docs),
            other => Err(format!("unknown answer style {other:?}: sim or docs")),
        }
    }
}

/// A run-time distribution: uniform between `min` and `max` (simulated time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunTime {
    /// Shortest run.
    pub min: Duration,
    /// Longest run (values below `min` are treated as `min`).
    pub max: Duration,
}

impl RunTime {
    /// Always exactly `d`.
    pub fn fixed(d: Duration) -> Self {
        Self { min: d, max: d }
    }

    /// Uniform between `min` and `max`.
    pub fn uniform(min: Duration, max: Duration) -> Self {
        Self { min, max }
    }

    pub(crate) fn sample(&self, unit: f64) -> Duration {
        let max = self.max.max(self.min);
        self.min + (max - self.min).mul_f64(unit.clamp(0.0, 1.0))
    }
}

impl std::str::FromStr for RunTime {
    type Err = String;
    /// `3s`, `1500ms`, or a range `2s..5s`.
    fn from_str(s: &str) -> Result<Self, String> {
        match s.split_once("..") {
            Some((a, b)) => Ok(RunTime::uniform(
                crate::faults::parse_duration(a)?,
                crate::faults::parse_duration(b)?,
            )),
            None => Ok(RunTime::fixed(crate::faults::parse_duration(s)?)),
        }
    }
}

/// Everything a simulator needs to start. `SimConfig::default()` is a sensible local setup:
/// both origins on `127.0.0.1` with ports chosen by the OS, the bundled schemas, any token.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Where the API listens. Default `127.0.0.1:0` (a free port).
    pub bind: SocketAddr,
    /// Where the output origin (the generated files) listens. Default `127.0.0.1:0`.
    pub output_bind: SocketAddr,
    /// The schema folder: `<dir>/<model_id>.json`. Default: the repository's `schemas/`.
    /// Ignored when [`SimConfig::schema_texts`] is not empty.
    pub schemas_dir: PathBuf,
    /// Schemas given as text, `(model id, file label, schema text)`: e.g.
    /// `runcomfy_client::models::ENDPOINTS`, the schemas compiled into the client, so that a
    /// binary serves them wherever it runs. When not empty, used instead of `schemas_dir`.
    pub schema_texts: Vec<(String, String, String)>,
    /// Accepted bearer tokens.
    pub tokens: AcceptedTokens,
    /// Tokens that are accepted (whatever [`SimConfig::tokens`] says) but have no balance:
    /// their submits answer 402 / 400002.
    pub no_balance_tokens: Vec<String>,
    /// Catalog metadata per model id, over the sidecar files' (see [`crate::ModelMeta`]);
    /// the only metadata source for [`SimConfig::schema_texts`]. A model id that is not
    /// served stops the simulator from starting.
    pub model_meta: BTreeMap<String, ModelMeta>,
    /// The base of output links in results, instead of the output origin: e.g.
    /// `https://outputs.sim.runcomfy.net` when a proxy with that name forwards to the output
    /// origin. An `http(s)` URL with a host and no query; a path is kept
    /// (`https://proxy/sim` gives `https://proxy/sim/outputs/...`). Default: the output origin.
    pub public_base_url: Option<String>,
    /// How long a connection may take to send a request's headers, and how long an idle
    /// keep-alive connection is kept; then it is closed. Default 30 s; `None` waits forever.
    pub header_read_timeout: Option<Duration>,
    /// The most connections open at once per origin. A new connection beyond it makes the
    /// longest-idle connection close; when none is idle, new connections wait in the
    /// listen backlog until one is. Default 512.
    pub max_connections: usize,
    /// How many jobs run at once. Default 2; 0 is treated as 1.
    pub workers: usize,
    /// Run time of a job, for models without an entry in [`SimConfig::run_times`].
    /// Default uniform 2 s to 5 s.
    pub run_time: RunTime,
    /// Run time per model id.
    pub run_times: BTreeMap<String, RunTime>,
    /// The least time a job stays `in_queue` before a worker may take it. Default 500 ms.
    pub dispatch_delay: Duration,
    /// Probability that a job ends `failed`. Default 0.
    pub failure_rate: f64,
    /// How simulated time passes.
    pub clock: ClockMode,
    /// Faults to inject.
    pub faults: Faults,
    /// Seed for run times, failures and unseeded outputs. Default 0. Request ids do not
    /// depend on it: they never repeat, across restarts with the same seed included.
    pub seed: u64,
    /// The longest side of a generated image, in pixels; larger requests are scaled down,
    /// keeping the aspect ratio. Default 2048.
    pub max_image_side: u32,
    /// The longest side of a generated video. Default 320.
    pub max_video_side: u32,
    /// Frames per second of generated videos. Default 8.
    pub video_fps: u32,
    /// Longest generated video or audio, in seconds: a request's length is honoured up
    /// to it. Default 30.
    pub max_media_seconds: u32,
    /// Largest accepted request body in bytes. Default 64 MiB.
    pub max_body_bytes: usize,
    /// Render a job's output files as soon as it completes (on tokio's blocking pool), so a
    /// download never waits for the encoder. Default true; load tests that never download
    /// can turn it off (files are then rendered on their first GET).
    pub prerender_outputs: bool,
    /// Rendered output bytes kept in memory; the oldest files beyond it are dropped and
    /// rendered again if asked for. Default 256 MiB.
    pub output_cache_bytes: usize,
    /// Which answer shapes to speak. Default [`AnswerStyle::Simulator`].
    pub answers: AnswerStyle,
    /// A local file that keeps the simulated jobs between processes (see [`crate::state`]):
    /// read at start, written at every job change, shared safely by processes running at
    /// once. Default none: jobs live as long as the simulator.
    pub state_file: Option<PathBuf>,
}

impl SimConfig {
    /// The schema folder bundled with the repository (`<crate>/../schemas`).
    pub fn bundled_schemas() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("schemas")
    }

    /// Serve the given schemas `(model id, file label, schema text)` instead of a folder.
    pub fn with_schema_texts<'a>(mut self, schemas: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Self {
        self.schema_texts = schemas
            .into_iter()
            .map(|(id, file, text)| (id.to_owned(), file.to_owned(), text.to_owned()))
            .collect();
        self
    }

    /// Keep the simulated jobs in `path` between processes (see [`SimConfig::state_file`]).
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Serve a schema folder as [`crate::load_schema_folder`] read it: its schemas are added
    /// to [`SimConfig::schema_texts`] (replacing those of the same model id; with no texts
    /// before, the folder's are served instead of [`SimConfig::schemas_dir`]) and its
    /// sidecars' metadata to [`SimConfig::model_meta`] (under entries already set there,
    /// which win). So a binary can serve its compiled-in schemas and a user's folder:
    /// `SimConfig::default().with_schema_texts(compiled).with_schema_folder(&folder)`.
    pub fn with_schema_folder(mut self, folder: &crate::SchemaFolder) -> Self {
        self.schema_texts
            .retain(|(id, ..)| !folder.schemas.iter().any(|(f, ..)| f == id));
        self.schema_texts.extend(folder.schemas.iter().cloned());
        for (id, meta) in &folder.meta {
            let merged = match self.model_meta.get(id) {
                Some(over) => meta.overridden_by(over),
                None => meta.clone(),
            };
            self.model_meta.insert(id.clone(), merged);
        }
        self
    }

    /// A config for tests: paused clock, one token (`token`), everything else default.
    pub fn for_tests(token: &str) -> Self {
        Self {
            tokens: AcceptedTokens::List(vec![token.to_owned()]),
            clock: ClockMode::Paused,
            ..Self::default()
        }
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        let local = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        Self {
            bind: local,
            output_bind: local,
            schemas_dir: Self::bundled_schemas(),
            schema_texts: Vec::new(),
            tokens: AcceptedTokens::Any,
            no_balance_tokens: Vec::new(),
            model_meta: BTreeMap::new(),
            public_base_url: None,
            header_read_timeout: Some(Duration::from_secs(30)),
            max_connections: 512,
            workers: 2,
            run_time: RunTime::uniform(Duration::from_secs(2), Duration::from_secs(5)),
            run_times: BTreeMap::new(),
            dispatch_delay: Duration::from_millis(500),
            failure_rate: 0.0,
            clock: ClockMode::Real,
            faults: Faults::none(),
            seed: 0,
            max_image_side: 2048,
            max_video_side: 320,
            video_fps: 8,
            max_media_seconds: 30,
            max_body_bytes: 64 * 1024 * 1024,
            prerender_outputs: true,
            output_cache_bytes: 256 * 1024 * 1024,
            answers: AnswerStyle::Simulator,
            state_file: None,
        }
    }
}
