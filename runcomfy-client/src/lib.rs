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
//! A [`Client`] runs any request: a generated type, or a [`DynamicRequest`] (a schema and a
//! JSON body) for any model; both are a [`JobRequest`]. It checks the request (and its media
//! inputs) before anything is paid for, submits it, waits with adaptive polling, fetches the
//! result and downloads the outputs. Submits are never blindly retried: a submit that may
//! have reached the server and failed is [`ErrorKind::SubmitOutcomeUnknown`]. Every error is
//! one [`Error`]: what happened ([`ErrorKind`]), in which call ([`Error::operation`]), the
//! request id once a job exists, and its causes as a source chain.
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # async fn demo() -> Result<(), runcomfy_client::Error> {
//! use runcomfy_client::Client;
//! use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image::{Prompt, Request};
//!
//! let client = Client::from_env()?; // RUNCOMFY_TOKEN, RUNCOMFY_MODEL_API_BASE
//! let request = Request::new(Prompt::new("a red fox in the snow").expect("a valid prompt"));
//!
//! // submit + wait + result (with its cost)
//! let result = client.run(&request).await?;
//! println!("{:?} cost {:?} USD", result.output.image, result.cost);
//!
//! // ... and the outputs on disk
//! let done = client.run_and_download(&request, "out").await?;
//! for file in done.downloads.files() {
//!     println!("{}", file.path.display());
//! }
//! # Ok(()) }
//! ```
//!
//! The steps one by one: [`Client::submit`] gives a [`Job`] (write its request id down: the
//! job is paid for), [`Client::status`], [`Client::wait`], [`Client::result`],
//! [`Client::download`], [`Client::cancel`]. [`Client::run_with`] takes [`JobOptions`] (a
//! deadline that covers the downloads too, an interrupt, where outputs go) and reports every
//! step as a [`JobEvent`]; [`Client::follow`] does the same for a job re-attached by its
//! request id; a [`Runner`] runs many jobs, of mixed models, with bounded concurrency.
//! `cargo run -p runcomfy-client --example one_job` runs one offline against the simulator.
//!
//! # Any model: the dynamic core
//!
//! The client's core works on a model's [`schema::EndpointSchema`] and a JSON body
//! ([`DynamicRequest`]), whatever the schema's source (compiled in, a file, the live
//! catalog: [`resolve::SchemaResolver`]). The generated types are a typed layer over it: a
//! typed request is checked by the very same code.
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
//! let opts = JobOptions::default().deadline(std::time::Duration::from_secs(600)).download_to("out");
//! let done = client
//!     .run_with(&request, &opts, &mut |event| {
//!         if let JobEvent::Submitted(job) = event {
//!             println!("request {}", job.request_id()); // write it down: the job is paid for
//!         }
//!     })
//!     .await?;
//! println!("{} file(s), cost {:?}", done.downloads.files().count(), done.result.cost);
//! # Ok(()) }
//! ```
//!
//! `cargo run -p runcomfy-client --example dynamic` runs one offline.
//!
//! # What is where
//!
//! * Requests: [`models`] (one module per bundled endpoint), [`request!`],
//!   [`include_models!`], [`Endpoint`], [`Validate`], [`DynamicRequest`], [`JobRequest`].
//! * Jobs: [`Client`], [`Job`], [`JobState`], [`Terminal`], [`JobResult`], [`Output`],
//!   [`CancelOutcome`], [`JobOptions`], [`WaitOptions`], [`JobEvent`], [`CompletedJob`],
//!   [`Runner`]; the rest of a run's types in [`job`].
//! * Errors: [`Error`], [`ErrorKind`].
//! * Modules: [`config`] (builder, policies, token, limits), [`catalog`] (the live catalog,
//!   prices, its cache, schema files), [`resolve`] (where a model's schema comes from),
//!   [`download`] (file names, options, results), [`media`] (media inputs from files and
//!   bytes), [`schema`] (the dialect parser and validator), [`wire`] (the API contract).
//!
//! Naming rules for modules, fields, types and enum variants are in the workspace README
//! ("How names are made") and in `runcomfy_schema::codegen::naming` (feature `codegen`).
#![forbid(unsafe_code)]

// Generated code names the runtime as `::runcomfy_client::__runtime`, in this crate too.
extern crate self as runcomfy_client;

pub use runcomfy_macros::include_models;
pub use runcomfy_schema::{Endpoint, Output, Validate};

/// What generated code names: the schema crate's runtime plus the request proc-macros.
#[doc(hidden)]
pub mod __runtime {
    pub use runcomfy_macros::{__request_impl as request_impl, __request_unknown as request_unknown};
    pub use runcomfy_schema::__runtime::*;
}

/// The schema crate: dialect parser, IR ([`schema::EndpointSchema`]), value validator
/// ([`schema::Violations`]), media rules.
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
pub mod config;
#[cfg(feature = "client")]
pub mod download;
#[cfg(feature = "client")]
mod error;
#[cfg(feature = "client")]
pub mod job;
#[cfg(feature = "client")]
pub mod media;
#[cfg(feature = "client")]
mod pipeline;
#[cfg(feature = "client")]
mod poll;
#[cfg(feature = "client")]
mod request;
#[cfg(feature = "client")]
pub mod resolve;
#[cfg(feature = "client")]
mod retry;
#[cfg(feature = "client")]
mod run_times;
#[cfg(feature = "client")]
mod runner;
#[cfg(feature = "client")]
mod token;

#[cfg(feature = "client")]
pub use client::Client;
#[cfg(feature = "client")]
pub use error::{Error, ErrorKind};
#[cfg(feature = "client")]
pub use job::{CancelOutcome, Job, JobResult, JobState, Terminal};
#[cfg(feature = "client")]
pub use pipeline::{CompletedJob, JobEvent, JobOptions};
#[cfg(feature = "client")]
pub use poll::WaitOptions;
#[cfg(feature = "client")]
pub use request::{DynamicRequest, JobRequest};
/// The wire contract (paths, status words, error codes, answers, the catalog) shared with the
/// simulator and the CLI.
pub use runcomfy_wire as wire;
#[cfg(feature = "client")]
pub use runner::Runner;
