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
//!
//! What codegen would refuse is settled here, so that the draft is a spec file codegen accepts
//! as it is, beside `spec/`, without a warning:
//! - operation names follow [`crate::naming`] (`repos/get` → `get-repo`, a name `spec/` has
//!   → qualified by the category);
//! - prose is plain Markdown ([`crate::markdown`]): one paragraph is a folded `>-` scalar,
//!   several (or a list) a literal `|-` block;
//! - a property or parameter without a description takes its schema's `title` or the
//!   description of the schema it references, where the official description has one;
//! - one concept is one type (codegen's same-values lint): an enum with the values of a named
//!   enum of `spec/` is `ref:` to it, and an enum the draft writes in several places is named
//!   once under `schemas:` and `ref:`ed from each (`name_repeated_enums`);
//! - an integer id whose kind has a newtype in `spec/` (`repository.id`, `head_repository_id`)
//!   is `ref:` to it, as codegen's id lint reads the name (`Drafter::newtype_id`);
//! - a 3xx status beside a 2xx success is left out, with a comment saying why (the client's
//!   `send()` reports it as an unexpected response; `304` is its cache's business);
//! - an official example that does not match its own schema is kept, commented out, under a
//!   comment naming each mismatch, for a person to decide which of the two is wrong.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::SourceFile;
use serde_json::Value;

use crate::audit::{ensure_npm_packages, DESCRIPTION};
use crate::markdown;
use crate::naming::{self, path_shape};

/// The longest line the draft aims for (a URL or a long example string may be longer).
const WIDTH: usize = 100;

/// The start of the comment over an official example that does not match its schema.
pub const BROKEN_EXAMPLE: &str = "The official example below does not match its own schema";

/// The comment after a description the draft made up.
pub const GUESSED: &str = "guessed from the name: check it";

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
    let guessed = yaml.matches(GUESSED).count();
    let set_aside = yaml.matches(BROKEN_EXAMPLE).count();
    let notes = format!(
        "{guessed} description(s) guessed from field names (marked `# {GUESSED}`), \
         {set_aside} official example(s) commented out for not matching their schema"
    );
    let verdict = match check_draft(&spec, &yaml) {
        Ok(warnings) if warnings.is_empty() => {
            "codegen accepts it beside spec/ as it is (0 errors, 0 warnings)".to_owned()
        }
        Ok(warnings) => format!("codegen accepts it beside spec/, with warnings:\n{warnings}"),
        Err(errors) => format!("codegen refuses it beside spec/ as it is:\n{errors}"),
    };
    match out {
        None => {
            eprintln!("draft: {verdict}; {notes}");
            Ok(yaml.trim_end().to_owned())
        }
        Some(out) => {
            if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            fs::write(&out, &yaml).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            Ok(format!(
                "draft: {} operation(s) written to {}; {verdict}; {notes}\n\
                 edit it, move the operations into spec/, then run `cargo xtask codegen` and \
                 `cargo xtask audit`",
                names.len(),
                out.display()
            ))
        }
    }
}

/// Checks a draft as codegen checks it beside the spec it was drafted against (file name
/// `draft.yaml`): its warnings, or every error.
pub fn check_draft(spec: &Spec, draft: &str) -> Result<codegen::Warnings, codegen::Diagnostics> {
    let mut sources = spec.sources.clone();
    sources.push(SourceFile {
        name: DRAFT_FILE.to_owned(),
        text: draft.to_owned(),
    });
    codegen::generate(sources).map(|generated| generated.warnings)
}

/// The name a draft has when it is checked beside the spec.
const DRAFT_FILE: &str = "draft.yaml";

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
    // The file, and its folders, may not exist yet: canonicalize the nearest that does.
    let mut parent = absolute.parent().unwrap_or(Path::new("/"));
    let mut missing = Vec::new();
    while !parent.exists() {
        missing.push(parent.file_name().unwrap_or_default().to_owned());
        parent = parent.parent().unwrap_or(Path::new("/"));
    }
    let mut parent = fs::canonicalize(parent).unwrap_or_else(|_| parent.to_owned());
    parent.extend(missing.iter().rev());
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
    /// The values of each named string enum schema, sorted → its name: a drafted enum of
    /// these values `ref:`s it.
    enums: BTreeMap<Vec<String>, String>,
    /// The newtype schemas (`run-id`, `repository-id`): an integer id of their kind `ref:`s
    /// them.
    newtypes: BTreeSet<String>,
    /// Operation names.
    names: BTreeSet<String>,
    /// `METHOD path` of each operation, parameter names left out (`GET /repos/{}/{}`).
    endpoints: BTreeSet<String>,
    /// The files, to check a draft beside them.
    sources: Vec<SourceFile>,
}

impl Spec {
    /// Reads every `*.yaml` of a spec directory.
    pub fn read(dir: &Path) -> Result<Self, String> {
        let root = dir.parent().unwrap_or(dir);
        let sources = crate::codegen::read_spec(root, dir)?;
        let texts: Vec<(String, String)> = sources
            .into_iter()
            .map(|source| (source.name, source.text))
            .collect();
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
                        if let Some(values) = spec_enum(schema) {
                            spec.enums.entry(values).or_insert_with(|| key.to_owned());
                        }
                        if schema["newtype"].as_bool() == Some(true) {
                            spec.newtypes.insert(key.to_owned());
                        }
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
                    spec.names.insert(name.to_owned());
                }
                if let (Some(method), Some(path)) =
                    (operation["method"].as_str(), operation["path"].as_str())
                {
                    spec.endpoints.insert(endpoint(method, path));
                }
            }
            spec.sources.push(SourceFile {
                name: name.clone(),
                text: text.clone(),
            });
        }
        Ok(spec)
    }
}

