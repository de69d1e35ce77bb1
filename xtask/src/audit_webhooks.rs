//! The webhook half of `cargo xtask audit`: each event of the spec's `webhooks:` against the
//! description's `x-webhooks` (`@octokit/openapi`'s webhooks section), where GitHub describes
//! one schema per event and action (`workflow-job-queued`, `workflow-job-completed`, …).
//!
//! For each event: the event exists (`webhook EVENT | event`); the spec's `actions:` are the
//! actions the description has (`webhook EVENT | actions`); and each payload field, against
//! each action's schema, as the operations' fields are compared (`webhook EVENT.FIELD | field`,
//! `required`, `nullable`, `type`). A field whose type is a REST schema the payload reuses
//! (`workflow-run`, `job`, `simple-user`, …) is compared by its kind only: the REST schema
//! itself is audited against the description's REST schema, and the description's webhook
//! schemas inline copies of it that differ in detail, which would report every REST field a
//! second time under the same name. The envelope parts the spec defines for webhooks (and
//! inline payload objects, such as `ping`'s `hook`) are compared field by field.
//!
//! The description has some 270 webhook schemas; only the spec's events are compared, so an
//! event the spec leaves out is not a difference.

use super::*;

/// The payload field that `actions:` describes.
const ACTION: &str = "action";

