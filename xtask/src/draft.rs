//! `cargo xtask draft OPERATION…`: a spec YAML draft, for a curator to edit, of operations of
//! GitHub's official OpenAPI description that `spec/` lacks.
//!
//! The draft is a spec file of its own (`area: draft`), in the spec's format: each operation
//! with its name, summary, description and access notes (the description's paragraphs about
//! tokens, scopes and permissions), docs URL, method and path; its parameters (`use:` where
//! `spec/` shares a parameter of the same name and location); its request body and example;
//! its responses, with bodies that `ref:` a schema of `spec/` where one has the same name or
//! the same shape, and the official examples as block YAML; and `pagination:` for a page of the
//! form `{total_count, <list>}`. Schemas the spec does not have yet follow under `schemas:`.
//!
//! It is a starting point, not a finished spec: a person edits the names, docs text and
//! examples, moves the operations into the right `spec/` file, and `cargo xtask codegen` and
//! `cargo xtask audit` check what is committed. The draft is never written into `spec/`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::audit::{ensure_npm_packages, spec_name, DESCRIPTION};

/// The longest line the draft aims for (a URL or a long example string may be longer).
const WIDTH: usize = 100;

/// The GitHub Enterprise Server description that availability notes compare with, beside
/// [`DESCRIPTION`].
pub const GHES: &str = "ghes-3.17.json";

/// `cargo xtask draft OPERATION… [--out FILE]`: prints the draft, or writes it to `FILE`.
pub fn run(root: &Path, args: &[&str]) -> Result<String, String> {
    let mut names = Vec::new();
    let mut out = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--out" => {
                let file = args.next().ok_or("--out needs a file name")?;
                out = Some(PathBuf::from(file));
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            name => names.push(name.to_owned()),
        }
    }
    if names.is_empty() {
        return Err(
            "name at least one operation of the official description, e.g. \
                    `cargo xtask draft get-actions-cache-usage`"
                .to_owned(),
        );
    }
    if let Some(out) = &out {
        refuse_spec_dir(root, out)?;
    }
    ensure_npm_packages(root)?;
    let path = root.join(DESCRIPTION);
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let description: Value =
        serde_json::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
    let spec = Spec::read(&root.join("spec"))?;
    let ghes = read_ghes(root);
    let yaml = draft(&spec, &description, ghes.as_ref(), &names)?;
    match out {
        None => Ok(yaml.trim_end().to_owned()),
        Some(out) => {
            fs::write(&out, &yaml).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            Ok(format!(
                "draft: {} operation(s) written to {}; edit it, move the operations into spec/, \
                 then run `cargo xtask codegen` and `cargo xtask audit`",
                names.len(),
                out.display()
            ))
        }
    }
}

/// The description of GitHub Enterprise Server, next to api.github.com's, if installed.
pub fn read_ghes(root: &Path) -> Option<Value> {
    let path = root.join(DESCRIPTION).with_file_name(GHES);
    serde_json::from_str(&fs::read_to_string(path).ok()?).ok()
}

/// Fails when `out` is inside the workspace's `spec/`: what goes there is a person's edit.
fn refuse_spec_dir(root: &Path, out: &Path) -> Result<(), String> {
    let spec = fs::canonicalize(root.join("spec")).unwrap_or_else(|_| root.join("spec"));
    let absolute = if out.is_absolute() {
        out.to_owned()
    } else {
        std::env::current_dir()
            .map_err(|e| format!("cannot read the current directory: {e}"))?
            .join(out)
    };
    // The file may not exist yet: canonicalize its directory.
    let parent = absolute.parent().unwrap_or(Path::new("/"));
    let parent = fs::canonicalize(parent).unwrap_or_else(|_| parent.to_owned());
    if parent.starts_with(&spec) {
        return Err(format!(
            "refusing to write {} inside spec/: the draft is for a person to edit and move \
             into spec/; write it elsewhere (e.g. --out target/draft.yaml)",
            out.display()
        ));
    }
    Ok(())
}

/// What the draft needs to know of `spec/`: its schemas and shared parameters, and which
/// operations it already has.
#[derive(Debug, Default)]
pub struct Spec {
    /// Schema name → its YAML.
    schemas: BTreeMap<String, serde_yaml::Value>,
    /// Shared parameter name → its location (`path`, `query`, `header`).
    parameters: BTreeMap<String, String>,
    /// Operation names, and `METHOD path` of each.
    operations: BTreeSet<String>,
}

