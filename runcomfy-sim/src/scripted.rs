//! A scripted HTTP server for what the simulator will not do: a hostile or broken API or
//! output host. Each route answers with a fixed [`Reply`] (or a sequence of them); the server
//! records every request and how many were in flight at once.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use runcomfy_sim::scripted::{Reply, Scripted};
//! let server = Scripted::start().await;
//! server.route("GET", "/v1/requests/r1/status", Reply::json(200, serde_json::json!([1, 2])));
//! assert!(server.url("/v1").starts_with("http://127.0.0.1:"));
//! # }
//! ```

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::lock;

/// How a route answers.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Any status, headers and body.
    Raw {
        /// HTTP status.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// The body.
        body: Bytes,
    },
    /// A redirect to `location`.
    Redirect {
        /// 301, 302, 303, 307 or 308.
        status: u16,
        /// Where to.
        location: String,
    },
    /// HTTP 200 with a body that never ends (zeros, chunked).
    Endless,
    /// HTTP 200 with `bytes` bytes sent `chunk` at a time, one chunk every `every`.
    Trickle {
        /// Total size (announced in `Content-Length`).
        bytes: usize,
        /// Bytes per chunk.
        chunk: usize,
        /// Pause between chunks.
        every: Duration,
    },
    /// A file that honours `Range` (and says so); the first `cut_first` answers stop after
    /// half of what they announced, as a connection that breaks mid-body.
    File {
        /// The file's bytes.
        body: Bytes,
        /// How many answers are cut.
        cut_first: usize,
    },
    /// The n-th request gets the n-th reply; the last one repeats.
    Sequence(Vec<Reply>),
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: Value) -> Reply {
        Reply::Raw {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: Bytes::from(body.to_string()),
        }
    }
}

/// One request the server saw.
#[derive(Debug, Clone)]
pub struct Seen {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path with its query.
    pub path: String,
    /// The request headers.
    pub headers: HeaderMap,
}

#[derive(Debug, Default)]
struct Shared {
    routes: Mutex<HashMap<(String, String), Reply>>,
    hits: Mutex<HashMap<(String, String), usize>>,
    seen: Mutex<Vec<Seen>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

/// A running scripted server on `127.0.0.1`. Dropping it stops it.
#[derive(Debug)]
pub struct Scripted {
    addr: SocketAddr,
    shared: Arc<Shared>,
    _shutdown: watch::Sender<bool>,
}

impl Scripted {
    /// Starts a server with no routes (every request answers 404) on a free port.
    pub async fn start() -> Scripted {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind a loopback port for the scripted server");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared::default());
        let router = Router::new().fallback(answer).with_state(shared.clone());
        let (shutdown, rx) = watch::channel(false);
        tokio::spawn(crate::server::serve(
            listener,
            router,
            crate::server::Limits::NONE,
            Box::new(|_| {}),
            rx,
        ));
        Scripted {
            addr,
            shared,
            _shutdown: shutdown,
        }
    }

    /// Sets the reply of `method` + `path` (the path with its query, if any, exactly).
    pub fn route(&self, method: &str, path: &str, reply: Reply) {
        lock(&self.shared.routes).insert((method.to_owned(), path.to_owned()), reply);
    }

    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The server's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request seen, in order.
    pub fn requests(&self) -> Vec<Seen> {
        lock(&self.shared.seen).clone()
    }

    /// The most requests that were being answered at once (a body still streaming counts).
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }
}

/// Counts a request as in flight until dropped (with the end of its body).
struct InFlight(Arc<Shared>);

