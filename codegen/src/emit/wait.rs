//! The `wait_for_…` methods of operations with a `wait:`: poll the operation with the
//! runtime's `Wait` until its answer is finished.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Docs;
use super::types::TypeWriter;
use crate::ident;
use crate::lower::model::{Api, Operation, ParameterLocation, SchemaKind, Type};

/// The `Client` method of `op`'s wait, if it has one.
pub(crate) fn wait_method(api: &Api, op: &Operation, types: &mut TypeWriter<'_>) -> TokenStream {
    let Some(wait) = &op.wait else {
        return quote!();
    };
    let mut arguments = Vec::new();
    let mut bindings = Vec::new();
    let mut names = Vec::new();
    let mut values = Vec::new();
    for parameter in op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Path)
    {
        let name = ident::ident(&parameter.rust_name);
        let (ty, value) = types.argument(&parameter.ty, &quote!(#name));
        arguments.push(quote!(#name: #ty));
        bindings.push(quote!(let #name = #value;));
        // Each poll takes its own copy of the values.
        values.push(match is_copy(api, &parameter.ty) {
            true => quote!(#name),
            false => quote!(#name.clone()),
        });
        names.push(name);
    }
    // `workflow run 42 in octo-org/octo-repo`: the last path value is the id, the others say
    // where it is.
    let what_text = &wait.what;
    let what = match names.split_last() {
        Some((id, [])) => quote!(format!("{} {}", #what_text, #id)),
        Some((id, place)) => {
            let template = format!("{{}} {{}} in {}", vec!["{}"; place.len()].join("/"));
            quote!(format!(#template, #what_text, #id, #(#place),*))
        }
        None => quote!(String::from(#what_text)),
    };
    let ty = types.rust(&wait.ty);
    let enum_type = types.rust(&wait.enum_type);
    let field = ident::ident(&wait.field);
    let variant = ident::ident(&wait.variant);
    let finished = match wait.optional {
        true => quote!(|value: &#ty| matches!(value.#field, Some(#enum_type::#variant))),
        false => quote!(|value: &#ty| matches!(value.#field, #enum_type::#variant)),
    };
    let operation = ident::ident(&op.method_name);
    let method = ident::ident(&wait.method_name);
    types.imports.add("crate", "Wait");
    let mut docs = Docs::new();
    docs.markdown(&format!(
        "Waits for the {what_text} to finish (`{}` is `{}`) and returns it, polling [`{op}`](Client::{op}) as [`WaitOptions`](crate::WaitOptions) say; fails with [`Error::WaitTimedOut`](crate::Error::WaitTimedOut) when it takes longer than their timeout.",
        wait.field, wait.variant.to_lowercase(), op = op.method_name,
    ));
    docs.markdown("Each poll is a conditional request (unchanged answers cost no rate limit); the wait between polls grows, and is never shorter than the rate limit or a `retry-after` asks.");
    let docs = docs.outer();
    quote! {
        #docs
        pub fn #method(&self, #(#arguments),*) -> Wait<#ty> {
            #(#bindings)*
            let what = #what;
            let client = self.clone();
            Wait::new(
                self.core().clone(),
                what,
                move || client.#operation(#(#values),*).send(),
                #finished,
            )
        }
    }
}

/// Whether values of `ty` are `Copy` (integers, booleans, and the id newtypes of integers).
fn is_copy(api: &Api, ty: &Type) -> bool {
    match ty {
        Type::Integer { .. } | Type::Boolean | Type::Number => true,
        Type::Schema(id) => match &api.schema(*id).kind {
            SchemaKind::Newtype(inner) => is_copy(api, inner),
            _ => false,
        },
        _ => false,
    }
}
