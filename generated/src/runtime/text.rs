//! [`Str`], the models' string type: an immutable UTF-8 string that shares the response body it
//! was decoded from instead of copying it.
//!
//! Copying each string of a page of runs into its own `String` was most of what decoding cost
//! beyond scanning the JSON: a `Str` of a string without escapes is a reference-counted view
//! into the body (see BENCHMARKS.md). serde hands a deserializer's borrowed strings to a
//! `Deserialize` impl as `&str` only, so the body they point into is announced on the side:
//! [`with_body`] sets it, in a thread-local, for the duration of one decode.

use std::borrow::Borrow;
use std::cell::Cell;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use bytes::Bytes;
use serde::de::{Deserialize, Deserializer, Error, Visitor};
use serde::{Serialize, Serializer};

/// An immutable UTF-8 string, cheap to clone, that the models use for text.
///
/// A `Str` decoded from a response (by the client, or by [`decode_json`](crate::decode_json))
/// is a view into that response's body: decoding allocates nothing for it, and a clone is a
/// reference count, O(1). Other `Str`s (escaped JSON strings, `Str::from("…")`) own their
/// bytes.
///
/// It derefs to [`str`], so string methods work on it directly, and compares, orders and
/// hashes as its text (`run.head_branch == "main"`).
///
/// **Memory:** a `Str` from a response keeps that whole response body alive (a page of 100
/// runs is about 1.2 MB). To keep a few strings from many pages for long, copy them with
/// `String::from(s)` or `s.to_string()`, and let the pages go.
#[derive(Clone, Default)]
pub struct Str(Bytes);

impl Str {
    /// The text.
    pub fn as_str(&self) -> &str {
        // SAFETY: a `Str` is only ever made from a `&str` or a `String` (the constructors below
        // and `StrVisitor`), or a slice of a body at a `&str` inside it, and `Bytes` is
        // immutable: the bytes are UTF-8.
        unsafe { std::str::from_utf8_unchecked(&self.0) }
    }

    /// A `Str` of a `'static` string, without copying it.
    pub const fn from_static(text: &'static str) -> Self {
        Str(Bytes::from_static(text.as_bytes()))
    }
}

thread_local! {
    /// The body being decoded on this thread (see [`with_body`]), or null.
    static BODY: Cell<*const Bytes> = const { Cell::new(std::ptr::null()) };
}

/// Runs `decode` with `body` as the body being decoded on this thread: a [`Str`] decoded from a
/// string that lies inside `body` shares it instead of copying it. The previous body (a decode
/// this one is nested in, or none) is restored when `decode` returns or unwinds.
pub(crate) fn with_body<R>(body: &Bytes, decode: impl FnOnce() -> R) -> R {
    struct Restore(*const Bytes);
    impl Drop for Restore {
        fn drop(&mut self) {
            BODY.with(|cell| cell.set(self.0));
        }
    }
    let _restore = Restore(BODY.with(|cell| cell.replace(body)));
    decode()
}

/// `text` as a `Str` sharing the body being decoded, if it lies inside it.
#[inline]
fn shared(text: &str) -> Option<Str> {
    let body = BODY.with(Cell::get);
    // An empty `Str` owns nothing either way; sharing would only add a reference count.
    if body.is_null() || text.is_empty() {
        return None;
    }
    // SAFETY: `BODY` is non-null only inside `with_body`, which borrows the `Bytes` it points to
    // for as long as it is set.
    let body = unsafe { &*body };
    let start = body.as_ptr() as usize;
    let at = text.as_ptr() as usize;
    // A string from some other input (a nested decode of another buffer) is not inside it.
    if at >= start && at + text.len() <= start + body.len() {
        Some(Str(body.slice(at - start..at - start + text.len())))
    } else {
        None
    }
}

impl<'de> Deserialize<'de> for Str {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Reads a [`Str`]: shared with the body when the decoder lends a string of it.
        struct StrVisitor;

        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Str;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: Error>(self, text: &'de str) -> Result<Str, E> {
                Ok(shared(text).unwrap_or_else(|| Str::from(text)))
            }

            // An escaped string, unescaped into the decoder's scratch space: copied.
            fn visit_str<E: Error>(self, text: &str) -> Result<Str, E> {
                Ok(Str::from(text))
            }

