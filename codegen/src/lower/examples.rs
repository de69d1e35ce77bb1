//! Checks each docs example against the type it illustrates.
//!
//! A field in an example that the schema lacks would be dropped on decode; a `null` where the
//! spec says non-null would fail to decode. Both are curation mistakes, so they are reported
//! here, at the example's line, instead of surfacing later as a failing round-trip test.

use std::fmt;

use serde_json::Value;

use crate::diagnostics::SpecPath;
use crate::ident;
use crate::load::SourceId;

use super::model::{Api, Example, SchemaKind, Type};
use super::Lowerer;

impl Lowerer<'_, '_> {
    /// Records an example, to be checked once all schemas are lowered.
    pub(crate) fn example(
        &mut self,
        name: &str,
        origin: String,
        ty: Type,
        value: &Value,
        source: SourceId,
        path: &SpecPath,
    ) {
        let file = self.reporter.source_name(source);
        let example = Example {
            name: ident::snake(name),
            origin: format!("{file}: {origin}"),
            ty,
            value: value.clone(),
        };
        self.examples.push((example, source, path.clone()));
    }

    /// Records `example:` and each of `examples:` under `path` (the mapping that holds them).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn examples_of(
        &mut self,
        example: Option<&Value>,
        more: &[Value],
        name: &str,
        origin: &str,
        ty: &Type,
        source: SourceId,
        path: &SpecPath,
    ) {
        if let Some(example) = example {
            self.example(
                name,
                origin.to_owned(),
                ty.clone(),
                example,
                source,
                &path.key("example"),
            );
        }
        for (index, example) in more.iter().enumerate() {
            let name = format!("{name}-{}", index + 2);
            let origin = format!("{origin}, example {}", index + 2);
            self.example(
                &name,
                origin,
                ty.clone(),
                example,
                source,
                &path.key("examples").index(index),
            );
        }
    }

    /// Checks every recorded example against its type (the API is complete by now) and moves
    /// it into the API; problems are reported in recording order.
    pub(crate) fn check_examples(&mut self) {
        let examples = std::mem::take(&mut self.examples);
        for (example, source, path) in examples {
            let mut problems = Vec::new();
            check(
                &self.api,
                Mode::Spec,
                &example.value,
                &example.ty,
                &JsonPath::Root,
                &mut problems,
            );
            for problem in problems {
                self.reporter.error(
                    source,
                    &path,
                    format!("example does not match its type: {}", problem.message),
                );
            }
            self.api.examples.push(example);
        }
    }
}

/// What a check asks of a value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A spec example: it must decode and re-encode without losing anything, so a field the
    /// schema lacks and an enum value it does not list are problems too.
    Spec,
    /// Someone else's example (GitHub's official description): it must decode. Fields the
    /// model lacks are skipped on decode (reported as [`ProblemKind::Undeclared`], which does
    /// not stop decoding), and unknown enum values decode into `Unknown`.
    Decode,
}

/// One way an official example does not fit a model (see [`decode_problems`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleProblem {
    /// What kind of problem it is.
    pub kind: ProblemKind,
    /// The problem, with its JSON path (`$.jobs[0].created_at is missing, …`).
    pub message: String,
}

/// The kinds of [`ExampleProblem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A field the model requires is missing: decoding fails.
    Missing,
    /// A value of another type, or a `null` the model does not allow: decoding fails.
    Mismatch,
    /// A field the model does not have: decoding skips it.
    Undeclared,
}

/// How `value` fits `ty` as the generated models decode it: each required field missing, each
/// `null` where the model has none, each value of another type, and each field the model lacks
/// (which decoding skips). Enum values the model does not list are no problem (they decode
/// into `Unknown`). `cargo xtask audit` checks GitHub's own examples with it.
pub fn decode_problems(api: &Api, value: &Value, ty: &Type) -> Vec<ExampleProblem> {
    let mut problems = Vec::new();
    check(api, Mode::Decode, value, ty, &JsonPath::Root, &mut problems);
    problems
}

