//! `cargo xtask audit`: compare `spec/` with GitHub's official OpenAPI description.
//!
//! The curated spec is written by hand from docs pages; GitHub publishes a machine-readable
//! description of the same API (npm package `@octokit/openapi`, pinned in `tests/package.json`).
//! The audit matches operations by method and path and lists every difference: operations
//! missing or extra, parameters (name, location, required, type, enum values, default), request
//! body fields, response statuses, and schema fields (presence, type, required, nullable, enum
//! values), recursively through every schema the 64 operations reach.
//!
//! Each difference has an id, `WHERE | WHAT` (`workflow-run.status | enum values`). The
//! checked-in allowlist, [`ALLOWLIST`], names the differences that are on purpose, each entry
//! with the reason; the audit fails on any other difference, and on an allowlist entry that
//! matches nothing (so the list cannot go stale).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

use codegen::lower::ProblemKind;
use codegen::model::{
    Api, Operation, ParameterLocation, Schema, SchemaId, SchemaKind, StringFormat, Success, Type,
};
use serde::Deserialize;
use serde_json::Value;

use crate::naming::{self, path_shape};

#[path = "audit_examples.rs"]
pub mod examples;
#[path = "audit_webhooks.rs"]
mod webhooks;

/// The allowlist, relative to the workspace root.
pub const ALLOWLIST: &str = "xtask/audit-allowlist.yaml";
/// The npm project that pins the official description (and Prism).
pub const NPM_DIR: &str = "tests";
/// The official description of api.github.com, relative to the workspace root.
pub const DESCRIPTION: &str = "tests/node_modules/@octokit/openapi/generated/api.github.com.json";
/// The example webhook deliveries of `@octokit/webhooks-examples` (pinned beside it), relative
/// to the workspace root.
pub const WEBHOOK_EXAMPLES: &str =
    "tests/node_modules/@octokit/webhooks-examples/api.github.com/index.json";

/// One difference between the spec and the official description.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    /// Where: an operation (`list-workflow-runs`), a parameter (`list-workflow-runs ?status`),
    /// a response, or a schema field (`workflow-run.status`).
    pub location: String,
    /// What differs: `operation`, `field`, `type`, `required`, `nullable`, `enum values`, …
    pub aspect: String,
    /// What the spec says (`—` for nothing).
    pub spec: String,
    /// What the official description says (`—` for nothing).
    pub official: String,
}

impl Difference {
    /// The id allowlist entries match: `WHERE | WHAT`.
    pub fn id(&self) -> String {
        format!("{} | {}", self.location, self.aspect)
    }
}

/// An allowlist entry: which differences (ids, `*` matching any text) and why they are fine.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowEntry {
    /// One id pattern or several.
    #[serde(rename = "match")]
    pub patterns: Patterns,
    /// Why the difference is on purpose.
    pub why: String,
}

/// One pattern or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Patterns {
    One(String),
    Many(Vec<String>),
}

impl Patterns {
    fn iter(&self) -> impl Iterator<Item = &str> {
        let slice: &[String] = match self {
            Patterns::One(one) => std::slice::from_ref(one),
            Patterns::Many(many) => many,
        };
        slice.iter().map(String::as_str)
    }
}

/// The result of an audit.
#[derive(Debug)]
pub struct Report {
    /// `@octokit/openapi` version and the description's own.
    pub source: String,
    /// Operations in the spec, and how many the description has too.
    pub spec_operations: usize,
    pub matched_operations: usize,
    /// Operations of the Actions API (the `actions` category) in the description.
    pub actions_operations: usize,
    /// Official examples of success responses checked against the models.
    pub examples: usize,
    /// Every difference, sorted, with the index of the allowlist entry that covers it.
    pub differences: Vec<(Difference, Option<usize>)>,
    pub allowlist: Vec<AllowEntry>,
}

impl Report {
    /// Differences no allowlist entry covers.
    pub fn unexplained(&self) -> impl Iterator<Item = &Difference> {
        self.differences
            .iter()
            .filter(|(_, entry)| entry.is_none())
            .map(|(difference, _)| difference)
    }

    /// Allowlist entries that cover no difference (stale: delete them).
    pub fn unused_entries(&self) -> Vec<usize> {
        let used: BTreeSet<usize> = self.differences.iter().filter_map(|(_, e)| *e).collect();
        (0..self.allowlist.len())
            .filter(|index| !used.contains(index))
            .collect()
    }

    /// Whether the audit passes: every difference allowlisted, every entry used.
    pub fn passed(&self) -> bool {
        self.unexplained().next().is_none() && self.unused_entries().is_empty()
    }

