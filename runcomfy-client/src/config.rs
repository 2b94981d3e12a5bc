//! Configuring a client: its builder, the retry and polling policies, a shared rate limit,
//! the API token and where it is found, the learned run times kept between runs, and the
//! limits the client works within.
//!
//! ```
//! use std::time::Duration;
//! use runcomfy_client::Client;
//! use runcomfy_client::config::{PollPolicy, RetryPolicy};
//!
//! let client = Client::builder()
//!     .token("rc-secret")
//!     .retry(RetryPolicy::default().max_retries(3))
//!     .poll(PollPolicy::fixed(Duration::from_secs(2)))
//!     .build()
//!     .unwrap();
//! # drop(client);
//! ```

pub use crate::client::{
    BASE_URL_VAR, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_USER_AGENT, MAX_ANSWER_BYTES, MAX_BODY_BYTES,
    MIN_REDACTED_TOKEN_LEN, TOKEN_VARS,
};
pub use crate::poll::PollPolicy;
pub use crate::retry::RetryPolicy;
pub use crate::run_times::{
    MAX_MODELS, MAX_SAMPLE_MS, MAX_SAMPLES, MAX_SNAPSHOT_BYTES, RunTimeSnapshot, RunTimes, SNAPSHOT_VERSION,
};
pub use crate::runner::RateLimit;
pub use crate::token::{ApiToken, TokenSource, find_token, read_token_file, token_file};
