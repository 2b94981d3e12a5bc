//! The one error type of the client: a kind, the request id (stored once), what the server
//! said, and the underlying cause kept as a source chain.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use runcomfy_schema::{Constraint, Violation, Violations};
use runcomfy_wire::{ErrorBody, Operation};

use crate::job::CancelOutcome;

/// What happened. Where it happened is [`Error::operation`] (submit, status, result,
/// cancel, download, catalog); which job, [`Error::request_id`].
///
/// Grouped: nothing was sent ([`Validation`](ErrorKind::Validation),
/// [`Config`](ErrorKind::Config)); the connection ([`Connect`](ErrorKind::Connect),
/// [`Timeout`](ErrorKind::Timeout), [`ConnectionLost`](ErrorKind::ConnectionLost),
/// [`Protocol`](ErrorKind::Protocol)); the API said no ([`Auth`](ErrorKind::Auth),
/// [`InsufficientBalance`](ErrorKind::InsufficientBalance),
/// [`NotFound`](ErrorKind::NotFound), [`Rejected`](ErrorKind::Rejected),
/// [`RateLimited`](ErrorKind::RateLimited), [`Server`](ErrorKind::Server)) or another host did
/// ([`HttpStatus`](ErrorKind::HttpStatus)); the job ([`JobFailed`](ErrorKind::JobFailed),
/// [`Cancelled`](ErrorKind::Cancelled), [`UnknownStatus`](ErrorKind::UnknownStatus),
/// [`NotFinished`](ErrorKind::NotFinished),
/// [`DeadlineExceeded`](ErrorKind::DeadlineExceeded),
/// [`SubmitOutcomeUnknown`](ErrorKind::SubmitOutcomeUnknown),
/// [`Interrupted`](ErrorKind::Interrupted)); the local disk ([`Io`](ErrorKind::Io)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request (its body, a media input, the model id or a request id) breaks a rule;
    /// nothing was sent. [`Error::violations`] lists every problem of a request.
    Validation,
    /// The client is misconfigured (no token, bad base URL, plain http to a remote host).
    Config,
    /// No connection could be made (refused, DNS, TLS, the connect timeout): the call never
    /// reached the server.
    Connect,
    /// A call or a download took longer than allowed (the request timeout, or a download
    /// that stopped sending for the idle timeout).
    Timeout,
    /// The connection broke after the request was sent (reset, answer cut off).
    ConnectionLost,
    /// The answer is not what the contract says: not the JSON expected, larger than the client
    /// reads, about another request id, or a download that does not fit the bytes already
    /// fetched.
    Protocol,
    /// The token was refused (HTTP 401/403, error code 400004 or 403001).
    Auth,
    /// The account has no balance (HTTP 402 or error code 400002).
    InsufficientBalance,
    /// Unknown or expired request id, or unknown model (HTTP 404, code 404001).
    NotFound,
    /// The server rejected the request (HTTP 400/413/422); [`Error::violations`] holds
    /// what its `detail` listed.
    Rejected,
    /// HTTP 429, after the retries allowed.
    RateLimited,
    /// HTTP 5xx (or a 5xx `error_code` in a 200 body), after the retries allowed.
    Server,
    /// A host other than the API (an output or media host) answered an HTTP error status
    /// ([`Error::http_status`]).
    HttpStatus,
    /// The job ended `failed`; the message is the server's error.
    JobFailed,
    /// The job was cancelled (or, in a runner, never submitted because the run was
    /// cancelled: then there is no request id).
    Cancelled,
    /// The server reported a status word this client does not know, or an empty one: the
    /// call fails rather than report a success or wait forever.
    UnknownStatus,
    /// `result` was asked before the job finished (the server answered with the current
    /// status, or with error code `400005` "not completed yet", as the public docs show).
    NotFinished,
    /// The job's deadline passed (while waiting, or while downloading its outputs); the job
    /// may still run ([`Error::cancel_outcome`] says what a cancel asked for by the wait did).
    DeadlineExceeded,
    /// A submit failed after its body may have reached the server. The job may exist and
    /// may be charged; it is **not** retried (the API has no idempotency key).
    SubmitOutcomeUnknown,
    /// A local file or directory could not be read or written (output directory, input
    /// file, media file); [`Error::path`] names it.
    Io,
    /// The caller interrupted the job (e.g. Ctrl-C); [`Error::cancel_outcome`] says what
    /// the remote cancel did.
    Interrupted,
}

