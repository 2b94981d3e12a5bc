//! The retry rules, once, for API calls and downloads: which failures may be sent again
//! (a pure decision per operation and failure), and how long to wait between attempts
//! (jittered exponential backoff, `Retry-After` honoured up to one cap, a time budget for
//! calls that never reached the server).

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};
use runcomfy_wire::Operation;
use tokio::time::Instant;

use crate::Error;

/// How one attempt of a call failed, as the retry rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// A usable answer that is final (an API error such as 401 or 422, a local problem).
    Final,
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
    /// A 2xx answer whose body is not what the contract says.
    Malformed,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Report the error.
    Done,
    /// Try again after a backoff (or the server's `Retry-After`).
    Retry,
    /// A submit that may have reached the server failed: never retry, report
    /// [`crate::ErrorKind::SubmitOutcomeUnknown`].
    OutcomeUnknown,
}

/// The retry rule. Pure: the same pair always gives the same decision.
///
/// * status, result, cancel, the catalog and output downloads: retried on 429, 5xx,
///   connection failures, timeouts and malformed answers (they are idempotent);
/// * submit: retried only when it provably did not reach the server ([`Failure::NotSent`])
///   or the server said it was not accepted (429, 503); any other failure after the body may
///   have been sent is [`Decision::OutcomeUnknown`];
/// * other 4xx answers are final for every operation.
pub(crate) fn decide(op: Operation, failure: Failure) -> Decision {
    use Decision::*;
    match (op, failure) {
        (_, Failure::Final) => Done,
        (_, Failure::NotSent) => Retry,
        (_, Failure::Http(429 | 503)) => Retry,
        (Operation::Submit, Failure::LostAfterSend | Failure::TimedOut | Failure::Malformed) => OutcomeUnknown,
        (Operation::Submit, Failure::Http(500..=599)) => OutcomeUnknown,
        (_, Failure::LostAfterSend | Failure::TimedOut | Failure::Malformed | Failure::Http(500..=599)) => Retry,
        (_, Failure::Http(_)) => Done,
    }
}

/// How many times and how long to wait between attempts, for every API call and download.
///
/// One set of rules: a failure the rule allows to retry (429, 5xx, a connection that failed
/// or broke, a timeout; a submit only when it provably was not accepted) waits the
/// jittered exponential backoff, or the server's `Retry-After` when that is longer; a
/// `Retry-After` above [`RetryPolicy::max_retry_after`] ends the retries at once (the error
/// carries it). A call that never reached the server (connection refused, DNS, the connect
/// timeout) is retried only within [`RetryPolicy::connect_budget`] from its first attempt,
/// so an unreachable API fails within seconds.
///
/// ```
/// use std::time::Duration;
/// use runcomfy_client::config::RetryPolicy;
/// let p = RetryPolicy::default()
///     .max_retries(3)
///     .delays(Duration::from_millis(10), Duration::from_secs(1))
///     .connect_budget(Duration::from_secs(2));
/// assert_eq!(p, p.clone());
/// let none = RetryPolicy::none();
/// assert_ne!(p, none);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    max_retries: usize,
    min_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    connect_budget: Duration,
}

