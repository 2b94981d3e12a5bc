//! Rust types for schema nodes: newtypes for constrained scalars and media, enums for
//! enums, structs for objects.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Literal as Lit, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value, json};

use super::docs;
use super::naming;
use crate::constraints::{IntegerRange, LengthRange, NumberRange};
use crate::diagnostic::{Diagnostic, Severity, pointer_push};
use crate::ir::{EnumSchema, Kind, Literal, MediaSchema, ObjectSchema, Schema};
use crate::media::{MediaKind, Metric, Op};

/// What a generated type is, so that defaults can be written as typed expressions.
#[derive(Debug, Clone)]
pub enum Shape {
    PlainString,
    NewString(Ident),
    PlainInt,
    NewInt(Ident),
    NewNum(Ident),
    Bool,
    Enum(Ident, Vec<(Literal, Ident)>),
    Media(Ident),
    Array {
        /// The count-checked newtype, when the schema limits the number of items.
        newtype: Option<Ident>,
        item_ty: TokenStream,
        item_shape: Box<Shape>,
    },
    Other,
}

/// A field of a generated struct.
pub struct Field {
    pub ident: Ident,
    pub wire: String,
    pub ty: TokenStream,
    pub shape: Shape,
    pub required: bool,
    pub schema: Schema,
}

/// Generates the types of one endpoint module.
pub struct TypeGen<'a> {
    pub rt: TokenStream,
    /// Prefix of the types this module defines, in the type tokens handed out (empty inside
    /// the endpoint module; `path::to::module::` for the `request!` expansion).
    pub type_path: TokenStream,
    pub items: Vec<TokenStream>,
    taken: BTreeSet<String>,
    pub diags: Vec<Diagnostic>,
    file: &'a str,
}

fn opt_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(f) => {
            let l = Lit::f64_suffixed(f);
            quote!(::core::option::Option::Some(#l))
        }
        None => quote!(::core::option::Option::None),
    }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => {
            let l = Lit::u64_suffixed(n);
            quote!(::core::option::Option::Some(#l))
        }
        None => quote!(::core::option::Option::None),
    }
}

fn bounds_json(
    m: &mut Map<String, Value>,
    min: Option<f64>,
    max: Option<f64>,
    xmin: Option<f64>,
    xmax: Option<f64>,
    int: bool,
) {
    let num = |f: f64| -> Value {
        if int && f.fract() == 0.0 && f.abs() < 9.0e15 {
            json!(f as i64)
        } else {
            json!(f)
        }
    };
    for (k, v) in [
        ("minimum", min),
        ("maximum", max),
        ("exclusiveMinimum", xmin),
        ("exclusiveMaximum", xmax),
    ] {
        if let Some(v) = v {
            m.insert(k.into(), num(v));
        }
    }
}

/// The JSON Schema a generated type reports through `schemars` (constraints only; titles and
/// descriptions sit on the struct fields).
pub fn json_schema_of(kind: &Kind) -> Value {
    let mut m = Map::new();
    match kind {
        Kind::String { length } => {
            m.insert("type".into(), json!("string"));
            if let Some(n) = length.min {
                m.insert("minLength".into(), json!(n));
            }
            if let Some(n) = length.max {
                m.insert("maxLength".into(), json!(n));
            }
        }
        Kind::Integer { range } => {
            m.insert("type".into(), json!("integer"));
            bounds_json(
                &mut m,
                range.minimum,
                range.maximum,
                range.exclusive_minimum,
                range.exclusive_maximum,
                true,
            );
        }
        Kind::Number { range } => {
            m.insert("type".into(), json!("number"));
            bounds_json(
                &mut m,
                range.minimum,
                range.maximum,
                range.exclusive_minimum,
                range.exclusive_maximum,
                false,
            );
        }
        Kind::Boolean => {
            m.insert("type".into(), json!("boolean"));
        }
        Kind::Enum(e) => {
            let ty = enum_json_type(e);
            if let Some(t) = ty {
                m.insert("type".into(), json!(t));
            }
            m.insert(
                "enum".into(),
                Value::Array(e.values.iter().map(Literal::to_value).collect()),
            );
        }
        Kind::Media(media) => {
            m.insert("type".into(), json!("string"));
            m.insert("format".into(), json!(media_format(media.kind)));
        }
        Kind::Array { count, .. } => {
            m.insert("type".into(), json!("array"));
            if let Some(n) = count.min {
                m.insert("minItems".into(), json!(n));
            }
            if let Some(n) = count.max {
                m.insert("maxItems".into(), json!(n));
            }
        }
        Kind::Object(_) | Kind::FreeForm => {
            m.insert("type".into(), json!("object"));
        }
        Kind::Any => {}
    }
    Value::Object(m)
}

fn media_format(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Image => "image_uri",
        MediaKind::Video => "video_uri",
        MediaKind::Audio => "audio_uri",
        MediaKind::Any => "uri",
    }
}

