//! Lowers the `webhooks:` of a file: each event's payload becomes a struct named after the
//! event (`workflow_job` → `WorkflowJobEvent`), whose first field is `action`, an open enum of
//! the event's `actions:` (`WorkflowJobAction`, with `Unknown(String)` for an action the spec
//! does not list). The payload's other fields are ordinary properties, so they reuse the REST
//! schemas by `ref:`.

use crate::diagnostics::SpecPath;
use crate::ident;
use crate::load::spec::{Kind, TypeSpec, WebhookSpec};
use crate::load::{Loaded, SourceId};

use super::model::{AreaId, Field, SchemaKind, Type, Webhook};
use super::Lowerer;

/// The payload field that `actions:` adds.
const ACTION: &str = "action";

impl<'a> Lowerer<'a, '_> {
    /// Lowers every webhook event of `file` into `api.webhooks`.
    pub(crate) fn lower_webhooks(&mut self, file: &'a Loaded, area: AreaId) {
        for (index, spec) in file.spec.webhooks.iter().enumerate() {
            let path = SpecPath::root().key("webhooks").index(index);
            if let Some(webhook) = self.lower_webhook(spec, file.source, &path, area) {
                self.api.webhooks.push(webhook);
            }
        }
    }

    fn lower_webhook(
        &mut self,
        spec: &WebhookSpec,
        source: SourceId,
        path: &SpecPath,
        area: AreaId,
    ) -> Option<Webhook> {
        let event = &spec.event;
        // The event name is matched against the `X-GitHub-Event` header and names a variant
        // of `WebhookEvent`: it must be GitHub's snake case, and unique.
        if event.is_empty()
            || !event
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            self.reporter.error(
                source,
                &path.key("event"),
                format!("event `{event}` is not a webhook event name (lower case and `_`, as the `X-GitHub-Event` header gives it)"),
            );
            return None;
        }
        if let Some(first) = self.api.webhooks.iter().find(|w| w.event == *event) {
            let first_file = &self.api.areas[first.area.0].source;
            self.reporter.error(
                source,
                &path.key("event"),
                format!("webhook event `{event}` is defined twice (first in {first_file})"),
            );
            return None;
        }
        let variant = ident::camel(event);
        if variant == "Other" {
            self.reporter.error(
                source,
                &path.key("event"),
                "`other` would be the variant `WebhookEvent::Other`, which keeps events the spec does not describe",
            );
            return None;
        }

        let payload_path = path.key("payload");
        let payload_spec = &spec.payload;
        let inline_object =
            payload_spec.kind == Some(Kind::Object) && payload_spec.properties.is_some();
        if !inline_object || payload_spec.reference.is_some() {
            self.reporter.error(
                source,
                &payload_path,
                "a webhook's `payload` is an inline object (`type: object` with `properties:`); it is named after the event",
            );
            return None;
        }
        if let Some(properties) = &payload_spec.properties {
            if properties.contains_key(ACTION) {
                self.reporter.key_error(
                    source,
                    &payload_path.key("properties").key(ACTION),
                    "`action` is added from the event's `actions:`; list its values there",
                );
            }
        }
        for flag in ["optional", "nullable"] {
            let set = match flag {
                "optional" => payload_spec.optional,
                _ => payload_spec.nullable,
            };
            if set {
                self.reporter.error(
                    source,
                    &payload_path.key(flag),
                    format!("`{flag}` describes a property, not a webhook payload"),
                );
            }
        }
        let event_kebab = event.replace('_', "-");
        let payload_name = format!("{event_kebab}-event");
        let description = payload_spec
            .description
            .clone()
            .or_else(|| Some(format!("The payload of the `{event}` webhook event.")));
        let payload_ty =
            self.lower_inline(payload_spec, source, &payload_path, area, &payload_name);
        let Type::Schema(payload) = payload_ty else {
            return None;
        };
        self.api.schemas[payload.0].description = description;

        let action = if spec.actions.is_empty() {
            None
        } else {
            let action_spec = TypeSpec {
                kind: Some(Kind::String),
                enum_values: Some(spec.actions.clone()),
                description: Some(format!(
                    "What happened, the `action` of a `{event}` event; an action GitHub adds later is kept in `Unknown`."
                )),
                ..TypeSpec::default()
            };
            let action_path = path.key("actions");
            let action_name = format!("{event_kebab}-action");
            match self.lower_inline(&action_spec, source, &action_path, area, &action_name) {
                Type::Schema(id) => {
                    if let SchemaKind::Object(fields) = &mut self.api.schemas[payload.0].kind {
                        fields.insert(
                            0,
                            Field {
                                name: ACTION.to_owned(),
                                rust_name: ident::field(ACTION),
                                ty: Type::Schema(id),
                                required: true,
                                nullable: false,
                                boxed: false,
                                description: Some(
                                    "What happened to the object of the event.".to_owned(),
                                ),
                            },
                        );
                    }
                    Some(id)
                }
                _ => None,
            }
        };

        let origin = format!("webhook `{event}`");
        let name = format!("{payload_name}-example");
        self.examples_of(
            payload_spec.example.as_ref(),
            &payload_spec.examples,
            &name,
            &origin,
            &payload_ty,
            source,
            &payload_path,
        );

        Some(Webhook {
            event: event.clone(),
            variant,
            area,
            summary: spec.summary.clone(),
            description: spec.description.clone(),
            docs_url: spec.docs_url.clone(),
            payload,
            action,
        })
    }
}
