//! `cargo xtask codegen`: read `spec/`, run the generator, write what changed.
//!
//! As in rust-analyzer's xtask, files are written only when their contents differ (no mtime
//! churn), and check mode names the exact command to run. Writes are staged: every changed
//! file is first written next to its target, and only when all of them are written are they
//! renamed into place, so an error leaves `generated/` as it was.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::{GeneratedFile, SourceFile, MODELS_DIR, OPERATIONS_DIR};

/// Whether to write files or only compare them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// A spec and where its output goes, relative to the workspace root.
struct Target {
    spec_dir: &'static str,
    /// The `src` directory of the crate the models and operations go into.
    crate_src: &'static str,
    /// Where the examples test goes, if anywhere.
    examples_test: Option<&'static str>,
}

/// The real client, and the fixture crate that proves the fixture spec's output compiles.
const TARGETS: &[Target] = &[
    Target {
        spec_dir: "spec",
        crate_src: "generated/src",
        examples_test: Some("tests/tests/suite/spec_examples.rs"),
    },
    Target {
        spec_dir: "tests/fixtures/full",
        crate_src: "tests/fixture-crate/src",
        examples_test: None,
    },
];

/// Runs codegen for the workspace at `root`, returning the summary line or what went wrong.
/// Every target is generated (and every spec checked) before anything is written.
pub fn run(root: &Path, mode: Mode) -> Result<String, String> {
    let mut outputs: Vec<(PathBuf, String)> = Vec::new();
    let mut owned_dirs = Vec::new();
    let mut summary = None;
    let mut errors = Vec::new();
    for target in TARGETS {
        let spec_dir = root.join(target.spec_dir);
        let sources = read_spec(root, &spec_dir)?;
        let generated = match codegen::generate(sources) {
            Ok(generated) => generated,
            Err(diagnostics) => {
                errors.push(diagnostics.to_string());
                continue;
            }
        };
        let crate_src = root.join(target.crate_src);
        let place = |file: &GeneratedFile| (crate_src.join(&file.path), file.contents.clone());
        outputs.extend(generated.files.iter().map(place));
        if let Some(examples_test) = target.examples_test {
            outputs.push((
                root.join(examples_test),
                generated.examples_test.contents.clone(),
            ));
        }
        owned_dirs.push(crate_src.join(MODELS_DIR));
        owned_dirs.push(crate_src.join(OPERATIONS_DIR));
        summary.get_or_insert((generated.operations, generated.schemas, generated.examples));
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    let (operations, schemas, examples) = summary.unwrap_or_default();

    let mut changed = Vec::new();
    let mut unchanged = 0;
    let mut produced = BTreeSet::new();
    for (path, contents) in &outputs {
        produced.insert(path.clone());
        let current = fs::read_to_string(path)
            .ok()
            .map(|text| text.replace("\r\n", "\n"));
        if current.as_deref() == Some(contents.as_str()) {
            unchanged += 1;
        } else {
            changed.push((path.clone(), contents));
        }
    }
    let leftovers = leftover_files(&owned_dirs, &produced)?;

    if mode == Mode::Check {
        if changed.is_empty() && leftovers.is_empty() {
            return Ok(format!(
                "codegen --check: {unchanged} generated files are up to date"
            ));
        }
        let mut message = String::from("generated files are stale:\n");
        for (path, _) in &changed {
            message.push_str(&format!(
                "  {} (differs from what spec/ generates)\n",
                relative(root, path)
            ));
        }
        for path in &leftovers {
            message.push_str(&format!(
                "  {} (no longer generated)\n",
                relative(root, path)
            ));
        }
        message.push_str("run `cargo xtask codegen` and commit the result");
        return Err(message);
    }

    write_all(&changed)?;
    for path in &leftovers {
        fs::remove_file(path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    Ok(format!(
        "codegen: {} operations, {} schemas, {} examples; {} files written, {} unchanged, {} removed",
        operations,
        schemas,
        examples,
        changed.len(),
        unchanged,
        leftovers.len()
    ))
}

/// Checks the given spec files alone: load, lower, check examples; nothing is written. For
/// curating one area while other areas are being edited.
pub fn spec_check(files: &[&str]) -> Result<String, String> {
    let mut sources = Vec::new();
    for file in files {
        let text = fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        sources.push(SourceFile {
            name: (*file).to_owned(),
            text,
        });
    }
    let api = codegen::check(sources).map_err(|diagnostics| diagnostics.to_string())?;
    Ok(format!(
        "spec-check: ok ({} operations, {} schemas, {} examples)",
        api.operations.len(),
        api.schemas.len(),
        api.examples.len()
    ))
}

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

/// Every `*.yaml` of a spec directory, sorted by name so that output order does not depend on
/// the file system, each named by its path from `root` (`spec/artifacts.yaml`). What codegen,
/// the audit, the tests and the benchmarks all read.
pub fn read_spec(root: &Path, dir: &Path) -> Result<Vec<SourceFile>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("no .yaml files in {}", dir.display()));
    }
    paths
        .iter()
        .map(|path| {
            let text = fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Ok(SourceFile {
                name: relative(root, path),
                text,
            })
        })
        .collect()
}

/// Files in the owned directories that this run did not produce: the generator owns every
/// `.rs` file there, so such a file is stale (its area was removed) and is deleted.
fn leftover_files(
    owned_dirs: &[PathBuf],
    produced: &BTreeSet<PathBuf>,
) -> Result<Vec<PathBuf>, String> {
    let mut leftovers = Vec::new();
    for dir in owned_dirs {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
                .path();
            if path.extension().is_some_and(|ext| ext == "rs") && !produced.contains(&path) {
                leftovers.push(path);
            }
        }
    }
    leftovers.sort();
    Ok(leftovers)
}

/// Writes every file to a temporary sibling, then renames them all into place. If any write
/// fails, the temporaries are removed and no target has changed.
fn write_all(files: &[(PathBuf, &String)]) -> Result<(), String> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut failure = None;
    for (path, contents) in files {
        let temporary = path.with_extension("rs.xtask-tmp");
        let result = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&temporary, contents.as_bytes()));
        match result {
            Ok(()) => staged.push((temporary, path.clone())),
            Err(error) => {
                let _ = fs::remove_file(&temporary);
                failure = Some(format!("cannot write {}: {error}", path.display()));
                break;
            }
        }
    }
    if let Some(failure) = failure {
        for (temporary, _) in &staged {
            let _ = fs::remove_file(temporary);
        }
        return Err(format!("{failure}\nnothing was changed"));
    }
    for (temporary, path) in staged {
        fs::rename(&temporary, &path)
            .map_err(|e| format!("cannot move {} into place: {e}", path.display()))?;
    }
    Ok(())
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
