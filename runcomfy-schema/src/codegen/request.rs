//! The `request!` macro's expansion: a request written as field/value pairs, checked against
//! the endpoint's schema at compile time.
//!
//! Literal values are checked with the same constraint primitives the runtime uses and then
//! built with the field types' unchecked constructors; any other expression passes through
//! `IntoField` (`IntoOptionalField` for an optional field): a value of the field's type, whose
//! constructor checked it, or the plain value of a type with nothing to check.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, Member, Token, UnOp};

use super::emit::{ident, rust_type};
use super::model::{EndpointModel, FieldModel, Ty, TypeKind, Variant};
use crate::constraints::{IntegerRange, LengthRange, fmt_num};
use crate::diagnostic::{Ctxt, Problem};
use crate::ir::Literal;
use crate::media::check_media_syntax;
use crate::validate::suggest;

/// What the per-crate `request!` macro_rules forwards to the proc-macro.
pub struct RequestInput {
    /// Path of the crate module that re-exports the runtime (`$crate::models`).
    pub runtime: TokenStream,
    /// Path of the endpoint module (`$crate::models::blackforestlabs::...`).
    pub module: TokenStream,
    /// The endpoint's model in compact form ([`EndpointModel::to_compact`]).
    pub model: String,
    /// The `{ field: value, ... }` group as the user wrote it.
    pub body: proc_macro2::Group,
}

/// A `request!` problem is an error at the user's tokens.
impl Problem for syn::Error {
    fn is_error(&self) -> bool {
        true
    }
}

/// Expands a `request!` invocation. Every problem is reported into one context; when it holds
/// any, the expansion is only the errors, at the offending tokens.
pub fn expand(input: RequestInput) -> TokenStream {
    let mut cx = Ctxt::new();
    let tokens = match EndpointModel::from_compact(&input.model) {
        Ok(model) => Checker {
            cx: &mut cx,
            model: &model,
            rt: {
                let r = &input.runtime;
                quote!(#r::__runtime)
            },
            module: &input.module,
        }
        .request(&input.body),
        Err(e) => {
            cx.report(syn::Error::new(
                input.body.span(),
                format!(
                    "request!: the endpoint's model does not read ({e}); rebuild the crate that generated this macro"
                ),
            ));
            TokenStream::new()
        }
    };
    match cx.check() {
        Ok(_) => tokens,
        Err(errors) => errors_only(errors),
    }
}

/// The errors as one block expression whose value is the last `compile_error!`: the compiler
/// gives it the error type, so `let r: Request = request!(..)` adds no type mismatch and the
/// code after it no "unreachable" warning.
fn errors_only(errors: Vec<syn::Error>) -> TokenStream {
    let mut errors: Vec<TokenStream> = errors.iter().map(syn::Error::to_compile_error).collect();
    let last = errors.pop();
    quote!({ #(#errors)* (#last) })
}

/// A list field as `request!` sees it: its type's name, its item type and its count limits.
#[derive(Clone, Copy)]
struct ListShape<'m> {
    name: &'m str,
    item: Ty,
    count: &'m LengthRange,
}

fn list_shape(model: &EndpointModel, ty: Ty) -> Option<ListShape<'_>> {
    let t = model.named(ty)?;
    match &t.kind {
        TypeKind::ListField { item, count } => Some(ListShape {
            name: &t.name,
            item: *item,
            count,
        }),
        _ => None,
    }
}

struct Checker<'a> {
    cx: &'a mut Ctxt<syn::Error>,
    model: &'a EndpointModel,
    /// `$crate::models::__runtime`.
    rt: TokenStream,
    /// The endpoint module's path.
    module: &'a TokenStream,
}

impl<'a> Checker<'a> {
    fn err(&mut self, span: Span, msg: String) {
        self.cx.report(syn::Error::new(span, msg));
    }

    /// An error covering all of `tokens` (a negative literal is two tokens).
    fn err_at(&mut self, tokens: &dyn ToTokens, msg: String) {
        self.cx.report(syn::Error::new_spanned(tokens, msg));
    }

