//! When a failed call may be sent again: a pure decision per (operation, outcome), and the
//! capped, jittered exponential backoff between attempts.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};

/// An API call, as the retry rules see it: the wire contract's operations (`output` is the
/// download of an output file).
pub use runcomfy_wire::Operation;

/// What one attempt of a call came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A usable answer (including an API error that is final, such as 401 or 422).
    Answered,
    /// The connection was never established (refused, DNS, TLS handshake, connect
    /// timeout): the request provably did not reach the server.
    NotSent,
    /// The connection broke after the request may have been written (reset, cut answer).
    LostAfterSend,
    /// The request timeout passed after the request may have been written.
    TimedOut,
    /// An HTTP error status (or an `error_code` under HTTP 200, mapped to its HTTP class:
    /// `5xxxxx` as 500, `429001` as 429).
    Http(u16),
    /// A 2xx answer whose body is not the JSON expected.
    Malformed,
}

impl Outcome {
    /// Every kind of outcome with representative statuses, for table tests.
    pub const ALL: [Outcome; 11] = [
        Outcome::Answered,
        Outcome::NotSent,
        Outcome::LostAfterSend,
        Outcome::TimedOut,
        Outcome::Http(400),
        Outcome::Http(401),
        Outcome::Http(429),
        Outcome::Http(500),
        Outcome::Http(502),
        Outcome::Http(503),
        Outcome::Malformed,
    ];
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Use the answer (a value or a final error).
    Done,
    /// Try again after a backoff (or the server's `Retry-After`).
    Retry,
    /// A submit that may have reached the server failed: never retry, report
    /// [`crate::ErrorKind::SubmitOutcomeUnknown`].
    OutcomeUnknown,
}

/// The retry rule. Pure: the same pair always gives the same decision.
///
/// * status, result, cancel and output downloads: retried on 429, 5xx, transport errors,
///   timeouts and malformed answers (they are idempotent);
/// * submit: retried only when it provably did not reach the server ([`Outcome::NotSent`])
///   or the server said it was not accepted (429, 503); any other failure after the body may
///   have been sent is [`Decision::OutcomeUnknown`];
/// * other 4xx answers are final for every operation.
///
/// ```
/// use runcomfy_client::retry::{decide, Decision, Operation, Outcome};
/// assert_eq!(decide(Operation::Status, Outcome::LostAfterSend), Decision::Retry);
/// assert_eq!(decide(Operation::Submit, Outcome::LostAfterSend), Decision::OutcomeUnknown);
/// assert_eq!(decide(Operation::Submit, Outcome::Http(429)), Decision::Retry);
/// ```
pub fn decide(op: Operation, outcome: Outcome) -> Decision {
    use Decision::*;
    match (op, outcome) {
        (_, Outcome::Answered) => Done,
        (_, Outcome::NotSent) => Retry,
        (_, Outcome::Http(429 | 503)) => Retry,
        (Operation::Submit, Outcome::LostAfterSend | Outcome::TimedOut | Outcome::Malformed) => OutcomeUnknown,
        (Operation::Submit, Outcome::Http(500..=599)) => OutcomeUnknown,
        (_, Outcome::LostAfterSend | Outcome::TimedOut | Outcome::Malformed | Outcome::Http(500..=599)) => Retry,
        (_, Outcome::Http(_)) => Done,
    }
}