impl<'a> Auditor<'a> {
    /// Compares every webhook event of the spec with the description's `x-webhooks`.
    pub(super) fn webhooks(&mut self) {
        // The description's schemas by event (`x-github.subcategory`), in key order.
        let mut official: BTreeMap<&str, Vec<(&str, Official<'a>)>> = BTreeMap::new();
        let entries = self.root["x-webhooks"].as_object().into_iter().flatten();
        for (key, item) in entries {
            let post = &item["post"];
            let Some(event) = post["x-github"]["subcategory"].as_str() else {
                continue;
            };
            let Some(schema) = post["requestBody"]["content"]["application/json"].get("schema")
            else {
                continue;
            };
            let pointer =
                format!("/x-webhooks/{key}/post/requestBody/content/application~1json/schema");
            let schema = self.follow(schema, pointer);
            official
                .entry(event)
                .or_default()
                .push((key.as_str(), schema));
        }
        for webhook in &self.api.webhooks {
            let here = format!("webhook {}", webhook.event);
            let Some(schemas) = official.get(webhook.event.as_str()) else {
                self.differ(&here, "event", webhook.event.clone(), NOTHING.into());
                continue;
            };
            self.webhook_actions(webhook, &here, schemas);
            for (_, schema) in schemas {
                self.webhook_fields(webhook, &here, schema);
            }
        }
    }

    /// The spec's `actions:` against the `action` values of the event's schemas.
    fn webhook_actions(
        &mut self,
        webhook: &codegen::model::Webhook,
        here: &str,
        schemas: &[(&str, Official<'a>)],
    ) {
        let ours: BTreeSet<String> = match webhook.action {
            Some(id) => match &self.api.schema(id).kind {
                SchemaKind::Enum(variants) => variants.iter().map(|v| v.value.clone()).collect(),
                _ => BTreeSet::new(),
            },
            None => BTreeSet::new(),
        };
        let mut theirs = BTreeSet::new();
        for (_, schema) in schemas {
            let Shape::Object(fields) = self.official_shape(schema) else {
                continue;
            };
            for (name, field) in fields {
                if let (true, Field::Official { schema, .. }) = (name == ACTION, field) {
                    match self.official_shape(&schema) {
                        Shape::Enum(values) => theirs.extend(values),
                        other => {
                            theirs.insert(other.label());
                        }
                    }
                }
            }
        }
        if ours != theirs {
            let show = |values: &BTreeSet<String>| {
                if values.is_empty() {
                    NOTHING.to_owned()
                } else {
                    values.iter().cloned().collect::<Vec<_>>().join(", ")
                }
            };
            self.differ(here, "actions", show(&ours), show(&theirs));
        }
    }

    /// The payload's fields (but `action`) against one action's schema.
    fn webhook_fields(
        &mut self,
        webhook: &codegen::model::Webhook,
        here: &str,
        schema: &Official<'a>,
    ) {
        let SchemaKind::Object(fields) = &self.api.schema(webhook.payload).kind else {
            return;
        };
        let Shape::Object(theirs) = self.official_shape(schema) else {
            self.differ(here, "type", "object".into(), self.official_label(schema));
            return;
        };
        let mut theirs: BTreeMap<String, (Official<'a>, bool)> = theirs
            .into_iter()
            .filter_map(|(name, field)| match field {
                Field::Official { schema, required } => Some((name, (schema, required))),
                Field::Ours { .. } => None,
            })
            .collect();
        theirs.remove(ACTION);
        for field in fields.iter().filter(|field| field.name != ACTION) {
            let at = format!("{here}.{}", field.name);
            let Some((their_schema, their_required)) = theirs.remove(&field.name) else {
                let label = self.type_label(&field.ty);
                self.differ(&at, "field", label, NOTHING.into());
                continue;
            };
            let show = |required: bool| if required { "required" } else { "optional" };
            if field.required != their_required {
                self.differ(
                    &at,
                    "required",
                    show(field.required).into(),
                    show(their_required).into(),
                );
            }
            if field.nullable != their_schema.nullable && field.ty != Type::Any {
                let show = |nullable: bool| if nullable { "nullable" } else { "not null" };
                self.differ(
                    &at,
                    "nullable",
                    show(field.nullable).into(),
                    show(their_schema.nullable).into(),
                );
            }
            if self.reuses_rest_schema(webhook, &field.ty) {
                // By kind only (see the module docs).
                let ours = self.our_shape(&field.ty).label();
                let official = self.official_shape(&their_schema).label();
                if ours != official {
                    let official = self.official_label(&their_schema);
                    self.differ(&at, "type", self.type_label(&field.ty), official);
                }
            } else {
                self.compare(&at, &field.ty, &their_schema);
            }
        }
        for (name, (schema, required)) in theirs {
            let mut label = self.official_label(&schema);
            label.push_str(if required { ", required" } else { ", optional" });
            if schema.nullable {
                label.push_str(", nullable");
            }
            self.differ(&format!("{here}.{name}"), "field", NOTHING.into(), label);
        }
    }

    /// Whether `ty` is (a list of) a named schema of another area than the webhook's: a REST
    /// schema the payload reuses.
    fn reuses_rest_schema(&self, webhook: &codegen::model::Webhook, ty: &Type) -> bool {
        match ty {
            Type::Schema(id) => self.api.schema(*id).area != webhook.area,
            Type::Array(item) => self.reuses_rest_schema(webhook, item),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

    /// A REST schema, in an area of its own.
    const REST: &str = r#"
area: things
title: Things
docs_url: https://example.com
schemas:
  thing:
    type: object
    properties:
      id: { type: integer, description: The id. }
"#;

    const SPEC: &str = r#"
area: events
title: Events
docs_url: https://example.com
webhooks:
  - event: thing_event
    summary: Thing
    docs_url: https://example.com
    actions: [created, deleted]
    payload:
      type: object
      properties:
        thing: { ref: thing, description: The thing. }
        note: { type: string, optional: true, description: A note. }
        hook:
          description: An inline object.
          type: object
          properties:
            id: { type: integer, description: The id. }
  - event: gone_event
    summary: Gone
    docs_url: https://example.com
    payload:
      type: object
      properties:
        zen: { type: string, description: Zen. }
"#;

    const DESCRIPTION: &str = r##"{
  "paths": {},
  "x-webhooks": {
    "thing-event-created": {"post": {
      "x-github": {"subcategory": "thing_event"},
      "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/webhook-thing-created"}}}}
    }},
    "thing-event-archived": {"post": {
      "x-github": {"subcategory": "thing_event"},
      "requestBody": {"content": {"application/json": {"schema": {
        "type": "object",
        "required": ["action", "thing"],
        "properties": {
          "action": {"type": "string", "enum": ["archived"]},
          "thing": {"type": "object", "properties": {"id": {"type": "integer"}, "extra": {"type": "string"}}},
          "note": {"type": "string"},
          "hook": {"type": "object", "properties": {"id": {"type": "string"}}}
        }
      }}}}
    }}
  },
  "components": {"schemas": {
    "webhook-thing-created": {
      "type": "object",
      "required": ["action", "thing", "note"],
      "properties": {
        "action": {"type": "string", "enum": ["created"]},
        "thing": {"type": "string"},
        "note": {"type": "string"},
        "hook": {"type": "object", "properties": {"id": {"type": "integer"}}},
        "sender": {"type": "object", "properties": {"id": {"type": "integer"}}}
      }
    }
  }}
}"##;

    #[test]
    fn webhook_events_are_compared_with_x_webhooks() {
        let file = |name: &str, text: &str| codegen::SourceFile {
            name: name.into(),
            text: text.into(),
        };
        let api = codegen::check(vec![
            file("spec/events.yaml", SPEC),
            file("spec/things.yaml", REST),
        ])
        .expect("the test spec is valid");
        let description: Value = serde_json::from_str(DESCRIPTION).unwrap();
        let (_, differences) = compare(&api, &description);
        let ids: Vec<String> = differences.iter().map(Difference::id).collect();
        assert_eq!(
            ids,
            [
                // Inline objects are compared field by field; the REST `thing` by kind only
                // (`extra` of the second action's inline copy is not reported).
                "thing-event-event-hook.id | required",
                "thing-event-event-hook.id | type",
                "webhook gone_event | event",
                "webhook thing_event | actions",
                "webhook thing_event.hook | required",
                "webhook thing_event.note | required",
                "webhook thing_event.sender | field",
                "webhook thing_event.thing | type",
            ]
        );
        let actions = differences
            .iter()
            .find(|d| d.id() == "webhook thing_event | actions")
            .unwrap();
        assert_eq!(
            (actions.spec.as_str(), actions.official.as_str()),
            ("created, deleted", "archived, created")
        );
    }
}
