//! The client: configuration and the four API calls, generic over [`Endpoint`].

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER, USER_AGENT};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

use crate::error::ApiErrorBody;
use crate::job::{CancelOutcome, Job, JobOutput, JobState, Status, Terminal};
use crate::poll::PollPolicy;
use crate::retry::{Decision, Operation, Outcome, RetryPolicy, decide, parse_retry_after};
use crate::{ApiToken, Endpoint, Error};

/// The API base used when none is configured.
pub const DEFAULT_BASE_URL: &str = "https://model-api.runcomfy.net/v1";

/// Environment variables read for the token, in this order.
pub const TOKEN_VARS: [&str; 3] = ["RUNCOMFY_TOKEN", "RUNCOMFY_API_TOKEN", "RUNCOMFY_API_KEY"];

/// Environment variable read for the base URL.
pub const BASE_URL_VAR: &str = "RUNCOMFY_MODEL_API_BASE";

/// The largest request body [`Client::submit`] sends (the API takes up to 64 MiB).
pub const MAX_BODY_BYTES: usize = 60 * 1024 * 1024;

/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("runcomfy-rs/", env!("CARGO_PKG_VERSION"));

/// Builds a [`Client`].
///
/// ```
/// use std::time::Duration;
/// use runcomfy_client::Client;
///
/// // Explicit values (tests, tools); `Client::builder().from_env()` reads the environment.
/// let client = Client::builder()
///     .token("rc-secret")
///     .base_url("http://127.0.0.1:8787/v1")
///     .request_timeout(Duration::from_secs(10))
///     .build()
///     .unwrap();
/// assert_eq!(client.base_url().as_str(), "http://127.0.0.1:8787/v1");
/// assert!(!format!("{client:?}").contains("rc-secret"));
///
/// // Plain http only to loopback.
/// let err = Client::builder().token("t").base_url("http://example.com/v1").build().unwrap_err();
/// assert!(err.to_string().contains("https"));
///
/// // The environment, through any lookup function (no `set_var` needed).
/// let client = Client::builder()
///     .env_lookup(|k| (k == "RUNCOMFY_API_KEY").then(|| "from-env".to_owned()))
///     .build()
///     .unwrap();
/// assert_eq!(client.base_url().as_str(), "https://model-api.runcomfy.net/v1");
/// ```
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    token: Option<Option<ApiToken>>,
    base_url: Option<String>,
    env_token: Option<ApiToken>,
    env_base: Option<String>,
    connect_timeout: Duration,
    request_timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    poll: PollPolicy,
    max_redirects: usize,
    rate: Option<crate::RateLimit>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            token: None,
            base_url: None,
            env_token: None,
            env_base: None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            http: None,
            retry: RetryPolicy::default(),
            poll: PollPolicy::default(),
            max_redirects: 5,
            rate: None,
        }
    }
}

impl ClientBuilder {
    /// Reads `RUNCOMFY_TOKEN` (or `RUNCOMFY_API_TOKEN`, `RUNCOMFY_API_KEY`) and
    /// `RUNCOMFY_MODEL_API_BASE` from the process environment. Explicit [`Self::token`] and
    /// [`Self::base_url`] win over it.
    pub fn from_env(self) -> Self {
        self.env_lookup(|k| std::env::var(k).ok())
    }

    /// Like [`Self::from_env`], with any lookup function in place of the environment.
    pub fn env_lookup(mut self, lookup: impl Fn(&str) -> Option<String>) -> Self {
        self.env_token = TOKEN_VARS.iter().find_map(|k| lookup(k).and_then(ApiToken::new));
        self.env_base = lookup(BASE_URL_VAR).filter(|s| !s.trim().is_empty());
        self
    }

