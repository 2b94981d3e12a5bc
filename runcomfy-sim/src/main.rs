//! `runcomfy-sim`: run the RunComfy Model API simulator from the command line.
//!
//! ```text
//! cargo run -p runcomfy-sim -- --port 8787 [--schemas DIR] [--faults SPEC] [--public-base-url URL]
//! ```
#![forbid(unsafe_code)]

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use runcomfy_sim::{AcceptedTokens, AnswerStyle, ClockMode, Faults, RunTime, SimConfig};

/// A local simulator of the RunComfy Model API, driven by a folder of endpoint schemas.
#[derive(Debug, Parser)]
#[command(name = "runcomfy-sim", version)]
struct Args {
    /// API port (0 = any free port).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Output origin port (0 = any free port).
    #[arg(long, default_value_t = 0)]
    output_port: u16,
    /// Address to bind both origins to. Plain HTTP: keep it on loopback.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// Schema folder (`<dir>/<model_id>.json`). Default: the repository's `schemas/`.
    #[arg(long, value_name = "DIR")]
    schemas: Option<PathBuf>,
    /// Fault injection spec, e.g. `seed=7;submit:429(2)=0.1;status:503=0.05` (see README).
    #[arg(long, value_name = "SPEC", value_parser = parse_faults)]
    faults: Option<Faults>,
    /// Accepted bearer token (repeat for several). Without any, every non-empty token is accepted.
    #[arg(long = "token", value_name = "TOKEN")]
    tokens: Vec<String>,
    /// Accepted token with no balance: its submits answer 402 / 400002 (repeatable).
    #[arg(long = "no-balance-token", value_name = "TOKEN")]
    no_balance_tokens: Vec<String>,
    /// Jobs that run at once.
    #[arg(long, default_value_t = 2)]
    workers: usize,
    /// Job run time, fixed (`3s`) or uniform range (`2s..5s`), in simulated time.
    #[arg(long, value_name = "RANGE", default_value = "2s..5s", value_parser = parse_run_time)]
    run_time: RunTime,
    /// Least time a job stays queued (`500ms`).
    #[arg(long, value_name = "DURATION", default_value = "500ms", value_parser = runcomfy_sim::faults::parse_duration)]
    dispatch_delay: Duration,
    /// Simulated time runs this many times faster than real time.
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    /// Probability (0 to 1) that a job ends `failed`.
    #[arg(long, default_value_t = 0.0)]
    failure_rate: f64,
    /// Seed for run times, failures and unseeded outputs (request ids never repeat, whatever the seed).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Longest side of generated images, in pixels.
    #[arg(long, default_value_t = 2048)]
    max_image_side: u32,
    /// Longest side of generated videos, in pixels.
    #[arg(long, default_value_t = 320)]
    max_video_side: u32,
    /// Longest generated video or audio, in seconds (a request's `duration` is honoured up to it).
    #[arg(long, default_value_t = 30)]
    max_media_seconds: u32,
    /// Base of the output links in results, e.g. `https://outputs.sim.runcomfy.net` when a
    /// proxy with that name forwards to the output origin. Default: the output origin.
    #[arg(long, value_name = "URL")]
    public_base_url: Option<String>,
    /// Close a connection that takes longer than this to send a request's headers, or stays
    /// idle that long (`0s` = never).
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = runcomfy_sim::faults::parse_duration)]
    header_read_timeout: Duration,
    /// Most connections open at once per origin; beyond it the longest-idle one is closed.
    #[arg(long, default_value_t = 512)]
    max_connections: usize,
    /// Answer shapes: `sim` (what RunComfy's clients meet: 200, `completed`, one output key)
    /// or `docs` (the public docs' shapes: 202 on submit and cancel, `succeeded`, outputs as
    /// lists under several keys, 400 / `400005` for a result asked before completion).
    #[arg(long, value_name = "STYLE", default_value = "sim", value_parser = parse_answers)]
    answers: AnswerStyle,
    /// Keep the simulated jobs in this file between runs (and share them with other
    /// simulators using it at the same time).
    #[arg(long, value_name = "FILE")]
    state_file: Option<PathBuf>,
    /// Frames per second of generated videos (a request's `fps` wins).
    #[arg(long, default_value_t = 8)]
    video_fps: u32,
}

