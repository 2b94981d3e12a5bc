//! Generic field types that generated code instantiates, one marker type per field, and the
//! generic halves of the impls generated structs and enums delegate to.
//!
//! A constrained field is a type alias such as `pub type Steps = Integer<__spec::Steps>`,
//! where the marker `__spec::Steps` carries the field's name, pointer and constraints as
//! associated constants ([`IntegerSpec::RANGE`], ...). All behaviour (checked constructors,
//! serde, schemars, `Display`, `FromStr`, ...) is written once here, so a schema with many
//! fields costs the compiler a few lines per field rather than a copy of every impl.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value, json};

use crate::constraints::{Constraint, IntegerRange, LengthRange, NumberRange, Violation};
use crate::media::{MediaInput, MediaKind, MediaRule};

/// An integer field's name, pointer and bounds.
pub trait IntegerSpec: 'static {
    /// The type's name (`Steps`), for `Debug` and JSON Schema.
    const NAME: &'static str;
    /// Where the field sits in a request (`/steps`), for violations.
    const POINTER: &'static str;
    /// The schema's bounds.
    const RANGE: IntegerRange;
}

/// A number field's name, pointer and bounds.
pub trait NumberSpec: 'static {
    /// The type's name, for `Debug` and JSON Schema.
    const NAME: &'static str;
    /// Where the field sits in a request, for violations.
    const POINTER: &'static str;
    /// The schema's bounds.
    const RANGE: NumberRange;
}

/// A string field's name, pointer and length limits.
pub trait TextSpec: 'static {
    /// The type's name, for `Debug` and JSON Schema.
    const NAME: &'static str;
    /// Where the field sits in a request, for violations.
    const POINTER: &'static str;
    /// `minLength`/`maxLength` in Unicode scalar values.
    const LENGTH: LengthRange;
}

/// A media field's name, pointer, kind and rules.
pub trait MediaSpec: 'static {
    /// The type's name, for `Debug` and JSON Schema.
    const NAME: &'static str;
    /// Where the field sits in a request, for violations.
    const POINTER: &'static str;
    /// Image, video, audio or any file.
    const KIND: MediaKind;
    /// The schema's `validations`.
    const RULES: &'static [MediaRule];
}

/// A list field's name, pointer and item count limits.
pub trait ListSpec: 'static {
    /// The type's name, for `Debug` and JSON Schema.
    const NAME: &'static str;
    /// Where the field sits in a request, for violations.
    const POINTER: &'static str;
    /// `minItems`/`maxItems`.
    const COUNT: LengthRange;
}

fn schema_from(value: Value) -> schemars::Schema {
    schemars::Schema::try_from(value).unwrap_or_default()
}

/// The trait impls `Integer` and `Number` share: the same shape over `i64` and `f64`.
macro_rules! scalar_impls {
    ($ty:ident, $spec:ident, $raw:ty, $expected:literal, $ser:ident, $json_type:literal, $int:literal) => {
        impl<S> Clone for $ty<S> {
            fn clone(&self) -> Self {
                *self
            }
        }
        impl<S> Copy for $ty<S> {}
        impl<S> PartialEq for $ty<S> {
            fn eq(&self, other: &Self) -> bool {
                self.0 == other.0
            }
        }
        impl<S: $spec> fmt::Debug for $ty<S> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(S::NAME).field(&self.0).finish()
            }
        }
        impl<S> fmt::Display for $ty<S> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
        impl<S: $spec> std::str::FromStr for $ty<S> {
            type Err = Violation;
            fn from_str(value: &str) -> Result<Self, Violation> {
                match value.trim().parse::<$raw>() {
                    Ok(v) => Self::new(v),
                    Err(_) => Err(Violation::new(
                        S::POINTER,
                        Constraint::Type {
                            expected: $expected,
                            found: format!("{value:?}"),
                        },
                    )),
                }
            }
        }
        impl<S: $spec> TryFrom<$raw> for $ty<S> {
            type Error = Violation;
            fn try_from(value: $raw) -> Result<Self, Violation> {
                Self::new(value)
            }
        }
        impl<S> From<$ty<S>> for $raw {
            fn from(value: $ty<S>) -> $raw {
                value.0
            }
        }
        impl<S> Serialize for $ty<S> {
            fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
                serializer.$ser(self.0)
            }
        }
        impl<'de, S: $spec> Deserialize<'de> for $ty<S> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Self::new(<$raw>::deserialize(deserializer)?).map_err(serde::de::Error::custom)
            }
        }
        impl<S: $spec> schemars::JsonSchema for $ty<S> {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(S::NAME)
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let mut m = Map::new();
                m.insert("type".into(), json!($json_type));
                crate::json_schema::bounds(&mut m, &S::RANGE, $int);
                schema_from(Value::Object(m))
            }
        }
    };
}

