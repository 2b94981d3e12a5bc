//! Request ids: opaque strings the server gives out, checked before they go into a URL, a
//! file name or a database.

use std::fmt;

use crate::Operation;

/// The longest request id accepted, in bytes. Real ids are UUIDs (36 bytes); anything
/// near this limit is a broken or hostile server.
pub const MAX_REQUEST_ID_LEN: usize = 256;

/// Why a string is not a usable request id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestIdError {
    /// The id is empty.
    Empty,
    /// The id is longer than [`MAX_REQUEST_ID_LEN`] bytes.
    TooLong(usize),
    /// The id is `.` or `..`, which URL paths resolve away.
    Dots,
    /// The id holds a character that would change the URL path or a file path (`/`, `\`),
    /// or a control or whitespace character.
    BadChar(char),
    /// The operation is not a per-request call.
    NotPerRequest(Operation),
}

impl fmt::Display for RequestIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestIdError::Empty => f.write_str("the request id is empty"),
            RequestIdError::TooLong(n) => write!(
                f,
                "the request id is {n} bytes long, more than the {MAX_REQUEST_ID_LEN} accepted"
            ),
            RequestIdError::Dots => f.write_str("the request id cannot be `.` or `..`"),
            RequestIdError::BadChar(c) => write!(f, "the request id holds {c:?}, which a request id cannot hold"),
            RequestIdError::NotPerRequest(op) => write!(f, "`{op}` is not a call on a request id"),
        }
    }
}

impl std::error::Error for RequestIdError {}

/// Checks a request id: non-empty, at most [`MAX_REQUEST_ID_LEN`] bytes, not `.` or `..`,
/// no `/` or `\`, no control or whitespace characters.
///
/// ```
/// use runcomfy_wire::check_request_id;
/// assert!(check_request_id("0f0e8a2c-5d1b-4e8f-9a55-2f1c9e6b7d10").is_ok());
/// for bad in ["", ".", "..", "a/b", "a\nb", "a b", "../x"] {
///     assert!(check_request_id(bad).is_err(), "{bad:?}");
/// }
/// ```
pub fn check_request_id(id: &str) -> Result<(), RequestIdError> {
    if id.is_empty() {
        return Err(RequestIdError::Empty);
    }
    if id.len() > MAX_REQUEST_ID_LEN {
        return Err(RequestIdError::TooLong(id.len()));
    }
    if id == "." || id == ".." {
        return Err(RequestIdError::Dots);
    }
    if let Some(c) = id
        .chars()
        .find(|c| matches!(c, '/' | '\\') || c.is_control() || c.is_whitespace())
    {
        return Err(RequestIdError::BadChar(c));
    }
    Ok(())
}
