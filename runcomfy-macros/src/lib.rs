//! Proc-macros of runcomfy-rs. A thin shell: parsing, diagnostics and code generation live in
//! `runcomfy-schema`, so the macro, `cargo xtask` and the tests share one implementation.
//!
//! Use them through `runcomfy-client`, which re-exports them.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::{format_ident, quote, quote_spanned};
use runcomfy_schema::codegen::request::{RequestInput, expand as expand_request};
use runcomfy_schema::codegen::{EndpointModel, Options, RequestMacro, generate_catalog};
use runcomfy_schema::{Catalog, Diagnostic};
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token};

/// Generates a module tree of typed requests from a folder of schema files.
///
/// ```text
/// mod models {
///     runcomfy_client::include_models!("schemas");
/// }
/// // -> models::blackforestlabs::flux_1_schnell::text_to_image::Request
/// // -> models::request!, the macro that builds checked requests
/// ```
///
/// The folder is relative to the crate's `Cargo.toml` (`CARGO_MANIFEST_DIR`); every
/// `<folder>/<model_id>.json` becomes the module path of its model id (segments in
/// `snake_case`) holding `Request`, its field types and `MODEL_ID`.
///
/// The request macro sits next to the types: `crate::models::request!(..)` in this crate, or
/// `use crate::models::request;` anywhere and then `request!(..)`; other crates call
/// `your_crate::models::request!` (a library re-exports it at its root with
/// `pub use models::request;` if it likes).
///
/// Options, after the folder:
/// * `runtime = path`: the crate that re-exports the runtime (default `::runcomfy_client`);
/// * `module = path`: where this invocation sits, from the crate root (default `models`, i.e.
///   `crate::models`), for the request macro's paths;
/// * `request_macro = name`: the name of the request macro (default `request`);
///   `no_request_macro` to skip it;
/// * `deny_warnings`: schema warnings become errors.
///
/// A schema error is a compile error naming the file and the JSON pointer; a schema warning
/// (unknown keyword, unknown validation metric) is a `deprecated` warning with the same text.
///
/// Rebuilds: each schema file is tracked by the compiler, so editing one rebuilds the
/// crate. To rebuild when a file is added or removed, add a `build.rs` with
/// `println!("cargo::rerun-if-changed=<folder>");`.
#[proc_macro]
pub fn include_models(input: TokenStream) -> TokenStream {
    let args = syn::parse_macro_input!(input as Args);
    expand(args).into()
}

struct Args {
    dir: LitStr,
    runtime: Option<syn::Path>,
    deny_warnings: bool,
    module: Option<syn::Path>,
    request_macro: Option<syn::Ident>,
    no_request_macro: bool,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let dir: LitStr = input.parse()?;
        let mut args = Args {
            dir,
            runtime: None,
            deny_warnings: false,
            module: None,
            request_macro: None,
            no_request_macro: false,
        };
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: syn::Ident = input.parse()?;
            match key.to_string().as_str() {
                "runtime" => {
                    input.parse::<Token![=]>()?;
                    args.runtime = Some(input.parse()?);
                }
                "deny_warnings" => args.deny_warnings = true,
                "module" => {
                    input.parse::<Token![=]>()?;
                    args.module = Some(input.parse()?);
                }
                "request_macro" => {
                    input.parse::<Token![=]>()?;
                    args.request_macro = Some(input.parse()?);
                }
                "no_request_macro" => args.no_request_macro = true,
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown option `{other}`; expected `runtime = path`, `module = path`, \
                             `request_macro = name`, `no_request_macro` or `deny_warnings`"
                        ),
                    ));
                }
            }
        }
        Ok(args)
    }
}

/// The crate root the folder is relative to. `RUNCOMFY_MACROS_MANIFEST_DIR` overrides
/// `CARGO_MANIFEST_DIR` for compile-fail tests (trybuild builds in a scratch crate), but only
/// for the crate being built itself (`CARGO_PRIMARY_PACKAGE`), not for its dependencies such
/// as `runcomfy-client`, whose bundled folder must stay where it is.
fn manifest_dir() -> PathBuf {
    let override_dir =
        std::env::var_os("CARGO_PRIMARY_PACKAGE").and_then(|_| std::env::var_os("RUNCOMFY_MACROS_MANIFEST_DIR"));
    override_dir
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
        .unwrap_or_default()
}

