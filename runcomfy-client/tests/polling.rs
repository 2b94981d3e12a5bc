//! The poller against the simulator, on a virtual clock: tokio's paused clock drives the
//! client, and a ticker moves the simulator's paused clock along with it every millisecond.
//! Status calls are counted by the simulator's accounting; delays are simulated time, so no
//! assertion here depends on how fast the machine is.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use futures_util::StreamExt;
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
use runcomfy_client::{Client, ErrorKind, JobState, PollPolicy, WaitOptions};
use runcomfy_sim::{RunTime, SimConfig, SimHandle};
use tokio::time::Instant;

const RUN: Duration = Duration::from_secs(60);

fn flux_request(prompt: &str) -> flux::Request {
    flux::Request::from_json(serde_json::json!({ "prompt": prompt })).expect("valid flux request")
}
const DISPATCH: Duration = Duration::from_millis(500);

/// A simulator on the test's virtual clock: 60 s jobs, no queue.
async fn virtual_sim() -> Arc<SimHandle> {
    let sim = Arc::new(
        sim_with(SimConfig {
            run_time: RunTime::fixed(RUN),
            dispatch_delay: DISPATCH,
            workers: 1000,
            prerender_outputs: false,
            ..SimConfig::for_tests(TOKEN)
        })
        .await,
    );
    let ticked = sim.clone();
    let t0 = Instant::now();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_millis(1));
        loop {
            every.tick().await;
            let (target, now) = (t0.elapsed(), ticked.now());
            if target > now {
                ticked.advance(target - now);
            }
        }
    });
    sim
}

fn client_with(sim: &SimHandle, poll: PollPolicy) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(sim.base_url())
        .poll(poll)
        .build()
        .unwrap()
}

/// Submits a job and waits for it as the pipeline does. Returns (request id, detection delay
/// in simulated time, the simulated times of the status answers).
async fn one_job(client: &Client, sim: &SimHandle, i: usize) -> (String, Duration, Vec<Duration>) {
    let job = client.submit(&flux_request(&format!("poll {i}"))).await.unwrap();
    let done_at = sim.now() + DISPATCH + RUN;
    let opts = WaitOptions::default().submitted_at(Instant::now());
    let events = client.progress(&job, &opts);
    futures_util::pin_mut!(events);
    let mut times = Vec::new();
    while let Some(event) = events.next().await {
        let event = event.unwrap();
        times.push(sim.now());
        if let JobState::Finished(_) = event.state {
            let delay = sim
                .now()
                .checked_sub(done_at)
                .expect("completion seen before it happened");
            return (job.request_id().to_owned(), delay, times);
        }
    }
    panic!("the wait ended without a final status");
}

/// `n` jobs at once, 10 ms apart; mean status calls and mean delay, and every job's answers.
async fn batch(client: &Client, sim: &SimHandle, n: usize) -> (f64, Duration, Vec<Vec<Duration>>) {
    let jobs = (0..n).map(|i| async move {
        tokio::time::sleep(Duration::from_millis(10 * i as u64)).await;
        one_job(client, sim, i).await
    });
    let done = futures_util::future::join_all(jobs).await;
    let acct = sim.accounting();
    let calls: u64 = done.iter().map(|(id, _, _)| acct.status_calls_for(id)).sum();
    let delay: Duration = done.iter().map(|(_, d, _)| *d).sum();
    let times = done.into_iter().map(|(_, _, t)| t).collect();
    (calls as f64 / n as f64, delay / n as u32, times)
}

#[tokio::test(start_paused = true)]
async fn the_predictive_poller_beats_a_fixed_2_s_poller_on_calls_at_no_more_delay() {
    let sim = virtual_sim().await;
    let predictive = client_with(&sim, PollPolicy::default());
    // Learn the model's run times from a few jobs.
    for _ in 0..3 {
        batch(&predictive, &sim, 4).await;
    }
    let learned = predictive.learned_run_times(flux::Request::MODEL_ID).unwrap();
    assert_eq!(learned.len(), 12);
    let fixed = client_with(&sim, PollPolicy::fixed(Duration::from_secs(2)));
    let bounded = client_with(&sim, PollPolicy::default().max_detection_delay(Duration::from_secs(2)));
    bounded.restore_run_times(&predictive.run_time_snapshot());
    let ((p_calls, p_delay, _), (f_calls, f_delay, _), (b_calls, b_delay, b_times)) = futures_util::future::join3(
        batch(&predictive, &sim, 8),
        batch(&fixed, &sim, 8),
        batch(&bounded, &sim, 8),
    )
    .await;
    // The official CLI's poller: a call every 2 s from the submit, ~1.5 s late on average.
    assert!(f_calls >= 31.0, "{f_calls}");
    assert!(p_calls * 5.0 < f_calls, "predictive {p_calls} calls, fixed {f_calls}");
    assert!(p_delay <= f_delay, "predictive {p_delay:?}, fixed {f_delay:?}");
    // A hard bound of 2 s costs about the fixed poller's calls (the job could end at any
    // time), and keeps the predictive poller's delay: no two answers (= calls: an answer
    // takes no simulated time here) of a job more than 2 s apart.
    assert!(
        // Its jitter keeps every gap within [1.8 s, 2 s]: at most 35 calls for a 60.5 s job.
        b_calls <= f_calls * 1.15 && b_delay < f_delay,
        "{b_calls} {b_delay:?}"
    );
    for times in b_times {
        for w in times.windows(2) {
            assert!(w[1] - w[0] <= Duration::from_millis(2001), "{times:?}");
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_deadline_ends_the_wait_on_time_and_no_call_follows_it() {
    let sim = virtual_sim().await;
    let client = client_with(&sim, PollPolicy::fixed(Duration::from_secs(7)));
    let job = client.submit(&flux_request("deadline")).await.unwrap();
    let start = Instant::now();
    let err = client
        .wait(&job, &WaitOptions::default().deadline(Duration::from_secs(50)))
        .await
        .unwrap_err();
    let waited = start.elapsed();
    assert_eq!(err.kind(), ErrorKind::DeadlineExceeded);
    assert_eq!(err.request_id(), Some(job.request_id()));
    assert!(
        waited >= Duration::from_secs(50) && waited <= Duration::from_millis(50_002),
        "{waited:?}"
    );
    // Calls at 0, 7, ..., 49 s: 8 of them, none at or after the deadline.
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert_eq!(sim.accounting().status_calls_for(job.request_id()), 8);
}
