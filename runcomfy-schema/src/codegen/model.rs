//! The generator's model of one endpoint: every Rust name resolved, every field's type and
//! constraints, every typed default; no tokens. Built once per schema ([`EndpointModel::build`]),
//! then emitted (`emit.rs`) and, in its compact form ([`EndpointModel::to_compact`]), carried
//! by the `request!` macro so that a request is checked without re-reading the schema.
//!
//! The pattern is typify's `TypeSpace`: build the model, then write it out.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{docs, naming};
use crate::constraints::{IntegerRange, LengthRange, NumberRange};
use crate::diagnostic::{Ctxt, pointer_push};
use crate::ir::{EndpointSchema, EnumSchema, Kind, Literal, MediaSchema, ObjectSchema, Schema};
use crate::media::{MediaKind, MediaRule};

/// Names an endpoint module defines itself, which no generated type may take.
const RESERVED_TYPE_NAMES: &[&str] = &["Request", "RequestBuilder", "MODEL_ID", "SCHEMA_JSON", "SCHEMA_FILE"];

/// One endpoint, ready to be written out. (The serde names are short: the compact form is a
/// string literal in every arm of the request macro.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndpointModel {
    /// The model id.
    #[serde(rename = "id")]
    pub model_id: String,
    /// The schema file, as diagnostics name it.
    #[serde(skip)]
    pub file: String,
    /// The rustdoc of `Request`.
    #[serde(skip)]
    pub request_doc: String,
    /// The request struct.
    #[serde(rename = "r")]
    pub request: StructModel,
    /// Every named type the fields use, in the order they were named: index = [`Ty`].
    #[serde(rename = "t")]
    pub types: Vec<TypeModel>,
}

/// A generated struct: the request, or a nested object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StructModel {
    /// Its fields, in the schema's order.
    #[serde(rename = "f")]
    pub fields: Vec<FieldModel>,
    /// Does it keep keys the schema does not list (`additionalProperties`)?
    #[serde(rename = "a", default, skip_serializing_if = "is_false")]
    pub additional_properties: bool,
    /// The object's JSON pointer in the schema file.
    #[serde(skip)]
    pub schema_pointer: String,
}

/// One field of a generated struct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldModel {
    /// The Rust field name (`prompt_image`).
    #[serde(rename = "i")]
    pub ident: String,
    /// The key on the wire (`promptImage`).
    #[serde(rename = "w")]
    pub wire: String,
    /// Listed in `required`?
    #[serde(rename = "q", default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Its Rust type.
    #[serde(rename = "t")]
    pub ty: Ty,
    /// Its rustdoc (not in the compact form, as no other prose).
    #[serde(skip)]
    pub doc: String,
    /// The documented default as JSON text, valid or not.
    #[serde(skip)]
    pub default_json: Option<String>,
    /// The documented default as a typed value, when it is valid for the field.
    #[serde(skip)]
    pub default: Option<DefaultValue>,
}

/// The Rust type of a field (or of a list's items): always a type generated in the endpoint's
/// module, an index into [`EndpointModel::types`]. Every field has one, whatever its
/// constraints, so the same field has the same shape in every model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ty(pub usize);

/// A generated type: a field type (an alias of a generic field type over its marker), an
/// enum, or a struct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeModel {
    /// Its name in the endpoint module (`Steps`, `AspectRatio`, `LorasItem`).
    #[serde(rename = "n")]
    pub name: String,
    /// Where its values sit in a request (`/steps`, `/loras/-/scale`), for violations.
    #[serde(skip)]
    pub instance_pointer: String,
    /// Its rustdoc: title, description and constraints.
    #[serde(skip)]
    pub doc: String,
    /// What it is.
    #[serde(rename = "k")]
    pub kind: TypeKind,
}

