//! The accept loop: hyper over tokio, one task per connection, with a way for a handler to
//! drop its connection with a TCP reset (for the `reset-before` / `reset-after` faults), a
//! header-read timeout, and a cap on open connections.
//!
//! `axum::serve` gives handlers no access to their socket, so each accepted socket is
//! duplicated (`try_clone`): hyper serves one descriptor, the [`ConnCtx`] keeps the other.
//! To reset, the handler sets `SO_LINGER` to zero on the kept descriptor, closes it and
//! wakes the connection task, which drops hyper's side: the kernel then sends an RST instead
//! of a FIN, and the client sees "connection reset by peer" without any answer.
//!
//! Idle connections cannot lock clients out: hyper closes a connection that takes longer
//! than [`crate::SimConfig::header_read_timeout`] to send a request's headers (idle
//! keep-alive time included), and at most [`crate::SimConfig::max_connections`] are open at
//! once. A new connection beyond the cap makes the longest-idle one (no request in flight)
//! shut down gracefully; when every connection is busy, the accept loop waits until one
//! ends or becomes idle (new clients wait in the listen backlog). Running out of file
//! descriptors sheds an idle connection the same way.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use http_body_util::BodyExt as _;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tower_service::Service;

use crate::lock;

/// Connection limits of one origin.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) header_read_timeout: Option<Duration>,
    pub(crate) max_connections: usize,
}

/// The open connections of one origin.
#[derive(Debug, Default)]
struct Registry {
    conns: Mutex<BTreeMap<u64, Conn>>,
    next_id: Mutex<u64>,
    /// Signalled when a connection ends or becomes idle.
    changed: Notify,
}

#[derive(Debug)]
struct Conn {
    /// Requests in flight.
    busy: usize,
    /// Since when no request is in flight.
    idle_since: Instant,
    /// Asked to shut down (no longer counted).
    shedding: bool,
    /// Has started a request (a connection that never did is dropped at once when shed).
    served: bool,
    shed: Arc<Notify>,
}

impl Registry {
    fn live(conns: &BTreeMap<u64, Conn>) -> usize {
        conns.values().filter(|c| !c.shedding).count()
    }

    /// Asks the longest-idle connection to shut down; false when none is idle.
    fn shed_idle(conns: &mut BTreeMap<u64, Conn>) -> bool {
        let oldest = conns
            .iter_mut()
            .filter(|(_, c)| !c.shedding && c.busy == 0)
            .min_by_key(|(_, c)| c.idle_since);
        match oldest {
            Some((_, conn)) => {
                conn.shedding = true;
                conn.shed.notify_one();
                true
            }
            None => false,
        }
    }

    /// Makes room for one more connection: sheds idle ones, or waits for one to end or go
    /// idle. Returns how many were shed.
    async fn make_room(&self, max: usize) -> u64 {
        let mut shed = 0;
        loop {
            let changed = self.changed.notified();
            {
                let mut conns = lock(&self.conns);
                if Self::live(&conns) < max {
                    return shed;
                }
                if Self::shed_idle(&mut conns) {
                    shed += 1;
                    continue;
                }
            }
            changed.await;
        }
    }

    fn register(&self) -> (u64, Arc<Notify>) {
        let id = {
            let mut next = lock(&self.next_id);
            *next += 1;
            *next
        };
        let shed = Arc::new(Notify::new());
        lock(&self.conns).insert(
            id,
            Conn {
                busy: 0,
                idle_since: Instant::now(),
                shedding: false,
                served: false,
                shed: shed.clone(),
            },
        );
        (id, shed)
    }

    fn remove(&self, id: u64) {
        lock(&self.conns).remove(&id);
        self.changed.notify_waiters();
    }

    fn request_started(&self, id: u64) {
        if let Some(c) = lock(&self.conns).get_mut(&id) {
            c.busy += 1;
            c.served = true;
        }
    }

    fn has_served(&self, id: u64) -> bool {
        lock(&self.conns).get(&id).is_some_and(|c| c.served)
    }

    fn request_done(&self, id: u64) {
        let idle = match lock(&self.conns).get_mut(&id) {
            Some(c) => {
                c.busy = c.busy.saturating_sub(1);
                if c.busy == 0 {
                    c.idle_since = Instant::now();
                }
                c.busy == 0
            }
            None => false,
        };
        if idle {
            self.changed.notify_waiters();
        }
    }
}

/// Marks a request done when dropped (also when the connection is dropped mid-request).
struct InFlight {
    registry: Arc<Registry>,
    id: u64,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.registry.request_done(self.id);
    }
}

/// Per-connection context, in every request's extensions.
#[derive(Debug)]
pub(crate) struct ConnCtx {
    kill: Notify,
    sock: Mutex<Option<std::net::TcpStream>>,
}

