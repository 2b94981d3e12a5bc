//! The poller against the simulator, on a virtual clock: tokio's paused clock drives the
//! client, and a ticker moves the simulator's paused clock along with it every millisecond.
//! Status calls are counted by the simulator's accounting; delays are simulated time, so no
//! assertion here depends on how fast the machine is.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use runcomfy_client::config::PollPolicy;
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
use runcomfy_client::{Client, ErrorKind, JobEvent, JobOptions, WaitOptions};
use runcomfy_sim::{RunTime, SimConfig, SimHandle};
use tokio::time::Instant;

const RUN: Duration = Duration::from_secs(60);

fn flux_request(prompt: &str) -> flux::Request {
    flux::Request::from_json(serde_json::json!({ "prompt": prompt })).expect("valid flux request")
}
const DISPATCH: Duration = Duration::from_millis(500);

/// A simulator on the test's virtual clock: a ticker moves its paused clock along with
/// tokio's every millisecond.
async fn ticked_sim(config: SimConfig) -> Arc<SimHandle> {
    let sim = Arc::new(sim_with(config).await);
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

/// A simulator on the test's virtual clock: 60 s jobs, no queue.
async fn virtual_sim() -> Arc<SimHandle> {
    ticked_sim(SimConfig {
        run_time: RunTime::fixed(RUN),
        dispatch_delay: DISPATCH,
        workers: 1000,
        prerender_outputs: false,
        ..SimConfig::for_tests(TOKEN)
    })
    .await
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
    let opts = JobOptions::default().wait(WaitOptions::default().submitted_at(Instant::now()));
    let mut times = Vec::new();
    let mut seen_done = None;
    let mut observe = |event: JobEvent<'_>| {
        if let JobEvent::Progress(p) = event {
            times.push(sim.now());
            if p.state.is_terminal() && seen_done.is_none() {
                seen_done = Some(sim.now());
            }
        }
    };
    let _done = client.follow(&job, &opts, &mut observe).await.unwrap();
    let seen_done = seen_done.expect("the wait ended with a final status");
    let delay = seen_done
        .checked_sub(done_at)
        .expect("completion seen before it happened");
    (job.request_id().to_owned(), delay, times)
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
    let learned = predictive.run_times().run_times(flux::Request::MODEL_ID).unwrap();
    assert_eq!(learned.len(), 12);
    let fixed = client_with(&sim, PollPolicy::fixed(Duration::from_secs(2)));
    let bounded = Client::builder()
        .token(TOKEN)
        .base_url(sim.base_url())
        .poll(PollPolicy::default().max_detection_delay(Duration::from_secs(2)))
        .run_times(&predictive.run_times())
        .build()
        .unwrap();
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

/// A run-times file that says the model takes 30 days (tampered, or a model that once was
/// that slow): valid as a file, wrong about the job.
fn month_long_history() -> runcomfy_client::config::RunTimeSnapshot {
    let month: u64 = 30 * 24 * 3600 * 1000;
    let samples: Vec<String> = (0..64)
        .map(|i| format!("[{},{}]", month - 60_000 - i, month - i))
        .collect();
    let text = format!(
        r#"{{"version":1,"models":{{"{}":[{}]}}}}"#,
        flux::Request::MODEL_ID,
        samples.join(",")
    );
    runcomfy_client::config::RunTimeSnapshot::from_json(&text).expect("a valid file")
}

/// A client with the default policy and [`month_long_history`].
fn client_believing_a_month(sim: &SimHandle) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(sim.base_url())
        .poll(PollPolicy::default())
        .run_times(&month_long_history())
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn a_tampered_history_never_silences_polling() {
    let sim = virtual_sim().await;
    let client = client_believing_a_month(&sim);
    let (_, delay, times) = one_job(&client, &sim, 0).await;
    // The history aims the first call 30 days out; the ceiling (max_gap, 10 min) holds it.
    let max_gap = PollPolicy::default().max_gap;
    assert!(times[0] <= max_gap + Duration::from_millis(5), "{times:?}");
    for w in times.windows(2) {
        assert!(w[1] - w[0] <= max_gap + Duration::from_millis(5), "{times:?}");
    }
    assert!(delay <= max_gap, "{delay:?}");
}

#[tokio::test(start_paused = true)]
async fn a_deadline_is_declared_only_after_a_status_call_near_it() {
    let sim = virtual_sim().await;
    let client = client_believing_a_month(&sim);
    // The job ends at 60.5 s; the schedule would look at 10 min; the deadline is 120 s: the
    // call made shortly before the deadline finds it done.
    let job = client.submit(&flux_request("deadline, done")).await.unwrap();
    let start = Instant::now();
    let opts = WaitOptions::default().submitted_at(start);
    let done = client
        .wait(&job, &opts.deadline(Duration::from_secs(120)))
        .await
        .expect("the job ended before the deadline");
    assert_eq!(done, runcomfy_client::Terminal::Completed);
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_secs(118) && waited < Duration::from_secs(120),
        "{waited:?}"
    );
    assert_eq!(sim.accounting().status_calls_for(job.request_id()), 1);
    // A job still running at its deadline: one call just before it, then the error, which
    // says what that call saw. (A client of its own: the first job taught the other one a
    // 118 s run, which widens its distribution down to 0 s, and one first call in 16 would
    // then explore at the submit.)
    let client = client_believing_a_month(&sim);
    let job = client.submit(&flux_request("deadline, late")).await.unwrap();
    let start = Instant::now();
    let opts = WaitOptions::default().submitted_at(start);
    let err = client
        .wait(&job, &opts.deadline(Duration::from_secs(30)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DeadlineExceeded);
    assert_eq!(err.request_id(), Some(job.request_id()));
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_secs(30) && waited <= Duration::from_millis(30_002),
        "{waited:?}"
    );
    assert_eq!(sim.accounting().status_calls_for(job.request_id()), 1);
    let message = err.to_string();
    assert!(message.contains("before the deadline, saw it running"), "{message}");
}

