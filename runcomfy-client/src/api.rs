//! The API calls on one job: check and submit any request ([`JobRequest`]), and status,
//! result and cancel of any job ([`Job`]).

use runcomfy_schema::{Output, Violations};
use runcomfy_wire::{
    CancelAnswer, CancelWord, INCLUDE_COST_QUERY, Operation, ResultAnswer, StatusAnswer, SubmitAnswer,
};
use serde_json::Value;

use crate::client::{CallError, REDACTED};
use crate::job::{CancelOutcome, Job, JobResult, JobState, JobStatus, Terminal};
use crate::{Client, DynamicRequest, Error, ErrorKind, JobRequest};

impl Client {
    /// Checks a request as far as it can be checked before sending: the schema, every
    /// media input (`data:` URIs decoded and measured; URLs by their first bytes) against
    /// the field's `validations`, and the body size. Returns the body's bytes. Nothing is
    /// submitted; `runcomfy run --dry-run` is this call.
    pub async fn preflight<R: JobRequest + ?Sized>(&self, request: &R) -> Result<Vec<u8>, Error> {
        self.preflight_dynamic(&*request.to_dynamic()?).await
    }

    pub(crate) async fn preflight_dynamic(&self, request: &DynamicRequest) -> Result<Vec<u8>, Error> {
        let bytes = request.check()?;
        let inline = runcomfy_schema::inline_media::check_inline_media(request.schema(), request.body());
        let remote = self.check_remote_media(&inline.urls).await;
        if !remote.is_empty() {
            return Err(Error::invalid_request(request.model_id(), Violations(remote)));
        }
        Ok(bytes)
    }

    /// Checks ([`Client::preflight`]) and submits a request of any endpoint, typed or
    /// dynamic. An invalid request never costs a call.
    ///
    /// The submit is retried only when it provably did not reach the server, or the server
    /// answered 429/503; any other failure after sending is
    /// [`ErrorKind::SubmitOutcomeUnknown`]: the job may exist, and it is never sent again.
    pub async fn submit<R: JobRequest + ?Sized>(&self, request: &R) -> Result<Job, Error> {
        self.submit_dynamic(&*request.to_dynamic()?).await
    }

    pub(crate) async fn submit_dynamic(&self, request: &DynamicRequest) -> Result<Job, Error> {
        let model_id = request.model_id();
        let body = self.preflight_dynamic(request).await?;
        let url = self.url(Operation::submit_segments(model_id))?;
        let answer = self
            .call(Operation::Submit, None, url, Some(&body), |v| {
                let answer = SubmitAnswer::parse(v)?;
                // The token was redacted from the answer: an id that held it is unusable.
                if answer.request_id.contains(REDACTED) {
                    return Err(format!(
                        "the server gave request id {}, which holds the API token; refused",
                        runcomfy_wire::answer::quote(&answer.request_id)
                    ));
                }
                Ok(answer)
            })
            .await;
        match answer {
            Ok(answer) => {
                tracing::debug!(model_id, request_id = %answer.request_id, "submitted");
                Ok(Job::new(answer.request_id).with_model_id(model_id))
            }
            Err(CallError::Unknown(e)) => Err(Error::new(
                ErrorKind::SubmitOutcomeUnknown,
                format!("{}; the job may exist and is not resubmitted", e.display_chain()),
            )
            .with_operation(Operation::Submit)
            .with_model_id(model_id)),
            Err(CallError::Final(e)) => Err(e.with_model_id(model_id)),
        }
    }

    /// The job's current status (retried on 429, 5xx, connection failures, malformed
    /// answers). An answer that is not an object with a known status word, or that is about
    /// another request id, is an error ([`ErrorKind::UnknownStatus`],
    /// [`ErrorKind::Protocol`]), never a status.
    pub async fn status(&self, job: &Job) -> Result<JobStatus, Error> {
        let id = job.request_id();
        let url = self.request_url(Operation::Status, id)?;
        let answer = self
            .call(Operation::Status, Some(id), url, None, |v| StatusAnswer::parse(v, id))
            .await
            .map_err(|e| e.into_error(id))?;
        match JobState::from_wire(&answer.status, answer.queue_position) {
            JobState::Unknown(word) => Err(unknown_status(&word, Operation::Status).with_request_id(id)),
            state => Ok(JobStatus {
                request_id: id.to_owned(),
                state,
                word: answer.status.clone(),
            }),
        }
    }

