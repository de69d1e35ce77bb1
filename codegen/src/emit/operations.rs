//! Emits the operations of one area: the `Client` methods, and a request builder per
//! operation whose `send` returns the typed result.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::ident;
use crate::load::spec::HttpMethod;
use crate::lower::model::{
    Api, AreaId, Field, Operation, Outcome, Parameter, ParameterLocation, PathSegment, SchemaId,
    SchemaKind, Success, Type,
};
use crate::lower::named_values::{is_named, named_values, type_name};

use super::docs::Docs;
use super::models::ModelFacts;
use super::types::{describe, TypeWriter};

/// The items of `area`'s operations file (without imports, which `types` returns).
pub(crate) fn area_operations(
    api: &Api,
    operations: &[&Operation],
    models: &ModelFacts<'_>,
    types: &mut TypeWriter<'_>,
) -> TokenStream {
    if operations.is_empty() {
        return quote!();
    }
    types.imports.add("crate", "Client");
    types
        .imports
        .add("github_actions_client_runtime::__private", "Request");
    let methods: Vec<_> = operations
        .iter()
        .map(|op| {
            let method = client_method(api, op, types);
            let wait = super::wait::wait_method(api, op, types);
            quote!(#method #wait)
        })
        .collect();
    let builders = operations.iter().map(|op| builder(api, op, models, types));
    let area_docs = area_docs(api, operations[0].area);
    quote! {
        #area_docs
        impl Client {
            #(#methods)*
        }

        #(#builders)*
    }
}

/// The docs of an area's `impl Client` block, so that `Client`'s page reads as a table of
/// contents: the area's title, the first sentence of its description, its docs page.
fn area_docs(api: &Api, area: AreaId) -> TokenStream {
    let area = api.area(area);
    let first = area.description.as_deref().map(|description| {
        let description = description.trim();
        let end = description
            .find(". ")
            .map_or(description.len(), |at| at + 1);
        format!(" {}", super::docs::sanitize(&description[..end]))
    });
    let mut docs = Docs::new();
    docs.markdown(&format!(
        "**{}**.{} ([GitHub docs]({}))",
        area.title,
        first.unwrap_or_default(),
        area.docs_url
    ));
    docs.outer()
}

/// What an operation's builder holds: positional arguments, then setters.
struct Inputs<'a> {
    /// Required parameters, path ones first in path order.
    required: Vec<&'a Parameter>,
    optional: Vec<&'a Parameter>,
    /// The body's fields, when there is a body.
    body_fields: &'a [Field],
    body_type: Option<Type>,
    /// The body is a one-of of objects (GitHub's `oneOf`/`anyOf`): the `Client` method takes
    /// it whole, under this argument name, and the builder has no body setters.
    whole_body: Option<String>,
}

impl Inputs<'_> {
    /// Whether the builder has setters (optional parameters or body fields).
    fn has_setters(&self) -> bool {
        !self.optional.is_empty() || self.body_fields.iter().any(|field| !field.required)
    }
}

fn inputs<'a>(api: &'a Api, op: &'a Operation) -> Inputs<'a> {
    let (body_fields, body_type, whole_body): (&[Field], _, _) = match &op.body {
        Some(body) => {
            let schema = api.schema(body.schema);
            match &schema.kind {
                SchemaKind::Object(fields) => (fields, Some(Type::Schema(body.schema)), None),
                SchemaKind::OneOf(_) => (
                    &[],
                    Some(Type::Schema(body.schema)),
                    Some(ident::field(&schema.name)),
                ),
                _ => (&[], None, None),
            }
        }
        None => (&[], None, None),
    };
    Inputs {
        required: op.parameters.iter().filter(|p| p.required).collect(),
        optional: op.parameters.iter().filter(|p| !p.required).collect(),
        body_fields,
        body_type,
        whole_body,
    }
}

