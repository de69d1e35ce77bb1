//! Emits the models of one area as plain Rust: a struct per object and an enum per string enum,
//! both deriving serde's `Serialize` and `Deserialize`; an untagged enum per one-of; a newtype
//! per id; a type alias per other named type.
//!
//! A field is its docs, at most one `#[serde(…)]` line and the field itself: nothing else in
//! the file mentions it, so a field added to the spec is a diff of two or three lines.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::lower::model::{
    Api, AreaId, EnumVariant, Field, OneOfVariant, Operation, Pagination, Schema, SchemaId,
    SchemaKind, Success, Type,
};

use super::docs::Docs;
use super::features::{reachable, schemas_in};
use super::operations;
use super::types::{describe, TypeWriter};

/// What the models of every area need to know about the whole API.
pub(crate) struct ModelFacts<'a> {
    /// Schemas that are pages of a paginated list, with the pagination that reads them.
    pages: HashMap<usize, &'a Pagination>,
    /// Schemas only ever sent (request bodies and what they hold), never decoded from a
    /// response: there an optional, nullable field keeps three states (left out, `null`, a
    /// value), because GitHub gives `null` a meaning ("`null` removes it").
    request_only: HashSet<usize>,
    /// Object schemas whose every field has a `Default`, so the struct derives it.
    has_default: Vec<bool>,
    /// Schemas that are operations' request bodies, with those operations.
    bodies: HashMap<usize, Vec<&'a Operation>>,
    /// Objects a caller builds to call an operation (see `operations::built_objects`): they
    /// get a constructor beside their struct.
    built: HashSet<usize>,
}

impl<'a> ModelFacts<'a> {
    pub(crate) fn new(api: &'a Api) -> Self {
        Self {
            pages: paginated_schemas(api),
            request_only: request_only_schemas(api),
            has_default: defaults(api),
            bodies: bodies(api),
            built: api
                .operations
                .iter()
                .flat_map(|operation| operations::built_objects(api, operation))
                .map(|id| id.0)
                .collect(),
        }
    }
}

impl ModelFacts<'_> {
    /// Whether the object schema at `index` keeps three states for optional, nullable fields
    /// (`Option<Option<T>>`), as only-sent schemas do.
    pub(crate) fn three_states(&self, index: usize) -> bool {
        self.request_only.contains(&index)
    }
}

/// The request body schemas, each with the operations that send it.
fn bodies(api: &Api) -> HashMap<usize, Vec<&Operation>> {
    let mut bodies: HashMap<usize, Vec<&Operation>> = HashMap::new();
    for operation in &api.operations {
        if let Some(body) = &operation.body {
            bodies.entry(body.schema.0).or_default().push(operation);
        }
    }
    bodies
}

/// What a request body's struct is for: the read side. It is built only by the operation's
/// request builder (from its arguments and setters), and decoded from what a request
/// carried, as the fake GitHub's journal does.
fn body_docs(docs: &mut Docs, operations: &[&Operation]) {
    let links: Vec<String> = operations
        .iter()
        .map(|operation| {
            let method = ident::plain(&operation.method_name);
            format!("[`Client::{method}`](crate::Client::{method})")
        })
        .collect();
    docs.markdown(&format!(
        "The body of a {} request, as decoded from what the request carried: the `mock` feature's journal (`MockGitHub::received()`) returns it. No method takes one: to send a body, give the operation its arguments and setters, which fill it in. It is `#[non_exhaustive]`, so a field GitHub adds is not a breaking change.",
        links.join(" or ")
    ));
}

