//! The fake GitHub (`mock` feature): for each operation, the table row the server core
//! (`runtime/mock_server.rs`) serves it from, a typed stub method on `MockGitHub` and a typed
//! journal method on `Received`; and the shapes request bodies and parameters are checked
//! against.
//!
//! The server core knows no model; everything typed is here, derived from the spec.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::docs::Docs;
use super::literal;
use super::types::TypeWriter;
use super::EmittedFile;
use crate::ident;
use crate::load::spec::HttpMethod;
use crate::lower::model::{
    Api, AreaId, Operation, ParameterLocation, SchemaId, SchemaKind, Success, Type,
};

/// The directory of the fake's files, relative to the client crate's `src`.
pub const MOCK_DIR: &str = "mock";

const CORE: &str = "github_actions_client_runtime::mock_server";

/// Every file of the fake: `mock/mod.rs`, `mock/shapes.rs`, then one file per area with
/// operations.
pub(crate) fn mock_files(api: &Api, operations_by_area: &[Vec<&Operation>]) -> Vec<EmittedFile> {
    let sources = super::all_sources(api);
    let shaped = shaped_schemas(api);
    let mut files = vec![
        EmittedFile {
            path: format!("{MOCK_DIR}/mod.rs"),
            source: sources.clone(),
            tokens: index(api, operations_by_area),
        },
        EmittedFile {
            path: format!("{MOCK_DIR}/shapes.rs"),
            source: sources,
            tokens: shapes_file(api, &shaped),
        },
    ];
    for (index, operations) in operations_by_area.iter().enumerate() {
        if operations.is_empty() {
            continue;
        }
        let area = api.area(AreaId(index));
        files.push(EmittedFile {
            path: format!("{MOCK_DIR}/{}.rs", area.module),
            source: area.source.clone(),
            tokens: area_file(api, AreaId(index), operations),
        });
    }
    files
}

