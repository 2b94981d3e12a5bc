//! Run times learned per model: the distribution of how long a model's jobs take, which the
//! poller aims its status calls at.
//!
//! Each finished job gives one sample: an interval that holds its run time (the poller knows
//! the start and the end only between two of its status calls). A model keeps its last
//! [`MAX_SAMPLES`] samples; the distribution is their empirical distribution, each sample
//! spread over its own interval and over the gap to its neighbours, so that a handful of
//! samples still leaves no hole between them. A client keeps at most [`MAX_MODELS`] models.
//!
//! [`RunTimeSnapshot`] is a serializable copy of everything learned, so that a program (the
//! CLI) can persist it between runs (from [`crate::Client::run_times`]) and restore it with
//! [`crate::config::ClientBuilder::run_times`].

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Samples kept per model (the most recent ones).
pub const MAX_SAMPLES: usize = 64;

/// Models a client keeps learned run times for; past it, the model updated longest ago is
/// dropped.
pub const MAX_MODELS: usize = 1024;

/// The longest run time a sample may hold: 30 days (in milliseconds). Longer samples, from a
/// snapshot or a clock that jumped, are dropped.
pub const MAX_SAMPLE_MS: u32 = 30 * 24 * 3600 * 1000;

/// The version [`RunTimeSnapshot`] writes and reads.
pub const SNAPSHOT_VERSION: u32 = 1;

/// The largest snapshot text [`RunTimeSnapshot::from_json`] reads: 4 MiB, twice the largest
/// snapshot a client writes ([`MAX_MODELS`] models of [`MAX_SAMPLES`] samples of 30 days, with
/// model ids of the longest length accepted).
pub const MAX_SNAPSHOT_BYTES: usize = 4 * 1024 * 1024;

/// Problems listed by one refusal of a snapshot; the rest are counted.
const MAX_LISTED_PROBLEMS: usize = 8;

/// One observed run: it took at least `lo` and at most `hi` milliseconds.
type Sample = [u32; 2];

/// The learned run-time distribution of one model: an empirical distribution of the last
/// jobs seen (each sample an interval of milliseconds that holds the job's run time).
///
/// A run is known only between two status calls, so samples are intervals, some wide (the
/// first jobs of a model, polled before anything was known). Each sample is first narrowed to the midpoints of the
/// narrower samples that it holds, if any (the runs it is consistent with, as more precise
/// observations saw them): a model with a fixed run time is then learned as that run time,
/// however wide its first samples were. Each sample is then spread over its interval and
/// over half the gap to its neighbours, so that a handful of samples leaves no hole between
/// them.
///
/// ```
/// use std::time::Duration;
/// use runcomfy_client::config::RunTimeSnapshot;
/// let snap = RunTimeSnapshot::from_json(
///     r#"{"version":1,"models":{"acme/tiny":[[9000,9200],[10000,10100],[11000,11300]]}}"#,
/// )
/// .unwrap();
/// let times = snap.run_times("acme/tiny").unwrap();
/// assert_eq!(times.len(), 3);
/// assert!(times.quantile(0.0) < Duration::from_secs(9));   // spread to the neighbours' gap
/// assert!(times.median() > Duration::from_secs(9) && times.median() < Duration::from_secs(11));
/// assert!(times.quantile(1.0) > Duration::from_millis(11_300));
/// // A fixed run time seen through intervals of every width is learned as that run time.
/// let fixed = RunTimeSnapshot::from_json(
///     r#"{"version":1,"models":{"acme/fixed":[[55000,61000],[60490,60510],[60400,65000],[60500,60500]]}}"#,
/// )
/// .unwrap()
/// .run_times("acme/fixed")
/// .unwrap();
/// assert!(fixed.quantile(0.0) >= Duration::from_millis(60_400));
/// assert!(fixed.quantile(1.0) <= Duration::from_millis(60_600));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RunTimes {
    /// `(lo, hi, weight)` in seconds, sorted by midpoint, weights summing to 1: the
    /// distribution is uniform within each.
    kernels: Vec<(f64, f64, f64)>,
}

