//! The JSON value validator: checks a plain `serde_json::Value` against the IR.
//!
//! The simulator and the CLI validate with this; generated types call the same constraint
//! primitives, and their `Validate` impl runs this very function on their JSON form.

use serde_json::Value;

use crate::constraints::{Constraint, Violation, Violations};
use crate::diagnostic::{describe_value, pointer_push};
use crate::ir::{EndpointSchema, Kind, MediaSchema, ObjectSchema, Schema};
use crate::media::{MediaInput, check_media_syntax};

impl EndpointSchema {
    /// Checks a request body; returns every violation, in document order.
    ///
    /// ```
    /// let parsed = runcomfy_schema::parse_schema(
    ///     "x.json",
    ///     "x/y",
    ///     r#"{"type":"object","required":["prompt"],"properties":{
    ///         "prompt":{"type":"string","maxLength":3},
    ///         "steps":{"type":"integer","minimum":1,"maximum":8}}}"#,
    /// );
    /// let schema = parsed.schema.unwrap();
    /// let err = schema.validate(&serde_json::json!({"prompt": "abcd", "steps": 9})).unwrap_err();
    /// assert_eq!(err.len(), 2);
    /// assert_eq!(err.0[1].to_string(), "/steps: 9 is greater than the maximum 8");
    /// ```
    pub fn validate(&self, value: &Value) -> Result<(), Violations> {
        let mut walk = Walk::new(usize::MAX);
        walk.object(&self.input, value, "");
        Violations(walk.out).into_result()
    }

    /// Like [`EndpointSchema::validate`], but the walk stops once more than `max` violations
    /// are found, so the work is bounded by `max` and the schema rather than by the body (a
    /// body with millions of unknown keys costs no more than one with `max + 1`). Returns the
    /// first `max` violations in document order, and `true` when there were more (how many
    /// more is not known).
    ///
    /// ```
    /// let parsed = runcomfy_schema::parse_schema("x.json", "x/y", r#"{"type":"object","properties":{}}"#);
    /// let schema = parsed.schema.unwrap();
    /// let body = serde_json::json!({"a": 1, "b": 2, "c": 3});
    /// let (first, more) = schema.validate_capped(&body, 2).unwrap_err();
    /// assert_eq!((first.len(), more), (2, true));
    /// let (all, more) = schema.validate_capped(&body, 3).unwrap_err();
    /// assert_eq!((all.len(), more), (3, false));
    /// ```
    pub fn validate_capped(&self, value: &Value, max: usize) -> Result<(), (Violations, bool)> {
        let mut walk = Walk::new(max.saturating_add(1));
        walk.object(&self.input, value, "");
        let mut out = walk.out;
        let more = out.len() > max;
        out.truncate(max);
        Violations(out).into_result().map_err(|v| (v, more))
    }

    /// Every media input in a (valid) request body: its pointer, its value and the field's
    /// media schema. The runner and the simulator check the `validations` rules on these.
    pub fn media_inputs<'a>(&'a self, value: &'a Value) -> Vec<MediaRef<'a>> {
        let mut out = Vec::new();
        collect_media_object(&self.input, value, "", &mut out);
        out
    }
}

/// One media input found in a request body.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaRef<'a> {
    /// Where it is (`/promptImage`, `/images/1`).
    pub pointer: String,
    /// The URL or `data:` URI as sent.
    pub value: &'a str,
    /// The field's media kind and rules.
    pub schema: &'a MediaSchema,
}

impl MediaRef<'_> {
    /// The value as a [`MediaInput`], if it is well-formed.
    pub fn input(&self) -> Option<MediaInput> {
        MediaInput::parse_for(self.value, self.schema.kind).ok()
    }
}

fn type_error(expected: &'static str, value: &Value) -> Constraint {
    Constraint::Type {
        expected,
        found: describe_value(value),
    }
}

/// How many unknown fields of one request get "did you mean" suggestions: each costs a
/// comparison with every property of its object, so a body of a million unknown keys
/// against a schema of 150,000 properties must not compare them all.
const SUGGESTED_UNKNOWN_FIELDS: usize = 16;

/// Names longer than this get no suggestion, and are suggested by none (the edit distance
/// costs the product of the two lengths; no typo of a field name is this long).
const SUGGESTED_NAME_CHARS: usize = 64;

/// One validation walk: the violations found so far, and what bounds its work.
struct Walk {
    out: Vec<Violation>,
    /// Stop once `out` holds this many.
    limit: usize,
    /// Unknown fields that may still get suggestions.
    suggestions_left: usize,
}

