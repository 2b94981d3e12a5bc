//! `results.jsonl`: encoding one record as a line, reading a file back (tolerant and
//! bounded), and what a stored record may hold.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::record::{Record, SCHEMA_VERSION};
use crate::{Error, files};

/// The manifest's file name inside the output folder.
pub const RESULTS_FILE: &str = "results.jsonl";
/// The largest `results.jsonl` read (1 GiB).
pub const MAX_RESULTS_BYTES: u64 = 1 << 30;
/// The longest line read as a record (16 MiB); a longer one is skipped.
pub const MAX_RECORD_BYTES: usize = 16 << 20;
/// The most records read from one file; the rest are skipped.
pub const MAX_RECORDS: usize = 1_000_000;
/// `data:` URIs longer than this are elided from stored inputs.
pub const MAX_DATA_URI: usize = 2048;
/// Other strings longer than this are cut in stored inputs.
pub const MAX_INPUT_STRING: usize = 64 * 1024;
/// Problems listed one by one when reading; past this they are counted.
const MAX_PROBLEMS: usize = 50;

/// What [`read_results`] found.
#[derive(Debug, Clone, Default)]
pub struct ReadResults {
    /// The records, in file order (a later record of the same job is kept after an earlier one;
    /// [`crate::Manifest`] keeps the last).
    pub records: Vec<Record>,
    /// Lines that were skipped, and why (`results.jsonl:7: ...`).
    pub problems: Vec<String>,
}

/// Reads `out_dir/results.jsonl`. A missing file is no records. Lines that are not records
/// of this format (not JSON, no `"v"`, no `model_id`, ...) are skipped and listed in
/// [`ReadResults::problems`]; unknown fields are ignored. Refuses a file that is not a regular
/// file or is larger than [`MAX_RESULTS_BYTES`].
pub fn read_results(out_dir: &Path) -> Result<ReadResults, Error> {
    let path = out_dir.join(RESULTS_FILE);
    match files::read_bounded(&path, MAX_RESULTS_BYTES)? {
        None => Ok(ReadResults::default()),
        Some(bytes) => Ok(parse_results(&bytes)),
    }
}

/// Parses the text of a `results.jsonl` (see [`read_results`]).
pub fn parse_results(bytes: &[u8]) -> ReadResults {
    #[derive(Deserialize)]
    struct Head {
        v: Option<Value>,
    }
    let mut out = ReadResults::default();
    let mut skipped = 0usize;
    let mut problem = |out: &mut ReadResults, line: usize, why: String| {
        if out.problems.len() < MAX_PROBLEMS {
            out.problems.push(format!("{RESULTS_FILE}:{line}: {why}"));
        } else {
            skipped += 1;
        }
    };
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let n = i + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if out.records.len() >= MAX_RECORDS {
            problem(
                &mut out,
                n,
                format!("more than {MAX_RECORDS} records; the rest is not read"),
            );
            break;
        }
        if line.len() > MAX_RECORD_BYTES {
            problem(
                &mut out,
                n,
                format!("a line longer than {MAX_RECORD_BYTES} bytes is skipped"),
            );
            continue;
        }
        let version = match serde_json::from_slice::<Head>(line) {
            Ok(Head { v: Some(v) }) => v.as_u64(),
            Ok(Head { v: None }) => None,
            Err(e) => {
                problem(&mut out, n, format!("not a JSON object: {e}"));
                continue;
            }
        };
        if version.is_none_or(|v| v < 1) {
            problem(
                &mut out,
                n,
                format!("not a results record (its \"v\" is not a version >= 1; this reader writes {SCHEMA_VERSION})"),
            );
            continue;
        }
        match serde_json::from_slice::<Record>(line) {
            Ok(record) => out.records.push(record),
            Err(e) => problem(&mut out, n, format!("not a results record: {e}")),
        }
    }
    if skipped > 0 {
        out.problems.push(format!("{RESULTS_FILE}: {skipped} more problems"));
    }
    out
}

/// The line of `record` in `results.jsonl` (no newline): its JSON with `"v"` first.
pub(crate) fn encode(record: &Record) -> String {
    let json = serde_json::to_string(record).unwrap_or_else(|_| "{}".to_owned());
    // A record always serializes as an object with at least `model_id` and `status`.
    format!("{{\"v\":{SCHEMA_VERSION},{}", json.strip_prefix('{').unwrap_or("}"))
}

/// Makes a record fit to store: long `data:` URIs and very long strings of its input elided
/// (see [`elide_input`]), and every output path checked (see [`check_path`]).
pub(crate) fn prepare(mut record: Record) -> Result<Record, Error> {
    elide_input(&mut record.input);
    for f in &record.files {
        if let Some(p) = &f.path {
            check_path(p).map_err(|why| Error::InvalidRecord {
                why: format!("output path {p:?}: {why}"),
            })?;
        }
    }
    Ok(record)
}

