//! A response read whole, and the decoding of its body.

use std::marker::PhantomData;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::{DeserializeOwned, DeserializeSeed};
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use crate::error::{ApiError, DecodeError, Error, ErrorDetail};
use crate::objects_only::ObjectsOnly;
use crate::redirect::Redirect;

/// How much of a body an error message shows.
const EXCERPT_CHARS: usize = 200;

/// A header as text, if present and visible ASCII.
pub(crate) fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name)?.to_str().ok()
}

/// Decodes a field of three states (`Option<Option<T>>`, a request body's optional, nullable
/// field): `null` is `Some(None)`, a value `Some(Some(value))`; an absent field is `None`
/// (the field's `#[serde(default)]`). serde's own `Option<Option<T>>` reads `null` as `None`,
/// so "clear it" decoded as "leave it".
pub fn keep_null<'de, D, T>(decoder: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(decoder).map(Some)
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
        decode(&self.body, PhantomData, Some(PhantomData)).map_err(|error| self.decode_error(error))
    }

    /// Decodes the body as JSON with a serde seed (a decoder that carries state, such as the
    /// name of the field to take), reporting failures as [`RawResponse::json`] does. The
    /// decode follows the JSON path from the start (a seed is used once), which is slower than
    /// [`RawResponse::json`]'s.
    pub fn json_seed<T, S>(&self, seed: S) -> Result<T, Error>
    where
        S: for<'de> DeserializeSeed<'de, Value = T>,
    {
        decode(&self.body, seed, None).map_err(|error| self.decode_error(error))
    }

    /// The [`Error::Decode`] for `error`, a body of this response that did not decode.
    fn decode_error(&self, error: DecodeError) -> Error {
        Error::Decode {
            method: self.method.clone(),
            url: self.url.clone(),
            path: error.path,
            message: error.message,
            excerpt: excerpt(&self.body),
        }
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
    decode(body, PhantomData, Some(PhantomData))
}

/// Decodes `body` with `seed`. The JSON path of a failure comes from serde_path_to_error, which
/// follows a decode; following copies every key, which made the decode of a page of runs
/// several times slower (BENCHMARKS.md), so with a second seed, `again`, the body is decoded
/// without it, and only after a failure decoded again, following, to the same failure.
/// Without one, the decode follows from the start.
fn decode<T, S>(body: &[u8], seed: S, again: Option<S>) -> Result<T, DecodeError>
where
    S: for<'de> DeserializeSeed<'de, Value = T>,
{
    // JSON is UTF-8. Checking the whole body at once and decoding from `&str` is much faster
    // than decoding from bytes, where serde_json checks each string as it reads it (a page of
    // runs decoded 1.6 times as fast this way; see BENCHMARKS.md).
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(DecodeError {
            path: invalid_utf8_path(body),
            message: "invalid UTF-8".to_owned(),
        });
    };
    let text = without_negative_zero(text);
    let Some(again) = again else {
        let mut track = serde_path_to_error::Track::new();
        return decode_text(&text, seed, Some(&mut track)).map_err(|error| DecodeError {
            path: track.path().to_string(),
            message: bare_message(&error),
        });
    };
    decode_text(&text, seed, None).map_err(|error| {
        let mut track = serde_path_to_error::Track::new();
        let path = match decode_text(&text, again, Some(&mut track)) {
            Ok(_) => ".".to_owned(),
            Err(_) => track.path().to_string(),
        };
        DecodeError {
            path,
            message: bare_message(&error),
        }
    })
}

/// Decodes the whole of `text` with `seed`, structs from objects only (not from arrays of
/// their fields: see `objects_only`), and with `track`, following the path of a failure.
fn decode_text<T, S>(
    text: &str,
    seed: S,
    track: Option<&mut serde_path_to_error::Track>,
) -> Result<T, serde_json::Error>
where
    S: for<'de> DeserializeSeed<'de, Value = T>,
{
    let mut decoder = serde_json::Deserializer::from_str(text);
    let value = match track {
        Some(track) => seed.deserialize(serde_path_to_error::Deserializer::new(
            ObjectsOnly(&mut decoder),
            track,
        ))?,
        None => seed.deserialize(ObjectsOnly(&mut decoder))?,
    };
    decoder.end()?;
    Ok(value)
}

/// The JSON path of the string that holds the first byte of `body` that is not UTF-8: where a
/// decode from bytes, which checks each string as it reads it, stops.
fn invalid_utf8_path(body: &[u8]) -> String {
    // Into a `Value`, which reads every string (serde's `IgnoredAny` skips them unchecked).
    let decoder = &mut serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, Value>(decoder) {
        Ok(_) => ".".to_owned(),
        Err(error) => error.path().to_string(),
    }
}