impl Spec {
    /// Reads every `*.yaml` of a spec directory.
    pub fn read(dir: &Path) -> Result<Self, String> {
        let mut texts = Vec::new();
        let entries =
            fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|ext| ext == "yaml") {
                let text = fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                texts.push((path.display().to_string(), text));
            }
        }
        Self::from_texts(&texts)
    }

    /// Reads spec files given as `(name, YAML text)`.
    pub fn from_texts(texts: &[(String, String)]) -> Result<Self, String> {
        let mut spec = Spec::default();
        for (name, text) in texts {
            let file: serde_yaml::Value =
                serde_yaml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
            if let Some(schemas) = file["schemas"].as_mapping() {
                for (key, schema) in schemas {
                    if let Some(key) = key.as_str() {
                        spec.schemas.insert(key.to_owned(), schema.clone());
                    }
                }
            }
            if let Some(parameters) = file["parameters"].as_mapping() {
                for (key, parameter) in parameters {
                    if let (Some(key), Some(location)) = (key.as_str(), parameter["in"].as_str()) {
                        spec.parameters.insert(key.to_owned(), location.to_owned());
                    }
                }
            }
            for operation in file["operations"].as_sequence().into_iter().flatten() {
                if let Some(name) = operation["name"].as_str() {
                    spec.operations.insert(name.to_owned());
                }
                if let (Some(method), Some(path)) =
                    (operation["method"].as_str(), operation["path"].as_str())
                {
                    spec.operations
                        .insert(format!("{} {path}", method.to_uppercase()));
                }
            }
        }
        Ok(spec)
    }
}

/// The draft of the operations `names` (`get-actions-cache-usage` or
/// `actions/get-actions-cache-usage`) of the official `description`, as YAML text. With the
/// GitHub Enterprise Server description `ghes`, an operation it lacks says so.
pub fn draft(
    spec: &Spec,
    description: &Value,
    ghes: Option<&Value>,
    names: &[String],
) -> Result<String, String> {
    let mut drafter = Drafter {
        spec,
        root: description,
        ghes,
        new_schemas: BTreeMap::new(),
        pending: Vec::new(),
    };
    let mut operations = Vec::new();
    let mut docs_page = None;
    for name in names {
        let (method, path, official) = find_operation(description, name)?;
        let short = short_name(official);
        let endpoint = format!("{} {path}", method.to_uppercase());
        if spec.operations.contains(&short) || spec.operations.contains(&endpoint) {
            return Err(format!(
                "`{short}` ({endpoint}) is in spec/ already; the draft is for operations it lacks"
            ));
        }
        let operation = drafter.operation(&short, method, path, official);
        docs_page.get_or_insert_with(|| {
            docs_url(official)
                .split('#')
                .next()
                .unwrap_or("")
                .to_owned()
        });
        operations.push(operation);
    }
    // Schemas the operations reference that spec/ lacks, and those they reference in turn.
    while let Some(name) = drafter.pending.pop() {
        let schema = &description["components"]["schemas"][&name];
        let mut node = drafter.schema(schema);
        // A named schema's description comes first, as in spec/.
        if let Node::Map(entries) = &mut node {
            if let Some(at) = entries.iter().position(|(key, _)| key == "description") {
                let description = entries.remove(at);
                entries.insert(0, description);
            }
        }
        drafter.new_schemas.insert(name, node);
    }
    let mut file = vec![
        ("area".to_owned(), Node::scalar("draft")),
        ("title".to_owned(), Node::scalar("Draft")),
        (
            "docs_url".to_owned(),
            Node::scalar(docs_page.unwrap_or_default()),
        ),
    ];
    if !drafter.new_schemas.is_empty() {
        let schemas = std::mem::take(&mut drafter.new_schemas)
            .into_iter()
            .collect();
        file.push(("schemas".to_owned(), Node::Map(schemas)));
    }
    file.push(("operations".to_owned(), Node::List(operations)));
    let mut text = String::from(
        "# A draft by `cargo xtask draft` from GitHub's official OpenAPI description, for a person\n\
         # to edit: names, docs text, access notes, examples. Move the operations (and the schemas\n\
         # they need) into the right spec/ file, then run `cargo xtask codegen` and\n\
         # `cargo xtask audit`.\n",
    );
    write_map(&mut text, &file, 0);
    Ok(text)
}

