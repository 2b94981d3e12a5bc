//! Schema drift: what changed between two versions of an endpoint's input schema (a file in
//! a schema folder and the live catalog's `input_schema`), in the terms that make compiled
//! types stale: fields added or removed, required or not, types, enum values, bounds,
//! lengths, item counts, formats, media `validations`, documented defaults. Prose (`title`,
//! `description`, `examples`) is not drift.
//!
//! ```
//! use serde_json::json;
//! let old = json!({"type": "object", "required": ["prompt"], "properties": {
//!     "prompt": {"type": "string"},
//!     "steps": {"type": "integer", "maximum": 8},
//!     "ratio": {"type": "string", "enum": ["1:1", "16:9"]}}});
//! let new = json!({"type": "object", "required": ["prompt", "ratio"], "properties": {
//!     "prompt": {"type": "string", "description": "reworded"},
//!     "steps": {"type": "integer", "maximum": 4},
//!     "ratio": {"type": "string", "enum": ["1:1", "16:9", "21:9"]},
//!     "seed": {"type": "integer"}}});
//! let changes = runcomfy_schema::drift::diff(&old, &new);
//! let text: Vec<String> = changes.iter().map(ToString::to_string).collect();
//! assert_eq!(text, [
//!     "~ steps: maximum 8 -> 4",
//!     "~ ratio: enum + \"21:9\"",
//!     "~ ratio: now required",
//!     "+ seed (integer, optional)",
//! ]);
//! ```

use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde_json::{Map, Number, Value};

/// The keywords compared, beyond `properties`, `items` and `required`.
const KEYWORDS: [&str; 14] = [
    "type",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "format",
    "validations",
    "additionalProperties",
    "default",
];

/// One difference.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The field: `steps`, `style.color`, `images[]` (empty for the root).
    pub field: String,
    /// What changed.
    pub kind: ChangeKind,
}

/// What changed about a field.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeKind {
    /// A field the new version has and the old one has not.
    Added {
        /// Its type, as written.
        type_name: String,
        /// Required in the new version?
        required: bool,
    },
    /// A field the old version had.
    Removed,
    /// Required now (`true`) or no longer (`false`).
    Required(bool),
    /// A keyword's value changed (`None`: absent).
    Keyword {
        /// The keyword (`maximum`, `format`, ...).
        keyword: &'static str,
        /// Before.
        from: Option<Value>,
        /// After.
        to: Option<Value>,
    },
    /// Enum values added and removed.
    Enum {
        /// New allowed values.
        added: Vec<Value>,
        /// Values no longer allowed.
        removed: Vec<Value>,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = if self.field.is_empty() { "(input)" } else { &self.field };
        let show = |v: &Option<Value>| v.as_ref().map_or_else(|| "(none)".to_owned(), compact);
        match &self.kind {
            ChangeKind::Added { type_name, required } => write!(
                f,
                "+ {field} ({type_name}, {})",
                if *required { "required" } else { "optional" }
            ),
            ChangeKind::Removed => write!(f, "- {field}"),
            ChangeKind::Required(true) => write!(f, "~ {field}: now required"),
            ChangeKind::Required(false) => write!(f, "~ {field}: no longer required"),
            ChangeKind::Keyword { keyword, from, to } => {
                write!(f, "~ {field}: {keyword} {} -> {}", show(from), show(to))
            }
            ChangeKind::Enum { added, removed } => {
                write!(f, "~ {field}: enum")?;
                for v in added {
                    write!(f, " + {}", compact(v))?;
                }
                for v in removed {
                    write!(f, " - {}", compact(v))?;
                }
                Ok(())
            }
        }
    }
}

fn compact(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 120 {
        format!("{}...", s.chars().take(117).collect::<String>())
    } else {
        s
    }
}

/// Every difference between `old` and `new` (two input schemas), in the order of the old
/// version's fields, then the fields only the new version has.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    node("", old, new, &mut out);
    out
}