impl RunTimes {
    /// The distribution of these samples (`[lo, hi]` milliseconds each); `None` without a
    /// usable sample.
    fn from_samples<'a>(samples: impl IntoIterator<Item = &'a Sample>) -> Option<RunTimes> {
        let raw: Vec<(f64, f64)> = samples
            .into_iter()
            .filter(|[lo, hi]| lo <= hi && *hi <= MAX_SAMPLE_MS)
            .map(|[lo, hi]| (f64::from(*lo) / 1000.0, f64::from(*hi) / 1000.0))
            .collect();
        if raw.is_empty() {
            return None;
        }
        // Each sample narrowed to the midpoints of the samples at most half as wide that it
        // holds: a wide one (polled before anything was known, or "no longer than this")
        // goes where the precise ones say the runs are; a midpoint of a wide sample says
        // little, and narrows nothing.
        let mut by_width: Vec<(f64, f64)> = raw.iter().map(|&(lo, hi)| (hi - lo, (lo + hi) / 2.0)).collect();
        by_width.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut s: Vec<(f64, f64)> = raw
            .iter()
            .map(|&(lo, hi)| {
                let width = hi - lo;
                // A point is a job found done at the first call, learned as the distribution's
                // own median: no evidence of where runs lie.
                let inside = by_width
                    .iter()
                    .take_while(|(w, _)| *w <= 0.5 * width)
                    .filter(|(w, _)| *w > 0.0)
                    .map(|(_, m)| *m)
                    .filter(|m| (lo..=hi).contains(m));
                let (min, max) = inside.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), m| (a.min(m), b.max(m)));
                if min <= max { (min, max) } else { (lo, hi) }
            })
            .collect();
        s.sort_by(|a, b| (a.0 + a.1).total_cmp(&(b.0 + b.1)));
        let mid = |i: usize| (s[i].0 + s[i].1) / 2.0;
        let n = s.len();
        let weight = 1.0 / n as f64;
        let kernels = (0..n)
            .map(|i| {
                let m = mid(i);
                // Half the gap to each neighbour (mirrored at the ends), so a few samples
                // leave no hole between them.
                let left = if i > 0 { (m - mid(i - 1)) / 2.0 } else { f64::NAN };
                let right = if i + 1 < n { (mid(i + 1) - m) / 2.0 } else { f64::NAN };
                let (left, right) = match (left.is_nan(), right.is_nan()) {
                    (false, false) => (left, right),
                    (false, true) => (left, left),
                    (true, false) => (right, right),
                    (true, true) => (0.0, 0.0),
                };
                // At least 1 ms wide, so every kernel has a density.
                let lo = s[i].0.min(m - left).max(0.0);
                let hi = s[i].1.max(m + right).max(lo + 0.001);
                (lo, hi, weight)
            })
            .collect();
        Some(RunTimes { kernels })
    }

    /// How many jobs the distribution is made of.
    pub fn len(&self) -> usize {
        self.kernels.len()
    }

    /// Never true: a model without samples has no `RunTimes`.
    pub fn is_empty(&self) -> bool {
        self.kernels.is_empty()
    }

    /// P(run time <= `t` seconds).
    pub(crate) fn cdf(&self, t: f64) -> f64 {
        self.kernels
            .iter()
            .map(|&(lo, hi, w)| w * ((t - lo) / (hi - lo)).clamp(0.0, 1.0))
            .sum()
    }

    /// The shortest run the distribution allows, in seconds.
    pub(crate) fn lowest(&self) -> f64 {
        self.kernels.iter().map(|k| k.0).fold(f64::INFINITY, f64::min)
    }

    /// The longest run the distribution allows, in seconds.
    pub(crate) fn highest(&self) -> f64 {
        self.kernels.iter().map(|k| k.1).fold(0.0, f64::max)
    }

    /// The kernels, `(lo, hi, weight)`, seconds.
    pub(crate) fn kernels(&self) -> &[(f64, f64, f64)] {
        &self.kernels
    }

    /// The `q`-quantile (`q` from 0 to 1; out-of-range values are clamped, NaN is the median).
    pub fn quantile(&self, q: f64) -> Duration {
        let q = if q.is_nan() { 0.5 } else { q.clamp(0.0, 1.0) };
        let (mut lo, mut hi) = (self.lowest(), self.highest());
        for _ in 0..60 {
            let mid = (lo + hi) / 2.0;
            if self.cdf(mid) < q {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Duration::try_from_secs_f64(hi).unwrap_or(Duration::ZERO)
    }

    /// The median of the distribution restricted to `[lo, hi]` seconds; the nearest end of
    /// `[lo, hi]` when the distribution has no mass there.
    pub(crate) fn median_between(&self, lo: f64, hi: f64) -> f64 {
        let (f_lo, f_hi) = (self.cdf(lo), self.cdf(hi));
        let mass = f_hi - f_lo;
        if mass.is_nan() || mass <= 1e-9 {
            return if f_hi <= 0.0 { hi.max(0.0) } else { lo.max(0.0) };
        }
        let target = f_lo + 0.5 * mass;
        let (mut a, mut b) = (lo.max(self.lowest()), hi.min(self.highest()));
        for _ in 0..50 {
            let mid = 0.5 * (a + b);
            if self.cdf(mid) < target {
                a = mid;
            } else {
                b = mid;
            }
        }
        b.max(0.0)
    }

    /// The median run time.
    pub fn median(&self) -> Duration {
        self.quantile(0.5)
    }
}

#[derive(Debug, Default)]
struct ModelTimes {
    samples: VecDeque<Sample>,
    /// The distribution of `samples`, made when they change.
    dist: Option<Arc<RunTimes>>,
    /// When it was last updated (a counter), to drop the stalest model past [`MAX_MODELS`].
    touched: u64,
}

impl ModelTimes {
    fn push(&mut self, sample: Sample) {
        if self.samples.len() >= MAX_SAMPLES {
            self.samples.pop_front();
        }
        self.samples.push_back(sample);
        self.dist = RunTimes::from_samples(&self.samples).map(Arc::new);
    }
}

#[derive(Debug, Default)]
struct Store {
    models: HashMap<String, ModelTimes>,
    counter: u64,
    /// What the waits of each model measured of its queue lately.
    queues: HashMap<String, QueueNotes>,
}

/// What the waits of one model measured of its queue.
#[derive(Debug, Default)]
struct QueueNotes {
    /// The last rate (positions per second) a wait measured, and when.
    rate: Option<(f64, tokio::time::Instant)>,
    /// The last [`QUEUE_ERRORS`] relative errors of start predictions, and when each was noted.
    errors: std::collections::VecDeque<(f64, tokio::time::Instant)>,
    /// The start predicted for the queued job submitted last, and when that was noted.
    front: Option<(QueueFront, tokio::time::Instant)>,
    /// When a wait last noted anything (for evicting the stalest model).
    noted: Option<tokio::time::Instant>,
}

/// What a wait predicted of its queued job's start: a job of the same model submitted after
/// it waits in the same queue behind it, so it starts no sooner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QueueFront {
    /// When the job was submitted.
    pub(crate) submitted: tokio::time::Instant,
    /// When a status answer last said it was queued (so was every job submitted after it).
    pub(crate) seen_queued: tokio::time::Instant,
    /// The start window its wait predicts `(earliest, latest)`, once it knows the queue's pace.
    pub(crate) window: Option<(tokio::time::Instant, tokio::time::Instant)>,
}

