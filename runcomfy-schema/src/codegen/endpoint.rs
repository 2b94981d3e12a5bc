//! One endpoint module: `MODEL_ID`, `Request` and its impls, and the field types.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Options;
use super::docs;
use super::types::{Field, TypeGen, default_expr, default_fn_name};
use crate::diagnostic::Diagnostic;
use crate::ir::EndpointSchema;

/// Generates the body of the module of one endpoint.
pub fn generate(schema: &EndpointSchema, text: &str, options: &Options) -> (TokenStream, Vec<Diagnostic>) {
    let rt = options.runtime.clone();
    let mut g = TypeGen::new(rt.clone(), &schema.file);
    let r = quote!(#rt::__runtime);
    let Some(fields) = g.fields(&schema.input, "", "") else {
        return (TokenStream::new(), g.diags);
    };
    let model_id = &schema.model_id;
    let file = &schema.file;
    let mut doc = format!("A request to {}.", docs::code(model_id));
    if let Some(t) = &schema.docs.title {
        doc.push_str(&format!("\n\nSchema title: {}.", docs::escape(t)));
    }
    if let Some(d) = &schema.docs.description {
        doc.push_str("\n\n");
        doc.push_str(&docs::escape(d));
    }
    doc.push_str(
        "\n\nRequired fields are plain, optional ones `Option` (and `None` is never sent). \
         Constrained values are newtypes whose constructors check the schema's limits, so a \
         value of this type can only hold what the schema allows. Documented defaults are \
         documentation: they are never sent on your behalf.",
    );
    let request = format_ident!("Request");
    let struct_def = g.struct_def(&request, &schema.input, &fields, &doc, true);

    let required: Vec<_> = fields.iter().filter(|f| f.required).collect();
    let new_args = required.iter().map(|f| {
        let (i, t) = (&f.ident, &f.ty);
        quote!(#i: #t)
    });
    let inits = fields.iter().map(|f| {
        let i = &f.ident;
        if f.required {
            quote!(#i,)
        } else {
            quote!(#i: ::core::option::Option::None,)
        }
    });
    let extra_init = schema
        .input
        .additional_properties
        .then(|| quote!(additional_properties: #r::serde_json::Map::new(),));
    let defaults = fields.iter().filter_map(|f| {
        let name = format_ident!("{}", default_fn_name(f)?);
        let (ty, expr) = default_expr(f)?;
        let d = format!(
            "The schema's documented default for {}. Documentation only: the request does not \
             send it unless you set the field.",
            docs::code(&f.wire)
        );
        let d_doc_attrs = docs::attrs(&d);
        Some(quote! {
            #d_doc_attrs
            pub fn #name() -> #ty {
                #expr
            }
        })
    });
    let defaults_table = fields.iter().filter_map(|f| {
        let d = f.schema.docs.default.as_ref()?.to_string();
        let w = &f.wire;
        Some(quote!((#w, #d)))
    });
    let builder = builder(&r, &fields, schema.input.additional_properties);
    let items = &g.items;
    let specs = &g.specs;
    let spec_module = (!specs.is_empty()).then(|| {
        quote! {
            /// Marker types carrying each constrained field's limits (see the type aliases).
            #[doc(hidden)]
            pub mod __spec {
                #(#specs)*
            }
        }
    });
    let new_doc = if required.is_empty() {
        "A request with every optional field unset.".to_owned()
    } else {
        format!(
            "A request with the required fields ({}) and every optional field unset.",
            required
                .iter()
                .map(|f| docs::code(&f.ident.to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let new_doc_doc_attrs = docs::attrs(&new_doc);
    let tokens = quote! {
        /// The model id of this endpoint.
        pub const MODEL_ID: &str = #model_id;
        /// The schema file this module was generated from, as bundled.
        pub const SCHEMA_FILE: &str = #file;
        /// The schema text, as bundled at compile time.
        pub const SCHEMA_JSON: &str = #text;

        #struct_def

        impl Request {
            #new_doc_doc_attrs
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#new_args),*) -> Self {
                Self {
                    #(#inits)*
                    #extra_init
                }
            }

            /// Every documented default as `(wire name, JSON text)`.
            pub const DEFAULTS: &'static [(&'static str, &'static str)] = &[#(#defaults_table),*];

            #(#defaults)*

            /// Parses a JSON body, reporting every violation (with its JSON pointer) rather
            /// than the first.
            pub fn from_json(value: #r::serde_json::Value) -> ::core::result::Result<Self, #r::Violations> {
                let schema = <Self as #r::Endpoint>::schema().map_err(#r::Violations::from)?;
                schema.validate(&value)?;
                #r::serde_json::from_value(value).map_err(|e| {
                    #r::Violations::from(#r::Violation::new(
                        "",
                        #r::Constraint::Schema { message: e.to_string() },
                    ))
                })
            }
        }

        impl #r::Validate for Request {
            fn validate(&self) -> ::core::result::Result<(), #r::Violations> {
                #r::validate_typed(self)
            }
        }

        impl #r::Endpoint for Request {
            const MODEL_ID: &'static str = MODEL_ID;
            const SCHEMA_JSON: &'static str = SCHEMA_JSON;
            type Output = #r::Output;

            fn schema() -> ::core::result::Result<&'static #r::EndpointSchema, #r::Violation> {
                static SCHEMA: ::std::sync::OnceLock<::core::result::Result<#r::EndpointSchema, ::std::string::String>> =
                    ::std::sync::OnceLock::new();
                #r::embedded_schema(&SCHEMA, SCHEMA_FILE, MODEL_ID, SCHEMA_JSON)
            }
        }

        #builder

        #(#items)*

        #spec_module
    };
    (tokens, g.diags)
}

/// The typestate builder: `Request::builder().prompt(..).steps(..).build()`.
fn builder(r: &TokenStream, fields: &[Field], additional: bool) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let params: Vec<proc_macro2::Ident> = (0..required.len()).map(|i| format_ident!("__S{}", i)).collect();
    let markers: Vec<proc_macro2::Ident> = required.iter().map(|f| f.ident.clone()).collect();
    let missing: Vec<TokenStream> = markers.iter().map(|m| quote!(#r::Missing<__fields::#m>)).collect();
    let setter_name = |f: &Field| {
        let name = f.ident.to_string();
        if name == "build" {
            format_ident!("with_build")
        } else {
            f.ident.clone()
        }
    };
    let struct_fields = fields.iter().map(|f| {
        let ident = &f.ident;
        match required.iter().position(|r| r.ident == f.ident) {
            Some(i) => {
                let p = &params[i];
                quote!(#ident: #p,)
            }
            None => {
                let ty = &f.ty;
                quote!(#ident: ::core::option::Option<#ty>,)
            }
        }
    });
    let extra_field = additional
        .then(|| quote!(additional_properties: #r::serde_json::Map<::std::string::String, #r::serde_json::Value>,));
    let extra_move = additional.then(|| quote!(additional_properties: self.additional_properties,));
    let extra_init = additional.then(|| quote!(additional_properties: #r::serde_json::Map::new(),));
    let start_inits = fields.iter().map(|f| {
        let ident = &f.ident;
        if f.required {
            quote!(#ident: #r::Missing::new(),)
        } else {
            quote!(#ident: ::core::option::Option::None,)
        }
    });
    let required_setters = required.iter().enumerate().map(|(i, f)| {
        let ident = &f.ident;
        let name = setter_name(f);
        let ty = &f.ty;
        let others: Vec<_> = params
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, p)| p)
            .collect();
        let state_in: Vec<TokenStream> = params
            .iter()
            .enumerate()
            .map(|(j, p)| if j == i { missing[i].clone() } else { quote!(#p) })
            .collect();
        let state_out: Vec<TokenStream> = params
            .iter()
            .enumerate()
            .map(|(j, p)| if j == i { quote!(#ty) } else { quote!(#p) })
            .collect();
        let moves = fields.iter().map(|g| {
            let gi = &g.ident;
            if g.ident == *ident {
                quote!(#gi: ::core::convert::Into::into(value),)
            } else {
                quote!(#gi: self.#gi,)
            }
        });
        let doc = docs::attrs(&format!(
            "Sets the required field {} (wire name {}).",
            docs::code(&ident.to_string()),
            docs::code(&format!("{:?}", f.wire))
        ));
        let extra_move = extra_move.clone();
        quote! {
            impl<#(#others),*> RequestBuilder<#(#state_in),*> {
                #doc
                pub fn #name(self, value: impl ::core::convert::Into<#ty>) -> RequestBuilder<#(#state_out),*> {
                    RequestBuilder { #(#moves)* #extra_move }
                }
            }
        }
    });
    let optional_setters = fields.iter().filter(|f| !f.required).map(|f| {
        let ident = &f.ident;
        let name = setter_name(f);
        let ty = &f.ty;
        let doc = docs::attrs(&format!(
            "Sets the optional field {} (wire name {}).",
            docs::code(&ident.to_string()),
            docs::code(&format!("{:?}", f.wire))
        ));
        quote! {
            #doc
            pub fn #name(mut self, value: impl ::core::convert::Into<#ty>) -> Self {
                self.#ident = ::core::option::Option::Some(::core::convert::Into::into(value));
                self
            }
        }
    });
    let tys: Vec<&TokenStream> = required.iter().map(|f| &f.ty).collect();
    let build_fields = fields.iter().map(|f| {
        let ident = &f.ident;
        if f.required {
            quote!(#ident: #r::IsSet::into_value(self.#ident),)
        } else {
            quote!(#ident: self.#ident,)
        }
    });
    let names = required
        .iter()
        .map(|f| docs::code(&f.ident.to_string()))
        .collect::<Vec<_>>()
        .join(", ");
    let struct_doc = docs::attrs(&if required.is_empty() {
        "A builder for [`Request`]: set any optional field, then call `build()`.".to_owned()
    } else {
        format!(
            "A typestate builder for [`Request`]: set the required fields ({names}) and any optional \
             ones, then call `build()`. Calling `build()` before every required field is set does \
             not compile."
        )
    });
    quote! {
        /// Marker types naming the required fields in [`RequestBuilder`]'s type.
        #[doc(hidden)]
        pub mod __fields {
            #(
                #[allow(non_camel_case_types)]
                #[derive(::core::fmt::Debug)]
                pub struct #markers;
            )*
        }

        #struct_doc
        #[must_use = "a builder does nothing until `build()` is called"]
        pub struct RequestBuilder<#(#params = #missing),*> {
            #(#struct_fields)*
            #extra_field
        }

        impl Request {
            /// Starts a [`RequestBuilder`].
            pub fn builder() -> RequestBuilder {
                RequestBuilder { #(#start_inits)* #extra_init }
            }
        }

        #(#required_setters)*

        impl<#(#params),*> RequestBuilder<#(#params),*> {
            #(#optional_setters)*
        }

        impl<#(#params),*> RequestBuilder<#(#params),*> {
            /// The request, with every field that was set. Every required field must be set
            /// first; otherwise this call does not compile.
            pub fn build(self) -> Request
            where
                #(#params: #r::IsSet<#tys>,)*
            {
                Request { #(#build_fields)* #extra_move }
            }
        }
    }
}
