//! The named types of an endpoint module: an alias of a checked generic type plus its marker
//! (in the hidden `__spec` module) per constrained field, an enum per enum field, a struct
//! per nested object.

use proc_macro2::{Ident, Literal as Lit, TokenStream};
use quote::quote;

use super::{ident, rust_type, struct_def, struct_impls};
use crate::codegen::docs;
use crate::codegen::model::{EndpointModel, TypeKind, TypeModel, Variant};
use crate::constraints::{Bounds, LengthRange};
use crate::ir::Literal;
use crate::media::{MediaKind, MediaRule, Metric, Op};

/// Every named type of the module, then the `__spec` module with the markers.
pub fn named_types(model: &EndpointModel, rt: &TokenStream) -> TokenStream {
    let mut items = TokenStream::new();
    let mut markers = TokenStream::new();
    for t in &model.types {
        let name = ident(&t.name);
        let doc = docs::attrs(&t.doc);
        match &t.kind {
            TypeKind::BoundedText(length) => {
                let length = length_tokens(length, rt);
                items.extend(quote!(#doc pub type #name = #rt::Text<__spec::#name>;));
                markers.extend(marker(
                    t,
                    &name,
                    rt,
                    quote!(TextSpec),
                    quote!(const LENGTH: #rt::LengthRange = #length;),
                ));
            }
            TypeKind::BoundedInteger(range) => {
                let range = bounds_tokens(range, rt);
                items.extend(quote!(#doc pub type #name = #rt::Integer<__spec::#name>;));
                markers.extend(marker(
                    t,
                    &name,
                    rt,
                    quote!(IntegerSpec),
                    quote!(const RANGE: #rt::IntegerRange = #range;),
                ));
            }
            TypeKind::BoundedNumber(range) => {
                let range = bounds_tokens(range, rt);
                items.extend(quote!(#doc pub type #name = #rt::Number<__spec::#name>;));
                markers.extend(marker(
                    t,
                    &name,
                    rt,
                    quote!(NumberSpec),
                    quote!(const RANGE: #rt::NumberRange = #range;),
                ));
            }
            TypeKind::MediaField { kind, rules } => {
                let kind = media_kind_tokens(*kind, rt);
                let rules = rules.iter().map(|r| rule_tokens(r, rt));
                items.extend(quote!(#doc pub type #name = #rt::Media<__spec::#name>;));
                markers.extend(marker(
                    t,
                    &name,
                    rt,
                    quote!(MediaSpec),
                    quote! {
                        const KIND: #rt::MediaKind = #kind;
                        const RULES: &'static [#rt::MediaRule] = &[#(#rules),*];
                    },
                ));
            }
            TypeKind::CountedList { item, count } => {
                let item = rust_type(model, item, rt, &TokenStream::new());
                let count = length_tokens(count, rt);
                items.extend(quote!(#doc pub type #name = #rt::List<#item, __spec::#name>;));
                markers.extend(marker(
                    t,
                    &name,
                    rt,
                    quote!(ListSpec),
                    quote!(const COUNT: #rt::LengthRange = #count;),
                ));
            }
            TypeKind::Enum(variants) => items.extend(enumeration(t, &name, variants, &doc, rt)),
            TypeKind::Struct(s) => {
                let def = struct_def(model, &name, s, rt);
                let impls = struct_impls(&name, s, rt);
                items.extend(quote!(#doc #def #impls));
            }
        }
    }
    if !markers.is_empty() {
        items.extend(quote! {
            /// Marker types carrying each constrained field's limits (see the type aliases).
            #[doc(hidden)]
            pub mod __spec {
                use super::#rt;
                #markers
            }
        });
    }
    items
}

/// A field's marker type: uninhabited, it only carries its spec's constants. (Items of the
/// hidden `__spec` module need no docs: `missing_docs` skips `#[doc(hidden)]` modules.)
fn marker(t: &TypeModel, name: &Ident, rt: &TokenStream, spec: TokenStream, consts: TokenStream) -> TokenStream {
    let name_str = &t.name;
    let pointer = &t.instance_pointer;
    quote! {
        pub enum #name {}
        impl #rt::#spec for #name {
            const NAME: &'static str = #name_str;
            const POINTER: &'static str = #pointer;
            #consts
        }
    }
}

/// `LengthRange::NONE.min(1).max(2048)`.
fn length_tokens(r: &LengthRange, rt: &TokenStream) -> TokenStream {
    let mut out = quote!(#rt::LengthRange::NONE);
    if let Some(n) = r.min {
        let n = Lit::u64_unsuffixed(n);
        out.extend(quote!(.min(#n)));
    }
    if let Some(n) = r.max {
        let n = Lit::u64_unsuffixed(n);
        out.extend(quote!(.max(#n)));
    }
    out
}

/// `Bounds::NONE.minimum(1.0).maximum(8.0)`.
fn bounds_tokens<T>(b: &Bounds<T>, rt: &TokenStream) -> TokenStream {
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
fn enumeration(t: &TypeModel, name: &Ident, variants: &[Variant], doc: &TokenStream, rt: &TokenStream) -> TokenStream {
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
        #doc
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
            pub fn from_json(value: &#rt::Json) -> #rt::Option<Self> {
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
            fn fmt(&self, f: &mut #rt::Formatter<'_>) -> #rt::FmtResult {
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
