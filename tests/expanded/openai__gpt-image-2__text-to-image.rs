/// Endpoints under `openai/`.
#[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
pub mod openai {
    /// Endpoints under `openai/gpt-image-2/`.
    #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
    pub mod gpt_image_2 {
        /// Endpoint `openai/gpt-image-2/text-to-image` (schema file `schemas/openai/gpt-image-2/text-to-image.json`).
        ///
        /// Build a [`Request`](self::Request) and submit it with the client.
        #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
        pub mod text_to_image {
            /// The model id of this endpoint.
            pub const MODEL_ID: &str = "openai/gpt-image-2/text-to-image";
            /// The schema file this module was generated from, as bundled.
            pub const SCHEMA_FILE: &str = "schemas/openai/gpt-image-2/text-to-image.json";
            /// The schema text, as bundled at compile time.
            pub const SCHEMA_JSON: &str = "{\n  \"type\": \"object\",\n  \"title\": \"Schema di input\",\n  \"required\": [\n    \"prompt\"\n  ],\n  \"properties\": {\n    \"prompt\": {\n      \"title\": \"Prompt\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"default\": \"A minimal hero product still life: a matte ceramic water bottle on warm linen, soft window light, the word \\\"AQUA+\\\" in clean sans-serif on the label, subtle rim highlights, e-commerce ready, 8K detail, neutral background\"\n    },\n    \"aspect_ratio\": {\n      \"title\": \"Proporzioni\",\n      \"description\": \"Proporzioni dell'immagine generata.\",\n      \"type\": \"string\",\n      \"enum\": [\n        \"1:1\",\n        \"3:2\",\n        \"2:3\",\n        \"3:4\",\n        \"4:3\",\n        \"4:5\",\n        \"5:4\",\n        \"9:16\",\n        \"16:9\",\n        \"21:9\"\n      ],\n      \"default\": \"1:1\"\n    },\n    \"resolution\": {\n      \"title\": \"Risoluzione\",\n      \"description\": \"Risoluzione di output.\",\n      \"type\": \"string\",\n      \"enum\": [\n        \"1k\",\n        \"2k\",\n        \"4k\"\n      ],\n      \"default\": \"1k\"\n    },\n    \"quality\": {\n      \"title\": \"Qualità\",\n      \"description\": \"Qualità dell'immagine.\",\n      \"type\": \"string\",\n      \"enum\": [\n        \"low\",\n        \"medium\",\n        \"high\"\n      ],\n      \"default\": \"medium\"\n    },\n    \"output_format\": {\n      \"title\": \"Formato di output\",\n      \"description\": \"Formato dell'immagine in uscita.\",\n      \"type\": \"string\",\n      \"enum\": [\n        \"png\",\n        \"jpeg\",\n        \"webp\"\n      ],\n      \"default\": \"png\"\n    }\n  }\n}\n";
            /// A request to `openai/gpt-image-2/text-to-image`.
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
                /// Required. Wire name `"prompt"`.
                ///
                /// Documented default: `"A minimal hero product still life: a matte ceramic water bottle on warm linen, soft window light, the word \"AQUA+\" in clean sans-serif on the label, subtle rim highlights, e-commerce ready, 8K deta...` (documentation only, never sent on your behalf; typed: [`Request::default_prompt`]).
                #[serde()]
                #[schemars(title = "Prompt")]
                pub prompt: ::std::string::String,
                /// **Proporzioni**: Proporzioni dell'immagine generata.
                ///
                /// Allowed values: `"1:1"`, `"3:2"`, `"2:3"`, `"3:4"`, `"4:3"`, `"4:5"`, `"5:4"`, `"9:16"`, `"16:9"`, `"21:9"`.
                ///
                /// Optional (`None` is not sent). Wire name `"aspect_ratio"`.
                ///
                /// Documented default: `"1:1"` (documentation only, never sent on your behalf; typed: [`Request::default_aspect_ratio`]).
                #[serde(
                    default,
                    skip_serializing_if = "::core::option::Option::is_none"
                )]
                #[schemars(
                    title = "Proporzioni",
                    description = "Proporzioni dell'immagine generata."
                )]
                pub aspect_ratio: ::core::option::Option<AspectRatio>,
                /// **Risoluzione**: Risoluzione di output.
                ///
                /// Allowed values: `"1k"`, `"2k"`, `"4k"`.
                ///
                /// Optional (`None` is not sent). Wire name `"resolution"`.
                ///
                /// Documented default: `"1k"` (documentation only, never sent on your behalf; typed: [`Request::default_resolution`]).
                #[serde(
                    default,
                    skip_serializing_if = "::core::option::Option::is_none"
                )]
                #[schemars(
                    title = "Risoluzione",
                    description = "Risoluzione di output."
                )]
                pub resolution: ::core::option::Option<Resolution>,
                /// **Qualità**: Qualità dell'immagine.
                ///
                /// Allowed values: `"low"`, `"medium"`, `"high"`.
                ///
                /// Optional (`None` is not sent). Wire name `"quality"`.
                ///
                /// Documented default: `"medium"` (documentation only, never sent on your behalf; typed: [`Request::default_quality`]).
                #[serde(
                    default,
                    skip_serializing_if = "::core::option::Option::is_none"
                )]
                #[schemars(title = "Qualità", description = "Qualità dell'immagine.")]
                pub quality: ::core::option::Option<Quality>,
                /// **Formato di output**: Formato dell'immagine in uscita.
                ///
                /// Allowed values: `"png"`, `"jpeg"`, `"webp"`.
                ///
                /// Optional (`None` is not sent). Wire name `"output_format"`.
                ///
                /// Documented default: `"png"` (documentation only, never sent on your behalf; typed: [`Request::default_output_format`]).
                #[serde(
                    default,
                    skip_serializing_if = "::core::option::Option::is_none"
                )]
                #[schemars(
                    title = "Formato di output",
                    description = "Formato dell'immagine in uscita."
                )]
                pub output_format: ::core::option::Option<OutputFormat>,
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
                        aspect_ratio: ::runcomfy_client::__runtime::take_optional(
                            &mut map,
                            "aspect_ratio",
                        )?,
                        resolution: ::runcomfy_client::__runtime::take_optional(
                            &mut map,
                            "resolution",
                        )?,
                        quality: ::runcomfy_client::__runtime::take_optional(
                            &mut map,
                            "quality",
                        )?,
                        output_format: ::runcomfy_client::__runtime::take_optional(
                            &mut map,
                            "output_format",
                        )?,
                    };
                    ::runcomfy_client::__runtime::reject_unknown::<
                        D::Error,
                    >(
                        &map,
                        &[
                            "prompt",
                            "aspect_ratio",
                            "resolution",
                            "quality",
                            "output_format",
                        ],
                    )?;
                    ::core::result::Result::Ok(value)
                }
            }
            impl Request {
                /// A request with the required fields (`prompt`) and every optional field unset.
                #[allow(clippy::too_many_arguments)]
                pub fn new(prompt: ::std::string::String) -> Self {
                    Self {
                        prompt,
                        aspect_ratio: ::core::option::Option::None,
                        resolution: ::core::option::Option::None,
                        quality: ::core::option::Option::None,
                        output_format: ::core::option::Option::None,
                    }
                }
                /// Every documented default as `(wire name, JSON text)`.
                pub const DEFAULTS: &'static [(&'static str, &'static str)] = &[
                    (
                        "prompt",
                        "\"A minimal hero product still life: a matte ceramic water bottle on warm linen, soft window light, the word \\\"AQUA+\\\" in clean sans-serif on the label, subtle rim highlights, e-commerce ready, 8K detail, neutral background\"",
                    ),
                    ("aspect_ratio", "\"1:1\""),
                    ("resolution", "\"1k\""),
                    ("quality", "\"medium\""),
                    ("output_format", "\"png\""),
                ];
                /// The schema's documented default for `prompt`. Documentation only: the request does not send it unless you set the field.
                pub fn default_prompt() -> ::std::string::String {
                    ::std::string::String::from(
                        "A minimal hero product still life: a matte ceramic water bottle on warm linen, soft window light, the word \"AQUA+\" in clean sans-serif on the label, subtle rim highlights, e-commerce ready, 8K detail, neutral background",
                    )
                }
                /// The schema's documented default for `aspect_ratio`. Documentation only: the request does not send it unless you set the field.
                pub fn default_aspect_ratio() -> AspectRatio {
                    AspectRatio::V1_1
                }
                /// The schema's documented default for `resolution`. Documentation only: the request does not send it unless you set the field.
                pub fn default_resolution() -> Resolution {
                    Resolution::V1k
                }
                /// The schema's documented default for `quality`. Documentation only: the request does not send it unless you set the field.
                pub fn default_quality() -> Quality {
                    Quality::Medium
                }
                /// The schema's documented default for `output_format`. Documentation only: the request does not send it unless you set the field.
                pub fn default_output_format() -> OutputFormat {
                    OutputFormat::Png
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
                aspect_ratio: ::core::option::Option<AspectRatio>,
                resolution: ::core::option::Option<Resolution>,
                quality: ::core::option::Option<Quality>,
                output_format: ::core::option::Option<OutputFormat>,
            }
            impl Request {
                /// Starts a [`RequestBuilder`].
                pub fn builder() -> RequestBuilder {
                    RequestBuilder {
                        prompt: ::runcomfy_client::__runtime::Missing::new(),
                        aspect_ratio: ::core::option::Option::None,
                        resolution: ::core::option::Option::None,
                        quality: ::core::option::Option::None,
                        output_format: ::core::option::Option::None,
                    }
                }
            }
            impl RequestBuilder<
                ::runcomfy_client::__runtime::Missing<__fields::prompt>,
            > {
                /// Sets the required field `prompt` (wire name `"prompt"`).
                pub fn prompt(
                    self,
                    value: impl ::core::convert::Into<::std::string::String>,
                ) -> RequestBuilder<::std::string::String> {
                    RequestBuilder {
                        prompt: ::core::convert::Into::into(value),
                        aspect_ratio: self.aspect_ratio,
                        resolution: self.resolution,
                        quality: self.quality,
                        output_format: self.output_format,
                    }
                }
            }
            impl<__S0> RequestBuilder<__S0> {
                /// Sets the optional field `aspect_ratio` (wire name `"aspect_ratio"`).
                pub fn aspect_ratio(
                    mut self,
                    value: impl ::core::convert::Into<AspectRatio>,
                ) -> Self {
                    self.aspect_ratio = ::core::option::Option::Some(
                        ::core::convert::Into::into(value),
                    );
                    self
                }
                /// Sets the optional field `resolution` (wire name `"resolution"`).
                pub fn resolution(
                    mut self,
                    value: impl ::core::convert::Into<Resolution>,
                ) -> Self {
                    self.resolution = ::core::option::Option::Some(
                        ::core::convert::Into::into(value),
                    );
                    self
                }
                /// Sets the optional field `quality` (wire name `"quality"`).
                pub fn quality(
                    mut self,
                    value: impl ::core::convert::Into<Quality>,
                ) -> Self {
                    self.quality = ::core::option::Option::Some(
                        ::core::convert::Into::into(value),
                    );
                    self
                }
                /// Sets the optional field `output_format` (wire name `"output_format"`).
                pub fn output_format(
                    mut self,
                    value: impl ::core::convert::Into<OutputFormat>,
                ) -> Self {
                    self.output_format = ::core::option::Option::Some(
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
                    __S0: ::runcomfy_client::__runtime::IsSet<::std::string::String>,
                {
                    Request {
                        prompt: ::runcomfy_client::__runtime::IsSet::into_value(
                            self.prompt,
                        ),
                        aspect_ratio: self.aspect_ratio,
                        resolution: self.resolution,
                        quality: self.quality,
                        output_format: self.output_format,
                    }
                }
            }
            /// **Proporzioni**: Proporzioni dell'immagine generata.
            ///
            /// Allowed values: `"1:1"`, `"3:2"`, `"2:3"`, `"3:4"`, `"4:3"`, `"4:5"`, `"5:4"`, `"9:16"`, `"16:9"`, `"21:9"`.
            #[derive(
                ::core::fmt::Debug,
                ::core::clone::Clone,
                ::core::marker::Copy,
                ::core::cmp::PartialEq,
                ::core::cmp::Eq,
                ::core::hash::Hash
            )]
            pub enum AspectRatio {
                /// `"1:1"`
                V1_1,
                /// `"3:2"`
                V3_2,
                /// `"2:3"`
                V2_3,
                /// `"3:4"`
                V3_4,
                /// `"4:3"`
                V4_3,
                /// `"4:5"`
                V4_5,
                /// `"5:4"`
                V5_4,
                /// `"9:16"`
                V9_16,
                /// `"16:9"`
                V16_9,
                /// `"21:9"`
                V21_9,
            }
            impl AspectRatio {
                /// Every allowed value, in the schema's order.
                pub const ALL: &'static [Self] = <Self as ::runcomfy_client::__runtime::LiteralEnum>::ALL;
                /// The value as text, without JSON quotes (`16:9`, `5`): what a CLI user types.
                pub const fn as_str(self) -> &'static str {
                    <Self as ::runcomfy_client::__runtime::LiteralEnum>::TEXTS[self
                        as usize]
                }
                /// The value whose JSON literal equals `value`.
                pub fn from_json(
                    value: &::runcomfy_client::__runtime::serde_json::Value,
                ) -> ::core::option::Option<Self> {
                    ::runcomfy_client::__runtime::enum_from_json(value)
                }
            }
            impl ::runcomfy_client::__runtime::LiteralEnum for AspectRatio {
                const NAME: &'static str = "AspectRatio";
                const POINTER: &'static str = "/aspect_ratio";
                const ALL: &'static [Self] = &[
                    Self::V1_1,
                    Self::V3_2,
                    Self::V2_3,
                    Self::V3_4,
                    Self::V4_3,
                    Self::V4_5,
                    Self::V5_4,
                    Self::V9_16,
                    Self::V16_9,
                    Self::V21_9,
                ];
                const LITERALS: &'static [::runcomfy_client::__runtime::LiteralRef<
                    'static,
                >] = &[
                    ::runcomfy_client::__runtime::LiteralRef::Str("1:1"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("3:2"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("2:3"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("3:4"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("4:3"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("4:5"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("5:4"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("9:16"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("16:9"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("21:9"),
                ];
                const TEXTS: &'static [&'static str] = &[
                    "1:1",
                    "3:2",
                    "2:3",
                    "3:4",
                    "4:3",
                    "4:5",
                    "5:4",
                    "9:16",
                    "16:9",
                    "21:9",
                ];
                const JSON_TYPE: ::core::option::Option<&'static str> = ::core::option::Option::Some(
                    "string",
                );
                fn index(self) -> usize {
                    self as usize
                }
            }
            impl ::core::fmt::Display for AspectRatio {
                fn fmt(
                    &self,
                    f: &mut ::core::fmt::Formatter<'_>,
                ) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl ::core::str::FromStr for AspectRatio {
                type Err = ::runcomfy_client::__runtime::Violation;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    ::runcomfy_client::__runtime::enum_from_str(value)
                }
            }
            impl ::runcomfy_client::__runtime::serde::Serialize for AspectRatio {
                fn serialize<S: ::runcomfy_client::__runtime::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    ::runcomfy_client::__runtime::enum_serialize(*self, serializer)
                }
            }
            impl<'de> ::runcomfy_client::__runtime::serde::Deserialize<'de>
            for AspectRatio {
                fn deserialize<
                    D: ::runcomfy_client::__runtime::serde::Deserializer<'de>,
                >(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    ::runcomfy_client::__runtime::enum_deserialize(deserializer)
                }
            }
            impl ::runcomfy_client::__runtime::schemars::JsonSchema for AspectRatio {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed("AspectRatio")
                }
                fn inline_schema() -> bool {
                    true
                }
                fn json_schema(
                    _: &mut ::runcomfy_client::__runtime::schemars::SchemaGenerator,
                ) -> ::runcomfy_client::__runtime::schemars::Schema {
                    ::runcomfy_client::__runtime::enum_json_schema::<Self>()
                }
            }
            /// **Risoluzione**: Risoluzione di output.
            ///
            /// Allowed values: `"1k"`, `"2k"`, `"4k"`.
            #[derive(
                ::core::fmt::Debug,
                ::core::clone::Clone,
                ::core::marker::Copy,
                ::core::cmp::PartialEq,
                ::core::cmp::Eq,
                ::core::hash::Hash
            )]
            pub enum Resolution {
                /// `"1k"`
                V1k,
                /// `"2k"`
                V2k,
                /// `"4k"`
                V4k,
            }
            impl Resolution {
                /// Every allowed value, in the schema's order.
                pub const ALL: &'static [Self] = <Self as ::runcomfy_client::__runtime::LiteralEnum>::ALL;
                /// The value as text, without JSON quotes (`16:9`, `5`): what a CLI user types.
                pub const fn as_str(self) -> &'static str {
                    <Self as ::runcomfy_client::__runtime::LiteralEnum>::TEXTS[self
                        as usize]
                }
                /// The value whose JSON literal equals `value`.
                pub fn from_json(
                    value: &::runcomfy_client::__runtime::serde_json::Value,
                ) -> ::core::option::Option<Self> {
                    ::runcomfy_client::__runtime::enum_from_json(value)
                }
            }
            impl ::runcomfy_client::__runtime::LiteralEnum for Resolution {
                const NAME: &'static str = "Resolution";
                const POINTER: &'static str = "/resolution";
                const ALL: &'static [Self] = &[Self::V1k, Self::V2k, Self::V4k];
                const LITERALS: &'static [::runcomfy_client::__runtime::LiteralRef<
                    'static,
                >] = &[
                    ::runcomfy_client::__runtime::LiteralRef::Str("1k"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("2k"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("4k"),
                ];
                const TEXTS: &'static [&'static str] = &["1k", "2k", "4k"];
                const JSON_TYPE: ::core::option::Option<&'static str> = ::core::option::Option::Some(
                    "string",
                );
                fn index(self) -> usize {
                    self as usize
                }
            }
            impl ::core::fmt::Display for Resolution {
                fn fmt(
                    &self,
                    f: &mut ::core::fmt::Formatter<'_>,
                ) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl ::core::str::FromStr for Resolution {
                type Err = ::runcomfy_client::__runtime::Violation;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    ::runcomfy_client::__runtime::enum_from_str(value)
                }
            }
            impl ::runcomfy_client::__runtime::serde::Serialize for Resolution {
                fn serialize<S: ::runcomfy_client::__runtime::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    ::runcomfy_client::__runtime::enum_serialize(*self, serializer)
                }
            }
            impl<'de> ::runcomfy_client::__runtime::serde::Deserialize<'de>
            for Resolution {
                fn deserialize<
                    D: ::runcomfy_client::__runtime::serde::Deserializer<'de>,
                >(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    ::runcomfy_client::__runtime::enum_deserialize(deserializer)
                }
            }
            impl ::runcomfy_client::__runtime::schemars::JsonSchema for Resolution {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed("Resolution")
                }
                fn inline_schema() -> bool {
                    true
                }
                fn json_schema(
                    _: &mut ::runcomfy_client::__runtime::schemars::SchemaGenerator,
                ) -> ::runcomfy_client::__runtime::schemars::Schema {
                    ::runcomfy_client::__runtime::enum_json_schema::<Self>()
                }
            }
            /// **Qualità**: Qualità dell'immagine.
            ///
            /// Allowed values: `"low"`, `"medium"`, `"high"`.
            #[derive(
                ::core::fmt::Debug,
                ::core::clone::Clone,
                ::core::marker::Copy,
                ::core::cmp::PartialEq,
                ::core::cmp::Eq,
                ::core::hash::Hash
            )]
            pub enum Quality {
                /// `"low"`
                Low,
                /// `"medium"`
                Medium,
                /// `"high"`
                High,
            }
            impl Quality {
                /// Every allowed value, in the schema's order.
                pub const ALL: &'static [Self] = <Self as ::runcomfy_client::__runtime::LiteralEnum>::ALL;
                /// The value as text, without JSON quotes (`16:9`, `5`): what a CLI user types.
                pub const fn as_str(self) -> &'static str {
                    <Self as ::runcomfy_client::__runtime::LiteralEnum>::TEXTS[self
                        as usize]
                }
                /// The value whose JSON literal equals `value`.
                pub fn from_json(
                    value: &::runcomfy_client::__runtime::serde_json::Value,
                ) -> ::core::option::Option<Self> {
                    ::runcomfy_client::__runtime::enum_from_json(value)
                }
            }
            impl ::runcomfy_client::__runtime::LiteralEnum for Quality {
                const NAME: &'static str = "Quality";
                const POINTER: &'static str = "/quality";
                const ALL: &'static [Self] = &[Self::Low, Self::Medium, Self::High];
                const LITERALS: &'static [::runcomfy_client::__runtime::LiteralRef<
                    'static,
                >] = &[
                    ::runcomfy_client::__runtime::LiteralRef::Str("low"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("medium"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("high"),
                ];
                const TEXTS: &'static [&'static str] = &["low", "medium", "high"];
                const JSON_TYPE: ::core::option::Option<&'static str> = ::core::option::Option::Some(
                    "string",
                );
                fn index(self) -> usize {
                    self as usize
                }
            }
            impl ::core::fmt::Display for Quality {
                fn fmt(
                    &self,
                    f: &mut ::core::fmt::Formatter<'_>,
                ) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl ::core::str::FromStr for Quality {
                type Err = ::runcomfy_client::__runtime::Violation;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    ::runcomfy_client::__runtime::enum_from_str(value)
                }
            }
            impl ::runcomfy_client::__runtime::serde::Serialize for Quality {
                fn serialize<S: ::runcomfy_client::__runtime::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    ::runcomfy_client::__runtime::enum_serialize(*self, serializer)
                }
            }
            impl<'de> ::runcomfy_client::__runtime::serde::Deserialize<'de> for Quality {
                fn deserialize<
                    D: ::runcomfy_client::__runtime::serde::Deserializer<'de>,
                >(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    ::runcomfy_client::__runtime::enum_deserialize(deserializer)
                }
            }
            impl ::runcomfy_client::__runtime::schemars::JsonSchema for Quality {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed("Quality")
                }
                fn inline_schema() -> bool {
                    true
                }
                fn json_schema(
                    _: &mut ::runcomfy_client::__runtime::schemars::SchemaGenerator,
                ) -> ::runcomfy_client::__runtime::schemars::Schema {
                    ::runcomfy_client::__runtime::enum_json_schema::<Self>()
                }
            }
            /// **Formato di output**: Formato dell'immagine in uscita.
            ///
            /// Allowed values: `"png"`, `"jpeg"`, `"webp"`.
            #[derive(
                ::core::fmt::Debug,
                ::core::clone::Clone,
                ::core::marker::Copy,
                ::core::cmp::PartialEq,
                ::core::cmp::Eq,
                ::core::hash::Hash
            )]
            pub enum OutputFormat {
                /// `"png"`
                Png,
                /// `"jpeg"`
                Jpeg,
                /// `"webp"`
                Webp,
            }
            impl OutputFormat {
                /// Every allowed value, in the schema's order.
                pub const ALL: &'static [Self] = <Self as ::runcomfy_client::__runtime::LiteralEnum>::ALL;
                /// The value as text, without JSON quotes (`16:9`, `5`): what a CLI user types.
                pub const fn as_str(self) -> &'static str {
                    <Self as ::runcomfy_client::__runtime::LiteralEnum>::TEXTS[self
                        as usize]
                }
                /// The value whose JSON literal equals `value`.
                pub fn from_json(
                    value: &::runcomfy_client::__runtime::serde_json::Value,
                ) -> ::core::option::Option<Self> {
                    ::runcomfy_client::__runtime::enum_from_json(value)
                }
            }
            impl ::runcomfy_client::__runtime::LiteralEnum for OutputFormat {
                const NAME: &'static str = "OutputFormat";
                const POINTER: &'static str = "/output_format";
                const ALL: &'static [Self] = &[Self::Png, Self::Jpeg, Self::Webp];
                const LITERALS: &'static [::runcomfy_client::__runtime::LiteralRef<
                    'static,
                >] = &[
                    ::runcomfy_client::__runtime::LiteralRef::Str("png"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("jpeg"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("webp"),
                ];
                const TEXTS: &'static [&'static str] = &["png", "jpeg", "webp"];
                const JSON_TYPE: ::core::option::Option<&'static str> = ::core::option::Option::Some(
                    "string",
                );
                fn index(self) -> usize {
                    self as usize
                }
            }
            impl ::core::fmt::Display for OutputFormat {
                fn fmt(
                    &self,
                    f: &mut ::core::fmt::Formatter<'_>,
                ) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl ::core::str::FromStr for OutputFormat {
                type Err = ::runcomfy_client::__runtime::Violation;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    ::runcomfy_client::__runtime::enum_from_str(value)
                }
            }
            impl ::runcomfy_client::__runtime::serde::Serialize for OutputFormat {
                fn serialize<S: ::runcomfy_client::__runtime::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    ::runcomfy_client::__runtime::enum_serialize(*self, serializer)
                }
            }
            impl<'de> ::runcomfy_client::__runtime::serde::Deserialize<'de>
            for OutputFormat {
                fn deserialize<
                    D: ::runcomfy_client::__runtime::serde::Deserializer<'de>,
                >(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    ::runcomfy_client::__runtime::enum_deserialize(deserializer)
                }
            }
            impl ::runcomfy_client::__runtime::schemars::JsonSchema for OutputFormat {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed("OutputFormat")
                }
                fn inline_schema() -> bool {
                    true
                }
                fn json_schema(
                    _: &mut ::runcomfy_client::__runtime::schemars::SchemaGenerator,
                ) -> ::runcomfy_client::__runtime::schemars::Schema {
                    ::runcomfy_client::__runtime::enum_json_schema::<Self>()
                }
            }
        }
    }
}
/// Every generated endpoint: `(model id, schema file, schema text)`, sorted by model id.
pub const ENDPOINTS: &[(&str, &str, &str)] = &[
    (
        "openai/gpt-image-2/text-to-image",
        "schemas/openai/gpt-image-2/text-to-image.json",
        "{\n  \"type\": \"object\",\n  \"title\": \"Schema di input\",\n  \"required\": [\n    \"prompt\"\n  ],\n  \"properties\": {\n    \"prompt\": {\n      \"title\": \"Prompt\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"default\": \"A minimal hero product still life: a matte ceramic water bottle on warm linen, soft window light, the word \\\"AQUA+\\\" in clean sans-serif on the label, subtle rim highlights, e-commerce ready, 8K detail, neutral background\"\n    },\n    \"aspect_ratio\": {\n      \"title\": \"Proporzioni\",\n      \"description\": \"Proporzioni dell'immagine generata.\",\n      \"type\": \"string\",\n      \"enum\": [\n        \"1:1\",\n        \"3:2\",\n        \"2:3\",\n        \"3:4\",\n        \"4:3\",\n        \"4:5\",\n        \"5:4\",\n        \"9:16\",\n        \"16:9\",\n        \"21:9\"\n      ],\n      \"default\": \"1:1\"\n    },\n    \"resolution\": {\n      \"title\": \"Risoluzione\",\n      \"description\": \"Risoluzione di output.\",\n      \"type\": \"string\",\n      \"enum\": [\n        \"1k\",\n        \"2k\",\n        \"4k\"\n      ],\n      \"default\": \"1k\"\n    },\n    \"quality\": {\n      \"title\": \"Qualità\",\n      \"description\": \"Qualità dell'immagine.\",\n      \"type\": \"string\",\n      \"enum\": [\n        \"low\",\n        \"medium\",\n        \"high\"\n      ],\n      \"default\": \"medium\"\n    },\n    \"output_format\": {\n      \"title\": \"Formato di output\",\n      \"description\": \"Formato dell'immagine in uscita.\",\n      \"type\": \"string\",\n      \"enum\": [\n        \"png\",\n        \"jpeg\",\n        \"webp\"\n      ],\n      \"default\": \"png\"\n    }\n  }\n}\n",
    ),
];
