//! Job handles, statuses, results and cancel outcomes.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use runcomfy_schema::Output;
use runcomfy_wire::WireStatus;

use crate::Endpoint;

/// A submitted job of any endpoint: its request id and, when known, its model id.
///
/// This is what the client's core works on: status, result, cancel, wait and the whole
/// pipeline take a `JobRef`, whatever the job's endpoint (compiled in, a schema file, the
/// live catalog). It serializes to `{"request_id": ..., "model_id": ...}` so it can be written
/// down right after submit and re-attached after a crash.
///
/// ```
/// use runcomfy_client::JobRef;
/// let job = JobRef::new("0f0e-42").with_model_id("aidc-ai/ovis-image");
/// assert_eq!(serde_json::to_string(&job).unwrap(), r#"{"request_id":"0f0e-42","model_id":"aidc-ai/ovis-image"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct JobRef {
    request_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model_id: Option<String>,
}

impl JobRef {
    /// A job known by its request id. The id is checked
    /// ([`runcomfy_wire::check_request_id`]) before any call is made with it.
    pub fn new(request_id: impl Into<String>) -> JobRef {
        JobRef {
            request_id: request_id.into(),
            model_id: None,
        }
    }

    /// Sets the model id.
    pub fn with_model_id(mut self, model_id: impl Into<String>) -> JobRef {
        self.model_id = Some(model_id.into());
        self
    }

    /// The opaque request id the API gave.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The model id, when known.
    pub fn model_id(&self) -> Option<&str> {
        self.model_id.as_deref()
    }
}

/// A submitted job of endpoint `E`: a [`JobRef`] whose model id is `E::MODEL_ID`.
///
/// It serializes to `{"request_id": ..., "model_id": ...}` so it can be written down right
/// after submit and re-attached after a crash, either by deserializing it (the model id is
/// checked against `E`) or with [`Job::attach`].
///
/// ```
/// use runcomfy_client::Job;
/// use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image::Request;
///
/// let job = Job::<Request>::attach("0f0e-42");
/// let saved = serde_json::to_string(&job).unwrap();
/// assert_eq!(saved, r#"{"request_id":"0f0e-42","model_id":"blackforestlabs/flux-1-schnell/text-to-image"}"#);
/// let back: Job<Request> = serde_json::from_str(&saved).unwrap();
/// assert_eq!(back.request_id(), "0f0e-42");
/// // A job of another endpoint does not re-attach as this one.
/// let other = r#"{"request_id":"x","model_id":"openai/gpt-image-2/text-to-image"}"#;
/// assert!(serde_json::from_str::<Job<Request>>(other).is_err());
/// ```
#[derive(Serialize, Deserialize)]
#[serde(try_from = "JobRef", into = "JobRef", bound = "E: Endpoint")]
pub struct Job<E> {
    job: JobRef,
    _endpoint: PhantomData<fn() -> E>,
}

impl<E: Endpoint> TryFrom<JobRef> for Job<E> {
    type Error = String;
    fn try_from(r: JobRef) -> Result<Self, String> {
        match r.model_id() {
            Some(m) if m == E::MODEL_ID => {}
            Some(m) => return Err(format!("job of model {m:?}, expected {:?}", E::MODEL_ID)),
            None => return Err(format!("no model_id; expected {:?}", E::MODEL_ID)),
        }
        runcomfy_wire::check_request_id(r.request_id()).map_err(|e| e.to_string())?;
        Ok(Job::attach(r.request_id))
    }
}

impl<E: Endpoint> From<Job<E>> for JobRef {
    fn from(j: Job<E>) -> Self {
        j.job
    }
}

impl<E: Endpoint> Job<E> {
    /// Re-attaches to a job of `E` from its request id (e.g. after a crash).
    pub fn attach(request_id: impl Into<String>) -> Self {
        Job {
            job: JobRef::new(request_id).with_model_id(E::MODEL_ID),
            _endpoint: PhantomData,
        }
    }

    /// The opaque request id the API gave.
    pub fn request_id(&self) -> &str {
        self.job.request_id()
    }

    /// The endpoint's model id.
    pub fn model_id(&self) -> &'static str {
        E::MODEL_ID
    }

    /// The untyped job, for the client's core calls.
    pub fn job_ref(&self) -> &JobRef {
        &self.job
    }
}

impl<E> Clone for Job<E> {
    fn clone(&self) -> Self {
        Job {
            job: self.job.clone(),
            _endpoint: PhantomData,
        }
    }
}

impl<E: Endpoint> fmt::Debug for Job<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Job")
            .field("request_id", &self.job.request_id)
            .field("model_id", &E::MODEL_ID)
            .finish()
    }
}

impl<E> PartialEq for Job<E> {
    fn eq(&self, other: &Self) -> bool {
        self.job == other.job
    }
}

/// How a finished job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Terminal {
    /// `completed` (or `succeeded`).
    Completed,
    /// `failed`.
    Failed,
    /// `cancelled` (or `canceled`).
    Cancelled,
}

impl Terminal {
    /// The wire word: `completed`, `failed`, `cancelled`.
    pub fn word(self) -> &'static str {
        match self {
            Terminal::Completed => WireStatus::Completed.as_str(),
            Terminal::Failed => WireStatus::Failed.as_str(),
            Terminal::Cancelled => WireStatus::Cancelled.as_str(),
        }
    }
}