/// An operation's `METHOD path`, parameter names left out: what tells two operations apart.
fn endpoint(method: &str, path: &str) -> String {
    format!("{} {}", method.to_uppercase(), path_shape(path))
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
        examples: 0,
        nouns: Vec::new(),
        named: None,
    };
    let mut operations = Vec::new();
    let mut docs_page = None;
    let mut taken: BTreeSet<String> = spec.names.clone();
    for name in names {
        let (method, path, official) = find_operation(description, name)?;
        let id = official["operationId"].as_str().unwrap_or("?");
        let endpoint = endpoint(method, path);
        if spec.endpoints.contains(&endpoint) {
            return Err(format!(
                "`{id}` ({} {path}) is in spec/ already; the draft is for operations it lacks",
                method.to_uppercase()
            ));
        }
        let subcategory = official["x-github"]["subcategory"].as_str();
        let mut short = naming::operation_name(id, subcategory);
        if taken.contains(&short) {
            short = naming::qualified_name(id, subcategory);
        }
        if !taken.insert(short.clone()) {
            return Err(format!(
                "`{id}` would be named `{short}`, which another operation has; draft it alone \
                 and rename it"
            ));
        }
        drafter.nouns = vec![short.clone()];
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
        drafter.nouns = vec![name.clone()];
        drafter.named = Some(name.clone());
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
    // One concept, one type: an enum the draft repeats is named once.
    name_repeated_enums(spec, &mut drafter.new_schemas, &mut operations);
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

    // Examples that do not match their own schema are kept, commented out, with the reason:
    // codegen finds them (a second round only if one example hid another's problem).
    let mut broken: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    loop {
        let (text, spans) = render(&file, &broken);
        let Err(diagnostics) = check_examples(spec, &text) else {
            return Ok(text);
        };
        let mut found = false;
        for diagnostic in diagnostics {
            let Some(problem) = diagnostic
                .message
                .strip_prefix("example does not match its type: ")
            else {
                continue;
            };
            let span = spans
                .iter()
                .find(|(_, first, last)| (*first..=*last).contains(&diagnostic.line));
            if let Some((id, _, _)) = span {
                let problems = broken.entry(*id).or_default();
                if !problems.iter().any(|known| known == problem) {
                    problems.push(problem.to_owned());
                    found = true;
                }
            }
        }
        if !found {
            // Nothing more to set aside: the draft is what it is; `run` shows codegen's verdict.
            return Ok(text);
        }
    }
}

/// Names each string enum that the draft writes inline in more than one place (or inline and
/// as a schema of its own) once under `schemas:`, and `ref:`s it from every place: one type,
/// as codegen's lint asks. A new name is the first place's property or parameter name
/// (`state`), qualified by the names around it while spec/ or the draft has that name
/// (`advanced-security-status`); an enum GitHub names (a component `$ref`) is drafted under
/// that name already, and the inline ones `ref:` it.
fn name_repeated_enums(spec: &Spec, schemas: &mut BTreeMap<String, Node>, operations: &mut [Node]) {
    /// A place the draft writes an enum.
    struct Place {
        /// Its values, as [`enum_key`] gives them.
        key: Vec<String>,
        /// The names of the properties and parameters around it, innermost last.
        path: Vec<String>,
        /// Its `enum:` list, as written.
        values: Node,
        description: Option<Node>,
        /// The schema's name, where it is a schema of its own.
        own: Option<String>,
    }
    // In the order of the file: schemas first.
    let mut places: Vec<Place> = Vec::new();
    let mut record = |entries: &mut Vec<(String, Node)>, path: &[String], own: Option<&str>| {
        let Some(key) = inline_enum(entries) else {
            return;
        };
        let field = |key: &str| {
            entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, node)| node.clone())
        };
        places.push(Place {
            key,
            path: path.to_vec(),
            values: field("enum").unwrap_or(Node::List(Vec::new())),
            description: field("description"),
            own: own.map(str::to_owned),
        });
    };
    for (name, schema) in schemas.iter_mut() {
        if let Node::Map(entries) = schema {
            record(entries, std::slice::from_ref(name), Some(name));
        }
        visit_types(schema, &mut vec![name.clone()], &mut |entries, path| {
            record(entries, path, None)
        });
    }
    for operation in operations.iter_mut() {
        visit_types(operation, &mut Vec::new(), &mut |entries, path| {
            record(entries, path, None)
        });
    }

    let mut taken: BTreeSet<String> = spec.schemas.keys().cloned().collect();
    taken.extend(schemas.keys().cloned());
    let mut named: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let mut added = Vec::new();
    for place in &places {
        if named.contains_key(&place.key) {
            continue;
        }
        let same: Vec<&Place> = places
            .iter()
            .filter(|other| other.key == place.key)
            .collect();
        if same.len() < 2 {
            continue;
        }
        if let Some(own) = same.iter().find_map(|other| other.own.as_ref()) {
            named.insert(place.key.clone(), own.clone());
            continue;
        }
        let name = enum_name(&place.path, &taken);
        taken.insert(name.clone());
        let description = place.description.clone().unwrap_or_else(|| {
            let values: Vec<String> = place.key.iter().map(|value| format!("`{value}`")).collect();
            Node::Guess(format!("One of {}.", values.join(", ")))
        });
        added.push((
            name.clone(),
            Node::Map(vec![
                ("description".to_owned(), description),
                ("type".to_owned(), Node::scalar("string")),
                ("enum".to_owned(), place.values.clone()),
            ]),
        ));
        named.insert(place.key.clone(), name);
    }
    if named.is_empty() {
        return;
    }
    let mut refer = |entries: &mut Vec<(String, Node)>, _: &[String]| {
        let Some(name) = inline_enum(entries).and_then(|key| named.get(&key)) else {
            return;
        };
        let at = entries.iter().position(|(k, _)| k == "type").unwrap_or(0);
        entries.retain(|(k, _)| !matches!(k.as_str(), "type" | "format" | "enum"));
        entries.insert(
            at.min(entries.len()),
            ("ref".to_owned(), Node::scalar(name)),
        );
    };
    for (name, schema) in schemas.iter_mut() {
        visit_types(schema, &mut vec![name.clone()], &mut refer);
    }
    for operation in operations.iter_mut() {
        visit_types(operation, &mut Vec::new(), &mut refer);
    }
    schemas.extend(added);
}

