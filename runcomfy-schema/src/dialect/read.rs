//! Reading keywords: the JSON value of one keyword into its Rust form, reporting values of the
//! wrong JSON type (`"maximum": "8"`). A keyword that cannot be read is reported and then
//! treated as absent. What the keywords of a node mean together (its kind, whether its bounds
//! leave any value, what does not apply) is `resolve.rs`.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::Parser;
use crate::constraints::Bounds;
use crate::diagnostic::{describe_value, pointer_push};
use crate::ir::{Docs, Literal};
use crate::media::{MediaKind, MediaRule, Metric};

/// Keywords this parser understands (everything else is reported as a warning).
const KEYWORDS: &[&str] = &[
    "type",
    "title",
    "description",
    "default",
    "enum",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "items",
    "format",
    "required",
    "properties",
    "validations",
    "additionalProperties",
    "examples",
    "pattern",
    "multipleOf",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "const",
    "$schema",
    "$id",
    "$comment",
    "nullable",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Constraints this version documents but does not check: each is reported as a warning
/// and kept in the field's rustdoc.
const UNENFORCED: &[&str] = &["pattern", "multipleOf", "uniqueItems", "minProperties", "maxProperties"];

/// JSON Schema composition keywords: not supported; the field keeps its declared type, or
/// takes any JSON value when it has none.
const COMBINATORS: &[&str] = &["oneOf", "anyOf", "allOf", "not", "$ref", "if", "then", "else"];

/// Formats JSON Schema knows and that carry no constraint we enforce.
const PLAIN_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "uuid",
    "uri-reference",
    "regex",
    "binary",
    "byte",
    "password",
    "textarea",
    "color",
    "int32",
    "int64",
    "float",
    "double",
];

/// A `type` keyword, normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ty {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    Null,
}

impl Ty {
    pub(super) fn parse(s: &str) -> Option<Ty> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "string" | "str" | "text" => Ty::String,
            "integer" | "int" | "long" => Ty::Integer,
            "number" | "float" | "double" | "decimal" => Ty::Number,
            "boolean" | "bool" => Ty::Boolean,
            "object" | "dict" => Ty::Object,
            "array" | "list" => Ty::Array,
            "null" => Ty::Null,
            _ => return None,
        })
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Ty::String => "string",
            Ty::Integer => "integer",
            Ty::Number => "number",
            Ty::Boolean => "boolean",
            Ty::Object => "object",
            Ty::Array => "array",
            Ty::Null => "null",
        }
    }
}

/// A media `format`: its kind, and whether it is the plural (array) form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct MediaFormat {
    pub kind: MediaKind,
    pub plural: bool,
}

fn media_format(format: &str) -> Option<MediaFormat> {
    let (kind, plural) = match format.trim().to_ascii_lowercase().as_str() {
        "image_uri" | "image_url" => (MediaKind::Image, false),
        "image_uris" | "image_urls" => (MediaKind::Image, true),
        "video_uri" | "video_url" => (MediaKind::Video, false),
        "video_uris" | "video_urls" => (MediaKind::Video, true),
        "audio_uri" | "audio_url" => (MediaKind::Audio, false),
        "audio_uris" | "audio_urls" => (MediaKind::Audio, true),
        "uri" | "url" => (MediaKind::Any, false),
        "uris" | "urls" => (MediaKind::Any, true),
        _ => return None,
    };
    Some(MediaFormat { kind, plural })
}

