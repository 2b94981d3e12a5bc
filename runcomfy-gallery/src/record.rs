//! One line of `results.jsonl`: what a job was asked, how it ended, what it left.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The version written in every record's `"v"` field. Within a version fields are only
/// added; a reader ignores the fields it does not know.
pub const SCHEMA_VERSION: u32 = 1;

/// One job: a batch line, or one `run`.
///
/// Serialized as one JSON object per line of `results.jsonl`, with `"v": 1` first (see the
/// crate README for the schema). Optional fields are left out when unset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The batch line number (1-based), for a batch; `None` for a `run`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The user's id of the line, if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The model id, e.g. `blackforestlabs/flux-1-schnell/text-to-image`.
    pub model_id: String,
    /// The input object as sent. Long `data:` URIs and very long strings are elided when the
    /// record is stored (see [`crate::elide_input`]).
    #[serde(default)]
    pub input: Value,
    /// The request id, once the API gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// How the job ended (or where it stands).
    pub status: Status,
    /// The cost in USD the API reported; `None` when it reported none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    /// When the job was submitted, as the API reports it (`created_at`, RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<String>,
    /// When the job started running, as reported (RFC 3339), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// When the job ended, as the API reports it (`finished_at`, RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// The outputs, in the order of the API's answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<OutputFile>,
    /// What went wrong, for a job that did not end well.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<JobError>,
}

impl Record {
    /// A record of a job of `model_id` with `input`, in `status`; every other field unset.
    pub fn new(model_id: impl Into<String>, input: Value, status: Status) -> Record {
        Record {
            line: None,
            id: None,
            model_id: model_id.into(),
            input,
            request_id: None,
            status,
            cost: None,
            submitted_at: None,
            started_at: None,
            finished_at: None,
            files: Vec::new(),
            error: None,
        }
    }

    /// The prompt, when the input has one: the first string among `prompt`, `promptText`,
    /// `prompt_text`, `text`, `description` (the names RunComfy schemas use).
    pub fn prompt(&self) -> Option<&str> {
        PROMPT_KEYS
            .iter()
            .find_map(|k| self.input.get(*k).and_then(Value::as_str))
    }
}

/// Input keys read as the prompt, in order of preference. The page uses the same list.
pub const PROMPT_KEYS: &[&str] = &["prompt", "promptText", "prompt_text", "text", "description"];

/// One output of a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputFile {
    /// Image, video, audio, or another kind of file.
    pub kind: MediaKind,
    /// Where the file is, relative to the output folder, with `/` separators; `None` when it
    /// is not on disk (not downloaded, or the download failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Where it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its size, when on disk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
}

impl OutputFile {
    /// A file of `kind` at `path` (relative to the output folder) that came from `url`.
    pub fn new(kind: MediaKind, path: Option<String>, url: Option<String>) -> OutputFile {
        OutputFile {
            kind,
            path,
            url,
            bytes: None,
        }
    }
}

/// What kind of media a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    /// An image (`.png`, `.jpg`, `.webp`, ...).
    Image,
    /// A video (`.mp4`, `.webm`, ...).
    Video,
    /// Sound (`.wav`, `.mp3`, ...).
    Audio,
    /// Anything else (shown as a link). Unknown kinds read as this.
    #[serde(other)]
    Other,
}

impl MediaKind {
    /// The kind a file name's extension says (case-insensitive); [`MediaKind::Other`] when
    /// it says none.
    ///
    /// ```
    /// use runcomfy_gallery::MediaKind;
    /// assert_eq!(MediaKind::from_path("out/3-e220a839-0.PNG"), MediaKind::Image);
    /// assert_eq!(MediaKind::from_path("clip.mp4"), MediaKind::Video);
    /// assert_eq!(MediaKind::from_path("notes.txt"), MediaKind::Other);
    /// ```
    pub fn from_path(path: &str) -> MediaKind {
        let ext = path
            .rsplit(['/', '\\'])
            .next()
            .and_then(|name| name.rsplit_once('.'))
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "png" | "jpg" | "jpeg" | "webp" | "gif" | "avif" | "bmp" => MediaKind::Image,
            "mp4" | "m4v" | "webm" | "mov" | "mkv" => MediaKind::Video,
            "wav" | "mp3" | "ogg" | "oga" | "flac" | "m4a" | "aac" | "opus" => MediaKind::Audio,
            _ => MediaKind::Other,
        }
    }

    /// The usual extension of the kind, for a file whose URL says none.
    pub fn default_extension(self) -> &'static str {
        match self {
            MediaKind::Image => "png",
            MediaKind::Video => "mp4",
            MediaKind::Audio => "wav",
            MediaKind::Other => "bin",
        }
    }
}

