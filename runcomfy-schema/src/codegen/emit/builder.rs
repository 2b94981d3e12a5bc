//! The typestate builder: `Request::builder().prompt(..).steps(..).build()`, where `build()`
//! does not compile until every required field is set.
//!
//! Each required field is a type parameter of `RequestBuilder`, `Missing` until its setter
//! puts the value there. `build()` asks each parameter for a trait named after its field
//! (`__fields::PromptImage`), implemented by the field's type only; the trait's
//! `on_unimplemented` message names the field, so forgetting one reads "the required field
//! `prompt_image` of this request is not set".

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{ident, rust_type};
use crate::codegen::docs;
use crate::codegen::model::{EndpointModel, FieldModel};
use crate::codegen::naming;

/// `Request::builder()`, for the request's inherent impl.
pub fn start(model: &EndpointModel, rt: &TokenStream) -> TokenStream {
    let inits = model.request.fields.iter().map(|f| {
        let i = ident(&f.ident);
        if f.required {
            quote!(#i: #rt::Missing,)
        } else {
            quote!(#i: #rt::Option::None,)
        }
    });
    let extra = model
        .request
        .additional_properties
        .then(|| quote!(additional_properties: #rt::JsonObject::new(),));
    quote! {
        /// Starts a [`RequestBuilder`].
        #[inline]
        pub fn builder() -> RequestBuilder {
            RequestBuilder { #(#inits)* #extra }
        }
    }
}

/// The `__fields` traits, `RequestBuilder` and its setters and `build()`.
pub fn builder(model: &EndpointModel, rt: &TokenStream) -> TokenStream {
    let fields = &model.request.fields;
    let additional = model.request.additional_properties;
    let required: Vec<&FieldModel> = fields.iter().filter(|f| f.required).collect();
    let params: Vec<Ident> = (0..required.len()).map(|i| format_ident!("__S{}", i)).collect();
    let traits = trait_names(&required);
    let ty = |f: &FieldModel| rust_type(model, &f.ty, rt, &TokenStream::new());
    let setter = |f: &FieldModel| {
        if f.ident == "build" {
            format_ident!("with_build")
        } else {
            ident(&f.ident)
        }
    };
    let field_traits = required.iter().zip(&traits).map(|(f, t)| {
        let message = format!("the required field `{}` of this request is not set", f.ident);
        let label = format!("`{}` was never set", f.ident);
        let note = format!("call `.{}(..)` on the builder before `.build()`", setter(f));
        quote! {
            #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
            pub trait #t<T> {
                fn into_value(self) -> T;
            }
            impl<T> #t<T> for T {
                #[inline]
                fn into_value(self) -> T {
                    self
                }
            }
        }
    });
    let struct_fields = fields.iter().map(|f| {
        let i = ident(&f.ident);
        match required.iter().position(|r| r.ident == f.ident) {
            Some(p) => {
                let p = &params[p];
                quote!(#i: #p,)
            }
            None => {
                let t = ty(f);
                quote!(#i: #rt::Option<#t>,)
            }
        }
    });
    let extra_field = additional.then(|| quote!(additional_properties: #rt::JsonObject,));
    let extra_move = additional.then(|| quote!(additional_properties: self.additional_properties,));
    let required_setters = required.iter().enumerate().map(|(i, f)| {
        let others = params.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| p);
        let t = ty(f);
        let state_in = params
            .iter()
            .enumerate()
            .map(|(j, p)| if j == i { quote!(#rt::Missing) } else { quote!(#p) });
        let state_out = params
            .iter()
            .enumerate()
            .map(|(j, p)| if j == i { t.clone() } else { quote!(#p) });
        let moves = fields.iter().map(|g| {
            let gi = ident(&g.ident);
            if g.ident == f.ident {
                quote!(#gi: #rt::Into::into(value),)
            } else {
                quote!(#gi: self.#gi,)
            }
        });
        let name = setter(f);
        let doc = docs::attrs(&format!(
            "Sets the required field {} (wire name {}).",
            docs::code(&f.ident),
            docs::code(&format!("{:?}", f.wire))
        ));
        quote! {
            impl<#(#others),*> RequestBuilder<#(#state_in),*> {
                #doc
                pub fn #name(self, value: impl #rt::Into<#t>) -> RequestBuilder<#(#state_out),*> {
                    RequestBuilder { #(#moves)* #extra_move }
                }
            }
        }
    });
    let optional_setters = fields.iter().filter(|f| !f.required).map(|f| {
        let i = ident(&f.ident);
        let name = setter(f);
        let t = ty(f);
        let doc = docs::attrs(&format!(
            "Sets the optional field {} (wire name {}).",
            docs::code(&f.ident),
            docs::code(&format!("{:?}", f.wire))
        ));
        quote! {
            #doc
            pub fn #name(mut self, value: impl #rt::Into<#t>) -> Self {
                self.#i = #rt::Option::Some(#rt::Into::into(value));
                self
            }
        }
    });
    let bounds = params.iter().zip(&traits).zip(&required).map(|((p, tr), f)| {
        let t = ty(f);
        quote!(#p: __fields::#tr<#t>,)
    });
    let build_fields = fields.iter().map(|f| {
        let i = ident(&f.ident);
        match required.iter().position(|r| r.ident == f.ident) {
            Some(p) => {
                let tr = &traits[p];
                quote!(#i: __fields::#tr::into_value(self.#i),)
            }
            None => quote!(#i: self.#i,),
        }
    });
    let names = required
        .iter()
        .map(|f| docs::code(&f.ident))
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
    let defaults = params.iter().map(|p| quote!(#p = #rt::Missing));
    let fields_module = (!required.is_empty()).then(|| {
        quote! {
            /// One trait per required field, naming it in the error when `build()` is called
            /// before it is set.
            #[doc(hidden)]
            pub mod __fields {
                #(#field_traits)*
            }
        }
    });
    quote! {
        #fields_module

        #struct_doc
        #[must_use = "a builder does nothing until `build()` is called"]
        pub struct RequestBuilder<#(#defaults),*> {
            #(#struct_fields)*
            #extra_field
        }

        #(#required_setters)*

        impl<#(#params),*> RequestBuilder<#(#params),*> {
            #(#optional_setters)*

            /// The request, with every field that was set. Every required field must be set
            /// first; otherwise this call does not compile.
            pub fn build(self) -> Request
            where
                #(#bounds)*
            {
                Request { #(#build_fields)* #extra_move }
            }
        }
    }
}

/// The trait naming each required field: its name in `UpperCamelCase`, unique in `__fields`.
fn trait_names(required: &[&FieldModel]) -> Vec<Ident> {
    let mut taken = BTreeSet::new();
    required
        .iter()
        .map(|f| {
            let base = naming::type_name(&f.ident);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}{n}");
                n += 1;
            }
            ident(&name)
        })
        .collect()
}