/// What a generated type is. (Variant names differ from the runtime's names on purpose, see
/// [`DefaultValue`].)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TypeKind {
    /// `Text`: a `String`, with length limits (maybe none).
    #[serde(rename = "text")]
    TextField(LengthRange),
    /// `Integer`: an `i64`, with bounds (maybe none).
    #[serde(rename = "int")]
    IntegerField(IntegerRange),
    /// `Number`: a finite `f64`, with bounds (maybe none).
    #[serde(rename = "num")]
    NumberField(NumberRange),
    /// `Boolean`: a `bool`.
    #[serde(rename = "bool")]
    BoolField,
    /// `Media`: a `MediaInput`, an `https://` URL or a `data:` URI.
    #[serde(rename = "media")]
    MediaField {
        /// Image, video, audio or any file.
        kind: MediaKind,
        /// The `validations` rules (not in the compact form: `request!` does not fetch media).
        #[serde(skip)]
        rules: Vec<MediaRule>,
    },
    /// `List`: a `Vec` of the item type, with item count limits (maybe none).
    #[serde(rename = "list")]
    ListField {
        /// The item type.
        item: Ty,
        /// `minItems`/`maxItems`.
        count: LengthRange,
    },
    /// `Json`: any JSON value (a field whose schema states no type).
    #[serde(rename = "json")]
    JsonField,
    /// `JsonObject`: a JSON object (`type: object` without properties).
    #[serde(rename = "object")]
    JsonObjectField,
    /// An enum: each allowed JSON literal with its variant name. (The compact form holds the
    /// literals only: the names follow from them by the naming rules.)
    #[serde(rename = "enum", with = "compact_variants")]
    Enum(Vec<Variant>),
    /// A struct for a nested object.
    #[serde(rename = "struct")]
    Struct(StructModel),
}

impl TypeKind {
    /// Does the type take its plain value as is (in setters and `request!`): nothing in the
    /// schema can reject a value (a boolean, JSON, text without length limits, an integer
    /// without bounds, a list without count limits)? Such a field's marker is `Unlimited`.
    pub fn converts_from_plain(&self) -> bool {
        match self {
            TypeKind::TextField(length) => length.is_unbounded(),
            TypeKind::IntegerField(range) => range.is_unbounded(),
            TypeKind::ListField { count, .. } => count.is_unbounded(),
            TypeKind::BoolField | TypeKind::JsonField | TypeKind::JsonObjectField => true,
            TypeKind::NumberField(_) | TypeKind::MediaField { .. } | TypeKind::Enum(_) | TypeKind::Struct(_) => false,
        }
    }
}

/// One variant of a generated enum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    /// The Rust variant name (`V16_9`).
    #[serde(rename = "i")]
    pub ident: String,
    /// The JSON literal it stands for.
    #[serde(rename = "l")]
    pub literal: Literal,
}

/// A documented default, typed for the field it belongs to. (Variant names differ from the
/// runtime's type names on purpose: the compiler prints a type by its short name only when
/// no other item in the crate graph has that name.)
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// Text (plain or length-checked).
    Str(String),
    /// An integer (plain or bounded).
    Int(i64),
    /// A number.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// An enum variant, by name.
    Variant(String),
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An enum's variants in the compact form: their literals; the names are made again.
mod compact_variants {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Variant, variant_names};
    use crate::ir::Literal;

    pub fn serialize<S: Serializer>(variants: &[Variant], s: S) -> Result<S::Ok, S::Error> {
        let literals: Vec<&Literal> = variants.iter().map(|v| &v.literal).collect();
        literals.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Variant>, D::Error> {
        let literals = Vec::<Literal>::deserialize(d)?;
        let names = variant_names(&literals)
            .map_err(|_| serde::de::Error::custom("enum values that no naming rule tells apart"))?;
        Ok(names
            .into_iter()
            .zip(literals)
            .map(|(ident, literal)| Variant { ident, literal })
            .collect())
    }
}

/// The most properties one object of a schema may have for generated types. Real schemas have
/// a few dozen; each field costs a type, a marker and a setter, so a hostile schema of 150,000
/// properties would otherwise ask the compiler for hundreds of megabytes of code.
pub const MAX_TYPED_PROPERTIES: usize = 512;

/// The most required properties one object may have for generated types: the typestate
/// builder carries one type parameter per required field and every required setter names all
/// of them, so its code grows with the square of their number (2,000 took 11 GB to expand).
/// Real schemas have a handful.
pub const MAX_TYPED_REQUIRED: usize = 64;

