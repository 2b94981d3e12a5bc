//! The intermediate representation: what a schema file means, independent of JSON quirks.
//!
//! One IR, many consumers: code generation, the JSON value validator (simulator, CLI), CLI
//! flag definitions.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::constraints::{IntegerRange, LengthRange, NumberRange};
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

/// An object with declared properties.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectSchema {
    /// The properties, in the order the file lists them.
    pub properties: Vec<Property>,
    /// Whether keys not listed in `properties` are accepted (`additionalProperties`).
    pub additional_properties: bool,
    /// JSON pointer of this object in the file.
    pub pointer: String,
}

impl ObjectSchema {
    /// The property with the wire name `name`.
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
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

/// An enum: the allowed values, each a JSON literal.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumSchema {
    /// The allowed values, in the file's order, without duplicates.
    pub values: Vec<Literal>,
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

impl LiteralRef<'_> {
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
