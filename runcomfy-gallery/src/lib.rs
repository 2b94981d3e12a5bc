//! What a RunComfy run leaves behind in its output folder: `results.jsonl`, one versioned
//! record per job (the input as sent, request id, status, cost, timings, files, error), and
//! `index.html`, a static gallery of those jobs that works from `file://`, offline.
//!
//! * [`Manifest`]: the folder's manifest while jobs end: [`Manifest::upsert`] after each job
//!   (cheap: the files are rewritten by a background writer, atomically, debounced),
//!   [`Manifest::flush`] or [`Manifest::close`] at the end.
//! * [`rebuild`]: both files regenerated from records the caller has.
//! * [`read_results`]: the records of a folder, read back (tolerant, bounded).
//! * [`output_file_name`]: readable output file names, `<line or id>-<short request id>-<n>.<ext>`.
//!
//! The record format is in the crate README ("results.jsonl, version 1").
#![forbid(unsafe_code)]

mod files;
mod manifest;
mod names;
mod page;
mod record;
mod results;

use std::path::{Path, PathBuf};

pub use manifest::{LOCK_FILE, Manifest, ManifestOptions, PAGE_FILE, rebuild};
pub use names::{JobLabel, extension, file_stem, output_file_name, short_request_id};
pub use page::script_json;
pub use record::{JobError, MediaKind, OutputFile, PROMPT_KEYS, Record, SCHEMA_VERSION, STATUSES, Status, Violation};
pub use results::{
    MAX_DATA_URI, MAX_INPUT_STRING, MAX_RECORD_BYTES, MAX_RECORDS, MAX_RESULTS_BYTES, RESULTS_FILE, ReadResults,
    check_path, elide_input, parse_results, read_results,
};

/// What can go wrong reading or writing an output folder's manifest.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{what} {}: {message}", path.display())]
    Io {
        /// What was being done.
        what: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The system's message.
        message: String,
        /// The system's error kind.
        kind: std::io::ErrorKind,
    },
    /// `results.jsonl` (or another file read) is not a regular file.
    #[error("{} is not a regular file", path.display())]
    NotAFile {
        /// The file.
        path: PathBuf,
    },
    /// A file read is larger than its cap.
    #[error("{} is larger than {max} bytes", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The cap.
        max: u64,
    },
    /// Another process (or another manifest in this one) keeps this folder's manifest.
    #[error(
        "{} is locked: another runcomfy process is writing results into this folder; wait for it to end",
        path.display()
    )]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
    /// A record that cannot be stored (an output path outside the folder, ...).
    #[error("invalid results record: {why}")]
    InvalidRecord {
        /// Why.
        why: String,
    },
}

impl Error {
    pub(crate) fn io(what: &'static str, path: &Path, e: std::io::Error) -> Error {
        Error::Io {
            what,
            path: path.to_owned(),
            message: e.to_string(),
            kind: e.kind(),
        }
    }
}
