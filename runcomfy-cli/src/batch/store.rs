//! The batch state store: SQLite (WAL, `synchronous=FULL`: every commit survives `kill -9`),
//! one row per job keyed by its content ([`super::plan::Line::key`]), held by one process at
//! a time through a lock file.
//!
//! Rules per job:
//! * `submitting` is committed before the POST; `submitted` with the request id right after
//!   the POST answers, before waiting (plus a row in `batch_submissions`, whose `request_id`
//!   is unique: a server repeating an id is caught); `done` with the output paths and cost
//!   once the files are on disk.
//! * A rerun skips `done` jobs, re-attaches jobs with a request id, and does not send again
//!   a job left `submitting` or `outcome_unknown` (the API has no idempotency key) unless
//!   asked to.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use super::plan::{Line, Plan};
use crate::exit::{self, CliError};

/// The store's default file name, inside the output directory.
pub const STORE_FILE: &str = ".runcomfy-batch.sqlite";

/// A job's state in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Committed before the POST; no request id yet.
    Submitting,
    /// The API gave a request id; the job is not finished (or its outputs not all on disk).
    Submitted,
    /// Finished; outputs on disk.
    Done,
    /// The job ran and failed.
    Failed,
    /// The job was cancelled while queued (never ran, not charged); a rerun submits it again.
    Cancelled,
    /// The API refused the submit: no job exists; a rerun submits it again.
    Rejected,
    /// The submit may have created a job whose id is unknown (or could not be saved).
    OutcomeUnknown,
    /// The API no longer knows the request id.
    Expired,
}

impl State {
    /// The word stored.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Submitting => "submitting",
            State::Submitted => "submitted",
            State::Done => "done",
            State::Failed => "failed",
            State::Cancelled => "cancelled",
            State::Rejected => "rejected",
            State::OutcomeUnknown => "outcome_unknown",
            State::Expired => "expired",
        }
    }

    fn parse(word: &str) -> State {
        match word {
            "submitting" => State::Submitting,
            "submitted" => State::Submitted,
            "done" => State::Done,
            "failed" => State::Failed,
            "cancelled" => State::Cancelled,
            "rejected" => State::Rejected,
            "expired" => State::Expired,
            // `unknown` is what stores of earlier versions wrote.
            _ => State::OutcomeUnknown,
        }
    }
}

/// One job's row.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its state.
    pub state: State,
    /// Its request id, once known.
    pub request_id: Option<String>,
    /// Output paths, once done.
    pub outputs: Vec<String>,
    /// Its cost in USD, once done (or failed).
    pub cost: Option<f64>,
    /// The last error.
    pub error: Option<String>,
}

/// The store, held by this process.
pub struct Store {
    conn: Mutex<Connection>,
    _lock: Option<File>,
}

fn io_err(what: &str, e: impl std::fmt::Display) -> CliError {
    CliError::new(exit::IO_ERR, format!("batch state store: {what}: {e}"))
}

/// The lock file of a store: `<store>.lock`.
fn lock_path(store: &Path) -> PathBuf {
    let mut name = store.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    store.with_file_name(name)
}

/// Takes the store's lock, or says which process holds it (exit 75).
fn lock(store: &Path) -> Result<File, CliError> {
    let path = lock_path(store);
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(|e| io_err(&format!("cannot open {}", path.display()), e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            // The holder writes its pid right after it takes the lock: give it a moment.
            let mut holder = String::new();
            for _ in 0..20 {
                holder.clear();
                let _ = file.rewind();
                let _ = file.read_to_string(&mut holder);
                if !holder.trim().is_empty() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(25));
            }
            let holder = holder.trim();
            let who = if holder.is_empty() {
                "another process".to_owned()
            } else {
                format!("another runcomfy batch (pid {holder})")
            };
            return Err(CliError::new(
                exit::TEMP_FAIL,
                format!(
                    "{who} is using the batch store {}; wait for it to finish (or stop it), then run again",
                    store.display()
                ),
            ));
        }
        Err(TryLockError::Error(e)) => return Err(io_err(&format!("cannot lock {}", path.display()), e)),
    }
    // Who holds it, for the message another process prints.
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = write!(file, "{}", std::process::id());
    let _ = file.flush();
    Ok(file)
}

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS batch_jobs (
        key TEXT PRIMARY KEY,
        model_id TEXT NOT NULL,
        user_id TEXT,
        line INTEGER NOT NULL,
        state TEXT NOT NULL,
        request_id TEXT,
        outputs TEXT NOT NULL DEFAULT '[]',
        cost REAL,
        error TEXT,
        updated_at INTEGER NOT NULL DEFAULT (unixepoch())
    );
    CREATE TABLE IF NOT EXISTS batch_submissions (
        key TEXT NOT NULL,
        line INTEGER NOT NULL,
        request_id TEXT NOT NULL UNIQUE,
        submitted_at INTEGER NOT NULL DEFAULT (unixepoch()),
        PRIMARY KEY (key, request_id)
    );";

