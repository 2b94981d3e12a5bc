//! What the simulator saw, for tests to inspect.

use std::collections::BTreeMap;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::faults::{FaultKind, Op};

/// One submit that reached the simulator with its body read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The model id in the path.
    pub model_id: String,
    /// SHA-256 (hex) of the body's canonical JSON (keys sorted, no whitespace), or of the raw
    /// bytes when the body is not JSON. Equal bodies have equal hashes, whatever key order.
    pub body_sha256: String,
    /// The request id given out, if the submit was accepted.
    pub request_id: Option<String>,
    /// The HTTP status of the answer the handler produced (a fault may have hidden it from
    /// the client, e.g. `reset-after`).
    pub http_status: u16,
}

/// An `https://` media input the simulator was given (and did not fetch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaUrl {
    /// The model id of the submit.
    pub model_id: String,
    /// JSON pointer of the field (`/promptImage`).
    pub pointer: String,
    /// The URL.
    pub url: String,
}

/// A fault the simulator injected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InjectedFault {
    /// Which operation.
    pub op: Op,
    /// Which fault.
    pub kind: FaultKind,
    /// The request path.
    pub path: String,
}

/// Counters and logs. Get a snapshot with [`crate::SimHandle::accounting`].
#[derive(Debug, Clone, Default)]
pub struct Accounting {
    /// Every submit whose body was read, in arrival order.
    pub submissions: Vec<Submission>,
    /// Status calls per request id (faulted calls included).
    pub status_calls: BTreeMap<String, u64>,
    /// Result calls per request id (faulted calls included).
    pub result_calls: BTreeMap<String, u64>,
    /// Cancel calls per request id (faulted calls included).
    pub cancel_calls: BTreeMap<String, u64>,
    /// HTTP requests the API origin answered or faulted.
    pub api_requests: u64,
    /// Response body bytes the API origin sent.
    pub api_bytes_served: u64,
    /// HTTP requests to the output origin.
    pub output_requests: u64,
    /// Response body bytes the output origin sent.
    pub output_bytes_served: u64,
    /// Requests to the output origin that carried an `Authorization` header (should be 0:
    /// outputs are fetched without the token).
    pub output_requests_with_auth: u64,
    /// The paths of those requests.
    pub output_auth_paths: Vec<String>,
    /// `https://` media inputs seen in accepted or rejected submits.
    pub media_urls: Vec<MediaUrl>,
    /// Faults injected, in order.
    pub faults: Vec<InjectedFault>,
    /// Catalog requests (`GET /v1/models...`) the API origin answered or faulted.
    pub catalog_requests: u64,
    /// Catalog requests answered `304 Not Modified` (their `If-None-Match` held the ETag).
    pub catalog_not_modified: u64,
    /// Connections (both origins) asked to close to make room under
    /// [`crate::SimConfig::max_connections`].
    pub connections_shed: u64,
    /// The most API requests being answered at once (from the start of their handling to
    /// the answer; faulted ones included): what a client's concurrency bounds look like from
    /// the server.
    pub api_in_flight_peak: u64,
    /// API requests being answered now.
    pub(crate) api_in_flight: u64,
}

impl Accounting {
    /// How many submits carried a body equal to `body` (as canonical JSON), accepted or not.
    pub fn submissions_of(&self, body: &Value) -> usize {
        let hash = body_hash_json(body);
        self.submissions.iter().filter(|s| s.body_sha256 == hash).count()
    }

    /// How many accepted jobs were created from a body equal to `body`.
    pub fn jobs_from(&self, body: &Value) -> usize {
        let hash = body_hash_json(body);
        self.submissions
            .iter()
            .filter(|s| s.body_sha256 == hash && s.request_id.is_some())
            .count()
    }

    /// Bodies that created more than one job: `(hash, jobs)`, sorted by hash. A client that
    /// never pays twice leaves this empty.
    pub fn duplicate_jobs(&self) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for s in self.submissions.iter().filter(|s| s.request_id.is_some()) {
            *counts.entry(&s.body_sha256).or_default() += 1;
        }
        counts
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(h, n)| (h.to_owned(), n))
            .collect()
    }

    /// Status calls for one request id.
    pub fn status_calls_for(&self, request_id: &str) -> u64 {
        self.status_calls.get(request_id).copied().unwrap_or(0)
    }

    /// Result calls for one request id.
    pub fn result_calls_for(&self, request_id: &str) -> u64 {
        self.result_calls.get(request_id).copied().unwrap_or(0)
    }
}

/// The canonical JSON text of a value: object keys sorted, no whitespace.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(k) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash [`Submission::body_sha256`] holds for a JSON body.
pub fn body_hash_json(value: &Value) -> String {
    sha256_hex(canonical_json(value).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_order_does_not_matter() {
        let a: Value = serde_json::from_str(r#"{"b":1,"a":{"y":[1,2],"x":"s"}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":{"x":"s","y":[1,2]},"b":1}"#).unwrap();
        assert_eq!(canonical_json(&a), r#"{"a":{"x":"s","y":[1,2]},"b":1}"#);
        assert_eq!(body_hash_json(&a), body_hash_json(&b));
        assert_eq!(body_hash_json(&a).len(), 64);
    }
}