impl Walk {
    fn new(limit: usize) -> Self {
        Walk {
            out: Vec::new(),
            limit,
            suggestions_left: SUGGESTED_UNKNOWN_FIELDS,
        }
    }

    fn full(&self) -> bool {
        self.out.len() >= self.limit
    }

    fn push(&mut self, ptr: impl Into<String>, c: Constraint) {
        self.out.push(Violation::new(ptr, c));
    }

    /// Checks an object: each property by name (hashed), then each key the schema does not
    /// know.
    fn object(&mut self, obj: &ObjectSchema, value: &Value, ptr: &str) {
        let Some(map) = value.as_object() else {
            self.push(ptr, type_error("an object", value));
            return;
        };
        for prop in &obj.properties {
            if self.full() {
                return;
            }
            match map.get(&prop.name) {
                None if prop.required => self.push(pointer_push(ptr, &prop.name), Constraint::Required),
                None => {}
                // `null` means "not set" for an optional field (it deserializes to `None`).
                Some(Value::Null) if !prop.required => {}
                Some(v) => self.node(&prop.schema, v, &pointer_push(ptr, &prop.name)),
            }
        }
        if !obj.additional_properties {
            for key in map.keys() {
                if self.full() {
                    return;
                }
                if obj.property(key).is_none() {
                    let suggestions = if self.suggestions_left > 0 {
                        self.suggestions_left -= 1;
                        suggest(key, obj.properties.iter().map(|p| p.name.as_str()))
                    } else {
                        Vec::new()
                    };
                    self.push(pointer_push(ptr, key), Constraint::UnknownField { suggestions });
                }
            }
        }
    }

    /// Checks `value` against one schema node.
    fn node(&mut self, schema: &Schema, value: &Value, ptr: &str) {
        match &schema.kind {
            Kind::Any => {}
            Kind::FreeForm => {
                if !value.is_object() {
                    self.push(ptr, type_error("an object", value));
                }
            }
            Kind::Object(obj) => self.object(obj, value, ptr),
            Kind::Boolean => {
                if !value.is_boolean() {
                    self.push(ptr, type_error("a boolean", value));
                }
            }
            Kind::String { length } => match value.as_str() {
                Some(s) => {
                    if let Err(c) = length.check_str(s) {
                        self.push(ptr, c);
                    }
                }
                None => self.push(ptr, type_error("a string", value)),
            },
            Kind::Integer { range } => match value {
                Value::Number(n) => match n.as_i64() {
                    Some(i) => {
                        if let Err(c) = range.check(i) {
                            self.push(ptr, c);
                        }
                    }
                    None if n.is_u64() => self.push(
                        ptr,
                        Constraint::Maximum {
                            limit: i64::MAX.to_string(),
                            found: n.to_string(),
                        },
                    ),
                    None => self.push(ptr, type_error("an integer", value)),
                },
                _ => self.push(ptr, type_error("an integer", value)),
            },
            Kind::Number { range } => match value.as_f64() {
                Some(f) if value.is_number() => {
                    if let Err(c) = range.check(f) {
                        self.push(ptr, c);
                    }
                }
                _ => self.push(ptr, type_error("a number", value)),
            },
            Kind::Enum(e) => {
                if !e.contains(value) {
                    let allowed = e.values.iter().map(|l| l.to_json());
                    self.push(
                        ptr,
                        Constraint::not_one_of(allowed, e.values.len(), describe_value(value)),
                    );
                }
            }
            Kind::Media(m) => match value.as_str() {
                Some(s) => {
                    if let Err(c) = check_media_syntax(s, Some(m.kind)) {
                        self.push(ptr, c);
                    }
                }
                None => self.push(ptr, type_error("an https:// URL or a data: URI", value)),
            },
            Kind::Array { items, count } => match value.as_array() {
                Some(list) => {
                    if let Err(c) = count.check_items(list.len()) {
                        self.push(ptr, c);
                    }
                    for (i, item) in list.iter().enumerate() {
                        if self.full() {
                            break;
                        }
                        self.node(items, item, &pointer_push(ptr, &i.to_string()));
                    }
                }
                None => self.push(ptr, type_error("an array", value)),
            },
        }
    }
}

