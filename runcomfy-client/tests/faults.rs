//! Every fault the simulator injects, on every operation, and what the client makes of it.

mod common;

use std::time::Duration;

use common::*;
use runcomfy_client::download::DownloadOptions;
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
use runcomfy_client::{CancelOutcome, Client, ErrorKind, JobResult, JobState, Output, Terminal, WaitOptions};
use runcomfy_sim::{FaultKind, Op, SimConfig, SimHandle};
use serde_json::json;

fn req(prompt: &str) -> flux::Request {
    flux::Request::from_json(json!({ "prompt": prompt })).unwrap()
}

/// Faults after which an idempotent call succeeds on retry.
fn retryable() -> Vec<FaultKind> {
    vec![
        FaultKind::TooManyRequests(None),
        FaultKind::TooManyRequests(Some(1)),
        FaultKind::ServerError(500),
        FaultKind::ServerError(502),
        FaultKind::ServerError(503),
        FaultKind::ResetBeforeBody,
        FaultKind::ResetAfterBody,
        FaultKind::Delay(Duration::from_millis(900)),
        FaultKind::MalformedJson,
        FaultKind::ErrorWith200,
    ]
}

/// A client whose request timeout (400 ms) is shorter than the injected delay (900 ms).
fn impatient(sim: &SimHandle) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(sim.base_url())
        .request_timeout(Duration::from_millis(400))
        .poll(fast_poll())
        .retry(fast_retry())
        .build()
        .unwrap()
}

#[tokio::test]
async fn status_result_and_cancel_are_retried_through_every_transient_fault() {
    let sim = sim_with(SimConfig {
        workers: 1,
        ..SimConfig::for_tests(TOKEN)
    })
    .await;
    let client = impatient(&sim);
    let running = client.submit(&req("running")).await.unwrap();
    sim.advance(Duration::from_millis(600));
    for kind in retryable() {
        // status
        let before = sim.accounting().status_calls_for(running.request_id());
        sim.inject(Op::Status, kind);
        let status = client
            .status(&running)
            .await
            .unwrap_or_else(|e| panic!("status after {kind}: {e}"));
        assert_eq!(status.state, JobState::Running, "{kind}");
        let calls = sim.accounting().status_calls_for(running.request_id()) - before;
        assert!(calls >= 2, "{kind}: the fault was seen and the call repeated ({calls})");

        // cancel of a running job: not cancellable, whatever the fault
        sim.inject(Op::Cancel, kind);
        let outcome = client
            .cancel(&running)
            .await
            .unwrap_or_else(|e| panic!("cancel after {kind}: {e}"));
        assert_eq!(outcome, CancelOutcome::NotCancellableRunning, "{kind}");

        // result before completion: NotFinished, after the retry
        sim.inject(Op::Result, kind);
        let err = client.result(&running).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFinished, "result after {kind}: {err}");
        assert_eq!(err.request_id(), Some(running.request_id()));
    }
    sim.advance(Duration::from_secs(60));
    for kind in retryable() {
        sim.inject(Op::Result, kind);
        let out = client
            .result(&running)
            .await
            .unwrap_or_else(|e| panic!("result after {kind}: {e}"));
        assert!(out.output.image.is_some(), "{kind}");
        assert!(out.cost.is_some(), "{kind}");
    }
    assert!(sim.accounting().duplicate_jobs().is_empty());
    assert_eq!(sim.accounting().submissions.len(), 1);
}

#[tokio::test]
async fn a_cancel_whose_answer_is_lost_reports_the_final_state() {
    let sim = sim_with(SimConfig {
        workers: 1,
        ..SimConfig::for_tests(TOKEN)
    })
    .await;
    let client = client(&sim);
    let _running = client.submit(&req("a")).await.unwrap();
    let queued = client.submit(&req("b")).await.unwrap();
    sim.inject(Op::Cancel, FaultKind::ResetAfterBody);
    // The first cancel took effect, its answer was lost; the retry sees the cancelled job.
    let outcome = client.cancel(&queued).await.unwrap();
    assert_eq!(outcome, CancelOutcome::AlreadyFinished(Terminal::Cancelled));
    assert_eq!(
        client.status(&queued).await.unwrap().state,
        JobState::Finished(Terminal::Cancelled)
    );
}

