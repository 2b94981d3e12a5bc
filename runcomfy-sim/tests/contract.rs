//! Contract tests: the Model API as DESIGN.md describes it, over plain HTTP.

mod common;

use std::time::Duration;

use common::*;
use serde_json::{Value, json};

#[tokio::test]
async fn end_to_end_flux_text_to_image() {
    let mut cfg = config();
    cfg.max_image_side = 2048;
    let sim = start(cfg).await;
    let c = client();
    let resp = submit(&c, &sim, FLUX, &json!({"prompt": "a red fox in the snow", "steps": 4})).await;
    assert_eq!(resp.status(), 200);
    let sub: Value = resp.json().await.unwrap();
    let id = sub["request_id"].as_str().unwrap().to_owned();
    for key in ["status_url", "result_url", "cancel_url"] {
        let url = sub[key].as_str().unwrap();
        assert!(url.starts_with(sim.origin()) && url.contains(&id), "{key}: {url}");
    }
    let status_url = sub["status_url"].as_str().unwrap();
    let mut seen = Vec::new();
    for _ in 0..20 {
        let (code, st) = get_json(&c, status_url, TOKEN).await;
        assert_eq!(code, 200);
        assert_eq!(st["request_id"], id.as_str());
        let s = st["status"].as_str().unwrap().to_owned();
        if seen.last() != Some(&s) {
            seen.push(s.clone());
        }
        if s == "completed" {
            break;
        }
        sim.advance(Duration::from_secs(2));
    }
    assert_eq!(seen, ["in_queue", "in_progress", "completed"]);
    let (code, res) = get_json(&c, sub["result_url"].as_str().unwrap(), TOKEN).await;
    assert_eq!(code, 200);
    assert_eq!(res["status"], "completed");
    assert_eq!(res["model_id"], FLUX);
    assert!(res.get("cost").is_none(), "cost only with include_cost: {res}");
    let url = res["output"]["image"].as_str().unwrap();
    assert!(url.starts_with(sim.output_origin()), "{url}");
    let out: runcomfy_schema::Output = serde_json::from_value(res["output"].clone()).unwrap();
    assert_eq!(out.urls().count(), 1);
    let bytes = c.get(url).send().await.unwrap().bytes().await.unwrap();
    let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).unwrap();
    assert_eq!((img.width(), img.height()), (1024, 1024));
    let acct = sim.accounting();
    assert_eq!(acct.output_requests_with_auth, 0);
    assert_eq!(acct.output_bytes_served, bytes.len() as u64);
    assert!(acct.status_calls_for(&id) >= 3);
    assert_eq!(acct.result_calls_for(&id), 1);
}

#[tokio::test]
async fn tokens_model_ids_and_request_ids() {
    let sim = start(config()).await;
    let c = client();
    let url = format!("{}/models/{FLUX}", sim.base_url());
    let body = json!({"prompt": "x"});
    for req in [
        c.post(&url).json(&body),
        c.post(&url).bearer_auth("wrong").json(&body),
        c.post(&url).header("Authorization", "Basic abc").json(&body),
        c.post(&url).bearer_auth("").json(&body),
    ] {
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), 401);
        let err: Value = resp.json().await.unwrap();
        assert_eq!(err["error_code"], 400004);
        assert!(err["error_message"].is_string() && err.get("detail").is_some());
    }
    for model in ["nobody/nothing", "flux", "a//b", "blackforestlabs/flux-1-schnell"] {
        let resp = submit(&c, &sim, model, &body).await;
        assert_eq!(resp.status(), 400, "{model}");
        let err: Value = resp.json().await.unwrap();
        assert_eq!(err["error_code"], 400001, "{model}");
    }
    let id = submit_ok(&c, &sim, FLUX, &body).await;
    for op in ["status", "result"] {
        let (code, err) = get_json(&c, &format!("{}/requests/{id}/{op}", sim.base_url()), OTHER).await;
        assert_eq!((code, err["error_code"].clone()), (403, json!(403001)));
        let (code, err) = get_json(&c, &format!("{}/requests/nope/{op}", sim.base_url()), TOKEN).await;
        assert_eq!((code, err["error_code"].clone()), (404, json!(404001)));
    }
    let resp = c
        .post(format!("{}/requests/{id}/cancel", sim.base_url()))
        .bearer_auth(OTHER)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    let (code, err) = get_json(&c, &format!("{}/nothing/here", sim.origin()), TOKEN).await;
    assert_eq!((code, err["error_code"].clone()), (404, json!(404000)));
}

