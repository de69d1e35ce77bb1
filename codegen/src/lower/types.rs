//! Lowers a [`TypeSpec`] into a [`Type`], giving inline objects, enums and one-ofs a schema of
//! their own named after where they appear (`artifact` + `workflow_run` → `ArtifactWorkflowRun`).

use crate::diagnostics::SpecPath;
use crate::ident;
use crate::load::spec::{Format, Kind, TypeSpec};
use crate::load::SourceId;

use super::model::{
    AreaId, EnumVariant, Field, OneOfVariant, Schema, SchemaId, SchemaKind, StringFormat, Type,
};
use super::Lowerer;

/// The value name that decoding uses for values the spec does not list.
pub(crate) const UNKNOWN_VARIANT: &str = "Unknown";

/// Where a type is being lowered: the file, the path in it, the area its inline schemas belong
/// to, and the name an inline schema would get.
#[derive(Clone)]
pub(crate) struct Site<'p> {
    pub(crate) source: SourceId,
    pub(crate) path: &'p SpecPath,
    pub(crate) area: AreaId,
    pub(crate) hint: &'p str,
}

impl Lowerer<'_, '_> {
    /// Lowers a named schema's definition into the schema `id`.
    pub(crate) fn lower_named_schema(&mut self, id: SchemaId, spec: &TypeSpec, site: &Site<'_>) {
        for (flag, set) in [("optional", spec.optional), ("nullable", spec.nullable)] {
            if set {
                self.reporter.error(
                    site.source,
                    &site.path.key(flag),
                    format!("`{flag}` describes a property, not a named schema; set it where the schema is used"),
                );
            }
        }
        let kind = match self.schema_kind(spec, site) {
            Some(kind) => {
                if spec.newtype {
                    self.not_a_newtype(site);
                }
                kind
            }
            None if spec.newtype => {
                let ty = self.lower_type(spec, site);
                if !matches!(ty, Type::Integer { .. } | Type::String { .. }) {
                    self.not_a_newtype(site);
                }
                SchemaKind::Newtype(ty)
            }
            None => SchemaKind::Alias(self.lower_type(spec, site)),
        };
        self.api.schemas[id.0].kind = kind;
    }

    fn not_a_newtype(&mut self, site: &Site<'_>) {
        self.reporter.error(
            site.source,
            &site.path.key("newtype"),
            "`newtype` wraps an integer or a string (an id); this schema is neither",
        );
    }

    /// Lowers a type used somewhere (a property, an item, a parameter, a body).
    pub(crate) fn lower_type(&mut self, spec: &TypeSpec, site: &Site<'_>) -> Type {
        if let Some(reference) = &spec.reference {
            self.only_with_ref(spec, site);
            return match self.resolve(reference, site.source, &site.path.key("ref")) {
                Some(id) => Type::Schema(id),
                None => Type::Any,
            };
        }
        if self.schema_kind_wanted(spec) {
            let id = self.synthesize(site, spec.description.clone());
            if let Some(kind) = self.schema_kind(spec, site) {
                self.api.schemas[id.0].kind = kind;
            }
            return Type::Schema(id);
        }
        let Some(kind) = spec.kind else {
            self.reporter.error(
                site.source,
                site.path,
                "a type needs `type:`, `ref:` or `one_of:`",
            );
            return Type::Any;
        };
        self.check_keywords(spec, kind, site);
        match kind {
            Kind::String => match spec.format {
                None => Type::String {
                    format: StringFormat::Plain,
                },
                Some(Format::DateTime) => Type::DateTime,
                Some(Format::Uri) => Type::String {
                    format: StringFormat::Uri,
                },
                Some(Format::Email) => Type::String {
                    format: StringFormat::Email,
                },
                Some(other) => {
                    self.bad_format(other, kind, site);
                    Type::String {
                        format: StringFormat::Plain,
                    }
                }
            },
            Kind::Integer => match spec.format {
                None | Some(Format::Int64) => Type::Integer { bits32: false },
                Some(Format::Int32) => Type::Integer { bits32: true },
                Some(other) => {
                    self.bad_format(other, kind, site);
                    Type::Integer { bits32: false }
                }
            },
            Kind::Number => Type::Number,
            Kind::Boolean => Type::Boolean,
            Kind::Any => Type::Any,
            Kind::Array => match &spec.items {
                Some(items) => {
                    let path = site.path.key("items");
                    let hint = format!("{}-item", site.hint);
                    let item = self.lower_type(
                        items,
                        &Site {
                            path: &path,
                            hint: &hint,
                            ..*site
                        },
                    );
                    Type::Array(Box::new(item))
                }
                None => {
                    self.reporter
                        .error(site.source, site.path, "an `array` needs `items:`");
                    Type::Array(Box::new(Type::Any))
                }
            },
            Kind::Map => match &spec.values {
                Some(values) => {
                    let path = site.path.key("values");
                    let hint = format!("{}-value", site.hint);
                    let value = self.lower_type(
                        values,
                        &Site {
                            path: &path,
                            hint: &hint,
                            ..*site
                        },
                    );
                    Type::Map(Box::new(value))
                }
                None => Type::Map(Box::new(Type::Any)),
            },
            Kind::Object => {
                self.reporter.error(
                    site.source,
                    site.path,
                    "an `object` needs `properties:`; for a free-form object use `type: map`",
                );
                Type::Any
            }
        }
    }

