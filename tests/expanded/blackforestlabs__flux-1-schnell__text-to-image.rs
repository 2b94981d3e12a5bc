/// Endpoints under `blackforestlabs/`.
#[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
pub mod blackforestlabs {
    /// Endpoints under `blackforestlabs/flux-1-schnell/`.
    #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
    pub mod flux_1_schnell {
        /// Endpoint `blackforestlabs/flux-1-schnell/text-to-image` (schema file `schemas/blackforestlabs/flux-1-schnell/text-to-image.json`).
        ///
        /// Build its `Request` and submit it with the client.
        #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
        pub mod text_to_image {
            use ::runcomfy_client::__runtime as __rt;
            /// The model id of this endpoint.
            pub const MODEL_ID: &str = "blackforestlabs/flux-1-schnell/text-to-image";
            /// The schema file this module was generated from, as bundled.
            pub const SCHEMA_FILE: &str = "schemas/blackforestlabs/flux-1-schnell/text-to-image.json";
            /// The schema text, as bundled at compile time.
            pub const SCHEMA_JSON: &str = "{\n  \"type\": \"object\",\n  \"title\": \"Schema di input\",\n  \"required\": [\n    \"prompt\"\n  ],\n  \"properties\": {\n    \"prompt\": {\n      \"title\": \"Prompt\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"maxLength\": 2048\n    },\n    \"steps\": {\n      \"title\": \"Steps\",\n      \"description\": \"The number of diffusion steps; higher values can improve quality but take longer.\",\n      \"type\": \"integer\",\n      \"maximum\": 8,\n      \"minimum\": 1,\n      \"default\": 4\n    }\n  }\n}\n";
            /// A request to `blackforestlabs/flux-1-schnell/text-to-image`.
            ///
            /// Schema title: Schema di input.
            ///
            /// Required fields are plain, optional ones `Option` (and `None` is never sent). Each field has its own type in this module, whose constructors check the schema's limits, so a value of this type can only hold what the schema allows. Documented defaults are documentation: they are never sent on your behalf.
            #[derive(__rt::Debug, __rt::Clone, __rt::PartialEq)]
            pub struct Request {
                /// **Prompt**
                ///
                /// Required; wire name `"prompt"`.
                pub prompt: Prompt,
                /// **Steps**: The number of diffusion steps; higher values can improve quality but take longer.
                ///
                /// Optional (`None` is not sent); wire name `"steps"`; documented default `4` (documentation only, never sent on your behalf; typed: [`Request::default_steps`]).
                pub steps: __rt::Option<Steps>,
            }
            impl Request {
                /// The model id of this endpoint.
                pub const MODEL_ID: &'static str = "blackforestlabs/flux-1-schnell/text-to-image";
                /// The schema text, as bundled at compile time.
                pub const SCHEMA_JSON: &'static str = SCHEMA_JSON;
                /// The schema file this type was generated from, as bundled.
                pub const SCHEMA_FILE: &'static str = "schemas/blackforestlabs/flux-1-schnell/text-to-image.json";
                /// A request with the required fields (`prompt`) and every optional field unset.
                #[inline]
                #[allow(clippy::too_many_arguments)]
                pub fn new(prompt: Prompt) -> Self {
                    Self {
                        prompt,
                        steps: __rt::Option::None,
                    }
                }
                /// Every documented default as `(wire name, JSON text)`.
                pub const DEFAULTS: &'static [(&'static str, &'static str)] = &[
                    ("steps", "4"),
                ];
                /// The schema's documented default for `steps`. Documentation only: the request does not send it unless you set the field.
                #[inline]
                pub fn default_steps() -> Steps {
                    Steps::__new_unchecked(4i64)
                }
                /// Parses a JSON body, reporting every violation (with its JSON pointer) rather
                /// than the first.
                #[inline]
                pub fn from_json(
                    value: __rt::serde_json::Value,
                ) -> __rt::Result<Self, __rt::Violations> {
                    __rt::request_from_json(value)
                }
                /// Starts a [`RequestBuilder`].
                #[inline]
                pub fn builder() -> RequestBuilder {
                    RequestBuilder {
                        prompt: __rt::Unset::new(),
                        steps: __rt::Option::None,
                    }
                }
            }
            impl __rt::Endpoint for Request {
                const MODEL_ID: &'static str = MODEL_ID;
                const SCHEMA_JSON: &'static str = SCHEMA_JSON;
                type Output = __rt::Output;
                #[inline]
                fn schema() -> __rt::SchemaResult {
                    static SCHEMA: __rt::SchemaCell = __rt::SchemaCell::new();
                    SCHEMA.get(SCHEMA_FILE, MODEL_ID, SCHEMA_JSON)
                }
            }
            impl __rt::Validate for Request {
                #[inline]
                fn validate(&self) -> __rt::Result<(), __rt::Violations> {
                    __rt::validate_typed(self)
                }
            }
            impl __rt::Serialize for Request {
                fn serialize<S: __rt::Serializer>(
                    &self,
                    s: S,
                ) -> __rt::Result<S::Ok, S::Error> {
                    let mut object = __rt::ObjectWriter::new(s)?;
                    object.field("prompt", &self.prompt)?;
                    object.optional("steps", &self.steps)?;
                    object.end()
                }
            }
            impl<'de> __rt::Deserialize<'de> for Request {
                fn deserialize<D: __rt::Deserializer<'de>>(
                    d: D,
                ) -> __rt::Result<Self, D::Error> {
                    #[allow(unused_mut)]
                    let mut object = __rt::ObjectReader::new(d)?;
                    let value = Self {
                        prompt: object.field("prompt")?,
                        steps: object.optional("steps")?,
                    };
                    object.end(value, &["prompt", "steps"])
                }
            }
            impl __rt::JsonSchema for Request {
                #[inline]
                fn schema_name() -> __rt::Cow<'static, str> {
                    __rt::Cow::Borrowed("Request")
                }
                #[inline]
                fn json_schema(_: &mut __rt::SchemaGenerator) -> __rt::Schema {
                    __rt::object_json_schema::<Request>("")
                }
            }
            /// A typestate builder for [`Request`]: set the required fields (`prompt`) and any optional ones, then call `build()`. Calling `build()` before every required field is set does not compile.
            #[must_use = "a builder does nothing until `build()` is called"]
            pub struct RequestBuilder<PromptState = __rt::Unset<Prompt>> {
                prompt: PromptState,
                steps: __rt::Option<Steps>,
            }
            impl RequestBuilder<__rt::Unset<Prompt>> {
                /// Sets the required field `prompt` (wire name `"prompt"`).
                pub fn prompt(self, value: Prompt) -> RequestBuilder<Prompt> {
                    RequestBuilder {
                        prompt: value,
                        steps: self.steps,
                    }
                }
            }
            impl<PromptState> RequestBuilder<PromptState> {
                /// Sets the optional field `steps` (wire name `"steps"`).
                pub fn steps(mut self, value: Steps) -> Self {
                    self.steps = __rt::Option::Some(value);
                    self
                }
                /// The request, with every field that was set. Every required field must be set
                /// first; otherwise this call does not compile.
                pub fn build(self) -> Request
                where
                    PromptState: __rt::IsSet<Prompt>,
                {
                    Request {
                        prompt: __rt::IsSet::into_set_value(self.prompt),
                        steps: self.steps,
                    }
                }
            }
            /// **Prompt**
            ///
            /// Length: at most 2048 characters (Unicode scalar values).
            pub type Prompt = __rt::Text<fields::Prompt>;
            /// **Steps**: The number of diffusion steps; higher values can improve quality but take longer.
            ///
            /// Range: `1 ≤ value ≤ 8`.
            pub type Steps = __rt::Integer<fields::Steps>;
            /// The marker of each field type: its plain value's type, its name, where it sits
            /// in a request and the schema's limits (`Steps` is `Integer<fields::Steps>`).
            pub mod fields {
                use super::__rt;
                /// The marker of [`Prompt`](super::Prompt), at `/prompt` in a request: the schema's limits on it.
                pub enum Prompt {}
                impl __rt::FieldSpec for Prompt {
                    type Value = __rt::String;
                    const NAME: &'static str = "Prompt";
                    const POINTER: &'static str = "/prompt";
                    const LIMITS: __rt::LengthRange = __rt::LengthRange {
                        min: __rt::Option::None,
                        max: __rt::Option::Some(2048),
                    };
                }
                /// The marker of [`Steps`](super::Steps), at `/steps` in a request: the schema's limits on it.
                pub enum Steps {}
                impl __rt::FieldSpec for Steps {
                    type Value = i64;
                    const NAME: &'static str = "Steps";
                    const POINTER: &'static str = "/steps";
                    const LIMITS: __rt::IntegerRange = __rt::Bounds::NONE
                        .minimum(1f64)
                        .maximum(8f64);
                }
            }
        }
    }
}
/// Every generated endpoint: `(model id, schema file, schema text)`, sorted by model id.
pub const ENDPOINTS: &[(&str, &str, &str)] = &[
    (
        self::blackforestlabs::flux_1_schnell::text_to_image::MODEL_ID,
        self::blackforestlabs::flux_1_schnell::text_to_image::SCHEMA_FILE,
        self::blackforestlabs::flux_1_schnell::text_to_image::SCHEMA_JSON,
    ),
];
