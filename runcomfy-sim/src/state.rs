//! Simulated jobs that outlive the process: [`crate::SimConfig::state_file`].
//!
//! The file is the jobs' shared truth. Every API call that looks at jobs takes an exclusive
//! lock (`<file>.lock`, an OS file lock, so a process that dies releases it), reads the file
//! again if another process changed it since, brings the queue up to the simulated time,
//! acts, and writes the file back if anything changed (a temporary file in the same folder,
//! then a rename: a reader never sees half a file). So processes running at once see each
//! other's jobs and never lose one, and a job submitted by one process can be followed,
//! fetched and cancelled by the next; its outputs are decided at submit and kept in the file,
//! so any process renders the same bytes.
//!
//! # Time
//!
//! The file holds the simulated timeline: the wall-clock time of simulated time zero (what
//! `created_at`/`finished_at` are computed from) and the simulated time the queue was
//! brought up to when it was written, with the wall-clock time of that write. A process that
//! starts on an existing file continues that timeline: its simulated clock starts at the
//! written time plus the wall-clock time since the write, at its own speed (so with
//! `ClockMode::Accelerated(10.0)` a job's 3 simulated seconds take 0.3 s whichever process
//! watches; a paused clock does not move between processes).
//!
//! # A broken or hostile file
//!
//! The file is read like any input: a regular file only (never a FIFO or a device), at most
//! [`MAX_STATE_BYTES`], parsed strictly, and checked (request and model ids, a consistent
//! queue, outputs within this simulator's limits, at most [`MAX_JOBS`] jobs). A file that
//! fails is set aside (renamed `<file>.broken-<unix ms>`) with a warning
//! ([`crate::SimHandle::warnings`]) and the simulator goes on without its jobs. A lock held
//! longer than [`LOCK_WAIT`] by another process makes the call answer 503 rather than wait.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::lock;
use crate::outputs::{Limits, MAX_OUTPUTS};
use crate::queue::Queue;

/// The largest state file read.
pub const MAX_STATE_BYTES: u64 = 64 * 1024 * 1024;

/// The most jobs a state file keeps: beyond it, the oldest finished jobs are forgotten (a
/// later call about them answers 404001, as the real API does for expired requests).
pub const MAX_JOBS: usize = 10_000;

/// How long a call waits for another process's lock on the state file before answering 503.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

const FORMAT: &str = "runcomfy-sim-state";
const VERSION: u32 = 1;

/// The longest simulated time or duration a file may hold (100 years).
const MAX_TIME: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// The file's content.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Snapshot {
    format: String,
    version: u32,
    /// Wall-clock time (Unix milliseconds) of simulated time zero.
    epoch_unix_ms: u64,
    /// Wall-clock time (Unix milliseconds) of this write.
    saved_unix_ms: u64,
    queue: Queue,
}

/// What identifies one version of the file on disk (a rename makes a new inode).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Version {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

fn version_of(path: &Path) -> Option<Version> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    Some(Version {
        len: m.len(),
        modified: m.modified().ok(),
        inode,
    })
}

/// The state file of one simulator.
#[derive(Debug)]
pub(crate) struct StateFile {
    path: PathBuf,
    lock_path: PathBuf,
    limits: Limits,
    epoch: SystemTime,
    /// The version of the file this process last read or wrote.
    seen: Mutex<Option<Version>>,
    warnings: Mutex<Vec<String>>,
}

/// What an existing file held at start.
#[derive(Debug)]
pub(crate) struct Restored {
    pub(crate) queue: Queue,
    /// Simulated time to start the clock at.
    pub(crate) now: Duration,
}

