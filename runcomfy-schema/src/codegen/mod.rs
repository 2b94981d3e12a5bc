//! Code generation: the IR to Rust tokens (request structs, field types, trait impls).
//!
//! Used by the `include_models!` proc-macro and by `cargo xtask expand`. Generated code names
//! its runtime through one path (`::runcomfy_client` by default), so the same tokens work in
//! `runcomfy-client` and in any crate that depends on it.

mod docs;
mod endpoint;
pub mod naming;
pub mod request;
mod types;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::catalog::{Catalog, SchemaFile};
use crate::diagnostic::{Diagnostic, Severity};

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

/// A module in the tree built from model ids.
#[derive(Default)]
struct Node {
    endpoint: Option<usize>,
    children: BTreeMap<String, Node>,
}

/// Generates the module tree for every schema of `catalog` (or only `only`, a model id).
///
/// Each model id segment becomes a module (`blackforestlabs::flux_1_schnell::text_to_image`),
/// and the last one holds `Request`, its field types and `MODEL_ID`. The root also gets
/// `ENDPOINTS`, a list of every model id with its schema text.
pub fn generate_catalog(catalog: &Catalog, only: Option<&str>, options: &Options) -> Generated {
    let mut diagnostics: Vec<Diagnostic> = catalog.folder_diagnostics.clone();
    let files: Vec<&SchemaFile> = catalog
        .files
        .iter()
        .filter(|f| only.is_none_or(|id| f.model_id == id))
        .collect();
    if let Some(id) = only
        && files.is_empty()
    {
        diagnostics.push(Diagnostic {
            severity: Severity::Error,
            file: id.to_owned(),
            pointer: String::new(),
            message: "no schema file for this model id".into(),
        });
    }
    let mut root = Node::default();
    let mut bodies: Vec<Option<TokenStream>> = Vec::with_capacity(files.len());
    for (i, file) in files.iter().enumerate() {
        diagnostics.extend(file.parsed.diagnostics.iter().cloned());
        let body = file.parsed.schema.as_ref().and_then(|schema| {
            let (tokens, diags) = endpoint::generate(schema, &file.text, options);
            let failed = diags.iter().any(Diagnostic::is_error);
            diagnostics.extend(diags);
            (!failed).then_some(tokens)
        });
        bodies.push(body);
        let mut node = &mut root;
        for seg in file.model_id.split('/') {
            node = node.children.entry(seg.to_owned()).or_default();
        }
        node.endpoint = Some(i);
    }
    check_module_names(&root, &files, &mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Generated {
            tokens: TokenStream::new(),
            diagnostics,
        };
    }
    let rt = &options.runtime;
    let tree = emit_node(&root, &bodies, &files, rt, "");
    let ids = files.iter().map(|f| &f.model_id);
    let texts = files.iter().map(|f| &f.text);
    let labels = files.iter().map(|f| &f.label);
    let request_macro = options.request_macro.as_ref().map(|m| {
        let rules = request_macro_rules(m, &files);
        quote! {
            /// The runtime, re-exported so that the request macro works from crates that do
            /// not depend on it directly.
            #[doc(hidden)]
            pub use #rt::__runtime;
            #rules
        }
    });
    let tokens = quote! {
        #tree
        #request_macro
        /// Every generated endpoint: `(model id, schema file, schema text)`, sorted by model id.
        pub const ENDPOINTS: &[(&str, &str, &str)] = &[#((#ids, #labels, #texts)),*];
    };
    Generated { tokens, diagnostics }
}

fn check_module_names(node: &Node, files: &[&SchemaFile], diags: &mut Vec<Diagnostic>) {
    let segs: Vec<&String> = node.children.keys().collect();
    let mut seen: BTreeMap<String, &String> = BTreeMap::new();
    for seg in segs {
        let Some(name) = naming::snake(seg) else {
            diags.push(Diagnostic {
                severity: Severity::Error,
                file: first_file(&node.children[seg], files),
                pointer: String::new(),
                message: format!("model id segment {seg:?} gives no Rust module name"),
            });
            continue;
        };
        if let Some(other) = seen.get(&name) {
            diags.push(Diagnostic {
                severity: Severity::Error,
                file: first_file(&node.children[seg], files),
                pointer: String::new(),
                message: format!(
                    "model id segment {seg:?} and {other:?} (in {}) both become module `{name}`; rename one file",
                    first_file(&node.children[*other], files)
                ),
            });
        } else {
            seen.insert(name, seg);
        }
    }
    for child in node.children.values() {
        check_module_names(child, files, diags);
    }
}

fn first_file(node: &Node, files: &[&SchemaFile]) -> String {
    if let Some(i) = node.endpoint {
        return files[i].label.clone();
    }
    node.children
        .values()
        .next()
        .map(|c| first_file(c, files))
        .unwrap_or_default()
}

fn emit_node(
    node: &Node,
    bodies: &[Option<TokenStream>],
    files: &[&SchemaFile],
    rt: &TokenStream,
    prefix: &str,
) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(i) = node.endpoint
        && let Some(body) = &bodies[i]
    {
        out.extend(body.clone());
    }
    let _ = rt;
    for (seg, child) in &node.children {
        let name = naming::snake(seg).unwrap_or_default();
        let ident = format_ident!("{}", name);
        let path = if prefix.is_empty() {
            seg.clone()
        } else {
            format!("{prefix}/{seg}")
        };
        let inner = emit_node(child, bodies, files, rt, &path);
        let doc = match child.endpoint {
            Some(i) => docs::endpoint_module_doc(files[i]),
            None => format!("Endpoints under `{path}/`."),
        };
        let doc_doc_attrs = docs::attrs(&doc);
        out.extend(quote! {
            #doc_doc_attrs
            #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
            pub mod #ident {
                #inner
            }
        });
    }
    out
}