fn enum_json_type(e: &EnumSchema) -> Option<&'static str> {
    let tys: BTreeSet<&str> = e
        .values
        .iter()
        .map(|l| match l {
            Literal::String(_) => "string",
            Literal::Integer(_) => "integer",
            Literal::Number(_) => "number",
            Literal::Bool(_) => "boolean",
        })
        .collect();
    match tys.len() {
        1 => tys.into_iter().next(),
        2 if tys.contains("integer") && tys.contains("number") => Some("number"),
        _ => None,
    }
}

impl<'a> TypeGen<'a> {
    pub fn new(rt: TokenStream, file: &'a str) -> Self {
        let mut taken = BTreeSet::new();
        // Names the endpoint module defines itself.
        for n in ["Request", "RequestBuilder", "MODEL_ID", "SCHEMA_JSON", "SCHEMA_FILE"] {
            taken.insert(n.to_owned());
        }
        TypeGen {
            rt,
            type_path: TokenStream::new(),
            items: Vec::new(),
            taken,
            diags: Vec::new(),
            file,
        }
    }

    fn r(&self) -> TokenStream {
        let rt = &self.rt;
        quote!(#rt::__runtime)
    }

    pub fn error(&mut self, pointer: &str, message: String) {
        self.diags.push(Diagnostic {
            severity: Severity::Error,
            file: self.file.to_owned(),
            pointer: pointer.to_owned(),
            message,
        });
    }

    /// A type name not used yet in this module: `base`, else `baseValue`, `base2`, ...
    pub fn alloc(&mut self, base: &str) -> Ident {
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
        format_ident!("{}", name)
    }

    fn schema_impl(&self, name: &Ident, kind: &Kind, items: Option<&TokenStream>) -> TokenStream {
        let r = self.r();
        let text = json_schema_of(kind).to_string();
        let name_str = name.to_string();
        let add_items = items.map(|item_ty| {
            quote! {
                if let ::core::option::Option::Some(map) = schema.as_object_mut() {
                    map.insert("items".into(), generator.subschema_for::<#item_ty>().to_value());
                }
            }
        });
        let gen_name = if add_items.is_some() {
            quote!(generator)
        } else {
            quote!(_generator)
        };
        quote! {
            impl #r::schemars::JsonSchema for #name {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed(#name_str)
                }
                fn inline_schema() -> bool {
                    true
                }
                fn json_schema(#gen_name: &mut #r::schemars::SchemaGenerator) -> #r::schemars::Schema {
                    let value: #r::serde_json::Value = #r::serde_json::from_str(#text).unwrap_or_default();
                    #[allow(unused_mut)]
                    let mut schema = #r::schemars::Schema::try_from(value).unwrap_or_default();
                    #add_items
                    schema
                }
            }
        }
    }

