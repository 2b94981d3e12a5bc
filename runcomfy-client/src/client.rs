//! The client: configuration, URLs, and one API call with the retry rules, bounded reads and
//! redaction of the token from anything the server says.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ETAG, IF_NONE_MATCH, USER_AGENT};
use reqwest::{Method, StatusCode};
use runcomfy_wire::{ErrorBody, Operation};
use serde_json::Value;
use url::Url;

use crate::Error;
use crate::error::{ErrorKind, from_error_body};
use crate::poll::PollPolicy;
use crate::retry::{Decision, Failure, Retrier, RetryPolicy, retry_after};
use crate::run_times::{RunTimeSnapshot, RunTimeStore};
use crate::token::ApiToken;

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

/// What replaces the API token in anything the server said.
pub(crate) const REDACTED: &str = "<redacted>";

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
/// assert!(!format!("{client:?}").contains("rc-secret"));
///
/// // Plain http only to loopback.
/// let err = Client::builder().token("t").base_url("http://example.com/v1").build().unwrap_err();
/// assert!(err.to_string().contains("https"));
///
/// // The environment, through any lookup function (no `set_var` needed).
/// let client = Client::builder()
///     .env_lookup(|k| (k == "RUNCOMFY_API_KEY").then(|| "from-env".to_owned()))
///     .build();
/// assert!(client.is_ok());
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
    rate: Option<crate::config::RateLimit>,
    run_times: Option<RunTimeSnapshot>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            token: None,
            base_url: None,
            env_token: None,
            env_base: None,
            connect_timeout: Duration::from_secs(4),
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
    /// official CLI's token file, see [`crate::config::find_token`]) and
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
    /// Default 4 s; with [`RetryPolicy::connect_budget`] it bounds how long an unreachable
    /// API takes to fail.
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
    /// transfer may take as long as it keeps moving, up to the job's deadline
    /// ([`crate::WaitOptions::deadline`]). Default 30 s.
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
    /// same [`RateLimit`](crate::config::RateLimit)) waits for.
    pub fn rate_limit(mut self, limit: crate::config::RateLimit) -> Self {
        self.rate = Some(limit);
        self
    }

    /// Starts the client with these learned run times (e.g. a [`RunTimeSnapshot`] a previous
    /// run saved from [`Client::run_times`]).
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
/// Its calls, in one vocabulary (any request is a [`JobRequest`](crate::JobRequest): a
/// generated type or a [`DynamicRequest`](crate::DynamicRequest); any job a
/// [`Job`](crate::Job)):
///
/// | call | does |
/// |---|---|
/// | [`Client::from_env`], [`Client::builder`] | make a client |
/// | [`Client::run`] | submit + wait + result |
/// | [`Client::run_and_download`] | submit + wait + result + download into a folder |
/// | [`Client::run_with`] | the same, with [`JobOptions`](crate::JobOptions) (deadline, interrupt, downloads) and events |
/// | [`Client::follow`] | wait + result + download for a job that exists (re-attach) |
/// | [`Client::preflight`] | check a request as far as possible without submitting |
/// | [`Client::submit`] | check and submit |
/// | [`Client::status`] | one status call |
/// | [`Client::wait`] | poll until the job ends |
/// | [`Client::result`] | the result: output URLs and cost |
/// | [`Client::download`] | download a result's outputs |
/// | [`Client::cancel`] | cancel a queued job |
/// | [`Client::catalog`] | the live model catalog |
/// | [`Client::run_times`] | what the poller learned, to keep between runs |
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
    rate: Option<crate::config::RateLimit>,
    /// Run-time distributions learned per model, for polling.
    pub(crate) run_times: RunTimeStore,
}

