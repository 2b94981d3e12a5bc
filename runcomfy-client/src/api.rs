//! The four API calls on any job ([`JobRef`]) and any request ([`DynamicRequest`]), and the
//! typed layer the generated request types use.

use runcomfy_schema::{Output, Violations};
use runcomfy_wire::{
    CancelAnswer, CancelWord, INCLUDE_COST_QUERY, Operation, ResultAnswer, StatusAnswer, SubmitAnswer,
};
use serde_json::Value;

use crate::client::CallError;
use crate::job::{CancelOutcome, Job, JobOutput, JobRef, JobResult, JobState, Status, Terminal};
use crate::{Client, DynamicRequest, Endpoint, Error, ErrorKind};

impl Client {
    /// Checks a request as far as it can be checked before sending: the schema, every
    /// media input (`data:` URIs decoded and measured; URLs by their first bytes) against
    /// the field's `validations`, and the body size. Returns the body's bytes. Nothing is
    /// submitted; `runcomfy run --dry-run` is this call.
    pub async fn preflight(&self, request: &DynamicRequest) -> Result<Vec<u8>, Error> {
        let bytes = request.check()?;
        let inline = runcomfy_schema::inline_media::check_inline_media(request.schema(), request.body());
        let remote = self.check_remote_media(&inline.urls).await;
        if !remote.is_empty() {
            return Err(Error::invalid_request(request.model_id(), Violations(remote)));
        }
        Ok(bytes)
    }

    /// Checks ([`Client::preflight`]) and submits a request for any endpoint. An invalid
    /// request never costs a call.
    ///
    /// The submit is retried only when it provably did not reach the server, or the server
    /// answered 429/503; any other failure after sending is
    /// [`ErrorKind::SubmitOutcomeUnknown`]: the job may exist, and it is never sent again.
    pub async fn submit_dynamic(&self, request: &DynamicRequest) -> Result<JobRef, Error> {
        let model_id = request.model_id();
        let body = self.preflight(request).await?;
        let url = self.url(Operation::submit_segments(model_id))?;
        let answer = self
            .call(Operation::Submit, None, url, Some(&body), SubmitAnswer::parse)
            .await;
        match answer {
            Ok(answer) => {
                tracing::debug!(model_id, request_id = %answer.request_id, "submitted");
                Ok(JobRef::new(answer.request_id).with_model_id(model_id))
            }
            Err(CallError::Unknown(e)) => Err(Error::new(
                ErrorKind::SubmitOutcomeUnknown,
                format!("{}; the job may exist and is not resubmitted", e.display_chain()),
            )
            .with_model_id(model_id)),
            Err(CallError::Final(e)) => Err(e.with_model_id(model_id)),
        }
    }

    /// The job's current status (retried on 429, 5xx, transport errors, malformed answers).
    /// An answer that is not an object with a string `status` is malformed, never a status.
    pub async fn status(&self, job: &impl AsRef<JobRef>) -> Result<Status, Error> {
        let id = job.as_ref().request_id();
        let url = self.request_url(Operation::Status, id)?;
        let answer = self
            .call(Operation::Status, Some(id), url, None, |v| {
                StatusAnswer::parse(v, id).map(|a| (a, v.clone()))
            })
            .await
            .map_err(|e| e.into_error(id))?;
        let (answer, raw) = answer;
        Ok(Status {
            request_id: id.to_owned(),
            state: JobState::from_wire(&answer.status, answer.queue_position),
            raw,
        })
    }

    /// The result of any job: its output URLs, cost (with `include_cost`) and the answer.
    ///
    /// A failed job is [`ErrorKind::JobFailed`] with the server's error, a cancelled one
    /// [`ErrorKind::Cancelled`], an unfinished one [`ErrorKind::NotFinished`].
    pub async fn job_result(&self, job: &JobRef, include_cost: bool) -> Result<JobResult, Error> {
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
        let state = JobState::from_wire(&answer.status, answer.queue_position);
        match state {
            JobState::Finished(Terminal::Completed) => {}
            // Some servers omit the status on the result; an output means it completed.
            JobState::Unknown(ref s) if s.is_empty() && answer.output.is_some() => {}
            JobState::Finished(Terminal::Failed) => {
                return Err(Error::new(ErrorKind::JobFailed, self.redact(&answer.error_text())).with_request_id(id));
            }
            JobState::Finished(Terminal::Cancelled) => {
                return Err(Error::new(ErrorKind::Cancelled, "the job was cancelled").with_request_id(id));
            }
            JobState::Unknown(s) => {
                return Err(
                    Error::new(ErrorKind::UnknownStatus, runcomfy_wire::answer::quote(&self.redact(&s)))
                        .with_request_id(id),
                );
            }
            other => {
                return Err(Error::new(ErrorKind::NotFinished, other.to_string()).with_request_id(id));
            }
        }
        let output_value = answer.output.clone().unwrap_or(Value::Null);
        let output: Output = serde_json::from_value(output_value).map_err(|e| {
            Error::new(ErrorKind::Malformed, format!("the result's output: {e}"))
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

    /// Asks the API to cancel any job and says what happened. Only a queued job can be
    /// cancelled; a running job goes on (and is charged).
    pub async fn cancel(&self, job: &impl AsRef<JobRef>) -> Result<CancelOutcome, Error> {
        let id = job.as_ref().request_id();
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
                    runcomfy_wire::answer::quote(&self.redact(&s)),
                    runcomfy_wire::answer::quote(&self.redact(&answer.outcome))
                ),
            )
            .with_request_id(id)),
        }
    }

    /// Validates `request` (and its media inputs) and submits it. An invalid request never
    /// costs a call. The typed form of [`Client::submit_dynamic`].
    pub async fn submit<E: Endpoint>(&self, request: &E) -> Result<Job<E>, Error> {
        let job = self.submit_dynamic(&DynamicRequest::typed(request)?).await?;
        Ok(Job::attach(job.request_id()))
    }

    /// The job's result: typed output, raw answer and, with `include_cost`, the cost. The
    /// typed form of [`Client::job_result`].
    pub async fn result<E: Endpoint>(&self, job: &Job<E>, include_cost: bool) -> Result<JobOutput<E>, Error> {
        JobOutput::from_result(self.job_result(job.as_ref(), include_cost).await?)
    }
}

impl<E: Endpoint> AsRef<JobRef> for Job<E> {
    fn as_ref(&self) -> &JobRef {
        self.job_ref()
    }
}

impl AsRef<JobRef> for JobRef {
    fn as_ref(&self) -> &JobRef {
        self
    }
}