    /// The Rust type of a node; defines any newtype, enum or struct it needs.
    /// `hint` names the type (UpperCamelCase), `at` is the instance pointer for messages.
    pub fn rust_type(&mut self, schema: &Schema, hint: &str, at: &str) -> Option<(TokenStream, Shape)> {
        let r = self.r();
        let tp = self.type_path.clone();
        let doc_head = docs::head(&schema.docs, hint);
        let constraints = docs::constraints(schema).join("\n\n");
        let doc = if constraints.is_empty() {
            doc_head
        } else {
            format!("{doc_head}\n\n{constraints}")
        };
        Some(match &schema.kind {
            Kind::Any => (quote!(#r::serde_json::Value), Shape::Other),
            Kind::FreeForm => (
                quote!(#r::serde_json::Map<::std::string::String, #r::serde_json::Value>),
                Shape::Other,
            ),
            Kind::Boolean => (quote!(bool), Shape::Bool),
            Kind::String { length } if length.is_unbounded() => (quote!(::std::string::String), Shape::PlainString),
            Kind::String { length } => {
                let name = self.alloc(hint);
                self.string_newtype(&name, *length, &doc, at, &schema.kind);
                (quote!(#tp #name), Shape::NewString(name))
            }
            Kind::Integer { range } if range.is_unbounded() => (quote!(i64), Shape::PlainInt),
            Kind::Integer { range } => {
                let name = self.alloc(hint);
                self.int_newtype(&name, *range, &doc, at, &schema.kind);
                (quote!(#tp #name), Shape::NewInt(name))
            }
            Kind::Number { range } => {
                let name = self.alloc(hint);
                self.num_newtype(&name, *range, &doc, at, &schema.kind);
                (quote!(#tp #name), Shape::NewNum(name))
            }
            Kind::Enum(e) => {
                let name = self.alloc(hint);
                let variants = self.enumeration(&name, e, &doc, at, &schema.pointer, &schema.kind)?;
                (quote!(#tp #name), Shape::Enum(name, variants))
            }
            Kind::Media(m) => {
                let name = self.alloc(hint);
                self.media_newtype(&name, m, &doc, at, &schema.kind);
                (quote!(#tp #name), Shape::Media(name))
            }
            Kind::Array { items, count } => {
                let item_at = pointer_push(at, "-");
                let (item_ty, item_shape) = self.rust_type(items, &format!("{hint}Item"), &item_at)?;
                let item_shape = Box::new(item_shape);
                if count.min.is_none() && count.max.is_none() {
                    let shape = Shape::Array {
                        newtype: None,
                        item_ty: item_ty.clone(),
                        item_shape,
                    };
                    (quote!(::std::vec::Vec<#item_ty>), shape)
                } else {
                    let name = self.alloc(hint);
                    self.array_newtype(&name, &item_ty, *count, &doc, at, &schema.kind);
                    (
                        quote!(#tp #name),
                        Shape::Array {
                            newtype: Some(name),
                            item_ty,
                            item_shape,
                        },
                    )
                }
            }
            Kind::Object(obj) => {
                let name = self.alloc(hint);
                let fields = self.fields(obj, at, hint)?;
                let def = self.struct_def(&name, obj, &fields, &doc, false);
                self.items.push(def);
                (quote!(#tp #name), Shape::Other)
            }
        })
    }

    /// The fields of an object, with unique Rust names and their types generated.
    pub fn fields(&mut self, obj: &ObjectSchema, at: &str, type_prefix: &str) -> Option<Vec<Field>> {
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
                self.error(&p.schema.pointer, msg);
                return None;
            }
        };
        let mut fields = Vec::with_capacity(idents.len());
        let mut ok = true;
        // Type names: camel case of the field, prefixed for nested objects.
        for (prop, ident) in obj.properties.iter().zip(idents) {
            let hint = format!("{type_prefix}{}", naming::type_name(&ident));
            let field_at = pointer_push(at, &prop.name);
            match self.rust_type(&prop.schema, &hint, &field_at) {
                Some((ty, shape)) => fields.push(Field {
                    ident: format_ident!("{}", ident),
                    wire: prop.name.clone(),
                    ty,
                    shape,
                    required: prop.required,
                    schema: prop.schema.clone(),
                }),
                None => ok = false,
            }
        }
        ok.then_some(fields)
    }

    /// A struct with serde and schemars derives for `fields`.
    pub fn struct_def(
        &mut self,
        name: &Ident,
        obj: &ObjectSchema,
        fields: &[Field],
        doc: &str,
        top: bool,
    ) -> TokenStream {
        let r = self.r();
        let serde_crate = format!("{}::__runtime::serde", self.rt).replace(' ', "");
        let schemars_crate = format!("{}::__runtime::schemars", self.rt).replace(' ', "");
        let deny = (!obj.additional_properties).then(|| quote!(deny_unknown_fields,));
        let defs = fields.iter().map(|f| {
            let ident = &f.ident;
            let ty = &f.ty;
            let wire = &f.wire;
            let rename = (*ident != wire.as_str()).then(|| quote!(rename = #wire,));
            let default_fn = if top { default_fn_name(f) } else { None };
            let doc = docs::field(wire, &f.schema, f.required, default_fn.as_deref());
            let doc_doc_attrs = docs::attrs(&doc);
            let title = f.schema.docs.title.clone().unwrap_or_default();
            let description = f.schema.docs.description.clone().unwrap_or_default();
            let mut sattrs = Vec::new();
            if !title.is_empty() {
                sattrs.push(quote!(title = #title));
            }
            if !description.is_empty() {
                sattrs.push(quote!(description = #description));
            }
            let schemars_attr = (!sattrs.is_empty()).then(|| quote!(#[schemars(#(#sattrs),*)]));
            if f.required {
                quote! {
                    #doc_doc_attrs
                    #[serde(#rename)]
                    #schemars_attr
                    pub #ident: #ty,
                }
            } else {
                quote! {
                    #doc_doc_attrs
                    #[serde(#rename default, skip_serializing_if = "::core::option::Option::is_none")]
                    #schemars_attr
                    pub #ident: ::core::option::Option<#ty>,
                }
            }
        });
        let extra = obj.additional_properties.then(|| {
            quote! {
                /// Keys the schema does not list (it allows additional properties).
                #[serde(flatten)]
                pub additional_properties: #r::serde_json::Map<::std::string::String, #r::serde_json::Value>,
            }
        });
        let doc_doc_attrs = docs::attrs(doc);
        quote! {
            #doc_doc_attrs
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, #r::serde::Serialize, #r::serde::Deserialize, #r::schemars::JsonSchema)]
            #[serde(crate = #serde_crate, #deny)]
            #[schemars(crate = #schemars_crate)]
            pub struct #name {
                #(#defs)*
                #extra
            }
        }
    }

    fn violation(&self, at: &str) -> TokenStream {
        let r = self.r();
        quote!(|c| #r::Violation::new(#at, c))
    }

    fn string_newtype(&mut self, name: &Ident, length: LengthRange, doc: &str, at: &str, kind: &Kind) {
        let doc_doc_attrs = docs::attrs(doc);
        let r = self.r();
        let (min, max) = (opt_u64(length.min), opt_u64(length.max));
        let viol = self.violation(at);
        let schema = self.schema_impl(name, kind, None);
        self.items.push(quote! {
            #doc_doc_attrs
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash, ::core::cmp::PartialOrd, ::core::cmp::Ord)]
            pub struct #name(::std::string::String);

            impl #name {
                /// The length limits from the schema, in Unicode scalar values.
                pub const LENGTH: #r::LengthRange = #r::LengthRange { min: #min, max: #max };

                /// Checks the length of `value` (in Unicode scalar values, not bytes).
                pub fn new(value: impl ::core::convert::Into<::std::string::String>) -> ::core::result::Result<Self, #r::Violation> {
                    let value = value.into();
                    Self::LENGTH.check_str(&value).map_err(#viol)?;
                    ::core::result::Result::Ok(Self(value))
                }

                /// The text.
                pub fn as_str(&self) -> &str {
                    &self.0
                }

                /// The text, by value.
                pub fn into_inner(self) -> ::std::string::String {
                    self.0
                }

                /// For the `request!` macro, which checks literals at compile time.
                #[doc(hidden)]
                pub fn __new_unchecked(value: ::std::string::String) -> Self {
                    Self(value)
                }
            }

            impl ::core::ops::Deref for #name {
                type Target = str;
                fn deref(&self) -> &str {
                    &self.0
                }
            }

            impl ::core::convert::AsRef<str> for #name {
                fn as_ref(&self) -> &str {
                    &self.0
                }
            }

            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(&self.0)
                }
            }

            impl ::core::convert::TryFrom<::std::string::String> for #name {
                type Error = #r::Violation;
                fn try_from(value: ::std::string::String) -> ::core::result::Result<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl ::core::convert::TryFrom<&str> for #name {
                type Error = #r::Violation;
                fn try_from(value: &str) -> ::core::result::Result<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl ::core::str::FromStr for #name {
                type Err = #r::Violation;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    Self::new(value)
                }
            }

            impl ::core::convert::From<#name> for ::std::string::String {
                fn from(value: #name) -> Self {
                    value.0
                }
            }

            impl #r::serde::Serialize for #name {
                fn serialize<S: #r::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(&self.0)
                }
            }

            impl<'de> #r::serde::Deserialize<'de> for #name {
                fn deserialize<D: #r::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let value = <::std::string::String as #r::serde::Deserialize>::deserialize(deserializer)?;
                    Self::new(value).map_err(<D::Error as #r::serde::de::Error>::custom)
                }
            }

            #schema
        });
    }

    fn int_newtype(&mut self, name: &Ident, range: IntegerRange, doc: &str, at: &str, kind: &Kind) {
        let doc_doc_attrs = docs::attrs(doc);
        let r = self.r();
        let (min, max, xmin, xmax) = (
            opt_f64(range.minimum),
            opt_f64(range.maximum),
            opt_f64(range.exclusive_minimum),
            opt_f64(range.exclusive_maximum),
        );
        let viol = self.violation(at);
        let schema = self.schema_impl(name, kind, None);
        let min_const = range.effective_min().map(|m| {
            let l = Lit::i64_suffixed(m);
            quote! {
                /// The smallest allowed value.
                pub const MIN: Self = Self(#l);
            }
        });
        let max_const = range.effective_max().map(|m| {
            let l = Lit::i64_suffixed(m);
            quote! {
                /// The largest allowed value.
                pub const MAX: Self = Self(#l);
            }
        });
        self.items.push(quote! {
            #doc_doc_attrs
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash, ::core::cmp::PartialOrd, ::core::cmp::Ord)]
            pub struct #name(i64);

            impl #name {
                /// The bounds from the schema, as written there.
                pub const RANGE: #r::IntegerRange = #r::IntegerRange {
                    minimum: #min,
                    maximum: #max,
                    exclusive_minimum: #xmin,
                    exclusive_maximum: #xmax,
                };
                #min_const
                #max_const

                /// Checks `value` against [`Self::RANGE`].
                pub fn new(value: i64) -> ::core::result::Result<Self, #r::Violation> {
                    Self::RANGE.check(value).map_err(#viol)?;
                    ::core::result::Result::Ok(Self(value))
                }

                /// The value.
                pub const fn get(self) -> i64 {
                    self.0
                }

                /// For the `request!` macro, which checks literals at compile time.
                #[doc(hidden)]
                pub const fn __new_unchecked(value: i64) -> Self {
                    Self(value)
                }
            }

            impl ::core::convert::TryFrom<i64> for #name {
                type Error = #r::Violation;
                fn try_from(value: i64) -> ::core::result::Result<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl ::core::convert::From<#name> for i64 {
                fn from(value: #name) -> Self {
                    value.0
                }
            }

            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::fmt::Display::fmt(&self.0, f)
                }
            }

            impl ::core::str::FromStr for #name {
                type Err = #r::Violation;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    match value.trim().parse::<i64>() {
                        ::core::result::Result::Ok(v) => Self::new(v),
                        ::core::result::Result::Err(_) => ::core::result::Result::Err(#r::Violation::new(
                            #at,
                            #r::Constraint::Type { expected: "an integer", found: ::std::format!("{value:?}") },
                        )),
                    }
                }
            }

            impl #r::serde::Serialize for #name {
                fn serialize<S: #r::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.0)
                }
            }

            impl<'de> #r::serde::Deserialize<'de> for #name {
                fn deserialize<D: #r::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let value = <i64 as #r::serde::Deserialize>::deserialize(deserializer)?;
                    Self::new(value).map_err(<D::Error as #r::serde::de::Error>::custom)
                }
            }

            #schema
        });
    }

    fn num_newtype(&mut self, name: &Ident, range: NumberRange, doc: &str, at: &str, kind: &Kind) {
        let doc_doc_attrs = docs::attrs(doc);
        let r = self.r();
        let (min, max, xmin, xmax) = (
            opt_f64(range.minimum),
            opt_f64(range.maximum),
            opt_f64(range.exclusive_minimum),
            opt_f64(range.exclusive_maximum),
        );
        let viol = self.violation(at);
        let schema = self.schema_impl(name, kind, None);
        self.items.push(quote! {
            #doc_doc_attrs
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::PartialOrd)]
            pub struct #name(f64);

            impl #name {
                /// The bounds from the schema (finite values only, always).
                pub const RANGE: #r::NumberRange = #r::NumberRange {
                    minimum: #min,
                    maximum: #max,
                    exclusive_minimum: #xmin,
                    exclusive_maximum: #xmax,
                };

                /// Checks `value` against [`Self::RANGE`]; NaN and infinities are rejected.
                pub fn new(value: f64) -> ::core::result::Result<Self, #r::Violation> {
                    Self::RANGE.check(value).map_err(#viol)?;
                    ::core::result::Result::Ok(Self(value))
                }

                /// The value.
                pub const fn get(self) -> f64 {
                    self.0
                }

                /// For the `request!` macro, which checks literals at compile time.
                #[doc(hidden)]
                pub const fn __new_unchecked(value: f64) -> Self {
                    Self(value)
                }
            }

            impl ::core::convert::TryFrom<f64> for #name {
                type Error = #r::Violation;
                fn try_from(value: f64) -> ::core::result::Result<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl ::core::convert::From<#name> for f64 {
                fn from(value: #name) -> Self {
                    value.0
                }
            }

            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::fmt::Display::fmt(&self.0, f)
                }
            }

            impl ::core::str::FromStr for #name {
                type Err = #r::Violation;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    match value.trim().parse::<f64>() {
                        ::core::result::Result::Ok(v) => Self::new(v),
                        ::core::result::Result::Err(_) => ::core::result::Result::Err(#r::Violation::new(
                            #at,
                            #r::Constraint::Type { expected: "a number", found: ::std::format!("{value:?}") },
                        )),
                    }
                }
            }

            impl #r::serde::Serialize for #name {
                fn serialize<S: #r::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_f64(self.0)
                }
            }

            impl<'de> #r::serde::Deserialize<'de> for #name {
                fn deserialize<D: #r::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let value = <f64 as #r::serde::Deserialize>::deserialize(deserializer)?;
                    Self::new(value).map_err(<D::Error as #r::serde::de::Error>::custom)
                }
            }

            #schema
        });
    }

    fn media_newtype(&mut self, name: &Ident, media: &MediaSchema, doc: &str, at: &str, kind: &Kind) {
        let doc_doc_attrs = docs::attrs(doc);
        let r = self.r();
        let media_kind = match media.kind {
            MediaKind::Image => quote!(#r::MediaKind::Image),
            MediaKind::Video => quote!(#r::MediaKind::Video),
            MediaKind::Audio => quote!(#r::MediaKind::Audio),
            MediaKind::Any => quote!(#r::MediaKind::Any),
        };
        let rules = media.rules.iter().map(|rule| {
            let metric = match &rule.metric {
                Metric::WidthPixels => quote!(#r::Metric::WidthPixels),
                Metric::HeightPixels => quote!(#r::Metric::HeightPixels),
                Metric::AspectRatio => quote!(#r::Metric::AspectRatio),
                Metric::FileSizeMb => quote!(#r::Metric::FileSizeMb),
                Metric::Unknown(n) => {
                    let n = n.as_ref();
                    quote!(#r::Metric::Unknown(::std::borrow::Cow::Borrowed(#n)))
                }
            };
            let op = match rule.op {
                Op::Less => quote!(#r::Op::Less),
                Op::LessOrEqual => quote!(#r::Op::LessOrEqual),
                Op::Greater => quote!(#r::Op::Greater),
                Op::GreaterOrEqual => quote!(#r::Op::GreaterOrEqual),
            };
            let limit = Lit::f64_suffixed(rule.limit);
            let text = rule.rule.as_ref();
            let message = rule.message.as_ref();
            quote! {
                #r::MediaRule {
                    metric: #metric,
                    op: #op,
                    limit: #limit,
                    rule: ::std::borrow::Cow::Borrowed(#text),
                    message: ::std::borrow::Cow::Borrowed(#message),
                }
            }
        });
        let viol = self.violation(at);
        let schema = self.schema_impl(name, kind, None);
        self.items.push(quote! {
            #doc_doc_attrs
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
            pub struct #name(#r::MediaInput);

            impl #name {
                /// The kind of media this field takes.
                pub const KIND: #r::MediaKind = #media_kind;
                /// The schema's `validations` for this field; the client checks them before
                /// submitting (image headers of local data, HTTP Range for URLs).
                pub const RULES: &'static [#r::MediaRule] = &[#(#rules),*];

                /// Wraps a media input, checking that a `data:` URI's type fits [`Self::KIND`].
                pub fn new(input: #r::MediaInput) -> ::core::result::Result<Self, #r::Violation> {
                    Self::parse(input.as_str())
                }

                /// Parses an `https://` URL or a `data:` URI.
                pub fn parse(value: &str) -> ::core::result::Result<Self, #r::Violation> {
                    #r::MediaInput::parse_for(value, Self::KIND).map(Self).map_err(#viol)
                }

                /// Encodes `bytes` as a `data:` URI of type `mime`.
                pub fn from_bytes(mime: &str, bytes: &[u8]) -> ::core::result::Result<Self, #r::Violation> {
                    Self::new(#r::MediaInput::from_bytes(mime, bytes))
                }

                /// The media input.
                pub fn as_media(&self) -> &#r::MediaInput {
                    &self.0
                }

                /// The wire form (URL or `data:` URI).
                pub fn as_str(&self) -> &str {
                    self.0.as_str()
                }

                /// The media input, by value.
                pub fn into_inner(self) -> #r::MediaInput {
                    self.0
                }

                /// For the `request!` macro, which checks literals at compile time.
                #[doc(hidden)]
                pub fn __new_unchecked(value: &str) -> Self {
                    Self(#r::MediaInput::__new_unchecked(::std::string::String::from(value)))
                }
            }

            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.0.as_str())
                }
            }

            impl ::core::convert::TryFrom<&str> for #name {
                type Error = #r::Violation;
                fn try_from(value: &str) -> ::core::result::Result<Self, Self::Error> {
                    Self::parse(value)
                }
            }

            impl ::core::convert::TryFrom<::std::string::String> for #name {
                type Error = #r::Violation;
                fn try_from(value: ::std::string::String) -> ::core::result::Result<Self, Self::Error> {
                    Self::parse(&value)
                }
            }

            impl ::core::convert::TryFrom<#r::MediaInput> for #name {
                type Error = #r::Violation;
                fn try_from(value: #r::MediaInput) -> ::core::result::Result<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl ::core::str::FromStr for #name {
                type Err = #r::Violation;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    Self::parse(value)
                }
            }

            impl #r::serde::Serialize for #name {
                fn serialize<S: #r::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.0.as_str())
                }
            }

            impl<'de> #r::serde::Deserialize<'de> for #name {
                fn deserialize<D: #r::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let value = <::std::string::String as #r::serde::Deserialize>::deserialize(deserializer)?;
                    Self::parse(&value).map_err(<D::Error as #r::serde::de::Error>::custom)
                }
            }

            #schema
        });
    }

    fn array_newtype(
        &mut self,
        name: &Ident,
        item: &TokenStream,
        count: LengthRange,
        doc: &str,
        at: &str,
        kind: &Kind,
    ) {
        let doc_doc_attrs = docs::attrs(doc);
        let r = self.r();
        let (min, max) = (opt_u64(count.min), opt_u64(count.max));
        let viol = self.violation(at);
        let schema = self.schema_impl(name, kind, Some(item));
        self.items.push(quote! {
            #doc_doc_attrs
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
            pub struct #name(::std::vec::Vec<#item>);

            impl #name {
                /// `minItems`/`maxItems` from the schema.
                pub const COUNT: #r::LengthRange = #r::LengthRange { min: #min, max: #max };

                /// Checks the number of items.
                pub fn new(items: ::std::vec::Vec<#item>) -> ::core::result::Result<Self, #r::Violation> {
                    Self::COUNT.check_items(items.len()).map_err(#viol)?;
                    ::core::result::Result::Ok(Self(items))
                }

                /// The items.
                pub fn as_slice(&self) -> &[#item] {
                    &self.0
                }

                /// The items, by value.
                pub fn into_inner(self) -> ::std::vec::Vec<#item> {
                    self.0
                }

                /// For the `request!` macro, which checks literals at compile time.
                #[doc(hidden)]
                pub fn __new_unchecked(items: ::std::vec::Vec<#item>) -> Self {
                    Self(items)
                }
            }

            impl ::core::ops::Deref for #name {
                type Target = [#item];
                fn deref(&self) -> &[#item] {
                    &self.0
                }
            }

            impl ::core::convert::TryFrom<::std::vec::Vec<#item>> for #name {
                type Error = #r::Violation;
                fn try_from(items: ::std::vec::Vec<#item>) -> ::core::result::Result<Self, Self::Error> {
                    Self::new(items)
                }
            }

            impl #r::serde::Serialize for #name {
                fn serialize<S: #r::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    #r::serde::Serialize::serialize(&self.0, serializer)
                }
            }

            impl<'de> #r::serde::Deserialize<'de> for #name {
                fn deserialize<D: #r::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let items = <::std::vec::Vec<#item> as #r::serde::Deserialize>::deserialize(deserializer)?;
                    Self::new(items).map_err(<D::Error as #r::serde::de::Error>::custom)
                }
            }

            #schema
        });
    }

    fn enumeration(
        &mut self,
        name: &Ident,
        e: &EnumSchema,
        doc: &str,
        at: &str,
        schema_ptr: &str,
        kind: &Kind,
    ) -> Option<Vec<(Literal, Ident)>> {
        let doc_doc_attrs = docs::attrs(doc);
        let r = self.r();
        let texts: Vec<String> = e.values.iter().map(Literal::to_text).collect();
        let names = match naming::allocate(
            &texts,
            |s| Some(naming::variant(s)),
            |s| Some(naming::variant_exact(s)),
            &[],
        ) {
            Ok(n) => n,
            Err(c) => {
                let ptr = pointer_push(schema_ptr, "enum");
                let msg = match c.second {
                    Some(j) => format!(
                        "enum values {} and {} both become the variant `{}`; no unambiguous name exists (see the naming rules in the runcomfy-schema docs)",
                        e.values[c.first].to_json(),
                        e.values[j].to_json(),
                        c.name
                    ),
                    None => format!("enum value {} has no usable variant name", e.values[c.first].to_json()),
                };
                self.error(&ptr, msg);
                return None;
            }
        };
        let idents: Vec<Ident> = names.iter().map(|n| format_ident!("{}", n)).collect();
        let variant_defs = e.values.iter().zip(&idents).map(|(lit, ident)| {
            let d = docs::code(&lit.to_json());
            let d_doc_attrs = docs::attrs(&d);
            quote! {
                #d_doc_attrs
                #ident,
            }
        });
        let lit_refs = e.values.iter().map(|lit| match lit {
            Literal::String(s) => quote!(#r::LiteralRef::Str(#s)),
            Literal::Integer(i) => {
                let l = Lit::i64_suffixed(*i);
                quote!(#r::LiteralRef::Int(#l))
            }
            Literal::Number(f) => {
                let l = Lit::f64_suffixed(*f);
                quote!(#r::LiteralRef::Num(#l))
            }
            Literal::Bool(b) => quote!(#r::LiteralRef::Bool(#b)),
        });
        let text_arms = e.values.iter().zip(&idents).map(|(lit, ident)| {
            let t = lit.to_text();
            quote!(Self::#ident => #t,)
        });
        let ser_arms = e.values.iter().zip(&idents).map(|(lit, ident)| match lit {
            Literal::String(s) => quote!(Self::#ident => serializer.serialize_str(#s),),
            Literal::Integer(i) => {
                let l = Lit::i64_suffixed(*i);
                quote!(Self::#ident => serializer.serialize_i64(#l),)
            }
            Literal::Number(f) => {
                let l = Lit::f64_suffixed(*f);
                quote!(Self::#ident => serializer.serialize_f64(#l),)
            }
            Literal::Bool(b) => quote!(Self::#ident => serializer.serialize_bool(#b),),
        });
        let allowed: Vec<String> = e.values.iter().map(Literal::to_json).collect();
        let schema = self.schema_impl(name, kind, None);
        let first = &idents[0];
        self.items.push(quote! {
            #doc_doc_attrs
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
            pub enum #name {
                #(#variant_defs)*
            }

            impl #name {
                /// Every allowed value, in the schema's order.
                pub const ALL: &'static [Self] = &[#(Self::#idents),*];
                /// The JSON literal of each value of [`Self::ALL`], in the same order.
                pub const LITERALS: &'static [#r::LiteralRef<'static>] = &[#(#lit_refs),*];

                /// The value as text, without JSON quotes (`16:9`, `5`): what a CLI user types.
                pub const fn as_str(self) -> &'static str {
                    match self {
                        #(#text_arms)*
                    }
                }

                /// Finds the value whose JSON literal equals `value`.
                pub fn from_json(value: &#r::serde_json::Value) -> ::core::option::Option<Self> {
                    Self::LITERALS.iter().position(|l| l.matches(value)).map(|i| Self::ALL[i])
                }

                fn not_allowed(found: ::std::string::String) -> #r::Violation {
                    #r::Violation::new(
                        #at,
                        #r::Constraint::Enum {
                            allowed: ::std::vec![#(::std::string::String::from(#allowed)),*],
                            found,
                        },
                    )
                }
            }

            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::core::str::FromStr for #name {
                type Err = #r::Violation;
                /// Parses the text form ([`Self::as_str`]).
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    Self::ALL
                        .iter()
                        .copied()
                        .find(|v| v.as_str() == value)
                        .ok_or_else(|| Self::not_allowed(::std::format!("{value:?}")))
                }
            }

            impl #r::serde::Serialize for #name {
                fn serialize<S: #r::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    match self {
                        #(#ser_arms)*
                    }
                }
            }

            impl<'de> #r::serde::Deserialize<'de> for #name {
                fn deserialize<D: #r::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let value = <#r::serde_json::Value as #r::serde::Deserialize>::deserialize(deserializer)?;
                    Self::from_json(&value).ok_or_else(|| {
                        <D::Error as #r::serde::de::Error>::custom(Self::not_allowed(value.to_string()))
                    })
                }
            }

            #schema
        });
        let _ = first;
        Some(e.values.iter().cloned().zip(idents).collect())
    }
}