/// The official operation named `name`: its method, path and object.
fn find_operation<'a>(
    description: &'a Value,
    name: &str,
) -> Result<(&'a str, &'a str, &'a Value), String> {
    let paths = description["paths"].as_object().into_iter().flatten();
    for (path, item) in paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if operation["operationId"]
                .as_str()
                .is_some_and(|id| id == name || spec_name(id) == name)
            {
                return Ok((method, path, operation));
            }
        }
    }
    Err(format!(
        "`{name}` is not an operation of the official description ({DESCRIPTION}); \
         give its operationId, e.g. `get-actions-cache-usage` or `actions/get-actions-cache-usage`"
    ))
}

/// The spec's name of an official operation.
fn short_name(official: &Value) -> String {
    spec_name(official["operationId"].as_str().unwrap_or("?")).to_owned()
}

/// The operation's docs page, in the spec's form (`https://docs.github.com/en/rest/…`).
fn docs_url(official: &Value) -> String {
    let url = official["externalDocs"]["url"].as_str().unwrap_or("");
    match url.strip_prefix("https://docs.github.com/rest/") {
        Some(rest) => format!("https://docs.github.com/en/rest/{rest}"),
        None => url.to_owned(),
    }
}

/// A YAML value as the draft writes it.
#[derive(Debug, Clone)]
enum Node {
    /// A scalar, already written as YAML (plain or quoted).
    Scalar(String),
    /// Prose: plain when it fits on the line, else a folded block (`>-`).
    Text(String),
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
}

impl Node {
    /// A string scalar, quoted only when YAML would read it as something else.
    fn scalar(text: impl Into<String>) -> Node {
        Node::Scalar(yaml_string(&text.into()))
    }

    /// A JSON value as block YAML.
    fn json(value: &Value) -> Node {
        match value {
            Value::Object(object) => Node::Map(
                object
                    .iter()
                    .map(|(key, value)| (yaml_string(key), Node::json(value)))
                    .collect(),
            ),
            Value::Array(items) => Node::List(items.iter().map(Node::json).collect()),
            Value::String(text) => Node::scalar(text.as_str()),
            other => Node::Scalar(other.to_string()),
        }
    }
}

/// `text` as a YAML scalar that reads back as this string: plain when it does, else quoted
/// (JSON's double-quoted strings are valid YAML).
fn yaml_string(text: &str) -> String {
    // Digits that YAML 1.1 readers would take for a number (`012345678912345678`, `1.0`) are
    // quoted even where serde_yaml would read them as a string.
    let numeric = text.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c))
        && text
            .chars()
            .all(|c| c.is_ascii_hexdigit() || "+-._xXoO".contains(c));
    let plain = !numeric
        && !text.is_empty()
        && !text.contains('\n')
        && serde_yaml::from_str::<serde_yaml::Value>(text)
            .is_ok_and(|value| value.as_str() == Some(text));
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).expect("a string encodes")
    }
}

/// Writes `entries` as a block mapping at `indent`.
fn write_map(out: &mut String, entries: &[(String, Node)], indent: usize) {
    for (key, node) in entries {
        let pad = " ".repeat(indent);
        write_entry(out, &format!("{pad}{key}:"), node, indent);
    }
}

/// Writes `node` after `lead` (`key:` or `-` with its indentation); its nested lines at
/// `indent + 2`.
fn write_entry(out: &mut String, lead: &str, node: &Node, indent: usize) {
    match node {
        Node::Scalar(text) => {
            let _ = writeln!(out, "{lead} {text}");
        }
        Node::Text(text) => {
            let plain = yaml_string(text);
            if lead.len() + 1 + plain.len() <= WIDTH && plain == *text {
                let _ = writeln!(out, "{lead} {text}");
            } else {
                let _ = writeln!(out, "{lead} >-");
                out.push_str(&wrap(text, indent + 2));
            }
        }
        Node::Map(entries) if entries.is_empty() => {
            let _ = writeln!(out, "{lead} {{}}");
        }
        Node::List(items) if items.is_empty() => {
            let _ = writeln!(out, "{lead} []");
        }
        Node::Map(entries) => {
            let _ = writeln!(out, "{lead}");
            write_map(out, entries, indent + 2);
        }
        Node::List(items) => {
            let _ = writeln!(out, "{lead}");
            write_list(out, items, indent + 2);
        }
    }
}

