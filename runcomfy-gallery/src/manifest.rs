//! The manifest of an output folder, kept while jobs end: records in memory, both files
//! rewritten by a background writer.
//!
//! [`Manifest::upsert`] costs the caller one serialization of the record (microseconds) and
//! never touches the disk. A writer thread rewrites `results.jsonl` and `index.html` whole
//! and atomically, at most once per `max(min_interval, 4 x the last write's duration)`: a
//! burst of job ends is one write, a 5,000-record folder is not rewritten 5,000 times, and
//! writing takes at most about a fifth of one core whatever the folder's size. The files lag
//! the last job end by at most that interval; [`Manifest::flush`] writes now.
//!
//! One process at a time keeps a folder's manifest: [`Manifest::open`] takes an exclusive
//! lock on `OUT/.runcomfy-gallery.lock` (released when the manifest is dropped), so two runs
//! into one folder never drop each other's records.

use std::collections::HashMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use crate::page::{PageFrame, script_json};
use crate::record::Record;
use crate::results::{RESULTS_FILE, encode, prepare, read_results};
use crate::{Error, files};

/// The gallery's file name inside the output folder.
pub const PAGE_FILE: &str = "index.html";
/// The lock file taken by [`Manifest::open`] and [`rebuild`].
pub const LOCK_FILE: &str = ".runcomfy-gallery.lock";

/// How a [`Manifest`] writes.
#[derive(Debug, Clone)]
pub struct ManifestOptions {
    /// Write `index.html` too (default). `false` for `--no-gallery`: only `results.jsonl` is
    /// written, and an existing page is left as it is.
    pub page: bool,
    /// The page's title. Default: the output folder's name.
    pub title: Option<String>,
    /// The least time between two writes (default 1 s). A write also waits 4 times as long
    /// as the previous one took.
    pub min_interval: Duration,
}

impl Default for ManifestOptions {
    fn default() -> Self {
        ManifestOptions {
            page: true,
            title: None,
            min_interval: Duration::from_secs(1),
        }
    }
}

impl ManifestOptions {
    /// Turns the page on or off.
    pub fn page(mut self, yes: bool) -> Self {
        self.page = yes;
        self
    }

    /// Sets the page's title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets the least time between two writes.
    pub fn min_interval(mut self, d: Duration) -> Self {
        self.min_interval = d;
        self
    }
}

/// What a job is known by in the manifest: a record with the same key replaces the earlier
/// one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// A batch line.
    Line(u64),
    /// A job without a line, by its request id.
    Request(String),
    /// A job without a line or request id, by its user id.
    Id(String),
    /// Neither: every such record is its own job.
    Anonymous(u64),
}

/// A stored record and its two encodings, made once when it is stored.
#[derive(Debug)]
struct Entry {
    record: Record,
    /// Its line of `results.jsonl` (no newline).
    line: String,
    /// The same, escaped for the page's data block.
    page: String,
    /// When it was first stored, for the order of records without a line.
    seq: u64,
}

/// A record with its encodings, made before taking the lock.
struct Encoded {
    record: Record,
    line: String,
    page: String,
}

impl Encoded {
    fn new(record: Record) -> Encoded {
        let line = encode(&record);
        let page = script_json(&line);
        Encoded { record, line, page }
    }
}

/// The records, and what the writer has done.
struct State {
    entries: HashMap<Key, Arc<Entry>>,
    next_seq: u64,
    /// Bumped by every change.
    version: u64,
    /// The version on disk.
    written: u64,
    /// A flush waits: write without waiting for the interval.
    urgent: bool,
    closing: bool,
    /// The writer thread has ended (closing, or a panic): nobody waits for it any more.
    stopped: bool,
    last_error: Option<Error>,
    last_write: Option<(Instant, Duration)>,
    writes: u64,
}

