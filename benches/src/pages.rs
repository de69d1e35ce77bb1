//! Pages of list responses, built from the docs' examples in the spec.

use codegen::lower::model::{Api, Type};
use serde_json::{json, Value};

/// The docs' example of the schema named `schema` (`workflow-run`).
pub fn schema_example(api: &Api, schema: &str) -> Value {
    api.examples
        .iter()
        .find(|example| matches!(example.ty, Type::Schema(id) if api.schema(id).name == schema))
        .unwrap_or_else(|| panic!("the spec has an example of `{schema}`"))
        .value
        .clone()
}

/// A list page in compact JSON: `{"total_count": total, field: [items…]}` with `count` copies
/// of `item`, each with an `id` of its own.
pub fn page(item: &Value, field: &str, count: usize, first_id: u64, total: usize) -> Vec<u8> {
    let items: Vec<Value> = (0..count as u64)
        .map(|index| {
            let mut item = item.clone();
            item["id"] = json!(first_id + index);
            item
        })
        .collect();
    let mut page = serde_json::Map::new();
    page.insert("total_count".to_owned(), json!(total));
    page.insert(field.to_owned(), Value::Array(items));
    serde_json::to_vec(&Value::Object(page)).expect("JSON encodes")
}
