//! Entry points for the fuzz targets in `fuzz/` (`cargo +nightly fuzz`), which reach private
//! parts of the runtime through these thin wrappers. **Not for users**: compiled only under
//! `--cfg fuzzing` (which `cargo fuzz` passes), hidden from the docs, and free to change in
//! any release.

use reqwest::header::{HeaderMap, HeaderValue, LINK};

/// The `next` target of a `Link` header value, as pagination reads it.
pub fn next_link(value: &str) -> Option<String> {
    let mut headers = HeaderMap::new();
    headers.insert(LINK, HeaderValue::from_str(value).ok()?);
    super::pagination::next_link(&headers).map(String::from)
}

/// A path parameter encoded as one path segment, as requests do.
pub fn path_segment(value: &str) -> String {
    super::request::path_segment(&value)
}