/// How many start-prediction errors of a model are kept: the largest of them is assumed.
const QUEUE_ERRORS: usize = 16;

/// How long a queue rate (or a prediction error) measured by one wait informs the others.
const QUEUE_RATE_FRESH: std::time::Duration = std::time::Duration::from_secs(600);

impl Store {
    fn entry(&mut self, model: &str) -> &mut ModelTimes {
        self.counter += 1;
        let touched = self.counter;
        if !self.models.contains_key(model) {
            if self.models.len() >= MAX_MODELS {
                let stalest = self
                    .models
                    .iter()
                    .min_by_key(|(_, m)| m.touched)
                    .map(|(k, _)| k.clone());
                if let Some(k) = stalest {
                    self.models.remove(&k);
                }
            }
            self.models.insert(model.to_owned(), ModelTimes::default());
        }
        let m = self.models.get_mut(model).expect("inserted above");
        m.touched = touched;
        m
    }
}

/// The learned run times of a client, shared by its clones.
#[derive(Debug, Default)]
pub(crate) struct RunTimeStore {
    store: Mutex<Store>,
}

impl RunTimeStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The distribution of `model`, if any job of it was seen.
    pub(crate) fn get(&self, model: &str) -> Option<Arc<RunTimes>> {
        self.lock().models.get(model).and_then(|m| m.dist.clone())
    }

    /// How fast the queue of `model` moved (positions per second) when a wait last measured
    /// it, if that was recent: a wait that sees its job queued uses it until it has measured
    /// the rate itself (jobs of one model wait in one queue).
    pub(crate) fn queue_rate(&self, model: &str) -> Option<f64> {
        let store = self.lock();
        let (rate, at) = store.queues.get(model)?.rate?;
        (at.elapsed() <= QUEUE_RATE_FRESH).then_some(rate)
    }

    /// The largest relative error of the recent start predictions of waits of `model` (how
    /// far off the predicted start was, over the wait predicted), if any was measured lately.
    pub(crate) fn queue_error(&self, model: &str) -> Option<f64> {
        let store = self.lock();
        store
            .queues
            .get(model)?
            .errors
            .iter()
            .filter(|(_, at)| at.elapsed() <= QUEUE_RATE_FRESH)
            .map(|(e, _)| *e)
            .reduce(f64::max)
    }

    /// Notes the queue rate a wait measured for `model`.
    pub(crate) fn note_queue_rate(&self, model: &str, rate: f64) {
        if !(rate.is_finite() && rate > 0.0) {
            return;
        }
        let now = tokio::time::Instant::now();
        self.note_queue(model, |q| q.rate = Some((rate, now)));
    }

    /// Notes how far off a wait's start prediction was for `model` (relative to its wait).
    pub(crate) fn note_queue_error(&self, model: &str, error: f64) {
        if !(error.is_finite() && error >= 0.0) {
            return;
        }
        let now = tokio::time::Instant::now();
        self.note_queue(model, |q| {
            if q.errors.len() >= QUEUE_ERRORS {
                q.errors.pop_front();
            }
            q.errors.push_back((error, now));
        });
    }

    /// The start predicted for the queued job of `model` submitted last, if recent (it is
    /// forgotten when that job is seen running).
    pub(crate) fn queue_front(&self, model: &str) -> Option<QueueFront> {
        let store = self.lock();
        let (front, noted) = store.queues.get(model)?.front?;
        (noted.elapsed() <= QUEUE_RATE_FRESH).then_some(front)
    }

    /// Notes a wait's sighting of its queued job; it becomes the model's front if that job was
    /// submitted after the front's (or the front's job may have started).
    pub(crate) fn note_queue_front(&self, model: &str, front: QueueFront) {
        if front.window.is_some_and(|(earliest, latest)| latest < earliest) {
            return;
        }
        let now = tokio::time::Instant::now();
        self.note_queue(model, |q| {
            // A job submitted before the front's gives a weaker bound: it replaces the front
            // only once the front's job may have started.
            let replace = q.front.is_none_or(|(old, _)| {
                front.submitted >= old.submitted || old.window.is_none_or(|(earliest, _)| earliest <= now)
            });
            if replace {
                q.front = Some((front, now));
            }
        });
    }

    /// Forgets the front of `model` if it is the job submitted at `submitted`.
    pub(crate) fn clear_queue_front(&self, model: &str, submitted: tokio::time::Instant) {
        let mut store = self.lock();
        if let Some(q) = store.queues.get_mut(model)
            && q.front.is_some_and(|(f, _)| f.submitted == submitted)
        {
            q.front = None;
        }
    }

    fn note_queue(&self, model: &str, note: impl FnOnce(&mut QueueNotes)) {
        if runcomfy_wire::catalog::check_model_id(model).is_err() {
            return;
        }
        let mut store = self.lock();
        if store.queues.len() >= MAX_MODELS && !store.queues.contains_key(model) {
            let stalest = store.queues.iter().min_by_key(|(_, q)| q.noted).map(|(k, _)| k.clone());
            if let Some(k) = stalest {
                store.queues.remove(&k);
            }
        }
        let q = store.queues.entry(model.to_owned()).or_default();
        q.noted = Some(tokio::time::Instant::now());
        note(q);
    }

    /// Records a job of `model` that ran between `lo` and `hi`.
    pub(crate) fn learn(&self, model: &str, lo: Duration, hi: Duration) {
        let ms = |d: Duration| u32::try_from(d.as_millis()).unwrap_or(u32::MAX);
        let (lo, hi) = (ms(lo.min(hi)), ms(hi.max(lo)));
        // Only what a snapshot may hold: a run-time file written from it is read back.
        if hi > MAX_SAMPLE_MS || runcomfy_wire::catalog::check_model_id(model).is_err() {
            return;
        }
        self.lock().entry(model).push([lo, hi]);
    }

    pub(crate) fn snapshot(&self) -> RunTimeSnapshot {
        let store = self.lock();
        RunTimeSnapshot {
            version: SNAPSHOT_VERSION,
            models: store
                .models
                .iter()
                .filter(|(_, m)| !m.samples.is_empty())
                .map(|(k, m)| (k.clone(), m.samples.iter().copied().collect()))
                .collect(),
        }
    }

    /// Replaces the samples of every model in `snapshot` (other models are kept). Invalid
    /// samples are dropped, at most [`MAX_SAMPLES`] (the last ones) kept per model and at
    /// most [`MAX_MODELS`] models.
    pub(crate) fn restore(&self, snapshot: &RunTimeSnapshot) {
        let mut store = self.lock();
        // A snapshot is checked when it is read; this guards the store all the same.
        for (model, samples) in snapshot.models.iter().take(MAX_MODELS) {
            if runcomfy_wire::catalog::check_model_id(model).is_err() {
                continue;
            }
            let valid: Vec<Sample> = samples
                .iter()
                .filter(|[lo, hi]| lo <= hi && *hi <= MAX_SAMPLE_MS)
                .copied()
                .collect();
            if valid.is_empty() {
                continue;
            }
            let entry = store.entry(model);
            entry.samples.clear();
            for s in &valid[valid.len().saturating_sub(MAX_SAMPLES)..] {
                entry.samples.push_back(*s);
            }
            entry.dist = RunTimes::from_samples(&entry.samples).map(Arc::new);
        }
    }
}