/// A mapping of the draft: its keys and values, in order.
type Entries = Vec<(String, Node)>;

/// Calls `f` on each type nested in `node` (a property, a parameter, an array's items, a
/// body…), not on `node` itself, with the names of the properties and parameters around it
/// (`path`, innermost last). Examples are data, not types: left alone.
fn visit_types(
    node: &mut Node,
    path: &mut Vec<String>,
    f: &mut dyn FnMut(&mut Entries, &[String]),
) {
    match node {
        Node::Map(entries) => {
            for (key, child) in entries.iter_mut() {
                match (key.as_str(), child) {
                    ("properties", Node::Map(properties)) => {
                        for (name, property) in properties.iter_mut() {
                            path.push(unquote(name));
                            if let Node::Map(entries) = property {
                                f(entries, path);
                            }
                            visit_types(property, path, f);
                            path.pop();
                        }
                    }
                    ("parameters", Node::List(parameters)) => {
                        for parameter in parameters.iter_mut() {
                            let Node::Map(entries) = parameter else {
                                continue;
                            };
                            let name = entries.iter().find_map(|(k, node)| match node {
                                Node::Scalar(name) if k == "name" => Some(unquote(name)),
                                _ => None,
                            });
                            path.push(name.unwrap_or_default());
                            f(entries, path);
                            path.pop();
                        }
                    }
                    (_, Node::Example(..)) => {}
                    (_, child @ Node::Map(_)) => {
                        if let Node::Map(entries) = child {
                            f(entries, path);
                        }
                        visit_types(child, path, f);
                    }
                    (_, child @ Node::List(_)) => visit_types(child, path, f),
                    _ => {}
                }
            }
        }
        Node::List(items) => {
            for item in items.iter_mut() {
                visit_types(item, path, f);
            }
        }
        _ => {}
    }
}

/// The values of a type written as an inline string enum, as [`enum_key`] gives them.
fn inline_enum(entries: &[(String, Node)]) -> Option<Vec<String>> {
    let field = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, node)| node);
    match (field("type"), field("enum")) {
        (Some(Node::Scalar(kind)), Some(Node::List(values))) if kind == "string" => {
            Some(enum_key(values.iter().filter_map(|value| match value {
                Node::Scalar(text) => Some(unquote(text)),
                _ => None,
            })))
        }
        _ => None,
    }
}

/// A scalar as the draft writes it ([`yaml_string`]), read back.
fn unquote(text: &str) -> String {
    serde_yaml::from_str::<String>(text).unwrap_or_else(|_| text.to_owned())
}

/// A schema name for an enum first written at `path` (the names around it, innermost last)
/// that `taken` does not have: the innermost name, qualified by the next ones out while it is
/// taken (`status`, `advanced-security-status`).
fn enum_name(path: &[String], taken: &BTreeSet<String>) -> String {
    let kebab = |name: &str| {
        name.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>()
            .join("-")
    };
    let mut name = String::new();
    for part in path.iter().rev() {
        let part = kebab(part);
        if part.is_empty() {
            continue;
        }
        name = if name.is_empty() {
            part
        } else {
            format!("{part}-{name}")
        };
        if !taken.contains(&name) {
            return name;
        }
    }
    let stem = if name.is_empty() {
        "values".to_owned()
    } else {
        name
    };
    (2..)
        .map(|n| format!("{stem}-{n}"))
        .find(|name| !taken.contains(name))
        .expect("a free name")
}

/// The errors codegen finds in a draft beside the spec, if any.
fn check_examples(spec: &Spec, draft: &str) -> Result<(), Vec<codegen::Diagnostic>> {
    let mut sources = spec.sources.clone();
    sources.push(SourceFile {
        name: DRAFT_FILE.to_owned(),
        text: draft.to_owned(),
    });
    match codegen::check(sources) {
        Ok(_) => Ok(()),
        Err(diagnostics) => Err(diagnostics
            .0
            .into_iter()
            .filter(|diagnostic| diagnostic.file == DRAFT_FILE)
            .collect()),
    }
}

/// The draft's text, with the examples in `broken` commented out, and where each example is
/// (id, first line, last line).
fn render(
    file: &[(String, Node)],
    broken: &BTreeMap<usize, Vec<String>>,
) -> (String, Vec<(usize, usize, usize)>) {
    let mut writer = Writer {
        out: String::from(
            "# A draft by `cargo xtask draft` from GitHub's official OpenAPI description, for a person\n\
             # to edit: names, docs text, access notes, examples. Move the operations (and the schemas\n\
             # they need) into the right spec/ file, then run `cargo xtask codegen` and\n\
             # `cargo xtask audit`.\n",
        ),
        broken,
        spans: Vec::new(),
    };
    writer.map(file, 0);
    (writer.out, writer.spans)
}

