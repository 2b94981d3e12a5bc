/// Endpoints under `runwayml/`.
#[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
pub mod runwayml {
    /// Endpoints under `runwayml/runway-gen-4/`.
    #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
    pub mod runway_gen_4 {
        /// Endpoints under `runwayml/runway-gen-4/turbo/`.
        #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
        pub mod turbo {
            /// Endpoint `runwayml/runway-gen-4/turbo/image-to-video` (schema file `schemas/runwayml/runway-gen-4/turbo/image-to-video.json`).
            ///
            /// Build a [`Request`](self::Request) and submit it with the client.
            #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
            pub mod image_to_video {
                /// The model id of this endpoint.
                pub const MODEL_ID: &str = "runwayml/runway-gen-4/turbo/image-to-video";
                /// The schema file this module was generated from, as bundled.
                pub const SCHEMA_FILE: &str = "schemas/runwayml/runway-gen-4/turbo/image-to-video.json";
                /// The schema text, as bundled at compile time.
                pub const SCHEMA_JSON: &str = "{\n  \"type\": \"object\",\n  \"title\": \"Schema di input\",\n  \"required\": [\n    \"promptImage\"\n  ],\n  \"properties\": {\n    \"promptText\": {\n      \"title\": \"Prompt\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"maxLength\": 1000\n    },\n    \"promptImage\": {\n      \"title\": \"Image\",\n      \"description\": \"Use images under 16MB, with dimensions below 8000x8000 pixels and an aspect ratio between 1:2 and 2:1.\",\n      \"type\": \"string\",\n      \"validations\": [\n        {\n          \"validation_rule\": \"width_pixels<\",\n          \"validation_value\": 8000,\n          \"validation_error\": \"The uploaded image width and height must not exceed 8000 pixels.\"\n        },\n        {\n          \"validation_rule\": \"height_pixels<\",\n          \"validation_value\": 8000,\n          \"validation_error\": \"The uploaded image width and height must not exceed 8000 pixels.\"\n        },\n        {\n          \"validation_rule\": \"width/height>\",\n          \"validation_value\": 0.5,\n          \"validation_error\": \"The aspect ratio range should be 1:2 to 2:1.\"\n        },\n        {\n          \"validation_rule\": \"width/height<\",\n          \"validation_value\": 2,\n          \"validation_error\": \"The aspect ratio range should be 1:2 to 2:1.\"\n        },\n        {\n          \"validation_rule\": \"file_size_mb<\",\n          \"validation_value\": 16,\n          \"validation_error\": \"File size must be less than 16 MB.\"\n        }\n      ]\n    },\n    \"ratio\": {\n      \"title\": \"Aspect Ratio (W:H)\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"enum\": [\n        \"1584:672\",\n        \"1280:720\",\n        \"1104:832\",\n        \"960:960\",\n        \"832:1104\",\n        \"720:1280\"\n      ],\n      \"default\": \"1280:720\"\n    },\n    \"duration\": {\n      \"title\": \"Duration\",\n      \"description\": \"\",\n      \"type\": \"integer\",\n      \"enum\": [\n        5,\n        10\n      ],\n      \"default\": 5\n    },\n    \"seed\": {\n      \"title\": \"Seed\",\n      \"description\": \"\",\n      \"maximum\": 4294967295,\n      \"minimum\": 0,\n      \"type\": \"integer\"\n    }\n  }\n}\n";
                /// A request to `runwayml/runway-gen-4/turbo/image-to-video`.
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
                #[serde(
                    crate = "::runcomfy_client::__runtime::serde",
                    deny_unknown_fields,
                )]
                #[schemars(crate = "::runcomfy_client::__runtime::schemars")]
                pub struct Request {
                    /// **Prompt**
                    ///
                    /// Length: at most 1000 characters (Unicode scalar values).
                    ///
                    /// Optional (`None` is not sent). Wire name `"promptText"`.
                    #[serde(
                        rename = "promptText",
                        default,
                        skip_serializing_if = "::core::option::Option::is_none"
                    )]
                    #[schemars(title = "Prompt")]
                    pub prompt_text: ::core::option::Option<PromptText>,
                    /// **Image**: Use images under 16MB, with dimensions below 8000x8000 pixels and an aspect ratio between 1:2 and 2:1.
                    ///
                    /// Media input (image): an `https://` URL the server can fetch, or a `data:` URI.
                    ///
                    /// Rule `width_pixels < 8000`: The uploaded image width and height must not exceed 8000 pixels.
                    ///
                    /// Rule `height_pixels < 8000`: The uploaded image width and height must not exceed 8000 pixels.
                    ///
                    /// Rule `width/height > 0.5`: The aspect ratio range should be 1:2 to 2:1.
                    ///
                    /// Rule `width/height < 2`: The aspect ratio range should be 1:2 to 2:1.
                    ///
                    /// Rule `file_size_mb < 16`: File size must be less than 16 MB.
                    ///
                    /// Required. Wire name `"promptImage"`.
                    #[serde(rename = "promptImage")]
                    #[schemars(
                        title = "Image",
                        description = "Use images under 16MB, with dimensions below 8000x8000 pixels and an aspect ratio between 1:2 and 2:1."
                    )]
                    pub prompt_image: PromptImage,
                    /// **Aspect Ratio (W:H)**
                    ///
                    /// Allowed values: `"1584:672"`, `"1280:720"`, `"1104:832"`, `"960:960"`, `"832:1104"`, `"720:1280"`.
                    ///
                    /// Optional (`None` is not sent). Wire name `"ratio"`.
                    ///
                    /// Documented default: `"1280:720"` (documentation only, never sent on your behalf; typed: [`Request::default_ratio`]).
                    #[serde(
                        default,
                        skip_serializing_if = "::core::option::Option::is_none"
                    )]
                    #[schemars(title = "Aspect Ratio (W:H)")]
                    pub ratio: ::core::option::Option<Ratio>,
                    /// **Duration**
                    ///
                    /// Allowed values: `5`, `10`.
                    ///
                    /// Optional (`None` is not sent). Wire name `"duration"`.
                    ///
                    /// Documented default: `5` (documentation only, never sent on your behalf; typed: [`Request::default_duration`]).
                    #[serde(
                        default,
                        skip_serializing_if = "::core::option::Option::is_none"
                    )]
                    #[schemars(title = "Duration")]
                    pub duration: ::core::option::Option<Duration>,
                    /// **Seed**
                    ///
                    /// Range: `0 ≤ value ≤ 4294967295`.
                    ///
                    /// Optional (`None` is not sent). Wire name `"seed"`.
                    #[serde(
                        default,
                        skip_serializing_if = "::core::option::Option::is_none"
                    )]
                    #[schemars(title = "Seed")]
                    pub seed: ::core::option::Option<Seed>,
                }
                impl<'de> ::runcomfy_client::__runtime::serde::Deserialize<'de>
                for Request {
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
                            prompt_text: ::runcomfy_client::__runtime::take_optional(
                                &mut map,
                                "promptText",
                            )?,
                            prompt_image: ::runcomfy_client::__runtime::take_required(
                                &mut map,
                                "promptImage",
                            )?,
                            ratio: ::runcomfy_client::__runtime::take_optional(
                                &mut map,
                                "ratio",
                            )?,
                            duration: ::runcomfy_client::__runtime::take_optional(
                                &mut map,
                                "duration",
                            )?,
                            seed: ::runcomfy_client::__runtime::take_optional(
                                &mut map,
                                "seed",
                            )?,
                        };
                        ::runcomfy_client::__runtime::reject_unknown::<
                            D::Error,
                        >(
                            &map,
                            &["promptText", "promptImage", "ratio", "duration", "seed"],
                        )?;
                        ::core::result::Result::Ok(value)
                    }
                }
                impl Request {
                    /// A request with the required fields (`prompt_image`) and every optional field unset.
                    #[allow(clippy::too_many_arguments)]
                    pub fn new(prompt_image: PromptImage) -> Self {
                        Self {
                            prompt_text: ::core::option::Option::None,
                            prompt_image,
                            ratio: ::core::option::Option::None,
                            duration: ::core::option::Option::None,
                            seed: ::core::option::Option::None,
                        }
                    }
                    /// Every documented default as `(wire name, JSON text)`.
                    pub const DEFAULTS: &'static [(&'static str, &'static str)] = &[
                        ("ratio", "\"1280:720\""),
                        ("duration", "5"),
                    ];
                    /// The schema's documented default for `ratio`. Documentation only: the request does not send it unless you set the field.
                    pub fn default_ratio() -> Ratio {
                        Ratio::V1280_720
                    }
                    /// The schema's documented default for `duration`. Documentation only: the request does not send it unless you set the field.
                    pub fn default_duration() -> Duration {
                        Duration::V5
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
                    pub struct prompt_image;
                }
                /// A typestate builder for [`Request`]: set the required fields (`prompt_image`) and any optional ones, then call `build()`. Calling `build()` before every required field is set does not compile.
                #[must_use = "a builder does nothing until `build()` is called"]
                pub struct RequestBuilder<
                    __S0 = ::runcomfy_client::__runtime::Missing<__fields::prompt_image>,
                > {
                    prompt_text: ::core::option::Option<PromptText>,
                    prompt_image: __S0,
                    ratio: ::core::option::Option<Ratio>,
                    duration: ::core::option::Option<Duration>,
                    seed: ::core::option::Option<Seed>,
                }
                impl Request {
                    /// Starts a [`RequestBuilder`].
                    pub fn builder() -> RequestBuilder {
                        RequestBuilder {
                            prompt_text: ::core::option::Option::None,
                            prompt_image: ::runcomfy_client::__runtime::Missing::new(),
                            ratio: ::core::option::Option::None,
                            duration: ::core::option::Option::None,
                            seed: ::core::option::Option::None,
                        }
                    }
                }
                impl RequestBuilder<
                    ::runcomfy_client::__runtime::Missing<__fields::prompt_image>,
                > {
                    /// Sets the required field `prompt_image` (wire name `"promptImage"`).
                    pub fn prompt_image(
                        self,
                        value: impl ::core::convert::Into<PromptImage>,
                    ) -> RequestBuilder<PromptImage> {
                        RequestBuilder {
                            prompt_text: self.prompt_text,
                            prompt_image: ::core::convert::Into::into(value),
                            ratio: self.ratio,
                            duration: self.duration,
                            seed: self.seed,
                        }
                    }
                }
                impl<__S0> RequestBuilder<__S0> {
                    /// Sets the optional field `prompt_text` (wire name `"promptText"`).
                    pub fn prompt_text(
                        mut self,
                        value: impl ::core::convert::Into<PromptText>,
                    ) -> Self {
                        self.prompt_text = ::core::option::Option::Some(
                            ::core::convert::Into::into(value),
                        );
                        self
                    }
                    /// Sets the optional field `ratio` (wire name `"ratio"`).
                    pub fn ratio(
                        mut self,
                        value: impl ::core::convert::Into<Ratio>,
                    ) -> Self {
                        self.ratio = ::core::option::Option::Some(
                            ::core::convert::Into::into(value),
                        );
                        self
                    }
                    /// Sets the optional field `duration` (wire name `"duration"`).
                    pub fn duration(
                        mut self,
                        value: impl ::core::convert::Into<Duration>,
                    ) -> Self {
                        self.duration = ::core::option::Option::Some(
                            ::core::convert::Into::into(value),
                        );
                        self
                    }
                    /// Sets the optional field `seed` (wire name `"seed"`).
                    pub fn seed(
                        mut self,
                        value: impl ::core::convert::Into<Seed>,
                    ) -> Self {
                        self.seed = ::core::option::Option::Some(
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
                        __S0: ::runcomfy_client::__runtime::IsSet<PromptImage>,
                    {
                        Request {
                            prompt_text: self.prompt_text,
                            prompt_image: ::runcomfy_client::__runtime::IsSet::into_value(
                                self.prompt_image,
                            ),
                            ratio: self.ratio,
                            duration: self.duration,
                            seed: self.seed,
                        }
                    }
                }
                /// **Prompt**
                ///
                /// Length: at most 1000 characters (Unicode scalar values).
                pub type PromptText = ::runcomfy_client::__runtime::Text<
                    __spec::PromptText,
                >;
                /// **Image**: Use images under 16MB, with dimensions below 8000x8000 pixels and an aspect ratio between 1:2 and 2:1.
                ///
                /// Media input (image): an `https://` URL the server can fetch, or a `data:` URI.
                ///
                /// Rule `width_pixels < 8000`: The uploaded image width and height must not exceed 8000 pixels.
                ///
                /// Rule `height_pixels < 8000`: The uploaded image width and height must not exceed 8000 pixels.
                ///
                /// Rule `width/height > 0.5`: The aspect ratio range should be 1:2 to 2:1.
                ///
                /// Rule `width/height < 2`: The aspect ratio range should be 1:2 to 2:1.
                ///
                /// Rule `file_size_mb < 16`: File size must be less than 16 MB.
                pub type PromptImage = ::runcomfy_client::__runtime::Media<
                    __spec::PromptImage,
                >;
                /// **Aspect Ratio (W:H)**
                ///
                /// Allowed values: `"1584:672"`, `"1280:720"`, `"1104:832"`, `"960:960"`, `"832:1104"`, `"720:1280"`.
                #[derive(
                    ::core::fmt::Debug,
                    ::core::clone::Clone,
                    ::core::marker::Copy,
                    ::core::cmp::PartialEq,
                    ::core::cmp::Eq,
                    ::core::hash::Hash
                )]
                pub enum Ratio {
                    /// `"1584:672"`
                    V1584_672,
                    /// `"1280:720"`
                    V1280_720,
                    /// `"1104:832"`
                    V1104_832,
                    /// `"960:960"`
                    V960_960,
                    /// `"832:1104"`
                    V832_1104,
                    /// `"720:1280"`
                    V720_1280,
                }
                impl Ratio {
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
                impl ::runcomfy_client::__runtime::LiteralEnum for Ratio {
                    const NAME: &'static str = "Ratio";
                    const POINTER: &'static str = "/ratio";
                    const ALL: &'static [Self] = &[
                        Self::V1584_672,
                        Self::V1280_720,
                        Self::V1104_832,
                        Self::V960_960,
                        Self::V832_1104,
                        Self::V720_1280,
                    ];
                    const LITERALS: &'static [::runcomfy_client::__runtime::LiteralRef<
                        'static,
                    >] = &[
                        ::runcomfy_client::__runtime::LiteralRef::Str("1584:672"),
                        ::runcomfy_client::__runtime::LiteralRef::Str("1280:720"),
                        ::runcomfy_client::__runtime::LiteralRef::Str("1104:832"),
                        ::runcomfy_client::__runtime::LiteralRef::Str("960:960"),
                        ::runcomfy_client::__runtime::LiteralRef::Str("832:1104"),
                        ::runcomfy_client::__runtime::LiteralRef::Str("720:1280"),
                    ];
                    const TEXTS: &'static [&'static str] = &[
                        "1584:672",
                        "1280:720",
                        "1104:832",
                        "960:960",
                        "832:1104",
                        "720:1280",
                    ];
                    const JSON_TYPE: ::core::option::Option<&'static str> = ::core::option::Option::Some(
                        "string",
                    );
                    fn index(self) -> usize {
                        self as usize
                    }
                }
                impl ::core::fmt::Display for Ratio {
                    fn fmt(
                        &self,
                        f: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
                impl ::core::str::FromStr for Ratio {
                    type Err = ::runcomfy_client::__runtime::Violation;
                    fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                        ::runcomfy_client::__runtime::enum_from_str(value)
                    }
                }
                impl ::runcomfy_client::__runtime::serde::Serialize for Ratio {
                    fn serialize<S: ::runcomfy_client::__runtime::serde::Serializer>(
                        &self,
                        serializer: S,
                    ) -> ::core::result::Result<S::Ok, S::Error> {
                        ::runcomfy_client::__runtime::enum_serialize(*self, serializer)
                    }
                }
                impl<'de> ::runcomfy_client::__runtime::serde::Deserialize<'de>
                for Ratio {
                    fn deserialize<
                        D: ::runcomfy_client::__runtime::serde::Deserializer<'de>,
                    >(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                        ::runcomfy_client::__runtime::enum_deserialize(deserializer)
                    }
                }
                impl ::runcomfy_client::__runtime::schemars::JsonSchema for Ratio {
                    fn schema_name() -> ::std::borrow::Cow<'static, str> {
                        ::std::borrow::Cow::Borrowed("Ratio")
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
                /// **Duration**
                ///
                /// Allowed values: `5`, `10`.
                #[derive(
                    ::core::fmt::Debug,
                    ::core::clone::Clone,
                    ::core::marker::Copy,
                    ::core::cmp::PartialEq,
                    ::core::cmp::Eq,
                    ::core::hash::Hash
                )]
                pub enum Duration {
                    /// `5`
                    V5,
                    /// `10`
                    V10,
                }
                impl Duration {
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
                impl ::runcomfy_client::__runtime::LiteralEnum for Duration {
                    const NAME: &'static str = "Duration";
                    const POINTER: &'static str = "/duration";
                    const ALL: &'static [Self] = &[Self::V5, Self::V10];
                    const LITERALS: &'static [::runcomfy_client::__runtime::LiteralRef<
                        'static,
                    >] = &[
                        ::runcomfy_client::__runtime::LiteralRef::Int(5i64),
                        ::runcomfy_client::__runtime::LiteralRef::Int(10i64),
                    ];
                    const TEXTS: &'static [&'static str] = &["5", "10"];
                    const JSON_TYPE: ::core::option::Option<&'static str> = ::core::option::Option::Some(
                        "integer",
                    );
                    fn index(self) -> usize {
                        self as usize
                    }
                }
                impl ::core::fmt::Display for Duration {
                    fn fmt(
                        &self,
                        f: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
                impl ::core::str::FromStr for Duration {
                    type Err = ::runcomfy_client::__runtime::Violation;
                    fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                        ::runcomfy_client::__runtime::enum_from_str(value)
                    }
                }
                impl ::runcomfy_client::__runtime::serde::Serialize for Duration {
                    fn serialize<S: ::runcomfy_client::__runtime::serde::Serializer>(
                        &self,
                        serializer: S,
                    ) -> ::core::result::Result<S::Ok, S::Error> {
                        ::runcomfy_client::__runtime::enum_serialize(*self, serializer)
                    }
                }
                impl<'de> ::runcomfy_client::__runtime::serde::Deserialize<'de>
                for Duration {
                    fn deserialize<
                        D: ::runcomfy_client::__runtime::serde::Deserializer<'de>,
                    >(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                        ::runcomfy_client::__runtime::enum_deserialize(deserializer)
                    }
                }
                impl ::runcomfy_client::__runtime::schemars::JsonSchema for Duration {
                    fn schema_name() -> ::std::borrow::Cow<'static, str> {
                        ::std::borrow::Cow::Borrowed("Duration")
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
                /// **Seed**
                ///
                /// Range: `0 ≤ value ≤ 4294967295`.
                pub type Seed = ::runcomfy_client::__runtime::Integer<__spec::Seed>;
                /// Marker types carrying each constrained field's limits (see the type aliases).
                #[doc(hidden)]
                pub mod __spec {
                    /// Marker of [`super::PromptText`]: the field's constraints.
                    #[derive(::core::fmt::Debug)]
                    pub enum PromptText {}
                    impl ::runcomfy_client::__runtime::FieldSpec for PromptText {
                        const NAME: &'static str = "PromptText";
                        const POINTER: &'static str = "/promptText";
                    }
                    impl ::runcomfy_client::__runtime::TextSpec for PromptText {
                        const LENGTH: ::runcomfy_client::__runtime::LengthRange = ::runcomfy_client::__runtime::LengthRange {
                            min: ::core::option::Option::None,
                            max: ::core::option::Option::Some(1000u64),
                        };
                    }
                    /// Marker of [`super::PromptImage`]: the field's constraints.
                    #[derive(::core::fmt::Debug)]
                    pub enum PromptImage {}
                    impl ::runcomfy_client::__runtime::FieldSpec for PromptImage {
                        const NAME: &'static str = "PromptImage";
                        const POINTER: &'static str = "/promptImage";
                    }
                    impl ::runcomfy_client::__runtime::MediaSpec for PromptImage {
                        const KIND: ::runcomfy_client::__runtime::MediaKind = ::runcomfy_client::__runtime::MediaKind::Image;
                        const RULES: &'static [::runcomfy_client::__runtime::MediaRule] = &[
                            ::runcomfy_client::__runtime::MediaRule {
                                metric: ::runcomfy_client::__runtime::Metric::WidthPixels,
                                op: ::runcomfy_client::__runtime::Op::Less,
                                limit: 8000f64,
                                rule: ::std::borrow::Cow::Borrowed("width_pixels<"),
                                message: ::std::borrow::Cow::Borrowed(
                                    "The uploaded image width and height must not exceed 8000 pixels.",
                                ),
                            },
                            ::runcomfy_client::__runtime::MediaRule {
                                metric: ::runcomfy_client::__runtime::Metric::HeightPixels,
                                op: ::runcomfy_client::__runtime::Op::Less,
                                limit: 8000f64,
                                rule: ::std::borrow::Cow::Borrowed("height_pixels<"),
                                message: ::std::borrow::Cow::Borrowed(
                                    "The uploaded image width and height must not exceed 8000 pixels.",
                                ),
                            },
                            ::runcomfy_client::__runtime::MediaRule {
                                metric: ::runcomfy_client::__runtime::Metric::AspectRatio,
                                op: ::runcomfy_client::__runtime::Op::Greater,
                                limit: 0.5f64,
                                rule: ::std::borrow::Cow::Borrowed("width/height>"),
                                message: ::std::borrow::Cow::Borrowed(
                                    "The aspect ratio range should be 1:2 to 2:1.",
                                ),
                            },
                            ::runcomfy_client::__runtime::MediaRule {
                                metric: ::runcomfy_client::__runtime::Metric::AspectRatio,
                                op: ::runcomfy_client::__runtime::Op::Less,
                                limit: 2f64,
                                rule: ::std::borrow::Cow::Borrowed("width/height<"),
                                message: ::std::borrow::Cow::Borrowed(
                                    "The aspect ratio range should be 1:2 to 2:1.",
                                ),
                            },
                            ::runcomfy_client::__runtime::MediaRule {
                                metric: ::runcomfy_client::__runtime::Metric::FileSizeMb,
                                op: ::runcomfy_client::__runtime::Op::Less,
                                limit: 16f64,
                                rule: ::std::borrow::Cow::Borrowed("file_size_mb<"),
                                message: ::std::borrow::Cow::Borrowed(
                                    "File size must be less than 16 MB.",
                                ),
                            },
                        ];
                    }
                    /// Marker of [`super::Seed`]: the field's constraints.
                    #[derive(::core::fmt::Debug)]
                    pub enum Seed {}
                    impl ::runcomfy_client::__runtime::FieldSpec for Seed {
                        const NAME: &'static str = "Seed";
                        const POINTER: &'static str = "/seed";
                    }
                    impl ::runcomfy_client::__runtime::IntegerSpec for Seed {
                        const RANGE: ::runcomfy_client::__runtime::IntegerRange = ::runcomfy_client::__runtime::IntegerRange {
                            minimum: ::core::option::Option::Some(0f64),
                            maximum: ::core::option::Option::Some(4294967295f64),
                            exclusive_minimum: ::core::option::Option::None,
                            exclusive_maximum: ::core::option::Option::None,
                        };
                    }
                }
            }
        }
    }
}
/// Every generated endpoint: `(model id, schema file, schema text)`, sorted by model id.
pub const ENDPOINTS: &[(&str, &str, &str)] = &[
    (
        "runwayml/runway-gen-4/turbo/image-to-video",
        "schemas/runwayml/runway-gen-4/turbo/image-to-video.json",
        "{\n  \"type\": \"object\",\n  \"title\": \"Schema di input\",\n  \"required\": [\n    \"promptImage\"\n  ],\n  \"properties\": {\n    \"promptText\": {\n      \"title\": \"Prompt\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"maxLength\": 1000\n    },\n    \"promptImage\": {\n      \"title\": \"Image\",\n      \"description\": \"Use images under 16MB, with dimensions below 8000x8000 pixels and an aspect ratio between 1:2 and 2:1.\",\n      \"type\": \"string\",\n      \"validations\": [\n        {\n          \"validation_rule\": \"width_pixels<\",\n          \"validation_value\": 8000,\n          \"validation_error\": \"The uploaded image width and height must not exceed 8000 pixels.\"\n        },\n        {\n          \"validation_rule\": \"height_pixels<\",\n          \"validation_value\": 8000,\n          \"validation_error\": \"The uploaded image width and height must not exceed 8000 pixels.\"\n        },\n        {\n          \"validation_rule\": \"width/height>\",\n          \"validation_value\": 0.5,\n          \"validation_error\": \"The aspect ratio range should be 1:2 to 2:1.\"\n        },\n        {\n          \"validation_rule\": \"width/height<\",\n          \"validation_value\": 2,\n          \"validation_error\": \"The aspect ratio range should be 1:2 to 2:1.\"\n        },\n        {\n          \"validation_rule\": \"file_size_mb<\",\n          \"validation_value\": 16,\n          \"validation_error\": \"File size must be less than 16 MB.\"\n        }\n      ]\n    },\n    \"ratio\": {\n      \"title\": \"Aspect Ratio (W:H)\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"enum\": [\n        \"1584:672\",\n        \"1280:720\",\n        \"1104:832\",\n        \"960:960\",\n        \"832:1104\",\n        \"720:1280\"\n      ],\n      \"default\": \"1280:720\"\n    },\n    \"duration\": {\n      \"title\": \"Duration\",\n      \"description\": \"\",\n      \"type\": \"integer\",\n      \"enum\": [\n        5,\n        10\n      ],\n      \"default\": 5\n    },\n    \"seed\": {\n      \"title\": \"Seed\",\n      \"description\": \"\",\n      \"maximum\": 4294967295,\n      \"minimum\": 0,\n      \"type\": \"integer\"\n    }\n  }\n}\n",
    ),
];
