//! What generated enums share: each enum implements [`LiteralEnum`] with one table (each
//! value, its JSON literal, its text) and delegates serde, `FromStr` and JSON Schema to the
//! generic functions here, so an enum costs a table rather than a copy of each impl's body.

use serde::{Deserialize, Deserializer, Serializer};
use serde_json::{Map, Value, json};

use crate::constraints::{Constraint, Violation};
use crate::ir::LiteralRef;

/// An enum's values with their JSON literals, in the schema's order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Table<E: 'static> {
    /// Every value is a string, which is also its text (the common case).
    Strings(&'static [(E, &'static str)]),
    /// Numbers, booleans or a mix: each value's literal and its text (`5`, `true`).
    Mixed(&'static [(E, LiteralRef<'static>, &'static str)]),
}

impl<E: Copy + 'static> Table<E> {
    /// How many values.
    pub const fn len(&self) -> usize {
        match self {
            Table::Strings(t) => t.len(),
            Table::Mixed(t) => t.len(),
        }
    }

    /// No values at all? (Generated enums always have one.)
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Value `i`, if there is one.
    pub const fn value(&self, i: usize) -> Option<E> {
        match self {
            Table::Strings(t) if i < t.len() => Some(t[i].0),
            Table::Mixed(t) if i < t.len() => Some(t[i].0),
            _ => None,
        }
    }

    /// The text of value `i` (`16:9`, `5`): what a CLI user types. Empty when out of range.
    pub const fn text(&self, i: usize) -> &'static str {
        match self {
            Table::Strings(t) if i < t.len() => t[i].1,
            Table::Mixed(t) if i < t.len() => t[i].2,
            _ => "",
        }
    }

    /// The JSON literal of value `i`.
    pub fn literal(&self, i: usize) -> Option<LiteralRef<'static>> {
        match self {
            Table::Strings(t) => t.get(i).map(|(_, s)| LiteralRef::Str(s)),
            Table::Mixed(t) => t.get(i).map(|(_, l, _)| *l),
        }
    }

    /// Every literal, in order.
    pub fn literals(&self) -> impl Iterator<Item = LiteralRef<'static>> + '_ {
        (0..self.len()).filter_map(|i| self.literal(i))
    }
}

/// A generated enum: its values and their JSON literals.
pub trait LiteralEnum: Copy + 'static {
    /// The type's name.
    const NAME: &'static str;
    /// Where the field sits in a request, for violations.
    const POINTER: &'static str;
    /// Every value with its literal, in the schema's order (the order of the variants).
    const TABLE: Table<Self>;
}

/// Every value of `E`, in order: the generated `ALL` (`N` is the number of values, at least
/// one).
pub const fn enum_all<E: LiteralEnum, const N: usize>() -> [E; N] {
    let first = match E::TABLE {
        Table::Strings(t) => t[0].0,
        Table::Mixed(t) => t[0].0,
    };
    let mut all = [first; N];
    let mut i = 0;
    while i < N {
        if let Some(v) = E::TABLE.value(i) {
            all[i] = v;
        }
        i += 1;
    }
    all
}

/// The value whose JSON literal equals `value`.
pub fn enum_from_json<E: LiteralEnum>(value: &Value) -> Option<E> {
    let i = E::TABLE.literals().position(|l| l.matches(value))?;
    E::TABLE.value(i)
}

/// The value's text (`16:9`, `5`); `index` is its position (`value as usize`).
pub const fn enum_text<E: LiteralEnum>(index: usize) -> &'static str {
    E::TABLE.text(index)
}

/// The violation for a value that is not one of `E`'s.
pub fn enum_not_allowed<E: LiteralEnum>(found: String) -> Violation {
    let allowed = E::TABLE.literals().map(|l| l.to_value().to_string());
    Violation::new(E::POINTER, Constraint::not_one_of(allowed, E::TABLE.len(), found))
}

/// Parses the text form.
pub fn enum_from_str<E: LiteralEnum>(value: &str) -> Result<E, Violation> {
    (0..E::TABLE.len())
        .find(|i| E::TABLE.text(*i) == value)
        .and_then(|i| E::TABLE.value(i))
        .ok_or_else(|| enum_not_allowed::<E>(format!("{value:?}")))
}

/// Serializes a value as its JSON literal; `index` is its position (`value as usize`).
pub fn enum_serialize<E: LiteralEnum, Ser: Serializer>(index: usize, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
    match E::TABLE.literal(index) {
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
    let values: Vec<Value> = E::TABLE.literals().map(LiteralRef::to_value).collect();
    let mut m = Map::new();
    if let Some(t) = crate::json_schema::shared_json_type(&values) {
        m.insert("type".into(), json!(t));
    }
    m.insert("enum".into(), Value::Array(values));
    schemars::Schema::from(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Size {
        Small,
        Large,
    }

    impl LiteralEnum for Size {
        const NAME: &'static str = "Size";
        const POINTER: &'static str = "/size";
        const TABLE: Table<Self> = Table::Mixed(&[
            (Size::Small, LiteralRef::Int(5), "5"),
            (Size::Large, LiteralRef::Str("large"), "large"),
        ]);
    }

    #[test]
    fn one_table_serves_every_direction() {
        assert_eq!(enum_all::<Size, 2>(), [Size::Small, Size::Large]);
        assert_eq!(enum_from_json::<Size>(&json!(5)), Some(Size::Small));
        assert_eq!(enum_from_json::<Size>(&json!("5")), None);
        assert_eq!(enum_from_str::<Size>("large"), Ok(Size::Large));
        assert_eq!(enum_text::<Size>(Size::Small as usize), "5");
        let err = enum_from_str::<Size>("huge").unwrap_err();
        assert_eq!(err.to_string(), "/size: \"huge\" is not one of 5, \"large\"");
        assert_eq!(
            serde_json::to_value(json!(enum_text::<Size>(1))).unwrap(),
            json!("large")
        );
        let schema = serde_json::to_value(enum_json_schema::<Size>()).unwrap();
        assert_eq!(schema, json!({"enum": [5, "large"]}));
    }
}
