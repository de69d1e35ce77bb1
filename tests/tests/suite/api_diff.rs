//! The public-API change summary of `cargo xtask codegen` (`xtask::api_diff`), on one change
//! each to a small spec (`tests/fixtures/api-diff/things.yaml`): generate the code before and
//! after, describe the difference, snapshot the text.

use tests::{source, sources_in};

/// The generated files of the base spec with `from` replaced by `to` (which must occur).
fn generated_with(from: &str, to: &str) -> Vec<String> {
    let mut sources = sources_in("tests/fixtures/api-diff");
    let spec = &mut sources[0];
    assert!(spec.text.contains(from), "the fixture lacks {from:?}");
    spec.text = spec.text.replacen(from, to, 1);
    generate(sources)
}

fn generate(sources: Vec<codegen::SourceFile>) -> Vec<String> {
    let generated = codegen::generate(sources).unwrap_or_else(|d| panic!("{d}"));
    generated
        .files
        .into_iter()
        .map(|file| file.contents)
        .collect()
}

/// The summary of changing `from` to `to` in the base spec.
fn summary(from: &str, to: &str) -> String {
    let before = generate(sources_in("tests/fixtures/api-diff"));
    let after = generated_with(from, to);
    xtask::api_diff::diff_sources(&before, &after)
        .unwrap_or_else(|message| panic!("{message}"))
        .to_string()
}

const NOTE: &str = "      note:
        type: string
        optional: true
        description: A note about the thing.
";

#[test]
fn optional_field_added() {
    let added = format!(
        "{NOTE}      size:\n        type: integer\n        optional: true\n        description: Its size.\n"
    );
    insta::assert_snapshot!(summary(NOTE, &added));
}

#[test]
fn required_field_added() {
    let added =
        format!("{NOTE}      size:\n        type: integer\n        description: Its size.\n");
    insta::assert_snapshot!(summary(NOTE, &added));
}

#[test]
fn field_made_required() {
    let required = NOTE.replace("        optional: true\n", "");
    insta::assert_snapshot!(summary(NOTE, &required));
}

#[test]
fn enum_value_added() {
    insta::assert_snapshot!(summary("enum: [red, green]", "enum: [red, green, blue]"));
}

#[test]
fn operation_added() {
    let op = "operations:
  - name: get-default-thing
    summary: Get the default thing
    description: Gets the default thing.
    docs_url: https://example.com/docs/things#get-the-default-thing
    method: GET
    path: /things/default
    responses:
      200:
        description: OK
        body: { ref: thing }
";
    insta::assert_snapshot!(summary("operations:\n", op));
}

#[test]
fn operation_removed() {
    let base = sources_in("tests/fixtures/api-diff");
    let text = &base[0].text;
    let removed = &text[..text.find("  - name: delete-thing").expect("delete-thing")];
    let before = generate(base.clone());
    let after = generate(vec![source(&base[0].name, removed)]);
    let diff = xtask::api_diff::diff_sources(&before, &after).unwrap();
    insta::assert_snapshot!(diff.to_string());
}

#[test]
fn parameter_made_required() {
    insta::assert_snapshot!(summary(
        "        type: boolean\n",
        "        type: boolean\n        required: true\n"
    ));
}

#[test]
fn parameter_type_changed() {
    insta::assert_snapshot!(summary("        type: boolean\n", "        type: string\n"));
}

#[test]
fn a_description_is_no_api_change() {
    let diff = summary(
        "description: Gets a thing.",
        "description: Fetches one thing.",
    );
    assert_eq!(diff, "public API: unchanged");
}
