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
                ::runcomfy_client::__runtime::serde::Deserialize,
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
                    Steps(4i64)
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
            #[derive(
                ::core::fmt::Debug,
                ::core::clone::Clone,
                ::core::cmp::PartialEq,
                ::core::cmp::Eq,
                ::core::hash::Hash,
                ::core::cmp::PartialOrd,
                ::core::cmp::Ord
            )]
            pub struct Prompt(::std::string::String);
            impl Prompt {
                /// The length limits from the schema, in Unicode scalar values.
                pub const LENGTH: ::runcomfy_client::__runtime::LengthRange = ::runcomfy_client::__runtime::LengthRange {
                    min: ::core::option::Option::None,
                    max: ::core::option::Option::Some(2048u64),
                };
                /// Checks the length of `value` (in Unicode scalar values, not bytes).
                pub fn new(
                    value: impl ::core::convert::Into<::std::string::String>,
                ) -> ::core::result::Result<
                    Self,
                    ::runcomfy_client::__runtime::Violation,
                > {
                    let value = value.into();
                    Self::LENGTH
                        .check_str(&value)
                        .map_err(|c| ::runcomfy_client::__runtime::Violation::new(
                            "/prompt",
                            c,
                        ))?;
                    ::core::result::Result::Ok(Self(value))
                }
                /// The text.
                pub fn as_str(&self) -> &str {
                    &self.0
                }
                /// The text, by value.
                pub fn into_inner(self) -> ::std::string::String {
                    self.0
                }
                /// For the `request!` macro, which checks literals at compile time.
                #[doc(hidden)]
                pub fn __new_unchecked(value: ::std::string::String) -> Self {
                    Self(value)
                }
            }
            impl ::core::ops::Deref for Prompt {
                type Target = str;
                fn deref(&self) -> &str {
                    &self.0
                }
            }
            impl ::core::convert::AsRef<str> for Prompt {
                fn as_ref(&self) -> &str {
                    &self.0
                }
            }
            impl ::core::fmt::Display for Prompt {
                fn fmt(
                    &self,
                    f: &mut ::core::fmt::Formatter<'_>,
                ) -> ::core::fmt::Result {
                    f.write_str(&self.0)
                }
            }
            impl ::core::convert::TryFrom<::std::string::String> for Prompt {
                type Error = ::runcomfy_client::__runtime::Violation;
                fn try_from(
                    value: ::std::string::String,
                ) -> ::core::result::Result<Self, Self::Error> {
                    Self::new(value)
                }
            }
            impl ::core::convert::TryFrom<&str> for Prompt {
                type Error = ::runcomfy_client::__runtime::Violation;
                fn try_from(value: &str) -> ::core::result::Result<Self, Self::Error> {
                    Self::new(value)
                }
            }
            impl ::core::str::FromStr for Prompt {
                type Err = ::runcomfy_client::__runtime::Violation;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    Self::new(value)
                }
            }
            impl ::core::convert::From<Prompt> for ::std::string::String {
                fn from(value: Prompt) -> Self {
                    value.0
                }
            }
            impl ::runcomfy_client::__runtime::serde::Serialize for Prompt {
                fn serialize<S: ::runcomfy_client::__runtime::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(&self.0)
                }
            }
            impl<'de> ::runcomfy_client::__runtime::serde::Deserialize<'de> for Prompt {
                fn deserialize<
                    D: ::runcomfy_client::__runtime::serde::Deserializer<'de>,
                >(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let value = <::std::string::String as ::runcomfy_client::__runtime::serde::Deserialize>::deserialize(
                        deserializer,
                    )?;
                    Self::new(value)
                        .map_err(
                            <D::Error as ::runcomfy_client::__runtime::serde::de::Error>::custom,
                        )
                }
            }
            impl ::runcomfy_client::__runtime::schemars::JsonSchema for Prompt {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed("Prompt")
                }
                fn inline_schema() -> bool {
                    true
                }
                fn json_schema(
                    _generator: &mut ::runcomfy_client::__runtime::schemars::SchemaGenerator,
                ) -> ::runcomfy_client::__runtime::schemars::Schema {
                    let value: ::runcomfy_client::__runtime::serde_json::Value = ::runcomfy_client::__runtime::serde_json::from_str(
                            "{\"type\":\"string\",\"maxLength\":2048}",
                        )
                        .unwrap_or_default();
                    #[allow(unused_mut)]
                    let mut schema = ::runcomfy_client::__runtime::schemars::Schema::try_from(
                            value,
                        )
                        .unwrap_or_default();
                    schema
                }
            }
            /// **Steps**: The number of diffusion steps; higher values can improve quality but take longer.
            ///
            /// Range: `1 ≤ value ≤ 8`.
            #[derive(
                ::core::fmt::Debug,
                ::core::clone::Clone,
                ::core::marker::Copy,
                ::core::cmp::PartialEq,
                ::core::cmp::Eq,
                ::core::hash::Hash,
                ::core::cmp::PartialOrd,
                ::core::cmp::Ord
            )]
            pub struct Steps(i64);
            impl Steps {
                /// The bounds from the schema, as written there.
                pub const RANGE: ::runcomfy_client::__runtime::IntegerRange = ::runcomfy_client::__runtime::IntegerRange {
                    minimum: ::core::option::Option::Some(1f64),
                    maximum: ::core::option::Option::Some(8f64),
                    exclusive_minimum: ::core::option::Option::None,
                    exclusive_maximum: ::core::option::Option::None,
                };
                /// The smallest allowed value.
                pub const MIN: Self = Self(1i64);
                /// The largest allowed value.
                pub const MAX: Self = Self(8i64);
                /// Checks `value` against [`Self::RANGE`].
                pub fn new(
                    value: i64,
                ) -> ::core::result::Result<
                    Self,
                    ::runcomfy_client::__runtime::Violation,
                > {
                    Self::RANGE
                        .check(value)
                        .map_err(|c| ::runcomfy_client::__runtime::Violation::new(
                            "/steps",
                            c,
                        ))?;
                    ::core::result::Result::Ok(Self(value))
                }
                /// The value.
                pub const fn get(self) -> i64 {
                    self.0
                }
                /// For the `request!` macro, which checks literals at compile time.
                #[doc(hidden)]
                pub const fn __new_unchecked(value: i64) -> Self {
                    Self(value)
                }
            }
            impl ::core::convert::TryFrom<i64> for Steps {
                type Error = ::runcomfy_client::__runtime::Violation;
                fn try_from(value: i64) -> ::core::result::Result<Self, Self::Error> {
                    Self::new(value)
                }
            }
            impl ::core::convert::From<Steps> for i64 {
                fn from(value: Steps) -> Self {
                    value.0
                }
            }
            impl ::core::fmt::Display for Steps {
                fn fmt(
                    &self,
                    f: &mut ::core::fmt::Formatter<'_>,
                ) -> ::core::fmt::Result {
                    ::core::fmt::Display::fmt(&self.0, f)
                }
            }
            impl ::core::str::FromStr for Steps {
                type Err = ::runcomfy_client::__runtime::Violation;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    match value.trim().parse::<i64>() {
                        ::core::result::Result::Ok(v) => Self::new(v),
                        ::core::result::Result::Err(_) => {
                            ::core::result::Result::Err(
                                ::runcomfy_client::__runtime::Violation::new(
                                    "/steps",
                                    ::runcomfy_client::__runtime::Constraint::Type {
                                        expected: "an integer",
                                        found: ::std::format!("{value:?}"),
                                    },
                                ),
                            )
                        }
                    }
                }
            }
            impl ::runcomfy_client::__runtime::serde::Serialize for Steps {
                fn serialize<S: ::runcomfy_client::__runtime::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.0)
                }
            }
            impl<'de> ::runcomfy_client::__runtime::serde::Deserialize<'de> for Steps {
                fn deserialize<
                    D: ::runcomfy_client::__runtime::serde::Deserializer<'de>,
                >(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let value = <i64 as ::runcomfy_client::__runtime::serde::Deserialize>::deserialize(
                        deserializer,
                    )?;
                    Self::new(value)
                        .map_err(
                            <D::Error as ::runcomfy_client::__runtime::serde::de::Error>::custom,
                        )
                }
            }
            impl ::runcomfy_client::__runtime::schemars::JsonSchema for Steps {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed("Steps")
                }
                fn inline_schema() -> bool {
                    true
                }
                fn json_schema(
                    _generator: &mut ::runcomfy_client::__runtime::schemars::SchemaGenerator,
                ) -> ::runcomfy_client::__runtime::schemars::Schema {
                    let value: ::runcomfy_client::__runtime::serde_json::Value = ::runcomfy_client::__runtime::serde_json::from_str(
                            "{\"type\":\"integer\",\"minimum\":1,\"maximum\":8}",
                        )
                        .unwrap_or_default();
                    #[allow(unused_mut)]
                    let mut schema = ::runcomfy_client::__runtime::schemars::Schema::try_from(
                            value,
                        )
                        .unwrap_or_default();
                    schema
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
