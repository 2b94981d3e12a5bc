//! The `request!` macro's expansion: a request written as field/value pairs, checked against
//! the endpoint's schema at compile time.
//!
//! Literal values are checked with the same constraint primitives the runtime uses and then
//! built with the field types' unchecked constructors; any other expression passes through
//! `Into` to the field's type, so the compiler type-checks it and the type's constructors
//! checked its value at run time.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, Member, Token, UnOp};

use super::Options;
use super::types::{Field, Shape, TypeGen};
use crate::dialect::parse_schema;
use crate::ir::{Kind, Literal, Schema};
use crate::media::check_media_syntax;
use crate::validate::suggest;

/// What the per-crate `request!` macro_rules forwards to the proc-macro.
pub struct RequestInput {
    /// Path of the crate that re-exports the runtime (`$crate` of the macro_rules).
    pub runtime: TokenStream,
    /// Path of the endpoint module (`$crate::models::blackforestlabs::...`).
    pub module: TokenStream,
    /// The model id.
    pub model_id: String,
    /// The schema file, for messages.
    pub file: String,
    /// The schema text.
    pub schema: String,
    /// The `{ field: value, ... }` group as the user wrote it.
    pub body: proc_macro2::Group,
}

/// Expands a `request!` invocation; problems become `compile_error!`s at the offending tokens.
pub fn expand(input: RequestInput) -> TokenStream {
    match expand_inner(&input) {
        Ok(tokens) => tokens,
        Err(errors) => {
            // A block, so that several errors stay one expression; its `!` tail keeps the
            // caller's `let r: Request = request!(..)` from adding a type mismatch.
            let errors = errors.into_iter().map(|e| e.to_compile_error());
            quote!({ #(#errors;)* ::core::panic!() })
        }
    }
}

struct Ctx<'a> {
    model_id: &'a str,
    runtime: TokenStream,
    module: &'a TokenStream,
    errors: Vec<syn::Error>,
}

impl Ctx<'_> {
    fn err(&mut self, span: Span, msg: String) {
        self.errors.push(syn::Error::new(span, msg));
    }

    /// An error covering all of `tokens` (a negative literal is two tokens).
    fn err_at(&mut self, tokens: &dyn quote::ToTokens, msg: String) {
        self.errors.push(syn::Error::new_spanned(tokens, msg));
    }
}

