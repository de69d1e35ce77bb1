//! The one error type of the crate.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;

/// Everything that can go wrong with a call. Match on the variant to tell an answer from GitHub
/// ([`Error::Api`]) from rate limiting, a body that did not decode, or a request that never
/// arrived.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// GitHub answered with an error status (4xx or 5xx).
    #[error("{0}")]
    Api(Box<ApiError>),

    /// GitHub rate-limited the request and waiting it out was not allowed by the client's
    /// [`RetryPolicy`](crate::RetryPolicy) (retries exhausted, or the wait longer than its cap).
    #[error("{0}")]
    RateLimited(Box<RateLimited>),

    /// The response had a success status, but its body did not decode into the expected type.
    #[error(
        "could not decode the response to {method} {url}: at `{path}`: {message}. The body starts with: {excerpt}"
    )]
    #[non_exhaustive]
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

    /// The request could not be sent or the response not read (DNS, TLS, timeout, reset), after
    /// the retries the [`RetryPolicy`](crate::RetryPolicy) allows.
    #[error(
        "request failed: {}; check the network and the base URL",
        with_root_cause(.0)
    )]
    Transport(#[from] reqwest::Error),

    /// GitHub answered with a status this operation does not document as a success, or a
    /// redirect without a usable `Location`.
    #[error("unexpected response to {method} {url}: {detail}")]
    #[non_exhaustive]
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

    /// A list's pages could not be walked further: the `Link: rel="next"` of the page at `url`
    /// points to a page this walk already fetched (following it would loop forever), or to
    /// another origin than the API's. The pages before it were yielded; nothing was sent to
    /// `next`.
    #[error("stopped following the pages of a list after {url}: its next page {next} {reason}")]
    #[non_exhaustive]
    Pagination {
        /// The URL of the last page fetched.
        url: String,
        /// The `next` link of that page, resolved against `url`.
        next: String,
        /// Why it was not followed.
        reason: String,
    },

    /// A path parameter's value cannot be a path segment: it is empty, `.` or `..`, which
    /// URL parsers and servers read as "this directory" or "the parent", so the request would
    /// go to another endpoint than the operation's. Nothing was sent.
    #[error(
        "the path parameter `{parameter}` is {value:?}: an empty value, `.` or `..` would change which endpoint the request goes to, so it was not sent"
    )]
    #[non_exhaustive]
    InvalidPathParameter {
        /// The parameter's name in GitHub's docs (`owner`, `secret_name`).
        parameter: &'static str,
        /// The value given.
        value: String,
    },

    /// The path template of a [`Core::request`](crate::Core::request) cannot be expanded
    /// with the values given: a `{placeholder}` without a value, a value for a placeholder the
    /// template lacks, or a malformed template. Nothing was sent.
    #[error("cannot build the path of {method} {template}: {problem}; nothing was sent")]
    #[non_exhaustive]
    PathTemplate {
        /// The request method.
        method: String,
        /// The path template as given.
        template: String,
        /// What is wrong, and how to fix it.
        problem: String,
    },

    /// A header given to [`RawRequest::header`](crate::RawRequest::header) cannot be sent:
    /// the client sets it itself or it would leak or break what the client does
    /// (`Authorization`, `Host`, `Content-Length`, …; the list is in `RawRequest::header`), or
    /// its name or value is not valid in HTTP. The value is not shown. Nothing was sent.
    #[error("the header `{name}` cannot be set on a request: {reason}; nothing was sent")]
    #[non_exhaustive]
    InvalidHeader {
        /// The header's name, as given.
        name: String,
        /// Why it cannot be sent.
        reason: String,
    },

    /// A GitHub App client could not get an access token for one of its installations: GitHub
    /// refused (`403`: the app is suspended; `404`: it is not installed there; `422`: a
    /// permission or repository the installation lacks) or could not be reached. `source` is
    /// that failure, with GitHub's message ([`Error::Api`]).
    #[error(
        "cannot get an access token for GitHub App installation {installation}: {reason}: {source}"
    )]
    #[non_exhaustive]
    InstallationToken {
        /// The installation's id.
        installation: i64,
        /// What the failure most likely means.
        reason: String,
        /// The failed request to `POST /app/installations/{installation}/access_tokens`.
        #[source]
        source: Box<Error>,
    },

    /// The client could not be configured (an invalid base URL or header value).
    #[error("invalid client configuration: {0}")]
    Config(String),

    /// A request body could not be encoded as JSON.
    #[error("could not encode the request body: {0}")]
    Encode(String),

    /// A secret could not be sealed with the public key GitHub gave (not Base64, or not a
    /// 32-byte X25519 key).
    #[error("could not encrypt the secret: {0}")]
    Seal(#[from] SealError),

    /// A run or job was not finished within the timeout of a wait (`Client::wait_for_run`,
    /// `Client::wait_for_job`, and their `WaitOptions`).
    #[error(
        "{what} was not finished after waiting {:.1}s ({polls} polls; last seen: {}); wait longer or check it on GitHub",
        waited.as_secs_f64(),
        last_state.as_deref().unwrap_or("nothing, no poll was answered")
    )]
    #[non_exhaustive]
    WaitTimedOut {
        /// What was waited for (`workflow run 42 in octo-org/octo-repo`).
        what: String,
        /// How long the wait lasted, by the clock.
        waited: Duration,
        /// How many polls were answered.
        polls: u32,
        /// The state the last answered poll saw (`status in_progress`), if any was answered.
        last_state: Option<String>,
    },

    /// The client's [`ThrottlePolicy`](crate::ThrottlePolicy) would have held the request back
    /// longer than its `max_wait` (many requests queued for their turn, or a mutating request
    /// whose slot comes late in the write budget). Nothing was sent.
    #[error(
        "request not sent: {reason}, and it may wait at most {:.1}s (ThrottlePolicy::max_wait; it waited {:.1}s); send fewer requests at once, or raise max_wait",
        max_wait.as_secs_f64(),
        waited.as_secs_f64()
    )]
    #[non_exhaustive]
    Throttled {
        /// Why the request waited, and for what.
        reason: String,
        /// How long it waited, or would have waited when its turn was known to come too late.
        waited: Duration,
        /// The policy's bound.
        max_wait: Duration,
    },

    /// Writing a download failed.
    #[error("could not write the download: {0}")]
    Io(#[from] std::io::Error),
}

