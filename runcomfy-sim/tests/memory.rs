//! Issue 16, point 9: what a body of millions of keys costs the simulator in memory, counted
//! by a counting global allocator (dhat's testing mode): the peak heap of the whole process
//! while the submit is read, checked and answered, against the body's size.
//!
//! One test in its own binary: dhat counts every allocation of the process while a profiler
//! runs, and only one may run at a time.

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const MODEL: &str = "blackforestlabs/flux-1-schnell/text-to-image";

/// `{"prompt": "x", "k_0000000": 1, ...}` with `keys` unknown keys.
fn body(keys: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(keys * 14 + 32);
    body.extend_from_slice(b"{\"prompt\": \"x\"");
    for i in 0..keys {
        body.extend_from_slice(format!(",\"k_{i:07}\":1").as_bytes());
    }
    body.push(b'}');
    body
}

/// The request head of a submit of `len` bytes.
fn head(addr: std::net::SocketAddr, len: usize) -> Vec<u8> {
    format!(
        "POST /v1/models/{MODEL} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
    )
    .into_bytes()
}

/// Sends `body` (already built, so not counted) and reads the whole answer; returns the
/// peak heap bytes allocated meanwhile and the answer.
async fn peak_of_submit(sim: &runcomfy_sim::SimHandle, body: &[u8]) -> (u64, String) {
    let head = head(sim.api_addr(), body.len());
    let before = dhat::HeapStats::get();
    let mut stream = tokio::net::TcpStream::connect(sim.api_addr()).await.unwrap();
    stream.write_all(&head).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let after = dhat::HeapStats::get();
    // `max_bytes` is the peak since the profiler started; it is measured from a quiet
    // baseline (`curr_bytes` before), so the difference is this submit's.
    assert!(after.max_bytes >= before.max_bytes);
    let peak = after.max_bytes as u64 - (before.curr_bytes as u64).min(after.max_bytes as u64);
    (peak, String::from_utf8_lossy(&answer).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_of_millions_of_keys_costs_less_than_four_times_its_size() {
    let sim = runcomfy_sim::start(runcomfy_sim::SimConfig::for_tests("t"))
        .await
        .unwrap();
    let huge = body(2_000_000);
    let small = body(20_000);
    let _profiler = dhat::Profiler::builder().testing().build();

    // The small body first: `max_bytes` is the peak since the profiler started.
    let (small_peak, answer) = peak_of_submit(&sim, &small).await;
    assert!(answer.starts_with("HTTP/1.1 422"));
    eprintln!(
        "20,000 unknown keys: body {:.2} MB, peak heap during the submit {:.2} MB ({:.2}x)",
        small.len() as f64 / 1e6,
        small_peak as f64 / 1e6,
        small_peak as f64 / small.len() as f64
    );

    // The measure is live: a serde_json::Value of the small body alone takes far more.
    let before = dhat::HeapStats::get();
    let value: serde_json::Value = serde_json::from_slice(&small).unwrap();
    let after = dhat::HeapStats::get();
    let value_bytes = after.curr_bytes as u64 - before.curr_bytes as u64;
    drop(value);
    eprintln!(
        "the small body as a serde_json::Value: {:.2} MB ({:.2}x)",
        value_bytes as f64 / 1e6,
        value_bytes as f64 / small.len() as f64
    );
    assert!(value_bytes > 4 * small.len() as u64, "{value_bytes}");

    let (peak, answer) = peak_of_submit(&sim, &huge).await;
    assert!(
        answer.starts_with("HTTP/1.1 422"),
        "{}",
        &answer[..200.min(answer.len())]
    );
    assert!(
        answer.contains("more than 1000 violations"),
        "the answer lists the first 1000"
    );
    let ratio = peak as f64 / huge.len() as f64;
    eprintln!(
        "2,000,000 unknown keys: body {:.1} MB, peak heap during the submit {:.1} MB ({ratio:.2}x)",
        huge.len() as f64 / 1e6,
        peak as f64 / 1e6
    );
    assert!(ratio < 4.0, "peak {peak} bytes for a body of {} bytes", huge.len());
}
