//! Entry points for the fuzz targets in `fuzz/` (`cargo +nightly fuzz`), which reach private
//! parts of the runtime through these thin wrappers. **Not for users**: compiled only under
//! `--cfg fuzzing` (which `cargo fuzz` passes), hidden from the docs, and free to change in
//! any release.

use reqwest::header::{HeaderMap, HeaderValue, LINK};

/// The `next` target of a `Link` header value, as pagination reads it on a page of
/// `https://api.github.com/repos/o/r/actions/runs?page=1` (relative targets resolve there).
pub fn next_link(value: &str) -> Option<String> {
    let mut headers = HeaderMap::new();
    headers.insert(LINK, HeaderValue::from_str(value).ok()?);
    let page = url::Url::parse("https://api.github.com/repos/o/r/actions/runs?page=1").ok()?;
    super::pagination::next_link(&headers, &page).map(String::from)
}

/// A path parameter encoded as one path segment, as requests do; `None` for the values that
/// are refused before sending (empty, `.` and `..`).
pub fn path_segment(value: &str) -> Option<String> {
    super::request::path_segment("value", &value).ok()
}
