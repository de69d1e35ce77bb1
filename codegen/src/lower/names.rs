//! The naming pass: every Rust name the output will contain, checked once the model is built.
//!
//! Lowering decides each name with `ident` (modules and features from areas, types from schemas,
//! builders and outcome enums from operations, methods, setters and variants); this pass
//! collects them by the namespace they end up in and reports, with file, line and column, any
//! name that is taken twice or that something else already has ([`super::reserved`]). Two spec
//! names that differ only in `-` and `_` (`list-a`, `list_a`) are one Rust name: without this
//! pass they were accepted and the output failed to compile (E0428, E0592), or compiled with
//! one name hiding another (a model named `String`, an operation whose builder is a model's
//! name).
//!
//! The namespaces, and why each is one:
//!
//! - **area modules, files and features**: an area is a module `models/<module>.rs`, the same
//!   under `operations/`, and a Cargo feature; its name must be all three (kebab case, not a
//!   keyword, not a crate that generated code names by path).
//! - **types**: models, request builders, `…Outcome` enums and named values (`Days`, see
//!   [`super::named_values`]). Operations files import every
//!   model (`use crate::models::*`), so a builder of a model's name hides it; every type also
//!   meets Rust's prelude, the names generated files import, and the runtime's crate-root types.
//! - **`Client` methods**: one per operation, beside the runtime's own.
//! - **per request builder**: its fields (parameters, `client`, `body`), its setters (optional
//!   parameters and body fields, `clear_…`) beside `send` and the other fixed methods, and the
//!   `Client` method's arguments (parameters and required body fields), one namespace as the
//!   spec reads them.
//! - **variants** of each one-of and outcome enum (those of string enums are checked where
//!   they are lowered).

use std::collections::HashMap;

use crate::diagnostics::{Reporter, SpecPath};
use crate::ident;
use crate::load::SourceId;

use super::model::{Api, ParameterLocation, SchemaKind, Success};
use super::reserved;

/// A place in the spec: a file and a path in it.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub(crate) source: SourceId,
    pub(crate) path: SpecPath,
}

/// Where each named thing of the [`Api`] was defined, kept beside it by lowering so that this
/// pass can point at it.
#[derive(Debug, Default)]
pub(crate) struct Origins {
    /// The file of each area, by `AreaId`.
    pub(crate) areas: Vec<SourceId>,
    /// Each schema's definition (its key under `schemas:`, or the inline type), by `SchemaId`.
    pub(crate) schemas: Vec<Place>,
    /// Each operation, in the order of `Api::operations`.
    pub(crate) operations: Vec<OperationPlaces>,
}

/// Where an operation and its parameters are.
#[derive(Debug)]
pub(crate) struct OperationPlaces {
    /// The operation (`operations[3]`).
    pub(crate) at: Place,
    /// Each parameter's entry in the operation, in the order of `Operation::parameters`.
    pub(crate) parameters: Vec<SpecPath>,
}

/// One name taken in a namespace: what took it, and where.
struct Taken {
    what: String,
    source: SourceId,
    path: SpecPath,
}

/// A namespace being filled: the first to take a name keeps it, later ones are reported.
struct Namespace {
    /// What a name in it is, for messages (`Rust type`, `` `Client` method``).
    kind: &'static str,
    /// Errors point at the value under the path (`area: type`), not at its key.
    at_value: bool,
    taken: HashMap<String, Taken>,
}

impl Namespace {
    fn new(kind: &'static str) -> Self {
        Self {
            kind,
            at_value: false,
            taken: HashMap::new(),
        }
    }

    /// Takes `name` for `what` (defined at `path`), reporting a clash with an earlier taker or
    /// with `reserved` (what already has the name, if something does).
    fn take(
        &mut self,
        reporter: &mut Reporter<'_>,
        name: &str,
        what: String,
        place: (SourceId, &SpecPath),
        reserved: Option<String>,
    ) {
        let (source, path) = place;
        let kind = self.kind;
        let shown = ident::plain(name);
        let report = |reporter: &mut Reporter<'_>, message: String| {
            if self.at_value {
                reporter.error(source, path, message);
            } else {
                reporter.key_error(source, path, message);
            }
        };
        if let Some(reason) = reserved {
            report(
                reporter,
                format!("{what} would be the {kind} `{shown}`, which {reason}; rename it"),
            );
            return;
        }
        match self.taken.get(name) {
            Some(first) => {
                let at = reporter.place_of_key(first.source, &first.path);
                let message = format!(
                    "{what} would be the {kind} `{shown}`, like {} ({at}); rename one of them",
                    first.what
                );
                report(reporter, message);
            }
            None => {
                self.taken.insert(
                    name.to_owned(),
                    Taken {
                        what,
                        source,
                        path: path.clone(),
                    },
                );
            }
        }
    }
}

