//! `cargo xtask codegen` against scratch copies of the workspace: `--check` catches a hand
//! edit, a leftover file and a stale spec; a broken spec changes nothing; and the real
//! workspace's generated files are fresh (so `cargo test` alone catches a forgotten codegen).

use std::fs;
use std::path::{Path, PathBuf};

use xtask::codegen::{run, Mode};

/// What codegen reads and writes, relative to the workspace root: the specs, the client crate
/// (its generated files and the hand-written ones it writes sections of), the fixture crate,
/// the examples test and the README.
const CODEGEN_FILES: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "README.md",
    "spec",
    "generated",
    "runtime",
    "examples",
    "xtask/templates",
    "tests/fixtures/full",
    "tests/fixture-crate",
    "tests/tests/suite/spec_examples.rs",
];

/// A scratch workspace holding copies of everything codegen reads and writes.
pub fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().to_owned();
    let real = tests::workspace_root();
    for path in CODEGEN_FILES {
        copy(&real.join(path), &root.join(path));
    }
    (dir, root)
}

/// Copies a file, or a directory and everything under it.
fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(from, to).unwrap_or_else(|e| panic!("cannot copy {}: {e}", from.display()));
    }
}

/// Every file under `root`, with its contents.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_workspace_is_fresh() {
    if let Err(message) = run(&tests::workspace_root(), Mode::Check) {
        panic!("{message}");
    }
}

#[test]
fn check_catches_a_hand_edit() {
    let (_dir, root) = scratch();
    run(&root, Mode::Check).expect("a fresh copy passes");
    let edited = root.join("generated/src/models/artifacts.rs");
    let text = fs::read_to_string(&edited)
        .unwrap()
        .replace("pub expired: bool", "pub expired: i64");
    fs::write(&edited, text).unwrap();

    let message = run(&root, Mode::Check).expect_err("the edit is caught");
    assert!(
        message.contains("generated/src/models/artifacts.rs (differs from what spec/ generates)"),
        "{message}"
    );
    assert!(message.contains("run `cargo xtask codegen`"), "{message}");

    let summary = run(&root, Mode::Write).expect("codegen repairs it");
    assert!(summary.contains("1 files written"), "{summary}");
    run(&root, Mode::Check).expect("fresh again");
}

#[test]
fn check_catches_a_leftover_file_and_codegen_removes_it() {
    let (_dir, root) = scratch();
    let leftover = root.join("generated/src/models/removed_area.rs");
    fs::write(&leftover, "// @generated\n").unwrap();
    let message = run(&root, Mode::Check).expect_err("the leftover is caught");
    assert!(
        message.contains("generated/src/models/removed_area.rs (no longer generated)"),
        "{message}"
    );
    let summary = run(&root, Mode::Write).unwrap();
    assert!(summary.contains("1 removed"), "{summary}");
    assert!(!leftover.exists());
}

#[test]
fn check_catches_a_spec_change_and_writes_only_what_changed() {
    let (_dir, root) = scratch();
    let spec = root.join("spec/artifacts.yaml");
    let text = fs::read_to_string(&spec).unwrap().replace(
        "description: The name of the artifact.",
        "description: The artifact's name.",
    );
    fs::write(&spec, text).unwrap();
    let before = snapshot(&root);
    let message = run(&root, Mode::Check).expect_err("stale");
    assert!(
        message.contains("generated/src/models/artifacts.rs"),
        "{message}"
    );
    assert!(message.starts_with("public API: unchanged\n"), "{message}");
    assert_eq!(snapshot(&root), before, "--check changed files");

    // A doc change: the API summary says so, then the usual line.
    let summary = run(&root, Mode::Write).unwrap();
    let (api, line) = summary.split_once('\n').expect("two lines");
    assert_eq!(api, "public API: unchanged");
    assert!(
        line.starts_with("codegen: ") && line.contains(" operations, "),
        "{summary}"
    );
    assert!(summary.contains("1 files written"), "{summary}");
}

#[test]
fn a_broken_spec_leaves_generated_files_untouched() {
    let (_dir, root) = scratch();
    let spec = root.join("spec/artifacts.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    fs::write(
        &spec,
        text.replace("ref: artifact-list", "ref: artifact-lists"),
    )
    .unwrap();
    let before = snapshot(&root);
    let message = run(&root, Mode::Write).expect_err("broken");
    assert!(message.contains("spec/artifacts.yaml:"), "{message}");
    assert!(
        message.contains("unknown schema `artifact-lists`; did you mean `artifact-list`?"),
        "{message}"
    );
    assert_eq!(snapshot(&root), before, "a failed run changed files");
}

/// A field without a description is a warning: `codegen` prints it (file, line and column)
/// and still writes; `--check` fails on it.
#[test]
fn a_missing_description_warns_and_fails_check() {
    let (_dir, root) = scratch();
    let spec = root.join("spec/artifacts.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    let old = "        description: The name of the artifact.\n";
    assert_eq!(text.matches(old).count(), 1, "the test's anchor moved");
    fs::write(&spec, text.replace(old, "")).unwrap();
    // Where the property's key `name:` is (column 7): the last one before the description.
    let key = text[..text.find(old).unwrap()]
        .rfind("      name:\n")
        .unwrap();
    let line = text[..key].lines().count() + 1;

    let summary = run(&root, Mode::Write).unwrap();
    let warning = format!("warning: spec/artifacts.yaml:{line}:7: property `name` has no `description`; its docs would only say \"The `name` field.\"\n1 warning in the spec\n");
    assert!(summary.starts_with(&warning), "{summary}");
    assert!(summary.contains("1 files written"), "{summary}");

    let message = run(&root, Mode::Check).expect_err("a warning fails --check");
    assert!(message.starts_with(&warning), "{message}");
    assert!(
        message.ends_with("codegen --check fails on warnings: fix them in the spec"),
        "{message}"
    );
}
