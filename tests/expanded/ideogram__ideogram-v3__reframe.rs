/// Endpoints under `ideogram/`.
#[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
pub mod ideogram {
    /// Endpoints under `ideogram/ideogram-v3/`.
    #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
    pub mod ideogram_v3 {
        /// Endpoint `ideogram/ideogram-v3/reframe` (schema file `schemas/ideogram/ideogram-v3/reframe.json`).
        ///
        /// Build its `Request` and submit it with the client.
        #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
        pub mod reframe {
            use ::runcomfy_client::__runtime as __rt;
            /// The model id of this endpoint.
            pub const MODEL_ID: &str = "ideogram/ideogram-v3/reframe";
            /// The schema file this module was generated from, as bundled.
            pub const SCHEMA_FILE: &str = "schemas/ideogram/ideogram-v3/reframe.json";
            /// The schema text, as bundled at compile time.
            pub const SCHEMA_JSON: &str = "{\n  \"type\": \"object\",\n  \"title\": \"Schema di input\",\n  \"required\": [\n    \"image\",\n    \"resolution\"\n  ],\n  \"properties\": {\n    \"image\": {\n      \"title\": \"image\",\n      \"description\": \"\",\n      \"type\": \"string\"\n    },\n    \"resolution\": {\n      \"title\": \"Aspect Ratio (W:H)\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"default\": \"1152:864 (4:3)\",\n      \"enum\": [\n        \"1536:640 (12:5)\",\n        \"1536:576 (8:3)\",\n        \"1536:512 (3:1)\",\n        \"1472:704 (23:11)\",\n        \"1472:640 (23:10)\",\n        \"1472:576 (23:9)\",\n        \"1408:704 (2:1)\",\n        \"1408:640 (11:5)\",\n        \"1408:576 (22:9)\",\n        \"1344:768 (7:4)\",\n        \"1344:704 (21:11)\",\n        \"1344:640 (21:10)\",\n        \"1312:736 (41:23)\",\n        \"1280:800 (8:5)\",\n        \"1280:768 (5:3)\",\n        \"1280:704 (20:11)\",\n        \"1248:832 (3:2)\",\n        \"1216:832 (19:13)\",\n        \"1216:768 (19:12)\",\n        \"1216:704 (19:11)\",\n        \"1152:896 (9:7)\",\n        \"1152:864 (4:3)\",\n        \"1152:832 (18:13)\",\n        \"1152:704 (18:11)\",\n        \"1120:896 (5:4)\",\n        \"1088:960 (17:15)\",\n        \"1088:896 (17:14)\",\n        \"1088:832 (17:13)\",\n        \"1088:768 (17:12)\",\n        \"1024:1024 (1:1)\",\n        \"1024:960 (16:15)\",\n        \"1024:896 (8:7)\",\n        \"1024:832 (16:13)\",\n        \"960:1088 (15:17)\",\n        \"960:1024 (15:16)\",\n        \"960:896 (15:14)\",\n        \"960:832 (15:13)\",\n        \"896:1152 (7:9)\",\n        \"896:1120 (4:5)\",\n        \"896:1088 (14:17)\",\n        \"896:1024 (7:8)\",\n        \"896:960 (14:15)\",\n        \"864:1152 (3:4)\",\n        \"832:1248 (2:3)\",\n        \"832:1216 (13:19)\",\n        \"832:1152 (13:18)\",\n        \"832:1088 (13:17)\",\n        \"832:1024 (13:16)\",\n        \"832:960 (13:15)\",\n        \"800:1280 (5:8)\",\n        \"768:1344 (4:7)\",\n        \"768:1280 (3:5)\",\n        \"768:1216 (12:19)\",\n        \"768:1088 (12:17)\",\n        \"736:1312 (23:41)\",\n        \"704:1472 (11:23)\",\n        \"704:1408 (1:2)\",\n        \"704:1344 (11:21)\",\n        \"704:1280 (11:20)\",\n        \"704:1216 (11:19)\",\n        \"704:1152 (11:18)\",\n        \"640:1536 (5:12)\",\n        \"640:1472 (10:23)\",\n        \"640:1408 (5:11)\",\n        \"640:1344 (10:21)\",\n        \"576:1536 (3:8)\",\n        \"576:1472 (9:23)\",\n        \"576:1408 (9:22)\",\n        \"512:1536 (1:3)\"\n      ]\n    },\n    \"seed\": {\n      \"title\": \"Seed\",\n      \"description\": \"\",\n      \"maximum\": 2147483647,\n      \"minimum\": 0,\n      \"type\": \"integer\"\n    },\n    \"rendering_speed\": {\n      \"title\": \"Rendering Speed\",\n      \"description\": \"\",\n      \"type\": \"string\",\n      \"enum\": [\n        \"TURBO\",\n        \"BALANCED\",\n        \"QUALITY\"\n      ],\n      \"default\": \"BALANCED\"\n    },\n    \"color_palette\": {\n      \"title\": \"Color Palette\",\n      \"description\": \"\",\n      \"type\": \"object\"\n    },\n    \"style\": {\n      \"title\": \"Style\",\n      \"description\": \"\",\n      \"type\": \"object\"\n    }\n  }\n}\n";
            /// A request to `ideogram/ideogram-v3/reframe`.
            ///
            /// Schema title: Schema di input.
            ///
            /// Required fields are plain, optional ones `Option` (and `None` is never sent). Each field has its own type in this module, whose constructors check the schema's limits, so a value of this type can only hold what the schema allows. Documented defaults are documentation: they are never sent on your behalf.
            #[derive(__rt::Debug, __rt::Clone, __rt::PartialEq)]
            pub struct Request {
                /// **image**
                ///
                /// Required; wire name `"image"`.
                pub image: Image,
                /// **Aspect Ratio (W:H)**
                ///
                /// Required; wire name `"resolution"`; documented default `"1152:864 (4:3)"` (documentation only, never sent on your behalf; typed: [`Request::default_resolution`]).
                pub resolution: Resolution,
                /// **Seed**
                ///
                /// Optional (`None` is not sent); wire name `"seed"`.
                pub seed: __rt::Option<Seed>,
                /// **Rendering Speed**
                ///
                /// Optional (`None` is not sent); wire name `"rendering_speed"`; documented default `"BALANCED"` (documentation only, never sent on your behalf; typed: [`Request::default_rendering_speed`]).
                pub rendering_speed: __rt::Option<RenderingSpeed>,
                /// **Color Palette**
                ///
                /// Optional (`None` is not sent); wire name `"color_palette"`.
                pub color_palette: __rt::Option<ColorPalette>,
                /// **Style**
                ///
                /// Optional (`None` is not sent); wire name `"style"`.
                pub style: __rt::Option<Style>,
            }
            impl Request {
                /// The model id of this endpoint.
                pub const MODEL_ID: &'static str = "ideogram/ideogram-v3/reframe";
                /// The schema text, as bundled at compile time.
                pub const SCHEMA_JSON: &'static str = SCHEMA_JSON;
                /// The schema file this type was generated from, as bundled.
                pub const SCHEMA_FILE: &'static str = "schemas/ideogram/ideogram-v3/reframe.json";
                /// A request with the required fields (`image`, `resolution`) and every optional field unset.
                #[inline]
                #[allow(clippy::too_many_arguments)]
                pub fn new(image: Image, resolution: Resolution) -> Self {
                    Self {
                        image,
                        resolution,
                        seed: __rt::Option::None,
                        rendering_speed: __rt::Option::None,
                        color_palette: __rt::Option::None,
                        style: __rt::Option::None,
                    }
                }
                /// Every documented default as `(wire name, JSON text)`.
                pub const DEFAULTS: &'static [(&'static str, &'static str)] = &[
                    ("resolution", "\"1152:864 (4:3)\""),
                    ("rendering_speed", "\"BALANCED\""),
                ];
                /// The schema's documented default for `resolution`. Documentation only: the request does not send it unless you set the field.
                #[inline]
                pub fn default_resolution() -> Resolution {
                    Resolution::V1152_864_4_3
                }
                /// The schema's documented default for `rendering_speed`. Documentation only: the request does not send it unless you set the field.
                #[inline]
                pub fn default_rendering_speed() -> RenderingSpeed {
                    RenderingSpeed::Balanced
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
                        image: __rt::Unset::new(),
                        resolution: __rt::Unset::new(),
                        seed: __rt::Option::None,
                        rendering_speed: __rt::Option::None,
                        color_palette: __rt::Option::None,
                        style: __rt::Option::None,
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
                    object.field("image", &self.image)?;
                    object.field("resolution", &self.resolution)?;
                    object.optional("seed", &self.seed)?;
                    object.optional("rendering_speed", &self.rendering_speed)?;
                    object.optional("color_palette", &self.color_palette)?;
                    object.optional("style", &self.style)?;
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
                        image: object.field("image")?,
                        resolution: object.field("resolution")?,
                        seed: object.optional("seed")?,
                        rendering_speed: object.optional("rendering_speed")?,
                        color_palette: object.optional("color_palette")?,
                        style: object.optional("style")?,
                    };
                    object
                        .end(
                            value,
                            &[
                                "image",
                                "resolution",
                                "seed",
                                "rendering_speed",
                                "color_palette",
                                "style",
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
            /// A typestate builder for [`Request`]: set the required fields (`image`, `resolution`) and any optional ones, then call `build()`. Calling `build()` before every required field is set does not compile.
            #[must_use = "a builder does nothing until `build()` is called"]
            pub struct RequestBuilder<
                ImageState = __rt::Unset<Image>,
                ResolutionState = __rt::Unset<Resolution>,
            > {
                image: ImageState,
                resolution: ResolutionState,
                seed: __rt::Option<Seed>,
                rendering_speed: __rt::Option<RenderingSpeed>,
                color_palette: __rt::Option<ColorPalette>,
                style: __rt::Option<Style>,
            }
            impl<ResolutionState> RequestBuilder<__rt::Unset<Image>, ResolutionState> {
                /// Sets the required field `image` (wire name `"image"`).
                pub fn image(
                    self,
                    value: impl __rt::IntoField<Image>,
                ) -> RequestBuilder<Image, ResolutionState> {
                    RequestBuilder {
                        image: __rt::IntoField::into_field(value),
                        resolution: self.resolution,
                        seed: self.seed,
                        rendering_speed: self.rendering_speed,
                        color_palette: self.color_palette,
                        style: self.style,
                    }
                }
            }
            impl<ImageState> RequestBuilder<ImageState, __rt::Unset<Resolution>> {
                /// Sets the required field `resolution` (wire name `"resolution"`).
                pub fn resolution(
                    self,
                    value: Resolution,
                ) -> RequestBuilder<ImageState, Resolution> {
                    RequestBuilder {
                        image: self.image,
                        resolution: value,
                        seed: self.seed,
                        rendering_speed: self.rendering_speed,
                        color_palette: self.color_palette,
                        style: self.style,
                    }
                }
            }
            impl<
                ImageState,
                ResolutionState,
            > RequestBuilder<ImageState, ResolutionState> {
                /// Sets the optional field `seed` (wire name `"seed"`).
                pub fn seed(mut self, value: Seed) -> Self {
                    self.seed = __rt::Option::Some(value);
                    self
                }
                /// Sets the optional field `rendering_speed` (wire name `"rendering_speed"`).
                pub fn rendering_speed(mut self, value: RenderingSpeed) -> Self {
                    self.rendering_speed = __rt::Option::Some(value);
                    self
                }
                /// Sets the optional field `color_palette` (wire name `"color_palette"`).
                pub fn color_palette(
                    mut self,
                    value: impl __rt::IntoField<ColorPalette>,
                ) -> Self {
                    self.color_palette = __rt::Option::Some(
                        __rt::IntoField::into_field(value),
                    );
                    self
                }
                /// Sets the optional field `style` (wire name `"style"`).
                pub fn style(mut self, value: impl __rt::IntoField<Style>) -> Self {
                    self.style = __rt::Option::Some(__rt::IntoField::into_field(value));
                    self
                }
                /// The request, with every field that was set. Every required field must be set
                /// first; otherwise this call does not compile.
                pub fn build(self) -> Request
                where
                    ImageState: __rt::IsSet<Image>,
                    ResolutionState: __rt::IsSet<Resolution>,
                {
                    Request {
                        image: __rt::IsSet::into_set_value(self.image),
                        resolution: __rt::IsSet::into_set_value(self.resolution),
                        seed: self.seed,
                        rendering_speed: self.rendering_speed,
                        color_palette: self.color_palette,
                        style: self.style,
                    }
                }
            }
            /// **image**
            pub type Image = __rt::Text<fields::Image>;
            /// **Aspect Ratio (W:H)**
            ///
            /// Allowed values: `"1536:640 (12:5)"`, `"1536:576 (8:3)"`, `"1536:512 (3:1)"`, `"1472:704 (23:11)"`, `"1472:640 (23:10)"`, `"1472:576 (23:9)"`, `"1408:704 (2:1)"`, `"1408:640 (11:5)"`, `"1408:576 (22:9)"`, `"1344:768 (7:4)"`, `"1344:704 (21:11)"`, `"1344:640 (21:10)"`, `"1312:736 (41:23)"`, `"1280:800 (8:5)"`, `"1280:768 (5:3)"`, `"1280:704 (20:11)"`, `"1248:832 (3:2)"`, `"1216:832 (19:13)"`, `"1216:768 (19:12)"`, `"1216:704 (19:11)"`, `"1152:896 (9:7)"`, `"1152:864 (4:3)"`, `"1152:832 (18:13)"`, `"1152:704 (18:11)"`, `"1120:896 (5:4)"`, `"1088:960 (17:15)"`, `"1088:896 (17:14)"`, `"1088:832 (17:13)"`, `"1088:768 (17:12)"`, `"1024:1024 (1:1)"`, `"1024:960 (16:15)"`, `"1024:896 (8:7)"`, `"1024:832 (16:13)"`, `"960:1088 (15:17)"`, `"960:1024 (15:16)"`, `"960:896 (15:14)"`, `"960:832 (15:13)"`, `"896:1152 (7:9)"`, `"896:1120 (4:5)"`, `"896:1088 (14:17)"`, `"896:1024 (7:8)"`, `"896:960 (14:15)"`, `"864:1152 (3:4)"`, `"832:1248 (2:3)"`, `"832:1216 (13:19)"`, `"832:1152 (13:18)"`, `"832:1088 (13:17)"`, `"832:1024 (13:16)"`, `"832:960 (13:15)"`, `"800:1280 (5:8)"`, `"768:1344 (4:7)"`, `"768:1280 (3:5)"`, `"768:1216 (12:19)"`, `"768:1088 (12:17)"`, `"736:1312 (23:41)"`, `"704:1472 (11:23)"`, `"704:1408 (1:2)"`, `"704:1344 (11:21)"`, `"704:1280 (11:20)"`, `"704:1216 (11:19)"`, `"704:1152 (11:18)"`, `"640:1536 (5:12)"`, `"640:1472 (10:23)"`, `"640:1408 (5:11)"`, `"640:1344 (10:21)"`, `"576:1536 (3:8)"`, `"576:1472 (9:23)"`, `"576:1408 (9:22)"`, `"512:1536 (1:3)"`.
            #[derive(
                __rt::Debug,
                __rt::Clone,
                __rt::Copy,
                __rt::PartialEq,
                __rt::Eq,
                __rt::Hash
            )]
            pub enum Resolution {
                /// `"1536:640 (12:5)"`
                V1536_640_12_5,
                /// `"1536:576 (8:3)"`
                V1536_576_8_3,
                /// `"1536:512 (3:1)"`
                V1536_512_3_1,
                /// `"1472:704 (23:11)"`
                V1472_704_23_11,
                /// `"1472:640 (23:10)"`
                V1472_640_23_10,
                /// `"1472:576 (23:9)"`
                V1472_576_23_9,
                /// `"1408:704 (2:1)"`
                V1408_704_2_1,
                /// `"1408:640 (11:5)"`
                V1408_640_11_5,
                /// `"1408:576 (22:9)"`
                V1408_576_22_9,
                /// `"1344:768 (7:4)"`
                V1344_768_7_4,
                /// `"1344:704 (21:11)"`
                V1344_704_21_11,
                /// `"1344:640 (21:10)"`
                V1344_640_21_10,
                /// `"1312:736 (41:23)"`
                V1312_736_41_23,
                /// `"1280:800 (8:5)"`
                V1280_800_8_5,
                /// `"1280:768 (5:3)"`
                V1280_768_5_3,
                /// `"1280:704 (20:11)"`
                V1280_704_20_11,
                /// `"1248:832 (3:2)"`
                V1248_832_3_2,
                /// `"1216:832 (19:13)"`
                V1216_832_19_13,
                /// `"1216:768 (19:12)"`
                V1216_768_19_12,
                /// `"1216:704 (19:11)"`
                V1216_704_19_11,
                /// `"1152:896 (9:7)"`
                V1152_896_9_7,
                /// `"1152:864 (4:3)"`
                V1152_864_4_3,
                /// `"1152:832 (18:13)"`
                V1152_832_18_13,
                /// `"1152:704 (18:11)"`
                V1152_704_18_11,
                /// `"1120:896 (5:4)"`
                V1120_896_5_4,
                /// `"1088:960 (17:15)"`
                V1088_960_17_15,
                /// `"1088:896 (17:14)"`
                V1088_896_17_14,
                /// `"1088:832 (17:13)"`
                V1088_832_17_13,
                /// `"1088:768 (17:12)"`
                V1088_768_17_12,
                /// `"1024:1024 (1:1)"`
                V1024_1024_1_1,
                /// `"1024:960 (16:15)"`
                V1024_960_16_15,
                /// `"1024:896 (8:7)"`
                V1024_896_8_7,
                /// `"1024:832 (16:13)"`
                V1024_832_16_13,
                /// `"960:1088 (15:17)"`
                V960_1088_15_17,
                /// `"960:1024 (15:16)"`
                V960_1024_15_16,
                /// `"960:896 (15:14)"`
                V960_896_15_14,
                /// `"960:832 (15:13)"`
                V960_832_15_13,
                /// `"896:1152 (7:9)"`
                V896_1152_7_9,
                /// `"896:1120 (4:5)"`
                V896_1120_4_5,
                /// `"896:1088 (14:17)"`
                V896_1088_14_17,
                /// `"896:1024 (7:8)"`
                V896_1024_7_8,
                /// `"896:960 (14:15)"`
                V896_960_14_15,
                /// `"864:1152 (3:4)"`
                V864_1152_3_4,
                /// `"832:1248 (2:3)"`
                V832_1248_2_3,
                /// `"832:1216 (13:19)"`
                V832_1216_13_19,
                /// `"832:1152 (13:18)"`
                V832_1152_13_18,
                /// `"832:1088 (13:17)"`
                V832_1088_13_17,
                /// `"832:1024 (13:16)"`
                V832_1024_13_16,
                /// `"832:960 (13:15)"`
                V832_960_13_15,
                /// `"800:1280 (5:8)"`
                V800_1280_5_8,
                /// `"768:1344 (4:7)"`
                V768_1344_4_7,
                /// `"768:1280 (3:5)"`
                V768_1280_3_5,
                /// `"768:1216 (12:19)"`
                V768_1216_12_19,
                /// `"768:1088 (12:17)"`
                V768_1088_12_17,
                /// `"736:1312 (23:41)"`
                V736_1312_23_41,
                /// `"704:1472 (11:23)"`
                V704_1472_11_23,
                /// `"704:1408 (1:2)"`
                V704_1408_1_2,
                /// `"704:1344 (11:21)"`
                V704_1344_11_21,
                /// `"704:1280 (11:20)"`
                V704_1280_11_20,
                /// `"704:1216 (11:19)"`
                V704_1216_11_19,
                /// `"704:1152 (11:18)"`
                V704_1152_11_18,
                /// `"640:1536 (5:12)"`
                V640_1536_5_12,
                /// `"640:1472 (10:23)"`
                V640_1472_10_23,
                /// `"640:1408 (5:11)"`
                V640_1408_5_11,
                /// `"640:1344 (10:21)"`
                V640_1344_10_21,
                /// `"576:1536 (3:8)"`
                V576_1536_3_8,
                /// `"576:1472 (9:23)"`
                V576_1472_9_23,
                /// `"576:1408 (9:22)"`
                V576_1408_9_22,
                /// `"512:1536 (1:3)"`
                V512_1536_1_3,
            }
            impl Resolution {
                /// Every allowed value, in the schema's order.
                pub const ALL: &'static [Self] = &__rt::enum_all::<Self, 69>();
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
                    &[
                        (Self::V1536_640_12_5, "1536:640 (12:5)"),
                        (Self::V1536_576_8_3, "1536:576 (8:3)"),
                        (Self::V1536_512_3_1, "1536:512 (3:1)"),
                        (Self::V1472_704_23_11, "1472:704 (23:11)"),
                        (Self::V1472_640_23_10, "1472:640 (23:10)"),
                        (Self::V1472_576_23_9, "1472:576 (23:9)"),
                        (Self::V1408_704_2_1, "1408:704 (2:1)"),
                        (Self::V1408_640_11_5, "1408:640 (11:5)"),
                        (Self::V1408_576_22_9, "1408:576 (22:9)"),
                        (Self::V1344_768_7_4, "1344:768 (7:4)"),
                        (Self::V1344_704_21_11, "1344:704 (21:11)"),
                        (Self::V1344_640_21_10, "1344:640 (21:10)"),
                        (Self::V1312_736_41_23, "1312:736 (41:23)"),
                        (Self::V1280_800_8_5, "1280:800 (8:5)"),
                        (Self::V1280_768_5_3, "1280:768 (5:3)"),
                        (Self::V1280_704_20_11, "1280:704 (20:11)"),
                        (Self::V1248_832_3_2, "1248:832 (3:2)"),
                        (Self::V1216_832_19_13, "1216:832 (19:13)"),
                        (Self::V1216_768_19_12, "1216:768 (19:12)"),
                        (Self::V1216_704_19_11, "1216:704 (19:11)"),
                        (Self::V1152_896_9_7, "1152:896 (9:7)"),
                        (Self::V1152_864_4_3, "1152:864 (4:3)"),
                        (Self::V1152_832_18_13, "1152:832 (18:13)"),
                        (Self::V1152_704_18_11, "1152:704 (18:11)"),
                        (Self::V1120_896_5_4, "1120:896 (5:4)"),
                        (Self::V1088_960_17_15, "1088:960 (17:15)"),
                        (Self::V1088_896_17_14, "1088:896 (17:14)"),
                        (Self::V1088_832_17_13, "1088:832 (17:13)"),
                        (Self::V1088_768_17_12, "1088:768 (17:12)"),
                        (Self::V1024_1024_1_1, "1024:1024 (1:1)"),
                        (Self::V1024_960_16_15, "1024:960 (16:15)"),
                        (Self::V1024_896_8_7, "1024:896 (8:7)"),
                        (Self::V1024_832_16_13, "1024:832 (16:13)"),
                        (Self::V960_1088_15_17, "960:1088 (15:17)"),
                        (Self::V960_1024_15_16, "960:1024 (15:16)"),
                        (Self::V960_896_15_14, "960:896 (15:14)"),
                        (Self::V960_832_15_13, "960:832 (15:13)"),
                        (Self::V896_1152_7_9, "896:1152 (7:9)"),
                        (Self::V896_1120_4_5, "896:1120 (4:5)"),
                        (Self::V896_1088_14_17, "896:1088 (14:17)"),
                        (Self::V896_1024_7_8, "896:1024 (7:8)"),
                        (Self::V896_960_14_15, "896:960 (14:15)"),
                        (Self::V864_1152_3_4, "864:1152 (3:4)"),
                        (Self::V832_1248_2_3, "832:1248 (2:3)"),
                        (Self::V832_1216_13_19, "832:1216 (13:19)"),
                        (Self::V832_1152_13_18, "832:1152 (13:18)"),
                        (Self::V832_1088_13_17, "832:1088 (13:17)"),
                        (Self::V832_1024_13_16, "832:1024 (13:16)"),
                        (Self::V832_960_13_15, "832:960 (13:15)"),
                        (Self::V800_1280_5_8, "800:1280 (5:8)"),
                        (Self::V768_1344_4_7, "768:1344 (4:7)"),
                        (Self::V768_1280_3_5, "768:1280 (3:5)"),
                        (Self::V768_1216_12_19, "768:1216 (12:19)"),
                        (Self::V768_1088_12_17, "768:1088 (12:17)"),
                        (Self::V736_1312_23_41, "736:1312 (23:41)"),
                        (Self::V704_1472_11_23, "704:1472 (11:23)"),
                        (Self::V704_1408_1_2, "704:1408 (1:2)"),
                        (Self::V704_1344_11_21, "704:1344 (11:21)"),
                        (Self::V704_1280_11_20, "704:1280 (11:20)"),
                        (Self::V704_1216_11_19, "704:1216 (11:19)"),
                        (Self::V704_1152_11_18, "704:1152 (11:18)"),
                        (Self::V640_1536_5_12, "640:1536 (5:12)"),
                        (Self::V640_1472_10_23, "640:1472 (10:23)"),
                        (Self::V640_1408_5_11, "640:1408 (5:11)"),
                        (Self::V640_1344_10_21, "640:1344 (10:21)"),
                        (Self::V576_1536_3_8, "576:1536 (3:8)"),
                        (Self::V576_1472_9_23, "576:1472 (9:23)"),
                        (Self::V576_1408_9_22, "576:1408 (9:22)"),
                        (Self::V512_1536_1_3, "512:1536 (1:3)"),
                    ],
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
            /// **Seed**
            ///
            /// Range: `0 ≤ value ≤ 2147483647`.
            pub type Seed = __rt::Integer<fields::Seed>;
            /// **Rendering Speed**
            ///
            /// Allowed values: `"TURBO"`, `"BALANCED"`, `"QUALITY"`.
            #[derive(
                __rt::Debug,
                __rt::Clone,
                __rt::Copy,
                __rt::PartialEq,
                __rt::Eq,
                __rt::Hash
            )]
            pub enum RenderingSpeed {
                /// `"TURBO"`
                Turbo,
                /// `"BALANCED"`
                Balanced,
                /// `"QUALITY"`
                Quality,
            }
            impl RenderingSpeed {
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
            impl __rt::LiteralEnum for RenderingSpeed {
                const NAME: &'static str = "RenderingSpeed";
                const POINTER: &'static str = "/rendering_speed";
                const TABLE: __rt::Table<Self> = __rt::Table::Strings(
                    &[
                        (Self::Turbo, "TURBO"),
                        (Self::Balanced, "BALANCED"),
                        (Self::Quality, "QUALITY"),
                    ],
                );
            }
            impl __rt::Display for RenderingSpeed {
                #[inline]
                fn fmt(&self, f: &mut __rt::Formatter<'_>) -> __rt::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl __rt::FromStr for RenderingSpeed {
                type Err = __rt::Violation;
                #[inline]
                fn from_str(value: &str) -> __rt::Result<Self, __rt::Violation> {
                    __rt::enum_from_str(value)
                }
            }
            impl __rt::Serialize for RenderingSpeed {
                fn serialize<S: __rt::Serializer>(
                    &self,
                    s: S,
                ) -> __rt::Result<S::Ok, S::Error> {
                    __rt::enum_serialize::<Self, S>(*self as usize, s)
                }
            }
            impl<'de> __rt::Deserialize<'de> for RenderingSpeed {
                fn deserialize<D: __rt::Deserializer<'de>>(
                    d: D,
                ) -> __rt::Result<Self, D::Error> {
                    __rt::enum_deserialize(d)
                }
            }
            impl __rt::JsonSchema for RenderingSpeed {
                #[inline]
                fn schema_name() -> __rt::Cow<'static, str> {
                    __rt::Cow::Borrowed("RenderingSpeed")
                }
                #[inline]
                fn json_schema(_: &mut __rt::SchemaGenerator) -> __rt::Schema {
                    __rt::enum_json_schema::<Self>()
                }
            }
            /// **Color Palette**
            ///
            /// Free-form JSON object.
            pub type ColorPalette = __rt::JsonObject<fields::ColorPalette>;
            /// **Style**
            ///
            /// Free-form JSON object.
            pub type Style = __rt::JsonObject<fields::Style>;
            /// The marker of each field type: its plain value's type, its name, where it sits
            /// in a request and the schema's limits (`Steps` is `Integer<fields::Steps>`).
            pub mod fields {
                use super::__rt;
                /// The marker of [`Image`](super::Image), at `/image` in a request: the schema's limits on it.
                pub enum Image {}
                impl __rt::FieldSpec for Image {
                    type Value = __rt::String;
                    const NAME: &'static str = "Image";
                    const POINTER: &'static str = "/image";
                    const LIMITS: __rt::LengthRange = __rt::LengthRange {
                        min: __rt::Option::None,
                        max: __rt::Option::None,
                    };
                }
                impl __rt::Unlimited for Image {}
                /// The marker of [`Seed`](super::Seed), at `/seed` in a request: the schema's limits on it.
                pub enum Seed {}
                impl __rt::FieldSpec for Seed {
                    type Value = i64;
                    const NAME: &'static str = "Seed";
                    const POINTER: &'static str = "/seed";
                    const LIMITS: __rt::IntegerRange = __rt::Bounds::NONE
                        .minimum(0f64)
                        .maximum(2147483647f64);
                }
                /// The marker of [`ColorPalette`](super::ColorPalette), at `/color_palette` in a request: the schema's limits on it.
                pub enum ColorPalette {}
                impl __rt::FieldSpec for ColorPalette {
                    type Value = __rt::serde_json::Map<
                        __rt::String,
                        __rt::serde_json::Value,
                    >;
                    const NAME: &'static str = "ColorPalette";
                    const POINTER: &'static str = "/color_palette";
                    const LIMITS: () = ();
                }
                /// The marker of [`Style`](super::Style), at `/style` in a request: the schema's limits on it.
                pub enum Style {}
                impl __rt::FieldSpec for Style {
                    type Value = __rt::serde_json::Map<
                        __rt::String,
                        __rt::serde_json::Value,
                    >;
                    const NAME: &'static str = "Style";
                    const POINTER: &'static str = "/style";
                    const LIMITS: () = ();
                }
            }
        }
    }
}
/// Every generated endpoint: `(model id, schema file, schema text)`, sorted by model id.
pub const ENDPOINTS: &[(&str, &str, &str)] = &[
    (
        self::ideogram::ideogram_v3::reframe::MODEL_ID,
        self::ideogram::ideogram_v3::reframe::SCHEMA_FILE,
        self::ideogram::ideogram_v3::reframe::SCHEMA_JSON,
    ),
];
