//! `status`, `result` and `cancel` of a job by its request id, and the printing of a
//! finished job's outputs (shared with `run`).

use std::path::PathBuf;

use runcomfy_client::{CancelOutcome, CompletedJob, ErrorKind, Job, JobOptions, JobState};
use serde_json::json;

use crate::args::Global;
use crate::exit::{self, CliError};
use crate::session::{self, Session};
use crate::text;
use crate::view::{self, View};

/// An error about a job by its request id; a job the simulator of this process does not
/// know gets the way to the jobs of earlier `--simulate` processes.
fn job_error(session: &Session, e: runcomfy_client::Error) -> CliError {
    if session.simulated() && e.is_not_found() {
        let kept = session::simulator_state_file()
            .map(|f| format!("the jobs of `--simulate` processes are kept in {}", f.display()))
            .unwrap_or_else(|| "this machine has no cache directory to keep simulated jobs in".to_owned());
        let e = CliError::from(e);
        return CliError::new(
            e.code,
            format!(
                "{}\n  {kept}; this request id is not among them (a job of the real API needs a token and no \
                 --simulate; a simulated job made with another XDG_CACHE_HOME or on another machine is not here)",
                e.message
            ),
        );
    }
    e.into()
}

/// The error of an interrupted job: exit 130, with what the remote cancel did.
pub fn interrupted(e: runcomfy_client::Error) -> CliError {
    let cancel = e.cancel_outcome().map(|c| format!("; cancel: {c}")).unwrap_or_default();
    let id = e.request_id().map(|id| format!(" (request {id})")).unwrap_or_default();
    CliError::new(exit::INTERRUPTED, format!("interrupted{cancel}{id}"))
}

/// The server's own status word in a result answer, when it sent one.
fn server_status(done: &CompletedJob) -> Option<String> {
    done.result
        .raw
        .get("status")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

/// Prints the outputs of a finished job (paths, or URLs when not downloaded); every failed
/// download is reported and makes the command fail (69). `model_id` is the one asked for, if
/// any; otherwise the one the answer names (JSON prints `null`, never an empty string).
pub fn print_outputs(
    global: &Global,
    model_id: Option<&str>,
    done: &CompletedJob,
    downloaded: bool,
) -> Result<(), CliError> {
    let paths: Vec<String> = done.downloads.files().map(|f| f.path.display().to_string()).collect();
    let urls: Vec<&str> = done.result.output.urls().map(|(_, u)| u).collect();
    if global.json {
        let model_id = model_id
            .map(str::to_owned)
            .or_else(|| done.result.model_id.clone())
            .filter(|m| !m.is_empty());
        view::json(&json!({
            "request_id": done.job.request_id(),
            "model_id": model_id,
            "status": "completed",
            "server_status": server_status(done),
            "outputs": paths,
            "urls": urls,
            "cost": done.result.cost,
            "errors": done.downloads.errors().map(|e| e.display_chain()).collect::<Vec<_>>(),
        }));
    } else if downloaded {
        for p in &paths {
            outln!("{}", text::line(p));
        }
    } else {
        for u in &urls {
            outln!("{}", text::line(u));
        }
    }
    let failed: Vec<String> = done
        .downloads
        .errors()
        .map(|e| format!("  {}", e.display_chain()))
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::new(
            exit::UNAVAILABLE,
            format!(
                "{} of {} output(s) could not be downloaded (request {}; `runcomfy result` fetches them again):\n{}",
                failed.len(),
                done.downloads.len(),
                done.job.request_id(),
                failed.join("\n")
            ),
        ))
    }
}

/// `status <request_id>`: the job's state; a status word this program does not know (or an
/// empty one) is printed and is exit 69, never a success.
pub fn status(global: Global, request_id: String) -> Result<(), CliError> {
    session::block_on(async move {
        let session = Session::connect(global, &[]).await?;
        let status = session
            .client
            .status(&Job::new(request_id.clone()))
            .await
            .map_err(|e| job_error(&session, e))?;
        if session.global.json {
            let position = match status.state {
                JobState::Queued { position } => position,
                _ => None,
            };
            view::json(&json!({
                "request_id": request_id,
                "status": status.state.word(),
                "server_status": status.word,
                "queue_position": position,
            }));
        } else {
            outln!("{}", text::line(&status.state.to_string()));
        }
        if let JobState::Unknown(word) = &status.state {
            return Err(CliError::new(
                exit::UNAVAILABLE,
                format!(
                    "the API answered a status this program does not know: {}",
                    runcomfy_client::wire::answer::quote(word)
                ),
            ));
        }
        Ok(())
    })
}

/// `result <request_id>`: outputs downloaded to `dir` (or only listed).
pub fn result(global: Global, request_id: String, dir: PathBuf, no_download: bool) -> Result<(), CliError> {
    session::block_on(async move {
        let session = Session::connect(global, &[]).await?;
        let interrupt = session::interrupt_on_ctrl_c();
        let mut opts = JobOptions::default().skip_wait(true).interrupt(interrupt.clone());
        if !no_download {
            opts = opts.download_to(dir);
        }
        let view = View::new(&session.global);
        let mut line = view.job(format!("request {request_id}"));
        let job = Job::new(request_id);
        let done = session.client.follow(&job, &opts, &mut |e| line.on(e)).await;
        line.clear();
        match done {
            Ok(done) => print_outputs(&session.global, None, &done, !no_download),
            Err(e) if e.kind() == ErrorKind::Interrupted => Err(interrupted(e)),
            Err(e) => Err(job_error(&session, e)),
        }
    })
}

/// `cancel <request_id>`: says what happened; a job that was not found is exit 65.
pub fn cancel(global: Global, request_id: String) -> Result<(), CliError> {
    session::block_on(async move {
        let session = Session::connect(global, &[]).await?;
        let outcome = session
            .client
            .cancel(&Job::new(request_id.clone()))
            .await
            .map_err(|e| job_error(&session, e))?;
        if session.global.json {
            view::json(&json!({"request_id": request_id, "outcome": outcome.to_string()}));
        } else {
            outln!("{outcome}");
        }
        if outcome == CancelOutcome::NotFound {
            let missing = runcomfy_client::Error::new(ErrorKind::NotFound, format!("no job {request_id}"));
            return Err(job_error(&session, missing));
        }
        Ok(())
    })
}