impl fmt::Display for Terminal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// A job's state as the status call reports it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JobState {
    /// `in_queue`; `position` is the number of jobs ahead, if sent.
    Queued {
        /// Jobs ahead (0 = next).
        position: Option<u64>,
    },
    /// `in_progress` (or `running`).
    Running,
    /// Finished one way or another.
    Finished(Terminal),
    /// A status string this client does not know.
    Unknown(String),
}

impl JobState {
    /// Reads a wire status (`in_queue`, `in_progress`, `completed`, `succeeded`, `failed`,
    /// `cancelled`, `canceled`; case-insensitive).
    ///
    /// ```
    /// use runcomfy_client::{JobState, Terminal};
    /// assert_eq!(JobState::from_wire("succeeded", None), JobState::Finished(Terminal::Completed));
    /// assert_eq!(JobState::from_wire("canceled", None), JobState::Finished(Terminal::Cancelled));
    /// assert_eq!(JobState::from_wire("in_queue", Some(3)), JobState::Queued { position: Some(3) });
    /// assert_eq!(JobState::from_wire("dreaming", None), JobState::Unknown("dreaming".into()));
    /// ```
    pub fn from_wire(status: &str, position: Option<u64>) -> JobState {
        match WireStatus::parse(status) {
            Some(WireStatus::InQueue) => JobState::Queued { position },
            Some(WireStatus::InProgress) => JobState::Running,
            Some(WireStatus::Completed) => JobState::Finished(Terminal::Completed),
            Some(WireStatus::Failed) => JobState::Finished(Terminal::Failed),
            Some(WireStatus::Cancelled) => JobState::Finished(Terminal::Cancelled),
            None => JobState::Unknown(status.to_owned()),
        }
    }

    /// The wire word of this state (`in_queue`, ...), or the unknown word as sent.
    pub fn word(&self) -> &str {
        match self {
            JobState::Queued { .. } => WireStatus::InQueue.as_str(),
            JobState::Running => WireStatus::InProgress.as_str(),
            JobState::Finished(t) => t.word(),
            JobState::Unknown(s) => s,
        }
    }

    /// Is the job over?
    pub fn is_terminal(&self) -> bool {
        matches!(self, JobState::Finished(_))
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobState::Queued { position: Some(p) } => write!(f, "in_queue (position {p})"),
            JobState::Queued { position: None } => f.write_str(WireStatus::InQueue.as_str()),
            JobState::Running => f.write_str(WireStatus::InProgress.as_str()),
            JobState::Finished(t) => t.fmt(f),
            JobState::Unknown(s) => write!(f, "unknown status {s:?}"),
        }
    }
}

/// One answer of the status call.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// The job.
    pub request_id: String,
    /// Its state.
    pub state: JobState,
    /// The answer as sent.
    pub raw: Value,
}

/// What a cancel did. Only queued jobs can be cancelled; a running job goes on (and is
/// charged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CancelOutcome {
    /// The job was queued and is now cancelled.
    Cancelled,
    /// The job is running and cannot be cancelled any more.
    NotCancellableRunning,
    /// The job had already ended this way (a repeated cancel reports `Cancelled` here).
    AlreadyFinished(Terminal),
    /// No such job (unknown or expired request id).
    NotFound,
}

impl fmt::Display for CancelOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CancelOutcome::Cancelled => f.write_str("cancelled"),
            CancelOutcome::NotCancellableRunning => f.write_str("not cancellable: running"),
            CancelOutcome::AlreadyFinished(t) => write!(f, "already finished: {t}"),
            CancelOutcome::NotFound => f.write_str("not found"),
        }
    }
}

/// The result of a completed job of any endpoint: the output, its cost and the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct JobResult {
    /// The job.
    pub request_id: String,
    /// The model id the answer names, when it names one.
    pub model_id: Option<String>,
    /// The `output` object (`image`, `images`, `video`, ... URLs).
    pub output: Output,
    /// `cost` in USD, when asked for with `include_cost`.
    pub cost: Option<f64>,
    /// The whole result answer as sent.
    pub raw: Value,
}

/// The result of a completed job of endpoint `E`: the typed output plus the raw answer.
#[derive(Debug, Clone)]
pub struct JobOutput<E: Endpoint> {
    /// The job.
    pub request_id: String,
    /// The `output` object, typed (for the bundled endpoints [`crate::Output`]).
    pub output: E::Output,
    /// `cost` in USD, when asked for with `include_cost`.
    pub cost: Option<f64>,
    /// The whole result answer as sent.
    pub raw: Value,
}

impl<E: Endpoint> JobOutput<E> {
    /// Types an untyped result: its `output` deserialized as `E::Output`.
    pub fn from_result(result: JobResult) -> Result<JobOutput<E>, crate::Error> {
        let value = result.raw.get("output").cloned().unwrap_or(Value::Null);
        let output: E::Output = serde_json::from_value(value).map_err(|e| {
            crate::Error::new(crate::ErrorKind::Malformed, format!("output of {}: {e}", E::MODEL_ID))
                .with_source(e)
                .with_request_id(&result.request_id)
        })?;
        Ok(JobOutput {
            request_id: result.request_id,
            output,
            cost: result.cost,
            raw: result.raw,
        })
    }
}