#[tokio::test]
async fn submit_is_retried_only_when_the_server_did_not_accept_it() {
    let sim = sim().await;
    let client = client(&sim);
    for (i, kind) in [
        FaultKind::TooManyRequests(None),
        FaultKind::TooManyRequests(Some(1)),
        FaultKind::ServerError(503),
    ]
    .into_iter()
    .enumerate()
    {
        let request = req(&format!("retried {i}"));
        sim.inject(Op::Submit, kind);
        let job = client.submit(&request).await.unwrap_or_else(|e| panic!("{kind}: {e}"));
        let body = serde_json::to_value(&request).unwrap();
        let acct = sim.accounting();
        // The refused attempt is in the fault log; only the accepted one made a job.
        assert_eq!(
            acct.faults.iter().filter(|f| f.op == Op::Submit).count(),
            i + 1,
            "{kind}"
        );
        assert_eq!(acct.jobs_from(&body), 1, "{kind}: one job");
        assert!(!job.request_id().is_empty());
    }
    assert!(sim.accounting().duplicate_jobs().is_empty());
}

#[tokio::test]
async fn submit_failures_after_sending_are_outcome_unknown_and_never_resent() {
    let sim = sim().await;
    let client = impatient(&sim);
    let cases = [
        (FaultKind::ResetBeforeBody, 0),
        (FaultKind::ResetAfterBody, 1),
        // The job is created when the delayed handler runs, after the client gave up.
        (FaultKind::Delay(Duration::from_millis(900)), usize::MAX),
        (FaultKind::ServerError(500), 0),
        (FaultKind::ServerError(502), 0),
        (FaultKind::MalformedJson, 0),
        (FaultKind::ErrorWith200, 0),
    ];
    for (i, (kind, jobs)) in cases.into_iter().enumerate() {
        let request = req(&format!("unknown {i}"));
        sim.inject(Op::Submit, kind);
        let err = client.submit(&request).await.unwrap_err();
        assert!(err.is_submit_outcome_unknown(), "{kind}: {err}");
        let body = serde_json::to_value(&request).unwrap();
        let acct = sim.accounting();
        assert!(acct.submissions_of(&body) <= 1, "{kind}: sent once at most");
        if jobs == usize::MAX {
            assert!(acct.jobs_from(&body) <= 1, "{kind}");
        } else {
            assert_eq!(acct.jobs_from(&body), jobs, "{kind}");
        }
    }
    assert!(sim.accounting().duplicate_jobs().is_empty());
}

#[tokio::test]
async fn submit_to_a_closed_port_is_retried_and_reported_as_connect() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = Client::builder()
        .token(TOKEN)
        .base_url(format!("http://127.0.0.1:{port}/v1"))
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = client.submit(&req("nobody home")).await.unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::Connect,
        "connection refused is not 'outcome unknown': {err}"
    );
    assert_eq!(err.operation(), Some(runcomfy_client::wire::Operation::Submit));
}

#[tokio::test]
async fn a_refused_connection_fails_within_five_seconds_by_default_and_says_so_once() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    // The default retry policy and timeouts.
    let client = Client::builder()
        .token(TOKEN)
        .base_url(format!("http://127.0.0.1:{port}/v1"))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client.status(&runcomfy_client::Job::new("r1")).await.unwrap_err();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(err.kind(), ErrorKind::Connect, "{err}");
    assert!(err.is_connect() && err.is_transient());
    assert_eq!(err.operation(), Some(runcomfy_client::wire::Operation::Status));
    assert_eq!(err.request_id(), Some("r1"));
    let chain = err.display_chain();
    assert!(chain.starts_with("could not connect during status: "), "{chain}");
    // No part of the chain is said twice.
    let parts: Vec<&str> = chain.split(": ").collect();
    for (i, part) in parts.iter().enumerate() {
        assert!(!parts[i + 1..].contains(part), "{part:?} twice in {chain}");
    }
}