    /// Whether the spec describes something that needs a Rust type of its own.
    fn schema_kind_wanted(&self, spec: &TypeSpec) -> bool {
        spec.one_of.is_some()
            || (spec.kind == Some(Kind::Object) && spec.properties.is_some())
            || (spec.kind == Some(Kind::String) && spec.enum_values.is_some())
    }

    /// The struct, enum or one-of a spec describes, if it describes one.
    fn schema_kind(&mut self, spec: &TypeSpec, site: &Site<'_>) -> Option<SchemaKind> {
        if !self.schema_kind_wanted(spec) || spec.reference.is_some() {
            return None;
        }
        if let Some(alternatives) = &spec.one_of {
            if spec.kind.is_some() {
                self.reporter.error(
                    site.source,
                    &site.path.key("type"),
                    "`one_of` takes no `type:`",
                );
            }
            return Some(self.one_of(alternatives, site));
        }
        let kind = spec.kind.expect("checked by schema_kind_wanted");
        self.check_keywords(spec, kind, site);
        match (&spec.properties, &spec.enum_values) {
            (Some(properties), _) => Some(SchemaKind::Object(self.fields(properties, site))),
            (None, Some(values)) => Some(SchemaKind::Enum(self.variants(values, site))),
            (None, None) => None,
        }
    }

    fn fields(
        &mut self,
        properties: &indexmap::IndexMap<String, TypeSpec>,
        site: &Site<'_>,
    ) -> Vec<Field> {
        let mut fields: Vec<Field> = Vec::new();
        let properties_path = site.path.key("properties");
        for (name, property) in properties {
            let path = properties_path.key(name);
            let hint = format!("{}-{}", site.hint, name);
            let rust_name = ident::field(name);
            if property.newtype {
                self.reporter.key_error(
                    site.source,
                    &path.key("newtype"),
                    "`newtype` makes a named schema a type of its own; declare one under `schemas:` and `ref:` it here",
                );
            }
            if property.runtime {
                self.reporter.key_error(
                    site.source,
                    &path.key("runtime"),
                    "`runtime` says a named schema's type is written in the runtime crate; declare one under `schemas:` and `ref:` it here",
                );
            }
            if let Some(clash) = fields.iter().find(|f| f.rust_name == rust_name) {
                self.reporter.key_error(
                    site.source,
                    &path,
                    format!(
                        "properties `{}` and `{name}` would both be the Rust field `{rust_name}`",
                        clash.name
                    ),
                );
            }
            // Docs on every public item: without a description the field's docs would only
            // repeat its name ("The `node_id` field.").
            if property.description.is_none() {
                self.reporter.key_warning(
                    site.source,
                    &path,
                    format!("property `{name}` has no `description`; its docs would only say \"The `{name}` field.\""),
                );
            }
            let ty = self.lower_type(
                property,
                &Site {
                    path: &path,
                    hint: &hint,
                    ..*site
                },
            );
            fields.push(Field {
                name: name.clone(),
                rust_name,
                ty,
                required: !property.optional,
                nullable: property.nullable,
                boxed: false,
                description: property.description.clone(),
            });
        }
        fields
    }

    fn variants(&mut self, values: &[String], site: &Site<'_>) -> Vec<EnumVariant> {
        let mut variants: Vec<EnumVariant> = Vec::new();
        let path = site.path.key("enum");
        if values.is_empty() {
            self.reporter
                .error(site.source, &path, "an `enum` needs at least one value");
        }
        for (index, value) in values.iter().enumerate() {
            let rust_name = ident::variant(value);
            if rust_name == UNKNOWN_VARIANT {
                self.reporter.error(
                    site.source,
                    &path.index(index),
                    format!("the value `{value}` would be the variant `{UNKNOWN_VARIANT}`, which keeps values the spec does not list"),
                );
            } else if let Some(clash) = variants.iter().find(|v| v.rust_name == rust_name) {
                let message = if clash.value == *value {
                    format!("the value `{value}` is listed twice")
                } else {
                    format!(
                        "values `{}` and `{value}` would both be the variant `{rust_name}`",
                        clash.value
                    )
                };
                self.reporter
                    .error(site.source, &path.index(index), message);
            }
            variants.push(EnumVariant {
                value: value.clone(),
                rust_name,
            });
        }
        variants
    }

