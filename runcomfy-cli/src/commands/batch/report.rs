//! What a batch run says about each line: the documented statuses, the summary table (or one
//! JSON document), and the status table read from the store.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::plan::{Line, StatusLine};
use super::store::Store;
use crate::exit::CliError;
use crate::text;
use crate::view::End;

/// How a line ended in a run. The README lists every one (a test keeps the two in step).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The job finished and its outputs are on disk.
    Done,
    /// Finished in an earlier run; skipped.
    AlreadyDone,
    /// The job ran and failed.
    Failed,
    /// Cancelled while queued.
    Cancelled,
    /// The API refused the submit.
    Rejected,
    /// The submit may have created a job whose id is unknown.
    OutcomeUnknown,
    /// Gave up waiting; the job is known.
    Waiting,
    /// Stopped by Ctrl-C while the job runs.
    Interrupted,
    /// The job finished but an output could not be downloaded.
    DownloadFailed,
    /// The API no longer knows the request id.
    NotFound,
    /// Not submitted because the run was interrupted.
    NotStarted,
    /// Not submitted: the budget is reached.
    OverBudget,
    /// The same job as an earlier line.
    Duplicate,
    /// Not a valid request.
    Invalid,
}

impl Status {
    /// Every status, in the README's order.
    #[cfg(test)]
    pub const ALL: [Status; 14] = [
        Status::Done,
        Status::AlreadyDone,
        Status::Failed,
        Status::Cancelled,
        Status::Rejected,
        Status::OutcomeUnknown,
        Status::Waiting,
        Status::Interrupted,
        Status::DownloadFailed,
        Status::NotFound,
        Status::NotStarted,
        Status::OverBudget,
        Status::Duplicate,
        Status::Invalid,
    ];

    /// The word printed and written to JSON.
    pub fn word(self) -> &'static str {
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
        }
    }

    /// How its progress line ends.
    pub fn end(self) -> End {
        match self {
            Status::Done | Status::AlreadyDone | Status::Duplicate => End::Success,
            Status::OutcomeUnknown
            | Status::Waiting
            | Status::Interrupted
            | Status::DownloadFailed
            | Status::NotStarted
            | Status::OverBudget => End::Pending,
            Status::Failed | Status::Cancelled | Status::Rejected | Status::NotFound | Status::Invalid => End::Failure,
        }
    }
}

/// How one line ended in this run.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The line number.
    pub line: usize,
    /// The user's id, if any.
    pub id: Option<String>,
    /// The model id.
    pub model_id: String,
    /// How it ended.
    pub status: Status,
    /// The request id, once known.
    pub request_id: Option<String>,
    /// Output paths.
    pub outputs: Vec<String>,
    /// The cost in USD, when known.
    pub cost: Option<f64>,
    /// What went wrong.
    pub error: Option<String>,
    /// The exit code this line asks for (0 when fine).
    pub code: u8,
    /// The input as sent (for `results.jsonl`).
    pub input: Value,
    /// The outputs, paths relative to the output folder (for `results.jsonl`).
    pub files: Vec<runcomfy_gallery::OutputFile>,
    /// When the API says the job was submitted and finished (`created_at`, `finished_at`).
    pub times: (Option<String>, Option<String>),
    /// The client's kind of the error (`job failed`, `timed out`, ...) and the input's
    /// problems with their pointers, when the error came from the client.
    pub error_detail: Option<(&'static str, Vec<(String, String)>)>,
}

impl Outcome {
    /// An outcome of `line`.
    pub fn new(line: &Line, status: Status, request_id: Option<String>) -> Outcome {
        Outcome {
            line: line.number,
            id: line.user_id.clone(),
            model_id: line.model_id.clone(),
            status,
            request_id,
            outputs: Vec::new(),
            cost: None,
            error: None,
            code: 0,
            input: line.input.clone(),
            files: Vec::new(),
            times: (None, None),
            error_detail: None,
        }
    }

