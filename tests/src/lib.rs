//! Helpers for the integration tests in `tests/suite`: reading the real spec and fixture specs.

use std::path::PathBuf;

use codegen::SourceFile;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    xtask::codegen::workspace_root()
}

/// Every `*.yaml` under `dir` (relative to the workspace root), sorted, named as the xtask
/// names them (it is the xtask's own reading).
pub fn sources_in(dir: &str) -> Vec<SourceFile> {
    let root = workspace_root();
    xtask::codegen::read_spec(&root, &root.join(dir)).unwrap_or_else(|message| panic!("{message}"))
}

/// The project's real spec.
pub fn spec_sources() -> Vec<SourceFile> {
    sources_in("spec")
}

/// An in-memory spec file.
pub fn source(name: &str, text: &str) -> SourceFile {
    SourceFile {
        name: name.to_owned(),
        text: text.to_owned(),
    }
}