/// The official operation named `name` (`CATEGORY/NAME`, or `NAME` when one category has
/// it): its method, path and object.
fn find_operation<'a>(
    description: &'a Value,
    name: &str,
) -> Result<(&'a str, &'a str, &'a Value), String> {
    let mut found = Vec::new();
    let paths = description["paths"].as_object().into_iter().flatten();
    for (path, item) in paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            if id == name {
                return Ok((method, path, operation));
            }
            if id.split_once('/').is_some_and(|(_, short)| short == name) {
                found.push((id, (method.as_str(), path.as_str(), operation)));
            }
        }
    }
    match found.as_slice() {
        [(_, one)] => Ok(*one),
        [] => Err(format!(
            "`{name}` is not an operation of the official description ({DESCRIPTION}); \
             give its operationId, e.g. `get-actions-cache-usage` or `actions/get-actions-cache-usage`"
        )),
        several => {
            let ids: Vec<&str> = several.iter().map(|(id, _)| *id).collect();
            Err(format!(
                "`{name}` names {} operations of the official description ({}); give one \
                 with its category",
                ids.len(),
                ids.join(", ")
            ))
        }
    }
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
    /// Prose (Markdown): plain when it fits on the line, else a folded block (`>-`) for one
    /// paragraph, a literal block (`|-`) for several.
    Text(String),
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
    /// A comment line in a mapping (its key is not written).
    Comment(String),
    /// An official example (numbered), checked against its type before the draft is shown.
    Example(usize, Box<Node>),
    /// A description the draft made up from a field's name and place, marked as such.
    Guess(String),
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

/// Writes the draft's YAML, noting where each example is.
struct Writer<'a> {
    out: String,
    /// Examples that do not match their type, by number: what codegen said of each.
    broken: &'a BTreeMap<usize, Vec<String>>,
    /// (example number, first line, last line) of each example written.
    spans: Vec<(usize, usize, usize)>,
}

impl Writer<'_> {
    /// Writes `entries` as a block mapping at `indent`.
    fn map(&mut self, entries: &[(String, Node)], indent: usize) {
        let pad = " ".repeat(indent);
        for (key, node) in entries {
            if let Node::Comment(text) = node {
                self.comment(text, indent);
                continue;
            }
            self.entry(&format!("{pad}{key}:"), node, indent);
        }
    }

    /// A comment at `indent`, wrapped.
    fn comment(&mut self, text: &str, indent: usize) {
        let pad = format!("{}# ", " ".repeat(indent));
        // A list item's further lines go under its text.
        let under = if text.starts_with("- ") { "  " } else { "" };
        for (index, line) in wrap(text, 0, WIDTH - pad.len() - under.len())
            .lines()
            .enumerate()
        {
            let under = if index == 0 { "" } else { under };
            let _ = writeln!(self.out, "{pad}{under}{line}");
        }
    }

    /// Writes `node` after `lead` (`key:` or `-` with its indentation); its nested lines at
    /// `indent + 2`.
    fn entry(&mut self, lead: &str, node: &Node, indent: usize) {
        match node {
            Node::Scalar(text) => {
                let _ = writeln!(self.out, "{lead} {text}");
            }
            Node::Text(text) => self.text(lead, text, indent),
            Node::Guess(text) => {
                let _ = writeln!(self.out, "{lead} {}  # {GUESSED}", yaml_string(text));
            }
            Node::Comment(text) => self.comment(text, indent),
            Node::Example(id, example) => self.example(*id, lead, example, indent),
            Node::Map(entries) if entries.is_empty() => {
                let _ = writeln!(self.out, "{lead} {{}}");
            }
            Node::List(items) if items.is_empty() => {
                let _ = writeln!(self.out, "{lead} []");
            }
            Node::Map(entries) => {
                let _ = writeln!(self.out, "{lead}");
                self.map(entries, indent + 2);
            }
            Node::List(items) => {
                let _ = writeln!(self.out, "{lead}");
                self.list(items, indent + 2);
            }
        }
    }

    /// Prose: plain, folded or literal (see [`Node::Text`]).
    fn text(&mut self, lead: &str, text: &str, indent: usize) {
        let plain = yaml_string(text);
        if lead.len() + 1 + plain.len() <= WIDTH && plain == *text {
            let _ = writeln!(self.out, "{lead} {text}");
        } else if !text.contains('\n') {
            let _ = writeln!(self.out, "{lead} >-");
            self.out.push_str(&wrap(text, indent + 2, WIDTH));
        } else {
            let _ = writeln!(self.out, "{lead} |-");
            self.out.push_str(&literal(text, indent + 2));
        }
    }

    /// An example: as it is, or, when it does not match its type, commented out under the
    /// reasons.
    fn example(&mut self, id: usize, lead: &str, example: &Node, indent: usize) {
        let Some(problems) = self.broken.get(&id) else {
            let first = self.out.matches('\n').count() + 1;
            self.entry(lead, example, indent);
            let last = self.out.matches('\n').count();
            self.spans.push((id, first, last));
            return;
        };
        self.comment(
            &format!(
                "{BROKEN_EXAMPLE}, so it is commented out: correct the example or the schema \
                 (whichever GitHub's answers prove wrong), then uncomment it. Codegen says:"
            ),
            indent,
        );
        const SHOWN: usize = 12;
        for problem in problems.iter().take(SHOWN) {
            self.comment(&format!("- {problem}"), indent);
        }
        if problems.len() > SHOWN {
            self.comment(&format!("- and {} more", problems.len() - SHOWN), indent);
        }
        let mut inner = Writer {
            out: String::new(),
            broken: self.broken,
            spans: Vec::new(),
        };
        inner.entry(lead, example, indent);
        let pad = " ".repeat(indent);
        for line in inner.out.lines() {
            let rest = line.strip_prefix(&pad).unwrap_or(line);
            let _ = writeln!(self.out, "{pad}# {rest}");
        }
    }

    /// Writes `items` as a block sequence at `indent`.
    fn list(&mut self, items: &[Node], indent: usize) {
        let pad = " ".repeat(indent);
        for item in items {
            match item {
                Node::Map(entries) if !entries.is_empty() => {
                    // The first entry on the `- ` line, the others under it.
                    let (key, node) = &entries[0];
                    self.entry(&format!("{pad}- {key}:"), node, indent + 2);
                    self.map(&entries[1..], indent + 2);
                }
                Node::List(items) if !items.is_empty() => {
                    let _ = writeln!(self.out, "{pad}-");
                    self.list(items, indent + 2);
                }
                other => self.entry(&format!("{pad}-"), other, indent),
            }
        }
    }
}