impl ConnCtx {
    /// Closes the connection with a reset, without an answer.
    pub(crate) fn reset(&self) {
        if let Some(sock) = lock(&self.sock).take() {
            let _ = socket2::SockRef::from(&sock).set_linger(Some(Duration::ZERO));
            drop(sock);
        }
        self.kill.notify_one();
    }
}

/// What the accept loop reports: how many connections it shed to make room.
pub(crate) type OnShed = Box<dyn Fn(u64) + Send + Sync>;

impl Limits {
    /// No header timeout and no cap (the scripted server's: its replies may be slow on purpose).
    pub(crate) const NONE: Limits = Limits {
        header_read_timeout: None,
        max_connections: usize::MAX,
    };
}

pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    on_shed: OnShed,
    mut shutdown: watch::Receiver<bool>,
) {
    let registry = Arc::new(Registry::default());
    loop {
        let shed = tokio::select! {
            n = registry.make_room(limits.max_connections) => n,
            _ = shutdown.changed() => return,
        };
        if shed > 0 {
            on_shed(shed);
        }
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = shutdown.changed() => return,
        };
        match accepted {
            Ok((tcp, _)) => {
                let (id, shed) = registry.register();
                tokio::spawn(connection(
                    tcp,
                    router.clone(),
                    limits,
                    registry.clone(),
                    id,
                    shed,
                    shutdown.clone(),
                ));
            }
            // Out of descriptors and the like: free an idle connection if there is one and
            // wait until it is gone (or a little, instead of spinning).
            Err(_) => {
                let changed = registry.changed.notified();
                let wait = if Registry::shed_idle(&mut lock(&registry.conns)) {
                    on_shed(1);
                    Duration::from_millis(100)
                } else {
                    Duration::from_millis(5)
                };
                let _ = tokio::time::timeout(wait, changed).await;
            }
        }
    }
}

/// The stream hyper serves, and a duplicate descriptor for resets. Out of descriptors, the
/// connection is still served, without the duplicate (a reset fault then closes it with a
/// FIN): dropping it would answer the client's request with a reset.
fn split(tcp: TcpStream) -> std::io::Result<(TcpStream, Option<std::net::TcpStream>)> {
    let std = tcp.into_std()?;
    let kept = std.try_clone().ok();
    Ok((TcpStream::from_std(std)?, kept))
}

async fn connection(
    tcp: TcpStream,
    router: Router,
    limits: Limits,
    registry: Arc<Registry>,
    id: u64,
    shed: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    serve_connection(tcp, router, limits, &registry, id, &shed, &mut shutdown).await;
    registry.remove(id);
}

async fn serve_connection(
    tcp: TcpStream,
    router: Router,
    limits: Limits,
    registry: &Arc<Registry>,
    id: u64,
    shed: &Notify,
    shutdown: &mut watch::Receiver<bool>,
) {
    let _ = tcp.set_nodelay(true);
    let Ok((tcp, kept)) = split(tcp) else { return };
    let ctx = Arc::new(ConnCtx {
        kill: Notify::new(),
        sock: Mutex::new(kept),
    });
    let for_requests = ctx.clone();
    let tracker = registry.clone();
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(for_requests.clone());
        let mut router = router.clone();
        tracker.request_started(id);
        let in_flight = InFlight {
            registry: tracker.clone(),
            id,
        };
        async move {
            let resp = router.call(req).await.unwrap_or_else(|never| match never {});
            // Busy until the body is sent (or dropped): a download is never shed.
            let resp = resp.map(move |body| {
                axum::body::Body::new(body.map_frame(move |frame| {
                    let _ = &in_flight;
                    frame
                }))
            });
            Ok::<_, Infallible>(resp)
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true)
        .serve_connection(TokioIo::new(tcp), service);
    tokio::pin!(conn);
    // Once shed: a graceful shutdown (an idle keep-alive connection closes at once), and a
    // connection still open after the grace (e.g. half a request head) is dropped.
    let mut grace: Option<std::pin::Pin<Box<tokio::time::Sleep>>> = None;
    loop {
        tokio::select! {
            _ = conn.as_mut() => return,
            _ = ctx.kill.notified() => return,
            _ = shutdown.changed() => return,
            _ = shed.notified(), if grace.is_none() => {
                // A connection that never sent a request has nothing to finish: its
                // descriptors are freed now, not after the grace.
                if !registry.has_served(id) {
                    return;
                }
                conn.as_mut().graceful_shutdown();
                grace = Some(Box::pin(tokio::time::sleep(SHED_GRACE)));
            }
            _ = async { if let Some(g) = grace.as_mut() { g.await } }, if grace.is_some() => return,
        }
    }
}

/// How long a shed connection may take to close by itself.
const SHED_GRACE: Duration = Duration::from_secs(2);
