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

/// The list wrapper (`total_count` and one array) of an operation that takes `page`, used
/// with and without the `page` parameter.
fn widget_list(parameters: &str) -> String {
    format!(
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
{parameters}    responses:
      200:
        description: OK
        body:
          ref: widget-list
"
    )
}

/// A list response of an operation that takes `page`, without `pagination:`, would be left out
/// of `.stream()`.
#[test]
fn a_list_without_pagination() {
    insta::assert_snapshot!(one_file(&widget_list(
        "    parameters:
      - name: page
        in: query
        type: integer
        description: The page.
"
    )));
}

/// The same shape without a `page` parameter is a whole list in one answer (as a runner's
/// labels are): no pagination needed.
#[test]
fn a_whole_list_needs_no_pagination() {
    let text = format!("{HEADER}{}", widget_list(""));
    codegen::generate(vec![source("spec/widgets.yaml", &text)])
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
}

/// Aliases that go round in a circle describe no type a Rust alias can name (found by
/// fuzzing: each of these overflowed the stack).
#[test]
fn alias_cycles() {
    insta::assert_snapshot!(one_file(
        "schemas:
  a:
    ref: b
  b:
    ref: a
  c:
    ref: c
  nested:
    type: array
    items:
      ref: nested
  fine:
    type: array
    items:
      ref: widget
  widget:
    type: object
    properties:
      children:
        ref: fine
"
    ));
}

