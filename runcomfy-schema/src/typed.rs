//! What generated field types share.
//!
//! Every field of a generated request has its own type in its endpoint's module (`Prompt`,
//! `Steps`, `PromptImage`, `Images`, ...), whatever constraints the schema states: a type alias
//! of one of the generic types here over the field's marker, `pub type Steps =
//! Integer<fields::Steps>`. The marker (in the endpoint's public `fields` module) is an
//! uninhabited type implementing [`FieldSpec`]: the field's name, where it sits in a request,
//! and the schema's limits on it. The generic types ([`Text`], [`Integer`], [`Number`],
//! [`Boolean`], [`Media`], [`List`], [`Json`], [`JsonObject`]) hold the plain value and carry
//! every behaviour (checked constructors, serde, JSON Schema, `Display`, `FromStr`), written
//! once here: a field costs the compiler an alias and a marker with a few constants, not a
//! copy of every impl.
//!
//! ```
//! # fn main() -> Result<(), runcomfy_schema::Violation> {
//! use runcomfy_schema::typed::{FieldSpec, Integer};
//! use runcomfy_schema::{Bounds, IntegerRange};
//!
//! // What a generated module holds for a `steps` field with `minimum: 1, maximum: 8`:
//! pub enum StepsField {}
//! impl FieldSpec for StepsField {
//!     type Value = i64;
//!     const NAME: &'static str = "Steps";
//!     const POINTER: &'static str = "/steps";
//!     const LIMITS: IntegerRange = Bounds::NONE.minimum(1.0).maximum(8.0);
//! }
//! pub type Steps = Integer<StepsField>;
//!
//! assert_eq!(Steps::new(4)?.get(), 4);
//! assert!(Steps::new(9).is_err()); // maximum 8
//! # Ok(()) }
//! ```

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value, json};

use crate::constraints::{Constraint, IntegerRange, LengthRange, NumberRange, Violation};
use crate::media::{MediaInput, MediaKind, MediaRule, check_media_syntax};

/// A field of a generated request: its plain value's type, its name, where it sits and the
/// schema's limits. Implemented by the markers of a generated endpoint's `fields` module; the
/// field's type is a generic type of this module over its marker (`Integer<fields::Steps>`).
pub trait FieldSpec: 'static {
    /// The plain value the field holds (`i64` for an integer field).
    type Value: FieldValue;
    /// The field type's name (`Steps`), for `Debug` and JSON Schema.
    const NAME: &'static str;
    /// Where the field's values sit in a request (`/steps`, `/loras/-/scale`), for violations.
    const POINTER: &'static str;
    /// The schema's limits on the value (bounds, lengths, item counts, media kind and rules).
    const LIMITS: <Self::Value as FieldValue>::Limits;
}

/// A plain value a generated field type holds, and how its limits apply to it.
pub trait FieldValue: Sized + 'static {
    /// What the schema can state about such a value (`()` when nothing).
    type Limits: 'static;

    /// Checks the value against `limits`.
    fn check(&self, limits: &Self::Limits) -> Result<(), Constraint>;

    /// The value as JSON, before any check (the field type checks it next).
    fn deserialize_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;

    /// The JSON Schema of such a value under `limits`.
    fn json_schema(limits: &Self::Limits, generator: &mut schemars::SchemaGenerator) -> schemars::Schema;
}

/// A plain value that can be written as text (`4`, `0.5`, `true`, a URL): what `FromStr` of a
/// generated field type reads, as a CLI user types it.
pub trait FromText: FieldValue {
    /// The value of `text`, before any check of its limits.
    fn from_text(text: &str, limits: &Self::Limits) -> Result<Self, Constraint>;
}

/// The limits of a media field: what kind of media it takes and the schema's `validations`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MediaLimits {
    /// Image, video, audio or any file.
    pub kind: MediaKind,
    /// The schema's `validations` (checked by the client before submitting, not here).
    pub rules: &'static [MediaRule],
}

// ---------------------------------------------------------------------------------------
// Checks shared by the generic types

/// Checks `value` against the limits of field `S`.
pub fn checked<S: FieldSpec>(value: S::Value) -> Result<S::Value, Violation> {
    value.check(&S::LIMITS).map_err(|c| Violation::new(S::POINTER, c))?;
    Ok(value)
}

