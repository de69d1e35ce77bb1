//! Emits a test per docs example: decode it into its model, encode it again, compare.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::lower::model::Api;

use super::literal;
use super::types::TypeWriter;

/// The test functions (imports are left in `types`).
pub(crate) fn example_tests(api: &Api, types: &mut TypeWriter<'_>) -> TokenStream {
    let mut taken = HashSet::new();
    let tests = api.examples.iter().map(|example| {
        let mut name = example.name.clone();
        let mut counter = 2;
        while !taken.insert(name.clone()) {
            name = format!("{}_{counter}", example.name);
            counter += 1;
        }
        let function = ident::ident(&name);
        let ty = types.rust(&example.ty);
        let origin = &example.origin;
        let json = literal::string(&example.value.to_string());
        let doc = literal::string(&format!(" {origin}"));
        quote! {
            #[doc = #doc]
            #[test]
            fn #function() {
                let json = #json;
                assert_round_trip::<#ty>(#origin, json);
            }
        }
    });
    quote! { #(#tests)* }
}