/// A simulator on the test's virtual clock with `workers` workers and 10 s jobs.
async fn queued_sim(workers: usize) -> Arc<SimHandle> {
    ticked_sim(SimConfig {
        run_time: RunTime::fixed(Duration::from_secs(10)),
        dispatch_delay: DISPATCH,
        workers,
        prerender_outputs: false,
        ..SimConfig::for_tests(TOKEN)
    })
    .await
}

/// Sixteen jobs of one model submitted a second apart to two workers (a queue of up to
/// eleven). Waited for by sixteen separate clients, every job spends its first call where it
/// would end without a queue (10.5 s after its submit, or sooner: one first call in 16
/// explores below the shortest run seen). Waited for by one client, the jobs behind the first
/// one seen queued take what its wait saw: they were queued then too, so their first call is a
/// look at the queue later, when their start window opens or nearly the shortest run after
/// that sighting.
#[tokio::test(start_paused = true)]
async fn jobs_behind_a_job_seen_queued_take_what_its_wait_saw() {
    // Learn the 10 s run time without a queue.
    let learning = queued_sim(100).await;
    let learner = client_with(&learning, PollPolicy::default());
    for wave in 0..4 {
        let jobs = (0..8).map(|i| {
            let learner = &learner;
            async move {
                let job = learner
                    .submit(&flux_request(&format!("learn {wave} {i}")))
                    .await
                    .unwrap();
                let opts = JobOptions::default().wait(WaitOptions::default().submitted_at(Instant::now()));
                let _done = learner.follow(&job, &opts, &mut |_: JobEvent<'_>| {}).await.unwrap();
            }
        });
        futures_util::future::join_all(jobs).await;
    }
    let learned = learner.run_times();
    let build = |sim: &SimHandle| {
        Client::builder()
            .token(TOKEN)
            .base_url(sim.base_url())
            .run_times(&learned)
            .build()
            .unwrap()
    };
    // The same twelve jobs on two simulators: one client for all, or one client per job.
    // Returns, per job, the time from its submit to its first status call.
    let run = |sim: Arc<SimHandle>, shared: bool| {
        let one = build(&sim);
        async move {
            let jobs = (0..16).map(|i| {
                let client = if shared { one.clone() } else { build(&sim) };
                let sim = sim.clone();
                async move {
                    tokio::time::sleep(Duration::from_secs(i as u64)).await;
                    let job = client.submit(&flux_request(&format!("queued {i}"))).await.unwrap();
                    let submitted = sim.now();
                    let opts = JobOptions::default().wait(WaitOptions::default().submitted_at(Instant::now()));
                    let mut first = None;
                    let mut observe = |event: JobEvent<'_>| {
                        if let JobEvent::Progress(_) = event {
                            first.get_or_insert(sim.now() - submitted);
                        }
                    };
                    let _done = client.follow(&job, &opts, &mut observe).await.unwrap();
                    first.expect("a status answer").as_secs_f64()
                }
            });
            futures_util::future::join_all(jobs).await
        }
    };
    let (shared, separate) =
        futures_util::future::join(run(queued_sim(2).await, true), run(queued_sim(2).await, false)).await;
    // Separate clients: every first call where the job would end without a queue, or sooner.
    assert!(separate.iter().all(|f| *f < 12.0), "{separate:?}");
    // One client: jobs 0 and 1 run at once, 2 and 3 when those end; job 4 is the first one
    // seen queued (14.7 s after the start), and those after it take what the waits saw. (Not
    // all of them: job 5 may explore, 9 s after its submit, before that sighting; and a job
    // whose first call comes after the job ahead was seen running, and before any other wait
    // saw the queue again, has nothing to take.)
    assert!(shared[..4].iter().all(|f| *f < 12.0), "{shared:?}");
    let later = shared[5..].iter().filter(|f| **f >= 12.0).count();
    assert!(later >= 8, "{shared:?}");
}