/// The text read as field `S`'s value (as a CLI user types it), then checked.
pub fn parse_field<S: FieldSpec>(text: &str) -> Result<S::Value, Violation>
where
    S::Value: FromText,
{
    let value = S::Value::from_text(text, &S::LIMITS).map_err(|c| Violation::new(S::POINTER, c))?;
    checked::<S>(value)
}

/// Field `S`'s value from JSON, then checked.
fn deserialize_field<'de, S: FieldSpec, D: Deserializer<'de>>(deserializer: D) -> Result<S::Value, D::Error> {
    let value = S::Value::deserialize_value(deserializer)?;
    checked::<S>(value).map_err(serde::de::Error::custom)
}

/// The JSON Schema of field `S`.
fn field_json_schema<S: FieldSpec>(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    S::Value::json_schema(&S::LIMITS, generator)
}

fn schema_from(value: Value) -> schemars::Schema {
    schemars::Schema::try_from(value).unwrap_or_default()
}

fn type_error(expected: &'static str, text: &str) -> Constraint {
    Constraint::Type {
        expected,
        found: format!("{text:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// The plain values

impl FieldValue for i64 {
    type Limits = IntegerRange;
    fn check(&self, limits: &IntegerRange) -> Result<(), Constraint> {
        limits.check(*self)
    }
    fn deserialize_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64::deserialize(deserializer)
    }
    fn json_schema(limits: &IntegerRange, _: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut m = Map::new();
        m.insert("type".into(), json!("integer"));
        crate::json_schema::bounds(&mut m, limits, true);
        schema_from(Value::Object(m))
    }
}

impl FromText for i64 {
    fn from_text(text: &str, _: &IntegerRange) -> Result<Self, Constraint> {
        text.trim().parse().map_err(|_| type_error("an integer", text))
    }
}

impl FieldValue for f64 {
    type Limits = NumberRange;
    fn check(&self, limits: &NumberRange) -> Result<(), Constraint> {
        limits.check(*self)
    }
    fn deserialize_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        f64::deserialize(deserializer)
    }
    fn json_schema(limits: &NumberRange, _: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut m = Map::new();
        m.insert("type".into(), json!("number"));
        crate::json_schema::bounds(&mut m, limits, false);
        schema_from(Value::Object(m))
    }
}

impl FromText for f64 {
    fn from_text(text: &str, _: &NumberRange) -> Result<Self, Constraint> {
        text.trim().parse().map_err(|_| type_error("a number", text))
    }
}

impl FieldValue for String {
    type Limits = LengthRange;
    fn check(&self, limits: &LengthRange) -> Result<(), Constraint> {
        limits.check_str(self)
    }
    fn deserialize_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)
    }
    fn json_schema(limits: &LengthRange, _: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut m = Map::new();
        m.insert("type".into(), json!("string"));
        lengths(&mut m, limits, "minLength", "maxLength");
        schema_from(Value::Object(m))
    }
}

impl FromText for String {
    fn from_text(text: &str, _: &LengthRange) -> Result<Self, Constraint> {
        Ok(text.to_owned())
    }
}

impl FieldValue for bool {
    type Limits = ();
    fn check(&self, (): &()) -> Result<(), Constraint> {
        Ok(())
    }
    fn deserialize_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        bool::deserialize(deserializer)
    }
    fn json_schema((): &(), _: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schema_from(json!({ "type": "boolean" }))
    }
}

impl FromText for bool {
    fn from_text(text: &str, (): &()) -> Result<Self, Constraint> {
        match text.trim() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(type_error("`true` or `false`", text)),
        }
    }
}

impl FieldValue for MediaInput {
    type Limits = MediaLimits;
    fn check(&self, limits: &MediaLimits) -> Result<(), Constraint> {
        check_media_syntax(self.as_str(), Some(limits.kind))
    }
    fn deserialize_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Checked once, with the field's kind, by `deserialize_field`.
        Ok(MediaInput::__new_unchecked(String::deserialize(deserializer)?))
    }
    fn json_schema(limits: &MediaLimits, _: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schema_from(json!({ "type": "string", "format": crate::json_schema::media_format(limits.kind) }))
    }
}