/// Holds the lock until dropped (closing the descriptor releases it).
struct Held(#[allow(dead_code)] File);

fn unix_ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

impl StateFile {
    /// Opens (or prepares) the state file at `path`. `speed` is how many simulated seconds
    /// pass per wall-clock second (0 for a paused clock).
    pub(crate) fn open(path: &Path, limits: Limits, speed: f64) -> Result<(StateFile, Option<Restored>), String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create the state file's folder {}: {e}", dir.display()))?;
        }
        let mut lock_name = path.file_name().unwrap_or_default().to_owned();
        lock_name.push(".lock");
        let mut file = StateFile {
            path: path.to_owned(),
            lock_path: path.with_file_name(lock_name),
            limits,
            epoch: SystemTime::now(),
            seen: Mutex::new(None),
            warnings: Mutex::new(Vec::new()),
        };
        let _held = file.lock()?;
        let Some(snapshot) = file.read() else {
            return Ok((file, None));
        };
        file.epoch = UNIX_EPOCH + Duration::from_millis(snapshot.epoch_unix_ms);
        let since = unix_ms(SystemTime::now()).saturating_sub(snapshot.saved_unix_ms);
        let gap = Duration::from_millis(since).mul_f64(if speed.is_finite() { speed.clamp(0.0, 1e6) } else { 0.0 });
        let now = snapshot.queue.time().saturating_add(gap).min(MAX_TIME);
        Ok((
            file,
            Some(Restored {
                queue: snapshot.queue,
                now,
            }),
        ))
    }

    /// Wall-clock time of simulated time zero.
    pub(crate) fn epoch(&self) -> SystemTime {
        self.epoch
    }

    /// The warnings so far (a file set aside, a write that failed).
    pub(crate) fn warnings(&self) -> Vec<String> {
        lock(&self.warnings).clone()
    }

    fn warn(&self, text: String) {
        let mut w = lock(&self.warnings);
        if w.len() < 100 && !w.contains(&text) {
            w.push(text);
        }
    }

    /// Takes the exclusive lock, waiting at most [`LOCK_WAIT`].
    fn lock(&self) -> Result<Held, String> {
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.custom_flags(libc::O_NONBLOCK).mode(0o600);
        }
        let shown = self.lock_path.display();
        let file = options
            .open(&self.lock_path)
            .map_err(|e| format!("cannot open the state lock {shown}: {e}"))?;
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return Err(format!("the state lock {shown} is not a regular file"));
        }
        let deadline = std::time::Instant::now() + LOCK_WAIT;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Held(file)),
                Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(format!(
                        "the simulator's state file {} is locked by another process (waited {} s)",
                        self.path.display(),
                        LOCK_WAIT.as_secs()
                    ));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(format!("cannot lock {shown}: {e}")),
            }
        }
    }

    /// Reads and checks the file, if there is one; a broken one is set aside (and `None`).
    /// Call with the lock held.
    fn read(&self) -> Option<Snapshot> {
        let version = version_of(&self.path);
        *lock(&self.seen) = version.clone();
        version.as_ref()?;
        let checked = crate::folder::read_regular(&self.path, MAX_STATE_BYTES).and_then(|bytes| {
            let snapshot: Snapshot = serde_json::from_slice(&bytes).map_err(|e| format!("not a state file: {e}"))?;
            self.check(snapshot)
        });
        match checked {
            Ok(snapshot) => Some(snapshot),
            Err(why) => {
                let mut name = self.path.file_name().unwrap_or_default().to_owned();
                name.push(format!(".broken-{}", unix_ms(SystemTime::now())));
                let aside = self.path.with_file_name(name);
                let moved = std::fs::rename(&self.path, &aside);
                self.warn(match moved {
                    Ok(()) => format!(
                        "the state file {} cannot be used ({why}); it was set aside as {} and the simulator goes on without its jobs",
                        self.path.display(),
                        aside.display()
                    ),
                    Err(e) => format!(
                        "the state file {} cannot be used ({why}) nor set aside ({e}); it will be overwritten",
                        self.path.display()
                    ),
                });
                *lock(&self.seen) = version_of(&self.path);
                None
            }
        }
    }

    /// Checks a snapshot read from disk; `Err` says what is wrong.
    fn check(&self, mut s: Snapshot) -> Result<Snapshot, String> {
        if s.format != FORMAT || s.version != VERSION {
            return Err(format!(
                "format {:?} version {}, not {FORMAT:?} version {VERSION}",
                s.format, s.version
            ));
        }
        let year_2200 = 7_258_118_400_000;
        if s.epoch_unix_ms > year_2200 || s.saved_unix_ms > year_2200 || s.queue.time() > MAX_TIME {
            return Err("times out of range".to_owned());
        }
        s.queue.check()?;
        for job in s.queue.jobs() {
            let bad = |what: &str| Err(format!("job {:?}: {what}", job.id));
            runcomfy_wire::check_request_id(&job.id).map_err(|e| format!("job {:?}: {e}", job.id))?;
            runcomfy_wire::catalog::check_model_id(&job.model_id).map_err(|e| format!("job {:?}: {e}", job.id))?;
            if job.owner.len() != 64 || !job.owner.bytes().all(|b| b.is_ascii_hexdigit()) {
                return bad("the owner is not a SHA-256");
            }
            let times = [Some(job.created), Some(job.eligible), Some(job.run), job.finished];
            if times.iter().flatten().any(|t| *t > MAX_TIME) {
                return bad("times out of range");
            }
            if job.failure.as_ref().is_some_and(|f| f.len() > 2000) {
                return bad("the failure message is too long");
            }
            if !(job.cost_usd.is_finite() && job.cost_usd >= 0.0) {
                return bad("the cost is not a non-negative number");
            }
            let plan = &job.plan;
            if plan.items.is_empty() || plan.items.len() > MAX_OUTPUTS {
                return bad("the number of outputs is out of range");
            }
            if !plan.files().all(|(_, item)| item.within(&self.limits)) {
                return bad("an output is beyond this simulator's limits");
            }
        }
        s.queue.forget_oldest_finished(MAX_JOBS);
        if s.queue.jobs().count() > MAX_JOBS {
            return Err(format!("more than {MAX_JOBS} unfinished jobs"));
        }
        Ok(s)
    }

    /// Runs `f` on `queue` under the lock, with the file's latest jobs, and writes the file
    /// back if the queue changed.
    pub(crate) fn sync<R>(
        &self,
        queue: &mut Queue,
        workers: usize,
        f: impl FnOnce(&mut Queue) -> R,
    ) -> Result<R, String> {
        let _held = self.lock()?;
        if version_of(&self.path) != *lock(&self.seen)
            && let Some(snapshot) = self.read()
        {
            let mut fresh = snapshot.queue;
            fresh.set_workers(workers);
            // The queue's time never goes back, whichever process wrote last.
            fresh.advance(queue.time());
            *queue = fresh;
        }
        let before = queue.changes();
        let result = f(queue);
        if queue.changes() != before {
            queue.forget_oldest_finished(MAX_JOBS);
            if let Err(e) = self.write(queue) {
                self.warn(e);
            }
        }
        Ok(result)
    }

    /// Writes `queue` atomically. Call with the lock held.
    fn write(&self, queue: &Queue) -> Result<(), String> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let snapshot = Snapshot {
            format: FORMAT.to_owned(),
            version: VERSION,
            epoch_unix_ms: unix_ms(self.epoch),
            saved_unix_ms: unix_ms(SystemTime::now()),
            queue: queue.clone(),
        };
        let text = serde_json::to_vec(&snapshot).map_err(|e| format!("cannot write the state file: {e}"))?;
        let name = self.path.file_name().unwrap_or_default().to_string_lossy();
        let tmp = self.path.with_file_name(format!(
            ".{name}.tmp-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let fail = |e: std::io::Error| format!("cannot write the state file {}: {e}", self.path.display());
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let written = options.open(&tmp).and_then(|mut f| {
            f.write_all(&text)?;
            f.sync_all()
        });
        if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, &self.path)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(fail(e));
        }
        *lock(&self.seen) = version_of(&self.path);
        Ok(())
    }
}
