//! The client: configuration, URLs, and one API call with the retry rules, bounded reads and
//! redaction of the token from anything the server says.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{ETAG, HeaderMap, IF_NONE_MATCH, RETRY_AFTER, USER_AGENT};
use reqwest::{Method, StatusCode};
use runcomfy_wire::{ErrorBody, Operation};
use serde_json::Value;
use url::Url;

use crate::error::{ErrorKind, from_error_body};
use crate::poll::PollPolicy;
use crate::retry::{Decision, Outcome, RetryPolicy, decide, parse_retry_after};
use crate::run_times::{RunTimeSnapshot, RunTimeStore, RunTimes};
use crate::{ApiToken, Error};

/// The API base used when none is configured.
pub const DEFAULT_BASE_URL: &str = "https://model-api.runcomfy.net/v1";

/// Environment variables read for the token, in this order.
pub const TOKEN_VARS: [&str; 3] = ["RUNCOMFY_TOKEN", "RUNCOMFY_API_TOKEN", "RUNCOMFY_API_KEY"];

/// Environment variable read for the base URL.
pub const BASE_URL_VAR: &str = "RUNCOMFY_MODEL_API_BASE";

/// The largest request body the client sends (the API takes up to 64 MiB).
pub const MAX_BODY_BYTES: usize = 60 * 1024 * 1024;

/// The largest API answer the client reads (status, result, cancel, submit, error bodies).
/// A larger one is a malformed answer, not an out-of-memory abort.
pub const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;

/// The shortest token redacted from server text (see [`ApiToken`]).
pub const MIN_REDACTED_TOKEN_LEN: usize = 6;

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
    env_token: Option<Result<ApiToken, String>>,
    env_base: Option<String>,
    connect_timeout: Duration,
    request_timeout: Duration,
    download_idle_timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    poll: PollPolicy,
    max_redirects: usize,
    rate: Option<crate::RateLimit>,
    run_times: Option<RunTimeSnapshot>,
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
            download_idle_timeout: Duration::from_secs(30),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            http: None,
            retry: RetryPolicy::default(),
            poll: PollPolicy::default(),
            max_redirects: 5,
            rate: None,
            run_times: None,
        }
    }
}

impl ClientBuilder {
    /// Reads the token (`RUNCOMFY_TOKEN`, `RUNCOMFY_API_TOKEN`, `RUNCOMFY_API_KEY`, else the
    /// official CLI's token file, see [`crate::token::find_token`]) and
    /// `RUNCOMFY_MODEL_API_BASE` from the process environment. Explicit [`Self::token`] and
    /// [`Self::base_url`] win over it.
    pub fn from_env(self) -> Self {
        self.env_lookup(|k| std::env::var(k).ok())
    }

