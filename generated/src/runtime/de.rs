//! What the generated `Deserialize` impls of the models share: object keys read without
//! copying, required fields, and string enums read from a borrowed `&str`.
//!
//! The models' impls are written out by codegen rather than derived: one map visitor per
//! object that matches each key against the field names and ignores unknown ones. That is the
//! work `#[derive(Deserialize)]` does for JSON, without the code it also generates for other
//! shapes (sequences, byte and integer keys), which the crate would compile for nothing.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};

/// An object key as the decoder hands it over: borrowed from the input when it can be (a JSON
/// key without escapes), so that matching it against field names allocates nothing.
pub(crate) enum ObjectKey<'de> {
    /// A key borrowed from the input.
    Borrowed(&'de str),
    /// A key the decoder had to copy (it had escapes, or the input is a stream).
    Owned(String),
}

impl ObjectKey<'_> {
    /// The key.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            ObjectKey::Borrowed(key) => key,
            ObjectKey::Owned(key) => key,
        }
    }
}

impl<'de> Deserialize<'de> for ObjectKey<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = ObjectKey<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Self::Value, E> {
                Ok(ObjectKey::Borrowed(key))
            }

            fn visit_str<E: Error>(self, key: &str) -> Result<Self::Value, E> {
                Ok(ObjectKey::Owned(key.to_owned()))
            }

            fn visit_string<E: Error>(self, key: String) -> Result<Self::Value, E> {
                Ok(ObjectKey::Owned(key))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of the key just read. Not inlined on purpose: a model with a hundred fields
/// (a repository) would otherwise get a hundred inlined copies of the decoder's value reading,
/// which was most of the crate's compile time; one copy per value type serves every field.
#[inline(never)]
pub(crate) fn field_value<'de, A, T>(map: &mut A) -> Result<T, A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    map.next_value()
}

/// serde's "missing field" error for the first required field that was not in the object;
/// `fields` pairs each required field's name with whether it is missing.
pub(crate) fn missing_field<E: Error>(fields: &[(&'static str, bool)]) -> E {
    let name = fields
        .iter()
        .find(|(_, missing)| *missing)
        .map_or("?", |(name, _)| name);
    E::missing_field(name)
}

/// Decodes a string enum from a JSON string without allocating for the values it knows: the
/// string is matched borrowed (`From<&str>`), and only an unknown value is copied.
pub(crate) fn string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct EnumVisitor<T>(PhantomData<T>);

    impl<T: for<'a> From<&'a str>> Visitor<'_> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(EnumVisitor(PhantomData))
}
