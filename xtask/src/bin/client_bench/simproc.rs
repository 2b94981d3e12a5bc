//! The simulator in a child process (this same binary, `serve-sim`), so that the client's
//! heap counter and CPU time see the client alone.
//!
//! The child prints `base <url>` once it listens, then answers one line per command read on
//! its standard input: `count` (accepted submissions), `report` (a JSON summary of the
//! accounting). It exits when its standard input closes.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

use runcomfy_sim::{ClockMode, RunTime, SimConfig};
use tokio::io::AsyncBufReadExt;

use crate::Result;

/// What the child simulator is started with.
#[derive(Debug, Clone)]
pub struct SimArgs {
    /// Simulated time runs this many times faster than real time.
    pub speed: f64,
    /// Fixed run time of every job (simulated).
    pub run_ms: u64,
    /// Fault spec (`--faults` syntax), if any.
    pub faults: Option<String>,
}

impl SimArgs {
    fn to_args(&self) -> Vec<String> {
        let mut v = vec![
            "serve-sim".to_owned(),
            format!("{}", self.speed),
            format!("{}", self.run_ms),
        ];
        if let Some(f) = &self.faults {
            v.push(f.clone());
        }
        v
    }

    fn from_args(args: &[String]) -> Result<SimArgs> {
        let speed = args
            .first()
            .and_then(|a| a.parse().ok())
            .ok_or("serve-sim SPEED RUN_MS [FAULTS]")?;
        let run_ms = args
            .get(1)
            .and_then(|a| a.parse().ok())
            .ok_or("serve-sim SPEED RUN_MS [FAULTS]")?;
        Ok(SimArgs {
            speed,
            run_ms,
            faults: args.get(2).cloned(),
        })
    }
}

/// The child's side: serve until standard input closes.
pub fn serve(args: &[String]) -> Result<()> {
    let args = SimArgs::from_args(args)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let faults = match &args.faults {
            Some(spec) => spec.parse().map_err(|e: String| e)?,
            None => runcomfy_sim::Faults::none(),
        };
        let sim = runcomfy_sim::start(SimConfig {
            clock: ClockMode::Accelerated(args.speed),
            run_time: RunTime::fixed(Duration::from_millis(args.run_ms)),
            workers: 1_000_000,
            dispatch_delay: Duration::from_millis(500),
            prerender_outputs: false,
            faults,
            ..SimConfig::default()
        })
        .await
        .map_err(|e| e.to_string())?;
        println!("base {}", sim.base_url());
        let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            let answer = match line.trim() {
                "count" => {
                    let acct = sim.accounting();
                    acct.submissions
                        .iter()
                        .filter(|s| s.request_id.is_some())
                        .count()
                        .to_string()
                }
                "report" => {
                    let acct = sim.accounting();
                    serde_json::json!({
                        "accepted": acct.submissions.iter().filter_map(|s| s.request_id.clone()).collect::<Vec<_>>(),
                        "submissions": acct.submissions.len(),
                        "duplicate_jobs": acct.duplicate_jobs().len(),
                        "faults": acct.faults.len(),
                        "status_calls": acct.status_calls.values().sum::<u64>(),
                        "api_requests": acct.api_requests,
                        "connections_shed": acct.connections_shed,
                    })
                    .to_string()
                }
                other => format!("unknown command {other:?}"),
            };
            println!("{answer}");
        }
        Ok::<(), String>(())
    })
}

/// The parent's side: a running child simulator.
pub struct SimProc {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// The API base URL.
    pub base: String,
}

impl SimProc {
    /// Starts a child simulator and waits until it listens.
    pub fn start(args: &SimArgs) -> Result<SimProc> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut child = Command::new(exe)
            .args(args.to_args())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start the simulator process: {e}"))?;
        let stdin = child.stdin.take();
        let mut stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        let mut line = String::new();
        stdout.read_line(&mut line).map_err(|e| e.to_string())?;
        let base = line
            .trim()
            .strip_prefix("base ")
            .ok_or_else(|| format!("the simulator said {line:?}"))?
            .to_owned();
        Ok(SimProc {
            child,
            stdin,
            stdout,
            base,
        })
    }

    /// Sends a command and reads its one-line answer (blocking; a few milliseconds).
    pub fn ask(&mut self, command: &str) -> Result<String> {
        let stdin = self.stdin.as_mut().ok_or("the simulator's input is closed")?;
        writeln!(stdin, "{command}").map_err(|e| e.to_string())?;
        stdin.flush().map_err(|e| e.to_string())?;
        let mut line = String::new();
        self.stdout.read_line(&mut line).map_err(|e| e.to_string())?;
        Ok(line.trim().to_owned())
    }

    /// CPU seconds the simulator process has used.
    pub fn cpu_seconds(&self) -> Option<f64> {
        crate::cpu_seconds_of(&format!("/proc/{}/stat", self.child.id()))
    }
}

impl Drop for SimProc {
    fn drop(&mut self) {
        // Closing its input ends it; make sure.
        self.stdin.take();
        std::thread::sleep(Duration::from_millis(50));
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
