//! Lowers operations: parameters (own and shared), the request body, responses and pagination.

use crate::diagnostics::SpecPath;
use crate::ident;
use crate::load::spec::{OperationSpec, ParameterLocation, ParameterSpec, TypeSpec};
use crate::load::{Loaded, SourceId};

use super::model::{
    AreaId, Operation, Outcome, Pagination, Parameter, RequestBody, SchemaKind, SetterGroup,
    Success, Type, CREATED_OR_UPDATED,
};
use super::names::{OperationPlaces, Place};
use super::path_template;
use super::Lowerer;

/// A parameter after lowering, before it is placed in an operation.
#[derive(Debug, Clone)]
pub(crate) struct LoweredParameter {
    name: String,
    rust_name: String,
    location: ParameterLocation,
    ty: Type,
    required: bool,
    default: Option<serde_json::Value>,
    description: Option<String>,
}

impl<'a> Lowerer<'a, '_> {
    pub(crate) fn lower_operations(&mut self, file: &'a Loaded, area: AreaId) {
        for (index, spec) in file.spec.operations.iter().enumerate() {
            let path = SpecPath::root().key("operations").index(index);
            if let Some((operation, parameters)) =
                self.lower_operation(spec, file.source, &path, area)
            {
                self.operation_ids
                    .insert(operation.name.clone(), self.api.operations.len());
                self.api.operations.push(operation);
                self.origins.operations.push(OperationPlaces {
                    at: Place {
                        source: file.source,
                        path,
                    },
                    parameters,
                });
            }
        }
    }

    fn lower_operation(
        &mut self,
        spec: &'a OperationSpec,
        source: SourceId,
        path: &SpecPath,
        area: AreaId,
    ) -> Option<(Operation, Vec<SpecPath>)> {
        let name = &spec.name;
        // Operation names become `Client` methods, which must be unique across all areas.
        if let Some(&first) = self.operation_ids.get(name) {
            let first = &self.api.operations[first];
            let first_file = &self.api.areas[first.area.0].source;
            self.reporter.error(
                source,
                &path.key("name"),
                format!("operation `{name}` is defined twice (first in {first_file})"),
            );
            return None;
        }
        let template = match path_template::parse(&spec.path) {
            Ok(template) => template,
            Err(message) => {
                self.reporter.error(source, &path.key("path"), message);
                return None;
            }
        };

        let mut parameters: Vec<(LoweredParameter, SpecPath)> = Vec::new();
        for (index, parameter) in spec.parameters.iter().enumerate() {
            let parameter_path = path.key("parameters").index(index);
            if let Some(lowered) =
                self.lower_parameter(parameter, source, &parameter_path, area, name)
            {
                if parameters.iter().any(|(p, _)| p.name == lowered.name) {
                    self.reporter.error(
                        source,
                        &parameter_path,
                        format!("parameter `{}` is declared twice", lowered.name),
                    );
                    continue;
                }
                parameters.push((lowered, parameter_path));
            }
        }

        // Every `{name}` of the path must be a declared path parameter, and every declared path
        // parameter must appear in the path; either slip would build wrong URLs.
        for placeholder in template.parameters() {
            let declared = parameters
                .iter()
                .any(|(p, _)| p.name == placeholder && p.location == ParameterLocation::Path);
            if !declared {
                self.reporter.error(
                    source,
                    &path.key("path"),
                    format!("path parameter `{placeholder}` is not declared in `parameters` (add `- use: {placeholder}` or define it with `in: path`)"),
                );
            }
        }
        for (parameter, parameter_path) in &parameters {
            if parameter.location == ParameterLocation::Path
                && !template.parameters().any(|p| p == parameter.name)
            {
                self.reporter.error(
                    source,
                    parameter_path,
                    format!(
                        "path parameter `{}` does not appear in the path `{}`",
                        parameter.name, spec.path
                    ),
                );
            }
        }

        // Path parameters first, in path order (they are the leading positional arguments).
        let mut ordered: Vec<Parameter> = Vec::new();
        let mut places: Vec<SpecPath> = Vec::new();
        for placeholder in template.parameters() {
            if let Some((p, at)) = parameters
                .iter()
                .find(|(p, _)| p.name == placeholder && p.location == ParameterLocation::Path)
            {
                ordered.push(to_parameter(p));
                places.push(at.clone());
            }
        }
        for (p, at) in parameters
            .iter()
            .filter(|(p, _)| p.location != ParameterLocation::Path)
        {
            ordered.push(to_parameter(p));
            places.push(at.clone());
        }

        let body = spec.request_body.as_ref().and_then(|body| {
            self.lower_body(
                body,
                spec.request_example.as_ref(),
                source,
                path,
                area,
                name,
            )
        });
        if spec.request_body.is_none() && spec.request_example.is_some() {
            self.reporter.key_error(
                source,
                &path.key("request_example"),
                "`request_example` needs a `request_body`",
            );
        }

        let (success, errors) = self.lower_responses(spec, source, path, area)?;
        let pagination = spec.pagination.as_ref().and_then(|pagination| {
            self.lower_pagination(
                &pagination.items,
                &success,
                source,
                &path.key("pagination").key("items"),
            )
        });
        let setter_groups = self.lower_setter_groups(spec, body.as_ref(), source, path);
        let rate_limit_resource = spec.rate_limit_resource.clone();
        if let Some(resource) = &rate_limit_resource {
            let valid = resource.starts_with(|c: char| c.is_ascii_lowercase())
                && resource
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid {
                self.reporter.error(
                    source,
                    &path.key("rate_limit_resource"),
                    format!("`{resource}` is not a rate-limit resource name: GitHub's are lower case words joined by `_` (`core`, `actions_runner_registration`)"),
                );
            }
        }
        let paged = ordered
            .iter()
            .any(|p| p.location == ParameterLocation::Query && p.name == "page");
        if spec.pagination.is_none() && paged {
            self.check_not_a_list(&success, source, path);
        }

        let wait = spec.wait.as_ref().and_then(|wait| {
            self.lower_wait(
                wait,
                spec.method,
                &ordered,
                &success,
                source,
                &path.key("wait"),
            )
        });

        let operation = Operation {
            name: name.clone(),
            method_name: ident::snake(name),
            builder_name: ident::camel(name),
            area,
            http_method: spec.method,
            path: template,
            summary: spec.summary.clone(),
            description: spec.description.clone(),
            access: spec.access.clone(),
            availability: spec.availability.clone(),
            docs_url: spec.docs_url.clone(),
            parameters: ordered,
            body,
            success,
            errors,
            pagination,
            wait,
            rate_limit_resource,
            setter_groups,
        };
        Some((operation, places))
    }

    /// `setter_groups:`: each names a schema that is an object, and maps optional fields of
    /// the body (an object) to fields of that object of the same type.
    fn lower_setter_groups(
        &mut self,
        spec: &OperationSpec,
        body: Option<&RequestBody>,
        source: SourceId,
        path: &SpecPath,
    ) -> Vec<SetterGroup> {
        let mut groups = Vec::new();
        for (index, group) in spec.setter_groups.iter().enumerate() {
            let at = path.key("setter_groups").index(index);
            let body_fields = body.and_then(|body| match &self.api.schemas[body.schema.0].kind {
                SchemaKind::Object(fields) => Some(fields),
                _ => None,
            });
            let Some(body_fields) = body_fields else {
                self.reporter.error(
                    source,
                    &at,
                    "`setter_groups` needs a `request_body` that is an object",
                );
                continue;
            };
            let object = self.schema_ids.get(&group.reference).copied();
            let object_fields = object.and_then(|id| match &self.api.schemas[id.0].kind {
                SchemaKind::Object(fields) => Some(fields),
                _ => None,
            });
            let (Some(object), Some(object_fields)) = (object, object_fields) else {
                self.reporter.error(
                    source,
                    &at.key("ref"),
                    format!(
                        "`{}` is not a named schema of `type: object`",
                        group.reference
                    ),
                );
                continue;
            };
            let mut fields = Vec::new();
            for (body_name, object_name) in &group.fields {
                let body_field = body_fields.iter().find(|f| &f.name == body_name);
                let object_field = object_fields.iter().find(|f| &f.name == object_name);
                match (body_field, object_field) {
                    (Some(b), Some(o)) if !b.required && b.ty == o.ty => {
                        fields.push((b.rust_name.clone(), o.rust_name.clone(), o.required));
                    }
                    _ => self.reporter.error(
                        source,
                        &at.key("fields").key(body_name),
                        format!("`{body_name}` must be an optional field of the body and `{object_name}` a field of `{}` of the same type", group.reference),
                    ),
                }
            }
            groups.push(SetterGroup {
                setter: ident::field(&group.setter),
                object,
                fields,
                description: group.description.clone(),
            });
        }
        groups
    }

    fn lower_parameter(
        &mut self,
        spec: &'a ParameterSpec,
        source: SourceId,
        path: &SpecPath,
        area: AreaId,
        operation: &str,
    ) -> Option<LoweredParameter> {
        if let Some(shared) = &spec.use_shared {
            let others = spec.name.is_some()
                || spec.rust_name.is_some()
                || spec.location.is_some()
                || spec.required.is_some()
                || spec.description.is_some()
                || spec.default.is_some()
                || spec.kind.is_some()
                || spec.format.is_some()
                || spec.enum_values.is_some()
                || spec.reference.is_some();
            if others {
                self.reporter.error(
                    source,
                    path,
                    "`use` takes a shared parameter as it is; give nothing else beside it",
                );
            }
            if let Some(lowered) = self.lowered_shared.get(shared) {
                return lowered.clone();
            }
            let Some(&(shared_source, ref shared_path, shared_spec)) =
                self.shared_parameters.get(shared)
            else {
                let mut known: Vec<&String> = self.shared_parameters.keys().collect();
                known.sort();
                let known: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                let known = if known.is_empty() {
                    "no file defines `parameters:`".to_owned()
                } else {
                    format!("known: {}", known.join(", "))
                };
                self.reporter.error(
                    source,
                    &path.key("use"),
                    format!("unknown shared parameter `{shared}` ({known})"),
                );
                return None;
            };
            let shared_path = shared_path.clone();
            let lowered = self.lower_parameter_definition(
                shared_spec,
                Some(shared),
                shared_source,
                &shared_path,
                area,
                shared,
            );
            self.lowered_shared.insert(shared.clone(), lowered.clone());
            return lowered;
        }
        let hint = format!(
            "{operation}-{}",
            spec.name.as_deref().unwrap_or("parameter")
        );
        self.lower_parameter_definition(spec, None, source, path, area, &hint)
    }

    /// Lowers a parameter defined in place or under `parameters:` (where `key` names it).
    fn lower_parameter_definition(
        &mut self,
        spec: &ParameterSpec,
        key: Option<&str>,
        source: SourceId,
        path: &SpecPath,
        area: AreaId,
        hint: &str,
    ) -> Option<LoweredParameter> {
        let Some(name) = spec.name.as_deref().or(key) else {
            self.reporter.error(
                source,
                path,
                "a parameter needs `name:` (or `use:` for a shared one)",
            );
            return None;
        };
        if spec.description.is_none() {
            // An inline parameter's key is `name:`; a shared one's is its own name.
            let at = if spec.name.is_some() {
                path.key("name")
            } else {
                path.clone()
            };
            self.reporter.key_warning(
                source,
                &at,
                format!(
                    "parameter `{name}` has no `description`; its docs would only name its type"
                ),
            );
        }
        let Some(location) = spec.location else {
            self.reporter.error(
                source,
                path,
                format!("parameter `{name}` needs `in:` (path, query or header)"),
            );
            return None;
        };
        // A path parameter cannot be left out of a URL.
        if location == ParameterLocation::Path && spec.required == Some(false) {
            self.reporter.error(
                source,
                &path.key("required"),
                format!("path parameter `{name}` is always required"),
            );
        }
        let type_spec = TypeSpec {
            kind: spec.kind,
            format: spec.format,
            enum_values: spec.enum_values.clone(),
            reference: spec.reference.clone(),
            description: spec.description.clone(),
            ..TypeSpec::default()
        };
        let ty = self.lower_inline(&type_spec, source, path, area, hint);
        // Parameters travel as text; only scalars and the enums and one-ofs over them do.
        if !self.is_scalar(&ty) {
            self.reporter.error(source, path, format!("parameter `{name}` must be a string, integer, number, boolean, enum or one_of of those"));
        }
        let rust_name = ident::field(name);
        let rust_name = match spec.rust_name.as_deref() {
            Some(given) if ident::field(given) != given => {
                self.reporter.error(
                    source,
                    &path.key("rust_name"),
                    format!(
                        "`rust_name` is a Rust identifier in snake case, such as `{}`",
                        ident::field(given)
                    ),
                );
                rust_name
            }
            Some(given) => given.to_owned(),
            None => rust_name,
        };
        Some(LoweredParameter {
            name: name.to_owned(),
            rust_name,
            location,
            ty,
            required: location == ParameterLocation::Path || spec.required.unwrap_or(false),
            default: spec.default.clone(),
            description: spec.description.clone(),
        })
    }

    fn is_scalar(&self, ty: &Type) -> bool {
        match ty {
            Type::Boolean
            | Type::Integer { .. }
            | Type::Number
            | Type::String { .. }
            | Type::DateTime => true,
            Type::Any | Type::Array(_) | Type::Map(_) => false,
            Type::Schema(id) => match &self.api.schemas[id.0].kind {
                SchemaKind::Enum(_) => true,
                SchemaKind::OneOf(variants) => variants.iter().all(|v| self.is_scalar(&v.ty)),
                SchemaKind::Alias(ty) | SchemaKind::Newtype(ty) => self.is_scalar(&ty.clone()),
                SchemaKind::Object(_) => false,
            },
        }
    }

    fn lower_body(
        &mut self,
        spec: &TypeSpec,
        example: Option<&serde_json::Value>,
        source: SourceId,
        path: &SpecPath,
        area: AreaId,
        operation: &str,
    ) -> Option<RequestBody> {
        let body_path = path.key("request_body");
        let hint = format!("{operation}-request");
        let ty = self.lower_inline(spec, source, &body_path, area, &hint);
        // Required fields become positional arguments and optional ones setters, so the body
        // must be an object with named fields; or a one-of whose alternatives are such objects
        // (GitHub's `oneOf`/`anyOf` bodies), taken whole as one argument, so that only a shape
        // GitHub accepts can be sent.
        let is_object = |ty: &Type| match ty {
            Type::Schema(id) => matches!(self.api.schemas[id.0].kind, SchemaKind::Object(_)),
            _ => false,
        };
        let schema = match ty {
            Type::Schema(id) if is_object(&ty) => id,
            Type::Schema(id)
                if matches!(&self.api.schemas[id.0].kind,
                    SchemaKind::OneOf(variants) if variants.iter().all(|v| is_object(&v.ty))) =>
            {
                id
            }
            _ => {
                self.reporter.error(
                    source,
                    &body_path,
                    "a `request_body` must be an object with `properties` (inline or by `ref`), or a `one_of` of such objects",
                );
                return None;
            }
        };
        if let Some(example) = example {
            self.example(
                &format!("{operation}-request"),
                format!("`{operation}` request body"),
                Type::Schema(schema),
                example,
                source,
                &path.key("request_example"),
            );
        }
        Some(RequestBody { schema })
    }

    fn lower_responses(
        &mut self,
        spec: &OperationSpec,
        source: SourceId,
        path: &SpecPath,
        area: AreaId,
    ) -> Option<(Success, Vec<(u16, String)>)> {
        let mut successes: Vec<Outcome> = Vec::new();
        let mut redirect: Option<(u16, String)> = None;
        let mut errors = Vec::new();
        let responses_path = path.key("responses");
        for (&status, response) in &spec.responses {
            let response_path = responses_path.key(&status.to_string());
            if !(200..600).contains(&status) {
                self.reporter.key_error(
                    source,
                    &response_path,
                    format!("`{status}` is not an HTTP status this API answers with"),
                );
                continue;
            }
            if status >= 400 {
                // Error bodies are GitHub's standard error, decoded by the runtime's `Error`.
                if response.body.is_some() || response.redirect || response.outcome.is_some() {
                    self.reporter.error(source, &response_path, format!("error status {status} takes only a `description`; the runtime decodes GitHub's error body"));
                }
                errors.push((status, response.description.clone()));
                continue;
            }
            if response.redirect {
                if !(300..400).contains(&status) || response.body.is_some() {
                    self.reporter.error(
                        source,
                        &response_path,
                        "`redirect: true` needs a 3xx status and no `body`",
                    );
                }
                redirect = Some((status, response.description.clone()));
                continue;
            }
            let hint = format!("{}-response", spec.name);
            let body = response.body.as_ref().map(|body| {
                self.lower_inline(body, source, &response_path.key("body"), area, &hint)
            });
            match &body {
                Some(ty) => {
                    let origin = format!("`{}` response {status}", spec.name);
                    let name = format!("{}-{status}", spec.name);
                    let (first, more) = (response.example.as_ref(), &response.examples);
                    self.examples_of(first, more, &name, &origin, ty, source, &response_path);
                }
                None if response.example.is_some() || !response.examples.is_empty() => {
                    self.reporter.key_error(
                        source,
                        &response_path.key("example"),
                        "an `example` needs a `body` to illustrate",
                    );
                }
                None => {}
            }
            // An empty name stands for no `outcome:` (`ident::camel` never returns one).
            let rust_name = response.outcome.as_deref().map(ident::camel);
            successes.push(Outcome {
                status,
                rust_name: rust_name.unwrap_or_default(),
                description: response.description.clone(),
                body,
            });
        }

        let success = match (redirect, successes.len()) {
            (Some((status, description)), 0) => Success::Redirect {
                status,
                description,
            },
            (Some(_), _) => {
                self.reporter.error(
                    source,
                    &responses_path,
                    "a redirect operation may have no other success status",
                );
                return None;
            }
            (None, 0) => {
                self.reporter.error(
                    source,
                    &responses_path,
                    "an operation needs at least one success (2xx or 3xx) response",
                );
                return None;
            }
            (None, 1) => {
                let outcome = successes.pop().expect("one success");
                if !outcome.rust_name.is_empty() {
                    self.reporter.error(
                        source,
                        &responses_path
                            .key(&outcome.status.to_string())
                            .key("outcome"),
                        "`outcome` names one of several success statuses; this operation has one",
                    );
                }
                match outcome.body {
                    Some(ty) => Success::Json {
                        status: outcome.status,
                        ty,
                        description: outcome.description,
                    },
                    None => Success::Empty {
                        status: outcome.status,
                        description: outcome.description,
                    },
                }
            }
            (None, _) => {
                // Several success statuses mean different things (201 created, 204 updated):
                // the caller gets an enum that says which happened.
                for outcome in &successes {
                    if outcome.rust_name.is_empty() {
                        self.reporter.error(
                            source,
                            &responses_path.key(&outcome.status.to_string()),
                            "with several success statuses, each needs an `outcome:` name",
                        );
                    }
                }
                // One concept, one type: created-or-updated is the runtime's enum.
                let mut names: Vec<&str> = successes
                    .iter()
                    .filter(|outcome| outcome.body.is_none())
                    .map(|outcome| outcome.rust_name.as_str())
                    .collect();
                names.sort_unstable();
                let shared = names == ["Created", "Updated"] && successes.len() == 2;
                Success::Outcomes {
                    rust_name: match shared {
                        true => CREATED_OR_UPDATED.to_owned(),
                        false => format!("{}Outcome", ident::camel(&spec.name)),
                    },
                    shared,
                    outcomes: successes,
                }
            }
        };
        Some((success, errors))
    }

    /// A response shaped like GitHub's list wrapper (`total_count` beside one array) of an
    /// operation that takes a `page` without `pagination:` would leave a list out of
    /// `.stream()`: report it, naming the field to give. (Without a `page` parameter GitHub
    /// answers the whole list at once, as for a runner's labels: no pagination then.)
    fn check_not_a_list(&mut self, success: &Success, source: SourceId, path: &SpecPath) {
        let Success::Json {
            ty: Type::Schema(id),
            ..
        } = success
        else {
            return;
        };
        let SchemaKind::Object(fields) = &self.api.schemas[id.0].kind else {
            return;
        };
        if !fields.iter().any(|field| field.name == "total_count") {
            return;
        }
        let arrays: Vec<&str> = fields
            .iter()
            .filter(|field| matches!(field.ty, Type::Array(_)))
            .map(|field| field.name.as_str())
            .collect();
        if let [items] = arrays.as_slice() {
            self.reporter.error(
                source,
                &path.key("responses"),
                format!("the response is a paginated list (`total_count` and `{items}`); add `pagination: {{items: {items}}}`"),
            );
        }
    }

    fn lower_pagination(
        &mut self,
        items: &str,
        success: &Success,
        source: SourceId,
        path: &SpecPath,
    ) -> Option<Pagination> {
        let fields = match success {
            Success::Json {
                ty: Type::Schema(id),
                ..
            } => match &self.api.schemas[id.0].kind {
                SchemaKind::Object(fields) => Some(fields),
                _ => None,
            },
            _ => None,
        };
        let Some(fields) = fields else {
            self.reporter.error(
                source,
                path,
                "pagination needs a success response whose body is an object holding the items",
            );
            return None;
        };
        match fields.iter().find(|field| field.name == items) {
            Some(field) => match &field.ty {
                Type::Array(item) if field.required && !field.nullable => Some(Pagination {
                    field: field.name.clone(),
                    rust_field: field.rust_name.clone(),
                    item: (**item).clone(),
                }),
                _ => {
                    self.reporter.error(
                        source,
                        path,
                        format!("the items field `{items}` must be a required, non-null array"),
                    );
                    None
                }
            },
            None => {
                let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.name)).collect();
                self.reporter.error(
                    source,
                    path,
                    format!(
                        "the response has no field `{items}` (it has {})",
                        names.join(", ")
                    ),
                );
                None
            }
        }
    }
}

fn to_parameter(lowered: &LoweredParameter) -> Parameter {
    Parameter {
        name: lowered.name.clone(),
        rust_name: lowered.rust_name.clone(),
        location: lowered.location,
        ty: lowered.ty.clone(),
        required: lowered.required,
        default: lowered.default.clone(),
        description: lowered.description.clone(),
    }
}
