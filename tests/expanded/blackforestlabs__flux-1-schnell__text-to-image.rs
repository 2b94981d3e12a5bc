/// Endpoints under `blackforestlabs/`.
#[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
pub mod blackforestlabs {
    /// Endpoints under `blackforestlabs/flux-1-schnell/`.
    #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
    pub mod flux_1_schnell {
        /// Endpoint `blackforestlabs/flux-1-schnell/text-to-image` (schema file `schemas/blackforestlabs/flux-1-schnell/text-to-image.json`).
        ///
        /// Build a [`Request`](self::Request) and submit it with the client.
        #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
        pub mod text_to_image {
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
            /// Required fields are plain, optional ones `Option` (and `None` is never sent). Constrained values are newtypes whose constructors check the schema's limits, so a value of this type can only hold what the schema allows. Documented defaults are documentation: they are never sent on your behalf.
            #[derive(
                ::core::fmt::Debug,
                ::core::clone::Clone,
                ::core::cmp::PartialEq,
                ::runcomfy_client::__runtime::serde::Serialize,
                ::runcomfy_client::__runtime::schemars::JsonSchema
            )]
            #[serde(crate = "::runcomfy_client::__runtime::serde", deny_unknown_fields)]
            #[schemars(crate = "::runcomfy_client::__runtime::schemars")]
            pub struct Request {
                /// **Prompt**
                ///
                /// Length: at most 2048 characters (Unicode scalar values).
                ///
                /// Required. Wire name `"prompt"`.
                #[serde()]
                #[schemars(title = "Prompt")]
                pub prompt: Prompt,
                /// **Steps**: The number of diffusion steps; higher values can improve quality but take longer.
                ///
                /// Range: `1 ≤ value ≤ 8`.
                ///
                /// Optional (`None` is not sent). Wire name `"steps"`.
                ///
                /// Documented default: `4` (documentation only, never sent on your behalf; typed: [`Request::default_steps`]).
                #[serde(
                    default,
                    skip_serializing_if = "::core::option::Option::is_none"
                )]
                #[schemars(
                    title = "Steps",
                    description = "The number of diffusion steps; higher values can improve quality but take longer."
                )]
                pub steps: ::core::option::Option<Steps>,
            }
            impl<'de> ::runcomfy_client::__runtime::serde::Deserialize<'de> for Request {
                fn deserialize<
                    D: ::runcomfy_client::__runtime::serde::Deserializer<'de>,
                >(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    #[allow(unused_mut)]
                    let mut map = <::runcomfy_client::__runtime::serde_json::Map<
                        ::std::string::String,
                        ::runcomfy_client::__runtime::serde_json::Value,
                    > as ::runcomfy_client::__runtime::serde::Deserialize>::deserialize(
                        deserializer,
                    )?;
                    let value = Self {
                        prompt: ::runcomfy_client::__runtime::take_required(
                            &mut map,
                            "prompt",
                        )?,
                        steps: ::runcomfy_client::__runtime::take_optional(
                            &mut map,
                            "steps",
                        )?,
                    };
                    ::runcomfy_client::__runtime::reject_unknown::<
                        D::Error,
                    >(&map, &["prompt", "steps"])?;
                    ::core::result::Result::Ok(value)
                }
            }
            impl Request {
                /// A request with the required fields (`prompt`) and every optional field unset.
                #[allow(clippy::too_many_arguments)]
                pub fn new(prompt: Prompt) -> Self {
                    Self {
                        prompt,
                        steps: ::core::option::Option::None,
                    }
                }
                /// Every documented default as `(wire name, JSON text)`.
                pub const DEFAULTS: &'static [(&'static str, &'static str)] = &[
                    ("steps", "4"),
                ];
                /// The schema's documented default for `steps`. Documentation only: the request does not send it unless you set the field.
                pub fn default_steps() -> Steps {
                    Steps::__new_unchecked(4i64)
                }
                /// Parses a JSON body, reporting every violation (with its JSON pointer) rather
                /// than the first.
                pub fn from_json(
                    value: ::runcomfy_client::__runtime::serde_json::Value,
                ) -> ::core::result::Result<
                    Self,
                    ::runcomfy_client::__runtime::Violations,
                > {
                    let schema = <Self as ::runcomfy_client::__runtime::Endpoint>::schema()
                        .map_err(::runcomfy_client::__runtime::Violations::from)?;
                    schema.validate(&value)?;
                    ::runcomfy_client::__runtime::serde_json::from_value(value)
                        .map_err(|e| {
                            ::runcomfy_client::__runtime::Violations::from(
                                ::runcomfy_client::__runtime::Violation::new(
                                    "",
                                    ::runcomfy_client::__runtime::Constraint::Schema {
                                        message: e.to_string(),
                                    },
                                ),
                            )
                        })
                }
            }
            impl ::runcomfy_client::__runtime::Validate for Request {
                fn validate(
                    &self,
                ) -> ::core::result::Result<
                    (),
                    ::runcomfy_client::__runtime::Violations,
                > {
                    ::runcomfy_client::__runtime::validate_typed(self)
                }
            }
            impl ::runcomfy_client::__runtime::Endpoint for Request {
                const MODEL_ID: &'static str = MODEL_ID;
                const SCHEMA_JSON: &'static str = SCHEMA_JSON;
                type Output = ::runcomfy_client::__runtime::Output;
                fn schema() -> ::core::result::Result<
                    &'static ::runcomfy_client::__runtime::EndpointSchema,
                    ::runcomfy_client::__runtime::Violation,
                > {
                    static SCHEMA: ::std::sync::OnceLock<
                        ::core::result::Result<
                            ::runcomfy_client::__runtime::EndpointSchema,
                            ::std::string::String,
                        >,
                    > = ::std::sync::OnceLock::new();
                    ::runcomfy_client::__runtime::embedded_schema(
                        &SCHEMA,
                        SCHEMA_FILE,
                        MODEL_ID,
                        SCHEMA_JSON,
                    )
                }
            }
            /// Marker types naming the required fields in [`RequestBuilder`]'s type.
            #[doc(hidden)]
            pub mod __fields {
                #[allow(non_camel_case_types)]
                #[derive(::core::fmt::Debug)]
                pub struct prompt;
            }
            /// A typestate builder for [`Request`]: set the required fields (`prompt`) and any optional ones, then call `build()`. Calling `build()` before every required field is set does not compile.
            #[must_use = "a builder does nothing until `build()` is called"]
            pub struct RequestBuilder<
                __S0 = ::runcomfy_client::__runtime::Missing<__fields::prompt>,
            > {
                prompt: __S0,
                steps: ::core::option::Option<Steps>,
            }
            impl Request {
                /// Starts a [`RequestBuilder`].
                pub fn builder() -> RequestBuilder {
                    RequestBuilder {
                        prompt: ::runcomfy_client::__runtime::Missing::new(),
                        steps: ::core::option::Option::None,
                    }
                }
            }
            impl RequestBuilder<
                ::runcomfy_client::__runtime::Missing<__fields::prompt>,
            > {
                /// Sets the required field `prompt` (wire name `"prompt"`).
                pub fn prompt(
                    self,
                    value: impl ::core::convert::Into<Prompt>,
                ) -> RequestBuilder<Prompt> {
                    RequestBuilder {
                        prompt: ::core::convert::Into::into(value),
                        steps: self.steps,
                    }
                }
            }
            impl<__S0> RequestBuilder<__S0> {
                /// Sets the optional field `steps` (wire name `"steps"`).
                pub fn steps(
                    mut self,
                    value: impl ::core::convert::Into<Steps>,
                ) -> Self {
                    self.steps = ::core::option::Option::Some(
                        ::core::convert::Into::into(value),
                    );
                    self
                }
            }
            impl<__S0> RequestBuilder<__S0> {
                /// The request, with every field that was set. Every required field must be set
                /// first; otherwise this call does not compile.
                pub fn build(self) -> Request
                where
                    __S0: ::runcomfy_client::__runtime::IsSet<Prompt>,
                {
                    Request {
                        prompt: ::runcomfy_client::__runtime::IsSet::into_value(
                            self.prompt,
                        ),
                        steps: self.steps,
                    }
                }
            }
            /// **Prompt**
            ///
            /// Length: at most 2048 characters (Unicode scalar values).
            pub type Prompt = ::runcomfy_client::__runtime::Text<__spec::Prompt>;
            /// **Steps**: The number of diffusion steps; higher values can improve quality but take longer.
            ///
            /// Range: `1 ≤ value ≤ 8`.
            pub type Steps = ::runcomfy_client::__runtime::Integer<__spec::Steps>;
            /// Marker types carrying each constrained field's limits (see the type aliases).
            #[doc(hidden)]
            pub mod __spec {
                /// Marker of [`super::Prompt`]: the field's constraints.
                #[derive(::core::fmt::Debug)]
                pub enum Prompt {}
                impl ::runcomfy_client::__runtime::FieldSpec for Prompt {
                    const NAME: &'static str = "Prompt";
                    const POINTER: &'static str = "/prompt";
                }
                impl ::runcomfy_client::__runtime::TextSpec for Prompt {
                    const LENGTH: ::runcomfy_client::__runtime::LengthRange = ::runcomfy_client::__runtime::LengthRange {
                        min: ::core::option::Option::None,
                        max: ::core::option::Option::Some(2048u64),
                    };
                }
                /// Marker of [`super::Steps`]: the field's constraints.
                #[derive(::core::fmt::Debug)]
                pub enum Steps {}
                impl ::runcomfy_client::__runtime::FieldSpec for Steps {
                    const NAME: &'static str = "Steps";
                    const POINTER: &'static str = "/steps";
                }
                impl ::runcomfy_client::__runtime::IntegerSpec for Steps {
                    const RANGE: ::runcomfy_client::__runtime::IntegerRange = ::runcomfy_client::__runtime::IntegerRange {
                        minimum: ::core::option::Option::Some(1f64),
                        maximum: ::core::option::Option::Some(8f64),
                        exclusive_minimum: ::core::option::Option::None,
                        exclusive_maximum: ::core::option::Option::None,
                    };
                }
            }
        }
    }
}
/// Every generated endpoint: `(model id, schema file, schema text)`, sorted by model id.
pub const ENDPOINTS: &[(&str, &str, &str)] = &[
    (
        "blackforestlabs/flux-1-schnell/text-to-image",
        "schemas/blackforestlabs/flux-1-schnell/text-to-image.json",
        "{\n  \"type\": \"object\",\n  \"title\": \"Schema di input\",\n  \"required\": [\n    \"prompt\"\n  ],\n  \"properties\": {\n    \"prompt\": {\n      \"title\": \"Prompt\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"maxLength\": 2048\n    },\n    \"steps\": {\n      \"title\": \"Steps\",\n      \"description\": \"The number of diffusion steps; higher values can improve quality but take longer.\",\n      \"type\": \"integer\",\n      \"maximum\": 8,\n      \"minimum\": 1,\n      \"default\": 4\n    }\n  }\n}\n",
    ),
];
