//! What generated enums share: each enum implements [`LiteralEnum`] (its values and their
//! JSON literals) and delegates serde, `FromStr` and JSON Schema to the generic functions
//! here, so an enum costs a table rather than a copy of each impl's body.

use serde::{Deserialize, Deserializer, Serializer};
use serde_json::{Map, Value, json};

use crate::constraints::{Constraint, Violation};
use crate::ir::LiteralRef;

/// The JSON literals of an enum's values, in the order of [`LiteralEnum::ALL`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Literals<'a> {
    /// Every value is a string; its text is the string itself (the common case: one list).
    Strings(&'a [&'a str]),
    /// Numbers, booleans or a mix: each literal, and its text (`5`, `true`).
    Mixed(&'a [LiteralRef<'a>], &'a [&'a str]),
}

impl<'a> Literals<'a> {
    /// How many values.
    pub const fn len(&self) -> usize {
        match self {
            Literals::Strings(s) => s.len(),
            Literals::Mixed(l, _) => l.len(),
        }
    }

    /// No values at all? (Generated enums always have one.)
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text of value `i` (`16:9`, `5`): what a CLI user types. Empty when out of range.
    pub const fn text(&self, i: usize) -> &'a str {
        let texts = match self {
            Literals::Strings(s) => s,
            Literals::Mixed(_, t) => t,
        };
        if i < texts.len() { texts[i] } else { "" }
    }

    /// The JSON literal of value `i`.
    pub fn literal(&self, i: usize) -> Option<LiteralRef<'a>> {
        match self {
            Literals::Strings(s) => s.get(i).map(|s| LiteralRef::Str(s)),
            Literals::Mixed(l, _) => l.get(i).copied(),
        }
    }

    /// Every literal, in order.
    pub fn iter(&self) -> impl Iterator<Item = LiteralRef<'a>> + '_ {
        (0..self.len()).filter_map(|i| self.literal(i))
    }
}

/// A generated enum: its values and their JSON literals.
pub trait LiteralEnum: Copy + 'static {
    /// The type's name.
    const NAME: &'static str;
    /// Where the field sits in a request, for violations.
    const POINTER: &'static str;
    /// Every value, in the schema's order.
    const ALL: &'static [Self];
    /// The JSON literal and text of each value of `ALL`, in the same order.
    const LITERALS: Literals<'static>;
    /// The position of `self` in `ALL`.
    fn index(self) -> usize;
}

/// The value whose JSON literal equals `value`.
pub fn enum_from_json<E: LiteralEnum>(value: &Value) -> Option<E> {
    E::LITERALS
        .iter()
        .position(|l| l.matches(value))
        .and_then(|i| E::ALL.get(i).copied())
}

/// The value's text (`16:9`, `5`).
pub const fn enum_text<E: LiteralEnum>(i: usize) -> &'static str {
    E::LITERALS.text(i)
}

/// The violation for a value that is not one of `E`'s.
pub fn enum_not_allowed<E: LiteralEnum>(found: String) -> Violation {
    let allowed = E::LITERALS
        .iter()
        .map(|l| match l {
            LiteralRef::Str(s) => Value::from(s).to_string(),
            LiteralRef::Int(i) => i.to_string(),
            LiteralRef::Num(f) => Value::from(f).to_string(),
            LiteralRef::Bool(b) => b.to_string(),
        })
        .collect();
    Violation::new(E::POINTER, Constraint::Enum { allowed, found })
}

/// Parses the text form.
pub fn enum_from_str<E: LiteralEnum>(value: &str) -> Result<E, Violation> {
    (0..E::LITERALS.len())
        .position(|i| E::LITERALS.text(i) == value)
        .and_then(|i| E::ALL.get(i).copied())
        .ok_or_else(|| enum_not_allowed::<E>(format!("{value:?}")))
}

/// Serializes the value as its JSON literal.
pub fn enum_serialize<E: LiteralEnum, Ser: Serializer>(value: E, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
    match E::LITERALS.literal(value.index()) {
        Some(LiteralRef::Str(s)) => serializer.serialize_str(s),
        Some(LiteralRef::Int(i)) => serializer.serialize_i64(i),
        Some(LiteralRef::Num(f)) => serializer.serialize_f64(f),
        Some(LiteralRef::Bool(b)) => serializer.serialize_bool(b),
        None => Err(serde::ser::Error::custom("enum value out of range")),
    }
}

/// Deserializes a JSON literal into the value it names.
pub fn enum_deserialize<'de, E: LiteralEnum, D: Deserializer<'de>>(deserializer: D) -> Result<E, D::Error> {
    let value = Value::deserialize(deserializer)?;
    enum_from_json(&value).ok_or_else(|| serde::de::Error::custom(enum_not_allowed::<E>(value.to_string())))
}

/// The JSON Schema of the enum: its type (when its literals share one) and its literals.
pub fn enum_json_schema<E: LiteralEnum>() -> schemars::Schema {
    let values: Vec<Value> = E::LITERALS.iter().map(|l| l.to_value()).collect();
    let mut m = Map::new();
    if let Some(t) = crate::json_schema::shared_json_type(&values) {
        m.insert("type".into(), json!(t));
    }
    m.insert("enum".into(), Value::Array(values));
    schemars::Schema::from(m)
}
