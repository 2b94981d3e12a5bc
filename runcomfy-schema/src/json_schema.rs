//! The IR as standard JSON Schema: what generated types answer to `schemars::JsonSchema`,
//! and what tools that do not speak the dialect can read.
//!
//! The dialect's quirks are resolved the way the parser reads them: type names are the
//! standard lower-case ones (`float` is `number`), draft-4 boolean exclusive bounds are
//! numbers, media fields are strings with a media `format` (plural media formats become
//! arrays of such strings), and a default is kept only when the field's own constraints
//! accept it. `validations` rules are not JSON Schema and are left out.

use serde_json::{Map, Value, json};

use crate::constraints::{Bounds, LengthRange};
use crate::ir::{EndpointSchema, Kind, ObjectSchema, Schema};
use crate::media::MediaKind;
use crate::validate::validate_node;

impl EndpointSchema {
    /// The input schema as standard JSON Schema (see the module docs).
    pub fn to_json_schema(&self) -> Value {
        let mut m = object(&self.input);
        if let Some(t) = &self.docs.title {
            m.insert("title".into(), json!(t));
        }
        if let Some(d) = &self.docs.description {
            m.insert("description".into(), json!(d));
        }
        Value::Object(m)
    }

    /// The object node whose JSON pointer in the schema file is `pointer` (`""` is the
    /// input itself), searched through properties, array items and nested objects.
    pub fn object_at(&self, pointer: &str) -> Option<&ObjectSchema> {
        find_object(&self.input, pointer)
    }
}

/// The `JsonSchema` of a generated struct: the object at `pointer` in the endpoint's schema.
#[cfg(feature = "runtime")]
pub fn object_json_schema<E: crate::endpoint::Endpoint>(pointer: &str) -> schemars::Schema {
    let found = E::schema().ok().and_then(|s| s.object_at(pointer));
    match found {
        Some(obj) => schemars::Schema::from(object(obj)),
        None => schemars::Schema::default(),
    }
}

fn find_object<'a>(obj: &'a ObjectSchema, pointer: &str) -> Option<&'a ObjectSchema> {
    if obj.pointer == pointer {
        return Some(obj);
    }
    obj.properties.iter().find_map(|p| find_in_node(&p.schema, pointer))
}

fn find_in_node<'a>(schema: &'a Schema, pointer: &str) -> Option<&'a ObjectSchema> {
    match &schema.kind {
        Kind::Object(obj) => find_object(obj, pointer),
        Kind::Array { items, .. } => find_in_node(items, pointer),
        _ => None,
    }
}

/// An object node: its properties, `required` and `additionalProperties`.
fn object(obj: &ObjectSchema) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), json!("object"));
    let properties: Map<String, Value> = obj
        .properties
        .iter()
        .map(|p| (p.name.clone(), node(&p.schema)))
        .collect();
    m.insert("properties".into(), Value::Object(properties));
    let required: Vec<Value> = obj
        .properties
        .iter()
        .filter(|p| p.required)
        .map(|p| json!(p.name))
        .collect();
    if !required.is_empty() {
        m.insert("required".into(), Value::Array(required));
    }
    m.insert("additionalProperties".into(), json!(obj.additional_properties));
    m
}

/// One node, with its title, description and (valid) default.
pub fn node(schema: &Schema) -> Value {
    let mut m = match &schema.kind {
        Kind::String { length } => {
            let mut m = typed("string");
            lengths(&mut m, length, "minLength", "maxLength");
            m
        }
        Kind::Integer { range } => {
            let mut m = typed("integer");
            bounds(&mut m, range, true);
            m
        }
        Kind::Number { range } => {
            let mut m = typed("number");
            bounds(&mut m, range, false);
            m
        }
        Kind::Boolean => typed("boolean"),
        Kind::Enum(e) => {
            let values: Vec<Value> = e.values.iter().map(|l| l.to_value()).collect();
            let mut m = Map::new();
            if let Some(t) = shared_json_type(&values) {
                m.insert("type".into(), json!(t));
            }
            m.insert("enum".into(), Value::Array(values));
            m
        }
        Kind::Media(media) => {
            let mut m = typed("string");
            m.insert("format".into(), json!(media_format(media.kind)));
            m
        }
        Kind::Array { items, count } => {
            let mut m = typed("array");
            m.insert("items".into(), node(items));
            lengths(&mut m, count, "minItems", "maxItems");
            m
        }
        Kind::Object(obj) => object(obj),
        Kind::FreeForm => typed("object"),
        Kind::Any => Map::new(),
    };
    if let Some(t) = &schema.docs.title {
        m.insert("title".into(), json!(t));
    }
    if let Some(d) = &schema.docs.description {
        m.insert("description".into(), json!(d));
    }
    if let Some(default) = &schema.docs.default {
        let mut violations = Vec::new();
        validate_node(schema, default, "", &mut violations);
        if violations.is_empty() {
            m.insert("default".into(), default.clone());
        }
    }
    Value::Object(m)
}