struct Shared {
    dir: PathBuf,
    options: ManifestOptions,
    frame: Option<PageFrame>,
    state: Mutex<State>,
    /// Signals the writer: a change, a flush, closing.
    wake: Condvar,
    /// Signals flushers: a write ended.
    wrote: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves consistent data (every change is one insert).
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The manifest of one output folder: `results.jsonl` and `index.html`, kept up to date by a
/// background writer as records are stored.
///
/// [`Manifest::upsert`] costs the caller one serialization of the record (microseconds) and
/// never touches the disk. A writer thread rewrites both files whole and atomically, at most
/// once per `max(min_interval, 4 x the last write's duration)`: a burst of job ends is one
/// write, and writing takes at most about a fifth of one core whatever the folder's size. The
/// files lag the last stored record by at most that interval; [`Manifest::flush`] writes now.
/// One manifest per folder at a time: [`Manifest::open`] takes an exclusive lock on
/// `OUT/.runcomfy-gallery.lock`, released when the manifest is closed or dropped.
///
/// ```
/// use runcomfy_gallery::{Manifest, ManifestOptions, Record, Status};
/// let out = tempfile::tempdir()?;
/// let manifest = Manifest::open(out.path(), ManifestOptions::default())?;
/// let mut record = Record::new("blackforestlabs/flux-1-schnell/text-to-image",
///     serde_json::json!({"prompt": "a red fox"}), Status::Done);
/// record.line = Some(1);
/// manifest.upsert(record)?;       // after each job: cheap, no disk access
/// manifest.flush()?;              // at the end (dropping the manifest flushes too)
/// assert!(out.path().join("results.jsonl").is_file() && out.path().join("index.html").is_file());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Manifest {
    shared: Arc<Shared>,
    writer: Option<JoinHandle<()>>,
    _lock: File,
}

impl std::fmt::Debug for Manifest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Manifest")
            .field("dir", &self.shared.dir)
            .field("records", &self.shared.lock().entries.len())
            .finish_non_exhaustive()
    }
}

impl Manifest {
    /// Opens the manifest of `out_dir` (created if missing): takes the folder's lock, reads
    /// the records of an existing `results.jsonl` (see [`crate::read_results`]; its skipped
    /// lines are given by [`Manifest::open_with_problems`]), and starts the writer. Nothing is written until a
    /// record is stored or [`Manifest::flush`] is called.
    ///
    /// Errors: the folder cannot be created, another process holds its lock
    /// ([`Error::Locked`]), or `results.jsonl` cannot be read (not a regular file, too large).
    pub fn open(out_dir: &Path, options: ManifestOptions) -> Result<Manifest, Error> {
        Self::start(out_dir, options, true).map(|(m, _)| m)
    }

    /// Like [`Manifest::open`], also returning the problems of the existing file.
    pub fn open_with_problems(out_dir: &Path, options: ManifestOptions) -> Result<(Manifest, Vec<String>), Error> {
        Self::start(out_dir, options, true)
    }

    fn start(out_dir: &Path, options: ManifestOptions, read: bool) -> Result<(Manifest, Vec<String>), Error> {
        std::fs::create_dir_all(out_dir).map_err(|e| Error::io("cannot create", out_dir, e))?;
        let lock = take_lock(out_dir)?;
        let existing = if read {
            read_results(out_dir)?
        } else {
            Default::default()
        };
        let frame = options.page.then(|| PageFrame::new(&title_of(out_dir, &options)));
        let mut state = State {
            entries: HashMap::new(),
            next_seq: 0,
            version: 0,
            written: 0,
            urgent: false,
            closing: false,
            stopped: false,
            last_error: None,
            last_write: None,
            writes: 0,
        };
        for record in existing.records {
            // Records read back were checked when stored; a hand-edited bad one is dropped.
            if let Ok(record) = prepare(record) {
                insert(&mut state, Encoded::new(record));
            }
        }
        state.written = state.version;
        let shared = Arc::new(Shared {
            dir: out_dir.to_owned(),
            options,
            frame,
            state: Mutex::new(state),
            wake: Condvar::new(),
            wrote: Condvar::new(),
        });
        let writer = {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name("runcomfy-gallery-writer".into())
                .spawn(move || writer(&shared))
                .map_err(|e| Error::io("cannot start the writer thread for", out_dir, e))?
        };
        Ok((
            Manifest {
                shared,
                writer: Some(writer),
                _lock: lock,
            },
            existing.problems,
        ))
    }