/// An error's message followed by the root of its cause chain (`Connection refused`, a DNS
/// failure, the TLS error, `operation timed out`), which reqwest's own message leaves out.
pub(crate) fn with_root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut root = error;
    while let Some(source) = root.source() {
        root = source;
    }
    if std::ptr::addr_eq(root, error) {
        error.to_string()
    } else {
        format!("{error}: {root}")
    }
}

/// A JSON body that did not decode (see [`decode_json`](crate::decode_json)): where, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at `{path}`: {message}")]
#[non_exhaustive]
pub struct DecodeError {
    /// The JSON path of the value that failed (`artifacts[3].created_at`), or `.` for the
    /// whole body.
    pub path: String,
    /// What serde reported (or that the body is not UTF-8).
    pub message: String,
}

impl Error {
    /// The HTTP status, when GitHub answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::RateLimited(limited) => limited.status,
            Error::UnexpectedResponse { status, .. } => Some(*status),
            Error::InstallationToken { source, .. } => source.status(),
            _ => None,
        }
    }

    /// GitHub's `x-github-request-id` for the failed request, to quote to GitHub Support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.request_id.as_deref(),
            Error::RateLimited(limited) => limited.request_id.as_deref(),
            Error::InstallationToken { source, .. } => source.request_id(),
            _ => None,
        }
    }
}

/// GitHub's own error answer: the status and what its body said.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status (404, 410, 422, …).
    pub status: u16,
    /// GitHub's `message`, or for a body that is not GitHub's JSON (an HTML page from a proxy),
    /// the start of that body.
    pub message: String,
    /// GitHub's `documentation_url`, when it sent one.
    pub documentation_url: Option<String>,
    /// The `errors` list of a validation failure (422).
    pub errors: Vec<ErrorDetail>,
    /// The `x-github-request-id` header: quote it to GitHub Support.
    pub request_id: Option<String>,
    /// The request method.
    pub method: String,
    /// The URL that was requested.
    pub url: String,
}

