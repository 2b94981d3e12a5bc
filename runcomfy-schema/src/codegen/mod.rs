//! Code generation in two steps: each endpoint's IR becomes an [`EndpointModel`] (every Rust
//! name, type, constraint and default resolved, no tokens), which is then written out as the
//! tokens of its module (`emit`); the catalog's module tree, `ENDPOINTS` and the `request!`
//! macro are `tree`. `request!` checks requests against the same model, carried in compact
//! form (see [`request`]).
//!
//! Used by the `include_models!` proc-macro and by `cargo xtask expand`. Generated code names
//! its runtime through one path (`::runcomfy_client` by default), so the same tokens work in
//! `runcomfy-client` and in any crate that depends on it.

mod docs;
mod emit;
pub mod model;
pub mod naming;
pub mod request;
mod tree;

use proc_macro2::TokenStream;
use quote::quote;

use crate::catalog::{Catalog, SchemaFile};
use crate::diagnostic::{Ctxt, Diagnostic};
pub use model::EndpointModel;

/// What the generator is told.
#[derive(Debug, Clone)]
pub struct Options {
    /// Path of the crate that re-exports the runtime (`::runcomfy_client`).
    pub runtime: TokenStream,
    /// Also generate an exported `request!`-style macro_rules for the catalog.
    pub request_macro: Option<RequestMacro>,
}

/// The exported macro that builds checked requests (see [`request`]).
#[derive(Debug, Clone)]
pub struct RequestMacro {
    /// Its name (`request`).
    pub name: proc_macro2::Ident,
    /// Where the generated module tree sits, from the crate root (`models` for
    /// `crate::models`), as path segments.
    pub module: Vec<proc_macro2::Ident>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runtime: quote!(::runcomfy_client),
            request_macro: None,
        }
    }
}

/// Generated tokens and every diagnostic (the parser's and the generator's).
#[derive(Debug, Clone)]
pub struct Generated {
    /// The module tree; empty when there are errors.
    pub tokens: TokenStream,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Generated {
    /// Any error?
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The errors, one message each (`file: pointer: message`).
    pub fn error_messages(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect()
    }
}

/// Generates the module tree for every schema of `catalog` (or only `only`, a model id).
///
/// Each model id segment becomes a module (`blackforestlabs::flux_1_schnell::text_to_image`),
/// and the last one holds `Request`, its field types and `MODEL_ID`. The root also gets
/// `ENDPOINTS`, a list of every model id with its schema text.
///
/// One diagnostics context runs through it: the catalog's problems, each file's parse, the
/// model of each endpoint (naming collisions), the module names; it is checked once, and
/// tokens are written only when it holds no error.
pub fn generate_catalog(catalog: &Catalog, only: Option<&str>, options: &Options) -> Generated {
    let mut cx = Ctxt::new();
    cx.extend(catalog.folder_diagnostics.iter().cloned());
    let files: Vec<&SchemaFile> = catalog
        .files
        .iter()
        .filter(|f| only.is_none_or(|id| f.model_id == id))
        .collect();
    if let Some(id) = only
        && files.is_empty()
    {
        cx.error(id, "", "no schema file for this model id");
    }
    let mut models = Vec::with_capacity(files.len());
    for file in &files {
        cx.extend(file.parsed.diagnostics.iter().cloned());
        models.push(
            file.parsed
                .schema
                .as_ref()
                .and_then(|schema| EndpointModel::build(&mut cx, schema)),
        );
    }
    let tree = tree::Node::new(&files);
    tree.check_names(&mut cx, &files);
    let diagnostics = match cx.check() {
        Ok(warnings) => warnings,
        Err(all) => {
            return Generated {
                tokens: TokenStream::new(),
                diagnostics: all,
            };
        }
    };
    let rt = &options.runtime;
    let modules = tree.emit(&files, &models, rt, "");
    let request_macro = options.request_macro.as_ref().map(|m| {
        let rules = tree::request_macro(m, &files, &models);
        quote! {
            /// The runtime, re-exported so that the request macro works from crates that do
            /// not depend on it directly.
            #[doc(hidden)]
            pub use #rt::__runtime;
            #rules
        }
    });
    let endpoints = tree::endpoints_list(&files);
    Generated {
        tokens: quote! {
            #modules
            #request_macro
            #endpoints
        },
        diagnostics,
    }
}

/// Pretty-prints tokens as a Rust file (for `cargo xtask expand` and snapshots).
#[cfg(feature = "pretty")]
pub fn pretty(tokens: &TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens.clone()).map_err(|e| e.to_string())?;
    Ok(prettyplease::unparse(&file))
}
