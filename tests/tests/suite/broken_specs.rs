//! Broken specs fail with every problem named by file, line and column; the messages are
//! snapshots, so a change in wording is reviewed like any other output.

use codegen::SourceFile;
use tests::source;

const HEADER: &str = "area: widgets\ntitle: Widgets\ndocs_url: https://example.com/widgets\n";

fn errors(files: Vec<SourceFile>) -> String {
    match codegen::generate(files) {
        Ok(_) => panic!("the broken spec generated code"),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

fn one_file(body: &str) -> String {
    errors(vec![source(
        "spec/widgets.yaml",
        &format!("{HEADER}{body}"),
    )])
}

const GET_WIDGET: &str = "operations:
  - name: get-widget
    summary: Get a widget
    docs_url: https://example.com/widgets#get
    method: GET
    path: /widgets/{widget_id}
";

#[test]
fn unknown_reference() {
    insta::assert_snapshot!(one_file(&format!(
        "schemas:\n  widget:\n    type: object\n    properties:\n      id:\n        type: integer\n{GET_WIDGET}    parameters:\n      - name: widget_id\n        in: path\n        type: integer\n    responses:\n      200:\n        description: OK\n        body:\n          ref: widgit\n"
    )));
}

#[test]
fn undeclared_path_parameter() {
    insta::assert_snapshot!(one_file(&format!(
        "{GET_WIDGET}    responses:\n      204:\n        description: No Content\n"
    )));
}

#[test]
fn duplicate_operation_across_files() {
    let operation = format!("{GET_WIDGET}    parameters:\n      - name: widget_id\n        in: path\n        type: integer\n    responses:\n      204:\n        description: No Content\n");
    let other = "area: gadgets\ntitle: Gadgets\ndocs_url: https://example.com/gadgets\n";
    insta::assert_snapshot!(errors(vec![
        source("spec/widgets.yaml", &format!("{HEADER}{operation}")),
        source("spec/gadgets.yaml", &format!("{other}{operation}")),
    ]));
}

#[test]
fn unknown_type() {
    insta::assert_snapshot!(one_file(
        "schemas:\n  widget:\n    type: object\n    properties:\n      id:\n        type: integr\n"
    ));
}

#[test]
fn unknown_key() {
    insta::assert_snapshot!(one_file(
        "schemas:\n  widget:\n    type: object\n    propertes:\n      id:\n        type: integer\n"
    ));
}

#[test]
fn yaml_syntax_error() {
    insta::assert_snapshot!(one_file(
        "schemas:\n  widget:\n    type: 'object\n    description: x\n"
    ));
}

/// One run reports every problem, across files, in file order.
#[test]
fn errors_are_collected() {
    let first = format!(
        "{HEADER}schemas:\n  widget:\n    type: object\n    properties:\n      owner:\n        ref: user\n      colour:\n        type: string\n        enum: [red, red]\n"
    );
    let second = "area: gadgets\ntitle: Gadgets\ndocs_url: https://example.com/gadgets\nschemas:\n  widget:\n    type: integer\n  gadget:\n    type: array\n";
    let third = "area: broken\ntitle: Broken\ndocs_url: https://example.com\nschemas: {\n";
    insta::assert_snapshot!(errors(vec![
        source("spec/widgets.yaml", &first),
        source("spec/gadgets.yaml", second),
    ]));
    // A file that does not load stops the run before cross-file checks, but every file that
    // does not load is reported.
    insta::assert_snapshot!(errors(vec![
        source("spec/broken.yaml", third),
        source("spec/gadgets.yaml", "area: gadgets\n"),
    ]));
}

#[test]
fn examples_are_checked_against_their_schema() {
    insta::assert_snapshot!(one_file(
        "schemas:\n  widget:\n    type: object\n    properties:\n      id:\n        type: integer\n      done_at:\n        type: string\n        format: date-time\n    example: {\"id\": \"one\", \"done_at\": null, \"extra\": 1}\n"
    ));
}

#[test]
fn operation_rules() {
    insta::assert_snapshot!(one_file(
        "schemas:
  widget:
    type: object
    properties:
      id:
        type: integer
operations:
  - name: list-widgets
    summary: List
    docs_url: https://example.com
    method: GET
    path: /widgets/{owner}
    parameters:
      - use: ownr
      - name: extra
        in: path
        type: integer
      - name: filter
        in: query
        ref: widget
      - name: extra
        in: query
        type: string
    pagination:
      items: widgets
    responses:
      200:
        description: OK
        body:
          type: array
          items:
            type: integer
      201:
        description: Created
      302:
        description: Found
        redirect: true
      404:
        description: Not found
        body:
          ref: widget
"
    ));
}

/// A list response without `pagination:` would be left out of `.stream()`.
#[test]
fn a_list_without_pagination() {
    insta::assert_snapshot!(one_file(
        "schemas:
  widget-list:
    type: object
    properties:
      total_count:
        type: integer
      widgets:
        type: array
        items:
          type: string
operations:
  - name: list-widgets
    summary: List
    docs_url: https://example.com
    method: GET
    path: /widgets
    responses:
      200:
        description: OK
        body:
          ref: widget-list
"
    ));
}

/// A property or parameter without a description still generates, with a warning naming
/// file, line and column (`cargo xtask codegen --check` fails on it).
#[test]
fn missing_descriptions_are_warnings() {
    let spec = format!(
        "{HEADER}schemas:\n  widget:\n    description: A widget.\n    type: object\n    properties:\n      id:\n        type: integer\n        description: The id of the widget.\n      colour:\n        type: string\n{GET_WIDGET}    parameters:\n      - name: widget_id\n        in: path\n        type: integer\n    responses:\n      200:\n        description: OK\n        body:\n          ref: widget\n"
    );
    let generated = codegen::generate(vec![source("spec/widgets.yaml", &spec)])
        .expect("warnings do not stop codegen");
    insta::assert_snapshot!(generated.warnings.to_string());
}
