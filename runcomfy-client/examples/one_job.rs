//! One job, start to finish: submit, watch progress, fetch the result, download the output.
//!
//! Runs offline against an in-process simulator:
//! `cargo run -p runcomfy-client --example one_job`
//! (set `RUNCOMFY_MODEL_API_BASE` and `RUNCOMFY_TOKEN` to use a real or external API instead).

use std::time::Duration;

use futures_util::StreamExt;
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image::{Prompt, Request, Steps};
use runcomfy_client::{Client, DownloadOptions, JobState, WaitOptions};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (_sim, client) = client().await?;

    let mut request = Request::new(Prompt::new("a red fox in fresh snow")?);
    request.steps = Some(Steps::new(4)?);

    let job = client.submit(&request).await?;
    println!("submitted {}", job.request_id());

    let events = client.progress(&job, &WaitOptions::default().deadline(Duration::from_secs(600)));
    futures_util::pin_mut!(events);
    while let Some(event) = events.next().await {
        let event = event?;
        match &event.state {
            JobState::Queued { position } => println!("  queued (ahead: {position:?})"),
            JobState::Running => println!("  running"),
            JobState::Finished(how) => println!("  finished: {how} after {:?}", event.elapsed),
            JobState::Unknown(s) => println!("  unknown status {s}"),
        }
    }

    let out = client.result(&job, true).await?;
    println!("output: {:?}, cost: {:?} USD", out.output.image, out.cost);
    let dir = std::env::temp_dir().join("runcomfy-one-job");
    std::fs::create_dir_all(&dir)?;
    for file in client.download(&out, &dir, &DownloadOptions::default()).await {
        let file = file?;
        println!("saved {} ({} bytes)", file.path.display(), file.bytes);
    }
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
