//! Rust types for schema nodes: newtypes for constrained scalars and media, enums for
//! enums, structs for objects.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Literal as Lit, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

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
    /// Marker types of constrained fields, for the endpoint's hidden `__spec` module.
    pub specs: Vec<TokenStream>,
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
            specs: Vec::new(),
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
                self.string_newtype(&name, *length, &doc, at);
                (quote!(#tp #name), Shape::NewString(name))
            }
            Kind::Integer { range } if range.is_unbounded() => (quote!(i64), Shape::PlainInt),
            Kind::Integer { range } => {
                let name = self.alloc(hint);
                self.int_newtype(&name, *range, &doc, at);
                (quote!(#tp #name), Shape::NewInt(name))
            }
            Kind::Number { range } => {
                let name = self.alloc(hint);
                self.num_newtype(&name, *range, &doc, at);
                (quote!(#tp #name), Shape::NewNum(name))
            }
            Kind::Enum(e) => {
                let name = self.alloc(hint);
                let variants = self.enumeration(&name, e, &doc, at, &schema.pointer)?;
                (quote!(#tp #name), Shape::Enum(name, variants))
            }
            Kind::Media(m) => {
                let name = self.alloc(hint);
                self.media_newtype(&name, m, &doc, at);
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
                    self.array_newtype(&name, &item_ty, *count, &doc, at);
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
        // Deserialize by hand: objects only, one line per field (see `typed::take_required`).
        let takes = fields.iter().map(|f| {
            let ident = &f.ident;
            let wire = &f.wire;
            if f.required {
                quote!(#ident: #r::take_required(&mut map, #wire)?,)
            } else {
                quote!(#ident: #r::take_optional(&mut map, #wire)?,)
            }
        });
        let wires = fields.iter().map(|f| &f.wire);
        let finish = if obj.additional_properties {
            quote!(additional_properties: map,)
        } else {
            quote!()
        };
        let check_unknown =
            (!obj.additional_properties).then(|| quote!(#r::reject_unknown::<D::Error>(&map, &[#(#wires),*])?;));
        let doc_doc_attrs = docs::attrs(doc);
        quote! {
            #doc_doc_attrs
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, #r::serde::Serialize, #r::schemars::JsonSchema)]
            #[serde(crate = #serde_crate, #deny)]
            #[schemars(crate = #schemars_crate)]
            pub struct #name {
                #(#defs)*
                #extra
            }

            impl<'de> #r::serde::Deserialize<'de> for #name {
                fn deserialize<D: #r::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    #[allow(unused_mut)]
                    let mut map = <#r::serde_json::Map<::std::string::String, #r::serde_json::Value> as #r::serde::Deserialize>::deserialize(deserializer)?;
                    let value = Self {
                        #(#takes)*
                        #finish
                    };
                    #check_unknown
                    ::core::result::Result::Ok(value)
                }
            }
        }
    }

    /// The marker type of a field and its `FieldSpec` impl; `extra` adds the kind's spec.
    fn spec(&mut self, name: &Ident, at: &str, extra: TokenStream) {
        let r = self.r();
        let name_str = name.to_string();
        let doc = format!(" Marker of [`super::{name_str}`]: the field's constraints.");
        self.specs.push(quote! {
            #[doc = #doc]
            #[derive(::core::fmt::Debug)]
            pub enum #name {}
            impl #r::FieldSpec for #name {
                const NAME: &'static str = #name_str;
                const POINTER: &'static str = #at;
            }
            #extra
        });
    }

    fn alias(&mut self, name: &Ident, doc: &str, target: TokenStream) {
        let doc_doc_attrs = docs::attrs(doc);
        self.items.push(quote! {
            #doc_doc_attrs
            pub type #name = #target;
        });
    }

    fn string_newtype(&mut self, name: &Ident, length: LengthRange, doc: &str, at: &str) {
        let r = self.r();
        let (min, max) = (opt_u64(length.min), opt_u64(length.max));
        self.spec(
            name,
            at,
            quote! {
                impl #r::TextSpec for #name {
                    const LENGTH: #r::LengthRange = #r::LengthRange { min: #min, max: #max };
                }
            },
        );
        self.alias(name, doc, quote!(#r::Text<__spec::#name>));
    }

    fn int_newtype(&mut self, name: &Ident, range: IntegerRange, doc: &str, at: &str) {
        let r = self.r();
        let (min, max, xmin, xmax) = (
            opt_f64(range.minimum),
            opt_f64(range.maximum),
            opt_f64(range.exclusive_minimum),
            opt_f64(range.exclusive_maximum),
        );
        self.spec(
            name,
            at,
            quote! {
                impl #r::IntegerSpec for #name {
                    const RANGE: #r::IntegerRange = #r::IntegerRange {
                        minimum: #min,
                        maximum: #max,
                        exclusive_minimum: #xmin,
                        exclusive_maximum: #xmax,
                    };
                }
            },
        );
        self.alias(name, doc, quote!(#r::Integer<__spec::#name>));
    }

    fn num_newtype(&mut self, name: &Ident, range: NumberRange, doc: &str, at: &str) {
        let r = self.r();
        let (min, max, xmin, xmax) = (
            opt_f64(range.minimum),
            opt_f64(range.maximum),
            opt_f64(range.exclusive_minimum),
            opt_f64(range.exclusive_maximum),
        );
        self.spec(
            name,
            at,
            quote! {
                impl #r::NumberSpec for #name {
                    const RANGE: #r::NumberRange = #r::NumberRange {
                        minimum: #min,
                        maximum: #max,
                        exclusive_minimum: #xmin,
                        exclusive_maximum: #xmax,
                    };
                }
            },
        );
        self.alias(name, doc, quote!(#r::Number<__spec::#name>));
    }

    fn media_newtype(&mut self, name: &Ident, media: &MediaSchema, doc: &str, at: &str) {
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
        self.spec(
            name,
            at,
            quote! {
                impl #r::MediaSpec for #name {
                    const KIND: #r::MediaKind = #media_kind;
                    const RULES: &'static [#r::MediaRule] = &[#(#rules),*];
                }
            },
        );
        self.alias(name, doc, quote!(#r::Media<__spec::#name>));
    }

    fn array_newtype(&mut self, name: &Ident, item: &TokenStream, count: LengthRange, doc: &str, at: &str) {
        let r = self.r();
        let (min, max) = (opt_u64(count.min), opt_u64(count.max));
        self.spec(
            name,
            at,
            quote! {
                impl #r::ListSpec for #name {
                    const COUNT: #r::LengthRange = #r::LengthRange { min: #min, max: #max };
                }
            },
        );
        self.alias(name, doc, quote!(#r::List<#item, __spec::#name>));
    }

    fn enumeration(
        &mut self,
        name: &Ident,
        e: &EnumSchema,
        doc: &str,
        at: &str,
        schema_ptr: &str,
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
            let d = docs::attrs(&docs::code(&lit.to_json()));
            quote! {
                #d
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
        let json_type = match enum_json_type(e) {
            Some(t) => quote!(::core::option::Option::Some(#t)),
            None => quote!(::core::option::Option::None),
        };
        let name_str = name.to_string();
        self.items.push(quote! {
            #doc_doc_attrs
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
            pub enum #name {
                #(#variant_defs)*
            }

            impl #name {
                /// Every allowed value, in the schema's order.
                pub const ALL: &'static [Self] = <Self as #r::LiteralEnum>::ALL;

                /// The value as text, without JSON quotes (`16:9`, `5`): what a CLI user types.
                pub const fn as_str(self) -> &'static str {
                    <Self as #r::LiteralEnum>::TEXTS[self as usize]
                }

                /// The value whose JSON literal equals `value`.
                pub fn from_json(value: &#r::serde_json::Value) -> ::core::option::Option<Self> {
                    #r::enum_from_json(value)
                }
            }

            impl #r::LiteralEnum for #name {
                const NAME: &'static str = #name_str;
                const POINTER: &'static str = #at;
                const ALL: &'static [Self] = &[#(Self::#idents),*];
                const LITERALS: &'static [#r::LiteralRef<'static>] = &[#(#lit_refs),*];
                const TEXTS: &'static [&'static str] = &[#(#texts),*];
                const JSON_TYPE: ::core::option::Option<&'static str> = #json_type;
                fn index(self) -> usize {
                    self as usize
                }
            }

            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::core::str::FromStr for #name {
                type Err = #r::Violation;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    #r::enum_from_str(value)
                }
            }

            impl #r::serde::Serialize for #name {
                fn serialize<S: #r::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    #r::enum_serialize(*self, serializer)
                }
            }

            impl<'de> #r::serde::Deserialize<'de> for #name {
                fn deserialize<D: #r::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    #r::enum_deserialize(deserializer)
                }
            }

            impl #r::schemars::JsonSchema for #name {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed(#name_str)
                }
                fn inline_schema() -> bool {
                    true
                }
                fn json_schema(_: &mut #r::schemars::SchemaGenerator) -> #r::schemars::Schema {
                    #r::enum_json_schema::<Self>()
                }
            }
        });
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
        (Shape::NewString(n), Value::String(s)) => (
            quote!(#ty),
            quote!(#n::__new_unchecked(::std::string::String::from(#s))),
        ),
        (Shape::PlainInt, Value::Number(n)) => {
            let l = Lit::i64_suffixed(n.as_i64()?);
            (quote!(i64), quote!(#l))
        }
        (Shape::NewInt(name), Value::Number(n)) => {
            let l = Lit::i64_suffixed(n.as_i64()?);
            (quote!(#ty), quote!(#name::__new_unchecked(#l)))
        }
        (Shape::NewNum(name), Value::Number(n)) => {
            let l = Lit::f64_suffixed(n.as_f64()?);
            (quote!(#ty), quote!(#name::__new_unchecked(#l)))
        }
        (Shape::Bool, Value::Bool(b)) => (quote!(bool), quote!(#b)),
        (Shape::Enum(name, variants), value) => {
            let (_, ident) = variants.iter().find(|(lit, _)| lit.matches(value))?;
            (quote!(#ty), quote!(#name::#ident))
        }
        _ => return None,
    })
}
