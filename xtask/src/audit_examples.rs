//! GitHub's own examples, held to one rule: every JSON example of a success response in the
//! official description decodes into the spec's model for that response, or the example is
//! wrong by the description's own schema too, and the allowlist says so.
//!
//! Two checks per example:
//! - [`codegen::lower::decode_problems`]: what stops it from decoding into our model (a
//!   required field missing, a `null` the model does not allow, a value of another type);
//! - [`schema_problems`]: what the description's own schema says is wrong with it (OpenAPI
//!   3.0 as GitHub writes it: `$ref`, `allOf`/`anyOf`/`oneOf`, `type`, `nullable`,
//!   `required`, `properties`, `items`, `additionalProperties`, string `enum`s).
//!
//! An example our model refuses is a difference. When it only leaves fields out, it is evidence
//! that GitHub leaves them out: the spec must make them optional, whatever the schema says
//! (aspect [`REFUSED`], which no allowlist entry may excuse: [`super::audit`] never matches
//! one). When it has another shape (a field under another name, a bare item where the schema
//! has the list around it, a value of another type) and the description's own schema refuses
//! it too, the example is wrong (aspect [`WRONG`]): the model follows the schema, and the
//! allowlist says so. An example of another shape that the schema accepts is [`REFUSED`]: the
//! model is too strict.

use serde_json::Value;

/// The aspect of an example our model refuses that is not a wrong example (it only leaves
/// fields out, or its schema accepts it): never allowlisted (the spec must change).
pub const REFUSED: &str = "example";
/// The aspect of an example of another shape than its schema's, which the schema refuses too.
pub const WRONG: &str = "example contradicts its schema";

/// Each JSON example of an official response (already `$ref`-resolved): its name (`default`,
/// or the key under `examples`) and value. `example:` on the media type is named `example`.
pub fn response_examples<'a>(root: &'a Value, response: &'a Value) -> Vec<(String, &'a Value)> {
    let mut examples = Vec::new();
    let content = response["content"].as_object().into_iter().flatten();
    for (media_type, media) in content {
        if !media_type.contains("json") {
            continue;
        }
        if let Some(example) = media.get("example") {
            examples.push(("example".to_owned(), example));
        }
        for (name, example) in media["examples"].as_object().into_iter().flatten() {
            let example = resolve(root, example);
            if let Some(value) = example.get("value") {
                examples.push((name.clone(), value));
            }
        }
        // The same examples under GitHub's own media type would be counted twice.
        break;
    }
    examples
}

/// Each way `value` breaks the official `schema` (with its JSON path), at most a few.
pub fn schema_problems(root: &Value, schema: &Value, value: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    validate(root, schema, value, "$", &mut problems);
    problems.truncate(5);
    problems
}

/// Follows `$ref`s within the description (a `$ref` that leads nowhere stays as it is).
pub fn resolve<'a>(root: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..32 {
        let Some(reference) = value["$ref"].as_str() else {
            break;
        };
        match root.pointer(reference.trim_start_matches('#')) {
            Some(target) => value = target,
            None => break,
        }
    }
    value
}

fn validate(root: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = resolve(root, schema);
    if value.is_null() && schema["nullable"] == true {
        return;
    }
    for part in schema["allOf"].as_array().into_iter().flatten() {
        validate(root, part, value, at, problems);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(alternatives) = schema[key].as_array() {
            let fits = alternatives.iter().any(|alternative| {
                let mut scratch = Vec::new();
                validate(root, alternative, value, at, &mut scratch);
                scratch.is_empty()
            });
            if !fits {
                problems.push(format!("{at} fits none of its `{key}` alternatives"));
            }
        }
    }
    let Some(ty) = schema["type"].as_str() else {
        return;
    };
    let fits = match ty {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "number" => value.is_number(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        _ => true,
    };
    if !fits {
        let found = if value.is_null() {
            "null (not nullable)".to_owned()
        } else {
            excerpt(value)
        };
        problems.push(format!("{at} should be of type {ty}, found {found}"));
        return;
    }
    if let (Some(values), Some(text)) = (schema["enum"].as_array(), value.as_str()) {
        if !values.iter().any(|allowed| allowed == text) {
            problems.push(format!("{at} is `{text}`, which its enum does not list"));
        }
    }
    if let Some(items) = value.as_array() {
        for (index, item) in items.iter().enumerate() {
            validate(
                root,
                &schema["items"],
                item,
                &format!("{at}[{index}]"),
                problems,
            );
        }
    }
    if let Some(object) = value.as_object() {
        for required in schema["required"].as_array().into_iter().flatten() {
            let required = required.as_str().unwrap_or_default();
            if !object.contains_key(required) {
                problems.push(format!(
                    "{at}.{required} is missing, but its schema requires it"
                ));
            }
        }
        let properties = schema["properties"].as_object();
        for (key, field) in object {
            let property = properties.and_then(|properties| properties.get(key));
            let field_schema = match (property, schema.get("additionalProperties")) {
                (Some(property), _) => property,
                (None, Some(additional)) if additional.is_object() => additional,
                _ => continue,
            };
            validate(root, field_schema, field, &format!("{at}.{key}"), problems);
        }
    }
}

fn excerpt(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("`{}…`", &text[..cut]),
        None => format!("`{text}`"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::schema_problems;

    #[test]
    fn the_schema_check_reads_openapi_as_github_writes_it() {
        let root = json!({"components": {"schemas": {
            "job": {
                "type": "object",
                "required": ["id", "created_at"],
                "properties": {
                    "id": {"type": "integer"},
                    "created_at": {"type": "string"},
                    "conclusion": {"type": "string", "nullable": true, "enum": ["success"]},
                    "steps": {"type": "array", "items": {"$ref": "#/components/schemas/step"}},
                },
            },
            "step": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
        }}});
        let job = json!({"$ref": "#/components/schemas/job"});
        let good =
            json!({"id": 1, "created_at": "x", "conclusion": null, "steps": [{"name": "a"}]});
        assert_eq!(schema_problems(&root, &job, &good), Vec::<String>::new());
        let bad = json!({"id": 1.5, "conclusion": "failure", "steps": [{}], "extra": 1});
        assert_eq!(
            schema_problems(&root, &job, &bad),
            [
                "$.created_at is missing, but its schema requires it",
                "$.id should be of type integer, found `1.5`",
                "$.conclusion is `failure`, which its enum does not list",
                "$.steps[0].name is missing, but its schema requires it",
            ]
        );
        let either = json!({"anyOf": [{"type": "integer"}, {"type": "string"}]});
        assert!(schema_problems(&root, &either, &json!("a")).is_empty());
        assert_eq!(
            schema_problems(&root, &either, &json!(true)),
            ["$ fits none of its `anyOf` alternatives"]
        );
        let not_null = json!({"type": "object"});
        assert_eq!(
            schema_problems(&root, &not_null, &json!(null)),
            ["$ should be of type object, found null (not nullable)"]
        );
    }
}