/// One attempt's failure: how the retry rule sees it, and the error to return.
type Attempt<T> = Result<T, (Failure, Error)>;

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
    #[cfg(test)]
    pub(crate) fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// A copy of every run time this client has learned from the jobs it waited for (per
    /// model, the last [`MAX_SAMPLES`](crate::config::MAX_SAMPLES)): to persist between runs
    /// and give back with [`ClientBuilder::run_times`].
    ///
    /// ```
    /// let client = runcomfy_client::Client::builder().token("t").build().unwrap();
    /// let learned = client.run_times();
    /// assert!(learned.is_empty());
    /// assert!(learned.run_times("a/b").is_none());
    /// ```
    pub fn run_times(&self) -> RunTimeSnapshot {
        self.inner.run_times.snapshot()
    }

    /// Whether `text` holds this client's token. Tokens shorter than
    /// [`MIN_REDACTED_TOKEN_LEN`] are not secrets worth mangling every message for (real
    /// tokens are far longer).
    pub(crate) fn holds_token(&self, text: &str) -> bool {
        let token = self.inner.token.expose();
        token.len() >= MIN_REDACTED_TOKEN_LEN && text.contains(token)
    }

    /// `text` with this client's token replaced by `<redacted>`: for anything the server
    /// says that the client shows (a server may echo the token in an error message).
    pub(crate) fn redact(&self, text: &str) -> String {
        if self.holds_token(text) {
            text.replace(self.inner.token.expose(), REDACTED)
        } else {
            text.to_owned()
        }
    }

    /// Redacts the token from every string (and key) of `value`; `true` when it held it.
    pub(crate) fn redact_value(&self, value: &mut Value) -> bool {
        match value {
            Value::String(s) if self.holds_token(s) => {
                *s = self.redact(s);
                true
            }
            Value::Array(items) => items.iter_mut().fold(false, |any, v| self.redact_value(v) | any),
            Value::Object(map) => {
                let mut any = false;
                if map.keys().any(|k| self.holds_token(k)) {
                    let old = std::mem::take(map);
                    *map = old.into_iter().map(|(k, v)| (self.redact(&k), v)).collect();
                    any = true;
                }
                map.values_mut().fold(any, |any, v| self.redact_value(v) | any)
            }
            _ => false,
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

    /// The URL of a per-request call; the request id is checked first (one that holds the
    /// API token is refused: it would put the token in URLs, logs and file names).
    pub(crate) fn request_url(&self, op: Operation, request_id: &str) -> Result<Url, Error> {
        if self.holds_token(request_id) {
            return Err(Error::new(
                ErrorKind::Validation,
                format!(
                    "the request id {} holds the API token; refused",
                    runcomfy_wire::answer::quote(&self.redact(request_id))
                ),
            )
            .with_operation(op));
        }
        let segments = op.request_segments(request_id).map_err(|e| {
            Error::new(
                ErrorKind::Validation,
                format!("{e}: {}", runcomfy_wire::answer::quote(request_id)),
            )
            .with_operation(op)
            .with_source(e)
        })?;
        self.url(segments)
    }

    /// One API call with the retry rules. `parse` turns a 2xx JSON body (the token already
    /// redacted from it) into `T`, or says why the body is malformed.
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
            Reply::NotModified => Err(CallError::Final(
                Error::new(ErrorKind::Protocol, "HTTP 304 to a call that was not conditional").with_operation(op),
            )),
        }
    }

    /// [`Client::call`] with an optional `If-None-Match`: a 304 is [`Reply::NotModified`], a
    /// 2xx answer carries its `ETag` and whether the token was redacted from it.
    pub(crate) async fn call_reply<T>(
        &self,
        op: Operation,
        request_id: Option<&str>,
        url: Url,
        body: Option<&[u8]>,
        if_none_match: Option<&str>,
        parse: impl Fn(&Value) -> Result<T, String>,
    ) -> Result<Reply<T>, CallError> {
        let mut retries = Retrier::new(self.inner.retry);
        loop {
            let (failure, error) = match self.attempt(op, &url, body, if_none_match, &parse).await {
                Ok(v) => return Ok(v),
                Err(failed) => failed,
            };
            let error = match request_id {
                Some(id) => error.with_request_id(id),
                None => error,
            }
            .with_operation(op);
            match retries.after(op, failure, &error).await {
                Decision::Retry => {}
                Decision::Done => return Err(CallError::Final(error)),
                Decision::OutcomeUnknown => return Err(CallError::Unknown(error)),
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
        // An ETag that echoes the token is neither kept nor sent back.
        let etag_held_token = etag.as_deref().is_some_and(|t| self.holds_token(t));
        let etag = etag.filter(|_| !etag_held_token);
        let bytes = read_capped(&mut resp, MAX_ANSWER_BYTES)
            .await
            .map_err(|failure| match failure {
                ReadFailure::Http(e) => send_failure(op, e),
                ReadFailure::TooLarge(n) => (
                    Failure::Malformed,
                    Error::new(
                        ErrorKind::Protocol,
                        format!(
                            "HTTP {} with an answer of {n} bytes or more, above the {MAX_ANSWER_BYTES} read",
                            status.as_u16()
                        ),
                    ),
                ),
            })?;
        let mut json: Result<Value, _> = serde_json::from_slice(&bytes);
        // Whatever the server echoes is data: the token is redacted from every string before
        // anything reads it (request ids, URLs, status words, catalog text, messages).
        let redacted = match &mut json {
            Ok(v) => self.redact_value(v),
            Err(_) => false,
        } || etag_held_token;
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
                Failure::Http(status.as_u16()),
                from_error_body(status.as_u16(), &body, retry_after, &redact),
            ));
        }
        let value = json.map_err(|e| {
            (
                Failure::Malformed,
                Error::new(
                    ErrorKind::Protocol,
                    format!("HTTP {} with a body that is not JSON", status.as_u16()),
                )
                .with_source(e),
            )
        })?;
        if let Some(body) = ErrorBody::from_value(&value) {
            // An error under HTTP 200: classify it by its code.
            return Err((
                Failure::Http(body.http_class()),
                from_error_body(StatusCode::OK.as_u16(), &body, retry_after, &redact),
            ));
        }
        let value =
            parse(&value).map_err(|message| (Failure::Malformed, Error::new(ErrorKind::Protocol, redact(&message))))?;
        Ok(Reply::Fresh { value, etag, redacted })
    }
}

