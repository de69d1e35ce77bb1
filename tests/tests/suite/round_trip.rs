//! Decode → encode → compare, for the generated examples test.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Decodes `json` into `T`, encodes it again, and fails if any field was lost, added or
/// changed. Date-times compare by instant (`+00:00` and `Z` are the same time), and a `null`
/// that comes back absent is the same answer: a model reads both as `None`, and leaves an
/// optional field out when it is `None`.
pub fn assert_round_trip<T: DeserializeOwned + Serialize>(origin: &str, json: &str) {
    let original: Value = serde_json::from_str(json).expect("the example is JSON");
    let deserializer = &mut serde_json::Deserializer::from_str(json);
    let decoded: T = serde_path_to_error::deserialize(deserializer).unwrap_or_else(|error| {
        panic!(
            "{origin}: does not decode at `{}`: {}",
            error.path(),
            error.inner()
        )
    });
    let encoded = serde_json::to_value(&decoded).expect("models encode");
    let mut differences = Vec::new();
    compare(&original, &encoded, "$", &mut differences);
    assert!(
        differences.is_empty(),
        "{origin}: re-encoding changed the JSON:\n{}",
        differences.join("\n")
    );
}

fn compare(original: &Value, encoded: &Value, at: &str, differences: &mut Vec<String>) {
    match (original, encoded) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                match b.get(key) {
                    Some(other) => compare(value, other, &format!("{at}.{key}"), differences),
                    None if value.is_null() => {}
                    None => differences.push(format!("{at}.{key}: lost")),
                }
            }
            for key in b.keys().filter(|key| !a.contains_key(*key)) {
                differences.push(format!("{at}.{key}: added"));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                compare(x, y, &format!("{at}[{index}]"), differences);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (Value::String(a), Value::String(b)) if same_instant(a, b) => {}
        (a, b) if a == b => {}
        (a, b) => differences.push(format!("{at}: {a} became {b}")),
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[test]
fn a_lost_field_fails() {
    #[derive(serde::Deserialize, Serialize)]
    struct Small {
        a: i64,
    }
    let result =
        std::panic::catch_unwind(|| assert_round_trip::<Small>("test", r#"{"a": 1, "b": 2}"#));
    let message = *result
        .expect_err("must fail")
        .downcast::<String>()
        .expect("a message");
    assert!(message.contains("$.b: lost"), "{message}");
}

#[test]
fn a_null_that_comes_back_absent_is_kept() {
    let mut differences = Vec::new();
    let original = serde_json::json!({"a": null, "b": 1});
    compare(
        &original,
        &serde_json::json!({"b": 1}),
        "$",
        &mut differences,
    );
    assert!(differences.is_empty(), "{differences:?}");
    compare(
        &original,
        &serde_json::json!({"a": null}),
        "$",
        &mut differences,
    );
    assert_eq!(differences, ["$.b: lost"]);
}

#[test]
fn date_times_compare_by_instant() {
    let mut differences = Vec::new();
    compare(
        &Value::from("2019-08-06T16:38:54.000-07:00"),
        &Value::from("2019-08-06T23:38:54Z"),
        "$",
        &mut differences,
    );
    assert!(differences.is_empty(), "{differences:?}");
    compare(
        &Value::from("2019-08-06T16:38:54Z"),
        &Value::from("2019-08-06T16:38:55Z"),
        "$",
        &mut differences,
    );
    assert_eq!(differences.len(), 1);
}
