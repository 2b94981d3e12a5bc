//! Media inputs (URL, local file, bytes) and the pre-submit check of the endpoint's
//! `validations` rules.

use std::io::Read;
use std::path::Path;

use reqwest::header::{CONTENT_LENGTH, CONTENT_RANGE, RANGE, USER_AGENT};
use runcomfy_schema::{MediaFacts, MediaInput, MediaKind, MediaRef, Violation, Violations};
use url::Url;

use crate::client::check_scheme;
use crate::{Client, Error, ErrorKind};

/// How many bytes a remote pre-check fetches: enough for any image header.
pub const PROBE_BYTES: u64 = 64 * 1024;

/// The largest local file turned into a `data:` URI by default (the whole JSON body must stay
/// well under the API's 64 MiB).
pub const DEFAULT_MAX_INLINE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a whole local file (or `-` for stdin), refusing more than `max_bytes`: the read
/// stops at the limit, so `/dev/zero` or an endless pipe is an error, not an out-of-memory
/// abort. A file that cannot be opened or read is [`ErrorKind::Io`]; one that is too large is
/// [`ErrorKind::InvalidRequest`].
///
/// ```
/// let err = runcomfy_client::media::read_file(std::path::Path::new("/dev/zero"), 1024).unwrap_err();
/// assert!(err.to_string().contains("more than 1024 bytes"), "{err}");
/// ```
pub fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Error> {
    let too_large = || {
        Error::invalid_at(
            "",
            "",
            format!(
                "{} holds more than {max_bytes} bytes, the most accepted here",
                path.display()
            ),
        )
        .with_path(path)
    };
    if let Ok(meta) = std::fs::metadata(path)
        && meta.is_file()
        && meta.len() > max_bytes
    {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().lock().take(max_bytes + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(max_bytes + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| Error::io("cannot read", path, e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Reads a local file into a base64 `data:` URI, refusing files above `max_bytes` (without
/// reading more than that). The MIME type comes from the image header, else from the
/// extension.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("tiny.gif");
/// std::fs::write(&path, b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").unwrap();
/// let input = runcomfy_client::media::from_file(&path, 1024).unwrap();
/// assert!(input.as_str().starts_with("data:image/gif;base64,"));
/// assert!(runcomfy_client::media::from_file(&path, 4).is_err());
/// ```
pub fn from_file(path: &Path, max_bytes: u64) -> Result<MediaInput, Error> {
    let bytes = read_file(path, max_bytes)?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    Ok(from_bytes(&bytes, mime_from_ext(ext)))
}

/// Wraps bytes as a `data:` URI; the MIME type is read from the image header when there is
/// one, else `fallback_mime` is used.
///
/// ```
/// let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x08\x08\x02\0\0\0";
/// let input = runcomfy_client::media::from_bytes(png, "application/octet-stream");
/// assert!(input.as_str().starts_with("data:image/png;base64,"));
/// ```
pub fn from_bytes(bytes: &[u8], fallback_mime: &str) -> MediaInput {
    let mime = imagesize::image_type(bytes)
        .ok()
        .and_then(mime_of)
        .unwrap_or(fallback_mime);
    MediaInput::from_bytes(mime, bytes)
}

/// Parses an `https://` URL as a media input.
pub fn from_url(url: &str) -> Result<MediaInput, Error> {
    MediaInput::parse(url).map_err(|c| Error::invalid_request("", Violations::from(Violation::new("", c))))
}

fn mime_of(t: imagesize::ImageType) -> Option<&'static str> {
    use imagesize::ImageType as T;
    Some(match t {
        T::Png => "image/png",
        T::Jpeg => "image/jpeg",
        T::Gif => "image/gif",
        T::Webp => "image/webp",
        T::Bmp => "image/bmp",
        T::Tiff => "image/tiff",
        _ => return None,
    })
}

/// The MIME type usual for a file extension (`application/octet-stream` when unknown).
pub fn mime_from_ext(ext: &str) -> &'static str {
    match ext.to_ascii_lowercase().as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "mp4" => "video/mp4",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        "avi" => "video/x-msvideo",
        "wav" => "audio/wav",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        _ => "application/octet-stream",
    }
}

/// What can be measured from the first bytes of a media file and its total size.
///
/// ```
/// let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x08\x08\x02\0\0\0";
/// let f = runcomfy_client::media::facts_of(png, Some(5_000), runcomfy_client::MediaKind::Image);
/// assert_eq!((f.width, f.height, f.bytes), (Some(16), Some(8), Some(5_000)));
/// ```
pub fn facts_of(head: &[u8], total: Option<u64>, kind: MediaKind) -> MediaFacts {
    let size = matches!(kind, MediaKind::Image | MediaKind::Any)
        .then(|| imagesize::blob_size(head).ok())
        .flatten();
    MediaFacts {
        width: size.map(|s| s.width as u64),
        height: size.map(|s| s.height as u64),
        bytes: total,
    }
}

/// What a remote probe found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probe {
    /// The measurements.
    pub facts: MediaFacts,
    /// Body bytes actually read.
    pub bytes_read: u64,
}

impl Client {
    /// Measures a remote media file by fetching only its first [`PROBE_BYTES`] (an HTTP
    /// `Range` request) and reading its total length from `Content-Range` (or
    /// `Content-Length`). A server that ignores `Range` is read only up to the same limit
    /// before the connection is dropped. No `Authorization` header is sent; every redirect
    /// hop is checked like a download's.
    pub async fn probe_media(&self, url: &str, kind: MediaKind) -> Result<Probe, Error> {
        let failed = |message: String| Error::new(ErrorKind::Download, message).with_url(url);
        let parsed = Url::parse(url).map_err(|e| failed(e.to_string()))?;
        check_scheme(&parsed).map_err(failed)?;
        let mut resp = self
            .inner
            .downloads
            .get(parsed)
            .timeout(self.inner.request_timeout.max(self.inner.download_idle_timeout))
            .header(USER_AGENT, &self.inner.user_agent)
            .header(RANGE, format!("bytes=0-{}", PROBE_BYTES - 1))
            .send()
            .await
            .map_err(|e| failed(e.to_string()).with_source(e))?;
        if !resp.status().is_success() {
            return Err(failed(format!("HTTP {}", resp.status().as_u16())));
        }
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let total = match (resp.status().as_u16(), header(CONTENT_RANGE)) {
            (206, Some(range)) => range.rsplit('/').next().and_then(|t| t.trim().parse().ok()),
            _ => header(CONTENT_LENGTH).and_then(|l| l.trim().parse().ok()),
        };
        let mut head = Vec::new();
        while (head.len() as u64) < PROBE_BYTES {
            match resp.chunk().await.map_err(|e| failed(e.to_string()).with_source(e))? {
                Some(chunk) => head.extend_from_slice(&chunk),
                None => break,
            }
        }
        head.truncate(PROBE_BYTES as usize);
        let bytes_read = head.len() as u64;
        drop(resp);
        Ok(Probe {
            facts: facts_of(&head, total, kind),
            bytes_read,
        })
    }

    /// Checks URL media inputs against their field's `validations` with
    /// [`Client::probe_media`]. Each broken rule is a violation quoting the schema's
    /// `validation_error` and the measured value. A URL that cannot be probed is left to
    /// the server.
    pub(crate) async fn check_remote_media(&self, urls: &[MediaRef<'_>]) -> Vec<Violation> {
        let mut out = Vec::new();
        for media in urls.iter().filter(|m| !m.schema.rules.is_empty()) {
            let facts = match self.probe_media(media.value, media.schema.kind).await {
                Ok(p) => p.facts,
                Err(e) => {
                    tracing::debug!(pointer = %media.pointer, error = %e, "media probe failed; left to the server");
                    continue;
                }
            };
            out.extend(runcomfy_schema::inline_media::rule_violations(media, &facts));
        }
        out
    }
}
