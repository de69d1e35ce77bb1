//! Snapshots of generated output for the fixture specs, and properties of the real output.

use codegen::Generated;
use tests::{source, sources_in, spec_sources};

fn generate(dir: &str) -> Generated {
    codegen::generate(sources_in(dir)).unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
}

/// The examples test generated from `tests/fixtures/full` (which together use every spec
/// feature). The fixture's models and operations are not snapshots here: `cargo xtask codegen`
/// writes them into `tests/fixture-crate`, where they must compile and pass clippy, and
/// `--check` (and `xtask_codegen::generated_files_are_current`) fails when they are stale.
#[test]
fn fixture_examples_test() {
    let generated = generate("tests/fixtures/full");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!("spec_examples.rs", generated.examples_test.contents);
    });
}

#[test]
fn output_is_byte_identical_run_to_run() {
    let first = generate("spec");
    let second = generate("spec");
    assert_eq!(first.files, second.files);
}

/// The promise to reviewers: a one-line spec change is a one-line generated diff.
#[test]
fn one_description_change_is_one_doc_line() {
    let before = generate("spec");
    let mut sources = spec_sources();
    let artifacts = sources
        .iter_mut()
        .find(|s| s.name == "spec/artifacts.yaml")
        .expect("artifacts spec");
    let old = "description: Whether or not the artifact has expired.";
    assert!(artifacts.text.contains(old), "the test's anchor text moved");
    artifacts.text = artifacts.text.replace(
        old,
        "description: Whether the artifact has expired (its archive is gone).",
    );
    let after = codegen::generate(sources).expect("still valid");

    let mut changed = Vec::new();
    for (a, b) in before.files.iter().zip(&after.files) {
        assert_eq!(a.path, b.path);
        let a_lines: Vec<&str> = a.contents.lines().collect();
        let b_lines: Vec<&str> = b.contents.lines().collect();
        assert_eq!(
            a_lines.len(),
            b_lines.len(),
            "{} changed its line count",
            a.path
        );
        for (x, y) in a_lines.iter().zip(&b_lines) {
            if x != y {
                changed.push((a.path.clone(), x.to_string(), y.to_string()));
            }
        }
    }
    assert_eq!(
        changed,
        [(
            "models/artifacts.rs".to_owned(),
            "    /// Whether or not the artifact has expired.".to_owned(),
            "    /// Whether the artifact has expired (its archive is gone).".to_owned()
        )]
    );
}

/// What one spec edit changed in the generated files: per file, the lines added and removed
/// and the number of hunks (runs of changed lines).
fn generated_diff(edit: impl Fn(&mut String), file: &str) -> Vec<(String, usize, usize, usize)> {
    generated_diff_from(|_| {}, edit, file)
}

/// [`generated_diff`] on a spec that `base` changed first.
fn generated_diff_from(
    base: impl Fn(&mut String),
    edit: impl Fn(&mut String),
    file: &str,
) -> Vec<(String, usize, usize, usize)> {
    let spec = |edit: &dyn Fn(&mut String)| {
        let mut sources = spec_sources();
        let source = sources
            .iter_mut()
            .find(|s| s.name == file)
            .expect("the spec file");
        base(&mut source.text);
        edit(&mut source.text);
        codegen::generate(sources).unwrap_or_else(|d| panic!("{d}"))
    };
    let before = spec(&|_| {});
    let after = spec(&edit);
    let mut changes = Vec::new();
    for (a, b) in before.files.iter().zip(&after.files) {
        assert_eq!(a.path, b.path);
        let diff = similar::TextDiff::from_lines(&a.contents, &b.contents);
        let (mut added, mut removed) = (0, 0);
        for change in diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Insert => added += 1,
                similar::ChangeTag::Delete => removed += 1,
                similar::ChangeTag::Equal => {}
            }
        }
        let hunks = diff.grouped_ops(0).len();
        if hunks > 0 {
            changes.push((a.path.clone(), added, removed, hunks));
        }
    }
    changes
}

/// Inserts `text` after the line `anchor` (which must exist once).
fn insert_after(spec: &mut String, anchor: &str, text: &str) {
    assert_eq!(
        spec.matches(anchor).count(),
        1,
        "the test's anchor moved: {anchor}"
    );
    *spec = spec.replacen(anchor, &format!("{anchor}{text}"), 1);
}

/// A new optional field of a response model: its docs, one `#[serde]` line and the field, in
/// one hunk of one file.
#[test]
fn a_new_optional_response_field_is_three_lines() {
    let changes = generated_diff(
        |spec| {
            insert_after(
                spec,
                "        description: The id of the workflow run.\n",
                "      retention_days:\n        type: integer\n        optional: true\n        description: How long the run's logs are kept.\n",
            )
        },
        "spec/workflow-runs.yaml",
    );
    assert_eq!(changes, [("models/workflow_runs.rs".to_owned(), 3, 0, 1)]);
}

