//! The schema side of runcomfy-rs: RunComfy's JSON input-schema dialect, its IR, value
//! validation, and (feature `codegen`) Rust code generation.
//!
//! Data flow: schema file -> [`parse_schema`] (diagnostics with file + JSON pointer) ->
//! [`EndpointSchema`] (the IR) -> (a) a generator model and the tokens of the types (module
//! `codegen`, feature `codegen`), (b) value validation ([`EndpointSchema::validate`]), (c) CLI
//! flag definitions, (d) standard JSON Schema ([`EndpointSchema::to_json_schema`]). One IR,
//! many consumers. Every phase reports its problems into one [`Ctxt`].
//!
//! The runtime half ([`Endpoint`], [`Validate`], [`MediaInput`], [`Output`], the
//! [`constraints`], the generic field types in `typed`) is what generated request types use;
//! `runcomfy-client` re-exports it.
//!
//! Features: `runtime` (default: what generated code uses at run time, with schemars),
//! `codegen` (the generator, for the proc-macro, which needs no `runtime`), `pretty`
//! (`codegen::pretty`, the generated code as a formatted file, for `cargo xtask expand` and
//! snapshot tests).
#![forbid(unsafe_code)]

pub mod builder;
pub mod catalog;
#[cfg(feature = "codegen")]
pub mod codegen;
pub mod constraints;
pub mod diagnostic;
pub mod dialect;
pub mod drift;
pub mod endpoint;
mod hash_index;
pub mod import;
pub mod inline_media;
pub mod ir;
pub mod json_schema;
#[cfg(feature = "runtime")]
pub mod literal_enum;
pub mod local_file;
pub mod media;
pub mod model_id;
#[cfg(feature = "runtime")]
pub mod object;
pub mod output;
pub mod requested;
#[cfg(feature = "runtime")]
pub mod typed;
pub mod validate;

pub use catalog::{Catalog, SchemaFile};
pub use constraints::{Bounds, Constraint, IntegerRange, LengthRange, NumberRange, Violation, Violations};
pub use diagnostic::{Ctxt, Diagnostic, Severity};
pub use dialect::{Parsed, parse_into, parse_schema};
pub use endpoint::{Endpoint, Validate};
pub use ir::{EndpointSchema, Kind, Literal, LiteralRef, Schema};
pub use media::{MediaFacts, MediaInput, MediaKind, MediaRule, Metric, Op};
pub use model_id::check_model_id;
pub use output::{Output, OutputKind};
pub use validate::MediaRef;

/// Re-exports generated code refers to, so that users need no direct dependency on them
/// (feature `runtime`).
///
/// Generated code names everything through `<runtime>::__runtime::...`, where `<runtime>` is
/// `::runcomfy_client` by default (the macro's `runtime = path` option changes it).
#[cfg(feature = "runtime")]
#[doc(hidden)]
pub mod __runtime {
    pub use crate::builder::{IsSet, Unset};
    pub use crate::constraints::{Bounds, Constraint, IntegerRange, LengthRange, NumberRange, Violation, Violations};
    pub use crate::endpoint::{Endpoint, SchemaCell, SchemaResult, Validate, request_from_json, validate_typed};
    pub use crate::ir::{EndpointSchema, LiteralRef};
    pub use crate::json_schema::object_json_schema;
    pub use crate::literal_enum::*;
    pub use crate::media::{MediaInput, MediaKind, MediaRule, Metric, Op};
    pub use crate::object::{ObjectReader, ObjectWriter};
    pub use crate::output::Output;
    pub use crate::typed::*;
    pub use schemars;
    pub use schemars::{JsonSchema, Schema, SchemaGenerator};
    pub use serde;
    pub use serde::{Deserialize, Deserializer, Serialize, Serializer};
    pub use serde_json;
    // Only re-exports of public items here, no aliases or items of this module's own: these
    // names appear in generated signatures, and rustdoc and the compiler would show a path
    // into this hidden module. Generated code names even the standard traits and types
    // through here (derives too): a schema may define a type called `Option`, `String` or
    // `Clone`, which would shadow the prelude's.
    pub use std::borrow::Cow;
    pub use std::clone::Clone;
    pub use std::cmp::{Eq, Ord, PartialEq, PartialOrd};
    pub use std::convert::{AsRef, From, Into, TryFrom};
    pub use std::fmt;
    pub use std::fmt::{Debug, Display, Formatter};
    pub use std::hash::Hash;
    pub use std::marker::Copy;
    pub use std::ops::Deref;
    pub use std::option::Option;
    pub use std::result::Result;
    pub use std::str::FromStr;
    pub use std::string::String;
    pub use std::vec::Vec;
}
