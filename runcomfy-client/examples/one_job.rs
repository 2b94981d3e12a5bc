//! One job, the ten-minute path: `run` (submit + wait + result), `run_and_download`, then the
//! same job step by step (submit, wait, result, download).
//!
//! Runs offline against an in-process simulator:
//! `cargo run -p runcomfy-client --example one_job`
//! (set `RUNCOMFY_MODEL_API_BASE` and `RUNCOMFY_TOKEN` to use a real or external API instead).

use std::time::Duration;

use runcomfy_client::download::DownloadOptions;
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image::{Prompt, Request, Steps};
use runcomfy_client::{Client, WaitOptions};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (_sim, client) = client().await?;
    let dir = std::env::temp_dir().join("runcomfy-one-job");

    let mut request = Request::new(Prompt::new("a red fox in fresh snow")?);
    request.steps = Some(Steps::new(4)?);

    // 1. submit + wait + result.
    let result = client.run(&request).await?;
    println!("output: {:?}, cost: {:?} USD", result.output.image, result.cost);

    // 2. ... and the files on disk, in one call.
    let done = client.run_and_download(&request, &dir).await?;
    for file in done.downloads.files() {
        println!("saved {} ({} bytes)", file.path.display(), file.bytes);
    }
    for e in done.downloads.errors() {
        eprintln!("not downloaded: {e}");
    }

    // 3. The same, step by step: write the request id down as soon as it exists.
    let job = client.submit(&request).await?;
    println!("submitted {}", job.request_id());
    let how = client
        .wait(&job, &WaitOptions::default().deadline(Duration::from_secs(600)))
        .await?;
    println!("finished: {how}");
    let result = client.result(&job).await?;
    let files = client.download(&result, &dir, &DownloadOptions::default()).await;
    println!("{} of {} output(s) on disk", files.files().count(), files.len());
    Ok(())
}

/// A client for `RUNCOMFY_MODEL_API_BASE` if set, else for a simulator started here.
async fn client() -> Result<(Option<runcomfy_sim::SimHandle>, Client), Box<dyn std::error::Error>> {
    if std::env::var_os("RUNCOMFY_MODEL_API_BASE").is_some() {
        return Ok((None, Client::from_env()?));
    }
    let sim = runcomfy_sim::start(runcomfy_sim::SimConfig {
        clock: runcomfy_sim::ClockMode::Accelerated(10.0),
        ..runcomfy_sim::SimConfig::default()
    })
    .await?;
    let client = Client::builder()
        .token("example-token")
        .base_url(sim.base_url())
        .build()?;
    Ok((Some(sim), client))
}
