//! Many jobs against the simulator: bounded concurrency, faults, cancellation.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::*;
use futures_util::StreamExt;
use runcomfy_client::config::PollPolicy;
use runcomfy_client::config::RateLimit;
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
use runcomfy_client::{Client, DynamicRequest, JobRequest, Runner, WaitOptions};
use runcomfy_sim::{Faults, SimConfig};
use serde_json::json;

fn req(i: usize) -> flux::Request {
    flux::Request::from_json(json!({ "prompt": format!("job number {i}") })).unwrap()
}

#[tokio::test]
async fn every_job_is_accounted_for_under_faults_and_none_is_paid_twice() {
    let faults: Faults = "seed=11;submit:429=0.04,503=0.03,reset-after=0.03;status:500=0.04,reset-before=0.03,malformed=0.03;result:502=0.05,error200=0.05"
        .parse()
        .unwrap();
    let sim = sim_with(SimConfig {
        faults,
        ..fast_config()
    })
    .await;
    let client = client(&sim);
    let n = 60;
    let mut run = Runner::new(client)
        .submit_concurrency(4)
        .poll_concurrency(8)
        .max_in_flight(24)
        .run_iter((0..n).map(|i| (i, req(i))));
    let mut seen = BTreeSet::new();
    let (mut ok, mut unknown) = (0, 0);
    while let Some(done) = run.next().await {
        assert!(seen.insert(done.key), "each input once");
        match &done.result {
            Ok(out) => {
                ok += 1;
                assert_eq!(Some(&out.result.request_id), done.request_id.as_ref());
                assert!(out.result.output.image.is_some());
            }
            Err(e) if e.is_submit_outcome_unknown() => unknown += 1,
            Err(e) => assert!(e.request_id().is_some(), "an error after submit names its job: {e}"),
        }
    }
    assert_eq!(seen.len(), n);
    assert!(ok >= n / 2, "most jobs succeed ({ok} of {n}, {unknown} unknown)");
    let acct = sim.accounting();
    assert!(acct.duplicate_jobs().is_empty(), "zero duplicate submissions");
    assert!(!acct.faults.is_empty(), "faults were injected");
}