impl InFlight {
    fn new(shared: Arc<Shared>) -> InFlight {
        let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(shared)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn answer(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let method = req.method().as_str().to_owned();
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned());
    lock(&shared.seen).push(Seen {
        method: method.clone(),
        path: path.clone(),
        headers: req.headers().clone(),
    });
    let key = (method, path);
    let reply = lock(&shared.routes).get(&key).cloned();
    let Some(reply) = reply else {
        return (StatusCode::NOT_FOUND, "no scripted route").into_response();
    };
    let n = {
        let mut hits = lock(&shared.hits);
        let n = hits.entry(key).or_default();
        *n += 1;
        *n - 1
    };
    let guard = InFlight::new(shared.clone());
    reply_with(reply, n, req.headers(), guard).await
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

async fn reply_with(reply: Reply, n: usize, request: &HeaderMap, guard: InFlight) -> Response {
    match reply {
        Reply::Sequence(list) => match list.get(n).or(list.last()).cloned() {
            Some(next) => Box::pin(reply_with(next, 0, request, guard)).await,
            None => (StatusCode::NOT_FOUND, "empty sequence").into_response(),
        },
        Reply::Raw {
            status: s,
            headers,
            body,
        } => {
            let mut resp = (status(s), body).into_response();
            for (k, v) in headers {
                if let (Ok(k), Ok(v)) = (HeaderName::try_from(k), HeaderValue::try_from(v)) {
                    resp.headers_mut().insert(k, v);
                }
            }
            drop(guard);
            resp
        }
        Reply::Redirect { status: s, location } => {
            drop(guard);
            (status(s), [(header::LOCATION, location)]).into_response()
        }
        Reply::Endless => {
            let chunk = Bytes::from(vec![0u8; 64 * 1024]);
            let stream = futures_util::stream::unfold(guard, move |g| {
                let chunk = chunk.clone();
                async move { Some((Ok::<_, std::io::Error>(chunk), g)) }
            });
            (StatusCode::OK, Body::from_stream(stream)).into_response()
        }
        Reply::Trickle { bytes, chunk, every } => {
            let chunk = chunk.max(1);
            let stream = futures_util::stream::unfold((bytes, guard), move |(left, g)| async move {
                if left == 0 {
                    return None;
                }
                tokio::time::sleep(every).await;
                let n = left.min(chunk);
                Some((Ok::<_, std::io::Error>(Bytes::from(vec![7u8; n])), (left - n, g)))
            });
            (
                StatusCode::OK,
                [(header::CONTENT_LENGTH, bytes.to_string())],
                Body::from_stream(stream),
            )
                .into_response()
        }
        Reply::File { body, cut_first } => {
            let total = body.len();
            let start = request
                .get(header::RANGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("bytes="))
                .and_then(|v| v.strip_suffix('-'))
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|s| *s < total);
            let part = body.slice(start.unwrap_or(0)..);
            let announced = part.len();
            let sent = if n < cut_first {
                part.slice(..announced / 2)
            } else {
                part
            };
            let cut = n < cut_first;
            // The first half, a pause (so it leaves the server), then a broken connection.
            let stream = futures_util::stream::unfold((0u8, Some(sent), guard), move |(step, data, g)| async move {
                match (step, data) {
                    (0, Some(d)) => Some((Ok::<_, std::io::Error>(d), (1, None, g))),
                    (1, None) if cut => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Some((Err(std::io::Error::other("cut")), (2, None, g)))
                    }
                    _ => None,
                }
            });
            let mut headers = vec![
                (header::CONTENT_LENGTH, announced.to_string()),
                (header::ACCEPT_RANGES, "bytes".to_owned()),
                (header::ETAG, "\"scripted-file\"".to_owned()),
            ];
            let code = match start {
                Some(s) => {
                    headers.push((header::CONTENT_RANGE, format!("bytes {s}-{}/{total}", total - 1)));
                    StatusCode::PARTIAL_CONTENT
                }
                None => StatusCode::OK,
            };
            let mut resp = (code, Body::from_stream(stream)).into_response();
            for (k, v) in headers {
                if let Ok(v) = HeaderValue::try_from(v) {
                    resp.headers_mut().insert(k, v);
                }
            }
            resp
        }
    }
}
