//! Emits the models of one area: a struct per object, an enum per string enum or one-of, a
//! type alias per other named type.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::lower::model::{
    Api, AreaId, EnumVariant, Field, OneOfVariant, Schema, SchemaKind, Type,
};

use super::docs::Docs;
use super::types::{describe, TypeWriter};

/// The items of `area`'s models file (without imports, which `types` returns).
pub(crate) fn area_models(api: &Api, area: AreaId, types: &mut TypeWriter<'_>) -> TokenStream {
    let docs_url = &api.area(area).docs_url;
    let items = api
        .schemas
        .iter()
        .enumerate()
        .filter(|(_, schema)| schema.area == area)
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
            let page = page_impl(api, index, schema, types);
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
    types.imports.add("serde", "Deserialize");
    types.imports.add("serde", "Serialize");
    let fields = fields.iter().map(|field| {
        let mut docs = Docs::new();
        match &field.description {
            Some(description) => docs.prose(description),
            None => docs.markdown(&format!("The `{}` field.", field.name)),
        };
        let docs = docs.outer();
        let rust_name = ident::ident(&field.rust_name);
        let rename = (ident::plain(&field.rust_name) != field.name).then(|| {
            let json = &field.name;
            quote! { #[serde(rename = #json)] }
        });
        let inner = types.rust(&field.ty);
        let (ty, attrs) = match (field.required, field.nullable) {
            (true, false) => (inner, quote!()),
            (true, true) => (quote!(Option<#inner>), quote!()),
            (false, false) => (
                quote!(Option<#inner>),
                quote! { #[serde(default, skip_serializing_if = "Option::is_none")] },
            ),
            // Missing (`None`) and `null` (`Some(None)`) are different answers here.
            (false, true) => (
                quote!(Option<Option<#inner>>),
                quote! {
                    #[serde(
                        default,
                        skip_serializing_if = "Option::is_none",
                        with = "::serde_with::rust::double_option"
                    )]
                },
            ),
        };
        quote! { #docs #rename #attrs pub #rust_name: #ty, }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
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
                let value = String::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
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
    let tys: Vec<_> = variants.iter().map(|v| types.rust(&v.ty)).collect();
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
fn page_impl(
    api: &Api,
    index: usize,
    schema: &Schema,
    types: &mut TypeWriter<'_>,
) -> Option<TokenStream> {
    let pagination = api.operations.iter().find_map(|operation| {
        let paginates_this = matches!(
            &operation.success,
            crate::lower::model::Success::Json { ty: Type::Schema(id), .. } if id.0 == index
        );
        operation.pagination.as_ref().filter(|_| paginates_this)
    })?;
    types.imports.add("crate", "Page");
    let name = ident::ident(&schema.rust_name);
    let item = types.rust(&pagination.item);
    let field = ident::ident(&pagination.rust_field);
    let doc = format!(" The items are in `{}`.", pagination.field);
    Some(quote! {
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
    })
}
