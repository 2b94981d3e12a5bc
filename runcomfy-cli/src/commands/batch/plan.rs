//! Reading a batch file: every line parsed and validated before anything is sent, each job
//! named by its content.
//!
//! A job's identity ([`Line::key`]) is the SHA-256 of its model id, the canonical JSON of its
//! input (keys sorted, no whitespace) and its optional user `id`: blank lines, comments,
//! reordering and appending never change the identity of a line, so a rerun of an edited
//! file never resubmits finished work. The same content twice is one job (the later lines
//! are reported as duplicates) unless the lines carry distinct `id`s.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use runcomfy_schema::ir::EndpointSchema;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::exit::CliError;

/// The largest batch file read (each line holds one request body of at most 60 MiB).
pub const MAX_BATCH_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The longest user `id` accepted.
pub const MAX_USER_ID_CHARS: usize = 128;

/// One valid request of the batch file.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the file (for people; not the job's identity).
    pub number: usize,
    /// The job's identity: hex SHA-256 of model id, canonical input and user id.
    pub key: String,
    /// The user's `id` for the line, if given.
    pub user_id: Option<String>,
    /// The endpoint.
    pub model_id: String,
    /// The endpoint's schema.
    pub schema: Arc<EndpointSchema>,
    /// The request body (validated against the schema).
    pub input: Value,
}

impl Line {
    /// How the line is named in messages and folders: its user id, else `line N`.
    pub fn label(&self) -> String {
        match &self.user_id {
            Some(id) => format!("{id} (line {})", self.number),
            None => format!("line {}", self.number),
        }
    }
}

/// A parsed and validated batch file.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Hex SHA-256 of the file's non-blank, non-comment lines with their numbers (the key
    /// of stores written by earlier versions, for their migration).
    pub legacy_hash: String,
    /// Valid, distinct jobs, in file order.
    pub lines: Vec<Line>,
    /// Lines whose content repeats an earlier line: (line, the earlier line's number).
    pub duplicates: Vec<(usize, usize)>,
    /// Invalid lines skipped with `--skip-invalid`: (line, model id if known, message).
    pub invalid: Vec<(usize, String, String)>,
}

/// The schemas a batch file may name.
pub trait Schemas {
    /// The schema of `model_id`, or why there is none.
    fn schema(&mut self, model_id: &str) -> Result<Arc<EndpointSchema>, String>;
}

/// The schemas compiled into the binary, plus those found for other models beforehand (in
/// the catalog): `Err` holds why a model has none.
#[derive(Debug, Default)]
pub struct Known(HashMap<String, Result<Arc<EndpointSchema>, String>>);

impl Known {
    /// The compiled-in schemas only.
    pub fn compiled() -> Known {
        Known(
            crate::session::bundled()
                .into_iter()
                .map(|s| (s.model_id.clone(), Ok(Arc::new(s))))
                .collect(),
        )
    }

    /// Adds what was found for `model_id`.
    pub fn insert(&mut self, model_id: String, found: Result<Arc<EndpointSchema>, String>) {
        self.0.insert(model_id, found);
    }

    /// Is `model_id` known (with a schema or a reason)?
    pub fn knows(&self, model_id: &str) -> bool {
        self.0.contains_key(model_id)
    }
}

impl Schemas for Known {
    fn schema(&mut self, model_id: &str) -> Result<Arc<EndpointSchema>, String> {
        match self.0.get(model_id) {
            Some(found) => found.clone(),
            None => Err(format!("unknown model {model_id:?} (see `runcomfy models`)")),
        }
    }
}

/// A line as `batch --status` lists it: its identity, without a schema (no network, no
/// validation: a line of a catalog model is listed like any other).
#[derive(Debug, Clone)]
pub struct StatusLine {
    /// 1-based line number.
    pub number: usize,
    /// The job's identity ([`job_key`]).
    pub key: String,
    /// The user's `id`, if given.
    pub user_id: Option<String>,
    /// The model id.
    pub model_id: String,
}

/// Every line of `file` that names a model and an input object, with its identity (the
/// same key a run gives it), in file order, duplicates once.
pub fn status_lines(file: &Path) -> Result<Vec<StatusLine>, CliError> {
    let text = read_text(file)?;
    let mut out: Vec<StatusLine> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (index, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Ok((model_id, user_id, input)) = parse_fields(trimmed) else {
            continue;
        };
        let key = job_key(&model_id, &input, user_id.as_deref());
        if seen.insert(key.clone()) {
            out.push(StatusLine {
                number: index + 1,
                key,
                user_id,
                model_id,
            });
        }
    }
    Ok(out)
}

/// The model ids a batch file names (of the lines that are JSON objects with one), in file
/// order, without repeats: what must be resolved before [`plan`] can check the lines.
pub fn model_ids(file: &Path) -> Result<Vec<String>, CliError> {
    let bytes = crate::flags::read_input(file, MAX_BATCH_FILE_BYTES)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut out: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| l.starts_with('{')) {
        let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if let Some(Value::String(id)) = obj.get("model_id").or_else(|| obj.get("model"))
            && !out.contains(id)
        {
            out.push(id.clone());
        }
    }
    Ok(out)
}

