//! The typestate builder: `Request::builder().prompt(..).steps(..).build()`, where `build()`
//! does not compile until every required field is set.
//!
//! Each required field is a type parameter of `RequestBuilder` (`PromptImageState`),
//! `Unset<PromptImage>` until its setter puts the value there. `build()` asks each parameter
//! for `IsSet<PromptImage>`, which only the field's type has; every field has a type of its
//! own, so forgetting one names it: "`build()` needs every required field of this request;
//! `Media<PromptImage>` is not set". Everything named is public and documented: no hidden
//! trait or module shows in rustdoc or in the compiler's messages.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{ident, rust_type};
use crate::codegen::docs;
use crate::codegen::model::{EndpointModel, FieldModel};

/// `Request::builder()`, for the request's inherent impl.
pub fn start(model: &EndpointModel, rt: &TokenStream) -> TokenStream {
    let inits = model.request.fields.iter().map(|f| {
        let i = ident(&f.ident);
        if f.required {
            quote!(#i: #rt::Unset::new(),)
        } else {
            quote!(#i: #rt::Option::None,)
        }
    });
    let extra = model
        .request
        .additional_properties
        .then(|| quote!(additional_properties: #rt::serde_json::Map::new(),));
    quote! {
        /// Starts a [`RequestBuilder`].
        #[inline]
        pub fn builder() -> RequestBuilder {
            RequestBuilder { #(#inits)* #extra }
        }
    }
}

/// `RequestBuilder`, its setters and `build()`.
pub fn builder(model: &EndpointModel, rt: &TokenStream) -> TokenStream {
    let fields = &model.request.fields;
    let additional = model.request.additional_properties;
    let required: Vec<&FieldModel> = fields.iter().filter(|f| f.required).collect();
    let params = state_params(model, &required);
    let ty = |f: &FieldModel| rust_type(model, f.ty, &TokenStream::new());
    // A setter takes the field's type, and also its plain value when the type has nothing
    // to check (`IntoField`: `.force_single(true)`, `.negative_prompt("..")` without a
    // `maxLength`); otherwise a wrong value is a plain "expected `Integer<Steps>`" mismatch.
    let param = |f: &FieldModel| {
        let t = ty(f);
        if model.converts_from_plain(f.ty) {
            quote!(impl #rt::IntoField<#t>)
        } else {
            t
        }
    };
    let setter = |f: &FieldModel| {
        if f.ident == "build" {
            format_ident!("with_build")
        } else {
            ident(&f.ident)
        }
    };
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
    let extra_field =
        additional.then(|| quote!(additional_properties: #rt::serde_json::Map<#rt::String, #rt::serde_json::Value>,));
    let extra_move = additional.then(|| quote!(additional_properties: self.additional_properties,));
    let required_setters = required.iter().enumerate().map(|(i, f)| {
        let others = params.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| p);
        let t = ty(f);
        let state_in = params
            .iter()
            .enumerate()
            .map(|(j, p)| if j == i { quote!(#rt::Unset<#t>) } else { quote!(#p) });
        let state_out = params
            .iter()
            .enumerate()
            .map(|(j, p)| if j == i { t.clone() } else { quote!(#p) });
        let moves = fields.iter().map(|g| {
            let gi = ident(&g.ident);
            if g.ident == f.ident && model.converts_from_plain(f.ty) {
                quote!(#gi: #rt::IntoField::into_field(value),)
            } else if g.ident == f.ident {
                quote!(#gi: value,)
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
        let p = param(f);
        quote! {
            impl<#(#others),*> RequestBuilder<#(#state_in),*> {
                #doc
                pub fn #name(self, value: #p) -> RequestBuilder<#(#state_out),*> {
                    RequestBuilder { #(#moves)* #extra_move }
                }
            }
        }
    });
    let optional_setters = fields.iter().filter(|f| !f.required).map(|f| {
        let i = ident(&f.ident);
        let name = setter(f);
        let p = param(f);
        let conv = if model.converts_from_plain(f.ty) {
            quote!(#rt::IntoField::into_field(value))
        } else {
            quote!(value)
        };
        let doc = docs::attrs(&format!(
            "Sets the optional field {} (wire name {}).",
            docs::code(&f.ident),
            docs::code(&format!("{:?}", f.wire))
        ));
        quote! {
            #doc
            pub fn #name(mut self, value: #p) -> Self {
                self.#i = #rt::Option::Some(#conv);
                self
            }
        }
    });
    let bounds = params.iter().zip(&required).map(|(p, f)| {
        let t = ty(f);
        quote!(#p: #rt::IsSet<#t>,)
    });
    let build_fields = fields.iter().map(|f| {
        let i = ident(&f.ident);
        if f.required {
            quote!(#i: #rt::IsSet::into_set_value(self.#i),)
        } else {
            quote!(#i: self.#i,)
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
    let defaults = params.iter().zip(&required).map(|(p, f)| {
        let t = ty(f);
        quote!(#p = #rt::Unset<#t>)
    });
    quote! {
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

/// The type parameter of each required field: its type's name and `State`
/// (`PromptImageState`), numbered when that is a type of the module, as a type parameter
/// would shadow it.
fn state_params(model: &EndpointModel, required: &[&FieldModel]) -> Vec<Ident> {
    let taken: BTreeSet<&str> = model.types.iter().map(|t| t.name.as_str()).collect();
    let mut names = Vec::with_capacity(required.len());
    for f in required {
        let base = match model.named(f.ty) {
            Some(t) => format!("{}State", t.name),
            None => "FieldState".to_owned(),
        };
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(name.as_str()) || names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        names.push(name);
    }
    names.iter().map(|n| ident(n)).collect()
}