    /// The readable report: a table of what is not allowlisted, then what is, by reason.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "audit: spec/ vs GitHub's official OpenAPI description ({})",
            self.source
        );
        let _ = writeln!(out, "  description: {DESCRIPTION}");
        let _ = writeln!(
            out,
            "  allowlist:   {ALLOWLIST} ({} entries)",
            self.allowlist.len()
        );
        let wrong = self.differences.iter();
        let wrong = wrong.filter(|(d, e)| d.aspect == examples::WRONG && e.is_some());
        let refused = self.differences.iter();
        let refused = refused.filter(|(d, _)| d.aspect == examples::REFUSED);
        let (wrong, refused) = (wrong.count(), refused.count());
        let _ = writeln!(
            out,
            "  GitHub's examples of success responses: {} checked, {} decode into the models, \
             {wrong} wrong by their own schema (allowlisted), {refused} refused by the models",
            self.examples,
            self.examples.saturating_sub(wrong + refused),
        );
        let unexplained: Vec<&Difference> = self.unexplained().collect();
        if !unexplained.is_empty() {
            let _ = writeln!(out, "\nNOT ALLOWLISTED ({}):", unexplained.len());
            out.push_str(&table(&unexplained, "  "));
            let _ = writeln!(
                out,
                "  fix spec/ where the official description is right (then `cargo xtask codegen`),\n  \
                 or add an entry with `match:` (the `WHERE | WHAT` id) and `why:` to {ALLOWLIST}"
            );
        }
        for (index, entry) in self.allowlist.iter().enumerate() {
            let covered: Vec<&Difference> = self
                .differences
                .iter()
                .filter(|(_, e)| *e == Some(index))
                .map(|(difference, _)| difference)
                .collect();
            if covered.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "\nallowlisted [{}] ({} differences), because:",
                index + 1,
                covered.len()
            );
            out.push_str(&wrap(entry.why.trim(), "  ", 96));
            out.push_str(&table(&covered, "  "));
        }
        let unused = self.unused_entries();
        if !unused.is_empty() {
            let _ = writeln!(
                out,
                "\nUNUSED ALLOWLIST ENTRIES (they match no difference; delete them):"
            );
            for index in &unused {
                let patterns: Vec<&str> = self.allowlist[*index].patterns.iter().collect();
                let _ = writeln!(out, "  [{}] {}", index + 1, patterns.join(", "));
            }
        }
        let allowed = self.differences.len() - unexplained.len();
        let _ = write!(
            out,
            "\naudit: {} of the description's {} Actions operations in the spec ({} of its {} found there); {} differences: {} allowlisted, {} not allowlisted; {} unused allowlist entries: {}",
            self.matched_operations,
            self.actions_operations,
            self.matched_operations,
            self.spec_operations,
            self.differences.len(),
            allowed,
            unexplained.len(),
            unused.len(),
            if self.passed() { "ok" } else { "FAILED" }
        );
        out
    }
}