impl ErrorKind {
    /// The kind in words, as messages begin (`job failed`, `timed out`, `submit outcome
    /// unknown`, ...): for records and logs that keep the kind apart from the message.
    pub fn word(self) -> &'static str {
        match self {
            ErrorKind::Validation => "invalid request",
            ErrorKind::Config => "client configuration",
            ErrorKind::Connect => "could not connect",
            ErrorKind::Timeout => "timed out",
            ErrorKind::ConnectionLost => "connection lost",
            ErrorKind::Protocol => "protocol error",
            ErrorKind::Auth => "not authorized",
            ErrorKind::InsufficientBalance => "insufficient balance",
            ErrorKind::NotFound => "not found",
            ErrorKind::Rejected => "rejected by the server",
            ErrorKind::RateLimited => "rate limited",
            ErrorKind::Server => "server error",
            ErrorKind::HttpStatus => "HTTP error",
            ErrorKind::JobFailed => "job failed",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::UnknownStatus => "unknown job status",
            ErrorKind::NotFinished => "job not finished yet",
            ErrorKind::DeadlineExceeded => "deadline passed",
            ErrorKind::SubmitOutcomeUnknown => "submit outcome unknown",
            ErrorKind::Io => "file system",
            ErrorKind::Interrupted => "interrupted",
        }
    }
}

/// The name of an operation as errors show it (`download` for an output file).
fn operation_name(op: Operation) -> &'static str {
    match op {
        Operation::Output => "download",
        other => other.name(),
    }
}

