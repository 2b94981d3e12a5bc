//! Proc-macros of runcomfy-rs. A thin shell: parsing, diagnostics and code generation live in
//! `runcomfy-schema`, so the macro, `cargo xtask` and the tests share one implementation.
//!
//! Use them through `runcomfy-client`, which re-exports them.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::{format_ident, quote, quote_spanned};
use runcomfy_schema::codegen::{Options, generate_catalog};
use runcomfy_schema::{Catalog, Diagnostic};
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token};

/// Generates a module tree of typed requests from a folder of schema files.
///
/// ```text
/// pub mod models {
///     runcomfy_client::include_models!("schemas");
/// }
/// // -> models::blackforestlabs::flux_1_schnell::text_to_image::Request
/// ```
///
/// The folder is relative to the crate's `Cargo.toml` (`CARGO_MANIFEST_DIR`); every
/// `<folder>/<model_id>.json` becomes the module path of its model id (segments in
/// `snake_case`) holding `Request`, its field types and `MODEL_ID`.
///
/// Options, after the folder: `runtime = path` (the crate that re-exports the runtime,
/// default `::runcomfy_client`), `deny_warnings` (schema warnings become errors).
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
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let dir: LitStr = input.parse()?;
        let mut args = Args {
            dir,
            runtime: None,
            deny_warnings: false,
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
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown option `{other}`; expected `runtime = path` or `deny_warnings`"),
                    ));
                }
            }
        }
        Ok(args)
    }
}

/// The crate root the folder is relative to. `RUNCOMFY_MACROS_MANIFEST_DIR` overrides
/// `CARGO_MANIFEST_DIR` for compile-fail tests (trybuild builds in a scratch crate).
fn manifest_dir() -> PathBuf {
    std::env::var_os("RUNCOMFY_MACROS_MANIFEST_DIR")
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
    let generated = generate_catalog(&catalog, None, &Options { runtime });

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
