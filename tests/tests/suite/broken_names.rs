//! Names the generated code cannot have: each spec here was accepted before the naming pass
//! (`codegen/src/lower/names.rs`) and its output failed to compile, or compiled with one name
//! hiding another. Now each is a diagnostic naming both sources with file, line and column; the
//! messages are snapshots, one per class of clash.

use codegen::SourceFile;
use tests::source;

fn errors(files: Vec<SourceFile>) -> String {
    match codegen::generate(files) {
        Ok(_) => panic!("the spec with a clashing name generated code"),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

fn area(name: &str, body: &str) -> SourceFile {
    let file = format!("spec/{name}.yaml");
    source(
        &file,
        &format!("area: {name}\ntitle: T\ndocs_url: https://example.com\n{body}"),
    )
}

fn widgets(body: &str) -> String {
    errors(vec![area("widgets", body)])
}

/// An operation `name` answering `204`, with extra YAML (indented four spaces) before its
/// responses.
fn operation(name: &str, extra: &str) -> String {
    format!(
        "  - name: {name}
    summary: S
    docs_url: https://example.com
    method: GET
    path: /things
{extra}    responses:
      204:
        description: No Content
"
    )
}

/// An area named like a keyword was written as `models/r#type.rs`, which `mod r#type;` does
/// not find (E0583); one named like a crate the generated code names by path made that path
/// ambiguous; `default` is a Cargo feature already.
#[test]
fn areas_named_like_keywords_crates_or_features() {
    let schemas = "schemas:\n  thing:\n    type: integer\n";
    insta::assert_snapshot!(errors(vec![
        area("type", schemas),
        area("mod", ""),
        area("serde", ""),
        area("str", ""),
        area("default", ""),
    ]));
}

/// An area named `a b` was written as a bare TOML key, and `Cargo.toml` no longer parsed; a
/// feature name must be kebab case, and so must two areas that would be one module.
#[test]
fn areas_that_are_not_feature_names() {
    insta::assert_snapshot!(errors(vec![
        area("a b", ""),
        area("Widgets", ""),
        area("café", ""),
        area("a_b", ""),
        area("a--b", ""),
    ]));
}

/// `list-a` and `list_a` are two spec names and one Rust name: two `Client` methods and two
/// builders of one name (E0428, E0592).
#[test]
fn operations_that_differ_in_dash_and_underscore() {
    insta::assert_snapshot!(widgets(&format!(
        "operations:\n{}{}",
        operation("list-a", ""),
        operation("list_a", "")
    )));
}

/// A model named like an import of the generated files clashed with it (`value`, `serialize`:
/// E0255) or was hidden by it (`page` beside `crate::Page`, `request` beside the runtime's
/// `Request`); one named like a crate-root type of the runtime was hidden in operations files.
#[test]
fn schemas_named_like_imports_or_runtime_types() {
    insta::assert_snapshot!(widgets(
        "schemas:
  value:
    type: integer
  page:
    type: object
    properties:
      n:
        type: integer
  serialize:
    type: string
  date-time:
    type: string
  request:
    type: integer
  error:
    type: object
    properties:
      message:
        type: string
  client:
    type: integer
"
    ));
}

/// A model named `option` replaced `Option` in its file (E0107); one named `string` compiled,
/// and every field typed `string` in the spec became that struct instead of text.
#[test]
fn schemas_named_like_the_prelude() {
    insta::assert_snapshot!(widgets(
        "schemas:
  option:
    type: integer
  string:
    type: object
    properties:
      text:
        type: string
  vec:
    type: integer
  some:
    type: integer
"
    ));
}

/// Operations named like a method of the runtime's `Client` (`request`, `download`,
/// `set-repo-secret`) were a second definition (E0592), `clone` hid `Client::clone`; `client`'s
/// builder was the imported `Client`, `future`'s the imported `Future`.
#[test]
fn operations_named_like_the_runtime() {
    insta::assert_snapshot!(widgets(&format!(
        "operations:\n{}{}{}{}{}{}",
        operation("request", ""),
        operation("client", ""),
        operation("future", ""),
        operation("download", ""),
        operation("set-repo-secret", ""),
        operation("clone", ""),
    )));
}

/// A `wait:` method is a `Client` method too: named like an operation's method (E0592), like
/// another wait, or like the runtime's own methods, it was accepted and failed to compile.
#[test]
fn wait_methods_named_like_other_client_methods() {
    let wait = |name: &str, method: &str| {
        format!(
            "  - name: {name}\n    summary: S\n    docs_url: https://example.com\n    method: GET\n    path: /widgets/{{widget_id}}/{name}\n    parameters:\n      - name: widget_id\n        in: path\n        type: integer\n    wait:\n      method: {method}\n      what: widget\n      until: {{field: status, value: done}}\n    responses:\n      200:\n        description: OK\n        body:\n          ref: widget\n"
        )
    };
    insta::assert_snapshot!(widgets(&format!(
        "schemas:\n  widget-status:\n    type: string\n    enum: [busy, done]\n  widget:\n    type: object\n    properties:\n      status:\n        ref: widget-status\noperations:\n{}{}{}{}{}",
        operation("list-widgets", ""),
        wait("get-widget", "list_widgets"),
        wait("get-other-widget", "wait_for_widget"),
        wait("get-third-widget", "wait_for_widget"),
        wait("get-last-widget", "rate_limit"),
    )));
}

/// A query parameter `send` made a second `send` method on the builder; so did a body field
/// `stream`; `clear_name` met the `null` setter of the nullable `name`; a parameter `client`
/// met the builder's own field.
#[test]
fn setters_named_like_builder_methods() {
    let parameters = "    parameters:
      - name: send
        in: query
        type: boolean
        description: A setter named like `send`.
      - name: client
        in: query
        type: string
        required: true
        description: An argument named like the builder's field.
    request_body:
      type: object
      properties:
        stream:
          type: string
          optional: true
          description: A setter named like `stream`.
        name:
          type: string
          optional: true
          nullable: true
          description: A nullable field with a `clear_name` setter.
        clear_name:
          type: boolean
          optional: true
          description: Named like the setter above.
";
    insta::assert_snapshot!(widgets(&format!(
        "operations:\n{}",
        operation("update-thing", parameters).replace("GET", "PATCH")
    )));
}

/// An operation's builder, or its `…Outcome` enum, named like a model hid the model in the
/// operations files (which import every model with a glob).
#[test]
fn builders_and_outcomes_named_like_models() {
    // Created and accepted: an enum of its own (created and updated would be the runtime's
    // shared `CreatedOrUpdated`, which takes no name).
    let outcomes = "    responses:
      201:
        description: Created
        outcome: created
      202:
        description: Accepted
        outcome: accepted
";
    let mut put = operation("put-thing", "");
    put = put.replace(
        "    responses:\n      204:\n        description: No Content\n",
        outcomes,
    );
    insta::assert_snapshot!(widgets(&format!(
        "schemas:
  get-thing:
    type: object
    properties:
      id:
        type: integer
  put-thing-outcome:
    type: integer
operations:
{}{put}",
        operation("get-thing", "")
    )));
}

/// Two alternatives of a one-of, or two outcomes, that are one Rust variant.
#[test]
fn variants_that_are_one_rust_name() {
    let outcomes = "    responses:
      201:
        description: Created
        outcome: done-it
      204:
        description: Updated
        outcome: done_it
";
    let put = operation("put-thing", "").replace(
        "    responses:\n      204:\n        description: No Content\n",
        outcomes,
    );
    insta::assert_snapshot!(widgets(&format!(
        "schemas:
  id-or-name:
    one_of:
      the-id:
        type: integer
      the_id:
        type: string
operations:
{put}"
    )));
}

/// The runtime's names that `codegen::lower::reserved` lists are the runtime's: every method of
/// an `impl Client` block and every crate-root re-export is there. (A method added to the
/// runtime without adding it to the list would let an operation of that name through.)
#[test]
fn reserved_names_cover_the_runtime() {
    use codegen::lower::reserved;
    let root = tests::workspace_root();
    // The runtime's client type is `Core`, which the generated `Client` derefs to; the
    // generated `client.rs` adds `Client`'s own methods.
    let dirs = vec![root.join("runtime/src"), root.join("generated/src")];
    let mut missing = Vec::new();
    let mut found = 0;
    for dir in dirs.iter().filter(|dir| dir.is_dir()) {
        for entry in std::fs::read_dir(dir).expect("runtime directory") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("runtime file");
            // The generated crate's own `client.rs` only: its operations files are what the
            // names are checked for.
            if path.starts_with(root.join("generated")) && !path.ends_with("client.rs") {
                continue;
            }
            for method in client_methods(&text) {
                found += 1;
                if !reserved::CLIENT_METHODS.contains(&method.as_str()) {
                    missing.push(format!("Client::{method} ({})", path.display()));
                }
            }
        }
    }
    assert!(
        found > 10,
        "found only {found} `Client` methods in {dirs:?}"
    );
    let lib = std::fs::read_to_string(root.join("generated/src/lib.rs")).expect("lib.rs");
    for name in crate_root_types(&lib) {
        if !reserved::CRATE_ROOT_TYPES.contains(&name.as_str()) {
            missing.push(format!("crate::{name} (generated/src/lib.rs)"));
        }
    }
    assert!(
        missing.is_empty(),
        "add these to codegen/src/lower/reserved.rs:\n{}",
        missing.join("\n")
    );
}

/// The names of the functions defined directly in `impl Client { … }` blocks.
fn client_methods(text: &str) -> Vec<String> {
    let mut methods = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("impl Core {") || line.starts_with("impl Client {") {
            inside = true;
        } else if inside && line.starts_with('}') {
            inside = false;
        } else if inside {
            let trimmed = line.strip_prefix("    ").unwrap_or("");
            if trimmed.starts_with(' ') {
                continue;
            }
            if let Some(at) = trimmed.find("fn ") {
                let before = &trimmed[..at];
                if before
                    .split_whitespace()
                    .all(|word| matches!(word, "pub" | "pub(crate)" | "async" | "const"))
                {
                    let name: String = trimmed[at + 3..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    methods.push(name);
                }
            }
        }
    }
    methods
}

/// The upper-case names `pub use`d at the root of `lib.rs` (types and traits).
fn crate_root_types(lib: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut statement = String::new();
    for line in lib.lines() {
        if line.starts_with("pub use ") || !statement.is_empty() {
            statement.push_str(line);
            if !line.trim_end().ends_with(';') {
                continue;
            }
            let text = std::mem::take(&mut statement);
            let list = match (text.find('{'), text.rfind('}')) {
                (Some(open), Some(close)) => text[open + 1..close].to_owned(),
                _ => text
                    .trim_end_matches(';')
                    .rsplit("::")
                    .next()
                    .unwrap_or("")
                    .to_owned(),
            };
            for name in list.split(',') {
                let name = name.split(" as ").last().unwrap_or("").trim();
                if name.starts_with(|c: char| c.is_ascii_uppercase())
                    && !name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                {
                    names.push(name.to_owned());
                }
            }
        }
    }
    names
}

/// A required boolean or number is passed as a named value (`Days(90)`), one type per argument
/// name across the API: two operations that give `days` different types would need two types
/// of one name, and a named value named like a model would hide it.
#[test]
fn named_values_of_two_types_or_named_like_models() {
    let body = |ty: &str| {
        format!(
            "    request_body:
      type: object
      properties:
        days:
          type: {ty}
          description: D.
        thing:
          type: boolean
          description: T.
"
        )
    };
    insta::assert_snapshot!(widgets(&format!(
        "schemas:
  thing:
    type: integer
operations:
{}{}",
        operation("set-days", &body("integer")).replace("GET", "PUT"),
        operation("set-more-days", &body("number")).replace("GET", "PUT"),
    )));
}