/// `mod.rs`: `MockGitHub`, `Received`, the table of every operation, the area modules.
fn index(api: &Api, operations_by_area: &[Vec<&Operation>]) -> TokenStream {
    let mut modules = Vec::new();
    let mut rows = Vec::new();
    for (index, operations) in operations_by_area.iter().enumerate() {
        if operations.is_empty() {
            continue;
        }
        let area = api.area(AreaId(index));
        let feature = area.name.as_str();
        let module = ident::ident(&area.module);
        modules.push(quote! {
            #[cfg(feature = #feature)]
            mod #module;
        });
        for operation in operations {
            let name = static_name(&operation.method_name);
            rows.push(quote! {
                #[cfg(feature = #feature)]
                &#module::#name,
            });
        }
    }
    quote! {
        //! A fake GitHub for tests, generated from the same spec as the client (`mock` feature).
        //!
        //! [`MockGitHub::start`] serves every operation on loopback, in process. Out of the box
        //! each answers the example of GitHub's docs (the least valid value where the docs
        //! have none), after checking the request as GitHub does: path values, required query
        //! parameters and body fields, types, enum values. A request the spec does not
        //! describe gets `404` naming the closest operation, a bad one `422` (or `400` for
        //! JSON that does not parse) naming what is wrong, one without a token `401`.
        //!
        //! Each operation has a stub method named like the client's method, taking the same
        //! path arguments (a value, or [`any()`]), and a journal method on [`Received`]:
        //!
        //! ```
        //! # #[tokio::main(flavor = "current_thread")]
        //! # async fn main() -> Result<(), github_actions_client::Error> {
        //! use github_actions_client::mock::{any, MockGitHub};
        //!
        //! let github = MockGitHub::start().await;
        //! github.create_workflow_dispatch("octo-org", "octo-repo", any()).times(1);
        //!
        //! let client = github.client();
        //! client.create_workflow_dispatch("octo-org", "octo-repo", "ci.yml", "main").send().await?;
        //!
        //! let calls = github.received().create_workflow_dispatch();
        //! assert_eq!(calls[0].body.ref_, "main");
        //! assert_eq!(calls[0].path("workflow_id"), "ci.yml");
        //! github.verify();
        //! # Ok(())
        //! # }
        //! ```

        use github_actions_client_runtime::mock_server::{Journal, MockServer, Operation};
        use crate::Client;

        pub use github_actions_client_runtime::mock_server::{any, Answer, Call, Match, Stub};

        mod shapes;
        #(#modules)*

        /// Every operation the fake serves, from the spec.
        static OPERATIONS: &[&Operation] = &[#(#rows)*];

        /// A fake GitHub on loopback: stub its operations, point [`client()`](Self::client) or
        /// your own [`Client`] at [`url()`](Self::url), read what it received. It stops when
        /// dropped, and then checks the stubs' [`times`](Stub::times) unless
        /// [`verify`](Self::verify) was called (and the thread is not already panicking).
        #[derive(Debug)]
        pub struct MockGitHub {
            server: MockServer,
        }

        impl MockGitHub {
            /// Starts the fake on a free loopback port.
            ///
            /// # Panics
            ///
            /// Outside a Tokio runtime, or when no loopback port can be bound.
            pub async fn start() -> MockGitHub {
                MockGitHub {
                    server: MockServer::start(OPERATIONS).await,
                }
            }

            /// The fake's root URL (`http://127.0.0.1:PORT`): a client's `base_url`.
            pub fn url(&self) -> &str {
                self.server.url()
            }

            /// A client pointed at the fake, with a token, whose waits between retries (and
            /// between `wait_for_run`'s polls) take no time.
            ///
            /// # Panics
            ///
            /// Never in practice: the fake's URL is a valid base URL.
            pub fn client(&self) -> Client {
                Client::builder()
                    .base_url(self.url())
                    .expect("the fake's URL is a valid base URL")
                    .token("ghp_mock")
                    .sleeper(|_| Box::pin(std::future::ready(())))
                    .build()
                    .expect("a client for the fake builds")
            }

            /// Checks the stubs' [`times`](Stub::times).
            ///
            /// # Panics
            ///
            /// Naming each stub called another number of times than expected.
            pub fn verify(&self) {
                let unmet = self.server.unmet_expectations();
                if !unmet.is_empty() {
                    panic!("the fake GitHub's expectations were not met:\n  {}", unmet.join("\n  "));
                }
            }

            /// What the fake received so far: one method per operation returns its calls,
            /// bodies decoded.
            pub fn received(&self) -> Received {
                Received {
                    journal: self.server.journal(),
                }
            }
        }

        impl Drop for MockGitHub {
            fn drop(&mut self) {
                if !std::thread::panicking() && !self.server.verified() {
                    self.verify();
                }
            }
        }

        /// The requests the fake answered, as [`MockGitHub::received`] read them: one method per
        /// operation, named like the client's, returns its calls oldest first.
        #[derive(Debug, Clone)]
        pub struct Received {
            journal: Journal,
        }

        impl Received {
            /// How many requests were answered, for any operation.
            pub fn count(&self) -> usize {
                self.journal.count()
            }
        }
    }
}

/// One area's file: its operations' table rows, stub methods and journal methods.
fn area_file(api: &Api, id: AreaId, operations: &[&Operation]) -> TokenStream {
    let area = api.area(id);
    let mut types = TypeWriter::new(api, "crate::models", None);
    let mut rows = Vec::new();
    let mut stubs = Vec::new();
    let mut journal = Vec::new();
    let mut outcomes = false;
    for operation in operations {
        rows.push(row(api, operation));
        let (stub, uses_outcome) = stub(operation, &mut types);
        outcomes |= uses_outcome;
        stubs.push(stub);
        journal.push(journal_method(operation, &mut types));
    }
    if outcomes {
        types.imports.add_glob("crate::operations");
    }
    // What the rows name: shapes of the core (`Shape::String`) and of the spec (`shapes::…`).
    let table = quote!(#(#rows)*).to_string();
    let has_params = operations.iter().any(|operation| {
        operation
            .parameters
            .iter()
            .any(|p| p.location != ParameterLocation::Header)
    });
    let has_path = operations.iter().any(|operation| {
        operation
            .parameters
            .iter()
            .any(|p| p.location == ParameterLocation::Path)
    });
    let core = [
        ("Answer", true),
        ("Call", true),
        ("Example", true),
        ("Match", has_path),
        ("Operation", true),
        ("Param", has_params),
        ("Shape", table.contains("Shape ::")),
        ("Stub", true),
    ];
    for (name, used) in core {
        if used {
            types.imports.add(CORE, name);
        }
    }
    if table.contains("shapes ::") {
        types.imports.add("super", "shapes");
    }
    types.imports.add("super", "MockGitHub");
    types.imports.add("super", "Received");
    let imports = types.imports.tokens();
    let docs = format!(" The fake's {} operations: stubs and journal.", area.title);
    quote! {
        #![doc = #docs]

        #imports

        #(#rows)*

        impl MockGitHub {
            #(#stubs)*
        }

        impl Received {
            #(#journal)*
        }
    }
}

/// `GET_WORKFLOW_RUN` for `get_workflow_run`.
fn static_name(method_name: &str) -> proc_macro2::Ident {
    ident::ident(&ident::plain(method_name).to_uppercase())
}

fn http_method(method: &HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Patch => "PATCH",
        HttpMethod::Delete => "DELETE",
    }
}

/// The operation's table row: a `static Operation`.
fn row(api: &Api, operation: &Operation) -> TokenStream {
    let name_static = static_name(&operation.method_name);
    let name = &operation.name;
    let method = http_method(&operation.http_method);
    let path = &operation.path.raw;
    let docs_url = &operation.docs_url;
    let params = |location: ParameterLocation| {
        let params = operation
            .parameters
            .iter()
            .filter(|parameter| parameter.location == location)
            .map(|parameter| {
                let name = &parameter.name;
                let required = parameter.required || location == ParameterLocation::Path;
                let shape = shape(api, &parameter.ty, quote!(shapes::));
                quote! { Param { name: #name, required: #required, shape: #shape }, }
            });
        quote! { &[#(#params)*] }
    };
    let path_params = params(ParameterLocation::Path);
    let query = params(ParameterLocation::Query);
    let body = match &operation.body {
        Some(body) => {
            let shape = shape(api, &Type::Schema(body.schema), quote!(shapes::));
            quote!(Some(#shape))
        }
        None => quote!(None),
    };
    let examples = examples(api, operation).into_iter().map(|(status, body)| {
        let status = Literal::u16_unsuffixed(status);
        match body {
            Some(body) => {
                let body = literal::string(&body);
                quote! { Example { status: #status, body: Some(#body) }, }
            }
            None => quote! { Example { status: #status, body: None }, },
        }
    });
    let redirect = matches!(operation.success, Success::Redirect { .. });
    let doc = format!(" `{name}`: `{method} {path}`.");
    quote! {
        #[doc = #doc]
        pub(super) static #name_static: Operation = Operation {
            name: #name,
            method: #method,
            path: #path,
            docs_url: #docs_url,
            path_params: #path_params,
            query: #query,
            body: #body,
            examples: &[#(#examples)*],
            redirect: #redirect,
        };
    }
}

/// Each success status with the JSON the fake answers it with: the docs' example for it, or
/// the least value of its type.
fn examples(api: &Api, operation: &Operation) -> Vec<(u16, Option<String>)> {
    let json = |status: u16, ty: &Type| {
        let name = ident::snake(&format!("{}-{status}", operation.name));
        let value = api
            .examples
            .iter()
            .find(|example| example.name == name)
            .map(|example| example.value.clone())
            .unwrap_or_else(|| least(api, ty, 0));
        Some(value.to_string())
    };
    match &operation.success {
        Success::Json { status, ty, .. } => vec![(*status, json(*status, ty))],
        Success::Empty { status, .. } | Success::Redirect { status, .. } => vec![(*status, None)],
        Success::Outcomes { outcomes, .. } => outcomes
            .iter()
            .map(|outcome| {
                let body = outcome
                    .body
                    .as_ref()
                    .and_then(|ty| json(outcome.status, ty));
                (outcome.status, body)
            })
            .collect(),
    }
}

/// The least value of a type that decodes: an object with only its required fields, empty
/// lists and text, zeros, the first value of an enum.
fn least(api: &Api, ty: &Type, depth: usize) -> Value {
    if depth > 16 {
        return Value::Null;
    }
    match ty {
        Type::Boolean => Value::Bool(false),
        Type::Integer { .. } => Value::from(0),
        Type::Number => Value::from(0.0),
        Type::String { .. } => Value::from(""),
        Type::DateTime => Value::from("2020-01-01T00:00:00Z"),
        Type::Any => Value::Null,
        Type::Array(_) => Value::Array(Vec::new()),
        Type::Map(_) => Value::Object(serde_json::Map::new()),
        Type::Schema(id) => match &api.schema(*id).kind {
            SchemaKind::Object(fields) => Value::Object(
                fields
                    .iter()
                    .filter(|field| field.required)
                    .map(|field| {
                        let value = if field.nullable {
                            Value::Null
                        } else {
                            least(api, &field.ty, depth + 1)
                        };
                        (field.name.clone(), value)
                    })
                    .collect(),
            ),
            SchemaKind::Enum(variants) => variants.first().map_or(Value::from(""), |variant| {
                Value::from(variant.value.clone())
            }),
            SchemaKind::OneOf(variants) => variants
                .first()
                .map_or(Value::Null, |variant| least(api, &variant.ty, depth + 1)),
            SchemaKind::Alias(ty) | SchemaKind::Newtype(ty) => least(api, ty, depth + 1),
        },
    }
}

/// The stub method on `MockGitHub`, and whether it names the operation's outcome enum.
fn stub(operation: &Operation, types: &mut TypeWriter<'_>) -> (TokenStream, bool) {
    let method = ident::ident(&operation.method_name);
    let row = static_name(&operation.method_name);
    let path_params: Vec<_> = operation
        .parameters
        .iter()
        .filter(|parameter| parameter.location == ParameterLocation::Path)
        .map(|parameter| ident::ident(&parameter.rust_name))
        .collect();
    let (value, encode, uses_outcome) = match &operation.success {
        Success::Json { status, ty, .. } => {
            let status = Literal::u16_unsuffixed(*status);
            let ty = types.rust(ty);
            (
                ty.clone(),
                quote!(|value: #ty| Answer::json(#status, &value)),
                false,
            )
        }
        Success::Empty { status, .. } => {
            let status = Literal::u16_unsuffixed(*status);
            (quote!(()), quote!(|()| Answer::empty(#status)), false)
        }
        Success::Redirect { .. } => (
            quote!(Vec<u8>),
            quote!(|bytes: Vec<u8>| Answer::Download {
                bytes: bytes.into()
            }),
            false,
        ),
        Success::Outcomes {
            rust_name,
            shared,
            outcomes,
        } => {
            if *shared {
                types.imports.add("crate", rust_name);
            }
            let outcome = ident::ident(rust_name);
            let arms = outcomes.iter().map(|case| {
                let variant = ident::ident(&case.rust_name);
                let status = Literal::u16_unsuffixed(case.status);
                match case.body {
                    Some(_) => {
                        quote! { #outcome::#variant(body) => Answer::json(#status, &body), }
                    }
                    None => quote! { #outcome::#variant => Answer::empty(#status), },
                }
            });
            (
                quote!(#outcome),
                quote! {
                    |outcome: #outcome| match outcome {
                        #(#arms)*
                    }
                },
                !*shared,
            )
        }
    };
    let mut docs = Docs::new();
    docs.markdown(&format!(
        "Stubs [`Client::{0}`](crate::Client::{0}): `{1} {2}`, for these path values (each a value, or [`any()`](super::any)).",
        ident::plain(&operation.method_name),
        http_method(&operation.http_method),
        operation.path.raw
    ));
    docs.markdown("Until told otherwise (`.returns(…)`, `.fails(…)`, …) the stub answers as the spec does; it counts calls for [`times`](Stub::times).");
    let docs = docs.outer();
    let tokens = quote! {
        #docs
        pub fn #method(&self, #(#path_params: impl Into<Match>),*) -> Stub<#value> {
            self.server.stub(&#row, vec![#(#path_params.into()),*], #encode)
        }
    };
    (tokens, uses_outcome)
}

/// The journal method on `Received`.
fn journal_method(operation: &Operation, types: &mut TypeWriter<'_>) -> TokenStream {
    let method = ident::ident(&operation.method_name);
    let row = static_name(&operation.method_name);
    let body = match &operation.body {
        Some(body) => types.rust(&Type::Schema(body.schema)),
        None => quote!(()),
    };
    let doc = format!(
        " Every call of [`Client::{0}`](crate::Client::{0}) the fake answered, oldest first: path values, query and body.",
        ident::plain(&operation.method_name)
    );
    quote! {
        #[doc = #doc]
        pub fn #method(&self) -> Vec<Call<#body>> {
            self.journal.calls(&#row)
        }
    }
}

/// The object, enum and one-of schemas that bodies and parameters reach: each gets a static
/// shape.
fn shaped_schemas(api: &Api) -> BTreeSet<usize> {
    let mut pending = Vec::new();
    for operation in &api.operations {
        for parameter in &operation.parameters {
            super::features::schemas_in(&parameter.ty, &mut pending);
        }
        if let Some(body) = &operation.body {
            pending.push(body.schema.0);
        }
    }
    super::features::reachable(api, pending)
        .into_iter()
        .filter(|&index| {
            !matches!(
                api.schemas[index].kind,
                SchemaKind::Alias(_) | SchemaKind::Newtype(_)
            )
        })
        .collect()
}

/// `shapes.rs`: a static shape per schema that bodies and parameters reach.
fn shapes_file(api: &Api, shaped: &BTreeSet<usize>) -> TokenStream {
    let statics = shaped.iter().map(|&index| {
        let schema = api.schema(SchemaId(index));
        let name = shape_name(api, SchemaId(index));
        let value = match &schema.kind {
            SchemaKind::Object(fields) => {
                let fields = fields.iter().map(|field| {
                    let name = &field.name;
                    let required = field.required;
                    let nullable = field.nullable;
                    let shape = shape(api, &field.ty, quote!());
                    quote! {
                        FieldShape { name: #name, required: #required, nullable: #nullable, shape: #shape },
                    }
                });
                quote!(Shape::Object { fields: &[#(#fields)*] })
            }
            SchemaKind::Enum(variants) => {
                let values = variants.iter().map(|variant| &variant.value);
                quote!(Shape::Enum { values: &[#(#values),*] })
            }
            SchemaKind::OneOf(variants) => {
                let variants = variants
                    .iter()
                    .map(|variant| shape(api, &variant.ty, quote!()));
                quote!(Shape::OneOf { variants: &[#(#variants),*] })
            }
            SchemaKind::Alias(_) | SchemaKind::Newtype(_) => unreachable!("inlined"),
        };
        let doc = format!(" The shape of `{}`.", schema.rust_name);
        quote! {
            #[doc = #doc]
            pub(super) static #name: Shape = #value;
        }
    });
    quote! {
        //! The shapes the fake checks request bodies and parameters against, from the spec's
        //! schemas.
        #![allow(dead_code)]

        use github_actions_client_runtime::mock_server::{FieldShape, Shape};

        #(#statics)*
    }
}

fn shape_name(api: &Api, id: SchemaId) -> proc_macro2::Ident {
    let snake = ident::snake(&api.schema(id).rust_name);
    ident::ident(&ident::plain(&snake).to_uppercase())
}

/// A `&'static Shape` expression for `ty`; `prefix` is the path to the shapes module (empty
/// inside it).
fn shape(api: &Api, ty: &Type, prefix: TokenStream) -> TokenStream {
    match ty {
        Type::Boolean => quote!(&Shape::Boolean),
        Type::Integer { .. } => quote!(&Shape::Integer),
        Type::Number => quote!(&Shape::Number),
        Type::String { .. } => quote!(&Shape::String),
        Type::DateTime => quote!(&Shape::DateTime),
        Type::Any => quote!(&Shape::Any),
        Type::Array(item) => {
            let item = shape(api, item, prefix);
            quote!(&Shape::Array { item: #item })
        }
        Type::Map(value) => {
            let value = shape(api, value, prefix);
            quote!(&Shape::Map { value: #value })
        }
        Type::Schema(id) => match &api.schema(*id).kind {
            SchemaKind::Alias(inner) | SchemaKind::Newtype(inner) => shape(api, inner, prefix),
            _ => {
                let name = shape_name(api, *id);
                quote!(&#prefix #name)
            }
        },
    }
}
