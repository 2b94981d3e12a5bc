//! What generated field types share.
//!
//! Every field of a generated request has its own type in its endpoint's module (`Prompt`,
//! `Steps`, `PromptImage`, `Images`, ...), whatever constraints the schema states: a newtype
//! over a plain value (`String`, `i64`, `f64`, `bool`, [`MediaInput`], a `Vec` of the item
//! type, JSON). It implements [`FieldType`], which names that value, the schema's limits on
//! it and where the field sits in a request. The behaviour of the generated impls (checked
//! construction, serde, JSON Schema, parsing text) is written once here, generic over
//! [`FieldType`]; each generated impl is a one-line call into it, so a schema with many fields
//! costs the compiler a few lines per field rather than a copy of every impl's body.
//!
//! ```
//! # fn main() -> Result<(), runcomfy_schema::Violation> {
//! # #[derive(Debug)] struct Steps(i64);
//! # impl runcomfy_schema::typed::FieldType for Steps {
//! #     type Value = i64;
//! #     const NAME: &'static str = "Steps";
//! #     const POINTER: &'static str = "/steps";
//! #     const LIMITS: runcomfy_schema::IntegerRange = runcomfy_schema::Bounds::NONE.minimum(1.0).maximum(8.0);
//! #     fn value(&self) -> &i64 { &self.0 }
//! #     fn into_value(self) -> i64 { self.0 }
//! #     fn __wrap(value: i64) -> Self { Steps(value) }
//! # }
//! use runcomfy_schema::typed::{FieldType, checked};
//! // What a generated `Steps::new(4)` does:
//! let steps: Steps = checked(4)?;
//! assert_eq!(*steps.value(), 4);
//! assert!(checked::<Steps>(9).is_err()); // maximum 8
//! # Ok(()) }
//! ```

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value, json};

use crate::constraints::{Constraint, IntegerRange, LengthRange, NumberRange, Violation};
use crate::media::{MediaInput, MediaKind, MediaRule, check_media_syntax};

/// A generated field type: a plain value checked against one field's schema.
///
/// Generated types implement it; generic code can use it to reach any field's value and
/// limits (`<Steps as FieldType>::LIMITS`). Values are made by the type's own constructors
/// (`Steps::new(4)`), which call [`checked`].
pub trait FieldType: Sized + 'static {
    /// The plain value the type holds (`i64` for an integer field).
    type Value: FieldValue;
    /// The type's name (`Steps`), for JSON Schema.
    const NAME: &'static str;
    /// Where the field's values sit in a request (`/steps`, `/loras/-/scale`), for violations.
    const POINTER: &'static str;
    /// The schema's limits on the value (bounds, lengths, item counts, media kind and rules).
    const LIMITS: <Self::Value as FieldValue>::Limits;

    /// The value.
    fn value(&self) -> &Self::Value;

    /// The value, by value.
    fn into_value(self) -> Self::Value;

    /// Wraps a value that [`checked`] has checked, or a literal that `request!` checked while
    /// compiling.
    #[doc(hidden)]
    fn __wrap(value: Self::Value) -> Self;
}

/// A plain value a generated field type holds, and how its limits apply to it.
pub trait FieldValue: Sized + 'static {
    /// What the schema can state about such a value (`()` when nothing).
    type Limits: 'static;

    /// Checks the value against `limits`.
    fn check(&self, limits: &Self::Limits) -> Result<(), Constraint>;

    /// The value as JSON, before any check (the check follows in [`deserialize_field`]).
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
// The generic halves of the generated impls

/// `F::new(value)`: checks `value` against `F`'s limits.
pub fn checked<F: FieldType>(value: F::Value) -> Result<F, Violation> {
    value.check(&F::LIMITS).map_err(|c| Violation::new(F::POINTER, c))?;
    Ok(F::__wrap(value))
}

/// `FromStr` of a generated field type: the text read as its value, then checked.
pub fn parse_field<F: FieldType>(text: &str) -> Result<F, Violation>
where
    F::Value: FromText,
{
    let value = F::Value::from_text(text, &F::LIMITS).map_err(|c| Violation::new(F::POINTER, c))?;
    checked(value)
}

/// `Deserialize` of a generated field type: the value, then checked.
pub fn deserialize_field<'de, F: FieldType, D: Deserializer<'de>>(deserializer: D) -> Result<F, D::Error> {
    let value = F::Value::deserialize_value(deserializer)?;
    checked(value).map_err(serde::de::Error::custom)
}

