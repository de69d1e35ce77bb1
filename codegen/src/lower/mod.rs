//! Stage 2, lower and check: spec files → the [`model::Api`].
//!
//! Like typify, every named schema gets its id before any is lowered, so references may point
//! forward, backward or at themselves. Every rule that spans more than one value is checked
//! here (each with a comment saying why), and every problem is reported, not just the first.

mod cycles;
mod examples;
mod lint;
pub mod model;
pub(crate) mod named_values;
mod names;
mod operations;
mod path_template;
pub mod reserved;
mod types;
mod wait;
mod webhooks;

pub use examples::{decode_problems, ExampleProblem, ProblemKind};
pub use lint::id_kind;

pub(crate) use types::UNKNOWN_VARIANT;

use std::collections::HashMap;

use crate::diagnostics::{Reporter, SpecPath};
use crate::ident;
use crate::load::spec::{ParameterSpec, TypeSpec};
use crate::load::{Loaded, SourceId};

use model::{Api, Area, AreaId, Schema, SchemaId, SchemaKind, Type};
use types::Site;

/// Lowers loaded files into the model, reporting what does not hold together.
pub(crate) fn lower<'a>(loaded: &'a [Loaded], reporter: &mut Reporter<'a>) -> Api {
    let mut lowerer = Lowerer {
        reporter,
        api: Api {
            areas: Vec::new(),
            schemas: Vec::new(),
            operations: Vec::new(),
            examples: Vec::new(),
            webhooks: Vec::new(),
        },
        schema_ids: HashMap::new(),
        origins: names::Origins::default(),
        shared_parameters: HashMap::new(),
        lowered_shared: HashMap::new(),
        operation_ids: HashMap::new(),
        examples: Vec::new(),
    };
    let areas = lowerer.register(loaded);
    for (file, &area) in loaded.iter().zip(&areas) {
        lowerer.lower_schemas(file, area);
    }
    // Before anything walks from one schema into another (parameters, examples).
    lowerer.check_cycles(loaded);
    for (file, &area) in loaded.iter().zip(&areas) {
        lowerer.lower_operations(file, area);
        lowerer.lower_webhooks(file, area);
    }
    // After the operations: their inline bodies and responses are objects too.
    box_large_members(&mut lowerer.api);
    cycles::box_cycles(&mut lowerer.api);
    lowerer.check_examples();
    // Last: every name is decided by now, inline types' and outcome enums' too.
    names::check(&lowerer.api, &lowerer.origins, lowerer.reporter);
    // Warnings: one type per concept (`lint` says which shapes say one concept two ways).
    lint::check(loaded, lowerer.reporter);
    lowerer.api
}

/// Objects with more fields than this are stored behind a `Box` where another object holds
/// one (a repository has about a hundred).
const LARGE_OBJECT_FIELDS: usize = 32;

/// Marks what is held in a `Box`. A field that holds a large object: held inline, two
/// repositories made a workflow run 6.7 KB instead of 1.8 KB, and every move of a run, or
/// growth of a page's `Vec` of runs, copied all of it. A one-of alternative that is an object:
/// the enum is then as small as its scalars, not as large as its largest object (a user beside
/// a team with its parent team). Code reads the fields the same way through the box
/// (`run.repository.name`). (Decoding speed is about the same either way: the boxes are
/// allocations of their own.)
fn box_large_members(api: &mut Api) {
    let object: Vec<Option<usize>> = api
        .schemas
        .iter()
        .map(|schema| match &schema.kind {
            SchemaKind::Object(fields) => Some(fields.len()),
            _ => None,
        })
        .collect();
    let large =
        |ty: &Type| matches!(ty, Type::Schema(id) if object[id.0] > Some(LARGE_OBJECT_FIELDS));
    let is_object = |ty: &Type| matches!(ty, Type::Schema(id) if object[id.0].is_some());
    for schema in &mut api.schemas {
        match &mut schema.kind {
            SchemaKind::Object(fields) => {
                for field in fields {
                    field.boxed = large(&field.ty);
                }
            }
            SchemaKind::OneOf(variants) => {
                for variant in variants {
                    variant.boxed = is_object(&variant.ty);
                }
            }
            _ => {}
        }
    }
}

