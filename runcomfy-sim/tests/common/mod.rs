//! Helpers shared by the contract tests: plain HTTP with reqwest against a simulator on
//! 127.0.0.1.
#![allow(dead_code)]

use std::time::Duration;

use reqwest::{Client, Response};
use runcomfy_sim::{SimConfig, SimHandle};
use serde_json::Value;

/// The main accepted token.
pub const TOKEN: &str = "sim-token-a";
/// A second accepted token (another user).
pub const OTHER: &str = "sim-token-b";
/// A text-to-image endpoint without size fields.
pub const FLUX: &str = "blackforestlabs/flux-1-schnell/text-to-image";
/// An image-to-video endpoint with media rules.
pub const RUNWAY: &str = "runwayml/runway-gen-4/turbo/image-to-video";
/// Aspect ratio, resolution and format enums.
pub const GPT_IMAGE: &str = "openai/gpt-image-2/text-to-image";
/// Exact pixel enums (`width×height`).
pub const DREAMINA: &str = "bytedance/dreamina-4-0/text-to-image";
/// Exact pixel enums with ratios (`1152:864 (4:3)`).
pub const REFRAME: &str = "ideogram/ideogram-v3/reframe";

/// A paused-clock config accepting [`TOKEN`] and [`OTHER`], small outputs, fixed run time.
pub fn config() -> SimConfig {
    let mut c = SimConfig::for_tests(TOKEN);
    c.tokens = runcomfy_sim::AcceptedTokens::List(vec![TOKEN.into(), OTHER.into()]);
    c.run_time = runcomfy_sim::RunTime::fixed(Duration::from_secs(10));
    c.dispatch_delay = Duration::from_secs(1);
    c.workers = 1;
    c.max_image_side = 256;
    c.max_video_side = 64;
    c.video_fps = 4;
    c.max_media_seconds = 2;
    c
}

/// Starts a simulator, panicking on failure.
pub async fn start(config: SimConfig) -> SimHandle {
    runcomfy_sim::start(config).await.expect("simulator starts")
}

/// A reqwest client with a generous timeout.
pub fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

/// Submits `body` to `model` with [`TOKEN`].
pub async fn submit(c: &Client, sim: &SimHandle, model: &str, body: &Value) -> Response {
    c.post(format!("{}/models/{model}", sim.base_url()))
        .bearer_auth(TOKEN)
        .json(body)
        .send()
        .await
        .expect("submit answered")
}

/// Submits and returns the request id; panics unless accepted.
pub async fn submit_ok(c: &Client, sim: &SimHandle, model: &str, body: &Value) -> String {
    let resp = submit(c, sim, model, body).await;
    let status = resp.status();
    let json: Value = resp.json().await.expect("json");
    assert_eq!(status, 200, "{json}");
    json["request_id"].as_str().expect("request_id").to_owned()
}

/// GETs `url` with `token`: status code and JSON body.
pub async fn get_json(c: &Client, url: &str, token: &str) -> (u16, Value) {
    let resp = c.get(url).bearer_auth(token).send().await.expect("answered");
    let status = resp.status().as_u16();
    (status, resp.json().await.expect("json body"))
}

/// The status of `id`, asserting HTTP 200.
pub async fn status(c: &Client, sim: &SimHandle, id: &str) -> Value {
    let (code, json) = get_json(c, &format!("{}/requests/{id}/status", sim.base_url()), TOKEN).await;
    assert_eq!(code, 200, "{json}");
    json
}

/// The result of `id`, asserting HTTP 200.
pub async fn result(c: &Client, sim: &SimHandle, id: &str) -> Value {
    let (code, json) = get_json(c, &format!("{}/requests/{id}/result", sim.base_url()), TOKEN).await;
    assert_eq!(code, 200, "{json}");
    json
}

/// Submits, runs the clock to completion, and returns the result.
pub async fn run_job(c: &Client, sim: &SimHandle, model: &str, body: &Value) -> Value {
    let id = submit_ok(c, sim, model, body).await;
    sim.advance(Duration::from_secs(60));
    let res = result(c, sim, &id).await;
    assert_eq!(res["status"], "completed", "{res}");
    res
}

/// Downloads an output, asserting HTTP 200.
pub async fn download(c: &Client, url: &str) -> Vec<u8> {
    let resp = c.get(url).send().await.expect("download answered");
    assert_eq!(resp.status(), 200, "{url}");
    resp.bytes().await.expect("bytes").to_vec()
}

/// A PNG of the given size as a data: URI.
pub fn png_data_uri(width: u32, height: u32) -> String {
    use base64::Engine as _;
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([10, 20, 30]));
    let mut buf = std::io::Cursor::new(Vec::new());
    img.write_to(&mut buf, image::ImageFormat::Png).expect("png");
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(buf.into_inner())
    )
}