/// Writes `items` as a block sequence at `indent`.
fn write_list(out: &mut String, items: &[Node], indent: usize) {
    let pad = " ".repeat(indent);
    for item in items {
        match item {
            Node::Map(entries) if !entries.is_empty() => {
                // The first entry on the `- ` line, the others under it.
                let (key, node) = &entries[0];
                write_entry(out, &format!("{pad}- {key}:"), node, indent + 2);
                write_map(out, &entries[1..], indent + 2);
            }
            Node::List(items) if !items.is_empty() => {
                let _ = writeln!(out, "{pad}-");
                write_list(out, items, indent + 2);
            }
            other => write_entry(out, &format!("{pad}-"), other, indent),
        }
    }
}

/// `text` as the lines of a folded block at `indent`, each at most [`WIDTH`] columns.
fn wrap(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent + line.len() + 1 + word.len() > WIDTH {
            let _ = writeln!(out, "{pad}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = writeln!(out, "{pad}{line}");
    out
}

/// One paragraph of official prose on one line, its whitespace collapsed.
fn prose(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a paragraph of an operation's description says who may call it.
fn is_access_note(paragraph: &str) -> bool {
    const MARKS: [&str; 8] = [
        "scope",
        "permission",
        "OAuth",
        "access token",
        "Anyone with",
        "Authenticated users",
        "GitHub Apps",
        "must be an",
    ];
    MARKS.iter().any(|mark| paragraph.contains(mark))
}

struct Drafter<'a> {
    spec: &'a Spec,
    root: &'a Value,
    ghes: Option<&'a Value>,
    /// Schemas of the description that spec/ lacks, drafted so far.
    new_schemas: BTreeMap<String, Node>,
    /// Names of such schemas still to draft.
    pending: Vec<String>,
}

impl<'a> Drafter<'a> {
    fn operation(&mut self, name: &str, method: &str, path: &str, official: &'a Value) -> Node {
        let mut entries = vec![
            ("name".to_owned(), Node::scalar(name)),
            (
                "summary".to_owned(),
                Node::scalar(official["summary"].as_str().unwrap_or(name)),
            ),
        ];
        let text = official["description"].as_str().unwrap_or("");
        let (mut about, mut access) = (Vec::new(), Vec::new());
        for paragraph in text.split("\n\n").map(prose).filter(|p| !p.is_empty()) {
            if is_access_note(&paragraph) && !about.is_empty() {
                access.push(paragraph);
            } else {
                about.push(paragraph);
            }
        }
        if !about.is_empty() {
            entries.push(("description".to_owned(), Node::Text(about.join(" "))));
        }
        if !access.is_empty() {
            entries.push(("access".to_owned(), Node::Text(access.join(" "))));
        }
        let mut availability = Vec::new();
        if official["x-github"]["githubCloudOnly"] == true {
            availability.push("GitHub Enterprise Cloud only.".to_owned());
        }
        let id = official["operationId"].as_str().unwrap_or("?");
        if let Some(ghes) = self.ghes {
            if find_operation(ghes, id).is_err() {
                let release = &ghes["info"]["x-github-release"];
                availability.push(format!(
                    "Not available on GitHub Enterprise Server (absent from its {release} description)."
                ));
            }
        }
        if !availability.is_empty() {
            entries.push((
                "availability".to_owned(),
                Node::Text(availability.join(" ")),
            ));
        }
        entries.push(("docs_url".to_owned(), Node::scalar(docs_url(official))));
        entries.push(("method".to_owned(), Node::scalar(method.to_uppercase())));
        entries.push(("path".to_owned(), Node::scalar(path)));

        let parameters: Vec<Node> = official["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|parameter| self.parameter(self.follow(parameter)))
            .collect();
        if !parameters.is_empty() {
            entries.push(("parameters".to_owned(), Node::List(parameters)));
        }

        let body = &self.follow(&official["requestBody"])["content"]["application/json"];
        if body.is_object() {
            entries.push(("request_body".to_owned(), self.schema(&body["schema"])));
            if let Some(example) = example(self.root, body) {
                entries.push(("request_example".to_owned(), Node::json(example)));
            }
        }

        let mut pagination = None;
        let mut responses = Vec::new();
        let statuses = official["responses"].as_object().into_iter().flatten();
        let successes = official["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(status, _)| status.starts_with('2'))
            .count();
        for (status, response) in statuses {
            let response = self.follow(response);
            let mut fields = vec![(
                "description".to_owned(),
                Node::scalar(prose(
                    response["description"].as_str().unwrap_or("Response"),
                )),
            )];
            let content = &response["content"]["application/json"];
            let schema = &content["schema"];
            let success = status.starts_with('2');
            if success && schema.is_object() && !self.is_empty_object(schema) {
                if let Some(items) = self.list_field(schema) {
                    pagination = Some(items);
                }
                fields.push(("body".to_owned(), self.schema(schema)));
                if let Some(example) = example(self.root, content) {
                    fields.push(("example".to_owned(), Node::json(example)));
                }
            }
            if status.starts_with('3') && response["headers"].get("Location").is_some() {
                fields.push(("redirect".to_owned(), Node::Scalar("true".to_owned())));
            }
            if success && successes > 1 {
                fields.push((
                    "outcome".to_owned(),
                    Node::scalar(outcome(status, response)),
                ));
            }
            responses.push((status.clone(), Node::Map(fields)));
        }
        if let Some(items) = pagination {
            entries.push((
                "pagination".to_owned(),
                Node::Map(vec![("items".to_owned(), Node::scalar(items))]),
            ));
        }
        entries.push(("responses".to_owned(), Node::Map(responses)));
        Node::Map(entries)
    }

    /// A parameter: `use:` a shared one of the same name and location, or one of its own.
    fn parameter(&mut self, official: &'a Value) -> Node {
        let name = official["name"].as_str().unwrap_or("?");
        let location = official["in"].as_str().unwrap_or("query");
        if self
            .spec
            .parameters
            .get(name)
            .is_some_and(|shared| shared == location)
        {
            return Node::Map(vec![("use".to_owned(), Node::scalar(name))]);
        }
        let mut entries = vec![
            ("name".to_owned(), Node::scalar(name)),
            ("in".to_owned(), Node::scalar(location)),
        ];
        let schema = self.follow(&official["schema"]);
        if let Node::Map(ty) = self.schema(schema) {
            // A parameter's type is plain: no description of its own, no object.
            entries.extend(ty.into_iter().filter(|(key, _)| key != "description"));
        }
        if location != "path" && official["required"] == true {
            entries.push(("required".to_owned(), Node::Scalar("true".to_owned())));
        }
        if let Some(default) = schema.get("default") {
            entries.push(("default".to_owned(), Node::json(default)));
        }
        if let Some(text) = official["description"].as_str() {
            entries.push(("description".to_owned(), Node::Text(prose(text))));
        }
        Node::Map(entries)
    }

    /// A type: `ref:` to a schema of spec/ (by name, or by shape), or to one the draft adds,
    /// or the type inline.
    fn schema(&mut self, schema: &'a Value) -> Node {
        if let Some(name) = component_name(schema) {
            return Node::Map(vec![("ref".to_owned(), Node::scalar(self.reference(name)))]);
        }
        let schema = self.single_all_of(schema);
        if let Some(name) = component_name(schema) {
            return Node::Map(vec![("ref".to_owned(), Node::scalar(self.reference(name)))]);
        }
        if let Some(name) = self.same_shape(schema) {
            return Node::Map(vec![("ref".to_owned(), Node::scalar(name))]);
        }
        let mut entries = Vec::new();
        let alternatives = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array);
        if let Some(alternatives) = alternatives {
            let mut one_of = Vec::new();
            for (index, alternative) in alternatives.iter().enumerate() {
                let label = component_name(alternative)
                    .map(str::to_owned)
                    .or_else(|| alternative["type"].as_str().map(str::to_owned))
                    .unwrap_or_else(|| format!("variant-{}", index + 1));
                one_of.push((label, self.schema(alternative)));
            }
            entries.push(("one_of".to_owned(), Node::Map(one_of)));
        } else {
            match schema["type"].as_str() {
                Some("object") if schema["properties"].is_object() => {
                    entries.push(("type".to_owned(), Node::scalar("object")));
                    let required: BTreeSet<&str> = schema["required"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    let mut properties = Vec::new();
                    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                        let node = self.property(property, required.contains(name.as_str()));
                        properties.push((yaml_string(name), node));
                    }
                    entries.push(("properties".to_owned(), Node::Map(properties)));
                }
                Some("object") => {
                    entries.push(("type".to_owned(), Node::scalar("map")));
                    let values = &schema["additionalProperties"];
                    if values.get("type").is_some() || component_name(values).is_some() {
                        entries.push(("values".to_owned(), self.schema(values)));
                    }
                }
                Some("array") => {
                    entries.push(("type".to_owned(), Node::scalar("array")));
                    entries.push(("items".to_owned(), self.schema(&schema["items"])));
                }
                Some(kind @ ("string" | "integer" | "number" | "boolean")) => {
                    entries.push(("type".to_owned(), Node::scalar(kind)));
                    let format = schema["format"].as_str();
                    if let Some(format @ ("date-time" | "uri" | "email")) = format {
                        entries.push(("format".to_owned(), Node::scalar(format)));
                    }
                    if let Some(values) = schema["enum"].as_array() {
                        let values = values
                            .iter()
                            .filter(|value| !value.is_null())
                            .map(|value| Node::scalar(value.as_str().unwrap_or(&value.to_string())))
                            .collect();
                        entries.push(("enum".to_owned(), Node::List(values)));
                    }
                }
                _ => entries.push(("type".to_owned(), Node::scalar("any"))),
            }
        }
        if let Some(text) = schema["description"].as_str() {
            entries.push(("description".to_owned(), Node::Text(prose(text))));
        }
        Node::Map(entries)
    }

    /// A property of an object: its type, and `optional:` / `nullable:` as the spec says them.
    fn property(&mut self, property: &'a Value, required: bool) -> Node {
        let nullable = property["nullable"] == true
            || self.follow(property)["nullable"] == true
            || property["type"]
                .as_array()
                .is_some_and(|types| types.iter().any(|t| t == "null"));
        let Node::Map(mut entries) = self.schema(property) else {
            unreachable!("a type is a map")
        };
        let at = entries
            .iter()
            .position(|(key, _)| key == "description")
            .unwrap_or(entries.len());
        let mut flags = Vec::new();
        if !required {
            flags.push(("optional".to_owned(), Node::Scalar("true".to_owned())));
        }
        if nullable {
            flags.push(("nullable".to_owned(), Node::Scalar("true".to_owned())));
        }
        entries.splice(at..at, flags);
        // A referenced schema's own description is the schema's business.
        if component_name(property).is_some() {
            if let Some(text) = property["description"].as_str() {
                entries.push(("description".to_owned(), Node::Text(prose(text))));
            }
        }
        Node::Map(entries)
    }

    /// The name to `ref:` for the official component `name`: the spec's schema of that name,
    /// one of the same shape, or `name`, queued to be drafted under `schemas:`.
    fn reference(&mut self, name: &str) -> String {
        if self.spec.schemas.contains_key(name) {
            return name.to_owned();
        }
        let schema = &self.root["components"]["schemas"][name];
        if let Some(same) = self.same_shape(schema) {
            return same;
        }
        if !self.new_schemas.contains_key(name) && !self.pending.iter().any(|p| p == name) {
            self.new_schemas
                .insert(name.to_owned(), Node::Map(Vec::new()));
            self.pending.push(name.to_owned());
        }
        name.to_owned()
    }

    /// A schema of spec/ with the same shape as the official `schema` (an object with the
    /// same fields of the same types), if there is one.
    fn same_shape(&self, schema: &Value) -> Option<String> {
        if !schema["properties"].is_object() {
            return None;
        }
        let theirs = self.official_shape(schema, 0);
        self.spec
            .schemas
            .iter()
            .find(|(_, ours)| spec_shape(ours) == theirs)
            .map(|(name, _)| name.clone())
    }

    /// The shape of an official schema, as [`spec_shape`] writes the spec's.
    fn official_shape(&self, schema: &Value, depth: usize) -> String {
        if let Some(name) = component_name(schema) {
            if self.spec.schemas.contains_key(name) || depth > 0 {
                return format!("ref {name}");
            }
        }
        let schema = self.single_all_of(self.follow(schema));
        if let Some(properties) = schema["properties"].as_object() {
            let fields: BTreeMap<&str, String> = properties
                .iter()
                .map(|(name, property)| (name.as_str(), self.official_shape(property, depth + 1)))
                .collect();
            return format!("{fields:?}");
        }
        match schema["type"].as_str() {
            Some("array") => format!("[{}]", self.official_shape(&schema["items"], depth + 1)),
            Some("string") if schema["format"] == "date-time" => "date-time".to_owned(),
            Some(kind) => kind.to_owned(),
            None => "any".to_owned(),
        }
    }

    /// The schema inside an `allOf` of one.
    fn single_all_of(&self, schema: &'a Value) -> &'a Value {
        match schema["allOf"].as_array() {
            Some(all) if all.len() == 1 => &all[0],
            _ => schema,
        }
    }

    /// Whether a response schema is GitHub's `{}` (nothing to decode).
    fn is_empty_object(&self, schema: &Value) -> bool {
        component_name(schema) == Some("empty-object")
            || (schema["type"] == "object"
                && schema["properties"]
                    .as_object()
                    .is_none_or(|p| p.is_empty()))
    }

    /// The list field of a page `{total_count, <list>}`.
    fn list_field(&self, schema: &Value) -> Option<String> {
        let schema = self.follow(schema);
        let properties = schema["properties"].as_object()?;
        if !properties.contains_key("total_count") {
            return None;
        }
        let lists: Vec<&String> = properties
            .iter()
            .filter(|(_, property)| self.follow(property)["type"] == "array")
            .map(|(name, _)| name)
            .collect();
        match lists.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        }
    }

    /// `value` with a `$ref` (to a parameter, response, request body, schema) followed.
    fn follow(&self, value: &'a Value) -> &'a Value {
        let mut value = value;
        for _ in 0..8 {
            let Some(pointer) = value["$ref"].as_str() else {
                return value;
            };
            match self.root.pointer(pointer.trim_start_matches('#')) {
                Some(target) => value = target,
                None => return value,
            }
        }
        value
    }
}

/// The name of the component schema `schema` references, if it is a `$ref` to one.
fn component_name(schema: &Value) -> Option<&str> {
    schema["$ref"]
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

/// The shape of a spec schema (its YAML): field names and types, references by name.
fn spec_shape(schema: &serde_yaml::Value) -> String {
    if let Some(name) = schema["ref"].as_str() {
        return format!("ref {name}");
    }
    if let Some(properties) = schema["properties"].as_mapping() {
        let fields: BTreeMap<&str, String> = properties
            .iter()
            .filter_map(|(name, property)| Some((name.as_str()?, spec_shape(property))))
            .collect();
        return format!("{fields:?}");
    }
    match schema["type"].as_str() {
        Some("array") => format!("[{}]", spec_shape(&schema["items"])),
        Some("string") if schema["format"].as_str() == Some("date-time") => "date-time".to_owned(),
        Some("map") => "object".to_owned(),
        Some(kind) => kind.to_owned(),
        None => "any".to_owned(),
    }
}

/// The official example of a media type: `example`, or the first of `examples` (followed).
fn example<'a>(root: &'a Value, media: &'a Value) -> Option<&'a Value> {
    if let Some(example) = media.get("example") {
        return Some(example).filter(|value| !value.is_null());
    }
    let first = media["examples"].as_object()?.values().next()?;
    let first = match first["$ref"].as_str() {
        Some(pointer) => root.pointer(pointer.trim_start_matches('#'))?,
        None => first,
    };
    first.get("value").filter(|value| !value.is_null())
}

/// The `outcome:` of a success among several: what its description says happened.
fn outcome(status: &str, response: &Value) -> String {
    let text = response["description"]
        .as_str()
        .unwrap_or("")
        .to_lowercase();
    if text.contains("creat") {
        "created".to_owned()
    } else if text.contains("updat") {
        "updated".to_owned()
    } else {
        format!("status-{status}")
    }
}
