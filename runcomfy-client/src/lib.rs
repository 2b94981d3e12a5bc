//! Typed, validated requests for RunComfy's hosted generative models.
//!
//! Every schema file in the crate's `schemas/` folder (`schemas/<model_id>.json`) becomes a
//! module under [`models`]: the model id's segments in `snake_case`
//! (`blackforestlabs/flux-1-schnell/text-to-image` ->
//! [`models::blackforestlabs::flux_1_schnell::text_to_image`]), holding `Request`, its field
//! types and `MODEL_ID`.
//!
//! ```
//! use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as gen4;
//! use runcomfy_client::{Endpoint, Validate};
//!
//! let image = gen4::PromptImage::parse("https://example.com/cat.png").unwrap();
//! let mut request = gen4::Request::new(image);
//! request.duration = Some(gen4::Duration::V10);
//! assert_eq!(gen4::Request::MODEL_ID, "runwayml/runway-gen-4/turbo/image-to-video");
//! assert!(request.validate().is_ok());
//! assert_eq!(
//!     serde_json::to_value(&request).unwrap(),
//!     serde_json::json!({"promptImage": "https://example.com/cat.png", "duration": 10})
//! );
//! ```
//!
//! # Types only
//!
//! The async client below is the default feature `client`. A crate that only wants the
//! generated types, their validation and `request!` depends on
//! `runcomfy-client = { version = "0.1", default-features = false }`: no HTTP stack, no async
//! runtime, no TLS in its build.
//!
//! # Running jobs
//!
//! [`Client`] submits any request type generically, validating it (and its media inputs)
//! first, waits with adaptive polling, fetches the typed result and downloads outputs;
//! [`Runner`] runs many jobs with bounded concurrency. Submits are never blindly retried:
//! a submit that may have reached the server and failed is
//! [`ErrorKind::SubmitOutcomeUnknown`]. Every error is one [`Error`] with a kind, the request
//! id once a job exists, and its causes as a source chain.
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # async fn demo() -> Result<(), runcomfy_client::Error> {
//! use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image::{Prompt, Request};
//! use runcomfy_client::{Client, DownloadOptions};
//!
//! let client = Client::from_env()?; // RUNCOMFY_TOKEN, RUNCOMFY_MODEL_API_BASE
//! let request = Request::new(Prompt::new("a red fox in the snow").expect("a valid prompt"));
//! let out = client.run(&request).await?; // submit + wait + result (with cost)
//! println!("{:?} cost {:?} USD", out.output.image, out.cost);
//! client.download(&out, std::path::Path::new("out"), &DownloadOptions::default()).await;
//! # Ok(()) }
//! ```
//!
//! # Any model: the dynamic core
//!
//! The client's core works on a model's [`EndpointSchema`] and a JSON body
//! ([`DynamicRequest`]), whatever the schema's source (compiled in, a file, the live
//! catalog), and on any job by its request id ([`JobRef`]). The generated types are a typed
//! layer over it: a typed request is checked by the very same code. [`Client::execute`] is
//! the whole pipeline (check, submit, wait, result, download) with events, a deadline and an
//! interrupt; [`Client::follow`] re-attaches to a job by id.
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use runcomfy_client::{Client, DynamicRequest, JobEvent, JobOptions};
//!
//! let text = std::fs::read_to_string("my_schemas/acme/tiny/text-to-image.json")?;
//! let schema = runcomfy_client::schema::parse_schema("tiny.json", "acme/tiny/text-to-image", &text)
//!     .schema
//!     .ok_or("the schema has errors")?;
//! let request = DynamicRequest::new(schema, serde_json::json!({"prompt": "a lighthouse"}));
//! let client = Client::from_env()?;
//! let done = client
//!     .execute(&request, &JobOptions::default().download_to("out"), &mut |event| {
//!         if let JobEvent::Submitted(job) = event {
//!             println!("request {}", job.request_id()); // write it down: the job is paid for
//!         }
//!     })
//!     .await?;
//! println!("{} file(s), cost {:?}", done.downloaded().count(), done.result.cost);
//! # Ok(()) }
//! ```
//!
//! `cargo run -p runcomfy-client --example dynamic` runs one offline.
//!
//! Naming rules for modules, fields, types and enum variants are in the workspace README
//! ("How names are made") and in `runcomfy_schema::codegen::naming` (feature `codegen`).
#![forbid(unsafe_code)]

