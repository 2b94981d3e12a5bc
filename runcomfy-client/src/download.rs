//! Downloading outputs: streamed to a directory, size-capped, atomically renamed, without
//! the API token.

use std::io::Write;
use std::path::{Path, PathBuf};

use reqwest::header::{CONTENT_LENGTH, USER_AGENT};
use runcomfy_schema::{Output, OutputKind};
use url::Url;

use crate::client::check_scheme;
use crate::{Client, Endpoint, Error, JobOutput};

/// Options of [`Client::download`].
///
/// ```
/// let opts = runcomfy_client::DownloadOptions::default().max_bytes(10 << 20);
/// assert_eq!(opts.max_bytes, 10 << 20);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadOptions {
    /// Largest file accepted; a larger one fails (and leaves no file). Default 4 GiB.
    pub max_bytes: u64,
}

impl Default for DownloadOptions {
    fn default() -> Self {
        Self { max_bytes: 4 << 30 }
    }
}

impl DownloadOptions {
    /// Sets the size cap.
    pub fn max_bytes(mut self, n: u64) -> Self {
        self.max_bytes = n;
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

fn file_name_for(request_id: &str, index: usize, kind: OutputKind, url: &Url) -> String {
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
    safe_file_name(&format!("{request_id}-{index}.{}", ext.to_ascii_lowercase()))
}

impl Client {
    /// Downloads every output URL of a finished job into `dir` as
    /// `<request_id>-<n>.<ext>`. Each file is streamed to a temporary file in `dir` and renamed
    /// into place only when complete, so a failure leaves no partial file; one failed file
    /// does not stop the others. No `Authorization` header is sent to output hosts; plain
    /// http is allowed only to loopback.
    pub async fn download<E: Endpoint<Output = Output>>(
        &self,
        job: &JobOutput<E>,
        dir: &Path,
        opts: &DownloadOptions,
    ) -> Vec<Result<Downloaded, Error>> {
        self.download_output(&job.request_id, &job.output, dir, opts).await
    }

    /// [`Client::download`] for an [`Output`] and its request id.
    pub async fn download_output(
        &self,
        request_id: &str,
        output: &Output,
        dir: &Path,
        opts: &DownloadOptions,
    ) -> Vec<Result<Downloaded, Error>> {
        let jobs = output.urls().enumerate().map(|(i, (kind, url))| async move {
            let parsed = Url::parse(url).map_err(|e| Error::Download {
                url: url.to_owned(),
                message: e.to_string(),
                request_id: Some(request_id.to_owned()),
            })?;
            let path = dir.join(file_name_for(request_id, i, kind, &parsed));
            let bytes = self
                .download_to(parsed, &path, opts.max_bytes)
                .await
                .map_err(|e| e.with_request_id(request_id))?;
            Ok(Downloaded {
                url: url.to_owned(),
                kind,
                path,
                bytes,
            })
        });
        futures_util::future::join_all(jobs).await
    }

    /// Streams one URL to `path` (atomic rename, size cap); returns its size.
    pub async fn download_to(&self, url: Url, path: &Path, max_bytes: u64) -> Result<u64, Error> {
        let failed = |message: String| Error::Download {
            url: url.to_string(),
            message,
            request_id: None,
        };
        check_scheme(&url).map_err(failed)?;
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut resp = self
            .inner
            .downloads
            .get(url.clone())
            .header(USER_AGENT, &self.inner.user_agent)
            .send()
            .await
            .map_err(|e| failed(e.to_string()))?;
        if !resp.status().is_success() {
            return Err(failed(format!("HTTP {}", resp.status().as_u16())));
        }
        let announced = resp
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if let Some(n) = announced.filter(|n| *n > max_bytes) {
            return Err(failed(format!("{n} bytes, above the cap of {max_bytes}")));
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(".runcomfy-").suffix(".part");
        // Temporary files are private (0600); a downloaded output is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(std::fs::Permissions::from_mode(0o644));
        }
        let mut tmp = builder
            .tempfile_in(dir)
            .map_err(|e| failed(format!("temporary file in {}: {e}", dir.display())))?;
        let mut written = 0u64;
        // The temporary file is deleted on every early return.
        while let Some(chunk) = resp.chunk().await.map_err(|e| failed(e.to_string()))? {
            written += chunk.len() as u64;
            if written > max_bytes {
                return Err(failed(format!("more than the cap of {max_bytes} bytes")));
            }
            tmp.write_all(&chunk).map_err(|e| failed(e.to_string()))?;
        }
        if let Some(n) = announced.filter(|n| *n != written) {
            return Err(failed(format!("got {written} of {n} bytes")));
        }
        tmp.as_file().sync_all().map_err(|e| failed(e.to_string()))?;
        tmp.persist(path)
            .map_err(|e| failed(format!("rename to {}: {}", path.display(), e.error)))?;
        Ok(written)
    }
}
