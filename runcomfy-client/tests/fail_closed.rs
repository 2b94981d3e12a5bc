//! Fail closed at the edge (issue 16): a download resumes only onto the same bytes, a job's
//! deadline covers its downloads, what the server echoes is data (our token is redacted and
//! never stored; a status about another job or with an unknown word is refused), and catalog
//! paging ends. A scripted hostile server on loopback plays the server.

mod common;

use std::time::Duration;

use common::*;
use futures_util::StreamExt;
use runcomfy_client::catalog::{CatalogQuery, SchemaCache};
use runcomfy_client::config::RetryPolicy;
use runcomfy_client::download::DownloadOptions;
use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as gen4;
use runcomfy_client::resolve::SchemaResolver;
use runcomfy_client::wire::Operation;
use runcomfy_client::{Client, ErrorKind, Job, JobOptions, JobResult, Output, WaitOptions};
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

fn result_of(id: &str, output: Output) -> JobResult {
    JobResult {
        request_id: id.to_owned(),
        model_id: None,
        output,
        cost: None,
        raw: serde_json::Value::Null,
    }
}

fn video_at(server: &Scripted, path: &str) -> Output {
    Output {
        video: Some(server.url(path)),
        ..Output::default()
    }
}

fn file_body() -> Vec<u8> {
    (0..200_000u32).map(|i| (i % 251) as u8).collect()
}

/// A `206` answer with these headers and `len` bytes of junk.
fn partial(content_range: &str, etag: &str, len: usize) -> Reply {
    Reply::Raw {
        status: 206,
        headers: vec![
            ("content-range".into(), content_range.into()),
            ("etag".into(), etag.into()),
            ("accept-ranges".into(), "bytes".into()),
        ],
        body: vec![0xEEu8; len].into(),
    }
}

/// The first answer is cut half-way; the second is `hostile`; then the file is served whole.
async fn resume_against(hostile: Reply) -> (Vec<u8>, Vec<runcomfy_sim::scripted::Seen>) {
    let server = Scripted::start().await;
    let body = file_body();
    let file = |cut_first| Reply::File {
        body: body.clone().into(),
        cut_first,
    };
    server.route("GET", "/out/0.mp4", Reply::Sequence(vec![file(1), hostile, file(0)]));
    let client = client_for(&server, quick_retry());
    let dir = tempfile::tempdir().unwrap();
    let downloads = client
        .download(
            &result_of("r1", video_at(&server, "/out/0.mp4")),
            dir.path(),
            &DownloadOptions::default(),
        )
        .await;
    let file = downloads
        .into_result()
        .unwrap_or_else(|e| panic!("{}", e.display_chain()))
        .remove(0);
    let written = std::fs::read(&file.path).unwrap();
    let gets = server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/out/0.mp4")
        .collect();
    (written, gets)
}