    /// Stores `record`, replacing the earlier record of the same job: the same batch line;
    /// without a line, the same request id; without either, the same user id. A record with
    /// none of them is always a new job. The files are rewritten by the writer shortly after.
    ///
    /// The input's long `data:` URIs and very long strings are elided
    /// ([`crate::elide_input`]). Errors (nothing stored): an output path that is not a
    /// relative path inside the folder ([`crate::check_path`]).
    pub fn upsert(&self, record: Record) -> Result<(), Error> {
        // Encoded here, outside the lock and outside the writer.
        let encoded = Encoded::new(prepare(record)?);
        let mut st = self.shared.lock();
        insert(&mut st, encoded);
        drop(st);
        self.shared.wake.notify_one();
        Ok(())
    }

    /// Writes every stored record now (both files, atomically), waiting until they are on
    /// disk. Also writes the files of an empty manifest, so that a folder always has a page.
    /// Returns the error of that write, if it failed.
    pub fn flush(&self) -> Result<(), Error> {
        let mut st = self.shared.lock();
        if st.version == st.written && st.writes == 0 {
            // Never written: write what was read (or nothing), once.
            st.version += 1;
        }
        let target = st.version;
        st.urgent = true;
        self.shared.wake.notify_one();
        while st.written < target && !st.stopped {
            st = self.shared.wrote.wait(st).unwrap_or_else(|p| p.into_inner());
        }
        match &st.last_error {
            Some(e) if st.written >= target => Err(e.clone()),
            _ => Ok(()),
        }
    }

    /// The stored records: batch lines in line order, then the other jobs in the order they
    /// were first stored.
    pub fn records(&self) -> Vec<Record> {
        sorted(&self.shared.lock())
            .into_iter()
            .map(|e| e.record.clone())
            .collect()
    }

    /// How many records are stored.
    pub fn len(&self) -> usize {
        self.shared.lock().entries.len()
    }

    /// No record stored?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The error of the last write, if it failed (a later successful write clears it).
    pub fn last_error(&self) -> Option<Error> {
        self.shared.lock().last_error.clone()
    }

    /// How many times the files were written, for tests and benchmarks.
    pub fn writes(&self) -> u64 {
        self.shared.lock().writes
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        &self.shared.dir
    }

    /// Flushes, stops the writer and releases the folder's lock; returns the last write's
    /// error. Dropping the manifest does the same and drops the error.
    pub fn close(mut self) -> Result<(), Error> {
        let result = self.flush();
        self.stop();
        result
    }

    fn stop(&mut self) {
        {
            let mut st = self.shared.lock();
            st.closing = true;
        }
        self.shared.wake.notify_one();
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
    }
}

impl Drop for Manifest {
    fn drop(&mut self) {
        if self.writer.is_some() {
            // The writer writes pending records before it stops.
            self.stop();
        }
    }
}

/// Regenerates `results.jsonl` and `index.html` of `out_dir` from `records` (replacing both;
/// the records of an existing `results.jsonl` are not kept: pass them if they should be).
/// Takes the folder's lock like [`Manifest::open`]. For `runcomfy gallery OUT`, with records
/// made from the batch store and the files on disk, or from [`crate::read_results`].
///
/// Records are keyed as by [`Manifest::upsert`] (a later one replaces an earlier one of the
/// same job); one with a bad output path is an error and nothing is written.
pub fn rebuild(
    out_dir: &Path,
    records: impl IntoIterator<Item = Record>,
    options: ManifestOptions,
) -> Result<(), Error> {
    // Every record checked before anything is written.
    let encoded = records
        .into_iter()
        .map(|r| prepare(r).map(Encoded::new))
        .collect::<Result<Vec<_>, Error>>()?;
    let (manifest, _) = Manifest::start(out_dir, options, false)?;
    let mut st = manifest.shared.lock();
    for e in encoded {
        insert(&mut st, e);
    }
    drop(st);
    manifest.close()
}

fn take_lock(dir: &Path) -> Result<File, Error> {
    let path = dir.join(LOCK_FILE);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io("cannot open", &path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(Error::Locked { path }),
        Err(TryLockError::Error(e)) => Err(Error::io("cannot lock", &path, e)),
    }
}