/// Why a job did not end well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobError {
    /// What kind of error, in words (`job failed`, `submit outcome unknown`, `rejected`, ...:
    /// the client's error kinds).
    pub kind: String,
    /// The message (the server's, for a failed job).
    pub message: String,
    /// The input's problems the client or the server listed, with their JSON pointers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
}

impl JobError {
    /// An error of `kind` saying `message`, with no violations.
    pub fn new(kind: impl Into<String>, message: impl Into<String>) -> JobError {
        JobError {
            kind: kind.into(),
            message: message.into(),
            violations: Vec::new(),
        }
    }
}

/// One problem of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// RFC 6901 JSON pointer into the input (`/steps`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

/// How a job ended, in the words the CLI prints: every batch status, and `submitted` (a
/// `run --no-wait`). Serialized as the word; an unknown word reads as [`Status::Other`], so a
/// newer writer's statuses never make a file unreadable.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Status {
    /// The job finished and its outputs are on disk.
    Done,
    /// Finished in an earlier run; skipped.
    AlreadyDone,
    /// The job ran and failed.
    Failed,
    /// Cancelled while queued; never ran, not charged.
    Cancelled,
    /// The API refused the submit: no job exists.
    Rejected,
    /// The submit may have created a job whose id is unknown or could not be saved.
    OutcomeUnknown,
    /// Gave up waiting; the job is known and may still run.
    Waiting,
    /// Stopped while the job runs; the job is known and may still run.
    Interrupted,
    /// The job finished but an output could not be downloaded.
    DownloadFailed,
    /// The API no longer knows the request id.
    NotFound,
    /// Not submitted because the run was interrupted.
    NotStarted,
    /// Not submitted: the budget was reached.
    OverBudget,
    /// The same job as an earlier line; run once.
    Duplicate,
    /// The line is not a valid request.
    Invalid,
    /// Submitted and not waited for (`run --no-wait`).
    Submitted,
    /// A word this version does not know, kept as written.
    Other(String),
}

/// Every status word this version knows, with what it means and what to do about it. The
/// gallery shows the advice on the cards of jobs that did not end `done`.
pub const STATUSES: &[(&str, &str, &str)] = &[
    ("done", "the job finished and its outputs are on disk", ""),
    ("already done", "finished in an earlier run; skipped", ""),
    (
        "failed",
        "the job ran and failed",
        "Read the error; fix the input if it names one. A batch rerun resubmits failed lines with --retry-failed.",
    ),
    (
        "cancelled",
        "cancelled while queued: it never ran and was not charged",
        "Run it again (a batch rerun submits it again).",
    ),
    (
        "rejected",
        "the API refused the submit: no job exists, nothing was charged",
        "Fix what the error names, then run it again.",
    ),
    (
        "outcome unknown",
        "the submit may have created a job whose id is unknown or could not be saved",
        "The job may exist and be charged: look for it in your RunComfy account before running it again. A batch rerun resubmits it only with --resubmit-unknown.",
    ),
    (
        "waiting",
        "gave up waiting; the job is known and may still run",
        "Rerun the batch (it re-attaches) or fetch it with `runcomfy result <request id>`.",
    ),
    (
        "interrupted",
        "stopped while the job runs (it cannot be cancelled)",
        "Rerun the batch (it re-attaches) or fetch it with `runcomfy result <request id>`.",
    ),
    (
        "download failed",
        "the job finished but an output could not be downloaded",
        "Rerun the batch or `runcomfy result <request id>` to download again; the links below may still work.",
    ),
    (
        "not found",
        "the API no longer knows the request id (expired)",
        "Its outputs cannot be fetched any more; run it again if you need them.",
    ),
    (
        "not started",
        "not submitted because the run was interrupted",
        "Rerun the batch to submit it.",
    ),
    (
        "over budget",
        "not submitted: the budget (--max-cost) was reached",
        "Rerun with a larger --max-cost to submit it.",
    ),
    (
        "duplicate",
        "the same job as an earlier line (same model, input and id)",
        "Nothing: it ran once, under the earlier line.",
    ),
    (
        "invalid",
        "the line is not a valid request",
        "Fix the line as the error says.",
    ),
    (
        "submitted",
        "submitted and not waited for",
        "Fetch it with `runcomfy result <request id>`.",
    ),
];