fn parse_answers(s: &str) -> Result<AnswerStyle, String> {
    s.parse()
}

fn parse_faults(s: &str) -> Result<Faults, String> {
    s.parse()
}

fn parse_run_time(s: &str) -> Result<RunTime, String> {
    s.parse()
}

fn config(args: Args) -> Result<SimConfig, String> {
    if !(0.0..=1.0).contains(&args.failure_rate) {
        return Err("--failure-rate must be between 0 and 1".into());
    }
    if !(args.speed.is_finite() && args.speed > 0.0) {
        return Err("--speed must be a positive number".into());
    }
    if args.max_connections == 0 {
        return Err("--max-connections must be at least 1".into());
    }
    let mut config = SimConfig {
        bind: SocketAddr::new(args.host, args.port),
        output_bind: SocketAddr::new(args.host, args.output_port),
        tokens: if args.tokens.is_empty() {
            AcceptedTokens::Any
        } else {
            AcceptedTokens::List(args.tokens)
        },
        no_balance_tokens: args.no_balance_tokens,
        workers: args.workers,
        run_time: args.run_time,
        dispatch_delay: args.dispatch_delay,
        failure_rate: args.failure_rate,
        clock: if args.speed == 1.0 {
            ClockMode::Real
        } else {
            ClockMode::Accelerated(args.speed)
        },
        faults: args.faults.unwrap_or_default(),
        seed: args.seed,
        max_image_side: args.max_image_side,
        max_video_side: args.max_video_side,
        max_media_seconds: args.max_media_seconds,
        public_base_url: args.public_base_url,
        header_read_timeout: (!args.header_read_timeout.is_zero()).then_some(args.header_read_timeout),
        max_connections: args.max_connections,
        answers: args.answers,
        state_file: args.state_file,
        video_fps: args.video_fps.clamp(1, 60),
        ..SimConfig::default()
    };
    if let Some(dir) = args.schemas {
        // One loader for the simulator and the CLI: every problem, each naming its file.
        let folder = runcomfy_sim::load_schema_folder(&dir);
        if !folder.is_ok() {
            return Err(format!(
                "the schema folder {} cannot be served:\n  {}",
                dir.display(),
                folder.problems.join("\n  ")
            ));
        }
        config = config.with_schema_folder(&folder);
        config.schemas_dir = dir;
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match config(Args::parse()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("runcomfy-sim: {e}");
            return ExitCode::from(2);
        }
    };
    let sim = match runcomfy_sim::start(config).await {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("runcomfy-sim: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Where it listens. Written with errors ignored: a reader that closed its end of a pipe
    // (a test that read the first line) must not stop the simulator (println! would panic).
    let mut out = std::io::stdout();
    let _ = writeln!(out, "runcomfy-sim: API base URL {}", sim.base_url());
    if sim.output_base_url() == sim.output_origin() {
        let _ = writeln!(out, "runcomfy-sim: outputs at {}", sim.output_origin());
    } else {
        let _ = writeln!(
            out,
            "runcomfy-sim: outputs at {}, linked as {}",
            sim.output_origin(),
            sim.output_base_url()
        );
    }
    let _ = writeln!(
        out,
        "runcomfy-sim: {} endpoints; try RUNCOMFY_MODEL_API_BASE={} (Ctrl-C to stop)",
        sim.model_ids().len(),
        sim.base_url()
    );
    for warning in sim.warnings() {
        eprintln!("runcomfy-sim: warning: {warning}");
    }
    let _ = out.flush();
    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("runcomfy-sim: cannot wait for Ctrl-C; stopping");
    }
    ExitCode::SUCCESS
}
