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
                        prompt: __rt::Into::into(value),
                        steps: self.steps,
                    }
                }
            }
            impl<PromptState> RequestBuilder<PromptState> {
                /// Sets the optional field `steps` (wire name `"steps"`).
                pub fn steps(mut self, value: Steps) -> Self {
                    self.steps = __rt::Option::Some(__rt::Into::into(value));
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
            #[derive(
                __rt::Debug,
                __rt::Clone,
                __rt::PartialEq,
                __rt::Eq,
                __rt::PartialOrd,
                __rt::Ord,
                __rt::Hash
            )]
            pub struct Prompt(__rt::String);
            impl Prompt {
                /// The length limits from the schema, in Unicode scalar values.
                pub const LENGTH: __rt::LengthRange = __rt::LengthRange {
                    min: __rt::Option::None,
                    max: __rt::Option::Some(2048),
                };
                /// Checks the length of `value` (in Unicode scalar values, not bytes) against
                /// [`Self::LENGTH`].
                #[inline]
                pub fn new(
                    value: impl __rt::Into<__rt::String>,
                ) -> __rt::Result<Self, __rt::Violation> {
                    __rt::checked(__rt::Into::into(value))
                }
                /// The text.
                #[inline]
                pub fn as_str(&self) -> &str {
                    &self.0
                }
                /// The text, by value.
                #[inline]
                pub fn into_inner(self) -> __rt::String {
                    self.0
                }
                /// For `request!` and the typed defaults, whose values were checked while compiling.
                #[doc(hidden)]
                #[inline]
                pub fn __new_unchecked(value: __rt::String) -> Self {
                    Self(value)
                }
            }
            impl __rt::FieldType for Prompt {
                type Value = __rt::String;
                const NAME: &'static str = "Prompt";
                const POINTER: &'static str = "/prompt";
                const LIMITS: __rt::LengthRange = Self::LENGTH;
                #[inline]
                fn value(&self) -> &__rt::String {
                    &self.0
                }
                #[inline]
                fn into_value(self) -> __rt::String {
                    self.0
                }
                #[inline]
                fn __wrap(value: __rt::String) -> Self {
                    Self(value)
                }
            }
            impl __rt::From<Prompt> for __rt::String {
                #[inline]
                fn from(value: Prompt) -> Self {
                    value.0
                }
            }
            impl __rt::Serialize for Prompt {
                #[inline]
                fn serialize<S: __rt::Serializer>(
                    &self,
                    s: S,
                ) -> __rt::Result<S::Ok, S::Error> {
                    __rt::Serialize::serialize(&self.0, s)
                }
            }
            impl<'de> __rt::Deserialize<'de> for Prompt {
                #[inline]
                fn deserialize<D: __rt::Deserializer<'de>>(
                    d: D,
                ) -> __rt::Result<Self, D::Error> {
                    __rt::deserialize_field(d)
                }
            }
            impl __rt::JsonSchema for Prompt {
                #[inline]
                fn schema_name() -> __rt::Cow<'static, str> {
                    __rt::Cow::Borrowed("Prompt")
                }
                #[inline]
                fn inline_schema() -> bool {
                    true
                }
                #[inline]
                fn json_schema(g: &mut __rt::SchemaGenerator) -> __rt::Schema {
                    __rt::field_json_schema::<Self>(g)
                }
            }
            impl __rt::Deref for Prompt {
                type Target = str;
                #[inline]
                fn deref(&self) -> &str {
                    &self.0
                }
            }
            impl __rt::Display for Prompt {
                #[inline]
                fn fmt(&self, f: &mut __rt::Formatter<'_>) -> __rt::fmt::Result {
                    __rt::Display::fmt(&self.0, f)
                }
            }
            impl __rt::FromStr for Prompt {
                type Err = __rt::Violation;
                #[inline]
                fn from_str(value: &str) -> __rt::Result<Self, __rt::Violation> {
                    __rt::parse_field(value)
                }
            }
            impl __rt::TryFrom<__rt::String> for Prompt {
                type Error = __rt::Violation;
                #[inline]
                fn try_from(value: __rt::String) -> __rt::Result<Self, __rt::Violation> {
                    __rt::checked(value)
                }
            }
            impl __rt::TryFrom<&str> for Prompt {
                type Error = __rt::Violation;
                #[inline]
                fn try_from(value: &str) -> __rt::Result<Self, __rt::Violation> {
                    __rt::checked(__rt::String::from(value))
                }
            }
            /// **Steps**: The number of diffusion steps; higher values can improve quality but take longer.
            ///
            /// Range: `1 ≤ value ≤ 8`.
            #[derive(
                __rt::Debug,
                __rt::Clone,
                __rt::Copy,
                __rt::PartialEq,
                __rt::Eq,
                __rt::PartialOrd,
                __rt::Ord,
                __rt::Hash
            )]
            pub struct Steps(i64);
            impl Steps {
                /// The bounds from the schema, as written there.
                pub const RANGE: __rt::IntegerRange = __rt::Bounds::NONE
                    .minimum(1f64)
                    .maximum(8f64);
                /// Checks `value` against [`Self::RANGE`].
                #[inline]
                pub fn new(value: i64) -> __rt::Result<Self, __rt::Violation> {
                    __rt::checked(value)
                }
                /// The value.
                #[inline]
                pub const fn get(self) -> i64 {
                    self.0
                }
                /// The smallest allowed value, if the schema bounds it below.
                #[inline]
                pub fn min() -> __rt::Option<Self> {
                    Self::RANGE.effective_min().map(Self)
                }
                /// The largest allowed value, if the schema bounds it above.
                #[inline]
                pub fn max() -> __rt::Option<Self> {
                    Self::RANGE.effective_max().map(Self)
                }
                /// For `request!` and the typed defaults, whose values were checked while compiling.
                #[doc(hidden)]
                #[inline]
                pub const fn __new_unchecked(value: i64) -> Self {
                    Self(value)
                }
            }
            impl __rt::FieldType for Steps {
                type Value = i64;
                const NAME: &'static str = "Steps";
                const POINTER: &'static str = "/steps";
                const LIMITS: __rt::IntegerRange = Self::RANGE;
                #[inline]
                fn value(&self) -> &i64 {
                    &self.0
                }
                #[inline]
                fn into_value(self) -> i64 {
                    self.0
                }
                #[inline]
                fn __wrap(value: i64) -> Self {
                    Self(value)
                }
            }
            impl __rt::From<Steps> for i64 {
                #[inline]
                fn from(value: Steps) -> Self {
                    value.0
                }
            }
            impl __rt::Serialize for Steps {
                #[inline]
                fn serialize<S: __rt::Serializer>(
                    &self,
                    s: S,
                ) -> __rt::Result<S::Ok, S::Error> {
                    __rt::Serialize::serialize(&self.0, s)
                }
            }
            impl<'de> __rt::Deserialize<'de> for Steps {
                #[inline]
                fn deserialize<D: __rt::Deserializer<'de>>(
                    d: D,
                ) -> __rt::Result<Self, D::Error> {
                    __rt::deserialize_field(d)
                }
            }
            impl __rt::JsonSchema for Steps {
                #[inline]
                fn schema_name() -> __rt::Cow<'static, str> {
                    __rt::Cow::Borrowed("Steps")
                }
                #[inline]
                fn inline_schema() -> bool {
                    true
                }
                #[inline]
                fn json_schema(g: &mut __rt::SchemaGenerator) -> __rt::Schema {
                    __rt::field_json_schema::<Self>(g)
                }
            }
            impl __rt::Display for Steps {
                #[inline]
                fn fmt(&self, f: &mut __rt::Formatter<'_>) -> __rt::fmt::Result {
                    __rt::Display::fmt(&self.0, f)
                }
            }
            impl __rt::FromStr for Steps {
                type Err = __rt::Violation;
                #[inline]
                fn from_str(value: &str) -> __rt::Result<Self, __rt::Violation> {
                    __rt::parse_field(value)
                }
            }
            impl __rt::TryFrom<i64> for Steps {
                type Error = __rt::Violation;
                #[inline]
                fn try_from(value: i64) -> __rt::Result<Self, __rt::Violation> {
                    __rt::checked(value)
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
