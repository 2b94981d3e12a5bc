//! Writing an [`EndpointModel`] out as the tokens of its module: `MODEL_ID`, `Request` and its
//! impls (here), the named types (`types.rs`) and the typestate builder (`builder.rs`).
//!
//! What keeps the generated code cheap to compile: impls delegate to generic functions of the
//! runtime (one line per field), hand-written rather than derived; every non-generic function
//! is `#[inline]`, so that no machine code is made for it until a caller uses it; and the
//! runtime is named through one short alias, `__rt`.

mod builder;
mod types;

pub use types::FIELDS_MODULE;

use proc_macro2::{Ident, Literal as Lit, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use super::model::{DefaultValue, EndpointModel, StructModel, Ty};

/// The alias each endpoint module gives the runtime (`use <runtime>::__runtime as __rt;`).
/// Model id segments never become a name starting with `__`, so it cannot collide.
const RT: &str = "__rt";

/// The body of one endpoint's module. `runtime` is the crate that re-exports the runtime
/// (`::runcomfy_client`); `schema_text` is the schema file as bundled.
pub fn endpoint(model: &EndpointModel, runtime: &TokenStream, schema_text: &str) -> TokenStream {
    let rt = format_ident!("{}", RT);
    let rt = quote!(#rt);
    let model_id = &model.model_id;
    let file = &model.file;
    let request = format_ident!("Request");
    let struct_doc = docs::attrs(&model.request_doc);
    let struct_def = struct_def(model, &request, &model.request, &rt);
    let impls = struct_impls(&request, &model.request, &rt);
    let inherent = request_inherent(model, &rt);
    let builder = builder::builder(model, &rt);
    let types = types::named_types(model, &rt);
    quote! {
        use #runtime::__runtime as #rt;

        /// The model id of this endpoint.
        pub const MODEL_ID: &str = #model_id;
        /// The schema file this module was generated from, as bundled.
        pub const SCHEMA_FILE: &str = #file;
        /// The schema text, as bundled at compile time.
        pub const SCHEMA_JSON: &str = #schema_text;

        #struct_doc
        #struct_def
        #inherent

        impl #rt::Endpoint for Request {
            const MODEL_ID: &'static str = MODEL_ID;
            const SCHEMA_JSON: &'static str = SCHEMA_JSON;
            type Output = #rt::Output;
            #[inline]
            fn schema() -> #rt::SchemaResult {
                static SCHEMA: #rt::SchemaCell = #rt::SchemaCell::new();
                SCHEMA.get(SCHEMA_FILE, MODEL_ID, SCHEMA_JSON)
            }
        }

        impl #rt::Validate for Request {
            #[inline]
            fn validate(&self) -> #rt::Result<(), #rt::Violations> {
                #rt::validate_typed(self)
            }
        }

        #impls
        #builder
        #types
    }
}

