//! End-to-end tests against the in-process simulator (loopback only).

mod common;

use std::time::Duration;

use common::*;
use futures_util::StreamExt;
use runcomfy_client::download::{DownloadOptions, Downloaded};
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
use runcomfy_client::models::bytedance::dreamina_4_0::text_to_image as dreamina;
use runcomfy_client::models::ideogram::ideogram_v3::reframe;
use runcomfy_client::models::openai::gpt_image_2::text_to_image as gpt;
use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as gen4;
use runcomfy_client::{
    CancelOutcome, Client, ErrorKind, Job, JobEvent, JobOptions, JobRequest, JobState, Terminal, WaitOptions,
};
use serde_json::json;

fn flux_request(prompt: &str) -> flux::Request {
    flux::Request::from_json(json!({ "prompt": prompt })).expect("valid flux request")
}

async fn run_and_download<R: JobRequest>(client: &Client, request: R, dir: &std::path::Path) -> Vec<Downloaded> {
    let model = request.model_id().to_owned();
    let out = client.run(&request).await.unwrap_or_else(|e| panic!("{model}: {e}"));
    assert!(
        out.cost.is_some_and(|c| c >= 0.0),
        "cost asked and given: {:?}",
        out.raw
    );
    assert!(out.output.urls().count() >= 1, "{model}: {:?}", out.raw);
    let files = client.download(&out, dir, &DownloadOptions::default()).await;
    files.into_result().unwrap_or_else(|e| panic!("{model}: {e}"))
}

#[tokio::test]
async fn run_and_download_is_one_call_and_keeps_every_file() {
    let sim = sim().await;
    let client = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let done = client
        .run_and_download(&flux_request("a fox"), dir.path().join("new"))
        .await
        .unwrap();
    assert!(done.downloads.is_complete() && !done.downloads.is_empty());
    assert_eq!(done.downloads.len(), done.result.output.urls().count());
    for file in done.downloads.files() {
        assert!(file.path.starts_with(dir.path().join("new")));
        assert_eq!(std::fs::metadata(&file.path).unwrap().len(), file.bytes);
    }
    assert_eq!(done.job.request_id(), done.result.request_id);
}

#[tokio::test]
async fn all_five_endpoints_end_to_end_with_downloads() {
    let sim = sim().await;
    let client = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let image = png_data_uri(640, 480);

    let mut files = Vec::new();
    files.extend(run_and_download(&client, flux_request("a red fox in snow"), dir.path()).await);
    files.extend(
        run_and_download(
            &client,
            dreamina::Request::from_json(json!({"prompt": "a lighthouse"})).unwrap(),
            dir.path(),
        )
        .await,
    );
    files.extend(
        run_and_download(
            &client,
            gpt::Request::from_json(json!({"prompt": "a teapot"})).unwrap(),
            dir.path(),
        )
        .await,
    );
    files.extend(
        run_and_download(
            &client,
            reframe::Request::from_json(json!({"image": image, "resolution": "1024:1024 (1:1)"})).unwrap(),
            dir.path(),
        )
        .await,
    );
    let videos = run_and_download(
        &client,
        gen4::Request::from_json(json!({"promptImage": image, "duration": 5})).unwrap(),
        dir.path(),
    )
    .await;
    assert_eq!(videos.len(), 1);
    let mp4 = std::fs::read(&videos[0].path).unwrap();
    assert!(
        runcomfy_sim::read_mp4_video(&mp4).is_some(),
        "a real video was downloaded"
    );
    files.extend(videos);

    assert!(files.len() >= 5);
    for f in &files {
        let bytes = std::fs::read(&f.path).unwrap();
        assert_eq!(bytes.len() as u64, f.bytes);
        assert!(!bytes.is_empty());
        if f.kind == runcomfy_client::schema::OutputKind::Image {
            let size = imagesize::blob_size(&bytes).expect("a real image");
            assert!(size.width > 0 && size.height > 0);
        }
    }
    // No partial or temporary files left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".part")), "{names:?}");
    assert_eq!(names.len(), files.len());

    let acct = sim.accounting();
    assert!(acct.output_requests >= files.len() as u64);
    assert_eq!(
        acct.output_requests_with_auth, 0,
        "the token never goes to the output origin"
    );
    assert!(acct.duplicate_jobs().is_empty());
}

#[tokio::test]
async fn invalid_request_costs_no_call() {
    let sim = sim().await;
    let client = client(&sim);
    // Too many steps: build the value through serde without validation.
    let bad: flux::Request = serde_json::from_value(json!({"prompt": "x"})).unwrap();
    let mut bad_json = serde_json::to_value(&bad).unwrap();
    bad_json["steps"] = json!(99);
    assert!(flux::Request::from_json(bad_json.clone()).is_err());
    // A media rule broken by a data: URI (aspect ratio 10:1, the rule says above 0.5 and below 2).
    let wide = png_data_uri(4000, 400);
    let req = gen4::Request::from_json(json!({ "promptImage": wide })).unwrap();
    let err = client.submit(&req).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation, "{err}");
    let text = err.violations().expect("violations").to_string();
    assert!(text.contains("/promptImage"), "{text}");
    assert!(
        text.contains("10.0000") || text.contains("10"),
        "measured value quoted: {text}"
    );
    assert_eq!(sim.accounting().submissions.len(), 0, "nothing was sent");
}

