/// Endpoints under `bytedance/`.
#[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
pub mod bytedance {
    /// Endpoints under `bytedance/dreamina-4-0/`.
    #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
    pub mod dreamina_4_0 {
        /// Endpoint `bytedance/dreamina-4-0/text-to-image` (schema file `schemas/bytedance/dreamina-4-0/text-to-image.json`).
        ///
        /// Build a [`Request`](self::Request) and submit it with the client.
        #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
        pub mod text_to_image {
            /// The model id of this endpoint.
            pub const MODEL_ID: &str = "bytedance/dreamina-4-0/text-to-image";
            /// The schema file this module was generated from, as bundled.
            pub const SCHEMA_FILE: &str = "schemas/bytedance/dreamina-4-0/text-to-image.json";
            /// The schema text, as bundled at compile time.
            pub const SCHEMA_JSON: &str = "{\n  \"type\": \"object\",\n  \"title\": \"Schema di input\",\n  \"required\": [\n    \"prompt\"\n  ],\n  \"properties\": {\n    \"prompt\": {\n      \"title\": \"Prompt\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"maxLength\": 800,\n      \"default\": \"A beautiful girl is walking on the street\"\n    },\n    \"width×height\": {\n      \"title\": \"Aspect Ratio (W:H)\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"enum\": [\n        \"1024x1024(1:1)\",\n        \"2048x2048(1:1)\",\n        \"2304x1728(4:3)\",\n        \"2496x1664(3:2)\",\n        \"2560x1440(16:9)\",\n        \"3024x1296(21:9)\",\n        \"4096x4096(1:1)\",\n        \"4694x3520(4:3)\",\n        \"4992x3328(3:2)\",\n        \"5404x3040(16:9)\",\n        \"6198x2656(21:9)\"\n      ],\n      \"default\": \"2048x2048(1:1)\"\n    },\n    \"scale\": {\n      \"title\": \"Scale\",\n      \"description\": \"Controls how strongly the text prompt influences the result relative to input images. Higher values increase text influence.\",\n      \"type\": \"float\",\n      \"minimum\": 0,\n      \"maximum\": 1,\n      \"default\": 0.5\n    },\n    \"force_single\": {\n      \"title\": \"Force Single Image\",\n      \"description\": \"Whether to force generation of a single image. More images per set increase latency; for stability, specify group count/resolution or pass width and height.\",\n      \"type\": \"boolean\",\n      \"default\": false\n    }\n  }\n}\n";
            /// A request to `bytedance/dreamina-4-0/text-to-image`.
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
                /// Length: at most 800 characters (Unicode scalar values).
                ///
                /// Required. Wire name `"prompt"`.
                ///
                /// Documented default: `"A beautiful girl is walking on the street"` (documentation only, never sent on your behalf; typed: [`Request::default_prompt`]).
                #[serde()]
                #[schemars(title = "Prompt")]
                pub prompt: Prompt,
                /// **Aspect Ratio (W:H)**
                ///
                /// Allowed values: `"1024x1024(1:1)"`, `"2048x2048(1:1)"`, `"2304x1728(4:3)"`, `"2496x1664(3:2)"`, `"2560x1440(16:9)"`, `"3024x1296(21:9)"`, `"4096x4096(1:1)"`, `"4694x3520(4:3)"`, `"4992x3328(3:2)"`, `"5404x3040(16:9)"`, `"6198x2656(21:9)"`.
                ///
                /// Optional (`None` is not sent). Wire name `"width×height"`.
                ///
                /// Documented default: `"2048x2048(1:1)"` (documentation only, never sent on your behalf; typed: [`Request::default_width_height`]).
                #[serde(
                    rename = "width×height",
                    default,
                    skip_serializing_if = "::core::option::Option::is_none"
                )]
                #[schemars(title = "Aspect Ratio (W:H)")]
                pub width_height: ::core::option::Option<WidthHeight>,
                /// **Scale**: Controls how strongly the text prompt influences the result relative to input images. Higher values increase text influence.
                ///
                /// Range: `0 ≤ value ≤ 1`.
                ///
                /// Optional (`None` is not sent). Wire name `"scale"`.
                ///
                /// Documented default: `0.5` (documentation only, never sent on your behalf; typed: [`Request::default_scale`]).
                #[serde(
                    default,
                    skip_serializing_if = "::core::option::Option::is_none"
                )]
                #[schemars(
                    title = "Scale",
                    description = "Controls how strongly the text prompt influences the result relative to input images. Higher values increase text influence."
                )]
                pub scale: ::core::option::Option<Scale>,
                /// **Force Single Image**: Whether to force generation of a single image. More images per set increase latency; for stability, specify group count/resolution or pass width and height.
                ///
                /// Optional (`None` is not sent). Wire name `"force_single"`.
                ///
                /// Documented default: `false` (documentation only, never sent on your behalf; typed: [`Request::default_force_single`]).
                #[serde(
                    default,
                    skip_serializing_if = "::core::option::Option::is_none"
                )]
                #[schemars(
                    title = "Force Single Image",
                    description = "Whether to force generation of a single image. More images per set increase latency; for stability, specify group count/resolution or pass width and height."
                )]
                pub force_single: ::core::option::Option<bool>,
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
                        width_height: ::runcomfy_client::__runtime::take_optional(
                            &mut map,
                            "width×height",
                        )?,
                        scale: ::runcomfy_client::__runtime::take_optional(
                            &mut map,
                            "scale",
                        )?,
                        force_single: ::runcomfy_client::__runtime::take_optional(
                            &mut map,
                            "force_single",
                        )?,
                    };
                    ::runcomfy_client::__runtime::reject_unknown::<
                        D::Error,
                    >(&map, &["prompt", "width×height", "scale", "force_single"])?;
                    ::core::result::Result::Ok(value)
                }
            }
            impl Request {
                /// A request with the required fields (`prompt`) and every optional field unset.
                #[allow(clippy::too_many_arguments)]
                pub fn new(prompt: Prompt) -> Self {
                    Self {
                        prompt,
                        width_height: ::core::option::Option::None,
                        scale: ::core::option::Option::None,
                        force_single: ::core::option::Option::None,
                    }
                }
                /// Every documented default as `(wire name, JSON text)`.
                pub const DEFAULTS: &'static [(&'static str, &'static str)] = &[
                    ("prompt", "\"A beautiful girl is walking on the street\""),
                    ("width×height", "\"2048x2048(1:1)\""),
                    ("scale", "0.5"),
                    ("force_single", "false"),
                ];
                /// The schema's documented default for `prompt`. Documentation only: the request does not send it unless you set the field.
                pub fn default_prompt() -> Prompt {
                    Prompt::__new_unchecked(
                        ::std::string::String::from(
                            "A beautiful girl is walking on the street",
                        ),
                    )
                }
                /// The schema's documented default for `width×height`. Documentation only: the request does not send it unless you set the field.
                pub fn default_width_height() -> WidthHeight {
                    WidthHeight::V2048x2048_1_1
                }
                /// The schema's documented default for `scale`. Documentation only: the request does not send it unless you set the field.
                pub fn default_scale() -> Scale {
                    Scale::__new_unchecked(0.5f64)
                }
                /// The schema's documented default for `force_single`. Documentation only: the request does not send it unless you set the field.
                pub fn default_force_single() -> bool {
                    false
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
                width_height: ::core::option::Option<WidthHeight>,
                scale: ::core::option::Option<Scale>,
                force_single: ::core::option::Option<bool>,
            }
            impl Request {
                /// Starts a [`RequestBuilder`].
                pub fn builder() -> RequestBuilder {
                    RequestBuilder {
                        prompt: ::runcomfy_client::__runtime::Missing::new(),
                        width_height: ::core::option::Option::None,
                        scale: ::core::option::Option::None,
                        force_single: ::core::option::Option::None,
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
                        width_height: self.width_height,
                        scale: self.scale,
                        force_single: self.force_single,
                    }
                }
            }
            impl<__S0> RequestBuilder<__S0> {
                /// Sets the optional field `width_height` (wire name `"width×height"`).
                pub fn width_height(
                    mut self,
                    value: impl ::core::convert::Into<WidthHeight>,
                ) -> Self {
                    self.width_height = ::core::option::Option::Some(
                        ::core::convert::Into::into(value),
                    );
                    self
                }
                /// Sets the optional field `scale` (wire name `"scale"`).
                pub fn scale(
                    mut self,
                    value: impl ::core::convert::Into<Scale>,
                ) -> Self {
                    self.scale = ::core::option::Option::Some(
                        ::core::convert::Into::into(value),
                    );
                    self
                }
                /// Sets the optional field `force_single` (wire name `"force_single"`).
                pub fn force_single(
                    mut self,
                    value: impl ::core::convert::Into<bool>,
                ) -> Self {
                    self.force_single = ::core::option::Option::Some(
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
                        width_height: self.width_height,
                        scale: self.scale,
                        force_single: self.force_single,
                    }
                }
            }
            /// **Prompt**
            ///
            /// Length: at most 800 characters (Unicode scalar values).
            pub type Prompt = ::runcomfy_client::__runtime::Text<__spec::Prompt>;
            /// **Aspect Ratio (W:H)**
            ///
            /// Allowed values: `"1024x1024(1:1)"`, `"2048x2048(1:1)"`, `"2304x1728(4:3)"`, `"2496x1664(3:2)"`, `"2560x1440(16:9)"`, `"3024x1296(21:9)"`, `"4096x4096(1:1)"`, `"4694x3520(4:3)"`, `"4992x3328(3:2)"`, `"5404x3040(16:9)"`, `"6198x2656(21:9)"`.
            #[derive(
                ::core::fmt::Debug,
                ::core::clone::Clone,
                ::core::marker::Copy,
                ::core::cmp::PartialEq,
                ::core::cmp::Eq,
                ::core::hash::Hash
            )]
            pub enum WidthHeight {
                /// `"1024x1024(1:1)"`
                V1024x1024_1_1,
                /// `"2048x2048(1:1)"`
                V2048x2048_1_1,
                /// `"2304x1728(4:3)"`
                V2304x1728_4_3,
                /// `"2496x1664(3:2)"`
                V2496x1664_3_2,
                /// `"2560x1440(16:9)"`
                V2560x1440_16_9,
                /// `"3024x1296(21:9)"`
                V3024x1296_21_9,
                /// `"4096x4096(1:1)"`
                V4096x4096_1_1,
                /// `"4694x3520(4:3)"`
                V4694x3520_4_3,
                /// `"4992x3328(3:2)"`
                V4992x3328_3_2,
                /// `"5404x3040(16:9)"`
                V5404x3040_16_9,
                /// `"6198x2656(21:9)"`
                V6198x2656_21_9,
            }
            impl WidthHeight {
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
            impl ::runcomfy_client::__runtime::LiteralEnum for WidthHeight {
                const NAME: &'static str = "WidthHeight";
                const POINTER: &'static str = "/width×height";
                const ALL: &'static [Self] = &[
                    Self::V1024x1024_1_1,
                    Self::V2048x2048_1_1,
                    Self::V2304x1728_4_3,
                    Self::V2496x1664_3_2,
                    Self::V2560x1440_16_9,
                    Self::V3024x1296_21_9,
                    Self::V4096x4096_1_1,
                    Self::V4694x3520_4_3,
                    Self::V4992x3328_3_2,
                    Self::V5404x3040_16_9,
                    Self::V6198x2656_21_9,
                ];
                const LITERALS: &'static [::runcomfy_client::__runtime::LiteralRef<
                    'static,
                >] = &[
                    ::runcomfy_client::__runtime::LiteralRef::Str("1024x1024(1:1)"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("2048x2048(1:1)"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("2304x1728(4:3)"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("2496x1664(3:2)"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("2560x1440(16:9)"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("3024x1296(21:9)"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("4096x4096(1:1)"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("4694x3520(4:3)"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("4992x3328(3:2)"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("5404x3040(16:9)"),
                    ::runcomfy_client::__runtime::LiteralRef::Str("6198x2656(21:9)"),
                ];
                const TEXTS: &'static [&'static str] = &[
                    "1024x1024(1:1)",
                    "2048x2048(1:1)",
                    "2304x1728(4:3)",
                    "2496x1664(3:2)",
                    "2560x1440(16:9)",
                    "3024x1296(21:9)",
                    "4096x4096(1:1)",
                    "4694x3520(4:3)",
                    "4992x3328(3:2)",
                    "5404x3040(16:9)",
                    "6198x2656(21:9)",
                ];
                const JSON_TYPE: ::core::option::Option<&'static str> = ::core::option::Option::Some(
                    "string",
                );
                fn index(self) -> usize {
                    self as usize
                }
            }
            impl ::core::fmt::Display for WidthHeight {
                fn fmt(
                    &self,
                    f: &mut ::core::fmt::Formatter<'_>,
                ) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl ::core::str::FromStr for WidthHeight {
                type Err = ::runcomfy_client::__runtime::Violation;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    ::runcomfy_client::__runtime::enum_from_str(value)
                }
            }
            impl ::runcomfy_client::__runtime::serde::Serialize for WidthHeight {
                fn serialize<S: ::runcomfy_client::__runtime::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    ::runcomfy_client::__runtime::enum_serialize(*self, serializer)
                }
            }
            impl<'de> ::runcomfy_client::__runtime::serde::Deserialize<'de>
            for WidthHeight {
                fn deserialize<
                    D: ::runcomfy_client::__runtime::serde::Deserializer<'de>,
                >(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    ::runcomfy_client::__runtime::enum_deserialize(deserializer)
                }
            }
            impl ::runcomfy_client::__runtime::schemars::JsonSchema for WidthHeight {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed("WidthHeight")
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
            /// **Scale**: Controls how strongly the text prompt influences the result relative to input images. Higher values increase text influence.
            ///
            /// Range: `0 ≤ value ≤ 1`.
            pub type Scale = ::runcomfy_client::__runtime::Number<__spec::Scale>;
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
                        max: ::core::option::Option::Some(800u64),
                    };
                }
                /// Marker of [`super::Scale`]: the field's constraints.
                #[derive(::core::fmt::Debug)]
                pub enum Scale {}
                impl ::runcomfy_client::__runtime::FieldSpec for Scale {
                    const NAME: &'static str = "Scale";
                    const POINTER: &'static str = "/scale";
                }
                impl ::runcomfy_client::__runtime::NumberSpec for Scale {
                    const RANGE: ::runcomfy_client::__runtime::NumberRange = ::runcomfy_client::__runtime::NumberRange {
                        minimum: ::core::option::Option::Some(0f64),
                        maximum: ::core::option::Option::Some(1f64),
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
        "bytedance/dreamina-4-0/text-to-image",
        "schemas/bytedance/dreamina-4-0/text-to-image.json",
        "{\n  \"type\": \"object\",\n  \"title\": \"Schema di input\",\n  \"required\": [\n    \"prompt\"\n  ],\n  \"properties\": {\n    \"prompt\": {\n      \"title\": \"Prompt\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"maxLength\": 800,\n      \"default\": \"A beautiful girl is walking on the street\"\n    },\n    \"width×height\": {\n      \"title\": \"Aspect Ratio (W:H)\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"enum\": [\n        \"1024x1024(1:1)\",\n        \"2048x2048(1:1)\",\n        \"2304x1728(4:3)\",\n        \"2496x1664(3:2)\",\n        \"2560x1440(16:9)\",\n        \"3024x1296(21:9)\",\n        \"4096x4096(1:1)\",\n        \"4694x3520(4:3)\",\n        \"4992x3328(3:2)\",\n        \"5404x3040(16:9)\",\n        \"6198x2656(21:9)\"\n      ],\n      \"default\": \"2048x2048(1:1)\"\n    },\n    \"scale\": {\n      \"title\": \"Scale\",\n      \"description\": \"Controls how strongly the text prompt influences the result relative to input images. Higher values increase text influence.\",\n      \"type\": \"float\",\n      \"minimum\": 0,\n      \"maximum\": 1,\n      \"default\": 0.5\n    },\n    \"force_single\": {\n      \"title\": \"Force Single Image\",\n      \"description\": \"Whether to force generation of a single image. More images per set increase latency; for stability, specify group count/resolution or pass width and height.\",\n      \"type\": \"boolean\",\n      \"default\": false\n    }\n  }\n}\n",
    ),
];