impl FromText for MediaInput {
    fn from_text(text: &str, _: &MediaLimits) -> Result<Self, Constraint> {
        // Checked next, with the field's kind, by `parse_field`.
        Ok(MediaInput::__new_unchecked(text.to_owned()))
    }
}

/// What a list's items are: generated field types, enums or structs (checked as they are made).
pub trait ListItem: serde::de::DeserializeOwned + schemars::JsonSchema + 'static {}

impl<T: serde::de::DeserializeOwned + schemars::JsonSchema + 'static> ListItem for T {}

/// A list checks its item count; its items were checked as they were made.
impl<T: ListItem> FieldValue for Vec<T> {
    type Limits = LengthRange;
    fn check(&self, limits: &LengthRange) -> Result<(), Constraint> {
        limits.check_items(self.len())
    }
    fn deserialize_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(deserializer)
    }
    fn json_schema(limits: &LengthRange, generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut m = Map::new();
        m.insert("type".into(), json!("array"));
        m.insert("items".into(), generator.subschema_for::<T>().to_value());
        lengths(&mut m, limits, "minItems", "maxItems");
        schema_from(Value::Object(m))
    }
}

/// Any JSON value (a field whose schema states no type).
impl FieldValue for Value {
    type Limits = ();
    fn check(&self, (): &()) -> Result<(), Constraint> {
        Ok(())
    }
    fn deserialize_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer)
    }
    fn json_schema((): &(), _: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::Schema::default()
    }
}

/// A free-form JSON object (`type: object` without properties).
impl FieldValue for Map<String, Value> {
    type Limits = ();
    fn check(&self, (): &()) -> Result<(), Constraint> {
        Ok(())
    }
    fn deserialize_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer)
    }
    fn json_schema((): &(), _: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schema_from(json!({ "type": "object" }))
    }
}

fn lengths(m: &mut Map<String, Value>, range: &LengthRange, min_key: &str, max_key: &str) {
    if let Some(n) = range.min {
        m.insert(min_key.into(), json!(n));
    }
    if let Some(n) = range.max {
        m.insert(max_key.into(), json!(n));
    }
}

// ---------------------------------------------------------------------------------------
// The generic field types

/// The impls every generic field type has (besides `Clone`: `clone_impl`): `PartialEq`, `Debug` (as `Steps(4)`),
/// `Serialize` (the plain value), `Deserialize` (checked) and `JsonSchema` (with the limits).
macro_rules! common_impls {
    ($ty:ident, [$($t:ident)?], $value:ty) => {
        impl<$($t,)? S> PartialEq for $ty<$($t,)? S>
        where
            $value: PartialEq,
        {
            fn eq(&self, other: &Self) -> bool {
                self.0 == other.0
            }
        }
        impl<$($t,)? S: FieldSpec> fmt::Debug for $ty<$($t,)? S>
        where
            $value: fmt::Debug,
        {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(S::NAME).field(&self.0).finish()
            }
        }
        impl<$($t,)? S> Serialize for $ty<$($t,)? S>
        where
            $value: Serialize,
        {
            fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
                self.0.serialize(serializer)
            }
        }
        impl<'de, $($t: ListItem,)? S: FieldSpec<Value = $value>> Deserialize<'de> for $ty<$($t,)? S> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize_field::<S, D>(deserializer).map(|v| Self(v, PhantomData))
            }
        }
        impl<$($t: ListItem,)? S: FieldSpec<Value = $value>> schemars::JsonSchema for $ty<$($t,)? S> {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(S::NAME)
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                field_json_schema::<S>(generator)
            }
        }
    };
}

/// `Clone`: a copy for the `Copy` types, else a clone of the value.
macro_rules! clone_impl {
    ($ty:ident, [$($t:ident)?], copy) => {
        impl<$($t,)? S> Clone for $ty<$($t,)? S> {
            fn clone(&self) -> Self {
                *self
            }
        }
    };
    ($ty:ident, [$($t:ident)?], $value:ty) => {
        impl<$($t,)? S> Clone for $ty<$($t,)? S>
        where
            $value: Clone,
        {
            fn clone(&self) -> Self {
                Self(self.0.clone(), PhantomData)
            }
        }
    };
}

