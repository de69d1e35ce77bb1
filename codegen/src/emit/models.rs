//! Emits the models of one area: a struct per object, an enum per string enum or one-of, a
//! type alias per other named type.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use std::collections::HashMap;

use crate::lower::model::{
    Api, AreaId, EnumVariant, Field, OneOfVariant, Pagination, Schema, SchemaId, SchemaKind,
    Success, Type,
};

use super::docs::Docs;
use super::types::{describe, Place, TypeWriter};

/// Which schemas are pages of a paginated list, by schema index: the pagination that reads them.
pub(crate) type PaginatedSchemas<'a> = HashMap<usize, &'a Pagination>;

/// The schemas that operations paginate, each with the first operation's pagination.
pub(crate) fn paginated_schemas(api: &Api) -> PaginatedSchemas<'_> {
    let mut pages = HashMap::new();
    for operation in &api.operations {
        if let (
            Some(pagination),
            Success::Json {
                ty: Type::Schema(id),
                ..
            },
        ) = (&operation.pagination, &operation.success)
        {
            pages.entry(id.0).or_insert(pagination);
        }
    }
    pages
}

/// The items of `area`'s models file (without imports, which `types` returns): the schemas
/// at `schemas` (indices into `api.schemas`).
pub(crate) fn area_models(
    api: &Api,
    area: AreaId,
    schemas: &[usize],
    pages: &PaginatedSchemas<'_>,
    types: &mut TypeWriter<'_>,
) -> TokenStream {
    let docs_url = &api.area(area).docs_url;
    let items = schemas
        .iter()
        .map(|&index| (index, api.schema(SchemaId(index))))
        .map(|(index, schema)| {
            let mut docs = Docs::new();
            docs.prose(
                schema
                    .description
                    .as_deref()
                    .unwrap_or(&fallback_description(&schema.name)),
            );
            docs.markdown(&format!("[GitHub docs]({docs_url})"));
            let docs = docs.outer();
            let name = ident::ident(&schema.rust_name);
            let body = match &schema.kind {
                SchemaKind::Object(fields) => object(&name, fields, types),
                SchemaKind::Enum(variants) => string_enum(&name, variants),
                SchemaKind::OneOf(variants) => one_of(&name, variants, types),
                SchemaKind::Alias(ty) => {
                    let ty = types.rust(ty);
                    quote! { pub type #name = #ty; }
                }
            };
            let page = pages
                .get(&index)
                .map(|pagination| page_impl(schema, pagination, types));
            quote! { #docs #body #page }
        });
    quote! { #(#items)* }
}

/// "Artifact workflow run" for `artifact-workflow_run`: a schema needs docs even when the spec
/// has no description for it.
fn fallback_description(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

fn object(name: &proc_macro2::Ident, fields: &[Field], types: &mut TypeWriter<'_>) -> TokenStream {
    let member_types: Vec<_> = fields
        .iter()
        .map(|field| member_type(field, types))
        .collect();
    let members = fields.iter().zip(&member_types).map(|(field, ty)| {
        let mut docs = Docs::new();
        match &field.description {
            Some(description) => docs.prose(description),
            None => docs.markdown(&format!("The `{}` field.", field.name)),
        };
        let docs = docs.outer();
        let rust_name = ident::ident(&field.rust_name);
        quote! { #docs pub #rust_name: #ty, }
    });
    let members: Vec<_> = members.collect();
    let serialize = serialize_object(name, fields, types);
    let deserialize = deserialize_object(name, fields, &member_types, types);
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#members)*
        }

        #serialize
        #deserialize
    }
}

/// The Rust type of a struct member: `Option`s for optional and nullable fields, a `Box` for
/// a large object (see `Field::boxed`).
fn member_type(field: &Field, types: &mut TypeWriter<'_>) -> TokenStream {
    let inner = types.rust(&field.ty);
    let inner = if field.boxed {
        quote!(Box<#inner>)
    } else {
        inner
    };
    match (field.required, field.nullable) {
        (true, false) => inner,
        (true, true) | (false, false) => quote!(Option<#inner>),
        // Missing (`None`) and `null` (`Some(None)`) are different answers here.
        (false, true) => quote!(Option<Option<#inner>>),
    }
}

/// `impl Serialize`: required fields always, optional ones when they are `Some` (an optional
/// and nullable field that is `Some(None)` is written as `null`). The impl hands a table of
/// the fields to the runtime's `serialize_object`, which writes them: a table entry costs the
/// crate's build far less than a generic `serialize_field` call per field.
fn serialize_object(
    name: &proc_macro2::Ident,
    fields: &[Field],
    types: &mut TypeWriter<'_>,
) -> TokenStream {
    types.imports.add("serde", "Serialize");
    types.imports.add("serde", "Serializer");
    types.imports.add("crate::runtime", "serialize_object");
    if fields.iter().any(|field| !field.required) {
        types.imports.add("crate::runtime", "present");
    }
    let type_name = name.to_string();
    let entries = fields.iter().map(|field| {
        let rust_name = ident::ident(&field.rust_name);
        let json = &field.name;
        if field.required {
            quote! { (#json, Some(&self.#rust_name)) }
        } else {
            quote! { (#json, present(&self.#rust_name)) }
        }
    });
    quote! {
        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serialize_object(serializer, #type_name, &[#(#entries),*])
            }
        }
    }
}

/// `impl Deserialize` through a map visitor: each key is matched borrowed against the JSON
/// field names, unknown keys are skipped, and a missing required field is an error naming it.
/// A missing nullable field reads as `None`, as it does with `#[derive(Deserialize)]`.
fn deserialize_object(
    name: &proc_macro2::Ident,
    fields: &[Field],
    member_types: &[TokenStream],
    types: &mut TypeWriter<'_>,
) -> TokenStream {
    types.imports.add("serde", "Deserialize");
    types.imports.add("serde", "Deserializer");
    types.imports.add("serde::de", "MapAccess");
    types.imports.add("serde::de", "Visitor");
    types.imports.add("crate::runtime", "ObjectKey");
    let visitor = quote::format_ident!("{}Visitor", name);
    let expecting = format!("an object for `{name}`");
    let visitor_doc = format!(" Reads a [`{name}`] from an object.");
    // A local per field, named after it, but for fields that would shadow the visitor's own
    // names (`VISITOR_NAMES`).
    let locals: Vec<_> = fields
        .iter()
        .map(|field| match field.rust_name.as_str() {
            name if VISITOR_NAMES.contains(&name) => quote::format_ident!("{name}_field"),
            _ => ident::ident(&field.rust_name),
        })
        .collect();
    // Each local's type is written out: left to inference, the type of every local in a
    // hundred-field visitor was only known at its end, which cost a fifth of the work
    // `cargo check` did over the crate.
    let local_types = fields.iter().zip(member_types).map(|(field, ty)| {
        if field.required && !field.nullable {
            quote!(Option<#ty>)
        } else {
            ty.clone()
        }
    });
    let arms: Vec<_> = fields
        .iter()
        .zip(&locals)
        .map(|(field, local)| {
            let json = &field.name;
            let read = read_into(field, local, types);
            quote! { #json => #read, }
        })
        .collect();
    types.imports.add("crate::runtime", "skip_value");
    let inits: Vec<TokenStream> = fields
        .iter()
        .zip(&locals)
        .map(|(field, local)| {
            let rust_name = ident::ident(&field.rust_name);
            if rust_name == *local {
                quote! { #local, }
            } else {
                quote! { #rust_name: #local, }
            }
        })
        .collect();
    // Required non-null fields are `Option`s until the object is read: the object is built
    // in one `match` with a single exit for a missing field. (A `?` per field made every
    // early return drop all the fields read so far, and the compiled code grew with the square
    // of the field count: most of the crate's build time went to the 100-field repository.)
    let (required_locals, required_names): (Vec<_>, Vec<_>) = fields
        .iter()
        .zip(&locals)
        .filter(|(field, _)| field.required && !field.nullable)
        .map(|(field, local)| (local.clone(), field.name.clone()))
        .unzip();
    let build = if required_locals.is_empty() {
        quote! { Ok(#name { #(#inits)* }) }
    } else {
        types.imports.add("crate::runtime", "missing_field");
        quote! {
            match (#(#required_locals,)*) {
                (#(Some(#required_locals),)*) => Ok(#name { #(#inits)* }),
                (#(#required_locals,)*) => Err(missing_field(&[#((#required_names, #required_locals.is_none())),*])),
            }
        }
    };
    let map = if fields.is_empty() {
        quote!(map)
    } else {
        quote!(mut map)
    };
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(#visitor)
            }
        }

        #[doc = #visitor_doc]
        struct #visitor;

        impl<'de> Visitor<'de> for #visitor {
            type Value = #name;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(#expecting)
            }

            fn visit_map<A: MapAccess<'de>>(self, #map: A) -> Result<#name, A::Error> {
                #(let mut #locals: #local_types = None;)*
                while let Some(key) = map.next_key::<ObjectKey<'de>>()? {
                    match key.as_str() {
                        #(#arms)*
                        _ => skip_value(&mut map),
                    }?;
                }
                #build
            }
        }
    }
}

/// Names a visitor uses itself (its map, the key, and the runtime helpers it calls), which a
/// field's local must not shadow.
const VISITOR_NAMES: &[&str] = &[
    "map",
    "key",
    "missing_field",
    "skip_value",
    "value_into",
    "nullable_into",
    "date_time_into",
    "nullable_date_time_into",
];

/// The call that reads a field's value into its local. The local holds `Option<field type>`
/// for required non-null fields (`None`: not seen yet) and for optional nullable ones
/// (`Some(None)`: `null`), so those store `Some(value)`; otherwise it holds the field type as
/// it is, where a missing key and `null` are both `None`. Date-times are read through the
/// runtime's fast path. Each call returns a `Result`, and the visitor has one `?` for all
/// of them: a `?` per field was a tenth of the time rustc took to check the crate.
fn read_into(field: &Field, local: &proc_macro2::Ident, types: &mut TypeWriter<'_>) -> TokenStream {
    // Whether the value read may be `null`: all but the required, non-null fields.
    let nullable = !field.required || field.nullable;
    let reader = match (matches!(field.ty, Type::DateTime), nullable) {
        (true, false) => "date_time_into",
        (true, true) => "nullable_date_time_into",
        (false, false) => "value_into",
        (false, true) => "nullable_into",
    };
    // An optional nullable field that is present is `Some`, even when its value is `null`.
    let slot = if !field.required && field.nullable {
        quote!(#local.insert(None))
    } else {
        quote!(&mut #local)
    };
    types.imports.add("crate::runtime", reader);
    let reader = ident::ident(reader);
    quote!(#reader(&mut map, #slot))
}

fn string_enum(name: &proc_macro2::Ident, variants: &[EnumVariant]) -> TokenStream {
    let unknown = ident::ident(crate::lower::UNKNOWN_VARIANT);
    let names: Vec<_> = variants
        .iter()
        .map(|v| ident::ident(&v.rust_name))
        .collect();
    let values: Vec<_> = variants.iter().map(|v| &v.value).collect();
    let docs = values.iter().map(|value| format!(" `{value}`"));
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#[doc = #docs] #names,)*
            /// A value this client does not know yet (GitHub added it after the spec was
            /// written), kept as sent.
            #unknown(String),
        }

        impl #name {
            /// The value as GitHub writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #values,)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#names,)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::string_enum(deserializer)
            }
        }
    }
}

fn one_of(
    name: &proc_macro2::Ident,
    variants: &[OneOfVariant],
    types: &mut TypeWriter<'_>,
) -> TokenStream {
    types.imports.add("serde", "Deserialize");
    types.imports.add("serde", "Serialize");
    let api = types.api;
    let names: Vec<_> = variants
        .iter()
        .map(|v| ident::ident(&v.rust_name))
        .collect();
    // One-ofs are parameters' types (`WorkflowId`: an id or a file name), so their strings are
    // a parameter's `String`.
    let tys: Vec<_> = variants
        .iter()
        .map(|v| types.rust_in(&v.ty, Place::Parameter))
        .collect();
    let docs = variants.iter().map(|variant| {
        let mut docs = Docs::new();
        docs.prose(
            variant
                .description
                .as_deref()
                .unwrap_or(&format!("A {}.", describe(api, &variant.ty))),
        );
        docs.outer()
    });
    let froms = variants
        .iter()
        .zip(&names)
        .zip(&tys)
        .map(|((variant, variant_name), ty)| {
            let from_str = matches!(variant.ty, Type::String { .. }).then(|| {
                quote! {
                    impl From<&str> for #name {
                        fn from(value: &str) -> Self {
                            Self::#variant_name(value.to_owned())
                        }
                    }
                }
            });
            quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self::#variant_name(value)
                    }
                }

                #from_str
            }
        });
    // Parameters are sent as text, so a one-of over scalars displays as its value.
    let scalar = variants.iter().all(|v| is_displayable(api, &v.ty));
    let display = scalar.then(|| {
        quote! {
            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        #(Self::#names(value) => value.fmt(f),)*
                    }
                }
            }
        }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#docs #names(#tys),)*
        }

        #(#froms)*

        #display
    }
}

/// Whether `Display` prints the value as it goes on the wire.
fn is_displayable(api: &Api, ty: &Type) -> bool {
    match ty {
        Type::Boolean | Type::Integer { .. } | Type::Number | Type::String { .. } => true,
        Type::Schema(id) => matches!(api.schema(*id).kind, SchemaKind::Enum(_)),
        _ => false,
    }
}

/// `impl Page` for a list response that an operation paginates.
fn page_impl(schema: &Schema, pagination: &Pagination, types: &mut TypeWriter<'_>) -> TokenStream {
    types.imports.add("crate", "Page");
    let name = ident::ident(&schema.rust_name);
    let item = types.rust(&pagination.item);
    let field = ident::ident(&pagination.rust_field);
    let doc = format!(" The items are in `{}`.", pagination.field);
    quote! {
        #[doc = #doc]
        impl Page for #name {
            type Item = #item;

            fn items(&self) -> &[#item] {
                &self.#field
            }

            fn into_items(self) -> Vec<#item> {
                self.#field
            }
        }
    }
}