/// `text` wrapped at `width` columns, each line indented.
fn wrap(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.len() + 1 + word.len() > width {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
    out
}

/// A plain text table of differences.
fn table(rows: &[&Difference], indent: &str) -> String {
    let headers = ["WHERE", "WHAT", "SPEC", "OFFICIAL"];
    let cells: Vec<[&str; 4]> = rows
        .iter()
        .map(|d| {
            [
                d.location.as_str(),
                d.aspect.as_str(),
                d.spec.as_str(),
                d.official.as_str(),
            ]
        })
        .collect();
    let mut widths = headers.map(str::len);
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |row: [&str; 4]| {
        let mut text = String::from(indent);
        for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
            if i + 1 == row.len() {
                text.push_str(cell);
            } else {
                let _ = write!(text, "{cell:<width$}  ");
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(headers);
    let rules = widths.map(|width| "-".repeat(width));
    line([&rules[0], &rules[1], &rules[2], &rules[3]]);
    for row in cells {
        line(row);
    }
    out
}

/// `cargo xtask audit`: the report, as the success or the failure message.
pub fn run(root: &Path) -> Result<String, String> {
    let report = audit(root)?;
    let text = report.render();
    if report.passed() {
        Ok(text)
    } else {
        Err(text)
    }
}

/// Runs the audit for the workspace at `root` (installing the npm packages first if needed).
pub fn audit(root: &Path) -> Result<Report, String> {
    ensure_npm_packages(root)?;
    let api = load_spec(root)?;
    let description_path = root.join(DESCRIPTION);
    let text = fs::read_to_string(&description_path)
        .map_err(|e| format!("cannot read {}: {e}", description_path.display()))?;
    let description: Value = serde_json::from_str(&text)
        .map_err(|e| format!("cannot parse {}: {e}", description_path.display()))?;
    let package_version = fs::read_to_string(
        root.join(NPM_DIR)
            .join("node_modules/@octokit/openapi/package.json"),
    )
    .ok()
    .and_then(|text| serde_json::from_str::<Value>(&text).ok())
    .and_then(|package| package["version"].as_str().map(str::to_owned))
    .unwrap_or_else(|| "unknown version".to_owned());
    let allowlist_path = root.join(ALLOWLIST);
    let allowlist_text = fs::read_to_string(&allowlist_path)
        .map_err(|e| format!("cannot read {}: {e}", allowlist_path.display()))?;
    let allowlist: Vec<AllowEntry> =
        serde_yaml::from_str::<Option<Vec<AllowEntry>>>(&allowlist_text)
            .map_err(|e| format!("{ALLOWLIST}: {e}"))?
            .unwrap_or_default();

    let (matched, differences, examples) = compare_counting_examples(&api, &description);
    let differences = differences
        .into_iter()
        .map(|difference| {
            let entry = covering_entry(&allowlist, &difference);
            (difference, entry)
        })
        .collect();
    Ok(Report {
        source: format!(
            "@octokit/openapi {package_version}, {}",
            description["info"]["title"].as_str().unwrap_or("?")
        ),
        spec_operations: api.operations.len(),
        matched_operations: matched,
        actions_operations: actions_operations(&description),
        examples,
        differences,
        allowlist,
    })
}

/// The allowlist entry that covers `difference`, if any. An official example that our model
/// refuses without being wrong by its own schema is the spec's fault: no entry covers it (see
/// [`examples`]).
pub fn covering_entry(allowlist: &[AllowEntry], difference: &Difference) -> Option<usize> {
    if difference.aspect == examples::REFUSED {
        return None;
    }
    let id = difference.id();
    allowlist
        .iter()
        .position(|entry| entry.patterns.iter().any(|p| glob_match(p, &id)))
}

/// Compares a checked spec with an OpenAPI description: how many of the spec's operations the
/// description has, and every difference, sorted.
pub fn compare(api: &Api, description: &Value) -> (usize, BTreeSet<Difference>) {
    let comparison = compare_counting_examples(api, description);
    (comparison.0, comparison.1)
}

/// [`compare`], plus how many official examples of success responses it checked against the
/// models (see [`examples`]).
pub fn compare_counting_examples(
    api: &Api,
    description: &Value,
) -> (usize, BTreeSet<Difference>, usize) {
    let mut auditor = Auditor {
        api,
        root: description,
        differences: BTreeSet::new(),
        visited: HashSet::new(),
        examples: 0,
    };
    let matched = auditor.operations();
    auditor.webhooks();
    (matched, auditor.differences, auditor.examples)
}

/// The spec's name of an official operation: its `operationId` without the prefix before `/`
/// (`actions/get-artifact`, and `oidc/…` for the OIDC operations of the same category).
pub fn spec_name(operation_id: &str) -> &str {
    operation_id
        .split_once('/')
        .map_or(operation_id, |(_, name)| name)
}

/// The parameter names of a path template, in order.
fn path_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// How many operations of the description belong to the Actions API (`x-github.category`).
fn actions_operations(description: &Value) -> usize {
    let paths = description["paths"].as_object().into_iter().flatten();
    paths
        .flat_map(|(_, item)| item.as_object().into_iter().flatten())
        .filter(|(_, operation)| operation["x-github"]["category"] == "actions")
        .count()
}

/// Runs `npm ci` in `tests/` when the pinned packages are not installed yet. One at a time:
/// tests on several threads need the packages at once, and two `npm ci` in one folder break
/// each other (`ENOTEMPTY`).
pub fn ensure_npm_packages(root: &Path) -> Result<(), String> {
    static INSTALLING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALLING.lock().unwrap_or_else(|e| e.into_inner());
    let npm_dir = root.join(NPM_DIR);
    let prism = npm_dir.join("node_modules/.bin/prism");
    let installed = [DESCRIPTION, WEBHOOK_EXAMPLES]
        .iter()
        .all(|f| root.join(f).is_file());
    if installed && prism.exists() {
        return Ok(());
    }
    let how = "install Node.js (20 or newer) and npm, then run `cd tests && npm ci`";
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&npm_dir)
        .output()
        .map_err(|e| format!("cannot run `npm ci` in {}: {e}; {how}", npm_dir.display()))?;
    if !output.status.success() {
        return Err(format!(
            "`npm ci` in {} failed ({}):\n{}{}\n{how}",
            npm_dir.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    if !root.join(DESCRIPTION).is_file() {
        return Err(format!(
            "`npm ci` ran but {DESCRIPTION} is still missing; check tests/package.json"
        ));
    }
    Ok(())
}

/// Loads and checks `spec/` (every `*.yaml`, in name order, as codegen reads it).
pub fn load_spec(root: &Path) -> Result<Api, String> {
    let sources = crate::codegen::read_spec(root, &root.join("spec"))?;
    codegen::check(sources).map_err(|diagnostics| diagnostics.to_string())
}

/// `*` matches any text (including none); everything else matches itself.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// A schema of the official description, with its `$ref`s followed.
#[derive(Clone)]
struct Official<'a> {
    value: &'a Value,
    /// Where it is (a JSON pointer), to compare each pair of schemas once.
    pointer: String,
    /// The last component name followed (`workflow-run`), for messages.
    name: Option<String>,
    /// `nullable: true` on it or on a reference on the way.
    nullable: bool,
}

/// What a schema is, on either side, reduced to what the audit compares.
enum Shape<'a> {
    Boolean,
    Integer,
    Number,
    String,
    DateTime,
    Any,
    Enum(BTreeSet<String>),
    Array(Item<'a>),
    Map,
    /// Fields: name → (schema, required).
    Object(Vec<(String, Field<'a>)>),
    OneOf(Vec<String>),
}

/// An array's items: our type or the official schema.
enum Item<'a> {
    Ours(Type),
    Official(Official<'a>),
}

/// A field, on either side.
enum Field<'a> {
    Ours {
        ty: Type,
        required: bool,
        nullable: bool,
    },
    Official {
        schema: Official<'a>,
        required: bool,
    },
}

impl Shape<'_> {
    fn label(&self) -> String {
        match self {
            Shape::Boolean => "boolean".into(),
            Shape::Integer => "integer".into(),
            Shape::Number => "number".into(),
            Shape::String => "string".into(),
            Shape::DateTime => "date-time".into(),
            Shape::Any => "any".into(),
            Shape::Enum(_) => "enum".into(),
            Shape::Array(_) => "array".into(),
            Shape::Map => "map".into(),
            Shape::Object(_) => "object".into(),
            Shape::OneOf(alternatives) => format!("one of {}", alternatives.join(" | ")),
        }
    }
}

struct Auditor<'a> {
    api: &'a Api,
    root: &'a Value,
    differences: BTreeSet<Difference>,
    /// (our schema, official pointer) pairs already compared.
    visited: HashSet<(SchemaId, String)>,
    /// Official examples of success responses checked against our models.
    examples: usize,
}

const NOTHING: &str = "—";

impl<'a> Auditor<'a> {
    fn differ(&mut self, location: &str, aspect: &str, spec: String, official: String) {
        self.differences.insert(Difference {
            location: location.to_owned(),
            aspect: aspect.to_owned(),
            spec,
            official,
        });
    }

    /// Compares every operation; returns how many the description has. Operations are matched
    /// by method and path template with the parameters' names left out, so a spec path that
    /// names `{ref}` differently (`{git_ref}`) is still the same operation.
    fn operations(&mut self) -> usize {
        let mut matched = 0;
        let mut ours: BTreeSet<(String, String)> = BTreeSet::new();
        let mut official_paths: BTreeMap<String, &'a str> = BTreeMap::new();
        for (path, _) in self.root["paths"].as_object().into_iter().flatten() {
            official_paths.insert(path_shape(path), path);
        }
        for operation in &self.api.operations {
            let method = http_method(operation);
            let shape = path_shape(&operation.path.raw);
            ours.insert((method.to_owned(), shape.clone()));
            let found = official_paths.get(&shape).and_then(|path| {
                let official = self.root["paths"][*path].get(method)?;
                official.is_object().then_some((*path, official))
            });
            let Some((official_path, official)) = found else {
                self.differ(
                    &operation.name,
                    "operation",
                    format!("{} {}", method.to_uppercase(), operation.path.raw),
                    NOTHING.into(),
                );
                continue;
            };
            matched += 1;
            self.operation(operation, official, official_path);
        }
        // Operations of the Actions API (the description's `actions` category) that the spec
        // does not have: the client aims to cover every one.
        let paths = self.root["paths"].as_object().into_iter().flatten();
        for (path, item) in paths {
            for (method, official) in item.as_object().into_iter().flatten() {
                let Some(id) = official["operationId"].as_str() else {
                    continue;
                };
                let actions = official["x-github"]["category"] == "actions";
                if actions && !ours.contains(&(method.clone(), path_shape(path))) {
                    self.differ(
                        spec_name(id),
                        "operation",
                        NOTHING.into(),
                        format!("{} {path}", method.to_uppercase()),
                    );
                }
            }
        }
        matched
    }

    fn operation(&mut self, operation: &'a Operation, official: &'a Value, official_path: &str) {
        let name = operation.name.as_str();
        let official_name = official["operationId"].as_str().unwrap_or("?");
        // GitHub's name, or the one `cargo xtask draft` gives it (`repos/get` → `get-repo`).
        let subcategory = official["x-github"]["subcategory"].as_str();
        if !naming::accepted_names(official_name, subcategory)
            .iter()
            .any(|accepted| accepted == name)
        {
            self.differ(name, "operation name", name.into(), official_name.into());
        }

        // Parameters, by location and name; path parameters by their place in the path, under
        // the spec's name for that place.
        let renamed: BTreeMap<String, String> = path_names(official_path)
            .into_iter()
            .zip(operation.path.parameters().map(str::to_owned))
            .collect();
        let mut official_parameters: BTreeMap<(String, String), Official<'a>> = BTreeMap::new();
        for parameter in official["parameters"].as_array().into_iter().flatten() {
            let parameter = self.follow(parameter, String::new());
            let location = parameter.value["in"].as_str().unwrap_or("?").to_owned();
            let mut name = parameter.value["name"].as_str().unwrap_or("?").to_owned();
            if location == "path" {
                name = renamed.get(&name).cloned().unwrap_or(name);
            }
            official_parameters.insert((location, name), parameter);
        }
        let mut seen = BTreeSet::new();
        for parameter in &operation.parameters {
            let location = parameter_location(parameter.location);
            let key = (location.to_owned(), parameter.name.clone());
            let here = format!("{name} {}", parameter_label(location, &parameter.name));
            seen.insert(key.clone());
            let Some(theirs) = official_parameters.get(&key).cloned() else {
                self.differ(
                    &here,
                    "parameter",
                    self.type_label(&parameter.ty),
                    NOTHING.into(),
                );
                continue;
            };
            let their_required = theirs.value["required"].as_bool().unwrap_or(false);
            if parameter.required != their_required {
                self.differ(
                    &here,
                    "required",
                    parameter.required.to_string(),
                    their_required.to_string(),
                );
            }
            let schema_pointer = format!("{}/schema", theirs.pointer);
            let schema = self.follow(&theirs.value["schema"], schema_pointer);
            let their_default = schema.value.get("default");
            if parameter.default.as_ref() != their_default {
                self.differ(
                    &here,
                    "default",
                    json_or_nothing(parameter.default.as_ref()),
                    json_or_nothing(their_default),
                );
            }
            self.compare(&here, &parameter.ty, &schema);
        }
        for ((location, parameter), theirs) in &official_parameters {
            if !seen.contains(&(location.clone(), parameter.clone())) {
                let schema = self.follow(&theirs.value["schema"], String::new());
                let label = self.official_label(&schema);
                let required = if theirs.value["required"] == true {
                    ", required"
                } else {
                    ""
                };
                self.differ(
                    &format!("{name} {}", parameter_label(location, parameter)),
                    "parameter",
                    NOTHING.into(),
                    format!("{label}{required}"),
                );
            }
        }

        // The request body.
        let their_body = official["requestBody"]
            .get("content")
            .map(|_| self.follow(&official["requestBody"], String::new()))
            .and_then(|body| {
                let schema = body.value["content"]["application/json"].get("schema")?;
                Some(self.follow(schema, String::new()))
            });
        let here = format!("{name} request body");
        match (&operation.body, their_body) {
            (None, None) => {}
            (Some(_), None) => {
                self.differ(&here, "request body", "object".into(), NOTHING.into());
            }
            (None, Some(theirs)) => {
                let label = self.official_label(&theirs);
                self.differ(&here, "request body", NOTHING.into(), label);
            }
            (Some(body), Some(theirs)) => {
                self.compare(&here, &Type::Schema(body.schema), &theirs);
            }
        }

        // Response statuses, and the body of each success.
        let mut ours: BTreeMap<u16, Option<Type>> = BTreeMap::new();
        match &operation.success {
            Success::Json { status, ty, .. } => {
                ours.insert(*status, Some(ty.clone()));
            }
            Success::Empty { status, .. } | Success::Redirect { status, .. } => {
                ours.insert(*status, None);
            }
            Success::Outcomes { outcomes, .. } => {
                for outcome in outcomes {
                    ours.insert(outcome.status, outcome.body.clone());
                }
            }
        }
        for (status, _) in &operation.errors {
            ours.entry(*status).or_insert(None);
        }
        let theirs: BTreeMap<u16, &Value> = official["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(status, response)| Some((status.parse().ok()?, response)))
            .collect();
        for status in ours.keys().chain(theirs.keys()).collect::<BTreeSet<_>>() {
            let here = format!("{name} response {status}");
            match (ours.get(status), theirs.get(status)) {
                (Some(_), None) => {
                    self.differ(&here, "status", "documented".into(), NOTHING.into())
                }
                (None, Some(response)) => {
                    let response = self.follow(response, String::new());
                    let description = response.value["description"]
                        .as_str()
                        .unwrap_or("documented")
                        .to_owned();
                    self.differ(&here, "status", NOTHING.into(), description);
                }
                (Some(body), Some(response)) => {
                    let response = self.follow(response, String::new());
                    let their_body = response.value["content"]
                        .as_object()
                        .and_then(|content| {
                            content
                                .get("application/json")
                                .or_else(|| content.values().next())
                        })
                        .and_then(|media| media.get("schema"));
                    let is_error = *status >= 400;
                    match (body, their_body) {
                        (Some(ty), Some(their_schema)) => {
                            let schema = self.follow(their_schema, String::new());
                            self.compare(&here, ty, &schema);
                            if !is_error {
                                self.examples(&here, ty, their_schema, response.value);
                            }
                        }
                        (Some(ty), None) => {
                            let label = self.type_label(ty);
                            self.differ(&here, "body", label, NOTHING.into());
                        }
                        // Error bodies are the runtime's job (GitHub's error object).
                        (None, Some(schema)) if !is_error => {
                            let schema = self.follow(schema, String::new());
                            let label = self.official_label(&schema);
                            self.differ(&here, "body", NOTHING.into(), label);
                        }
                        _ => {}
                    }
                }
                (None, None) => unreachable!(),
            }
        }
    }

    /// Checks each official example of a success response (`here`) against the spec's type
    /// for it and, when our model refuses one, against the description's own schema (see
    /// [`examples`]).
    fn examples(&mut self, here: &str, ty: &Type, their_schema: &Value, response: &Value) {
        for (name, example) in examples::response_examples(self.root, response) {
            self.examples += 1;
            let problems = codegen::lower::decode_problems(self.api, example, ty);
            let refusals: Vec<&str> = problems
                .iter()
                .filter(|problem| problem.kind != ProblemKind::Undeclared)
                .map(|problem| problem.message.as_str())
                .collect();
            let Some(first) = refusals.first() else {
                continue;
            };
            let theirs = examples::schema_problems(self.root, their_schema, example);
            // An example that only leaves fields out is evidence that GitHub leaves them out:
            // the model must take them as optional, whatever the schema says. Only an example
            // of another shape (a field under another name, a value of another type) that its
            // own schema refuses too is a wrong example.
            let leaves_out_only = problems.iter().all(|p| p.kind == ProblemKind::Missing);
            let (aspect, official) = match theirs.first() {
                Some(problem) if !leaves_out_only => {
                    (examples::WRONG, format!("its schema: {problem}"))
                }
                Some(problem) => (examples::REFUSED, format!("its schema: {problem}")),
                None => (examples::REFUSED, "fits its schema".to_owned()),
            };
            let more = match refusals.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            self.differ(
                &format!("{here} example {name}"),
                aspect,
                format!("{first}{more}"),
                official,
            );
        }
    }

    /// Follows `$ref`s (and one-element `allOf`s) from a value.
    fn follow(&self, value: &'a Value, pointer: String) -> Official<'a> {
        let mut current = Official {
            value,
            pointer,
            name: None,
            nullable: false,
        };
        for _ in 0..32 {
            current.nullable |= current.value["nullable"] == true;
            if let Some(reference) = current.value["$ref"].as_str() {
                let target = reference.trim_start_matches('#');
                let Some(value) = self.root.pointer(target) else {
                    break;
                };
                current.value = value;
                current.pointer = target.to_owned();
                current.name = target.rsplit('/').next().map(str::to_owned);
                continue;
            }
            if let Some([only]) = current.value["allOf"].as_array().map(Vec::as_slice) {
                current.pointer.push_str("/allOf/0");
                current.value = only;
                continue;
            }
            break;
        }
        current
    }

    /// The shape of an official schema.
    fn official_shape(&self, schema: &Official<'a>) -> Shape<'a> {
        let value = schema.value;
        let child = |key: &str, value: &'a Value| {
            let pointer = format!("{}/{key}", schema.pointer);
            self.follow(value, pointer)
        };
        if let Some(members) = value["allOf"].as_array() {
            // Several members: an object made of all of them.
            let mut fields = Vec::new();
            for (index, member) in members.iter().enumerate() {
                let member = child(&format!("allOf/{index}"), member);
                if let Shape::Object(more) = self.official_shape(&member) {
                    fields.extend(more);
                }
            }
            return Shape::Object(fields);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(alternatives) = value[key].as_array() {
                let labels = alternatives
                    .iter()
                    .enumerate()
                    .map(|(i, alternative)| {
                        let alternative = child(&format!("{key}/{i}"), alternative);
                        self.official_shape(&alternative).label()
                    })
                    .collect();
                return Shape::OneOf(labels);
            }
        }
        if let Some(values) = value["enum"].as_array() {
            return Shape::Enum(
                values
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect(),
            );
        }
        let properties = value["properties"].as_object().filter(|p| !p.is_empty());
        match value["type"].as_str() {
            Some("boolean") => Shape::Boolean,
            Some("integer") => Shape::Integer,
            Some("number") => Shape::Number,
            Some("string") if value["format"] == "date-time" => Shape::DateTime,
            Some("string") => Shape::String,
            Some("array") => Shape::Array(Item::Official(child("items", &value["items"]))),
            Some("object") | None if properties.is_some() => {
                let required: BTreeSet<&str> = value["required"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                Shape::Object(
                    properties
                        .into_iter()
                        .flatten()
                        .map(|(name, field)| {
                            let schema = child(&format!("properties/{name}"), field);
                            let required = required.contains(name.as_str());
                            (name.clone(), Field::Official { schema, required })
                        })
                        .collect(),
                )
            }
            Some("object") => Shape::Map,
            _ => Shape::Any,
        }
    }

    /// The shape of one of our types.
    fn our_shape(&self, ty: &Type) -> Shape<'a> {
        match ty {
            Type::Boolean => Shape::Boolean,
            Type::Integer { .. } => Shape::Integer,
            Type::Number => Shape::Number,
            Type::String { .. } => Shape::String,
            Type::DateTime => Shape::DateTime,
            Type::Any => Shape::Any,
            Type::Array(item) => Shape::Array(Item::Ours((**item).clone())),
            Type::Map(_) => Shape::Map,
            Type::Schema(id) => match &self.api.schema(*id).kind {
                SchemaKind::Object(fields) => Shape::Object(
                    fields
                        .iter()
                        .map(|field| {
                            let value = Field::Ours {
                                ty: field.ty.clone(),
                                required: field.required,
                                nullable: field.nullable,
                            };
                            (field.name.clone(), value)
                        })
                        .collect(),
                ),
                SchemaKind::Enum(variants) => {
                    Shape::Enum(variants.iter().map(|v| v.value.clone()).collect())
                }
                SchemaKind::OneOf(variants) => Shape::OneOf(
                    variants
                        .iter()
                        .map(|variant| self.our_shape(&variant.ty).label())
                        .collect(),
                ),
                SchemaKind::Alias(ty) | SchemaKind::Newtype(ty) => self.our_shape(ty),
            },
        }
    }

    fn type_label(&self, ty: &Type) -> String {
        let label = self.our_shape(ty).label();
        match ty {
            Type::Schema(id) => format!("{label} ({})", self.api.schema(*id).name),
            Type::String {
                format: StringFormat::Uri,
            } => "string (uri)".into(),
            _ => label,
        }
    }

    fn official_label(&self, schema: &Official<'a>) -> String {
        let label = self.official_shape(schema).label();
        match &schema.name {
            Some(name) => format!("{label} ({name})"),
            None => label,
        }
    }

    /// Compares one of our types with an official schema at `here`.
    fn compare(&mut self, here: &str, ty: &Type, theirs: &Official<'a>) {
        // Named objects are compared once per official schema, under their own name.
        let mut here = here.to_owned();
        if let Type::Schema(id) = ty {
            let schema: &Schema = self.api.schema(*id);
            if matches!(schema.kind, SchemaKind::Object(_)) {
                if !self.visited.insert((*id, theirs.pointer.clone())) {
                    return;
                }
                here.clone_from(&schema.name);
            }
        }
        let ours = self.our_shape(ty);
        let official = self.official_shape(theirs);
        match (ours, official) {
            (Shape::Enum(ours), Shape::Enum(official)) => {
                let only_ours: Vec<&str> = ours.difference(&official).map(String::as_str).collect();
                let only_theirs: Vec<&str> =
                    official.difference(&ours).map(String::as_str).collect();
                if !only_ours.is_empty() || !only_theirs.is_empty() {
                    let show = |values: Vec<&str>| {
                        if values.is_empty() {
                            NOTHING.to_owned()
                        } else {
                            format!("only here: {}", values.join(", "))
                        }
                    };
                    self.differ(&here, "enum values", show(only_ours), show(only_theirs));
                }
            }
            (Shape::Enum(ours), Shape::String) => {
                let values: Vec<&str> = ours.iter().map(String::as_str).collect();
                self.differ(&here, "enum values", values.join(", "), "any string".into());
            }
            (Shape::String, Shape::Enum(official)) => {
                let values: Vec<&str> = official.iter().map(String::as_str).collect();
                self.differ(&here, "enum values", "any string".into(), values.join(", "));
            }
            (Shape::Array(Item::Ours(item)), Shape::Array(Item::Official(their_item))) => {
                self.compare(&format!("{here}[]"), &item, &their_item);
            }
            (Shape::Object(ours), Shape::Object(official)) => {
                self.fields(&here, ours, official);
            }
            (Shape::OneOf(mut ours), Shape::OneOf(mut official)) => {
                ours.sort();
                official.sort();
                if ours != official {
                    self.differ(
                        &here,
                        "type",
                        format!("one of {}", ours.join(" | ")),
                        format!("one of {}", official.join(" | ")),
                    );
                }
            }
            (ours, official) => {
                let (ours, official) = (ours.label(), official.label());
                if ours != official {
                    let official = match &theirs.name {
                        Some(name) => format!("{official} ({name})"),
                        None => official,
                    };
                    self.differ(&here, "type", ours, official);
                }
            }
        }
    }

    fn fields(
        &mut self,
        here: &str,
        ours: Vec<(String, Field<'a>)>,
        theirs: Vec<(String, Field<'a>)>,
    ) {
        let mut theirs: BTreeMap<String, (Official<'a>, bool)> = theirs
            .into_iter()
            .filter_map(|(name, field)| match field {
                Field::Official { schema, required } => Some((name, (schema, required))),
                Field::Ours { .. } => None,
            })
            .collect();
        for (name, field) in ours {
            let Field::Ours {
                ty,
                required,
                nullable,
            } = field
            else {
                continue;
            };
            let at = format!("{here}.{name}");
            let Some((schema, their_required)) = theirs.remove(&name) else {
                let label = self.type_label(&ty);
                self.differ(&at, "field", label, NOTHING.into());
                continue;
            };
            let show = |required: bool| if required { "required" } else { "optional" };
            if required != their_required {
                self.differ(
                    &at,
                    "required",
                    show(required).into(),
                    show(their_required).into(),
                );
            }
            // `type: any` takes `null` too.
            let their_nullable = schema.nullable;
            if nullable != their_nullable && ty != Type::Any {
                let show = |nullable: bool| if nullable { "nullable" } else { "not null" };
                self.differ(
                    &at,
                    "nullable",
                    show(nullable).into(),
                    show(their_nullable).into(),
                );
            }
            self.compare(&at, &ty, &schema);
        }
        for (name, (schema, required)) in theirs {
            let mut label = self.official_label(&schema);
            label.push_str(if required { ", required" } else { ", optional" });
            if schema.nullable {
                label.push_str(", nullable");
            }
            self.differ(&format!("{here}.{name}"), "field", NOTHING.into(), label);
        }
    }
}

fn http_method(operation: &Operation) -> &'static str {
    use codegen::load::spec::HttpMethod;
    match operation.http_method {
        HttpMethod::Get => "get",
        HttpMethod::Post => "post",
        HttpMethod::Put => "put",
        HttpMethod::Patch => "patch",
        HttpMethod::Delete => "delete",
    }
}

fn parameter_location(location: ParameterLocation) -> &'static str {
    match location {
        ParameterLocation::Path => "path",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "header",
    }
}

/// `{run_id}` for a path parameter, `?status` for a query one, `header:x` for a header.
fn parameter_label(location: &str, name: &str) -> String {
    match location {
        "path" => format!("{{{name}}}"),
        "query" => format!("?{name}"),
        other => format!("{other}:{name}"),
    }
}

fn json_or_nothing(value: Option<&Value>) -> String {
    value.map_or_else(|| NOTHING.to_owned(), Value::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
area: widgets
title: Widgets
docs_url: https://example.com
schemas:
  widget:
    type: object
    properties:
      id:
        type: integer
      state:
        type: string
        enum: [on, off]
      note:
        type: string
        optional: true
      gone:
        type: boolean
operations:
  - name: get-widget
    summary: Get a widget
    docs_url: https://example.com
    method: GET
    path: /widgets/{id}
    parameters:
      - name: id
        in: path
        type: integer
      - name: per_page
        in: query
        type: integer
        default: 30
    responses:
      200:
        description: OK
        body: { ref: widget }
"#;

    const DESCRIPTION: &str = r##"{
  "paths": {
    "/widgets/{id}": {
      "get": {
        "operationId": "actions/get-widget",
        "x-github": {"category": "actions", "subcategory": "widgets"},
        "parameters": [
          {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}},
          {"name": "per_page", "in": "query", "schema": {"type": "integer", "default": 100}},
          {"name": "filter", "in": "query", "schema": {"type": "string"}}
        ],
        "responses": {
          "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/widget"}}}},
          "404": {"description": "Resource not found"}
        }
      }
    },
    "/widgets": {
      "post": {
        "operationId": "actions/create-widget",
        "x-github": {"category": "actions", "subcategory": "widgets"},
        "responses": {"201": {"description": "Created"}}
      }
    },
    "/gadgets": {
      "get": {
        "operationId": "actions/list-gadgets",
        "x-github": {"category": "actions", "subcategory": "gadgets"},
        "responses": {"200": {"description": "OK"}}
      }
    },
    "/repos": {
      "get": {
        "operationId": "repos/list-repos",
        "x-github": {"category": "repos", "subcategory": "repos"},
        "responses": {"200": {"description": "OK"}}
      }
    }
  },
  "components": {
    "schemas": {
      "widget": {
        "type": "object",
        "required": ["id", "state", "note"],
        "properties": {
          "id": {"type": "integer"},
          "state": {"type": "string", "enum": ["on", "off", "broken"], "nullable": true},
          "note": {"type": "string"},
          "size": {"type": "number"}
        }
      }
    }
  }
}"##;

    #[test]
    fn reports_every_kind_of_difference() {
        let api = codegen::check(vec![codegen::SourceFile {
            name: "spec/widgets.yaml".into(),
            text: SPEC.into(),
        }])
        .expect("the test spec is valid");
        let description: Value = serde_json::from_str(DESCRIPTION).unwrap();
        let (matched, differences) = compare(&api, &description);
        assert_eq!(matched, 1);
        let ids: Vec<String> = differences.iter().map(Difference::id).collect();
        assert_eq!(
            ids,
            [
                "create-widget | operation",
                "get-widget ?filter | parameter",
                "get-widget ?per_page | default",
                "get-widget response 404 | status",
                "list-gadgets | operation",
                "widget.gone | field",
                "widget.note | required",
                "widget.size | field",
                "widget.state | enum values",
                "widget.state | nullable",
            ]
        );
        let enum_values = differences
            .iter()
            .find(|d| d.id() == "widget.state | enum values")
            .unwrap();
        assert_eq!(enum_values.official, "only here: broken");
    }

    #[test]
    fn the_report_fails_on_unexplained_differences_and_unused_entries() {
        let difference = |location: &str| Difference {
            location: location.into(),
            aspect: "field".into(),
            spec: NOTHING.into(),
            official: "string, optional".into(),
        };
        let entry = |pattern: &str| AllowEntry {
            patterns: Patterns::One(pattern.into()),
            why: "a reason".into(),
        };
        // The rule for GitHub's examples: one our model refuses is excused only when its own
        // schema refuses it too.
        let example = |aspect: &str| Difference {
            location: "get-thing response 200 example default".into(),
            aspect: aspect.into(),
            spec: "$.id is missing".into(),
            official: "its schema: $.id is missing".into(),
        };
        let everything = [entry("* | *")];
        assert_eq!(
            covering_entry(&everything, &example(examples::WRONG)),
            Some(0)
        );
        assert_eq!(
            covering_entry(&everything, &example(examples::REFUSED)),
            None
        );

        let mut report = Report {
            source: "test".into(),
            spec_operations: 1,
            matched_operations: 1,
            actions_operations: 2,
            examples: 0,
            differences: vec![(difference("a.x"), Some(0)), (difference("a.y"), None)],
            allowlist: vec![entry("a.x | field"), entry("b.* | field")],
        };
        assert!(!report.passed());
        let text = report.render();
        assert!(text.contains("NOT ALLOWLISTED (1)"), "{text}");
        assert!(text.contains("UNUSED ALLOWLIST ENTRIES"), "{text}");
        assert!(text.ends_with("FAILED"), "{text}");
        report.differences.pop();
        report.allowlist.pop();
        assert!(report.passed(), "{}", report.render());
    }

    /// A path parameter named differently (`{git_ref}` for `{ref}`) is the same operation, its
    /// parameter compared with GitHub's `ref`; the drafted name of a generic operation id
    /// (`repos/get` → `get-repo`) is no difference either.
    #[test]
    fn operations_match_by_method_and_path_shape() {
        let spec = r#"
area: refs
title: Refs
docs_url: https://example.com
operations:
  - name: get-ref
    summary: Get a reference
    docs_url: https://example.com
    method: GET
    path: /repos/{owner}/{repo}/git/ref/{git_ref}
    parameters:
      - { name: owner, in: path, type: string }
      - { name: repo, in: path, type: string }
      - { name: git_ref, in: path, type: string }
    responses:
      200: { description: OK }
  - name: get-repo
    summary: Get a repository
    docs_url: https://example.com
    method: GET
    path: /repos/{owner}/{repo}
    parameters:
      - { name: owner, in: path, type: string }
      - { name: repo, in: path, type: string }
    responses:
      200: { description: OK }
"#;
        let path = |name: &str| {
            format!(
                r#"{{"name": "{name}", "in": "path", "required": true, "schema": {{"type": "string"}}}}"#
            )
        };
        let description = format!(
            r#"{{"paths": {{
              "/repos/{{owner}}/{{repo}}/git/ref/{{ref}}": {{"get": {{
                "operationId": "git/get-ref", "x-github": {{"category": "git", "subcategory": "refs"}},
                "parameters": [{}, {}, {}], "responses": {{"200": {{"description": "OK"}}}}}}}},
              "/repos/{{owner}}/{{repo}}": {{"get": {{
                "operationId": "repos/get", "x-github": {{"category": "repos", "subcategory": "repos"}},
                "parameters": [{}, {}], "responses": {{"200": {{"description": "OK"}}}}}}}}
            }}}}"#,
            path("owner"),
            path("repo"),
            path("ref"),
            path("owner"),
            path("repo")
        );
        let api = codegen::check(vec![codegen::SourceFile {
            name: "refs.yaml".into(),
            text: spec.into(),
        }])
        .unwrap();
        let description: Value = serde_json::from_str(&description).unwrap();
        let (matched, differences) = compare(&api, &description);
        assert_eq!(matched, 2);
        assert!(differences.is_empty(), "{differences:?}");

        // Renamed to something else entirely: a difference of name.
        let renamed = spec.replace("name: get-repo", "name: fetch-repo");
        let api = codegen::check(vec![codegen::SourceFile {
            name: "refs.yaml".into(),
            text: renamed,
        }])
        .unwrap();
        let (_, differences) = compare(&api, &description);
        let ids: Vec<String> = differences.iter().map(Difference::id).collect();
        assert_eq!(ids, ["fetch-repo | operation name"], "{differences:?}");
    }

    #[test]
    fn globs() {
        assert!(glob_match("a | type", "a | type"));
        assert!(!glob_match("a | type", "ab | type"));
        assert!(glob_match(
            "minimal-repository.* | field",
            "minimal-repository.x | field"
        ));
        assert!(glob_match("*", ""));
        assert!(glob_match("a*b*c", "abc"));
        assert!(glob_match("a*b*c", "a-b-b-c"));
        assert!(!glob_match("a*b*c", "a-c"));
        assert!(!glob_match("ab*ba", "aba"));
    }
}
