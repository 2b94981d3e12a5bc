//! The error body `{error_code, error_message, detail}`, the error codes, and the 422
//! violation list.

use serde::Serialize;
use serde_json::{Value, json};

/// Error codes. The first five and `NOT_COMPLETED` are the real API's (DESIGN.md and the
/// public docs); the others are the simulator's own, in the same style (HTTP status x 1000 + n).
pub mod codes {
    /// Unknown or malformed model id (HTTP 400).
    pub const BAD_MODEL: u32 = 400001;
    /// No balance left (HTTP 402).
    pub const NO_BALANCE: u32 = 400002;
    /// Missing, malformed or unknown bearer token (HTTP 401).
    pub const BAD_TOKEN: u32 = 400004;
    /// The request belongs to another user (HTTP 403).
    pub const OTHER_USER: u32 = 403001;
    /// Unknown or expired request id (HTTP 404).
    pub const UNKNOWN_REQUEST: u32 = 404001;
    /// The result was asked for before the job completed (HTTP 400, "not completed yet"):
    /// the public docs' answer to a result call on a queued or running job. Not a failure:
    /// ask again later.
    pub const NOT_COMPLETED: u32 = 400005;
    /// The body is not JSON (HTTP 400). Simulator-specific.
    pub const BAD_JSON: u32 = 400003;
    /// No such route (HTTP 404). Simulator-specific.
    pub const NO_ROUTE: u32 = 404000;
    /// A well-formed model id that is not in the catalog (HTTP 404, `GET /v1/models/{id}`).
    /// Simulator-specific (submits of unknown models answer [`BAD_MODEL`]).
    pub const UNKNOWN_MODEL: u32 = 404002;
    /// A query parameter that cannot be read, e.g. `limit=ten` (HTTP 400).
    /// Simulator-specific.
    pub const BAD_QUERY: u32 = 400010;
    /// The route exists but not with this method (HTTP 405). Simulator-specific.
    pub const METHOD_NOT_ALLOWED: u32 = 405001;
    /// The body is larger than the limit (HTTP 413). Simulator-specific.
    pub const TOO_LARGE: u32 = 413001;
    /// The body breaks the endpoint's schema (HTTP 422); `detail` lists every violation.
    pub const INVALID_INPUT: u32 = 422001;
    /// Rate limited (HTTP 429).
    pub const RATE_LIMITED: u32 = 429001;
    /// Internal error (HTTP 500).
    pub const INTERNAL: u32 = 500001;
}

/// The most violations read from (or put into) one error body; the rest are counted, not
/// listed. A hostile or broken server cannot make a client hold millions of them.
pub const MAX_VIOLATIONS: usize = 1000;

/// The longest `error_message` or violation message kept, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// The API's error body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorBody {
    /// `error_code` (`None` when the server sent one that is not a number).
    pub error_code: Option<i64>,
    /// `error_message`.
    pub error_message: String,
    /// `detail`: for 422, the list of violations; otherwise free-form.
    pub detail: Value,
}

impl ErrorBody {
    /// An error body.
    pub fn new(code: u32, message: impl Into<String>, detail: Value) -> ErrorBody {
        ErrorBody {
            error_code: Some(i64::from(code)),
            error_message: message.into(),
            detail,
        }
    }

    /// The body as JSON.
    pub fn to_value(&self) -> Value {
        json!({"error_code": self.error_code, "error_message": self.error_message, "detail": self.detail})
    }