    /// The API token (an empty one makes [`Self::build`] fail).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(ApiToken::new(token));
        self
    }

    /// The API base, e.g. `https://model-api.runcomfy.net/v1` (the default).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Longest time to establish a connection (used when the builder makes the HTTP client).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Longest time for one call, from sending to the end of the answer. Applies to every
    /// call, also with an injected HTTP client.
    pub fn request_timeout(mut self, d: Duration) -> Self {
        self.request_timeout = d;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Uses this HTTP client (proxies, custom TLS, a shared pool). Its own redirect policy then
    /// applies to downloads; reqwest drops `Authorization` on redirects to another host.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Retry policy for status, result, cancel and the provably-safe submit retries.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Default polling policy of [`Client::wait`] and [`Client::run`].
    pub fn poll(mut self, poll: PollPolicy) -> Self {
        self.poll = poll;
        self
    }

    /// Most redirects a download follows (default 5).
    pub fn max_redirects(mut self, n: usize) -> Self {
        self.max_redirects = n;
        self
    }

    /// A rate limit every API call of this client (and of any client given a clone of the
    /// same [`crate::RateLimit`]) waits for.
    pub fn rate_limit(mut self, limit: crate::RateLimit) -> Self {
        self.rate = Some(limit);
        self
    }

    /// Checks the configuration and makes the client.
    pub fn build(self) -> Result<Client, Error> {
        let token = match self.token {
            Some(Some(t)) => t,
            Some(None) => return Err(Error::Config("the token is empty".into())),
            None => self
                .env_token
                .ok_or_else(|| Error::Config(format!("no API token: set one of {}", TOKEN_VARS.join(", "))))?,
        };
        let base_text = self
            .base_url
            .or(self.env_base)
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let base = Url::parse(base_text.trim().trim_end_matches('/'))
            .map_err(|e| Error::Config(format!("base URL {base_text:?}: {e}")))?;
        check_scheme(&base).map_err(|e| Error::Config(format!("base URL: {e}")))?;
        if base.cannot_be_a_base() || base.query().is_some() || base.fragment().is_some() {
            return Err(Error::Config(format!("base URL {base_text:?} cannot hold paths")));
        }
        let (api, downloads) = match self.http {
            Some(http) => (http.clone(), http),
            None => {
                let make = |redirect| {
                    reqwest::Client::builder()
                        .connect_timeout(self.connect_timeout)
                        .timeout(self.request_timeout)
                        .redirect(redirect)
                        .build()
                        .map_err(|e| Error::Config(format!("HTTP client: {e}")))
                };
                (
                    make(reqwest::redirect::Policy::none())?,
                    make(reqwest::redirect::Policy::limited(self.max_redirects))?,
                )
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                api,
                downloads,
                base,
                token,
                request_timeout: self.request_timeout,
                user_agent: self.user_agent,
                retry: self.retry,
                poll: self.poll,
                rate: self.rate,
                run_times: std::sync::Mutex::default(),
            }),
        })
    }
}

/// `https`, or `http` to a loopback host only.
pub(crate) fn check_scheme(url: &Url) -> Result<(), String> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(format!(
            "plain http is allowed only to loopback, not to {}; use https",
            url.host_str().unwrap_or("?")
        )),
        other => Err(format!("unsupported scheme {other:?}; use https")),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// A RunComfy Model API client. Cheap to clone (one shared connection pool).
///
/// See [`ClientBuilder`] for configuration and [`Client::run`] for the one-call path.
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) api: reqwest::Client,
    pub(crate) downloads: reqwest::Client,
    base: Url,
    token: ApiToken,
    pub(crate) request_timeout: Duration,
    pub(crate) user_agent: String,
    retry: RetryPolicy,
    pub(crate) poll: PollPolicy,
    rate: Option<crate::RateLimit>,
    /// Run times seen per model (moving average), for polling.
    run_times: std::sync::Mutex<std::collections::HashMap<&'static str, Duration>>,
}

/// One attempt's failure: how the retry rule sees it, and the error to return.
type Attempt<T> = Result<T, (Outcome, Error)>;

impl Client {
    /// A builder with defaults (token and base URL still to be given, or read with
    /// [`ClientBuilder::from_env`]).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from the environment (`RUNCOMFY_TOKEN`, `RUNCOMFY_MODEL_API_BASE`, ...).
    pub fn from_env() -> Result<Client, Error> {
        Client::builder().from_env().build()
    }

