//! A response read whole, and the decoding of its body.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::error::{ApiError, Error};

/// How much of a body an error message shows.
const EXCERPT_CHARS: usize = 200;

/// A response with its body read.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) method: String,
    pub(crate) url: String,
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// The status code.
    #[allow(dead_code)] // for operations with several success statuses; the spec may have none
    pub(crate) fn status(&self) -> u16 {
        self.status
    }

    /// Decodes the body as JSON. On failure, the error names the JSON path that failed.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        // The fast path decodes without tracking the path; only a failure pays for a second,
        // path-tracking pass.
        serde_json::from_slice(&self.body).map_err(|_| {
            let deserializer = &mut serde_json::Deserializer::from_slice(&self.body);
            let (path, message) = match serde_path_to_error::deserialize::<_, T>(deserializer) {
                Ok(_) => (
                    ".".to_owned(),
                    "the body decodes on a second try".to_owned(),
                ),
                Err(error) => (error.path().to_string(), error.into_inner().to_string()),
            };
            Error::Decode {
                method: self.method.clone(),
                url: self.url.clone(),
                path,
                message,
                excerpt: excerpt(&self.body),
            }
        })
    }

    /// The error for a status the operation does not expect.
    pub(crate) fn unexpected_status(&self) -> Error {
        Error::UnexpectedResponse {
            method: self.method.clone(),
            url: self.url.clone(),
            status: self.status,
            detail: format!(
                "status {} is not a documented success of this operation",
                self.status
            ),
        }
    }

    /// The [`Error::Api`] for an error status, from GitHub's JSON error body when there is one.
    pub(crate) fn api_error(&self) -> Error {
        #[derive(Deserialize)]
        struct Body {
            message: Option<String>,
            documentation_url: Option<String>,
        }
        let parsed: Option<Body> = serde_json::from_slice(&self.body).ok();
        let (message, documentation_url) = match parsed {
            Some(Body {
                message: Some(message),
                documentation_url,
            }) => (message, documentation_url),
            Some(Body {
                message: None,
                documentation_url,
            }) => (excerpt(&self.body), documentation_url),
            None if self.body.is_empty() => ("(empty body)".to_owned(), None),
            None => (excerpt(&self.body), None),
        };
        let request_id = self
            .headers
            .get("x-github-request-id")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Error::Api(Box::new(ApiError {
            status: self.status,
            message,
            documentation_url,
            request_id,
            method: self.method.clone(),
            url: self.url.clone(),
        }))
    }
}

/// The first characters of a body, lossily decoded, on one line.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let text = text.trim();
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