#[tokio::test]
async fn no_balance_token_gets_402() {
    let mut cfg = config();
    cfg.no_balance_tokens = vec![TOKEN.into()];
    let sim = start(cfg).await;
    let resp = submit(&client(), &sim, FLUX, &json!({"prompt": "x"})).await;
    assert_eq!(resp.status(), 402);
    let err: Value = resp.json().await.unwrap();
    assert_eq!(err["error_code"], 400002);
}

#[tokio::test]
async fn invalid_bodies_list_every_violation() {
    let sim = start(config()).await;
    let c = client();
    let resp = submit(&c, &sim, FLUX, &json!({"steps": 9, "stepz": 1})).await;
    assert_eq!(resp.status(), 422);
    let err: Value = resp.json().await.unwrap();
    assert_eq!(err["error_code"], 422001);
    let pointers: Vec<&str> = err["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers, ["/prompt", "/steps", "/stepz"], "{err}");
    assert!(err["detail"][1]["message"].as_str().unwrap().contains("maximum 8"));

    let resp = submit(
        &c,
        &sim,
        GPT_IMAGE,
        &json!({"prompt": "x", "aspect_ratio": "7:3", "output_format": "gif"}),
    )
    .await;
    assert_eq!(resp.status(), 422);
    let err: Value = resp.json().await.unwrap();
    assert_eq!(err["detail"].as_array().unwrap().len(), 2, "{err}");

    let resp = c
        .post(format!("{}/models/{FLUX}", sim.base_url()))
        .bearer_auth(TOKEN)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let err: Value = resp.json().await.unwrap();
    assert_eq!(err["error_code"], 400003);
    // Nothing was queued by rejected submits.
    assert!(sim.accounting().submissions.iter().all(|s| s.request_id.is_none()));
}

#[tokio::test]
async fn media_rules_are_enforced_on_data_uris_and_urls_are_recorded() {
    let sim = start(config()).await;
    let c = client();
    // 300x100: aspect ratio 3 breaks `width/height<` 2.
    let resp = submit(&c, &sim, RUNWAY, &json!({"promptImage": png_data_uri(300, 100)})).await;
    assert_eq!(resp.status(), 422);
    let err: Value = resp.json().await.unwrap();
    let detail = err["detail"].as_array().unwrap();
    assert_eq!(detail.len(), 1, "{err}");
    assert_eq!(detail[0]["pointer"], "/promptImage");
    assert!(detail[0]["message"].as_str().unwrap().contains("1:2 to 2:1"), "{err}");
    // Not an image at all.
    let resp = submit(&c, &sim, RUNWAY, &json!({"promptImage": "data:image/png;base64,AAAA"})).await;
    assert_eq!(resp.status(), 422);
    // A good one, and an URL (recorded, not fetched).
    submit_ok(&c, &sim, RUNWAY, &json!({"promptImage": png_data_uri(200, 150)})).await;
    let url = "https://cdn.example.invalid/cat.png";
    submit_ok(&c, &sim, RUNWAY, &json!({"promptImage": url})).await;
    let acct = sim.accounting();
    assert_eq!(acct.media_urls.len(), 1);
    assert_eq!(acct.media_urls[0].url, url);
    assert_eq!(acct.media_urls[0].pointer, "/promptImage");
    assert_eq!(acct.media_urls[0].model_id, RUNWAY);
}

#[tokio::test]
async fn queue_positions_move_and_cancel_only_while_queued() {
    let sim = start(config()).await; // one worker, 1 s dispatch, 10 s runs
    let c = client();
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(submit_ok(&c, &sim, FLUX, &json!({"prompt": format!("job {i}")})).await);
    }
    for (i, id) in ids.iter().enumerate() {
        let st = status(&c, &sim, id).await;
        assert_eq!(st["status"], "in_queue");
        assert_eq!(st["queue_position"], i);
    }
    sim.advance(Duration::from_secs(1));
    let st = status(&c, &sim, &ids[0]).await;
    assert_eq!(st["status"], "in_progress");
    assert!(st.get("queue_position").is_none());
    assert_eq!(status(&c, &sim, &ids[2]).await["queue_position"], 1);
    // Result before completion answers with the current status.
    let res = result(&c, &sim, &ids[0]).await;
    assert_eq!(res["status"], "in_progress");
    assert!(res.get("output").is_none_or(Value::is_null));
    let res = result(&c, &sim, &ids[1]).await;
    assert_eq!(
        (res["status"].clone(), res["queue_position"].clone()),
        (json!("in_queue"), json!(0))
    );

    let cancel = |id: String| {
        let c = c.clone();
        let url = format!("{}/requests/{id}/cancel", sim.base_url());
        async move {
            let resp = c.post(url).bearer_auth(TOKEN).send().await.unwrap();
            assert_eq!(resp.status(), 200);
            resp.json::<Value>().await.unwrap()
        }
    };
    let out = cancel(ids[0].clone()).await;
    assert_eq!(
        (out["outcome"].clone(), out["status"].clone()),
        (json!("not_cancellable"), json!("in_progress"))
    );
    let out = cancel(ids[1].clone()).await;
    assert_eq!(
        (out["outcome"].clone(), out["status"].clone()),
        (json!("cancelled"), json!("cancelled"))
    );
    assert_eq!(out["request_id"], ids[1].as_str());
    assert_eq!(status(&c, &sim, &ids[2]).await["queue_position"], 0);

    sim.advance(Duration::from_secs(10));
    assert_eq!(status(&c, &sim, &ids[0]).await["status"], "completed");
    assert_eq!(status(&c, &sim, &ids[2]).await["status"], "in_progress");
    let out = cancel(ids[0].clone()).await;
    assert_eq!(
        (out["outcome"].clone(), out["status"].clone()),
        (json!("not_cancellable"), json!("completed"))
    );
    sim.advance(Duration::from_secs(10));
    assert_eq!(status(&c, &sim, &ids[2]).await["status"], "completed");
    let res = result(&c, &sim, &ids[1]).await;
    assert_eq!(res["status"], "cancelled");
    assert!(res["output"].is_null());
}

