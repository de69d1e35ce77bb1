//! [`Str`], the models' string type: an immutable UTF-8 string that shares the response body it
//! was decoded from instead of copying it.
//!
//! Copying each string of a page of runs into its own `String` was most of what decoding cost
//! beyond scanning the JSON: a `Str` of a string without escapes is a reference-counted view
//! into the body (see BENCHMARKS.md). serde hands a deserializer's borrowed strings to a
//! `Deserialize` impl as `&str` only, so the body they point into is announced on the side:
//! [`with_body`] sets it, in a thread-local, for the duration of one decode.
//!
//! The count is kept by hand ([`Owner`]) rather than by `bytes::Bytes` or `Arc`, for speed: a
//! page of 100 runs makes about 18,700 `Str`s, and an atomic increment and decrement for each
//! were a sixth of the page's decode time (`perf`). A decode reserves [`BATCH`] references at
//! a time and hands them out without atomics (dropping a `Str` is still one atomic decrement,
//! as for an `Arc`), and a `Str` is 24 bytes where a `Bytes` is 32. Together: 1,190 →
//! 1,490 MB/s for that page (BENCHMARKS.md).

use std::alloc::{self, Layout};
use std::borrow::Borrow;
use std::cell::Cell;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::ptr::NonNull;
use std::sync::atomic::{fence, AtomicUsize, Ordering as AtomicOrdering};

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
pub struct Str {
    /// The first byte of the text, inside `owner`'s bytes, or in static memory.
    ptr: NonNull<u8>,
    len: usize,
    /// What keeps the bytes alive; `None` for a `'static` string.
    owner: Option<NonNull<Owner>>,
}

// SAFETY: a `Str` never changes the bytes it points to, and shares its `Owner` through an
// atomic count, as `Arc<Owner>` would (`Owner` is `Send + Sync`: a `Bytes` and an atomic).
unsafe impl Send for Str {}
unsafe impl Sync for Str {}

/// The bytes some `Str`s point into (a body, a `String`'s buffer, or a copy of a string), with
/// how many references to it exist: the `Str`s, plus those a decode in progress holds (see
/// [`Decoding`]). Freed when the count reaches zero.
struct Owner {
    refs: AtomicUsize,
    held: Held,
}

/// What an [`Owner`] keeps alive.
enum Held {
    /// A body, or a `String`'s buffer. Never read: the `Str`s read the bytes through their own
    /// pointers.
    Bytes(#[allow(dead_code)] Bytes),
    /// A copy of `len` bytes of text right after the owner, in the same allocation: a copied
    /// string (an escaped one, or any string decoded without [`with_body`]) costs one
    /// allocation, as a `String` would.
    Inline { len: usize },
}

/// A count beyond this is a leak of `Str`s (`mem::forget` in a loop), not a real program;
/// `Arc` aborts there too, before the count could wrap.
const MAX_REFS: usize = isize::MAX as usize;

impl Owner {
    /// A new owner of `bytes`, counted `refs` times.
    fn new(bytes: Bytes, refs: usize) -> NonNull<Owner> {
        let owner = Box::new(Owner {
            refs: AtomicUsize::new(refs),
            held: Held::Bytes(bytes),
        });
        NonNull::from(Box::leak(owner))
    }

    /// A new owner, counted once, of a copy of `text` placed right after it; and where the
    /// copy starts.
    fn copy_of(text: &str) -> (NonNull<Owner>, NonNull<u8>) {
        let (layout, offset) = Owner::inline_layout(text.len());
        // SAFETY: the layout is not zero-sized: it holds an `Owner`.
        let block = unsafe { alloc::alloc(layout) };
        let Some(block) = NonNull::new(block) else {
            alloc::handle_alloc_error(layout);
        };
        let owner = block.cast::<Owner>();
        // SAFETY: the block is `layout`'s, fresh: an `Owner`-aligned `Owner` at its start and
        // `text.len()` bytes at `offset`.
        unsafe {
            owner.as_ptr().write(Owner {
                refs: AtomicUsize::new(1),
                held: Held::Inline { len: text.len() },
            });
            let copy = block.as_ptr().add(offset);
            std::ptr::copy_nonoverlapping(text.as_ptr(), copy, text.len());
            (owner, NonNull::new_unchecked(copy))
        }
    }

    /// The layout of an owner followed by `len` bytes of text, and where the text starts.
    fn inline_layout(len: usize) -> (Layout, usize) {
        Layout::new::<Owner>()
            .extend(Layout::array::<u8>(len).expect("a string's length fits in memory"))
            .expect("a string's length fits in memory")
    }

