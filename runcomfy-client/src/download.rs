//! Downloading outputs: streamed to a directory, size-capped, retried and resumed onto the
//! same bytes only, renamed into place only when complete, without the API token.
//!
//! Each file is written to `.runcomfy-<name>.part` in the target directory, locked while it
//! is written, and renamed to `<name>` once complete. A part file left by a process that
//! died (nobody holds its lock) is removed by the next download into that directory; a
//! download stopped by its caller (dropped, e.g. on Ctrl-C or at the job's deadline)
//! removes its own.
//!
//! A broken transfer resumes with `Range` only when the first answer gave a validator (a
//! strong `ETag`, else `Last-Modified`) and its length, and a `206` is appended only when
//! its `Content-Range` starts at the offset asked, ends at the file's end, has the first
//! answer's total length, and carries the first answer's validator. Anything else starts
//! the file again from zero (within the retries), never appends.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use futures_util::{Stream, StreamExt};
use reqwest::header::{CONTENT_RANGE, ETAG, IF_RANGE, LAST_MODIFIED, RANGE, USER_AGENT};
use runcomfy_schema::OutputKind;
use runcomfy_wire::Operation;
use sha2::{Digest, Sha256};
use url::Url;

use crate::client::{REDACTED, check_scheme, send_failure};
use crate::retry::{Decision, Failure, Retrier, retry_after};
use crate::{Client, Error, ErrorKind, JobResult};

/// How outputs are downloaded: their file names, a size cap, how many at once.
///
/// Files are named `<stem>-<n>.<ext>`: `n` the output's index (0, 1, ...), `ext` from the
/// URL's path (or the kind's usual one), and `stem` the request id ([`request_id_stem`], safe
/// for any id) unless [`DownloadOptions::file_stem`] names it.
///
/// ```
/// use runcomfy_client::download::DownloadOptions;
/// let opts = DownloadOptions::default()
///     .max_bytes(10 << 20)
///     .concurrency(2)
///     .file_stem("0007-0f0e8a2c");
/// assert_eq!((opts.max_bytes, opts.concurrency), (10 << 20, 2));
/// assert_eq!(opts.stem_for("0f0e8a2c-5d1b-4e8f-9a55-2f1c9e6b7d10"), "0007-0f0e8a2c");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadOptions {
    /// Largest file accepted; a larger one fails (and leaves no file). Default 4 GiB.
    pub max_bytes: u64,
    /// Files of one job downloaded at once. Default 4 (a job with 1,000 outputs opens at
    /// most 4 connections).
    pub concurrency: usize,
    file_stem: Option<String>,
}

impl Default for DownloadOptions {
    fn default() -> Self {
        Self {
            max_bytes: 4 << 30,
            concurrency: 4,
            file_stem: None,
        }
    }
}

impl DownloadOptions {
    /// Sets the size cap.
    pub fn max_bytes(mut self, n: u64) -> Self {
        self.max_bytes = n;
        self
    }

    /// Sets how many files of one job are fetched at once (at least 1).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// Names the files `<stem>-<n>.<ext>` instead of after the request id (the CLI gives
    /// `<line or id>-<short request id>`, `runcomfy_gallery::file_stem`). The stem is made safe for any file
    /// system ([`safe_file_name`]); two jobs given the same stem in the same directory
    /// overwrite each other's files, so keep something unique in it.
    pub fn file_stem(mut self, stem: impl Into<String>) -> Self {
        self.file_stem = Some(stem.into());
        self
    }

    /// The stem of the files of job `request_id`.
    pub fn stem_for(&self, request_id: &str) -> String {
        match &self.file_stem {
            Some(stem) => safe_file_name(stem),
            None => request_id_stem(request_id),
        }
    }
}

/// How much of an output file is on disk while it downloads ([`crate::JobEvent::DownloadProgress`]):
/// reported when a download (or a resumed attempt) starts, every 256 KiB, and at its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadProgress {
    /// The output's URL.
    pub url: String,
    /// Bytes on disk so far.
    pub received: u64,
    /// The file's size, when the host said it.
    pub total: Option<u64>,
}

