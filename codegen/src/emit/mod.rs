//! Stage 3, emit: the model → token streams, one per output file.
//!
//! Everything is built with `quote!`; no Rust source is assembled from strings.

mod docs;
mod examples;
mod features;
mod models;
mod operations;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::lower::model::{Api, Area, AreaId};

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

/// Emits every file of the client crate (paths relative to its `src`), then the examples test,
/// each passed to `render` as soon as its tokens are made (token streams are large; only a few
/// are alive at once).
///
/// Areas are independent, so they are spread over the machine's cores; the output is the
/// same, in the same order, whatever the number of threads.
pub(crate) fn emit<R: Send>(api: &Api, render: impl Fn(EmittedFile) -> R + Sync) -> (Vec<R>, R) {
    // Grouped once, so that each area's files cost what the area holds, not the whole API.
    let mut schemas_by_area = vec![Vec::new(); api.areas.len()];
    for (index, schema) in api.schemas.iter().enumerate() {
        schemas_by_area[schema.area.0].push(index);
    }
    let mut operations_by_area = vec![Vec::new(); api.areas.len()];
    for operation in &api.operations {
        operations_by_area[operation.area.0].push(operation);
    }
    let pages = models::paginated_schemas(api);
    let area_files = |index: usize| {
        let id = AreaId(index);
        let area = api.area(id);
        let mut files = Vec::new();
        if !schemas_by_area[index].is_empty() {
            let mut types = TypeWriter::new(api, "super", Some(id));
            let items = models::area_models(api, id, &schemas_by_area[index], &pages, &mut types);
            let docs = area_docs(api, id, "Models");
            let imports = types.imports.tokens();
            files.push(render(EmittedFile {
                path: format!("{MODELS_DIR}/{}.rs", area.module),
                source: area.source.clone(),
                tokens: quote! { #docs #imports #items },
            }));
        }
        if !operations_by_area[index].is_empty() {
            let mut types = TypeWriter::new(api, "crate::models", None);
            let items = operations::area_operations(api, &operations_by_area[index], &mut types);
            let docs = area_docs(api, id, "Operations");
            let imports = types.imports.tokens();
            files.push(render(EmittedFile {
                path: format!("{OPERATIONS_DIR}/{}.rs", area.module),
                source: area.source.clone(),
                tokens: quote! { #docs #imports #items },
            }));
        }
        files
    };
    let index_and_examples = || {
        let model_features = features::model_features(api);
        let model_modules: Vec<_> = (0..api.areas.len())
            .filter(|&index| !schemas_by_area[index].is_empty())
            .map(|index| {
                (
                    api.area(AreaId(index)),
                    features::cfg(&model_features[index]),
                )
            })
            .collect();
        let operation_modules: Vec<_> = (0..api.areas.len())
            .filter(|&index| !operations_by_area[index].is_empty())
            .map(|index| {
                let area = api.area(AreaId(index));
                (area, features::cfg(&[area.name.as_str()].into()))
            })
            .collect();
        index_files_and_examples(api, &model_modules, &operation_modules, &render)
    };

    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(api.areas.len())
        .max(1);
    let (mut by_area, (indexes, examples)) = std::thread::scope(|scope| {
        // The examples test is one file as large as many areas: it gets a thread of its own.
        let examples_thread = (threads > 1).then(|| scope.spawn(index_and_examples));
        let workers: Vec<_> = (1..threads)
            .map(|worker| {
                let area_files = &area_files;
                scope.spawn(move || {
                    (worker..api.areas.len())
                        .step_by(threads)
                        .map(|index| (index, area_files(index)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        // This thread takes its share of the areas (and the index files and the test when it
        // is the only thread).
        let mut by_area: Vec<(usize, Vec<R>)> = (0..api.areas.len())
            .step_by(threads)
            .map(|index| (index, area_files(index)))
            .collect();
        let rest = match examples_thread {
            Some(thread) => thread.join().expect("an emit thread panicked"),
            None => index_and_examples(),
        };
        for worker in workers {
            by_area.extend(worker.join().expect("an emit thread panicked"));
        }
        (by_area, rest)
    });
    by_area.sort_by_key(|(index, _)| *index);
    let mut files: Vec<R> = by_area.into_iter().flat_map(|(_, files)| files).collect();
    files.extend(indexes);
    (files, examples)
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
        tokens: module_index(&docs, operation_modules),
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

fn all_sources(api: &Api) -> String {
    let names: Vec<&str> = api.areas.iter().map(|area| area.source.as_str()).collect();
    names.join(", ")
}