#[tokio::test]
async fn job_handle_survives_a_crash() {
    let sim = sim().await;
    let client = client(&sim);
    let job = client.submit(&flux_request("resume me")).await.unwrap();
    let saved = serde_json::to_string(&job).unwrap();
    drop(job);
    // A new process: a new client, the saved handle.
    let client2 = common::client(&sim);
    let job: Job = serde_json::from_str(&saved).unwrap();
    assert_eq!(job.model_id(), Some(flux::Request::MODEL_ID));
    let end = client2.wait(&job, &WaitOptions::default()).await.unwrap();
    assert_eq!(end, Terminal::Completed);
    let out = client2.result(&job).await.unwrap();
    assert_eq!(out.request_id, job.request_id());
    assert_eq!(out.model_id.as_deref(), Some(flux::Request::MODEL_ID));
    assert!(out.output.image.is_some() || !out.output.images.is_empty());
    // A bare request id re-attaches too.
    let bare = Job::new(job.request_id());
    assert_eq!(client2.result(&bare).await.unwrap().request_id, job.request_id());
}

#[tokio::test]
async fn progress_events_carry_the_request_id_and_reach_finished() {
    // A paused clock: the test moves the jobs, so every state is seen whatever the load.
    let sim = sim_with(runcomfy_sim::SimConfig {
        workers: 1,
        run_time: runcomfy_sim::RunTime::fixed(Duration::from_secs(2)),
        ..runcomfy_sim::SimConfig::for_tests(TOKEN)
    })
    .await;
    let client = client(&sim);
    let first = client.submit(&flux_request("first")).await.unwrap();
    let second = client.submit(&flux_request("second")).await.unwrap();
    // The job's events, as `follow` reports them, reach the test through a channel.
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let follower = {
        let (client, second) = (client.clone(), second.clone());
        tokio::spawn(async move {
            let mut observe = |event: JobEvent<'_>| {
                if let JobEvent::Progress(p) = event {
                    let _ = tx.send(p.clone());
                }
            };
            client.follow(&second, &JobOptions::default(), &mut observe).await
        })
    };
    let stream = tokio_stream_from(rx);
    futures_util::pin_mut!(stream);
    let mut events = Vec::new();
    let mut next_until = async |want: fn(&JobState) -> bool, events: &mut Vec<runcomfy_client::job::Progress>| loop {
        let e = stream.next().await.expect("an event");
        let done = want(&e.state);
        events.push(e);
        if done {
            break;
        }
    };
    next_until(|s| matches!(s, JobState::Queued { position: Some(1) }), &mut events).await;
    // The first job runs to its end; the second starts.
    sim.advance(Duration::from_millis(2600));
    next_until(|s| *s == JobState::Running, &mut events).await;
    sim.advance(Duration::from_secs(3));
    next_until(|s| s.is_terminal(), &mut events).await;
    assert!(stream.next().await.is_none(), "the events end with the final state");
    let done = follower.await.unwrap().expect("the job completes");
    assert_eq!(done.job, second);
    assert!(events.iter().all(|e| e.request_id == second.request_id()));
    assert_eq!(events.last().unwrap().state, JobState::Finished(Terminal::Completed));
    assert!(events.windows(2).all(|w| w[0].polls < w[1].polls));
    assert_eq!(
        client.wait(&first, &WaitOptions::default()).await.unwrap(),
        Terminal::Completed
    );
}

#[tokio::test]
async fn cancel_in_each_state() {
    // Paused clock: the test decides when jobs move.
    let sim = sim_with(runcomfy_sim::SimConfig {
        workers: 1,
        ..runcomfy_sim::SimConfig::for_tests(TOKEN)
    })
    .await;
    let client = client(&sim);
    let running = client.submit(&flux_request("running")).await.unwrap();
    let queued = client.submit(&flux_request("queued")).await.unwrap();
    sim.advance(Duration::from_millis(600)); // first job starts; second waits for the worker
    assert_eq!(client.status(&running).await.unwrap().state, JobState::Running);
    assert!(matches!(
        client.status(&queued).await.unwrap().state,
        JobState::Queued { .. }
    ));

    assert_eq!(client.cancel(&queued).await.unwrap(), CancelOutcome::Cancelled);
    assert_eq!(
        client.cancel(&running).await.unwrap(),
        CancelOutcome::NotCancellableRunning
    );
    assert_eq!(
        client.cancel(&queued).await.unwrap(),
        CancelOutcome::AlreadyFinished(Terminal::Cancelled)
    );
    let err = client.result(&queued).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err}");
    assert_eq!(err.request_id(), Some(queued.request_id()));

    sim.advance(Duration::from_secs(60));
    assert_eq!(
        client.cancel(&running).await.unwrap(),
        CancelOutcome::AlreadyFinished(Terminal::Completed)
    );
    let ghost = Job::new("no-such-request");
    assert_eq!(client.cancel(&ghost).await.unwrap(), CancelOutcome::NotFound);
    let err = client.status(&ghost).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert_eq!(err.request_id(), Some("no-such-request"));
}

