//! Rust types for model types, and the `use` lines a file needs for them.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::lower::model::{Api, AreaId, SchemaKind, StringFormat, Type};
use crate::lower::named_values::{is_named, type_name};

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

    /// Records `use module::*;`: how models are imported, so that referring to one more model
    /// does not change (and re-wrap) a `use` list.
    pub(crate) fn add_glob(&mut self, module: &str) {
        self.add(module, "*");
    }

    /// The `use` items, one per module.
    pub(crate) fn tokens(&self) -> TokenStream {
        let items = self.by_module.iter().map(|(module, names)| {
            let path = module.split("::").map(ident::ident);
            if names.contains("*") {
                return quote! { use #(#path::)**; };
            }
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
    /// The module models are imported from (`super`, `crate::models`, or the crate's name).
    models_module: &'static str,
    /// Models of this area are in scope already (in the area's own models file).
    local_area: Option<AreaId>,
    pub(crate) imports: Imports,
}

impl<'a> TypeWriter<'a> {
    pub(crate) fn new(
        api: &'a Api,
        models_module: &'static str,
        local_area: Option<AreaId>,
    ) -> Self {
        Self {
            api,
            models_module,
            local_area,
            imports: Imports::default(),
        }
    }

    /// The Rust type of `ty`: in a field, an item, a body or a parameter.
    pub(crate) fn rust(&mut self, ty: &Type) -> TokenStream {
        match ty {
            Type::Boolean => quote!(bool),
            Type::Integer { bits32: true } => quote!(i32),
            Type::Integer { bits32: false } => quote!(i64),
            Type::Number => quote!(f64),
            Type::String { .. } => quote!(String),
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
                let item = self.rust(item);
                quote!(Vec<#item>)
            }
            Type::Map(value) => {
                self.imports.add("std::collections", "BTreeMap");
                let value = self.rust(value);
                // Keys stay `String`: they are few, and `BTreeMap<String, _>` is what callers
                // look values up in and build.
                quote!(BTreeMap<String, #value>)
            }
            Type::Schema(id) => {
                let schema = self.api.schema(*id);
                if self.local_area != Some(schema.area) {
                    self.imports.add_glob(self.models_module);
                }
                let name = ident::ident(&schema.rust_name);
                quote!(#name)
            }
        }
    }

    /// An argument type and the expression that turns the argument into the stored value:
    /// strings, one-ofs and newtypes (ids) take `impl Into<…>`; lists take any iterable of what
    /// converts into their items (`impl IntoIterator<Item = impl Into<String>>`, so
    /// `["a", "b"]` and `[1, 2]` pass as they are); everything else its own type.
    pub(crate) fn argument(&mut self, ty: &Type, name: &TokenStream) -> (TokenStream, TokenStream) {
        if let Type::Array(item) = ty {
            let item = self.rust(item);
            return (
                quote!(impl IntoIterator<Item = impl Into<#item>>),
                quote!(#name.into_iter().map(Into::into).collect()),
            );
        }
        let rust = self.rust(ty);
        if self.takes_into(ty) {
            (quote!(impl Into<#rust>), quote!(#name.into()))
        } else {
            (rust, quote!(#name))
        }
    }

    /// [`Self::argument`] for a required query parameter or body field: a plain boolean or
    /// number is taken as its named value (`days: Days`, stored as `days.0`; see
    /// `lower::named_values`), imported from the `operations` module.
    pub(crate) fn required_argument(
        &mut self,
        rust_name: &str,
        ty: &Type,
        name: &TokenStream,
    ) -> (TokenStream, TokenStream) {
        if !is_named(ty) {
            return self.argument(ty, name);
        }
        let named = type_name(rust_name);
        self.imports.add("super", &named);
        let named = ident::ident(&named);
        (quote!(#named), quote!(#name.0))
    }

    fn takes_into(&self, ty: &Type) -> bool {
        match ty {
            Type::String { .. } => true,
            Type::Schema(id) => matches!(
                self.api.schema(*id).kind,
                SchemaKind::OneOf(_) | SchemaKind::Newtype(_)
            ),
            _ => false,
        }
    }
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
