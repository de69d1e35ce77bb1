//! A response read whole, and the decoding of its body.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::{DeserializeOwned, DeserializeSeed};
use serde_json::Value;
use url::Url;

use crate::error::{optional_string, ApiError, DecodeError, Error, ErrorDetail};
use crate::json_path::{path_at, path_at_offset};
use crate::redirect::Redirect;

/// How much of a body an error message shows.
const EXCERPT_CHARS: usize = 200;

/// A header as text, if present and visible ASCII.
pub(crate) fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name)?.to_str().ok()
}

/// A response with its body read.
#[derive(Debug)]
pub struct RawResponse {
    pub(crate) method: String,
    pub(crate) url: String,
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Decodes the body as JSON (see [`decode_json`]). On failure, the error names the JSON
    /// path that failed.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        self.json_seed(std::marker::PhantomData)
    }

    /// Decodes the body as JSON with a serde seed (a decoder that carries state, such as the
    /// name of the field to take), reporting failures as [`RawResponse::json`] does.
    pub fn json_seed<T, S>(&self, seed: S) -> Result<T, Error>
    where
        S: for<'de> DeserializeSeed<'de, Value = T>,
    {
        decode_json_seed(&self.body, seed).map_err(|error| Error::Decode {
            method: self.method.clone(),
            url: self.url.clone(),
            path: error.path,
            message: error.message,
            excerpt: excerpt(&self.body),
        })
    }

    /// Where a redirect points: its `Location`, resolved against the URL that was requested.
    pub fn redirect(self) -> Result<Redirect, Error> {
        if !(300..400).contains(&self.status) {
            return Err(self.unexpected_status());
        }
        let Some(location) = header(&self.headers, "location") else {
            return Err(self.unexpected("the redirect has no Location header".to_owned()));
        };
        // A relative Location is resolved against the URL that was requested.
        let base = Url::parse(&self.url).map_err(|e| self.unexpected(e.to_string()))?;
        let target = base
            .join(location)
            .map_err(|e| self.unexpected(format!("invalid Location `{location}`: {e}")))?;
        Ok(Redirect::new(target))
    }

    /// The error for a status the operation does not expect.
    pub fn unexpected_status(&self) -> Error {
        self.unexpected(format!(
            "status {} is not a documented success of this operation",
            self.status
        ))
    }

    /// An [`Error::UnexpectedResponse`] for this response, saying what is wrong with it.
    fn unexpected(&self, detail: String) -> Error {
        Error::UnexpectedResponse {
            method: self.method.clone(),
            url: self.url.clone(),
            status: self.status,
            detail,
        }
    }

    /// GitHub's `message`, if the body is GitHub's JSON error.
    pub(crate) fn message(&self) -> String {
        ErrorBody::parse(&self.body)
            .and_then(|body| body.message)
            .unwrap_or_default()
    }

    /// The `x-github-request-id` header.
    pub(crate) fn request_id(&self) -> Option<String> {
        header(&self.headers, "x-github-request-id").map(str::to_owned)
    }

    /// The [`Error::Api`] for an error status, from GitHub's JSON error body when there is one.
    pub(crate) fn api_error(&self) -> Error {
        let (message, documentation_url, errors) = match ErrorBody::parse(&self.body) {
            Some(ErrorBody {
                message: Some(message),
                documentation_url,
                errors,
            }) => (message, documentation_url, errors),
            Some(ErrorBody {
                message: None,
                documentation_url,
                errors,
            }) => (excerpt(&self.body), documentation_url, errors),
            None if self.body.is_empty() => ("(empty body)".to_owned(), None, Vec::new()),
            None => (excerpt(&self.body), None, Vec::new()),
        };
        let request_id = self.request_id();
        Error::Api(Box::new(ApiError {
            status: self.status,
            message,
            documentation_url,
            errors,
            request_id,
            method: self.method.clone(),
            url: self.url.clone(),
        }))
    }
}

/// Decodes a JSON body the way the client decodes responses: an error carries the JSON path
/// of the value that failed.
///
/// For bodies fetched or cached some other way:
///
/// ```
/// use github_actions_client::decode_json;
///
/// let branches: Vec<String> = decode_json(br#"["main", "release"]"#)?;
/// assert_eq!(branches, ["main", "release"]);
///
/// let error = decode_json::<Vec<i64>>(br#"[1, "2"]"#).unwrap_err();
/// assert_eq!(error.path, "[1]");
/// # Ok::<(), github_actions_client::DecodeError>(())
/// ```
///
/// # Errors
///
/// Fails with a [`DecodeError`] when `body` is not UTF-8 or does not decode into `T`.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    decode_json_seed(body, std::marker::PhantomData)
}

