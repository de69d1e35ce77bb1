//! Lints: spec shapes that generate and compile, but say one concept two ways.
//!
//! They are warnings, like a missing description: `cargo xtask codegen` still writes, and
//! `--check` (so CI and `cargo test`) fails. Each rule reports the second place, naming the
//! first, so the fix is to define the type once and `ref:` it.
//!
//! - **Two string enums with the same values.** `[asc, desc]` written inline under two
//!   operations makes `GetActionsCacheListDirection` and `ListWorkflowRunArtifactsDirection`:
//!   two types for one concept, and a value of one cannot be passed where the other is asked.
//!   One named schema (`direction`) and a `ref:` from each place make one `Direction`.
//! - **An id left as an integer where its kind has a newtype.** With `run-id` a newtype, a
//!   property or parameter `workflow_run_id: {type: integer}` makes an `i64` where a `RunId`
//!   belongs: the id of a run read from one response needs `.0` to go into another call, and an
//!   `i64` of any kind type-checks there. The kind is read from the name: `*_id` (or `*_ids`,
//!   an array) with its longest suffix that names a newtype `…-id` schema (`head_repository_id`
//!   → `repository-id`), and `id` of a named schema `X` whose kind `X-id` has one (`runner.id`
//!   → `runner-id`).

use std::collections::{BTreeMap, HashSet};

use crate::diagnostics::{Reporter, SpecPath};
use crate::load::spec::{Kind, ParameterSpec, TypeSpec};
use crate::load::{Loaded, SourceId};

/// Runs every lint over the loaded files, reporting warnings.
pub(crate) fn check(loaded: &[Loaded], reporter: &mut Reporter<'_>) {
    let id_kinds: HashSet<&str> = loaded
        .iter()
        .flat_map(|file| &file.spec.schemas)
        .filter(|(_, schema)| schema.newtype)
        .map(|(name, _)| name.as_str())
        .collect();
    let mut lint = Lint {
        reporter,
        id_kinds,
        enums: BTreeMap::new(),
    };
    for file in loaded {
        lint.file(file);
    }
}

struct Lint<'r, 'a, 's> {
    reporter: &'r mut Reporter<'a>,
    /// Names of the newtype schemas (`run-id`, `repository-id`, …).
    id_kinds: HashSet<&'s str>,
    /// Every string enum's values, sorted → where it was first defined.
    enums: BTreeMap<Vec<&'s str>, (SourceId, SpecPath)>,
}

/// What holds a type: names it, for the id rule.
#[derive(Clone, Copy)]
enum Holder<'s> {
    /// A property or parameter of this name; `schema` is the named schema whose direct
    /// property it is (for `id`).
    Named {
        name: &'s str,
        schema: Option<&'s str>,
    },
    /// An array's items, a map's values, a one-of alternative, a body: no name of its own.
    Anonymous,
}

impl<'s> Lint<'_, '_, 's> {
    fn file(&mut self, file: &'s Loaded) {
        let source = file.source;
        let root = SpecPath::root();
        for (name, parameter) in &file.spec.parameters {
            let wire = parameter.name.as_deref().unwrap_or(name);
            self.parameter(source, &root.key("parameters").key(name), wire, parameter);
        }
        for (name, schema) in &file.spec.schemas {
            let path = root.key("schemas").key(name);
            self.ty(source, &path, schema, Holder::Anonymous, Some(name));
        }
        for (index, operation) in file.spec.operations.iter().enumerate() {
            let path = root.key("operations").index(index);
            for (index, parameter) in operation.parameters.iter().enumerate() {
                if let Some(wire) = parameter.name.as_deref() {
                    let path = path.key("parameters").index(index);
                    self.parameter(source, &path, wire, parameter);
                }
            }
            if let Some(body) = &operation.request_body {
                self.ty(
                    source,
                    &path.key("request_body"),
                    body,
                    Holder::Anonymous,
                    None,
                );
            }
            for (status, response) in &operation.responses {
                if let Some(body) = &response.body {
                    let path = path.key("responses").key(&status.to_string()).key("body");
                    self.ty(source, &path, body, Holder::Anonymous, None);
                }
            }
        }
        for (index, webhook) in file.spec.webhooks.iter().enumerate() {
            let path = root.key("webhooks").index(index);
            if !webhook.actions.is_empty() {
                self.enumeration(source, &path.key("actions"), &webhook.actions);
            }
            let payload = &webhook.payload;
            self.ty(
                source,
                &path.key("payload"),
                payload,
                Holder::Anonymous,
                None,
            );
        }
    }

