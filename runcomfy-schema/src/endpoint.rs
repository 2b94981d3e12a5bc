//! The traits every generated request type implements.

use std::fmt::Debug;
use std::sync::OnceLock;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::constraints::{Constraint, Violation, Violations};
use crate::dialect::parse_schema;
use crate::ir::EndpointSchema;

/// Checks a value against its schema and returns every violation.
///
/// Generated request types implement this by running the IR validator
/// ([`EndpointSchema::validate`]) on their JSON form, so a typed request and a plain JSON body
/// are judged by the same code.
pub trait Validate {
    /// `Ok(())`, or every violation with its JSON pointer and constraint.
    fn validate(&self) -> Result<(), Violations>;
}

/// Binds a model id, its request type (the implementor) and its output type, so that a
/// client can submit any endpoint generically.
///
/// ```
/// use runcomfy_schema::Endpoint;
/// fn describe<E: Endpoint>(_request: &E) -> String {
///     format!("POST /v1/models/{}", E::MODEL_ID)
/// }
/// ```
pub trait Endpoint: Validate + Serialize + DeserializeOwned + Clone + Debug + Send + Sync + 'static {
    /// The model id, e.g. `blackforestlabs/flux-1-schnell/text-to-image`.
    const MODEL_ID: &'static str;
    /// The schema file's text, as bundled at compile time.
    const SCHEMA_JSON: &'static str;
    /// What the result's `output` object deserializes to.
    type Output: DeserializeOwned + Serialize + Clone + Debug + Send + Sync + 'static;

    /// The endpoint's IR, parsed once from [`Self::SCHEMA_JSON`].
    fn schema() -> SchemaResult;
}

/// What [`Endpoint::schema`] returns.
pub type SchemaResult = Result<&'static EndpointSchema, Violation>;

/// Where a generated request type keeps its schema: parsed once, from the embedded text, on
/// first use.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct SchemaCell(OnceLock<Result<EndpointSchema, String>>);

impl SchemaCell {
    /// An empty cell.
    pub const fn new() -> Self {
        SchemaCell(OnceLock::new())
    }

    /// The schema of `text` (the file `file`, endpoint `model_id`), parsed once.
    pub fn get(&'static self, file: &str, model_id: &str, text: &str) -> SchemaResult {
        let parsed = self.0.get_or_init(|| {
            let parsed = parse_schema(file, model_id, text);
            match parsed.schema {
                Some(schema) => Ok(schema),
                None => Err(parsed.error_messages().join("; ")),
            }
        });
        parsed.as_ref().map_err(|message| {
            Violation::new(
                "",
                Constraint::Schema {
                    message: message.clone(),
                },
            )
        })
    }
}

/// The `Validate` body of generated request types: JSON form, then the IR validator.
#[doc(hidden)]
pub fn validate_typed<E: Endpoint>(request: &E) -> Result<(), Violations> {
    let schema = E::schema().map_err(Violations::from)?;
    let value = serde_json::to_value(request)
        .map_err(|e| Violations::from(Violation::new("", Constraint::Schema { message: e.to_string() })))?;
    schema.validate(&value)
}

/// `Request::from_json` of generated types: the IR validator first (every violation, with its
/// pointer), then deserialization.
#[doc(hidden)]
pub fn request_from_json<E: Endpoint>(value: serde_json::Value) -> Result<E, Violations> {
    let schema = E::schema().map_err(Violations::from)?;
    schema.validate(&value)?;
    serde_json::from_value(value)
        .map_err(|e| Violations::from(Violation::new("", Constraint::Schema { message: e.to_string() })))
}