    /// The result of a finished job: its output URLs and cost (always asked for).
    ///
    /// A failed job is [`ErrorKind::JobFailed`] with the server's error, a cancelled one
    /// [`ErrorKind::Cancelled`], an unfinished one [`ErrorKind::NotFinished`], an unknown
    /// status word [`ErrorKind::UnknownStatus`].
    pub async fn result(&self, job: &Job) -> Result<JobResult, Error> {
        self.fetch_result(job, true).await
    }

    pub(crate) async fn fetch_result(&self, job: &Job, include_cost: bool) -> Result<JobResult, Error> {
        let id = job.request_id();
        let mut url = self.request_url(Operation::Result, id)?;
        if include_cost {
            url.set_query(Some(INCLUDE_COST_QUERY));
        }
        let (answer, raw) = self
            .call(Operation::Result, Some(id), url, None, |v| {
                ResultAnswer::parse(v, id).map(|a| (a, v.clone()))
            })
            .await
            .map_err(|e| e.into_error(id))?;
        let failed = |kind, message: String| {
            Err(Error::new(kind, message)
                .with_operation(Operation::Result)
                .with_request_id(id))
        };
        match JobState::from_wire(&answer.status, answer.queue_position) {
            JobState::Finished(Terminal::Completed) => {}
            // Some servers omit the status on the result; an output means it completed.
            JobState::Unknown(ref s) if s.is_empty() && answer.output.is_some() => {}
            JobState::Finished(Terminal::Failed) => return failed(ErrorKind::JobFailed, answer.error_text()),
            JobState::Finished(Terminal::Cancelled) => {
                return failed(ErrorKind::Cancelled, "the job was cancelled".to_owned());
            }
            JobState::Unknown(word) => return Err(unknown_status(&word, Operation::Result).with_request_id(id)),
            other => return failed(ErrorKind::NotFinished, other.to_string()),
        }
        let output_value = answer.output.clone().unwrap_or(Value::Null);
        let output: Output = serde_json::from_value(output_value).map_err(|e| {
            Error::new(ErrorKind::Protocol, format!("the result's output: {e}"))
                .with_operation(Operation::Result)
                .with_source(e)
                .with_request_id(id)
        })?;
        Ok(JobResult {
            request_id: id.to_owned(),
            model_id: answer.model_id.clone().or_else(|| job.model_id().map(str::to_owned)),
            output,
            cost: answer.cost,
            raw,
        })
    }

    /// Asks the API to cancel a job and says what happened. Only a queued job can be
    /// cancelled; a running job goes on (and is charged).
    pub async fn cancel(&self, job: &Job) -> Result<CancelOutcome, Error> {
        let id = job.request_id();
        let url = self.request_url(Operation::Cancel, id)?;
        let answer = self
            .call(Operation::Cancel, Some(id), url, None, |v| CancelAnswer::parse(v, id))
            .await;
        let answer = match answer {
            Ok(answer) => answer,
            Err(CallError::Final(e)) if e.is_not_found() => return Ok(CancelOutcome::NotFound),
            Err(e) => return Err(e.into_error(id)),
        };
        let state = JobState::from_wire(&answer.status, None);
        match (answer.cancel_word(), state) {
            (Some(CancelWord::Cancelled), _) => Ok(CancelOutcome::Cancelled),
            (_, JobState::Finished(t)) => Ok(CancelOutcome::AlreadyFinished(t)),
            (_, JobState::Running | JobState::Queued { .. }) => Ok(CancelOutcome::NotCancellableRunning),
            // "not cancellable" with a status nobody knows: say so rather than guess.
            (_, JobState::Unknown(s)) => Err(Error::new(
                ErrorKind::UnknownStatus,
                format!(
                    "the cancel answer has status {} and outcome {}",
                    runcomfy_wire::answer::quote(&s),
                    runcomfy_wire::answer::quote(&answer.outcome)
                ),
            )
            .with_operation(Operation::Cancel)
            .with_request_id(id)),
        }
    }
}

/// The error for a status word this client does not know (or an empty one).
fn unknown_status(word: &str, op: Operation) -> Error {
    let what = if word.trim().is_empty() {
        "the answer's status is empty".to_owned()
    } else {
        format!("the answer's status is {}", runcomfy_wire::answer::quote(word))
    };
    Error::new(
        ErrorKind::UnknownStatus,
        format!("{what}; the known words are in_queue, in_progress, completed, failed, cancelled"),
    )
    .with_operation(op)
}