#[tokio::test]
async fn unknown_status_ends_the_wait_with_an_error() {
    let sim = sim().await;
    let client = client(&sim);
    let job = client.submit(&req("mystery")).await.unwrap();
    sim.inject(Op::Status, FaultKind::UnknownStatus);
    let err = client.wait(&job, &WaitOptions::default()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownStatus, "{err}");
    assert_eq!(err.request_id(), Some(job.request_id()));
    assert!(err.message().contains(runcomfy_sim::faults::UNKNOWN_STATUS), "{err}");
    client.wait(&job, &WaitOptions::default()).await.unwrap();
    sim.inject(Op::Result, FaultKind::UnknownStatus);
    let err = client.result(&job).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownStatus, "{err}");
    assert_eq!(err.request_id(), Some(job.request_id()));
    sim.inject(Op::Cancel, FaultKind::UnknownStatus);
    let err = client.cancel(&job).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownStatus, "{err}");
}

#[tokio::test]
async fn errors_after_retries_carry_the_request_id() {
    let sim = sim().await;
    let client = client(&sim); // 4 retries
    let job = client.submit(&req("unlucky")).await.unwrap();
    for _ in 0..5 {
        sim.inject(Op::Status, FaultKind::ServerError(503));
    }
    let err = client.status(&job).await.unwrap_err();
    assert_eq!((err.kind(), err.http_status()), (ErrorKind::Server, Some(503)), "{err}");
    assert_eq!(err.request_id(), Some(job.request_id()));
    assert!(err.to_string().contains(job.request_id()));
    for _ in 0..5 {
        sim.inject(Op::Result, FaultKind::TooManyRequests(None));
    }
    let err = client.result(&job).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited, "{err}");
    assert_eq!(err.request_id(), Some(job.request_id()));
}

#[tokio::test]
async fn a_failed_download_does_not_stop_the_others_retries_and_leaves_no_file() {
    let sim = sim().await;
    let client = client(&sim);
    let out = client.run(&req("downloads")).await.unwrap();
    let good = out.output.image.clone().unwrap();
    let output = Output {
        images: vec![
            good.clone(),
            format!("{}/outputs/{}/9.png", sim.output_origin(), out.request_id),
            good.clone(),
            "http://example.com/plain-http-to-a-remote-host.png".to_owned(),
        ],
        ..Output::default()
    };
    sim.inject(Op::Output, FaultKind::ResetAfterBody);
    sim.inject(Op::Output, FaultKind::ServerError(503));
    let dir = tempfile::tempdir().unwrap();
    let result = JobResult { output, ..out.clone() };
    let files = client.download(&result, dir.path(), &DownloadOptions::default()).await;
    assert_eq!(files.len(), 4);
    let files: Vec<_> = files.into_iter().collect();
    // The reset and the 503 were retried; the 404 and the plain-http URL are final.
    assert!(files[0].is_ok() && files[2].is_ok(), "{files:?}");
    let ok = 2;
    assert_eq!(files[1].as_ref().unwrap_err().http_status(), Some(404), "{files:?}");
    assert!(
        files[3].as_ref().unwrap_err().to_string().contains("plain http"),
        "{files:?}"
    );
    let faults = sim.accounting().faults.iter().filter(|f| f.op == Op::Output).count();
    assert_eq!(faults, 2, "both faults were met");
    for f in files.iter().filter_map(|f| f.as_ref().err()) {
        assert_eq!(f.request_id(), Some(out.request_id.as_str()));
    }
    let on_disk = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(on_disk, ok, "only complete files are on disk");

    // The size cap: too small for the image, so no file at all.
    let capped = tempfile::tempdir().unwrap();
    let r = client
        .download(&out, capped.path(), &DownloadOptions::default().max_bytes(100))
        .await;
    assert!(!r.is_complete());
    assert_eq!(std::fs::read_dir(capped.path()).unwrap().count(), 0);
    assert_eq!(sim.accounting().output_requests_with_auth, 0);
}
