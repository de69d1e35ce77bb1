//! Rust types for model types, and the `use` lines a file needs for them.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::lower::model::{Api, AreaId, SchemaKind, StringFormat, Type};

/// The `use` items of one generated file, sorted so that output is stable.
#[derive(Default)]
pub(crate) struct Imports {
    by_module: BTreeMap<String, BTreeSet<String>>,
}

impl Imports {
    /// Records `use module::name;`.
    pub(crate) fn add(&mut self, module: &str, name: &str) {
        self.by_module
            .entry(module.to_owned())
            .or_default()
            .insert(name.to_owned());
    }

    /// The `use` items, one per module.
    pub(crate) fn tokens(&self) -> TokenStream {
        let items = self.by_module.iter().map(|(module, names)| {
            let path = module.split("::").map(ident::ident);
            let names: Vec<_> = names.iter().map(|n| ident::ident(n)).collect();
            if names.len() == 1 {
                let name = &names[0];
                quote! { use #(#path::)*#name; }
            } else {
                quote! { use #(#path::)*{#(#names),*}; }
            }
        });
        quote! { #(#items)* }
    }
}

/// Writes type expressions for one file, recording the imports they need.
pub(crate) struct TypeWriter<'a> {
    pub(crate) api: &'a Api,
    /// The crate's root, where runtime types are imported from (`crate`, or the crate's name).
    crate_module: &'static str,
    /// The module models are imported from (`super`, `crate::models`, or the crate's name).
    models_module: &'static str,
    /// Models of this area are in scope already (in the area's own models file).
    local_area: Option<AreaId>,
    pub(crate) imports: Imports,
}

impl<'a> TypeWriter<'a> {
    pub(crate) fn new(
        api: &'a Api,
        crate_module: &'static str,
        models_module: &'static str,
        local_area: Option<AreaId>,
    ) -> Self {
        Self {
            api,
            crate_module,
            models_module,
            local_area,
            imports: Imports::default(),
        }
    }

    /// The Rust type of `ty` in a model: a field, an item, a body.
    pub(crate) fn rust(&mut self, ty: &Type) -> TokenStream {
        self.rust_in(ty, Place::Model)
    }

    /// The Rust type of `ty` written in `place`.
    pub(crate) fn rust_in(&mut self, ty: &Type, place: Place) -> TokenStream {
        match ty {
            Type::Boolean => quote!(bool),
            Type::Integer { bits32: true } => quote!(i32),
            Type::Integer { bits32: false } => quote!(i64),
            Type::Number => quote!(f64),
            Type::String { .. } => self.string(place),
            Type::DateTime => {
                self.imports.add("chrono", "DateTime");
                self.imports.add("chrono", "Utc");
                quote!(DateTime<Utc>)
            }
            Type::Any => {
                self.imports.add("serde_json", "Value");
                quote!(Value)
            }
            Type::Array(item) => {
                let item = self.rust_in(item, place);
                quote!(Vec<#item>)
            }
            Type::Map(value) => {
                self.imports.add("std::collections", "BTreeMap");
                let value = self.rust_in(value, place);
                // Keys stay `String`: they are few, and `BTreeMap<String, _>` is what callers
                // look values up in and build.
                quote!(BTreeMap<String, #value>)
            }
            Type::Schema(id) => {
                let schema = self.api.schema(*id);
                if self.local_area != Some(schema.area) {
                    self.imports.add(self.models_module, &schema.rust_name);
                }
                let name = ident::ident(&schema.rust_name);
                quote!(#name)
            }
        }
    }

    /// The one place that decides the Rust type of a spec string (other than a date-time or an
    /// enum, which have types of their own).
    fn string(&mut self, place: Place) -> TokenStream {
        match place {
            Place::Model => {
                self.imports.add(self.crate_module, "Str");
                quote!(Str)
            }
            Place::Parameter => quote!(String),
        }
    }

    /// An argument type and the expression that turns the argument into the stored value:
    /// strings and one-ofs take `impl Into<…>`, everything else its own type.
    pub(crate) fn argument(
        &mut self,
        ty: &Type,
        place: Place,
        name: &TokenStream,
    ) -> (TokenStream, TokenStream) {
        let rust = self.rust_in(ty, place);
        if self.takes_into(ty) {
            (quote!(impl Into<#rust>), quote!(#name.into()))
        } else {
            (rust, quote!(#name))
        }
    }

    fn takes_into(&self, ty: &Type) -> bool {
        match ty {
            Type::String { .. } => true,
            Type::Schema(id) => matches!(self.api.schema(*id).kind, SchemaKind::OneOf(_)),
            _ => false,
        }
    }
}

/// Where a type is written, which decides what a spec string becomes (see
/// [`TypeWriter::string`]).
#[derive(Clone, Copy)]
pub(crate) enum Place {
    /// Model data, decoded from responses (and sent as request bodies): strings are the
    /// runtime's `Str`, which shares the response body it was decoded from instead of copying
    /// it, the bulk of the cost of decoding a page.
    Model,
    /// A path, query or header parameter, or an alternative of a one-of (a parameter's type,
    /// like `WorkflowId`): strings are `String`, what callers have at hand; they are never
    /// decoded from a large body.
    Parameter,
}

/// How a type reads in docs: `string (uri)`, `integer`, `array of Artifact`.
pub(crate) fn describe(api: &Api, ty: &Type) -> String {
    match ty {
        Type::Boolean => "boolean".into(),
        Type::Integer { .. } => "integer".into(),
        Type::Number => "number".into(),
        Type::String {
            format: StringFormat::Plain,
        } => "string".into(),
        Type::String {
            format: StringFormat::Uri,
        } => "URI".into(),
        Type::String {
            format: StringFormat::Email,
        } => "email address".into(),
        Type::DateTime => "date-time".into(),
        Type::Any => "any JSON".into(),
        Type::Array(item) => format!("array of {}", describe(api, item)),
        Type::Map(value) => format!("map of {}", describe(api, value)),
        Type::Schema(id) => format!("[`{}`]", api.schema(*id).rust_name),
    }
}