/// `Display` of the plain value and `FromStr` that reads it as a CLI user types it, checked.
macro_rules! text_forms {
    ($ty:ident, $value:ty) => {
        impl<S> fmt::Display for $ty<S> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
        impl<S: FieldSpec<Value = $value>> std::str::FromStr for $ty<S> {
            type Err = Violation;
            fn from_str(text: &str) -> Result<Self, Violation> {
                parse_field::<S>(text).map(|v| Self(v, PhantomData))
            }
        }
    };
}

/// The text of field `S`, within its length limits (counted in Unicode scalar values).
pub struct Text<S>(String, PhantomData<fn() -> S>);

impl<S: FieldSpec<Value = String>> Text<S> {
    /// The length limits from the schema, in Unicode scalar values.
    pub const LENGTH: LengthRange = S::LIMITS;

    /// Checks the length of `value` (in Unicode scalar values, not bytes) against
    /// [`Self::LENGTH`].
    pub fn new(value: impl Into<String>) -> Result<Self, Violation> {
        checked::<S>(value.into()).map(|v| Self(v, PhantomData))
    }

    /// For `request!` and the typed defaults, whose values were checked while compiling.
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

common_impls!(Text, [], String);
clone_impl!(Text, [], String);
text_forms!(Text, String);

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
impl<S: FieldSpec<Value = String>> TryFrom<String> for Text<S> {
    type Error = Violation;
    fn try_from(value: String) -> Result<Self, Violation> {
        Self::new(value)
    }
}
impl<S: FieldSpec<Value = String>> TryFrom<&str> for Text<S> {
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

/// An integer of field `S`, within its bounds.
pub struct Integer<S>(i64, PhantomData<fn() -> S>);

impl<S: FieldSpec<Value = i64>> Integer<S> {
    /// The bounds from the schema, as written there.
    pub const RANGE: IntegerRange = S::LIMITS;

    /// Checks `value` against [`Self::RANGE`].
    pub fn new(value: i64) -> Result<Self, Violation> {
        checked::<S>(value).map(|v| Self(v, PhantomData))
    }

    /// The smallest allowed value, if the schema bounds it below.
    pub fn min() -> Option<Self> {
        Self::RANGE.effective_min().map(|v| Self(v, PhantomData))
    }

    /// The largest allowed value, if the schema bounds it above.
    pub fn max() -> Option<Self> {
        Self::RANGE.effective_max().map(|v| Self(v, PhantomData))
    }

    /// For `request!` and the typed defaults, whose values were checked while compiling.
    #[doc(hidden)]
    pub const fn __new_unchecked(value: i64) -> Self {
        Self(value, PhantomData)
    }
}

impl<S> Integer<S> {
    /// The value.
    pub const fn get(self) -> i64 {
        self.0
    }
}

common_impls!(Integer, [], i64);
clone_impl!(Integer, [], copy);
text_forms!(Integer, i64);

impl<S> Copy for Integer<S> {}
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
impl<S: FieldSpec<Value = i64>> TryFrom<i64> for Integer<S> {
    type Error = Violation;
    fn try_from(value: i64) -> Result<Self, Violation> {
        Self::new(value)
    }
}
impl<S> From<Integer<S>> for i64 {
    fn from(value: Integer<S>) -> i64 {
        value.0
    }
}

/// A finite number of field `S`, within its bounds.
pub struct Number<S>(f64, PhantomData<fn() -> S>);

impl<S: FieldSpec<Value = f64>> Number<S> {
    /// The bounds from the schema (finite values only, always).
    pub const RANGE: NumberRange = S::LIMITS;

    /// Checks `value` against [`Self::RANGE`]; NaN and infinities are rejected.
    pub fn new(value: f64) -> Result<Self, Violation> {
        checked::<S>(value).map(|v| Self(v, PhantomData))
    }

    /// For `request!` and the typed defaults, whose values were checked while compiling.
    #[doc(hidden)]
    pub const fn __new_unchecked(value: f64) -> Self {
        Self(value, PhantomData)
    }
}

impl<S> Number<S> {
    /// The value.
    pub const fn get(self) -> f64 {
        self.0
    }
}

common_impls!(Number, [], f64);
clone_impl!(Number, [], copy);
text_forms!(Number, f64);

impl<S> Copy for Number<S> {}
impl<S> PartialOrd for Number<S> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.0.partial_cmp(&other.0)
    }
}
impl<S: FieldSpec<Value = f64>> TryFrom<f64> for Number<S> {
    type Error = Violation;
    fn try_from(value: f64) -> Result<Self, Violation> {
        Self::new(value)
    }
}
impl<S> From<Number<S>> for f64 {
    fn from(value: Number<S>) -> f64 {
        value.0
    }
}