/// A type word as the dialect reads it: lower case, `float` as `number`, a `[t, "null"]`
/// pair as `t`.
fn type_word(v: Option<&Value>) -> Option<Value> {
    let word = |s: &str| {
        let s = s.trim().to_ascii_lowercase();
        Value::String(if s == "float" { "number".to_owned() } else { s })
    };
    match v? {
        Value::String(s) => Some(word(s)),
        Value::Array(a) => {
            let words: Vec<Value> = a
                .iter()
                .filter_map(Value::as_str)
                .filter(|s| !s.eq_ignore_ascii_case("null"))
                .map(word)
                .collect();
            match words.as_slice() {
                [one] => Some(one.clone()),
                _ => Some(Value::Array(words)),
            }
        }
        other => Some(other.clone()),
    }
}

fn node(field: &str, old: &Value, new: &Value, out: &mut Vec<Change>) {
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        if old != new {
            out.push(Change {
                field: field.to_owned(),
                kind: ChangeKind::Keyword {
                    keyword: "schema",
                    from: Some(old.clone()),
                    to: Some(new.clone()),
                },
            });
        }
        return;
    };
    for keyword in KEYWORDS {
        let (a, b) = if keyword == "type" {
            (type_word(o.get(keyword)), type_word(n.get(keyword)))
        } else {
            (o.get(keyword).cloned(), n.get(keyword).cloned())
        };
        if a != b {
            out.push(Change {
                field: field.to_owned(),
                kind: ChangeKind::Keyword {
                    keyword,
                    from: a,
                    to: b,
                },
            });
        }
    }
    enum_change(field, o, n, out);
    if let (Some(a), Some(b)) = (o.get("items"), n.get("items")) {
        node(&format!("{field}[]"), a, b, out);
    } else if o.contains_key("items") != n.contains_key("items") {
        out.push(Change {
            field: field.to_owned(),
            kind: ChangeKind::Keyword {
                keyword: "items",
                from: o.get("items").cloned(),
                to: n.get("items").cloned(),
            },
        });
    }
    properties(field, o, n, out);
}

fn enum_change(field: &str, o: &Map<String, Value>, n: &Map<String, Value>, out: &mut Vec<Change>) {
    let values = |m: &Map<String, Value>| m.get("enum").and_then(Value::as_array).cloned();
    match (values(o), values(n)) {
        (None, None) => {}
        (Some(a), Some(b)) => {
            // Hashed, so that two versions of an enum of 600,000 values compare in linear time.
            let (in_a, in_b): (HashSet<Hashed<'_>>, HashSet<Hashed<'_>>) =
                (a.iter().map(Hashed).collect(), b.iter().map(Hashed).collect());
            let added: Vec<Value> = b.iter().filter(|v| !in_a.contains(&Hashed(v))).cloned().collect();
            let removed: Vec<Value> = a.iter().filter(|v| !in_b.contains(&Hashed(v))).cloned().collect();
            if !added.is_empty() || !removed.is_empty() {
                out.push(Change {
                    field: field.to_owned(),
                    kind: ChangeKind::Enum { added, removed },
                });
            }
        }
        (a, b) => out.push(Change {
            field: field.to_owned(),
            kind: ChangeKind::Keyword {
                keyword: "enum",
                from: a.map(Value::Array),
                to: b.map(Value::Array),
            },
        }),
    }
}

fn properties(field: &str, o: &Map<String, Value>, n: &Map<String, Value>, out: &mut Vec<Change>) {
    let empty = Map::new();
    fn props<'m>(m: &'m Map<String, Value>, empty: &'m Map<String, Value>) -> &'m Map<String, Value> {
        m.get("properties").and_then(Value::as_object).unwrap_or(empty)
    }
    fn required(m: &Map<String, Value>) -> HashSet<&str> {
        m.get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }
    let (po, pn) = (props(o, &empty), props(n, &empty));
    let (ro, rn) = (required(o), required(n));
    let path = |name: &str| {
        if field.is_empty() {
            name.to_owned()
        } else {
            format!("{field}.{name}")
        }
    };
    for (name, old_schema) in po {
        match pn.get(name) {
            None => out.push(Change {
                field: path(name),
                kind: ChangeKind::Removed,
            }),
            Some(new_schema) => {
                node(&path(name), old_schema, new_schema, out);
                let (was, is) = (ro.contains(name.as_str()), rn.contains(name.as_str()));
                if was != is {
                    out.push(Change {
                        field: path(name),
                        kind: ChangeKind::Required(is),
                    });
                }
            }
        }
    }
    for (name, new_schema) in pn {
        if !po.contains_key(name) {
            let type_name = type_word(new_schema.get("type"))
                .map(|t| t.as_str().map_or_else(|| t.to_string(), str::to_owned))
                .or_else(|| new_schema.get("format").and_then(Value::as_str).map(str::to_owned))
                .unwrap_or_else(|| "any".to_owned());
            out.push(Change {
                field: path(name),
                kind: ChangeKind::Added {
                    type_name,
                    required: rn.contains(name.as_str()),
                },
            });
        }
    }
}

