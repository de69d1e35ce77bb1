//! `cargo xtask draft`: spec YAML drafted from GitHub's official OpenAPI description (pinned in
//! tests/package.json; `npm ci` runs first when it is missing), as text (snapshots) and as a
//! spec file codegen accepts. They need Node.js and npm: without them (and without `CI` set)
//! they return early, and the suite says once what it did not check (`tools`).

use std::fs;
use std::path::PathBuf;

use codegen::SourceFile;
use serde_json::Value;
use xtask::audit::{ensure_npm_packages, DESCRIPTION};
use xtask::codegen::workspace_root;
use xtask::draft::{draft, read_ghes, run, Spec};

fn root() -> PathBuf {
    workspace_root()
}

/// Whether the official description can be had (npm); under CI always (a failure otherwise).
fn npm() -> bool {
    crate::tools::node()
}

fn description() -> Value {
    let root = root();
    ensure_npm_packages(&root).unwrap();
    serde_json::from_str(&fs::read_to_string(root.join(DESCRIPTION)).unwrap()).unwrap()
}

fn shared_yaml() -> String {
    fs::read_to_string(root().join("spec/shared.yaml")).unwrap()
}

/// The spec as far as the draft is concerned: spec/shared.yaml and `extra` files. Not the
/// whole spec/, so that these drafts do not change as operations are added to it.
fn spec(extra: &[&str]) -> Spec {
    let mut texts = vec![("spec/shared.yaml".to_owned(), shared_yaml())];
    for (index, text) in extra.iter().enumerate() {
        texts.push((format!("extra-{index}.yaml"), (*text).to_owned()));
    }
    Spec::from_texts(&texts).unwrap()
}

fn drafted(spec: &Spec, names: &[&str]) -> String {
    let description = description();
    let ghes = read_ghes(&root());
    let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
    draft(spec, &description, ghes.as_ref(), &names).unwrap()
}

/// Checks a draft as codegen checks a spec file, beside spec/shared.yaml.
fn assert_is_a_spec_file(draft: &str) -> codegen::model::Api {
    let sources = vec![
        SourceFile {
            name: "spec/shared.yaml".to_owned(),
            text: shared_yaml(),
        },
        SourceFile {
            name: "draft.yaml".to_owned(),
            text: draft.to_owned(),
        },
    ];
    codegen::check(sources).unwrap_or_else(|diagnostics| panic!("{diagnostics}\n{draft}"))
}

#[test]
fn draft_of_an_operation_with_a_new_schema() {
    if !npm() {
        return;
    }
    let draft = drafted(&spec(&[]), &["get-actions-cache-usage"]);
    insta::assert_snapshot!(draft);
    let api = assert_is_a_spec_file(&draft);
    assert_eq!(api.operations.len(), 1);
    assert_eq!(api.operations[0].name, "get-actions-cache-usage");
}

#[test]
fn draft_of_a_paginated_list_with_a_new_item_schema() {
    if !npm() {
        return;
    }
    let draft = drafted(&spec(&[]), &["actions/list-environment-secrets"]);
    insta::assert_snapshot!(draft);
    assert!(
        draft.contains("pagination:\n      items: secrets\n"),
        "{draft}"
    );
    assert!(draft.contains("- use: owner\n"), "{draft}");
    assert!(draft.contains("- use: environment_name\n"), "{draft}");
    assert!(draft.contains("schemas:\n  actions-secret:\n"), "{draft}");
    for line in draft.lines() {
        assert!(line.len() <= 100, "a line over 100 columns: {line}");
    }
    assert_is_a_spec_file(&draft);
}