/// Elides from an input what would make every record of a batch megabytes long: a `data:`
/// URI longer than [`MAX_DATA_URI`] becomes `data:<type>;… (elided: N bytes)`, any other
/// string longer than [`MAX_INPUT_STRING`] keeps its first 1,000 characters plus
/// `… (cut: N bytes)`. Everything else is kept as sent.
///
/// ```
/// use runcomfy_gallery::elide_input;
/// let mut input = serde_json::json!({"image": format!("data:image/png;base64,{}", "A".repeat(5000)), "steps": 4});
/// elide_input(&mut input);
/// assert_eq!(input["image"], "data:image/png;base64,\u{2026} (elided: 5022 bytes)");
/// assert_eq!(input["steps"], 4);
/// ```
pub fn elide_input(input: &mut Value) {
    // A stack, not recursion: an input of any depth is fine.
    let mut todo = vec![input];
    while let Some(v) = todo.pop() {
        match v {
            Value::String(s) if s.starts_with("data:") && s.len() > MAX_DATA_URI => {
                let head: String = s.chars().take_while(|c| *c != ',').take(100).collect();
                *s = format!("{head},\u{2026} (elided: {} bytes)", s.len());
            }
            Value::String(s) if s.len() > MAX_INPUT_STRING => {
                let head: String = s.chars().take(1000).collect();
                *s = format!("{head}\u{2026} (cut: {} bytes)", s.len());
            }
            Value::Array(items) => todo.extend(items.iter_mut()),
            Value::Object(map) => todo.extend(map.values_mut()),
            _ => {}
        }
    }
}

/// An output path must be relative to the output folder, with `/` separators, no empty,
/// `.` or `..` segment, no backslash or control character, at most 4,096 bytes.
///
/// ```
/// use runcomfy_gallery::check_path;
/// assert!(check_path("0003-e220a839-0.png").is_ok());
/// assert!(check_path("3-job/e220a839-0.png").is_ok());
/// assert!(check_path("../secret.png").is_err());
/// assert!(check_path("/etc/passwd").is_err());
/// assert!(check_path("C:\\x.png").is_err());
/// ```
pub fn check_path(path: &str) -> Result<(), &'static str> {
    if path.is_empty() || path.len() > 4096 {
        return Err("empty or longer than 4096 bytes");
    }
    if path.starts_with('/') || path.contains('\\') {
        return Err("not a relative path with / separators");
    }
    if path.chars().any(char::is_control) {
        return Err("holds a control character");
    }
    if path.split('/').any(|seg| seg.is_empty() || seg == "." || seg == "..") {
        return Err("has an empty, . or .. segment");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{MediaKind, OutputFile, Status};

    #[test]
    fn encode_then_parse_is_the_same_record() {
        let mut r = Record::new("a/b", serde_json::json!({"prompt": "x\ny", "n": [1, 2]}), Status::Done);
        r.line = Some(3);
        r.cost = Some(0.0125);
        r.files.push(OutputFile::new(
            MediaKind::Image,
            Some("0003-abcd-0.png".into()),
            Some("https://x/0.png".into()),
        ));
        let line = encode(&r);
        assert!(line.starts_with("{\"v\":1,\"line\":3,"), "{line}");
        let back = parse_results(format!("{line}\n\n{line}\r\n").as_bytes());
        assert_eq!(back.records, vec![r.clone(), r]);
        assert!(back.problems.is_empty());
    }

    #[test]
    fn bad_lines_are_skipped_and_named() {
        let good = encode(&Record::new("a/b", Value::Null, Status::Failed));
        let text = format!(
            "not json\n{{\"model_id\":\"a/b\",\"status\":\"done\"}}\n{{\"v\":0,\"model_id\":\"a/b\",\"status\":\"done\"}}\n\
             {{\"v\":1,\"status\":\"done\"}}\n[1]\n\u{feff}\n{good}\n{{\"v\":7,\"model_id\":\"c/d\",\"status\":\"done\",\"later\":true}}"
        );
        let read = parse_results(text.as_bytes());
        assert_eq!(read.records.len(), 2, "{:?}", read.problems);
        assert_eq!(
            read.records[1].model_id, "c/d",
            "a later version is read as far as known"
        );
        assert_eq!(read.problems.len(), 6, "{:#?}", read.problems);
        assert!(read.problems[0].starts_with("results.jsonl:1: not a JSON object"));
        assert!(read.problems[3].contains(":4:") && read.problems[3].contains("model_id"));
    }

    #[test]
    fn problems_are_capped() {
        let text = "x\n".repeat(1000);
        let read = parse_results(text.as_bytes());
        assert_eq!(read.problems.len(), MAX_PROBLEMS + 1);
        assert!(read.problems.last().unwrap().contains("950 more"));
    }

    #[test]
    fn deep_and_long_inputs_are_elided_without_recursion() {
        let mut v = Value::String("data:image/png;base64,".to_owned() + &"A".repeat(3000));
        for _ in 0..100_000 {
            v = Value::Array(vec![v]);
        }
        elide_input(&mut v);
        let mut inner = &v;
        while let Value::Array(a) = inner {
            inner = &a[0];
        }
        assert!(inner.as_str().unwrap().ends_with("(elided: 3022 bytes)"));
        let mut s = serde_json::json!({"p": "é".repeat(40_000)});
        elide_input(&mut s);
        assert!(s["p"].as_str().unwrap().ends_with("(cut: 80000 bytes)"));
        // Dropping a deep Value recurses in serde_json: forget it instead, a test-only leak.
        std::mem::forget(v);
    }
}