/// A 2xx answer (with its `ETag`, and whether the token was redacted from it), or a 304 to
/// a conditional call.
pub(crate) enum Reply<T> {
    Fresh {
        value: T,
        etag: Option<String>,
        redacted: bool,
    },
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
pub(crate) fn send_failure(op: Operation, e: reqwest::Error) -> (Failure, Error) {
    let (failure, kind) = if e.is_connect() {
        (Failure::NotSent, ErrorKind::Connect)
    } else if e.is_timeout() {
        (Failure::TimedOut, ErrorKind::Timeout)
    } else if e.is_builder() {
        (Failure::Final, ErrorKind::Config)
    } else if e.is_redirect() {
        // A redirect the client refuses (too many, plain http elsewhere): final.
        (Failure::Final, ErrorKind::Protocol)
    } else {
        (Failure::LostAfterSend, ErrorKind::ConnectionLost)
    };
    // reqwest's message names the URL (never the token); the causes stay in the chain.
    let message = e.to_string();
    (failure, Error::new(kind, message).with_operation(op).with_source(e))
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
            assert_eq!(err.kind(), ErrorKind::Validation, "{bad:?}");
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
        let mut v = serde_json::json!({"a": ["x secret-XYZ", 1], "secret-XYZ": {"b": "secret-XYZ"}, "c": "clean"});
        assert!(c.redact_value(&mut v));
        assert!(!v.to_string().contains("secret-XYZ"), "{v}");
        assert_eq!(v["c"], "clean");
        let mut clean = serde_json::json!({"a": "b"});
        assert!(!c.redact_value(&mut clean));
        // A request id that holds the token never goes into a URL.
        let err = c.request_url(Operation::Status, "id-secret-XYZ").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation);
        assert!(!err.to_string().contains("secret-XYZ"), "{err}");
    }
}