/// A boolean of field `S` (nothing to check: it converts `From<bool>`).
pub struct Boolean<S>(bool, PhantomData<fn() -> S>);

impl<S> Boolean<S> {
    /// The value as this field's type.
    pub const fn new(value: bool) -> Self {
        Self(value, PhantomData)
    }

    /// The value.
    pub const fn get(self) -> bool {
        self.0
    }
}

common_impls!(Boolean, [], bool);
clone_impl!(Boolean, [], copy);
text_forms!(Boolean, bool);

impl<S> Copy for Boolean<S> {}
impl<S> Eq for Boolean<S> {}
impl<S> Hash for Boolean<S> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}
impl<S> From<bool> for Boolean<S> {
    fn from(value: bool) -> Self {
        Self(value, PhantomData)
    }
}
impl<S> From<Boolean<S>> for bool {
    fn from(value: Boolean<S>) -> bool {
        value.0
    }
}

/// A media input of field `S` (an `https://` URL or a `data:` URI), whose type fits the
/// field's kind; the field's `validations` rules come with it for the client to check before
/// submitting.
pub struct Media<S>(MediaInput, PhantomData<fn() -> S>);

impl<S: FieldSpec<Value = MediaInput>> Media<S> {
    /// The kind of media this field takes.
    pub const KIND: MediaKind = S::LIMITS.kind;
    /// The schema's `validations` for this field; the client checks them before submitting
    /// (image headers of local data, HTTP Range for URLs).
    pub const RULES: &'static [MediaRule] = S::LIMITS.rules;

    /// Wraps a media input, checking that a `data:` URI's type fits [`Self::KIND`].
    pub fn new(input: MediaInput) -> Result<Self, Violation> {
        checked::<S>(input).map(|v| Self(v, PhantomData))
    }

    /// Parses an `https://` URL or a `data:` URI.
    pub fn parse(value: &str) -> Result<Self, Violation> {
        parse_field::<S>(value).map(|v| Self(v, PhantomData))
    }

    /// Encodes `bytes` as a `data:` URI of type `mime`.
    pub fn from_bytes(mime: &str, bytes: &[u8]) -> Result<Self, Violation> {
        Self::new(MediaInput::from_bytes(mime, bytes))
    }

    /// For `request!`, whose literals were checked while compiling.
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

common_impls!(Media, [], MediaInput);
clone_impl!(Media, [], MediaInput);
text_forms!(Media, MediaInput);

impl<S> Eq for Media<S> {}
impl<S> Hash for Media<S> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}
impl<S> AsRef<str> for Media<S> {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}
impl<S: FieldSpec<Value = MediaInput>> TryFrom<&str> for Media<S> {
    type Error = Violation;
    fn try_from(value: &str) -> Result<Self, Violation> {
        Self::parse(value)
    }
}
impl<S: FieldSpec<Value = MediaInput>> TryFrom<String> for Media<S> {
    type Error = Violation;
    fn try_from(value: String) -> Result<Self, Violation> {
        Self::new(MediaInput::__new_unchecked(value))
    }
}
impl<S: FieldSpec<Value = MediaInput>> TryFrom<MediaInput> for Media<S> {
    type Error = Violation;
    fn try_from(value: MediaInput) -> Result<Self, Violation> {
        Self::new(value)
    }
}
impl<S> From<Media<S>> for MediaInput {
    fn from(value: Media<S>) -> MediaInput {
        value.0
    }
}

/// The items of field `S` (each of the item field's type `T`), within its item count limits.
pub struct List<T, S>(Vec<T>, PhantomData<fn() -> S>);

impl<T: ListItem, S: FieldSpec<Value = Vec<T>>> List<T, S> {
    /// `minItems`/`maxItems` from the schema.
    pub const COUNT: LengthRange = S::LIMITS;

    /// Checks the number of items against [`Self::COUNT`] (each item was checked as it was
    /// made).
    pub fn new(items: Vec<T>) -> Result<Self, Violation> {
        checked::<S>(items).map(|v| Self(v, PhantomData))
    }

