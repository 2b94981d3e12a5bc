//! The dialect parser: RunComfy's JSON-Schema-like input schemas to the [IR](crate::ir).
//!
//! Every problem in a file is collected and reported at once, each with the file and the
//! JSON pointer it is at. Errors are problems that make a correct type impossible (a bound
//! that is not a number, an enum holding objects); warnings are things that were ignored or
//! inferred (an unknown keyword, an unknown validation metric). Nothing here panics, on any
//! input.

use serde_json::{Map, Value};

use crate::constraints::{IntegerRange, LengthRange, NumberRange};
use crate::diagnostic::{Diagnostic, Diagnostics, describe_value, pointer_push};
use crate::ir::{Docs, EndpointSchema, EnumSchema, Kind, Literal, MediaSchema, ObjectSchema, Property, Schema};
use crate::media::{MediaKind, MediaRule, Metric};
use crate::model_id::{check_model_id, segment_count};
use crate::validate::validate_node;

/// The result of parsing one schema file.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The IR, when the file has no errors.
    pub schema: Option<EndpointSchema>,
    /// Every error and warning found.
    pub diagnostics: Vec<Diagnostic>,
}

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

/// Parses the schema text of the endpoint `model_id`, read from `file`.
///
/// ```
/// let parsed = runcomfy_schema::parse_schema(
///     "schemas/x/y.json",
///     "x/y",
///     r#"{"type":"object","properties":{"steps":{"type":"integer","maximum":"8"}}}"#,
/// );
/// assert!(parsed.schema.is_none());
/// assert_eq!(
///     parsed.diagnostics[0].to_string(),
///     r#"schemas/x/y.json: /properties/steps/maximum: expected a number, found "8""#
/// );
/// ```
pub fn parse_schema(file: &str, model_id: &str, text: &str) -> Parsed {
    let mut d = Diagnostics::new(file);
    match check_model_id(model_id) {
        Ok(()) if segment_count(model_id) > 5 => d.warning(
            "",
            format!("model id {model_id:?} has more than 5 segments; the catalog uses 2 to 5"),
        ),
        Ok(()) => {}
        Err(e) => d.error("", e),
    }
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            d.error("", format!("invalid JSON: {e}"));
            return Parsed {
                schema: None,
                diagnostics: d.into_vec(),
            };
        }
    };
    let mut p = Parser { d };
    let schema = p.root(&root).map(|(input, docs)| EndpointSchema {
        model_id: model_id.to_owned(),
        file: file.to_owned(),
        input,
        docs,
    });
    let has_errors = p.d.has_errors();
    Parsed {
        schema: if has_errors { None } else { schema },
        diagnostics: p.d.into_vec(),
    }
}

struct Parser {
    d: Diagnostics,
}

/// A `type` keyword, normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    Null,
}