/// Reads, parses and validates every line of `file`. Bad lines are an error (exit 65)
/// listing each with its line number, unless `skip_invalid`.
pub fn plan(file: &Path, skip_invalid: bool, schemas: &mut dyn Schemas) -> Result<Plan, CliError> {
    let text = read_text(file)?;
    let mut hasher = Sha256::new();
    let mut lines: Vec<Line> = Vec::new();
    let mut first_of: HashMap<String, usize> = HashMap::new();
    let mut duplicates = Vec::new();
    let mut invalid = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        hasher.update(format!("{number}\t{trimmed}\n").as_bytes());
        match parse_line(trimmed, number, schemas) {
            Ok(line) => match first_of.get(&line.key) {
                Some(first) => duplicates.push((number, *first)),
                None => {
                    first_of.insert(line.key.clone(), number);
                    lines.push(line);
                }
            },
            Err((model, message)) => invalid.push((number, model, message)),
        }
    }
    if !invalid.is_empty() && !skip_invalid {
        let mut msg = format!(
            "{} invalid line(s) in {}; nothing was submitted (--skip-invalid runs the valid ones):",
            invalid.len(),
            file.display()
        );
        for (n, _, m) in &invalid {
            let _ = write!(msg, "\n  line {n}: {}", m.replace('\n', "\n  "));
        }
        return Err(CliError::data(msg));
    }
    Ok(Plan {
        legacy_hash: hex(&hasher.finalize()),
        lines,
        duplicates,
        invalid,
    })
}

/// The batch file's text (at most [`MAX_BATCH_FILE_BYTES`], UTF-8).
fn read_text(file: &Path) -> Result<String, CliError> {
    let bytes = crate::flags::read_input(file, MAX_BATCH_FILE_BYTES)?;
    String::from_utf8(bytes).map_err(|e| {
        CliError::data(format!(
            "{}: the batch file is not UTF-8 (invalid byte at offset {})",
            file.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The identity of a job: its model id, its input's canonical JSON and its user id.
pub fn job_key(model_id: &str, input: &Value, user_id: Option<&str>) -> String {
    let mut h = Sha256::new();
    h.update(model_id.as_bytes());
    h.update(b"\n");
    h.update(runcomfy_sim::canonical_json(input).as_bytes());
    h.update(b"\n");
    h.update(user_id.unwrap_or_default().as_bytes());
    hex(&h.finalize())
}

/// A line's model id, user id and input, or (model id if known, why not).
fn parse_fields(text: &str) -> Result<(String, Option<String>, Value), (String, String)> {
    let value: Value = serde_json::from_str(text).map_err(|e| (String::new(), format!("not JSON: {e}")))?;
    let Value::Object(mut obj) = value else {
        return Err((
            String::new(),
            "expected a JSON object {\"model_id\": ..., \"input\": {...}}".into(),
        ));
    };
    let model_id = match obj.get("model_id").or_else(|| obj.get("model")) {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err((String::new(), "\"model_id\" must be a string".into())),
        None => return Err((String::new(), "missing \"model_id\" (or \"model\")".into())),
    };
    let user_id = match obj.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= MAX_USER_ID_CHARS => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => {
            return Err((
                model_id,
                format!("\"id\" must be a non-empty string of at most {MAX_USER_ID_CHARS} characters, or a number"),
            ));
        }
    };
    let input = match obj.remove("input") {
        Some(v @ Value::Object(_)) => v,
        Some(_) => return Err((model_id, "\"input\" must be a JSON object".into())),
        None => return Err((model_id, "missing \"input\"".into())),
    };
    Ok((model_id, user_id, input))
}

fn parse_line(text: &str, number: usize, schemas: &mut dyn Schemas) -> Result<Line, (String, String)> {
    let (model_id, user_id, input) = parse_fields(text)?;
    let schema = schemas.schema(&model_id).map_err(|why| (model_id.clone(), why))?;
    // The same checks as `run`: schema, data: media, body size (no network).
    let request = runcomfy_client::DynamicRequest::new(schema.clone(), input);
    if let Err(e) = request.check() {
        let e = CliError::from(e);
        return Err((model_id, e.message));
    }
    let input = request.body().clone();
    Ok(Line {
        number,
        key: job_key(&model_id, &input, user_id.as_deref()),
        user_id,
        model_id,
        schema,
        input,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn identity_ignores_key_order_and_whitespace_but_not_ids() {
        let a = job_key("a/b", &json!({"x": 1, "y": {"p": 2, "q": 3}}), None);
        let b = job_key("a/b", &json!({"y": {"q": 3, "p": 2}, "x": 1}), None);
        assert_eq!(a, b);
        assert_ne!(a, job_key("a/c", &json!({"x": 1, "y": {"p": 2, "q": 3}}), None));
        assert_ne!(a, job_key("a/b", &json!({"x": 1, "y": {"p": 2, "q": 3}}), Some("one")));
        assert_ne!(
            job_key("a/b", &json!({}), Some("one")),
            job_key("a/b", &json!({}), Some("two"))
        );
    }
}
