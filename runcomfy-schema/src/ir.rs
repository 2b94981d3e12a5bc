//! The intermediate representation: what a schema file means, independent of JSON quirks.
//!
//! One IR, many consumers: code generation, the JSON value validator (simulator, CLI), CLI
//! flag definitions.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::constraints::{IntegerRange, LengthRange, NumberRange};
use crate::hash_index::HashIndex;
use crate::media::{MediaKind, MediaRule};

/// One endpoint: a model id and its input schema.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointSchema {
    /// The model id, e.g. `blackforestlabs/flux-1-schnell/text-to-image`.
    pub model_id: String,
    /// The file it was read from, as named to the parser.
    pub file: String,
    /// The input object.
    pub input: ObjectSchema,
    /// Docs of the root schema.
    pub docs: Docs,
}

/// Title, description and other prose of a schema node.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docs {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `default`, as written. Documentation only: never sent on the user's behalf.
    pub default: Option<Value>,
    /// `examples`, as written.
    pub examples: Vec<Value>,
    /// Constraints the schema states that this version does not enforce (e.g. `pattern`),
    /// kept as prose for the docs.
    pub unenforced: Vec<String>,
}

/// An object with declared properties. Built with [`ObjectSchema::new`], which indexes the
/// properties by name, so that [`ObjectSchema::property`] costs the same for 150,000
/// properties as for 5.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectSchema {
    /// The properties, in the order the file lists them. Read it freely; a list changed in
    /// place after [`ObjectSchema::new`] is no longer indexed, and lookups scan it.
    pub properties: Vec<Property>,
    /// Whether keys not listed in `properties` are accepted (`additionalProperties`).
    pub additional_properties: bool,
    /// JSON pointer of this object in the file.
    pub pointer: String,
    /// Positions in `properties`, by name.
    index: HashIndex,
}

impl ObjectSchema {
    /// An object with these properties (wire names should be unique: of two with the same
    /// name, [`ObjectSchema::property`] finds the first).
    pub fn new(properties: Vec<Property>, additional_properties: bool, pointer: String) -> Self {
        let mut index = HashIndex::with_capacity(properties.len());
        for (i, p) in properties.iter().enumerate() {
            index.insert_or_find(p.name.as_str(), i, |j| properties[j].name.as_str());
        }
        ObjectSchema {
            properties,
            additional_properties,
            pointer,
            index,
        }
    }

    /// The property with the wire name `name`.
    pub fn property(&self, name: &str) -> Option<&Property> {
        let props = &self.properties;
        if self.index.len() != props.len() {
            return props.iter().find(|p| p.name == name);
        }
        let i = self
            .index
            .find(name, |j| props.get(j).map_or("", |p| p.name.as_str()))?;
        props.get(i)
    }
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// The key on the wire, exactly as in the schema (`width×height`, `promptImage`).
    pub name: String,
    /// Listed in `required`?
    pub required: bool,
    /// Its schema.
    pub schema: Schema,
}

/// A schema node. The default is a node that takes any JSON value and says nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schema {
    /// What values it takes.
    pub kind: Kind,
    /// Prose and default.
    pub docs: Docs,
    /// JSON pointer of this node in the file.
    pub pointer: String,
}

/// The shape of a value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Kind {
    /// A string, with its length limits.
    String {
        /// `minLength`/`maxLength` in Unicode scalar values.
        length: LengthRange,
    },
    /// An integer (`i64`).
    Integer {
        /// Bounds.
        range: IntegerRange,
    },
    /// A number (`type: number` or the dialect's `type: float`).
    Number {
        /// Bounds.
        range: NumberRange,
    },
    /// `true` or `false`.
    Boolean,
    /// One of a fixed list of JSON literals.
    Enum(EnumSchema),
    /// A media input: an `https://` URL or a `data:` URI.
    Media(MediaSchema),
    /// A list.
    Array {
        /// The item schema (an [`Kind::Any`] node when the file gives none).
        items: Box<Schema>,
        /// `minItems`/`maxItems`.
        count: LengthRange,
    },
    /// An object with declared properties.
    Object(ObjectSchema),
    /// `type: object` with no properties: free-form JSON object.
    FreeForm,
    /// Any JSON value (no usable type in the file).
    #[default]
    Any,
}

/// An enum: the allowed values, each a JSON literal, indexed so that checking a value (or
/// a duplicate while parsing) costs the same for 600,000 values as for 5.
///
/// ```
/// use runcomfy_schema::ir::{EnumSchema, Literal};
/// let mut e = EnumSchema::default();
/// assert!(e.push(Literal::Integer(5)));
/// assert!(e.push(Literal::String("5".into())));
/// assert!(!e.push(Literal::Integer(5)), "a duplicate is not added");
/// assert_eq!(e.position(&serde_json::json!("5")), Some(1));
/// assert!(!e.contains(&serde_json::json!(5.5)));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EnumSchema {
    /// The allowed values, in the file's order, without duplicates. Read it freely; a list
    /// changed in place rather than through [`EnumSchema::push`] is no longer indexed, and
    /// lookups scan it.
    pub values: Vec<Literal>,
    /// Positions in `values`, by literal.
    index: HashIndex,
}