/// Bytes between two progress reports of one file.
const PROGRESS_STEP: u64 = 256 * 1024;

/// Where a download reports its progress.
pub(crate) type ProgressSender = tokio::sync::mpsc::UnboundedSender<DownloadProgress>;

/// One downloaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    /// Where it came from.
    pub url: String,
    /// Image, video or audio.
    pub kind: OutputKind,
    /// Where it is now.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
}

/// The downloads of one job: one entry per output URL, in the output's order, each a file on
/// disk or why it is not. A failed file does not stop the others.
///
/// ```
/// use runcomfy_client::download::Downloads;
/// let none = Downloads::default();
/// assert!(none.is_complete() && none.is_empty());
/// ```
#[derive(Debug, Default)]
#[must_use = "downloads may have failed: check `errors()` or `is_complete()`"]
pub struct Downloads {
    entries: Vec<Result<Downloaded, Error>>,
}

impl Downloads {
    pub(crate) fn new(entries: Vec<Result<Downloaded, Error>>) -> Downloads {
        Downloads { entries }
    }

    /// The files on disk.
    pub fn files(&self) -> impl Iterator<Item = &Downloaded> {
        self.entries.iter().filter_map(|f| f.as_ref().ok())
    }

    /// Why each of the others is not.
    pub fn errors(&self) -> impl Iterator<Item = &Error> {
        self.entries.iter().filter_map(|f| f.as_ref().err())
    }

    /// Every output is on disk (also when there were none).
    pub fn is_complete(&self) -> bool {
        self.entries.iter().all(Result::is_ok)
    }

    /// How many outputs there were.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// No outputs (or no download asked for).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry, in the output's order.
    pub fn iter(&self) -> std::slice::Iter<'_, Result<Downloaded, Error>> {
        self.entries.iter()
    }

    /// The files, or the first error.
    pub fn into_result(self) -> Result<Vec<Downloaded>, Error> {
        self.entries.into_iter().collect()
    }
}