/// A model with one field, `id`, for the tests below to grow.
const ONE_FIELD_MODEL: &str = "  artifact-attestation:\n    description: A signed statement about an artifact.\n    type: object\n    properties:\n      id:\n        type: integer\n        description: The id of the attestation.\n\n";

/// A new required field is its docs and the field: two lines, even on a model of one field.
#[test]
fn a_new_required_field_is_two_lines() {
    let changes = generated_diff_from(
        |spec| insert_after(spec, "\nschemas:\n", ONE_FIELD_MODEL),
        |spec| {
            insert_after(
                spec,
                "        description: The id of the attestation.\n",
                "      digest:\n        type: string\n        description: The SHA-256 digest.\n",
            )
        },
        "spec/artifacts.yaml",
    );
    assert_eq!(changes, [("models/artifacts.rs".to_owned(), 2, 0, 1)]);
}

/// A new value of a string enum is its docs and the variant, and one arm each in `as_str` and
/// `from_str` (which spell the wire value out instead of asking serde for it): four lines.
#[test]
fn a_new_enum_value_is_four_lines() {
    let changes = generated_diff(
        |spec| {
            let old = "enum: [online, offline]";
            assert!(spec.contains(old), "the test's anchor moved");
            *spec = spec.replace(old, "enum: [online, offline, busy]");
        },
        "spec/shared.yaml",
    );
    assert_eq!(changes, [("models/shared.rs".to_owned(), 4, 0, 3)]);
}

/// A new model of N fields adds at most 2N + 15 lines, all in its area's models file.
#[test]
fn a_new_model_is_small() {
    let fields = 3;
    let changes = generated_diff(
        |spec| {
            insert_after(
                spec,
                "\nschemas:\n",
                "  artifact-attestation:\n    description: A signed statement about an artifact.\n    type: object\n    properties:\n      id:\n        type: integer\n      digest:\n        type: string\n        description: The SHA-256 digest.\n      created_at:\n        type: string\n        format: date-time\n        optional: true\n\n",
            )
        },
        "spec/artifacts.yaml",
    );
    assert_eq!(changes.len(), 1, "{changes:?}");
    let (path, added, removed, hunks) = &changes[0];
    assert_eq!(path, "models/artifacts.rs");
    assert_eq!((*removed, *hunks), (0, 1), "{changes:?}");
    assert!(
        *added <= 2 * fields + 15,
        "{added} lines for {fields} fields"
    );
}

/// Files are split by area, and each says it is generated.
#[test]
fn every_file_is_marked_generated() {
    let generated = generate("spec");
    for file in generated.files.iter().chain([&generated.examples_test]) {
        assert!(
            file.contents
                .starts_with("// @generated by `cargo xtask codegen`"),
            "{} lacks the @generated header",
            file.path
        );
        assert!(file.contents.contains("Do not edit by hand."));
    }
    let paths: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"models/artifacts.rs"));
    assert!(paths.contains(&"operations/artifacts.rs"));
}

/// The order of the files handed in decides the order of areas, nothing else does.
#[test]
fn a_spec_without_operations_still_generates() {
    let only_schema = source(
        "spec/one.yaml",
        "area: one\ntitle: One\ndocs_url: https://example.com\nschemas:\n  thing:\n    type: object\n    properties:\n      id:\n        type: integer\n",
    );
    let generated = codegen::generate(vec![only_schema]).expect("valid");
    assert_eq!((generated.operations, generated.schemas), (0, 1));
}

/// The areas codegen writes into hand-written files (the README's coverage table, the Cargo
/// features, the crate docs) add up to what the spec holds; `the_workspace_is_fresh` (an
/// `xtask codegen --check`) keeps those files equal to these fragments.
#[test]
fn area_fragments_add_up_to_the_spec() {
    let generated = generate("spec");
    let areas = &generated.areas;
    let operations: usize = areas.iter().map(|area| area.operations).sum();
    let models: usize = areas.iter().map(|area| area.models).sum();
    assert_eq!(
        (operations, models),
        (generated.operations, generated.schemas)
    );

    let table = codegen::fragments::readme_table(areas);
    assert!(
        table.ends_with(&format!(
            "| **all** | | **{operations}** | **{models}** |\n"
        )),
        "{table}"
    );
    let features = codegen::fragments::cargo_features(areas, &Default::default()).unwrap();
    let declared: Vec<&str> = features
        .lines()
        .filter_map(|line| line.strip_suffix(" = []"))
        .collect();
    let mut expected: Vec<&str> = areas
        .iter()
        .filter(|area| area.operations > 0)
        .map(|area| area.name.as_str())
        .collect();
    // The webhook events' feature, beside the areas'.
    if areas.iter().any(|area| area.webhooks > 0) {
        expected.push(codegen::fragments::WEBHOOKS_FEATURE);
    }
    expected.sort();
    assert_eq!(declared, expected);
    assert!(declared.contains(&"webhooks"), "{features}");
    assert!(
        !declared.contains(&"shared"),
        "an area of models only has no feature"
    );
}