fn expand_inner(input: &RequestInput) -> Result<TokenStream, Vec<syn::Error>> {
    let body_span = input.body.span();
    let parsed = parse_schema(&input.file, &input.model_id, &input.schema);
    let Some(schema) = parsed.schema else {
        let msg = parsed
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ");
        return Err(vec![syn::Error::new(
            body_span,
            format!("the schema of `{}` does not parse: {msg}", input.model_id),
        )]);
    };
    let options = Options {
        runtime: input.runtime.clone(),
        request_macro: None,
    };
    let mut g = TypeGen::new(options.runtime.clone(), &schema.file);
    let module = &input.module;
    g.type_path = quote!(#module::);
    let Some(fields) = g.fields(&schema.input, "", "") else {
        return Err(vec![syn::Error::new(
            body_span,
            format!("the schema of `{}` does not generate", input.model_id),
        )]);
    };
    let pairs = syn::parse::Parser::parse2(
        Punctuated::<syn::FieldValue, Token![,]>::parse_terminated,
        input.body.stream(),
    )
    .map_err(|e| {
        vec![syn::Error::new(
            e.span(),
            format!("{e}; a request is written as `{{ field: value, ... }}`, like a struct literal"),
        )]
    })?;
    let mut ctx = Ctx {
        model_id: &input.model_id,
        runtime: input.runtime.clone(),
        module: &input.module,
        errors: Vec::new(),
    };
    let mut values: Vec<Option<TokenStream>> = vec![None; fields.len()];
    let mut set_at: Vec<Option<Span>> = vec![None; fields.len()];
    for pair in &pairs {
        let (name, span) = match &pair.member {
            Member::Named(ident) => (ident.to_string(), ident.span()),
            Member::Unnamed(index) => {
                ctx.err(index.span(), "a request's fields have names, not positions".into());
                continue;
            }
        };
        let name = name.trim_start_matches("r#").to_owned();
        let Some(i) = fields.iter().position(|f| f.ident == name) else {
            unknown_field(&mut ctx, &fields, &name, span);
            continue;
        };
        if let Some(first) = set_at[i] {
            let _ = first;
            ctx.err(
                span,
                format!("field `{name}` is set twice in this request to `{}`", ctx.model_id),
            );
            continue;
        }
        set_at[i] = Some(span);
        let field = &fields[i];
        let expr = &pair.expr;
        values[i] = if field.required || is_checked_literal(&field.shape, expr) {
            let value = field_value(&mut ctx, field, expr);
            value.map(|v| {
                if field.required {
                    v
                } else {
                    quote_spanned!(expr.span()=> ::core::option::Option::Some(#v))
                }
            })
        } else {
            // An expression for an optional field may be `T` or `Option<T>`.
            let ty = &field.ty;
            let r = &ctx.runtime;
            Some(
                quote_spanned!(expr.span()=> #r::__runtime::IntoField::<::core::option::Option<#ty>>::into_field(#expr)),
            )
        };
    }
    let missing: Vec<String> = fields
        .iter()
        .zip(&set_at)
        .filter(|(f, s)| f.required && s.is_none())
        .map(|(f, _)| format!("`{}`", f.ident))
        .collect();
    if !missing.is_empty() {
        let (noun, list) = if missing.len() == 1 {
            ("field", missing[0].clone())
        } else {
            ("fields", missing.join(", "))
        };
        ctx.err(
            body_span,
            format!("missing required {noun} {list} in this request to `{}`", ctx.model_id),
        );
    }
    if !ctx.errors.is_empty() {
        return Err(ctx.errors);
    }
    let r = &input.runtime;
    let inits = fields.iter().zip(values).map(|(f, v)| {
        let ident = &f.ident;
        match v {
            Some(v) => quote!(#ident: #v,),
            None => quote!(#ident: ::core::option::Option::None,),
        }
    });
    let extra = schema
        .input
        .additional_properties
        .then(|| quote!(additional_properties: #r::__runtime::serde_json::Map::new(),));
    Ok(quote! {
        #module::Request {
            #(#inits)*
            #extra
        }
    })
}

fn unknown_field(ctx: &mut Ctx<'_>, fields: &[Field], name: &str, span: Span) {
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
    ctx.err(
        span,
        format!("no field `{name}` in a request to `{}`: {hint}", ctx.model_id),
    );
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

fn field_value(ctx: &mut Ctx<'_>, field: &Field, expr: &Expr) -> Option<TokenStream> {
    let name = field.ident.to_string();
    value(ctx, &name, &field.shape, &field.schema, &field.ty, expr)
}

/// The value for one field (or array item): checked literal, or `Into` pass-through.
fn value(
    ctx: &mut Ctx<'_>,
    name: &str,
    shape: &Shape,
    schema: &Schema,
    ty: &TokenStream,
    expr: &Expr,
) -> Option<TokenStream> {
    let module = ctx.module.clone();
    if let (
        Shape::Array {
            newtype,
            item_ty,
            item_shape,
        },
        Expr::Array(array),
        Kind::Array { items, count },
    ) = (shape, peel(expr), &schema.kind)
        && array.elems.iter().all(|e| literal_of(e).is_some())
    {
        if let Err(c) = count.check_items(array.elems.len()) {
            ctx.err_at(array, format!("`{name}` of `{}`: {c}", ctx.model_id));
            return None;
        }
        let item_name = format!("{name}[]");
        let mut ok = true;
        let mut out = Vec::new();
        for e in &array.elems {
            match value(ctx, &item_name, item_shape, items, item_ty, e) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        let list = quote_spanned!(array.span()=> ::std::vec![#(#out),*]);
        return Some(match newtype {
            Some(n) => quote_spanned!(array.span()=> #module::#n::__new_unchecked(#list)),
            None => list,
        });
    }
    let Some((lit, span)) = literal_of(expr) else {
        // Not a literal: the compiler checks the type, the type's constructor the value.
        let r = &ctx.runtime;
        return Some(quote_spanned!(expr.span()=> #r::__runtime::IntoField::<#ty>::into_field(#expr)));
    };
    let m = ctx.model_id.to_owned();
    let wrong = |ctx: &mut Ctx<'_>, expected: &str, lit: &Written| {
        ctx.err_at(
            expr,
            format!("`{name}` of `{m}` expects {expected}, found {}", written_kind(lit)),
        );
        None
    };
    match (shape, &schema.kind) {
        (Shape::PlainString, _) => match lit {
            Written::Str(s) => Some(quote_spanned!(span=> ::std::string::String::from(#s))),
            other => wrong(ctx, "a string", &other),
        },
        (Shape::NewString(n), Kind::String { length }) => match lit {
            Written::Str(s) => match length.check_str(&s) {
                Ok(()) => Some(quote_spanned!(span=> #module::#n::__new_unchecked(::std::string::String::from(#s)))),
                Err(c) => {
                    ctx.err_at(expr, format!("`{name}` of `{m}`: {c}"));
                    None
                }
            },
            other => wrong(ctx, "a string", &other),
        },
        (Shape::PlainInt | Shape::NewInt(_), Kind::Integer { range }) => match lit {
            Written::Int(s) => match s.parse::<i64>() {
                Ok(v) => match range.check(v) {
                    Ok(()) => {
                        let l = proc_macro2::Literal::i64_suffixed(v);
                        Some(match shape {
                            Shape::NewInt(n) => quote_spanned!(span=> #module::#n::__new_unchecked(#l)),
                            _ => quote_spanned!(span=> #l),
                        })
                    }
                    Err(c) => {
                        ctx.err_at(expr, format!("`{name}` of `{m}`: {c}"));
                        None
                    }
                },
                Err(_) => {
                    ctx.err_at(expr, format!("`{name}` of `{m}`: {s} does not fit in a 64-bit integer"));
                    None
                }
            },
            other @ Written::Float(_) => wrong(ctx, "an integer (this field takes no fractions)", &other),
            other => wrong(ctx, "an integer", &other),
        },
        (Shape::NewNum(n), Kind::Number { range }) => match lit {
            Written::Int(s) | Written::Float(s) => match s.parse::<f64>() {
                Ok(v) if v.is_finite() => match range.check(v) {
                    Ok(()) => {
                        let l = proc_macro2::Literal::f64_suffixed(v);
                        Some(quote_spanned!(span=> #module::#n::__new_unchecked(#l)))
                    }
                    Err(c) => {
                        ctx.err_at(expr, format!("`{name}` of `{m}`: {c}"));
                        None
                    }
                },
                _ => {
                    ctx.err_at(expr, format!("`{name}` of `{m}`: {s} is not a finite number"));
                    None
                }
            },
            other => wrong(ctx, "a number", &other),
        },
        (Shape::Bool, _) => match lit {
            Written::Bool(b) => Some(quote_spanned!(span=> #b)),
            other => wrong(ctx, "`true` or `false`", &other),
        },
        (Shape::Enum(n, variants), _) => enum_value(ctx, name, n, variants, lit, span, expr),
        (Shape::Media(n), Kind::Media(media)) => match lit {
            Written::Str(s) => match check_media_syntax(&s, Some(media.kind)) {
                Ok(()) => Some(quote_spanned!(span=> #module::#n::__new_unchecked(#s))),
                Err(c) => {
                    ctx.err_at(expr, format!("`{name}` of `{m}`: {c}"));
                    None
                }
            },
            other => wrong(ctx, "an https:// URL or a data: URI (a string)", &other),
        },
        _ => {
            let r = &ctx.runtime;
            Some(quote_spanned!(expr.span()=> #r::__runtime::IntoField::<#ty>::into_field(#expr)))
        }
    }
}

/// Is `expr` a literal (or a list of literals for a list field) that the macro checks itself?
fn is_checked_literal(shape: &Shape, expr: &Expr) -> bool {
    match (shape, peel(expr)) {
        (Shape::Array { .. }, Expr::Array(a)) => a.elems.iter().all(|e| literal_of(e).is_some()),
        _ => literal_of(expr).is_some(),
    }
}

fn peel(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(g) => peel(&g.expr),
        Expr::Paren(p) => peel(&p.expr),
        e => e,
    }
}

fn enum_value(
    ctx: &mut Ctx<'_>,
    name: &str,
    ty: &proc_macro2::Ident,
    variants: &[(Literal, proc_macro2::Ident)],
    lit: Written,
    span: Span,
    expr: &Expr,
) -> Option<TokenStream> {
    let module = ctx.module.clone();
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
    if let Some((_, v)) = variants.iter().find(|(l, _)| l.matches(&value)) {
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
    if let Some((l, _)) = variants.iter().find(|(l, _)| l.to_text() == text) {
        ctx.err_at(
            expr,
            format!(
                "`{name}` of `{}`: {shown} is {}, but the allowed value is {}; write `{}`",
                ctx.model_id,
                written_kind(&lit),
                match l {
                    Literal::String(_) => "the string",
                    _ => "the number",
                },
                l.to_json()
            ),
        );
        return None;
    }
    let allowed: Vec<String> = variants.iter().map(|(l, _)| l.to_json()).collect();
    let msg = if allowed.len() <= 12 {
        format!(
            "`{name}` of `{}`: {shown} is not an allowed value; allowed are {}",
            ctx.model_id,
            allowed.join(", ")
        )
    } else {
        let texts: Vec<String> = variants.iter().map(|(l, _)| l.to_text()).collect();
        let nearest = texts
            .iter()
            .min_by_key(|t| strsim::levenshtein(t, &text))
            .map(|t| format!("; did you mean {t:?}?"))
            .unwrap_or_default();
        format!(
            "`{name}` of `{}`: {shown} is not one of the {} allowed values{nearest}",
            ctx.model_id,
            allowed.len()
        )
    };
    ctx.err_at(expr, msg);
    None
}