/// Everything a client has learned about run times, as plain data: serialize it
/// ([`RunTimeSnapshot::to_json`]) to keep it between runs, and give it back to a client with
/// [`crate::config::ClientBuilder::run_times`].
///
/// The JSON form: `{"version": 1, "models": {"<model id>": [[lo_ms, hi_ms], ...]}}`, each
/// pair the bounds of one job's run time in whole milliseconds, oldest first.
///
/// A snapshot is a file on the user's disk, so it is checked like any input when read
/// ([`RunTimeSnapshot::from_json`], and any other deserialization): at most
/// [`MAX_SNAPSHOT_BYTES`] of text, version [`SNAPSHOT_VERSION`], at most [`MAX_MODELS`] models
/// with valid, distinct model ids, each with 1 to [`MAX_SAMPLES`] samples whose bounds are
/// whole milliseconds with `lo <= hi <= MAX_SAMPLE_MS` (30 days). A file that breaks any rule
/// is refused whole, with every problem named (up to eight), never trusted in part. Whatever
/// it holds, the poller's gaps stay under [`crate::config::PollPolicy::max_gap`].
///
/// ```
/// use std::time::Duration;
/// use runcomfy_client::Client;
/// use runcomfy_client::config::RunTimeSnapshot;
/// let saved = r#"{"version":1,"models":{"acme/tiny":[[59500,60100],[61000,61400]]}}"#;
/// let snapshot = RunTimeSnapshot::from_json(saved).unwrap();
/// let client = Client::builder().token("t").base_url("http://127.0.0.1:9/v1").run_times(&snapshot).build().unwrap();
/// let learned = client.run_times().run_times("acme/tiny").unwrap();
/// assert_eq!(learned.len(), 2);
/// assert!(learned.median() > Duration::from_secs(59));
/// assert_eq!(client.run_times(), snapshot);
/// assert!(RunTimeSnapshot::from_json(r#"{"version":99,"models":{}}"#).is_err());
/// let tampered = RunTimeSnapshot::from_json(r#"{"version":1,"models":{"acme/tiny":[[9000,100]]}}"#);
/// assert!(tampered.unwrap_err().contains("acme/tiny"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawSnapshot")]
pub struct RunTimeSnapshot {
    version: u32,
    pub(crate) models: BTreeMap<String, Vec<Sample>>,
}