fn range_of(seen: &runcomfy_sim::scripted::Seen) -> Option<String> {
    seen.headers
        .get("range")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[tokio::test]
async fn a_partial_answer_that_does_not_continue_the_same_bytes_is_never_appended() {
    let half = file_body().len() / 2;
    let total = file_body().len();
    let cases = [
        // Starts elsewhere than the offset asked.
        partial(&format!("bytes 0-{}/{total}", half - 1), "\"scripted-file\"", half),
        // Another validator: the file changed.
        partial(
            &format!("bytes {half}-{}/{total}", total - 1),
            "\"another-file\"",
            total - half,
        ),
        // Another length: the file changed.
        partial(
            &format!("bytes {half}-{}/{}", total + 99, total + 100),
            "\"scripted-file\"",
            total + 100 - half,
        ),
        // Not to the end of the file.
        partial(&format!("bytes {half}-{}/{total}", half + 9), "\"scripted-file\"", 10),
        // No usable Content-Range.
        partial("bytes */*", "\"scripted-file\"", total - half),
    ];
    for (i, hostile) in cases.into_iter().enumerate() {
        let (written, gets) = resume_against(hostile).await;
        assert_eq!(written, file_body(), "case {i}: the file is the file, not a splice");
        assert_eq!(gets.len(), 3, "case {i}: cut, refused, then whole");
        assert_eq!(range_of(&gets[0]), None, "case {i}");
        assert_eq!(range_of(&gets[1]), Some(format!("bytes={half}-")), "case {i}");
        let if_range = gets[1].headers.get("if-range").and_then(|v| v.to_str().ok());
        assert_eq!(
            if_range,
            Some("\"scripted-file\""),
            "case {i}: the first answer's validator"
        );
        assert_eq!(range_of(&gets[2]), None, "case {i}: started again from zero");
    }
}

#[tokio::test]
async fn a_partial_answer_that_continues_the_same_bytes_is_appended() {
    // The same 206 the scripted file server gives: start, end, length and ETag all match.
    let body = file_body();
    let half = body.len() / 2;
    let good = Reply::Raw {
        status: 206,
        headers: vec![
            (
                "content-range".into(),
                format!("bytes {half}-{}/{}", body.len() - 1, body.len()),
            ),
            ("etag".into(), "\"scripted-file\"".into()),
        ],
        body: body[half..].to_vec().into(),
    };
    let (written, gets) = resume_against(good).await;
    assert_eq!(written, body);
    assert_eq!(gets.len(), 2, "resumed once, nothing fetched again");
}

#[tokio::test]
async fn without_a_validator_a_broken_download_starts_again_from_zero() {
    let server = Scripted::start().await;
    let body = file_body();
    // The first answer announces the whole file but gives no ETag nor Last-Modified (only
    // Accept-Ranges), and breaks after 1000 bytes.
    let first = Reply::Raw {
        status: 200,
        headers: vec![
            ("accept-ranges".into(), "bytes".into()),
            ("content-length".into(), body.len().to_string()),
        ],
        body: body[..1000].to_vec().into(),
    };
    server.route(
        "GET",
        "/out/0.mp4",
        Reply::Sequence(vec![
            first,
            Reply::File {
                body: body.clone().into(),
                cut_first: 0,
            },
        ]),
    );
    let client = client_for(&server, quick_retry());
    let dir = tempfile::tempdir().unwrap();
    let downloads = client
        .download(
            &result_of("r1", video_at(&server, "/out/0.mp4")),
            dir.path(),
            &DownloadOptions::default(),
        )
        .await;
    let files = downloads
        .into_result()
        .unwrap_or_else(|e| panic!("{}", e.display_chain()));
    assert_eq!(std::fs::read(&files[0].path).unwrap(), body);
    let gets: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/out/0.mp4")
        .collect();
    assert_eq!(gets.len(), 2, "broken, then whole");
    assert!(
        gets.iter().all(|r| range_of(r).is_none()),
        "nothing to check a resume against"
    );
}

#[tokio::test]
async fn the_jobs_deadline_covers_a_trickling_download() {
    let server = Scripted::start().await;
    let id = "r-trickle";
    server.route(
        "GET",
        &format!("/v1/requests/{id}/status"),
        Reply::json(200, json!({"request_id": id, "status": "completed"})),
    );
    server.route(
        "GET",
        &format!("/v1/requests/{id}/result?include_cost=true"),
        Reply::json(
            200,
            json!({"status": "completed", "output": {"image": server.url("/out/fast.png"), "video": server.url("/out/slow.mp4")}}),
        ),
    );
    server.route(
        "GET",
        "/out/fast.png",
        Reply::File {
            body: png(8, 8).into(),
            cut_first: 0,
        },
    );
    // 10 MB at 1 KB every 20 ms: under any idle timeout, and ~200 s in all.
    server.route(
        "GET",
        "/out/slow.mp4",
        Reply::Trickle {
            bytes: 10_000_000,
            chunk: 1000,
            every: Duration::from_millis(20),
        },
    );
    let client = client_for(&server, quick_retry());
    let dir = tempfile::tempdir().unwrap();
    let deadline = Duration::from_millis(800);
    let opts = JobOptions::default().deadline(deadline).download_to(dir.path());
    let started = std::time::Instant::now();
    let done = client.follow(&Job::new(id), &opts, &mut |_| {}).await.unwrap();
    let took = started.elapsed();
    assert!(
        took < deadline + Duration::from_secs(2),
        "ended {took:?} after the start"
    );
    assert_eq!(done.downloads.len(), 2);
    assert_eq!(done.downloads.files().count(), 1, "the fast file is kept");
    let err = done.downloads.errors().next().expect("the slow file failed");
    assert_eq!(err.kind(), ErrorKind::DeadlineExceeded, "{err}");
    assert!(err.is_timeout());
    assert_eq!(err.operation(), Some(Operation::Output));
    assert_eq!(err.request_id(), Some(id));
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "no partial file left: {names:?}");
}

#[tokio::test]
async fn a_download_that_stops_sending_is_a_timeout() {
    let server = Scripted::start().await;
    server.route(
        "GET",
        "/out/stuck.mp4",
        Reply::Trickle {
            bytes: 1000,
            chunk: 10,
            every: Duration::from_secs(30),
        },
    );
    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.url("/v1"))
        .download_idle_timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let downloads = client
        .download(
            &result_of("r1", video_at(&server, "/out/stuck.mp4")),
            dir.path(),
            &DownloadOptions::default(),
        )
        .await;
    let err = downloads.errors().next().expect("it failed");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{}", err.display_chain());
    assert!(err.is_timeout() && err.is_transient());
    assert_eq!(err.operation(), Some(Operation::Output));
    assert!(err.to_string().starts_with("timed out during download"), "{err}");
}

