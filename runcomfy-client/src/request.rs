//! What the client runs: any request ([`JobRequest`]), a typed one or a [`DynamicRequest`]
//! (a schema and a JSON body), checked exactly alike.

use std::borrow::Cow;
use std::sync::Arc;

use runcomfy_schema::inline_media::check_inline_media;
use runcomfy_schema::{EndpointSchema, Violation, Violations};
use serde_json::Value;

use crate::client::MAX_BODY_BYTES;
use crate::{Endpoint, Error};

/// A request known as a schema plus a JSON body: for models that are not compiled in (a
/// schema file, the live catalog), and the form every typed request takes on its way to
/// the wire.
///
/// [`Client::submit`](crate::Client::submit) checks it exactly as it checks a typed request: the schema ([`EndpointSchema::validate`]), every `data:` media input
/// (decoded, measured, checked against the field's `validations`), every URL media input (its
/// first bytes, through an HTTP `Range` request), and the body size.
///
/// ```
/// use runcomfy_client::DynamicRequest;
/// let text = r#"{"type": "object", "required": ["prompt"], "properties": {
///     "prompt": {"type": "string", "maxLength": 20},
///     "steps": {"type": "integer", "minimum": 1, "maximum": 8}}}"#;
/// let schema = runcomfy_client::schema::parse_schema("my.json", "acme/tiny/text-to-image", text)
///     .schema
///     .unwrap();
/// let ok = DynamicRequest::new(schema.clone(), serde_json::json!({"prompt": "a fox", "steps": 4}));
/// assert!(ok.check().is_ok());
/// let bad = DynamicRequest::new(schema, serde_json::json!({"steps": 9}));
/// let err = bad.check().unwrap_err();
/// assert_eq!(err.violations().unwrap().len(), 2); // prompt missing, steps too big
/// ```
#[derive(Debug, Clone)]
pub struct DynamicRequest {
    schema: SchemaRef,
    body: Value,
}

#[derive(Debug, Clone)]
enum SchemaRef {
    Static(&'static EndpointSchema),
    Shared(Arc<EndpointSchema>),
}

impl DynamicRequest {
    /// A request for `schema`'s endpoint with this body.
    pub fn new(schema: impl Into<Arc<EndpointSchema>>, body: Value) -> DynamicRequest {
        DynamicRequest {
            schema: SchemaRef::Shared(schema.into()),
            body,
        }
    }

    /// A request for an endpoint whose schema lives for the whole program (compiled in).
    pub fn with_static_schema(schema: &'static EndpointSchema, body: Value) -> DynamicRequest {
        DynamicRequest {
            schema: SchemaRef::Static(schema),
            body,
        }
    }

    /// The JSON form of a typed request, with its endpoint's schema (what
    /// [`JobRequest::to_dynamic`] does for a generated request type).
    pub fn typed<E: Endpoint>(request: &E) -> Result<DynamicRequest, Error> {
        let schema = E::schema().map_err(|v| Error::invalid_request(E::MODEL_ID, Violations::from(v)))?;
        let body = serde_json::to_value(request)
            .map_err(|e| Error::invalid_at(E::MODEL_ID, "", format!("the request does not serialize: {e}")))?;
        Ok(DynamicRequest::with_static_schema(schema, body))
    }

    /// The endpoint's model id.
    pub fn model_id(&self) -> &str {
        &self.schema().model_id
    }

    /// The endpoint's schema.
    pub fn schema(&self) -> &EndpointSchema {
        match &self.schema {
            SchemaRef::Static(s) => s,
            SchemaRef::Shared(s) => s,
        }
    }

    /// The body.
    pub fn body(&self) -> &Value {
        &self.body
    }