/// The most values an enum may have for generated types (one variant each). Real enums have
/// at most a few hundred (voices, styles).
pub const MAX_TYPED_ENUM_VALUES: usize = 4096;

/// The most fields and enum variants one model's generated types may hold in all (the limits
/// above bound one object or one enum; this bounds their sum: 512 properties of 4,096 values
/// each would be two million variants).
pub const MAX_TYPED_ITEMS: usize = 16_384;

/// What to do about a schema past these limits.
const USE_DYNAMIC: &str = "call this model through `DynamicRequest` (validated at run time against the \
                           schema, no generated types), or keep its file out of the folder `include_models!` reads";

/// The variant names of an enum's values (see the naming rules), or the first two values that
/// collide.
fn variant_names(values: &[Literal]) -> Result<Vec<String>, naming::Collision> {
    let texts: Vec<String> = values.iter().map(Literal::to_text).collect();
    naming::allocate(
        &texts,
        |s| Some(naming::variant(s)),
        |s| Some(naming::variant_exact(s)),
        &[],
    )
}

impl EndpointModel {
    /// Builds the model of `schema`, reporting naming problems (collisions, names that
    /// cannot be made) into `cx`. `None` when one was reported.
    pub fn build(cx: &mut Ctxt, schema: &EndpointSchema) -> Option<EndpointModel> {
        let mut b = Builder {
            cx,
            file: &schema.file,
            taken: RESERVED_TYPE_NAMES.iter().map(|n| (*n).to_owned()).collect(),
            types: Vec::new(),
            items: 0,
        };
        let request = b.struct_model(&schema.input, "", "", true)?;
        Some(EndpointModel {
            model_id: schema.model_id.clone(),
            file: schema.file.clone(),
            request_doc: docs::request(&schema.model_id, &schema.docs),
            request,
            types: b.types,
        })
    }

    /// The compact form `request!` carries: names, types and constraints, no prose.
    pub fn to_compact(&self) -> String {
        // Plain data with string keys: serialization cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads the compact form back.
    pub fn from_compact(text: &str) -> Result<EndpointModel, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// The type a [`Ty`] points at (`None` only for a hand-edited compact form).
    pub fn named(&self, ty: Ty) -> Option<&TypeModel> {
        self.types.get(ty.0)
    }

    /// Does `ty` take its plain value without a check ([`TypeKind::converts_from_plain`])?
    pub fn converts_from_plain(&self, ty: Ty) -> bool {
        self.named(ty).is_some_and(|t| t.kind.converts_from_plain())
    }
}

impl FieldModel {
    /// The name of the field's typed default accessor (`default_steps`), when it has one.
    pub fn default_fn(&self) -> Option<String> {
        self.default.as_ref().map(|_| default_fn_name(&self.ident))
    }
}

fn default_fn_name(ident: &str) -> String {
    format!("default_{ident}")
}

struct Builder<'a> {
    cx: &'a mut Ctxt,
    file: &'a str,
    /// Type names used so far in this module.
    taken: BTreeSet<String>,
    types: Vec<TypeModel>,
    /// Fields and enum variants modelled so far (see [`MAX_TYPED_ITEMS`]).
    items: usize,
}