/// `impl Request { new, DEFAULTS, default_*, from_json, builder }`.
fn request_inherent(model: &EndpointModel, rt: &TokenStream) -> TokenStream {
    let fields = &model.request.fields;
    let required: Vec<_> = fields.iter().filter(|f| f.required).collect();
    let new_args = required.iter().map(|f| {
        let i = ident(&f.ident);
        let t = rust_type(model, f.ty, &TokenStream::new());
        quote!(#i: #t)
    });
    let inits = fields.iter().map(|f| {
        let i = ident(&f.ident);
        if f.required {
            quote!(#i,)
        } else {
            quote!(#i: #rt::Option::None,)
        }
    });
    let extra_init = model
        .request
        .additional_properties
        .then(|| quote!(additional_properties: #rt::serde_json::Map::new(),));
    let new_doc = docs::attrs(&if required.is_empty() {
        "A request with every optional field unset.".to_owned()
    } else {
        format!(
            "A request with the required fields ({}) and every optional field unset.",
            required
                .iter()
                .map(|f| docs::code(&f.ident))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    let defaults_table = fields.iter().filter_map(|f| {
        let d = f.default_json.as_ref()?;
        let w = &f.wire;
        Some(quote!((#w, #d)))
    });
    let default_fns = fields.iter().filter_map(|f| {
        let name = format_ident!("{}", f.default_fn()?);
        let (ty, value) = default_expr(model, f.ty, f.default.as_ref()?, rt)?;
        let doc = docs::attrs(&format!(
            "The schema's documented default for {}. Documentation only: the request does not \
             send it unless you set the field.",
            docs::code(&f.wire)
        ));
        Some(quote! {
            #doc
            #[inline]
            pub fn #name() -> #ty {
                #value
            }
        })
    });
    let start_builder = builder::start(model, rt);
    let (model_id, file) = (&model.model_id, &model.file);
    quote! {
        impl Request {
            /// The model id of this endpoint.
            pub const MODEL_ID: &'static str = #model_id;
            /// The schema text, as bundled at compile time.
            pub const SCHEMA_JSON: &'static str = SCHEMA_JSON;
            /// The schema file this type was generated from, as bundled.
            pub const SCHEMA_FILE: &'static str = #file;

            #new_doc
            #[inline]
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#new_args),*) -> Self {
                Self {
                    #(#inits)*
                    #extra_init
                }
            }

            /// Every documented default as `(wire name, JSON text)`.
            pub const DEFAULTS: &'static [(&'static str, &'static str)] = &[#(#defaults_table),*];

            #(#default_fns)*

            /// Parses a JSON body, reporting every violation (with its JSON pointer) rather
            /// than the first.
            #[inline]
            pub fn from_json(value: #rt::serde_json::Value) -> #rt::Result<Self, #rt::Violations> {
                #rt::request_from_json(value)
            }

            #start_builder
        }
    }
}

/// A typed expression for a documented default, with its type.
fn default_expr(
    model: &EndpointModel,
    ty: Ty,
    value: &DefaultValue,
    rt: &TokenStream,
) -> Option<(TokenStream, TokenStream)> {
    let n = ident(&model.named(ty)?.name);
    let value = match value {
        DefaultValue::Str(s) => quote!(#n::__new_unchecked(#rt::String::from(#s))),
        DefaultValue::Int(i) => {
            let l = Lit::i64_suffixed(*i);
            quote!(#n::__new_unchecked(#l))
        }
        DefaultValue::Float(f) => {
            let l = Lit::f64_suffixed(*f);
            quote!(#n::__new_unchecked(#l))
        }
        DefaultValue::Bool(b) => quote!(#n::new(#b)),
        DefaultValue::Variant(v) => {
            let v = ident(v);
            quote!(#n::#v)
        }
    };
    Some((quote!(#n), value))
}

/// A struct's definition: its fields, documented.
fn struct_def(model: &EndpointModel, name: &Ident, s: &StructModel, rt: &TokenStream) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let i = ident(&f.ident);
        let ty = rust_type(model, f.ty, &TokenStream::new());
        let doc = docs::attrs(&f.doc);
        if f.required {
            quote!(#doc pub #i: #ty,)
        } else {
            quote!(#doc pub #i: #rt::Option<#ty>,)
        }
    });
    let extra = s.additional_properties.then(|| {
        quote! {
            /// Keys the schema does not list (it allows additional properties).
            pub additional_properties: #rt::serde_json::Map<#rt::String, #rt::serde_json::Value>,
        }
    });
    quote! {
        #[derive(#rt::Debug, #rt::Clone, #rt::PartialEq)]
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

/// `Serialize`, `Deserialize` (objects only) and `JsonSchema` of a generated struct.
fn struct_impls(name: &Ident, s: &StructModel, rt: &TokenStream) -> TokenStream {
    let writes = s.fields.iter().map(|f| {
        let i = ident(&f.ident);
        let w = &f.wire;
        if f.required {
            quote!(object.field(#w, &self.#i)?;)
        } else {
            quote!(object.optional(#w, &self.#i)?;)
        }
    });
    let write_rest = s
        .additional_properties
        .then(|| quote!(object.rest(&self.additional_properties)?;));
    let reads = s.fields.iter().map(|f| {
        let i = ident(&f.ident);
        let w = &f.wire;
        if f.required {
            quote!(#i: object.field(#w)?,)
        } else {
            quote!(#i: object.optional(#w)?,)
        }
    });
    let finish = if s.additional_properties {
        quote! {
            let value = Self { #(#reads)* additional_properties: object.rest() };
            #rt::Result::Ok(value)
        }
    } else {
        let wires = s.fields.iter().map(|f| &f.wire);
        quote! {
            let value = Self { #(#reads)* };
            object.end(value, &[#(#wires),*])
        }
    };
    let name_str = name.to_string();
    let pointer = &s.schema_pointer;
    quote! {
        impl #rt::Serialize for #name {
            fn serialize<S: #rt::Serializer>(&self, s: S) -> #rt::Result<S::Ok, S::Error> {
                let mut object = #rt::ObjectWriter::new(s)?;
                #(#writes)*
                #write_rest
                object.end()
            }
        }

        impl<'de> #rt::Deserialize<'de> for #name {
            fn deserialize<D: #rt::Deserializer<'de>>(d: D) -> #rt::Result<Self, D::Error> {
                #[allow(unused_mut)]
                let mut object = #rt::ObjectReader::new(d)?;
                #finish
            }
        }

        impl #rt::JsonSchema for #name {
            #[inline]
            fn schema_name() -> #rt::Cow<'static, str> {
                #rt::Cow::Borrowed(#name_str)
            }
            #[inline]
            fn json_schema(_: &mut #rt::SchemaGenerator) -> #rt::Schema {
                #rt::object_json_schema::<Request>(#pointer)
            }
        }
    }
}

/// The Rust type of `ty`, a generated type, behind `prefix` (empty inside the endpoint module;
/// the module's path for the `request!` expansion).
pub fn rust_type(model: &EndpointModel, ty: Ty, prefix: &TokenStream) -> TokenStream {
    match model.named(ty) {
        Some(t) => {
            let n = ident(&t.name);
            quote!(#prefix #n)
        }
        // A compact form that does not fit its own index: say so at the use site.
        None => quote!(::core::compile_error!("runcomfy: inconsistent endpoint model")),
    }
}

/// An identifier from a name the naming rules made. They only make valid identifiers (a
/// naming test checks it); anything else would come from a hand-edited compact form, and
/// becomes a name that fails to resolve rather than a panic.
pub fn ident(name: &str) -> Ident {
    if super::naming::is_ident(name) {
        format_ident!("{}", name)
    } else {
        format_ident!("__invalid_name")
    }
}
