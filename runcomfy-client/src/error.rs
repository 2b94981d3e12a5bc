//! The one error type of the client.

use std::fmt;
use std::time::Duration;

use runcomfy_schema::Violations;
use serde_json::Value;

use crate::job::CancelOutcome;

/// What went wrong. Every variant that can happen after a job was accepted carries its
/// request id ([`Error::request_id`]), so a caller can always find, re-attach or cancel it.
///
/// The API token never appears in any variant.
///
/// ```
/// use runcomfy_client::Error;
/// let e = Error::JobFailed { request_id: "r-1".into(), message: "out of memory".into() };
/// assert_eq!(e.request_id(), Some("r-1"));
/// assert_eq!(e.to_string(), "job failed: out of memory (request r-1)");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks the endpoint's schema (every violation); nothing was sent.
    #[error("invalid request for {model_id}: {violations}")]
    InvalidRequest {
        /// The endpoint.
        model_id: String,
        /// Every problem found, with JSON pointers.
        violations: Violations,
    },
    /// The client is misconfigured (no token, bad base URL, plain http to a remote host).
    #[error("client configuration: {0}")]
    Config(String),
    /// The token was refused (HTTP 401/403, error code 400004 or 403001).
    #[error("not authorized (HTTP {status}{}): {message}{}", code_suffix(*.code), rid(.request_id))]
    Auth {
        /// HTTP status (200 when the error came in a 200 body).
        status: u16,
        /// The API's `error_code`.
        code: Option<i64>,
        /// The API's `error_message`.
        message: String,
        /// The job concerned, if any.
        request_id: Option<String>,
    },
    /// The account has no balance (HTTP 402 or error code 400002).
    #[error("insufficient balance: {message}{}", rid(.request_id))]
    InsufficientBalance {
        /// The API's `error_message`.
        message: String,
        /// The job concerned, if any.
        request_id: Option<String>,
    },
    /// Unknown or expired request id, or unknown model (HTTP 404, code 404001).
    #[error("not found: {message}{}", rid(.request_id))]
    NotFound {
        /// The API's `error_message`.
        message: String,
        /// The job concerned, if any.
        request_id: Option<String>,
    },
    /// The server rejected the request body or model id (HTTP 400/413/422).
    #[error("rejected by the server (HTTP {status}{}): {message}{}", code_suffix(*.code), rid(.request_id))]
    Rejected {
        /// HTTP status.
        status: u16,
        /// The API's `error_code`.
        code: Option<i64>,
        /// The API's `error_message`.
        message: String,
        /// The API's `detail` (for 422: every violation the server found).
        detail: Box<Value>,
        /// The job concerned, if any.
        request_id: Option<String>,
    },
    /// HTTP 429, after the retries allowed.
    #[error("rate limited{}{}", .retry_after.map(|d| format!(" (retry after {d:?})")).unwrap_or_default(), rid(.request_id))]
    RateLimited {
        /// The server's `Retry-After`, if it sent one.
        retry_after: Option<Duration>,
        /// The job concerned, if any.
        request_id: Option<String>,
    },
    /// HTTP 5xx (or a 5xx `error_code` in a 200 body), after the retries allowed.
    #[error("server error (HTTP {status}{}): {message}{}", code_suffix(*.code), rid(.request_id))]
    Server {
        /// HTTP status.
        status: u16,
        /// The API's `error_code`.
        code: Option<i64>,
        /// The API's `error_message`.
        message: String,
        /// The job concerned, if any.
        request_id: Option<String>,
    },
    /// The connection failed, or the answer was cut off.
    #[error("transport error: {message}{}", rid(.request_id))]
    Transport {
        /// What the HTTP stack said (never holds the token).
        message: String,
        /// The job concerned, if any.
        request_id: Option<String>,
    },
    /// A call took longer than the request timeout.
    #[error("timed out{}", rid(.request_id))]
    Timeout {
        /// The job concerned, if any.
        request_id: Option<String>,
    },
    /// The server's answer was not the JSON expected.
    #[error("malformed answer: {message}{}", rid(.request_id))]
    Malformed {
        /// What did not parse.
        message: String,
        /// The job concerned, if any.
        request_id: Option<String>,
    },
    /// The job ended `failed`; `message` is the server's error.
    #[error("job failed: {message} (request {request_id})")]
    JobFailed {
        /// The job.
        request_id: String,
        /// The server's `error`.
        message: String,
    },
    /// The job was cancelled (or, in a runner, never submitted because the run was cancelled:
    /// then `request_id` is `None`).
    #[error("cancelled{}", rid(.request_id))]
    Cancelled {
        /// The job, if it was submitted.
        request_id: Option<String>,
    },
    /// The server reported a status this client does not know; waiting stops rather than
    /// looping forever.
    #[error("unknown job status {status:?} (request {request_id})")]
    UnknownStatus {
        /// The job.
        request_id: String,
        /// The status string as sent.
        status: String,
    },
    /// `result` was asked before the job finished.
    #[error("job not finished yet: {status} (request {request_id})")]
    NotFinished {
        /// The job.
        request_id: String,
        /// Its current status.
        status: String,
    },
    /// The wait's deadline passed; the job may still run (see `cancel`).
    #[error("deadline of {waited:?} passed (request {request_id}){}", .cancel.map(|c| format!("; cancel: {c}")).unwrap_or_default())]
    DeadlineExceeded {
        /// The job.
        request_id: String,
        /// How long the wait lasted.
        waited: Duration,
        /// What the cancel asked for by the wait did, if it asked.
        cancel: Option<CancelOutcome>,
    },
    /// A submit failed after its body may have reached the server. The job may exist and may
    /// be charged; it is **not** retried (the API has no idempotency key). Check the
    /// dashboard before submitting again.
    #[error("submit outcome unknown for {model_id}: {message}; the job may exist and is not resubmitted")]
    SubmitOutcomeUnknown {
        /// The endpoint.
        model_id: String,
        /// What happened on the wire.
        message: String,
    },
    /// An output file could not be downloaded.
    #[error("download of {url} failed: {message}{}", rid(.request_id))]
    Download {
        /// The output URL.
        url: String,
        /// Why.
        message: String,
        /// The job the output belongs to.
        request_id: Option<String>,
    },
}

