//! Helpers for the integration tests in `tests/suite`: reading the real spec and fixture specs.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::SourceFile;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_owned()
}

/// Every `*.yaml` under `dir` (relative to the workspace root), sorted, named as the xtask
/// names them.
pub fn sources_in(dir: &str) -> Vec<SourceFile> {
    let root = workspace_root();
    let mut paths: Vec<PathBuf> = fs::read_dir(root.join(dir))
        .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| SourceFile {
            name: path
                .strip_prefix(&root)
                .expect("under the root")
                .to_string_lossy()
                .replace('\\', "/"),
            text: fs::read_to_string(&path).expect("readable spec file"),
        })
        .collect()
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