// ---------------------------------------------------------------------------------------
// Integer

/// An integer within the bounds of field `S`.
pub struct Integer<S>(i64, PhantomData<fn() -> S>);

impl<S: IntegerSpec> Integer<S> {
    /// The bounds from the schema, as written there.
    pub const RANGE: IntegerRange = S::RANGE;

    /// Checks `value` against [`Self::RANGE`].
    pub fn new(value: i64) -> Result<Self, Violation> {
        S::RANGE.check(value).map_err(|c| Violation::new(S::POINTER, c))?;
        Ok(Self(value, PhantomData))
    }

    /// The value.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// The smallest allowed value, if the schema bounds it below.
    pub fn min() -> Option<Self> {
        S::RANGE.effective_min().map(|v| Self(v, PhantomData))
    }

    /// The largest allowed value, if the schema bounds it above.
    pub fn max() -> Option<Self> {
        S::RANGE.effective_max().map(|v| Self(v, PhantomData))
    }

    /// For the `request!` macro, which checks literals at compile time.
    #[doc(hidden)]
    pub const fn __new_unchecked(value: i64) -> Self {
        Self(value, PhantomData)
    }
}

impl<S> Eq for Integer<S> {}
impl<S> PartialOrd for Integer<S> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<S> Ord for Integer<S> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}
impl<S> Hash for Integer<S> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}
scalar_impls!(Integer, IntegerSpec, i64, "an integer", serialize_i64, "integer", true);

// ---------------------------------------------------------------------------------------
// Number

/// A finite number within the bounds of field `S`.
pub struct Number<S>(f64, PhantomData<fn() -> S>);

impl<S: NumberSpec> Number<S> {
    /// The bounds from the schema (finite values only, always).
    pub const RANGE: NumberRange = S::RANGE;

    /// Checks `value` against [`Self::RANGE`]; NaN and infinities are rejected.
    pub fn new(value: f64) -> Result<Self, Violation> {
        S::RANGE.check(value).map_err(|c| Violation::new(S::POINTER, c))?;
        Ok(Self(value, PhantomData))
    }

    /// The value.
    pub const fn get(self) -> f64 {
        self.0
    }

    /// For the `request!` macro, which checks literals at compile time.
    #[doc(hidden)]
    pub const fn __new_unchecked(value: f64) -> Self {
        Self(value, PhantomData)
    }
}

impl<S> PartialOrd for Number<S> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.0.partial_cmp(&other.0)
    }
}
scalar_impls!(Number, NumberSpec, f64, "a number", serialize_f64, "number", false);

// ---------------------------------------------------------------------------------------
// Text

/// A string within the length limits of field `S` (counted in Unicode scalar values).
pub struct Text<S>(String, PhantomData<fn() -> S>);

impl<S: TextSpec> Text<S> {
    /// The length limits from the schema, in Unicode scalar values.
    pub const LENGTH: LengthRange = S::LENGTH;

    /// Checks the length of `value` (in Unicode scalar values, not bytes).
    pub fn new(value: impl Into<String>) -> Result<Self, Violation> {
        let value = value.into();
        S::LENGTH.check_str(&value).map_err(|c| Violation::new(S::POINTER, c))?;
        Ok(Self(value, PhantomData))
    }

    /// For the `request!` macro, which checks literals at compile time.
    #[doc(hidden)]
    pub fn __new_unchecked(value: String) -> Self {
        Self(value, PhantomData)
    }
}