fn rid(id: &Option<String>) -> String {
    id.as_deref().map(|id| format!(" (request {id})")).unwrap_or_default()
}

fn code_suffix(code: Option<i64>) -> String {
    code.map(|c| format!(", code {c}")).unwrap_or_default()
}

impl Error {
    /// The request id of the job this error concerns, when one is known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Auth { request_id, .. }
            | Error::InsufficientBalance { request_id, .. }
            | Error::NotFound { request_id, .. }
            | Error::Rejected { request_id, .. }
            | Error::RateLimited { request_id, .. }
            | Error::Server { request_id, .. }
            | Error::Transport { request_id, .. }
            | Error::Timeout { request_id }
            | Error::Malformed { request_id, .. }
            | Error::Cancelled { request_id }
            | Error::Download { request_id, .. } => request_id.as_deref(),
            Error::JobFailed { request_id, .. }
            | Error::UnknownStatus { request_id, .. }
            | Error::NotFinished { request_id, .. }
            | Error::DeadlineExceeded { request_id, .. } => Some(request_id),
            Error::InvalidRequest { .. } | Error::Config(_) | Error::SubmitOutcomeUnknown { .. } => None,
        }
    }

    /// Attaches `id` to an error that has room for one and none yet.
    pub(crate) fn with_request_id(mut self, id: &str) -> Error {
        match &mut self {
            Error::Auth { request_id, .. }
            | Error::InsufficientBalance { request_id, .. }
            | Error::NotFound { request_id, .. }
            | Error::Rejected { request_id, .. }
            | Error::RateLimited { request_id, .. }
            | Error::Server { request_id, .. }
            | Error::Transport { request_id, .. }
            | Error::Timeout { request_id }
            | Error::Malformed { request_id, .. }
            | Error::Cancelled { request_id }
            | Error::Download { request_id, .. }
                if request_id.is_none() =>
            {
                *request_id = Some(id.to_owned());
            }
            _ => {}
        }
        self
    }
}