/// The exported macro_rules: one arm per endpoint, matching its module path and forwarding
/// the body, with the schema, to the `request_impl` proc-macro.
fn request_macro_rules(m: &RequestMacro, files: &[&SchemaFile]) -> TokenStream {
    let name = &m.name;
    let module = &m.module;
    let mut arms: Vec<(usize, TokenStream)> = Vec::new();
    let mut known = Vec::new();
    for f in files {
        let Some(schema) = &f.parsed.schema else { continue };
        let segs: Vec<proc_macro2::Ident> = f
            .model_id
            .split('/')
            .map(|s| format_ident!("{}", naming::snake(s).unwrap_or_default()))
            .collect();
        known.push(segs.iter().map(ToString::to_string).collect::<Vec<_>>().join("::"));
        let (id, file, text) = (&schema.model_id, &f.label, &f.text);
        arms.push((
            segs.len(),
            quote! {
                (#(#segs)::* $body:tt) => {
                    $crate #(:: #module)* ::__runtime::request_impl! {
                        ($crate #(:: #module)*) ($crate #(:: #module)* #(:: #segs)*) #id #file #text $body
                    }
                };
            },
        ));
    }
    // Longer paths first, so that `a::b` never shadows `a::b::c`.
    arms.sort_by_key(|a| std::cmp::Reverse(a.0));
    let arms = arms.into_iter().map(|(_, a)| a);
    let doc = format!(
        " Builds a request from field/value pairs, checked against the endpoint's schema at compile time.\n\n \
         `{name}!(blackforestlabs::flux_1_schnell::text_to_image {{ prompt: \"a red fox\", steps: 4 }})`: the \
         endpoint's module path below `{}` (without it), then the fields. Unknown, duplicate or missing fields, \
         enum values, bounds, lengths and media literals are compile errors at the offending token; other \
         expressions are converted with `Into` to the field's type. The result is the endpoint's `Request`.",
        module.iter().map(ToString::to_string).collect::<Vec<_>>().join("::")
    );
    quote! {
        #[doc = #doc]
        #[macro_export]
        macro_rules! #name {
            #(#arms)*
            ($($rest:tt)*) => {
                $crate #(:: #module)* ::__runtime::request_unknown! { [#(#known),*] $($rest)* }
            };
        }
    }
}

/// Pretty-prints tokens as a Rust file (for `cargo xtask expand` and snapshots).
pub fn pretty(tokens: &TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens.clone()).map_err(|e| e.to_string())?;
    Ok(prettyplease::unparse(&file))
}