    fn parameter(
        &mut self,
        source: SourceId,
        path: &SpecPath,
        wire: &'s str,
        parameter: &'s ParameterSpec,
    ) {
        if let Some(values) = &parameter.enum_values {
            self.enumeration(source, &path.key("enum"), values);
        }
        let integer = parameter.kind == Some(Kind::Integer) && parameter.reference.is_none();
        if integer {
            if let Some(kind) = self.id_kind(wire, None) {
                self.reporter.key_warning(
                    source,
                    &path.key("type"),
                    format!(
                        "parameter `{wire}` is the id of a `{kind}`, which has a type of its own: \
                         write `ref: {kind}` instead of `type: integer`"
                    ),
                );
            }
        }
    }

    /// Walks a type; `named` is the schema's name when `spec` is a named schema itself.
    fn ty(
        &mut self,
        source: SourceId,
        path: &SpecPath,
        spec: &'s TypeSpec,
        holder: Holder<'s>,
        named: Option<&'s str>,
    ) {
        if let Some(values) = &spec.enum_values {
            self.enumeration(source, &path.key("enum"), values);
        }
        if let Holder::Named { name, schema } = holder {
            self.id(source, path, spec, name, schema);
        }
        if let Some(properties) = &spec.properties {
            for (name, property) in properties {
                let path = path.key("properties").key(name);
                let holder = Holder::Named {
                    name,
                    schema: named,
                };
                self.ty(source, &path, property, holder, None);
            }
        }
        if let Some(items) = &spec.items {
            self.ty(source, &path.key("items"), items, Holder::Anonymous, None);
        }
        if let Some(values) = &spec.values {
            self.ty(source, &path.key("values"), values, Holder::Anonymous, None);
        }
        if let Some(alternatives) = &spec.one_of {
            for (name, alternative) in alternatives {
                let path = path.key("one_of").key(name);
                self.ty(source, &path, alternative, Holder::Anonymous, None);
            }
        }
    }

    /// The id rule for a property `name` (of the named schema `schema`, if it is one's).
    fn id(
        &mut self,
        source: SourceId,
        path: &SpecPath,
        spec: &'s TypeSpec,
        name: &str,
        schema: Option<&str>,
    ) {
        let Some(kind) = self.id_kind(name, schema) else {
            return;
        };
        let is_integer = |spec: &TypeSpec| spec.kind == Some(Kind::Integer);
        if is_integer(spec) {
            self.reporter.key_warning(
                source,
                &path.key("type"),
                format!(
                    "property `{name}` is the id of a `{kind}`, which has a type of its own: \
                     write `ref: {kind}` instead of `type: integer`"
                ),
            );
        } else if spec.items.as_deref().is_some_and(is_integer) {
            self.reporter.key_warning(
                source,
                &path.key("items").key("type"),
                format!(
                    "property `{name}` holds ids of `{kind}`, which has a type of its own: \
                     write `items: {{ ref: {kind} }}` instead of `type: integer`"
                ),
            );
        }
    }

    /// The newtype schema that the name of a property or parameter says it is an id of.
    fn id_kind(&self, name: &str, schema: Option<&str>) -> Option<&'s str> {
        let kind = id_kind(name, schema, |kind| self.id_kinds.contains(kind))?;
        self.id_kinds.get(kind.as_str()).copied()
    }

    /// The same-values rule for one string enum.
    fn enumeration(&mut self, source: SourceId, path: &SpecPath, values: &'s [String]) {
        let mut key: Vec<&str> = values.iter().map(String::as_str).collect();
        key.sort_unstable();
        key.dedup();
        match self.enums.get(&key) {
            None => {
                self.enums.insert(key, (source, path.clone()));
            }
            Some((first_source, first_path)) => {
                let first = self.reporter.place_of_key(*first_source, first_path);
                self.reporter.key_warning(
                    source,
                    path,
                    format!(
                        "this enum has the values of the enum at {first} ([{}]): one concept, \
                         one type; name it once (in spec/shared.yaml, or the area that owns it) \
                         and `ref:` it from both places",
                        key.join(", ")
                    ),
                );
            }
        }
    }
}

/// The id kind (a `newtype:` schema's name, `repository-id`) that a property or parameter
/// `name` says it holds, among those `is_kind` accepts: `id` of schema `runner` is a
/// `runner-id`; `head_repository_id` and `repository_ids` are `repository-id`s (the longest
/// suffix of the name that is a kind: `hosted_runner_id` is a `hosted-runner-id`, not a
/// `runner-id`). The lint reads names with it, `cargo xtask draft` writes `ref:`s with it, and
/// the suite checks the generated crate with it, so the three agree.
pub fn id_kind(name: &str, schema: Option<&str>, is_kind: impl Fn(&str) -> bool) -> Option<String> {
    if name == "id" {
        return Some(format!("{}-id", schema?)).filter(|kind| is_kind(kind));
    }
    let stem = name
        .strip_suffix("_ids")
        .or_else(|| name.strip_suffix("_id"))?;
    let words: Vec<&str> = stem.split('_').collect();
    (0..words.len())
        .map(|start| format!("{}-id", words[start..].join("-")))
        .find(|kind| is_kind(kind))
}