    /// Counts `more` more references to `owner`.
    ///
    /// # Safety
    ///
    /// `owner` is alive: the caller holds one of its references.
    unsafe fn retain(owner: NonNull<Owner>, more: usize) {
        // Relaxed, as in `Arc::clone`: a new reference is made from an existing one, which
        // keeps the owner alive meanwhile.
        let before = unsafe { owner.as_ref() }
            .refs
            .fetch_add(more, AtomicOrdering::Relaxed);
        if before > MAX_REFS {
            std::process::abort();
        }
    }

    /// Gives up `count` references to `owner`, freeing it when they were the last.
    ///
    /// # Safety
    ///
    /// The caller holds `count` references to `owner` and uses none of them after.
    unsafe fn release(owner: NonNull<Owner>, count: usize) {
        // Release, then an Acquire fence before freeing: the same protocol as `Arc`'s drop.
        if unsafe { owner.as_ref() }
            .refs
            .fetch_sub(count, AtomicOrdering::Release)
            == count
        {
            fence(AtomicOrdering::Acquire);
            match unsafe { &owner.as_ref().held } {
                // SAFETY: made by `Owner::new`, from a `Box`; the last reference is gone.
                Held::Bytes(_) => drop(unsafe { Box::from_raw(owner.as_ptr()) }),
                // SAFETY: made by `Owner::copy_of` with this layout; the last reference is
                // gone. Such an owner has nothing to drop (an atomic and a length).
                &Held::Inline { len } => unsafe {
                    alloc::dealloc(owner.as_ptr().cast(), Owner::inline_layout(len).0);
                },
            }
        }
    }
}

impl Str {
    /// The text.
    pub fn as_str(&self) -> &str {
        // SAFETY: `ptr` and `len` are a `&str`'s, taken from a `String`, a `&'static str` or a
        // string inside a body (`shared`); the bytes there never change, and `owner` keeps them
        // alive as long as `self`.
        unsafe {
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.ptr.as_ptr(), self.len))
        }
    }

    /// A `Str` of a `'static` string, without copying it.
    pub const fn from_static(text: &'static str) -> Self {
        Str {
            // SAFETY: a reference is never null.
            ptr: unsafe { NonNull::new_unchecked(text.as_ptr().cast_mut()) },
            len: text.len(),
            owner: None,
        }
    }
}

impl Clone for Str {
    #[inline]
    fn clone(&self) -> Self {
        if let Some(owner) = self.owner {
            // SAFETY: `self` holds a reference, so the owner is alive.
            unsafe { Owner::retain(owner, 1) };
        }
        Str {
            ptr: self.ptr,
            len: self.len,
            owner: self.owner,
        }
    }
}

impl Drop for Str {
    #[inline]
    fn drop(&mut self) {
        if let Some(owner) = self.owner {
            // SAFETY: `self` holds one reference, and is gone after this.
            unsafe { Owner::release(owner, 1) };
        }
    }
}

impl Default for Str {
    /// The empty string.
    fn default() -> Self {
        Str::from_static("")
    }
}

/// References to a decode's owner are taken this many at a time (see the module docs).
const BATCH: usize = 1024;

/// The body of a decode in progress on this thread (see [`with_body`]), and the references to
/// its owner that the decode holds: one for itself, and `spare` more to hand to new `Str`s.
/// The owner is made at the first string shared, so a decode without strings allocates none.
struct Decoding<'a> {
    body: &'a Bytes,
    owner: Cell<Option<NonNull<Owner>>>,
    spare: Cell<usize>,
}

impl Decoding<'_> {
    /// One reference to the body's owner, for a new `Str`.
    fn take_reference(&self) -> NonNull<Owner> {
        let owner = match self.owner.get() {
            Some(owner) => {
                if self.spare.get() == 0 {
                    // SAFETY: the decode's own reference keeps the owner alive.
                    unsafe { Owner::retain(owner, BATCH) };
                    self.spare.set(BATCH);
                }
                owner
            }
            None => {
                let owner = Owner::new(self.body.clone(), 1 + BATCH);
                self.owner.set(Some(owner));
                self.spare.set(BATCH);
                owner
            }
        };
        self.spare.set(self.spare.get() - 1);
        owner
    }
}

impl Drop for Decoding<'_> {
    fn drop(&mut self) {
        if let Some(owner) = self.owner.get() {
            // SAFETY: the decode holds its own reference and `spare` more, and is over.
            unsafe { Owner::release(owner, 1 + self.spare.get()) };
        }
    }
}

thread_local! {
    /// The decode in progress on this thread (see [`with_body`]), or null.
    static DECODING: Cell<*const Decoding<'static>> = const { Cell::new(std::ptr::null()) };
}