/// The API's error body: `{error_code, error_message, detail}`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiErrorBody {
    pub code: Option<i64>,
    pub message: String,
    pub detail: Value,
}

impl ApiErrorBody {
    /// Reads an error body, if `value` is one (it has an `error_code`).
    pub(crate) fn from_value(value: &Value) -> Option<ApiErrorBody> {
        let obj = value.as_object()?;
        let code = obj.get("error_code")?;
        let code = match code {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        let message = match obj.get("error_message") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::from("(no message)"),
            Some(other) => other.to_string(),
        };
        Some(ApiErrorBody {
            code,
            message,
            detail: obj.get("detail").cloned().unwrap_or(Value::Null),
        })
    }

    /// The error for an HTTP status and this body.
    pub(crate) fn into_error(self, status: u16, retry_after: Option<Duration>) -> Error {
        let ApiErrorBody { code, message, detail } = self;
        match (status, code) {
            (_, Some(400004 | 403001)) | (401 | 403, _) => Error::Auth {
                status,
                code,
                message,
                request_id: None,
            },
            (_, Some(400002)) | (402, _) => Error::InsufficientBalance {
                message,
                request_id: None,
            },
            (_, Some(404001)) | (404, _) => Error::NotFound {
                message,
                request_id: None,
            },
            (429, _) | (_, Some(429001)) => Error::RateLimited {
                retry_after,
                request_id: None,
            },
            (500..=599, _) | (_, Some(500000..=599999)) => Error::Server {
                status,
                code,
                message,
                request_id: None,
            },
            (400..=499, _) | (_, Some(400000..=499999)) => Error::Rejected {
                status,
                code,
                message,
                detail: Box::new(detail),
                request_id: None,
            },
            _ => Error::Server {
                status,
                code,
                message,
                request_id: None,
            },
        }
    }
}

impl fmt::Display for ApiErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.message, code_suffix(self.code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(status: u16, code: i64) -> Error {
        ApiErrorBody::from_value(&json!({"error_code": code, "error_message": "m", "detail": null}))
            .unwrap()
            .into_error(status, None)
    }

    #[test]
    fn codes_map_to_variants() {
        assert!(matches!(err(401, 400004), Error::Auth { .. }));
        assert!(matches!(err(200, 400004), Error::Auth { .. }));
        assert!(matches!(err(403, 403001), Error::Auth { .. }));
        assert!(matches!(err(402, 400002), Error::InsufficientBalance { .. }));
        assert!(matches!(err(200, 400002), Error::InsufficientBalance { .. }));
        assert!(matches!(err(404, 404001), Error::NotFound { .. }));
        assert!(matches!(err(429, 429001), Error::RateLimited { .. }));
        assert!(matches!(err(503, 503001), Error::Server { status: 503, .. }));
        assert!(matches!(err(200, 500001), Error::Server { status: 200, .. }));
        assert!(matches!(err(422, 422001), Error::Rejected { .. }));
        assert!(matches!(err(400, 400001), Error::Rejected { .. }));
        assert!(ApiErrorBody::from_value(&json!({"status": "completed"})).is_none());
    }

    #[test]
    fn request_id_is_attached_once() {
        let e = err(503, 503001).with_request_id("abc").with_request_id("zzz");
        assert_eq!(e.request_id(), Some("abc"));
        assert!(e.to_string().contains("(request abc)"));
    }
}