/// The JSON text with each number `-0` (as a whole number: not `-0.5`, `-0e1` or `-01`) written
/// ` 0`, outside strings. serde_json reads `-0` as the float `-0.0`, which an integer field
/// refuses, failing the whole response; JSON has one zero, and `0` is what it means. (A float
/// field then reads `0.0` for `-0`, which compares equal; `-0.0` written so is kept.) The
/// text keeps its length, so error positions still point at the right byte. Most bodies have
/// no such number and are not copied.
fn without_negative_zero(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let is_candidate = |at: usize| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + 2).copied();
        matches!(
            before,
            None | Some(b':' | b'[' | b',' | b' ' | b'\t' | b'\n' | b'\r')
        ) && !matches!(after, Some(b'0'..=b'9' | b'.' | b'e' | b'E'))
    };
    if !text.match_indices("-0").any(|(at, _)| is_candidate(at)) {
        return text.into();
    }
    // A candidate may sit inside a string: walk the text, knowing where strings are.
    let mut out = bytes.to_vec();
    let (mut in_string, mut escaped) = (false, false);
    for (at, &byte) in bytes.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if byte == b'"' {
            in_string = true;
        } else if byte == b'-' && bytes.get(at + 1) == Some(&b'0') && is_candidate(at) {
            out[at] = b' ';
        }
    }
    // Only an ASCII `-` became an ASCII space: still UTF-8.
    String::from_utf8(out).map_or_else(|_| text.into(), Into::into)
}

/// GitHub's error body: `{"message": …, "documentation_url": …, "errors": […]}`, each part
/// optional: an object whose `message` and `documentation_url` are strings (or `null`, or
/// absent) and whose `errors`, if present, is a list of [`ErrorDetail`]s.
#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    documentation_url: Option<String>,
    #[serde(default)]
    errors: Vec<ErrorDetail>,
}

impl ErrorBody {
    /// The body, if it is GitHub's JSON error.
    fn parse(body: &[u8]) -> Option<Self> {
        decode_json(body).ok()
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
    use std::marker::PhantomData;

    use super::{decode, decode_json, without_negative_zero, ErrorBody};
    use crate::error::ErrorDetail;

    /// `-0` failed the decode of a whole response where the field is an integer.
    #[test]
    fn negative_zero_is_zero() {
        let numbers: Vec<i64> = decode_json(b"[-0, 1, -0 ,-0]").unwrap();
        assert_eq!(numbers, [0, 1, 0, 0]);
        let object: std::collections::BTreeMap<String, i32> = decode_json(br#"{"a":-0}"#).unwrap();
        assert_eq!(object["a"], 0);
        // `-01` is no JSON number: still refused, at its place.
        let error = decode_json::<std::collections::BTreeMap<String, i32>>(br#"{"a":-0,"b":-01}"#)
            .unwrap_err();
        assert_eq!(error.path, "b", "{error}");
        // Only whole numbers, and never inside strings.
        for kept in [
            r#"["-0", -0.5, -0e1, "a\"-0", 10-0]"#,
            r#"{"date": "2020-01-01", "x": "\\", "y": "-0"}"#,
        ] {
            assert_eq!(without_negative_zero(kept), kept);
        }
        assert_eq!(
            without_negative_zero(r#"{"s": "\\", "n": -0}"#),
            r#"{"s": "\\", "n":  0}"#
        );
    }

    /// The path of a decode error names the value that failed, as `artifacts[3].created_at`,
    /// or `.` for the whole body.
    #[test]
    fn decode_errors_name_their_place() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Page {
            total_count: i64,
            artifacts: Vec<Artifact>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Artifact {
            id: i64,
            labels: Vec<String>,
        }
        // Decoded again after a failure (`decode_json`), or followed from the start (a seed).
        let path = |body: &str| {
            let again = decode_json::<Page>(body.as_bytes()).unwrap_err();
            let followed = decode::<Page, _>(body.as_bytes(), PhantomData, None).unwrap_err();
            assert_eq!(again, followed, "{body}");
            again.path
        };
        assert_eq!(
            path(r#"{"total_count": true, "artifacts": []}"#),
            "total_count"
        );
        assert_eq!(
            path(r#"{"total_count": 1, "artifacts": [{"id": 1, "labels": []}, {"id": "2"}]}"#),
            "artifacts[1].id"
        );
        assert_eq!(
            path("{\"total_count\": 1,\n \"artifacts\": [{\"id\": 1,\n \"labels\": [\"a\", 5]}]}"),
            "artifacts[0].labels[1]"
        );
        // A missing field: the object that lacks it.
        assert_eq!(
            path(r#"{"total_count": 1, "artifacts": [{"id": 1}]}"#),
            "artifacts[0]"
        );
        assert_eq!(path("[]"), ".");
        assert_eq!(path(r#"{"total_count": 1, "artifacts": []} x"#), ".");
        let error = decode_json::<Page>(
            b"{\"total_count\": 1, \"artifacts\": [{\"id\": 1, \"labels\": [\"\xff\"]}]}",
        )
        .unwrap_err();
        assert_eq!(
            (error.path.as_str(), error.message.as_str()),
            ("artifacts[0].labels[0]", "invalid UTF-8")
        );
    }

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
        let error = serde_json::from_str::<ErrorDetail>("7").unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected an error entry: an object or a string"
        );
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