    fn one_of(
        &mut self,
        alternatives: &indexmap::IndexMap<String, TypeSpec>,
        site: &Site<'_>,
    ) -> SchemaKind {
        let mut variants: Vec<OneOfVariant> = Vec::new();
        let base = site.path.key("one_of");
        for (name, spec) in alternatives {
            let path = base.key(name);
            let hint = format!("{}-{}", site.hint, name);
            let ty = self.lower_type(
                spec,
                &Site {
                    path: &path,
                    hint: &hint,
                    ..*site
                },
            );
            // Each alternative gets a `From` impl, so no two may share a type.
            if variants.iter().any(|v| v.ty == ty) {
                self.reporter.key_error(
                    site.source,
                    &path,
                    format!("alternative `{name}` has the same type as an earlier one"),
                );
            }
            variants.push(OneOfVariant {
                rust_name: ident::camel(name),
                ty,
                boxed: false,
                description: spec.description.clone(),
            });
        }
        if variants.len() < 2 {
            self.reporter.error(
                site.source,
                &base,
                "`one_of` needs at least two alternatives",
            );
        }
        SchemaKind::OneOf(variants)
    }

    /// A new schema for an inline definition, named by the site's hint.
    fn synthesize(&mut self, site: &Site<'_>, description: Option<String>) -> SchemaId {
        let id = SchemaId(self.api.schemas.len());
        let rust_name = ident::camel(site.hint);
        self.api.schemas.push(Schema {
            name: site.hint.to_owned(),
            rust_name: rust_name.clone(),
            area: site.area,
            description,
            kind: SchemaKind::Alias(Type::Any),
            in_runtime: false,
        });
        self.claim_type_name(&rust_name, site.source, site.path, id);
        id
    }

    /// `ref:` may carry a description, `optional`, `nullable` and an example, nothing else.
    fn only_with_ref(&mut self, spec: &TypeSpec, site: &Site<'_>) {
        let extra = [
            ("type", spec.kind.is_some()),
            ("format", spec.format.is_some()),
            ("enum", spec.enum_values.is_some()),
            ("items", spec.items.is_some()),
            ("values", spec.values.is_some()),
            ("properties", spec.properties.is_some()),
            ("one_of", spec.one_of.is_some()),
        ];
        for (key, present) in extra {
            if present {
                self.reporter.key_error(
                    site.source,
                    &site.path.key(key),
                    format!("`{key}` cannot be combined with `ref`; the referenced schema defines the type"),
                );
            }
        }
    }

    /// Keys that only make sense for another `type:`.
    fn check_keywords(&mut self, spec: &TypeSpec, kind: Kind, site: &Site<'_>) {
        let misplaced = [
            ("enum", spec.enum_values.is_some() && kind != Kind::String),
            ("items", spec.items.is_some() && kind != Kind::Array),
            ("values", spec.values.is_some() && kind != Kind::Map),
            (
                "properties",
                spec.properties.is_some() && kind != Kind::Object,
            ),
        ];
        for (key, wrong) in misplaced {
            if wrong {
                self.reporter.key_error(
                    site.source,
                    &site.path.key(key),
                    format!("`{key}` does not apply to `type: {}`", kind_name(kind)),
                );
            }
        }
        if spec.format.is_some() && !matches!(kind, Kind::String | Kind::Integer) {
            self.reporter.key_error(
                site.source,
                &site.path.key("format"),
                format!("`format` does not apply to `type: {}`", kind_name(kind)),
            );
        }
    }

    fn bad_format(&mut self, format: Format, kind: Kind, site: &Site<'_>) {
        self.reporter.error(
            site.source,
            &site.path.key("format"),
            format!(
                "format `{}` does not apply to `type: {}`",
                format_name(format),
                kind_name(kind)
            ),
        );
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::String => "string",
        Kind::Integer => "integer",
        Kind::Number => "number",
        Kind::Boolean => "boolean",
        Kind::Array => "array",
        Kind::Object => "object",
        Kind::Map => "map",
        Kind::Any => "any",
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::DateTime => "date-time",
        Format::Uri => "uri",
        Format::Email => "email",
        Format::Int32 => "int32",
        Format::Int64 => "int64",
    }
}
