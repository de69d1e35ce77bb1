//! The one error type of the crate.

use std::fmt;

/// Everything that can go wrong with a call. Match on the variant to tell an answer from
/// GitHub ([`Error::Api`]) from a body that did not decode or a request that never arrived.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// GitHub answered with an error status (4xx or 5xx).
    #[error("{0}")]
    Api(Box<ApiError>),

    /// The response had a success status, but its body did not decode into the expected type.
    #[error(
        "could not decode the response to {method} {url} at `{path}`: {message}; body starts with: {excerpt}"
    )]
    Decode {
        /// The request method.
        method: String,
        /// The URL that was requested.
        url: String,
        /// The JSON path of the value that failed (`artifacts[3].created_at`), or `.` for the
        /// whole body.
        path: String,
        /// What serde reported.
        message: String,
        /// The start of the body, for a first look.
        excerpt: String,
    },

    /// The request could not be sent or the response not read (DNS, TLS, timeout, reset).
    #[error("request failed: {0}")]
    Transport(#[from] reqwest::Error),

    /// GitHub answered with a status this operation does not document as a success, or a
    /// redirect without a usable `Location`.
    #[error("unexpected response to {method} {url}: {detail}")]
    UnexpectedResponse {
        /// The request method.
        method: String,
        /// The URL that was requested.
        url: String,
        /// The status code.
        status: u16,
        /// What was unexpected.
        detail: String,
    },

    /// The client could not be configured (an invalid base URL or header value).
    #[error("invalid client configuration: {0}")]
    Config(String),

    /// A request body could not be encoded as JSON.
    #[error("could not encode the request body: {0}")]
    Encode(String),
}

impl Error {
    /// The HTTP status, when GitHub answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::UnexpectedResponse { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// GitHub's own error answer: the status and what its body said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status (404, 410, 422, …).
    pub status: u16,
    /// GitHub's `message`, or for a body that is not GitHub's JSON (an HTML page from a proxy),
    /// the start of that body.
    pub message: String,
    /// GitHub's `documentation_url`, when it sent one.
    pub documentation_url: Option<String>,
    /// The `x-github-request-id` header: quote it to GitHub Support.
    pub request_id: Option<String>,
    /// The request method.
    pub method: String,
    /// The URL that was requested.
    pub url: String,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "GitHub answered {} to {} {}: {}",
            self.status, self.method, self.url, self.message
        )?;
        if let Some(url) = &self.documentation_url {
            write!(f, " (see {url})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}
