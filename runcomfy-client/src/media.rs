//! Media inputs: a public URL, a local file or bytes (sent as a `data:` URI), and reading
//! local files with a size cap. Before a submit the client checks every media input against
//! its field's `validations` rules (see [`Client::preflight`](crate::Client::preflight)).

use std::path::Path;

use reqwest::header::{CONTENT_LENGTH, CONTENT_RANGE, RANGE, USER_AGENT};
pub use runcomfy_schema::MediaInput;
use runcomfy_schema::{MediaFacts, MediaKind, MediaRef, Violation, Violations};
use runcomfy_wire::Operation;
use url::Url;

use crate::client::check_scheme;
use crate::{Client, Error, ErrorKind};

/// How many bytes a remote pre-check fetches: enough for any image header.
pub(crate) const PROBE_BYTES: u64 = 64 * 1024;

/// The largest local file turned into a `data:` URI by default (the whole JSON body must stay
/// well under the API's 64 MiB).
pub const DEFAULT_MAX_INLINE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a whole local file (or `-` for stdin), refusing more than `max_bytes`: only a
/// regular file is read (a FIFO, device or socket is an error, without blocking), and the read
/// stops at the limit, so an endless pipe on stdin is an error, not an out-of-memory abort. A file that cannot be opened or read is [`ErrorKind::Io`]; one that is too large is
/// [`ErrorKind::Validation`].
///
/// ```
/// let err = runcomfy_client::media::read_file(std::path::Path::new("/dev/zero"), 1024).unwrap_err();
/// assert!(err.to_string().contains("not a regular file"), "{err}");
/// let dir = tempfile::tempdir().unwrap();
/// let big = dir.path().join("big");
/// std::fs::write(&big, vec![0u8; 2048]).unwrap();
/// let err = runcomfy_client::media::read_file(&big, 1024).unwrap_err();
/// assert!(err.to_string().contains("larger than 1024 bytes"), "{err}");
/// ```
pub fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Error> {
    use runcomfy_schema::local_file::{self, ErrorKind as Local};
    let read = if path.as_os_str() == "-" {
        local_file::read_capped(std::io::stdin().lock(), max_bytes, path)
    } else {
        // Regular files only, opened without blocking (a FIFO or device is an error, not a
        // hang), never read past the cap.
        local_file::read(path, max_bytes)
    };
    read.map_err(|e| match e.kind() {
        Local::TooLarge { .. } => Error::invalid_at("", "", e.to_string()).with_path(path),
        _ => Error::new(ErrorKind::Io, format!("cannot read {e}")).with_path(path),
    })
}

/// Reads a local file into a base64 `data:` URI, refusing files above `max_bytes` (without
/// reading more than that). The MIME type comes from the image header, else from the
/// extension (see [`from_bytes`]).
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
    Ok(from_bytes(&bytes, &path.to_string_lossy()))
}