/// How many times and how long to wait between attempts.
///
/// ```
/// use std::time::Duration;
/// use runcomfy_client::RetryPolicy;
/// let p = RetryPolicy::default().max_retries(3).delays(Duration::from_millis(10), Duration::from_secs(1));
/// assert_eq!(p.delays_iter().count(), 3);
/// assert!(p.delays_iter().all(|d| d <= Duration::from_secs(2)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    max_retries: usize,
    min_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 6 retries, from 250 ms doubling to at most 15 s, with jitter; `Retry-After` honoured
    /// up to 120 s.
    fn default() -> Self {
        Self {
            max_retries: 6,
            min_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(15),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self::default().max_retries(0)
    }

    /// How many retries after the first attempt.
    pub fn max_retries(mut self, n: usize) -> Self {
        self.max_retries = n;
        self
    }

    /// The first backoff delay and the cap.
    pub fn delays(mut self, min: Duration, max: Duration) -> Self {
        self.min_delay = min;
        self.max_delay = max.max(min);
        self
    }

    /// The longest `Retry-After` honoured; a longer one ends the retries.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// The longest `Retry-After` honoured.
    pub fn retry_after_cap(&self) -> Duration {
        self.max_retry_after
    }

    /// The backoff delays, one per retry: exponential (factor 2) from the first delay,
    /// capped, with jitter (backon's `ExponentialBuilder`).
    pub fn delays_iter(&self) -> impl Iterator<Item = Duration> + Send + use<> {
        ExponentialBuilder::new()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_factor(2.0)
            .with_jitter()
            .with_max_times(self.max_retries)
            .build()
    }
}

/// Parses `Retry-After`: delta seconds or an HTTP date (relative to `now`).
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use runcomfy_client::retry::parse_retry_after;
/// assert_eq!(parse_retry_after("3", SystemTime::now()), Some(Duration::from_secs(3)));
/// let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
/// assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), Some(Duration::from_secs(10)));
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full table: every (operation, outcome) pair and its decision.
    #[test]
    fn decision_table() {
        use Decision::*;
        use Operation::*;
        #[rustfmt::skip]
        let expected: [(Operation, [Decision; 11]); 6] = [
            //         Answered NotSent Lost            TimedOut         400   401   429    500              502              503    Malformed
            (Submit, [Done,    Retry,  OutcomeUnknown, OutcomeUnknown,  Done, Done, Retry, OutcomeUnknown, OutcomeUnknown, Retry, OutcomeUnknown]),
            (Status, [Done,    Retry,  Retry,          Retry,           Done, Done, Retry, Retry,          Retry,          Retry, Retry]),
            (Result, [Done,    Retry,  Retry,          Retry,           Done, Done, Retry, Retry,          Retry,          Retry, Retry]),
            (Cancel, [Done,    Retry,  Retry,          Retry,           Done, Done, Retry, Retry,          Retry,          Retry, Retry]),
            (Output, [Done,    Retry,  Retry,          Retry,           Done, Done, Retry, Retry,          Retry,          Retry, Retry]),
            (Catalog, [Done,   Retry,  Retry,          Retry,           Done, Done, Retry, Retry,          Retry,          Retry, Retry]),
        ];
        assert_eq!(expected.len(), Operation::ALL.len());
        for (op, row) in expected {
            for (outcome, want) in Outcome::ALL.into_iter().zip(row) {
                assert_eq!(decide(op, outcome), want, "{op:?} x {outcome:?}");
            }
        }
        // Other statuses follow their class.
        assert_eq!(decide(Submit, Outcome::Http(422)), Done);
        assert_eq!(decide(Status, Outcome::Http(404)), Done);
        assert_eq!(decide(Submit, Outcome::Http(504)), OutcomeUnknown);
        assert_eq!(decide(Cancel, Outcome::Http(504)), Retry);
    }

    #[test]
    fn backoff_is_capped_and_counted() {
        let p = RetryPolicy::default()
            .max_retries(8)
            .delays(Duration::from_millis(100), Duration::from_millis(400));
        let d: Vec<_> = p.delays_iter().collect();
        assert_eq!(d.len(), 8);
        // backon's jitter adds up to one more delay on top.
        assert!(d.iter().all(|d| *d <= Duration::from_millis(800)), "{d:?}");
        assert!(d[0] >= Duration::from_millis(100));
        assert_eq!(RetryPolicy::none().delays_iter().count(), 0);
    }
}
