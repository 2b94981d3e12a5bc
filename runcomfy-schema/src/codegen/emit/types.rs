//! The named types of an endpoint module: a field type per field (a newtype over its plain
//! value, implementing the runtime's `FieldType`), an enum per enum field, a struct per nested
//! object.
//!
//! A field type's impls are one-line calls into the runtime's generic functions (`checked`,
//! `parse_field`, `deserialize_field`, `field_json_schema`), and every non-generic function
//! is `#[inline]`, so that a type costs the compiler its declarations, not machine code.

use proc_macro2::{Ident, Literal as Lit, TokenStream};
use quote::quote;

use super::{ident, rust_type, struct_def, struct_impls};
use crate::codegen::docs;
use crate::codegen::model::{EndpointModel, TypeKind, TypeModel, Variant};
use crate::constraints::{Bounds, LengthRange};
use crate::ir::Literal;
use crate::media::{MediaKind, MediaRule, Metric, Op};

/// Every named type of the module.
pub fn named_types(model: &EndpointModel, rt: &TokenStream) -> TokenStream {
    let mut items = TokenStream::new();
    for t in &model.types {
        let name = ident(&t.name);
        let doc = docs::attrs(&t.doc);
        let tokens = match &t.kind {
            TypeKind::TextField(length) => text(t, &name, length, rt),
            TypeKind::IntegerField(range) => integer(t, &name, range, rt),
            TypeKind::NumberField(range) => number(t, &name, range, rt),
            TypeKind::BoolField => boolean(t, &name, rt),
            TypeKind::MediaField { kind, rules } => media(t, &name, *kind, rules, rt),
            TypeKind::ListField { item, count } => {
                let item = rust_type(model, *item, &TokenStream::new());
                list(t, &name, &item, count, rt)
            }
            TypeKind::JsonField => json(t, &name, rt),
            TypeKind::JsonObjectField => json_object(t, &name, rt),
            TypeKind::Enum(variants) => enumeration(t, &name, variants, rt),
            TypeKind::Struct(s) => {
                let def = struct_def(model, &name, s, rt);
                let impls = struct_impls(&name, s, rt);
                quote!(#def #impls)
            }
        };
        items.extend(quote!(#doc #tokens));
    }
    items
}

/// What every field type has: the newtype and its inherent impl, `FieldType`, serde and JSON
/// Schema. (No `From<Type> for String`-style impls back to the plain value: thousands of
/// impls of `From` for one std type make every `String::from`/`.into()` in the crate slow to
/// type-check; `into_inner()`, `get()` and `FieldType::into_value` give the value back.) `derives` are the std traits it derives,
/// `limits` its `FieldType::LIMITS` (type and value), `inherent` the items of its inherent
/// impl.
fn field_type(
    t: &TypeModel,
    name: &Ident,
    value: &TokenStream,
    derives: TokenStream,
    limits: (TokenStream, TokenStream),
    inherent: TokenStream,
    rt: &TokenStream,
) -> TokenStream {
    let name_str = &t.name;
    let pointer = &t.instance_pointer;
    let (limits_ty, limits) = limits;
    quote! {
        #[derive(#derives)]
        pub struct #name(#value);

        impl #name {
            #inherent
        }

        impl #rt::FieldType for #name {
            type Value = #value;
            const NAME: &'static str = #name_str;
            const POINTER: &'static str = #pointer;
            const LIMITS: #limits_ty = #limits;
            #[inline]
            fn value(&self) -> &#value {
                &self.0
            }
            #[inline]
            fn into_value(self) -> #value {
                self.0
            }
            #[inline]
            fn __wrap(value: #value) -> Self {
                Self(value)
            }
        }

        impl #rt::Serialize for #name {
            #[inline]
            fn serialize<S: #rt::Serializer>(&self, s: S) -> #rt::Result<S::Ok, S::Error> {
                #rt::Serialize::serialize(&self.0, s)
            }
        }

        impl<'de> #rt::Deserialize<'de> for #name {
            #[inline]
            fn deserialize<D: #rt::Deserializer<'de>>(d: D) -> #rt::Result<Self, D::Error> {
                #rt::deserialize_field(d)
            }
        }

        impl #rt::JsonSchema for #name {
            #[inline]
            fn schema_name() -> #rt::Cow<'static, str> {
                #rt::Cow::Borrowed(#name_str)
            }
            #[inline]
            fn inline_schema() -> bool {
                true
            }
            #[inline]
            fn json_schema(g: &mut #rt::SchemaGenerator) -> #rt::Schema {
                #rt::field_json_schema::<Self>(g)
            }
        }
    }
}