/// Checks every Rust name of `api` (see the module docs), reporting each clash.
pub(crate) fn check(api: &Api, origins: &Origins, reporter: &mut Reporter<'_>) {
    check_areas(api, origins, reporter);
    check_types(api, origins, reporter);
    check_client_methods(api, origins, reporter);
    for (operation, places) in api.operations.iter().zip(&origins.operations) {
        check_builder(api, origins, operation, places, reporter);
    }
    check_one_of_variants(api, origins, reporter);
}

/// Whether an area name is kebab case: lower-case ASCII words of letters and digits joined by
/// single `-`, starting with a letter. Such a name is a Cargo feature, a bare TOML key and
/// (with `_` for `-`) a module and file name on every platform.
fn is_kebab(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn check_areas(api: &Api, origins: &Origins, reporter: &mut Reporter<'_>) {
    let mut modules = Namespace::new("module");
    modules.at_value = true;
    for (area, &source) in api.areas.iter().zip(&origins.areas) {
        let path = SpecPath::root().key("area");
        let name = &area.name;
        if !is_kebab(name) {
            let suggestion = ident::snake(name).replace('_', "-");
            reporter.error(
                source,
                &path,
                format!("area `{name}` must be kebab case (lower-case ASCII letters and digits in words joined by `-`, such as `{suggestion}`): it names a Cargo feature and the generated files"),
            );
            continue;
        }
        let module = ident::plain(&area.module);
        let reason = if ident::is_keyword(module) {
            Some("is a Rust keyword: no module file can have that name".to_owned())
        } else if reserved::MODULES.contains(&module) {
            Some("is a crate or primitive type that generated code names by path".to_owned())
        } else if reserved::FEATURES.contains(&name.as_str()) {
            Some(format!("is named like the crate's feature `{name}`"))
        } else {
            None
        };
        modules.take(
            reporter,
            &area.module,
            format!("area `{name}`"),
            (source, &path),
            reason,
        );
    }
}

/// What already has the type name `name`, if anything does.
fn reserved_type(name: &str) -> Option<String> {
    if reserved::PRELUDE.contains(&name) {
        return Some("is in Rust's prelude".to_owned());
    }
    if let Some((_, from)) = reserved::IMPORTED.iter().find(|(n, _)| *n == name) {
        return Some(format!("generated files import (`{from}`)"));
    }
    if reserved::CRATE_ROOT_TYPES.contains(&name) {
        return Some(format!("the runtime exports (`crate::{name}`)"));
    }
    None
}

fn check_types(api: &Api, origins: &Origins, reporter: &mut Reporter<'_>) {
    let mut types = Namespace::new("Rust type");
    for (schema, place) in api.schemas.iter().zip(&origins.schemas) {
        types.take(
            reporter,
            &schema.rust_name,
            format!("schema `{}`", schema.name),
            (place.source, &place.path),
            reserved_type(&schema.rust_name),
        );
    }
    for (operation, places) in api.operations.iter().zip(&origins.operations) {
        let at = (places.at.source, &places.at.path.key("name"));
        types.take(
            reporter,
            &operation.builder_name,
            format!("the request builder of operation `{}`", operation.name),
            at,
            reserved_type(&operation.builder_name),
        );
        if let Success::Outcomes {
            rust_name,
            shared: false,
            ..
        } = &operation.success
        {
            types.take(
                reporter,
                rust_name,
                format!("the outcome enum of operation `{}`", operation.name),
                (places.at.source, &places.at.path.key("responses")),
                reserved_type(rust_name),
            );
        }
    }
    for value in super::named_values::named_values(api) {
        let Some(first) = api
            .operations
            .iter()
            .position(|op| op.method_name == value.methods[0])
        else {
            continue;
        };
        let at = &origins.operations[first].at;
        let operation = &api.operations[first].name;
        let what = format!(
            "the named value of the required argument `{}` of operation `{operation}`",
            value.argument
        );
        if let Some((other, ty)) = &value.conflict {
            let kind = |ty: &super::model::Type| match ty {
                super::model::Type::Boolean => "a boolean",
                super::model::Type::Number => "a number",
                _ => "an integer",
            };
            reporter.key_error(
                at.source,
                &at.path.key("name"),
                format!(
                    "the required argument `{0}` is {1} in operation `{operation}` and {2} in operation `{other}`, but both would be passed as `{3}(…)`, one type; rename one of them",
                    value.argument,
                    kind(&value.ty),
                    kind(ty),
                    value.rust_name
                ),
            );
        }
        types.take(
            reporter,
            &value.rust_name,
            what,
            (at.source, &at.path.key("name")),
            reserved_type(&value.rust_name),
        );
    }
}

fn check_client_methods(api: &Api, origins: &Origins, reporter: &mut Reporter<'_>) {
    let mut methods = Namespace::new("`Client` method");
    for (operation, places) in api.operations.iter().zip(&origins.operations) {
        let method = ident::plain(&operation.method_name);
        let reason = reserved::CLIENT_METHODS
            .contains(&method)
            .then(|| "the runtime's `Client` already has".to_owned());
        methods.take(
            reporter,
            &operation.method_name,
            format!("operation `{}`", operation.name),
            (places.at.source, &places.at.path.key("name")),
            reason,
        );
    }
    // A `wait:` adds a `Client` method too (`wait_for_run`), in the same namespace.
    for (operation, places) in api.operations.iter().zip(&origins.operations) {
        let Some(wait) = &operation.wait else {
            continue;
        };
        let method = ident::plain(&wait.method_name);
        let reason = reserved::CLIENT_METHODS
            .contains(&method)
            .then(|| "the runtime's `Client` already has".to_owned());
        methods.take(
            reporter,
            &wait.method_name,
            format!("the `wait:` method of operation `{}`", operation.name),
            (places.at.source, &places.at.path.key("wait").key("method")),
            reason,
        );
    }
}

/// The names of one request builder: its fields, setters and the `Client` method's arguments.
fn check_builder(
    api: &Api,
    origins: &Origins,
    operation: &super::model::Operation,
    places: &OperationPlaces,
    reporter: &mut Reporter<'_>,
) {
    let source = places.at.source;
    let mut inputs = Namespace::new("argument or setter");
    let mut setters = Namespace::new("builder method");
    for (parameter, path) in operation.parameters.iter().zip(&places.parameters) {
        let what = format!("parameter `{}`", parameter.name);
        let field = reserved::BUILDER_FIELDS
            .contains(&parameter.rust_name.as_str())
            .then(|| "the request builder keeps as a field of its own".to_owned());
        inputs.take(
            reporter,
            &parameter.rust_name,
            what.clone(),
            (source, path),
            field,
        );
        if !parameter.required {
            let reason = builder_method(&parameter.rust_name);
            setters.take(reporter, &parameter.rust_name, what, (source, path), reason);
        }
        debug_assert!(parameter.required || parameter.location != ParameterLocation::Path);
    }
    if let Success::Outcomes { outcomes, .. } = &operation.success {
        let mut variants = Namespace::new("outcome");
        let responses = places.at.path.key("responses");
        for outcome in outcomes.iter().filter(|o| !o.rust_name.is_empty()) {
            let path = responses.key(&outcome.status.to_string()).key("outcome");
            variants.take(
                reporter,
                &outcome.rust_name,
                format!("the outcome of status {}", outcome.status),
                (source, &path),
                None,
            );
        }
    }
    let Some(body) = &operation.body else { return };
    let SchemaKind::Object(fields) = &api.schema(body.schema).kind else {
        return;
    };
    let body_path = places.at.path.key("request_body");
    let body_place = &origins.schemas[body.schema.0];
    for field in fields {
        let what = format!("body field `{}`", field.name);
        // A body field may be named like the builder's own fields (`body`, say): its value
        // lives in the builder's `body`, and its setter is a method.
        inputs.take(
            reporter,
            &field.rust_name,
            what.clone(),
            (source, &body_path),
            None,
        );
        if field.required {
            continue;
        }
        let field_path = body_place.path.key("properties").key(&field.name);
        let reason = builder_method(&field.rust_name);
        setters.take(
            reporter,
            &field.rust_name,
            what.clone(),
            (body_place.source, &field_path),
            reason,
        );
        if field.nullable {
            // The setter that sends `null` (emitted for bodies only sent, never received).
            let clear = format!("clear_{}", ident::plain(&field.rust_name));
            let reason = builder_method(&clear);
            setters.take(
                reporter,
                &clear,
                format!("the `null` setter of {what}"),
                (body_place.source, &field_path),
                reason,
            );
        }
    }
    // A group's setter replaces its fields' setters (checked above as if they were written).
    for (index, group) in operation.setter_groups.iter().enumerate() {
        let at = places
            .at
            .path
            .key("setter_groups")
            .index(index)
            .key("setter");
        let reason = builder_method(&group.setter);
        setters.take(
            reporter,
            &group.setter,
            format!("the setter of setter group `{}`", group.setter),
            (source, &at),
            reason,
        );
    }
}

/// What already has the builder method `name`, if anything does.
fn builder_method(name: &str) -> Option<String> {
    reserved::BUILDER_METHODS
        .contains(&ident::plain(name))
        .then(|| "every request builder already has".to_owned())
}

fn check_one_of_variants(api: &Api, origins: &Origins, reporter: &mut Reporter<'_>) {
    for (schema, place) in api.schemas.iter().zip(&origins.schemas) {
        let SchemaKind::OneOf(variants) = &schema.kind else {
            continue;
        };
        let mut names = Namespace::new("variant");
        let base = place.path.key("one_of");
        for variant in variants {
            names.take(
                reporter,
                &variant.rust_name,
                format!("alternative `{}`", variant.name),
                (place.source, &base.key(&variant.name)),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn kebab_case() {
        for good in ["artifacts", "self-hosted-runners", "v2", "oidc-2"] {
            assert!(super::is_kebab(good), "{good}");
        }
        for bad in [
            "", "a b", "A", "a_b", "a--b", "-a", "a-", "2fa", "é", "a.b", "a+b",
        ] {
            assert!(!super::is_kebab(bad), "{bad}");
        }
    }
}