impl Ty {
    fn parse(s: &str) -> Option<Ty> {
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

    fn name(self) -> &'static str {
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

/// A media `format`, singular or plural.
fn media_format(format: &str) -> Option<(MediaKind, bool)> {
    Some(match format.trim().to_ascii_lowercase().as_str() {
        "image_uri" | "image_url" => (MediaKind::Image, false),
        "image_uris" | "image_urls" => (MediaKind::Image, true),
        "video_uri" | "video_url" => (MediaKind::Video, false),
        "video_uris" | "video_urls" => (MediaKind::Video, true),
        "audio_uri" | "audio_url" => (MediaKind::Audio, false),
        "audio_uris" | "audio_urls" => (MediaKind::Audio, true),
        "uri" | "url" => (MediaKind::Any, false),
        "uris" | "urls" => (MediaKind::Any, true),
        _ => return None,
    })
}

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

impl Parser {
    fn root(&mut self, root: &Value) -> Option<(ObjectSchema, Docs)> {
        let Some(obj) = root.as_object() else {
            self.d.error(
                "",
                format!(
                    "expected the input schema to be a JSON object, found {}",
                    describe_value(root)
                ),
            );
            return None;
        };
        if let Some(t) = obj.get("type")
            && let Some(s) = t.as_str()
            && Ty::parse(s) != Some(Ty::Object)
        {
            self.d.error(
                "/type",
                format!("the input schema must have type \"object\", found {s:?}"),
            );
        }
        let docs = self.docs(obj, "");
        let input = if obj.contains_key("properties") {
            self.object(obj, "")
        } else {
            self.d.warning(
                "",
                "the input schema has no \"properties\": the request is a free-form JSON object",
            );
            self.check_keywords(obj, "");
            Some(ObjectSchema {
                properties: Vec::new(),
                additional_properties: true,
                pointer: String::new(),
            })
        };
        input.map(|i| (i, docs))
    }

    fn check_keywords(&mut self, obj: &Map<String, Value>, ptr: &str) {
        for key in obj.keys() {
            let p = pointer_push(ptr, key);
            if COMBINATORS.contains(&key.as_str()) {
                self.d.warning(
                    &p,
                    format!("{key:?} is not supported; the field keeps its declared type (any JSON value without one)"),
                );
            } else if UNENFORCED.contains(&key.as_str()) {
                self.d.warning(
                    &p,
                    format!("{key:?} is not enforced by this version; it is kept in the docs"),
                );
            } else if !KEYWORDS.contains(&key.as_str()) {
                self.d.warning(&p, format!("unknown keyword {key:?} is ignored"));
            }
        }
    }

    fn docs(&mut self, obj: &Map<String, Value>, ptr: &str) -> Docs {
        let mut docs = Docs::default();
        for (key, slot) in [("title", &mut docs.title), ("description", &mut docs.description)] {
            match obj.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) => {
                    if !s.trim().is_empty() {
                        *slot = Some(s.clone());
                    }
                }
                Some(other) => self.d.warning(
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

    /// Parses the properties of an object node.
    fn object(&mut self, obj: &Map<String, Value>, ptr: &str) -> Option<ObjectSchema> {
        let props_ptr = pointer_push(ptr, "properties");
        let props = match obj.get("properties") {
            Some(Value::Object(m)) => m.clone(),
            Some(other) => {
                self.d.error(
                    &props_ptr,
                    format!(
                        "expected an object mapping names to schemas, found {}",
                        describe_value(other)
                    ),
                );
                return None;
            }
            None => Map::new(),
        };
        let required = self.required(obj, ptr, &props);
        let additional_properties = match obj.get("additionalProperties") {
            None | Some(Value::Bool(false)) => false,
            Some(Value::Bool(true)) | Some(Value::Object(_)) => true,
            Some(other) => {
                self.d.error(
                    &pointer_push(ptr, "additionalProperties"),
                    format!("expected a boolean or a schema, found {}", describe_value(other)),
                );
                false
            }
        };
        let mut properties = Vec::with_capacity(props.len());
        let mut ok = true;
        for (name, value) in &props {
            let p = pointer_push(&props_ptr, name);
            if name.is_empty() {
                self.d.error(&p, "a property name is empty");
                ok = false;
                continue;
            }
            match self.node(value, &p) {
                Some(schema) => properties.push(Property {
                    name: name.clone(),
                    required: required.contains(name),
                    schema,
                }),
                None => ok = false,
            }
        }
        ok.then(|| ObjectSchema {
            properties,
            additional_properties,
            pointer: ptr.to_owned(),
        })
    }

    fn required(&mut self, obj: &Map<String, Value>, ptr: &str, props: &Map<String, Value>) -> Vec<String> {
        let req_ptr = pointer_push(ptr, "required");
        let mut out = Vec::new();
        match obj.get("required") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let p = pointer_push(&req_ptr, &i.to_string());
                    match item {
                        Value::String(s) if props.contains_key(s) => {
                            if out.contains(s) {
                                self.d.warning(&p, format!("{s:?} is listed twice"));
                            } else {
                                out.push(s.clone());
                            }
                        }
                        Value::String(s) => self.d.warning(
                            &p,
                            format!("required property {s:?} is not defined in \"properties\"; ignored"),
                        ),
                        other => self
                            .d
                            .error(&p, format!("expected a property name, found {}", describe_value(other))),
                    }
                }
            }
            // Draft-3 style `"required": true` on a property is handled by the caller.
            Some(Value::Bool(_)) => {}
            Some(other) => self.d.error(
                &req_ptr,
                format!("expected an array of property names, found {}", describe_value(other)),
            ),
        }
        out
    }

    /// Reads the `type` keyword: `None` when absent, `Err(())` when unusable (reported).
    fn ty(&mut self, obj: &Map<String, Value>, ptr: &str) -> Result<Option<Ty>, ()> {
        let tptr = pointer_push(ptr, "type");
        match obj.get("type") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => match Ty::parse(s) {
                Some(t) => Ok(Some(t)),
                None => {
                    self.d.error(
                        &tptr,
                        format!(
                            "unknown type {s:?}; expected one of string, integer, number, float, boolean, object, array (any case)"
                        ),
                    );
                    Err(())
                }
            },
            Some(Value::Array(list)) => {
                let mut tys = Vec::new();
                for (i, t) in list.iter().enumerate() {
                    match t.as_str().and_then(Ty::parse) {
                        Some(Ty::Null) => {}
                        Some(t) => tys.push(t),
                        None => {
                            self.d.error(
                                &pointer_push(&tptr, &i.to_string()),
                                format!("expected a type name, found {}", describe_value(t)),
                            );
                            return Err(());
                        }
                    }
                }
                match tys.as_slice() {
                    [] => Ok(Some(Ty::Null)),
                    [one] => Ok(Some(*one)),
                    _ => {
                        self.d
                            .warning(&tptr, "several types are allowed; the field takes any JSON value");
                        Ok(None)
                    }
                }
            }
            Some(other) => {
                self.d
                    .error(&tptr, format!("expected a type name, found {}", describe_value(other)));
                Err(())
            }
        }
    }