/// Runs `decode` with `body` as the body being decoded on this thread: a [`Str`] decoded from a
/// string that lies inside `body` shares it instead of copying it. The previous body (a decode
/// this one is nested in, or none) is restored when `decode` returns or unwinds.
pub(crate) fn with_body<R>(body: &Bytes, decode: impl FnOnce() -> R) -> R {
    struct Restore(*const Decoding<'static>);
    impl Drop for Restore {
        fn drop(&mut self) {
            DECODING.with(|cell| cell.set(self.0));
        }
    }
    // Declared before `_restore`, so dropped after it: the thread-local never points to a
    // `Decoding` that is gone.
    let decoding = Decoding {
        body,
        owner: Cell::new(None),
        spare: Cell::new(0),
    };
    let current = (&decoding as *const Decoding<'_>).cast::<Decoding<'static>>();
    let _restore = Restore(DECODING.with(|cell| cell.replace(current)));
    decode()
}

/// `text` as a `Str` sharing the body being decoded, if it lies inside it.
#[inline]
fn shared(text: &str) -> Option<Str> {
    let decoding = DECODING.with(Cell::get);
    // An empty `Str` owns nothing either way; sharing would only add a reference count.
    if decoding.is_null() || text.is_empty() {
        return None;
    }
    // SAFETY: `DECODING` is non-null only inside `with_body`, which owns the `Decoding` it
    // points to (and borrows its body) for as long as it is set.
    let decoding = unsafe { &*decoding };
    let start = decoding.body.as_ptr() as usize;
    let at = text.as_ptr() as usize;
    // A string from some other input (a nested decode of another buffer) is not inside it.
    if at >= start && at + text.len() <= start + decoding.body.len() {
        Some(Str {
            ptr: NonNull::from(text.as_bytes()).cast(),
            len: text.len(),
            owner: Some(decoding.take_reference()),
        })
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
        if text.is_empty() {
            return Str::default();
        }
        let bytes = Bytes::from(text);
        Str {
            // The buffer stays where it is when the `Bytes` moves into its owner.
            ptr: NonNull::from(&bytes[..]).cast(),
            len: bytes.len(),
            owner: Some(Owner::new(bytes, 1)),
        }
    }
}

impl From<&str> for Str {
    /// Copies the text, into one allocation with its owner.
    fn from(text: &str) -> Self {
        if text.is_empty() {
            return Str::default();
        }
        let (owner, copy) = Owner::copy_of(text);
        Str {
            ptr: copy,
            len: text.len(),
            owner: Some(owner),
        }
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

    use std::panic::{RefUnwindSafe, UnwindSafe};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    use super::{with_body, Str, BATCH};
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

    /// A body that says when it is freed.
    fn watched_body(json: String) -> (Bytes, Arc<AtomicBool>) {
        struct Watched(Vec<u8>, Arc<AtomicBool>);
        impl AsRef<[u8]> for Watched {
            fn as_ref(&self) -> &[u8] {
                &self.0
            }
        }
        impl Drop for Watched {
            fn drop(&mut self) {
                self.1.store(true, Ordering::SeqCst);
            }
        }
        let freed = Arc::new(AtomicBool::new(false));
        let body = Bytes::from_owner(Watched(json.into_bytes(), freed.clone()));
        (body, freed)
    }

    #[test]
    fn the_body_lives_until_its_last_str_is_dropped() {
        // More strings than one batch of references, so that a decode takes several.
        let count = 3 * BATCH + 7;
        let (body, freed) = watched_body(format!("[{}]", vec![r#""s""#; count].join(",")));
        let strings = decode(&body);
        assert!(strings
            .iter()
            .all(|text| inside(&body, text) && text == "s"));
        drop(body);
        let kept = strings[count - 1].clone();
        let sent = std::thread::spawn({
            let text = strings[0].clone();
            move || text.to_string()
        });
        drop(strings);
        assert_eq!(sent.join().unwrap(), "s");
        assert!(!freed.load(Ordering::SeqCst));
        assert_eq!(kept, "s");
        drop(kept);
        assert!(freed.load(Ordering::SeqCst));
    }

    #[test]
    fn copied_strings_outlive_their_source_and_travel_between_threads() {
        let texts: Vec<String> = (0..64).map(|len| "é".repeat(len)).collect();
        let copies: Vec<Str> = texts.iter().map(|text| Str::from(text.as_str())).collect();
        let clones = copies.to_vec();
        drop(copies);
        let texts_back = std::thread::spawn(move || {
            clones
                .iter()
                .map(|text| text.to_string())
                .collect::<Vec<_>>()
        });
        assert_eq!(texts_back.join().unwrap(), texts);
    }

    #[test]
    fn a_failed_decode_frees_the_body() {
        let (body, freed) = watched_body(r#"["a", "b", 3]"#.to_owned());
        assert!(decode_json::<Vec<Str>>(&body).is_err());
        drop(body);
        assert!(freed.load(Ordering::SeqCst));
    }

    #[test]
    fn a_str_is_as_thread_safe_as_a_string() {
        fn assert_traits<T: Send + Sync + Unpin + UnwindSafe + RefUnwindSafe>() {}
        assert_traits::<Str>();
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