pub(crate) struct Lowerer<'a, 'r> {
    pub(crate) reporter: &'r mut Reporter<'a>,
    pub(crate) api: Api,
    /// Spec name of every named schema → its id. Lookups only; output order comes from `api`.
    schema_ids: HashMap<String, SchemaId>,
    /// Where each area, schema and operation is defined, for the naming pass.
    origins: names::Origins,
    /// Shared parameters by name, with where they are defined.
    shared_parameters: HashMap<String, (SourceId, SpecPath, &'a ParameterSpec)>,
    /// Shared parameters already lowered, so each one's inline types are made once.
    lowered_shared: HashMap<String, Option<operations::LoweredParameter>>,
    /// Spec name of every operation lowered so far → its index in `api.operations`, to report
    /// a name defined twice without a scan per operation.
    operation_ids: HashMap<String, usize>,
    /// Examples with where they are, checked once every schema is lowered.
    examples: Vec<(model::Example, SourceId, SpecPath)>,
}

impl<'a> Lowerer<'a, '_> {
    /// Gives each file an area and each named schema an id; records shared parameters.
    fn register(&mut self, loaded: &'a [Loaded]) -> Vec<AreaId> {
        let mut area_ids = Vec::new();
        for file in loaded {
            let spec = &file.spec;
            // Checked with every other name by the naming pass (`names`).
            let module = ident::snake(&spec.area);
            let area = AreaId(self.api.areas.len());
            self.origins.areas.push(file.source);
            area_ids.push(area);
            self.api.areas.push(Area {
                name: spec.area.clone(),
                module,
                title: spec.title.clone(),
                docs_url: spec.docs_url.clone(),
                description: spec.description.clone(),
                source: self.reporter.source_name(file.source).to_owned(),
            });

            for name in spec.schemas.keys() {
                let path = SpecPath::root().key("schemas").key(name);
                let id = SchemaId(self.api.schemas.len());
                if let Some(&first) = self.schema_ids.get(name) {
                    let first_file = &self.api.areas[self.api.schemas[first.0].area.0].source;
                    self.reporter.key_error(
                        file.source,
                        &path,
                        format!("schema `{name}` is defined twice (first in {first_file})"),
                    );
                    continue;
                }
                self.schema_ids.insert(name.clone(), id);
                self.api.schemas.push(Schema {
                    name: name.clone(),
                    rust_name: ident::camel(name),
                    area,
                    description: spec.schemas[name].description.clone(),
                    kind: SchemaKind::Alias(Type::Any),
                    in_runtime: spec.schemas[name].runtime,
                });
                self.origins.schemas.push(names::Place {
                    source: file.source,
                    path,
                });
            }

            for (name, parameter) in &spec.parameters {
                let path = SpecPath::root().key("parameters").key(name);
                if self.shared_parameters.contains_key(name) {
                    self.reporter.key_error(
                        file.source,
                        &path,
                        format!("shared parameter `{name}` is defined twice"),
                    );
                    continue;
                }
                self.shared_parameters
                    .insert(name.clone(), (file.source, path, parameter));
            }
        }
        area_ids
    }

    fn lower_schemas(&mut self, file: &Loaded, area: AreaId) {
        for (name, spec) in &file.spec.schemas {
            let Some(&id) = self.schema_ids.get(name) else {
                continue;
            };
            if self.api.schemas[id.0].area != area {
                continue; // the duplicate of a schema defined in another file
            }
            let path = SpecPath::root().key("schemas").key(name);
            let site = Site {
                source: file.source,
                path: &path,
                area,
                hint: name,
            };
            self.lower_named_schema(id, spec, &site);
            let origin = format!("schema `{name}`");
            let ty = Type::Schema(id);
            let more = &spec.examples;
            let name = format!("{name}-example");
            self.examples_of(
                spec.example.as_ref(),
                more,
                &name,
                &origin,
                &ty,
                file.source,
                &path,
            );
        }
    }

    /// The schema a `ref:` names, or an error that suggests the closest name.
    pub(crate) fn resolve(
        &mut self,
        name: &str,
        source: SourceId,
        path: &SpecPath,
    ) -> Option<SchemaId> {
        if let Some(&id) = self.schema_ids.get(name) {
            return Some(id);
        }
        let mut message = format!("unknown schema `{name}`");
        let mut known: Vec<&String> = self.schema_ids.keys().collect();
        known.sort();
        if let Some(closest) = known
            .into_iter()
            .map(|candidate| (edit_distance(name, candidate), candidate))
            .filter(|(distance, _)| *distance <= 3)
            .min()
        {
            message.push_str(&format!("; did you mean `{}`?", closest.1));
        }
        self.reporter.error(source, path, message);
        None
    }

    /// Lowers a type that is not a named schema, with an inline-name hint.
    pub(crate) fn lower_inline(
        &mut self,
        spec: &TypeSpec,
        source: SourceId,
        path: &SpecPath,
        area: AreaId,
        hint: &str,
    ) -> Type {
        self.lower_type(
            spec,
            &Site {
                source,
                path,
                area,
                hint,
            },
        )
    }
}

/// Levenshtein distance, for "did you mean" hints.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn edit_distance() {
        assert_eq!(super::edit_distance("artifcat", "artifact"), 2);
        assert_eq!(super::edit_distance("", "abc"), 3);
        assert_eq!(super::edit_distance("same", "same"), 0);
    }
}
