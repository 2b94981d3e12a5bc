//! The client's contract, run against both answer shapes the simulator speaks: the ones
//! RunComfy's own clients meet (`AnswerStyle::Simulator`: 200, `completed`, one output key)
//! and the ones the public docs show (`AnswerStyle::Docs`: 202 on submit and cancel,
//! `succeeded`, outputs as lists under several keys, 400 / `400005` for a result asked
//! before completion). Every test runs once per shape, through the public API only.

mod common;

use std::time::Duration;

use common::*;
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as gen4;
use runcomfy_client::{
    CancelOutcome, Client, DynamicRequest, Endpoint as _, ErrorKind, JobOptions, JobState, Terminal, WaitOptions,
};
use runcomfy_schema::OutputKind;
use runcomfy_sim::{AnswerStyle, SimConfig, SimHandle};
use serde_json::json;

const STYLES: [AnswerStyle; 2] = [AnswerStyle::Simulator, AnswerStyle::Docs];

/// A paused simulator speaking `answers`: the test moves the jobs.
async fn paused(answers: AnswerStyle) -> (SimHandle, Client) {
    let sim = sim_with(SimConfig {
        workers: 1,
        answers,
        max_video_side: 64,
        video_fps: 4,
        max_media_seconds: 2,
        ..SimConfig::for_tests(TOKEN)
    })
    .await;
    let client = client(&sim);
    (sim, client)
}

/// A simulator whose clock runs 50x: `wait` and `execute` finish on their own.
async fn running(answers: AnswerStyle) -> (SimHandle, Client) {
    let sim = sim_with(SimConfig {
        answers,
        max_video_side: 64,
        video_fps: 4,
        max_media_seconds: 2,
        ..fast_config()
    })
    .await;
    let client = client(&sim);
    (sim, client)
}

fn flux_request(prompt: &str) -> flux::Request {
    flux::Request::from_json(json!({ "prompt": prompt })).expect("valid")
}

#[tokio::test]
async fn submit_status_result_in_every_state() {
    for style in STYLES {
        let (sim, client) = paused(style).await;
        let job = client
            .submit(&flux_request("a fox"))
            .await
            .unwrap_or_else(|e| panic!("{style:?}: {e}"));
        let status = client.status(&job).await.unwrap();
        assert!(matches!(status.state, JobState::Queued { .. }), "{style:?}: {status:?}");
        // Asked too early: not finished (not a failure, not a rejection), with the id.
        let err = client.result(&job).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFinished, "{style:?}: {err}");
        assert_eq!(err.request_id(), Some(job.request_id()), "{style:?}");
        sim.advance(Duration::from_millis(600));
        assert_eq!(client.status(&job).await.unwrap().state, JobState::Running, "{style:?}");
        let err = client.result(&job).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFinished, "{style:?}: {err}");
        sim.advance(Duration::from_secs(60));
        let status = client.status(&job).await.unwrap();
        assert_eq!(status.state, JobState::Finished(Terminal::Completed), "{style:?}");
        let word = if style == AnswerStyle::Docs {
            "succeeded"
        } else {
            "completed"
        };
        assert_eq!(status.word, word, "{style:?}");
        let out = client.result(&job).await.unwrap_or_else(|e| panic!("{style:?}: {e}"));
        assert_eq!(out.request_id, job.request_id());
        assert_eq!(out.output.urls().count(), 1, "{style:?}: {:?}", out.raw);
        assert_eq!(out.cost, Some(0.003), "{style:?}");
    }
}