/// Where a value sits in an example (`$.jobs[0].steps`), for messages. It is a chain of
/// borrowed steps that becomes text only when a problem is reported, so checking a value that
/// fits allocates nothing.
#[derive(Clone, Copy)]
enum JsonPath<'a> {
    /// The example itself: `$`.
    Root,
    /// A key of an object.
    Key(&'a JsonPath<'a>, &'a str),
    /// An element of an array.
    Index(&'a JsonPath<'a>, usize),
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonPath::Root => f.write_str("$"),
            JsonPath::Key(parent, key) => write!(f, "{parent}.{key}"),
            JsonPath::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// Appends to `problems` each way `value` (at JSON path `at`) does not fit `ty`.
fn check(
    api: &Api,
    mode: Mode,
    value: &Value,
    ty: &Type,
    at: &JsonPath<'_>,
    problems: &mut Vec<ExampleProblem>,
) {
    let expected = match ty {
        Type::Any => return,
        Type::Boolean if value.is_boolean() => return,
        Type::Boolean => "a boolean",
        Type::Integer { .. } if value.is_i64() || value.is_u64() => return,
        Type::Integer { .. } => "an integer",
        Type::Number if value.is_number() => return,
        Type::Number => "a number",
        Type::String { .. } if value.is_string() => return,
        Type::String { .. } => "a string",
        Type::DateTime => match value.as_str() {
            Some(text) if looks_like_date_time(text) => return,
            _ => "an RFC 3339 date-time string",
        },
        Type::Array(item) => match value.as_array() {
            Some(items) => {
                for (index, element) in items.iter().enumerate() {
                    check(
                        api,
                        mode,
                        element,
                        item,
                        &JsonPath::Index(at, index),
                        problems,
                    );
                }
                return;
            }
            None => "an array",
        },
        Type::Map(values) => match value.as_object() {
            Some(map) => {
                for (key, element) in map {
                    check(
                        api,
                        mode,
                        element,
                        values,
                        &JsonPath::Key(at, key),
                        problems,
                    );
                }
                return;
            }
            None => "an object",
        },
        Type::Schema(id) => {
            let schema = api.schema(*id);
            match &schema.kind {
                SchemaKind::Alias(inner) | SchemaKind::Newtype(inner) => {
                    return check(api, mode, value, inner, at, problems)
                }
                SchemaKind::Enum(variants) => match value.as_str() {
                    Some(text) if variants.iter().any(|v| v.value == text) => return,
                    Some(_) if mode == Mode::Decode => return,
                    Some(text) => {
                        let message = format!(
                            "{at} is `{text}`, which enum `{}` does not list",
                            schema.name
                        );
                        problems.push(ExampleProblem::mismatch(message));
                        return;
                    }
                    None => "a string",
                },
                SchemaKind::OneOf(variants) => {
                    let fits = variants.iter().any(|variant| {
                        let mut scratch = Vec::new();
                        check(api, mode, value, &variant.ty, at, &mut scratch);
                        // A field the alternative lacks does not stop it from decoding.
                        scratch.iter().all(|p| p.kind == ProblemKind::Undeclared)
                    });
                    if fits {
                        return;
                    }
                    "one of the `one_of` alternatives"
                }
                SchemaKind::Object(fields) => match value.as_object() {
                    Some(object) => {
                        for key in object.keys() {
                            if !fields.iter().any(|field| field.name == *key) {
                                problems.push(ExampleProblem {
                                    kind: match mode {
                                        Mode::Spec => ProblemKind::Mismatch,
                                        Mode::Decode => ProblemKind::Undeclared,
                                    },
                                    message: format!(
                                        "{at}.{key} is not a property of `{}`",
                                        schema.name
                                    ),
                                });
                            }
                        }
                        for field in fields {
                            let field_at = JsonPath::Key(at, &field.name);
                            match object.get(&field.name) {
                                None if field.required => problems.push(ExampleProblem {
                                    kind: ProblemKind::Missing,
                                    message: format!(
                                        "{field_at} is missing, but `{}` requires it (mark it `optional: true`?)",
                                        schema.name
                                    ),
                                }),
                                None => {}
                                Some(Value::Null) if field.nullable || field.ty == Type::Any => {}
                                Some(Value::Null) => problems.push(ExampleProblem::mismatch(format!(
                                    "{field_at} is null, but `{}` says it is not nullable (mark it `nullable: true`?)",
                                    schema.name
                                ))),
                                Some(element) => {
                                    check(api, mode, element, &field.ty, &field_at, problems)
                                }
                            }
                        }
                        return;
                    }
                    None => "an object",
                },
            }
        }
    };
    problems.push(ExampleProblem::mismatch(format!(
        "{at} should be {expected}, found `{}`",
        excerpt(value)
    )));
}

impl ExampleProblem {
    fn mismatch(message: String) -> Self {
        ExampleProblem {
            kind: ProblemKind::Mismatch,
            message,
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS` followed by an optional fraction and a zone: what chrono accepts.
fn looks_like_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        range
            .into_iter()
            .all(|i| bytes.get(i).is_some_and(u8::is_ascii_digit))
    };
    let zone = text.get(19..).unwrap_or("");
    let zone = zone.strip_prefix('.').map_or(zone, |fraction| {
        fraction.trim_start_matches(|c: char| c.is_ascii_digit())
    });
    bytes.len() >= 20
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10)
        && matches!(bytes[10], b'T' | b't')
        && digits(11..13)
        && bytes[13] == b':'
        && digits(14..16)
        && bytes[16] == b':'
        && digits(17..19)
        && (zone == "Z"
            || zone == "z"
            || (zone.len() == 6 && matches!(zone.as_bytes()[0], b'+' | b'-')))
}

fn excerpt(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::looks_like_date_time;

    #[test]
    fn date_times() {
        assert!(looks_like_date_time("2020-01-10T14:59:22Z"));
        assert!(looks_like_date_time("2019-08-06T16:38:54.000-07:00"));
        assert!(looks_like_date_time("2020-01-10T14:59:22.123Z"));
        assert!(!looks_like_date_time("2020-01-10"));
        assert!(!looks_like_date_time("2020-01-10 14:59:22Z"));
        assert!(!looks_like_date_time("yesterday at noon, roughly"));
    }
}
