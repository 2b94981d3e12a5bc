//! Errors and their exit codes, in the sysexits style.

use std::fmt;

use runcomfy_client::{Error, ErrorKind};

/// `schemas check`: a schema file differs from the live catalog (like `diff`).
pub const DRIFT: u8 = 1;
/// Command-line usage error: unknown flag or model, missing argument, bad request id,
/// client misconfiguration.
pub const USAGE: u8 = 64;
/// Bad input data (schema violation, bad flag value, bad file content) or another 4xx answer.
pub const DATA: u8 = 65;
/// An input file does not exist or cannot be read.
pub const NO_INPUT: u8 = 66;
/// The service failed: 5xx, transport error, failed job, failed download.
pub const UNAVAILABLE: u8 = 69;
/// The output directory cannot be created or written.
pub const CANT_CREATE: u8 = 73;
/// The batch state store could not be read or written.
pub const IO_ERR: u8 = 74;
/// Try again later: timeout, deadline, rate limit, job not finished, submit outcome unknown.
pub const TEMP_FAIL: u8 = 75;
/// Not authorized: the token was refused, or there is none.
pub const NO_PERM: u8 = 77;
/// Interrupted by Ctrl-C.
pub const INTERRUPTED: u8 = 130;

/// An error the command reports on stderr before exiting with `code`.
#[derive(Debug)]
pub struct CliError {
    /// The exit code.
    pub code: u8,
    /// The message (may span several lines).
    pub message: String,
}

impl CliError {
    /// An error with an exit code.
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// Exit 64.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(USAGE, message)
    }

    /// Exit 65.
    pub fn data(message: impl Into<String>) -> Self {
        Self::new(DATA, message)
    }

    /// Exit 66.
    pub fn no_input(message: impl Into<String>) -> Self {
        Self::new(NO_INPUT, message)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The exit code for a client error.
pub fn code_of(e: &Error) -> u8 {
    match e.kind() {
        ErrorKind::Validation | ErrorKind::InsufficientBalance | ErrorKind::NotFound | ErrorKind::Rejected => DATA,
        ErrorKind::Config => USAGE,
        ErrorKind::Auth => NO_PERM,
        ErrorKind::Io => CANT_CREATE,
        ErrorKind::Interrupted => INTERRUPTED,
        ErrorKind::RateLimited
        | ErrorKind::Timeout
        | ErrorKind::DeadlineExceeded
        | ErrorKind::NotFinished
        | ErrorKind::SubmitOutcomeUnknown => TEMP_FAIL,
        _ => UNAVAILABLE,
    }
}

impl From<Error> for CliError {
    /// The error with its causes, then every violation (the client's or the server's) on
    /// a line of its own with its JSON pointer.
    fn from(e: Error) -> Self {
        let message = match (e.kind(), e.violations()) {
            (ErrorKind::Validation, Some(v)) => format!(
                "invalid request{}:\n{}",
                e.model_id().map(|m| format!(" for {m}")).unwrap_or_default(),
                violation_lines(v)
            ),
            (_, Some(v)) => format!("{}\n{}", e.display_chain(), violation_lines(v)),
            (_, None) => e.display_chain(),
        };
        CliError::new(code_of(&e), message)
    }
}

/// Violations one per line, as the library displays each (`/steps: 12 is greater than the
/// maximum 8`).
pub fn violation_lines(v: &runcomfy_schema::Violations) -> String {
    v.iter().map(|v| format!("  {v}")).collect::<Vec<_>>().join("\n")
}