impl IntoIterator for Downloads {
    type Item = Result<Downloaded, Error>;
    type IntoIter = std::vec::IntoIter<Result<Downloaded, Error>>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a Downloads {
    type Item = &'a Result<Downloaded, Error>;
    type IntoIter = std::slice::Iter<'a, Result<Downloaded, Error>>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

/// A file name made only of `[A-Za-z0-9._-]`, not starting with a dot, at most 120 chars:
/// the rule every file and folder name the client makes goes through.
///
/// ```
/// use runcomfy_client::download::safe_file_name;
/// assert_eq!(safe_file_name("../../etc/passwd"), "etc_passwd");
/// assert_eq!(safe_file_name("a b?.png"), "a_b_.png");
/// assert_eq!(safe_file_name(""), "file");
/// ```
pub fn safe_file_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    while s.contains("..") {
        s = s.replace("..", ".");
    }
    let s = s.trim_start_matches(['.', '_', '/']).to_owned();
    let s: String = s.chars().take(120).collect();
    if s.is_empty() { "file".to_owned() } else { s }
}

/// The longest request-id part of an output file name.
const MAX_STEM: usize = 64;

/// A name made from `request_id` for files and folders: the id itself when it is short and
/// made only of safe characters, else its safe form (at most 64 characters) plus 12 hex
/// digits of its SHA-256. Two different ids never share a name, whatever they hold.
///
/// ```
/// use runcomfy_client::download::request_id_stem;
/// assert_eq!(request_id_stem("0f0e-42"), "0f0e-42");
/// let a = request_id_stem(&format!("{}a", "x".repeat(200)));
/// let b = request_id_stem(&format!("{}b", "x".repeat(200)));
/// assert_ne!(a, b);
/// assert!(a.len() <= 64 + 13);
/// assert!(!request_id_stem("../../etc").contains('/'));
/// ```
pub fn request_id_stem(request_id: &str) -> String {
    let safe = safe_file_name(request_id);
    if safe == request_id && safe.len() <= MAX_STEM {
        return safe;
    }
    let digest = Sha256::digest(request_id.as_bytes());
    let hash: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    let stem: String = safe.chars().take(MAX_STEM).collect();
    format!("{stem}-{hash}")
}

/// The file name of output `index`: `<stem>-<index>.<ext>`, the extension from the URL's
/// path (or the kind's usual one).
fn output_file_name(stem: &str, index: usize, kind: OutputKind, url: &Url) -> String {
    let ext = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .and_then(|last| last.rsplit_once('.').map(|(_, e)| e.to_owned()))
        .filter(|e| !e.is_empty() && e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| {
            match kind {
                OutputKind::Image => "png",
                OutputKind::Video => "mp4",
                OutputKind::Audio => "wav",
            }
            .to_owned()
        });
    format!("{stem}-{index}.{}", ext.to_ascii_lowercase())
}

/// Makes sure outputs can be written to `dir`: creates it (and its parents) and writes and
/// removes a probe file. Call it before submitting a paid job whose outputs go there.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// assert!(runcomfy_client::download::prepare_dir(&dir.path().join("a/b")).is_ok());
/// let file = dir.path().join("f");
/// std::fs::write(&file, b"x").unwrap();
/// let err = runcomfy_client::download::prepare_dir(&file).unwrap_err();
/// assert_eq!(err.kind(), runcomfy_client::ErrorKind::Io);
/// ```
pub fn prepare_dir(dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create the output directory", dir, e))?;
    tempfile::Builder::new()
        .prefix(".runcomfy-probe-")
        .tempfile_in(dir)
        .map(drop)
        .map_err(|e| Error::io("cannot write to the output directory", dir, e))
}

/// Removes part files that a dead process left in `dir`: `.runcomfy-*.part` files nobody
/// holds a lock on and that have not been touched for a few seconds.
fn sweep_stale_parts(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten().take(100_000) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(".runcomfy-") && name.ends_with(".part")) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = OpenOptions::new().write(true).open(&path) else {
            continue;
        };
        let idle = file
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|d| d > Duration::from_secs(2));
        if idle && file.try_lock().is_ok() {
            tracing::debug!(path = %path.display(), "removing a part file left by a dead download");
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// A file being downloaded: locked while written, removed unless completed.
struct PartFile {
    path: PathBuf,
    file: File,
    len: u64,
    done: bool,
}

impl PartFile {
    fn create(dir: &Path, name: &str) -> Result<PartFile, Error> {
        let path = dir.join(format!(".runcomfy-{name}.part"));
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io("cannot create", &path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(Error::new(
                    ErrorKind::Io,
                    format!("another download is writing {} right now", path.display()),
                )
                .with_operation(Operation::Output)
                .with_path(&path));
            }
            Err(TryLockError::Error(e)) => return Err(Error::io("cannot lock", &path, e)),
        }
        let mut part = PartFile {
            path,
            file,
            len: 0,
            done: false,
        };
        part.truncate()?;
        Ok(part)
    }

    fn truncate(&mut self) -> Result<(), Error> {
        self.file
            .set_len(0)
            .map_err(|e| Error::io("cannot truncate", &self.path, e))?;
        self.len = 0;
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        use std::io::{Seek, SeekFrom};
        self.file
            .seek(SeekFrom::Start(self.len))
            .and_then(|_| self.file.write_all(bytes))
            .map_err(|e| Error::io("cannot write", &self.path, e))?;
        self.len += bytes.len() as u64;
        Ok(())
    }

    fn finish(mut self, target: &Path) -> Result<u64, Error> {
        self.file
            .sync_all()
            .map_err(|e| Error::io("cannot sync", &self.path, e))?;
        std::fs::rename(&self.path, target).map_err(|e| Error::io("cannot rename the download to", target, e))?;
        self.done = true;
        Ok(self.len)
    }
}