/// `Display` (the plain value) and `FromStr` (read as a CLI user types it, then checked).
fn text_forms(name: &Ident, rt: &TokenStream) -> TokenStream {
    quote! {
        impl #rt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut #rt::Formatter<'_>) -> #rt::fmt::Result {
                #rt::Display::fmt(&self.0, f)
            }
        }

        impl #rt::FromStr for #name {
            type Err = #rt::Violation;
            #[inline]
            fn from_str(value: &str) -> #rt::Result<Self, #rt::Violation> {
                #rt::parse_field(value)
            }
        }
    }
}

/// Conversions from `sources` (each with its expression making the plain value from `value`):
/// `From` when nothing can be rejected (the schema states no limit), else `TryFrom`, whose
/// error names the field and the limit. A conversion never hides a check.
fn conversions(
    name: &Ident,
    infallible: bool,
    sources: &[(TokenStream, TokenStream)],
    rt: &TokenStream,
) -> TokenStream {
    sources
        .iter()
        .map(|(source, make)| {
            if infallible {
                quote! {
                    impl #rt::From<#source> for #name {
                        #[inline]
                        fn from(value: #source) -> Self {
                            Self(#make)
                        }
                    }
                }
            } else {
                quote! {
                    impl #rt::TryFrom<#source> for #name {
                        type Error = #rt::Violation;
                        #[inline]
                        fn try_from(value: #source) -> #rt::Result<Self, #rt::Violation> {
                            #rt::checked(#make)
                        }
                    }
                }
            }
        })
        .collect()
}