#[tokio::test]
async fn cancelling_a_run_cancels_the_queued_jobs_remotely() {
    let sim = sim_with(SimConfig {
        workers: 1,
        ..SimConfig::for_tests(TOKEN)
    })
    .await;
    let client = client(&sim);
    let run = Runner::new(client.clone())
        .submit_concurrency(2)
        .wait_options(WaitOptions::default().deadline(Duration::from_secs(20)))
        .run_iter((0..5).map(|i| (i, req(i))));
    // Let every job be submitted and the first start running.
    for _ in 0..200 {
        if sim.accounting().submissions.len() == 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(sim.accounting().submissions.len(), 5);
    sim.advance(Duration::from_millis(600));
    tokio::time::sleep(Duration::from_millis(100)).await;
    run.cancel();
    // The running job cannot be cancelled: let it finish.
    tokio::time::sleep(Duration::from_millis(200)).await;
    sim.advance(Duration::from_secs(60));
    let results: Vec<_> = run.collect().await;
    assert_eq!(results.len(), 5);
    let cancelled: Vec<_> = results
        .iter()
        .filter(|d| matches!(&d.result, Err(e) if e.is_cancelled() && e.request_id().is_some()))
        .collect();
    let completed = results.iter().filter(|d| d.result.is_ok()).count();
    assert_eq!(cancelled.len(), 4, "{results:?}");
    assert_eq!(completed, 1, "the running job finished: {results:?}");
    let acct = sim.accounting();
    for d in cancelled {
        let id = d.request_id.as_deref().unwrap();
        assert_eq!(acct.cancel_calls.get(id), Some(&1), "cancelled remotely once");
    }
}

#[tokio::test]
async fn a_shared_rate_limit_spaces_the_calls() {
    let sim = sim().await;
    let limit = RateLimit::per_second(100.0);
    let client = Client::builder()
        .token(TOKEN)
        .base_url(sim.base_url())
        .rate_limit(limit.clone())
        .build()
        .unwrap();
    let start = tokio::time::Instant::now();
    let calls = futures_util::future::join_all((0..10).map(|i| {
        let client = client.clone();
        async move { client.submit(&req(1000 + i)).await }
    }))
    .await;
    assert!(calls.iter().all(Result::is_ok));
    assert!(start.elapsed() >= Duration::from_millis(85), "{:?}", start.elapsed());
}

#[tokio::test]
async fn one_run_mixes_models_typed_and_dynamic_requests() {
    let sim = sim().await;
    let client = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let gpt = runcomfy_client::resolve::compiled("openai/gpt-image-2/text-to-image").unwrap();
    let requests: Vec<(&str, Box<dyn JobRequest>)> = vec![
        ("typed flux", Box::new(req(1))),
        (
            "dynamic gpt",
            Box::new(DynamicRequest::new(gpt.clone(), json!({"prompt": "a teapot"}))),
        ),
        ("dynamic flux", Box::new(req(2).to_dynamic().unwrap().into_owned())),
        // Invalid: fails alone, before any submit.
        ("invalid", Box::new(DynamicRequest::new(gpt, json!({"prompt": 7})))),
    ];
    let items: Vec<_> = Runner::new(client)
        .download_to(dir.path())
        .run_iter(requests)
        .collect()
        .await;
    assert_eq!(items.len(), 4);
    let mut models = BTreeSet::new();
    for item in &items {
        match (item.key, &item.result) {
            ("invalid", Err(e)) => {
                assert!(e.is_validation(), "{e}");
                assert_eq!(item.request_id, None);
            }
            (key, Ok(done)) => {
                assert!(done.downloads.is_complete() && !done.downloads.is_empty(), "{key}");
                models.insert(done.job.model_id().unwrap().to_owned());
            }
            (key, Err(e)) => panic!("{key}: {e}"),
        }
    }
    assert_eq!(
        models.into_iter().collect::<Vec<_>>(),
        [
            "blackforestlabs/flux-1-schnell/text-to-image",
            "openai/gpt-image-2/text-to-image"
        ]
    );
    assert_eq!(sim.accounting().submissions.len(), 3);
}

/// The overload of issue 21: 4,096 jobs ending together made 4,096 result calls at once, one
/// connection each; the simulator shed connections past its cap, and submits sent on a shed
/// connection ended `SubmitOutcomeUnknown`. Result calls now share the poll gate: whatever
/// ends together, the server never answers more than `submit_concurrency + poll_concurrency`
/// calls at once.
#[tokio::test]
async fn jobs_ending_together_stay_within_the_runners_gates() {
    // Slow result answers (300 ms of real time each), so that ungated calls would pile up;
    // the clock stands still until every job is submitted and waiting, then all end at once
    // and a quick fixed poll sees them end within a few status calls of each other.
    let faults: Faults = "seed=3;result:delay(300ms)=1".parse().unwrap();
    let sim = sim_with(SimConfig {
        faults,
        workers: 64,
        clock: runcomfy_sim::ClockMode::Paused,
        ..fast_config()
    })
    .await;
    let client = client(&sim);
    let n = 48;
    let (submit, poll) = (2, 3);
    let run = Runner::new(client)
        .submit_concurrency(submit)
        .poll_concurrency(poll)
        .max_in_flight(n)
        .wait_options(WaitOptions::default().poll(PollPolicy::fixed(Duration::from_millis(20))))
        .run_iter((0..n).map(|i| (i, req(2000 + i))));
    let results = tokio::spawn(run.collect::<Vec<_>>());
    // Every job submitted and polled at least once.
    while sim.accounting().status_calls.len() < n {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    sim.advance(Duration::from_secs(60));
    let results = results.await.unwrap();
    assert_eq!(results.len(), n);
    for done in &results {
        assert!(done.result.is_ok(), "{:?}", done.result);
    }
    let acct = sim.accounting();
    assert_eq!(acct.result_calls.len(), n);
    assert!(
        acct.api_in_flight_peak <= (submit + poll) as u64,
        "{} API calls answered at once, the gates allow {}",
        acct.api_in_flight_peak,
        submit + poll
    );
    assert_eq!(acct.connections_shed, 0);
}