impl Drop for PartFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// What the first full answer said about the file: what a resumed answer must match.
#[derive(Debug, Default)]
struct Resume {
    /// A strong `ETag`, else `Last-Modified`: the header and its value.
    validator: Option<(reqwest::header::HeaderName, String)>,
    /// The file's length.
    total: Option<u64>,
}

impl Resume {
    /// A resume is possible: the first answer gave a validator and the length.
    fn possible(&self) -> bool {
        self.validator.is_some() && self.total.is_some()
    }
}

/// The parts of `Content-Range: bytes START-END/TOTAL`.
fn content_range(header: &str) -> Option<(u64, u64, u64)> {
    let spec = header.trim().strip_prefix("bytes")?.trim();
    let (range, total) = spec.split_once('/')?;
    let (start, end) = range.split_once('-')?;
    Some((
        start.trim().parse().ok()?,
        end.trim().parse().ok()?,
        total.trim().parse().ok()?,
    ))
}

impl Client {
    /// Downloads every output of a finished job into `dir` (`<request_id>-<n>.<ext>`, or
    /// the names [`DownloadOptions::file_stem`] gives), at most
    /// [`DownloadOptions::concurrency`] at a time, and reports each file in the output's
    /// order: a failure does not stop the others. Each file is retried like any call (on
    /// connection errors, timeouts, 429 and 5xx) and resumed onto the same bytes only (see
    /// [`crate::download`]). No `Authorization` header is sent to output hosts; plain http is
    /// allowed only to loopback, on every redirect hop.
    pub async fn download(&self, result: &JobResult, dir: impl AsRef<Path>, opts: &DownloadOptions) -> Downloads {
        let entries = self
            .download_stream(&result.request_id, &result.output, dir.as_ref(), opts, None, None)
            .collect::<Vec<_>>()
            .await;
        Downloads::new(entries)
    }