/// The name of the typed default accessor of a field, if it gets one.
pub fn default_fn_name(f: &Field) -> Option<String> {
    default_expr(f).map(|_| format!("default_{}", f.ident.to_string().trim_start_matches("r#")))
}

/// A typed expression for the documented default of a scalar field, when it is valid.
pub fn default_expr(f: &Field) -> Option<(TokenStream, TokenStream)> {
    let d = f.schema.docs.default.as_ref()?;
    let mut v = Vec::new();
    crate::validate::validate_node(&f.schema, d, "", &mut v);
    if !v.is_empty() {
        return None;
    }
    let ty = &f.ty;
    Some(match (&f.shape, d) {
        (Shape::PlainString, Value::String(s)) => {
            (quote!(::std::string::String), quote!(::std::string::String::from(#s)))
        }
        (Shape::NewString(n), Value::String(s)) => (quote!(#ty), quote!(#n(::std::string::String::from(#s)))),
        (Shape::PlainInt, Value::Number(n)) => {
            let l = Lit::i64_suffixed(n.as_i64()?);
            (quote!(i64), quote!(#l))
        }
        (Shape::NewInt(name), Value::Number(n)) => {
            let l = Lit::i64_suffixed(n.as_i64()?);
            (quote!(#ty), quote!(#name(#l)))
        }
        (Shape::NewNum(name), Value::Number(n)) => {
            let l = Lit::f64_suffixed(n.as_f64()?);
            (quote!(#ty), quote!(#name(#l)))
        }
        (Shape::Bool, Value::Bool(b)) => (quote!(bool), quote!(#b)),
        (Shape::Enum(name, variants), value) => {
            let (_, ident) = variants.iter().find(|(lit, _)| lit.matches(value))?;
            (quote!(#ty), quote!(#name::#ident))
        }
        _ => return None,
    })
}