impl EnumSchema {
    /// An empty enum with room for `n` values.
    pub fn with_capacity(n: usize) -> Self {
        EnumSchema {
            values: Vec::with_capacity(n),
            index: HashIndex::with_capacity(n),
        }
    }

    /// Adds a value at the end unless the enum has it already (the same JSON literal:
    /// `5` and `5.0` are two values, `"5"` a third). Returns whether it was added.
    pub fn push(&mut self, value: Literal) -> bool {
        let values = &self.values;
        let pos = values.len();
        let indexed = self.index.len() == pos;
        let known = if indexed {
            self.index
                .insert_or_find(value.as_ref().key(), pos, |j| values[j].as_ref().key())
                .is_some()
        } else {
            values.iter().any(|v| v.as_ref().key() == value.as_ref().key())
        };
        if !known {
            self.values.push(value);
        }
        !known
    }

    /// The position of the value that the JSON `value` equals ([`Literal::matches`]), the
    /// first one when two match (`5` matches both `5` and `5.0`).
    pub fn position(&self, value: &Value) -> Option<usize> {
        let values = &self.values;
        if self.index.len() != values.len() {
            return values.iter().position(|l| l.matches(value));
        }
        let find = |key: LiteralKey<'_>| self.index.find(key, |j| values[j].as_ref().key());
        match value {
            Value::String(s) => find(LiteralKey::Str(s)),
            Value::Bool(b) => find(LiteralKey::Bool(*b)),
            Value::Number(n) => {
                let int = n.as_i64().and_then(|i| find(LiteralKey::Int(i)));
                let num = n.as_f64().and_then(|f| find(LiteralKey::num(f)));
                match (int, num) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            }
            Value::Null | Value::Array(_) | Value::Object(_) => None,
        }
    }

    /// Does the JSON `value` equal one of the values?
    pub fn contains(&self, value: &Value) -> bool {
        self.position(value).is_some()
    }
}

impl FromIterator<Literal> for EnumSchema {
    /// The values in order, duplicates left out.
    fn from_iter<I: IntoIterator<Item = Literal>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut e = EnumSchema::with_capacity(iter.size_hint().0);
        for v in iter {
            e.push(v);
        }
        e
    }
}

/// A literal as a hash key: two literals have equal keys exactly when they are the same JSON
/// literal (numbers compare as [`LiteralRef::matches`] compares them, `-0.0` equal to `0.0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum LiteralKey<'a> {
    Str(&'a str),
    Int(i64),
    /// The bits of a finite `f64`, `-0.0` as `0.0`.
    Num(u64),
    Bool(bool),
}

impl LiteralKey<'_> {
    fn num(f: f64) -> Self {
        LiteralKey::Num(if f == 0.0 { 0.0f64.to_bits() } else { f.to_bits() })
    }
}

/// One allowed enum value. Serializes as the JSON literal itself (an integer as `5`, a
/// non-integer number as `0.5` or `5.0`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Literal {
    /// A string such as `"16:9"` or `"720P"`.
    String(String),
    /// An integer such as `5`.
    Integer(i64),
    /// A non-integer number such as `0.5`.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
}

/// A borrowed enum literal; generated enums keep their allowed values as a `const` slice of
/// these, and both they and the IR validator match values through [`LiteralRef::matches`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LiteralRef<'a> {
    /// A string.
    Str(&'a str),
    /// An integer.
    Int(i64),
    /// A non-integer number.
    Num(f64),
    /// A boolean.
    Bool(bool),
}

impl<'a> LiteralRef<'a> {
    fn key(self) -> LiteralKey<'a> {
        match self {
            LiteralRef::Str(s) => LiteralKey::Str(s),
            LiteralRef::Int(i) => LiteralKey::Int(i),
            LiteralRef::Num(f) => LiteralKey::num(f),
            LiteralRef::Bool(b) => LiteralKey::Bool(b),
        }
    }

    /// The literal as a JSON value.
    pub fn to_value(self) -> Value {
        match self {
            LiteralRef::Str(s) => Value::from(s),
            LiteralRef::Int(i) => Value::from(i),
            LiteralRef::Num(f) => Value::from(f),
            LiteralRef::Bool(b) => Value::Bool(b),
        }
    }

    /// Does the JSON `value` equal this literal? Integers compare exactly (`5.0` is not `5`);
    /// numbers compare as `f64`.
    pub fn matches(self, value: &Value) -> bool {
        match (self, value) {
            (LiteralRef::Str(s), Value::String(v)) => s == v,
            (LiteralRef::Int(i), Value::Number(n)) => n.as_i64() == Some(i),
            (LiteralRef::Num(f), Value::Number(n)) => n.as_f64() == Some(f),
            (LiteralRef::Bool(b), Value::Bool(v)) => b == *v,
            _ => false,
        }
    }
}