/// A client error. Every error that can happen after a job was accepted carries its
/// request id ([`Error::request_id`]), so a caller can always find, re-attach or cancel it.
/// The underlying cause (an HTTP or I/O error) is kept as [`std::error::Error::source`].
///
/// The API token never appears in an error: server text that echoes it is redacted.
///
/// ```
/// use runcomfy_client::{Error, ErrorKind};
/// let e = Error::new(ErrorKind::JobFailed, "out of memory").with_request_id("r-1");
/// assert_eq!(e.kind(), ErrorKind::JobFailed);
/// assert_eq!(e.request_id(), Some("r-1"));
/// assert!(e.is_job_failed());
/// assert_eq!(e.to_string(), "job failed: out of memory (request r-1)");
/// ```
///
/// An error of a call names the call: `timed out during download: ...`,
/// `could not connect during status: ...` ([`Error::operation`]).
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    message: String,
    operation: Option<Operation>,
    request_id: Option<String>,
    model_id: Option<String>,
    http_status: Option<u16>,
    code: Option<i64>,
    violations: Option<Violations>,
    retry_after: Option<Duration>,
    url: Option<String>,
    path: Option<PathBuf>,
    cancel: Option<CancelOutcome>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    /// An error of `kind` with a message for people.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                operation: None,
                request_id: None,
                model_id: None,
                http_status: None,
                code: None,
                violations: None,
                retry_after: None,
                url: None,
                path: None,
                cancel: None,
                source: None,
            }),
        }
    }

    /// An [`ErrorKind::Validation`] error for `model_id` listing `violations`.
    pub fn invalid_request(model_id: &str, violations: Violations) -> Error {
        let mut e = Error::new(ErrorKind::Validation, violations.to_string());
        e.inner.model_id = (!model_id.is_empty()).then(|| model_id.to_owned());
        e.inner.violations = Some(violations);
        e
    }

    /// An [`ErrorKind::Validation`] error with one violation at `pointer`.
    pub(crate) fn invalid_at(model_id: &str, pointer: &str, message: String) -> Error {
        Error::invalid_request(
            model_id,
            Violations::from(Violation::new(pointer, Constraint::Request { message })),
        )
    }

    /// An [`ErrorKind::Io`] error about `path`, caused by `source`.
    pub(crate) fn io(what: impl fmt::Display, path: &Path, source: std::io::Error) -> Error {
        Error::new(ErrorKind::Io, format!("{what} {}", path.display()))
            .with_path(path)
            .with_source(source)
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The message, without the kind prefix, status or request id.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The call that failed (`Operation::Output` is the download of an output file), when the
    /// error comes from one.
    pub fn operation(&self) -> Option<Operation> {
        self.inner.operation
    }

    /// The request id of the job this error concerns, when one is known.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// The model id concerned, when known.
    pub fn model_id(&self) -> Option<&str> {
        self.inner.model_id.as_deref()
    }

    /// The HTTP status of the answer (200 when an error body came with HTTP 200).
    pub fn http_status(&self) -> Option<u16> {
        self.inner.http_status
    }

    /// The API's `error_code`.
    pub fn code(&self) -> Option<i64> {
        self.inner.code
    }

    /// Every violation: the client's own check ([`ErrorKind::Validation`]) or the
    /// server's 422 `detail` ([`ErrorKind::Rejected`]).
    pub fn violations(&self) -> Option<&Violations> {
        self.inner.violations.as_ref()
    }

    /// The server's `Retry-After`, if it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// The URL concerned (a download, a media input).
    pub fn url(&self) -> Option<&str> {
        self.inner.url.as_deref()
    }

    /// The local path concerned ([`ErrorKind::Io`]).
    pub fn path(&self) -> Option<&Path> {
        self.inner.path.as_deref()
    }

    /// What the remote cancel did, for [`ErrorKind::DeadlineExceeded`] and
    /// [`ErrorKind::Interrupted`] when one was sent.
    pub fn cancel_outcome(&self) -> Option<CancelOutcome> {
        self.inner.cancel
    }

    /// [`ErrorKind::SubmitOutcomeUnknown`]: the job may exist; never resend blindly.
    pub fn is_submit_outcome_unknown(&self) -> bool {
        self.kind() == ErrorKind::SubmitOutcomeUnknown
    }

    /// [`ErrorKind::Validation`]: nothing was sent.
    pub fn is_validation(&self) -> bool {
        self.kind() == ErrorKind::Validation
    }

    /// [`ErrorKind::NotFound`].
    pub fn is_not_found(&self) -> bool {
        self.kind() == ErrorKind::NotFound
    }

    /// [`ErrorKind::Auth`].
    pub fn is_auth(&self) -> bool {
        self.kind() == ErrorKind::Auth
    }

    /// [`ErrorKind::Timeout`] or [`ErrorKind::DeadlineExceeded`].
    pub fn is_timeout(&self) -> bool {
        matches!(self.kind(), ErrorKind::Timeout | ErrorKind::DeadlineExceeded)
    }

    /// [`ErrorKind::JobFailed`].
    pub fn is_job_failed(&self) -> bool {
        self.kind() == ErrorKind::JobFailed
    }

    /// [`ErrorKind::Cancelled`].
    pub fn is_cancelled(&self) -> bool {
        self.kind() == ErrorKind::Cancelled
    }

    /// [`ErrorKind::Interrupted`].
    pub fn is_interrupted(&self) -> bool {
        self.kind() == ErrorKind::Interrupted
    }

    /// [`ErrorKind::Connect`]: the call never reached the server.
    pub fn is_connect(&self) -> bool {
        self.kind() == ErrorKind::Connect
    }

    /// Is it worth trying the same thing again later (rate limit, 5xx, a connection that
    /// failed or broke, a timeout)? Never true for a submit whose outcome is unknown.
    pub fn is_transient(&self) -> bool {
        match self.kind() {
            ErrorKind::RateLimited
            | ErrorKind::Server
            | ErrorKind::Connect
            | ErrorKind::ConnectionLost
            | ErrorKind::Timeout => true,
            ErrorKind::HttpStatus => self.http_status().is_some_and(|s| s == 429 || s >= 500),
            _ => false,
        }
    }

    /// Sets the request id if none is set yet (the first one wins).
    pub fn with_request_id(mut self, id: &str) -> Error {
        if self.inner.request_id.is_none() {
            self.inner.request_id = Some(id.to_owned());
        }
        self
    }

    /// Sets the model id if none is set yet.
    pub fn with_model_id(mut self, model_id: &str) -> Error {
        if self.inner.model_id.is_none() {
            self.inner.model_id = Some(model_id.to_owned());
        }
        self
    }

    /// Sets the operation if none is set yet.
    pub(crate) fn with_operation(mut self, op: Operation) -> Error {
        if self.inner.operation.is_none() {
            self.inner.operation = Some(op);
        }
        self
    }

    pub(crate) fn with_http(mut self, status: u16, code: Option<i64>) -> Error {
        self.inner.http_status = Some(status);
        self.inner.code = code;
        self
    }

    pub(crate) fn with_violations(mut self, violations: Violations) -> Error {
        self.inner.violations = Some(violations);
        self
    }

    pub(crate) fn with_retry_after(mut self, d: Option<Duration>) -> Error {
        self.inner.retry_after = d;
        self
    }

    pub(crate) fn with_url(mut self, url: impl Into<String>) -> Error {
        self.inner.url = Some(url.into());
        self
    }

    pub(crate) fn with_path(mut self, path: &Path) -> Error {
        self.inner.path = Some(path.to_owned());
        self
    }

    pub(crate) fn with_cancel(mut self, outcome: Option<CancelOutcome>) -> Error {
        self.inner.cancel = outcome;
        self
    }

    pub(crate) fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Error {
        self.inner.source = Some(Box::new(source));
        self
    }

    /// The message followed by every cause, `: `-separated (for one-line logs and CLIs). A
    /// cause whose text is already shown is left out, so no message appears twice.
    ///
    /// ```
    /// use runcomfy_client::{Error, ErrorKind};
    /// let e = Error::new(ErrorKind::ConnectionLost, "error sending request");
    /// assert_eq!(e.display_chain(), "connection lost: error sending request");
    /// ```
    pub fn display_chain(&self) -> String {
        let mut out = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(s) = source {
            let text = s.to_string();
            let text = text.trim();
            // Many causes repeat their own cause in their text (`a: b` then `b`): a part
            // already shown adds nothing.
            let new: Vec<&str> = text
                .split(": ")
                .filter(|part| !part.is_empty() && !out.contains(part))
                .collect();
            if !new.is_empty() {
                out.push_str(": ");
                out.push_str(&new.join(": "));
            }
            source = s.source();
        }
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.write_str(i.kind.word())?;
        if let Some(op) = i.operation {
            write!(f, " during {}", operation_name(op))?;
        }
        if i.kind == ErrorKind::Validation
            && let Some(model) = &i.model_id
        {
            write!(f, " for {model}")?;
        }
        match (i.http_status, i.code) {
            (Some(s), Some(c)) => write!(f, " (HTTP {s}, code {c})")?,
            (Some(s), None) => write!(f, " (HTTP {s})")?,
            (None, Some(c)) => write!(f, " (code {c})")?,
            (None, None) => {}
        }
        if !i.message.is_empty() {
            write!(f, ": {}", i.message)?;
        }
        if let Some(url) = &i.url
            && !i.message.contains(url.as_str())
        {
            write!(f, " [{url}]")?;
        }
        if let Some(d) = i.retry_after {
            write!(f, " (retry after {d:?})")?;
        }
        if let Some(c) = i.cancel {
            write!(f, "; cancel: {c}")?;
        }
        if let Some(id) = &i.request_id {
            write!(f, " (request {id})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        let mut d = f.debug_struct("Error");
        d.field("kind", &i.kind).field("message", &i.message);
        if let Some(op) = i.operation {
            d.field("operation", &op);
        }
        if let Some(id) = &i.request_id {
            d.field("request_id", id);
        }
        if let Some(m) = &i.model_id {
            d.field("model_id", m);
        }
        if let Some(s) = i.http_status {
            d.field("http_status", &s);
        }
        if let Some(c) = i.code {
            d.field("code", &c);
        }
        if let Some(u) = &i.url {
            d.field("url", u);
        }
        if let Some(p) = &i.path {
            d.field("path", p);
        }
        if let Some(s) = &i.source {
            d.field("source", s);
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

/// The error for an HTTP status and an error body (`redact` cleans server text).
pub(crate) fn from_error_body(
    status: u16,
    body: &ErrorBody,
    retry_after: Option<Duration>,
    redact: &dyn Fn(&str) -> String,
) -> Error {
    let code = body.error_code;
    let message = redact(&body.error_message);
    let kind = match (status, code) {
        (_, Some(400_004 | 403_001)) | (401 | 403, _) => ErrorKind::Auth,
        (_, Some(400_002)) | (402, _) => ErrorKind::InsufficientBalance,
        (_, Some(404_001)) | (404, _) => ErrorKind::NotFound,
        // The documented answer to a result asked too early: not a failure, ask again later.
        (_, Some(400_005)) => ErrorKind::NotFinished,
        (429, _) | (_, Some(429_001)) => ErrorKind::RateLimited,
        (500..=599, _) | (_, Some(500_000..=599_999)) => ErrorKind::Server,
        (400..=499, _) | (_, Some(400_000..=499_999)) => ErrorKind::Rejected,
        _ => ErrorKind::Server,
    };
    let mut e = Error::new(kind, message)
        .with_http(status, code)
        .with_retry_after(retry_after);
    if kind == ErrorKind::Rejected {
        let (listed, total) = body.violations();
        if !listed.is_empty() {
            let mut v: Vec<Violation> = listed
                .into_iter()
                .map(|w| {
                    let message = redact(&w.message);
                    let keyword = redact(&w.keyword);
                    Violation::new(redact(&w.pointer), Constraint::Server { message, keyword })
                })
                .collect();
            if total > v.len() {
                v.push(Violation::new(
                    "",
                    Constraint::Server {
                        keyword: String::new(),
                        message: format!("... and {} more the server listed", total - v.len()),
                    },
                ));
            }
            e = e.with_violations(Violations(v));
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(status: u16, code: u32) -> Error {
        from_error_body(
            status,
            &ErrorBody::new(code, "m", serde_json::Value::Null),
            None,
            &|s| s.to_owned(),
        )
    }

    #[test]
    fn codes_map_to_kinds() {
        use ErrorKind::*;
        for (status, code, kind) in [
            (401, 400_004, Auth),
            (200, 400_004, Auth),
            (403, 403_001, Auth),
            (402, 400_002, InsufficientBalance),
            (200, 400_002, InsufficientBalance),
            (404, 404_001, NotFound),
            (429, 429_001, RateLimited),
            (503, 503_001, Server),
            (200, 500_001, Server),
            (422, 422_001, Rejected),
            (400, 400_001, Rejected),
            (400, 400_005, NotFinished),
            (200, 400_005, NotFinished),
        ] {
            let e = err(status, code);
            assert_eq!(e.kind(), kind, "{status} {code}");
            assert_eq!(e.http_status(), Some(status));
        }
    }

    #[test]
    fn request_id_is_attached_once_and_shown() {
        let e = err(503, 503_001).with_request_id("abc").with_request_id("zzz");
        assert_eq!(e.request_id(), Some("abc"));
        assert!(e.to_string().ends_with("(request abc)"), "{e}");
    }

    #[test]
    fn server_violations_are_kept_with_pointers_and_redacted() {
        let body = ErrorBody::new(
            422_001,
            "bad input for secret-XYZ",
            json!([{"pointer": "/promptImage", "message": "width/height< 2 (token secret-XYZ)", "keyword": "validations"}]),
        );
        let redact = |s: &str| s.replace("secret-XYZ", "<redacted>");
        let e = from_error_body(422, &body, None, &redact);
        assert_eq!(e.kind(), ErrorKind::Rejected);
        let v = e.violations().expect("violations");
        assert_eq!(v.iter().next().unwrap().pointer, "/promptImage");
        assert!(!format!("{e} {v}").contains("secret-XYZ"));
    }

    #[test]
    fn the_source_chain_is_kept() {
        let io = std::io::Error::new(std::io::ErrorKind::TimedOut, "operation timed out");
        let e = Error::new(ErrorKind::Timeout, "error sending request")
            .with_operation(Operation::Output)
            .with_source(io);
        assert!(std::error::Error::source(&e).is_some());
        assert_eq!(
            e.display_chain(),
            "timed out during download: error sending request: operation timed out"
        );
    }

    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);
    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|l| l as _)
        }
    }

    #[test]
    fn the_chain_never_repeats_a_message() {
        // As hyper and the OS word a refused connection: each layer repeats the next.
        let chain = Layer(
            "error sending request for url (http://127.0.0.1:9/v1)",
            Some(Box::new(Layer(
                "client error (Connect)",
                Some(Box::new(Layer(
                    "tcp connect error: Connection refused (os error 111)",
                    Some(Box::new(Layer("Connection refused (os error 111)", None))),
                ))),
            ))),
        );
        let e = Error::new(
            ErrorKind::Connect,
            "error sending request for url (http://127.0.0.1:9/v1)",
        )
        .with_operation(Operation::Status)
        .with_source(chain);
        let text = e.display_chain();
        assert_eq!(
            text,
            "could not connect during status: error sending request for url (http://127.0.0.1:9/v1): \
             client error (Connect): tcp connect error: Connection refused (os error 111)"
        );
        assert_eq!(text.matches("Connection refused").count(), 1, "{text}");
        assert_eq!(text.matches("error sending request").count(), 1, "{text}");
    }
}
