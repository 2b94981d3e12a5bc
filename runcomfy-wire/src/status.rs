//! Status words.

use std::fmt;

/// A job status as the API words it.
///
/// The API sends `in_queue`, `in_progress`, `completed`, `cancelled`; clients also meet
/// `failed`, `succeeded` and `canceled` (and a few more aliases, all accepted by
/// [`WireStatus::parse`]). Anything else is unknown and must not make a client wait forever.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WireStatus {
    /// `in_queue`.
    InQueue,
    /// `in_progress`.
    InProgress,
    /// `completed`.
    Completed,
    /// `failed`.
    Failed,
    /// `cancelled`.
    Cancelled,
}

impl WireStatus {
    /// Every status.
    pub const ALL: [WireStatus; 5] = [
        WireStatus::InQueue,
        WireStatus::InProgress,
        WireStatus::Completed,
        WireStatus::Failed,
        WireStatus::Cancelled,
    ];

    /// The word the API sends.
    pub const fn as_str(self) -> &'static str {
        match self {
            WireStatus::InQueue => "in_queue",
            WireStatus::InProgress => "in_progress",
            WireStatus::Completed => "completed",
            WireStatus::Failed => "failed",
            WireStatus::Cancelled => "cancelled",
        }
    }

    /// The word RunComfy's public documentation shows for this status: `succeeded` for a
    /// completed job (the API itself has been seen sending `completed`), the usual word for
    /// the others. Servers that play the documented shapes (the simulator's `--answers docs`)
    /// send it; [`WireStatus::parse`] reads both.
    ///
    /// ```
    /// use runcomfy_wire::WireStatus;
    /// assert_eq!(WireStatus::Completed.documented_word(), "succeeded");
    /// assert_eq!(WireStatus::parse(WireStatus::Completed.documented_word()), Some(WireStatus::Completed));
    /// assert_eq!(WireStatus::InQueue.documented_word(), "in_queue");
    /// ```
    pub const fn documented_word(self) -> &'static str {
        match self {
            WireStatus::Completed => "succeeded",
            other => other.as_str(),
        }
    }

    /// Reads a status word, case-insensitively, with the aliases clients have met:
    /// `queued`/`pending`, `running`/`processing`, `succeeded`/`success`, `error`,
    /// `canceled`.
    ///
    /// ```
    /// use runcomfy_wire::WireStatus;
    /// assert_eq!(WireStatus::parse("IN_QUEUE"), Some(WireStatus::InQueue));
    /// assert_eq!(WireStatus::parse("succeeded"), Some(WireStatus::Completed));
    /// assert_eq!(WireStatus::parse("dreaming"), None);
    /// ```
    pub fn parse(word: &str) -> Option<WireStatus> {
        let word = word.trim();
        let is = |w: &str| word.eq_ignore_ascii_case(w);
        Some(if is("in_queue") || is("queued") || is("pending") {
            WireStatus::InQueue
        } else if is("in_progress") || is("running") || is("processing") {
            WireStatus::InProgress
        } else if is("completed") || is("succeeded") || is("success") {
            WireStatus::Completed
        } else if is("failed") || is("error") {
            WireStatus::Failed
        } else if is("cancelled") || is("canceled") {
            WireStatus::Cancelled
        } else {
            return None;
        })
    }

    /// Is the job over?
    pub const fn is_terminal(self) -> bool {
        matches!(self, WireStatus::Completed | WireStatus::Failed | WireStatus::Cancelled)
    }
}

impl fmt::Display for WireStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_reads_back() {
        for s in WireStatus::ALL {
            assert_eq!(WireStatus::parse(s.as_str()), Some(s));
            assert_eq!(WireStatus::parse(&s.as_str().to_uppercase()), Some(s));
        }
        assert_eq!(WireStatus::parse(""), None);
        assert!(!WireStatus::InProgress.is_terminal());
    }
}