/// A JSON value hashed consistently with its `==`: numbers by their kind and value (`5` and
/// `5.0` differ, `-0.0` and `0.0` do not), objects whatever the order of their keys.
struct Hashed<'a>(&'a Value);

impl PartialEq for Hashed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for Hashed<'_> {}

impl Hash for Hashed<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self.0 {
            Value::Null => h.write_u8(0),
            Value::Bool(b) => (1u8, b).hash(h),
            Value::Number(n) => (2u8, number_key(n)).hash(h),
            Value::String(s) => (3u8, s).hash(h),
            Value::Array(a) => {
                (4u8, a.len()).hash(h);
                for v in a {
                    Hashed(v).hash(h);
                }
            }
            Value::Object(m) => {
                // Key order does not make two objects differ: the entries' own hashes are
                // combined by a sum, which ignores their order.
                let sum = m.iter().fold(0u64, |acc, (k, v)| {
                    let mut e = std::hash::DefaultHasher::new();
                    (k, Hashed(v)).hash(&mut e);
                    acc.wrapping_add(e.finish())
                });
                (5u8, m.len(), sum).hash(h);
            }
        }
    }
}

/// A number's kind and value as `serde_json` compares them: an unsigned, a negative or a
/// float (`-0.0` as `0.0`).
fn number_key(n: &Number) -> (u8, u64) {
    if n.is_f64() {
        let f = n.as_f64().unwrap_or_default();
        (2, if f == 0.0 { 0 } else { f.to_bits() })
    } else if let Some(u) = n.as_u64() {
        (0, u)
    } else {
        (1, n.as_i64().unwrap_or_default() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prose_and_spelling_are_not_drift() {
        let a = json!({"type": "object", "properties": {"x": {"type": "Float", "title": "X", "description": "a"}}});
        let b = json!({"type": "object", "properties": {"x": {"type": "number", "title": "Y", "examples": [1]}}});
        assert!(diff(&a, &b).is_empty());
    }

    #[test]
    fn nested_items_and_media_rules_are_compared() {
        let a = json!({"properties": {"images": {"type": "array", "items": {"type": "string", "format": "image_uri"},
            "validations": [{"validation_rule": "width_pixels<", "validation_value": 8000}]}}});
        let b = json!({"properties": {"images": {"type": "array", "items": {"type": "string", "format": "video_uri"},
            "validations": [{"validation_rule": "width_pixels<", "validation_value": 4000}]}}});
        let text: Vec<String> = diff(&a, &b).iter().map(ToString::to_string).collect();
        assert!(text[0].starts_with("~ images: validations"), "{text:?}");
        assert_eq!(text[1], "~ images[]: format \"image_uri\" -> \"video_uri\"");
        assert_eq!(diff(&json!({"properties": {"a": {}}}), &json!({})).len(), 1);
    }

    #[test]
    fn enum_values_compare_as_json_compares_them() {
        let a = json!({"enum": [5, 5.0, -0.0, "5", {"x": 1, "y": 2}, [1, 2], null, true]});
        let b = json!({"enum": [true, null, [1, 2], {"y": 2, "x": 1}, "5", 0.0, 5.0, 5]});
        assert!(diff(&a, &b).is_empty(), "{:?}", diff(&a, &b));
        let c = json!({"enum": [5, [2, 1], {"x": 1}, 6]});
        let text: Vec<String> = diff(&a, &c).iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [r#"~ (input): enum + [2,1] + {"x":1} + 6 - 5.0 - -0.0 - "5" - {"x":1,"y":2} - [1,2] - null - true"#]
        );
    }
}