    /// For `request!`, whose literals were checked while compiling.
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

common_impls!(List, [T], Vec<T>);
clone_impl!(List, [T], Vec<T>);

impl<T, S> std::ops::Deref for List<T, S> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}
impl<T: ListItem, S: FieldSpec<Value = Vec<T>>> TryFrom<Vec<T>> for List<T, S> {
    type Error = Violation;
    fn try_from(items: Vec<T>) -> Result<Self, Violation> {
        Self::new(items)
    }
}
impl<T, S> From<List<T, S>> for Vec<T> {
    fn from(value: List<T, S>) -> Vec<T> {
        value.0
    }
}

/// Any JSON value, for field `S` whose schema states no type (nothing to check: it converts
/// `From<serde_json::Value>`).
pub struct Json<S>(Value, PhantomData<fn() -> S>);

impl<S> Json<S> {
    /// The value as this field's type.
    pub fn new(value: Value) -> Self {
        Self(value, PhantomData)
    }

    /// The JSON value.
    pub fn as_json(&self) -> &Value {
        &self.0
    }

    /// The JSON value, by value.
    pub fn into_inner(self) -> Value {
        self.0
    }
}

common_impls!(Json, [], Value);
clone_impl!(Json, [], Value);

impl<S> From<Value> for Json<S> {
    fn from(value: Value) -> Self {
        Self::new(value)
    }
}
impl<S> From<Json<S>> for Value {
    fn from(value: Json<S>) -> Value {
        value.0
    }
}

/// A free-form JSON object, for field `S` whose schema lists no properties (nothing to check:
/// it converts `From<serde_json::Map>`).
pub struct JsonObject<S>(Map<String, Value>, PhantomData<fn() -> S>);

impl<S> JsonObject<S> {
    /// The object as this field's type.
    pub fn new(value: Map<String, Value>) -> Self {
        Self(value, PhantomData)
    }

    /// The JSON object.
    pub fn as_object(&self) -> &Map<String, Value> {
        &self.0
    }

    /// The JSON object, by value.
    pub fn into_inner(self) -> Map<String, Value> {
        self.0
    }
}

common_impls!(JsonObject, [], Map<String, Value>);
clone_impl!(JsonObject, [], Map<String, Value>);

impl<S> From<Map<String, Value>> for JsonObject<S> {
    fn from(value: Map<String, Value>) -> Self {
        Self::new(value)
    }
}
impl<S> From<JsonObject<S>> for Map<String, Value> {
    fn from(value: JsonObject<S>) -> Map<String, Value> {
        value.0
    }
}

// ---------------------------------------------------------------------------------------
// Values setters and `request!` take

/// Marks a field whose schema states no limit on it (text without length limits, an integer
/// without bounds, a list without count limits): its type takes the plain value as is, with
/// no check to hide, in builder setters and `request!` ([`IntoField`]).
#[diagnostic::on_unimplemented(
    message = "field `{Self}` has limits to check: a plain value does not pass as its type",
    label = "not checked against the field's limits",
    note = "make the value with the field type's checked constructor (`new`, `parse` or `try_from`), or write a literal, which `request!` checks while compiling"
)]
pub trait Unlimited: FieldSpec {}

/// What a builder setter (of a field with nothing to check) and `request!` take for a field of
/// type `T`: a value of `T`, or the plain value when `T` has nothing to check (a boolean, JSON,
/// or a field whose schema states no limit: [`Unlimited`]).
#[diagnostic::on_unimplemented(
    message = "this field takes `{T}`, not `{Self}`",
    label = "expected `{T}`",
    note = "make the value with the field type's checked constructor (`new`, `parse` or `try_from`), or write a literal, which `request!` checks while compiling"
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

impl<S: Unlimited<Value = String>> IntoField<Text<S>> for String {
    fn into_field(self) -> Text<S> {
        Text(self, PhantomData)
    }
}

impl<S: Unlimited<Value = String>> IntoField<Text<S>> for &str {
    fn into_field(self) -> Text<S> {
        Text(self.to_owned(), PhantomData)
    }
}

impl<S: Unlimited<Value = i64>> IntoField<Integer<S>> for i64 {
    fn into_field(self) -> Integer<S> {
        Integer(self, PhantomData)
    }
}