/// Names close to `wrong` by edit distance, best first (at most three). Names longer than
/// 64 characters are not compared.
pub fn suggest<'a>(wrong: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    if wrong.chars().count() > SUGGESTED_NAME_CHARS {
        return Vec::new();
    }
    let lower = wrong.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .filter(|c| c.len() <= SUGGESTED_NAME_CHARS * 4 && c.chars().count() <= SUGGESTED_NAME_CHARS)
        .map(|c| (strsim_score(&lower, &c.to_lowercase()), c))
        .filter(|(s, _)| *s >= 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, c)| c.to_owned()).collect()
}

fn strsim_score(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(a, b)
}

/// The similarity used for "did you mean" suggestions (0 to 1, Jaro-Winkler).
pub fn suggest_score(a: &str, b: &str) -> f64 {
    strsim_score(a, b)
}

/// Checks `value` against one schema node, appending violations.
pub fn validate_node(schema: &Schema, value: &Value, ptr: &str, out: &mut Vec<Violation>) {
    let mut walk = Walk::new(usize::MAX);
    walk.node(schema, value, ptr);
    out.append(&mut walk.out);
}

fn collect_media_object<'a>(obj: &'a ObjectSchema, value: &'a Value, ptr: &str, out: &mut Vec<MediaRef<'a>>) {
    let Some(map) = value.as_object() else { return };
    for prop in &obj.properties {
        if let Some(v) = map.get(&prop.name) {
            collect_media(&prop.schema, v, &pointer_push(ptr, &prop.name), out);
        }
    }
}

fn collect_media<'a>(schema: &'a Schema, value: &'a Value, ptr: &str, out: &mut Vec<MediaRef<'a>>) {
    match (&schema.kind, value) {
        (Kind::Media(m), Value::String(s)) => out.push(MediaRef {
            pointer: ptr.to_owned(),
            value: s,
            schema: m,
        }),
        (Kind::Array { items, .. }, Value::Array(list)) => {
            for (i, item) in list.iter().enumerate() {
                collect_media(items, item, &pointer_push(ptr, &i.to_string()), out);
            }
        }
        (Kind::Object(obj), _) => collect_media_object(obj, value, ptr, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::constraints::Constraint;
    use crate::parse_schema;

    #[test]
    fn unknown_fields_get_suggestions_within_a_budget() {
        let names: Vec<String> = (0..100).map(|i| format!("\"field_{i}\": {{}}")).collect();
        let schema = parse_schema(
            "x.json",
            "x/y",
            &format!(r#"{{"type": "object", "properties": {{{}}}}}"#, names.join(",")),
        )
        .schema
        .unwrap();
        let mut body = serde_json::Map::new();
        for i in 0..40 {
            body.insert(format!("feild_{i}"), json!(1));
        }
        body.insert("x".repeat(1000), json!(1));
        let err = schema.validate(&Value::Object(body)).unwrap_err();
        assert_eq!(err.len(), 41);
        let suggested = err
            .iter()
            .filter(|v| matches!(&v.constraint, Constraint::UnknownField { suggestions } if !suggestions.is_empty()))
            .count();
        assert_eq!(suggested, 16, "{err}");
        assert_eq!(
            err.0[0].to_string(),
            "/feild_0: unknown field (did you mean `field_0`?)"
        );
        assert!(super::suggest(&"f".repeat(65), ["f".repeat(65).as_str()].into_iter()).is_empty());
    }

    #[test]
    fn a_violation_of_a_huge_enum_does_not_copy_it() {
        let values: Vec<String> = (0..1000).map(|i| format!("\"v{i}\"")).collect();
        let schema = parse_schema(
            "x.json",
            "x/y",
            &format!(r#"{{"properties": {{"e": {{"enum": [{}]}}}}}}"#, values.join(",")),
        )
        .schema
        .unwrap();
        let err = schema.validate(&json!({"e": "nope"})).unwrap_err();
        match &err.0[0].constraint {
            Constraint::Enum { allowed, total, .. } => assert_eq!((allowed.len(), *total), (0, 1000)),
            other => panic!("{other:?}"),
        }
        assert_eq!(err.to_string(), "/e: \"nope\" is not one of the 1000 allowed values");
        let small = parse_schema("x.json", "x/y", r#"{"properties": {"e": {"enum": [5, "a"]}}}"#)
            .schema
            .unwrap();
        let err = small.validate(&json!({"e": 5.0})).unwrap_err();
        assert_eq!(err.to_string(), "/e: 5.0 is not one of 5, \"a\"");
    }
}