impl Store {
    /// Takes the lock, opens (or creates) the store and brings rows of stores written by
    /// earlier versions (keyed by file hash and line number) over to content keys.
    pub fn open(path: &Path, plan: &Plan) -> Result<Store, CliError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| CliError::new(exit::CANT_CREATE, format!("cannot create {}: {e}", dir.display())))?;
        }
        let lock = lock(path)?;
        let conn = Connection::open(path).map_err(|e| io_err(&format!("cannot open {}", path.display()), e))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| io_err("busy timeout", e))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| io_err("journal mode", e))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| io_err("synchronous", e))?;
        conn.execute_batch(SCHEMA).map_err(|e| io_err("schema", e))?;
        let store = Store {
            conn: Mutex::new(conn),
            _lock: Some(lock),
        };
        store.migrate_v1(plan)?;
        Ok(store)
    }

    /// Opens a store to read it (no lock: reading is safe while another process writes).
    pub fn open_read_only(path: &Path) -> Result<Store, CliError> {
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| io_err(&format!("cannot open {}", path.display()), e))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| io_err("busy timeout", e))?;
        Ok(Store {
            conn: Mutex::new(conn),
            _lock: None,
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Rows of the first store layout (`jobs`, `submissions`, keyed by file hash + line) for
    /// this very file become content-keyed rows, so upgrading mid-batch resubmits nothing.
    fn migrate_v1(&self, plan: &Plan) -> Result<(), CliError> {
        let mut conn = self.conn();
        let has_v1: bool = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'jobs'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(|e| io_err("read", e))?;
        if !has_v1 {
            return Ok(());
        }
        let tx = conn.transaction().map_err(|e| io_err("begin", e))?;
        for line in &plan.lines {
            let old: Option<(String, Option<String>, String, Option<String>)> = tx
                .query_row(
                    "SELECT state, request_id, outputs, error FROM jobs WHERE batch = ?1 AND line = ?2",
                    params![plan.legacy_hash, line.number as i64],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()
                .map_err(|e| io_err("read", e))?;
            let Some((state, request_id, outputs, error)) = old else {
                continue;
            };
            tx.execute(
                "INSERT OR IGNORE INTO batch_jobs (key, model_id, user_id, line, state, request_id, outputs, error)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    line.key,
                    line.model_id,
                    line.user_id,
                    line.number as i64,
                    State::parse(&state).as_str(),
                    request_id,
                    outputs,
                    error
                ],
            )
            .map_err(|e| io_err("write", e))?;
            tx.execute(
                "INSERT OR IGNORE INTO batch_submissions (key, line, request_id)
                 SELECT ?1, line, request_id FROM submissions WHERE batch = ?2 AND line = ?3",
                params![line.key, plan.legacy_hash, line.number as i64],
            )
            .map_err(|e| io_err("write", e))?;
        }
        tx.commit().map_err(|e| io_err("commit", e))
    }

    /// The row of job `key`, if any.
    pub fn get(&self, key: &str) -> Result<Option<Row>, CliError> {
        self.conn()
            .query_row(
                "SELECT state, request_id, outputs, cost, error FROM batch_jobs WHERE key = ?1",
                params![key],
                |r| {
                    let state: String = r.get(0)?;
                    let outputs: String = r.get(2)?;
                    Ok(Row {
                        state: State::parse(&state),
                        request_id: r.get(1)?,
                        outputs: serde_json::from_str(&outputs).unwrap_or_default(),
                        cost: r.get(3)?,
                        error: r.get(4)?,
                    })
                },
            )
            .optional()
            .map_err(|e| io_err("read", e))
    }

    /// Commits `submitting` for `line` (before its POST).
    pub fn mark_submitting(&self, line: &Line) -> Result<(), CliError> {
        self.conn()
            .execute(
                "INSERT INTO batch_jobs (key, model_id, user_id, line, state) VALUES (?1, ?2, ?3, ?4, 'submitting')
                 ON CONFLICT (key) DO UPDATE SET state = 'submitting', request_id = NULL, error = NULL,
                   cost = NULL, line = excluded.line, updated_at = unixepoch()",
                params![line.key, line.model_id, line.user_id, line.number as i64],
            )
            .map(drop)
            .map_err(|e| io_err("write", e))
    }

    /// Commits the request id of `line` (right after its POST answered).
    pub fn mark_submitted(&self, line: &Line, request_id: &str) -> Result<(), CliError> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(|e| io_err("begin", e))?;
        tx.execute(
            "UPDATE batch_jobs SET state = 'submitted', request_id = ?2, error = NULL, line = ?3,
               updated_at = unixepoch() WHERE key = ?1",
            params![line.key, request_id, line.number as i64],
        )
        .map_err(|e| io_err("write", e))?;
        tx.execute(
            "INSERT INTO batch_submissions (key, line, request_id) VALUES (?1, ?2, ?3)",
            params![line.key, line.number as i64, request_id],
        )
        .map_err(|e| io_err("write", e))?;
        tx.commit().map_err(|e| io_err("commit", e))
    }

    /// Records `request_id` (found by the user) for a job whose submit had an unknown outcome,
    /// so the run re-attaches to it. Refused for a job in any other state.
    pub fn adopt(&self, line: &Line, request_id: &str) -> Result<(), CliError> {
        let row = self.get(&line.key)?;
        match row {
            Some(Row {
                state: State::Submitting | State::OutcomeUnknown,
                request_id: None,
                ..
            }) => self.mark_submitted(line, request_id),
            other => Err(CliError::usage(format!(
                "--adopt {}={request_id}: line {} is {}, not a job whose submit had an unknown outcome",
                line.number,
                line.number,
                other.map_or("not submitted yet", |r| r.state.as_str())
            ))),
        }
    }

    /// Sets the state (and error) of job `key`.
    pub fn mark(&self, key: &str, state: State, error: Option<&str>) -> Result<(), CliError> {
        self.conn()
            .execute(
                "UPDATE batch_jobs SET state = ?2, error = ?3, updated_at = unixepoch() WHERE key = ?1",
                params![key, state.as_str(), error],
            )
            .map(drop)
            .map_err(|e| io_err("write", e))
    }

    /// Commits `done` with the output paths and the cost.
    pub fn mark_done(&self, key: &str, outputs: &[String], cost: Option<f64>) -> Result<(), CliError> {
        let outputs = serde_json::to_string(outputs).unwrap_or_else(|_| "[]".into());
        self.conn()
            .execute(
                "UPDATE batch_jobs SET state = 'done', outputs = ?2, cost = ?3, error = NULL,
                   updated_at = unixepoch() WHERE key = ?1",
                params![key, outputs, cost],
            )
            .map(drop)
            .map_err(|e| io_err("write", e))
    }

    /// The mean cost of the finished jobs of `model_id` in this store.
    pub fn mean_cost(&self, model_id: &str) -> Option<f64> {
        self.conn()
            .query_row(
                "SELECT AVG(cost) FROM batch_jobs WHERE model_id = ?1 AND state = 'done' AND cost IS NOT NULL",
                params![model_id],
                |r| r.get::<_, Option<f64>>(0),
            )
            .ok()
            .flatten()
    }
}