/// A snapshot as written, before it is checked: numbers kept as JSON values (so a bad one is
/// named, not a parse error), model ids in file order (so a repeated one is seen).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSnapshot {
    version: serde_json::Value,
    models: RawModels,
}

struct RawModels(Vec<(String, Vec<serde_json::Value>)>);

impl<'de> Deserialize<'de> for RawModels {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = RawModels;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of model ids to lists of [lo_ms, hi_ms] samples")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RawModels, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Vec<serde_json::Value>>()? {
                    // Counted as read: a huge object is refused by its size before it gets here.
                    entries.push(entry);
                }
                Ok(RawModels(entries))
            }
        }
        d.deserialize_map(Entries)
    }
}

impl TryFrom<RawSnapshot> for RunTimeSnapshot {
    type Error = String;

    fn try_from(raw: RawSnapshot) -> Result<RunTimeSnapshot, String> {
        if raw.version.as_u64() != Some(u64::from(SNAPSHOT_VERSION)) {
            return Err(format!(
                "run-time snapshot version {} (this client reads version {SNAPSHOT_VERSION})",
                raw.version
            ));
        }
        let mut problems: Vec<String> = Vec::new();
        let mut more = 0usize;
        let mut note = |problem: String| {
            if problems.len() < MAX_LISTED_PROBLEMS {
                problems.push(problem);
            } else {
                more += 1;
            }
        };
        let entries = raw.models.0;
        if entries.len() > MAX_MODELS {
            note(format!(
                "{} models, more than the {MAX_MODELS} a client keeps",
                entries.len()
            ));
        }
        let mut models = BTreeMap::new();
        for (model, samples) in entries {
            let name = runcomfy_wire::answer::quote(&model);
            if let Err(why) = runcomfy_wire::catalog::check_model_id(&model) {
                note(if why.contains(&name) {
                    why
                } else {
                    format!("model id {name}: {why}")
                });
                continue;
            }
            if samples.is_empty() {
                note(format!("model {name}: no samples"));
            }
            if samples.len() > MAX_SAMPLES {
                note(format!(
                    "model {name}: {} samples, more than the {MAX_SAMPLES} a client keeps",
                    samples.len()
                ));
            }
            let mut valid = Vec::with_capacity(samples.len().min(MAX_SAMPLES));
            for (i, sample) in samples.iter().enumerate() {
                match sample_of(sample) {
                    Ok(s) => valid.push(s),
                    Err(why) => note(format!("model {name}, sample {i}: {why}")),
                }
            }
            if models.insert(model, valid).is_some() {
                note(format!("model {name} appears twice"));
            }
        }
        if problems.is_empty() {
            return Ok(RunTimeSnapshot {
                version: SNAPSHOT_VERSION,
                models,
            });
        }
        let mut message = format!("run-time snapshot refused: {}", problems.join("; "));
        if more > 0 {
            message.push_str(&format!("; and {more} more problems"));
        }
        Err(message)
    }
}

/// One sample, `[lo_ms, hi_ms]`, checked.
fn sample_of(v: &serde_json::Value) -> Result<Sample, String> {
    let shown = || {
        let text = v.to_string();
        if text.len() > 40 {
            format!("{}...", &text[..text.floor_char_boundary(40)])
        } else {
            text
        }
    };
    let pair = v
        .as_array()
        .filter(|a| a.len() == 2)
        .ok_or_else(|| format!("{} is not a pair [lo_ms, hi_ms]", shown()))?;
    let ms = |x: &serde_json::Value| x.as_u64().filter(|m| *m <= u64::from(MAX_SAMPLE_MS));
    let (Some(lo), Some(hi)) = (ms(&pair[0]), ms(&pair[1])) else {
        return Err(format!(
            "{} is not two whole numbers of milliseconds from 0 to {MAX_SAMPLE_MS} (30 days)",
            shown()
        ));
    };
    if lo > hi {
        return Err(format!("{} ends before it starts", shown()));
    }
    // Both are at most MAX_SAMPLE_MS, which fits u32.
    Ok([lo as u32, hi as u32])
}

impl Default for RunTimeSnapshot {
    fn default() -> Self {
        RunTimeSnapshot {
            version: SNAPSHOT_VERSION,
            models: BTreeMap::new(),
        }
    }
}