fn client_method(api: &Api, op: &Operation, types: &mut TypeWriter<'_>) -> TokenStream {
    let inputs = inputs(api, op);
    let mut docs = Docs::new();
    docs.prose(&sentence(&op.summary));
    docs.maybe_prose(op.description.as_deref());
    if let Some(access) = &op.access {
        docs.prose(&format!("**Access:** {access}"));
    }
    if let Some(availability) = &op.availability {
        docs.prose(&format!("**Availability:** {availability}"));
    }
    if let Some(resource) = &op.rate_limit_resource {
        docs.prose(&format!(
            "**Rate limit:** counts against the `{resource}` resource, not `core` (see [`Client::rate_limit`](github_actions_client_runtime::Core::rate_limit))."
        ));
    }
    docs.markdown(&format!(
        "`{} {}` ([GitHub docs]({}))",
        method_name(op.http_method),
        op.path.raw,
        op.docs_url
    ));
    let required_fields: Vec<&Field> = inputs.body_fields.iter().filter(|f| f.required).collect();
    if !inputs.required.is_empty() || !required_fields.is_empty() || inputs.whole_body.is_some() {
        docs.markdown("# Arguments");
        docs.line("");
        for parameter in &inputs.required {
            let named = parameter.location != ParameterLocation::Path && is_named(&parameter.ty);
            let doc = if named {
                named_argument_doc
            } else {
                argument_doc
            };
            docs.line(&doc(
                api,
                &parameter.rust_name,
                parameter.description.as_deref(),
                &parameter.ty,
            ));
        }
        if let (Some(argument), Some(body)) = (&inputs.whole_body, &op.body) {
            docs.line(&whole_body_doc(api, argument, body.schema));
        }
        for field in &required_fields {
            let doc = if is_named(&field.ty) {
                named_argument_doc
            } else {
                argument_doc
            };
            docs.line(&doc(
                api,
                &field.rust_name,
                field.description.as_deref(),
                &field.ty,
            ));
        }
    }
    let builder = ident::ident(&op.builder_name);
    let then = if inputs.has_setters() {
        "set optional parameters on it, then"
    } else {
        "run it with"
    };
    docs.markdown(&format!(
        "Returns {} [`{}`] request builder: {then} `.send().await`.",
        super::docs::article(&op.builder_name),
        op.builder_name
    ));
    let docs = docs.outer();
    let method = ident::ident(&op.method_name);

    let mut arguments = Vec::new();
    let mut initialisers = Vec::new();
    for parameter in &inputs.required {
        let name = ident::ident(&parameter.rust_name);
        let (ty, value) = if parameter.location != ParameterLocation::Path {
            types.required_argument(&parameter.rust_name, &parameter.ty, &quote!(#name))
        } else {
            types.argument(&parameter.ty, &quote!(#name))
        };
        arguments.push(quote!(#name: #ty));
        initialisers.push(field_init(&name, &value));
    }
    for parameter in &inputs.optional {
        let name = ident::ident(&parameter.rust_name);
        initialisers.push(quote!(#name: None));
    }
    if let (Some(argument), Some(body_type)) = (&inputs.whole_body, &inputs.body_type) {
        let body_type = types.rust(body_type);
        let name = ident::ident(argument);
        arguments.push(quote!(#name: impl Into<#body_type>));
        initialisers.push(quote!(body: #name.into()));
    } else if let Some(body_type) = &inputs.body_type {
        let body_type = types.rust(body_type);
        let mut body_values = Vec::new();
        for field in inputs.body_fields {
            let name = ident::ident(&field.rust_name);
            if field.required {
                let (ty, value) =
                    types.required_argument(&field.rust_name, &field.ty, &quote!(#name));
                let (ty, value) = if field.nullable {
                    // `null` is `None`; a value converts as a required one would.
                    let (_, convert) =
                        types.required_argument(&field.rust_name, &field.ty, &quote!(value));
                    let value = if convert.to_string() == "value" {
                        quote!(#name)
                    } else {
                        quote!(#name.map(|value| #convert))
                    };
                    (quote!(Option<#ty>), boxed(field, value, true))
                } else {
                    (ty, boxed(field, value, false))
                };
                arguments.push(quote!(#name: #ty));
                body_values.push(field_init(&name, &value));
            } else {
                body_values.push(quote!(#name: None));
            }
        }
        initialisers.push(quote!(body: #body_type { #(#body_values),* }));
    }
    quote! {
        #docs
        pub fn #method(&self, #(#arguments),*) -> #builder {
            #builder {
                client: self.clone(),
                #(#initialisers,)*
            }
        }
    }
}

/// The value stored for a body field: in a `Box` when the model boxes the field (inside the
/// `Option` when `optional` is set).
fn boxed(field: &Field, value: TokenStream, optional: bool) -> TokenStream {
    match (field.boxed, optional) {
        (false, _) => value,
        (true, false) => quote!(Box::new(#value)),
        (true, true) => quote!(#value.map(Box::new)),
    }
}

/// The doc line of a one-of body taken whole: what it is, and how to build each alternative.
fn whole_body_doc(api: &Api, argument: &str, body: SchemaId) -> String {
    let schema = api.schema(body);
    let alternatives: Vec<String> = match &schema.kind {
        SchemaKind::OneOf(variants) => variants
            .iter()
            .map(|variant| format!("[`{0}::new`]", describe_plain(api, &variant.ty)))
            .collect(),
        _ => Vec::new(),
    };
    let description = schema
        .description
        .as_deref()
        .map(|d| super::docs::sanitize(d.trim()).replace('\n', " "))
        .unwrap_or_else(|| "The request body.".to_owned());
    format!(
        "- `{argument}`: {description} One of the shapes GitHub accepts, built with {}.",
        alternatives.join(" or ")
    )
}

/// The Rust name of a schema type, for docs.
fn describe_plain(api: &Api, ty: &Type) -> String {
    match ty {
        Type::Schema(id) => api.schema(*id).rust_name.clone(),
        _ => describe(api, ty),
    }
}

/// The setters of `setter_groups:`: one object sets several optional body fields (`image`
/// sets `image_id`, `image_source` and `image_version` from a `RunnerImage`).
fn group_setters(
    op: &Operation,
    body_fields: &[Field],
    three_states: bool,
    types: &mut TypeWriter<'_>,
) -> Vec<TokenStream> {
    op.setter_groups
        .iter()
        .map(|group| {
            let setter = ident::ident(&group.setter);
            let object = types.rust(&Type::Schema(group.object));
            let assignments = group
                .fields
                .iter()
                .map(|(body_name, object_name, required)| {
                    let body_field = body_fields
                        .iter()
                        .find(|f| &f.rust_name == body_name)
                        .expect("lowering checked the body field");
                    let target = ident::ident(body_name);
                    let from = ident::ident(object_name);
                    let value = quote!(#setter.#from);
                    // The body field is an `Option` (an `Option<Option<…>>` when it has three
                    // states); the object's field is the value, or an `Option` of it. The
                    // object is set whole: an optional field it leaves out is sent as `null`
                    // where the body field can be `null` ("none"), not left out ("unchanged").
                    let nested = three_states && body_field.nullable;
                    let value = match (*required, nested) {
                        (true, false) => quote!(Some(#value)),
                        (true, true) => quote!(Some(Some(#value))),
                        (false, false) => value,
                        (false, true) => quote!(Some(#value)),
                    };
                    quote!(self.body.#target = #value;)
                });
            let mut docs = Docs::new();
            docs.prose(&group.description);
            let names: Vec<String> = group
                .fields
                .iter()
                .map(|(body, _, _)| {
                    let field = body_fields.iter().find(|f| &f.rust_name == body);
                    format!("`{}`", field.map_or(body.as_str(), |f| f.name.as_str()))
                })
                .collect();
            docs.markdown(&format!(
                "Sets {} of the request body from a [`{}`].",
                names.join(", "),
                object
            ));
            let docs = docs.outer();
            quote! {
                #docs
                pub fn #setter(mut self, #setter: #object) -> Self {
                    #(#assignments)*
                    self
                }
            }
        })
        .collect()
}

/// The objects `op`'s caller builds: the alternatives of a one-of body, the objects its body
/// fields hold, and those of its `setter_groups`.
pub(crate) fn built_objects(api: &Api, op: &Operation) -> Vec<SchemaId> {
    let mut objects = Vec::new();
    let is_object = |id: SchemaId| matches!(api.schema(id).kind, SchemaKind::Object(_));
    if let Some(body) = &op.body {
        match &api.schema(body.schema).kind {
            SchemaKind::OneOf(variants) => {
                for variant in variants {
                    if let Type::Schema(id) = variant.ty {
                        objects.push(id);
                    }
                }
            }
            SchemaKind::Object(fields) => {
                for field in fields {
                    if let Type::Schema(id) = field.ty {
                        objects.push(id);
                    }
                }
            }
            _ => {}
        }
    }
    objects.extend(op.setter_groups.iter().map(|group| group.object));
    objects.retain(|&id| is_object(id));
    // Once each (two fields may hold the same object), in the order first taken.
    let mut seen = Vec::new();
    objects.retain(|id| {
        let first = !seen.contains(id);
        seen.push(*id);
        first
    });
    objects
}

/// The constructor of an object a caller builds to call an operation (see [`built_objects`];
/// it is `#[non_exhaustive]` and so cannot be written as a struct literal), written beside
/// its struct in the models: `new` takes the required fields, as a `Client` method takes them,
/// and each optional field has a setter.
pub(crate) fn object_constructor(
    api: &Api,
    id: SchemaId,
    models: &ModelFacts<'_>,
    types: &mut TypeWriter<'_>,
) -> Option<TokenStream> {
    let schema = api.schema(id);
    let SchemaKind::Object(fields) = &schema.kind else {
        return None;
    };
    let three_states = models.three_states(id.0);
    let name = ident::ident(&schema.rust_name);
    let mut arguments = Vec::new();
    let mut values = Vec::new();
    let mut setters = Vec::new();
    let mut docs = Docs::new();
    docs.markdown(&format!(
        "A [`{}`] with its required fields; set optional ones with the methods of the same name.",
        schema.rust_name
    ));
    if fields.iter().any(|f| f.required) {
        docs.markdown("# Arguments");
        docs.line("");
    }
    for field in fields {
        let field_name = ident::ident(&field.rust_name);
        if field.required {
            let doc = if is_named(&field.ty) {
                named_argument_doc
            } else {
                argument_doc
            };
            docs.line(&doc(
                api,
                &field.rust_name,
                field.description.as_deref(),
                &field.ty,
            ));
            let (ty, value) =
                types.required_argument(&field.rust_name, &field.ty, &quote!(#field_name));
            let (ty, value) = if field.nullable {
                let (_, convert) =
                    types.required_argument(&field.rust_name, &field.ty, &quote!(value));
                let value = if convert.to_string() == "value" {
                    quote!(#field_name)
                } else {
                    quote!(#field_name.map(|value| #convert))
                };
                (quote!(Option<#ty>), boxed(field, value, true))
            } else {
                (ty, boxed(field, value, false))
            };
            arguments.push(quote!(#field_name: #ty));
            values.push(field_init(&field_name, &value));
        } else {
            values.push(quote!(#field_name: None));
            let (ty, value) = types.argument(&field.ty, &quote!(#field_name));
            let value = boxed(field, value, false);
            let value = if three_states && field.nullable {
                quote!(Some(Some(#value)))
            } else {
                quote!(Some(#value))
            };
            let mut setter_docs = Docs::new();
            setter_docs.prose(
                field
                    .description
                    .as_deref()
                    .unwrap_or(&format!("The `{}` field.", field.name)),
            );
            let setter_docs = setter_docs.outer();
            setters.push(quote! {
                #setter_docs
                pub fn #field_name(mut self, #field_name: #ty) -> Self {
                    self.#field_name = #value;
                    self
                }
            });
        }
    }
    let docs = docs.outer();
    Some(quote! {
        impl #name {
            #docs
            pub fn new(#(#arguments),*) -> Self {
                Self {
                    #(#values,)*
                }
            }

            #(#setters)*
        }
    })
}

/// `name` alone when the value is the argument itself (clippy's `redundant_field_names`).
fn field_init(name: &Ident, value: &TokenStream) -> TokenStream {
    if *name == value.to_string() {
        quote!(#name)
    } else {
        quote!(#name: #value)
    }
}

fn argument_doc(api: &Api, rust_name: &str, description: Option<&str>, ty: &Type) -> String {
    let description = description
        .map(|d| super::docs::sanitize(d.trim()))
        .unwrap_or_else(|| describe(api, ty));
    format!(
        "- `{}`: {}",
        ident::plain(rust_name),
        description.replace('\n', " ")
    )
}

/// The doc line of a required argument passed as a named value: its type says how to write it
/// (`` `days`: [`Days`]`(…)`: … ``).
fn named_argument_doc(api: &Api, rust_name: &str, description: Option<&str>, ty: &Type) -> String {
    let line = argument_doc(api, rust_name, description, ty);
    let plain = ident::plain(rust_name);
    let head = format!("- `{plain}`: ");
    let rest = line.strip_prefix(&head).unwrap_or(&line);
    format!("{head}[`{}`]`(…)`: {rest}", type_name(rust_name))
}

/// The named values (see `lower::named_values`): one tuple struct per required boolean or
/// number argument, for the `operations` module's index. No `From` conversions: a bare `true`
/// or `90` is what they exist to refuse.
pub(crate) fn named_value_items(api: &Api) -> TokenStream {
    let items = named_values(api).into_iter().map(|value| {
        let name = ident::ident(&value.rust_name);
        let inner = match value.ty {
            Type::Boolean => quote!(bool),
            Type::Integer { bits32: true } => quote!(i32),
            Type::Integer { bits32: false } => quote!(i64),
            _ => quote!(f64),
        };
        let mut docs = Docs::new();
        let meaning = value
            .description
            .as_deref()
            .map(|d| super::docs::sanitize(d.trim()).replace('\n', " "))
            .unwrap_or_else(|| format!("The `{}` value.", value.argument));
        docs.prose(&meaning);
        let methods: Vec<String> = value
            .methods
            .iter()
            .map(|method| format!("`Client::{method}`"))
            .collect();
        docs.markdown(&format!(
            "The required `{}` argument of {}, named at the call site: `{}({})`.",
            value.argument,
            methods.join(", "),
            value.rust_name,
            match value.ty {
                Type::Boolean => "true",
                _ => "1",
            }
        ));
        let docs = docs.outer();
        let derives = if matches!(value.ty, Type::Number) {
            quote!(#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)])
        } else {
            quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)])
        };
        quote! {
            #docs
            #derives
            pub struct #name(pub #inner);
        }
    });
    quote!(#(#items)*)
}

fn builder(
    api: &Api,
    op: &Operation,
    models: &ModelFacts<'_>,
    types: &mut TypeWriter<'_>,
) -> TokenStream {
    let inputs = inputs(api, op);
    let three_states = op
        .body
        .as_ref()
        .is_some_and(|body| models.three_states(body.schema.0));
    let name = ident::ident(&op.builder_name);
    let method = &op.method_name;
    let mut docs = Docs::new();
    docs.markdown(&format!(
        "Request builder for [`Client::{method}`]: {} (`{} {}`).",
        op.summary,
        method_name(op.http_method),
        op.path.raw
    ));
    let docs = docs.outer();

    let mut fields = Vec::new();
    for parameter in &inputs.required {
        let field = ident::ident(&parameter.rust_name);
        let ty = types.rust(&parameter.ty);
        fields.push(quote!(#field: #ty));
    }
    for parameter in &inputs.optional {
        let field = ident::ident(&parameter.rust_name);
        let ty = types.rust(&parameter.ty);
        fields.push(quote!(#field: Option<#ty>));
    }
    if let Some(body_type) = &inputs.body_type {
        let body_type = types.rust(body_type);
        fields.push(quote!(body: #body_type));
    }

    let parameter_setters: Vec<_> = inputs
        .optional
        .iter()
        .map(|parameter| {
            let field = ident::ident(&parameter.rust_name);
            let (ty, value) = types.argument(&parameter.ty, &quote!(#field));
            let mut docs = Docs::new();
            docs.prose(parameter.description.as_deref().unwrap_or(&format!(
                "The `{}` {} parameter.",
                parameter.name,
                location_name(parameter.location)
            )));
            if let Some(default) = &parameter.default {
                docs.markdown(&format!("GitHub's default: `{default}`."));
            }
            let docs = docs.outer();
            quote! {
                #docs
                pub fn #field(mut self, #field: #ty) -> Self {
                    self.#field = Some(#value);
                    self
                }
            }
        })
        .collect();
    let grouped: Vec<&str> = op
        .setter_groups
        .iter()
        .flat_map(|group| group.fields.iter().map(|(body, _, _)| body.as_str()))
        .collect();
    let body_setters = inputs
        .body_fields
        .iter()
        .filter(|field| !field.required && !grouped.contains(&field.rust_name.as_str()))
        .map(|field| {
            let name = ident::ident(&field.rust_name);
            let (ty, value) = types.argument(&field.ty, &quote!(#name));
            let value = boxed(field, value, false);
            // An optional, nullable field of a sent-only body has three states: left out
            // (`None`), a value, and `null` (`Some(None)`), set by `clear_…`.
            let three_states = three_states && field.nullable;
            let value = if three_states {
                quote!(Some(Some(#value)))
            } else {
                quote!(Some(#value))
            };
            let mut docs = Docs::new();
            docs.prose(
                field
                    .description
                    .as_deref()
                    .unwrap_or(&format!("The `{}` field of the request body.", field.name)),
            );
            let docs = docs.outer();
            let clear = three_states.then(|| {
                let clear = quote::format_ident!("clear_{}", ident::plain(&field.rust_name));
                let doc = format!(
                    " Sends `\"{}\": null`, which GitHub reads as \"remove it\" (see [`Self::{}`]).",
                    field.name,
                    ident::plain(&field.rust_name)
                );
                quote! {
                    #[doc = #doc]
                    pub fn #clear(mut self) -> Self {
                        self.body.#name = Some(None);
                        self
                    }
                }
            });
            quote! {
                #docs
                pub fn #name(mut self, #name: #ty) -> Self {
                    self.body.#name = #value;
                    self
                }

                #clear
            }
        });
    let mut body_setters: Vec<_> = body_setters.collect();
    body_setters.extend(group_setters(op, inputs.body_fields, three_states, types));

    let send = send(api, op, types);
    let follow_ups = follow_ups(api, op, types);
    let request = request_fn(op, &inputs, types);
    let outcome = outcome_enum(op, types);
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #name {
            client: Client,
            #(#fields,)*
        }

        impl #name {
            #(#parameter_setters)*
            #(#body_setters)*
            #send
            #follow_ups
            #request
        }

        #outcome
    }
}

fn send(api: &Api, op: &Operation, types: &mut TypeWriter<'_>) -> TokenStream {
    let mut docs = Docs::new();
    types.imports.add("crate", "Sending");
    // `finish`: how the response becomes the result (see `Sending`).
    let (output, finish) = match &op.success {
        Success::Json {
            status,
            ty,
            description,
        } => {
            docs.markdown(&format!(
                "Sends the request; a `{status} {description}` response is decoded into {}.",
                describe(api, ty)
            ));
            let ty = types.rust(ty);
            (ty, quote!(|response| response.json()))
        }
        Success::Empty {
            status,
            description,
        } => {
            docs.markdown(&format!(
                "Sends the request; success is `{status} {description}`, with no body."
            ));
            (quote!(()), quote!(|_| Ok(())))
        }
        Success::Redirect {
            status,
            description,
        } => {
            types.imports.add("crate", "Redirect");
            docs.markdown(&format!("Sends the request; GitHub answers `{status} {description}`, and the result holds the `Location` it redirects to."));
            (quote!(Redirect), quote!(|response| response.redirect()))
        }
        Success::Outcomes {
            rust_name,
            shared,
            outcomes,
        } => {
            if *shared {
                types.imports.add("crate", rust_name);
            }
            docs.markdown(&format!("Sends the request; the result says which success status GitHub answered with ([`{rust_name}`])."));
            let outcome = ident::ident(rust_name);
            let arms = outcomes
                .iter()
                .map(|o| outcome_arm(&outcome, &outcome_ident(o), o));
            (
                quote!(#outcome),
                quote! {
                    |response| match response.status() {
                        #(#arms)*
                        _ => Err(response.unexpected_status()),
                    }
                },
            )
        }
    };
    docs.markdown("# Errors");
    docs.line("");
    docs.line("Fails with [`Error`](crate::Error) when the request cannot be sent, GitHub answers with an error status, or the body does not decode.");
    if !op.errors.is_empty() {
        docs.markdown("GitHub documents these error statuses:");
        docs.line("");
        for (status, description) in &op.errors {
            docs.line(&format!(
                "- `{status}`: {}",
                super::docs::sanitize(description)
            ));
        }
    }
    let docs = docs.outer();
    quote! {
        #docs
        pub fn send(self) -> Sending<#output> {
            self.client.sending(self.request(), #finish)
        }
    }
}

/// What else a builder offers after `send`: `stream()` and `pages()` for paginated lists,
/// `download()` for redirects to a file.
fn follow_ups(api: &Api, op: &Operation, types: &mut TypeWriter<'_>) -> Option<TokenStream> {
    if let (Some(pagination), Success::Json { ty, .. }) = (&op.pagination, &op.success) {
        types.imports.add("crate", "Items");
        types.imports.add("crate", "Pages");
        let page = types.rust(ty);
        let item = types.rust(&pagination.item);
        let stream_doc = format!(
            " Every item of the list, across all pages: sends this request, then follows GitHub's `Link: rel=\"next\"` header page by page (keeping `per_page`), holding one page in memory at a time. The items come from each page's `{}`.",
            pagination.field
        );
        let item_name = describe(api, &pagination.item);
        let pages_doc = format!(
            " Every page of the list, as {}s of {item_name}, following the `next` links.",
            describe(api, ty)
        );
        return Some(quote! {
            #[doc = #stream_doc]
            pub fn stream(self) -> Items<#item> {
                self.client.items::<#page>(self.request())
            }

            #[doc = #pages_doc]
            pub fn pages(self) -> Pages<#page> {
                self.client.pages(self.request())
            }
        });
    }
    if let Success::Redirect { .. } = op.success {
        types.imports.add("crate", "Download");
        types.imports.add("crate", "Error");
        types.imports.add("std::future", "Future");
        // The runtime's future as it is: an `async fn` around it would add nothing but a
        // second future type, and the `+ Send` says what callers may rely on.
        return Some(quote! {
            /// Sends the request, then starts downloading where GitHub redirects to, without
            /// sending the token there (see [`Client::download`](github_actions_client_runtime::Core::download)).
            pub fn download(self) -> impl Future<Output = Result<Download, Error>> + Send {
                self.client.send_and_download(self.request())
            }
        });
    }
    None
}

fn outcome_ident(outcome: &Outcome) -> Ident {
    ident::ident(&outcome.rust_name)
}

fn outcome_arm(outcome_enum: &Ident, variant: &Ident, outcome: &Outcome) -> TokenStream {
    let status = proc_macro2::Literal::u16_unsuffixed(outcome.status);
    match outcome.body {
        Some(_) => quote! { #status => Ok(#outcome_enum::#variant(response.json()?)), },
        None => quote! { #status => Ok(#outcome_enum::#variant), },
    }
}

fn outcome_enum(op: &Operation, types: &mut TypeWriter<'_>) -> Option<TokenStream> {
    let Success::Outcomes {
        rust_name,
        shared: false,
        outcomes,
    } = &op.success
    else {
        // None, or the runtime's shared enum, imported by `send`.
        return None;
    };
    let name = ident::ident(rust_name);
    let doc = format!(
        " What [`Client::{}`] did, by the success status GitHub answered with.",
        op.method_name
    );
    let variants = outcomes.iter().map(|outcome| {
        let variant = outcome_ident(outcome);
        let doc = format!(
            " `{}`: {}",
            outcome.status,
            super::docs::sanitize(&outcome.description)
        );
        match &outcome.body {
            Some(ty) => {
                let ty = types.rust(ty);
                quote! { #[doc = #doc] #variant(#ty), }
            }
            None => quote! { #[doc = #doc] #variant, },
        }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    })
}

/// `fn request(&self) -> Result<Request, Error>`: the method, the path with its parameters encoded, the
/// query, the headers and the body.
fn request_fn(op: &Operation, inputs: &Inputs<'_>, types: &mut TypeWriter<'_>) -> TokenStream {
    let mut template = String::new();
    let mut bindings = Vec::new();
    for segment in &op.path.segments {
        match segment {
            PathSegment::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathSegment::Parameter(name) => {
                // The format string names a local of the parameter's name, so it reads like the
                // spec's path; a keyword (`{ref}`) binds its field name (`ref_`) instead.
                let binding = ident::field(name);
                template.push('{');
                template.push_str(&binding);
                template.push('}');
                let parameter = op
                    .parameters
                    .iter()
                    .find(|p| &p.name == name)
                    .expect("declared path parameter");
                let field = ident::ident(&parameter.rust_name);
                let binding = format_ident!("{}", binding);
                bindings.push(quote!(let #binding = path_segment(#name, &self.#field)?;));
            }
        }
    }
    let path = if bindings.is_empty() {
        quote!(#template.to_owned())
    } else {
        quote!(format!(#template))
    };
    let http_method = format_ident!("{}", method_name(op.http_method));

    let mut statements = Vec::new();
    for parameter in &inputs.required {
        if parameter.location == ParameterLocation::Path {
            continue;
        }
        let field = ident::ident(&parameter.rust_name);
        let add = add_parameter(parameter, quote!(self.#field));
        statements.push(add);
    }
    for parameter in &inputs.optional {
        let field = ident::ident(&parameter.rust_name);
        let add = add_parameter(parameter, quote!(value));
        statements.push(quote! {
            if let Some(value) = &self.#field {
                #add
            }
        });
    }
    if inputs.body_type.is_some() {
        statements.push(quote!(request.json(&self.body);));
    }
    if let Some(resource) = &op.rate_limit_resource {
        statements.push(quote!(request.rate_limit_resource(#resource);));
    }
    if !bindings.is_empty() {
        types
            .imports
            .add("github_actions_client_runtime::__private", "path_segment");
    }
    types.imports.add("crate", "Method");
    let new_request = quote!(Request::new(Method::#http_method, #path));
    types.imports.add("crate", "Error");
    let body = if statements.is_empty() {
        quote! {
            #(#bindings)*
            let request = #new_request;
            Ok(request)
        }
    } else {
        quote! {
            #(#bindings)*
            let mut request = #new_request;
            #(#statements)*
            Ok(request)
        }
    };
    quote! {
        /// The HTTP request this builder describes, or the error for a path parameter that
        /// cannot be sent (empty, `.` or `..`).
        fn request(&self) -> Result<Request, Error> {
            #body
        }
    }
}

fn add_parameter(parameter: &Parameter, value: TokenStream) -> TokenStream {
    let name = &parameter.name;
    let text = match parameter.ty {
        // Date-times go on the wire as RFC 3339, not chrono's `Display` form.
        Type::DateTime => quote!(#value.to_rfc3339()),
        _ => quote!(#value.to_string()),
    };
    match parameter.location {
        ParameterLocation::Query => quote!(request.query(#name, #text);),
        ParameterLocation::Header => quote!(request.header(#name, #text);),
        ParameterLocation::Path => quote!(),
    }
}

fn method_name(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Patch => "PATCH",
        HttpMethod::Delete => "DELETE",
    }
}

fn location_name(location: ParameterLocation) -> &'static str {
    match location {
        ParameterLocation::Path => "path",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "header",
    }
}

/// The summary as a sentence: docs' summaries have no final period.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}
