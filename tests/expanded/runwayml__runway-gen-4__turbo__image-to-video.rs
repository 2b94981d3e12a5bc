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
            /// Build its `Request` and submit it with the client.
            #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
            pub mod image_to_video {
                use ::runcomfy_client::__runtime as __rt;
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
                /// Required fields are plain, optional ones `Option` (and `None` is never sent). Each field has its own type in this module, whose constructors check the schema's limits, so a value of this type can only hold what the schema allows. Documented defaults are documentation: they are never sent on your behalf.
                #[derive(__rt::Debug, __rt::Clone, __rt::PartialEq)]
                pub struct Request {
                    /// **Prompt**
                    ///
                    /// Optional (`None` is not sent); wire name `"promptText"`.
                    pub prompt_text: __rt::Option<PromptText>,
                    /// **Image**: Use images under 16MB, with dimensions below 8000x8000 pixels and an aspect ratio between 1:2 and 2:1.
                    ///
                    /// Required; wire name `"promptImage"`.
                    pub prompt_image: PromptImage,
                    /// **Aspect Ratio (W:H)**
                    ///
                    /// Optional (`None` is not sent); wire name `"ratio"`; documented default `"1280:720"` (documentation only, never sent on your behalf; typed: [`Request::default_ratio`]).
                    pub ratio: __rt::Option<Ratio>,
                    /// **Duration**
                    ///
                    /// Optional (`None` is not sent); wire name `"duration"`; documented default `5` (documentation only, never sent on your behalf; typed: [`Request::default_duration`]).
                    pub duration: __rt::Option<Duration>,
                    /// **Seed**
                    ///
                    /// Optional (`None` is not sent); wire name `"seed"`.
                    pub seed: __rt::Option<Seed>,
                }
                impl Request {
                    /// The model id of this endpoint.
                    pub const MODEL_ID: &'static str = "runwayml/runway-gen-4/turbo/image-to-video";
                    /// The schema text, as bundled at compile time.
                    pub const SCHEMA_JSON: &'static str = SCHEMA_JSON;
                    /// The schema file this type was generated from, as bundled.
                    pub const SCHEMA_FILE: &'static str = "schemas/runwayml/runway-gen-4/turbo/image-to-video.json";
                    /// A request with the required fields (`prompt_image`) and every optional field unset.
                    #[inline]
                    #[allow(clippy::too_many_arguments)]
                    pub fn new(prompt_image: PromptImage) -> Self {
                        Self {
                            prompt_text: __rt::Option::None,
                            prompt_image,
                            ratio: __rt::Option::None,
                            duration: __rt::Option::None,
                            seed: __rt::Option::None,
                        }
                    }
                    /// Every documented default as `(wire name, JSON text)`.
                    pub const DEFAULTS: &'static [(&'static str, &'static str)] = &[
                        ("ratio", "\"1280:720\""),
                        ("duration", "5"),
                    ];
                    /// The schema's documented default for `ratio`. Documentation only: the request does not send it unless you set the field.
                    #[inline]
                    pub fn default_ratio() -> Ratio {
                        Ratio::V1280_720
                    }
                    /// The schema's documented default for `duration`. Documentation only: the request does not send it unless you set the field.
                    #[inline]
                    pub fn default_duration() -> Duration {
                        Duration::V5
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
                            prompt_text: __rt::Option::None,
                            prompt_image: __rt::Unset::new(),
                            ratio: __rt::Option::None,
                            duration: __rt::Option::None,
                            seed: __rt::Option::None,
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
                        object.optional("promptText", &self.prompt_text)?;
                        object.field("promptImage", &self.prompt_image)?;
                        object.optional("ratio", &self.ratio)?;
                        object.optional("duration", &self.duration)?;
                        object.optional("seed", &self.seed)?;
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
                            prompt_text: object.optional("promptText")?,
                            prompt_image: object.field("promptImage")?,
                            ratio: object.optional("ratio")?,
                            duration: object.optional("duration")?,
                            seed: object.optional("seed")?,
                        };
                        object
                            .end(
                                value,
                                &["promptText", "promptImage", "ratio", "duration", "seed"],
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
                /// A typestate builder for [`Request`]: set the required fields (`prompt_image`) and any optional ones, then call `build()`. Calling `build()` before every required field is set does not compile.
                #[must_use = "a builder does nothing until `build()` is called"]
                pub struct RequestBuilder<PromptImageState = __rt::Unset<PromptImage>> {
                    prompt_text: __rt::Option<PromptText>,
                    prompt_image: PromptImageState,
                    ratio: __rt::Option<Ratio>,
                    duration: __rt::Option<Duration>,
                    seed: __rt::Option<Seed>,
                }
                impl RequestBuilder<__rt::Unset<PromptImage>> {
                    /// Sets the required field `prompt_image` (wire name `"promptImage"`).
                    pub fn prompt_image(
                        self,
                        value: PromptImage,
                    ) -> RequestBuilder<PromptImage> {
                        RequestBuilder {
                            prompt_text: self.prompt_text,
                            prompt_image: value,
                            ratio: self.ratio,
                            duration: self.duration,
                            seed: self.seed,
                        }
                    }
                }
                impl<PromptImageState> RequestBuilder<PromptImageState> {
                    /// Sets the optional field `prompt_text` (wire name `"promptText"`).
                    pub fn prompt_text(mut self, value: PromptText) -> Self {
                        self.prompt_text = __rt::Option::Some(value);
                        self
                    }
                    /// Sets the optional field `ratio` (wire name `"ratio"`).
                    pub fn ratio(mut self, value: Ratio) -> Self {
                        self.ratio = __rt::Option::Some(value);
                        self
                    }
                    /// Sets the optional field `duration` (wire name `"duration"`).
                    pub fn duration(mut self, value: Duration) -> Self {
                        self.duration = __rt::Option::Some(value);
                        self
                    }
                    /// Sets the optional field `seed` (wire name `"seed"`).
                    pub fn seed(mut self, value: Seed) -> Self {
                        self.seed = __rt::Option::Some(value);
                        self
                    }
                    /// The request, with every field that was set. Every required field must be set
                    /// first; otherwise this call does not compile.
                    pub fn build(self) -> Request
                    where
                        PromptImageState: __rt::IsSet<PromptImage>,
                    {
                        Request {
                            prompt_text: self.prompt_text,
                            prompt_image: __rt::IsSet::into_set_value(self.prompt_image),
                            ratio: self.ratio,
                            duration: self.duration,
                            seed: self.seed,
                        }
                    }
                }
                /// **Prompt**
                ///
                /// Length: at most 1000 characters (Unicode scalar values).
                pub type PromptText = __rt::Text<fields::PromptText>;
                /// **Image**: Use images under 16MB, with dimensions below 8000x8000 pixels and an aspect ratio between 1:2 and 2:1.
                ///
                /// Media input (image): an `https://` URL the server can fetch, or a `data:` URI.
                /// - Rule `width_pixels < 8000`: The uploaded image width and height must not exceed 8000 pixels.
                /// - Rule `height_pixels < 8000`: The uploaded image width and height must not exceed 8000 pixels.
                /// - Rule `width/height > 0.5`: The aspect ratio range should be 1:2 to 2:1.
                /// - Rule `width/height < 2`: The aspect ratio range should be 1:2 to 2:1.
                /// - Rule `file_size_mb < 16`: File size must be less than 16 MB.
                pub type PromptImage = __rt::Media<fields::PromptImage>;
                /// **Aspect Ratio (W:H)**
                ///
                /// Allowed values: `"1584:672"`, `"1280:720"`, `"1104:832"`, `"960:960"`, `"832:1104"`, `"720:1280"`.
                #[derive(
                    __rt::Debug,
                    __rt::Clone,
                    __rt::Copy,
                    __rt::PartialEq,
                    __rt::Eq,
                    __rt::Hash
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
                    pub const ALL: &'static [Self] = &__rt::enum_all::<Self, 6>();
                    /// The value as text, without JSON quotes (`16:9`, `5`): what a CLI user types.
                    #[inline]
                    pub const fn as_str(self) -> &'static str {
                        __rt::enum_text::<Self>(self as usize)
                    }
                    /// The value whose JSON literal equals `value`.
                    #[inline]
                    pub fn from_json(
                        value: &__rt::serde_json::Value,
                    ) -> __rt::Option<Self> {
                        __rt::enum_from_json(value)
                    }
                }
                impl __rt::LiteralEnum for Ratio {
                    const NAME: &'static str = "Ratio";
                    const POINTER: &'static str = "/ratio";
                    const TABLE: __rt::Table<Self> = __rt::Table::Strings(
                        &[
                            (Self::V1584_672, "1584:672"),
                            (Self::V1280_720, "1280:720"),
                            (Self::V1104_832, "1104:832"),
                            (Self::V960_960, "960:960"),
                            (Self::V832_1104, "832:1104"),
                            (Self::V720_1280, "720:1280"),
                        ],
                    );
                }
                impl __rt::Display for Ratio {
                    #[inline]
                    fn fmt(&self, f: &mut __rt::Formatter<'_>) -> __rt::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
                impl __rt::FromStr for Ratio {
                    type Err = __rt::Violation;
                    #[inline]
                    fn from_str(value: &str) -> __rt::Result<Self, __rt::Violation> {
                        __rt::enum_from_str(value)
                    }
                }
                impl __rt::Serialize for Ratio {
                    fn serialize<S: __rt::Serializer>(
                        &self,
                        s: S,
                    ) -> __rt::Result<S::Ok, S::Error> {
                        __rt::enum_serialize::<Self, S>(*self as usize, s)
                    }
                }
                impl<'de> __rt::Deserialize<'de> for Ratio {
                    fn deserialize<D: __rt::Deserializer<'de>>(
                        d: D,
                    ) -> __rt::Result<Self, D::Error> {
                        __rt::enum_deserialize(d)
                    }
                }
                impl __rt::JsonSchema for Ratio {
                    #[inline]
                    fn schema_name() -> __rt::Cow<'static, str> {
                        __rt::Cow::Borrowed("Ratio")
                    }
                    #[inline]
                    fn json_schema(_: &mut __rt::SchemaGenerator) -> __rt::Schema {
                        __rt::enum_json_schema::<Self>()
                    }
                }
                /// **Duration**
                ///
                /// Allowed values: `5`, `10`.
                #[derive(
                    __rt::Debug,
                    __rt::Clone,
                    __rt::Copy,
                    __rt::PartialEq,
                    __rt::Eq,
                    __rt::Hash
                )]
                pub enum Duration {
                    /// `5`
                    V5,
                    /// `10`
                    V10,
                }
                impl Duration {
                    /// Every allowed value, in the schema's order.
                    pub const ALL: &'static [Self] = &__rt::enum_all::<Self, 2>();
                    /// The value as text, without JSON quotes (`16:9`, `5`): what a CLI user types.
                    #[inline]
                    pub const fn as_str(self) -> &'static str {
                        __rt::enum_text::<Self>(self as usize)
                    }
                    /// The value whose JSON literal equals `value`.
                    #[inline]
                    pub fn from_json(
                        value: &__rt::serde_json::Value,
                    ) -> __rt::Option<Self> {
                        __rt::enum_from_json(value)
                    }
                }
                impl __rt::LiteralEnum for Duration {
                    const NAME: &'static str = "Duration";
                    const POINTER: &'static str = "/duration";
                    const TABLE: __rt::Table<Self> = __rt::Table::Mixed(
                        &[
                            (Self::V5, __rt::LiteralRef::Int(5i64), "5"),
                            (Self::V10, __rt::LiteralRef::Int(10i64), "10"),
                        ],
                    );
                }
                impl __rt::Display for Duration {
                    #[inline]
                    fn fmt(&self, f: &mut __rt::Formatter<'_>) -> __rt::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
                impl __rt::FromStr for Duration {
                    type Err = __rt::Violation;
                    #[inline]
                    fn from_str(value: &str) -> __rt::Result<Self, __rt::Violation> {
                        __rt::enum_from_str(value)
                    }
                }
                impl __rt::Serialize for Duration {
                    fn serialize<S: __rt::Serializer>(
                        &self,
                        s: S,
                    ) -> __rt::Result<S::Ok, S::Error> {
                        __rt::enum_serialize::<Self, S>(*self as usize, s)
                    }
                }
                impl<'de> __rt::Deserialize<'de> for Duration {
                    fn deserialize<D: __rt::Deserializer<'de>>(
                        d: D,
                    ) -> __rt::Result<Self, D::Error> {
                        __rt::enum_deserialize(d)
                    }
                }
                impl __rt::JsonSchema for Duration {
                    #[inline]
                    fn schema_name() -> __rt::Cow<'static, str> {
                        __rt::Cow::Borrowed("Duration")
                    }
                    #[inline]
                    fn json_schema(_: &mut __rt::SchemaGenerator) -> __rt::Schema {
                        __rt::enum_json_schema::<Self>()
                    }
                }
                /// **Seed**
                ///
                /// Range: `0 ≤ value ≤ 4294967295`.
                pub type Seed = __rt::Integer<fields::Seed>;
                /// The marker of each field type: its plain value's type, its name, where it sits
                /// in a request and the schema's limits (`Steps` is `Integer<fields::Steps>`).
                pub mod fields {
                    use super::__rt;
                    /// The marker of [`PromptText`](super::PromptText), at `/promptText` in a request: the schema's limits on it.
                    pub enum PromptText {}
                    impl __rt::FieldSpec for PromptText {
                        type Value = __rt::String;
                        const NAME: &'static str = "PromptText";
                        const POINTER: &'static str = "/promptText";
                        const LIMITS: __rt::LengthRange = __rt::LengthRange {
                            min: __rt::Option::None,
                            max: __rt::Option::Some(1000),
                        };
                    }
                    /// The marker of [`PromptImage`](super::PromptImage), at `/promptImage` in a request: the schema's limits on it.
                    pub enum PromptImage {}
                    impl __rt::FieldSpec for PromptImage {
                        type Value = __rt::MediaInput;
                        const NAME: &'static str = "PromptImage";
                        const POINTER: &'static str = "/promptImage";
                        const LIMITS: __rt::MediaLimits = __rt::MediaLimits {
                            kind: __rt::MediaKind::Image,
                            rules: &[
                                __rt::MediaRule {
                                    metric: __rt::Metric::WidthPixels,
                                    op: __rt::Op::Less,
                                    limit: 8000f64,
                                    rule: __rt::Cow::Borrowed("width_pixels<"),
                                    message: __rt::Cow::Borrowed(
                                        "The uploaded image width and height must not exceed 8000 pixels.",
                                    ),
                                },
                                __rt::MediaRule {
                                    metric: __rt::Metric::HeightPixels,
                                    op: __rt::Op::Less,
                                    limit: 8000f64,
                                    rule: __rt::Cow::Borrowed("height_pixels<"),
                                    message: __rt::Cow::Borrowed(
                                        "The uploaded image width and height must not exceed 8000 pixels.",
                                    ),
                                },
                                __rt::MediaRule {
                                    metric: __rt::Metric::AspectRatio,
                                    op: __rt::Op::Greater,
                                    limit: 0.5f64,
                                    rule: __rt::Cow::Borrowed("width/height>"),
                                    message: __rt::Cow::Borrowed(
                                        "The aspect ratio range should be 1:2 to 2:1.",
                                    ),
                                },
                                __rt::MediaRule {
                                    metric: __rt::Metric::AspectRatio,
                                    op: __rt::Op::Less,
                                    limit: 2f64,
                                    rule: __rt::Cow::Borrowed("width/height<"),
                                    message: __rt::Cow::Borrowed(
                                        "The aspect ratio range should be 1:2 to 2:1.",
                                    ),
                                },
                                __rt::MediaRule {
                                    metric: __rt::Metric::FileSizeMb,
                                    op: __rt::Op::Less,
                                    limit: 16f64,
                                    rule: __rt::Cow::Borrowed("file_size_mb<"),
                                    message: __rt::Cow::Borrowed(
                                        "File size must be less than 16 MB.",
                                    ),
                                },
                            ],
                        };
                    }
                    /// The marker of [`Seed`](super::Seed), at `/seed` in a request: the schema's limits on it.
                    pub enum Seed {}
                    impl __rt::FieldSpec for Seed {
                        type Value = i64;
                        const NAME: &'static str = "Seed";
                        const POINTER: &'static str = "/seed";
                        const LIMITS: __rt::IntegerRange = __rt::Bounds::NONE
                            .minimum(0f64)
                            .maximum(4294967295f64);
                    }
                }
            }
        }
    }
}
/// Every generated endpoint: `(model id, schema file, schema text)`, sorted by model id.
pub const ENDPOINTS: &[(&str, &str, &str)] = &[
    (
        self::runwayml::runway_gen_4::turbo::image_to_video::MODEL_ID,
        self::runwayml::runway_gen_4::turbo::image_to_video::SCHEMA_FILE,
        self::runwayml::runway_gen_4::turbo::image_to_video::SCHEMA_JSON,
    ),
];