fn text(t: &TypeModel, name: &Ident, length: &LengthRange, rt: &TokenStream) -> TokenStream {
    let value = quote!(#rt::String);
    let limits = length_tokens(length, rt);
    let common = field_type(
        t,
        name,
        &value,
        quote!(#rt::Debug, #rt::Clone, #rt::PartialEq, #rt::Eq, #rt::PartialOrd, #rt::Ord, #rt::Hash),
        (quote!(#rt::LengthRange), quote!(Self::LENGTH)),
        quote! {
            /// The length limits from the schema, in Unicode scalar values.
            pub const LENGTH: #rt::LengthRange = #limits;

            /// Checks the length of `value` (in Unicode scalar values, not bytes) against
            /// [`Self::LENGTH`].
            #[inline]
            pub fn new(value: impl #rt::Into<#rt::String>) -> #rt::Result<Self, #rt::Violation> {
                #rt::checked(#rt::Into::into(value))
            }

            /// The text.
            #[inline]
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The text, by value.
            #[inline]
            pub fn into_inner(self) -> #rt::String {
                self.0
            }

            /// For `request!` and the typed defaults, whose values were checked while compiling.
            #[doc(hidden)]
            #[inline]
            pub fn __new_unchecked(value: #rt::String) -> Self {
                Self(value)
            }
        },
        rt,
    );
    let forms = text_forms(name, rt);
    let conversions = conversions(
        name,
        t.kind.converts_from_plain(),
        &[
            (quote!(#rt::String), quote!(value)),
            (quote!(&str), quote!(#rt::String::from(value))),
        ],
        rt,
    );
    quote! {
        #common

        impl #rt::Deref for #name {
            type Target = str;
            #[inline]
            fn deref(&self) -> &str {
                &self.0
            }
        }

        #forms
        #conversions
    }
}

fn integer(t: &TypeModel, name: &Ident, range: &Bounds<i64>, rt: &TokenStream) -> TokenStream {
    let limits = bounds_tokens(range, rt);
    let common = field_type(
        t,
        name,
        &quote!(i64),
        quote!(#rt::Debug, #rt::Clone, #rt::Copy, #rt::PartialEq, #rt::Eq, #rt::PartialOrd, #rt::Ord, #rt::Hash),
        (quote!(#rt::IntegerRange), quote!(Self::RANGE)),
        quote! {
            /// The bounds from the schema, as written there.
            pub const RANGE: #rt::IntegerRange = #limits;

            /// Checks `value` against [`Self::RANGE`].
            #[inline]
            pub fn new(value: i64) -> #rt::Result<Self, #rt::Violation> {
                #rt::checked(value)
            }

            /// The value.
            #[inline]
            pub const fn get(self) -> i64 {
                self.0
            }

            /// The smallest allowed value, if the schema bounds it below.
            #[inline]
            pub fn min() -> #rt::Option<Self> {
                Self::RANGE.effective_min().map(Self)
            }

            /// The largest allowed value, if the schema bounds it above.
            #[inline]
            pub fn max() -> #rt::Option<Self> {
                Self::RANGE.effective_max().map(Self)
            }

            /// For `request!` and the typed defaults, whose values were checked while compiling.
            #[doc(hidden)]
            #[inline]
            pub const fn __new_unchecked(value: i64) -> Self {
                Self(value)
            }
        },
        rt,
    );
    let forms = text_forms(name, rt);
    let conversions = conversions(name, t.kind.converts_from_plain(), &[(quote!(i64), quote!(value))], rt);
    quote! {
        #common

        #forms
        #conversions
    }
}

fn number(t: &TypeModel, name: &Ident, range: &Bounds<f64>, rt: &TokenStream) -> TokenStream {
    let limits = bounds_tokens(range, rt);
    let common = field_type(
        t,
        name,
        &quote!(f64),
        quote!(#rt::Debug, #rt::Clone, #rt::Copy, #rt::PartialEq, #rt::PartialOrd),
        (quote!(#rt::NumberRange), quote!(Self::RANGE)),
        quote! {
            /// The bounds from the schema (finite values only, always).
            pub const RANGE: #rt::NumberRange = #limits;

            /// Checks `value` against [`Self::RANGE`]; NaN and infinities are rejected.
            #[inline]
            pub fn new(value: f64) -> #rt::Result<Self, #rt::Violation> {
                #rt::checked(value)
            }

            /// The value.
            #[inline]
            pub const fn get(self) -> f64 {
                self.0
            }

            /// For `request!` and the typed defaults, whose values were checked while compiling.
            #[doc(hidden)]
            #[inline]
            pub const fn __new_unchecked(value: f64) -> Self {
                Self(value)
            }
        },
        rt,
    );
    let forms = text_forms(name, rt);
    // Never `From<f64>`: NaN and the infinities are always rejected.
    let conversions = conversions(name, false, &[(quote!(f64), quote!(value))], rt);
    quote! {
        #common

        #forms
        #conversions
    }
}

fn boolean(t: &TypeModel, name: &Ident, rt: &TokenStream) -> TokenStream {
    let common = field_type(
        t,
        name,
        &quote!(bool),
        quote!(#rt::Debug, #rt::Clone, #rt::Copy, #rt::PartialEq, #rt::Eq, #rt::Hash),
        (quote!(()), quote!(())),
        quote! {
            /// The value (a boolean has no limits to check).
            #[inline]
            pub const fn new(value: bool) -> Self {
                Self(value)
            }

            /// The value.
            #[inline]
            pub const fn get(self) -> bool {
                self.0
            }
        },
        rt,
    );
    let forms = text_forms(name, rt);
    let conversions = conversions(name, true, &[(quote!(bool), quote!(value))], rt);
    quote! {
        #common

        #forms
        #conversions
    }
}

fn media(t: &TypeModel, name: &Ident, kind: MediaKind, rules: &[MediaRule], rt: &TokenStream) -> TokenStream {
    let value = quote!(#rt::MediaInput);
    let kind = media_kind_tokens(kind, rt);
    let rules = rules.iter().map(|r| rule_tokens(r, rt));
    let common = field_type(
        t,
        name,
        &value,
        quote!(#rt::Debug, #rt::Clone, #rt::PartialEq, #rt::Eq, #rt::Hash),
        (
            quote!(#rt::MediaLimits),
            quote!(#rt::MediaLimits { kind: #kind, rules: &[#(#rules),*] }),
        ),
        quote! {
            /// The kind of media this field takes.
            pub const KIND: #rt::MediaKind = <Self as #rt::FieldType>::LIMITS.kind;
            /// The schema's `validations` for this field; the client checks them before
            /// submitting (image headers of local data, HTTP Range for URLs).
            pub const RULES: &'static [#rt::MediaRule] = <Self as #rt::FieldType>::LIMITS.rules;

            /// Wraps a media input, checking that a `data:` URI's type fits [`Self::KIND`].
            #[inline]
            pub fn new(input: #rt::MediaInput) -> #rt::Result<Self, #rt::Violation> {
                #rt::checked(input)
            }

            /// Parses an `https://` URL or a `data:` URI.
            #[inline]
            pub fn parse(value: &str) -> #rt::Result<Self, #rt::Violation> {
                #rt::parse_field(value)
            }

            /// Encodes `bytes` as a `data:` URI of type `mime`.
            #[inline]
            pub fn from_bytes(mime: &str, bytes: &[u8]) -> #rt::Result<Self, #rt::Violation> {
                #rt::checked(#rt::MediaInput::from_bytes(mime, bytes))
            }

            /// The media input.
            #[inline]
            pub fn as_media(&self) -> &#rt::MediaInput {
                &self.0
            }

            /// The wire form (URL or `data:` URI).
            #[inline]
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }

            /// The media input, by value.
            #[inline]
            pub fn into_inner(self) -> #rt::MediaInput {
                self.0
            }

            /// For `request!`, whose literals were checked while compiling.
            #[doc(hidden)]
            #[inline]
            pub fn __new_unchecked(value: &str) -> Self {
                Self(#rt::MediaInput::__new_unchecked(#rt::String::from(value)))
            }
        },
        rt,
    );
    let forms = text_forms(name, rt);
    let conversions = conversions(
        name,
        false,
        &[
            (quote!(#rt::MediaInput), quote!(value)),
            (quote!(#rt::String), quote!(#rt::MediaInput::__new_unchecked(value))),
            (
                quote!(&str),
                quote!(#rt::MediaInput::__new_unchecked(#rt::String::from(value))),
            ),
        ],
        rt,
    );
    quote! {
        #common

        #forms
        #conversions
    }
}

fn list(t: &TypeModel, name: &Ident, item: &TokenStream, count: &LengthRange, rt: &TokenStream) -> TokenStream {
    let value = quote!(#rt::Vec<#item>);
    let limits = length_tokens(count, rt);
    let common = field_type(
        t,
        name,
        &value,
        quote!(#rt::Debug, #rt::Clone, #rt::PartialEq),
        (quote!(#rt::LengthRange), quote!(Self::COUNT)),
        quote! {
            /// `minItems`/`maxItems` from the schema.
            pub const COUNT: #rt::LengthRange = #limits;

            /// Checks the number of items against [`Self::COUNT`] (each item was checked as it
            /// was made).
            #[inline]
            pub fn new(items: #value) -> #rt::Result<Self, #rt::Violation> {
                #rt::checked(items)
            }

            /// The items.
            #[inline]
            pub fn as_slice(&self) -> &[#item] {
                &self.0
            }

            /// The items, by value.
            #[inline]
            pub fn into_inner(self) -> #value {
                self.0
            }

            /// For `request!`, whose literals were checked while compiling.
            #[doc(hidden)]
            #[inline]
            pub fn __new_unchecked(items: #value) -> Self {
                Self(items)
            }
        },
        rt,
    );
    let conversions = conversions(
        name,
        t.kind.converts_from_plain(),
        &[(value.clone(), quote!(value))],
        rt,
    );
    quote! {
        #common

        impl #rt::Deref for #name {
            type Target = [#item];
            #[inline]
            fn deref(&self) -> &[#item] {
                &self.0
            }
        }

        #conversions
    }
}

fn json(t: &TypeModel, name: &Ident, rt: &TokenStream) -> TokenStream {
    let value = quote!(#rt::serde_json::Value);
    let common = field_type(
        t,
        name,
        &value,
        quote!(#rt::Debug, #rt::Clone, #rt::PartialEq),
        (quote!(()), quote!(())),
        quote! {
            /// The value (any JSON: the schema states no type).
            #[inline]
            pub fn new(value: #value) -> Self {
                Self(value)
            }

            /// The JSON value.
            #[inline]
            pub fn as_json(&self) -> &#value {
                &self.0
            }

            /// The JSON value, by value.
            #[inline]
            pub fn into_inner(self) -> #value {
                self.0
            }
        },
        rt,
    );
    let conversions = conversions(name, true, &[(value.clone(), quote!(value))], rt);
    quote! {
        #common

        #conversions
    }
}

fn json_object(t: &TypeModel, name: &Ident, rt: &TokenStream) -> TokenStream {
    let value = quote!(#rt::serde_json::Map<#rt::String, #rt::serde_json::Value>);
    let common = field_type(
        t,
        name,
        &value,
        quote!(#rt::Debug, #rt::Clone, #rt::PartialEq),
        (quote!(()), quote!(())),
        quote! {
            /// The object (free-form: the schema lists no properties).
            #[inline]
            pub fn new(value: #value) -> Self {
                Self(value)
            }

            /// The JSON object.
            #[inline]
            pub fn as_object(&self) -> &#value {
                &self.0
            }

            /// The JSON object, by value.
            #[inline]
            pub fn into_inner(self) -> #value {
                self.0
            }
        },
        rt,
    );
    let conversions = conversions(name, true, &[(value.clone(), quote!(value))], rt);
    quote! {
        #common

        #conversions
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