            fn visit_string<E: Error>(self, text: String) -> Result<Str, E> {
                Ok(Str::from(text))
            }
        }

        deserializer.deserialize_str(StrVisitor)
    }
}

impl Serialize for Str {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

impl Deref for Str {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        self
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        self
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

// Comparisons and hashing are the text's, so that `Borrow<str>` holds (a `Str` key is found
// by a `&str`).

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Str {}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Str {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

/// `Str == other` and `other == Str` for the string types a caller compares with.
macro_rules! eq_text {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for Str {
            fn eq(&self, other: &$other) -> bool {
                self.as_str() == &other[..]
            }
        }

        impl PartialEq<Str> for $other {
            fn eq(&self, other: &Str) -> bool {
                &self[..] == other.as_str()
            }
        }
    )*};
}

eq_text!(str, &str, String);

impl From<String> for Str {
    /// Takes the string's buffer, without copying it.
    fn from(text: String) -> Self {
        Str(Bytes::from(text))
    }
}

impl From<&str> for Str {
    fn from(text: &str) -> Self {
        Str(Bytes::copy_from_slice(text.as_bytes()))
    }
}

impl From<Str> for String {
    /// Copies the text (a `Str` that shares a body cannot hand its bytes over).
    fn from(text: Str) -> Self {
        text.as_str().to_owned()
    }
}

impl From<&Str> for String {
    fn from(text: &Str) -> Self {
        text.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};

    use bytes::Bytes;

    use super::{with_body, Str};
    use crate::decode_json;

    fn decode(body: &Bytes) -> Vec<Str> {
        decode_json(body).unwrap()
    }

    fn inside(body: &Bytes, text: &Str) -> bool {
        body.as_ptr_range().contains(&text.as_ptr())
    }

    #[test]
    fn strings_inside_the_body_share_it_and_escaped_ones_are_copied() {
        let body = Bytes::from(r#"["plain", "esc\"aped", ""]"#);
        let strings = decode(&body);
        assert_eq!(strings, ["plain", "esc\"aped", ""]);
        assert!(inside(&body, &strings[0]));
        assert!(!inside(&body, &strings[1]));
    }

    #[test]
    fn strings_decoded_outside_with_body_are_copied() {
        let body = Bytes::from(r#"["plain"]"#);
        let text = std::str::from_utf8(&body).unwrap();
        let strings: Vec<Str> = serde_json::from_str(text).unwrap();
        assert_eq!(strings, ["plain"]);
        assert!(!inside(&body, &strings[0]));
        // Nor is a string of another input shared, even inside `with_body`.
        let other: Vec<Str> = with_body(&body, || serde_json::from_str(r#"["plain"]"#)).unwrap();
        assert!(!inside(&body, &other[0]));
    }

    #[test]
    fn a_nested_decode_restores_the_outer_body() {
        let outer = Bytes::from(r#"["outer"]"#);
        let inner = Bytes::from(r#"["inner"]"#);
        let (inner_strings, outer_strings) = with_body(&outer, || {
            let inner_strings = decode(&inner);
            let text = std::str::from_utf8(&outer).unwrap();
            let outer_strings: Vec<Str> = serde_json::from_str(text).unwrap();
            (inner_strings, outer_strings)
        });
        assert!(inside(&inner, &inner_strings[0]));
        assert!(inside(&outer, &outer_strings[0]));
    }

    #[test]
    fn comparisons_and_hashes_are_the_texts() {
        fn hash(value: impl Hash) -> u64 {
            let mut hasher = DefaultHasher::new();
            value.hash(&mut hasher);
            hasher.finish()
        }
        let shared = decode(&Bytes::from(r#"["main"]"#)).remove(0);
        let owned = Str::from("main".to_owned());
        assert_eq!(shared, owned);
        assert_eq!(hash(&shared), hash("main"));
        assert_eq!(hash(&owned), hash("main"));
        let text = String::from("main");
        assert_eq!(shared, "main");
        assert_eq!("main", shared);
        assert_eq!(shared, *"main");
        assert_eq!(*"main", shared);
        assert_eq!(shared, text);
        assert_eq!(text, shared);
        let (a, b) = (Str::from_static("a"), Str::from("b"));
        assert!(a < b);
        assert_eq!(Str::default(), "");
        assert_eq!(String::from(shared), "main");
        assert_eq!(format!("{owned} {owned:?}"), r#"main "main""#);
    }
}