impl RunTimeSnapshot {
    /// The JSON text of the snapshot.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{\"version\":1,\"models\":{}}"))
    }

    /// Reads a snapshot written by [`RunTimeSnapshot::to_json`], checked as the type's
    /// documentation says: a text longer than [`MAX_SNAPSHOT_BYTES`], an unknown version, a
    /// text that is not a snapshot or one that breaks a rule is an error whose message says
    /// why (every problem up to eight, with the model id and sample index).
    pub fn from_json(text: &str) -> Result<RunTimeSnapshot, String> {
        if text.len() > MAX_SNAPSHOT_BYTES {
            return Err(format!(
                "run-time snapshot of {} bytes refused: at most {MAX_SNAPSHOT_BYTES} are read",
                text.len()
            ));
        }
        let raw: RawSnapshot = serde_json::from_str(text).map_err(|e| format!("not a run-time snapshot: {e}"))?;
        RunTimeSnapshot::try_from(raw)
    }

    /// The model ids it holds.
    pub fn model_ids(&self) -> impl Iterator<Item = &str> {
        self.models.keys().map(String::as_str)
    }

    /// The distribution it holds for `model`.
    pub fn run_times(&self, model: &str) -> Option<RunTimes> {
        RunTimes::from_samples(self.models.get(model)?)
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }
}

/// CDF of `S + R` at `t`, `S` uniform on `[s_lo, s_hi]` and `R` uniform on `[r_lo, r_hi]`
/// (`r_hi > r_lo`): a trapezoid.
pub(crate) fn sum_cdf(t: f64, s_lo: f64, s_hi: f64, r_lo: f64, r_hi: f64) -> f64 {
    let (w1, w2) = {
        let a = (s_hi - s_lo).max(0.0);
        let b = (r_hi - r_lo).max(1e-9);
        if a <= b { (a, b) } else { (b, a) }
    };
    let z = t - (s_lo + r_lo);
    if z <= 0.0 {
        0.0
    } else if z >= w1 + w2 {
        1.0
    } else if z <= w1 {
        z * z / (2.0 * w1 * w2)
    } else if z <= w2 {
        (z - w1 / 2.0) / w2
    } else {
        let r = w1 + w2 - z;
        1.0 - r * r / (2.0 * w1 * w2)
    }
}

