//! Emits a test per docs example: decode it into its model, encode it again, compare.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::lower::model::Api;

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
        let json = raw_string(&example.value.to_string());
        let doc = format!(" {origin}");
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

/// A raw string literal holding `text` (`r#"…"#`), with enough `#`s that `text` cannot end it.
fn raw_string(text: &str) -> proc_macro2::Literal {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .expect("a raw string literal is a valid token")
}