/// [`decode_json`] with a serde seed.
fn decode_json_seed<T, S>(body: &[u8], seed: S) -> Result<T, DecodeError>
where
    S: for<'de> DeserializeSeed<'de, Value = T>,
{
    // JSON is UTF-8. Checking the whole body at once and decoding from `&str` is much faster
    // than decoding from bytes, where serde_json checks each string as it reads it (a page of
    // runs decoded 1.6 times as fast this way; see BENCHMARKS.md). It also keeps one decoder
    // per model: a body that is not UTF-8 is reported here, not by serde_json.
    let text = std::str::from_utf8(body).map_err(|error| DecodeError {
        path: path_at_offset(body, error.valid_up_to()),
        message: "invalid UTF-8".to_owned(),
    })?;
    // Decoding tracks no path; on failure, the path is worked out from where serde_json
    // stopped (see `json_path`), so no second, path-tracking decoder is compiled.
    let mut decoder = serde_json::Deserializer::from_str(text);
    let decoded = seed
        .deserialize(&mut decoder)
        .and_then(|value| decoder.end().map(|()| value));
    decoded.map_err(|error| DecodeError {
        path: path_at(body, error.line(), error.column()),
        message: bare_message(&error),
    })
}

/// GitHub's error body: `{"message": …, "documentation_url": …, "errors": […]}`.
struct ErrorBody {
    message: Option<String>,
    documentation_url: Option<String>,
    errors: Vec<ErrorDetail>,
}

impl ErrorBody {
    /// The body, if it is GitHub's JSON error: an object whose `message` and
    /// `documentation_url` are strings (or `null`, or absent) and whose `errors`, if present,
    /// is a list of [`ErrorDetail`]s. Read as a [`Value`] (see [`ErrorDetail::from_value`]).
    fn parse(body: &[u8]) -> Option<Self> {
        let value: Value = std::str::from_utf8(body).ok()?.parse().ok()?;
        let object = value.as_object()?;
        let mut errors = Vec::new();
        match object.get("errors") {
            None => {}
            Some(Value::Array(entries)) => {
                for entry in entries {
                    errors.push(ErrorDetail::from_value(entry)?);
                }
            }
            Some(_) => return None,
        }
        Some(Self {
            message: optional_string(object.get("message"))?,
            documentation_url: optional_string(object.get("documentation_url"))?,
            errors,
        })
    }
}

/// serde_json's message without its " at line L column C" (the path says where).
fn bare_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(bare) => bare.to_owned(),
        None => message,
    }
}

/// The first characters of a body, lossily decoded, on one line.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    // Control characters (newlines, tabs) become spaces, so that the excerpt is one line.
    let mut line = String::with_capacity(text.len());
    for c in text.chars() {
        line.push(if c.is_control() { ' ' } else { c });
    }
    let text = line.trim();
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorBody;
    use crate::error::ErrorDetail;

    #[test]
    fn reads_githubs_error_body() {
        let body = br#"{"message": "Validation Failed", "errors": [{"resource": "Workflow", "field": "ref", "code": "invalid", "extra": 1}, "No ref"], "documentation_url": null}"#;
        let parsed = ErrorBody::parse(body).unwrap();
        assert_eq!(parsed.message.as_deref(), Some("Validation Failed"));
        assert_eq!(parsed.documentation_url, None);
        assert_eq!(
            parsed.errors,
            [
                ErrorDetail {
                    resource: Some("Workflow".into()),
                    field: Some("ref".into()),
                    code: Some("invalid".into()),
                    message: None,
                },
                ErrorDetail {
                    resource: None,
                    field: None,
                    code: None,
                    message: Some("No ref".into()),
                },
            ]
        );
        let entry: ErrorDetail = serde_json::from_str(r#""No ref""#).unwrap();
        assert_eq!(entry.message.as_deref(), Some("No ref"));
    }

    #[test]
    fn other_bodies_are_not_githubs_error() {
        for body in [
            &b"<html>Bad Gateway</html>"[..],
            b"",
            b"[]",
            br#"{"message": 5}"#,
            br#"{"message": "m", "errors": null}"#,
            br#"{"message": "m", "errors": [7]}"#,
            br#"{"message": "m", "errors": [{"code": false}]}"#,
        ] {
            assert!(ErrorBody::parse(body).is_none(), "{body:?}");
        }
        assert!(ErrorBody::parse(b"{}").is_some());
    }
}