#[tokio::test]
async fn cancel_in_every_state() {
    for style in STYLES {
        let (sim, client) = paused(style).await;
        let running = client.submit(&flux_request("running")).await.unwrap();
        let queued = client.submit(&flux_request("queued")).await.unwrap();
        sim.advance(Duration::from_millis(600));
        assert_eq!(
            client.cancel(&queued).await.unwrap(),
            CancelOutcome::Cancelled,
            "{style:?}"
        );
        assert_eq!(
            client.cancel(&running).await.unwrap(),
            CancelOutcome::NotCancellableRunning,
            "{style:?}"
        );
        assert_eq!(
            client.cancel(&queued).await.unwrap(),
            CancelOutcome::AlreadyFinished(Terminal::Cancelled),
            "{style:?}"
        );
        let err = client.result(&queued).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Cancelled, "{style:?}: {err}");
        sim.advance(Duration::from_secs(60));
        assert_eq!(
            client.cancel(&running).await.unwrap(),
            CancelOutcome::AlreadyFinished(Terminal::Completed),
            "{style:?}: `succeeded` is a finished job"
        );
    }
}

#[tokio::test]
async fn wait_ends_on_the_terminal_word() {
    for style in STYLES {
        let (_sim, client) = running(style).await;
        let job = client.submit(&flux_request("wait")).await.unwrap();
        let opts = WaitOptions::default().deadline(Duration::from_secs(20));
        let end = client
            .wait(&job, &opts)
            .await
            .unwrap_or_else(|e| panic!("{style:?}: {e}"));
        assert_eq!(end, Terminal::Completed, "{style:?}");
        assert!(client.result(&job).await.is_ok(), "{style:?}");
    }
}

#[tokio::test]
async fn execute_fetches_and_downloads_every_output_key() {
    for style in STYLES {
        let (_sim, client) = running(style).await;
        let dir = tempfile::tempdir().unwrap();
        let body = json!({"promptImage": png_data_uri(200, 150), "duration": 5});
        let schema = gen4::Request::schema().unwrap();
        let request = DynamicRequest::with_static_schema(schema, body);
        let mut submitted = Vec::new();
        let done = client
            .run_with(
                &request,
                &JobOptions::default().include_cost(true).download_to(dir.path()),
                &mut |e| {
                    if let runcomfy_client::JobEvent::Submitted(job) = e {
                        submitted.push(job.request_id().to_owned());
                    }
                },
            )
            .await
            .unwrap_or_else(|e| panic!("{style:?}: {e}"));
        assert_eq!(submitted, [done.job.request_id().to_owned()], "{style:?}");
        assert_eq!(done.downloads.errors().count(), 0, "{style:?}");
        let kinds: Vec<OutputKind> = done.downloads.files().map(|d| d.kind).collect();
        match style {
            AnswerStyle::Simulator => assert_eq!(kinds, [OutputKind::Video]),
            // `videos` and the poster under `image`: both keys are read and fetched.
            AnswerStyle::Docs => assert_eq!(kinds, [OutputKind::Image, OutputKind::Video]),
        }
        for file in done.downloads.files() {
            let bytes = std::fs::read(&file.path).unwrap();
            assert_eq!(bytes.len() as u64, file.bytes);
            if file.kind == OutputKind::Video {
                let video = runcomfy_sim::read_mp4_video(&bytes).expect("an MP4");
                assert_eq!(
                    video.duration,
                    Duration::from_secs(2),
                    "{style:?}: at most max_media_seconds"
                );
            }
        }
        // Priced per second of the 5 s asked, whichever shape.
        assert_eq!(done.result.cost, Some(0.25), "{style:?}");
    }
}

#[tokio::test]
async fn submit_dynamic_is_accepted_with_200_or_202() {
    for style in STYLES {
        let (sim, client) = paused(style).await;
        let request = DynamicRequest::typed(&flux_request("dynamic")).unwrap();
        let job = client
            .submit(&request)
            .await
            .unwrap_or_else(|e| panic!("{style:?}: {e}"));
        assert_eq!(job.model_id(), Some(flux::Request::MODEL_ID));
        let acct = sim.accounting();
        assert_eq!(acct.submissions.len(), 1, "{style:?}: one submit, no retry");
        let expected = if style == AnswerStyle::Docs { 202 } else { 200 };
        assert_eq!(acct.submissions[0].http_status, expected);
        assert_eq!(acct.submissions[0].request_id.as_deref(), Some(job.request_id()));
    }
}