impl<S> Text<S> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, by value.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl<S> Clone for Text<S> {
    fn clone(&self) -> Self {
        Self(self.0.clone(), PhantomData)
    }
}
impl<S> PartialEq for Text<S> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<S> Eq for Text<S> {}
impl<S> PartialOrd for Text<S> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<S> Ord for Text<S> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}
impl<S> Hash for Text<S> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}
impl<S: TextSpec> fmt::Debug for Text<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple(S::NAME).field(&self.0).finish()
    }
}
impl<S> fmt::Display for Text<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl<S> std::ops::Deref for Text<S> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}
impl<S> AsRef<str> for Text<S> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
impl<S: TextSpec> std::str::FromStr for Text<S> {
    type Err = Violation;
    fn from_str(value: &str) -> Result<Self, Violation> {
        Self::new(value)
    }
}
impl<S: TextSpec> TryFrom<String> for Text<S> {
    type Error = Violation;
    fn try_from(value: String) -> Result<Self, Violation> {
        Self::new(value)
    }
}
impl<S: TextSpec> TryFrom<&str> for Text<S> {
    type Error = Violation;
    fn try_from(value: &str) -> Result<Self, Violation> {
        Self::new(value)
    }
}
impl<S> From<Text<S>> for String {
    fn from(value: Text<S>) -> String {
        value.0
    }
}
impl<S> Serialize for Text<S> {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.serialize_str(&self.0)
    }
}
impl<'de, S: TextSpec> Deserialize<'de> for Text<S> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::new(String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}
impl<S: TextSpec> schemars::JsonSchema for Text<S> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed(S::NAME)
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut m = Map::new();
        m.insert("type".into(), json!("string"));
        if let Some(n) = S::LENGTH.min {
            m.insert("minLength".into(), json!(n));
        }
        if let Some(n) = S::LENGTH.max {
            m.insert("maxLength".into(), json!(n));
        }
        schema_from(Value::Object(m))
    }
}

// ---------------------------------------------------------------------------------------
// Media

/// A media input (`https://` URL or `data:` URI) for field `S`, which carries the schema's
/// `validations` rules for the client to check before submitting.
pub struct Media<S>(MediaInput, PhantomData<fn() -> S>);

impl<S: MediaSpec> Media<S> {
    /// The kind of media this field takes.
    pub const KIND: MediaKind = S::KIND;
    /// The schema's `validations` for this field; the client checks them before submitting
    /// (image headers of local data, HTTP Range for URLs).
    pub const RULES: &'static [MediaRule] = S::RULES;

    /// Wraps a media input, checking that a `data:` URI's type fits [`Self::KIND`].
    pub fn new(input: MediaInput) -> Result<Self, Violation> {
        crate::media::check_media_syntax(input.as_str(), Some(S::KIND)).map_err(|c| Violation::new(S::POINTER, c))?;
        Ok(Self(input, PhantomData))
    }

    /// Parses an `https://` URL or a `data:` URI.
    pub fn parse(value: &str) -> Result<Self, Violation> {
        MediaInput::parse_for(value, S::KIND)
            .map(|m| Self(m, PhantomData))
            .map_err(|c| Violation::new(S::POINTER, c))
    }

    /// Encodes `bytes` as a `data:` URI of type `mime`.
    pub fn from_bytes(mime: &str, bytes: &[u8]) -> Result<Self, Violation> {
        Self::new(MediaInput::from_bytes(mime, bytes))
    }

    /// For the `request!` macro, which checks literals at compile time.
    #[doc(hidden)]
    pub fn __new_unchecked(value: &str) -> Self {
        Self(MediaInput::__new_unchecked(value.to_owned()), PhantomData)
    }
}

impl<S> Media<S> {
    /// The media input.
    pub fn as_media(&self) -> &MediaInput {
        &self.0
    }

    /// The wire form (URL or `data:` URI).
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The media input, by value.
    pub fn into_inner(self) -> MediaInput {
        self.0
    }
}

