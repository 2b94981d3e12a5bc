//! The batch state store: SQLite (WAL, `synchronous=FULL`: every commit survives `kill -9`),
//! one row per job keyed by its content ([`super::plan::Line::key`]), held by one process at
//! a time through an OS lock on the store file itself (deleting a file cannot defeat it: a
//! store made anew next to job folders is refused, see [`Store::open`]).
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
use std::io::Read as _;
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

/// The file naming the process that holds a store: `<store>.lock` (for messages only; the
/// lock itself is on the store file).
fn pid_path(store: &Path) -> PathBuf {
    let mut name = store.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    store.with_file_name(name)
}

/// Takes the lock on the store file (created empty when missing: SQLite takes an empty file
/// as a new database), or says which process holds it (exit 75).
fn lock(store: &Path) -> Result<File, CliError> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(store)
        .map_err(|e| io_err(&format!("cannot open {}", store.display()), e))?;
    let meta = file
        .metadata()
        .map_err(|e| io_err(&format!("cannot read {}", store.display()), e))?;
    if !meta.is_file() {
        return Err(io_err(
            &format!("{} is not a regular file", store.display()),
            "a batch store is a SQLite file",
        ));
    }
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            // The holder writes its pid right after it takes the lock: give it a moment.
            let mut holder = String::new();
            for _ in 0..20 {
                holder = std::fs::File::open(pid_path(store))
                    .and_then(|f| {
                        let mut s = String::new();
                        f.take(32).read_to_string(&mut s).map(|_| s)
                    })
                    .unwrap_or_default();
                if holder.trim().parse::<u32>().is_ok() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(25));
            }
            let who = match holder.trim().parse::<u32>() {
                Ok(pid) => format!("another runcomfy batch (pid {pid})"),
                Err(_) => "another process".to_owned(),
            };
            return Err(CliError::new(
                exit::TEMP_FAIL,
                format!(
                    "{who} is using the batch store {}; wait for it to finish (or stop it), then run again",
                    store.display()
                ),
            ));
        }
        Err(TryLockError::Error(e)) => return Err(io_err(&format!("cannot lock {}", store.display()), e)),
    }
    // Who holds it, for the message another process prints.
    let pid = pid_path(store);
    let _ = std::fs::write(&pid, std::process::id().to_string());
    Ok(file)
}

/// Whether `dir` holds what an earlier batch run leaves: a job folder (a directory whose name
/// is `<line or id>-<request id>` holding a file) or a results manifest.
pub fn holds_job_outputs(dir: &Path) -> bool {
    if dir.join("results.jsonl").is_file() {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().take(10_000).any(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        let job_like = name
            .split_once('-')
            .is_some_and(|(label, id)| !label.is_empty() && id.len() >= 8 && !name.starts_with('.'));
        job_like
            && e.file_type().is_ok_and(|t| t.is_dir())
            && std::fs::read_dir(e.path())
                .is_ok_and(|mut inner| inner.any(|f| f.is_ok_and(|f| f.file_type().is_ok_and(|t| t.is_file()))))
    })
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

/// Stores written before the gallery have no `input` column: add it (the input as sent, for
/// `runcomfy gallery`).
fn add_input_column(conn: &Connection) -> rusqlite::Result<()> {
    if !has_input_column(conn) {
        conn.execute_batch("ALTER TABLE batch_jobs ADD COLUMN input TEXT")?;
    }
    Ok(())
}

/// Records that `line`'s job has `request_id`: its row `submitted`, and the submission. A
/// request id recorded before is a UNIQUE violation the caller reports (a server repeating
/// ids), unless `adopting` and it was recorded for this very job.
fn record_submitted(
    tx: &rusqlite::Transaction<'_>,
    line: &Line,
    request_id: &str,
    adopting: bool,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE batch_jobs SET state = 'submitted', request_id = ?2, error = NULL, line = ?3,
           updated_at = unixepoch() WHERE key = ?1",
        params![line.key, request_id, line.number as i64],
    )?;
    let insert = if adopting {
        "INSERT INTO batch_submissions (key, line, request_id) VALUES (?1, ?2, ?3)
         ON CONFLICT (key, request_id) DO NOTHING"
    } else {
        "INSERT INTO batch_submissions (key, line, request_id) VALUES (?1, ?2, ?3)"
    };
    tx.execute(insert, params![line.key, line.number as i64, request_id])?;
    Ok(())
}

