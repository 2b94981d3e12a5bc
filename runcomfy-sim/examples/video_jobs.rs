//! What video jobs cost the simulator: N video jobs submitted, run and downloaded, timed.
//!
//! ```text
//! cargo run -p runcomfy-sim --example video_jobs -- [JOBS]            # debug build
//! cargo run --release -p runcomfy-sim --example video_jobs -- [JOBS]  # release build
//! ```
//!
//! Starts an in-process simulator (default settings: videos of at most 320 px, 8 fps; a clock
//! 1000 times faster than real time, 4 workers), submits JOBS (default 50) image-to-video jobs
//! of `runwayml/runway-gen-4/turbo/image-to-video` with distinct seeds and prompts, 5 s and
//! 10 s long, waits for them and downloads every output, then prints the wall time of the
//! whole run and the bytes downloaded. Run it in both profiles: the ratio debug / release is
//! what issue 19 bounds (at most 3x). Figures are in the repository's BENCHMARKS.md.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

const MODEL: &str = "runwayml/runway-gen-4/turbo/image-to-video";
const TOKEN: &str = "bench";

fn png_data_uri() -> String {
    use base64::Engine as _;
    let img = image::RgbImage::from_pixel(64, 48, image::Rgb([40, 90, 160]));
    let mut buf = std::io::Cursor::new(Vec::new());
    img.write_to(&mut buf, image::ImageFormat::Png).expect("png");
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(buf.into_inner())
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let jobs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50)
        .clamp(1, 1000);
    let config = runcomfy_sim::SimConfig {
        clock: runcomfy_sim::ClockMode::Accelerated(1000.0),
        workers: 4,
        ..runcomfy_sim::SimConfig::default()
    };
    let sim = runcomfy_sim::start(config).await?;
    let client = reqwest::Client::new();
    let image = png_data_uri();
    let start = Instant::now();
    let mut ids = Vec::with_capacity(jobs);
    for i in 0..jobs {
        let body = json!({
            "promptText": format!("shot {i}: a red fox crossing a frozen lake"),
            "promptImage": image,
            "duration": if i % 2 == 0 { 5 } else { 10 },
            "seed": i,
        });
        let answer: Value = client
            .post(format!("{}/models/{MODEL}", sim.base_url()))
            .bearer_auth(TOKEN)
            .json(&body)
            .send()
            .await?
            .json()
            .await?;
        ids.push(answer["request_id"].as_str().ok_or("no request_id")?.to_owned());
    }
    let submitted = start.elapsed();
    let mut bytes = 0u64;
    let mut files = 0usize;
    for id in &ids {
        let output = loop {
            let result: Value = client
                .get(format!("{}/requests/{id}/result", sim.base_url()))
                .bearer_auth(TOKEN)
                .send()
                .await?
                .json()
                .await?;
            match result["status"].as_str() {
                Some("completed" | "succeeded") => break result["output"].clone(),
                Some("failed" | "cancelled") => return Err(format!("job {id}: {result}").into()),
                _ => tokio::time::sleep(Duration::from_millis(5)).await,
            }
        };
        let output: runcomfy_schema::Output = serde_json::from_value(output)?;
        for (_, url) in output.urls() {
            let resp = client.get(url).send().await?;
            if !resp.status().is_success() {
                return Err(format!("{url}: HTTP {}", resp.status()).into());
            }
            bytes += resp.bytes().await?.len() as u64;
            files += 1;
        }
    }
    let total = start.elapsed();
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!(
        "{jobs} video jobs ({profile}): submitted in {:.2} s, all {files} outputs downloaded after {:.2} s, {:.1} MB",
        submitted.as_secs_f64(),
        total.as_secs_f64(),
        bytes as f64 / 1e6
    );
    Ok(())
}