impl<T, S: Unlimited<Value = Vec<T>>> IntoField<List<T, S>> for Vec<T> {
    fn into_field(self) -> List<T, S> {
        List(self, PhantomData)
    }
}

impl<S> IntoField<Boolean<S>> for bool {
    fn into_field(self) -> Boolean<S> {
        Boolean::new(self)
    }
}

impl<S> IntoField<Json<S>> for Value {
    fn into_field(self) -> Json<S> {
        Json::new(self)
    }
}

impl<S> IntoField<JsonObject<S>> for Map<String, Value> {
    fn into_field(self) -> JsonObject<S> {
        JsonObject::new(self)
    }
}

/// What `request!` takes for an optional field of type `T`: what [`IntoField`] takes (set), or
/// an `Option` of `T` (`None` leaves it unset). `M` tells the two apart ([`AsValue`],
/// [`AsOption`]) and is inferred.
pub trait IntoOptionalField<T, M> {
    /// The value, as the field's type, or `None`.
    fn into_optional_field(self) -> Option<T>;
}

/// [`IntoOptionalField`] for a value.
pub enum AsValue {}

/// [`IntoOptionalField`] for an `Option` of the field's type.
pub enum AsOption {}

impl<T, U: IntoField<T>> IntoOptionalField<T, AsValue> for U {
    fn into_optional_field(self) -> Option<T> {
        Some(self.into_field())
    }
}

impl<T> IntoOptionalField<T, AsOption> for Option<T> {
    fn into_optional_field(self) -> Option<T> {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constraints::Bounds;

    enum StepsField {}
    impl FieldSpec for StepsField {
        type Value = i64;
        const NAME: &'static str = "Steps";
        const POINTER: &'static str = "/steps";
        const LIMITS: IntegerRange = Bounds::NONE.minimum(1.0).maximum(8.0);
    }
    type Steps = Integer<StepsField>;

    enum ImageField {}
    impl FieldSpec for ImageField {
        type Value = MediaInput;
        const NAME: &'static str = "Image";
        const POINTER: &'static str = "/image";
        const LIMITS: MediaLimits = MediaLimits {
            kind: MediaKind::Image,
            rules: &[],
        };
    }
    type Image = Media<ImageField>;

    #[test]
    fn checks_apply_to_every_way_in() {
        assert_eq!(Steps::new(8).unwrap().get(), 8);
        assert_eq!(Steps::new(9).unwrap_err().pointer, "/steps");
        assert_eq!(" 4 ".parse::<Steps>().unwrap().get(), 4);
        assert!("four".parse::<Steps>().unwrap_err().to_string().contains("an integer"));
        assert!("0".parse::<Steps>().is_err());
        let from_json = |v: Value| serde_json::from_value::<Steps>(v).map_err(|e| e.to_string());
        assert_eq!(from_json(json!(3)).unwrap().get(), 3);
        assert!(from_json(json!(12)).unwrap_err().contains("/steps"));
        assert!(from_json(json!("3")).is_err());
        assert_eq!(format!("{:?}", Steps::new(3).unwrap()), "Steps(3)");
        assert_eq!(
            (Steps::min().map(Steps::get), Steps::max().map(Steps::get)),
            (Some(1), Some(8))
        );
    }

    #[test]
    fn media_is_checked_once_with_the_fields_kind() {
        assert!(Image::parse("https://example.com/a.png").is_ok());
        assert!(Image::parse("data:video/mp4;base64,AAAA").is_err());
        assert!(serde_json::from_value::<Image>(json!("ftp://example.com/a.png")).is_err());
        assert!(serde_json::from_value::<Image>(json!("data:image/png;base64,AAAA")).is_ok());
        assert_eq!(Image::KIND, MediaKind::Image);
    }

    #[test]
    fn json_schemas_carry_the_limits() {
        let mut g = schemars::SchemaGenerator::default();
        let s = <Steps as schemars::JsonSchema>::json_schema(&mut g).to_value();
        assert_eq!(s, json!({"type": "integer", "minimum": 1, "maximum": 8}));
        let s = <Image as schemars::JsonSchema>::json_schema(&mut g).to_value();
        assert_eq!(s["format"], "image_uri");
        assert_eq!(bool::from_text("yes", &()).unwrap_err().keyword(), "type");
    }
}