    /// The API base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The run time this client has learned for `model` (a moving average of the jobs it
    /// saw from start to end), if any.
    pub fn learned_run_time(&self, model: &str) -> Option<Duration> {
        let map = self
            .inner
            .run_times
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(model).copied()
    }

    pub(crate) fn learn_run_time(&self, model: &'static str, seen: Duration) {
        let mut map = self
            .inner
            .run_times
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let avg = map.entry(model).or_insert(seen);
        *avg = avg.mul_f64(0.7) + seen.mul_f64(0.3);
    }

    fn url(&self, segments: &[&str]) -> Result<Url, Error> {
        let mut url = self.inner.base.clone();
        url.path_segments_mut()
            .map_err(|()| Error::Config("base URL cannot hold paths".into()))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    fn request_url(&self, request_id: &str, last: &str) -> Result<Url, Error> {
        self.url(&["requests", request_id, last])
    }

    /// Validates `request` and submits it. An invalid request never costs a call.
    ///
    /// Media inputs are checked against the endpoint's `validations` rules first (see
    /// [`Client::check_media`]). The submit is retried only when it provably did not reach
    /// the server, or the server answered 429/503; any other failure after sending is
    /// [`Error::SubmitOutcomeUnknown`].
    pub async fn submit<E: Endpoint>(&self, request: &E) -> Result<Job<E>, Error> {
        let invalid = |violations| Error::InvalidRequest {
            model_id: E::MODEL_ID.to_owned(),
            violations,
        };
        request.validate().map_err(invalid)?;
        let body = serde_json::to_value(request).map_err(|e| {
            invalid(runcomfy_schema::Violations::from(runcomfy_schema::Violation::new(
                "",
                runcomfy_schema::Constraint::Schema { message: e.to_string() },
            )))
        })?;
        let size = serde_json::to_vec(&body).map(|b| b.len()).unwrap_or(0);
        if size > MAX_BODY_BYTES {
            return Err(invalid(runcomfy_schema::Violations::from(
                runcomfy_schema::Violation::new(
                    "",
                    runcomfy_schema::Constraint::Schema {
                        message: format!(
                            "the request body is {size} bytes, above the {MAX_BODY_BYTES} the client sends (inline media as data: URIs count)"
                        ),
                    },
                ),
            )));
        }
        self.check_media::<E>(&body).await.map_err(invalid)?;
        self.submit_json(E::MODEL_ID, &body).await.map(Job::attach)
    }

    /// Submits a JSON body to any model id, without client-side validation; returns the
    /// request id. Same retry rules as [`Client::submit`].
    pub async fn submit_json(&self, model_id: &str, body: &Value) -> Result<String, Error> {
        let segments: Vec<&str> = std::iter::once("models").chain(model_id.split('/')).collect();
        let url = self.url(&segments)?;
        let body = serde_json::to_vec(body).map_err(|e| Error::Config(format!("body: {e}")))?;
        let answer = self
            .call(Operation::Submit, None, Method::POST, url, Some(body), |v| {
                match v.get("request_id").and_then(Value::as_str) {
                    Some(id) if !id.is_empty() => Ok(id.to_owned()),
                    _ => Err("no request_id in the submit answer".to_owned()),
                }
            })
            .await;
        match answer {
            Ok(id) => {
                tracing::debug!(model_id, request_id = %id, "submitted");
                Ok(id)
            }
            Err(CallError::Unknown(message)) => Err(Error::SubmitOutcomeUnknown {
                model_id: model_id.to_owned(),
                message,
            }),
            Err(CallError::Final(e)) => Err(e),
        }
    }

    /// The job's current status (retried on 429, 5xx, transport errors).
    pub async fn status<E: Endpoint>(&self, job: &Job<E>) -> Result<Status, Error> {
        self.status_of(job.request_id()).await
    }

    pub(crate) async fn status_of(&self, id: &str) -> Result<Status, Error> {
        let url = self.request_url(id, "status")?;
        self.call(Operation::Status, Some(id), Method::GET, url, None, |v| {
            Ok(parse_status(id, v))
        })
        .await
        .map_err(|e| e.into_error(id))
    }

    /// The job's result: typed output, raw answer and, with `include_cost`, the cost.
    ///
    /// A failed job is [`Error::JobFailed`] with the server's error, a cancelled one
    /// [`Error::Cancelled`], an unfinished one [`Error::NotFinished`].
    pub async fn result<E: Endpoint>(&self, job: &Job<E>, include_cost: bool) -> Result<JobOutput<E>, Error> {
        let id = job.request_id();
        let mut url = self.request_url(id, "result")?;
        if include_cost {
            url.set_query(Some("include_cost=true"));
        }
        let raw = self
            .call(Operation::Result, Some(id), Method::GET, url, None, |v| {
                if v.get("status").and_then(Value::as_str).is_none() && v.get("output").is_none() {
                    return Err("neither status nor output in the result answer".to_owned());
                }
                Ok(v.clone())
            })
            .await
            .map_err(|e| e.into_error(id))?;
        let status = parse_status(id, &raw);
        let has_output = raw.get("output").is_some_and(|o| !o.is_null());
        match status.state {
            JobState::Finished(Terminal::Completed) => {}
            // Some servers omit the status on the result; an output means it completed.
            JobState::Unknown(ref s) if s.is_empty() && has_output => {}
            JobState::Finished(Terminal::Failed) => {
                return Err(Error::JobFailed {
                    request_id: id.to_owned(),
                    message: error_text(raw.get("error")),
                });
            }
            JobState::Finished(Terminal::Cancelled) => {
                return Err(Error::Cancelled {
                    request_id: Some(id.to_owned()),
                });
            }
            JobState::Unknown(s) => {
                return Err(Error::UnknownStatus {
                    request_id: id.to_owned(),
                    status: s,
                });
            }
            other => {
                return Err(Error::NotFinished {
                    request_id: id.to_owned(),
                    status: other.to_string(),
                });
            }
        }
        let output_value = raw.get("output").cloned().unwrap_or(Value::Null);
        let output: E::Output = serde_json::from_value(output_value).map_err(|e| Error::Malformed {
            message: format!("output of {}: {e}", E::MODEL_ID),
            request_id: Some(id.to_owned()),
        })?;
        let cost = raw.get("cost").and_then(|c| match c {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        });
        Ok(JobOutput {
            request_id: id.to_owned(),
            output,
            cost,
            raw,
        })
    }

    /// Asks the API to cancel the job and says what happened.
    pub async fn cancel<E: Endpoint>(&self, job: &Job<E>) -> Result<CancelOutcome, Error> {
        self.cancel_id(job.request_id()).await
    }

    pub(crate) async fn cancel_id(&self, id: &str) -> Result<CancelOutcome, Error> {
        let url = self.request_url(id, "cancel")?;
        let answer = self
            .call(Operation::Cancel, Some(id), Method::POST, url, None, |v| {
                let outcome = v.get("outcome").and_then(Value::as_str).unwrap_or_default();
                let status = parse_status(id, v);
                Ok(match (outcome, status.state) {
                    ("cancelled" | "canceled", _) => Ok(CancelOutcome::Cancelled),
                    (_, JobState::Running) => Ok(CancelOutcome::NotCancellableRunning),
                    (_, JobState::Finished(t)) => Ok(CancelOutcome::AlreadyFinished(t)),
                    (_, JobState::Queued { .. }) => Ok(CancelOutcome::NotCancellableRunning),
                    (_, JobState::Unknown(s)) => Err(s),
                })
            })
            .await;
        match answer {
            Ok(Ok(outcome)) => Ok(outcome),
            Ok(Err(status)) => Err(Error::UnknownStatus {
                request_id: id.to_owned(),
                status,
            }),
            Err(CallError::Final(Error::NotFound { .. })) => Ok(CancelOutcome::NotFound),
            Err(e) => Err(e.into_error(id)),
        }
    }

    /// Submits, waits with the client's polling policy, and fetches the result (with cost).
    pub async fn run<E: Endpoint>(&self, request: &E) -> Result<JobOutput<E>, Error> {
        let job = self.submit(request).await?;
        self.wait(&job, &crate::poll::WaitOptions::default()).await?;
        self.result(&job, true).await
    }

    /// One API call with the retry rules. `parse` turns a 2xx JSON body into `T`, or says
    /// why the body is malformed.
    async fn call<T>(
        &self,
        op: Operation,
        request_id: Option<&str>,
        method: Method,
        url: Url,
        body: Option<Vec<u8>>,
        parse: impl Fn(&Value) -> Result<T, String>,
    ) -> Result<T, CallError> {
        let mut delays = self.inner.retry.delays_iter();
        loop {
            let attempt = self.attempt(&method, &url, body.as_deref(), &parse).await;
            let (outcome, error, retry_after) = match attempt {
                Ok(v) => return Ok(v),
                Err((outcome, error)) => {
                    let retry_after = match &error {
                        Error::RateLimited { retry_after, .. } => *retry_after,
                        _ => None,
                    };
                    (outcome, error, retry_after)
                }
            };
            let error = match request_id {
                Some(id) => error.with_request_id(id),
                None => error,
            };
            match decide(op, outcome) {
                Decision::Done => return Err(CallError::Final(error)),
                Decision::OutcomeUnknown => return Err(CallError::Unknown(error.to_string())),
                Decision::Retry => {
                    let Some(backoff) = delays.next() else {
                        return Err(CallError::Final(error));
                    };
                    let wait = match retry_after {
                        Some(d) if d > self.inner.retry.retry_after_cap() => return Err(CallError::Final(error)),
                        Some(d) => d.max(backoff.min(Duration::from_millis(50))),
                        None => backoff,
                    };
                    tracing::debug!(?op, request_id, ?outcome, ?wait, "retrying");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    async fn attempt<T>(
        &self,
        method: &Method,
        url: &Url,
        body: Option<&[u8]>,
        parse: &impl Fn(&Value) -> Result<T, String>,
    ) -> Attempt<T> {
        if let Some(rate) = &self.inner.rate {
            rate.acquire().await;
        }
        let mut req = self
            .inner
            .api
            .request(method.clone(), url.clone())
            .timeout(self.inner.request_timeout)
            .header(USER_AGENT, &self.inner.user_agent)
            .bearer_auth(self.inner.token.expose());
        if let Some(body) = body {
            req = req
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_vec());
        }
        let resp = req.send().await.map_err(|e| send_failure(&e))?;
        let status = resp.status();
        let retry_after = retry_after(resp.headers());
        let bytes = resp.bytes().await.map_err(|e| send_failure(&e))?;
        let json: Result<Value, _> = serde_json::from_slice(&bytes);
        if !status.is_success() {
            let body = json
                .ok()
                .and_then(|v| ApiErrorBody::from_value(&v))
                .unwrap_or_else(|| ApiErrorBody {
                    code: None,
                    message: status.canonical_reason().unwrap_or("error").to_owned(),
                    detail: Value::Null,
                });
            return Err((
                Outcome::Http(status.as_u16()),
                body.into_error(status.as_u16(), retry_after),
            ));
        }
        let value = json.map_err(|e| {
            (
                Outcome::Malformed,
                Error::Malformed {
                    message: format!("HTTP {} with a body that is not JSON: {e}", status.as_u16()),
                    request_id: None,
                },
            )
        })?;
        if let Some(body) = ApiErrorBody::from_value(&value) {
            // An error under HTTP 200: classify it by its code.
            let class = match body.code {
                Some(429001) => 429,
                Some(c) if (500_000..600_000).contains(&c) => 500,
                Some(c) if (400_000..500_000).contains(&c) => (c / 1000) as u16,
                _ => 500,
            };
            return Err((
                Outcome::Http(class),
                body.into_error(StatusCode::OK.as_u16(), retry_after),
            ));
        }
        parse(&value).map_err(|message| {
            (
                Outcome::Malformed,
                Error::Malformed {
                    message,
                    request_id: None,
                },
            )
        })
    }
}

/// A call's failure: final, or (submit only) outcome unknown.
enum CallError {
    Final(Error),
    Unknown(String),
}

impl CallError {
    fn into_error(self, id: &str) -> Error {
        match self {
            CallError::Final(e) => e.with_request_id(id),
            // Only submit produces Unknown; keep a sensible error anyway.
            CallError::Unknown(message) => Error::Transport {
                message,
                request_id: Some(id.to_owned()),
            },
        }
    }
}

fn send_failure(e: &reqwest::Error) -> (Outcome, Error) {
    // reqwest's message names the URL (never the token) and the cause chain.
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    if e.is_connect() {
        (
            Outcome::NotSent,
            Error::Transport {
                message,
                request_id: None,
            },
        )
    } else if e.is_timeout() {
        (Outcome::TimedOut, Error::Timeout { request_id: None })
    } else if e.is_builder() {
        (Outcome::Answered, Error::Config(message))
    } else {
        (
            Outcome::LostAfterSend,
            Error::Transport {
                message,
                request_id: None,
            },
        )
    }
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(v, SystemTime::now())
}

pub(crate) fn parse_status(id: &str, v: &Value) -> Status {
    let status = v.get("status").and_then(Value::as_str).unwrap_or_default();
    let position = v.get("queue_position").and_then(Value::as_u64);
    Status {
        request_id: v.get("request_id").and_then(Value::as_str).unwrap_or(id).to_owned(),
        state: JobState::from_wire(status, position),
        raw: v.clone(),
    }
}

fn error_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "(the server gave no error message)".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => o
            .get("message")
            .or_else(|| o.get("error_message"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| Value::Object(o.clone()).to_string()),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn token_and_base_come_from_the_environment_in_order() {
        let c = Client::builder()
            .env_lookup(env(&[
                ("RUNCOMFY_API_KEY", "third"),
                ("RUNCOMFY_API_TOKEN", "second"),
                ("RUNCOMFY_MODEL_API_BASE", "http://localhost:9/v1/"),
            ]))
            .build()
            .unwrap();
        assert_eq!(c.inner.token.expose(), "second");
        assert_eq!(c.base_url().as_str(), "http://localhost:9/v1");
        let c = Client::builder()
            .env_lookup(env(&[("RUNCOMFY_TOKEN", "first"), ("RUNCOMFY_API_KEY", "third")]))
            .token("explicit")
            .build()
            .unwrap();
        assert_eq!(c.inner.token.expose(), "explicit");
        assert_eq!(c.base_url().as_str(), DEFAULT_BASE_URL);
        let err = Client::builder().env_lookup(env(&[])).build().unwrap_err();
        assert!(err.to_string().contains("RUNCOMFY_TOKEN"), "{err}");
        assert!(Client::builder().token("").build().is_err());
    }

    #[test]
    fn plain_http_only_to_loopback() {
        for ok in [
            "http://127.0.0.1:1/v1",
            "http://[::1]:1/v1",
            "http://localhost/v1",
            "https://x.example/v1",
        ] {
            assert!(Client::builder().token("t").base_url(ok).build().is_ok(), "{ok}");
        }
        for bad in [
            "http://10.0.0.1/v1",
            "http://api.example/v1",
            "ftp://127.0.0.1/",
            "not a url",
        ] {
            let err = Client::builder().token("secret-t").base_url(bad).build().unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{bad}");
            assert!(!err.to_string().contains("secret-t"));
        }
    }

    #[test]
    fn request_ids_are_path_segments() {
        let c = Client::builder()
            .token("t")
            .base_url("https://h.example/v1")
            .build()
            .unwrap();
        let u = c.request_url("../../x?y#z", "status").unwrap();
        assert_eq!(u.as_str(), "https://h.example/v1/requests/..%2F..%2Fx%3Fy%23z/status");
        assert_eq!(u.host_str(), Some("h.example"));
        let u = c.request_url("..", "status").unwrap();
        assert!(u.path().starts_with("/v1/requests/"), "{u}");
    }

    #[test]
    fn statuses_parse_without_panicking_on_odd_answers() {
        for v in [
            serde_json::json!(null),
            serde_json::json!([1]),
            serde_json::json!({"status": 5}),
        ] {
            let s = parse_status("id", &v);
            assert_eq!(s.request_id, "id");
            assert!(matches!(s.state, JobState::Unknown(_)));
        }
        assert_eq!(error_text(Some(&serde_json::json!({"message": "m"}))), "m");
    }
}
