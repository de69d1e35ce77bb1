//! One concept, one type: the spec shapes that generate and compile but say one concept two
//! ways are warnings naming file, line and column (`cargo xtask codegen --check` fails on
//! them). The messages are snapshots; `api_shape` checks the real spec's output has none.

use codegen::SourceFile;
use tests::source;

const HEADER: &str = "area: widgets\ntitle: Widgets\ndocs_url: https://example.com/widgets\n";

/// The warnings of a spec that generates.
fn warnings(files: Vec<SourceFile>) -> String {
    codegen::generate(files)
        .expect("lints are warnings: the code is still generated")
        .warnings
        .to_string()
}

/// Two string enums with one set of values, in any order, are two types for one concept: the
/// second is reported, naming the first. A third shape of the same values (a webhook's
/// actions) is reported too; enums with other values are not.
#[test]
fn enums_with_the_same_values() {
    let spec = format!(
        "{HEADER}schemas:
  widget-order:
    description: How widgets are sorted.
    type: string
    enum: [desc, asc]
  widget:
    description: A widget.
    type: object
    properties:
      state:
        type: string
        enum: [open, closed]
        description: The widget's state.
      size:
        type: string
        enum: [open, closed, stuck]
        description: The widget's size.
operations:
  - name: list-widgets
    summary: List widgets
    docs_url: https://example.com/widgets#list
    method: GET
    path: /widgets
    parameters:
      - name: direction
        in: query
        type: string
        enum: [asc, desc]
        description: The direction to sort in.
    responses:
      200:
        description: OK
        body:
          type: array
          items:
            ref: widget
webhooks:
  - event: widget
    summary: Widget
    docs_url: https://example.com/webhooks#widget
    actions: [closed, open]
    payload:
      type: object
      properties:
        name:
          type: string
          description: The widget's name.
"
    );
    insta::assert_snapshot!(warnings(vec![source("spec/widgets.yaml", &spec)]));
}

/// A field or parameter named `*_id` (or `*_ids`, or `id` of a named schema `X` when `X-id`
/// is a newtype) whose kind has a newtype, but which is an integer, is reported at its
/// `type:`: in a property, a list's items, a shared or an inline parameter. The kind is the
/// longest suffix of the name that has one (`parent_widget_id` → `widget-id`); a name whose
/// kind has no newtype (`gadget_id`), or that already uses it, is fine.
#[test]
fn ids_left_as_integers() {
    let spec = format!(
        "{HEADER}parameters:
  widget_id:
    in: path
    type: integer
    description: The widget.
schemas:
  widget-id:
    description: The id of a widget.
    type: integer
    newtype: true
  widget:
    description: A widget.
    type: object
    properties:
      id:
        type: integer
        description: The widget's id.
      parent_widget_id:
        type: integer
        description: The parent widget's id.
      related_widget_ids:
        type: array
        items:
          type: integer
        description: Widgets related to it.
      sibling_widget_id:
        ref: widget-id
        description: A sibling, already typed.
      gadget_id:
        type: integer
        description: A gadget's id; gadgets have no newtype.
operations:
  - name: get-widget
    summary: Get a widget
    docs_url: https://example.com/widgets#get
    method: GET
    path: /widgets/{{widget_id}}
    parameters:
      - use: widget_id
      - name: twin_widget_id
        in: query
        type: integer
        description: A twin.
    responses:
      200:
        description: OK
        body:
          ref: widget
"
    );
    insta::assert_snapshot!(warnings(vec![source("spec/widgets.yaml", &spec)]));
}
