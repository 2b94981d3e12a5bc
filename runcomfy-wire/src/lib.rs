//! The RunComfy Model API's wire contract, written once.
//!
//! The client, the simulator and the CLI all speak through these types and words, so a
//! status word, an error code or a path cannot drift between them:
//!
//! * [`Operation`]: the calls, their names (`submit`, `status`, ...), methods and paths;
//! * [`WireStatus`]: the status words and the aliases real clients meet;
//! * [`ErrorBody`], [`codes`], [`WireViolation`]: the error body and 422 violation lists;
//! * [`answer`]: the answers of submit, status, result and cancel, with strict parsers;
//! * [`catalog`]: the model catalog's routes, query, entries (prices, categories,
//!   `input_schema`) and answers;
//! * [`check_request_id`]: what a request id may hold before it goes into a URL or a path.
//!
//! ```
//! use runcomfy_wire::{Operation, WireStatus};
//! assert_eq!(Operation::Status.path("0f0e-42").unwrap(), "/v1/requests/0f0e-42/status");
//! assert_eq!(WireStatus::parse("canceled"), Some(WireStatus::Cancelled));
//! assert!(runcomfy_wire::check_request_id("..").is_err());
//! ```
#![forbid(unsafe_code)]

pub mod answer;
pub mod catalog;
pub mod error;
pub mod operation;
pub mod request_id;
pub mod status;

pub use answer::{CancelAnswer, CancelWord, ResultAnswer, StatusAnswer, SubmitAnswer};
pub use catalog::{CatalogEntry, CatalogQuery, CategoryList, ModelList, PriceUnit};
pub use error::{ErrorBody, MAX_VIOLATIONS, WireViolation, codes};
pub use operation::{API_PREFIX, INCLUDE_COST_QUERY, Operation, REQUESTS_SEGMENT};
pub use request_id::{MAX_REQUEST_ID_LEN, RequestIdError, check_request_id};
pub use status::WireStatus;
