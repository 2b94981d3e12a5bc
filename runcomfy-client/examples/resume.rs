//! Resume after a crash: the job handle is written to disk right after submit; a new process
//! (here: a new client) reads it back and picks the job up without submitting again.
//!
//! `cargo run -p runcomfy-client --example resume`

use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image::{Prompt, Request};
use runcomfy_client::{Client, Job, WaitOptions};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sim = runcomfy_sim::start(runcomfy_sim::SimConfig {
        clock: runcomfy_sim::ClockMode::Accelerated(10.0),
        ..runcomfy_sim::SimConfig::default()
    })
    .await?;
    let state = std::env::temp_dir().join("runcomfy-resume-job.json");

    // Process 1: submit, save the handle, crash.
    {
        let client = Client::builder()
            .token("example-token")
            .base_url(sim.base_url())
            .build()?;
        let job = client
            .submit(&Request::new(Prompt::new("a lighthouse at dusk")?))
            .await?;
        std::fs::write(&state, serde_json::to_string(&job)?)?;
        println!(
            "submitted {} and saved it to {}; crashing now",
            job.request_id(),
            state.display()
        );
    }

    // Process 2: read the handle back and finish the job.
    let client = Client::builder()
        .token("example-token")
        .base_url(sim.base_url())
        .build()?;
    let job: Job = serde_json::from_str(&std::fs::read_to_string(&state)?)?;
    // Or, from a bare request id: Job::new("...").
    let how = client.wait(&job, &WaitOptions::default()).await?;
    let out = client.result(&job).await?;
    println!("resumed {}: {how}, output {:?}", job.request_id(), out.output.image);
    println!("submissions seen by the server: {}", sim.accounting().submissions.len());
    std::fs::remove_file(&state)?;
    Ok(())
}