#[tokio::test]
async fn a_status_about_another_job_is_refused() {
    let server = Scripted::start().await;
    server.route(
        "GET",
        "/v1/requests/r1/status",
        Reply::json(200, json!({"request_id": "r2", "status": "completed"})),
    );
    let client = client_for(&server, RetryPolicy::none());
    let err = client.status(&Job::new("r1")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol, "{err}");
    assert!(err.to_string().contains("\"r2\""), "{err}");
    let err = client.wait(&Job::new("r1"), &WaitOptions::default()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol, "{err}");
}

#[tokio::test]
async fn an_unknown_or_empty_status_word_is_an_error_of_its_own_never_a_state() {
    let server = Scripted::start().await;
    for (id, word) in [("r1", ""), ("r2", "dreaming"), ("r3", "  ")] {
        server.route(
            "GET",
            &format!("/v1/requests/{id}/status"),
            Reply::json(200, json!({"request_id": id, "status": word})),
        );
        server.route(
            "GET",
            &format!("/v1/requests/{id}/result?include_cost=true"),
            Reply::json(200, json!({"status": word, "output": null})),
        );
    }
    let client = client_for(&server, RetryPolicy::none());
    for id in ["r1", "r2", "r3"] {
        let job = Job::new(id);
        let err = client.status(&job).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownStatus, "{id}: {err}");
        assert_eq!(err.request_id(), Some(id));
        let err = client.wait(&job, &WaitOptions::default()).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownStatus, "{id}: {err}");
        let err = client.result(&job).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownStatus, "{id}: {err}");
    }
    // One status call per wait: no loop.
    let calls = server.requests().iter().filter(|r| r.path.ends_with("/status")).count();
    assert_eq!(calls, 6);
}