fn title_of(dir: &Path, options: &ManifestOptions) -> String {
    options.title.clone().unwrap_or_else(|| {
        let name = std::path::absolute(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "results".to_owned());
        format!("{name} \u{2014} runcomfy results")
    })
}

fn key_of(record: &Record, st: &mut State) -> Key {
    if let Some(line) = record.line {
        Key::Line(line)
    } else if let Some(id) = &record.request_id {
        Key::Request(id.clone())
    } else if let Some(id) = &record.id {
        Key::Id(id.clone())
    } else {
        st.next_seq += 1;
        Key::Anonymous(st.next_seq)
    }
}

fn insert(st: &mut State, e: Encoded) {
    let key = key_of(&e.record, st);
    let seq = match st.entries.get(&key) {
        Some(old) => old.seq,
        None => {
            st.next_seq += 1;
            st.next_seq
        }
    };
    let entry = Entry {
        record: e.record,
        line: e.line,
        page: e.page,
        seq,
    };
    st.entries.insert(key, Arc::new(entry));
    st.version += 1;
}

/// The entries in file order: lines first, by number; then the rest by first storing.
fn sorted(st: &State) -> Vec<Arc<Entry>> {
    let mut all: Vec<Arc<Entry>> = st.entries.values().cloned().collect();
    all.sort_by_key(|e| (e.record.line.is_none(), e.record.line.unwrap_or(0), e.seq));
    all
}

/// The writer thread: waits for a change, for the interval, then writes a snapshot.
fn writer(shared: &Shared) {
    /// Marks the writer stopped however it ends, so that no flush waits for it forever.
    struct Stopped<'a>(&'a Shared);
    impl Drop for Stopped<'_> {
        fn drop(&mut self) {
            self.0.lock().stopped = true;
            self.0.wrote.notify_all();
        }
    }
    let _stopped = Stopped(shared);
    let mut st = shared.lock();
    loop {
        while st.version == st.written && !st.closing {
            st = shared.wake.wait(st).unwrap_or_else(|p| p.into_inner());
        }
        if st.version == st.written {
            break; // closing, nothing left
        }
        // The interval since the last write; a flush or closing does not wait.
        if let Some((at, took)) = st.last_write {
            let due = at + shared.options.min_interval.max(took * 4);
            while !st.urgent && !st.closing {
                let now = Instant::now();
                if now >= due {
                    break;
                }
                st = shared
                    .wake
                    .wait_timeout(st, due - now)
                    .unwrap_or_else(|p| p.into_inner())
                    .0;
            }
        }
        let version = st.version;
        let snapshot = sorted(&st);
        st.urgent = false;
        drop(st);
        let started = Instant::now();
        let result = write_files(shared, &snapshot);
        let took = started.elapsed();
        st = shared.lock();
        st.written = version;
        st.writes += 1;
        st.last_write = Some((Instant::now(), took));
        st.last_error = result.err();
        shared.wrote.notify_all();
    }
}

fn write_files(shared: &Shared, entries: &[Arc<Entry>]) -> Result<(), Error> {
    let mut jsonl: Vec<&[u8]> = Vec::with_capacity(entries.len() * 2);
    for e in entries {
        jsonl.push(e.line.as_bytes());
        jsonl.push(b"\n");
    }
    files::replace(&shared.dir, RESULTS_FILE, &jsonl)?;
    if let Some(frame) = &shared.frame {
        let now = rfc3339(SystemTime::now());
        let records: Vec<&str> = entries.iter().map(|e| e.page.as_str()).collect();
        files::replace(&shared.dir, PAGE_FILE, &frame.parts(&now, &records))?;
    }
    Ok(())
}

/// `t` as RFC 3339 UTC with seconds (`2026-05-09T07:29:33Z`).
pub(crate) fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_dates() {
        assert_eq!(rfc3339(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_709_210_096);
        assert_eq!(rfc3339(t), "2024-02-29T12:34:56Z");
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(4_102_444_799);
        assert_eq!(rfc3339(t), "2099-12-31T23:59:59Z");
    }
}