impl Builder<'_> {
    /// A type name not used yet in this module: `base`, else `baseValue`, `base2`, ...
    fn alloc(&mut self, base: &str) -> String {
        let mut name = base.to_owned();
        if self.taken.contains(&name) {
            name = format!("{base}Value");
        }
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    fn define(&mut self, name: String, at: &str, schema: &Schema, kind: TypeKind) -> Ty {
        let head = docs::head(&schema.docs, &name);
        let constraints = docs::constraints(schema).join("\n\n");
        let doc = if constraints.is_empty() {
            head
        } else {
            format!("{head}\n\n{constraints}")
        };
        self.types.push(TypeModel {
            name,
            instance_pointer: at.to_owned(),
            doc,
            kind,
        });
        Ty(self.types.len() - 1)
    }

    /// The fields of an object, with unique Rust names and their types named. `prefix` starts
    /// the type names of nested objects' fields; `top` fields get typed defaults.
    fn struct_model(&mut self, obj: &ObjectSchema, at: &str, prefix: &str, top: bool) -> Option<StructModel> {
        if !self.within_limits(obj) {
            return None;
        }
        let names: Vec<String> = obj.properties.iter().map(|p| p.name.clone()).collect();
        let reserved: &[&str] = if obj.additional_properties {
            &["additional_properties"]
        } else {
            &[]
        };
        let idents = match naming::allocate(&names, naming::snake, naming::snake_exact, reserved) {
            Ok(i) => i,
            Err(c) => {
                let p = &obj.properties[c.first];
                let msg = match c.second {
                    Some(j) => format!(
                        "properties {:?} and {:?} both become the Rust field `{}`; no unambiguous name exists",
                        p.name, obj.properties[j].name, c.name
                    ),
                    None if c.name.is_empty() => format!(
                        "property {:?} has no letter or digit to name a Rust field after",
                        p.name
                    ),
                    None => format!(
                        "property {:?} becomes `{}`, which the generated code uses itself",
                        p.name, c.name
                    ),
                };
                self.cx.error(self.file, &p.schema.pointer, msg);
                return None;
            }
        };
        let mut fields = Vec::with_capacity(idents.len());
        let mut ok = true;
        for (prop, ident) in obj.properties.iter().zip(idents) {
            let hint = format!("{prefix}{}", naming::type_name(&ident));
            match self.ty(&prop.schema, &hint, &pointer_push(at, &prop.name)) {
                Some(ty) => {
                    let default = if top {
                        self.default_value(&prop.schema, ty)
                    } else {
                        None
                    };
                    let default_fn = default.as_ref().map(|_| default_fn_name(&ident));
                    let doc = docs::field(&prop.name, &prop.schema, prop.required, default_fn.as_deref());
                    fields.push(FieldModel {
                        ident,
                        wire: prop.name.clone(),
                        required: prop.required,
                        ty,
                        doc,
                        default_json: prop.schema.docs.default.as_ref().map(Value::to_string),
                        default,
                    });
                }
                None => ok = false,
            }
        }
        ok.then(|| StructModel {
            fields,
            additional_properties: obj.additional_properties,
            schema_pointer: obj.pointer.clone(),
        })
    }

    /// The type of a node, named (and defined) here with the types it needs. `hint` is the
    /// UpperCamelCase name to start from, `at` the pointer of its values in a request.
    fn ty(&mut self, schema: &Schema, hint: &str, at: &str) -> Option<Ty> {
        let kind = match &schema.kind {
            Kind::Any => TypeKind::JsonField,
            Kind::FreeForm => TypeKind::JsonObjectField,
            Kind::Boolean => TypeKind::BoolField,
            Kind::String { length } => TypeKind::TextField(*length),
            Kind::Integer { range } => TypeKind::IntegerField(*range),
            Kind::Number { range } => TypeKind::NumberField(*range),
            Kind::Enum(e) => TypeKind::Enum(self.variants(e, &schema.pointer)?),
            Kind::Media(MediaSchema { kind, rules }) => TypeKind::MediaField {
                kind: *kind,
                rules: rules.clone(),
            },
            // The item type is named first: `TagsItem`, then `Tags`.
            Kind::Array { items, count } => TypeKind::ListField {
                item: self.ty(items, &format!("{hint}Item"), &pointer_push(at, "-"))?,
                count: *count,
            },
            Kind::Object(obj) => {
                let name = self.alloc(hint);
                let model = self.struct_model(obj, at, hint, false)?;
                return Some(self.define(name, at, schema, TypeKind::Struct(model)));
            }
        };
        let name = self.alloc(hint);
        Some(self.define(name, at, schema, kind))
    }

    /// Is `obj` small enough for generated types (see [`MAX_TYPED_PROPERTIES`] and
    /// [`MAX_TYPED_REQUIRED`])? Reports the excess otherwise.
    fn within_limits(&mut self, obj: &ObjectSchema) -> bool {
        let count = obj.properties.len();
        if count > MAX_TYPED_PROPERTIES {
            let msg = format!(
                "this object has {count} properties; generated types support at most {MAX_TYPED_PROPERTIES} \
                 (every field is a type of its own); {USE_DYNAMIC}"
            );
            self.cx.error(self.file, &obj.pointer, msg);
            return false;
        }
        let required = obj.properties.iter().filter(|p| p.required).count();
        if required > MAX_TYPED_REQUIRED {
            let msg = format!(
                "this object has {required} required properties; generated types support at most \
                 {MAX_TYPED_REQUIRED} (the builder checks each one in its type, and its code grows with \
                 the square of their number); {USE_DYNAMIC}"
            );
            self.cx.error(self.file, &pointer_push(&obj.pointer, "required"), msg);
            return false;
        }
        self.count_items(count, &obj.pointer)
    }

    /// Counts `n` more fields or variants, modelled at `pointer`; reports the model's excess
    /// once.
    fn count_items(&mut self, n: usize, pointer: &str) -> bool {
        let before = self.items;
        self.items = self.items.saturating_add(n);
        if self.items > MAX_TYPED_ITEMS {
            if before > MAX_TYPED_ITEMS {
                // Reported once, where the sum crossed the limit.
                return false;
            }
            let msg = format!(
                "with this object or enum, the model's generated types hold more than {MAX_TYPED_ITEMS} \
                 fields and enum variants in all; {USE_DYNAMIC}"
            );
            self.cx.error(self.file, pointer, msg);
            return false;
        }
        true
    }

    /// Variant names for an enum's values; a collision that no rule resolves is an error.
    fn variants(&mut self, e: &EnumSchema, schema_ptr: &str) -> Option<Vec<Variant>> {
        if e.values.len() > MAX_TYPED_ENUM_VALUES {
            let msg = format!(
                "this enum has {} values; generated types support at most {MAX_TYPED_ENUM_VALUES} \
                 (every value is a variant); {USE_DYNAMIC}",
                e.values.len()
            );
            self.cx.error(self.file, &pointer_push(schema_ptr, "enum"), msg);
            return None;
        }
        if !self.count_items(e.values.len(), &pointer_push(schema_ptr, "enum")) {
            return None;
        }
        let names = match variant_names(&e.values) {
            Ok(n) => n,
            Err(c) => {
                let msg = match c.second {
                    Some(j) => format!(
                        "enum values {} and {} both become the variant `{}`; no unambiguous name exists (see the naming rules in the runcomfy-schema docs)",
                        e.values[c.first].to_json(),
                        e.values[j].to_json(),
                        c.name
                    ),
                    None => format!("enum value {} has no usable variant name", e.values[c.first].to_json()),
                };
                self.cx.error(self.file, &pointer_push(schema_ptr, "enum"), msg);
                return None;
            }
        };
        Some(
            names
                .into_iter()
                .zip(&e.values)
                .map(|(ident, literal)| Variant {
                    ident,
                    literal: literal.clone(),
                })
                .collect(),
        )
    }

    /// The documented default of a scalar field as a typed value, when the field's own
    /// constraints accept it (many defaults are sample prompts, some are stale).
    fn default_value(&self, schema: &Schema, ty: Ty) -> Option<DefaultValue> {
        let d = schema.docs.default.as_ref()?;
        let mut violations = Vec::new();
        crate::validate::validate_node(schema, d, "", &mut violations);
        if !violations.is_empty() {
            return None;
        }
        Some(match (&self.types.get(ty.0)?.kind, d) {
            (TypeKind::TextField(_), Value::String(s)) => DefaultValue::Str(s.clone()),
            (TypeKind::IntegerField(_), Value::Number(n)) => DefaultValue::Int(n.as_i64()?),
            (TypeKind::NumberField(_), Value::Number(n)) => DefaultValue::Float(n.as_f64()?),
            (TypeKind::BoolField, Value::Bool(b)) => DefaultValue::Bool(*b),
            (TypeKind::Enum(variants), value) => {
                DefaultValue::Variant(variants.iter().find(|v| v.literal.matches(value))?.ident.clone())
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_schema;

    const ZOO: &str = r#"{"type":"object","required":["prompt"],"properties":{
        "prompt":{"type":"string","maxLength":10,"description":"What to draw."},
        "steps":{"type":"integer","minimum":1,"maximum":8,"default":4},
        "ratio":{"type":"string","enum":["16:9","720P","720p"],"default":"720p"},
        "image":{"type":"string","format":"image_uri",
                 "validations":[{"validation_rule":"width_pixels<","validation_value":8000}]},
        "tags":{"type":"array","items":{"type":"string","maxLength":3},"maxItems":2},
        "camera":{"type":"object","properties":{"speed":{"type":"number","maximum":1}}}
    }}"#;

    fn model(text: &str) -> (Option<EndpointModel>, Ctxt) {
        let schema = parse_schema("zoo.json", "acme/zoo", text).schema.expect("parses");
        let mut cx = Ctxt::new();
        (EndpointModel::build(&mut cx, &schema), cx)
    }

    #[test]
    fn names_types_and_defaults_are_resolved_once() {
        let (m, cx) = model(ZOO);
        let m = m.expect("builds");
        assert!(!cx.has_errors());
        let names: Vec<&str> = m.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Prompt",
                "Steps",
                "Ratio",
                "Image",
                "TagsItem",
                "Tags",
                "CameraSpeed",
                "Camera"
            ]
        );
        let ratio = &m.types[2];
        match &ratio.kind {
            TypeKind::Enum(v) => {
                let idents: Vec<&str> = v.iter().map(|v| v.ident.as_str()).collect();
                assert_eq!(idents, ["V16_9", "V720P", "V720p"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(ratio.instance_pointer, "/ratio");
        let steps = &m.request.fields[1];
        assert_eq!(steps.default, Some(DefaultValue::Int(4)));
        assert_eq!(steps.default_fn().as_deref(), Some("default_steps"));
        assert_eq!(m.request.fields[2].default, Some(DefaultValue::Variant("V720p".into())));
        assert!(m.request.fields[0].doc.contains("What to draw."));
        assert!(m.types[0].doc.contains("at most 10 characters"));
    }

    #[test]
    fn the_compact_form_keeps_what_request_checks_and_no_prose() {
        let (m, _) = model(ZOO);
        let m = m.expect("builds");
        let compact = m.to_compact();
        assert!(!compact.contains("What to draw"), "{compact}");
        let back = EndpointModel::from_compact(&compact).expect("reads back");
        assert_eq!(back.model_id, m.model_id);
        let shape = |m: &EndpointModel| -> Vec<(String, String, bool, Ty)> {
            m.request
                .fields
                .iter()
                .map(|f| (f.ident.clone(), f.wire.clone(), f.required, f.ty))
                .collect()
        };
        assert_eq!(shape(&back), shape(&m));
        for (a, b) in back.types.iter().zip(&m.types) {
            assert_eq!(a.name, b.name);
            match (&a.kind, &b.kind) {
                // Media rules are not checked by `request!` and stay out of the compact form.
                (TypeKind::MediaField { kind: x, rules }, TypeKind::MediaField { kind: y, .. }) => {
                    assert_eq!(x, y);
                    assert!(rules.is_empty());
                }
                (TypeKind::Struct(x), TypeKind::Struct(y)) => assert_eq!(
                    x.fields.iter().map(|f| (&f.ident, &f.ty)).collect::<Vec<_>>(),
                    y.fields.iter().map(|f| (&f.ident, &f.ty)).collect::<Vec<_>>()
                ),
                (x, y) => assert_eq!(x, y),
            }
        }
        assert!(EndpointModel::from_compact("{").is_err());
    }

    #[test]
    fn every_field_has_a_type_whatever_its_constraints() {
        let (m, _) = model(
            r#"{"required":["prompt"],"properties":{
                "prompt":{"type":"string"},
                "seed":{"type":"integer"},
                "flag":{"type":"boolean","default":true},
                "extra":{},
                "style":{"type":"object"},
                "tags":{"type":"array","items":{"type":"string"}},
                "request":{"type":"string"}
            }}"#,
        );
        let m = m.expect("builds");
        let types: Vec<(&str, bool)> = m
            .request
            .fields
            .iter()
            .map(|f| {
                let t = m.named(f.ty).expect("every field names a type");
                (t.name.as_str(), t.kind.converts_from_plain())
            })
            .collect();
        assert_eq!(
            types,
            [
                ("Prompt", true),
                ("Seed", true),
                ("Flag", true),
                ("Extra", true),
                ("Style", true),
                ("Tags", true),
                // `Request` is the module's own.
                ("RequestValue", true),
            ]
        );
        assert!(matches!(
            m.named(Ty(6)).map(|t| &t.kind),
            Some(TypeKind::ListField { item: Ty(5), .. })
        ));
        assert_eq!(m.types[5].name, "TagsItem");
        assert_eq!(m.request.fields[2].default, Some(DefaultValue::Bool(true)));
        // Limits make a type check its value: no plain value passes as it then.
        let (m, _) = model(ZOO);
        let m = m.expect("builds");
        assert!(m.types.iter().all(|t| !t.kind.converts_from_plain()));
    }

    #[test]
    fn schemas_past_the_limits_of_generated_types_are_errors_that_say_what_to_use() {
        let props = |n: usize, required: usize| {
            let p: Vec<String> = (0..n).map(|i| format!(r#""p{i}":{{"type":"integer"}}"#)).collect();
            let r: Vec<String> = (0..required).map(|i| format!(r#""p{i}""#)).collect();
            format!(r#"{{"properties":{{{}}},"required":[{}]}}"#, p.join(","), r.join(","))
        };
        let cases = [
            (props(MAX_TYPED_PROPERTIES + 1, 1), "", "513 properties"),
            (
                props(100, MAX_TYPED_REQUIRED + 1),
                "/required",
                "65 required properties",
            ),
            (
                format!(
                    r#"{{"properties":{{"style":{{"type":"string","enum":[{}]}}}}}}"#,
                    (0..=MAX_TYPED_ENUM_VALUES)
                        .map(|i| format!(r#""s{i}""#))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                "/properties/style/enum",
                "4097 values",
            ),
        ];
        for (text, pointer, says) in cases {
            let (m, cx) = model(&text);
            assert!(m.is_none(), "{says}");
            let errors = cx.check().unwrap_err();
            assert_eq!(errors.len(), 1, "{says}");
            assert_eq!(errors[0].pointer, pointer, "{says}");
            assert!(errors[0].message.contains(says), "{}", errors[0]);
            assert!(errors[0].message.contains("DynamicRequest"), "{}", errors[0]);
        }
        // Each object and enum within its limit, the model past the sum of them: 8 enums of
        // 4,096 values (32,768 variants) is refused at the enum that crosses 16,384.
        let values = (0..MAX_TYPED_ENUM_VALUES)
            .map(|i| format!(r#""s{i}""#))
            .collect::<Vec<_>>()
            .join(",");
        let enums: Vec<String> = (0..8)
            .map(|i| format!(r#""e{i}":{{"type":"string","enum":[{values}]}}"#))
            .collect();
        let (m, cx) = model(&format!(r#"{{"properties":{{{}}}}}"#, enums.join(",")));
        assert!(m.is_none());
        let errors = cx.check().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].pointer, "/properties/e3/enum");
        assert!(errors[0].message.contains("more than 16384"), "{}", errors[0]);
        // At the limits, the types are generated.
        let (m, cx) = model(&props(MAX_TYPED_PROPERTIES, MAX_TYPED_REQUIRED));
        assert!(m.is_some() && cx.check().is_ok());
    }

    #[test]
    fn naming_collisions_are_reported_into_the_context() {
        let (m, cx) = model(r#"{"properties":{"e":{"type":"string","enum":["16:9","16-9"]}}}"#);
        assert!(m.is_none());
        let errors = cx.check().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].pointer, "/properties/e/enum");
        assert!(
            errors[0].message.contains("both become the variant `V16_9`"),
            "{}",
            errors[0]
        );
    }
}