    fn number_kw(&mut self, obj: &Map<String, Value>, ptr: &str, key: &str) -> Result<Option<f64>, ()> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(f) if f.is_finite() => Ok(Some(f)),
                _ => {
                    self.d
                        .error(&pointer_push(ptr, key), format!("the number {n} is out of range"));
                    Err(())
                }
            },
            Some(other) => {
                self.d.error(
                    &pointer_push(ptr, key),
                    format!("expected a number, found {}", describe_value(other)),
                );
                Err(())
            }
        }
    }

    fn count_kw(&mut self, obj: &Map<String, Value>, ptr: &str, key: &str) -> Result<Option<u64>, ()> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => {
                if let Some(u) = n.as_u64() {
                    Ok(Some(u))
                } else if let Some(f) = n.as_f64().filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f < 1e18) {
                    Ok(Some(f as u64))
                } else {
                    self.d.error(
                        &pointer_push(ptr, key),
                        format!("expected a non-negative integer, found {n}"),
                    );
                    Err(())
                }
            }
            Some(other) => {
                self.d.error(
                    &pointer_push(ptr, key),
                    format!("expected a non-negative integer, found {}", describe_value(other)),
                );
                Err(())
            }
        }
    }

    /// Reads `minimum`, `maximum` and both exclusive bounds (draft-4 booleans included).
    fn bounds(&mut self, obj: &Map<String, Value>, ptr: &str) -> Result<[Option<f64>; 4], ()> {
        let mut bad = false;
        let mut min = self.number_kw(obj, ptr, "minimum").unwrap_or_else(|()| {
            bad = true;
            None
        });
        let mut max = self.number_kw(obj, ptr, "maximum").unwrap_or_else(|()| {
            bad = true;
            None
        });
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
                    None => self.d.warning(
                        &pointer_push(ptr, key),
                        format!("{key}: true has no matching bound; ignored"),
                    ),
                },
                Some(_) => match self.number_kw(obj, ptr, key) {
                    Ok(v) => *slot = v,
                    Err(()) => bad = true,
                },
            }
        }
        if bad {
            return Err(());
        }
        // The tightest bound on each side, with the keyword that states it.
        let lo = [("minimum", min), ("exclusiveMinimum", xmin)]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let hi = [("maximum", max), ("exclusiveMaximum", xmax)]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some((lo_key, lo)), Some((hi_key, hi))) = (lo, hi)
            && (lo > hi || (lo == hi && (xmin.is_some() || xmax.is_some())))
        {
            self.d.error(
                &pointer_push(ptr, lo_key),
                format!("no value fits: {lo_key} {lo} is not below {hi_key} {hi}"),
            );
            return Err(());
        }
        Ok([min, max, xmin, xmax])
    }

    fn lengths(
        &mut self,
        obj: &Map<String, Value>,
        ptr: &str,
        min_key: &str,
        max_key: &str,
    ) -> Result<LengthRange, ()> {
        let min = self.count_kw(obj, ptr, min_key);
        let max = self.count_kw(obj, ptr, max_key);
        let (Ok(min), Ok(max)) = (min, max) else { return Err(()) };
        if let (Some(a), Some(b)) = (min, max)
            && a > b
        {
            self.d.error(
                &pointer_push(ptr, min_key),
                format!("no value fits: {min_key} {a} is greater than {max_key} {b}"),
            );
            return Err(());
        }
        Ok(LengthRange { min, max })
    }

    fn ignore_if_present(&mut self, obj: &Map<String, Value>, ptr: &str, keys: &[&str], what: &str) {
        for key in keys {
            if obj.contains_key(*key) {
                self.d.warning(
                    &pointer_push(ptr, key),
                    format!("{key} does not apply to {what}; ignored"),
                );
            }
        }
    }

    /// Parses one schema node. `None` when an error was reported.
    fn node(&mut self, value: &Value, ptr: &str) -> Option<Schema> {
        // JSON Schema's boolean schemas: `true` takes anything, `false` nothing.
        if value == &Value::Bool(true) {
            self.d.warning(ptr, "a `true` schema: the field takes any JSON value");
            return Some(Schema {
                kind: Kind::Any,
                docs: Docs::default(),
                pointer: ptr.to_owned(),
            });
        }
        let Some(obj) = value.as_object() else {
            self.d.error(
                ptr,
                format!("expected a schema object, found {}", describe_value(value)),
            );
            return None;
        };
        self.check_keywords(obj, ptr);
        let mut docs = self.docs(obj, ptr);
        let declared = self.ty(obj, ptr).ok()?;
        let format = match obj.get("format") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                self.d.warning(
                    &pointer_push(ptr, "format"),
                    format!("expected a format name, found {}; ignored", describe_value(other)),
                );
                None
            }
        };
        let media = format.as_deref().and_then(media_format);
        if let Some(f) = &format
            && media.is_none()
            && !PLAIN_FORMATS.contains(&f.as_str())
        {
            self.d.warning(
                &pointer_push(ptr, "format"),
                format!("unknown format {f:?}; not enforced"),
            );
        }
        let rules = self.validations(obj, ptr)?;

        let enumeration = if obj.contains_key("enum") || obj.contains_key("const") {
            self.enumeration(obj, ptr, declared)?
        } else {
            None
        };
        let kind = if let Some(e) = enumeration {
            self.ignore_if_present(obj, ptr, &["minLength", "maxLength", "minimum", "maximum"], "an enum");
            Kind::Enum(e)
        } else {
            // Infer a missing type from the other keywords.
            let ty = declared.or_else(|| {
                if obj.contains_key("properties") {
                    Some(Ty::Object)
                } else if obj.contains_key("items") || media.is_some_and(|(_, plural)| plural) {
                    Some(Ty::Array)
                } else if media.is_some()
                    || obj.contains_key("minLength")
                    || obj.contains_key("maxLength")
                    || rules.is_some()
                {
                    Some(Ty::String)
                } else if obj.contains_key("minimum") || obj.contains_key("maximum") {
                    Some(Ty::Number)
                } else {
                    None
                }
            });
            match ty {
                None => {
                    if declared.is_none() && !obj.contains_key("type") {
                        self.d.warning(ptr, "no \"type\": the field takes any JSON value");
                    }
                    Kind::Any
                }
                Some(Ty::Null) => {
                    self.d.warning(ptr, "type \"null\": the field takes any JSON value");
                    Kind::Any
                }
                Some(Ty::String) => {
                    if media.is_some_and(|(_, plural)| plural) {
                        self.d.warning(
                            &pointer_push(ptr, "format"),
                            "a plural media format on a string; the field takes one media input",
                        );
                    }
                    let media_kind = media.map(|(k, _)| k).or_else(|| {
                        rules.as_ref().map(|r| {
                            if r.iter().any(|r| {
                                matches!(
                                    r.metric,
                                    Metric::WidthPixels | Metric::HeightPixels | Metric::AspectRatio
                                )
                            }) {
                                MediaKind::Image
                            } else {
                                MediaKind::Any
                            }
                        })
                    });
                    self.ignore_if_present(
                        obj,
                        ptr,
                        &["minimum", "maximum", "minItems", "maxItems", "items"],
                        "a string",
                    );
                    match media_kind {
                        Some(kind) => {
                            self.ignore_if_present(obj, ptr, &["minLength", "maxLength"], "a media input");
                            Kind::Media(MediaSchema {
                                kind,
                                rules: rules.unwrap_or_default(),
                            })
                        }
                        None => Kind::String {
                            length: self.lengths(obj, ptr, "minLength", "maxLength").ok()?,
                        },
                    }
                }
                Some(Ty::Integer) => {
                    self.not_media(media, rules.as_ref(), ptr);
                    self.ignore_if_present(
                        obj,
                        ptr,
                        &["minLength", "maxLength", "minItems", "maxItems", "items"],
                        "an integer",
                    );
                    let [minimum, maximum, exclusive_minimum, exclusive_maximum] = self.bounds(obj, ptr).ok()?;
                    Kind::Integer {
                        range: IntegerRange {
                            minimum,
                            maximum,
                            exclusive_minimum,
                            exclusive_maximum,
                        },
                    }
                }
                Some(Ty::Number) => {
                    self.not_media(media, rules.as_ref(), ptr);
                    self.ignore_if_present(
                        obj,
                        ptr,
                        &["minLength", "maxLength", "minItems", "maxItems", "items"],
                        "a number",
                    );
                    let [minimum, maximum, exclusive_minimum, exclusive_maximum] = self.bounds(obj, ptr).ok()?;
                    Kind::Number {
                        range: NumberRange {
                            minimum,
                            maximum,
                            exclusive_minimum,
                            exclusive_maximum,
                        },
                    }
                }
                Some(Ty::Boolean) => {
                    self.not_media(media, rules.as_ref(), ptr);
                    self.ignore_if_present(
                        obj,
                        ptr,
                        &["minimum", "maximum", "minLength", "maxLength", "items"],
                        "a boolean",
                    );
                    Kind::Boolean
                }
                Some(Ty::Object) => {
                    self.not_media(media, rules.as_ref(), ptr);
                    if obj
                        .get("properties")
                        .is_some_and(|p| p.as_object().is_none_or(|m| !m.is_empty()))
                    {
                        Kind::Object(self.object(obj, ptr)?)
                    } else {
                        Kind::FreeForm
                    }
                }
                Some(Ty::Array) => {
                    let count = self.lengths(obj, ptr, "minItems", "maxItems").ok()?;
                    let items_ptr = pointer_push(ptr, "items");
                    let items = match obj.get("items") {
                        Some(items @ Value::Object(_)) => {
                            let mut item = self.node(items, &items_ptr)?;
                            // Media format and rules on the array apply to each item.
                            if let Some((kind, _)) = media {
                                match &mut item.kind {
                                    Kind::String { length } if length.is_unbounded() => {
                                        item.kind = Kind::Media(MediaSchema {
                                            kind,
                                            rules: rules.clone().unwrap_or_default(),
                                        });
                                    }
                                    Kind::Media(m) => {
                                        if let Some(r) = &rules {
                                            m.rules.extend(r.iter().cloned());
                                        }
                                    }
                                    _ => self.d.warning(
                                        &pointer_push(ptr, "format"),
                                        "a media format on an array whose items are not strings; ignored",
                                    ),
                                }
                            } else if let Some(r) = rules {
                                match &mut item.kind {
                                    Kind::Media(m) => m.rules.extend(r),
                                    Kind::String { .. } => {
                                        item.kind = Kind::Media(MediaSchema {
                                            kind: image_or_any(&r),
                                            rules: r,
                                        });
                                    }
                                    _ => self.d.warning(
                                        &pointer_push(ptr, "validations"),
                                        "validations on an array whose items are not strings; ignored",
                                    ),
                                }
                            }
                            item
                        }
                        Some(Value::Array(_)) => {
                            self.d.warning(
                                &items_ptr,
                                "tuple-style items are not supported; items take any JSON value",
                            );
                            Schema {
                                kind: Kind::Any,
                                docs: Docs::default(),
                                pointer: items_ptr.clone(),
                            }
                        }
                        Some(other) if !other.is_null() => {
                            self.d.error(
                                &items_ptr,
                                format!("expected a schema object, found {}", describe_value(other)),
                            );
                            return None;
                        }
                        _ => {
                            let kind = match (media, rules) {
                                (Some((kind, _)), r) => Kind::Media(MediaSchema {
                                    kind,
                                    rules: r.unwrap_or_default(),
                                }),
                                (None, Some(r)) => Kind::Media(MediaSchema {
                                    kind: image_or_any(&r),
                                    rules: r,
                                }),
                                (None, None) => Kind::Any,
                            };
                            Schema {
                                kind,
                                docs: Docs::default(),
                                pointer: items_ptr.clone(),
                            }
                        }
                    };
                    Kind::Array {
                        items: Box::new(items),
                        count,
                    }
                }
            }
        };
        if obj.get("required").is_some_and(Value::is_boolean) {
            self.d.warning(
                &pointer_push(ptr, "required"),
                "draft-3 style \"required\": true is ignored; list the property in the parent's \"required\"",
            );
        }
        let schema = Schema {
            kind,
            docs: std::mem::take(&mut docs),
            pointer: ptr.to_owned(),
        };
        Some(self.check_default(schema))
    }

    fn not_media(&mut self, media: Option<(MediaKind, bool)>, rules: Option<&Vec<MediaRule>>, ptr: &str) {
        if media.is_some() {
            self.d.warning(
                &pointer_push(ptr, "format"),
                "a media format on a field that is not a string; ignored",
            );
        }
        if rules.is_some() {
            self.d.warning(
                &pointer_push(ptr, "validations"),
                "validations on a field that is not a media input; ignored",
            );
        }
    }

    /// A default that the field's own constraints reject is documentation gone stale: say so.
    fn check_default(&mut self, schema: Schema) -> Schema {
        // `""` is how many pages leave a default blank (e.g. an image URL): not worth a warning.
        if let Some(default) = &schema.docs.default
            && !default.is_null()
            && default != &Value::String(String::new())
        {
            let mut violations = Vec::new();
            validate_node(&schema, default, "", &mut violations);
            if let Some(v) = violations.first() {
                self.d.warning(
                    &pointer_push(&schema.pointer, "default"),
                    format!(
                        "the default does not satisfy the field's own schema ({}); it stays documentation only",
                        v.constraint
                    ),
                );
            }
        }
        schema
    }

    fn validations(&mut self, obj: &Map<String, Value>, ptr: &str) -> Option<Option<Vec<MediaRule>>> {
        let vptr = pointer_push(ptr, "validations");
        let list = match obj.get("validations") {
            None | Some(Value::Null) => return Some(None),
            Some(Value::Array(list)) => list,
            Some(other) => {
                self.d.error(
                    &vptr,
                    format!("expected an array of rules, found {}", describe_value(other)),
                );
                return None;
            }
        };
        let mut rules = Vec::new();
        let mut ok = true;
        for (i, entry) in list.iter().enumerate() {
            let eptr = pointer_push(&vptr, &i.to_string());
            let Some(e) = entry.as_object() else {
                self.d.error(
                    &eptr,
                    format!("expected a rule object, found {}", describe_value(entry)),
                );
                ok = false;
                continue;
            };
            for key in e.keys() {
                if !matches!(
                    key.as_str(),
                    "validation_rule" | "validation_value" | "validation_error"
                ) {
                    self.d.warning(
                        &pointer_push(&eptr, key),
                        format!("unknown key {key:?} in a validation rule; ignored"),
                    );
                }
            }
            let rptr = pointer_push(&eptr, "validation_rule");
            let rule_text = match e.get("validation_rule") {
                Some(Value::String(s)) => s.clone(),
                other => {
                    self.d.error(
                        &rptr,
                        format!(
                            "expected a rule such as \"width_pixels<\", found {}",
                            other.map_or("nothing".into(), describe_value)
                        ),
                    );
                    ok = false;
                    continue;
                }
            };
            let Some((metric, op)) = MediaRule::split_rule(&rule_text) else {
                self.d.error(
                    &rptr,
                    format!("rule {rule_text:?} does not end in an operator (<, >, <=, >=) after a metric name"),
                );
                ok = false;
                continue;
            };
            if let Metric::Unknown(name) = &metric {
                self.d.warning(
                    &rptr,
                    format!(
                        "unknown validation metric {name:?} (known: width_pixels, height_pixels, width/height, file_size_mb); the rule is kept as data but not checked"
                    ),
                );
            }
            let limit = match self.number_kw(e, &eptr, "validation_value") {
                Ok(Some(v)) => v,
                Ok(None) => {
                    self.d
                        .error(&pointer_push(&eptr, "validation_value"), "missing: expected a number");
                    ok = false;
                    continue;
                }
                Err(()) => {
                    ok = false;
                    continue;
                }
            };
            let message = match e.get("validation_error") {
                Some(Value::String(s)) => s.clone(),
                None | Some(Value::Null) => format!("{rule_text} {limit}"),
                Some(other) => {
                    self.d.warning(
                        &pointer_push(&eptr, "validation_error"),
                        format!(
                            "expected a message, found {}; using the rule text",
                            describe_value(other)
                        ),
                    );
                    format!("{rule_text} {limit}")
                }
            };
            rules.push(MediaRule {
                metric,
                op,
                limit,
                rule: rule_text.into(),
                message: message.into(),
            });
        }
        ok.then_some(Some(rules))
    }

    /// `Some(None)` when there is no usable enum (reported), `None` on error.
    fn enumeration(&mut self, obj: &Map<String, Value>, ptr: &str, declared: Option<Ty>) -> Option<Option<EnumSchema>> {
        // `const` is an enum of one value.
        let single;
        let (eptr, list) = match (obj.get("enum"), obj.get("const")) {
            (None, Some(c)) => {
                single = vec![c.clone()];
                (pointer_push(ptr, "const"), Some(&single))
            }
            (e, _) => (pointer_push(ptr, "enum"), e.and_then(Value::as_array)),
        };
        let Some(list) = list else {
            self.d.error(
                &eptr,
                format!(
                    "expected an array of allowed values, found {}",
                    obj.get("enum").map_or("nothing".into(), describe_value)
                ),
            );
            return None;
        };
        let mut values: Vec<Literal> = Vec::new();
        if let Some(ty @ (Ty::Object | Ty::Array)) = declared {
            self.d.error(
                &eptr,
                format!("an enum on a field of type {} is not supported", ty.name()),
            );
            return None;
        }
        let mut ok = true;
        for (i, v) in list.iter().enumerate() {
            let p = pointer_push(&eptr, &i.to_string());
            let lit = match v {
                Value::Null => continue, // null in an enum means "optional"; Option covers it.
                Value::String(s) => Literal::String(s.clone()),
                Value::Bool(b) => Literal::Bool(*b),
                Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                    (Some(i), _) => Literal::Integer(i),
                    (None, Some(f)) if declared == Some(Ty::Integer) && f.fract() == 0.0 && f.abs() < 9.0e18 => {
                        Literal::Integer(f as i64)
                    }
                    (None, Some(f)) if f.is_finite() => Literal::Number(f),
                    _ => {
                        self.d.error(&p, format!("the number {n} is out of range"));
                        ok = false;
                        continue;
                    }
                },
                Value::Array(_) | Value::Object(_) => {
                    self.d.error(
                        &p,
                        format!(
                            "enum values must be strings, numbers or booleans, found {}",
                            describe_value(v)
                        ),
                    );
                    ok = false;
                    continue;
                }
            };
            if let Some(ty) = declared {
                let fits = matches!(
                    (ty, &lit),
                    (Ty::String, Literal::String(_))
                        | (Ty::Integer, Literal::Integer(_))
                        | (Ty::Number, Literal::Integer(_) | Literal::Number(_))
                        | (Ty::Boolean, Literal::Bool(_))
                );
                if !fits {
                    self.d.warning(
                        &p,
                        format!(
                            "the field's type is {} but this value is {}; it is sent exactly as listed",
                            ty.name(),
                            describe_value(v)
                        ),
                    );
                }
            }
            if values.iter().any(|l| l == &lit || (l.to_value() == lit.to_value())) {
                self.d
                    .warning(&p, format!("duplicate enum value {}; ignored", describe_value(v)));
                continue;
            }
            values.push(lit);
        }
        if ok && values.is_empty() {
            self.d.warning(
                &eptr,
                "the enum lists no value; it is ignored and the field takes its declared type",
            );
            return Some(None);
        }
        ok.then_some(Some(EnumSchema { values }))
    }
}