impl ApiError {
    /// What a caller can usually do about this status.
    fn hint(&self) -> Option<&'static str> {
        Some(match self.status {
            401 => "check that the token is valid and not expired",
            403 => "the token lacks a scope or permission this endpoint needs (see the operation's docs)",
            404 => "it does not exist, or the token cannot see it (private resources answer 404 without access)",
            409 => "the resource is in a state that does not allow this (see GitHub's message)",
            410 => "it is gone: expired artifacts and deleted logs cannot be downloaded",
            422 => "GitHub rejected the parameters or body (see the errors listed)",
            500..=599 => "GitHub or a proxy failed; retrying later may help",
            _ => return None,
        })
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "GitHub answered {} to {} {}: {}",
            self.status, self.method, self.url, self.message
        )?;
        for detail in &self.errors {
            write!(f, "; {detail}")?;
        }
        if let Some(hint) = self.hint() {
            write!(f, " ({hint})")?;
        }
        if let Some(url) = &self.documentation_url {
            write!(f, "; see {url}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// One entry of the `errors` list GitHub sends with a 422. It decodes from an entry as GitHub
/// sends it: an object with any of `resource`, `field`, `code` and `message` (each a string or
/// `null`), or a plain string (the message).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "Entry")]
#[non_exhaustive]
pub struct ErrorDetail {
    /// The resource the error is about (`Secret`, `Workflow`).
    pub resource: Option<String>,
    /// The field the error is about.
    pub field: Option<String>,
    /// GitHub's error code: `missing`, `missing_field`, `invalid`, `already_exists`, `unprocessable`, `custom`.
    pub code: Option<String>,
    /// A message, for `custom` codes (and entries GitHub sends as plain strings).
    pub message: Option<String>,
}

/// An entry of GitHub's `errors` list as it comes: an object with any of the four fields (each
/// a string or `null`; other keys are ignored), or a plain string (the message).
#[derive(Deserialize)]
#[serde(untagged, expecting = "expected an error entry: an object or a string")]
enum Entry {
    Message(String),
    Detail {
        #[serde(default)]
        resource: Option<String>,
        #[serde(default)]
        field: Option<String>,
        #[serde(default)]
        code: Option<String>,
        #[serde(default)]
        message: Option<String>,
    },
}

impl From<Entry> for ErrorDetail {
    fn from(entry: Entry) -> Self {
        match entry {
            Entry::Message(message) => Self {
                resource: None,
                field: None,
                code: None,
                message: Some(message),
            },
            Entry::Detail {
                resource,
                field,
                code,
                message,
            } => Self {
                resource,
                field,
                code,
                message,
            },
        }
    }
}

impl fmt::Display for ErrorDetail {
    /// The fields present, comma-separated: `resource Workflow, field `ref`, code invalid`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [
            ("resource ", &self.resource, ""),
            ("field `", &self.field, "`"),
            ("code ", &self.code, ""),
            ("", &self.message, ""),
        ];
        let mut separator = "";
        for (before, value, after) in &parts {
            if let Some(value) = value {
                write!(f, "{separator}{before}{value}{after}")?;
                separator = ", ";
            }
        }
        Ok(())
    }
}

/// Rate limiting that the client did not wait out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimited {
    /// The status GitHub answered with (403 or 429), or `None` when the client did not send
    /// the request because a limit it already knew about had not reset yet.
    pub status: Option<u16>,
    /// How long GitHub asks to wait before the next request.
    pub wait: Duration,
    /// When the primary rate limit resets, if GitHub said.
    pub reset: Option<DateTime<Utc>>,
    /// GitHub's message (or why the client held the request back).
    pub message: String,
    /// The `x-github-request-id` header, if GitHub answered.
    pub request_id: Option<String>,
}

impl fmt::Display for RateLimited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(status) => write!(
                f,
                "GitHub rate-limited the request ({status}: {})",
                self.message
            )?,
            None => write!(f, "request held back: {}", self.message)?,
        }
        write!(f, "; retry in {}s", self.wait.as_secs())?;
        if let Some(reset) = self.reset {
            write!(f, " (the limit resets at {})", reset.to_rfc3339())?;
        }
        write!(
            f,
            ". Raise RetryPolicy::max_rate_limit_wait to let the client wait this long"
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// Why a secret could not be sealed with a public key (see `seal_secret`); inside [`Error`] it
/// is [`Error::Seal`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SealError {
    /// The public key's `key` is not valid Base64.
    #[error("the public key `{key_id}` is not valid Base64: {reason}")]
    InvalidBase64 {
        /// The `key_id` of the key.
        key_id: String,
        /// What the Base64 decoder reported.
        reason: String,
    },

    /// The public key's `key` decodes, but not to the 32 bytes of an X25519 public key.
    #[error(
        "the public key `{key_id}` decodes to {length} bytes; an X25519 public key is 32 bytes"
    )]
    WrongKeyLength {
        /// The `key_id` of the key.
        key_id: String,
        /// How many bytes it decoded to.
        length: usize,
    },

    /// The sealed box could not be made (the underlying cipher reported an error).
    #[error("could not seal the secret with the public key `{key_id}`")]
    Encryption {
        /// The `key_id` of the key.
        key_id: String,
    },
}