#[tokio::test]
async fn our_token_echoed_in_an_answer_is_redacted_everywhere_and_refused_where_it_matters() {
    let server = Scripted::start().await;
    let model = "/v1/models/runwayml/runway-gen-4/turbo/image-to-video";
    // A request id holding the token: refused (the job may exist: outcome unknown).
    server.route(
        "POST",
        model,
        Reply::json(200, json!({"request_id": format!("id-{TOKEN}")})),
    );
    let client = client_for(&server, RetryPolicy::none());
    let request = gen4::Request::from_json(json!({"promptImage": png_data_uri(640, 480)})).unwrap();
    let err = client.submit(&request).await.unwrap_err();
    assert!(err.is_submit_outcome_unknown(), "{err}");
    for text in [err.to_string(), format!("{err:?}"), err.display_chain()] {
        assert!(!text.contains(TOKEN), "{text}");
    }
    // A request id holding the token is never put in a URL either.
    let err = client.status(&Job::new(format!("x{TOKEN}"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert!(!err.to_string().contains(TOKEN), "{err}");
    // The token as a status word: an unknown word, shown redacted.
    server.route(
        "GET",
        "/v1/requests/r1/status",
        Reply::json(200, json!({"request_id": "r1", "status": TOKEN})),
    );
    let err = client.status(&Job::new("r1")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownStatus);
    assert!(
        !err.to_string().contains(TOKEN) && err.to_string().contains("<redacted>"),
        "{err}"
    );
    // An output URL holding the token: redacted in the result, and never fetched.
    server.route(
        "GET",
        "/v1/requests/r2/result?include_cost=true",
        Reply::json(
            200,
            json!({"status": "completed", "output": {"image": server.url(&format!("/out/{TOKEN}.png"))}}),
        ),
    );
    let result = client.result(&Job::new("r2")).await.unwrap();
    let url = result.output.image.clone().unwrap();
    assert!(!url.contains(TOKEN) && url.contains("<redacted>"), "{url}");
    assert!(!result.raw.to_string().contains(TOKEN), "{}", result.raw);
    let dir = tempfile::tempdir().unwrap();
    let downloads = client.download(&result, dir.path(), &DownloadOptions::default()).await;
    let err = downloads.errors().next().expect("not fetched");
    assert!(err.to_string().contains("held the API token"), "{err}");
    assert!(
        !server.requests().iter().any(|r| r.path.starts_with("/out/")),
        "never fetched"
    );
}

#[tokio::test]
async fn a_catalog_answer_that_holds_our_token_is_never_cached() {
    let server = Scripted::start().await;
    let schema =
        json!({"type": "object", "properties": {"prompt": {"type": "string", "description": format!("say {TOKEN}")}}});
    server.route(
        "GET",
        "/v1/models/acme/echo/text-to-image",
        Reply::Raw {
            status: 200,
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("etag".into(), format!("\"{TOKEN}\"")),
            ],
            body: json!({"model_id": "acme/echo/text-to-image", "display_name": format!("Echo {TOKEN}"), "input_schema": schema})
                .to_string()
                .into(),
        },
    );
    // A clean one is cached, with its ETag.
    server.route(
        "GET",
        "/v1/models/acme/clean/text-to-image",
        Reply::Raw {
            status: 200,
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("etag".into(), "\"v1\"".into()),
            ],
            body: json!({"model_id": "acme/clean/text-to-image", "input_schema": {"type": "object", "properties": {}}})
                .to_string()
                .into(),
        },
    );
    let client = client_for(&server, RetryPolicy::none());
    let dir = tempfile::tempdir().unwrap();
    let cache = SchemaCache::new(dir.path(), Duration::from_secs(3600));
    let resolver = SchemaResolver::new().catalog(client.clone(), Some(cache.clone()), false);
    let found = resolver.resolve("acme/echo/text-to-image").await.unwrap();
    let entry = found.entry.unwrap();
    assert!(!format!("{entry:?}").contains(TOKEN), "{entry:?}");
    assert!(entry.name().contains("<redacted>"));
    assert!(
        cache.load("acme/echo/text-to-image").is_none(),
        "never written to the cache"
    );
    resolver.resolve("acme/clean/text-to-image").await.unwrap();
    let cached = cache.load("acme/clean/text-to-image").expect("cached");
    assert_eq!(cached.etag.as_deref(), Some("\"v1\""));
    // Nothing on disk holds the token.
    for entry in walk(dir.path()) {
        let text = std::fs::read_to_string(&entry).unwrap();
        assert!(!text.contains(TOKEN), "{}", entry.display());
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test]
async fn catalog_paging_stops_when_a_page_repeats_and_lists_each_model_once() {
    let server = Scripted::start().await;
    let page = |ids: &[&str]| {
        let models: Vec<_> = ids.iter().map(|id| json!({"model_id": id})).collect();
        Reply::json(200, json!({"models": models, "total": 1_000_000}))
    };
    // A server that ignores `offset` after the second page: it repeats the first page.
    server.route("GET", "/v1/models?limit=2&offset=0", page(&["a/one", "a/two"]));
    server.route("GET", "/v1/models?limit=2&offset=2", page(&["a/two", "a/three"]));
    server.route("GET", "/v1/models?limit=2&offset=4", page(&["a/one", "a/two"]));
    let client = client_for(&server, RetryPolicy::none());
    let listed: Vec<String> = client
        .catalog()
        .list_all(CatalogQuery::default().limit(2))
        .map(|e| e.unwrap().model_id)
        .collect()
        .await;
    assert_eq!(listed, ["a/one", "a/two", "a/three"]);
    let pages = server
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/v1/models"))
        .count();
    assert_eq!(pages, 3, "stopped at the page that brought nothing new");
}

/// A download reports how much is on disk as it goes (what the CLI draws its bar from): from
/// 0, rising, every 256 KiB, ending at the file's size.
#[tokio::test]
async fn downloads_report_their_progress() {
    let server = Scripted::start().await;
    let body: Vec<u8> = (0..1_000_000u32).map(|i| (i % 249) as u8).collect();
    server.route(
        "GET",
        "/out/big.mp4",
        Reply::File {
            body: body.clone().into(),
            cut_first: 0,
        },
    );
    server.route(
        "GET",
        "/v1/requests/big-1/status",
        Reply::json(200, json!({"request_id": "big-1", "status": "completed"})),
    );
    server.route(
        "GET",
        "/v1/requests/big-1/result?include_cost=true",
        Reply::json(
            200,
            json!({"status": "completed", "output": {"video": server.url("/out/big.mp4")}}),
        ),
    );
    let client = client_for(&server, quick_retry());
    let dir = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    let done = client
        .follow(
            &Job::new("big-1"),
            &JobOptions::default().download_to(dir.path()),
            &mut |e| {
                if let runcomfy_client::JobEvent::DownloadProgress(p) = e {
                    seen.push((p.received, p.total));
                }
            },
        )
        .await
        .unwrap();
    assert!(done.downloads.is_complete());
    let total = body.len() as u64;
    assert_eq!(seen.first(), Some(&(0, Some(total))), "{seen:?}");
    assert_eq!(seen.last(), Some(&(total, Some(total))), "{seen:?}");
    assert!(seen.len() >= 4, "every 256 KiB: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "rising: {seen:?}");
}