/// `JsonSchema::json_schema` of a generated field type.
pub fn field_json_schema<F: FieldType>(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    F::Value::json_schema(&F::LIMITS, generator)
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

/// A list's items are generated field types (or enums, or structs) themselves, checked as
/// they are made; the list checks its item count.
impl<T> FieldValue for Vec<T>
where
    T: serde::de::DeserializeOwned + schemars::JsonSchema + 'static,
{
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
// Expressions in `request!`

/// How `request!` passes an expression that is not a literal to a field whose type checks its
/// value: the field's type itself, and for an optional field also `Option` of it.
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

impl<T> IntoField<Option<T>> for T {
    fn into_field(self) -> Option<T> {
        Some(self)
    }
}

/// How `request!` passes an expression that is not a literal to an optional field whose type
/// has no limit to check (a boolean, unbounded text, ...): anything with `Into` to the field's
/// type (set), or an `Option` of the type. `M` tells the two apart ([`AsValue`],
/// [`AsOption`]) and is inferred. (A required field of such a type takes `Into` directly.)
pub trait IntoOptionalField<T, M> {
    /// The value, as the field's type, or `None`.
    fn into_optional_field(self) -> Option<T>;
}

/// [`IntoOptionalField`] for a value.
pub enum AsValue {}

/// [`IntoOptionalField`] for an `Option` of the field's type.
pub enum AsOption {}

impl<T, U: Into<T>> IntoOptionalField<T, AsValue> for U {
    fn into_optional_field(self) -> Option<T> {
        Some(self.into())
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

    #[derive(Debug, PartialEq)]
    struct Steps(i64);
    impl FieldType for Steps {
        type Value = i64;
        const NAME: &'static str = "Steps";
        const POINTER: &'static str = "/steps";
        const LIMITS: IntegerRange = Bounds::NONE.minimum(1.0).maximum(8.0);
        fn value(&self) -> &i64 {
            &self.0
        }
        fn into_value(self) -> i64 {
            self.0
        }
        fn __wrap(value: i64) -> Self {
            Steps(value)
        }
    }

    #[derive(Debug)]
    struct Image(MediaInput);
    impl FieldType for Image {
        type Value = MediaInput;
        const NAME: &'static str = "Image";
        const POINTER: &'static str = "/image";
        const LIMITS: MediaLimits = MediaLimits {
            kind: MediaKind::Image,
            rules: &[],
        };
        fn value(&self) -> &MediaInput {
            &self.0
        }
        fn into_value(self) -> MediaInput {
            self.0
        }
        fn __wrap(value: MediaInput) -> Self {
            Image(value)
        }
    }

    #[test]
    fn checks_apply_to_every_way_in() {
        assert_eq!(checked::<Steps>(8).unwrap(), Steps(8));
        let e = checked::<Steps>(9).unwrap_err();
        assert_eq!(e.pointer, "/steps");
        assert_eq!(parse_field::<Steps>(" 4 ").unwrap(), Steps(4));
        assert!(
            parse_field::<Steps>("four")
                .unwrap_err()
                .to_string()
                .contains("an integer")
        );
        assert!(parse_field::<Steps>("0").is_err());
        let from_json = |v: Value| deserialize_field::<Steps, _>(v).map_err(|e| e.to_string());
        assert_eq!(from_json(json!(3)).unwrap(), Steps(3));
        assert!(from_json(json!(12)).unwrap_err().contains("/steps"));
        assert!(from_json(json!("3")).is_err());
    }

    #[test]
    fn media_is_checked_once_with_the_fields_kind() {
        assert!(parse_field::<Image>("https://example.com/a.png").is_ok());
        assert!(parse_field::<Image>("data:video/mp4;base64,AAAA").is_err());
        assert!(deserialize_field::<Image, _>(json!("ftp://example.com/a.png")).is_err());
        assert!(deserialize_field::<Image, _>(json!("data:image/png;base64,AAAA")).is_ok());
    }

    #[test]
    fn json_schemas_carry_the_limits() {
        let mut g = schemars::SchemaGenerator::default();
        let s = field_json_schema::<Steps>(&mut g).to_value();
        assert_eq!(s, json!({"type": "integer", "minimum": 1, "maximum": 8}));
        let s = field_json_schema::<Image>(&mut g).to_value();
        assert_eq!(s["format"], "image_uri");
        assert_eq!(bool::from_text("yes", &()).unwrap_err().keyword(), "type");
    }
}
