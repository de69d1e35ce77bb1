//! The code generator: a hand-curated YAML description of GitHub's Actions REST API in, the
//! Rust source of a typed client out.
//!
//! The pipeline has one module per stage:
//!
//! 1. [`load`]: YAML text → spec structs (serde, unknown keys rejected);
//! 2. [`lower`]: spec structs → a checked [`model::Api`] (references resolved, names decided);
//! 3. `emit`: the model → `quote!` token streams, one per file;
//! 4. `render`: token streams → text formatted by prettyplease.
//!
//! What follows from the spec outside the generated files (the Cargo features, the crate docs'
//! list of them, the README's coverage table) is built by [`fragments`] as text for the caller
//! to splice between marker comments.
//!
//! Writing files is the caller's job (`cargo xtask codegen`): this library never touches the
//! file system. Errors are collected across each stage and returned together as
//! [`Diagnostics`], each naming file, line and column; [`Warnings`] (a field or parameter
//! without a description) come back beside the generated code, in the same form.

#![warn(missing_docs)]

pub mod diagnostics;
mod emit;
pub mod fragments;
pub mod ident;
pub mod load;
pub mod lower;
mod render;

pub use diagnostics::{Diagnostic, Diagnostics, Warnings};
pub use emit::{EXAMPLES_TEST, MOCK_DIR, MODELS_DIR, OPERATIONS_DIR, WEBHOOKS_FILE};
pub use load::SourceFile;
pub use lower::model;
pub use render::GeneratedFile;

use diagnostics::Reporter;
use load::Sources;

/// What one run of the generator produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The client crate's generated files, with paths relative to its `src` directory
    /// (`models/artifacts.rs`), in a stable order.
    pub files: Vec<GeneratedFile>,
    /// A test file with one test per docs example (decode, encode, compare), for a test crate
    /// that has a `round_trip::assert_round_trip` helper and depends on the client crate.
    pub examples_test: GeneratedFile,
    /// The fake GitHub of the `mock` feature (paths relative to the client crate's `src`,
    /// under [`MOCK_DIR`]), for a crate whose runtime has `runtime/mock_server.rs`.
    pub mock_files: Vec<GeneratedFile>,
    /// How many operations the spec describes.
    pub operations: usize,
    /// How many model types were generated (named and inline schemas).
    pub schemas: usize,
    /// How many docs examples the generated test checks.
    pub examples: usize,
    /// Every area, in spec order, for the [`fragments`] of hand-written files.
    pub areas: Vec<fragments::AreaSummary>,
    /// What to improve in the spec, such as a field without a description: the code is
    /// generated anyway, with placeholder docs.
    pub warnings: Warnings,
}

/// Loads and checks the spec files, returning the model or every problem found. Warnings are
/// dropped here; [`generate`] returns them.
pub fn check(files: Vec<SourceFile>) -> Result<model::Api, Diagnostics> {
    check_with_warnings(files).map(|(api, _)| api)
}

fn check_with_warnings(files: Vec<SourceFile>) -> Result<(model::Api, Warnings), Diagnostics> {
    let sources = Sources(files);
    let mut reporter = Reporter::new(&sources);
    let loaded = load::load(&sources, &mut reporter);
    // A file that failed to load would make every reference into it look broken.
    reporter.finish()?;
    let api = lower::lower(&loaded, &mut reporter);
    reporter.finish()?;
    Ok((api, reporter.warnings()))
}

/// Runs the whole pipeline over the spec files (in the order given; the xtask sorts them).
pub fn generate(files: Vec<SourceFile>) -> Result<Generated, Diagnostics> {
    let (api, warnings) = check_with_warnings(files)?;
    let (files, examples_test, mock_files) = emit::emit(&api, render::render);
    Ok(Generated {
        files,
        examples_test,
        mock_files,
        operations: api.operations.len(),
        schemas: api.schemas.len(),
        examples: api.examples.len(),
        warnings,
        areas: fragments::area_summaries(&api),
    })
}
