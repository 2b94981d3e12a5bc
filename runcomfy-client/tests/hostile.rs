//! What a hostile or broken server cannot do to the client: make it loop, exhaust memory,
//! leak the token, write where it must not, or lose a paid job's output. A scripted server
//! on loopback plays the server (runcomfy_sim::scripted).

mod common;

use std::time::Duration;

use common::*;
use runcomfy_client::Endpoint;
use runcomfy_client::config::RetryPolicy;
use runcomfy_client::download::{DownloadOptions, Downloads};
use runcomfy_client::job::CancellationToken;
use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as gen4;
use runcomfy_client::{Client, DynamicRequest, ErrorKind, Job as JobRef, JobOptions, JobResult, Output, WaitOptions};
use runcomfy_sim::scripted::{Reply, Scripted};
use serde_json::json;

fn client_for(server: &Scripted, retry: RetryPolicy) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(server.url("/v1"))
        .request_timeout(Duration::from_secs(5))
        .download_idle_timeout(Duration::from_secs(5))
        .retry(retry)
        .poll(fast_poll())
        .build()
        .unwrap()
}

fn quick_retry() -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(3)
        .delays(Duration::from_millis(5), Duration::from_millis(20))
}

/// Downloads `output` as the outputs of job `id`.
async fn download(
    client: &Client,
    id: &str,
    output: Output,
    dir: &std::path::Path,
    opts: &DownloadOptions,
) -> Downloads {
    let result = JobResult {
        request_id: id.to_owned(),
        model_id: None,
        output,
        cost: None,
        raw: serde_json::Value::Null,
    };
    client.download(&result, dir, opts).await
}

fn completed(server: &Scripted, id: &str, output: serde_json::Value) {
    server.route(
        "GET",
        &format!("/v1/requests/{id}/status"),
        Reply::json(200, json!({"request_id": id, "status": "completed"})),
    );
    let result = json!({"status": "completed", "output": output, "cost": 0.01});
    server.route(
        "GET",
        &format!("/v1/requests/{id}/result"),
        Reply::json(200, result.clone()),
    );
    server.route(
        "GET",
        &format!("/v1/requests/{id}/result?include_cost=true"),
        Reply::json(200, result),
    );
}

#[tokio::test]
async fn a_status_that_is_not_an_object_is_malformed_never_a_status() {
    let server = Scripted::start().await;
    server.route("GET", "/v1/requests/r1/status", Reply::json(200, json!([1, 2, 3])));
    server.route("GET", "/v1/requests/r2/status", Reply::json(200, json!({"status": 7})));
    let client = client_for(&server, RetryPolicy::none());
    for id in ["r1", "r2"] {
        let err = client.status(&JobRef::new(id)).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Protocol, "{err}");
        assert_eq!(err.request_id(), Some(id));
    }
    // Retried like any malformed answer of an idempotent call, then given up.
    let client = client_for(&server, quick_retry());
    assert!(client.status(&JobRef::new("r1")).await.is_err());
    let calls = server.requests().iter().filter(|r| r.path.contains("/r1/")).count();
    assert_eq!(calls, 1 + 1 + 3, "one call without retries, then 1 + 3 retries");
}

#[tokio::test]
async fn an_endless_answer_is_cut_at_the_cap() {
    let server = Scripted::start().await;
    server.route("GET", "/v1/requests/big/status", Reply::Endless);
    let client = client_for(&server, RetryPolicy::none());
    let err = client.status(&JobRef::new("big")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol, "{err}");
    assert!(
        err.to_string()
            .contains(&runcomfy_client::config::MAX_ANSWER_BYTES.to_string()),
        "{err}"
    );
}

#[tokio::test]
async fn the_token_echoed_by_the_server_is_redacted() {
    let server = Scripted::start().await;
    let echo = format!("invalid token {TOKEN}");
    server.route(
        "GET",
        "/v1/requests/r1/status",
        Reply::json(
            401,
            json!({"error_code": 400004, "error_message": echo, "detail": echo}),
        ),
    );
    server.route(
        "GET",
        "/v1/requests/r2/result",
        Reply::json(200, json!({"status": "failed", "error": format!("boom {TOKEN}")})),
    );
    let client = client_for(&server, RetryPolicy::none());
    let err = client.status(&JobRef::new("r1")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    server.route(
        "GET",
        "/v1/requests/r2/result?include_cost=true",
        Reply::json(200, json!({"status": "failed", "error": format!("boom {TOKEN}")})),
    );
    let err2 = client.result(&JobRef::new("r2")).await.unwrap_err();
    assert!(err2.is_job_failed(), "{err2}");
    for text in [
        err.to_string(),
        format!("{err:?}"),
        err.display_chain(),
        err2.to_string(),
    ] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }
}