#[tokio::test]
async fn several_workers_and_per_model_run_times() {
    let mut cfg = config();
    cfg.workers = 2;
    cfg.run_times
        .insert(GPT_IMAGE.into(), runcomfy_sim::RunTime::fixed(Duration::from_secs(100)));
    let sim = start(cfg).await;
    let c = client();
    let slow = submit_ok(&c, &sim, GPT_IMAGE, &json!({"prompt": "slow"})).await;
    let fast = submit_ok(&c, &sim, FLUX, &json!({"prompt": "fast"})).await;
    sim.advance(Duration::from_secs(1));
    assert_eq!(status(&c, &sim, &slow).await["status"], "in_progress");
    assert_eq!(status(&c, &sim, &fast).await["status"], "in_progress");
    sim.advance(Duration::from_secs(10));
    assert_eq!(status(&c, &sim, &fast).await["status"], "completed");
    assert_eq!(status(&c, &sim, &slow).await["status"], "in_progress");
    sim.advance(Duration::from_secs(90));
    assert_eq!(status(&c, &sim, &slow).await["status"], "completed");
}

#[tokio::test]
async fn accelerated_clock_completes_jobs_without_advancing() {
    let mut cfg = config();
    cfg.clock = runcomfy_sim::ClockMode::Accelerated(1000.0);
    let sim = start(cfg).await;
    let c = client();
    let id = submit_ok(&c, &sim, FLUX, &json!({"prompt": "fast"})).await;
    let mut done = false;
    for _ in 0..100 {
        if status(&c, &sim, &id).await["status"] == "completed" {
            done = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(done);
}

#[tokio::test]
async fn failures_at_the_configured_rate() {
    let mut cfg = config();
    cfg.failure_rate = 1.0;
    let sim = start(cfg).await;
    let c = client();
    let id = submit_ok(&c, &sim, FLUX, &json!({"prompt": "doomed"})).await;
    sim.advance(Duration::from_secs(60));
    assert_eq!(status(&c, &sim, &id).await["status"], "failed");
    let (_, res) = get_json(
        &c,
        &format!("{}/requests/{id}/result?include_cost=true", sim.base_url()),
        TOKEN,
    )
    .await;
    assert_eq!(res["status"], "failed");
    assert!(res["error"].as_str().unwrap().contains("simulated failure"));
    assert_eq!(res["cost"], 0.0);
}

#[tokio::test]
async fn include_cost_adds_cost() {
    let sim = start(config()).await;
    let c = client();
    let id = submit_ok(&c, &sim, FLUX, &json!({"prompt": "x"})).await;
    sim.advance(Duration::from_secs(60));
    let (_, res) = get_json(
        &c,
        &format!("{}/requests/{id}/result?include_cost=true", sim.base_url()),
        TOKEN,
    )
    .await;
    assert!(res["cost"].as_f64().unwrap() > 0.0, "{res}");
}

#[tokio::test]
async fn images_follow_size_and_format_fields() {
    let sim = start(config()).await; // long side capped at 256
    let c = client();
    let cases = [
        (
            GPT_IMAGE,
            json!({"prompt": "a", "aspect_ratio": "16:9", "output_format": "jpeg"}),
            image::ImageFormat::Jpeg,
            (256, 144),
        ),
        (
            GPT_IMAGE,
            json!({"prompt": "a", "aspect_ratio": "2:3", "output_format": "webp"}),
            image::ImageFormat::WebP,
            (171, 256),
        ),
        (
            DREAMINA,
            json!({"prompt": "a", "width×height": "6198x2656(21:9)"}),
            image::ImageFormat::Png,
            (256, 110),
        ),
        (
            REFRAME,
            json!({"image": "x", "resolution": "512:1536 (1:3)"}),
            image::ImageFormat::Png,
            (85, 256),
        ),
    ];
    for (model, body, format, size) in cases {
        let res = run_job(&c, &sim, model, &body).await;
        let url = res["output"]["image"].as_str().unwrap();
        let bytes = download(&c, url).await;
        let img = image::load_from_memory_with_format(&bytes, format).unwrap_or_else(|e| panic!("{model}: {e}"));
        assert_eq!((img.width(), img.height()), size, "{model} {body}");
    }
}

#[tokio::test]
async fn outputs_are_deterministic_from_prompt_and_seed() {
    let sim = start(config()).await;
    let c = client();
    let body = json!({"image": "x", "resolution": "1024:1024 (1:1)", "seed": 42});
    let a = run_job(&c, &sim, REFRAME, &body).await;
    let b = run_job(&c, &sim, REFRAME, &body).await;
    let other = run_job(
        &c,
        &sim,
        REFRAME,
        &json!({"image": "x", "resolution": "1024:1024 (1:1)", "seed": 43}),
    )
    .await;
    let fetch = |v: &Value| v["output"]["image"].as_str().unwrap().to_owned();
    let (a, b, other) = (
        download(&c, &fetch(&a)).await,
        download(&c, &fetch(&b)).await,
        download(&c, &fetch(&other)).await,
    );
    assert_eq!(a, b);
    assert_ne!(a, other);
}

/// The top-level boxes of an ISO-BMFF file: `(type, size)`, read by hand (independently of
/// the `mp4` crate that wrote them); `None` unless they tile the file exactly.
fn top_level_boxes(bytes: &[u8]) -> Option<Vec<(String, usize)>> {
    let mut at = 0;
    let mut out = Vec::new();
    while at < bytes.len() {
        let size = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind = String::from_utf8_lossy(bytes.get(at + 4..at + 8)?).into_owned();
        if size < 8 {
            return None;
        }
        out.push((kind, size));
        at += size;
    }
    (at == bytes.len()).then_some(out)
}

#[tokio::test]
async fn video_endpoints_produce_an_h264_mp4_of_the_requested_duration() {
    let mut cfg = config(); // video long side 64, 4 fps
    cfg.max_media_seconds = 30;
    let sim = start(cfg).await;
    let c = client();
    for (duration, frames) in [(5, 20), (10, 40)] {
        let res = run_job(
            &c,
            &sim,
            RUNWAY,
            &json!({"promptImage": "https://x.example.invalid/a.png", "ratio": "1280:720", "duration": duration}),
        )
        .await;
        let url = res["output"]["video"].as_str().unwrap();
        assert!(url.ends_with(".mp4"), "{url}");
        let resp = c.get(url).send().await.unwrap();
        assert_eq!(resp.headers()["content-type"], "video/mp4");
        let bytes = resp.bytes().await.unwrap();
        let boxes = top_level_boxes(&bytes).expect("boxes tile the file");
        let kinds: Vec<&str> = boxes.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(kinds.first(), Some(&"ftyp"), "{kinds:?}");
        assert!(kinds.contains(&"mdat") && kinds.contains(&"moov"), "{kinds:?}");
        assert_eq!(&bytes[8..12], b"isom", "major brand");
        let video = runcomfy_sim::read_mp4_video(&bytes).expect("an MP4 with a video track");
        assert_eq!(video.codec, "avc1");
        assert_eq!((video.width, video.height), (64, 36));
        assert_eq!((video.frames, video.sync_frames), (frames, frames));
        assert_eq!(video.duration, Duration::from_secs(duration));
        // An H.264 SPS (NAL type 7), Baseline profile; every sample one IDR slice (type 5).
        assert_eq!((video.sps[0] & 0x1f, video.sps[1]), (7, 66));
        assert!(video.samples.iter().all(|s| s.len() > 5 && s[4] & 0x1f == 5));
    }
}

#[tokio::test]
async fn output_origin_records_authorization_headers() {
    let sim = start(config()).await;
    let c = client();
    let res = run_job(&c, &sim, FLUX, &json!({"prompt": "x"})).await;
    let url = res["output"]["image"].as_str().unwrap();
    download(&c, url).await;
    assert_eq!(sim.accounting().output_requests_with_auth, 0);
    let resp = c.get(url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let acct = sim.accounting();
    assert_eq!(acct.output_requests_with_auth, 1);
    assert_eq!(acct.output_requests, 2);
    // Outputs of unfinished or unknown jobs are not there.
    let id = submit_ok(&c, &sim, FLUX, &json!({"prompt": "y"})).await;
    let resp = c
        .get(format!("{}/outputs/{id}/0.png", sim.output_origin()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
    let resp = c
        .get(format!("{}/outputs/nope/0.png", sim.output_origin()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
}

#[tokio::test]
async fn accounting_detects_duplicate_submissions() {
    let sim = start(config()).await;
    let c = client();
    let body = json!({"prompt": "same", "steps": 2});
    let reordered: Value = serde_json::from_str(r#"{"steps": 2, "prompt": "same"}"#).unwrap();
    let a = submit_ok(&c, &sim, FLUX, &body).await;
    submit_ok(&c, &sim, FLUX, &reordered).await;
    submit_ok(&c, &sim, FLUX, &json!({"prompt": "other"})).await;
    for _ in 0..3 {
        status(&c, &sim, &a).await;
    }
    let acct = sim.accounting();
    assert_eq!(acct.submissions_of(&body), 2);
    assert_eq!(acct.jobs_from(&body), 2);
    let dups = acct.duplicate_jobs();
    assert_eq!(dups, vec![(runcomfy_sim::body_hash_json(&body), 2)]);
    assert_eq!(acct.status_calls_for(&a), 3);
    assert_eq!(acct.api_requests, 6);
    assert!(acct.api_bytes_served > 0);
    sim.reset_accounting();
    assert!(sim.accounting().submissions.is_empty());
}

#[tokio::test]
async fn every_bundled_endpoint_is_served() {
    let sim = start(config()).await;
    assert_eq!(sim.model_ids().len(), 5);
    assert!(sim.model_ids().iter().any(|m| m == FLUX));
}

#[tokio::test]
async fn a_broken_schema_folder_is_refused() {
    let dir = std::env::temp_dir().join(format!("runcomfy-sim-bad-{}", std::process::id()));
    let sub = dir.join("a");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        sub.join("b.json"),
        r#"{"type":"object","properties":{"steps":{"type":"integer","maximum":"8"}}}"#,
    )
    .unwrap();
    let mut cfg = config();
    cfg.schemas_dir = dir.clone();
    let err = runcomfy_sim::start(cfg).await.unwrap_err();
    assert!(err.to_string().contains("/properties/steps/maximum"), "{err}");
    let mut cfg = config();
    cfg.schemas_dir = dir.join("missing");
    assert!(runcomfy_sim::start(cfg).await.is_err());
    let _ = std::fs::remove_dir_all(dir);
}

/// Schemas given as text (as a binary bundles them) are served exactly like a folder's: here a
/// made-up endpoint that exists in no folder, with its validation.
#[tokio::test]
async fn schemas_given_as_text_are_served() {
    let text = r#"{"type":"object","required":["prompt"],"properties":{"prompt":{"type":"string","maxLength":5}}}"#;
    let mut config = common::config();
    config.schemas_dir = std::path::PathBuf::from("/nonexistent");
    let config = config.with_schema_texts([("acme/texts/t2i", "bundled/acme/texts/t2i.json", text)]);
    let sim = runcomfy_sim::start(config).await.expect("starts from texts alone");
    let http = reqwest::Client::new();
    let url = format!("{}/models/acme/texts/t2i", sim.base_url());
    let ok = http
        .post(&url)
        .bearer_auth(common::TOKEN)
        .json(&serde_json::json!({"prompt": "fox"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let bad = http
        .post(&url)
        .bearer_auth(common::TOKEN)
        .json(&serde_json::json!({"prompt": "foxes!"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let other = http
        .post(format!("{}/models/{}", sim.base_url(), common::FLUX))
        .bearer_auth(common::TOKEN)
        .json(&serde_json::json!({"prompt": "fox"}))
        .send()
        .await
        .unwrap();
    assert_ne!(other.status(), 200, "only the given schemas are served");
}

#[tokio::test]
async fn every_route_answers_405_with_an_error_body() {
    let sim = start(config()).await;
    let c = client();
    let id = submit_ok(&c, &sim, FLUX, &json!({"prompt": "x"})).await;
    sim.advance(Duration::from_secs(60));
    let res = result(&c, &sim, &id).await;
    let output = res["output"]["image"].as_str().unwrap().to_owned();
    let api = sim.base_url();
    let cases = [
        (reqwest::Method::DELETE, format!("{api}/models/{FLUX}"), "GET,HEAD,POST"),
        (reqwest::Method::PUT, format!("{api}/models"), "GET,HEAD"),
        (reqwest::Method::POST, format!("{api}/models"), "GET,HEAD"),
        (reqwest::Method::POST, format!("{api}/requests/{id}/status"), "GET,HEAD"),
        (reqwest::Method::GET, format!("{api}/requests/{id}/cancel"), "POST"),
        (
            reqwest::Method::PATCH,
            format!("{api}/requests/{id}/result"),
            "GET,HEAD",
        ),
        (reqwest::Method::POST, output.clone(), "GET,HEAD"),
    ];
    for (method, url, allow) in cases {
        let resp = c.request(method.clone(), &url).bearer_auth(TOKEN).send().await.unwrap();
        assert_eq!(resp.status(), 405, "{method} {url}");
        let header: Vec<String> = resp.headers()["allow"]
            .to_str()
            .unwrap()
            .split(',')
            .map(|m| m.trim().to_owned())
            .collect();
        let mut header = header;
        header.sort();
        assert_eq!(header.join(","), allow, "{method} {url}");
        assert_eq!(resp.headers()["content-type"], "application/json");
        let err: Value = resp.json().await.unwrap();
        assert_eq!(err["error_code"], 405001, "{err}");
        assert!(
            err["error_message"].as_str().unwrap().contains(method.as_str()),
            "{err}"
        );
    }
    // Nothing was submitted or cancelled by them.
    assert_eq!(sim.accounting().submissions.len(), 1);
}

#[tokio::test]
async fn output_links_use_the_public_base_url() {
    let mut cfg = config();
    cfg.public_base_url = Some("https://outputs.sim.runcomfy.net/prefix/".into());
    let sim = start(cfg).await;
    assert_eq!(sim.output_base_url(), "https://outputs.sim.runcomfy.net/prefix");
    let c = client();
    let res = run_job(&c, &sim, FLUX, &json!({"prompt": "x"})).await;
    let url = res["output"]["image"].as_str().unwrap();
    let id = res["request_id"].as_str().unwrap();
    assert_eq!(
        url,
        format!("https://outputs.sim.runcomfy.net/prefix/outputs/{id}/0.png")
    );
    // The proxy forwards the same path to the output origin, which serves it.
    let path = url.strip_prefix("https://outputs.sim.runcomfy.net/prefix").unwrap();
    let bytes = download(&c, &format!("{}{path}", sim.output_origin())).await;
    assert!(image::load_from_memory(&bytes).is_ok());
    for bad in [
        "ftp://x.example",
        "https://",
        "not a url",
        "https://x.example/?q=1",
        "https://u:p@x.example",
    ] {
        let mut cfg = config();
        cfg.public_base_url = Some(bad.into());
        let err = runcomfy_sim::start(cfg).await.unwrap_err();
        assert!(err.to_string().contains("public base URL"), "{bad}: {err}");
    }
}

#[tokio::test]
async fn results_carry_created_and_finished_timestamps_from_the_simulated_clock() {
    let sim = start(config()).await; // one worker, 1 s dispatch, 10 s runs
    let c = client();
    let before = std::time::SystemTime::now();
    let a = submit_ok(&c, &sim, FLUX, &json!({"prompt": "a"})).await;
    sim.advance(Duration::from_secs(3));
    let b = submit_ok(&c, &sim, FLUX, &json!({"prompt": "b"})).await;
    let queued = result(&c, &sim, &b).await;
    assert!(
        queued["created_at"].is_string() && queued.get("finished_at").is_none(),
        "{queued}"
    );
    // a: submitted at 0, runs 1..11; b: submitted at 3, runs 11..21.
    sim.advance(Duration::from_secs(30));
    let parse = |v: &Value| humantime::parse_rfc3339(v.as_str().expect("a timestamp")).expect("RFC 3339");
    let (ra, rb) = (result(&c, &sim, &a).await, result(&c, &sim, &b).await);
    let (ca, fa) = (parse(&ra["created_at"]), parse(&ra["finished_at"]));
    let (cb, fb) = (parse(&rb["created_at"]), parse(&rb["finished_at"]));
    assert!(ra["created_at"].as_str().unwrap().ends_with('Z'));
    let secs = |from: std::time::SystemTime, to: std::time::SystemTime| to.duration_since(from).unwrap().as_secs_f64();
    assert_eq!(secs(ca, fa), 11.0);
    assert_eq!(secs(ca, cb), 3.0);
    assert_eq!(secs(cb, fb), 18.0);
    // Mapped onto wall time at start (the clock is paused: no real time is added).
    let start_skew = ca.duration_since(before).unwrap_or_else(|e| e.duration());
    assert!(start_skew < Duration::from_secs(60), "{start_skew:?}");
    // A cancelled job finished when it was cancelled.
    let d = submit_ok(&c, &sim, FLUX, &json!({"prompt": "d"})).await;
    let resp = c
        .post(format!("{}/requests/{d}/cancel", sim.base_url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let rd = result(&c, &sim, &d).await;
    assert_eq!(rd["status"], "cancelled");
    assert_eq!(rd["created_at"], rd["finished_at"]);
}

#[tokio::test]
async fn a_no_balance_token_is_a_token_even_with_a_token_list() {
    let mut cfg = config(); // accepts TOKEN and OTHER only
    cfg.no_balance_tokens = vec!["broke".into()];
    let sim = start(cfg).await;
    let c = client();
    let resp = c
        .post(format!("{}/models/{FLUX}", sim.base_url()))
        .bearer_auth("broke")
        .json(&json!({"prompt": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 402);
    assert_eq!(resp.json::<Value>().await.unwrap()["error_code"], 400002);
    // It may read the catalog; an unknown token still may not.
    let (code, _) = get_json(&c, &format!("{}/models", sim.base_url()), "broke").await;
    assert_eq!(code, 200);
    let (code, err) = get_json(&c, &format!("{}/models", sim.base_url()), "nobody").await;
    assert_eq!((code, err["error_code"].clone()), (401, json!(400004)));
    assert_eq!(submit(&c, &sim, FLUX, &json!({"prompt": "x"})).await.status(), 200);
}

#[tokio::test]
async fn cost_comes_from_the_catalog_price() {
    let mut cfg = config();
    cfg.max_media_seconds = 30;
    let sim = start(cfg).await;
    let c = client();
    let cost_of = |id: String| {
        let c = c.clone();
        let url = format!("{}/requests/{id}/result?include_cost=true", sim.base_url());
        async move { get_json(&c, &url, TOKEN).await.1["cost"].as_f64().unwrap() }
    };
    let entry = |model: &str| {
        let c = c.clone();
        let url = format!("{}/models/{model}", sim.base_url());
        async move { get_json(&c, &url, TOKEN).await.1 }
    };
    let flux = entry(FLUX).await;
    assert_eq!(
        (flux["base_price_usd"].clone(), flux["price_unit"].clone()),
        (json!(0.003), json!("output"))
    );
    let runway = entry(RUNWAY).await;
    assert_eq!(
        (runway["base_price_usd"].clone(), runway["price_unit"].clone()),
        (json!(0.05), json!("second"))
    );
    let id = submit_ok(&c, &sim, FLUX, &json!({"prompt": "x"})).await;
    let video = submit_ok(
        &c,
        &sim,
        RUNWAY,
        &json!({"promptImage": "https://x.example.invalid/a.png", "duration": 10}),
    )
    .await;
    sim.advance(Duration::from_secs(60));
    assert_eq!(cost_of(id).await, 0.003);
    assert_eq!(cost_of(video).await, 0.5, "0.05 per second x 10 s");
}

/// A body with far more unknown keys than the violation cap: the answer lists 1,000, says
/// there were more, and the validator stopped walking (see `tests/capped.rs` for the count
/// of the work).
#[tokio::test]
async fn huge_violation_lists_are_capped() {
    let sim = start(config()).await;
    let c = client();
    let mut body = serde_json::Map::new();
    body.insert("prompt".into(), json!("x"));
    for i in 0..200_000 {
        body.insert(format!("k_{i:07}"), json!(1));
    }
    let resp = submit(&c, &sim, FLUX, &Value::Object(body)).await;
    assert_eq!(resp.status(), 422);
    let err: Value = resp.json().await.unwrap();
    let detail = err["detail"].as_array().unwrap();
    assert_eq!(detail.len(), runcomfy_wire::MAX_VIOLATIONS);
    assert_eq!(detail[0]["pointer"], "/k_0000000");
    assert_eq!(detail[999]["pointer"], "/k_0000999");
    let message = err["error_message"].as_str().unwrap();
    assert!(message.contains("more than 1000 violations"), "{message}");
    // Exactly at the cap: counted exactly.
    let mut body = serde_json::Map::new();
    body.insert("prompt".into(), json!("x"));
    for i in 0..1000 {
        body.insert(format!("k_{i:07}"), json!(1));
    }
    let err: Value = submit(&c, &sim, FLUX, &Value::Object(body)).await.json().await.unwrap();
    let message = err["error_message"].as_str().unwrap();
    assert!(message.contains("(1000 violations)"), "{message}");
}
