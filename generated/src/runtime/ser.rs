//! Serializing the models: every model's `Serialize` hands [`serialize_object`] a table of its
//! fields, each value behind `&dyn erased_serde::Serialize`, and one function writes them all.
//!
//! Why a table rather than a `serialize_field` call per field, as `#[derive(Serialize)]`
//! writes: each of those generic calls is type-checked and borrow-checked on its own, and the
//! models' 364 of them were a seventh of the crate's `cargo check`. A table entry is a
//! coercion. The price is a virtual call per field when serializing: a page of 100 runs
//! serializes at about 900 MB/s instead of 1,600 (see BENCHMARKS.md), which is far more than a
//! client sending small request bodies needs. Decoding is not affected.

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// One field of a model: its JSON name, and its value, or `None` to leave it out.
pub(crate) type FieldValue<'a> = (&'static str, Option<&'a dyn erased_serde::Serialize>);

/// Writes the object `name` (the model's Rust name, for formats that use it) with `fields`,
/// leaving out those without a value.
pub(crate) fn serialize_object<S: Serializer>(
    serializer: S,
    name: &'static str,
    fields: &[FieldValue<'_>],
) -> Result<S::Ok, S::Error> {
    // Formats that write a length first need the exact number of fields written.
    let len = fields.iter().filter(|(_, value)| value.is_some()).count();
    let mut object = serializer.serialize_struct(name, len)?;
    for &(key, value) in fields {
        if let Some(value) = value {
            object.serialize_field(key, value)?;
        }
    }
    object.end()
}

/// An optional field's value for [`serialize_object`]: `None`, left out, when it is absent.
/// (An optional, nullable field that is present as `null` is `Some(None)`, and written.)
pub(crate) fn present<T: Serialize>(value: &Option<T>) -> Option<&dyn erased_serde::Serialize> {
    match value {
        Some(value) => Some(value),
        None => None,
    }
}