impl Default for RetryPolicy {
    /// 6 retries, from 250 ms doubling to at most 15 s, with jitter; `Retry-After` honoured
    /// up to 120 s; calls that never reached the server retried within 4 s.
    fn default() -> Self {
        Self {
            max_retries: 6,
            min_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(15),
            max_retry_after: Duration::from_secs(120),
            connect_budget: Duration::from_secs(4),
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

    /// How long a call that never reached the server (connection refused, DNS, the connect
    /// timeout) keeps being retried, from the first attempt of such a streak.
    pub fn connect_budget(mut self, budget: Duration) -> Self {
        self.connect_budget = budget;
        self
    }

    /// The backoff delays, one per retry: exponential (factor 2) from the first delay,
    /// capped, with jitter (backon's `ExponentialBuilder`).
    fn delays_iter(&self) -> impl Iterator<Item = Duration> + Send + use<> {
        ExponentialBuilder::new()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_factor(2.0)
            .with_jitter()
            .with_max_times(self.max_retries)
            .build()
    }
}

/// The retries of one call (or one download): asks the rule, sleeps the wait.
pub(crate) struct Retrier {
    policy: RetryPolicy,
    delays: Box<dyn Iterator<Item = Duration> + Send>,
    /// When the current streak of attempts that never reached the server began.
    streak_start: Instant,
}

impl Retrier {
    /// Before the first attempt.
    pub(crate) fn new(policy: RetryPolicy) -> Retrier {
        Retrier {
            policy,
            delays: Box::new(policy.delays_iter()),
            streak_start: Instant::now(),
        }
    }

    /// After a failed attempt of `op`: the rule's decision, and for a retry the wait (the
    /// backoff, or the error's `Retry-After` when longer), slept here. A retry the budget does
    /// not allow is [`Decision::Done`].
    pub(crate) async fn after(&mut self, op: Operation, failure: Failure, error: &Error) -> Decision {
        let decision = decide(op, failure);
        if decision != Decision::Retry {
            return decision;
        }
        let Some(wait) = self.wait(failure, error.retry_after()) else {
            return Decision::Done;
        };
        tracing::debug!(%op, request_id = error.request_id(), ?failure, ?wait, "retrying");
        tokio::time::sleep(wait).await;
        Decision::Retry
    }

    /// The wait before the next attempt, or `None` when the retries are over.
    fn wait(&mut self, failure: Failure, retry_after: Option<Duration>) -> Option<Duration> {
        let backoff = self.delays.next()?;
        let wait = match retry_after {
            Some(d) if d > self.policy.max_retry_after => return None,
            Some(d) => d.max(backoff),
            None => backoff,
        };
        let now = Instant::now();
        if failure == Failure::NotSent {
            if now.saturating_duration_since(self.streak_start) + wait > self.policy.connect_budget {
                return None;
            }
        } else {
            self.streak_start = now + wait;
        }
        Some(wait)
    }
}

/// Parses `Retry-After`: delta seconds or an HTTP date (relative to `now`).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// `Retry-After` of an answer's headers.
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let v = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(v, SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Failure; 11] = [
        Failure::Final,
        Failure::NotSent,
        Failure::LostAfterSend,
        Failure::TimedOut,
        Failure::Http(400),
        Failure::Http(401),
        Failure::Http(429),
        Failure::Http(500),
        Failure::Http(502),
        Failure::Http(503),
        Failure::Malformed,
    ];

    /// The full table: every (operation, failure) pair and its decision.
    #[test]
    fn decision_table() {
        use Decision::*;
        use Operation::*;
        #[rustfmt::skip]
        let expected: [(Operation, [Decision; 11]); 6] = [
            //         Final   NotSent Lost            TimedOut         400   401   429    500              502              503    Malformed
            (Submit, [Done,    Retry,  OutcomeUnknown, OutcomeUnknown,  Done, Done, Retry, OutcomeUnknown, OutcomeUnknown, Retry, OutcomeUnknown]),
            (Status, [Done,    Retry,  Retry,          Retry,           Done, Done, Retry, Retry,          Retry,          Retry, Retry]),
            (Result, [Done,    Retry,  Retry,          Retry,           Done, Done, Retry, Retry,          Retry,          Retry, Retry]),
            (Cancel, [Done,    Retry,  Retry,          Retry,           Done, Done, Retry, Retry,          Retry,          Retry, Retry]),
            (Output, [Done,    Retry,  Retry,          Retry,           Done, Done, Retry, Retry,          Retry,          Retry, Retry]),
            (Catalog, [Done,   Retry,  Retry,          Retry,           Done, Done, Retry, Retry,          Retry,          Retry, Retry]),
        ];
        assert_eq!(expected.len(), Operation::ALL.len());
        for (op, row) in expected {
            for (failure, want) in ALL.into_iter().zip(row) {
                assert_eq!(decide(op, failure), want, "{op:?} x {failure:?}");
            }
        }
        // Other statuses follow their class.
        assert_eq!(decide(Submit, Failure::Http(422)), Done);
        assert_eq!(decide(Status, Failure::Http(404)), Done);
        assert_eq!(decide(Submit, Failure::Http(504)), OutcomeUnknown);
        assert_eq!(decide(Cancel, Failure::Http(504)), Retry);
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

    #[tokio::test(start_paused = true)]
    async fn retry_after_is_honoured_up_to_the_cap_the_same_way_for_every_call() {
        let policy = RetryPolicy::default()
            .delays(Duration::from_millis(10), Duration::from_millis(20))
            .max_retry_after(Duration::from_secs(5));
        let mut r = Retrier::new(policy);
        // A longer Retry-After than the backoff wins; one above the cap ends the retries.
        assert_eq!(
            r.wait(Failure::Http(429), Some(Duration::from_secs(3))),
            Some(Duration::from_secs(3))
        );
        assert_eq!(r.wait(Failure::Http(503), Some(Duration::from_secs(6))), None);
        let w = r.wait(Failure::Http(503), None).unwrap();
        assert!(
            w >= Duration::from_millis(10) && w <= Duration::from_millis(40),
            "{w:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn calls_that_never_reach_the_server_stop_within_the_budget() {
        let policy = RetryPolicy::default()
            .max_retries(100)
            .delays(Duration::from_millis(250), Duration::from_secs(15));
        let mut r = Retrier::new(policy);
        let start = Instant::now();
        let mut retries = 0;
        while let Some(w) = r.wait(Failure::NotSent, None) {
            tokio::time::sleep(w).await;
            retries += 1;
        }
        assert!(retries >= 2, "{retries}");
        assert!(start.elapsed() <= Duration::from_secs(4), "{:?}", start.elapsed());
        // A streak begins again after a failure that reached the server.
        let mut r = Retrier::new(policy);
        tokio::time::sleep(Duration::from_secs(10)).await;
        let w = r.wait(Failure::Http(503), None).unwrap();
        tokio::time::sleep(w).await;
        assert!(r.wait(Failure::NotSent, None).is_some());
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after("3", SystemTime::now()), Some(Duration::from_secs(3)));
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
