//! Jobs: the handle ([`Job`]), their states and statuses, results and cancel outcomes, and
//! the rest of a run's types: progress events ([`Progress`]), what an interrupt does
//! ([`OnInterrupt`], [`CancellationToken`]), the observer of a run ([`Observer`]) and a
//! [`Runner`](crate::Runner)'s stream ([`Run`], [`RunItem`]).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use runcomfy_schema::Output;
use runcomfy_wire::WireStatus;

pub use crate::pipeline::{Observer, OnInterrupt};
pub use crate::poll::Progress;
pub use crate::runner::{Run, RunItem};
/// Cancellation tokens for [`JobOptions::interrupt`](crate::JobOptions::interrupt).
pub use tokio_util::sync::CancellationToken;

/// A submitted job, of any endpoint: its request id and, when known, its model id.
///
/// What [`Client::submit`](crate::Client::submit) returns and what status, wait, result,
/// cancel and [`Client::follow`](crate::Client::follow) take, whatever the job's endpoint
/// (compiled in, a schema file, the live catalog). It serializes to `{"request_id": ...,
/// "model_id": ...}` so it can be written down right after submit and re-attached after a
/// crash; a bare request id re-attaches too ([`Job::new`]).
///
/// ```
/// use runcomfy_client::Job;
/// let job = Job::new("0f0e-42").with_model_id("aidc-ai/ovis-image");
/// let saved = serde_json::to_string(&job).unwrap();
/// assert_eq!(saved, r#"{"request_id":"0f0e-42","model_id":"aidc-ai/ovis-image"}"#);
/// let back: Job = serde_json::from_str(&saved).unwrap();
/// assert_eq!(back, job);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Job {
    request_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model_id: Option<String>,
}

/// The name the poller (and older code) uses for [`Job`].
pub(crate) type JobRef = Job;

impl Job {
    /// A job known by its request id. The id is checked
    /// ([`runcomfy_wire::check_request_id`]) before any call is made with it.
    pub fn new(request_id: impl Into<String>) -> Job {
        Job {
            request_id: request_id.into(),
            model_id: None,
        }
    }

    /// Sets the model id (it lets the wait aim its status calls at the model's usual run
    /// time).
    pub fn with_model_id(mut self, model_id: impl Into<String>) -> Job {
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

impl AsRef<Job> for Job {
    fn as_ref(&self) -> &Job {
        self
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
    /// A status word this client does not know (or an empty one), as
    /// [`JobState::from_wire`] reads it. The client's calls never report it as a state: a
    /// status answer with such a word is [`crate::ErrorKind::UnknownStatus`].
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
    /// assert_eq!(JobState::from_wire("", None), JobState::Unknown(String::new()));
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

/// One answer of the status call: the job and its state (queued with its position,
/// running, or finished and how).
#[derive(Debug, Clone, PartialEq)]
pub struct JobStatus {
    /// The job.
    pub request_id: String,
    /// Its state (never [`JobState::Unknown`]: an unknown word is an error).
    pub state: JobState,
    /// The status word as the server sent it (`succeeded` where [`JobState`] says
    /// `completed`), token redacted.
    pub word: String,
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

/// What the result call says about a completed job: its output files' URLs and its cost.
///
/// Downloading the files is a separate step ([`Client::download`](crate::Client::download)),
/// or part of [`Client::run_and_download`](crate::Client::run_and_download); the job run to
/// the end with its files on disk is a [`CompletedJob`](crate::CompletedJob). Any text of the
/// answer that held the API token holds `<redacted>` instead.
#[derive(Debug, Clone, PartialEq)]
pub struct JobResult {
    /// The job.
    pub request_id: String,
    /// The model id the answer names, else the one the job was submitted for, when known.
    pub model_id: Option<String>,
    /// The `output` object: `image`, `images`, `video`, `videos`, `audio`, `audios` URLs
    /// ([`Output::urls`] lists them all).
    pub output: Output,
    /// `cost` in USD (a finite number >= 0), when the server sent one.
    pub cost: Option<f64>,
    /// The whole result answer as sent (token redacted).
    pub raw: Value,
}