/// `E[(t - S - R)+]` (the integral of the CDF of `S + R` up to `t`), `S` uniform on
/// `[s_lo, s_hi]`, `R` uniform on `[r_lo, r_hi]`.
pub(crate) fn sum_excess(t: f64, s_lo: f64, s_hi: f64, r_lo: f64, r_hi: f64) -> f64 {
    let w2 = (r_hi - r_lo).max(1e-9);
    let w1 = (s_hi - s_lo).max(0.0);
    if w1 < 1e-3 {
        // A start known to the millisecond: a point.
        let z = t - 0.5 * (s_lo + s_hi) - r_lo;
        if z <= 0.0 {
            return 0.0;
        }
        if z >= w2 {
            return z - 0.5 * w2;
        }
        return z * z / (2.0 * w2);
    }
    let z = t - s_lo - r_lo;
    if z <= 0.0 {
        return 0.0;
    }
    if z >= w1 + w2 {
        return z - 0.5 * (w1 + w2);
    }
    let cube = |x: f64| if x > 0.0 { x * x * x } else { 0.0 };
    (cube(z) - cube(z - w1) - cube(z - w2) + cube(z - w1 - w2)) / (6.0 * w1 * w2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_prediction_errors_keep_the_largest_of_the_last_few() {
        let store = RunTimeStore::default();
        assert_eq!(store.queue_error("m/x"), None);
        store.note_queue_error("m/x", 0.4);
        for _ in 0..QUEUE_ERRORS - 1 {
            store.note_queue_error("m/x", 0.05);
        }
        assert_eq!(store.queue_error("m/x"), Some(0.4));
        // One more pushes the 0.4 out.
        store.note_queue_error("m/x", 0.05);
        assert_eq!(store.queue_error("m/x"), Some(0.05));
        // Nonsense is not noted, nor a model id no request could carry.
        for bad in [f64::NAN, f64::INFINITY, -1.0] {
            store.note_queue_error("m/x", bad);
        }
        store.note_queue_error("not a model id", 0.9);
        assert_eq!(store.queue_error("m/x"), Some(0.05));
        assert_eq!(store.queue_error("not a model id"), None);
        // Errors and rates of one model live side by side.
        store.note_queue_rate("m/x", 2.0);
        assert_eq!(
            (store.queue_rate("m/x"), store.queue_error("m/x")),
            (Some(2.0), Some(0.05))
        );
    }

    #[test]
    fn the_queue_front_is_the_queued_job_submitted_last() {
        let store = RunTimeStore::default();
        let now = tokio::time::Instant::now();
        let front = |submitted: u64, earliest: u64| QueueFront {
            submitted: now + Duration::from_secs(submitted),
            seen_queued: now + Duration::from_secs(100),
            window: Some((
                now + Duration::from_secs(earliest),
                now + Duration::from_secs(earliest + 10),
            )),
        };
        assert_eq!(store.queue_front("m/x"), None);
        store.note_queue_front("m/x", front(5, 200));
        // A job submitted before it does not replace it while it is due to start later...
        store.note_queue_front("m/x", front(3, 150));
        assert_eq!(store.queue_front("m/x"), Some(front(5, 200)));
        // ... a job submitted after it does.
        store.note_queue_front("m/x", front(7, 250));
        assert_eq!(store.queue_front("m/x"), Some(front(7, 250)));
        // A window that ends before it begins is nonsense.
        let mut upside_down = front(9, 300);
        upside_down.window = Some((now + Duration::from_secs(300), now));
        store.note_queue_front("m/x", upside_down);
        assert_eq!(store.queue_front("m/x"), Some(front(7, 250)));
        // Seen running: forgotten, but only by its own job.
        store.clear_queue_front("m/x", now + Duration::from_secs(5));
        assert_eq!(store.queue_front("m/x"), Some(front(7, 250)));
        store.clear_queue_front("m/x", now + Duration::from_secs(7));
        assert_eq!(store.queue_front("m/x"), None);
        // An earlier job's sighting replaces a front whose window has opened, or that has
        // none (its wait did not know the queue's pace yet).
        store.note_queue_front("m/x", front(8, 0));
        store.note_queue_front("m/x", front(6, 150));
        assert_eq!(store.queue_front("m/x"), Some(front(6, 150)));
        let paceless = QueueFront {
            window: None,
            ..front(9, 0)
        };
        store.note_queue_front("m/x", paceless);
        store.note_queue_front("m/x", front(4, 150));
        assert_eq!(store.queue_front("m/x"), Some(front(4, 150)));
        store.note_queue_front("not a model id", front(1, 100));
        assert_eq!(store.queue_front("not a model id"), None);
    }

    #[test]
    fn samples_roll_and_models_are_capped() {
        let store = RunTimeStore::default();
        for i in 0..(MAX_SAMPLES as u64 + 10) {
            store.learn("a/b", Duration::from_millis(1000 + i), Duration::from_millis(1100 + i));
        }
        let snap = store.snapshot();
        assert_eq!(snap.models["a/b"].len(), MAX_SAMPLES);
        assert_eq!(snap.models["a/b"][0], [1010, 1110], "the oldest ones went first");
        for i in 0..(MAX_MODELS + 5) {
            store.learn(&format!("m/{i}"), Duration::from_secs(1), Duration::from_secs(2));
        }
        assert_eq!(store.snapshot().models.len(), MAX_MODELS);
        assert!(store.get("a/b").is_none(), "the stalest model was dropped");
    }

    #[test]
    fn the_store_drops_what_makes_no_sense() {
        let store = RunTimeStore::default();
        let mut models = BTreeMap::new();
        models.insert("x/y".to_owned(), vec![[5, 1], [0, u32::MAX], [1000, 2000]]);
        models.insert("flux".to_owned(), vec![[1, 2]]);
        models.insert("e/f".to_owned(), vec![]);
        // Built in code, not read: the store checks it all the same.
        store.restore(&RunTimeSnapshot {
            version: SNAPSHOT_VERSION,
            models,
        });
        let got = store.snapshot();
        assert_eq!(got.models.len(), 1);
        assert_eq!(got.models["x/y"], vec![[1000, 2000]]);
        // Huge durations saturate instead of panicking, and are not learned; nor are model
        // ids a snapshot could not hold.
        store.learn("x/y", Duration::MAX, Duration::MAX);
        store.learn("flux", Duration::from_secs(1), Duration::from_secs(2));
        store.learn("../a/b", Duration::from_secs(1), Duration::from_secs(2));
        let got = store.snapshot();
        assert_eq!(got.models.len(), 1);
        assert_eq!(got.models["x/y"].len(), 1);
        assert!(RunTimeSnapshot::from_json(&got.to_json()).is_ok());
    }

    /// Every way a run-times file can be wrong is refused whole, with the reason.
    #[test]
    fn a_tampered_snapshot_is_refused_with_the_reason() {
        let doc = |models: &str| format!(r#"{{"version":1,"models":{{{models}}}}}"#);
        let many_samples = format!(r#""a/b":[{}]"#, vec!["[1,2]"; MAX_SAMPLES + 1].join(","));
        let many_models = (0..=MAX_MODELS)
            .map(|i| format!(r#""m/{i}":[[1,2]]"#))
            .collect::<Vec<_>>()
            .join(",");
        let cases: Vec<(String, &str)> = vec![
            (String::new(), "not a run-time snapshot"),
            ("[]".into(), "not a run-time snapshot"),
            (r#"{"version":1}"#.into(), "missing field `models`"),
            (r#"{"version":2,"models":{}}"#.into(), "version 2"),
            (r#"{"version":"1","models":{}}"#.into(), "version \"1\""),
            (r#"{"version":1,"models":{},"extra":1}"#.into(), "unknown field"),
            (
                doc(r#""a/b":[[9000,100]]"#),
                "model \"a/b\", sample 0: [9000,100] ends before it starts",
            ),
            (doc(r#""a/b":[[1,2],[0,2592000001]]"#), "model \"a/b\", sample 1"),
            (doc(r#""a/b":[[-1,2]]"#), "whole numbers of milliseconds"),
            (doc(r#""a/b":[[1.5,2]]"#), "whole numbers of milliseconds"),
            (doc(r#""a/b":[[1,1e300]]"#), "whole numbers of milliseconds"),
            (doc(r#""a/b":[["1","2"]]"#), "whole numbers of milliseconds"),
            (doc(r#""a/b":[[1,2,3]]"#), "is not a pair"),
            (doc(r#""a/b":[{"lo":1}]"#), "is not a pair"),
            (doc(r#""a/b":[]"#), "no samples"),
            (doc(r#""a/b":[[1,2]],"a/b":[[3,4]]"#), "appears twice"),
            (doc(r#""":[[1,2]]"#), "model id \"\""),
            (doc(r#""flux":[[1,2]]"#), "1 segment"),
            (doc(r#""../etc/passwd":[[1,2]]"#), "must start with"),
            (doc(r#""a/b\u001b[2J":[[1,2]]"#), "model id"),
            (doc(&many_samples), "65 samples"),
            (doc(&many_models), "1025 models"),
            (" ".repeat(MAX_SNAPSHOT_BYTES + 1), "at most 4194304"),
        ];
        for (text, expected) in &cases {
            let short = &text[..text.len().min(80)];
            let err = RunTimeSnapshot::from_json(text).expect_err(short);
            assert!(err.contains(expected), "{short}: {err:?} lacks {expected:?}");
            // Every way of reading one checks it.
            assert!(serde_json::from_str::<RunTimeSnapshot>(text).is_err(), "{short}");
        }
        // Many problems: each named, up to eight, the rest counted.
        let text = doc(&(0..12)
            .map(|i| format!(r#""m/{i}":[[5,1]]"#))
            .collect::<Vec<_>>()
            .join(","));
        let err = RunTimeSnapshot::from_json(&text).unwrap_err();
        assert_eq!(err.matches("ends before it starts").count(), 8, "{err}");
        assert!(err.ends_with("and 4 more problems"), "{err}");
    }

    #[test]
    fn the_largest_snapshot_a_client_writes_is_read_back() {
        let store = RunTimeStore::default();
        let month = Duration::from_millis(u64::from(MAX_SAMPLE_MS));
        for m in 0..MAX_MODELS {
            let id = format!("{m:04}/{}", "x".repeat(runcomfy_wire::catalog::MAX_MODEL_ID_LEN - 5));
            for _ in 0..MAX_SAMPLES {
                store.learn(&id, month - Duration::from_millis(1), month);
            }
        }
        let text = store.snapshot().to_json();
        assert!(text.len() <= MAX_SNAPSHOT_BYTES / 2, "{}", text.len());
        let back = RunTimeSnapshot::from_json(&text).unwrap();
        assert_eq!(back.models.len(), MAX_MODELS);
    }

    #[test]
    fn the_distribution_fills_the_gaps_between_samples() {
        let d = RunTimes::from_samples(&[[10_000, 10_000], [20_000, 20_000]]).unwrap();
        assert!((d.cdf(15.0) - 0.5).abs() < 1e-9);
        assert_eq!(d.cdf(4.9), 0.0);
        assert_eq!(d.cdf(25.1), 1.0);
        assert_eq!(d.quantile(0.0), Duration::from_secs(5));
        let one = RunTimes::from_samples(&[[60_000, 60_000]]).unwrap();
        assert!(one.highest() > one.lowest());
        assert_eq!(one.median().as_millis(), 60_000);
    }

    #[test]
    fn sum_of_uniforms() {
        // S on [0, 2], R on [10, 11]: Z on [10, 13].
        let f = |t| sum_cdf(t, 0.0, 2.0, 10.0, 11.0);
        assert_eq!(f(10.0), 0.0);
        assert_eq!(f(13.0), 1.0);
        assert!((f(11.5) - 0.5).abs() < 1e-12);
        // A point start is R's own CDF.
        assert!((sum_cdf(10.25, 0.0, 0.0, 10.0, 11.0) - 0.25).abs() < 1e-12);
        // The excess is the integral of the CDF.
        let mut integral = 0.0;
        for i in 0..30_000 {
            let t = 9.0 + f64::from(i) / 5_000.0;
            integral += f(t + 0.0001) * 0.0002;
            let g = sum_excess(t + 0.0002, 0.0, 2.0, 10.0, 11.0);
            assert!((g - integral).abs() < 1e-3, "{t}: {g} vs {integral}");
        }
        assert!((sum_excess(20.0, 0.0, 2.0, 10.0, 11.0) - 8.5).abs() < 1e-9);
        assert!((sum_excess(10.5, 0.0, 0.0, 10.0, 11.0) - 0.125).abs() < 1e-12);
        let mut last = 0.0;
        for i in 0..=300 {
            let v = f(10.0 + f64::from(i) / 100.0);
            assert!(v >= last && v <= 1.0);
            last = v;
        }
    }
}
