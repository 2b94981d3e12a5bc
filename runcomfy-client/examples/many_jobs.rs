//! Many jobs with bounded concurrency, results in completion order, against a simulator that
//! injects faults (10 % of every kind of call); ends with the simulator's proof that nothing was submitted twice.
//!
//! `cargo run -p runcomfy-client --example many_jobs -- 200`

use futures_util::StreamExt;
use runcomfy_client::config::PollPolicy;
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image::{Prompt, Request};
use runcomfy_client::{Client, Runner};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    let sim = runcomfy_sim::start(runcomfy_sim::SimConfig {
        clock: runcomfy_sim::ClockMode::Accelerated(20.0),
        workers: 64,
        faults: "seed=1;submit:429=0.04,503=0.03,reset-after=0.03;status:500=0.04,reset-before=0.03,malformed=0.03;\
          result:502=0.05,error200=0.05;cancel:503=0.1"
            .parse()?,
        ..runcomfy_sim::SimConfig::default()
    })
    .await?;
    let client = Client::builder()
        .token("example-token")
        .base_url(sim.base_url())
        .poll(PollPolicy {
            first: std::time::Duration::from_millis(50),
            min_gap: std::time::Duration::from_millis(10),
            call_cost: std::time::Duration::from_millis(10),
            ..PollPolicy::default()
        })
        .build()?;

    let requests =
        (0..n).map(|i| Ok::<_, Box<dyn std::error::Error>>((i, Request::new(Prompt::new(format!("scene {i}"))?))));
    let requests: Vec<_> = requests.collect::<Result<_, _>>()?;
    let mut run = Runner::new(client)
        .submit_concurrency(8)
        .poll_concurrency(32)
        .run_iter(requests);

    let (mut ok, mut failed, mut unknown) = (0, 0, 0);
    while let Some(done) = run.next().await {
        match done.result {
            Ok(job) => {
                ok += 1;
                if ok <= 3 {
                    println!(
                        "#{} {} -> {:?}",
                        done.key, job.result.request_id, job.result.output.image
                    );
                }
            }
            Err(e) if e.is_submit_outcome_unknown() => {
                unknown += 1;
                println!("#{}: submit outcome unknown (not resubmitted)", done.key);
            }
            Err(e) => {
                failed += 1;
                println!("#{}: {e}", done.key);
            }
        }
    }
    let acct = sim.accounting();
    println!(
        "{n} jobs: {ok} ok, {failed} failed (each with its request id), {unknown} outcome unknown; \
         {} faults injected; duplicate submissions: {}",
        acct.faults.len(),
        acct.duplicate_jobs().len()
    );
    Ok(())
}