impl<S> Clone for Media<S> {
    fn clone(&self) -> Self {
        Self(self.0.clone(), PhantomData)
    }
}
impl<S> PartialEq for Media<S> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<S> Eq for Media<S> {}
impl<S> Hash for Media<S> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}
impl<S: MediaSpec> fmt::Debug for Media<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple(S::NAME).field(&self.0).finish()
    }
}
impl<S> fmt::Display for Media<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}
impl<S: MediaSpec> std::str::FromStr for Media<S> {
    type Err = Violation;
    fn from_str(value: &str) -> Result<Self, Violation> {
        Self::parse(value)
    }
}
impl<S: MediaSpec> TryFrom<&str> for Media<S> {
    type Error = Violation;
    fn try_from(value: &str) -> Result<Self, Violation> {
        Self::parse(value)
    }
}
impl<S: MediaSpec> TryFrom<String> for Media<S> {
    type Error = Violation;
    fn try_from(value: String) -> Result<Self, Violation> {
        Self::parse(&value)
    }
}
impl<S: MediaSpec> TryFrom<MediaInput> for Media<S> {
    type Error = Violation;
    fn try_from(value: MediaInput) -> Result<Self, Violation> {
        Self::new(value)
    }
}
impl<S> Serialize for Media<S> {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.serialize_str(self.0.as_str())
    }
}
impl<'de, S: MediaSpec> Deserialize<'de> for Media<S> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::parse(&String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}
impl<S: MediaSpec> schemars::JsonSchema for Media<S> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed(S::NAME)
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schema_from(json!({ "type": "string", "format": crate::json_schema::media_format(S::KIND) }))
    }
}

// ---------------------------------------------------------------------------------------
// List

/// A list of `T` within the item count limits of field `S`.
pub struct List<T, S>(Vec<T>, PhantomData<fn() -> S>);

impl<T, S: ListSpec> List<T, S> {
    /// `minItems`/`maxItems` from the schema.
    pub const COUNT: LengthRange = S::COUNT;

    /// Checks the number of items.
    pub fn new(items: Vec<T>) -> Result<Self, Violation> {
        S::COUNT
            .check_items(items.len())
            .map_err(|c| Violation::new(S::POINTER, c))?;
        Ok(Self(items, PhantomData))
    }

    /// For the `request!` macro, which checks literals at compile time.
    #[doc(hidden)]
    pub fn __new_unchecked(items: Vec<T>) -> Self {
        Self(items, PhantomData)
    }
}

impl<T, S> List<T, S> {
    /// The items.
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    /// The items, by value.
    pub fn into_inner(self) -> Vec<T> {
        self.0
    }
}

impl<T: Clone, S> Clone for List<T, S> {
    fn clone(&self) -> Self {
        Self(self.0.clone(), PhantomData)
    }
}
impl<T: PartialEq, S> PartialEq for List<T, S> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<T: fmt::Debug, S: ListSpec> fmt::Debug for List<T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple(S::NAME).field(&self.0).finish()
    }
}
impl<T, S> std::ops::Deref for List<T, S> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}
impl<T, S: ListSpec> TryFrom<Vec<T>> for List<T, S> {
    type Error = Violation;
    fn try_from(items: Vec<T>) -> Result<Self, Violation> {
        Self::new(items)
    }
}
impl<T: Serialize, S> Serialize for List<T, S> {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        self.0.serialize(serializer)
    }
}
impl<'de, T: Deserialize<'de>, S: ListSpec> Deserialize<'de> for List<T, S> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::new(Vec::<T>::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}
impl<T: schemars::JsonSchema, S: ListSpec> schemars::JsonSchema for List<T, S> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed(S::NAME)
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut m = Map::new();
        m.insert("type".into(), json!("array"));
        m.insert("items".into(), generator.subschema_for::<T>().to_value());
        if let Some(n) = S::COUNT.min {
            m.insert("minItems".into(), json!(n));
        }
        if let Some(n) = S::COUNT.max {
            m.insert("maxItems".into(), json!(n));
        }
        schema_from(Value::Object(m))
    }
}

// ---------------------------------------------------------------------------------------
// Expressions in `request!`

/// How `request!` converts an expression that is not a literal into a field's type: the
/// field's type itself, `Option` of it for an optional field, and `&str` for text fields.
#[diagnostic::on_unimplemented(
    message = "this field takes `{T}`, not `{Self}`",
    label = "expected `{T}`",
    note = "make the value with the field type's constructor (e.g. `Steps::new(4)?`), or write a literal, which `request!` checks at compile time"
)]
pub trait IntoField<T> {
    /// The value, as the field's type.
    fn into_field(self) -> T;
}

impl<T> IntoField<T> for T {
    fn into_field(self) -> T {
        self
    }
}

impl<T> IntoField<Option<T>> for T {
    fn into_field(self) -> Option<T> {
        Some(self)
    }
}

impl IntoField<String> for &str {
    fn into_field(self) -> String {
        self.to_owned()
    }
}

impl IntoField<Option<String>> for &str {
    fn into_field(self) -> Option<String> {
        Some(self.to_owned())
    }
}