    /// Like [`Self::from_env`], with any lookup function in place of the environment. The
    /// first variable that is set and not blank is used; if it does not hold a usable token
    /// (whitespace inside, characters a header cannot carry), or the token file is broken,
    /// [`Self::build`] says so, naming the variable or the file (never the token).
    pub fn env_lookup(mut self, lookup: impl Fn(&str) -> Option<String>) -> Self {
        self.env_token = crate::token::find_token(&lookup)
            .transpose()
            .map(|found| found.map(|(t, _)| t));
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

    /// Longest time for one API call, from sending to the end of the answer. Applies to every
    /// API call, also with an injected HTTP client. Downloads are not limited by it (see
    /// [`Self::download_idle_timeout`]).
    pub fn request_timeout(mut self, d: Duration) -> Self {
        self.request_timeout = d;
        self
    }

    /// Longest time a download (or a media probe) may wait for the next bytes; the whole
    /// transfer may take as long as it keeps moving. Default 30 s.
    pub fn download_idle_timeout(mut self, d: Duration) -> Self {
        self.download_idle_timeout = d;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Uses this HTTP client (proxies, custom TLS, a shared pool) for API calls and
    /// downloads. Its own redirect policy and timeouts then apply to downloads: the client
    /// checks the scheme of the final URL, but cannot stop a redirect hop it does not see.
    /// Without it, every redirect hop of a download is checked (https, or http to loopback).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Retry policy for status, result, cancel, downloads and the provably-safe submit
    /// retries.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Default polling policy of waits.
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

    /// Starts the client with these learned run times (e.g. a [`RunTimeSnapshot`] a previous
    /// run saved with [`Client::run_time_snapshot`]).
    pub fn run_times(mut self, snapshot: &RunTimeSnapshot) -> Self {
        self.run_times = Some(snapshot.clone());
        self
    }

    /// Checks the configuration and makes the client.
    pub fn build(self) -> Result<Client, Error> {
        let config = |m: String| Error::new(ErrorKind::Config, m);
        let token = match self.token {
            Some(Some(t)) => t,
            Some(None) => {
                return Err(config(
                    "the token is empty or holds whitespace or characters an HTTP header cannot carry".into(),
                ));
            }
            None => match self.env_token {
                Some(Ok(t)) => t,
                Some(Err(why)) => return Err(config(why)),
                None => {
                    return Err(config(format!(
                        "no API token: set one of {}, or sign in with the official RunComfy CLI (its token file is read too)",
                        TOKEN_VARS.join(", ")
                    )));
                }
            },
        };
        let base_text = self
            .base_url
            .or(self.env_base)
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let base = Url::parse(base_text.trim().trim_end_matches('/'))
            .map_err(|e| config(format!("base URL {base_text:?}: {e}")))?;
        check_scheme(&base).map_err(|e| config(format!("base URL: {e}")))?;
        if base.cannot_be_a_base() || base.query().is_some() || base.fragment().is_some() {
            return Err(config(format!("base URL {base_text:?} cannot hold paths")));
        }
        let (api, downloads) = match self.http {
            Some(http) => (http.clone(), http),
            None => {
                let api = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.request_timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| config(format!("HTTP client: {e}")))?;
                let max = self.max_redirects;
                // Every hop is checked, not only the first URL: a loopback http output URL
                // must not redirect to plain http elsewhere.
                let policy = reqwest::redirect::Policy::custom(move |attempt| {
                    if attempt.previous().len() > max {
                        return attempt.error(format!("more than {max} redirects"));
                    }
                    match check_scheme(attempt.url()) {
                        Ok(()) => attempt.follow(),
                        Err(why) => {
                            let message = format!("redirect to {} refused: {why}", attempt.url());
                            attempt.error(message)
                        }
                    }
                });
                let downloads = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .read_timeout(self.download_idle_timeout)
                    .redirect(policy)
                    .build()
                    .map_err(|e| config(format!("HTTP client: {e}")))?;
                (api, downloads)
            }
        };
        let run_times = RunTimeStore::default();
        if let Some(snapshot) = &self.run_times {
            run_times.restore(snapshot);
        }
        Ok(Client {
            inner: Arc::new(Inner {
                api,
                downloads,
                base,
                token,
                request_timeout: self.request_timeout,
                download_idle_timeout: self.download_idle_timeout,
                user_agent: self.user_agent,
                retry: self.retry,
                poll: self.poll,
                rate: self.rate,
                run_times,
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
/// The core works on any job by its request id ([`crate::JobRef`]) and on any request as a
/// schema plus a JSON body ([`crate::DynamicRequest`]); the generated request types are a
/// typed layer over it. See [`Client::execute`] for the whole pipeline.
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
    pub(crate) download_idle_timeout: Duration,
    pub(crate) user_agent: String,
    pub(crate) retry: RetryPolicy,
    pub(crate) poll: PollPolicy,
    rate: Option<crate::RateLimit>,
    /// Run-time distributions learned per model, for polling.
    pub(crate) run_times: RunTimeStore,
}

/// One attempt's failure: how the retry rule sees it, and the error to return.
type Attempt<T> = Result<T, (Outcome, Error)>;

/// A call's failure: final, or (submit only) outcome unknown.
pub(crate) enum CallError {
    Final(Error),
    Unknown(Error),
}

impl CallError {
    /// The error of a call that concerns no job.
    pub(crate) fn into_error_without_id(self) -> Error {
        match self {
            CallError::Final(e) | CallError::Unknown(e) => e,
        }
    }

    /// The error, with `id` attached.
    pub(crate) fn into_error(self, id: &str) -> Error {
        match self {
            CallError::Final(e) => e.with_request_id(id),
            // Only submit produces Unknown; keep the cause anyway.
            CallError::Unknown(e) => e.with_request_id(id),
        }
    }
}

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

    /// The run-time distribution this client has learned for `model` from the jobs it
    /// waited for (the last [`crate::run_times::MAX_SAMPLES`]), if any.
    pub fn learned_run_times(&self, model: &str) -> Option<RunTimes> {
        self.inner.run_times.get(model).map(|d| (*d).clone())
    }

    /// A copy of every run time this client has learned, to persist between runs.
    pub fn run_time_snapshot(&self) -> RunTimeSnapshot {
        self.inner.run_times.snapshot()
    }

    /// Replaces the learned run times of every model in `snapshot` (other models are kept).
    /// Samples that make no sense are dropped; never panics.
    pub fn restore_run_times(&self, snapshot: &RunTimeSnapshot) {
        self.inner.run_times.restore(snapshot);
    }

    /// `text` with this client's token replaced by `<redacted>`: for anything the server
    /// says that the client shows (a server may echo the token in an error message).
    /// Tokens shorter than [`MIN_REDACTED_TOKEN_LEN`] are not secrets worth mangling every
    /// message for (real tokens are far longer).
    pub(crate) fn redact(&self, text: &str) -> String {
        let token = self.inner.token.expose();
        if token.len() >= MIN_REDACTED_TOKEN_LEN && text.contains(token) {
            text.replace(token, "<redacted>")
        } else {
            text.to_owned()
        }
    }

    /// The URL of `segments` under the base URL (each segment escaped).
    pub(crate) fn url<'a>(&self, segments: impl IntoIterator<Item = &'a str>) -> Result<Url, Error> {
        let mut url = self.inner.base.clone();
        url.path_segments_mut()
            .map_err(|()| Error::new(ErrorKind::Config, "base URL cannot hold paths"))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    /// The URL of a per-request call; the request id is checked first.
    pub(crate) fn request_url(&self, op: Operation, request_id: &str) -> Result<Url, Error> {
        let segments = op.request_segments(request_id).map_err(|e| {
            Error::new(
                ErrorKind::InvalidRequestId,
                format!("{e}: {}", runcomfy_wire::answer::quote(request_id)),
            )
            .with_source(e)
        })?;
        self.url(segments)
    }

    /// One API call with the retry rules. `parse` turns a 2xx JSON body into `T`, or says
    /// why the body is malformed.
    pub(crate) async fn call<T>(
        &self,
        op: Operation,
        request_id: Option<&str>,
        url: Url,
        body: Option<&[u8]>,
        parse: impl Fn(&Value) -> Result<T, String>,
    ) -> Result<T, CallError> {
        match self.call_reply(op, request_id, url, body, None, parse).await? {
            Reply::Fresh { value, .. } => Ok(value),
            // Only a conditional call can be answered 304.
            Reply::NotModified => Err(CallError::Final(Error::new(
                ErrorKind::Malformed,
                "HTTP 304 to a call that was not conditional",
            ))),
        }
    }

    /// [`Client::call`] with an optional `If-None-Match`: a 304 is [`Reply::NotModified`], a
    /// 2xx answer carries its `ETag`.
    pub(crate) async fn call_reply<T>(
        &self,
        op: Operation,
        request_id: Option<&str>,
        url: Url,
        body: Option<&[u8]>,
        if_none_match: Option<&str>,
        parse: impl Fn(&Value) -> Result<T, String>,
    ) -> Result<Reply<T>, CallError> {
        let mut delays = self.inner.retry.delays_iter();
        loop {
            let (outcome, error) = match self.attempt(op, &url, body, if_none_match, &parse).await {
                Ok(v) => return Ok(v),
                Err(failure) => failure,
            };
            let error = match request_id {
                Some(id) => error.with_request_id(id),
                None => error,
            };
            match decide(op, outcome) {
                Decision::Done => return Err(CallError::Final(error)),
                Decision::OutcomeUnknown => return Err(CallError::Unknown(error)),
                Decision::Retry => {
                    let Some(backoff) = delays.next() else {
                        return Err(CallError::Final(error));
                    };
                    let wait = match error.retry_after() {
                        Some(d) if d > self.inner.retry.retry_after_cap() => return Err(CallError::Final(error)),
                        Some(d) => d.max(backoff.min(Duration::from_millis(50))),
                        None => backoff,
                    };
                    tracing::debug!(%op, request_id, ?outcome, ?wait, "retrying");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    async fn attempt<T>(
        &self,
        op: Operation,
        url: &Url,
        body: Option<&[u8]>,
        if_none_match: Option<&str>,
        parse: &impl Fn(&Value) -> Result<T, String>,
    ) -> Attempt<Reply<T>> {
        if let Some(rate) = &self.inner.rate {
            rate.acquire().await;
        }
        let method = if op.method() == "POST" {
            Method::POST
        } else {
            Method::GET
        };
        let mut req = self
            .inner
            .api
            .request(method, url.clone())
            .timeout(self.inner.request_timeout)
            .header(USER_AGENT, &self.inner.user_agent)
            .bearer_auth(self.inner.token.expose());
        if let Some(body) = body {
            req = req
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_vec());
        }
        if let Some(tag) = if_none_match {
            req = req.header(IF_NONE_MATCH, tag);
        }
        let mut resp = req.send().await.map_err(|e| send_failure(op, e))?;
        let status = resp.status();
        if status == StatusCode::NOT_MODIFIED && if_none_match.is_some() {
            return Ok(Reply::NotModified);
        }
        let retry_after = retry_after(resp.headers());
        let etag = resp
            .headers()
            .get(ETAG)
            .and_then(|v| v.to_str().ok())
            .filter(|v| v.len() <= 512)
            .map(str::to_owned);
        let bytes = read_capped(&mut resp, MAX_ANSWER_BYTES)
            .await
            .map_err(|failure| match failure {
                ReadFailure::Http(e) => send_failure(op, e),
                ReadFailure::TooLarge(n) => (
                    Outcome::Malformed,
                    Error::new(
                        ErrorKind::Malformed,
                        format!(
                            "HTTP {} with an answer of {n} bytes or more, above the {MAX_ANSWER_BYTES} read",
                            status.as_u16()
                        ),
                    ),
                ),
            })?;
        let json: Result<Value, _> = serde_json::from_slice(&bytes);
        let redact = |s: &str| self.redact(s);
        if !status.is_success() {
            let body = json
                .ok()
                .and_then(|v| ErrorBody::from_value(&v))
                .unwrap_or_else(|| ErrorBody {
                    error_code: None,
                    error_message: status.canonical_reason().unwrap_or("error").to_owned(),
                    detail: Value::Null,
                });
            return Err((
                Outcome::Http(status.as_u16()),
                from_error_body(status.as_u16(), &body, retry_after, &redact),
            ));
        }
        let value = json.map_err(|e| {
            (
                Outcome::Malformed,
                Error::new(
                    ErrorKind::Malformed,
                    format!("HTTP {} with a body that is not JSON", status.as_u16()),
                )
                .with_source(e),
            )
        })?;
        if let Some(body) = ErrorBody::from_value(&value) {
            // An error under HTTP 200: classify it by its code.
            return Err((
                Outcome::Http(body.http_class()),
                from_error_body(StatusCode::OK.as_u16(), &body, retry_after, &redact),
            ));
        }
        let value = parse(&value)
            .map_err(|message| (Outcome::Malformed, Error::new(ErrorKind::Malformed, redact(&message))))?;
        Ok(Reply::Fresh { value, etag })
    }
}

/// A 2xx answer (with its `ETag`), or a 304 to a conditional call.
pub(crate) enum Reply<T> {
    Fresh { value: T, etag: Option<String> },
    NotModified,
}

/// Why reading a body stopped.
pub(crate) enum ReadFailure {
    Http(reqwest::Error),
    /// At least this many bytes were announced or read.
    TooLarge(u64),
}

/// Reads a whole body, refusing more than `cap` bytes (announced or actual).
pub(crate) async fn read_capped(resp: &mut reqwest::Response, cap: usize) -> Result<Vec<u8>, ReadFailure> {
    if let Some(n) = resp.content_length().filter(|n| *n > cap as u64) {
        return Err(ReadFailure::TooLarge(n));
    }
    let mut buf = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(ReadFailure::Http)? {
        if buf.len() + chunk.len() > cap {
            return Err(ReadFailure::TooLarge((buf.len() + chunk.len()) as u64));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

/// How the retry rule sees a transport failure, and the error (its cause kept as source).
pub(crate) fn send_failure(op: Operation, e: reqwest::Error) -> (Outcome, Error) {
    let (outcome, kind) = if e.is_connect() {
        (Outcome::NotSent, ErrorKind::Transport)
    } else if e.is_timeout() {
        (Outcome::TimedOut, ErrorKind::Timeout)
    } else if e.is_builder() {
        (Outcome::Answered, ErrorKind::Config)
    } else {
        (Outcome::LostAfterSend, ErrorKind::Transport)
    };
    let kind = if op == Operation::Output && kind != ErrorKind::Config {
        ErrorKind::Download
    } else {
        kind
    };
    // reqwest's message names the URL (never the token); the causes stay in the chain.
    let message = e.to_string();
    (outcome, Error::new(kind, message).with_source(e))
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(v, SystemTime::now())
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
    fn a_token_with_a_space_is_named_not_missing() {
        let err = Client::builder()
            .env_lookup(env(&[("RUNCOMFY_TOKEN", "secret part2")]))
            .build()
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("RUNCOMFY_TOKEN is set but"), "{text}");
        assert!(!text.contains("no API token"), "{text}");
        assert!(!text.contains("secret"), "{text}");
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
            assert_eq!(err.kind(), ErrorKind::Config, "{bad}");
            assert!(!err.to_string().contains("secret-t"));
        }
    }

    #[test]
    fn request_ids_are_checked_before_they_become_urls() {
        let c = Client::builder()
            .token("t")
            .base_url("https://h.example/v1")
            .build()
            .unwrap();
        let u = c.request_url(Operation::Status, "a?b#c").unwrap();
        assert_eq!(u.as_str(), "https://h.example/v1/requests/a%3Fb%23c/status");
        for bad in ["..", ".", "", "a/b", "a\nb", "../../x"] {
            let err = c.request_url(Operation::Status, bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidRequestId, "{bad:?}");
        }
    }

    #[test]
    fn the_token_is_redacted_from_server_text() {
        let c = Client::builder()
            .token("secret-XYZ")
            .base_url("https://h.example/v1")
            .build()
            .unwrap();
        assert_eq!(c.redact("invalid token secret-XYZ!"), "invalid token <redacted>!");
    }
}