/// `text` as the lines of a folded block at `indent`, each at most `width` columns.
fn wrap(text: &str, indent: usize, width: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent + line.len() + 1 + word.len() > width {
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

/// Markdown of several lines as the lines of a literal block at `indent`: paragraphs and list
/// items wrapped at [`WIDTH`] (a list item's further lines under its text), code blocks,
/// headings and table rows as they are.
fn literal(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut in_fence = false;
    for line in text.lines() {
        let fence = line.trim_start().starts_with("```");
        if line.is_empty() {
            out.push('\n');
        } else if in_fence || fence || markdown::is_verbatim(line) {
            let _ = writeln!(out, "{pad}{line}");
        } else if let Some(marker) = markdown::list_marker(line) {
            let wrapped = wrap(&line[marker.len()..], indent + marker.len(), WIDTH);
            let under = " ".repeat(indent + marker.len());
            let mut lines = wrapped.lines();
            if let Some(first) = lines.next() {
                let _ = writeln!(out, "{pad}{marker}{}", first.trim_start());
            }
            for more in lines {
                let _ = writeln!(out, "{under}{}", more.trim_start());
            }
        } else {
            out.push_str(&wrap(line, indent, WIDTH));
        }
        in_fence ^= fence;
    }
    out
}

/// Short official prose (a response's description) as one line of plain Markdown.
fn prose(text: &str) -> String {
    markdown::plain(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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
    /// How many examples are drafted so far (each gets its number).
    examples: usize,
    /// What is being drafted, innermost last (`pull-request-simple`, `head`): the object a
    /// guessed description speaks of.
    nouns: Vec<String>,
    /// The name of the schema of the description that [`Drafter::schema`] drafts next, when
    /// it drafts one under `schemas:` (its `id` may be the id of a newtype).
    named: Option<String>,
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
        let text = markdown::plain(official["description"].as_str().unwrap_or(""));
        let (mut about, mut access) = (Vec::new(), Vec::new());
        for block in text.split("\n\n").filter(|block| !block.is_empty()) {
            if is_access_note(block) && !about.is_empty() {
                access.push(block);
            } else {
                about.push(block);
            }
        }
        if about.is_empty() {
            // The summary says what it does, where there is nothing else.
            let summary = official["summary"].as_str().unwrap_or(name);
            about.push(summary);
        }
        entries.push(("description".to_owned(), Node::Text(about.join("\n\n"))));
        if !access.is_empty() {
            entries.push(("access".to_owned(), Node::Text(access.join("\n\n"))));
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

        let mut parameters: Vec<Node> = official["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|parameter| self.parameter(self.follow(parameter)))
            .collect();
        // A parameter named like a field of the body (`{name}` in the path of a variable, and
        // the `name` that renames it) gets a Rust name of its own, as spec/ names them.
        let body_schema = self.follow(
            &self.follow(&official["requestBody"])["content"]["application/json"]["schema"],
        );
        let body_schema = self.follow(self.single_all_of(body_schema));
        let body_fields: BTreeSet<&str> = body_schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, _)| name.as_str())
            .collect();
        for parameter in &mut parameters {
            let Node::Map(entries) = parameter else {
                continue;
            };
            let field = |key: &str| {
                entries.iter().find_map(|(k, node)| match node {
                    Node::Scalar(text) if k == key => Some(text.clone()),
                    _ => None,
                })
            };
            let (Some(name), Some(location)) = (field("name"), field("in")) else {
                continue;
            };
            if body_fields.contains(name.as_str()) {
                let rust_name = match location.as_str() {
                    "path" => {
                        // The thing the path names: the segment before the parameter.
                        let before = path
                            .split(&format!("{{{name}}}"))
                            .next()
                            .unwrap_or("")
                            .trim_end_matches('/')
                            .rsplit('/')
                            .next()
                            .unwrap_or("");
                        let thing = before.strip_suffix('s').unwrap_or(before);
                        format!("{}_{name}", thing.replace('-', "_"))
                    }
                    "query" => format!("{name}_filter"),
                    other => format!("{name}_{other}"),
                };
                entries.insert(1, ("rust_name".to_owned(), Node::scalar(rust_name)));
            }
        }
        if !parameters.is_empty() {
            entries.push(("parameters".to_owned(), Node::List(parameters)));
        }

        let body = &self.follow(&official["requestBody"])["content"]["application/json"];
        if body.is_object() {
            entries.push(("request_body".to_owned(), self.schema(&body["schema"])));
            if let Some(example) = example(self.root, body) {
                let example = self.example(example);
                entries.push(("request_example".to_owned(), example));
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
        let has_2xx = official["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .any(|(status, _)| status.starts_with('2'));
        for (status, response) in statuses {
            let response = self.follow(response);
            let text = prose(response["description"].as_str().unwrap_or("Response"));
            if status.starts_with('3') && has_2xx {
                // Codegen takes every 2xx and 3xx status for a success of its own, to be named
                // with `outcome:`; these are not what a caller asks for.
                let why = if status == "304" {
                    "the client's conditional requests answer it from its cache".to_owned()
                } else {
                    "beside the 2xx success, the client's `send()` reports it as an unexpected \
                     response"
                        .to_owned()
                };
                responses.push((
                    String::new(),
                    Node::Comment(format!("{status} ({text}) is left out: {why}.")),
                ));
                continue;
            }
            let mut fields = vec![("description".to_owned(), Node::scalar(text))];
            let content = &response["content"]["application/json"];
            let schema = &content["schema"];
            let success = status.starts_with('2');
            if success && schema.is_object() && !self.is_empty_object(schema) {
                // A page: the list wrapper of an operation that takes `page` (the same
                // wrapper elsewhere is the whole list).
                let paged =
                    official["parameters"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|parameter| {
                            let parameter = self.follow(parameter);
                            parameter["name"] == "page" && parameter["in"] == "query"
                        });
                if let Some(items) = self.list_field(schema).filter(|_| paged) {
                    pagination = Some(items);
                }
                fields.push(("body".to_owned(), self.schema(schema)));
                if let Some(example) = example(self.root, content) {
                    fields.push(("example".to_owned(), self.example(example)));
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
        if let Node::Map(mut ty) = self.schema(schema) {
            self.newtype_id(&mut ty, name, None);
            // A parameter's type is plain: no description of its own, no object.
            entries.extend(ty.into_iter().filter(|(key, _)| key != "description"));
        }
        if location != "path" && official["required"] == true {
            entries.push(("required".to_owned(), Node::Scalar("true".to_owned())));
        }
        if let Some(default) = schema.get("default") {
            entries.push(("default".to_owned(), Node::json(default)));
        }
        match self.description_of(official, schema) {
            Some(text) => entries.push(("description".to_owned(), Node::Text(text))),
            None => {
                let guess = guess_description(name, schema, "");
                entries.push(("description".to_owned(), Node::Guess(guess)));
            }
        }
        Node::Map(entries)
    }

    /// An official example, numbered for the check of [`draft`].
    fn example(&mut self, value: &Value) -> Node {
        self.examples += 1;
        Node::Example(self.examples, Box::new(Node::json(value)))
    }

    /// The description of a parameter or property: its own; else its schema's `title`, or the
    /// description or title of the schema it references (what the description says of it),
    /// as plain Markdown.
    fn description_of(&self, official: &Value, schema: &Value) -> Option<String> {
        let text = [official, schema, self.follow(official)]
            .into_iter()
            .flat_map(|value| [&value["description"], &value["title"]])
            .find_map(|text| text.as_str().filter(|text| !text.trim().is_empty()))?;
        Some(markdown::plain(text))
    }

    /// A type: `ref:` to a schema of spec/ (by name, or by shape), or to one the draft adds,
    /// or the type inline.
    fn schema(&mut self, schema: &'a Value) -> Node {
        let owner = self.named.take();
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
                    let fields: BTreeSet<&str> = schema["properties"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(name, _)| name.as_str())
                        .collect();
                    let page_items = self.list_field(schema);
                    let mut properties = Vec::new();
                    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                        self.nouns.push(name.clone());
                        let mut node = self.property(property, required.contains(name.as_str()));
                        self.nouns.pop();
                        if let Node::Map(entries) = &mut node {
                            self.newtype_id(entries, name, owner.as_deref());
                        }
                        if let Node::Map(entries) = &mut node {
                            if !entries.iter().any(|(key, _)| key == "description") {
                                let text = page_description(name, page_items.as_deref())
                                    .or_else(|| self.sibling_description(&fields, name));
                                let node = match text {
                                    Some(text) => Node::Text(text),
                                    None => Node::Guess(guess_description(
                                        name,
                                        self.follow(property),
                                        self.nouns.last().map_or("", String::as_str),
                                    )),
                                };
                                entries.push(("description".to_owned(), node));
                            }
                        }
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
                    // The values of a named enum of spec/: that type, not a second one.
                    if let Some(name) = self.spec_enum(schema) {
                        entries = vec![("ref".to_owned(), Node::scalar(name))];
                    }
                }
                _ => entries.push(("type".to_owned(), Node::scalar("any"))),
            }
        }
        if let Some(text) = schema["description"].as_str() {
            entries.push(("description".to_owned(), Node::Text(markdown::plain(text))));
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
        // Every property has a description: its own, else what the description has of it.
        if !entries.iter().any(|(key, _)| key == "description") {
            let schema = self.single_all_of(property);
            if let Some(text) = self.description_of(property, schema) {
                entries.push(("description".to_owned(), Node::Text(text)));
            }
        }
        Node::Map(entries)
    }

    /// The description of field `name` in the schema most like an object of `fields` (the most
    /// fields in common, at least five and half of the two objects' fields together) that
    /// describes it: a schema of spec/ first (curated), else one of the official description.
    /// The same field of the same kind of object (`full-repository` and spec/'s
    /// `minimal-repository`) means the same; a secret's `created_at` is not a variable's, though
    /// both have a `name`, a `created_at` and an `updated_at`.
    fn sibling_description(&self, fields: &BTreeSet<&str>, name: &str) -> Option<String> {
        // Shared fields against the union of both objects' fields (`theirs` of them).
        let enough = |shared: usize, theirs: usize| {
            shared >= 5 && shared * 2 >= theirs + fields.len() - shared
        };
        let mut best: Option<(usize, String)> = None;
        for schema in self.spec.schemas.values() {
            let Some(properties) = schema["properties"].as_mapping() else {
                continue;
            };
            let Some(text) = properties
                .get(name)
                .and_then(|property| property["description"].as_str())
            else {
                continue;
            };
            let shared = properties
                .keys()
                .filter_map(serde_yaml::Value::as_str)
                .filter(|key| fields.contains(key))
                .count();
            if enough(shared, properties.len())
                && best.as_ref().is_none_or(|(most, _)| shared > *most)
            {
                best = Some((shared, text.to_owned()));
            }
        }
        if let Some((_, text)) = best {
            return Some(markdown::plain(&text));
        }
        let schemas = self.root["components"]["schemas"].as_object();
        for schema in schemas.into_iter().flatten().map(|(_, schema)| schema) {
            let schema = self.single_all_of(schema);
            let Some(properties) = schema["properties"].as_object() else {
                continue;
            };
            let Some(text) = properties
                .get(name)
                .and_then(|property| property["description"].as_str())
            else {
                continue;
            };
            let shared = properties
                .keys()
                .filter(|key| fields.contains(key.as_str()))
                .count();
            if enough(shared, properties.len())
                && best.as_ref().is_none_or(|(most, _)| shared > *most)
            {
                best = Some((shared, text.to_owned()));
            }
        }
        best.map(|(_, text)| markdown::plain(&text))
    }

    /// The name to `ref:` for the official component `name`: the spec's schema of that name,
    /// one of the same shape, or `name`, queued to be drafted under `schemas:`.
    fn reference(&mut self, name: &str) -> String {
        if self.spec.schemas.contains_key(name) {
            return name.to_owned();
        }
        let schema = &self.root["components"]["schemas"][name];
        if let Some(same) = self.same_shape(schema).or_else(|| self.spec_enum(schema)) {
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

    /// Makes the integer type of a property or parameter `name` (of the schema `owner`, for a
    /// property of one) the newtype of spec/ whose id it is, as codegen's lint reads a name:
    /// `*_id` (`*_ids`, a list) by its longest suffix that names a newtype `…-id` schema
    /// (`head_repository_id` → `repository-id`), `id` of a schema `X` by `X-id`.
    fn newtype_id(&self, entries: &mut Entries, name: &str, owner: Option<&str>) {
        let kind = codegen::lower::id_kind(name, owner, |kind| self.spec.newtypes.contains(kind));
        let Some(kind) = kind else {
            return;
        };
        let is_integer = |entries: &Entries| {
            entries.iter().any(|(key, node)| {
                key == "type" && matches!(node, Node::Scalar(t) if t == "integer")
            })
        };
        let reference = |entries: &mut Entries| {
            if let Some(at) = entries.iter().position(|(key, _)| key == "type") {
                entries[at] = ("ref".to_owned(), Node::scalar(kind.as_str()));
                entries.retain(|(key, _)| key != "format" && key != "enum");
            }
        };
        if is_integer(entries) {
            reference(entries);
        } else if let Some((_, Node::Map(items))) =
            entries.iter_mut().find(|(key, _)| key == "items")
        {
            if is_integer(items) {
                reference(items);
            }
        }
    }

    /// The named enum schema of spec/ with the values of the official string enum `schema`,
    /// if there is one.
    fn spec_enum(&self, schema: &Value) -> Option<String> {
        if schema["type"] != "string" {
            return None;
        }
        let values = enum_key(
            schema["enum"]
                .as_array()?
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
        self.spec.enums.get(&values).cloned()
    }

    /// The schema inside an `allOf` (or a `oneOf`, an `anyOf`) of one.
    fn single_all_of(&self, schema: &'a Value) -> &'a Value {
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some([one]) = schema[key].as_array().map(Vec::as_slice) {
                return one;
            }
        }
        schema
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

/// The description of a field of a page of `items` (`{total_count, <items>}`), in spec/'s
/// words: "The total number of …, across all pages.", "The … on this page."
fn page_description(field: &str, items: Option<&str>) -> Option<String> {
    let items = items?;
    let words = items.replace('_', " ");
    match field {
        "total_count" => Some(format!("The total number of {words}, across all pages.")),
        _ if field == items => Some(format!("The {words} on this page.")),
        _ => None,
    }
}

/// A description made up from a field's name, its type and the object it is in (`noun`: a
/// schema or field name), for a field nothing describes: "When the pull request was merged.",
/// "The SHA of the pull request's merge commit.", "Whether the pull request is locked.". It
/// says a little more than the name alone, and the draft marks it ([`GUESSED`]) for a person
/// to check.
fn guess_description(field: &str, schema: &Value, noun: &str) -> String {
    const QUALIFIERS: [&str; 5] = ["simple", "nullable", "full", "minimal", "basic"];
    let words = |name: &str| -> String {
        name.split(['-', '_'])
            .filter(|word| !word.is_empty() && !QUALIFIERS.contains(word))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let object = match words(noun) {
        object if object.is_empty() => "resource".to_owned(),
        object => object,
    };
    match field {
        "id" => return format!("The id of the {object}."),
        "node_id" => return format!("The GraphQL node id of the {object}."),
        "url" => return format!("The API URL of the {object}."),
        "html_url" => return format!("The URL of the {object} on GitHub."),
        _ => {}
    }
    if let Some(what) = field.strip_suffix("_at") {
        format!("When the {object} was {}.", words(what))
    } else if let Some(what) = field.strip_suffix("_url") {
        format!("The URL of the {object}'s {}.", words(what))
    } else if let Some(what) = field.strip_suffix("_sha") {
        format!("The SHA of the {object}'s {}.", words(what))
    } else if let Some(what) = field.strip_suffix("_count") {
        format!("How many {} the {object} has.", words(what))
    } else if let Some(what) = field.strip_prefix("has_") {
        format!("Whether the {object} has {}.", words(what))
    } else if let Some(what) = field.strip_prefix("is_") {
        format!("Whether the {object} is {}.", words(what))
    } else if schema["type"] == "boolean" {
        format!("Whether the {object} is {}.", words(field))
    } else {
        format!("The {} of the {object}.", words(field))
    }
}

/// The name of the component schema `schema` references, if it is a `$ref` to one.
fn component_name(schema: &Value) -> Option<&str> {
    schema["$ref"]
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

/// The values of a string enum, as the lint compares them: sorted, each once.
fn enum_key(values: impl IntoIterator<Item = String>) -> Vec<String> {
    let values: BTreeSet<String> = values.into_iter().collect();
    values.into_iter().collect()
}

/// The values of a spec schema (its YAML) that is a string enum, as [`enum_key`] gives them.
fn spec_enum(schema: &serde_yaml::Value) -> Option<Vec<String>> {
    if schema["type"].as_str() != Some("string") {
        return None;
    }
    let values = schema["enum"].as_sequence()?;
    Some(enum_key(
        values
            .iter()
            .filter_map(|value| value.as_str().map(str::to_owned)),
    ))
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A spec with the named enum `direction` and the newtype `thing-id`.
    const SPEC: &str = "\
area: shared
title: Shared
docs_url: https://docs.github.com/en/rest/actions
description: Shared models.
schemas:
  direction:
    description: The direction to sort a list in.
    type: string
    enum: [asc, desc]
  thing-id:
    description: The id of a thing.
    type: integer
    newtype: true
";

    /// An official description with one operation, `things/list-things`, whose parameters
    /// and response body are `body` and `parameters`, and the component schemas `components`.
    fn description(parameters: Value, body: Value, components: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "paths": {"/things": {"get": {
                "operationId": "things/list-things",
                "summary": "List things",
                "description": "Lists things.",
                "externalDocs": {"url": "https://docs.github.com/rest/things#list-things"},
                "x-github": {"category": "things", "subcategory": "things"},
                "parameters": parameters,
                "responses": {"200": {
                    "description": "Response",
                    "content": {"application/json": {"schema": body}}
                }}
            }}},
            "components": {"schemas": components}
        })
    }

    /// The draft of `things/list-things`, after checking that codegen takes it beside `spec`
    /// without a warning.
    fn drafted(description: &Value) -> String {
        let spec = Spec::from_texts(&[("spec/shared.yaml".to_owned(), SPEC.to_owned())]).unwrap();
        let text = draft(&spec, description, None, &["things/list-things".to_owned()]).unwrap();
        let warnings =
            check_draft(&spec, &text).unwrap_or_else(|errors| panic!("{errors}\n{text}"));
        assert!(warnings.is_empty(), "{warnings}\n{text}");
        text
    }

    #[test]
    fn an_enum_with_the_values_of_a_named_enum_of_spec_refs_it() {
        let enumeration = json!({"type": "string", "enum": ["desc", "asc"]});
        let description = description(
            json!([{"name": "direction", "in": "query", "schema": enumeration,
                    "description": "The direction of the sort."}]),
            json!({"type": "object", "required": ["order"], "properties": {
                "order": {"type": "string", "enum": ["asc", "desc"], "description": "The order."},
                "sorting": {"$ref": "#/components/schemas/sort-direction"}
            }}),
            json!({"sort-direction": {"type": "string", "enum": ["asc", "desc", null]}}),
        );
        let text = drafted(&description);
        assert!(!text.contains("enum:"), "{text}");
        assert!(!text.contains("sort-direction"), "{text}");
        // Each place keeps its own description.
        assert!(
            text.contains("ref: direction\n        description: The direction of the sort.\n"),
            "{text}"
        );
        assert!(
            text.contains("ref: direction\n              description: The order.\n"),
            "{text}"
        );
        assert_eq!(text.matches("ref: direction").count(), 3, "{text}");
    }

    #[test]
    fn an_enum_the_draft_repeats_is_named_once_and_refed() {
        let switch = json!({"type": "string", "enum": ["enabled", "disabled"]});
        let feature = json!({"type": "object", "properties": {"status": switch}});
        let description = description(
            json!([{"name": "state", "in": "query", "description": "Only things in this state.",
                    "schema": {"type": "string", "enum": ["open", "closed"]}}]),
            json!({"type": "object", "required": ["state"], "properties": {
                "state": {"type": "string", "enum": ["closed", "open"],
                          "description": "The state of the thing."},
                "advanced_security": feature,
                "secret_scanning": feature,
                "visibility": {"$ref": "#/components/schemas/visibility"},
                "shown_to": {"type": "string", "enum": ["public", "private"],
                             "description": "Who sees the thing."}
            }}),
            json!({"visibility": {"type": "string", "enum": ["private", "public"],
                                  "description": "Who sees it."}}),
        );
        let text = drafted(&description);
        // The first place names it (the parameter `state`, a property `status`); an enum
        // GitHub names keeps its component name.
        assert!(
            text.contains(
                "  state:\n    description: Only things in this state.\n    type: string\n"
            ),
            "{text}"
        );
        assert!(text.contains("  status:\n"), "{text}");
        assert!(text.contains("  visibility:\n"), "{text}");
        assert_eq!(text.matches("enum:").count(), 3, "{text}");
        assert_eq!(text.matches("ref: state").count(), 2, "{text}");
        assert_eq!(text.matches("ref: status").count(), 2, "{text}");
        assert_eq!(text.matches("ref: visibility").count(), 2, "{text}");
        assert!(
            text.contains("ref: visibility\n              optional: true\n              description: Who sees the thing.\n"),
            "{text}"
        );
    }

    #[test]
    fn an_integer_id_of_a_newtype_of_spec_refs_it() {
        let description = description(
            json!([{"name": "parent_thing_id", "in": "query", "description": "The parent.",
                    "schema": {"type": "integer"}}]),
            json!({"type": "object", "required": ["things"], "properties": {
                "things": {"type": "array", "items": {"$ref": "#/components/schemas/thing"}},
                "thing_ids": {"type": "array", "items": {"type": "integer"},
                              "description": "The ids."}
            }}),
            json!({"thing": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "integer", "description": "The id."},
                "count": {"type": "integer", "description": "How many."}
            }}}),
        );
        let text = drafted(&description);
        assert_eq!(text.matches("ref: thing-id").count(), 3, "{text}");
        assert_eq!(text.matches("type: integer").count(), 1, "{text}");
    }

    #[test]
    fn a_repeated_enum_named_like_a_schema_is_qualified() {
        let taken: BTreeSet<String> = ["status".to_owned()].into();
        let path = [
            "repository".to_owned(),
            "advanced_security".to_owned(),
            "status".to_owned(),
        ];
        assert_eq!(enum_name(&path, &taken), "advanced-security-status");
        assert_eq!(enum_name(&path[2..], &taken), "status-2");
        assert_eq!(enum_name(&path[..2], &taken), "advanced-security");
    }
}
