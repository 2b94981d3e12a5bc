//! Shared setup: an in-process simulator on loopback and a client pointed at it.
#![allow(dead_code)]

use std::time::Duration;

use runcomfy_client::Client;
use runcomfy_client::config::{PollPolicy, RetryPolicy};
use runcomfy_sim::{ClockMode, RunTime, SimConfig, SimHandle};

pub const TOKEN: &str = "test-token-5f3a9c";

/// A header-only 64x48 PNG: enough for the simulator's and the client's header readers.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    v.extend_from_slice(&width.to_be_bytes());
    v.extend_from_slice(&height.to_be_bytes());
    v.extend_from_slice(b"\x08\x02\0\0\0\0\0\0\0");
    v
}

pub fn png_data_uri(width: u32, height: u32) -> String {
    runcomfy_client::media::from_bytes(&png(width, height), "image.png").into_string()
}

/// Simulated time runs 50x faster: a 2 s job with a 0.5 s dispatch delay takes ~50 ms.
pub fn fast_config() -> SimConfig {
    SimConfig {
        clock: ClockMode::Accelerated(50.0),
        run_time: RunTime::fixed(Duration::from_secs(2)),
        dispatch_delay: Duration::from_millis(500),
        workers: 8,
        ..SimConfig::for_tests(TOKEN)
    }
}

pub async fn sim_with(config: SimConfig) -> SimHandle {
    runcomfy_sim::start(config).await.expect("simulator starts")
}

pub async fn sim() -> SimHandle {
    sim_with(fast_config()).await
}

/// The default predictive policy at the simulator's pace (50x): every duration / 50.
pub fn fast_poll() -> PollPolicy {
    PollPolicy {
        first: Duration::from_millis(10),
        factor: 1.5,
        max: Duration::from_millis(60),
        call_cost: Duration::from_millis(3),
        min_gap: Duration::from_millis(2),
        max_gap: Duration::from_secs(2),
        ..PollPolicy::default()
    }
}

pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(4)
        .delays(Duration::from_millis(5), Duration::from_millis(40))
}

pub fn client(sim: &SimHandle) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(sim.base_url())
        .request_timeout(Duration::from_millis(1500))
        .poll(fast_poll())
        .retry(fast_retry())
        .build()
        .expect("client builds")
}