impl Status {
    /// The word written to `results.jsonl`.
    pub fn as_str(&self) -> &str {
        match self {
            Status::Done => "done",
            Status::AlreadyDone => "already done",
            Status::Failed => "failed",
            Status::Cancelled => "cancelled",
            Status::Rejected => "rejected",
            Status::OutcomeUnknown => "outcome unknown",
            Status::Waiting => "waiting",
            Status::Interrupted => "interrupted",
            Status::DownloadFailed => "download failed",
            Status::NotFound => "not found",
            Status::NotStarted => "not started",
            Status::OverBudget => "over budget",
            Status::Duplicate => "duplicate",
            Status::Invalid => "invalid",
            Status::Submitted => "submitted",
            Status::Other(word) => word,
        }
    }

    /// The status a word names; an unknown word is [`Status::Other`].
    ///
    /// ```
    /// use runcomfy_gallery::Status;
    /// assert_eq!(Status::from_word("outcome unknown"), Status::OutcomeUnknown);
    /// assert_eq!(Status::from_word("later"), Status::Other("later".into()));
    /// assert_eq!(Status::from_word("download failed").as_str(), "download failed");
    /// ```
    pub fn from_word(word: &str) -> Status {
        match word {
            "done" => Status::Done,
            "already done" => Status::AlreadyDone,
            "failed" => Status::Failed,
            "cancelled" => Status::Cancelled,
            "rejected" => Status::Rejected,
            "outcome unknown" => Status::OutcomeUnknown,
            "waiting" => Status::Waiting,
            "interrupted" => Status::Interrupted,
            "download failed" => Status::DownloadFailed,
            "not found" => Status::NotFound,
            "not started" => Status::NotStarted,
            "over budget" => Status::OverBudget,
            "duplicate" => Status::Duplicate,
            "invalid" => Status::Invalid,
            "submitted" => Status::Submitted,
            other => Status::Other(other.to_owned()),
        }
    }

    /// What to do about a job in this status (empty for `done`).
    pub fn advice(&self) -> &'static str {
        STATUSES
            .iter()
            .find(|(w, _, _)| *w == self.as_str())
            .map_or("", |(_, _, advice)| advice)
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let word = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Status::from_word(&word))
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_word_round_trips_and_has_a_row() {
        for (word, meaning, _) in STATUSES {
            let status = Status::from_word(word);
            assert!(!matches!(status, Status::Other(_)), "{word}");
            assert_eq!(status.as_str(), *word);
            assert!(!meaning.is_empty());
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), status);
        }
        assert_eq!(Status::Done.advice(), "");
        assert!(Status::OutcomeUnknown.advice().contains("charged"));
    }

    #[test]
    fn unknown_kinds_and_fields_are_tolerated() {
        let r: Record = serde_json::from_str(
            r#"{"model_id":"a/b","status":"frozen","files":[{"kind":"hologram","path":"x.holo"}],"new_field":1}"#,
        )
        .unwrap();
        assert_eq!(r.status, Status::Other("frozen".into()));
        assert_eq!(r.files[0].kind, MediaKind::Other);
        assert_eq!(r.input, Value::Null);
    }

    #[test]
    fn the_prompt_is_found_under_the_schemas_names() {
        let r = Record::new(
            "a/b",
            serde_json::json!({"promptText": "a cat", "seed": 1}),
            Status::Done,
        );
        assert_eq!(r.prompt(), Some("a cat"));
        let r = Record::new("a/b", serde_json::json!({"seed": 1}), Status::Done);
        assert_eq!(r.prompt(), None);
    }
}