    /// Reads an error body, if `value` is one (an object with an `error_code` key). The
    /// message is cut to [`MAX_MESSAGE_CHARS`].
    ///
    /// ```
    /// use runcomfy_wire::ErrorBody;
    /// let body = ErrorBody::from_value(&serde_json::json!({"error_code": "400004", "error_message": "bad token"})).unwrap();
    /// assert_eq!(body.error_code, Some(400004));
    /// assert!(ErrorBody::from_value(&serde_json::json!({"status": "completed"})).is_none());
    /// ```
    pub fn from_value(value: &Value) -> Option<ErrorBody> {
        let obj = value.as_object()?;
        let code = match obj.get("error_code")? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        let message = match obj.get("error_message").or_else(|| obj.get("message")) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::from("(no message)"),
            Some(other) => other.to_string(),
        };
        Some(ErrorBody {
            error_code: code,
            error_message: cut(&message),
            detail: obj.get("detail").cloned().unwrap_or(Value::Null),
        })
    }

    /// The HTTP class of an error that came with HTTP 200: `5xxxxx` codes as 500, `429001`
    /// as 429, other `4xxxxx` codes as their first three digits, anything else as 500.
    pub fn http_class(&self) -> u16 {
        match self.error_code {
            Some(429_001) => 429,
            Some(c) if (500_000..600_000).contains(&c) => 500,
            Some(c) if (400_000..500_000).contains(&c) => (c / 1000) as u16,
            _ => 500,
        }
    }

    /// The violations `detail` lists (at most [`MAX_VIOLATIONS`]) and how many it holds in
    /// all. Accepts this contract's `[{pointer, message, keyword}]`, FastAPI's
    /// `[{loc, msg, type}]` and a plain string.
    ///
    /// ```
    /// use runcomfy_wire::ErrorBody;
    /// let body = ErrorBody::new(422001, "invalid", serde_json::json!([
    ///     {"pointer": "/promptImage", "message": "width/height must be < 2", "keyword": "media"},
    ///     {"loc": ["body", "steps"], "msg": "too big", "type": "value_error"},
    /// ]));
    /// let (list, total) = body.violations();
    /// assert_eq!(total, 2);
    /// assert_eq!(list[0].pointer, "/promptImage");
    /// assert_eq!(list[1].pointer, "/steps");
    /// ```
    pub fn violations(&self) -> (Vec<WireViolation>, usize) {
        match &self.detail {
            Value::Array(items) => (
                items
                    .iter()
                    .take(MAX_VIOLATIONS)
                    .map(WireViolation::from_value)
                    .collect(),
                items.len(),
            ),
            Value::String(s) if !s.trim().is_empty() => (
                vec![WireViolation {
                    pointer: String::new(),
                    message: cut(s),
                    keyword: String::new(),
                }],
                1,
            ),
            _ => (Vec::new(), 0),
        }
    }
}

/// One violation of a 422 answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireViolation {
    /// JSON pointer of the offending value (`/promptImage`, `` for the whole body).
    pub pointer: String,
    /// What is wrong, for people.
    pub message: String,
    /// The schema keyword broken (`maximum`, `enum`, `media`, ...), empty if not given.
    pub keyword: String,
}

impl WireViolation {
    /// The JSON form of this contract.
    pub fn to_value(&self) -> Value {
        json!({"pointer": self.pointer, "message": self.message, "keyword": self.keyword})
    }

    fn from_value(v: &Value) -> WireViolation {
        let text = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| v.get(*k))
                .map(|x| match x {
                    Value::String(s) => cut(s),
                    other => cut(&other.to_string()),
                })
                .unwrap_or_default()
        };
        let pointer = match v.get("pointer").or_else(|| v.get("loc")) {
            Some(Value::String(s)) => cut(s),
            Some(Value::Array(parts)) => parts
                .iter()
                .skip_while(|p| p.as_str() == Some("body"))
                .map(|p| {
                    let s = p.as_str().map_or_else(|| p.to_string(), str::to_owned);
                    format!("/{}", s.replace('~', "~0").replace('/', "~1"))
                })
                .collect(),
            _ => String::new(),
        };
        let message = match v {
            Value::String(s) => cut(s),
            _ => text(&["message", "msg", "error"]),
        };
        WireViolation {
            pointer,
            message: if message.is_empty() {
                cut(&v.to_string())
            } else {
                message
            },
            keyword: text(&["keyword", "type"]),
        }
    }
}

fn cut(s: &str) -> String {
    match s.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((at, _)) => format!("{}...", &s[..at]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_classes_of_codes() {
        let class = |c: u32| ErrorBody::new(c, "m", Value::Null).http_class();
        assert_eq!(class(codes::RATE_LIMITED), 429);
        assert_eq!(class(codes::INTERNAL), 500);
        assert_eq!(class(codes::NO_BALANCE), 400);
        assert_eq!(class(codes::OTHER_USER), 403);
        assert_eq!(class(7), 500);
    }

    #[test]
    fn violation_lists_are_capped_and_counted() {
        let many: Vec<Value> = (0..5000)
            .map(|i| json!({"pointer": format!("/k{i}"), "message": "unknown"}))
            .collect();
        let (list, total) = ErrorBody::new(codes::INVALID_INPUT, "x", Value::Array(many)).violations();
        assert_eq!((list.len(), total), (MAX_VIOLATIONS, 5000));
        let long = "x".repeat(10 * MAX_MESSAGE_CHARS);
        let body = ErrorBody::from_value(&json!({"error_code": 1, "error_message": long})).unwrap();
        assert!(body.error_message.chars().count() <= MAX_MESSAGE_CHARS + 3);
        let (odd, _) = ErrorBody::new(1, "x", json!([5, "text", {"loc": [0, "a/b"]}])).violations();
        assert_eq!(odd[0].message, "5");
        assert_eq!(odd[1].message, "text");
        assert_eq!(odd[2].pointer, "/0/a~1b");
    }
}
