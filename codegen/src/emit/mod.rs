//! Stage 3, emit: the model → token streams, one per output file.
//!
//! Everything is built with `quote!`; no Rust source is assembled from strings.

mod client;
mod docs;
mod examples;
mod features;
mod literal;
mod mock;
mod models;
mod operations;
mod types;
mod wait;
mod webhooks;

pub use webhooks::WEBHOOKS_FILE;

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::lower::model::{Api, Area, AreaId, Operation};

use docs::Docs;
use types::TypeWriter;

/// The directory of model files, relative to the client crate's `src`.
pub const MODELS_DIR: &str = "models";
/// The directory of operation files, relative to the client crate's `src`.
pub const OPERATIONS_DIR: &str = "operations";
pub use mock::MOCK_DIR;

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

/// What [`emit`] returns: the client crate's files, the examples test, the fake's files.
pub(crate) type Emitted<R> = (Vec<R>, R, Vec<R>);

/// Emits every file of the client crate (paths relative to its `src`): each area's models and
/// operations, the `webhooks` module when the spec has webhook events, then the two index
/// files; the examples test; and the fake GitHub's files (`mock/`). Each file is passed to
/// `render` as soon as its tokens are made, so only one file's token stream is alive at a time.
pub(crate) fn emit<R>(api: &Api, render: impl Fn(EmittedFile) -> R) -> Emitted<R> {
    let plan = Plan::new(api);
    let mut files = Vec::new();
    for index in 0..api.areas.len() {
        if !plan.schemas_by_area[index].is_empty() {
            files.push(render(plan.models_file(index)));
        }
        if !plan.operations_by_area[index].is_empty() {
            files.push(render(plan.operations_file(index)));
        }
    }
    if let Some(file) = webhooks::webhooks_file(api, webhook_sources(api)) {
        files.push(render(file));
    }
    let (indexes, examples) = plan.indexes_and_examples(&render);
    files.extend(indexes);
    files.push(render(client::client_file(api)));
    let mock = mock::mock_files(api, &plan.operations_by_area)
        .into_iter()
        .map(&render)
        .collect();
    (files, examples, mock)
}

/// The API grouped once by area, so that each area's files cost what the area holds, not the
/// whole API.
struct Plan<'a> {
    api: &'a Api,
    schemas_by_area: Vec<Vec<usize>>,
    operations_by_area: Vec<Vec<&'a Operation>>,
    models: models::ModelFacts<'a>,
    /// For each area, the features that compile its models file.
    model_features: Vec<BTreeSet<&'a str>>,
}

impl<'a> Plan<'a> {
    fn new(api: &'a Api) -> Self {
        let mut schemas_by_area = vec![Vec::new(); api.areas.len()];
        for (index, schema) in api.schemas.iter().enumerate() {
            schemas_by_area[schema.area.0].push(index);
        }
        let mut operations_by_area = vec![Vec::new(); api.areas.len()];
        for operation in &api.operations {
            operations_by_area[operation.area.0].push(operation);
        }
        let model_features = features::model_features(api, &schemas_by_area, &operations_by_area);
        Self {
            api,
            schemas_by_area,
            operations_by_area,
            models: models::ModelFacts::new(api),
            model_features,
        }
    }

    fn models_file(&self, index: usize) -> EmittedFile {
        let (api, id) = (self.api, AreaId(index));
        let mut types = TypeWriter::new(api, "super", Some(id));
        let items = models::area_models(
            api,
            id,
            &self.schemas_by_area[index],
            &self.models,
            &mut types,
        );
        let badge = features::doc_cfg(&self.model_features[index]);
        self.area_file(id, MODELS_DIR, "Models", badge, &types, items)
    }

    fn operations_file(&self, index: usize) -> EmittedFile {
        let (api, id) = (self.api, AreaId(index));
        let mut types = TypeWriter::new(api, "crate::models", None);
        let items = operations::area_operations(
            api,
            &self.operations_by_area[index],
            &self.models,
            &mut types,
        );
        let badge = features::doc_cfg(&[api.area(id).name.as_str()].into());
        self.area_file(id, OPERATIONS_DIR, "Operations", badge, &types, items)
    }