/// Wraps bytes as a `data:` URI. The MIME type is read from the image header when there is
/// one, else from the extension of `file_name` (`clip.mp4` -> `video/mp4`; png, jpg, webp,
/// gif, mp4, mov, webm, avi, wav, mp3, ogg), else `application/octet-stream`.
///
/// ```
/// use runcomfy_client::media::from_bytes;
/// let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x08\x08\x02\0\0\0";
/// assert!(from_bytes(png, "").as_str().starts_with("data:image/png;base64,"));
/// assert!(from_bytes(b"....", "clip.MP4").as_str().starts_with("data:video/mp4;base64,"));
/// assert!(from_bytes(b"....", "notes").as_str().starts_with("data:application/octet-stream;base64,"));
/// ```
pub fn from_bytes(bytes: &[u8], file_name: &str) -> MediaInput {
    let ext = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let mime = imagesize::image_type(bytes)
        .ok()
        .and_then(mime_of)
        .unwrap_or_else(|| mime_from_ext(ext));
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
fn mime_from_ext(ext: &str) -> &'static str {
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
fn facts_of(head: &[u8], total: Option<u64>, kind: MediaKind) -> MediaFacts {
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
pub(crate) struct Probe {
    /// The measurements.
    pub(crate) facts: MediaFacts,
    /// Body bytes actually read.
    pub(crate) bytes_read: u64,
}

impl Client {
    /// Measures a remote media file by fetching only its first [`PROBE_BYTES`] (an HTTP
    /// `Range` request) and reading its total length from `Content-Range` (or
    /// `Content-Length`). A server that ignores `Range` is read only up to the same limit
    /// before the connection is dropped. No `Authorization` header is sent; every redirect
    /// hop is checked like a download's.
    pub(crate) async fn probe_media(&self, url: &str, kind: MediaKind) -> Result<Probe, Error> {
        let failed = |message: String| {
            Error::new(ErrorKind::Protocol, message)
                .with_operation(Operation::Output)
                .with_url(url)
        };
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
            .map_err(|e| crate::client::send_failure(Operation::Output, e).1.with_url(url))?;
        if !resp.status().is_success() {
            let status = resp.status().as_u16();
            return Err(Error::new(ErrorKind::HttpStatus, format!("HTTP {status}"))
                .with_http(status, None)
                .with_operation(Operation::Output)
                .with_url(url));
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
            match resp
                .chunk()
                .await
                .map_err(|e| crate::client::send_failure(Operation::Output, e).1.with_url(url))?
            {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_come_from_the_header_and_the_length() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x08\x08\x02\0\0\0";
        let f = facts_of(png, Some(5_000), MediaKind::Image);
        assert_eq!((f.width, f.height, f.bytes), (Some(16), Some(8), Some(5_000)));
        assert_eq!(mime_from_ext("JPEG"), "image/jpeg");
    }

    /// A header-only PNG of this size.
    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        v.extend_from_slice(&width.to_be_bytes());
        v.extend_from_slice(&height.to_be_bytes());
        v.extend_from_slice(b"\x08\x02\0\0\0\0\0\0\0");
        v
    }

    fn client_for(base: &str) -> Client {
        Client::builder()
            .token("media-test-token")
            .base_url(base)
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn a_remote_image_is_measured_from_its_first_bytes() {
        let sim = runcomfy_sim::start(runcomfy_sim::SimConfig {
            clock: runcomfy_sim::ClockMode::Accelerated(50.0),
            ..runcomfy_sim::SimConfig::for_tests("media-test-token")
        })
        .await
        .unwrap();
        let client = client_for(sim.base_url());
        let schema = crate::resolve::compiled("blackforestlabs/flux-1-schnell/text-to-image").unwrap();
        let request = crate::DynamicRequest::new(schema, serde_json::json!({"prompt": "big"}));
        let out = client.run(&request).await.unwrap();
        let url = out.output.image.clone().unwrap();
        // The full file, for comparison.
        let full = reqwest::get(&url).await.unwrap().bytes().await.unwrap();
        let before = sim.accounting().output_bytes_served;
        let probe = client.probe_media(&url, MediaKind::Image).await.unwrap();
        let served = sim.accounting().output_bytes_served - before;
        let size = imagesize::blob_size(&full).unwrap();
        assert_eq!(probe.facts.width, Some(size.width as u64));
        assert_eq!(probe.facts.height, Some(size.height as u64));
        assert_eq!(
            probe.facts.bytes,
            Some(full.len() as u64),
            "total length from Content-Range"
        );
        assert!(probe.bytes_read <= PROBE_BYTES);
        assert!(served <= PROBE_BYTES, "served {served} of {}", full.len());
        assert!((full.len() as u64) > served, "never the whole file");
        assert_eq!(sim.accounting().output_requests_with_auth, 0);
    }

    /// A one-connection file server for a 16 MiB PNG; returns how many body bytes it wrote.
    async fn serve_16mb(honour_range: bool) -> (String, tokio::task::JoinHandle<u64>) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        const TOTAL: usize = 16 * 1024 * 1024;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/big.png", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 4096];
            let n = sock.read(&mut buf).await.unwrap();
            let head = String::from_utf8_lossy(&buf[..n]).to_ascii_lowercase();
            let mut body = png(7000, 5000);
            body.resize(TOTAL, 0);
            let (status, body) = match head.find("range: bytes=0-") {
                Some(_) if honour_range => {
                    let end = 65535;
                    let h = format!(
                        "HTTP/1.1 206 Partial Content\r\nContent-Length: {}\r\nContent-Range: bytes 0-{end}/{TOTAL}\r\n\r\n",
                        end + 1
                    );
                    (h, &body[..=end])
                }
                _ => (format!("HTTP/1.1 200 OK\r\nContent-Length: {TOTAL}\r\n\r\n"), &body[..]),
            };
            sock.write_all(status.as_bytes()).await.unwrap();
            let mut written = 0u64;
            for chunk in body.chunks(16 * 1024) {
                if sock.write_all(chunk).await.is_err() {
                    break;
                }
                written += chunk.len() as u64;
            }
            written
        });
        (url, task)
    }

    #[tokio::test]
    async fn pre_checking_a_16_mib_remote_image_reads_only_its_head() {
        let client = client_for("http://127.0.0.1:9/v1");
        for honour_range in [true, false] {
            let (url, server) = serve_16mb(honour_range).await;
            let probe = client.probe_media(&url, MediaKind::Image).await.unwrap();
            assert_eq!(probe.facts.width, Some(7000));
            assert_eq!(probe.facts.bytes, Some(16 * 1024 * 1024));
            assert!(probe.bytes_read <= PROBE_BYTES);
            let written = server.await.unwrap();
            if honour_range {
                assert_eq!(written, 65536);
            } else {
                assert!(
                    written < 16 * 1024 * 1024,
                    "the connection was dropped early ({written})"
                );
            }
        }
    }
}
