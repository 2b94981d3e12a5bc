//! Typestate support for the generated `RequestBuilder`s: a required field starts as
//! [`Missing`] and its setter turns it into the value; `build()` needs every required field
//! set, through a trait per field that names it (`__fields::Prompt`), so forgetting one is a
//! compile error that says which.

/// A required field of a builder that has not been set yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Missing;