    /// With the kind and the violations of the client's error `e` (the message is set by
    /// [`Outcome::failed`]).
    pub fn client_error(mut self, e: &runcomfy_client::Error) -> Outcome {
        let violations = e
            .violations()
            .map(|v| {
                v.iter()
                    .map(|v| (v.pointer.clone(), v.constraint.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        self.error_detail = Some((e.kind().word(), violations));
        self
    }

    /// The line's `results.jsonl` record.
    pub fn record(&self) -> runcomfy_gallery::Record {
        let mut r = runcomfy_gallery::Record::new(
            self.model_id.clone(),
            self.input.clone(),
            runcomfy_gallery::Status::from_word(self.status.word()),
        );
        r.line = Some(self.line as u64);
        r.id = self.id.clone();
        r.request_id = self.request_id.clone();
        r.cost = self.cost;
        r.files = self.files.clone();
        (r.submitted_at, r.finished_at) = self.times.clone();
        if let Some(message) = &self.error {
            let (kind, violations) = self.error_detail.clone().unwrap_or((self.status.word(), Vec::new()));
            let mut error = runcomfy_gallery::JobError::new(kind, message.clone());
            error.violations = violations
                .into_iter()
                .map(|(pointer, message)| runcomfy_gallery::Violation { pointer, message })
                .collect();
            r.error = Some(error);
        }
        r
    }

    /// With an error and an exit code.
    pub fn failed(mut self, code: u8, error: impl Into<String>) -> Outcome {
        self.code = code;
        self.error = Some(error.into());
        self
    }

    /// The outcomes of the lines that were not run: duplicates and invalid lines.
    pub fn not_run(plan: &super::plan::Plan) -> Vec<Outcome> {
        let mut out = Vec::new();
        for (line, first) in &plan.duplicates {
            let model_id = plan
                .lines
                .iter()
                .find(|l| l.number == *first)
                .map(|l| l.model_id.clone())
                .unwrap_or_default();
            out.push(Outcome {
                line: *line,
                id: None,
                model_id,
                status: Status::Duplicate,
                request_id: None,
                outputs: Vec::new(),
                cost: None,
                error: Some(format!("the same job as line {first}; run once")),
                code: 0,
                input: Value::Null,
                files: Vec::new(),
                times: (None, None),
                error_detail: None,
            });
        }
        for (n, model, message) in &plan.invalid {
            out.push(Outcome {
                line: *n,
                id: None,
                model_id: model.clone(),
                status: Status::Invalid,
                request_id: None,
                outputs: Vec::new(),
                cost: None,
                error: Some(message.replace('\n', " ")),
                code: 0,
                input: Value::Null,
                files: Vec::new(),
                times: (None, None),
                error_detail: None,
            });
        }
        out
    }

    /// The line's JSON object.
    pub fn json(&self) -> Value {
        json!({
            "line": self.line,
            "id": self.id,
            "model_id": self.model_id,
            "status": self.status.word(),
            "request_id": self.request_id,
            "outputs": self.outputs,
            "cost": self.cost,
            "error": self.error,
        })
    }
}

/// A table: a header and rows, the last column left unpadded. Cells are sanitized.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let width = header.len();
    let header: Vec<String> = header.iter().map(|s| (*s).to_owned()).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| text::line(c).into_owned()).collect())
        .collect();
    let mut widths = vec![0usize; width.saturating_sub(1)];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter().zip(row.iter()) {
            let _ = write!(out, "{cell:<w$}  ");
        }
        let _ = writeln!(out, "{}", row.get(width - 1).map_or("", String::as_str));
    }
    out
}

/// The summary of a run: one row per line.
pub fn summary(outcomes: &[Outcome]) -> String {
    let rows: Vec<Vec<String>> = outcomes
        .iter()
        .map(|o| {
            vec![
                o.line.to_string(),
                o.model_id.clone(),
                o.status.word().to_owned(),
                o.request_id.clone().unwrap_or_else(|| "-".into()),
                match &o.error {
                    Some(e) => e.clone(),
                    None => o.outputs.join(", "),
                },
            ]
        })
        .collect();
    table(&["LINE", "MODEL", "STATUS", "REQUEST_ID", "OUTPUTS / ERROR"], &rows)
}

/// `batch --status`: every line of the file with its state in the store, no network: a
/// table, or one JSON document.
pub fn status_table(lines: &[StatusLine], store: &Store, json_doc: bool) -> Result<String, CliError> {
    let mut rows = Vec::new();
    let mut docs = Vec::new();
    for line in lines {
        let row = store.get(&line.key)?;
        let state = row.as_ref().map_or("pending", |r| r.state.as_str());
        let request_id = row.as_ref().and_then(|r| r.request_id.clone());
        let cost = row.as_ref().and_then(|r| r.cost);
        let detail = row
            .as_ref()
            .map(|r| r.error.clone().unwrap_or_else(|| r.outputs.join(", ")))
            .unwrap_or_default();
        if json_doc {
            docs.push(
                json!({"line": line.number, "id": line.user_id, "model_id": line.model_id, "state": state,
                             "request_id": request_id, "cost": cost, "detail": detail}),
            );
        } else {
            rows.push(vec![
                line.number.to_string(),
                line.user_id.clone().unwrap_or_else(|| "-".into()),
                line.model_id.clone(),
                state.to_owned(),
                request_id.unwrap_or_else(|| "-".into()),
                cost.map_or_else(|| "-".into(), text::usd),
                detail,
            ]);
        }
    }
    if json_doc {
        return Ok(format!("{}\n", json!({ "lines": docs })));
    }
    Ok(table(
        &[
            "LINE",
            "ID",
            "MODEL",
            "STATE",
            "REQUEST_ID",
            "COST_USD",
            "OUTPUTS / ERROR",
        ],
        &rows,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_is_documented_in_the_readme() {
        let readme = include_str!("../../../README.md");
        for status in Status::ALL {
            assert!(
                readme.contains(&format!("| `{}` |", status.word())),
                "README lacks `{}`",
                status.word()
            );
        }
    }
}

#[cfg(test)]
mod record_tests {
    use super::*;

    #[test]
    fn every_status_is_a_word_the_gallery_knows() {
        for status in Status::ALL {
            let word = status.word();
            assert!(
                !matches!(
                    runcomfy_gallery::Status::from_word(word),
                    runcomfy_gallery::Status::Other(_)
                ),
                "{word}"
            );
        }
    }
}
