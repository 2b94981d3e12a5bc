//! What a batch run says about each line: the documented statuses, the summary table (or
//! JSON lines), and the status table read from the store.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::plan::{Line, Plan};
use super::store::Store;
use crate::exit::CliError;

/// Every status a line can end a run with, and what it means. The README lists the same;
/// a test keeps the two in step.
pub const STATUSES: &[(&str, &str)] = &[
    ("done", "the job finished and its outputs are on disk"),
    ("already done", "finished in an earlier run; skipped"),
    (
        "failed",
        "the job ran and failed (not resubmitted unless --retry-failed)",
    ),
    (
        "cancelled",
        "cancelled while queued (Ctrl-C); never ran, not charged; a rerun submits it again",
    ),
    (
        "rejected",
        "the API refused the submit: no job exists; a rerun submits it again",
    ),
    (
        "outcome unknown",
        "the submit may have created a job whose id is unknown or could not be saved; not resubmitted without --resubmit-unknown",
    ),
    (
        "waiting",
        "gave up waiting (timeout, errors); the job is known; a rerun re-attaches",
    ),
    (
        "interrupted",
        "stopped by Ctrl-C while the job runs (it cannot be cancelled); a rerun re-attaches",
    ),
    (
        "download failed",
        "the job finished but an output could not be downloaded; a rerun downloads again",
    ),
    ("not found", "the API no longer knows the request id (expired)"),
    (
        "not started",
        "not submitted because the run was interrupted; a rerun submits it",
    ),
    (
        "over budget",
        "not submitted: --max-cost was reached; a rerun with a larger budget submits it",
    ),
    (
        "duplicate",
        "the same job as an earlier line (same model, input and id); run once",
    ),
    ("invalid", "the line is not a valid request (with --skip-invalid)"),
];

/// How one line ended in this run.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The line number.
    pub line: usize,
    /// The user's id, if any.
    pub id: Option<String>,
    /// The model id.
    pub model_id: String,
    /// One of [`STATUSES`].
    pub status: &'static str,
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
}

impl Outcome {
    /// An outcome of `line`.
    pub fn new(line: &Line, status: &'static str, request_id: Option<String>) -> Outcome {
        debug_assert!(STATUSES.iter().any(|(s, _)| *s == status), "{status}");
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
        }
    }

    /// With an error and an exit code.
    pub fn failed(mut self, code: u8, error: impl Into<String>) -> Outcome {
        self.code = code;
        self.error = Some(error.into());
        self
    }

    /// The outcomes of the lines that were not run: duplicates and invalid lines.
    pub fn not_run(plan: &Plan) -> Vec<Outcome> {
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
                status: "duplicate",
                request_id: None,
                outputs: Vec::new(),
                cost: None,
                error: Some(format!("the same job as line {first}; run once")),
                code: 0,
            });
        }
        for (n, model, message) in &plan.invalid {
            out.push(Outcome {
                line: *n,
                id: None,
                model_id: model.clone(),
                status: "invalid",
                request_id: None,
                outputs: Vec::new(),
                cost: None,
                error: Some(message.replace('\n', " ")),
                code: 0,
            });
        }
        out
    }

    /// The JSON line of `--output json`.
    pub fn json(&self) -> Value {
        json!({
            "line": self.line,
            "id": self.id,
            "model_id": self.model_id,
            "status": self.status,
            "request_id": self.request_id,
            "outputs": self.outputs,
            "cost": self.cost,
            "error": self.error,
        })
    }
}

/// A table: a header and rows, the last column left unpadded.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let width = header.len();
    let mut widths = vec![0usize; width.saturating_sub(1)];
    let header: Vec<String> = header.iter().map(|s| (*s).to_owned()).collect();
    for row in std::iter::once(&header).chain(rows) {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows) {
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
                o.status.to_owned(),
                o.request_id.clone().unwrap_or_else(|| "-".into()),
                match &o.error {
                    Some(e) => e.replace('\n', " "),
                    None => o.outputs.join(", "),
                },
            ]
        })
        .collect();
    table(&["LINE", "MODEL", "STATUS", "REQUEST_ID", "OUTPUTS / ERROR"], &rows)
}

/// `batch --status`: every line of the file with its state in the store, no network.
pub fn status_table(plan: &Plan, store: &Store, json_lines: bool) -> Result<String, CliError> {
    let mut rows = Vec::new();
    let mut out = String::new();
    for line in &plan.lines {
        let row = store.get(&line.key)?;
        let state = row.as_ref().map_or("pending", |r| r.state.as_str());
        let request_id = row.as_ref().and_then(|r| r.request_id.clone());
        let cost = row.as_ref().and_then(|r| r.cost);
        let detail = row
            .as_ref()
            .map(|r| r.error.clone().unwrap_or_else(|| r.outputs.join(", ")))
            .unwrap_or_default();
        if json_lines {
            let _ = writeln!(
                out,
                "{}",
                json!({"line": line.number, "id": line.user_id, "model_id": line.model_id, "state": state,
                       "request_id": request_id, "cost": cost, "detail": detail})
            );
        } else {
            rows.push(vec![
                line.number.to_string(),
                line.user_id.clone().unwrap_or_else(|| "-".into()),
                line.model_id.clone(),
                state.to_owned(),
                request_id.unwrap_or_else(|| "-".into()),
                cost.map_or_else(|| "-".into(), |c| format!("{c}")),
                detail.replace('\n', " "),
            ]);
        }
    }
    if json_lines {
        return Ok(out);
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
