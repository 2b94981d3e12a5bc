//! Downloading outputs: streamed to a directory, size-capped, retried and resumed, renamed
//! into place only when complete, without the API token.
//!
//! Each file is written to `.runcomfy-<name>.part` in the target directory, locked while it
//! is written, and renamed to `<name>` once complete. A part file left by a process that
//! died (nobody holds its lock) is removed by the next download into that directory; a
//! download stopped by its caller (dropped, e.g. on Ctrl-C) removes its own.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use futures_util::{Stream, StreamExt};
use reqwest::header::{ACCEPT_RANGES, CONTENT_RANGE, ETAG, IF_RANGE, LAST_MODIFIED, RANGE, USER_AGENT};
use runcomfy_schema::{Output, OutputKind};
use runcomfy_wire::Operation;
use sha2::{Digest, Sha256};
use url::Url;

use crate::client::{check_scheme, send_failure};
use crate::retry::{Decision, Outcome, decide};
use crate::{Client, Endpoint, Error, ErrorKind, JobOutput};

/// Options of a download.
///
/// ```
/// let opts = runcomfy_client::DownloadOptions::default().max_bytes(10 << 20).concurrency(2);
/// assert_eq!((opts.max_bytes, opts.concurrency), (10 << 20, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadOptions {
    /// Largest file accepted; a larger one fails (and leaves no file). Default 4 GiB.
    pub max_bytes: u64,
    /// Files of one job downloaded at once. Default 4 (a job with 1,000 outputs opens at
    /// most 4 connections).
    pub concurrency: usize,
}