    /// The downloads of one job as a stream of results, in the output's order; each file
    /// holds a permit of `gate` (a runner-wide limit) while it downloads.
    pub(crate) fn download_stream<'a>(
        &'a self,
        request_id: &'a str,
        output: &'a runcomfy_schema::Output,
        dir: &'a Path,
        opts: &DownloadOptions,
        gate: Option<std::sync::Arc<tokio::sync::Semaphore>>,
        progress: Option<ProgressSender>,
    ) -> impl Stream<Item = Result<Downloaded, Error>> + Send + 'a {
        sweep_stale_parts(dir);
        let max_bytes = opts.max_bytes;
        let stem = opts.stem_for(request_id);
        let files = output.urls().enumerate().map(move |(i, (kind, url))| {
            let gate = gate.clone();
            let stem = stem.clone();
            let progress = progress.clone();
            async move {
                let _permit = match gate {
                    Some(g) => g.acquire_owned().await.ok(),
                    None => None,
                };
                let refused = |message: String| {
                    Error::new(ErrorKind::Protocol, message)
                        .with_operation(Operation::Output)
                        .with_url(url)
                        .with_request_id(request_id)
                };
                // The token was redacted from the result: this URL held it, and fetching
                // what is left would send a broken URL (or the token) to the output host.
                if url.contains(REDACTED) {
                    return Err(refused("the output URL held the API token; not fetched".to_owned()));
                }
                let parsed = Url::parse(url).map_err(|e| refused(format!("the output URL is not a URL: {e}")))?;
                let path = dir.join(output_file_name(&stem, i, kind, &parsed));
                let bytes = self
                    .download_file(parsed, &path, max_bytes, progress.as_ref())
                    .await
                    .map_err(|e| e.with_request_id(request_id))?;
                Ok(Downloaded {
                    url: url.to_owned(),
                    kind,
                    path,
                    bytes,
                })
            }
        });
        futures_util::stream::iter(files).buffered(opts.concurrency.max(1))
    }

    /// Streams one URL to `path`: through a locked part file, renamed into place when
    /// complete (never a partial file at `path`), at most `max_bytes`, retried with the
    /// client's retry policy and resumed onto the same bytes only. Returns the file's size.
    /// `progress` hears how many bytes are on disk as they come.
    pub(crate) async fn download_file(
        &self,
        url: Url,
        path: &Path,
        max_bytes: u64,
        progress: Option<&ProgressSender>,
    ) -> Result<u64, Error> {
        let failed = |message: String| {
            Error::new(ErrorKind::Protocol, message)
                .with_operation(Operation::Output)
                .with_url(url.as_str())
        };
        check_scheme(&url).map_err(failed)?;
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| failed(format!("{} has no file name", path.display())))?;
        let mut part = PartFile::create(dir, name)?;
        let mut retries = Retrier::new(self.inner.retry);
        let mut resume = Resume::default();
        loop {
            let (failure, error) = match self.fetch(&url, &mut part, max_bytes, &mut resume, progress).await {
                Ok(()) => return part.finish(path),
                Err(failed) => failed,
            };
            let error = error.with_operation(Operation::Output).with_url(url.as_str());
            match retries.after(Operation::Output, failure, &error).await {
                Decision::Retry => tracing::debug!(%url, resumed_at = part.len, "retrying a download"),
                Decision::Done | Decision::OutcomeUnknown => return Err(error),
            }
        }
    }

    /// One attempt: from where the part file ends when the first answer allows a resume,
    /// else from the start.
    async fn fetch(
        &self,
        url: &Url,
        part: &mut PartFile,
        max_bytes: u64,
        resume: &mut Resume,
        progress: Option<&ProgressSender>,
    ) -> Result<(), (Failure, Error)> {
        let protocol = |message: String| Error::new(ErrorKind::Protocol, message);
        let local = |e: Error| (Failure::Final, e);
        let ranged = part.len > 0 && resume.possible();
        if part.len > 0 && !ranged {
            part.truncate().map_err(local)?;
        }
        let mut req = self
            .inner
            .downloads
            .get(url.clone())
            .header(USER_AGENT, &self.inner.user_agent);
        if ranged {
            req = req.header(RANGE, format!("bytes={}-", part.len));
            if let Some((_, value)) = &resume.validator {
                req = req.header(IF_RANGE, value);
            }
        }
        let mut resp = req.send().await.map_err(|e| send_failure(Operation::Output, e))?;
        if let Err(why) = check_scheme(resp.url()) {
            return Err((Failure::Final, protocol(format!("redirected to {}: {why}", resp.url()))));
        }
        let status = resp.status().as_u16();
        if !resp.status().is_success() {
            if status == 416 {
                // The part file does not fit the file any more: start again.
                part.truncate().map_err(local)?;
                *resume = Resume::default();
                return Err((
                    Failure::Malformed,
                    protocol("HTTP 416 on a resumed download; starting again".into()),
                ));
            }
            return Err((
                Failure::Http(status),
                Error::new(ErrorKind::HttpStatus, format!("HTTP {status}"))
                    .with_http(status, None)
                    .with_retry_after(retry_after(resp.headers())),
            ));
        }
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        if status == 206 {
            // A part of the file: appended only when it continues the very bytes we hold.
            let why_not = match header(CONTENT_RANGE).as_deref().and_then(content_range) {
                _ if !ranged => Some("a partial answer to a request for the whole file".to_owned()),
                None => Some("no usable Content-Range".to_owned()),
                Some((start, _, _)) if start != part.len => {
                    Some(format!("it starts at byte {start}, not at {} asked", part.len))
                }
                Some((_, _, total)) if Some(total) != resume.total => Some(format!(
                    "the file is {total} bytes long now, {} before",
                    resume.total.unwrap_or(0)
                )),
                Some((_, end, total)) if end.checked_add(1) != Some(total) => {
                    Some(format!("it ends at byte {end}, not at the end of the file"))
                }
                Some((start, end, _))
                    if resp
                        .content_length()
                        .is_some_and(|n| Some(n) != (end + 1).checked_sub(start)) =>
                {
                    Some("its Content-Length does not match its Content-Range".to_owned())
                }
                Some(_) => match &resume.validator {
                    Some((name, value)) if header(name.clone()).as_deref() == Some(value.as_str()) => None,
                    Some((name, _)) => Some(format!("its {name} is not the first answer's")),
                    None => Some("the first answer gave no validator".to_owned()),
                },
            };
            if let Some(why) = why_not {
                part.truncate().map_err(local)?;
                *resume = Resume::default();
                return Err((
                    Failure::Malformed,
                    protocol(format!(
                        "the resumed answer does not continue the same file ({why}); starting again"
                    )),
                ));
            }
        } else {
            // The whole file: from zero, and what a resume will have to match.
            if part.len > 0 {
                part.truncate().map_err(local)?;
            }
            // Only a strong validator may resume a download (RFC 9110, If-Range).
            resume.validator = header(ETAG)
                .filter(|e| !e.starts_with("W/"))
                .map(|v| (ETAG, v))
                .or_else(|| header(LAST_MODIFIED).map(|v| (LAST_MODIFIED, v)));
            resume.total = resp.content_length();
        }
        let expected = resp.content_length().map(|n| n + part.len);
        if let Some(n) = expected.filter(|n| *n > max_bytes) {
            return Err((
                Failure::Final,
                protocol(format!("{n} bytes, above the cap of {max_bytes}")),
            ));
        }
        let total = expected.or(resume.total);
        let mut reported = 0u64;
        let mut report = |received: u64, last: bool| {
            if let Some(tx) = progress
                && (last || received >= reported + PROGRESS_STEP)
            {
                reported = received;
                // A receiver that went away (the run ended) wants no more reports.
                let _ = tx.send(DownloadProgress {
                    url: url.to_string(),
                    received,
                    total,
                });
            }
        };
        report(part.len, true);
        while let Some(chunk) = resp.chunk().await.map_err(|e| send_failure(Operation::Output, e))? {
            if part.len + chunk.len() as u64 > max_bytes {
                return Err((
                    Failure::Final,
                    protocol(format!("more than the cap of {max_bytes} bytes")),
                ));
            }
            part.write(&chunk).map_err(local)?;
            report(part.len, false);
        }
        report(part.len, true);
        match expected {
            Some(n) if n != part.len => Err((
                Failure::LostAfterSend,
                Error::new(
                    ErrorKind::ConnectionLost,
                    format!("the answer ended after {} of {n} bytes", part.len),
                ),
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_never_collide_nor_escape() {
        let url = Url::parse("https://x.runcomfy.net/a/b.PNG").unwrap();
        let long_a = format!("{}-a", "y".repeat(150));
        let long_b = format!("{}-b", "y".repeat(150));
        let mut names = std::collections::HashSet::new();
        let opts = DownloadOptions::default();
        for id in [long_a.as_str(), long_b.as_str(), "../x", "..x", "/x", "a b", "a_b"] {
            for i in 0..3 {
                let name = output_file_name(&opts.stem_for(id), i, OutputKind::Image, &url);
                assert!(!name.contains('/') && !name.starts_with('.'), "{name}");
                assert!(name.ends_with(".png"), "{name}");
                assert!(names.insert(name.clone()), "{name} twice");
            }
        }
        // A stem the caller gives is made safe too.
        let named = DownloadOptions::default().file_stem("../../7 fox");
        let name = output_file_name(&named.stem_for("r-1"), 2, OutputKind::Video, &url);
        assert_eq!(name, "7_fox-2.png");
        assert_eq!(content_range("bytes 100-199/1000"), Some((100, 199, 1000)));
        assert_eq!(content_range("bytes 100-199/*"), None);
        assert_eq!(content_range("items 1-2/3"), None);
    }
}