    fn model_id(&self) -> &str {
        &self.model.model_id
    }

    /// The field's type as the expansion names it: through the endpoint module's path.
    fn ty(&self, ty: Ty) -> TokenStream {
        let module = self.module;
        rust_type(self.model, ty, &quote!(#module::))
    }

    /// The whole request: each field's value checked, then the struct literal.
    fn request(&mut self, body: &proc_macro2::Group) -> TokenStream {
        let body_span = body.span();
        let pairs = match syn::parse::Parser::parse2(
            Punctuated::<syn::FieldValue, Token![,]>::parse_terminated,
            body.stream(),
        ) {
            Ok(pairs) => pairs,
            Err(e) => {
                self.err(
                    e.span(),
                    format!("{e}; a request is written as `{{ field: value, ... }}`, like a struct literal"),
                );
                return TokenStream::new();
            }
        };
        let model = self.model;
        let fields = &model.request.fields;
        let mut values: Vec<Option<TokenStream>> = vec![None; fields.len()];
        let mut set = vec![false; fields.len()];
        for pair in &pairs {
            let (name, span) = match &pair.member {
                Member::Named(ident) => (ident.to_string(), ident.span()),
                Member::Unnamed(index) => {
                    self.err(index.span(), "a request's fields have names, not positions".into());
                    continue;
                }
            };
            let name = name.trim_start_matches("r#").to_owned();
            let Some(i) = fields.iter().position(|f| f.ident == name) else {
                self.unknown_field(&name, span);
                continue;
            };
            if set[i] {
                let msg = format!("field `{name}` is set twice in this request to `{}`", self.model_id());
                self.err(span, msg);
                continue;
            }
            set[i] = true;
            values[i] = self.field_value(&fields[i], &pair.expr);
        }
        let missing: Vec<String> = fields
            .iter()
            .zip(&set)
            .filter(|(f, set)| f.required && !**set)
            .map(|(f, _)| format!("`{}`", f.ident))
            .collect();
        if !missing.is_empty() {
            let (noun, list) = if missing.len() == 1 {
                ("field", missing[0].clone())
            } else {
                ("fields", missing.join(", "))
            };
            let msg = format!(
                "missing required {noun} {list} in this request to `{}`",
                self.model_id()
            );
            self.err(body_span, msg);
        }
        let rt = &self.rt;
        let inits = fields.iter().zip(values).map(|(f, v)| {
            let i = ident(&f.ident);
            match v {
                Some(v) => quote!(#i: #v,),
                None => quote!(#i: #rt::Option::None,),
            }
        });
        let extra = self
            .model
            .request
            .additional_properties
            .then(|| quote!(additional_properties: #rt::serde_json::Map::new(),));
        let module = self.module;
        quote! {
            #module::Request {
                #(#inits)*
                #extra
            }
        }
    }

    /// A field's value: a checked literal, or an expression passed through `IntoField` (a value
    /// of the field's type, or its plain value when the type has nothing to check); for an
    /// optional field `IntoOptionalField`, which also takes an `Option` of the type.
    fn field_value(&mut self, field: &'a FieldModel, expr: &Expr) -> Option<TokenStream> {
        if field.required || self.is_checked_literal(field.ty, expr) {
            let v = self.value(&field.ident, field.ty, expr)?;
            Some(if field.required {
                v
            } else {
                let rt = &self.rt;
                quote_spanned!(expr.span()=> #rt::Option::Some(#v))
            })
        } else {
            let ty = self.ty(field.ty);
            let rt = &self.rt;
            Some(quote_spanned!(expr.span()=> #rt::IntoOptionalField::<#ty, _>::into_optional_field(#expr)))
        }
    }

    /// Is `expr` a literal (or a list of literals for a list field) that the macro checks itself?
    fn is_checked_literal(&self, ty: Ty, expr: &Expr) -> bool {
        match (list_shape(self.model, ty), peel(expr)) {
            (Some(_), Expr::Array(a)) => a.elems.iter().all(|e| literal_of(e).is_some()),
            _ => literal_of(expr).is_some(),
        }
    }

    /// The value for one field (or list item): checked literal, or `Into` pass-through.
    fn value(&mut self, name: &str, ty: Ty, expr: &Expr) -> Option<TokenStream> {
        if let (Some(list), Expr::Array(array)) = (list_shape(self.model, ty), peel(expr))
            && array.elems.iter().all(|e| literal_of(e).is_some())
        {
            return self.list_value(name, list, array);
        }
        let Some((lit, span)) = literal_of(expr) else {
            // Not a literal: the compiler checks the type, the type's constructor the value.
            return Some(self.pass_through(ty, expr));
        };
        let rt = self.rt.clone();
        let Some(named) = self.model.named(ty) else {
            return Some(self.pass_through(ty, expr));
        };
        let module = self.module;
        let n = ident(&named.name);
        let m = self.model_id().to_owned();
        // The literal checked with the constraint primitives the runtime uses, then built with
        // the type's unchecked constructor.
        let checked = |check: Result<(), crate::constraints::Constraint>, built: TokenStream| {
            check.map(|()| built).map_err(|c| format!("`{name}` of `{m}`: {c}"))
        };
        let result = match (&named.kind, lit) {
            (TypeKind::TextField(length), Written::Str(s)) => checked(
                length.check_str(&s),
                quote_spanned!(span=> #module::#n::__new_unchecked(#rt::String::from(#s))),
            ),
            (TypeKind::TextField(_), other) => return self.wrong(name, expr, "a string", &other),
            (TypeKind::IntegerField(range), lit) => return self.integer(name, expr, lit, span, range, &n),
            (TypeKind::NumberField(range), Written::Int(s) | Written::Float(s)) => match s.parse::<f64>() {
                Ok(v) if v.is_finite() => {
                    let l = proc_macro2::Literal::f64_suffixed(v);
                    checked(range.check(v), quote_spanned!(span=> #module::#n::__new_unchecked(#l)))
                }
                _ => Err(format!("`{name}` of `{m}`: {s} is not a finite number")),
            },
            (TypeKind::NumberField(_), other) => return self.wrong(name, expr, "a number", &other),
            (TypeKind::BoolField, Written::Bool(b)) => Ok(quote_spanned!(span=> #module::#n::new(#b))),
            (TypeKind::BoolField, other) => return self.wrong(name, expr, "`true` or `false`", &other),
            (TypeKind::Enum(variants), lit) => return enum_value(self, name, &n, variants, lit, span, expr),
            (TypeKind::MediaField { kind, .. }, Written::Str(s)) => checked(
                check_media_syntax(&s, Some(*kind)),
                quote_spanned!(span=> #module::#n::__new_unchecked(#s)),
            ),
            (TypeKind::MediaField { .. }, other) => {
                return self.wrong(name, expr, "an https:// URL or a data: URI (a string)", &other);
            }
            (TypeKind::ListField { .. } | TypeKind::Struct(_) | TypeKind::JsonField | TypeKind::JsonObjectField, _) => {
                return Some(self.pass_through(ty, expr));
            }
        };
        match result {
            Ok(tokens) => Some(tokens),
            Err(msg) => {
                self.err_at(expr, msg);
                None
            }
        }
    }

    /// A list of literals: its count checked, then each item.
    fn list_value(&mut self, name: &str, list: ListShape<'a>, array: &syn::ExprArray) -> Option<TokenStream> {
        if let Err(c) = list.count.check_items(array.elems.len()) {
            let msg = format!("`{name}` of `{}`: {c}", self.model_id());
            self.err_at(array, msg);
            return None;
        }
        let item_name = format!("{name}[]");
        let mut items = Vec::new();
        let mut ok = true;
        for e in &array.elems {
            match self.value(&item_name, list.item, e) {
                Some(v) => items.push(v),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        let module = self.module;
        let n = ident(list.name);
        Some(quote_spanned!(array.span()=> #module::#n::__new_unchecked(::std::vec![#(#items),*])))
    }

    fn pass_through(&self, ty: Ty, expr: &Expr) -> TokenStream {
        let ty = self.ty(ty);
        let rt = &self.rt;
        quote_spanned!(expr.span()=> #rt::IntoField::<#ty>::into_field(#expr))
    }

    fn wrong(&mut self, name: &str, expr: &Expr, expected: &str, lit: &Written) -> Option<TokenStream> {
        let msg = format!(
            "`{name}` of `{}` expects {expected}, found {}",
            self.model_id(),
            written_kind(lit)
        );
        self.err_at(expr, msg);
        None
    }

    /// An integer literal for an integer field.
    fn integer(
        &mut self,
        name: &str,
        expr: &Expr,
        lit: Written,
        span: Span,
        range: &IntegerRange,
        n: &proc_macro2::Ident,
    ) -> Option<TokenStream> {
        let m = self.model_id().to_owned();
        let s = match lit {
            Written::Int(s) => s,
            other @ Written::Float(_) => {
                return self.wrong(name, expr, "an integer (this field takes no fractions)", &other);
            }
            other => return self.wrong(name, expr, "an integer", &other),
        };
        let Ok(v) = s.parse::<i64>() else {
            let msg = format!("`{name}` of `{m}`: {}", too_big(&s, range));
            self.err_at(expr, msg);
            return None;
        };
        if let Err(c) = range.check(v) {
            self.err_at(expr, format!("`{name}` of `{m}`: {c}"));
            return None;
        }
        let l = proc_macro2::Literal::i64_suffixed(v);
        let module = self.module;
        Some(quote_spanned!(span=> #module::#n::__new_unchecked(#l)))
    }

    fn unknown_field(&mut self, name: &str, span: Span) {
        let fields = &self.model.request.fields;
        let by_wire = fields.iter().find(|f| f.wire == name && f.ident != name);
        let names: Vec<String> = fields.iter().map(|f| f.ident.to_string()).collect();
        let hint = if let Some(f) = by_wire {
            format!("`{name}` is the wire name; in Rust the field is `{}`", f.ident)
        } else if let Some(best) = suggest(name, names.iter().map(String::as_str)).first() {
            format!("did you mean `{best}`?")
        } else {
            format!(
                "the fields are {}",
                names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            )
        };
        let msg = format!("no field `{name}` in a request to `{}`: {hint}", self.model_id());
        self.err(span, msg);
    }
}

/// A literal as the user wrote it, with its sign folded in.
enum Written {
    Str(String),
    Int(String),
    Float(String),
    Bool(bool),
    Other(&'static str),
}

fn literal_of(expr: &Expr) -> Option<(Written, Span)> {
    match expr {
        Expr::Lit(ExprLit { lit, .. }) => Some((written(lit), lit.span())),
        Expr::Group(g) => literal_of(&g.expr),
        Expr::Paren(p) => literal_of(&p.expr),
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => match literal_of(&u.expr)? {
            (Written::Int(s), _) => Some((Written::Int(format!("-{s}")), expr.span())),
            (Written::Float(s), _) => Some((Written::Float(format!("-{s}")), expr.span())),
            _ => None,
        },
        _ => None,
    }
}

fn written(lit: &Lit) -> Written {
    match lit {
        Lit::Str(s) => Written::Str(s.value()),
        Lit::Int(i) => Written::Int(i.base10_digits().to_owned()),
        Lit::Float(f) => Written::Float(f.base10_digits().to_owned()),
        Lit::Bool(b) => Written::Bool(b.value),
        Lit::Char(_) => Written::Other("a character literal"),
        Lit::ByteStr(_) | Lit::CStr(_) => Written::Other("a byte string literal"),
        Lit::Byte(_) => Written::Other("a byte literal"),
        _ => Written::Other("a literal of another kind"),
    }
}

fn written_kind(w: &Written) -> &'static str {
    match w {
        Written::Str(_) => "a string literal",
        Written::Int(_) => "an integer literal",
        Written::Float(_) => "a float literal",
        Written::Bool(_) => "a boolean literal",
        Written::Other(k) => k,
    }
}

fn peel(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(g) => peel(&g.expr),
        Expr::Paren(p) => peel(&p.expr),
        e => e,
    }
}

/// An enum field's literal: the variant whose JSON literal it is, or an error naming the
/// allowed values (all when few, the nearest otherwise).
fn enum_value(
    ck: &mut Checker<'_>,
    name: &str,
    ty: &proc_macro2::Ident,
    variants: &[Variant],
    lit: Written,
    span: Span,
    expr: &Expr,
) -> Option<TokenStream> {
    let module = ck.module;
    let model_id = ck.model_id().to_owned();
    let value = match &lit {
        Written::Str(s) => serde_json::Value::String(s.clone()),
        Written::Int(s) => match s.parse::<i64>() {
            Ok(i) => serde_json::Value::from(i),
            Err(_) => serde_json::Value::Null,
        },
        Written::Float(s) => s
            .parse::<f64>()
            .ok()
            .map(serde_json::Value::from)
            .unwrap_or(serde_json::Value::Null),
        Written::Bool(b) => serde_json::Value::Bool(*b),
        Written::Other(_) => serde_json::Value::Null,
    };
    if let Some(v) = variants.iter().find(|v| v.literal.matches(&value)) {
        let v = ident(&v.ident);
        return Some(quote_spanned!(span=> #module::#ty::#v));
    }
    let shown = match &lit {
        Written::Str(s) => format!("{s:?}"),
        Written::Int(s) | Written::Float(s) => s.clone(),
        Written::Bool(b) => b.to_string(),
        Written::Other(k) => k.to_string(),
    };
    // Same text, other JSON type: `"5"` for the number 5, or `5` for the string "5".
    let text = match &lit {
        Written::Str(s) => s.clone(),
        _ => shown.clone(),
    };
    if let Some(v) = variants.iter().find(|v| v.literal.to_text() == text) {
        let msg = format!(
            "`{name}` of `{model_id}`: {shown} is {}, but the allowed value is {}; write `{}`",
            written_kind(&lit),
            match v.literal {
                Literal::String(_) => "the string",
                _ => "the number",
            },
            v.literal.to_json()
        );
        ck.err_at(expr, msg);
        return None;
    }
    let allowed: Vec<String> = variants.iter().map(|v| v.literal.to_json()).collect();
    let msg = if allowed.len() <= 12 {
        format!(
            "`{name}` of `{model_id}`: {shown} is not an allowed value; allowed are {}",
            allowed.join(", ")
        )
    } else {
        let nearest = variants
            .iter()
            .map(|v| v.literal.to_text())
            .min_by_key(|t| strsim::levenshtein(t, &text))
            .map(|t| format!("; did you mean {t:?}?"))
            .unwrap_or_default();
        format!(
            "`{name}` of `{model_id}`: {shown} is not one of the {} allowed values{nearest}",
            allowed.len()
        )
    };
    ck.err_at(expr, msg);
    None
}

/// Why an integer literal beyond `i64` is refused: it does not fit, and (when the field is
/// bounded on that side) it is beyond the bound, which the message states too.
fn too_big(digits: &str, range: &IntegerRange) -> String {
    let negative = digits.starts_with('-');
    let bound = if negative {
        range
            .minimum
            .map(|m| format!("less than the minimum {}", fmt_num(m)))
            .or(range
                .exclusive_minimum
                .map(|m| format!("not greater than {} (exclusiveMinimum)", fmt_num(m))))
    } else {
        range
            .maximum
            .map(|m| format!("greater than the maximum {}", fmt_num(m)))
            .or(range
                .exclusive_maximum
                .map(|m| format!("not less than {} (exclusiveMaximum)", fmt_num(m))))
    };
    match bound {
        Some(b) => format!("{digits} is {b}, and does not fit in a 64-bit integer"),
        None => format!("{digits} does not fit in a 64-bit integer"),
    }
}