impl Parser<'_> {
    /// Warns about every keyword that is unknown, unsupported or not enforced.
    pub(super) fn check_keywords(&mut self, obj: &Map<String, Value>, ptr: &str) {
        for key in obj.keys() {
            // Most keys are known: no pointer is built for them.
            if KEYWORDS.contains(&key.as_str()) && !UNENFORCED.contains(&key.as_str()) {
                continue;
            }
            let p = &pointer_push(ptr, key);
            if COMBINATORS.contains(&key.as_str()) {
                self.cx.warning(
                    p,
                    format!("{key:?} is not supported; the field keeps its declared type (any JSON value without one)"),
                );
            } else if UNENFORCED.contains(&key.as_str()) {
                self.cx.warning(
                    p,
                    format!("{key:?} is not enforced by this version; it is kept in the docs"),
                );
            } else if !KEYWORDS.contains(&key.as_str()) {
                self.cx.warning(p, format!("unknown keyword {key:?} is ignored"));
            }
        }
    }

    /// `title`, `description`, `default`, `examples` and the unenforced constraints, as prose.
    pub(super) fn docs(&mut self, obj: &Map<String, Value>, ptr: &str) -> Docs {
        let mut docs = Docs::default();
        for (key, slot) in [("title", &mut docs.title), ("description", &mut docs.description)] {
            match obj.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) => {
                    if !s.trim().is_empty() {
                        *slot = Some(s.clone());
                    }
                }
                Some(other) => self.cx.warning(
                    &pointer_push(ptr, key),
                    format!("expected a string, found {}; ignored", describe_value(other)),
                ),
            }
        }
        docs.default = obj.get("default").cloned();
        match obj.get("examples") {
            None => {}
            Some(Value::Array(a)) => docs.examples = a.clone(),
            Some(other) => docs.examples = vec![other.clone()],
        }
        for key in UNENFORCED {
            if let Some(v) = obj.get(*key) {
                docs.unenforced.push(format!("{key} {v}"));
            }
        }
        docs
    }

    /// The `type` keyword. `None` when absent, `null`, several types (warned: the field takes
    /// any JSON value) or unusable (reported as an error).
    pub(super) fn declared_type(&mut self, obj: &Map<String, Value>, ptr: &str) -> Option<Ty> {
        let value = obj.get("type");
        if matches!(value, None | Some(Value::Null)) {
            return None;
        }
        let tptr = pointer_push(ptr, "type");
        match value {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if Ty::parse(s).is_some() => Ty::parse(s),
            Some(Value::String(s)) => {
                let ty = Ty::parse(s);
                if ty.is_none() {
                    self.cx.error(
                        &tptr,
                        format!(
                            "unknown type {s:?}; expected one of string, integer, number, float, boolean, object, array (any case)"
                        ),
                    );
                }
                ty
            }
            Some(Value::Array(list)) => {
                let mut tys = Vec::new();
                for (i, t) in list.iter().enumerate() {
                    match t.as_str().and_then(Ty::parse) {
                        Some(Ty::Null) => {}
                        Some(t) => tys.push(t),
                        None => {
                            self.cx.error(
                                &pointer_push(&tptr, &i.to_string()),
                                format!("expected a type name, found {}", describe_value(t)),
                            );
                            return None;
                        }
                    }
                }
                match tys.as_slice() {
                    [] => Some(Ty::Null),
                    [one] => Some(*one),
                    _ => {
                        self.cx
                            .warning(&tptr, "several types are allowed; the field takes any JSON value");
                        None
                    }
                }
            }
            Some(other) => {
                self.cx
                    .error(&tptr, format!("expected a type name, found {}", describe_value(other)));
                None
            }
        }
    }

    /// The `format` keyword, when it names a media format. Other formats are warned about
    /// when JSON Schema does not know them.
    pub(super) fn media_format(&mut self, obj: &Map<String, Value>, ptr: &str) -> Option<MediaFormat> {
        let format = match obj.get("format") {
            None | Some(Value::Null) => return None,
            Some(Value::String(s)) => s,
            Some(other) => {
                self.cx.warning(
                    &pointer_push(ptr, "format"),
                    format!("expected a format name, found {}; ignored", describe_value(other)),
                );
                return None;
            }
        };
        let media = media_format(format);
        if media.is_none() && !PLAIN_FORMATS.contains(&format.as_str()) {
            self.cx.warning(
                &pointer_push(ptr, "format"),
                format!("unknown format {format:?}; not enforced"),
            );
        }
        media
    }

    /// A finite number keyword (`minimum`, `validation_value`, ...).
    pub(super) fn number(&mut self, obj: &Map<String, Value>, ptr: &str, key: &str) -> Option<f64> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => match n.as_f64() {
                Some(f) if f.is_finite() => Some(f),
                _ => {
                    self.cx
                        .error(&pointer_push(ptr, key), format!("the number {n} is out of range"));
                    None
                }
            },
            Some(other) => {
                self.cx.error(
                    &pointer_push(ptr, key),
                    format!("expected a number, found {}", describe_value(other)),
                );
                None
            }
        }
    }

    /// A count keyword (`minLength`, `maxItems`, ...): a non-negative integer.
    pub(super) fn count(&mut self, obj: &Map<String, Value>, ptr: &str, key: &str) -> Option<u64> {
        let found = match obj.get(key) {
            None | Some(Value::Null) => return None,
            Some(Value::Number(n)) => {
                if let Some(u) = n.as_u64() {
                    return Some(u);
                }
                if let Some(f) = n.as_f64().filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f < 1e18) {
                    return Some(f as u64);
                }
                n.to_string()
            }
            Some(other) => describe_value(other),
        };
        self.cx.error(
            &pointer_push(ptr, key),
            format!("expected a non-negative integer, found {found}"),
        );
        None
    }

    /// `minimum`, `maximum` and both exclusive bounds, draft-4 booleans folded in
    /// (`"maximum": 1, "exclusiveMaximum": true` is an exclusive maximum of 1).
    pub(super) fn bounds(&mut self, obj: &Map<String, Value>, ptr: &str) -> Bounds<()> {
        let mut min = self.number(obj, ptr, "minimum");
        let mut max = self.number(obj, ptr, "maximum");
        let mut xmin = None;
        let mut xmax = None;
        for (key, slot, plain) in [
            ("exclusiveMinimum", &mut xmin, &mut min),
            ("exclusiveMaximum", &mut xmax, &mut max),
        ] {
            match obj.get(key) {
                None | Some(Value::Null) | Some(Value::Bool(false)) => {}
                Some(Value::Bool(true)) => match plain.take() {
                    Some(v) => *slot = Some(v),
                    None => self.cx.warning(
                        &pointer_push(ptr, key),
                        format!("{key}: true has no matching bound; ignored"),
                    ),
                },
                Some(_) => *slot = self.number(obj, ptr, key),
            }
        }
        Bounds::new(min, max, xmin, xmax)
    }

    /// The `validations` rules of a media field. `None` when absent or unusable (reported).
    pub(super) fn validations(&mut self, obj: &Map<String, Value>, ptr: &str) -> Option<Vec<MediaRule>> {
        let value = obj.get("validations");
        if matches!(value, None | Some(Value::Null)) {
            return None;
        }
        let vptr = pointer_push(ptr, "validations");
        let list = match value {
            None | Some(Value::Null) => return None,
            Some(Value::Array(list)) => list,
            Some(other) => {
                self.cx.error(
                    &vptr,
                    format!("expected an array of rules, found {}", describe_value(other)),
                );
                return None;
            }
        };
        let mut rules = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            if let Some(rule) = self.validation_rule(entry, &pointer_push(&vptr, &i.to_string())) {
                rules.push(rule);
            }
        }
        Some(rules)
    }

    fn validation_rule(&mut self, entry: &Value, eptr: &str) -> Option<MediaRule> {
        let Some(e) = entry.as_object() else {
            self.cx
                .error(eptr, format!("expected a rule object, found {}", describe_value(entry)));
            return None;
        };
        for key in e.keys() {
            if !matches!(
                key.as_str(),
                "validation_rule" | "validation_value" | "validation_error"
            ) {
                self.cx.warning(
                    &pointer_push(eptr, key),
                    format!("unknown key {key:?} in a validation rule; ignored"),
                );
            }
        }
        let rptr = pointer_push(eptr, "validation_rule");
        let rule_text = match e.get("validation_rule") {
            Some(Value::String(s)) => s.clone(),
            other => {
                self.cx.error(
                    &rptr,
                    format!(
                        "expected a rule such as \"width_pixels<\", found {}",
                        other.map_or("nothing".into(), describe_value)
                    ),
                );
                return None;
            }
        };
        let Some((metric, op)) = MediaRule::split_rule(&rule_text) else {
            self.cx.error(
                &rptr,
                format!("rule {rule_text:?} does not end in an operator (<, >, <=, >=) after a metric name"),
            );
            return None;
        };
        if let Metric::Unknown(name) = &metric {
            self.cx.warning(
                &rptr,
                format!(
                    "unknown validation metric {name:?} (known: width_pixels, height_pixels, width/height, file_size_mb); the rule is kept as data but not checked"
                ),
            );
        }
        let before = self.cx.error_count();
        let Some(limit) = self.number(e, eptr, "validation_value") else {
            if self.cx.error_count() == before {
                self.cx
                    .error(&pointer_push(eptr, "validation_value"), "missing: expected a number");
            }
            return None;
        };
        let message = match e.get("validation_error") {
            Some(Value::String(s)) => s.clone(),
            None | Some(Value::Null) => format!("{rule_text} {limit}"),
            Some(other) => {
                self.cx.warning(
                    &pointer_push(eptr, "validation_error"),
                    format!(
                        "expected a message, found {}; using the rule text",
                        describe_value(other)
                    ),
                );
                format!("{rule_text} {limit}")
            }
        };
        Some(MediaRule {
            metric,
            op,
            limit,
            rule: rule_text.into(),
            message: message.into(),
        })
    }

    /// The `enum` list of a node, or its `const` as a list of one value, with its pointer.
    /// `None` (reported) when `enum` is not an array.
    pub(super) fn enum_source<'v>(&mut self, obj: &'v Map<String, Value>, ptr: &str) -> Option<(String, &'v [Value])> {
        match (obj.get("enum"), obj.get("const")) {
            (None, Some(c)) => Some((pointer_push(ptr, "const"), std::slice::from_ref(c))),
            (e, _) => match e.and_then(Value::as_array) {
                Some(list) => Some((pointer_push(ptr, "enum"), list.as_slice())),
                None => {
                    self.cx.error(
                        &pointer_push(ptr, "enum"),
                        format!(
                            "expected an array of allowed values, found {}",
                            e.map_or("nothing".into(), describe_value)
                        ),
                    );
                    None
                }
            },
        }
    }

    /// The values of an enum list as literals, each with its position in the list and its
    /// JSON. `null` entries are skipped (`Option` already covers them); objects, arrays and
    /// numbers out of range are errors. An integral float in an integer field's enum reads as
    /// an integer.
    pub(super) fn enum_literals<'v>(
        &mut self,
        list: &'v [Value],
        pointer: &str,
        declared: Option<Ty>,
    ) -> Vec<(usize, Literal, &'v Value)> {
        let mut values = Vec::with_capacity(list.len());
        for (i, v) in list.iter().enumerate() {
            // Built only for a problem: an enum of 600,000 values costs no pointers.
            let p = || pointer_push(pointer, &i.to_string());
            let lit = match v {
                Value::Null => continue,
                Value::String(s) => Literal::String(s.clone()),
                Value::Bool(b) => Literal::Bool(*b),
                Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                    (Some(i), _) => Literal::Integer(i),
                    (None, Some(f)) if declared == Some(Ty::Integer) && f.fract() == 0.0 && f.abs() < 9.0e18 => {
                        Literal::Integer(f as i64)
                    }
                    (None, Some(f)) if f.is_finite() => Literal::Number(f),
                    _ => {
                        self.cx.error(&p(), format!("the number {n} is out of range"));
                        continue;
                    }
                },
                Value::Array(_) | Value::Object(_) => {
                    self.cx.error(
                        &p(),
                        format!(
                            "enum values must be strings, numbers or booleans, found {}",
                            describe_value(v)
                        ),
                    );
                    continue;
                }
            };
            values.push((i, lit, v));
        }
        values
    }

    /// The names listed in an object's `required` that `properties` defines.
    pub(super) fn required<'v>(
        &mut self,
        obj: &'v Map<String, Value>,
        ptr: &str,
        props: &Map<String, Value>,
    ) -> HashSet<&'v str> {
        let req_ptr = pointer_push(ptr, "required");
        let mut out = HashSet::new();
        match obj.get("required") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    // Built only for a problem: a list of 150,000 names costs no pointers.
                    let p = || pointer_push(&req_ptr, &i.to_string());
                    match item {
                        Value::String(s) if props.contains_key(s) => {
                            if !out.insert(s.as_str()) {
                                self.cx.warning(&p(), format!("{s:?} is listed twice"));
                            }
                        }
                        Value::String(s) => self.cx.warning(
                            &p(),
                            format!("required property {s:?} is not defined in \"properties\"; ignored"),
                        ),
                        other => self.cx.error(
                            &p(),
                            format!("expected a property name, found {}", describe_value(other)),
                        ),
                    }
                }
            }
            // Draft-3 style `"required": true` on a property is warned about by the property.
            Some(Value::Bool(_)) => {}
            Some(other) => self.cx.error(
                &req_ptr,
                format!("expected an array of property names, found {}", describe_value(other)),
            ),
        }
        out
    }
}
