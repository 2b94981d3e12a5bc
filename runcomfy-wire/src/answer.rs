//! The answers of submit, status, result and cancel.
//!
//! Each has a constructor and `to_value` for servers (the simulator) and a `parse` for
//! clients that accepts what real servers send and refuses what would make a client loop,
//! lie or write where it must not: a missing or unusable request id, a status that is not a
//! string, a negative cost.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::WireStatus;
use crate::request_id::check_request_id;

/// The answer of a submit: `{request_id, status_url, result_url, cancel_url}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubmitAnswer {
    /// The new job's id.
    pub request_id: String,
    /// Where its status is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_url: Option<String>,
    /// Where its result is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_url: Option<String>,
    /// Where to cancel it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_url: Option<String>,
}

impl SubmitAnswer {
    /// The answer for `request_id` with the three URLs under `base` (`http://host/v1`).
    pub fn new(base: &str, request_id: &str) -> SubmitAnswer {
        let url = |what: &str| Some(format!("{base}/requests/{request_id}/{what}"));
        SubmitAnswer {
            request_id: request_id.to_owned(),
            status_url: url("status"),
            result_url: url("result"),
            cancel_url: url("cancel"),
        }
    }

    /// Reads a submit answer. The request id must pass [`check_request_id`]; the error
    /// then quotes the id (escaped, shortened) so a paid job's id is never lost.
    ///
    /// ```
    /// use runcomfy_wire::SubmitAnswer;
    /// let ok = SubmitAnswer::parse(&serde_json::json!({"request_id": "abc"})).unwrap();
    /// assert_eq!(ok.request_id, "abc");
    /// let err = SubmitAnswer::parse(&serde_json::json!({"request_id": "/../../x"})).unwrap_err();
    /// assert!(err.contains("/../../x"), "{err}");
    /// ```
    pub fn parse(v: &Value) -> Result<SubmitAnswer, String> {
        let obj = object(v, "submit")?;
        let id = match obj.get("request_id") {
            Some(Value::String(s)) => s,
            Some(other) => {
                return Err(format!(
                    "the submit answer's request_id is not a string: {}",
                    quote(&other.to_string())
                ));
            }
            None => return Err("no request_id in the submit answer".to_owned()),
        };
        check_request_id(id)
            .map_err(|e| format!("the server gave request id {}, which is unusable: {e}", quote(id)))?;
        Ok(SubmitAnswer {
            request_id: id.clone(),
            status_url: string(obj, "status_url"),
            result_url: string(obj, "result_url"),
            cancel_url: string(obj, "cancel_url"),
        })
    }

    /// The answer as JSON.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// The answer of a status call: `{request_id, status, queue_position?, status_url?, result_url?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusAnswer {
    /// The job.
    pub request_id: String,
    /// The status word as sent (see [`StatusAnswer::wire_status`]).
    pub status: String,
    /// Jobs ahead in the queue, while queued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_position: Option<u64>,
    /// Where the status is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_url: Option<String>,
    /// Where the result is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_url: Option<String>,
}

impl StatusAnswer {
    /// A status answer.
    pub fn new(request_id: &str, status: WireStatus, queue_position: Option<u64>) -> StatusAnswer {
        StatusAnswer {
            request_id: request_id.to_owned(),
            status: status.as_str().to_owned(),
            queue_position,
            status_url: None,
            result_url: None,
        }
    }

    /// The status, if it is a word this contract knows.
    pub fn wire_status(&self) -> Option<WireStatus> {
        WireStatus::parse(&self.status)
    }