/// The media `format` of a kind (`image_uri`, ..., `uri`).
pub fn media_format(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Image => "image_uri",
        MediaKind::Video => "video_uri",
        MediaKind::Audio => "audio_uri",
        MediaKind::Any => "uri",
    }
}

/// The JSON Schema type every value shares (`integer` and `number` together are `number`).
pub fn shared_json_type(values: &[Value]) -> Option<&'static str> {
    let mut found: Option<&'static str> = None;
    for v in values {
        let t = match v {
            Value::String(_) => "string",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::Bool(_) => "boolean",
            _ => return None,
        };
        found = match (found, t) {
            (None, t) => Some(t),
            (Some(a), b) if a == b => Some(a),
            (Some("integer" | "number"), "integer" | "number") => Some("number"),
            _ => return None,
        };
    }
    found
}

fn typed(t: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), json!(t));
    m
}

fn lengths(m: &mut Map<String, Value>, range: &LengthRange, min_key: &str, max_key: &str) {
    if let Some(n) = range.min {
        m.insert(min_key.into(), json!(n));
    }
    if let Some(n) = range.max {
        m.insert(max_key.into(), json!(n));
    }
}

/// Bounds as numbers; for integer fields, integral bounds are written as integers.
pub fn bounds<T>(m: &mut Map<String, Value>, range: &Bounds<T>, integer: bool) {
    let num = |f: f64| -> Value {
        if integer && f.fract() == 0.0 && f.abs() < 9.0e15 {
            json!(f as i64)
        } else {
            json!(f)
        }
    };
    for (k, v) in [
        ("minimum", range.minimum),
        ("maximum", range.maximum),
        ("exclusiveMinimum", range.exclusive_minimum),
        ("exclusiveMaximum", range.exclusive_maximum),
    ] {
        if let Some(v) = v {
            m.insert(k.into(), num(v));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_schema;

    #[test]
    fn dialect_quirks_become_standard_json_schema() {
        let parsed = parse_schema(
            "x.json",
            "acme/x",
            r#"{"type":"OBJECT","required":["p"],"properties":{
                "p":{"type":"str","maxLength":5,"title":"Prompt"},
                "g":{"type":"float","minimum":0,"maximum":1,"exclusiveMaximum":true,"default":0.5},
                "imgs":{"type":"array","format":"image_uris","maxItems":2},
                "d":{"type":"string","enum":["auto","5"],"default":"nope"},
                "c":{"type":"object","properties":{"m":{"type":"integer","minimum":1}}}
            }}"#,
        );
        let schema = parsed.schema.expect("parses");
        let js = schema.to_json_schema();
        assert_eq!(
            js["properties"]["p"],
            json!({"type": "string", "maxLength": 5, "title": "Prompt"})
        );
        assert_eq!(
            js["properties"]["g"],
            json!({"type": "number", "minimum": 0.0, "exclusiveMaximum": 1.0, "default": 0.5})
        );
        assert_eq!(
            js["properties"]["imgs"],
            json!({"type": "array", "items": {"type": "string", "format": "image_uri"}, "maxItems": 2})
        );
        // A default the field rejects stays out.
        assert_eq!(js["properties"]["d"], json!({"type": "string", "enum": ["auto", "5"]}));
        assert_eq!(js["required"], json!(["p"]));
        assert_eq!(js["additionalProperties"], json!(false));
        assert_eq!(schema.object_at("/properties/c").map(|o| o.properties.len()), Some(1));
        assert!(schema.object_at("/properties/p").is_none());
    }
}
