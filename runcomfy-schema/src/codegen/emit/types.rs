//! The named types of an endpoint module: a type per field, an alias of one of the runtime's
//! generic field types over the field's marker (`pub type Steps = Integer<fields::Steps>`);
//! an enum per enum field; a struct per nested object. The markers sit in the module's public
//! `fields` module: each implements `FieldSpec` (the field's plain value type, name, pointer
//! and limits) and has no other item, so a field costs the compiler an alias and a few
//! constants, while every behaviour is written once in the runtime.

use proc_macro2::{Ident, Literal as Lit, TokenStream};
use quote::quote;

use super::{ident, rust_type, struct_def, struct_impls};
use crate::codegen::docs;
use crate::codegen::model::{EndpointModel, TypeKind, TypeModel, Variant};
use crate::constraints::{Bounds, LengthRange};
use crate::ir::Literal;
use crate::media::{MediaKind, MediaRule, Metric, Op};

/// The module every endpoint module keeps its field markers in.
pub const FIELDS_MODULE: &str = "fields";

/// Every named type of the module, then the `fields` module with the markers.
pub fn named_types(model: &EndpointModel, rt: &TokenStream) -> TokenStream {
    let mut items = TokenStream::new();
    let mut markers = TokenStream::new();
    for t in &model.types {
        let name = ident(&t.name);
        let doc = docs::attrs(&t.doc);
        // (generic type, plain value, limits type, limits) of a field type.
        let field = match &t.kind {
            TypeKind::TextField(length) => Some((
                quote!(#rt::Text<fields::#name>),
                quote!(#rt::String),
                quote!(#rt::LengthRange),
                length_tokens(length, rt),
            )),
            TypeKind::IntegerField(range) => Some((
                quote!(#rt::Integer<fields::#name>),
                quote!(i64),
                quote!(#rt::IntegerRange),
                bounds_tokens(range, rt),
            )),
            TypeKind::NumberField(range) => Some((
                quote!(#rt::Number<fields::#name>),
                quote!(f64),
                quote!(#rt::NumberRange),
                bounds_tokens(range, rt),
            )),
            TypeKind::BoolField => Some((
                quote!(#rt::Boolean<fields::#name>),
                quote!(bool),
                quote!(()),
                quote!(()),
            )),
            TypeKind::MediaField { kind, rules } => {
                let kind = media_kind_tokens(*kind, rt);
                let rules = rules.iter().map(|r| rule_tokens(r, rt));
                Some((
                    quote!(#rt::Media<fields::#name>),
                    quote!(#rt::MediaInput),
                    quote!(#rt::MediaLimits),
                    quote!(#rt::MediaLimits { kind: #kind, rules: &[#(#rules),*] }),
                ))
            }
            TypeKind::ListField { item, count } => {
                let item = rust_type(model, *item, &TokenStream::new());
                Some((
                    quote!(#rt::List<#item, fields::#name>),
                    quote!(#rt::Vec<super::#item>),
                    quote!(#rt::LengthRange),
                    length_tokens(count, rt),
                ))
            }
            TypeKind::JsonField => Some((
                quote!(#rt::Json<fields::#name>),
                quote!(#rt::serde_json::Value),
                quote!(()),
                quote!(()),
            )),
            TypeKind::JsonObjectField => Some((
                quote!(#rt::JsonObject<fields::#name>),
                quote!(#rt::serde_json::Map<#rt::String, #rt::serde_json::Value>),
                quote!(()),
                quote!(()),
            )),
            TypeKind::Enum(variants) => {
                items.extend(quote!(#doc));
                items.extend(enumeration(t, &name, variants, rt));
                None
            }
            TypeKind::Struct(s) => {
                let def = struct_def(model, &name, s, rt);
                let impls = struct_impls(&name, s, rt);
                items.extend(quote!(#doc #def #impls));
                None
            }
        };
        if let Some((generic, value, limits_ty, limits)) = field {
            items.extend(quote!(#doc pub type #name = #generic;));
            markers.extend(marker(t, &name, &value, &limits_ty, &limits, rt));
            // Text, integers and lists whose schema states no limit take their plain value.
            if t.kind.converts_from_plain()
                && matches!(
                    t.kind,
                    TypeKind::TextField(_) | TypeKind::IntegerField(_) | TypeKind::ListField { .. }
                )
            {
                markers.extend(quote!(impl #rt::Unlimited for #name {}));
            }
        }
    }
    if !markers.is_empty() {
        let fields = ident(FIELDS_MODULE);
        items.extend(quote! {
            /// The marker of each field type: its plain value's type, its name, where it sits
            /// in a request and the schema's limits (`Steps` is `Integer<fields::Steps>`).
            pub mod #fields {
                use super::#rt;
                #markers
            }
        });
    }
    items
}

/// A field's marker: uninhabited, it only carries its `FieldSpec`.
fn marker(
    t: &TypeModel,
    name: &Ident,
    value: &TokenStream,
    limits_ty: &TokenStream,
    limits: &TokenStream,
    rt: &TokenStream,
) -> TokenStream {
    let name_str = &t.name;
    let pointer = &t.instance_pointer;
    let doc = docs::attrs(&format!(
        "The marker of [`{name_str}`](super::{name_str}), at {} in a request: the schema's limits on it.",
        docs::code(if pointer.is_empty() { "/" } else { pointer })
    ));
    quote! {
        #doc
        pub enum #name {}
        impl #rt::FieldSpec for #name {
            type Value = #value;
            const NAME: &'static str = #name_str;
            const POINTER: &'static str = #pointer;
            const LIMITS: #limits_ty = #limits;
        }
    }
}

// Rustdoc prints a constant's value when it is a literal or a path, as written, so a path
// would show the runtime's hidden alias (`__rt::LengthRange::NONE`); it leaves out calls and
// struct literals. Every generated constant is therefore one of those.

/// `LengthRange { min: None, max: Some(2048) }`.
fn length_tokens(r: &LengthRange, rt: &TokenStream) -> TokenStream {
    let limit = |n: Option<u64>| match n {
        Some(n) => {
            let n = Lit::u64_unsuffixed(n);
            quote!(#rt::Option::Some(#n))
        }
        None => quote!(#rt::Option::None),
    };
    let (min, max) = (limit(r.min), limit(r.max));
    quote!(#rt::LengthRange { min: #min, max: #max })
}

/// `Bounds::NONE.minimum(1.0).maximum(8.0)`, or `Bounds::new(None, None, None, None)`.
fn bounds_tokens<T>(b: &Bounds<T>, rt: &TokenStream) -> TokenStream {
    if b.is_unbounded() {
        return quote!(#rt::Bounds::new(#rt::Option::None, #rt::Option::None, #rt::Option::None, #rt::Option::None));
    }
    let mut out = quote!(#rt::Bounds::NONE);
    for (method, value) in [
        ("minimum", b.minimum),
        ("maximum", b.maximum),
        ("exclusive_minimum", b.exclusive_minimum),
        ("exclusive_maximum", b.exclusive_maximum),
    ] {
        if let Some(v) = value {
            let method = quote::format_ident!("{}", method);
            let v = Lit::f64_suffixed(v);
            out.extend(quote!(.#method(#v)));
        }
    }
    out
}

fn media_kind_tokens(kind: MediaKind, rt: &TokenStream) -> TokenStream {
    match kind {
        MediaKind::Image => quote!(#rt::MediaKind::Image),
        MediaKind::Video => quote!(#rt::MediaKind::Video),
        MediaKind::Audio => quote!(#rt::MediaKind::Audio),
        MediaKind::Any => quote!(#rt::MediaKind::Any),
    }
}

fn rule_tokens(rule: &MediaRule, rt: &TokenStream) -> TokenStream {
    let metric = match &rule.metric {
        Metric::WidthPixels => quote!(#rt::Metric::WidthPixels),
        Metric::HeightPixels => quote!(#rt::Metric::HeightPixels),
        Metric::AspectRatio => quote!(#rt::Metric::AspectRatio),
        Metric::FileSizeMb => quote!(#rt::Metric::FileSizeMb),
        Metric::Unknown(n) => {
            let n = n.as_ref();
            quote!(#rt::Metric::Unknown(#rt::Cow::Borrowed(#n)))
        }
    };
    let op = match rule.op {
        Op::Less => quote!(#rt::Op::Less),
        Op::LessOrEqual => quote!(#rt::Op::LessOrEqual),
        Op::Greater => quote!(#rt::Op::Greater),
        Op::GreaterOrEqual => quote!(#rt::Op::GreaterOrEqual),
    };
    let limit = Lit::f64_suffixed(rule.limit);
    let text = rule.rule.as_ref();
    let message = rule.message.as_ref();
    quote! {
        #rt::MediaRule {
            metric: #metric,
            op: #op,
            limit: #limit,
            rule: #rt::Cow::Borrowed(#text),
            message: #rt::Cow::Borrowed(#message),
        }
    }
}

/// An enum and its impls; each impl's body is a call into the runtime's generic functions,
/// which read the enum's [`LiteralEnum`](crate::literal_enum::LiteralEnum) table.
fn enumeration(t: &TypeModel, name: &Ident, variants: &[Variant], rt: &TokenStream) -> TokenStream {
    let idents: Vec<Ident> = variants.iter().map(|v| ident(&v.ident)).collect();
    let variant_defs = variants.iter().zip(&idents).map(|(v, i)| {
        let d = docs::attrs(&docs::code(&v.literal.to_json()));
        quote!(#d #i,)
    });
    let all_strings = variants.iter().all(|v| matches!(v.literal, Literal::String(_)));
    let table = if all_strings {
        let rows = variants.iter().zip(&idents).map(|(v, i)| {
            let text = v.literal.to_text();
            quote!((Self::#i, #text))
        });
        quote!(#rt::Table::Strings(&[#(#rows),*]))
    } else {
        let rows = variants.iter().zip(&idents).map(|(v, i)| {
            let text = v.literal.to_text();
            let literal = match &v.literal {
                Literal::String(s) => quote!(#rt::LiteralRef::Str(#s)),
                Literal::Integer(n) => {
                    let l = Lit::i64_suffixed(*n);
                    quote!(#rt::LiteralRef::Int(#l))
                }
                Literal::Number(f) => {
                    let l = Lit::f64_suffixed(*f);
                    quote!(#rt::LiteralRef::Num(#l))
                }
                Literal::Bool(b) => quote!(#rt::LiteralRef::Bool(#b)),
            };
            quote!((Self::#i, #literal, #text))
        });
        quote!(#rt::Table::Mixed(&[#(#rows),*]))
    };
    let count = Lit::usize_unsuffixed(variants.len());
    let name_str = &t.name;
    let pointer = &t.instance_pointer;
    quote! {
        #[derive(#rt::Debug, #rt::Clone, #rt::Copy, #rt::PartialEq, #rt::Eq, #rt::Hash)]
        pub enum #name {
            #(#variant_defs)*
        }

        impl #name {
            /// Every allowed value, in the schema's order.
            pub const ALL: &'static [Self] = &#rt::enum_all::<Self, #count>();

            /// The value as text, without JSON quotes (`16:9`, `5`): what a CLI user types.
            #[inline]
            pub const fn as_str(self) -> &'static str {
                #rt::enum_text::<Self>(self as usize)
            }

            /// The value whose JSON literal equals `value`.
            #[inline]
            pub fn from_json(value: &#rt::serde_json::Value) -> #rt::Option<Self> {
                #rt::enum_from_json(value)
            }
        }

        impl #rt::LiteralEnum for #name {
            const NAME: &'static str = #name_str;
            const POINTER: &'static str = #pointer;
            const TABLE: #rt::Table<Self> = #table;
        }

        impl #rt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut #rt::Formatter<'_>) -> #rt::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #rt::FromStr for #name {
            type Err = #rt::Violation;
            #[inline]
            fn from_str(value: &str) -> #rt::Result<Self, #rt::Violation> {
                #rt::enum_from_str(value)
            }
        }

        impl #rt::Serialize for #name {
            fn serialize<S: #rt::Serializer>(&self, s: S) -> #rt::Result<S::Ok, S::Error> {
                #rt::enum_serialize::<Self, S>(*self as usize, s)
            }
        }

        impl<'de> #rt::Deserialize<'de> for #name {
            fn deserialize<D: #rt::Deserializer<'de>>(d: D) -> #rt::Result<Self, D::Error> {
                #rt::enum_deserialize(d)
            }
        }

        impl #rt::JsonSchema for #name {
            #[inline]
            fn schema_name() -> #rt::Cow<'static, str> {
                #rt::Cow::Borrowed(#name_str)
            }
            #[inline]
            fn json_schema(_: &mut #rt::SchemaGenerator) -> #rt::Schema {
                #rt::enum_json_schema::<Self>()
            }
        }
    }
}