    /// Reads a status answer for the job `request_id`. An answer about another request id
    /// is refused (a server cannot redirect a client to another job); without one, the id
    /// asked for is kept. `status` must be a string; an unknown or empty word is kept for the
    /// caller to refuse.
    ///
    /// ```
    /// use runcomfy_wire::{StatusAnswer, WireStatus};
    /// let s = StatusAnswer::parse(&serde_json::json!({"status": "in_queue", "queue_position": 3}), "r1").unwrap();
    /// assert_eq!((s.wire_status(), s.queue_position), (Some(WireStatus::InQueue), Some(3)));
    /// assert!(StatusAnswer::parse(&serde_json::json!([1, 2]), "r1").is_err());
    /// assert!(StatusAnswer::parse(&serde_json::json!({"status": 5}), "r1").is_err());
    /// let other = serde_json::json!({"request_id": "r2", "status": "completed"});
    /// assert!(StatusAnswer::parse(&other, "r1").unwrap_err().contains("\"r2\""));
    /// ```
    pub fn parse(v: &Value, request_id: &str) -> Result<StatusAnswer, String> {
        let obj = object(v, "status")?;
        same_request(obj, "status", request_id)?;
        Ok(StatusAnswer {
            request_id: request_id.to_owned(),
            status: status_word(obj, "status")?,
            queue_position: obj.get("queue_position").and_then(Value::as_u64),
            status_url: string(obj, "status_url"),
            result_url: string(obj, "result_url"),
        })
    }

    /// The answer as JSON.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// The answer of a result call: `{status, output, error?, model_id?, cost?, created_at?,
/// finished_at?}` (plus `request_id` and `queue_position` from the simulator).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultAnswer {
    /// The job.
    pub request_id: String,
    /// The status word as sent; empty when the server sent none (some send only `output`).
    pub status: String,
    /// Jobs ahead in the queue, while queued (the simulator sends it; the API may not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_position: Option<u64>,
    /// `output`: the URLs of a completed job (`None` when absent or `null`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// `error`: why a job failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
    /// `model_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_id: Option<String>,
    /// `cost` in USD (with `include_cost=true`); only a finite, non-negative number is kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    /// `created_at`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// `finished_at`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
}

impl ResultAnswer {
    /// The status, if it is a word this contract knows.
    pub fn wire_status(&self) -> Option<WireStatus> {
        WireStatus::parse(&self.status)
    }

    /// Reads a result answer for `request_id`. It must be an object with a string `status`
    /// or an `output` object, and not about another request id.
    ///
    /// ```
    /// use runcomfy_wire::ResultAnswer;
    /// let r = ResultAnswer::parse(&serde_json::json!({"status": "completed", "output": {"image": "https://x.runcomfy.net/a.png"}, "cost": "0.003"}), "r1").unwrap();
    /// assert_eq!(r.cost, Some(0.003));
    /// assert!(ResultAnswer::parse(&serde_json::json!({"cost": 1}), "r1").is_err());
    /// assert_eq!(ResultAnswer::parse(&serde_json::json!({"output": {}, "cost": -5}), "r1").unwrap().cost, None);
    /// ```
    pub fn parse(v: &Value, request_id: &str) -> Result<ResultAnswer, String> {
        let obj = object(v, "result")?;
        same_request(obj, "result", request_id)?;
        let output = match obj.get("output") {
            None | Some(Value::Null) => None,
            Some(o @ Value::Object(_)) => Some(o.clone()),
            Some(other) => {
                return Err(format!(
                    "the result's output is not an object: {}",
                    quote(&other.to_string())
                ));
            }
        };
        let status = match obj.get("status") {
            None | Some(Value::Null) if output.is_some() => String::new(),
            _ => status_word(obj, "status")?,
        };
        let cost = obj
            .get("cost")
            .and_then(|c| match c {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            })
            .filter(|c: &f64| c.is_finite() && *c >= 0.0);
        Ok(ResultAnswer {
            request_id: request_id.to_owned(),
            status,
            queue_position: obj.get("queue_position").and_then(Value::as_u64),
            output,
            error: obj.get("error").filter(|e| !e.is_null()).cloned(),
            model_id: string(obj, "model_id"),
            cost,
            created_at: string(obj, "created_at"),
            finished_at: string(obj, "finished_at"),
        })
    }

    /// The failed job's error as text (`error` as a string, or its `message`).
    pub fn error_text(&self) -> String {
        match &self.error {
            None | Some(Value::Null) => "(the server gave no error message)".to_owned(),
            Some(Value::String(s)) => s.clone(),
            Some(Value::Object(o)) => o
                .get("message")
                .or_else(|| o.get("error_message"))
                .and_then(Value::as_str)
                .map_or_else(|| Value::Object(o.clone()).to_string(), str::to_owned),
            Some(other) => other.to_string(),
        }
    }

