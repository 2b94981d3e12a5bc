//! The module tree of a catalog: one module per model id segment, the endpoint's module
//! body at its last segment, the `ENDPOINTS` list and the exported `request!` macro.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::emit::{self, ident};
use super::model::EndpointModel;
use super::{RequestMacro, docs, naming};
use crate::catalog::SchemaFile;
use crate::diagnostic::Ctxt;

/// A module in the tree built from model ids.
#[derive(Default)]
pub struct Node {
    /// The endpoint whose id ends here: an index into the files.
    endpoint: Option<usize>,
    children: BTreeMap<String, Node>,
}

impl Node {
    /// The tree of `files`' model ids.
    pub fn new(files: &[&SchemaFile]) -> Node {
        let mut root = Node::default();
        for (i, file) in files.iter().enumerate() {
            let mut node = &mut root;
            for seg in file.model_id.split('/') {
                node = node.children.entry(seg.to_owned()).or_default();
            }
            node.endpoint = Some(i);
        }
        root
    }

    /// Reports segments that give no module name, or the same one as a sibling.
    pub fn check_names(&self, cx: &mut Ctxt, files: &[&SchemaFile]) {
        let mut seen: BTreeMap<String, &String> = BTreeMap::new();
        for (seg, child) in &self.children {
            let Some(name) = naming::snake(seg) else {
                cx.error(
                    &child.first_file(files),
                    "",
                    format!("model id segment {seg:?} gives no Rust module name"),
                );
                continue;
            };
            if self.endpoint.is_some() && name == emit::FIELDS_MODULE {
                let message = format!(
                    "model id segment {seg:?} becomes module `{name}`, where the endpoint of {} keeps its field markers; rename the file",
                    self.first_file(files)
                );
                cx.error(&child.first_file(files), "", message);
                continue;
            }
            if let Some(other) = seen.get(&name) {
                let message = format!(
                    "model id segment {seg:?} and {other:?} (in {}) both become module `{name}`; rename one file",
                    self.children[*other].first_file(files)
                );
                cx.error(&child.first_file(files), "", message);
            } else {
                seen.insert(name, seg);
            }
        }
        for child in self.children.values() {
            child.check_names(cx, files);
        }
    }

    fn first_file(&self, files: &[&SchemaFile]) -> String {
        if let Some(i) = self.endpoint {
            return files.get(i).map(|f| f.label.clone()).unwrap_or_default();
        }
        self.children
            .values()
            .next()
            .map(|c| c.first_file(files))
            .unwrap_or_default()
    }

    /// The modules below this node; `models[i]` is the model of `files[i]`.
    pub fn emit(
        &self,
        files: &[&SchemaFile],
        models: &[Option<EndpointModel>],
        runtime: &TokenStream,
        path: &str,
    ) -> TokenStream {
        let mut out = TokenStream::new();
        if let Some(i) = self.endpoint
            && let (Some(Some(model)), Some(file)) = (models.get(i), files.get(i))
        {
            out.extend(emit::endpoint(model, runtime, &file.text));
        }
        for (seg, child) in &self.children {
            let name = ident(&naming::snake(seg).unwrap_or_default());
            let child_path = if path.is_empty() {
                seg.clone()
            } else {
                format!("{path}/{seg}")
            };
            let inner = child.emit(files, models, runtime, &child_path);
            let doc = match child.endpoint.and_then(|i| files.get(i)) {
                Some(file) => docs::endpoint_module_doc(file),
                None => format!("Endpoints under `{child_path}/`."),
            };
            let doc = docs::attrs(&doc);
            out.extend(quote! {
                #doc
                #[allow(clippy::all, clippy::pedantic, non_camel_case_types, non_snake_case)]
                pub mod #name {
                    #inner
                }
            });
        }
        out
    }
}

/// The module path of a model id, one identifier per segment.
pub fn module_path(model_id: &str) -> Vec<Ident> {
    model_id
        .split('/')
        .map(|s| ident(&naming::snake(s).unwrap_or_default()))
        .collect()
}

/// `ENDPOINTS`: every model id with its schema file and text, read from the modules' consts.
pub fn endpoints_list(files: &[&SchemaFile]) -> TokenStream {
    let entries = files.iter().map(|f| {
        let path = module_path(&f.model_id);
        quote!((self #(::#path)*::MODEL_ID, self #(::#path)*::SCHEMA_FILE, self #(::#path)*::SCHEMA_JSON))
    });
    quote! {
        /// Every generated endpoint: `(model id, schema file, schema text)`, sorted by model id.
        pub const ENDPOINTS: &[(&str, &str, &str)] = &[#(#entries),*];
    }
}

/// The request macro: macro_rules with one arm per endpoint, matching its module path and
/// forwarding the body, with the endpoint's model in compact form, to the `request_impl`
/// proc-macro.
///
/// Other crates must reach it, so it is `#[macro_export]`ed, under a hidden name unique to
/// the invocation's module; then `pub use`d as `request` in that module. A macro-expanded
/// `#[macro_export]` macro cannot be named by an absolute path in its own crate, but the
/// re-export can: `crate::models::request!`, or `use crate::models::request;` anywhere, like
/// any item (and `my_crate::models::request!` from other crates).
pub fn request_macro(m: &RequestMacro, files: &[&SchemaFile], models: &[Option<EndpointModel>]) -> TokenStream {
    let name = &m.name;
    let module = &m.module;
    let module_text = module.iter().map(ToString::to_string).collect::<Vec<_>>().join("::");
    let hidden = quote::format_ident!(
        "__runcomfy_{}_{}",
        module.iter().map(ToString::to_string).collect::<Vec<_>>().join("_"),
        name
    );
    let mut arms: Vec<(usize, TokenStream)> = Vec::new();
    let mut known = Vec::new();
    for (f, model) in files.iter().zip(models) {
        let Some(model) = model else { continue };
        let segs = module_path(&f.model_id);
        known.push(segs.iter().map(ToString::to_string).collect::<Vec<_>>().join("::"));
        let compact = model.to_compact();
        arms.push((
            segs.len(),
            quote! {
                (#(#segs)::* $body:tt) => {
                    $crate #(:: #module)* ::__runtime::request_impl! {
                        ($crate #(:: #module)*) ($crate #(:: #module)* #(:: #segs)*) #compact $body
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
         endpoint's module path below `{module_text}` (without it), then the fields. Unknown, duplicate or missing \
         fields, enum values, bounds, lengths and media literals are compile errors at the offending token; other \
         expressions are converted with `Into` to the field's type. The result is the endpoint's `Request`."
    );
    quote! {
        #[doc(hidden)]
        #[macro_export]
        macro_rules! #hidden {
            #(#arms)*
            ($($rest:tt)*) => {
                $crate #(:: #module)* ::__runtime::request_unknown! { [#(#known),*] $($rest)* }
            };
        }
        #[doc = #doc]
        #[doc(inline)]
        #[allow(unused_imports)]
        pub use #hidden as #name;
    }
}