    /// Everything that can be checked without a network: the model id, the schema, every
    /// `data:` media input, and the body's size. Returns the body's bytes as they would be
    /// sent. Every problem is reported, each with its JSON pointer.
    pub fn check(&self) -> Result<Vec<u8>, Error> {
        let model_id = self.model_id();
        if let Err(why) = runcomfy_schema::check_model_id(model_id) {
            return Err(Error::invalid_at(model_id, "", why));
        }
        let schema = self.schema();
        let mut violations = match schema.validate(&self.body) {
            Ok(()) => Vec::new(),
            Err(v) => v.0,
        };
        violations.extend(check_inline_media(schema, &self.body).violations);
        if !violations.is_empty() {
            return Err(Error::invalid_request(model_id, Violations(violations)));
        }
        let bytes = serde_json::to_vec(&self.body)
            .map_err(|e| Error::invalid_at(model_id, "", format!("the body does not serialize: {e}")))?;
        if bytes.len() > MAX_BODY_BYTES {
            return Err(Error::invalid_request(
                model_id,
                Violations::from(Violation::new(
                    "",
                    runcomfy_schema::Constraint::Request {
                        message: format!(
                            "the request body is {} bytes, above the {MAX_BODY_BYTES} the client sends (inline media as data: URIs count)",
                            bytes.len()
                        ),
                    },
                )),
            ));
        }
        Ok(bytes)
    }
}

/// Anything the client can run: every generated request type (through [`Endpoint`]) and
/// [`DynamicRequest`]. [`Client::submit`](crate::Client::submit),
/// [`Client::run`](crate::Client::run) and the other calls that start a job take any
/// `JobRequest`, and a [`Runner`](crate::Runner) runs mixed ones: box them, or turn each
/// into a [`DynamicRequest`] with [`JobRequest::to_dynamic`].
///
/// ```
/// use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
/// use runcomfy_client::{DynamicRequest, JobRequest};
///
/// let typed = flux::Request::new(flux::Prompt::new("a fox").unwrap());
/// assert_eq!(typed.model_id(), "blackforestlabs/flux-1-schnell/text-to-image");
/// let dynamic: DynamicRequest = typed.to_dynamic().unwrap().into_owned();
/// assert_eq!(dynamic.body()["prompt"], "a fox");
/// // Mixed requests in one list.
/// let mixed: Vec<Box<dyn JobRequest>> = vec![Box::new(typed), Box::new(dynamic)];
/// assert!(mixed.iter().all(|r| r.model_id() == "blackforestlabs/flux-1-schnell/text-to-image"));
/// ```
pub trait JobRequest: Send + Sync {
    /// The endpoint's model id.
    fn model_id(&self) -> &str;

    /// The request as its endpoint's schema and a JSON body: how the client sees every
    /// request. Fails only when a typed request does not serialize or its compiled-in schema
    /// does not parse.
    fn to_dynamic(&self) -> Result<Cow<'_, DynamicRequest>, Error>;

    /// [`JobRequest::to_dynamic`], consuming the request (no copy of a dynamic one's body).
    fn into_dynamic(self) -> Result<DynamicRequest, Error>
    where
        Self: Sized,
    {
        self.to_dynamic().map(Cow::into_owned)
    }
}

impl<E: Endpoint> JobRequest for E {
    fn model_id(&self) -> &str {
        E::MODEL_ID
    }

    fn to_dynamic(&self) -> Result<Cow<'_, DynamicRequest>, Error> {
        DynamicRequest::typed(self).map(Cow::Owned)
    }
}

impl JobRequest for DynamicRequest {
    fn model_id(&self) -> &str {
        DynamicRequest::model_id(self)
    }

    fn to_dynamic(&self) -> Result<Cow<'_, DynamicRequest>, Error> {
        Ok(Cow::Borrowed(self))
    }

    fn into_dynamic(self) -> Result<DynamicRequest, Error> {
        Ok(self)
    }
}

impl JobRequest for Box<dyn JobRequest> {
    fn model_id(&self) -> &str {
        (**self).model_id()
    }

    fn to_dynamic(&self) -> Result<Cow<'_, DynamicRequest>, Error> {
        (**self).to_dynamic()
    }
}
