//! Job handles, statuses, results and cancel outcomes.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Endpoint;

/// A submitted job of endpoint `E`: its request id and model id, nothing else.
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
#[serde(try_from = "JobRecord", into = "JobRecord", bound = "E: Endpoint")]
pub struct Job<E> {
    request_id: String,
    _endpoint: PhantomData<fn() -> E>,
}

/// The serialized form of a [`Job`].
#[derive(Debug, Clone, Serialize, Deserialize)]
struct JobRecord {
    request_id: String,
    model_id: String,
}

impl<E: Endpoint> TryFrom<JobRecord> for Job<E> {
    type Error = String;
    fn try_from(r: JobRecord) -> Result<Self, String> {
        if r.model_id != E::MODEL_ID {
            return Err(format!("job of model {:?}, expected {:?}", r.model_id, E::MODEL_ID));
        }
        if r.request_id.is_empty() {
            return Err("empty request_id".to_owned());
        }
        Ok(Job::attach(r.request_id))
    }
}

impl<E: Endpoint> From<Job<E>> for JobRecord {
    fn from(j: Job<E>) -> Self {
        JobRecord {
            request_id: j.request_id,
            model_id: E::MODEL_ID.to_owned(),
        }
    }
}

impl<E: Endpoint> Job<E> {
    /// Re-attaches to a job of `E` from its request id (e.g. after a crash).
    pub fn attach(request_id: impl Into<String>) -> Self {
        Job {
            request_id: request_id.into(),
            _endpoint: PhantomData,
        }
    }

    /// The opaque request id the API gave.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The endpoint's model id.
    pub fn model_id(&self) -> &'static str {
        E::MODEL_ID
    }
}

impl<E> Clone for Job<E> {
    fn clone(&self) -> Self {
        Job {
            request_id: self.request_id.clone(),
            _endpoint: PhantomData,
        }
    }
}

impl<E: Endpoint> fmt::Debug for Job<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Job")
            .field("request_id", &self.request_id)
            .field("model_id", &E::MODEL_ID)
            .finish()
    }
}

impl<E> PartialEq for Job<E> {
    fn eq(&self, other: &Self) -> bool {
        self.request_id == other.request_id
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

impl fmt::Display for Terminal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Terminal::Completed => "completed",
            Terminal::Failed => "failed",
            Terminal::Cancelled => "cancelled",
        })
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
        match status.trim().to_ascii_lowercase().as_str() {
            "in_queue" | "queued" | "pending" => JobState::Queued { position },
            "in_progress" | "running" | "processing" => JobState::Running,
            "completed" | "succeeded" | "success" => JobState::Finished(Terminal::Completed),
            "failed" | "error" => JobState::Finished(Terminal::Failed),
            "cancelled" | "canceled" => JobState::Finished(Terminal::Cancelled),
            _ => JobState::Unknown(status.to_owned()),
        }
    }

    /// Is the job over?
    pub fn is_terminal(&self) -> bool {
        matches!(self, JobState::Finished(_))
    }

    /// The same kind of state, ignoring the queue position (for "did it change?").
    pub(crate) fn same_kind(&self, other: &JobState) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobState::Queued { position: Some(p) } => write!(f, "in_queue (position {p})"),
            JobState::Queued { position: None } => f.write_str("in_queue"),
            JobState::Running => f.write_str("in_progress"),
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

/// The result of a completed job: the typed output plus the raw answer.
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
