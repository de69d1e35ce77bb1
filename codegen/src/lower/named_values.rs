//! Named values: how a required boolean or number reads at the call site.
//!
//! A required query parameter or body field becomes a positional argument of its `Client`
//! method, and `set_github_actions_permissions_repository(o, r, true)` says nothing about what
//! `true` is. So every required argument whose type is a plain `boolean`, `integer` or `number`
//! (not an id newtype, not an enum) takes a type of its own named after it, without `From`
//! conversions: `Enabled(true)`, `Days(90)` (and so does a required field of an alternative of a
//! one-of body, in its `new`). The call then names each value, and a value that is
//! forgotten, swapped with another or passed bare does not compile. Optional ones stay setters,
//! whose names already say what they set. Path parameters are names and ids (strings and id
//! newtypes) and are not concerned.
//!
//! One type per argument name across the API: `days` of two operations is one `Days`. The
//! types live in the `operations` module, beside the builders that take them.

use crate::ident;

use super::model::{Api, Field, Operation, Parameter, ParameterLocation, SchemaKind, Type};

/// The type of one named value (`Days(i64)`), shared by every operation that takes a required
/// argument of that name.
#[derive(Debug)]
pub struct NamedValue {
    /// The Rust type (`Days`).
    pub rust_name: String,
    /// The argument's name (`days`).
    pub argument: String,
    /// The wrapped type: boolean, integer or number.
    pub ty: Type,
    /// What the value means, from the first operation that takes it.
    pub description: Option<String>,
    /// The `Client` methods that take it, in spec order.
    pub methods: Vec<String>,
    /// Another operation takes an argument of this name with another type (a spec error,
    /// reported by the names check): `(its operation, its type)`.
    pub conflict: Option<(String, Type)>,
}

/// Whether a required argument of type `ty` is passed as a named value.
pub fn is_named(ty: &Type) -> bool {
    matches!(ty, Type::Boolean | Type::Integer { .. } | Type::Number)
}

/// The Rust name of the named value for the argument `argument` (`days` → `Days`).
pub fn type_name(argument: &str) -> String {
    ident::camel(ident::plain(argument).trim_end_matches('_'))
}

/// The required parameters (query and header) and body fields of `op` that are named values.
pub fn named_arguments<'a>(api: &'a Api, op: &'a Operation) -> Vec<NamedArgument<'a>> {
    let mut found = Vec::new();
    for parameter in &op.parameters {
        if parameter.required
            && parameter.location != ParameterLocation::Path
            && is_named(&parameter.ty)
        {
            found.push(NamedArgument::Parameter(parameter));
        }
    }
    let mut add_fields = |fields: &'a [Field]| {
        for field in fields {
            if field.required && is_named(&field.ty) {
                found.push(NamedArgument::Field(field));
            }
        }
    };
    if let Some(body) = &op.body {
        match &api.schema(body.schema).kind {
            SchemaKind::Object(fields) => add_fields(fields),
            // A one-of body's alternatives are built with `new(required fields…)`.
            SchemaKind::OneOf(variants) => {
                for variant in variants {
                    if let Type::Schema(id) = variant.ty {
                        if let SchemaKind::Object(fields) = &api.schema(id).kind {
                            add_fields(fields);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// A parameter or body field passed as a named value.
#[derive(Debug, Clone, Copy)]
pub enum NamedArgument<'a> {
    /// A query or header parameter.
    Parameter(&'a Parameter),
    /// A field of the request body.
    Field(&'a Field),
}

impl NamedArgument<'_> {
    fn parts(&self) -> (&str, &Type, Option<&str>) {
        match self {
            Self::Parameter(p) => (&p.rust_name, &p.ty, p.description.as_deref()),
            Self::Field(f) => (&f.rust_name, &f.ty, f.description.as_deref()),
        }
    }
}

/// Every named value of `api`, in the order operations first take them.
pub fn named_values(api: &Api) -> Vec<NamedValue> {
    let mut values: Vec<NamedValue> = Vec::new();
    for op in &api.operations {
        for argument in named_arguments(api, op) {
            let (name, ty, description) = argument.parts();
            let rust_name = type_name(name);
            match values.iter_mut().find(|v| v.rust_name == rust_name) {
                Some(value) => {
                    if value.ty != *ty && value.conflict.is_none() {
                        value.conflict = Some((op.name.clone(), ty.clone()));
                    }
                    if !value.methods.contains(&op.method_name) {
                        value.methods.push(op.method_name.clone());
                    }
                }
                None => values.push(NamedValue {
                    rust_name,
                    argument: ident::plain(name).to_owned(),
                    ty: ty.clone(),
                    description: description.map(str::to_owned),
                    methods: vec![op.method_name.clone()],
                    conflict: None,
                }),
            }
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_argument() {
        assert_eq!(type_name("days"), "Days");
        assert_eq!(type_name("use_default"), "UseDefault");
        assert_eq!(type_name("type_"), "Type");
    }

    #[test]
    fn only_plain_booleans_and_numbers_are_named() {
        assert!(is_named(&Type::Boolean));
        assert!(is_named(&Type::Integer { bits32: false }));
        assert!(is_named(&Type::Number));
        assert!(!is_named(&Type::String {
            format: super::super::model::StringFormat::Plain
        }));
        assert!(!is_named(&Type::Array(Box::new(Type::Boolean))));
    }
}