    /// An area's file in `dir`: its docs (`kind` says which file it is) and docs.rs feature
    /// `badge`, the imports `types` recorded, then `items`.
    fn area_file(
        &self,
        id: AreaId,
        dir: &str,
        kind: &str,
        badge: TokenStream,
        types: &TypeWriter<'_>,
        items: TokenStream,
    ) -> EmittedFile {
        let area = self.api.area(id);
        let docs = area_docs(self.api, id, kind);
        let imports = types.imports.tokens();
        EmittedFile {
            path: format!("{dir}/{}.rs", area.module),
            source: area.source.clone(),
            tokens: quote! { #docs #badge #imports #items },
        }
    }

    fn indexes_and_examples<R>(&self, render: &impl Fn(EmittedFile) -> R) -> (Vec<R>, R) {
        let api = self.api;
        let model_features = &self.model_features;
        let model_modules: Vec<_> = (0..api.areas.len())
            .filter(|&index| !self.schemas_by_area[index].is_empty())
            .map(|index| {
                (
                    api.area(AreaId(index)),
                    features::cfg(&model_features[index]),
                )
            })
            .collect();
        let operation_modules: Vec<_> = (0..api.areas.len())
            .filter(|&index| !self.operations_by_area[index].is_empty())
            .map(|index| {
                let area = api.area(AreaId(index));
                (area, features::cfg(&[area.name.as_str()].into()))
            })
            .collect();
        index_files_and_examples(api, &model_modules, &operation_modules, render)
    }
}

/// The two `mod.rs` files, then the examples test.
fn index_files_and_examples<R>(
    api: &Api,
    model_modules: &[(&Area, TokenStream)],
    operation_modules: &[(&Area, TokenStream)],
    render: &impl Fn(EmittedFile) -> R,
) -> (Vec<R>, R) {
    let sources = all_sources(api);
    let mut files = Vec::new();
    let mut docs = Docs::new();
    docs.markdown("The types of request and response bodies, one module per area of the API, all re-exported here. An area's module is compiled with the Cargo feature of any area whose operations use its types.");
    files.push(render(EmittedFile {
        path: format!("{MODELS_DIR}/mod.rs"),
        source: sources.clone(),
        tokens: module_index(&docs, model_modules),
    }));
    let mut docs = Docs::new();
    docs.markdown("Request builders, one per operation, returned by the methods of [`Client`](crate::Client); one module per area of the API, all re-exported here, each behind the Cargo feature named after its area.");
    files.push(render(EmittedFile {
        path: format!("{OPERATIONS_DIR}/mod.rs"),
        source: sources.clone(),
        tokens: {
            let index = module_index(&docs, operation_modules);
            let named = operations::named_value_items(api);
            quote! { #index #named }
        },
    }));

    let mut types = TypeWriter::new(api, "github_actions_client::models", None);
    let tests = examples::example_tests(api, &mut types);
    types.imports.add("crate::round_trip", "assert_round_trip");
    let imports = types.imports.tokens();
    let mut docs = Docs::new();
    docs.markdown(
        "Every JSON example in the spec decodes into its model and encodes back to the same JSON.",
    );
    let docs = docs.inner();
    let examples = render(EmittedFile {
        path: EXAMPLES_TEST.to_owned(),
        source: sources,
        tokens: quote! { #docs #imports #tests },
    });
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

fn module_index(docs: &Docs, areas: &[(&Area, TokenStream)]) -> TokenStream {
    let docs = docs.inner();
    let modules = areas.iter().map(|(area, cfg)| {
        let module = ident::ident(&area.module);
        quote! {
            #cfg
            mod #module;
            #cfg
            pub use #module::*;
        }
    });
    quote! { #docs #(#modules)* }
}

/// The spec files that describe webhook events, for the header of the `webhooks` module.
fn webhook_sources(api: &Api) -> String {
    let mut names: Vec<&str> = Vec::new();
    for webhook in &api.webhooks {
        let source = api.area(webhook.area).source.as_str();
        if !names.contains(&source) {
            names.push(source);
        }
    }
    names.join(", ")
}

fn all_sources(api: &Api) -> String {
    let names: Vec<&str> = api.areas.iter().map(|area| area.source.as_str()).collect();
    names.join(", ")
}