#[tokio::test]
async fn server_violations_keep_their_pointers() {
    let server = Scripted::start().await;
    let detail =
        json!([{"pointer": "/promptImage", "message": "width/height must be below 2", "keyword": "validations"}]);
    server.route(
        "POST",
        "/v1/models/runwayml/runway-gen-4/turbo/image-to-video",
        Reply::json(
            422,
            json!({"error_code": 422001, "error_message": "the input does not match (1 violation)", "detail": detail}),
        ),
    );
    let client = client_for(&server, RetryPolicy::none());
    let request = gen4::Request::from_json(json!({"promptImage": png_data_uri(640, 480)})).unwrap();
    let err = client.submit(&request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Rejected, "{err}");
    let violations = err.violations().expect("the server's violations");
    let first = violations.iter().next().unwrap();
    assert_eq!(first.pointer, "/promptImage");
    assert!(first.to_string().contains("width/height must be below 2"), "{first}");
}

#[tokio::test]
async fn unusable_request_ids_are_refused_before_any_call() {
    let server = Scripted::start().await;
    let client = client_for(&server, RetryPolicy::none());
    for bad in ["", ".", "..", "a/b", "a\nb", "x y"] {
        let err = client.status(&JobRef::new(bad)).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{bad:?}");
        assert!(client.cancel(&JobRef::new(bad)).await.is_err());
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    // A submit answered with an id that cannot be used: the job may exist, so its id is
    // shown and nothing is sent again.
    server.route(
        "POST",
        "/v1/models/runwayml/runway-gen-4/turbo/image-to-video",
        Reply::json(200, json!({"request_id": "/../../outside/PWNED"})),
    );
    let request = gen4::Request::from_json(json!({"promptImage": png_data_uri(640, 480)})).unwrap();
    let err = client.submit(&request).await.unwrap_err();
    assert!(err.is_submit_outcome_unknown(), "{err}");
    assert!(err.to_string().contains("/../../outside/PWNED"), "{err}");
    assert_eq!(server.requests().len(), 1, "sent once");
}

#[tokio::test]
async fn a_deadline_beyond_any_clock_is_no_deadline() {
    let server = Scripted::start().await;
    completed(&server, "r1", json!({}));
    let client = client_for(&server, RetryPolicy::none());
    let opts = WaitOptions::default().deadline(Duration::MAX);
    let end = client.wait(&JobRef::new("r1"), &opts).await.unwrap();
    assert_eq!(end, runcomfy_client::Terminal::Completed);
}

#[tokio::test]
async fn redirects_to_plain_http_elsewhere_are_refused_on_every_hop() {
    let server = Scripted::start().await;
    server.route(
        "GET",
        "/out/0.png",
        Reply::Redirect {
            status: 302,
            location: "http://downloads.example.invalid/0.png".into(),
        },
    );
    let client = client_for(&server, RetryPolicy::none());
    let dir = tempfile::tempdir().unwrap();
    let output = Output {
        image: Some(server.url("/out/0.png")),
        ..Output::default()
    };
    let files = download(&client, "r1", output, dir.path(), &DownloadOptions::default()).await;
    let err = files.errors().next().expect("refused");
    assert_eq!(err.kind(), ErrorKind::Protocol, "{err}");
    assert_eq!(err.operation(), Some(runcomfy_client::wire::Operation::Output));
    assert!(err.display_chain().contains("plain http"), "{}", err.display_chain());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
}

#[tokio::test]
async fn a_download_cut_mid_body_is_resumed_with_a_range() {
    let server = Scripted::start().await;
    let body: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    server.route(
        "GET",
        "/out/0.mp4",
        Reply::File {
            body: body.clone().into(),
            cut_first: 1,
        },
    );
    let client = client_for(&server, quick_retry());
    let dir = tempfile::tempdir().unwrap();
    let output = Output {
        video: Some(server.url("/out/0.mp4")),
        ..Output::default()
    };
    let files = download(&client, "r1", output, dir.path(), &DownloadOptions::default()).await;
    let file = files
        .into_result()
        .unwrap_or_else(|e| panic!("{}", e.display_chain()))
        .remove(0);
    assert_eq!(std::fs::read(&file.path).unwrap(), body);
    let gets: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/out/0.mp4")
        .collect();
    assert_eq!(gets.len(), 2, "one cut answer, one resumed");
    let range = gets[1]
        .headers
        .get("range")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert_eq!(range, format!("bytes={}-", body.len() / 2));
    assert!(gets.iter().all(|r| !r.headers.contains_key("authorization")));
}

#[tokio::test]
async fn long_request_ids_give_one_file_per_output() {
    let server = Scripted::start().await;
    for i in 0..3 {
        server.route(
            "GET",
            &format!("/out/{i}.png"),
            Reply::File {
                body: png(8, 8).into(),
                cut_first: 0,
            },
        );
    }
    let client = client_for(&server, RetryPolicy::none());
    let dir = tempfile::tempdir().unwrap();
    let output = Output {
        images: (0..3).map(|i| server.url(&format!("/out/{i}.png"))).collect(),
        ..Output::default()
    };
    let id = "r".repeat(200);
    let files = download(&client, &id, output, dir.path(), &DownloadOptions::default()).await;
    assert!(files.is_complete(), "{files:?}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

#[tokio::test]
async fn a_thousand_outputs_are_fetched_a_few_at_a_time_and_every_failure_is_reported() {
    let server = Scripted::start().await;
    server.route(
        "GET",
        "/out/slow.png",
        Reply::Trickle {
            bytes: 64,
            chunk: 64,
            every: Duration::from_millis(2),
        },
    );
    let client = client_for(&server, RetryPolicy::none());
    let dir = tempfile::tempdir().unwrap();
    let mut images: Vec<String> = (0..997).map(|_| server.url("/out/slow.png")).collect();
    images.extend((0..3).map(|i| server.url(&format!("/missing/{i}.png"))));
    let output = Output {
        images,
        ..Output::default()
    };
    let files = download(
        &client,
        "r1",
        output,
        dir.path(),
        &DownloadOptions::default().concurrency(4),
    )
    .await;
    assert_eq!(files.len(), 1000);
    assert_eq!(files.errors().count(), 3, "each failure reported");
    assert!(
        server.max_in_flight() <= 4,
        "at most 4 at once, saw {}",
        server.max_in_flight()
    );
}

#[tokio::test]
async fn a_part_file_left_by_a_dead_process_is_removed_by_the_next_download() {
    let server = Scripted::start().await;
    server.route(
        "GET",
        "/out/0.png",
        Reply::File {
            body: png(8, 8).into(),
            cut_first: 0,
        },
    );
    let client = client_for(&server, RetryPolicy::none());
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join(".runcomfy-old-0.png.part");
    let file = std::fs::File::create(&stale).unwrap();
    file.set_modified(std::time::SystemTime::now() - Duration::from_secs(60))
        .unwrap();
    drop(file);
    let output = Output {
        image: Some(server.url("/out/0.png")),
        ..Output::default()
    };
    let files = download(&client, "r1", output, dir.path(), &DownloadOptions::default()).await;
    assert!(files.is_complete());
    assert!(!stale.exists(), "the stale part file was removed");
}

#[tokio::test]
async fn an_interrupt_stops_a_download_and_removes_its_partial_file() {
    let server = Scripted::start().await;
    completed(&server, "r1", json!({"video": server.url("/out/0.mp4")}));
    server.route(
        "GET",
        "/out/0.mp4",
        Reply::Trickle {
            bytes: 10_000_000,
            chunk: 1000,
            every: Duration::from_millis(10),
        },
    );
    let client = client_for(&server, RetryPolicy::none());
    let dir = tempfile::tempdir().unwrap();
    let interrupt = CancellationToken::new();
    let opts = JobOptions::default()
        .download_to(dir.path())
        .interrupt(interrupt.clone());
    let stop = interrupt.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        stop.cancel();
    });
    let mut saw_part = false;
    let err = client.follow(&JobRef::new("r1"), &opts, &mut |_| {}).await.unwrap_err();
    assert!(err.is_interrupted(), "{err}");
    assert_eq!(err.request_id(), Some("r1"));
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        saw_part |= entry.unwrap().file_name().to_string_lossy().ends_with(".part");
    }
    assert!(!saw_part, "the partial file is gone");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn media_files_are_checked_like_typed_requests() {
    // The dynamic path: a schema and a body, no generated type.
    let server = Scripted::start().await;
    let client = client_for(&server, RetryPolicy::none());
    let schema = gen4::Request::schema().unwrap();
    let cases = [
        (png(3000, 1000), "width/height"),       // 3:1, rule `width/height< 2`
        (b"just some text".to_vec(), "image"),   // not an image
        (png(100_000, 100_000), "width_pixels"), // a header claiming a huge image
    ];
    for (bytes, expect) in cases {
        let uri = runcomfy_client::media::from_bytes(&bytes, "upload");
        let request = DynamicRequest::with_static_schema(schema, json!({"promptImage": uri.as_str()}));
        let err = client.submit(&request).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{err}");
        assert!(err.to_string().contains(expect), "{expect}: {err}");
    }
    // 20 MB with a `file_size_mb< 16` rule.
    let mut big = png(640, 480);
    big.resize(20 * 1024 * 1024, 0);
    let uri = runcomfy_client::media::from_bytes(&big, "big.png");
    let request = DynamicRequest::with_static_schema(schema, json!({"promptImage": uri.as_str()}));
    let err = client.submit(&request).await.unwrap_err();
    assert!(err.to_string().contains("file_size_mb"), "{err}");
    assert!(server.requests().is_empty(), "nothing was sent");
}