    /// The answer as JSON.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// What a cancel did, as the API words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CancelWord {
    /// `cancelled`: the job was queued and is now cancelled.
    Cancelled,
    /// `not_cancellable`: the job runs or ran; it goes on and is charged.
    NotCancellable,
}

impl CancelWord {
    /// The word the API sends.
    pub const fn as_str(self) -> &'static str {
        match self {
            CancelWord::Cancelled => "cancelled",
            CancelWord::NotCancellable => "not_cancellable",
        }
    }

    /// Reads an outcome word (`canceled` accepted too).
    pub fn parse(word: &str) -> Option<CancelWord> {
        let w = word.trim();
        if w.eq_ignore_ascii_case("cancelled") || w.eq_ignore_ascii_case("canceled") {
            Some(CancelWord::Cancelled)
        } else if w.eq_ignore_ascii_case("not_cancellable") || w.eq_ignore_ascii_case("not_cancelable") {
            Some(CancelWord::NotCancellable)
        } else {
            None
        }
    }
}

/// The answer of a cancel: `{request_id, status, outcome}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CancelAnswer {
    /// The job.
    pub request_id: String,
    /// Its status after the cancel (may be empty if the server sent none).
    pub status: String,
    /// `cancelled` or `not_cancellable` as sent (may be empty).
    pub outcome: String,
}

impl CancelAnswer {
    /// A cancel answer.
    pub fn new(request_id: &str, status: WireStatus, outcome: CancelWord) -> CancelAnswer {
        CancelAnswer {
            request_id: request_id.to_owned(),
            status: status.as_str().to_owned(),
            outcome: outcome.as_str().to_owned(),
        }
    }

    /// Reads a cancel answer: an object, not about another request id; `status` and
    /// `outcome`, when present, strings.
    pub fn parse(v: &Value, request_id: &str) -> Result<CancelAnswer, String> {
        let obj = object(v, "cancel")?;
        same_request(obj, "cancel", request_id)?;
        let word = |key: &str| match obj.get(key) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(_) => status_word(obj, key),
        };
        Ok(CancelAnswer {
            request_id: request_id.to_owned(),
            status: word("status")?,
            outcome: word("outcome")?,
        })
    }

    /// The outcome, if it is a word this contract knows.
    pub fn cancel_word(&self) -> Option<CancelWord> {
        CancelWord::parse(&self.outcome)
    }

    /// The status, if it is a word this contract knows.
    pub fn wire_status(&self) -> Option<WireStatus> {
        WireStatus::parse(&self.status)
    }

    /// The answer as JSON.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

fn object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, String> {
    v.as_object()
        .ok_or_else(|| format!("the {what} answer is not a JSON object: {}", quote(&v.to_string())))
}

/// Refuses an answer whose `request_id` (when it sends one) is not the one asked about.
fn same_request(obj: &Map<String, Value>, what: &str, request_id: &str) -> Result<(), String> {
    match obj.get("request_id") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) if s == request_id => Ok(()),
        Some(other) => Err(format!(
            "the {what} answer is about request {}, not {}",
            quote(&other.as_str().map_or_else(|| other.to_string(), str::to_owned)),
            quote(request_id)
        )),
    }
}

fn string(obj: &Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// A status-like word: a string of at most 64 characters.
fn status_word(obj: &Map<String, Value>, key: &str) -> Result<String, String> {
    match obj.get(key) {
        Some(Value::String(s)) if s.chars().count() <= 64 => Ok(s.clone()),
        Some(Value::String(s)) => Err(format!("the {key} word is too long: {}", quote(s))),
        Some(other) => Err(format!("the {key} is not a string: {}", quote(&other.to_string()))),
        None => Err(format!("no {key} in the answer")),
    }
}

/// `s` as an escaped, quoted string of at most 300 characters, safe to print.
pub fn quote(s: &str) -> String {
    let mut q = format!("{:?}", s.chars().take(300).collect::<String>());
    if s.chars().count() > 300 {
        q.push_str(&format!(" (cut; {} bytes in all)", s.len()));
    }
    q
}