/// Whether `batch_jobs` has the `input` column (a read-only store of an older version may not).
fn has_input_column(conn: &Connection) -> bool {
    conn.query_row(
        "SELECT COUNT(*) FROM pragma_table_info('batch_jobs') WHERE name = 'input'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .is_ok_and(|n| n > 0)
}

/// A job's row with what `runcomfy gallery` needs of it.
#[derive(Debug, Clone)]
pub struct FullRow {
    /// The line it was last run from.
    pub line: i64,
    /// The user's id.
    pub user_id: Option<String>,
    /// The model id.
    pub model_id: String,
    /// The input as sent, when recorded (stores written before the gallery have none).
    pub input: Option<serde_json::Value>,
    /// State, request id, outputs, cost, error.
    pub row: Row,
}

impl Store {
    /// Takes the lock, opens (or creates) the store and brings rows of stores written by
    /// earlier versions (keyed by file hash and line number) over to content keys.
    ///
    /// Fails closed: a store that is empty (or new) or unreadable while `output_dir` holds
    /// job folders of an earlier run is refused (exit 74), since starting over could pay
    /// again for finished jobs; `new_store` allows it (an unreadable file is moved aside).
    pub fn open(path: &Path, plan: &Plan, output_dir: &Path, new_store: bool) -> Result<Store, CliError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| CliError::new(exit::CANT_CREATE, format!("cannot create {}: {e}", dir.display())))?;
        }
        let earlier_outputs = holds_job_outputs(output_dir);
        let held = lock(path)?;
        match Store::connect(path, held) {
            Ok(store) => {
                if earlier_outputs && !new_store && store.is_empty()? {
                    return Err(io_err(
                        &format!("{} is new or empty", path.display()),
                        format!(
                            "{} holds the outputs of an earlier batch run, whose store is gone; a new store would \
                             run finished jobs again. Point --state at the earlier store, or pass --new-store to \
                             start over",
                            output_dir.display()
                        ),
                    ));
                }
                store.migrate_v1(plan)?;
                Ok(store)
            }
            Err(e) if new_store => {
                let aside = path.with_extension(format!(
                    "unreadable-{}",
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_secs())
                        .unwrap_or(0)
                ));
                std::fs::rename(path, &aside).map_err(|r| io_err(&format!("{e}; cannot move it aside"), r))?;
                eprintln!(
                    "batch: the store {} could not be read ({}); moved to {} (--new-store)",
                    path.display(),
                    e.message,
                    aside.display()
                );
                let held = lock(path)?;
                let store = Store::connect(path, held)?;
                store.migrate_v1(plan)?;
                Ok(store)
            }
            Err(e) => Err(CliError::new(
                exit::IO_ERR,
                format!(
                    "{}; nothing was submitted. Repair or move the file, or pass --new-store to start a new store{}",
                    e.message,
                    if earlier_outputs {
                        " (finished jobs may then run again)"
                    } else {
                        ""
                    }
                ),
            )),
        }
    }

    /// Opens the store file under `lock` and makes sure it is a batch store.
    fn connect(path: &Path, lock: File) -> Result<Store, CliError> {
        let conn = Connection::open(path).map_err(|e| io_err(&format!("cannot open {}", path.display()), e))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| io_err("busy timeout", e))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| io_err(&format!("{} is not a batch store", path.display()), e))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| io_err("synchronous", e))?;
        conn.execute_batch(SCHEMA)
            .map_err(|e| io_err(&format!("{} is not a batch store", path.display()), e))?;
        add_input_column(&conn).map_err(|e| io_err("schema", e))?;
        Ok(Store {
            conn: Mutex::new(conn),
            _lock: Some(lock),
        })
    }

    /// No job rows (of this layout or the first one).
    fn is_empty(&self) -> Result<bool, CliError> {
        let conn = self.conn();
        let rows: i64 = conn
            .query_row(
                "SELECT (SELECT COUNT(*) FROM batch_jobs)
                      + (SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'jobs')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| io_err("read", e))?;
        Ok(rows == 0)
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
                "INSERT INTO batch_jobs (key, model_id, user_id, line, state, input)
                   VALUES (?1, ?2, ?3, ?4, 'submitting', ?5)
                 ON CONFLICT (key) DO UPDATE SET state = 'submitting', request_id = NULL, error = NULL,
                   cost = NULL, line = excluded.line, input = excluded.input, updated_at = unixepoch()",
                params![
                    line.key,
                    line.model_id,
                    line.user_id,
                    line.number as i64,
                    line.input.to_string()
                ],
            )
            .map(drop)
            .map_err(|e| io_err("write", e))
    }

    /// Commits the request id of `line` (right after its POST answered).
    pub fn mark_submitted(&self, line: &Line, request_id: &str) -> Result<(), CliError> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(|e| io_err("begin", e))?;
        record_submitted(&tx, line, request_id, false).map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ConstraintViolation) => CliError::new(
                exit::IO_ERR,
                format!(
                    "the API answered request id {request_id} for line {}, but the store already holds it for \
                     another job (a server repeating ids?)",
                    line.number
                ),
            ),
            _ => io_err("write", e),
        })?;
        tx.commit().map_err(|e| io_err("commit", e))
    }

    /// Records the request ids (found by the user) of jobs whose submit had an unknown
    /// outcome, so the run re-attaches to them. Every pair is checked before any is written:
    /// the job's submit must have had an unknown outcome, and the request id must belong to
    /// no other job (exit 64 naming each problem; nothing is written).
    pub fn adopt_all(&self, pairs: &[(&Line, &str)]) -> Result<(), CliError> {
        let mut problems = Vec::new();
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (line, request_id) in pairs {
            if let Some(other) = seen.insert(request_id, line.number) {
                problems.push(format!(
                    "--adopt {}={request_id}: the same request id is given for line {other}",
                    line.number
                ));
            }
            match self.get(&line.key)? {
                Some(Row {
                    state: State::Submitting | State::OutcomeUnknown,
                    request_id: None,
                    ..
                }) => {}
                other => problems.push(format!(
                    "--adopt {n}={request_id}: line {n} is {}, not a job whose submit had an unknown outcome",
                    other.map_or("not submitted yet", |r| r.state.as_str()),
                    n = line.number
                )),
            }
            if let Some(owner) = self.owner_of(request_id)?
                && owner != line.key
            {
                let owner_line = self.line_of(&owner)?;
                problems.push(format!(
                    "--adopt {}={request_id}: request {request_id} already belongs to {}",
                    line.number,
                    owner_line.map_or_else(|| "another job of this store".to_owned(), |n| format!("line {n}"))
                ));
            }
        }
        if !problems.is_empty() {
            return Err(CliError::usage(format!(
                "nothing was adopted:\n{}",
                problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
            )));
        }
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(|e| io_err("begin", e))?;
        for (line, request_id) in pairs {
            record_submitted(&tx, line, request_id, true).map_err(|e| io_err("write", e))?;
        }
        tx.commit().map_err(|e| io_err("commit", e))
    }

    /// The job (key) a request id was recorded for, if any.
    fn owner_of(&self, request_id: &str) -> Result<Option<String>, CliError> {
        self.conn()
            .query_row(
                "SELECT key FROM batch_submissions WHERE request_id = ?1
                 UNION SELECT key FROM batch_jobs WHERE request_id = ?1 LIMIT 1",
                params![request_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| io_err("read", e))
    }

    /// The line number last recorded for job `key`.
    fn line_of(&self, key: &str) -> Result<Option<i64>, CliError> {
        self.conn()
            .query_row("SELECT line FROM batch_jobs WHERE key = ?1", params![key], |r| r.get(0))
            .optional()
            .map_err(|e| io_err("read", e))
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

    /// Every job of the store, by line (for `runcomfy gallery`).
    pub fn rows(&self) -> Result<Vec<FullRow>, CliError> {
        let conn = self.conn();
        let has_input = has_input_column(&conn);
        let sql = if has_input {
            "SELECT line, user_id, model_id, state, request_id, outputs, cost, error, input FROM batch_jobs ORDER BY line"
        } else {
            "SELECT line, user_id, model_id, state, request_id, outputs, cost, error, NULL FROM batch_jobs ORDER BY line"
        };
        let mut stmt = conn.prepare(sql).map_err(|e| io_err("read", e))?;
        let rows = stmt
            .query_map([], |r| {
                let state: String = r.get(3)?;
                let outputs: String = r.get(5)?;
                let input: Option<String> = r.get(8)?;
                Ok(FullRow {
                    line: r.get(0)?,
                    user_id: r.get(1)?,
                    model_id: r.get(2)?,
                    input: input.and_then(|i| serde_json::from_str(&i).ok()),
                    row: Row {
                        state: State::parse(&state),
                        request_id: r.get(4)?,
                        outputs: serde_json::from_str(&outputs).unwrap_or_default(),
                        cost: r.get(6)?,
                        error: r.get(7)?,
                    },
                })
            })
            .map_err(|e| io_err("read", e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| io_err("read", e))
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
