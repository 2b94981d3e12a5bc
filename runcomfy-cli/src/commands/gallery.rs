//! `runcomfy gallery DIR`: `results.jsonl` and `index.html` rebuilt from what is known of the
//! folder: the batch store (every job it holds, with its state, outputs, cost and error) and
//! the files on disk, over the records of an earlier `results.jsonl` (which keep what the
//! store does not: timings, URLs, the records of `run -o DIR`, duplicate and invalid lines).

use std::path::{Path, PathBuf};

use runcomfy_gallery::{ManifestOptions, MediaKind, OutputFile, Record, Status};

use super::batch::STORE_FILE;
use super::batch::store::{FullRow, State, Store};
use crate::args::Global;
use crate::exit::{self, CliError};

/// `gallery DIR [--state PATH] [--no-gallery]`.
pub fn command(global: &Global, dir: &Path, state: Option<PathBuf>, page: bool) -> Result<(), CliError> {
    if !dir.is_dir() {
        return Err(CliError::no_input(format!("{} is not a folder", dir.display())));
    }
    let mut records = Vec::new();
    if dir.join(runcomfy_gallery::RESULTS_FILE).exists() {
        let read = runcomfy_gallery::read_results(dir).map_err(|e| CliError::data(e.to_string()))?;
        for p in &read.problems {
            global.note(&format!("warning: {p}"));
        }
        records = read.records;
    }
    let store_path = state.unwrap_or_else(|| dir.join(STORE_FILE));
    let from_store = if store_path.exists() {
        let store = Store::open_read_only(&store_path)?;
        let rows = store.rows()?;
        let n = rows.len();
        for row in rows {
            let record = record_of(dir, &row, &records);
            match records.iter_mut().find(|r| r.line == record.line) {
                Some(slot) => *slot = record,
                None => records.push(record),
            }
        }
        n
    } else {
        0
    };
    if records.is_empty() {
        return Err(CliError::no_input(format!(
            "{} holds no results.jsonl and no batch store (pass --state PATH if the store is elsewhere)",
            dir.display()
        )));
    }
    let count = records.len();
    runcomfy_gallery::rebuild(dir, records, ManifestOptions::default().page(page)).map_err(|e| match e {
        runcomfy_gallery::Error::Locked { .. } => CliError::new(exit::TEMP_FAIL, e.to_string()),
        runcomfy_gallery::Error::InvalidRecord { .. } => CliError::data(e.to_string()),
        other => CliError::new(exit::CANT_CREATE, other.to_string()),
    })?;
    let results = dir.join(runcomfy_gallery::RESULTS_FILE);
    let index = dir.join(runcomfy_gallery::PAGE_FILE);
    if global.json {
        crate::view::json(&serde_json::json!({
            "jobs": count,
            "from_store": from_store,
            "results": results,
            "page": page.then_some(&index),
        }));
    } else {
        outln!("{}", crate::text::line(&results.display().to_string()));
        if page {
            outln!("{}", crate::text::line(&index.display().to_string()));
        }
        global.note(&format!("gallery: {count} job(s), {from_store} from the batch store"));
    }
    Ok(())
}

/// A store row as a record; what the store does not keep (timings, URLs, the input of a
/// store written before the gallery) comes from the earlier record of the same job.
fn record_of(dir: &Path, row: &FullRow, earlier: &[Record]) -> Record {
    let line = u64::try_from(row.line).ok();
    let before = earlier
        .iter()
        .find(|r| r.line == line && r.request_id == row.row.request_id);
    let input = row
        .input
        .clone()
        .or_else(|| before.map(|r| r.input.clone()))
        .unwrap_or(serde_json::Value::Null);
    let status = match row.row.state {
        State::Done => Status::Done,
        State::Failed => Status::Failed,
        State::Cancelled => Status::Cancelled,
        State::Rejected => Status::Rejected,
        State::Submitting | State::OutcomeUnknown => Status::OutcomeUnknown,
        State::Submitted if row.row.error.is_some() && before.is_some_and(|b| b.status == Status::DownloadFailed) => {
            Status::DownloadFailed
        }
        State::Submitted => Status::Waiting,
        State::Expired => Status::NotFound,
    };
    let mut record = Record::new(row.model_id.clone(), input, status.clone());
    record.line = line;
    record.id = row.user_id.clone();
    record.request_id = row.row.request_id.clone();
    record.cost = row.row.cost;
    if let Some(b) = before {
        record.submitted_at = b.submitted_at.clone();
        record.started_at = b.started_at.clone();
        record.finished_at = b.finished_at.clone();
    }
    record.files = row
        .row
        .outputs
        .iter()
        .filter_map(|p| {
            let path = Path::new(p);
            let relative = path.strip_prefix(dir).unwrap_or(path).to_str()?.replace('\\', "/");
            // Only files that are there, inside the folder.
            runcomfy_gallery::check_path(&relative).ok()?;
            if !dir.join(&relative).is_file() {
                return None;
            }
            let known = before.and_then(|b| b.files.iter().find(|f| f.path.as_deref() == Some(relative.as_str())));
            let mut file = OutputFile::new(
                MediaKind::from_path(&relative),
                Some(relative.clone()),
                known.and_then(|f| f.url.clone()),
            );
            file.bytes = std::fs::metadata(dir.join(&relative)).ok().map(|m| m.len());
            Some(file)
        })
        .collect();
    if status != Status::Done {
        let message = row.row.error.clone().unwrap_or_else(|| status.advice().to_owned());
        let kind = before
            .and_then(|b| b.error.as_ref().map(|e| e.kind.clone()))
            .unwrap_or_else(|| status.as_str().to_owned());
        record.error = Some(runcomfy_gallery::JobError::new(kind, message));
    }
    record
}
