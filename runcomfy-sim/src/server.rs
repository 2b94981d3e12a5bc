//! The accept loop: hyper over tokio, one task per connection, with a way for a handler to
//! drop its connection with a TCP reset (for the `reset-before` / `reset-after` faults).
//!
//! `axum::serve` gives handlers no access to their socket, so each accepted socket is
//! duplicated (`try_clone`): hyper serves one descriptor, the [`ConnCtx`] keeps the other.
//! To reset, the handler sets `SO_LINGER` to zero on the kept descriptor, closes it and
//! wakes the connection task, which drops hyper's side: the kernel then sends an RST instead
//! of a FIN, and the client sees "connection reset by peer" without any answer.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tower_service::Service;

use crate::lock;

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

pub(crate) async fn serve(listener: TcpListener, router: Router, mut shutdown: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = shutdown.changed() => return,
        };
        match accepted {
            Ok((tcp, _)) => {
                tokio::spawn(connection(tcp, router.clone(), shutdown.clone()));
            }
            // Out of descriptors and the like: wait a little instead of spinning.
            Err(_) => tokio::time::sleep(Duration::from_millis(5)).await,
        }
    }
}

fn split(tcp: TcpStream) -> std::io::Result<(TcpStream, std::net::TcpStream)> {
    let std = tcp.into_std()?;
    let kept = std.try_clone()?;
    Ok((TcpStream::from_std(std)?, kept))
}

async fn connection(tcp: TcpStream, router: Router, mut shutdown: watch::Receiver<bool>) {
    let _ = tcp.set_nodelay(true);
    let Ok((tcp, kept)) = split(tcp) else { return };
    let ctx = Arc::new(ConnCtx {
        kill: Notify::new(),
        sock: Mutex::new(Some(kept)),
    });
    let for_requests = ctx.clone();
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(for_requests.clone());
        let mut router = router.clone();
        async move { Ok::<_, Infallible>(router.call(req).await.unwrap_or_else(|never| match never {})) }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(tcp), service);
    tokio::select! {
        _ = conn => {}
        _ = ctx.kill.notified() => {}
        _ = shutdown.changed() => {}
    }
}
