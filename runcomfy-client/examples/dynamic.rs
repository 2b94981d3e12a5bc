//! A model that is not compiled in: its schema read from a file at run time, its request a
//! JSON body, checked and run through the same pipeline as a typed request.
//!
//! `cargo run -p runcomfy-client --example dynamic [SCHEMA_FILE MODEL_ID BODY_JSON]`
//!
//! Without arguments it writes a small schema for `acme/tiny-diffusion/text-to-image` to a
//! temporary folder and runs it on an in-process simulator that serves that file (set
//! `RUNCOMFY_MODEL_API_BASE` and `RUNCOMFY_TOKEN` to use a real API instead).

use std::path::PathBuf;
use std::time::Duration;

use runcomfy_client::{Client, DynamicRequest, JobEvent, JobOptions};

const SCHEMA: &str = r#"{
  "type": "object",
  "required": ["prompt"],
  "properties": {
    "prompt": {"type": "string", "maxLength": 500},
    "aspect_ratio": {"type": "string", "enum": ["1:1", "16:9", "9:16"]},
    "steps": {"type": "integer", "minimum": 1, "maximum": 50}
  }
}"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = tempfile::tempdir()?;
    let (file, model_id, body) = match args.as_slice() {
        [file, model, body] => (PathBuf::from(file), model.clone(), serde_json::from_str(body)?),
        _ => {
            let file = dir.path().join("tiny-diffusion.json");
            std::fs::write(&file, SCHEMA)?;
            let body = serde_json::json!({"prompt": "a lighthouse at dusk", "aspect_ratio": "16:9", "steps": 20});
            (file, "acme/tiny-diffusion/text-to-image".to_owned(), body)
        }
    };

    // The same dialect parser as the compile-time types: every problem with file + pointer.
    let text = std::fs::read_to_string(&file)?;
    let parsed = runcomfy_client::schema::parse_schema(&file.display().to_string(), &model_id, &text);
    for d in &parsed.diagnostics {
        eprintln!("{d}");
    }
    let schema = parsed.schema.ok_or("the schema has errors")?;

    // A bad body is refused before any call, every violation with its pointer.
    let bad = DynamicRequest::new(schema.clone(), serde_json::json!({"steps": 99}));
    if let Err(e) = bad.check() {
        println!("refused before sending: {e}");
    }

    let (_sim, client) = client(&model_id, &text).await?;
    let request = DynamicRequest::new(schema, body);
    // The same calls as a typed request: `run`, `run_and_download`, or `run_with` for events,
    // a deadline (that covers the downloads too) and where the outputs go.
    let opts = JobOptions::default()
        .deadline(Duration::from_secs(600))
        .download_to(dir.path().join("out"));
    let done = client
        .run_with(&request, &opts, &mut |event| match event {
            JobEvent::Submitted(job) => println!("submitted: request {}", job.request_id()),
            JobEvent::Progress(p) => println!("  {}", p.state),
            JobEvent::Downloaded(f) => println!("saved {} ({} bytes)", f.path.display(), f.bytes),
            _ => {}
        })
        .await?;
    println!("cost: {:?} USD", done.result.cost);
    for e in done.downloads.errors() {
        eprintln!("not downloaded: {e}");
    }
    Ok(())
}

/// A client for `RUNCOMFY_MODEL_API_BASE` if set, else for a simulator serving this schema.
async fn client(
    model_id: &str,
    schema_text: &str,
) -> Result<(Option<runcomfy_sim::SimHandle>, Client), Box<dyn std::error::Error>> {
    if std::env::var_os("RUNCOMFY_MODEL_API_BASE").is_some() {
        return Ok((None, Client::from_env()?));
    }
    let sim = runcomfy_sim::start(
        runcomfy_sim::SimConfig {
            clock: runcomfy_sim::ClockMode::Accelerated(20.0),
            ..runcomfy_sim::SimConfig::default()
        }
        .with_schema_texts([(model_id, "tiny-diffusion.json", schema_text)]),
    )
    .await?;
    let client = Client::builder()
        .token("example-token")
        .base_url(sim.base_url())
        .build()?;
    Ok((Some(sim), client))
}