// Generated code names the runtime as `::runcomfy_client::__runtime`, in this crate too.
extern crate self as runcomfy_client;

pub use runcomfy_macros::include_models;
pub use runcomfy_schema::{
    Constraint, Endpoint, EndpointSchema, MediaFacts, MediaInput, MediaKind, MediaRule, Metric, Op, Output, OutputKind,
    Validate, Violation, Violations,
};

/// What generated code names: the schema crate's runtime plus the request proc-macros.
#[doc(hidden)]
pub mod __runtime {
    pub use runcomfy_macros::{__request_impl as request_impl, __request_unknown as request_unknown};
    pub use runcomfy_schema::__runtime::*;
}

/// The schema crate: dialect parser, IR, value validator.
pub use runcomfy_schema as schema;

/// Every bundled endpoint, one module per model id segment.
///
/// Generated at compile time from `schemas/` by [`include_models!`]. Schema warnings (an
/// unknown keyword, say) are not build warnings here: `cargo xtask check` reports them.
#[allow(deprecated)]
pub mod models {
    crate::include_models!("schemas");
}

#[doc(inline)]
pub use models::request;

// The client: the default feature `client` (see "Types only" above).
#[cfg(feature = "client")]
mod api;
#[cfg(feature = "client")]
pub mod catalog;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub mod download;
#[cfg(feature = "client")]
mod error;
#[cfg(feature = "client")]
mod job;
#[cfg(feature = "client")]
pub mod media;
#[cfg(feature = "client")]
mod pipeline;
#[cfg(feature = "client")]
mod poll;
#[cfg(feature = "client")]
mod request;
#[cfg(feature = "client")]
pub mod retry;
#[cfg(feature = "client")]
pub mod run_times;
#[cfg(feature = "client")]
mod runner;
#[cfg(feature = "client")]
pub mod schema_files;
#[cfg(feature = "client")]
pub mod token;

#[cfg(feature = "client")]
pub use client::{
    BASE_URL_VAR, Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_USER_AGENT, MAX_ANSWER_BYTES, MAX_BODY_BYTES,
    TOKEN_VARS,
};
#[cfg(feature = "client")]
pub use download::{DownloadOptions, Downloaded};
#[cfg(feature = "client")]
pub use error::{Error, ErrorKind};
#[cfg(feature = "client")]
pub use job::{CancelOutcome, Job, JobOutput, JobRef, JobResult, JobState, Status, Terminal};
#[cfg(feature = "client")]
pub use pipeline::{Completed, DownloadTarget, JobEvent, JobOptions, Observer, OnInterrupt};
#[cfg(feature = "client")]
pub use poll::{PollPolicy, Progress, WaitOptions};
#[cfg(feature = "client")]
pub use request::DynamicRequest;
#[cfg(feature = "client")]
pub use retry::RetryPolicy;
#[cfg(feature = "client")]
pub use run_times::{RunTimeSnapshot, RunTimes};
/// The wire contract (paths, status words, error codes, answers, the catalog) shared with the
/// simulator and the CLI.
pub use runcomfy_wire as wire;
#[cfg(feature = "client")]
pub use runner::{Finished, RateLimit, Run, Runner};
#[cfg(feature = "client")]
pub use token::ApiToken;
/// Cancellation tokens for [`JobOptions::interrupt`].
#[cfg(feature = "client")]
pub use tokio_util::sync::CancellationToken;
