//! A request as the generated builders describe it: plain data, so it can be built once and
//! sent (or retried) by the client.

use std::fmt::Display;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::error::Error;

/// Characters left as they are in a path segment: RFC 3986's unreserved set. Everything else,
/// `/` included, is percent-encoded, so a branch `feature/x` or a secret name stays one segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path parameter, percent-encoded as one path segment; `parameter` is its name, for the
/// error.
///
/// The values `.` and `..` (and the empty one) cannot be sent as a segment: URL parsers
/// remove them (`/repos/../orgs` is `/orgs`), and encoding the dots does not help, as `%2E` is
/// a dot to them too. They are an [`Error::InvalidPathParameter`] instead.
pub fn path_segment(parameter: &'static str, value: &impl Display) -> Result<String, Error> {
    let value = value.to_string();
    if matches!(value.as_str(), "" | "." | "..") {
        return Err(Error::InvalidPathParameter { parameter, value });
    }
    Ok(utf8_percent_encode(&value, PATH_SEGMENT).to_string())
}

/// Where a request goes.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// A path under the client's base URL, already encoded, starting with `/`.
    Path(String),
    /// An absolute URL GitHub handed out (the `next` link of a page).
    Url(url::Url),
}

/// An HTTP request to the API.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) method: reqwest::Method,
    pub(crate) target: Target,
    /// Query parameters, not yet encoded.
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The JSON body, or why it could not be encoded.
    pub(crate) body: Option<Result<Vec<u8>, String>>,
    /// A download of a file (an archive, logs) from where GitHub redirected: sent without
    /// asking for compression, read as it comes, never cached.
    pub(crate) download: bool,
    /// The rate-limit resource the operation counts against, when the spec names one (else
    /// it follows from the path: see `rate_limit::resource_of`).
    pub(crate) resource: Option<&'static str>,
}

impl Request {
    /// A request to `path` (already encoded, starting with `/`) under the client's base URL.
    pub fn new(method: reqwest::Method, path: String) -> Self {
        Self {
            method,
            target: Target::Path(path),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            download: false,
            resource: None,
        }
    }

    /// A GET of an absolute URL GitHub handed out.
    pub(crate) fn get_url(url: url::Url) -> Self {
        Self {
            method: reqwest::Method::GET,
            target: Target::Url(url),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            download: false,
            resource: None,
        }
    }

    /// A GET of a file to download, at an absolute URL GitHub redirected to.
    pub(crate) fn download(url: url::Url) -> Self {
        Self {
            download: true,
            ..Self::get_url(url)
        }
    }

    /// Whether sending this request twice is as good as sending it once (RFC 9110), so that a
    /// failure may be retried without asking.
    pub(crate) fn is_idempotent(&self) -> bool {
        use reqwest::Method;
        matches!(
            self.method,
            Method::GET | Method::PUT | Method::DELETE | Method::HEAD
        )
    }

    /// Names the rate-limit resource the request counts against (`actions_runner_registration`).
    pub fn rate_limit_resource(&mut self, resource: &'static str) {
        self.resource = Some(resource);
    }

    /// Adds a query parameter.
    pub fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name, value));
    }

    /// Adds a header.
    pub fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    /// Sets the JSON body.
    pub fn json(&mut self, body: &impl Serialize) {
        self.body = Some(serde_json::to_vec(body).map_err(|error| error.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(value: &impl Display) -> String {
        path_segment("p", value).unwrap()
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(segment(&"octo-org"), "octo-org");
        assert_eq!(segment(&"main.yml"), "main.yml");
        assert_eq!(segment(&"feature/x y"), "feature%2Fx%20y");
        assert_eq!(segment(&"MY_SECRET"), "MY_SECRET");
        assert_eq!(segment(&"ü?#"), "%C3%BC%3F%23");
        assert_eq!(segment(&42), "42");
        // Not dot segments: kept as they are, or with `%` encoded.
        assert_eq!(segment(&"..."), "...");
        assert_eq!(segment(&".github"), ".github");
        assert_eq!(segment(&"%2E%2e"), "%252E%252e");
        assert_eq!(segment(&"a\\b"), "a%5Cb");
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused() {
        for value in ["", ".", ".."] {
            let error = path_segment("owner", &value).unwrap_err();
            let Error::InvalidPathParameter {
                parameter,
                value: given,
            } = &error
            else {
                panic!("{error:?}");
            };
            assert_eq!((*parameter, given.as_str()), ("owner", value));
            assert!(error.to_string().contains("`owner`"), "{error}");
        }
    }
}