#[test]
fn a_schema_of_the_same_shape_is_referenced_not_repeated() {
    if !npm() {
        return;
    }
    // The official list is an inline object; a spec schema of the same fields stands for it,
    // whatever its name.
    let ours = r#"
area: mine
title: Mine
docs_url: https://docs.github.com/en/rest/actions/secrets
schemas:
  actions-secret:
    type: object
    properties:
      name: { type: string }
      created_at: { type: string, format: date-time }
      updated_at: { type: string, format: date-time }
  secret-page:
    type: object
    properties:
      total_count: { type: integer }
      secrets: { type: array, items: { ref: actions-secret } }
operations: []
"#;
    let draft = drafted(&spec(&[ours]), &["list-environment-secrets"]);
    assert!(
        draft.contains("body:\n          ref: secret-page\n"),
        "{draft}"
    );
    assert!(!draft.contains("schemas:"), "nothing new to draft: {draft}");
}

#[test]
fn operations_of_the_spec_and_unknown_names_are_refused() {
    if !npm() {
        return;
    }
    let spec = Spec::read(&root().join("spec")).unwrap();
    let description = description();
    let error = draft(
        &spec,
        &description,
        None,
        &["actions/list-repo-secrets".to_owned()],
    )
    .unwrap_err();
    assert!(error.contains("is in spec/ already"), "{error}");
    let error = draft(&spec, &description, None, &["no-such-operation".to_owned()]).unwrap_err();
    assert!(
        error.contains("`no-such-operation` is not an operation of the official description"),
        "{error}"
    );
}

#[test]
fn the_draft_is_never_written_into_spec() {
    if !npm() {
        return;
    }
    // The spec has every operation of the Actions API, so this drafts one from elsewhere.
    const OUTSIDE: &str = "billing/get-all-budgets-org";
    let root = root();
    let target = root.join("spec/draft.yaml");
    let out = target.to_str().unwrap();
    let error = run(&root, &[OUTSIDE, "--out", out]).unwrap_err();
    assert!(error.contains("refusing to write"), "{error}");
    assert!(!target.exists());
    let nested = root.join("spec/sub/draft.yaml");
    let error = run(&root, &[OUTSIDE, "--out", nested.to_str().unwrap()]).unwrap_err();
    assert!(error.contains("refusing to write"), "{error}");

    // Elsewhere it is written.
    let scratch = tempfile::tempdir().unwrap();
    let elsewhere = scratch.path().join("draft.yaml");
    let message = run(&root, &[OUTSIDE, "--out", elsewhere.to_str().unwrap()]).unwrap();
    assert!(message.contains("written to"), "{message}");
    assert!(fs::read_to_string(&elsewhere)
        .unwrap()
        .contains("name: get-all-budgets-org"));
}

#[test]
fn out_creates_its_folder_and_generic_names_say_what_they_act_on() {
    if !npm() {
        return;
    }
    let root = root();
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("not/yet/there/draft.yaml");
    let message = run(&root, &["repos/get", "--out", out.to_str().unwrap()]).unwrap();
    assert!(message.contains("written to"), "{message}");
    assert!(
        message.contains("codegen accepts it beside spec/ as it is (0 errors, 0 warnings)"),
        "{message}"
    );
    let text = fs::read_to_string(&out).unwrap();
    assert!(text.contains("  - name: get-repo\n"), "{text}");
}

#[test]
fn a_name_several_categories_have_needs_its_category() {
    if !npm() {
        return;
    }
    let description = description();
    let error = draft(&spec(&[]), &description, None, &["get".to_owned()]).unwrap_err();
    assert!(error.contains("`get` names"), "{error}");
    assert!(error.contains("repos/get"), "{error}");
}

#[test]
fn a_name_spec_has_is_qualified_by_the_category() {
    if !npm() {
        return;
    }
    // spec/ has Actions' `list-repo-secrets`; Dependabot's is another operation.
    let spec = Spec::read(&root().join("spec")).unwrap();
    let drafted = drafted(&spec, &["dependabot/list-repo-secrets"]);
    assert!(
        drafted.contains("  - name: list-dependabot-repo-secrets\n"),
        "{drafted}"
    );
}