fn expand(args: Args) -> proc_macro2::TokenStream {
    let span = args.dir.span();
    let rel = args.dir.value();
    let dir = manifest_dir().join(&rel);
    let catalog = Catalog::load(&dir, &rel);
    let runtime = args
        .runtime
        .map(|p| quote!(#p))
        .unwrap_or_else(|| quote!(::runcomfy_client));
    let request_macro = (!args.no_request_macro).then(|| {
        let module = match &args.module {
            Some(path) => path
                .segments
                .iter()
                .map(|s| s.ident.clone())
                .filter(|i| i != "crate")
                .collect(),
            None => vec![format_ident!("models")],
        };
        RequestMacro {
            name: args.request_macro.clone().unwrap_or_else(|| format_ident!("request")),
            module,
        }
    });
    let generated = generate_catalog(&catalog, None, &Options { runtime, request_macro });

    let mut out = proc_macro2::TokenStream::new();
    let mut errors = 0usize;
    for d in &generated.diagnostics {
        if d.is_error() || args.deny_warnings {
            errors += 1;
            out.extend(error(d, span, args.deny_warnings && !d.is_error()));
        }
    }
    if errors > 0 {
        return out;
    }
    out.extend(track_files(&catalog, span));
    for (i, d) in generated.diagnostics.iter().enumerate() {
        out.extend(warning(d, span, i));
    }
    out.extend(generated.tokens);
    out
}

fn error(d: &Diagnostic, span: Span, from_warning: bool) -> proc_macro2::TokenStream {
    let msg = if from_warning {
        format!("{d} (a warning, denied by `deny_warnings`)")
    } else {
        d.to_string()
    };
    quote_spanned!(span=> ::core::compile_error!(#msg);)
}

/// Stable proc-macros cannot emit warnings; a use of a `#[deprecated]` item can.
fn warning(d: &Diagnostic, span: Span, i: usize) -> proc_macro2::TokenStream {
    let msg = format!("schema warning: {d}");
    let name = format_ident!("runcomfy_schema_warning_{}", i, span = span);
    quote_spanned! {span=>
        const _: () = {
            #[deprecated(note = #msg)]
            #[allow(non_upper_case_globals)]
            const #name: () = ();
            #name
        };
    }
}

/// `include_bytes!` of each schema file makes the compiler track it: editing one rebuilds.
fn track_files(catalog: &Catalog, span: Span) -> proc_macro2::TokenStream {
    let paths = catalog.files.iter().map(|f| absolute(&f.path));
    quote_spanned! {span=>
        #(const _: &[u8] = ::core::include_bytes!(#paths);)*
    }
}

fn absolute(p: &Path) -> String {
    std::path::absolute(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// The proc-macro behind each generated `request!` macro: checks a request written as
/// field/value pairs against the endpoint's schema. Not for direct use.
#[doc(hidden)]
#[proc_macro]
pub fn __request_impl(input: TokenStream) -> TokenStream {
    match parse_request_input(input.into()) {
        Ok(input) => expand_request(input).into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn parse_request_input(input: proc_macro2::TokenStream) -> syn::Result<RequestInput> {
    use proc_macro2::{Delimiter, TokenTree};
    let mut it = input.into_iter();
    let bad = |what: &str| syn::Error::new(Span::call_site(), format!("request_impl!: expected {what}"));
    let group = |t: Option<TokenTree>, d: Delimiter, what: &str| match t {
        Some(TokenTree::Group(g)) if g.delimiter() == d => Ok(g),
        _ => Err(bad(what)),
    };
    let string = |t: Option<TokenTree>, what: &str| match t {
        Some(TokenTree::Literal(l)) => syn::parse2::<LitStr>(TokenTree::Literal(l).into()).map(|s| s.value()),
        _ => Err(bad(what)),
    };
    let runtime = group(it.next(), Delimiter::Parenthesis, "(runtime)")?.stream();
    let module = group(it.next(), Delimiter::Parenthesis, "(module)")?.stream();
    let model = string(it.next(), "the endpoint model")?;
    let expected_body = || {
        let id = EndpointModel::from_compact(&model)
            .map(|m| m.model_id)
            .unwrap_or_default();
        format!("expected `{{ field: value, ... }}` after the endpoint `{id}`")
    };
    let body = match it.next() {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => g,
        Some(other) => return Err(syn::Error::new(other.span(), expected_body())),
        None => return Err(syn::Error::new(Span::call_site(), expected_body())),
    };
    if let Some(extra) = it.next() {
        return Err(syn::Error::new(
            extra.span(),
            "unexpected tokens after the request's `{ ... }`",
        ));
    }
    Ok(RequestInput {
        runtime,
        module,
        model,
        body,
    })
}

/// The fallback arm of each generated `request!` macro: an endpoint path it does not know.
#[doc(hidden)]
#[proc_macro]
pub fn __request_unknown(input: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    let input: proc_macro2::TokenStream = input.into();
    let mut it = input.into_iter();
    let known: Vec<String> = match it.next() {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket => g
            .stream()
            .into_iter()
            .filter_map(|t| syn::parse2::<LitStr>(t.into()).ok().map(|s| s.value()))
            .collect(),
        _ => Vec::new(),
    };
    let rest: Vec<TokenTree> = it.collect();
    let span = rest.first().map(TokenTree::span).unwrap_or_else(Span::call_site);
    let path: String = rest
        .iter()
        .take_while(|t| !matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace))
        .map(ToString::to_string)
        .collect::<String>();
    let mut scored: Vec<(f64, &String)> = known.iter().map(|k| (strsim_score(&path, k), k)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let hint = match scored.first() {
        Some((score, best)) if *score > 0.6 => format!("; did you mean `{best}`?"),
        _ if known.is_empty() => "; this crate generated no endpoints".to_owned(),
        _ => format!("; {} endpoints are known, e.g. `{}`", known.len(), known[0]),
    };
    let msg = if rest.is_empty() {
        format!("expected an endpoint path and `{{ field: value, ... }}`{hint}")
    } else {
        format!(
            "no endpoint `{path}`{hint} (write the module path below the generated models module, then `{{ ... }}`)"
        )
    };
    quote_spanned!(span=> ::core::compile_error!(#msg)).into()
}

fn strsim_score(a: &str, b: &str) -> f64 {
    runcomfy_schema::validate::suggest_score(a, b)
}