fn image_or_any(rules: &[MediaRule]) -> MediaKind {
    if rules.iter().any(|r| {
        matches!(
            r.metric,
            Metric::WidthPixels | Metric::HeightPixels | Metric::AspectRatio
        )
    }) {
        MediaKind::Image
    } else {
        MediaKind::Any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn parse(text: &str) -> Parsed {
        parse_schema("schemas/acme/m.json", "acme/m", text)
    }

    fn messages(p: &Parsed, severity: Severity) -> Vec<String> {
        p.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect()
    }

    #[test]
    fn every_error_in_a_file_is_reported_together() {
        let p = parse(
            r#"{"type":"object","properties":{
                "a":{"type":"strnig"},
                "b":{"type":"integer","maximum":"8"},
                "c":{"type":"string","minLength":5,"maxLength":2},
                "d":{"enum":[{"x":1}]},
                "e":{"type":"string","validations":[{"validation_rule":"width_pixels","validation_value":5}]}
            }}"#,
        );
        assert!(p.schema.is_none());
        let errors = messages(&p, Severity::Error);
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert!(errors[0].starts_with("/properties/a/type: unknown type \"strnig\""));
        assert_eq!(errors[1], "/properties/b/maximum: expected a number, found \"8\"");
        assert!(
            errors[2].starts_with("/properties/c/minLength: no value fits"),
            "{errors:#?}"
        );
        assert!(errors[3].starts_with("/properties/d/enum/0: enum values must be"));
        assert!(errors[4].starts_with("/properties/e/validations/0/validation_rule: rule \"width_pixels\""));
    }

    #[test]
    fn quirks_parse_with_warnings_not_errors() {
        let p = parse(
            r#"{"type":"object","properties":{
                "img":{"type":"string","format":"image_uri","default":""},
                "v":{"type":"string","validations":[{"validation_rule":"duration_seconds<","validation_value":10,"validation_error":"short"}]},
                "e":{"type":"string","enum":[]},
                "c":{"const":"fixed"},
                "any":true,
                "u":{"oneOf":[{"type":"string"},{"type":"integer"}]},
                "m":{"type":"number","multipleOf":0.5},
                "x":{"type":"string","x-order":3}
            }}"#,
        );
        let schema = p.schema.as_ref().expect("no errors");
        let warnings = messages(&p, Severity::Warning);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("unknown validation metric \"duration_seconds\"")),
            "{warnings:#?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("/properties/e/enum: the enum lists no value"))
        );
        assert!(warnings.iter().any(|w| w.starts_with("/properties/u/oneOf")));
        assert!(warnings.iter().any(|w| w.starts_with("/properties/m/multipleOf")));
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("/properties/x/x-order: unknown keyword"))
        );
        assert!(
            !warnings.iter().any(|w| w.starts_with("/properties/img")),
            "a blank default is not stale docs"
        );
        assert!(matches!(
            schema.input.property("e").unwrap().schema.kind,
            Kind::String { .. }
        ));
        assert!(
            matches!(&schema.input.property("c").unwrap().schema.kind, Kind::Enum(e) if e.values == [Literal::String("fixed".into())])
        );
        assert!(matches!(schema.input.property("any").unwrap().schema.kind, Kind::Any));
        assert!(matches!(schema.input.property("u").unwrap().schema.kind, Kind::Any));
        match &schema.input.property("v").unwrap().schema.kind {
            Kind::Media(m) => assert!(matches!(m.rules[0].metric, Metric::Unknown(_))),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn types_are_case_insensitive_and_float_means_number() {
        let p = parse(
            r#"{"type":"OBJECT","properties":{"a":{"type":"Float","maximum":1},"b":{"type":"STRING"},"c":{"type":["integer","null"]}}}"#,
        );
        let schema = p.schema.unwrap();
        assert!(matches!(schema.input.properties[0].schema.kind, Kind::Number { .. }));
        assert!(matches!(schema.input.properties[1].schema.kind, Kind::String { .. }));
        assert!(matches!(schema.input.properties[2].schema.kind, Kind::Integer { .. }));
    }

    #[test]
    fn invalid_json_and_bad_model_ids_are_errors() {
        let p = parse("{\"type\": \"object\",");
        assert!(
            p.diagnostics[0].message.starts_with("invalid JSON"),
            "{:?}",
            p.diagnostics
        );
        assert!(p.diagnostics[0].message.contains("line 1"), "{:?}", p.diagnostics);
        let p = parse_schema("schemas/solo.json", "solo", r#"{"properties":{}}"#);
        assert!(p.schema.is_none());
        assert!(p.diagnostics[0].message.contains("1 segment"));
    }
}
