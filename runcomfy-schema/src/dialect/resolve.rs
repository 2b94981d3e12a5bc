//! What a node means: its kind (declared, or inferred from its keywords), whether its
//! constraints leave any value (`minimum` above `maximum`), which keywords do not apply to it,
//! whether its enum values fit its type, how media formats and `validations` on an array
//! reach its items, and whether its documented default satisfies it. Reading each keyword's
//! JSON is `read.rs`.

use serde_json::{Map, Value};

use super::Parser;
use super::read::{MediaFormat, Ty};
use crate::constraints::{Bounds, LengthRange};
use crate::diagnostic::{describe_value, pointer_push};
use crate::ir::{Docs, EnumSchema, Kind, Literal, MediaSchema, ObjectSchema, Property, Schema};
use crate::media::{MediaKind, MediaRule, Metric};
use crate::validate::validate_node;

/// What a node says about media: its `format` and its `validations`.
struct MediaHints {
    format: Option<MediaFormat>,
    rules: Option<Vec<MediaRule>>,
}

impl Parser<'_> {
    /// The root: an object schema whose properties are the request's fields.
    pub(super) fn root(&mut self, root: &Value) -> Option<(ObjectSchema, Docs)> {
        let Some(obj) = root.as_object() else {
            self.cx.error(
                "",
                format!(
                    "expected the input schema to be a JSON object, found {}",
                    describe_value(root)
                ),
            );
            return None;
        };
        if let Some(s) = obj.get("type").and_then(Value::as_str)
            && Ty::parse(s) != Some(Ty::Object)
        {
            self.cx.error(
                "/type",
                format!("the input schema must have type \"object\", found {s:?}"),
            );
        }
        let docs = self.docs(obj, "");
        let input = if obj.contains_key("properties") {
            self.object(obj, "")
        } else {
            self.cx.warning(
                "",
                "the input schema has no \"properties\": the request is a free-form JSON object",
            );
            self.check_keywords(obj, "");
            Some(ObjectSchema::new(Vec::new(), true, String::new()))
        };
        input.map(|i| (i, docs))
    }

    /// The properties of an object node; `None` when any of them has an error.
    fn object(&mut self, obj: &Map<String, Value>, ptr: &str) -> Option<ObjectSchema> {
        let props_ptr = pointer_push(ptr, "properties");
        let empty = Map::new();
        let props = match obj.get("properties") {
            Some(Value::Object(m)) => m,
            Some(other) => {
                self.cx.error(
                    &props_ptr,
                    format!(
                        "expected an object mapping names to schemas, found {}",
                        describe_value(other)
                    ),
                );
                return None;
            }
            None => &empty,
        };
        let required = self.required(obj, ptr, props);
        let additional_properties = match obj.get("additionalProperties") {
            None | Some(Value::Bool(false)) => false,
            Some(Value::Bool(true)) | Some(Value::Object(_)) => true,
            Some(other) => {
                self.cx.error(
                    &pointer_push(ptr, "additionalProperties"),
                    format!("expected a boolean or a schema, found {}", describe_value(other)),
                );
                false
            }
        };
        let mut properties = Vec::with_capacity(props.len());
        let mut ok = true;
        for (name, value) in props {
            let p = pointer_push(&props_ptr, name);
            if name.is_empty() {
                self.cx.error(&p, "a property name is empty");
                ok = false;
                continue;
            }
            match self.node(value, &p) {
                Some(schema) => properties.push(Property {
                    name: name.clone(),
                    required: required.contains(name.as_str()),
                    schema,
                }),
                None => ok = false,
            }
        }
        // An error in `required` or `additionalProperties` is reported and fails the file,
        // but the properties are still checked.
        ok.then(|| ObjectSchema::new(properties, additional_properties, ptr.to_owned()))
    }

    /// One schema node. `None` when an error was reported in it.
    pub(super) fn node(&mut self, value: &Value, ptr: &str) -> Option<Schema> {
        // JSON Schema's boolean schemas: `true` takes anything.
        if value == &Value::Bool(true) {
            self.cx.warning(ptr, "a `true` schema: the field takes any JSON value");
            return Some(Schema {
                kind: Kind::Any,
                docs: Docs::default(),
                pointer: ptr.to_owned(),
            });
        }
        let Some(obj) = value.as_object() else {
            self.cx.error(
                ptr,
                format!("expected a schema object, found {}", describe_value(value)),
            );
            return None;
        };
        self.check_keywords(obj, ptr);
        let docs = self.docs(obj, ptr);
        let before = self.cx.error_count();
        let declared = self.declared_type(obj, ptr);
        if self.cx.error_count() > before {
            return None;
        }
        let format = self.media_format(obj, ptr);
        let rules = self.validations(obj, ptr);
        if self.cx.error_count() > before {
            return None;
        }
        let media = MediaHints { format, rules };
        let enumeration = if obj.contains_key("enum") || obj.contains_key("const") {
            let e = self.enumeration(obj, ptr, declared);
            if self.cx.error_count() > before {
                return None;
            }
            e
        } else {
            None
        };
        let kind = match enumeration {
            Some(e) => {
                self.ignore_if_present(obj, ptr, &["minLength", "maxLength", "minimum", "maximum"], "an enum");
                Kind::Enum(e)
            }
            None => self.typed_kind(obj, ptr, declared, media)?,
        };
        if obj.get("required").is_some_and(Value::is_boolean) {
            self.cx.warning(
                &pointer_push(ptr, "required"),
                "draft-3 style \"required\": true is ignored; list the property in the parent's \"required\"",
            );
        }
        let schema = Schema {
            kind,
            docs,
            pointer: ptr.to_owned(),
        };
        self.check_default(&schema);
        Some(schema)
    }

    /// The kind of a node that is not an enum: its declared type, or one inferred from its
    /// other keywords.
    fn typed_kind(
        &mut self,
        obj: &Map<String, Value>,
        ptr: &str,
        declared: Option<Ty>,
        media: MediaHints,
    ) -> Option<Kind> {
        let inferred = declared.or_else(|| {
            if obj.contains_key("properties") {
                Some(Ty::Object)
            } else if obj.contains_key("items") || media.format.is_some_and(|f| f.plural) {
                Some(Ty::Array)
            } else if media.format.is_some()
                || obj.contains_key("minLength")
                || obj.contains_key("maxLength")
                || media.rules.is_some()
            {
                Some(Ty::String)
            } else if obj.contains_key("minimum") || obj.contains_key("maximum") {
                Some(Ty::Number)
            } else {
                None
            }
        });
        Some(match inferred {
            None => {
                if !obj.contains_key("type") {
                    self.cx.warning(ptr, "no \"type\": the field takes any JSON value");
                }
                Kind::Any
            }
            Some(Ty::Null) => {
                self.cx.warning(ptr, "type \"null\": the field takes any JSON value");
                Kind::Any
            }
            Some(Ty::String) => self.string_kind(obj, ptr, media)?,
            Some(Ty::Integer) => Kind::Integer {
                range: self.scalar_bounds(obj, ptr, &media, "an integer")?,
            },
            Some(Ty::Number) => Kind::Number {
                range: self.scalar_bounds(obj, ptr, &media, "a number")?,
            },
            Some(Ty::Boolean) => {
                self.not_media(&media, ptr);
                self.ignore_if_present(
                    obj,
                    ptr,
                    &["minimum", "maximum", "minLength", "maxLength", "items"],
                    "a boolean",
                );
                Kind::Boolean
            }
            Some(Ty::Object) => {
                self.not_media(&media, ptr);
                if obj
                    .get("properties")
                    .is_some_and(|p| p.as_object().is_none_or(|m| !m.is_empty()))
                {
                    Kind::Object(self.object(obj, ptr)?)
                } else {
                    Kind::FreeForm
                }
            }
            Some(Ty::Array) => self.array_kind(obj, ptr, media)?,
        })
    }

    /// A string: a media input when a media format or `validations` says so, else text with
    /// its length limits.
    fn string_kind(&mut self, obj: &Map<String, Value>, ptr: &str, media: MediaHints) -> Option<Kind> {
        if media.format.is_some_and(|f| f.plural) {
            self.cx.warning(
                &pointer_push(ptr, "format"),
                "a plural media format on a string; the field takes one media input",
            );
        }
        let media_kind = media
            .format
            .map(|f| f.kind)
            .or_else(|| media.rules.as_deref().map(kind_from_rules));
        self.ignore_if_present(
            obj,
            ptr,
            &["minimum", "maximum", "minItems", "maxItems", "items"],
            "a string",
        );
        Some(match media_kind {
            Some(kind) => {
                self.ignore_if_present(obj, ptr, &["minLength", "maxLength"], "a media input");
                Kind::Media(MediaSchema {
                    kind,
                    rules: media.rules.unwrap_or_default(),
                })
            }
            None => Kind::String {
                length: self.lengths(obj, ptr, "minLength", "maxLength")?,
            },
        })
    }

    /// The bounds of an integer or number field (`what` names it in warnings).
    fn scalar_bounds<T>(
        &mut self,
        obj: &Map<String, Value>,
        ptr: &str,
        media: &MediaHints,
        what: &str,
    ) -> Option<Bounds<T>> {
        self.not_media(media, ptr);
        self.ignore_if_present(
            obj,
            ptr,
            &["minLength", "maxLength", "minItems", "maxItems", "items"],
            what,
        );
        let before = self.cx.error_count();
        let bounds = self.bounds(obj, ptr);
        if self.cx.error_count() > before {
            return None;
        }
        self.check_bounds_leave_a_value(&bounds, ptr)?;
        Some(bounds.cast())
    }

    /// An error when no value fits the bounds (`minimum` above `maximum`, or equal with an
    /// exclusive bound).
    fn check_bounds_leave_a_value(&mut self, b: &Bounds<()>, ptr: &str) -> Option<()> {
        // The tightest bound on each side, with the keyword that states it.
        let lo = [("minimum", b.minimum), ("exclusiveMinimum", b.exclusive_minimum)]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let hi = [("maximum", b.maximum), ("exclusiveMaximum", b.exclusive_maximum)]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some((lo_key, lo)), Some((hi_key, hi))) = (lo, hi)
            && (lo > hi || (lo == hi && (b.exclusive_minimum.is_some() || b.exclusive_maximum.is_some())))
        {
            self.cx.error(
                &pointer_push(ptr, lo_key),
                format!("no value fits: {lo_key} {lo} is not below {hi_key} {hi}"),
            );
            return None;
        }
        Some(())
    }

    /// `minLength`/`maxLength` (or `minItems`/`maxItems`); `None` when one is unreadable or
    /// they leave no value.
    fn lengths(&mut self, obj: &Map<String, Value>, ptr: &str, min_key: &str, max_key: &str) -> Option<LengthRange> {
        let before = self.cx.error_count();
        let min = self.count(obj, ptr, min_key);
        let max = self.count(obj, ptr, max_key);
        if self.cx.error_count() > before {
            return None;
        }
        if let (Some(a), Some(b)) = (min, max)
            && a > b
        {
            self.cx.error(
                &pointer_push(ptr, min_key),
                format!("no value fits: {min_key} {a} is greater than {max_key} {b}"),
            );
            return None;
        }
        Some(LengthRange { min, max })
    }

    /// An array: its item schema (media format and `validations` on the array apply to each
    /// item) and its item count limits.
    fn array_kind(&mut self, obj: &Map<String, Value>, ptr: &str, media: MediaHints) -> Option<Kind> {
        let count = self.lengths(obj, ptr, "minItems", "maxItems")?;
        let items_ptr = pointer_push(ptr, "items");
        let items = match obj.get("items") {
            Some(items @ Value::Object(_)) => {
                let mut item = self.node(items, &items_ptr)?;
                self.media_onto_items(&mut item, media, ptr);
                item
            }
            Some(Value::Array(_)) => {
                self.cx.warning(
                    &items_ptr,
                    "tuple-style items are not supported; items take any JSON value",
                );
                Schema {
                    kind: Kind::Any,
                    docs: Docs::default(),
                    pointer: items_ptr,
                }
            }
            Some(other) if !other.is_null() => {
                self.cx.error(
                    &items_ptr,
                    format!("expected a schema object, found {}", describe_value(other)),
                );
                return None;
            }
            _ => {
                let kind = match (media.format, media.rules) {
                    (Some(f), r) => Kind::Media(MediaSchema {
                        kind: f.kind,
                        rules: r.unwrap_or_default(),
                    }),
                    (None, Some(r)) => Kind::Media(MediaSchema {
                        kind: kind_from_rules(&r),
                        rules: r,
                    }),
                    (None, None) => Kind::Any,
                };
                Schema {
                    kind,
                    docs: Docs::default(),
                    pointer: items_ptr,
                }
            }
        };
        Some(Kind::Array {
            items: Box::new(items),
            count,
        })
    }

    /// A media format or `validations` on an array: its string items become media inputs
    /// (or media items gain the rules).
    fn media_onto_items(&mut self, item: &mut Schema, media: MediaHints, ptr: &str) {
        if let Some(format) = media.format {
            match &mut item.kind {
                Kind::String { length } if length.is_unbounded() => {
                    item.kind = Kind::Media(MediaSchema {
                        kind: format.kind,
                        rules: media.rules.unwrap_or_default(),
                    });
                }
                Kind::Media(m) => m.rules.extend(media.rules.unwrap_or_default()),
                _ => self.cx.warning(
                    &pointer_push(ptr, "format"),
                    "a media format on an array whose items are not strings; ignored",
                ),
            }
        } else if let Some(rules) = media.rules {
            match &mut item.kind {
                Kind::Media(m) => m.rules.extend(rules),
                Kind::String { .. } => {
                    item.kind = Kind::Media(MediaSchema {
                        kind: kind_from_rules(&rules),
                        rules,
                    });
                }
                _ => self.cx.warning(
                    &pointer_push(ptr, "validations"),
                    "validations on an array whose items are not strings; ignored",
                ),
            }
        }
    }

    /// The enum of a node. `None` when it lists no value (warned: the field keeps its declared
    /// type) or on error (reported; the caller sees it in the error count).
    fn enumeration(&mut self, obj: &Map<String, Value>, ptr: &str, declared: Option<Ty>) -> Option<EnumSchema> {
        let (list_ptr, list) = self.enum_source(obj, ptr)?;
        if let Some(ty @ (Ty::Object | Ty::Array)) = declared {
            self.cx.error(
                &list_ptr,
                format!("an enum on a field of type {} is not supported", ty.name()),
            );
            return None;
        }
        let before = self.cx.error_count();
        let literals = self.enum_literals(list, &list_ptr, declared);
        let mut values = EnumSchema::with_capacity(literals.len());
        for (i, lit, v) in literals {
            let p = || pointer_push(&list_ptr, &i.to_string());
            if let Some(ty) = declared {
                let fits = matches!(
                    (ty, &lit),
                    (Ty::String, Literal::String(_))
                        | (Ty::Integer, Literal::Integer(_))
                        | (Ty::Number, Literal::Integer(_) | Literal::Number(_))
                        | (Ty::Boolean, Literal::Bool(_))
                );
                if !fits {
                    self.cx.warning(
                        &p(),
                        format!(
                            "the field's type is {} but this value is {}; it is sent exactly as listed",
                            ty.name(),
                            describe_value(v)
                        ),
                    );
                }
            }
            if !values.push(lit) {
                self.cx
                    .warning(&p(), format!("duplicate enum value {}; ignored", describe_value(v)));
            }
        }
        if self.cx.error_count() > before {
            return None;
        }
        if values.values.is_empty() {
            self.cx.warning(
                &list_ptr,
                "the enum lists no value; it is ignored and the field takes its declared type",
            );
            return None;
        }
        Some(values)
    }

    fn ignore_if_present(&mut self, obj: &Map<String, Value>, ptr: &str, keys: &[&str], what: &str) {
        for key in keys {
            if obj.contains_key(*key) {
                self.cx.warning(
                    &pointer_push(ptr, key),
                    format!("{key} does not apply to {what}; ignored"),
                );
            }
        }
    }

    fn not_media(&mut self, media: &MediaHints, ptr: &str) {
        if media.format.is_some() {
            self.cx.warning(
                &pointer_push(ptr, "format"),
                "a media format on a field that is not a string; ignored",
            );
        }
        if media.rules.is_some() {
            self.cx.warning(
                &pointer_push(ptr, "validations"),
                "validations on a field that is not a media input; ignored",
            );
        }
    }

    /// A default that the field's own constraints reject is documentation gone stale: say so.
    fn check_default(&mut self, schema: &Schema) {
        // `""` is how many pages leave a default blank (e.g. an image URL): not worth a warning.
        if let Some(default) = &schema.docs.default
            && !default.is_null()
            && default != &Value::String(String::new())
        {
            let mut violations = Vec::new();
            validate_node(schema, default, "", &mut violations);
            if let Some(v) = violations.first() {
                self.cx.warning(
                    &pointer_push(&schema.pointer, "default"),
                    format!(
                        "the default does not satisfy the field's own schema ({}); it stays documentation only",
                        v.constraint
                    ),
                );
            }
        }
    }
}

/// A media field known only by its `validations`: an image when a rule measures pixels.
fn kind_from_rules(rules: &[MediaRule]) -> MediaKind {
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
