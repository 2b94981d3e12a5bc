//! Idle connections cannot lock clients out: a cap on open connections (the longest-idle one
//! makes room) and a header-read timeout.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads until the server closes the connection (EOF or reset), at most `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn idle_connections_make_room_for_new_clients() {
    let mut cfg = config();
    cfg.max_connections = 16;
    // No timeout: only the cap can free the slots.
    cfg.header_read_timeout = None;
    let sim = start(cfg).await;
    // 300 clients connect and send nothing; 40 more send half a request line.
    let mut idle = Vec::new();
    for i in 0..340 {
        let mut s = TcpStream::connect(sim.api_addr()).await.expect("connect");
        if i >= 300 {
            s.write_all(b"GET /v1/models HT").await.unwrap();
        }
        idle.push(s);
    }
    // A new client is still answered, promptly.
    let c = client();
    let started = Instant::now();
    let (code, body) = get_json(&c, &format!("{}/models", sim.base_url()), TOKEN).await;
    assert_eq!(code, 200, "{body}");
    let id = submit_ok(&c, &sim, FLUX, &json!({"prompt": "still served"})).await;
    assert!(!id.is_empty());
    assert!(started.elapsed() < Duration::from_secs(15), "{:?}", started.elapsed());
    // The server closed the oldest idle connections to stay under the cap.
    let shed = sim.accounting().connections_shed;
    assert!(shed >= 340 - 16, "{shed} shed");
    assert!(
        closed_within(&mut idle[0], Duration::from_secs(10)).await,
        "the oldest was closed"
    );
    // A connection in the middle of a request is never shed for a new one: a slow upload
    // finishes even while new connections keep arriving.
    let mut slow = TcpStream::connect(sim.api_addr()).await.unwrap();
    let body = br#"{"prompt": "slow upload"}"#;
    let head = format!(
        "POST /v1/models/{FLUX} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {TOKEN}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    slow.write_all(&body[..5]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    for _ in 0..40 {
        idle.push(TcpStream::connect(sim.api_addr()).await.unwrap());
    }
    let (code, _) = get_json(&c, &format!("{}/models/categories", sim.base_url()), TOKEN).await;
    assert_eq!(code, 200);
    slow.write_all(&body[5..]).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(10), slow.read(&mut answer))
        .await
        .expect("answered")
        .unwrap();
    let text = String::from_utf8_lossy(&answer[..n]);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
}

#[tokio::test]
async fn slow_headers_are_cut_off() {
    let mut cfg = config();
    cfg.header_read_timeout = Some(Duration::from_millis(300));
    let sim = start(cfg).await;
    let mut silent = TcpStream::connect(sim.api_addr()).await.unwrap();
    let mut partial = TcpStream::connect(sim.output_addr()).await.unwrap();
    partial
        .write_all(b"GET /outputs/x/0.png HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    assert!(closed_within(&mut silent, Duration::from_secs(10)).await);
    assert!(closed_within(&mut partial, Duration::from_secs(10)).await);
    // Requests that come in time are served as usual.
    let c = client();
    let (code, _) = get_json(&c, &format!("{}/models", sim.base_url()), TOKEN).await;
    assert_eq!(code, 200);
}
