/// Endpoints under `bytedance/`.
#[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
pub mod bytedance {
    /// Endpoints under `bytedance/dreamina-4-0/`.
    #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
    pub mod dreamina_4_0 {
        /// Endpoint `bytedance/dreamina-4-0/text-to-image` (schema file `schemas/bytedance/dreamina-4-0/text-to-image.json`).
        ///
        /// Build its `Request` and submit it with the client.
        #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
        pub mod text_to_image {
            use ::runcomfy_client::__runtime as __rt;
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
            /// Required fields are plain, optional ones `Option` (and `None` is never sent). Each field has its own type in this module, whose constructors check the schema's limits, so a value of this type can only hold what the schema allows. Documented defaults are documentation: they are never sent on your behalf.
            #[derive(__rt::Debug, __rt::Clone, __rt::PartialEq)]
            pub struct Request {
                /// **Prompt**
                ///
                /// Required; wire name `"prompt"`; documented default `"A beautiful girl is walking on the street"` (documentation only, never sent on your behalf; typed: [`Request::default_prompt`]).
                pub prompt: Prompt,
                /// **Aspect Ratio (W:H)**
                ///
                /// Optional (`None` is not sent); wire name `"width×height"`; documented default `"2048x2048(1:1)"` (documentation only, never sent on your behalf; typed: [`Request::default_width_height`]).
                pub width_height: __rt::Option<WidthHeight>,
                /// **Scale**: Controls how strongly the text prompt influences the result relative to input images. Higher values increase text influence.
                ///
                /// Optional (`None` is not sent); wire name `"scale"`; documented default `0.5` (documentation only, never sent on your behalf; typed: [`Request::default_scale`]).
                pub scale: __rt::Option<Scale>,
                /// **Force Single Image**: Whether to force generation of a single image. More images per set increase latency; for stability, specify group count/resolution or pass width and height.
                ///
                /// Optional (`None` is not sent); wire name `"force_single"`; documented default `false` (documentation only, never sent on your behalf; typed: [`Request::default_force_single`]).
                pub force_single: __rt::Option<ForceSingle>,
            }
            impl Request {
                /// The model id of this endpoint.
                pub const MODEL_ID: &'static str = "bytedance/dreamina-4-0/text-to-image";
                /// The schema text, as bundled at compile time.
                pub const SCHEMA_JSON: &'static str = SCHEMA_JSON;
                /// The schema file this type was generated from, as bundled.
                pub const SCHEMA_FILE: &'static str = "schemas/bytedance/dreamina-4-0/text-to-image.json";
                /// A request with the required fields (`prompt`) and every optional field unset.
                #[inline]
                #[allow(clippy::too_many_arguments)]
                pub fn new(prompt: Prompt) -> Self {
                    Self {
                        prompt,
                        width_height: __rt::Option::None,
                        scale: __rt::Option::None,
                        force_single: __rt::Option::None,
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
                #[inline]
                pub fn default_prompt() -> Prompt {
                    Prompt::__new_unchecked(
                        __rt::String::from("A beautiful girl is walking on the street"),
                    )
                }
                /// The schema's documented default for `width×height`. Documentation only: the request does not send it unless you set the field.
                #[inline]
                pub fn default_width_height() -> WidthHeight {
                    WidthHeight::V2048x2048_1_1
                }
                /// The schema's documented default for `scale`. Documentation only: the request does not send it unless you set the field.
                #[inline]
                pub fn default_scale() -> Scale {
                    Scale::__new_unchecked(0.5f64)
                }
                /// The schema's documented default for `force_single`. Documentation only: the request does not send it unless you set the field.
                #[inline]
                pub fn default_force_single() -> ForceSingle {
                    ForceSingle::new(false)
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
                        width_height: __rt::Option::None,
                        scale: __rt::Option::None,
                        force_single: __rt::Option::None,
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
                    object.optional("width×height", &self.width_height)?;
                    object.optional("scale", &self.scale)?;
                    object.optional("force_single", &self.force_single)?;
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
                        width_height: object.optional("width×height")?,
                        scale: object.optional("scale")?,
                        force_single: object.optional("force_single")?,
                    };
                    object
                        .end(
                            value,
                            &["prompt", "width×height", "scale", "force_single"],
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
                width_height: __rt::Option<WidthHeight>,
                scale: __rt::Option<Scale>,
                force_single: __rt::Option<ForceSingle>,
            }
            impl RequestBuilder<__rt::Unset<Prompt>> {
                /// Sets the required field `prompt` (wire name `"prompt"`).
                pub fn prompt(self, value: Prompt) -> RequestBuilder<Prompt> {
                    RequestBuilder {
                        prompt: value,
                        width_height: self.width_height,
                        scale: self.scale,
                        force_single: self.force_single,
                    }
                }
            }
            impl<PromptState> RequestBuilder<PromptState> {
                /// Sets the optional field `width_height` (wire name `"width×height"`).
                pub fn width_height(mut self, value: WidthHeight) -> Self {
                    self.width_height = __rt::Option::Some(value);
                    self
                }
                /// Sets the optional field `scale` (wire name `"scale"`).
                pub fn scale(mut self, value: Scale) -> Self {
                    self.scale = __rt::Option::Some(value);
                    self
                }
                /// Sets the optional field `force_single` (wire name `"force_single"`).
                pub fn force_single(
                    mut self,
                    value: impl __rt::IntoField<ForceSingle>,
                ) -> Self {
                    self.force_single = __rt::Option::Some(
                        __rt::IntoField::into_field(value),
                    );
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
                        width_height: self.width_height,
                        scale: self.scale,
                        force_single: self.force_single,
                    }
                }
            }
            /// **Prompt**
            ///
            /// Length: at most 800 characters (Unicode scalar values).
            pub type Prompt = __rt::Text<fields::Prompt>;
            /// **Aspect Ratio (W:H)**
            ///
            /// Allowed values: `"1024x1024(1:1)"`, `"2048x2048(1:1)"`, `"2304x1728(4:3)"`, `"2496x1664(3:2)"`, `"2560x1440(16:9)"`, `"3024x1296(21:9)"`, `"4096x4096(1:1)"`, `"4694x3520(4:3)"`, `"4992x3328(3:2)"`, `"5404x3040(16:9)"`, `"6198x2656(21:9)"`.
            #[derive(
                __rt::Debug,
                __rt::Clone,
                __rt::Copy,
                __rt::PartialEq,
                __rt::Eq,
                __rt::Hash
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
                pub const ALL: &'static [Self] = &__rt::enum_all::<Self, 11>();
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
            impl __rt::LiteralEnum for WidthHeight {
                const NAME: &'static str = "WidthHeight";
                const POINTER: &'static str = "/width×height";
                const TABLE: __rt::Table<Self> = __rt::Table::Strings(
                    &[
                        (Self::V1024x1024_1_1, "1024x1024(1:1)"),
                        (Self::V2048x2048_1_1, "2048x2048(1:1)"),
                        (Self::V2304x1728_4_3, "2304x1728(4:3)"),
                        (Self::V2496x1664_3_2, "2496x1664(3:2)"),
                        (Self::V2560x1440_16_9, "2560x1440(16:9)"),
                        (Self::V3024x1296_21_9, "3024x1296(21:9)"),
                        (Self::V4096x4096_1_1, "4096x4096(1:1)"),
                        (Self::V4694x3520_4_3, "4694x3520(4:3)"),
                        (Self::V4992x3328_3_2, "4992x3328(3:2)"),
                        (Self::V5404x3040_16_9, "5404x3040(16:9)"),
                        (Self::V6198x2656_21_9, "6198x2656(21:9)"),
                    ],
                );
            }
            impl __rt::Display for WidthHeight {
                #[inline]
                fn fmt(&self, f: &mut __rt::Formatter<'_>) -> __rt::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl __rt::FromStr for WidthHeight {
                type Err = __rt::Violation;
                #[inline]
                fn from_str(value: &str) -> __rt::Result<Self, __rt::Violation> {
                    __rt::enum_from_str(value)
                }
            }
            impl __rt::Serialize for WidthHeight {
                fn serialize<S: __rt::Serializer>(
                    &self,
                    s: S,
                ) -> __rt::Result<S::Ok, S::Error> {
                    __rt::enum_serialize::<Self, S>(*self as usize, s)
                }
            }
            impl<'de> __rt::Deserialize<'de> for WidthHeight {
                fn deserialize<D: __rt::Deserializer<'de>>(
                    d: D,
                ) -> __rt::Result<Self, D::Error> {
                    __rt::enum_deserialize(d)
                }
            }
            impl __rt::JsonSchema for WidthHeight {
                #[inline]
                fn schema_name() -> __rt::Cow<'static, str> {
                    __rt::Cow::Borrowed("WidthHeight")
                }
                #[inline]
                fn json_schema(_: &mut __rt::SchemaGenerator) -> __rt::Schema {
                    __rt::enum_json_schema::<Self>()
                }
            }
            /// **Scale**: Controls how strongly the text prompt influences the result relative to input images. Higher values increase text influence.
            ///
            /// Range: `0 ≤ value ≤ 1`.
            pub type Scale = __rt::Number<fields::Scale>;
            /// **Force Single Image**: Whether to force generation of a single image. More images per set increase latency; for stability, specify group count/resolution or pass width and height.
            pub type ForceSingle = __rt::Boolean<fields::ForceSingle>;
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
                        max: __rt::Option::Some(800),
                    };
                }
                /// The marker of [`Scale`](super::Scale), at `/scale` in a request: the schema's limits on it.
                pub enum Scale {}
                impl __rt::FieldSpec for Scale {
                    type Value = f64;
                    const NAME: &'static str = "Scale";
                    const POINTER: &'static str = "/scale";
                    const LIMITS: __rt::NumberRange = __rt::Bounds::NONE
                        .minimum(0f64)
                        .maximum(1f64);
                }
                /// The marker of [`ForceSingle`](super::ForceSingle), at `/force_single` in a request: the schema's limits on it.
                pub enum ForceSingle {}
                impl __rt::FieldSpec for ForceSingle {
                    type Value = bool;
                    const NAME: &'static str = "ForceSingle";
                    const POINTER: &'static str = "/force_single";
                    const LIMITS: () = ();
                }
            }
        }
    }
}
/// Every generated endpoint: `(model id, schema file, schema text)`, sorted by model id.
pub const ENDPOINTS: &[(&str, &str, &str)] = &[
    (
        self::bytedance::dreamina_4_0::text_to_image::MODEL_ID,
        self::bytedance::dreamina_4_0::text_to_image::SCHEMA_FILE,
        self::bytedance::dreamina_4_0::text_to_image::SCHEMA_JSON,
    ),
];
