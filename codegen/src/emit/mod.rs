//! Stage 3, emit: the model → token streams, one per output file.
//!
//! Everything is built with `quote!`; no Rust source is assembled from strings.

mod docs;
mod examples;
mod models;
mod operations;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::lower::model::{Api, AreaId};

use docs::Docs;
use types::TypeWriter;

/// The directory of model files, relative to the client crate's `src`.
pub const MODELS_DIR: &str = "models";
/// The directory of operation files, relative to the client crate's `src`.
pub const OPERATIONS_DIR: &str = "operations";
/// The name of the generated test that round-trips every docs example; where it goes is the
/// caller's choice.
pub const EXAMPLES_TEST: &str = "spec_examples.rs";

/// One file's tokens and what it was generated from.
pub(crate) struct EmittedFile {
    pub(crate) path: String,
    /// The spec file(s) it comes from, for the header line.
    pub(crate) source: String,
    pub(crate) tokens: TokenStream,
}

/// Emits every file of the client crate (paths relative to its `src`), then the examples test.
pub(crate) fn emit(api: &Api) -> (Vec<EmittedFile>, EmittedFile) {
    let mut files = Vec::new();
    let mut model_modules = Vec::new();
    let mut operation_modules = Vec::new();
    for (index, area) in api.areas.iter().enumerate() {
        let id = AreaId(index);
        if api.schemas.iter().any(|schema| schema.area == id) {
            let mut types = TypeWriter::new(api, "super", Some(id));
            let items = models::area_models(api, id, &mut types);
            let docs = area_docs(api, id, "Models");
            let imports = types.imports.tokens();
            files.push(EmittedFile {
                path: format!("{MODELS_DIR}/{}.rs", area.module),
                source: area.source.clone(),
                tokens: quote! { #docs #imports #items },
            });
            model_modules.push(area);
        }
        if api.operations.iter().any(|op| op.area == id) {
            let mut types = TypeWriter::new(api, "crate::models", None);
            let items = operations::area_operations(api, id, &mut types);
            let docs = area_docs(api, id, "Operations");
            let imports = types.imports.tokens();
            files.push(EmittedFile {
                path: format!("{OPERATIONS_DIR}/{}.rs", area.module),
                source: area.source.clone(),
                tokens: quote! { #docs #imports #items },
            });
            operation_modules.push(area);
        }
    }

    let sources = all_sources(api);
    let mut docs = Docs::new();
    docs.markdown("The types of request and response bodies, one module per area of the API, all re-exported here.");
    files.push(EmittedFile {
        path: format!("{MODELS_DIR}/mod.rs"),
        source: sources.clone(),
        tokens: module_index(&docs, &model_modules),
    });
    let mut docs = Docs::new();
    docs.markdown("Request builders, one per operation, returned by the methods of [`Client`](crate::Client); one module per area of the API, all re-exported here.");
    files.push(EmittedFile {
        path: format!("{OPERATIONS_DIR}/mod.rs"),
        source: sources.clone(),
        tokens: module_index(&docs, &operation_modules),
    });

    let mut types = TypeWriter::new(api, "github_actions_client::models", None);
    let tests = examples::example_tests(api, &mut types);
    types.imports.add("crate::round_trip", "assert_round_trip");
    let imports = types.imports.tokens();
    let mut docs = Docs::new();
    docs.markdown(
        "Every JSON example in the spec decodes into its model and encodes back to the same JSON.",
    );
    let docs = docs.inner();
    let examples = EmittedFile {
        path: EXAMPLES_TEST.to_owned(),
        source: sources,
        tokens: quote! { #docs #imports #tests },
    };
    (files, examples)
}

fn area_docs(api: &Api, area: AreaId, what: &str) -> TokenStream {
    let area = api.area(area);
    let mut docs = Docs::new();
    docs.markdown(&format!("{what} of the {} area.", area.title));
    docs.maybe_prose(area.description.as_deref());
    docs.markdown(&format!("[GitHub docs]({})", area.docs_url));
    docs.inner()
}

fn module_index(docs: &Docs, areas: &[&crate::lower::model::Area]) -> TokenStream {
    let docs = docs.inner();
    let modules = areas.iter().map(|area| {
        let module = ident::ident(&area.module);
        quote! {
            mod #module;
            pub use #module::*;
        }
    });
    quote! { #docs #(#modules)* }
}

fn all_sources(api: &Api) -> String {
    let names: Vec<&str> = api.areas.iter().map(|area| area.source.as_str()).collect();
    names.join(", ")
}
