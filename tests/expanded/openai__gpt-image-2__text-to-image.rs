/// Endpoints under `openai/`.
#[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
pub mod openai {
    /// Endpoints under `openai/gpt-image-2/`.
    #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
    pub mod gpt_image_2 {
        /// Endpoint `openai/gpt-image-2/text-to-image` (schema file `schemas/openai/gpt-image-2/text-to-image.json`).
        ///
        /// Build its `Request` and submit it with the client.
        #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
        pub mod text_to_image {
            use ::runcomfy_client::__runtime as __rt;
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
            /// Required fields are plain, optional ones `Option` (and `None` is never sent). Each field has its own type in this module, whose constructors check the schema's limits, so a value of this type can only hold what the schema allows. Documented defaults are documentation: they are never sent on your behalf.
            #[derive(__rt::Debug, __rt::Clone, __rt::PartialEq)]
            pub struct Request {
                /// **Prompt**
                ///
                /// Required; wire name `"prompt"`; documented default `"A minimal hero product still life: a matte ceramic water bottle on warm linen, soft window light, the word \"AQUA+\" in clean sans-serif on the label, subtle rim highlights, e-commerce ready, 8K deta...` (documentation only, never sent on your behalf; typed: [`Request::default_prompt`]).
                pub prompt: Prompt,
                /// **Proporzioni**: Proporzioni dell'immagine generata.
                ///
                /// Optional (`None` is not sent); wire name `"aspect_ratio"`; documented default `"1:1"` (documentation only, never sent on your behalf; typed: [`Request::default_aspect_ratio`]).
                pub aspect_ratio: __rt::Option<AspectRatio>,
                /// **Risoluzione**: Risoluzione di output.
                ///
                /// Optional (`None` is not sent); wire name `"resolution"`; documented default `"1k"` (documentation only, never sent on your behalf; typed: [`Request::default_resolution`]).
                pub resolution: __rt::Option<Resolution>,
                /// **Qualità**: Qualità dell'immagine.
                ///
                /// Optional (`None` is not sent); wire name `"quality"`; documented default `"medium"` (documentation only, never sent on your behalf; typed: [`Request::default_quality`]).
                pub quality: __rt::Option<Quality>,
                /// **Formato di output**: Formato dell'immagine in uscita.
                ///
                /// Optional (`None` is not sent); wire name `"output_format"`; documented default `"png"` (documentation only, never sent on your behalf; typed: [`Request::default_output_format`]).
                pub output_format: __rt::Option<OutputFormat>,
            }
            impl Request {
                /// The model id of this endpoint.
                pub const MODEL_ID: &'static str = "openai/gpt-image-2/text-to-image";
                /// The schema text, as bundled at compile time.
                pub const SCHEMA_JSON: &'static str = SCHEMA_JSON;
                /// The schema file this type was generated from, as bundled.
                pub const SCHEMA_FILE: &'static str = "schemas/openai/gpt-image-2/text-to-image.json";
                /// A request with the required fields (`prompt`) and every optional field unset.
                #[inline]
                #[allow(clippy::too_many_arguments)]
                pub fn new(prompt: Prompt) -> Self {
                    Self {
                        prompt,
                        aspect_ratio: __rt::Option::None,
                        resolution: __rt::Option::None,
                        quality: __rt::Option::None,
                        output_format: __rt::Option::None,
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
                #[inline]
                pub fn default_prompt() -> Prompt {
                    Prompt::__new_unchecked(
                        __rt::String::from(
                            "A minimal hero product still life: a matte ceramic water bottle on warm linen, soft window light, the word \"AQUA+\" in clean sans-serif on the label, subtle rim highlights, e-commerce ready, 8K detail, neutral background",
                        ),
                    )
                }
                /// The schema's documented default for `aspect_ratio`. Documentation only: the request does not send it unless you set the field.
                #[inline]
                pub fn default_aspect_ratio() -> AspectRatio {
                    AspectRatio::V1_1
                }
                /// The schema's documented default for `resolution`. Documentation only: the request does not send it unless you set the field.
                #[inline]
                pub fn default_resolution() -> Resolution {
                    Resolution::V1k
                }
                /// The schema's documented default for `quality`. Documentation only: the request does not send it unless you set the field.
                #[inline]
                pub fn default_quality() -> Quality {
                    Quality::Medium
                }
                /// The schema's documented default for `output_format`. Documentation only: the request does not send it unless you set the field.
                #[inline]
                pub fn default_output_format() -> OutputFormat {
                    OutputFormat::Png
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
                        aspect_ratio: __rt::Option::None,
                        resolution: __rt::Option::None,
                        quality: __rt::Option::None,
                        output_format: __rt::Option::None,
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
                    object.optional("aspect_ratio", &self.aspect_ratio)?;
                    object.optional("resolution", &self.resolution)?;
                    object.optional("quality", &self.quality)?;
                    object.optional("output_format", &self.output_format)?;
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
                        aspect_ratio: object.optional("aspect_ratio")?,
                        resolution: object.optional("resolution")?,
                        quality: object.optional("quality")?,
                        output_format: object.optional("output_format")?,
                    };
                    object
                        .end(
                            value,
                            &[
                                "prompt",
                                "aspect_ratio",
                                "resolution",
                                "quality",
                                "output_format",
                            ],
                        )
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
                aspect_ratio: __rt::Option<AspectRatio>,
                resolution: __rt::Option<Resolution>,
                quality: __rt::Option<Quality>,
                output_format: __rt::Option<OutputFormat>,
            }
            impl RequestBuilder<__rt::Unset<Prompt>> {
                /// Sets the required field `prompt` (wire name `"prompt"`).
                pub fn prompt(
                    self,
                    value: impl __rt::IntoField<Prompt>,
                ) -> RequestBuilder<Prompt> {
                    RequestBuilder {
                        prompt: __rt::IntoField::into_field(value),
                        aspect_ratio: self.aspect_ratio,
                        resolution: self.resolution,
                        quality: self.quality,
                        output_format: self.output_format,
                    }
                }
            }
            impl<PromptState> RequestBuilder<PromptState> {
                /// Sets the optional field `aspect_ratio` (wire name `"aspect_ratio"`).
                pub fn aspect_ratio(mut self, value: AspectRatio) -> Self {
                    self.aspect_ratio = __rt::Option::Some(value);
                    self
                }
                /// Sets the optional field `resolution` (wire name `"resolution"`).
                pub fn resolution(mut self, value: Resolution) -> Self {
                    self.resolution = __rt::Option::Some(value);
                    self
                }
                /// Sets the optional field `quality` (wire name `"quality"`).
                pub fn quality(mut self, value: Quality) -> Self {
                    self.quality = __rt::Option::Some(value);
                    self
                }
                /// Sets the optional field `output_format` (wire name `"output_format"`).
                pub fn output_format(mut self, value: OutputFormat) -> Self {
                    self.output_format = __rt::Option::Some(value);
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
                        aspect_ratio: self.aspect_ratio,
                        resolution: self.resolution,
                        quality: self.quality,
                        output_format: self.output_format,
                    }
                }
            }
            /// **Prompt**
            pub type Prompt = __rt::Text<fields::Prompt>;
            /// **Proporzioni**: Proporzioni dell'immagine generata.
            ///
            /// Allowed values: `"1:1"`, `"3:2"`, `"2:3"`, `"3:4"`, `"4:3"`, `"4:5"`, `"5:4"`, `"9:16"`, `"16:9"`, `"21:9"`.
            #[derive(
                __rt::Debug,
                __rt::Clone,
                __rt::Copy,
                __rt::PartialEq,
                __rt::Eq,
                __rt::Hash
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
                pub const ALL: &'static [Self] = &__rt::enum_all::<Self, 10>();
                /// The value as text, without JSON quotes (`16:9`, `5`): what a CLI user types.
                #[inline]
                pub const fn as_str(self) -> &'static str {
                    __rt::enum_text::<Self>(self as usize)
                }
                /// The value whose JSON literal equals `value`.
                #[inline]
                pub fn from_json(value: &__rt::serde_json::Value) -> __rt::Option<Self> {
                    __rt::enum_from_json(value)
                }
            }
            impl __rt::LiteralEnum for AspectRatio {
                const NAME: &'static str = "AspectRatio";
                const POINTER: &'static str = "/aspect_ratio";
                const TABLE: __rt::Table<Self> = __rt::Table::Strings(
                    &[
                        (Self::V1_1, "1:1"),
                        (Self::V3_2, "3:2"),
                        (Self::V2_3, "2:3"),
                        (Self::V3_4, "3:4"),
                        (Self::V4_3, "4:3"),
                        (Self::V4_5, "4:5"),
                        (Self::V5_4, "5:4"),
                        (Self::V9_16, "9:16"),
                        (Self::V16_9, "16:9"),
                        (Self::V21_9, "21:9"),
                    ],
                );
            }
            impl __rt::Display for AspectRatio {
                #[inline]
                fn fmt(&self, f: &mut __rt::Formatter<'_>) -> __rt::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl __rt::FromStr for AspectRatio {
                type Err = __rt::Violation;
                #[inline]
                fn from_str(value: &str) -> __rt::Result<Self, __rt::Violation> {
                    __rt::enum_from_str(value)
                }
            }
            impl __rt::Serialize for AspectRatio {
                fn serialize<S: __rt::Serializer>(
                    &self,
                    s: S,
                ) -> __rt::Result<S::Ok, S::Error> {
                    __rt::enum_serialize::<Self, S>(*self as usize, s)
                }
            }
            impl<'de> __rt::Deserialize<'de> for AspectRatio {
                fn deserialize<D: __rt::Deserializer<'de>>(
                    d: D,
                ) -> __rt::Result<Self, D::Error> {
                    __rt::enum_deserialize(d)
                }
            }
            impl __rt::JsonSchema for AspectRatio {
                #[inline]
                fn schema_name() -> __rt::Cow<'static, str> {
                    __rt::Cow::Borrowed("AspectRatio")
                }
                #[inline]
                fn json_schema(_: &mut __rt::SchemaGenerator) -> __rt::Schema {
                    __rt::enum_json_schema::<Self>()
                }
            }
            /// **Risoluzione**: Risoluzione di output.
            ///
            /// Allowed values: `"1k"`, `"2k"`, `"4k"`.
            #[derive(
                __rt::Debug,
                __rt::Clone,
                __rt::Copy,
                __rt::PartialEq,
                __rt::Eq,
                __rt::Hash
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
                pub const ALL: &'static [Self] = &__rt::enum_all::<Self, 3>();
                /// The value as text, without JSON quotes (`16:9`, `5`): what a CLI user types.
                #[inline]
                pub const fn as_str(self) -> &'static str {
                    __rt::enum_text::<Self>(self as usize)
                }
                /// The value whose JSON literal equals `value`.
                #[inline]
                pub fn from_json(value: &__rt::serde_json::Value) -> __rt::Option<Self> {
                    __rt::enum_from_json(value)
                }
            }
            impl __rt::LiteralEnum for Resolution {
                const NAME: &'static str = "Resolution";
                const POINTER: &'static str = "/resolution";
                const TABLE: __rt::Table<Self> = __rt::Table::Strings(
                    &[(Self::V1k, "1k"), (Self::V2k, "2k"), (Self::V4k, "4k")],
                );
            }
            impl __rt::Display for Resolution {
                #[inline]
                fn fmt(&self, f: &mut __rt::Formatter<'_>) -> __rt::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl __rt::FromStr for Resolution {
                type Err = __rt::Violation;
                #[inline]
                fn from_str(value: &str) -> __rt::Result<Self, __rt::Violation> {
                    __rt::enum_from_str(value)
                }
            }
            impl __rt::Serialize for Resolution {
                fn serialize<S: __rt::Serializer>(
                    &self,
                    s: S,
                ) -> __rt::Result<S::Ok, S::Error> {
                    __rt::enum_serialize::<Self, S>(*self as usize, s)
                }
            }
            impl<'de> __rt::Deserialize<'de> for Resolution {
                fn deserialize<D: __rt::Deserializer<'de>>(
                    d: D,
                ) -> __rt::Result<Self, D::Error> {
                    __rt::enum_deserialize(d)
                }
            }
            impl __rt::JsonSchema for Resolution {
                #[inline]
                fn schema_name() -> __rt::Cow<'static, str> {
                    __rt::Cow::Borrowed("Resolution")
                }
                #[inline]
                fn json_schema(_: &mut __rt::SchemaGenerator) -> __rt::Schema {
                    __rt::enum_json_schema::<Self>()
                }
            }
            /// **Qualità**: Qualità dell'immagine.
            ///
            /// Allowed values: `"low"`, `"medium"`, `"high"`.
            #[derive(
                __rt::Debug,
                __rt::Clone,
                __rt::Copy,
                __rt::PartialEq,
                __rt::Eq,
                __rt::Hash
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
                pub const ALL: &'static [Self] = &__rt::enum_all::<Self, 3>();
                /// The value as text, without JSON quotes (`16:9`, `5`): what a CLI user types.
                #[inline]
                pub const fn as_str(self) -> &'static str {
                    __rt::enum_text::<Self>(self as usize)
                }
                /// The value whose JSON literal equals `value`.
                #[inline]
                pub fn from_json(value: &__rt::serde_json::Value) -> __rt::Option<Self> {
                    __rt::enum_from_json(value)
                }
            }
            impl __rt::LiteralEnum for Quality {
                const NAME: &'static str = "Quality";
                const POINTER: &'static str = "/quality";
                const TABLE: __rt::Table<Self> = __rt::Table::Strings(
                    &[(Self::Low, "low"), (Self::Medium, "medium"), (Self::High, "high")],
                );
            }
            impl __rt::Display for Quality {
                #[inline]
                fn fmt(&self, f: &mut __rt::Formatter<'_>) -> __rt::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl __rt::FromStr for Quality {
                type Err = __rt::Violation;
                #[inline]
                fn from_str(value: &str) -> __rt::Result<Self, __rt::Violation> {
                    __rt::enum_from_str(value)
                }
            }
            impl __rt::Serialize for Quality {
                fn serialize<S: __rt::Serializer>(
                    &self,
                    s: S,
                ) -> __rt::Result<S::Ok, S::Error> {
                    __rt::enum_serialize::<Self, S>(*self as usize, s)
                }
            }
            impl<'de> __rt::Deserialize<'de> for Quality {
                fn deserialize<D: __rt::Deserializer<'de>>(
                    d: D,
                ) -> __rt::Result<Self, D::Error> {
                    __rt::enum_deserialize(d)
                }
            }
            impl __rt::JsonSchema for Quality {
                #[inline]
                fn schema_name() -> __rt::Cow<'static, str> {
                    __rt::Cow::Borrowed("Quality")
                }
                #[inline]
                fn json_schema(_: &mut __rt::SchemaGenerator) -> __rt::Schema {
                    __rt::enum_json_schema::<Self>()
                }
            }
            /// **Formato di output**: Formato dell'immagine in uscita.
            ///
            /// Allowed values: `"png"`, `"jpeg"`, `"webp"`.
            #[derive(
                __rt::Debug,
                __rt::Clone,
                __rt::Copy,
                __rt::PartialEq,
                __rt::Eq,
                __rt::Hash
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
                pub const ALL: &'static [Self] = &__rt::enum_all::<Self, 3>();
                /// The value as text, without JSON quotes (`16:9`, `5`): what a CLI user types.
                #[inline]
                pub const fn as_str(self) -> &'static str {
                    __rt::enum_text::<Self>(self as usize)
                }
                /// The value whose JSON literal equals `value`.
                #[inline]
                pub fn from_json(value: &__rt::serde_json::Value) -> __rt::Option<Self> {
                    __rt::enum_from_json(value)
                }
            }
            impl __rt::LiteralEnum for OutputFormat {
                const NAME: &'static str = "OutputFormat";
                const POINTER: &'static str = "/output_format";
                const TABLE: __rt::Table<Self> = __rt::Table::Strings(
                    &[(Self::Png, "png"), (Self::Jpeg, "jpeg"), (Self::Webp, "webp")],
                );
            }
            impl __rt::Display for OutputFormat {
                #[inline]
                fn fmt(&self, f: &mut __rt::Formatter<'_>) -> __rt::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl __rt::FromStr for OutputFormat {
                type Err = __rt::Violation;
                #[inline]
                fn from_str(value: &str) -> __rt::Result<Self, __rt::Violation> {
                    __rt::enum_from_str(value)
                }
            }
            impl __rt::Serialize for OutputFormat {
                fn serialize<S: __rt::Serializer>(
                    &self,
                    s: S,
                ) -> __rt::Result<S::Ok, S::Error> {
                    __rt::enum_serialize::<Self, S>(*self as usize, s)
                }
            }
            impl<'de> __rt::Deserialize<'de> for OutputFormat {
                fn deserialize<D: __rt::Deserializer<'de>>(
                    d: D,
                ) -> __rt::Result<Self, D::Error> {
                    __rt::enum_deserialize(d)
                }
            }
            impl __rt::JsonSchema for OutputFormat {
                #[inline]
                fn schema_name() -> __rt::Cow<'static, str> {
                    __rt::Cow::Borrowed("OutputFormat")
                }
                #[inline]
                fn json_schema(_: &mut __rt::SchemaGenerator) -> __rt::Schema {
                    __rt::enum_json_schema::<Self>()
                }
            }
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
                        max: __rt::Option::None,
                    };
                }
                impl __rt::Unlimited for Prompt {}
            }
        }
    }
}
/// Every generated endpoint: `(model id, schema file, schema text)`, sorted by model id.
pub const ENDPOINTS: &[(&str, &str, &str)] = &[
    (
        self::openai::gpt_image_2::text_to_image::MODEL_ID,
        self::openai::gpt_image_2::text_to_image::SCHEMA_FILE,
        self::openai::gpt_image_2::text_to_image::SCHEMA_JSON,
    ),
];