/// The schemas that operations paginate, each with the first operation's pagination.
fn paginated_schemas(api: &Api) -> HashMap<usize, &Pagination> {
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

/// Schemas reachable from a request body but from no response.
fn request_only_schemas(api: &Api) -> HashSet<usize> {
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for operation in &api.operations {
        if let Some(body) = &operation.body {
            sent.push(body.schema.0);
        }
        match &operation.success {
            Success::Json { ty, .. } => schemas_in(ty, &mut received),
            Success::Outcomes { outcomes, .. } => {
                for ty in outcomes.iter().filter_map(|outcome| outcome.body.as_ref()) {
                    schemas_in(ty, &mut received);
                }
            }
            Success::Empty { .. } | Success::Redirect { .. } => {}
        }
    }
    let received = reachable(api, received);
    reachable(api, sent)
        .into_iter()
        .filter(|index| !received.contains(index))
        .collect()
}

/// Which object schemas can derive `Default`: the largest set for which every required,
/// non-null field has a type with a `Default` (an `Option` always has one; an enum has none).
/// Found by striking out objects until nothing changes, so recursive objects work too.
fn defaults(api: &Api) -> Vec<bool> {
    let mut has_default: Vec<bool> = api
        .schemas
        .iter()
        .map(|schema| matches!(schema.kind, SchemaKind::Object(_)))
        .collect();
    loop {
        let mut changed = false;
        for (index, schema) in api.schemas.iter().enumerate() {
            let SchemaKind::Object(fields) = &schema.kind else {
                continue;
            };
            let all = fields.iter().all(|field| {
                !field.required || field.nullable || type_has_default(api, &has_default, &field.ty)
            });
            if has_default[index] && !all {
                has_default[index] = false;
                changed = true;
            }
        }
        if !changed {
            return has_default;
        }
    }
}

fn type_has_default(api: &Api, objects: &[bool], ty: &Type) -> bool {
    // Aliases may name aliases; the spec's chains are short, and a cycle (which `lower`
    // rejects) must not recurse forever here.
    let mut ty = ty;
    for _ in 0..16 {
        match ty {
            Type::Schema(id) => match &api.schema(*id).kind {
                SchemaKind::Object(_) => return objects[id.0],
                SchemaKind::Newtype(_) => return true,
                SchemaKind::Enum(_) | SchemaKind::OneOf(_) => return false,
                SchemaKind::Alias(inner) => ty = inner,
            },
            _ => return true,
        }
    }
    false
}

/// The items of `area`'s models file (without imports, which `types` returns): the schemas
/// at `schemas` (indices into `api.schemas`).
pub(crate) fn area_models(
    api: &Api,
    area: AreaId,
    schemas: &[usize],
    facts: &ModelFacts<'_>,
    types: &mut TypeWriter<'_>,
) -> TokenStream {
    let docs_url = &api.area(area).docs_url;
    let items = schemas.iter().map(|&index| {
        let schema = api.schema(SchemaId(index));
        if schema.in_runtime {
            // Its docs are the runtime's, shown through the re-export.
            let name = ident::ident(&schema.rust_name);
            return quote! { pub use github_actions_client_runtime::#name; };
        }
        let mut docs = Docs::new();
        docs.prose(
            schema
                .description
                .as_deref()
                .unwrap_or(&fallback_description(&schema.name)),
        );
        if let Some(operations) = facts.bodies.get(&index) {
            body_docs(&mut docs, operations);
        }
        docs.markdown(&format!("[GitHub docs]({docs_url})"));
        let docs = docs.outer();
        let name = ident::ident(&schema.rust_name);
        let body = match &schema.kind {
            SchemaKind::Object(fields) => {
                let shape = ObjectShape {
                    request_only: facts.request_only.contains(&index),
                    default: facts.has_default[index],
                };
                object(&name, fields, shape, types)
            }
            SchemaKind::Enum(variants) => string_enum(&name, variants, types),
            SchemaKind::OneOf(variants) => one_of(&name, variants, types),
            SchemaKind::Newtype(ty) => newtype(&name, ty, types),
            SchemaKind::Alias(ty) => {
                let ty = types.rust(ty);
                quote! { pub type #name = #ty; }
            }
        };
        let page = facts
            .pages
            .get(&index)
            .map(|pagination| page_impl(schema, pagination, types));
        let constructor = facts
            .built
            .contains(&index)
            .then(|| operations::object_constructor(api, SchemaId(index), facts, types));
        quote! { #docs #body #page #constructor }
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

/// How an object's struct is declared.
#[derive(Clone, Copy)]
struct ObjectShape {
    /// Only sent, never decoded (see [`ModelFacts::request_only`]).
    request_only: bool,
    /// Every field has a `Default`.
    default: bool,
}

fn object(
    name: &proc_macro2::Ident,
    fields: &[Field],
    shape: ObjectShape,
    types: &mut TypeWriter<'_>,
) -> TokenStream {
    types.imports.add("serde", "Deserialize");
    types.imports.add("serde", "Serialize");
    let members = fields.iter().map(|field| {
        let mut docs = Docs::new();
        match &field.description {
            Some(description) => docs.prose(description),
            None => docs.markdown(&format!("The `{}` field.", field.name)),
        };
        let docs = docs.outer();
        let rust_name = ident::ident(&field.rust_name);
        let ty = member_type(field, shape, types);
        let serde = serde_attribute(field, shape);
        quote! { #docs #serde pub #rust_name: #ty, }
    });
    let default = shape.default.then(|| quote!(Default,));
    quote! {
        #[derive(Debug, Clone, #default PartialEq, Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
        }
    }
}

/// The Rust type of a struct member: `T` when the field is always there and never `null`,
/// else `Option<T>` (absent and `null` are one `None`), but for the optional, nullable fields
/// of a request body: `Option<Option<T>>`, where `Some(None)` sends `null`. A large object is
/// held in a `Box` (see `Field::boxed`).
fn member_type(field: &Field, shape: ObjectShape, types: &mut TypeWriter<'_>) -> TokenStream {
    let inner = types.rust(&field.ty);
    let inner = if field.boxed {
        quote!(Box<#inner>)
    } else {
        inner
    };
    match (field.required, field.nullable) {
        (true, false) => inner,
        (false, true) if shape.request_only => quote!(Option<Option<#inner>>),
        _ => quote!(Option<#inner>),
    }
}

/// The one `#[serde(…)]` line of a field, when it needs one: the JSON name when the Rust name
/// differs (`type` → `type_`), and leaving an optional field out when it is `None`. A field of
/// three states (`Option<Option<T>>`) decodes `null` as `Some(None)` (serde's own `Option`
/// would make it `None`, as if absent), so that a body decodes to what was encoded.
fn serde_attribute(field: &Field, shape: ObjectShape) -> Option<TokenStream> {
    let rename = (field.rust_name != field.name).then(|| {
        let json = &field.name;
        quote!(rename = #json)
    });
    let skip = (!field.required).then(|| quote!(skip_serializing_if = "Option::is_none"));
    let three_states = !field.required && field.nullable && shape.request_only;
    let keep_null = three_states.then(|| {
        quote!(
            default,
            deserialize_with = "github_actions_client_runtime::__private::keep_null"
        )
    });
    let parts: Vec<TokenStream> = rename.into_iter().chain(skip).chain(keep_null).collect();
    (!parts.is_empty()).then(|| quote!(#[serde(#(#parts),*)]))
}

/// A string enum. Values follow one `rename_all` rule where they can (the rule most values
/// follow), with a `rename` on the others; a value the spec does not list decodes into
/// `Unknown`, kept as sent, so a value GitHub adds tomorrow still decodes.
fn string_enum(
    name: &proc_macro2::Ident,
    variants: &[EnumVariant],
    types: &mut TypeWriter<'_>,
) -> TokenStream {
    types.imports.add("serde", "Deserialize");
    types.imports.add("serde", "Serialize");
    let rule = RenameRule::most_common(variants);
    let rename_all = rule.map(|rule| {
        let rule = rule.name();
        quote!(#[serde(rename_all = #rule)])
    });
    let members = variants.iter().map(|variant| {
        let doc = format!(" `{}`", variant.value);
        let name = ident::ident(&variant.rust_name);
        let follows_rule = rule.is_some_and(|rule| rule.apply(&variant.rust_name) == variant.value);
        let rename = (!follows_rule).then(|| {
            let value = &variant.value;
            quote!(#[serde(rename = #value)])
        });
        quote! { #[doc = #doc] #rename #name, }
    });
    let unknown = ident::ident(crate::lower::UNKNOWN_VARIANT);
    let names: Vec<_> = variants
        .iter()
        .map(|variant| ident::ident(&variant.rust_name))
        .collect();
    let values: Vec<_> = variants.iter().map(|variant| &variant.value).collect();
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #rename_all
        #[non_exhaustive]
        pub enum #name {
            #(#members)*
            /// A value this client does not know yet (GitHub added it after the spec was
            /// written), kept as sent.
            #[serde(untagged)]
            #unknown(String),
        }

        impl #name {
            /// The value as GitHub writes it (`Unknown`'s as it was sent).
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #values,)*
                    Self::#unknown(value) => value,
                }
            }
        }

        /// The value as GitHub writes it ([`as_str`](Self::as_str)).
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Reads the value as GitHub writes it, as decoding does: a value this client does not
        /// know is `Unknown`, so parsing never fails.
        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(match text {
                    #(#values => Self::#names,)*
                    _ => Self::#unknown(text.to_owned()),
                })
            }
        }
    }
}

/// serde's `rename_all` rules that enum values follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RenameRule {
    Snake,
    Kebab,
    Lower,
    ScreamingSnake,
}

impl RenameRule {
    const ALL: [RenameRule; 4] = [
        RenameRule::Snake,
        RenameRule::Kebab,
        RenameRule::Lower,
        RenameRule::ScreamingSnake,
    ];

    /// The rule most values follow (the first of `ALL` on a tie), if any value follows one.
    fn most_common(variants: &[EnumVariant]) -> Option<RenameRule> {
        let count = |rule: RenameRule| {
            variants
                .iter()
                .filter(|v| rule.apply(&v.rust_name) == v.value)
                .count()
        };
        let best = Self::ALL
            .into_iter()
            .max_by_key(|&rule| (count(rule), std::cmp::Reverse(rule as u8)))?;
        (count(best) > 0).then_some(best)
    }

    fn name(self) -> &'static str {
        match self {
            RenameRule::Snake => "snake_case",
            RenameRule::Kebab => "kebab-case",
            RenameRule::Lower => "lowercase",
            RenameRule::ScreamingSnake => "SCREAMING_SNAKE_CASE",
        }
    }

    /// What serde makes of a variant name under this rule (its own algorithm: a separator
    /// before each uppercase letter but the first).
    fn apply(self, variant: &str) -> String {
        let separated = |separator: char| {
            let mut out = String::new();
            for (index, ch) in variant.char_indices() {
                if index > 0 && ch.is_uppercase() {
                    out.push(separator);
                }
                out.push(ch.to_ascii_lowercase());
            }
            out
        };
        match self {
            RenameRule::Snake => separated('_'),
            RenameRule::Kebab => separated('-'),
            RenameRule::Lower => variant.to_ascii_lowercase(),
            RenameRule::ScreamingSnake => separated('_').to_ascii_uppercase(),
        }
    }
}

/// An id: a type of its own around an integer or a string, encoded as the bare value, built
/// from it with `From` (so methods taking `impl Into<RunId>` accept an integer literal),
/// parsed from text with `FromStr`, compared with it (`run.id == 42`) and displayed as it (a
/// path segment).
///
/// An integer id holds a `u64`: GitHub's ids are positive, and `u64` is the one integer type
/// it converts from with `From`, so that `42`, `42u64` and `run.id` all convert (with a second
/// `From` impl, an unsuffixed literal would no longer know its type) and nothing wraps. An
/// `i64` converts with `TryFrom`, failing on a negative value.
fn newtype(name: &proc_macro2::Ident, ty: &Type, types: &mut TypeWriter<'_>) -> TokenStream {
    types.imports.add("serde", "Deserialize");
    types.imports.add("serde", "Serialize");
    let (inner, copy, conversions) = match ty {
        Type::String { .. } => (
            quote!(String),
            None,
            quote! {
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self(value.to_owned())
                    }
                }

                /// Any text is an id: parsing never fails.
                impl std::str::FromStr for #name {
                    type Err = std::convert::Infallible;

                    fn from_str(text: &str) -> Result<Self, Self::Err> {
                        Ok(Self(text.to_owned()))
                    }
                }
            },
        ),
        _ => (
            quote!(u64),
            Some(quote!(Copy,)),
            quote! {
                /// Fails on a negative value, which no id has.
                impl TryFrom<i64> for #name {
                    type Error = std::num::TryFromIntError;

                    fn try_from(value: i64) -> Result<Self, Self::Error> {
                        u64::try_from(value).map(Self)
                    }
                }

                /// Parses the decimal number (`"42".parse::<Self>()`), as `u64` does.
                impl std::str::FromStr for #name {
                    type Err = std::num::ParseIntError;

                    fn from_str(text: &str) -> Result<Self, Self::Err> {
                        text.parse().map(Self)
                    }
                }
            },
        ),
    };
    quote! {
        #[derive(Debug, Clone, #copy Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub #inner);

        impl From<#inner> for #name {
            fn from(value: #inner) -> Self {
                Self(value)
            }
        }

        #conversions

        impl PartialEq<#inner> for #name {
            fn eq(&self, other: &#inner) -> bool {
                self.0 == *other
            }
        }

        /// The id as it goes in a path: the bare value.
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
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
    let held: Vec<TokenStream> = tys
        .iter()
        .zip(variants)
        .map(|(ty, variant)| match variant.boxed {
            true => quote!(Box<#ty>),
            false => quote!(#ty),
        })
        .collect();
    let docs = variants.iter().map(|variant| {
        let mut docs = Docs::new();
        docs.prose(variant.description.as_deref().unwrap_or(&{
            let ty = describe(api, &variant.ty);
            let article = super::docs::article(&ty);
            format!("{}{} {ty}.", article[..1].to_uppercase(), &article[1..])
        }));
        docs.outer()
    });
    let froms = variants
        .iter()
        .zip(&names)
        .zip(&tys)
        .map(|((variant, variant_name), ty)| {
            let value = match variant.boxed {
                true => quote!(Box::new(value)),
                false => quote!(value),
            };
            let from_str = matches!(variant.ty, Type::String { .. }).then(|| {
                quote! {
                    impl From<&str> for #name {
                        fn from(value: &str) -> Self {
                            Self::#variant_name(value.to_owned())
                        }
                    }
                }
            });
            // A newtype alternative converts from what it wraps too: `161335` is a `WorkflowId`,
            // so it is a `WorkflowIdOrFile` as well.
            let from_inner = match &variant.ty {
                Type::Schema(id) => match &api.schema(*id).kind {
                    SchemaKind::Newtype(inner) => {
                        // What `newtype` wraps: text, or an id's `u64`.
                        let inner = match inner {
                            Type::String { .. } => quote!(String),
                            _ => quote!(u64),
                        };
                        Some(quote! {
                            impl From<#inner> for #name {
                                fn from(value: #inner) -> Self {
                                    Self::#variant_name(value.into())
                                }
                            }
                        })
                    }
                    _ => None,
                },
                _ => None,
            };
            quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self::#variant_name(#value)
                    }
                }

                #from_str
                #from_inner
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
        #[non_exhaustive]
        pub enum #name {
            #(#docs #names(#held),)*
        }

        #(#froms)*

        #display
    }
}

/// Whether `Display` prints the value as it goes on the wire.
fn is_displayable(api: &Api, ty: &Type) -> bool {
    match ty {
        Type::Boolean | Type::Integer { .. } | Type::Number | Type::String { .. } => true,
        Type::Schema(id) => matches!(
            api.schema(*id).kind,
            SchemaKind::Enum(_) | SchemaKind::Newtype(_)
        ),
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

#[cfg(test)]
mod tests {
    use super::RenameRule;

    #[test]
    fn rename_rules_match_serde() {
        assert_eq!(RenameRule::Snake.apply("InProgress"), "in_progress");
        assert_eq!(RenameRule::Kebab.apply("ReadOnly"), "read-only");
        assert_eq!(RenameRule::Lower.apply("ReadOnly"), "readonly");
        assert_eq!(RenameRule::ScreamingSnake.apply("ReadOnly"), "READ_ONLY");
        assert_eq!(RenameRule::Snake.apply("V20"), "v20");
    }
}
