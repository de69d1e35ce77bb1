//! Lowers an operation's `wait:`: a `Client` method that polls the operation until a string
//! enum field of its answer has the value that means finished (`wait_for_run`).

use crate::diagnostics::SpecPath;
use crate::ident;
use crate::load::spec::{HttpMethod, WaitSpec};
use crate::load::SourceId;

use super::model::{Parameter, ParameterLocation, SchemaKind, Success, Type, Wait};
use super::Lowerer;

impl Lowerer<'_, '_> {
    /// The wait `spec` describes on an operation answering `success`, or `None` after
    /// reporting why it cannot be: a wait polls a `GET` whose only arguments are its path,
    /// whose answer is an object with a string enum `until.field` that has `until.value`.
    pub(crate) fn lower_wait(
        &mut self,
        spec: &WaitSpec,
        method: HttpMethod,
        parameters: &[Parameter],
        success: &Success,
        source: SourceId,
        path: &SpecPath,
    ) -> Option<Wait> {
        match self.resolve_wait(spec, method, parameters, success) {
            Ok(wait) => Some(wait),
            Err((key, message)) => {
                self.reporter.error(source, &path.key(key), message);
                None
            }
        }
    }

    /// The wait, or the key of `wait:` that is wrong and why.
    fn resolve_wait(
        &self,
        spec: &WaitSpec,
        method: HttpMethod,
        parameters: &[Parameter],
        success: &Success,
    ) -> Result<Wait, (&'static str, String)> {
        if ident::snake(&spec.method) != spec.method || spec.method.is_empty() {
            return Err((
                "method",
                format!(
                    "`method` is a Rust method name in snake case, such as `{}`",
                    ident::snake(&spec.method)
                ),
            ));
        }
        let extra = parameters
            .iter()
            .any(|p| p.required && p.location != ParameterLocation::Path);
        if method != HttpMethod::Get || extra {
            return Err((
                "method",
                "a wait polls a `GET` whose required parameters are all in its path".to_owned(),
            ));
        }
        let object = match success {
            Success::Json {
                ty: ty @ Type::Schema(id),
                ..
            } => match &self.api.schema(*id).kind {
                SchemaKind::Object(fields) => Some((ty, fields)),
                _ => None,
            },
            _ => None,
        };
        let Some((ty, fields)) = object else {
            return Err((
                "until",
                "a wait needs an answer that is an object".to_owned(),
            ));
        };
        let Some(field) = fields.iter().find(|f| f.name == spec.until.field) else {
            let known: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
            return Err((
                "until",
                format!(
                    "the answer has no field `{}` (it has {})",
                    spec.until.field,
                    known.join(", ")
                ),
            ));
        };
        let variants = match &field.ty {
            Type::Schema(id) => match &self.api.schema(*id).kind {
                SchemaKind::Enum(variants) => Some(variants),
                _ => None,
            },
            _ => None,
        };
        let Some(variants) = variants else {
            return Err((
                "until",
                format!("field `{}` is not a string enum", field.name),
            ));
        };
        let Some(variant) = variants.iter().find(|v| v.value == spec.until.value) else {
            let known: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
            return Err((
                "until",
                format!(
                    "`{}` is not a value of field `{}` ({})",
                    spec.until.value,
                    field.name,
                    known.join(", ")
                ),
            ));
        };
        Ok(Wait {
            method_name: spec.method.clone(),
            what: spec.what.clone(),
            ty: ty.clone(),
            field: field.rust_name.clone(),
            optional: !field.required || field.nullable,
            enum_type: field.ty.clone(),
            variant: variant.rust_name.clone(),
        })
    }
}
