//! Operations from other categories of GitHub's API, drafted by `cargo xtask draft` and used
//! with no hand edit: the draft is checked by codegen without an error or a warning, and its
//! generated code builds without a warning in a scratch copy of the fixture crate (the crate
//! that compiles the fixture spec's output against the real runtime).
//!
//! The operations cover what a new user met first: a generic operation id (`repos/get`,
//! `checks/list-for-ref`, `pulls/list`), a path parameter named like a keyword (`{ref}`),
//! official examples that do not match their own schema, 3xx statuses beside a 2xx one,
//! Markdown with GitHub alerts, and properties GitHub does not describe; and a request body
//! and a redirect.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use xtask::audit::{ensure_npm_packages, DESCRIPTION};
use xtask::codegen::{run, workspace_root, Mode};
use xtask::draft::{check_draft, draft, read_ghes, Spec, BROKEN_EXAMPLE};

use crate::xtask_codegen::scratch;

/// What is drafted, and the names the draft gives them.
const OPERATIONS: &[(&str, &str)] = &[
    ("repos/get", "get-repo"),
    ("checks/list-for-ref", "list-check-runs-for-ref"),
    ("git/get-ref", "get-ref"),
    ("repos/get-content", "get-content"),
    ("pulls/list", "list-pull-requests"),
    // A request body and a redirect: with them the runtime (included file for file, as in the
    // fixture crate) has no helper left unused, so its dead-code warnings cannot hide ours.
    ("pulls/create", "create-pull-request"),
    ("repos/download-tarball-archive", "download-tarball-archive"),
];

#[test]
fn drafted_operations_of_other_categories_generate_and_build_without_warnings() {
    // Needs the official description (npm); never skipped under CI (`tools` says so).
    if !crate::tools::node() {
        return;
    }
    let real = workspace_root();
    ensure_npm_packages(&real).unwrap_or_else(|message| panic!("{message}"));
    let description: Value =
        serde_json::from_str(&fs::read_to_string(real.join(DESCRIPTION)).unwrap()).unwrap();
    let shared = fs::read_to_string(real.join("spec/shared.yaml")).unwrap();
    // A scratch spec: spec/'s shared file and the draft, which brings every schema it needs.
    let spec = Spec::from_texts(&[("spec/shared.yaml".to_owned(), shared.clone())]).unwrap();
    let names: Vec<String> = OPERATIONS.iter().map(|(id, _)| (*id).to_owned()).collect();
    let drafted = draft(&spec, &description, read_ghes(&real).as_ref(), &names).unwrap();

    // Zero hand edits: the text as drafted is checked, with zero warnings.
    let warnings = check_draft(&spec, &drafted).unwrap_or_else(|errors| panic!("{errors}"));
    assert!(warnings.is_empty(), "{warnings}");
    for (id, name) in OPERATIONS {
        assert!(
            drafted.contains(&format!("  - name: {name}\n")),
            "{id} is not named {name}"
        );
    }
    assert!(drafted.contains("    path: /repos/{owner}/{repo}/git/ref/{ref}\n"));
    assert!(drafted.contains("**Note:** The endpoints to manage checks"));
    assert!(
        !drafted.contains("[!NOTE]"),
        "GitHub alerts are plain Markdown"
    );
    assert!(drafted.contains("# 304 (Not modified) is left out"));
    assert!(
        drafted.contains(BROKEN_EXAMPLE),
        "repos/get's official example lacks required fields: kept, commented out"
    );
    assert!(
        drafted.contains("        #   id: 1296269\n"),
        "the example is kept"
    );

    // The scratch workspace: the fixture spec replaced by the scratch spec.
    let (_dir, root) = scratch();
    let fixtures = root.join("tests/fixtures/full");
    fs::remove_dir_all(&fixtures).unwrap();
    fs::create_dir_all(&fixtures).unwrap();
    fs::write(fixtures.join("shared.yaml"), &shared).unwrap();
    fs::write(fixtures.join("draft.yaml"), &drafted).unwrap();
    run(&root, Mode::Write).unwrap_or_else(|message| panic!("{message}"));
    let operations = fs::read_to_string(root.join("tests/fixture-crate/src/operations/draft.rs"))
        .expect("the draft's operations are generated");
    assert!(operations.contains("pub fn get_repo("), "get_repo");
    assert!(
        operations.contains("pub fn list_check_runs_for_ref("),
        "list_check_runs_for_ref"
    );
    assert!(
        operations.contains("/repos/{owner}/{repo}/git/ref/{ref_}"),
        "the `{{ref}}` parameter is bound to `ref_`"
    );

    // Build it, warnings shown (the crate has `#![warn(missing_docs)]`, and so on).
    only_member(&root, "tests/fixture-crate");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(&root)
        .args(["build", "--offline", "-p", "fixture-crate", "--lib"])
        .env("CARGO_TARGET_DIR", scratch_target_dir())
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the build failed:\n{stderr}");
    assert!(!stderr.contains("warning"), "the build warned:\n{stderr}");
}

/// The scratch copy's root manifest with `member` its only member, and without the real
/// workspace's per-package profiles (they name packages not built here).
fn only_member(root: &Path, member: &str) {
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let members = manifest
        .lines()
        .find(|line| line.starts_with("members = ["))
        .expect("a members line");
    let manifest = manifest.replace(members, &format!("members = [\"{member}\"]"));
    let manifest = match manifest.find("\n[profile.") {
        Some(at) => manifest[..at].to_owned(),
        None => manifest,
    };
    fs::write(root.join("Cargo.toml"), manifest).unwrap();
}

/// The target directory the scratch workspaces of the suite share (beside its own), so that
/// their dependencies are compiled once, not on every run.
fn scratch_target_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("scratch-workspace")
}