#[tokio::test]
async fn deadline_returns_the_request_id_and_can_cancel() {
    let sim = sim_with(runcomfy_sim::SimConfig::for_tests(TOKEN)).await; // paused: never finishes
    let client = client(&sim);
    let job = client.submit(&flux_request("slow")).await.unwrap();
    let opts = WaitOptions::default()
        .deadline(Duration::from_millis(150))
        .cancel_on_deadline(true);
    let err = client.wait(&job, &opts).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DeadlineExceeded, "{err}");
    assert_eq!(err.request_id(), Some(job.request_id()));
    assert_eq!(err.cancel_outcome(), Some(CancelOutcome::Cancelled));
    assert!(err.to_string().contains(job.request_id()));
    assert_eq!(
        client.status(&job).await.unwrap().state,
        JobState::Finished(Terminal::Cancelled)
    );
}

#[tokio::test]
async fn failed_job_carries_the_server_error() {
    let sim = sim_with(runcomfy_sim::SimConfig {
        failure_rate: 1.0,
        ..fast_config()
    })
    .await;
    let client = client(&sim);
    let err = client.run(&flux_request("doomed")).await.unwrap_err();
    assert!(err.is_job_failed(), "{err}");
    assert!(err.request_id().is_some_and(|id| !id.is_empty()));
    assert!(err.message().contains("simulated failure"), "{err}");
}

#[tokio::test]
async fn auth_errors_and_token_secrecy() {
    let sim = sim().await;
    let wrong = Client::builder()
        .token("wrong-token-777")
        .base_url(sim.base_url())
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = wrong.submit(&flux_request("x")).await.unwrap_err();
    assert_eq!(
        (err.kind(), err.http_status(), err.code()),
        (ErrorKind::Auth, Some(401), Some(400004)),
        "{err}"
    );
    assert!(!err.to_string().contains("wrong-token-777"));
    assert!(!format!("{err:?}").contains("wrong-token-777"));
    assert!(!format!("{wrong:?}").contains("wrong-token-777"));
}

#[tokio::test]
async fn polling_learns_the_run_time_distribution_of_a_model() {
    // 10 s jobs at 50x: 200 ms of real time running.
    let sim = sim_with(runcomfy_sim::SimConfig {
        run_time: runcomfy_sim::RunTime::fixed(Duration::from_secs(10)),
        ..fast_config()
    })
    .await;
    let client = Client::builder()
        .token(TOKEN)
        .base_url(sim.base_url())
        .poll(runcomfy_client::config::PollPolicy::fixed(Duration::from_millis(10)))
        .build()
        .unwrap();
    let mut calls = Vec::new();
    for i in 0..3 {
        let job = client.submit(&flux_request(&format!("learn {i}"))).await.unwrap();
        let opts = WaitOptions::default().submitted_at(tokio::time::Instant::now());
        // The first job with a fixed 10 ms poller, the others with the predictive one.
        let opts = if i == 0 { opts } else { opts.poll(fast_poll()) };
        assert_eq!(client.wait(&job, &opts).await.unwrap(), Terminal::Completed);
        calls.push(sim.accounting().status_calls_for(job.request_id()));
    }
    let learned = client.run_times().run_times(flux::Request::MODEL_ID).expect("learned");
    assert_eq!(learned.len(), 3);
    assert!(learned.median() >= Duration::from_millis(150), "{learned:?}");
    // The first job polled every 10 ms; later ones sleep through most of the run.
    assert!(calls[2] * 2 < calls[0], "{calls:?}");
    // What was learned survives a snapshot.
    let snapshot = client.run_times();
    let other = Client::builder()
        .token(TOKEN)
        .base_url(sim.base_url())
        .run_times(&snapshot)
        .build()
        .unwrap();
    assert_eq!(other.run_times().run_times(flux::Request::MODEL_ID), Some(learned));
}

/// The receiving end of a channel as a stream.
fn tokio_stream_from<T: Send + 'static>(
    rx: tokio::sync::mpsc::UnboundedReceiver<T>,
) -> impl futures_util::Stream<Item = T> {
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) })
}