impl Literal {
    /// Borrows the literal.
    pub fn as_ref(&self) -> LiteralRef<'_> {
        match self {
            Literal::String(s) => LiteralRef::Str(s),
            Literal::Integer(i) => LiteralRef::Int(*i),
            Literal::Number(f) => LiteralRef::Num(*f),
            Literal::Bool(b) => LiteralRef::Bool(*b),
        }
    }

    /// Does the JSON `value` equal this literal? See [`LiteralRef::matches`].
    pub fn matches(&self, value: &Value) -> bool {
        self.as_ref().matches(value)
    }

    /// The literal as a JSON value.
    pub fn to_value(&self) -> Value {
        match self {
            Literal::String(s) => Value::String(s.clone()),
            Literal::Integer(i) => Value::from(*i),
            Literal::Number(f) => Value::from(*f),
            Literal::Bool(b) => Value::Bool(*b),
        }
    }

    /// The literal as text without JSON quotes (`16:9`, `5`): what a CLI user types.
    pub fn to_text(&self) -> String {
        match self {
            Literal::String(s) => s.clone(),
            Literal::Integer(i) => i.to_string(),
            Literal::Number(f) => f.to_string(),
            Literal::Bool(b) => b.to_string(),
        }
    }

    /// The literal as JSON text (`"16:9"`, `5`).
    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }
}

/// A media field: its kind and the rules its content must meet.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaSchema {
    /// Image, video, audio or any file.
    pub kind: MediaKind,
    /// The `validations` rules (for arrays, per item).
    pub rules: Vec<MediaRule>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn prop(name: &str) -> Property {
        Property {
            name: name.to_owned(),
            required: false,
            schema: Schema::default(),
        }
    }

    #[test]
    fn enum_lookups_match_literals_exactly() {
        let e: EnumSchema = [
            Literal::Number(5.0),
            Literal::Integer(5),
            Literal::String("5".into()),
            Literal::Bool(true),
            Literal::Number(-0.0),
            Literal::Integer(5),
            Literal::Number(0.0),
        ]
        .into_iter()
        .collect();
        // The second `5` and `0.0` (equal to `-0.0`) are duplicates.
        assert_eq!(e.values.len(), 5);
        // `5` matches both the integer and the number: the first one listed.
        assert_eq!(e.position(&json!(5)), Some(0));
        // `5.0` is not the integer 5.
        assert_eq!(e.position(&json!(5.0)), Some(0));
        assert_eq!(e.position(&json!("5")), Some(2));
        assert_eq!(e.position(&json!(true)), Some(3));
        assert_eq!(e.position(&json!(0)), Some(4));
        assert_eq!(e.position(&json!(false)), None);
        assert_eq!(e.position(&json!(null)), None);
        assert_eq!(e.position(&json!([5])), None);
        let ints: EnumSchema = [Literal::Integer(5)].into_iter().collect();
        assert!(!ints.contains(&json!(5.0)), "an integer enum takes no float");
        assert!(ints.contains(&json!(5)));
    }

    #[test]
    fn lookups_agree_with_a_scan_and_survive_direct_edits() {
        let values: Vec<Literal> = (0..1000)
            .map(|i| match i % 3 {
                0 => Literal::String(format!("v{i}")),
                1 => Literal::Integer(i),
                _ => Literal::Number(i as f64 + 0.5),
            })
            .collect();
        let mut e: EnumSchema = values.iter().cloned().collect();
        for probe in [json!("v3"), json!(4), json!(5.5), json!("v4"), json!(3), json!(4.5)] {
            assert_eq!(
                e.position(&probe),
                values.iter().position(|l| l.matches(&probe)),
                "{probe}"
            );
        }
        // Changed in place: the index no longer covers the list, and lookups scan it.
        e.values.push(Literal::String("late".into()));
        assert!(e.contains(&json!("late")));
        assert!(!e.push(Literal::String("late".into())));

        let mut obj = ObjectSchema::new(
            (0..1000).map(|i| prop(&format!("p{i}"))).collect(),
            false,
            String::new(),
        );
        assert_eq!(obj.property("p999").map(|p| p.name.as_str()), Some("p999"));
        assert!(obj.property("p1000").is_none());
        obj.properties.push(prop("added"));
        assert!(obj.property("added").is_some());
    }
}