impl Default for DownloadOptions {
    fn default() -> Self {
        Self {
            max_bytes: 4 << 30,
            concurrency: 4,
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
}

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

/// A file name made only of `[A-Za-z0-9._-]`, not starting with a dot, at most 120 chars.
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

/// The file name of output `index` of a job: `<request id stem>-<index>.<ext>`, the
/// extension from the URL's path (or the kind's usual one).
pub fn output_file_name(request_id: &str, index: usize, kind: OutputKind, url: &Url) -> String {
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
    format!("{}-{index}.{}", request_id_stem(request_id), ext.to_ascii_lowercase())
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

/// What a failed attempt learned for the next one.
struct Resume {
    /// The server takes byte ranges (`Accept-Ranges: bytes`, or a validator).
    ranges: bool,
    /// A strong `ETag` or a `Last-Modified`, for `If-Range`.
    validator: Option<String>,
}

impl Client {
    /// Downloads every output URL of a finished job into `dir` as
    /// `<request_id>-<n>.<ext>`. See [`Client::download_outputs`].
    pub async fn download<E: Endpoint<Output = Output>>(
        &self,
        job: &JobOutput<E>,
        dir: &Path,
        opts: &DownloadOptions,
    ) -> Vec<Result<Downloaded, Error>> {
        self.download_outputs(&job.request_id, &job.output, dir, opts).await
    }

    /// Downloads every output URL of job `request_id` into `dir`, at most
    /// [`DownloadOptions::concurrency`] at a time, and reports each file (in the output's
    /// order): a failure does not stop the others. Each file is retried with backoff on
    /// connection errors, timeouts, 429 and 5xx, and resumed with `Range` when the server
    /// supports it. No `Authorization` header is sent to output hosts; plain http is allowed
    /// only to loopback, on every redirect hop.
    pub async fn download_outputs(
        &self,
        request_id: &str,
        output: &Output,
        dir: &Path,
        opts: &DownloadOptions,
    ) -> Vec<Result<Downloaded, Error>> {
        self.download_stream(request_id, output, dir, opts, None)
            .collect::<Vec<_>>()
            .await
    }

    /// The downloads of one job as a stream of results, in the output's order; each file
    /// holds a permit of `gate` (a runner-wide limit) while it downloads.
    pub(crate) fn download_stream<'a>(
        &'a self,
        request_id: &'a str,
        output: &'a Output,
        dir: &'a Path,
        opts: &DownloadOptions,
        gate: Option<std::sync::Arc<tokio::sync::Semaphore>>,
    ) -> impl Stream<Item = Result<Downloaded, Error>> + Send + 'a {
        sweep_stale_parts(dir);
        let max_bytes = opts.max_bytes;
        let files = output.urls().enumerate().map(move |(i, (kind, url))| {
            let gate = gate.clone();
            async move {
                let _permit = match gate {
                    Some(g) => g.acquire_owned().await.ok(),
                    None => None,
                };
                let parsed = Url::parse(url).map_err(|e| {
                    Error::new(ErrorKind::Download, format!("not a URL: {e}"))
                        .with_url(url)
                        .with_request_id(request_id)
                })?;
                let path = dir.join(output_file_name(request_id, i, kind, &parsed));
                let bytes = self
                    .download_to(parsed, &path, max_bytes)
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
    /// client's retry policy and resumed with `Range` when the server allows. Returns the
    /// file's size.
    pub async fn download_to(&self, url: Url, path: &Path, max_bytes: u64) -> Result<u64, Error> {
        let failed = |message: String| Error::new(ErrorKind::Download, message).with_url(url.as_str());
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
        let mut delays = self.inner.retry.delays_iter();
        let mut resume = Resume {
            ranges: false,
            validator: None,
        };
        loop {
            let (outcome, error) = match self.fetch(&url, &mut part, max_bytes, &mut resume).await {
                Ok(()) => return part.finish(path),
                Err(failure) => failure,
            };
            let error = error.with_url(url.as_str());
            match decide(Operation::Output, outcome) {
                Decision::Retry => match delays.next() {
                    Some(backoff) => {
                        let wait = error
                            .retry_after()
                            .map_or(backoff, |d| d.max(backoff).min(self.inner.retry.retry_after_cap()));
                        tracing::debug!(%url, ?outcome, ?wait, resumed_at = part.len, "retrying a download");
                        tokio::time::sleep(wait).await;
                    }
                    None => return Err(error),
                },
                Decision::Done | Decision::OutcomeUnknown => return Err(error),
            }
        }
    }

    /// One attempt: from where the part file ends when the server can resume, else from
    /// the start.
    async fn fetch(
        &self,
        url: &Url,
        part: &mut PartFile,
        max_bytes: u64,
        resume: &mut Resume,
    ) -> Result<(), (Outcome, Error)> {
        let download = |message: String| Error::new(ErrorKind::Download, message);
        let mut req = self
            .inner
            .downloads
            .get(url.clone())
            .header(USER_AGENT, &self.inner.user_agent);
        let ranged = part.len > 0 && resume.ranges;
        if ranged {
            req = req.header(RANGE, format!("bytes={}-", part.len));
            if let Some(v) = &resume.validator {
                req = req.header(IF_RANGE, v);
            }
        }
        let mut resp = req.send().await.map_err(|e| send_failure(Operation::Output, e))?;
        if let Err(why) = check_scheme(resp.url()) {
            return Err((
                Outcome::Answered,
                download(format!("redirected to {}: {why}", resp.url())),
            ));
        }
        let status = resp.status().as_u16();
        if !resp.status().is_success() {
            if status == 416 {
                // The part file does not fit the file any more: start again.
                part.truncate().map_err(|e| (Outcome::Answered, e))?;
                resume.ranges = false;
                return Err((
                    Outcome::LostAfterSend,
                    download("HTTP 416 on a resumed download".into()),
                ));
            }
            let retry_after = resp
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| crate::retry::parse_retry_after(v, SystemTime::now()));
            return Err((
                Outcome::Http(status),
                download(format!("HTTP {status}"))
                    .with_http(status, None)
                    .with_retry_after(retry_after),
            ));
        }
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let appending = ranged
            && status == 206
            && header(CONTENT_RANGE)
                .and_then(|r| content_range_start(&r))
                .is_some_and(|start| start == part.len);
        if !appending {
            part.truncate().map_err(|e| (Outcome::Answered, e))?;
        }
        // Only a strong validator may resume a download (RFC 9110, If-Range).
        resume.validator = header(ETAG)
            .filter(|e| !e.starts_with("W/"))
            .or_else(|| header(LAST_MODIFIED));
        resume.ranges =
            resume.validator.is_some() || header(ACCEPT_RANGES).is_some_and(|v| v.trim().eq_ignore_ascii_case("bytes"));
        let expected = resp.content_length().map(|n| n + part.len);
        if let Some(n) = expected.filter(|n| *n > max_bytes) {
            return Err((
                Outcome::Answered,
                download(format!("{n} bytes, above the cap of {max_bytes}")),
            ));
        }
        while let Some(chunk) = resp.chunk().await.map_err(|e| send_failure(Operation::Output, e))? {
            if part.len + chunk.len() as u64 > max_bytes {
                return Err((
                    Outcome::Answered,
                    download(format!("more than the cap of {max_bytes} bytes")),
                ));
            }
            part.write(&chunk).map_err(|e| (Outcome::Answered, e))?;
        }
        match expected {
            Some(n) if n != part.len => Err((
                Outcome::LostAfterSend,
                download(format!("the answer ended after {} of {n} bytes", part.len)),
            )),
            _ => Ok(()),
        }
    }
}

/// The first byte of `bytes START-END/TOTAL`.
fn content_range_start(header: &str) -> Option<u64> {
    let spec = header.trim().strip_prefix("bytes")?.trim();
    spec.split('-').next()?.trim().parse().ok()
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
        for id in [long_a.as_str(), long_b.as_str(), "../x", "..x", "/x", "a b", "a_b"] {
            for i in 0..3 {
                let name = output_file_name(id, i, OutputKind::Image, &url);
                assert!(!name.contains('/') && !name.starts_with('.'), "{name}");
                assert!(name.ends_with(".png"), "{name}");
                assert!(names.insert(name.clone()), "{name} twice");
            }
        }
        assert_eq!(content_range_start("bytes 100-199/1000"), Some(100));
        assert_eq!(content_range_start("items 1-2/3"), None);
    }
}