/// A `one_of` alternative that is the `one_of` itself, directly or through an alias, adds
/// nothing and could never end (found by fuzzing: it overflowed the stack).
#[test]
fn one_of_cycles() {
    insta::assert_snapshot!(one_file(
        "schemas:
  id-or-self:
    one_of:
      id:
        type: integer
      again:
        ref: id-or-self
  id-or-name:
    one_of:
      id:
        type: integer
      name:
        ref: name-alias
  name-alias:
    ref: id-or-name
  widget:
    type: object
    properties:
      id:
        ref: id-or-self
    example: {\"id\": 1}
operations:
  - name: get-widget
    summary: Get a widget
    docs_url: https://example.com/widgets#get
    method: GET
    path: /widgets/{widget_id}
    parameters:
      - name: widget_id
        in: path
        ref: id-or-self
    responses:
      204:
        description: No Content
"
    ));
}

/// Objects that hold each other by value are fine: the fields that close the circle are
/// boxed (`Option<Box<Node>>`), and the spec generates. (That such models compile and pass
/// clippy is shown by `tree-node`, `ping` and `pong` of `tests/fixtures/full`, which the fixture
/// crate builds.)
#[test]
fn objects_in_a_circle_are_boxed() {
    let generated = codegen::generate(vec![source(
        "spec/widgets.yaml",
        &format!(
            "{HEADER}schemas:
  node:
    type: object
    properties:
      name:
        type: string
      parent:
        ref: node
        optional: true
      children:
        type: array
        items:
          ref: node
  a:
    type: object
    properties:
      b:
        ref: b
  b:
    type: object
    properties:
      a:
        ref: a
        nullable: true
      choice:
        ref: a-or-id
  a-or-id:
    one_of:
      a:
        ref: a
      id:
        type: integer
"
        ),
    )])
    .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let models = generated
        .files
        .iter()
        .find(|file| file.path.ends_with("widgets.rs") && file.path.starts_with("models"))
        .expect("a models file");
    let text = models.contents.replace(char::is_whitespace, "");
    for expected in [
        "parent:Option<Box<Node>>",
        "children:Vec<Node>",
        "b:Box<B>",
        "a:Option<Box<A>>",
        "choice:Box<AOrId>",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` in:\n{}",
            models.contents
        );
    }
}

/// Names that make no Rust identifier as they are (each made `Ident::new` panic) are spelled
/// by the rules of `codegen::ident`; two that end up the same are reported.
#[test]
fn names_that_are_not_identifiers() {
    insta::assert_snapshot!(one_file(
        "schemas:
  ²:
    type: object
    properties:
      $:
        type: string
      u24:
        type: string
      \"\":
        type: integer
      ٣:
        ref: odd-values
  odd-values:
    type: string
    enum: [\"-\", \"\", \"٣\", \"$\", \"U24\"]
  $:
    type: integer
operations:
  - name: \"-\"
    summary: Dash
    docs_url: https://example.com
    method: GET
    path: /dash
    responses:
      204:
        description: No Content
"
    ));
    // Without the two clashes, the same names generate.
    let text = format!(
        "{HEADER}schemas:\n  ²:\n    type: object\n    properties:\n      $:\n        type: string\n      \"\":\n        type: integer\n      ٣:\n        ref: odd-values\n  odd-values:\n    type: string\n    enum: [\"-\", \"\", \"٣\", \"$\"]\n  $:\n    type: integer\noperations:\n  - name: \"-\"\n    summary: Dash\n    docs_url: https://example.com\n    method: GET\n    path: /dash\n    responses:\n      204:\n        description: No Content\n"
    );
    let generated = codegen::generate(vec![source("spec/widgets.yaml", &text)])
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let all: String = generated
        .files
        .iter()
        .map(|file| file.contents.as_str())
        .collect();
    for expected in [
        "pub struct U00b2",
        "pub u24:",
        "pub empty:",
        "pub u0663:",
        "U2D,",
        "Empty,",
        "U0663,",
        "pub type U24 = i64",
        "pub fn u2d(",
    ] {
        assert!(all.contains(expected), "`{expected}` in:\n{all}");
    }
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

/// A parameter's `rust_name` must be what it names: a snake-case Rust identifier.
#[test]
fn a_rust_name_that_is_not_an_identifier() {
    let message = one_file(&format!(
        "{GET_WIDGET}    parameters:\n      - name: widget_id\n        rust_name: Widget-Id\n        in: path\n        type: integer\n        description: The widget.\n    responses:\n      204:\n        description: No Content\n"
    ));
    assert!(
        message.contains(
            ":12:20: `rust_name` is a Rust identifier in snake case, such as `widget_id`"
        ),
        "{message}"
    );
}

/// A `wait:` names a field of the answer that is a string enum, and a value of it; each wrong
/// part is reported at its key.
#[test]
fn wait_rules() {
    let spec = |until: &str| {
        format!(
            "schemas:\n  widget-status:\n    type: string\n    enum: [busy, done]\n  widget:\n    type: object\n    properties:\n      status:\n        ref: widget-status\n      name:\n        type: string\n{GET_WIDGET}    parameters:\n      - name: widget_id\n        in: path\n        type: integer\n    wait:\n      method: wait_for_widget\n      what: widget\n      until: {until}\n    responses:\n      200:\n        description: OK\n        body:\n          ref: widget\n"
        )
    };
    let mut report = String::new();
    for until in [
        "{field: colour, value: done}",
        "{field: name, value: done}",
        "{field: status, value: finished}",
    ] {
        report.push_str(&one_file(&spec(until)));
        report.push('\n');
    }
    insta::assert_snapshot!(report);
    // The well-formed wait generates.
    let ok = spec("{field: status, value: done}");
    codegen::generate(vec![source("spec/widgets.yaml", &format!("{HEADER}{ok}"))])
        .expect("a wait on an enum field generates");
}

/// A `setter_groups:` entry must name an object schema, and map optional body fields to fields
/// of that object of the same type; a `request_body` may be a `one_of` only of objects.
#[test]
fn setter_groups_and_one_of_bodies() {
    insta::assert_snapshot!(one_file(
        "schemas:
  image:
    type: object
    properties:
      id:
        type: string
        description: I.
  choice:
    one_of:
      image:
        ref: image
      name:
        type: string
operations:
  - name: update-widget
    summary: Update a widget
    docs_url: https://example.com/widgets#update
    method: PATCH
    path: /widgets
    request_body:
      type: object
      properties:
        image_id:
          type: integer
          optional: true
          description: I.
        name:
          type: string
          description: N.
    setter_groups:
      - setter: image
        ref: image
        fields: {image_id: id, name: id, missing: id}
        description: The image.
      - setter: other
        ref: choice
        fields: {}
        description: Other.
    responses:
      204:
        description: No Content
  - name: choose-widget
    summary: Choose a widget
    docs_url: https://example.com/widgets#choose
    method: POST
    path: /widgets/choose
    request_body:
      ref: choice
    responses:
      204:
        description: No Content
"
    ));
}
