//! A way out: requests for endpoints the spec does not describe (or not yet), sent the way the
//! generated operations are sent.
//!
//! [`Core::request`] takes a method and a path template (`/repos/{owner}/{repo}/…`, as in
//! GitHub's docs); [`RawRequest`] fills in path values (each percent-encoded as one segment),
//! query values, headers and a JSON body, and sends it through the same client: the token,
//! GitHub's headers, retries, rate limits, [`Error`]s and `Link` pagination are those of every
//! generated operation. [`RawRequest::send_response`] gives the whole answer ([`Response`]:
//! status, headers, body), and [`RawRequest::download`] follows a redirect to a file.

use std::fmt::{self, Display};
use std::marker::PhantomData;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::Serialize;

use crate::client::Core;
use crate::download::Download;
use crate::error::Error;
use crate::pagination::{Items, Page, Pages};
use crate::request::{path_segment, Request};
use crate::response::{excerpt, RawResponse};
use crate::sending::Sending;

impl Core {
    /// A request to any endpoint of GitHub's REST API, for what this crate has no method for.
    ///
    /// `path` is a template as GitHub's docs write it, `/repos/{owner}/{repo}/actions/caches`:
    /// each `{name}` is filled in by [`RawRequest::path`], percent-encoded as one path segment.
    /// Query values ([`RawRequest::query`]) and a JSON body ([`RawRequest::json`]) are optional.
    /// The request goes to the client's base URL with its token and GitHub's headers, and is
    /// retried and rate-limited like every generated operation (a POST or PATCH is not retried
    /// after a server error). Finish it with [`send`](RawRequest::send) for a typed body,
    /// [`send_empty`](RawRequest::send_empty) for none, [`send_bytes`](RawRequest::send_bytes)
    /// for the bytes as they came, [`send_response`](RawRequest::send_response) for the status,
    /// headers and body, [`download`](RawRequest::download) for a file GitHub redirects to, or
    /// [`pages`](RawRequest::pages) / [`stream`](RawRequest::stream) /
    /// [`stream_field`](RawRequest::stream_field) for a list that GitHub pages with `Link`
    /// headers. [`header`](RawRequest::header) sets a header, such as another media type.
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use github_actions_client::{Client, Method};
    /// use serde::Deserialize;
    ///
    /// #[derive(Deserialize)]
    /// struct Cache {
    ///     id: u64,
    ///     key: String,
    ///     size_in_bytes: u64,
    /// }
    ///
    /// # async fn run(client: Client) -> Result<(), github_actions_client::Error> {
    /// // Every cache of a repository, across pages: the items are in the `actions_caches` field.
    /// let mut caches = client
    ///     .request(Method::GET, "/repos/{owner}/{repo}/actions/caches")
    ///     .path("owner", "octo-org")
    ///     .path("repo", "octo-repo")
    ///     .query("per_page", 100)
    ///     .stream_field::<Cache>("actions_caches");
    /// while let Some(cache) = caches.try_next().await? {
    ///     println!("{} {} ({} bytes)", cache.id, cache.key, cache.size_in_bytes);
    /// }
    ///
    /// // Re-run the failed jobs of a run: a POST with a JSON body and no answer body.
    /// client
    ///     .request(Method::POST, "/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs")
    ///     .path("owner", "octo-org")
    ///     .path("repo", "octo-repo")
    ///     .path("run_id", 30433642)
    ///     .json(&serde_json::json!({ "enable_debug_logging": true }))
    ///     .send_empty()
    ///     .await?;
    ///
    /// // A file's text as it is stored (another media type), with the answer's headers.
    /// let readme = client
    ///     .request(Method::GET, "/repos/{owner}/{repo}/readme")
    ///     .path("owner", "octo-org")
    ///     .path("repo", "octo-repo")
    ///     .header("accept", "application/vnd.github.raw")
    ///     .send_response()
    ///     .await?;
    /// println!("{} {:?}", readme.status(), readme.headers().get("etag"));
    /// println!("{}", readme.text()?);
    ///
    /// // A tarball: GitHub answers `302 Found` with a storage URL, which gets no token.
    /// client
    ///     .request(Method::GET, "/repos/{owner}/{repo}/tarball/{ref}")
    ///     .path("owner", "octo-org")
    ///     .path("repo", "octo-repo")
    ///     .path("ref", "main")
    ///     .download()
    ///     .await?
    ///     .save("octo-repo.tar.gz")
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest {
        RawRequest {
            client: self.clone(),
            method,
            template: path.into(),
            path_values: Vec::new(),
            query: String::new(),
            headers: Vec::new(),
            body: None,
        }
    }
}

/// A request built by hand: see [`Core::request`]. Nothing is checked or sent until it is
/// finished with `send…`, `download`, `pages`, `stream…`; a path template that cannot be filled
/// in is then an [`Error::PathTemplate`], a dot or empty path value an
/// [`Error::InvalidPathParameter`], a header that may not be set an [`Error::InvalidHeader`],
/// and nothing is sent.
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest {
    client: Core,
    method: Method,
    template: String,
    /// `(placeholder, value)`, not yet encoded.
    path_values: Vec<(&'static str, String)>,
    /// The query string so far, encoded as the generated operations encode theirs.
    query: String,
    /// `(name, value)`, not yet checked; one value per name.
    headers: Vec<(&'static str, String)>,
    /// The JSON body, or why it could not be encoded.
    body: Option<Result<Vec<u8>, String>>,
}

impl fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("template", &self.template)
            .field("path_values", &self.path_values)
            // Header values may be secrets of their own: names only.
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl RawRequest {
    /// The value of the placeholder `{name}` of the path template, percent-encoded as one path
    /// segment (a `/` in it stays part of the value). Given twice, the last value counts.
    pub fn path(mut self, name: &'static str, value: impl Display) -> Self {
        self.path_values.push((name, value.to_string()));
        self
    }

    /// Adds the query parameter `name=value`; a name may be added more than once.
    pub fn query(mut self, name: &str, value: impl Display) -> Self {
        url::form_urlencoded::Serializer::for_suffix(&mut self.query, 0)
            .append_pair(name, &value.to_string());
        self
    }

    /// Sends the header `name: value` with the request, in place of the client's own header of
    /// that name if it has one: `.header("accept", "application/vnd.github.raw")` asks for
    /// another media type, `.header("x-github-api-version", …)` for another API version.
    /// Given twice (in any case), the last value counts.
    ///
    /// The header goes to the API only: not to where [`download`](Self::download) is
    /// redirected, and with every page of [`pages`](Self::pages) and the `stream` methods.
    ///
    /// Headers the client sets itself, or that would leak or break what it does, cannot be
    /// set; the request then fails with [`Error::InvalidHeader`] and nothing is sent:
    ///
    /// - `Authorization`, `Proxy-Authorization`, `Cookie`: credentials. The client's token
    ///   goes only to the API's origin; for another token, build another client.
    /// - `Host`: the request goes to the client's base URL.
    /// - `Content-Length`, `Transfer-Encoding`, `Connection`, `Keep-Alive`, `Proxy-Connection`,
    ///   `TE`, `Trailer`, `Upgrade`, `Expect`: the framing of the message and the connection,
    ///   which the HTTP library sets from the body.
    /// - `Content-Type`: the body is JSON ([`json`](Self::json)), sent as `application/json`.
    /// - `Accept-Encoding`: the client asks for gzip and decompresses (and downloads ask for
    ///   the file as it is stored).
    /// - `If-None-Match`, `If-Modified-Since`: the client makes GETs conditional itself (see
    ///   `ClientBuilder::conditional_requests`) and answers a `304` from its cache.
    ///
    /// A name that is not an HTTP token, or a value with a line break or another control
    /// character, is an [`Error::InvalidHeader`] too. The value is never shown in errors or
    /// `Debug` output.
    pub fn header(mut self, name: &'static str, value: impl Display) -> Self {
        self.headers
            .retain(|(given, _)| !given.eq_ignore_ascii_case(name));
        self.headers.push((name, value.to_string()));
        self
    }

    /// Sends `body` as JSON (`Content-Type: application/json`).
    pub fn json(mut self, body: &impl Serialize) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|error| error.to_string()));
        self
    }

    /// Sends the request and decodes a success (`2xx`) body as JSON into `T` (a type of your
    /// own, a model of this crate, or `serde_json::Value`). A body that does not decode is an
    /// [`Error::Decode`] naming the JSON path that failed.
    pub fn send<T: DeserializeOwned>(self) -> Sending<T> {
        self.sending(|response| success(response)?.json())
    }

    /// Sends the request and checks that it succeeded (`2xx`, such as `204 No Content`),
    /// ignoring any body.
    pub fn send_empty(self) -> Sending<()> {
        self.sending(|response| success(response).map(drop))
    }

    /// Sends the request and returns the body of a success (`2xx`) as it came.
    pub fn send_bytes(self) -> Sending<Bytes> {
        self.sending(|response| success(response).map(|response| response.body))
    }

    /// Sends the request and returns the whole answer: its status, headers and body
    /// ([`Response`], read into memory; [`download`](Self::download) streams instead).
    ///
    /// Any status below 400 is an answer: `2xx`, and a `3xx` as it came (its `Location` in
    /// the headers; [`download`](Self::download) follows it instead). A `304` only comes from
    /// the client's own conditional request, and is answered from its cache as the `200` it
    /// confirms. An error status is an error, as for every operation, after the same retries
    /// and rate-limit waits: [`Error::Api`] with GitHub's message (its
    /// [`status`](Error::status) says which), or [`Error::RateLimited`].
    pub fn send_response(self) -> Sending<Response> {
        self.sending(Response::from_raw)
    }

    /// Sends the request and starts downloading the file it answers with: a redirect
    /// (`302 Found` to a storage URL, as archive and log endpoints answer) is followed, and
    /// further redirects of the storage host too, with plain GETs that carry neither the token
    /// nor the request's headers (the token goes only to the API's origin, as with
    /// [`Core::download`]). A success without a redirect is the file itself. The body is not
    /// read: [`Download`] streams it, one chunk in memory at a time.
    ///
    /// The file is asked for as it is stored (`Accept-Encoding: identity`), never decompressed
    /// on the way. An error status, from GitHub or the storage host, is an error as for
    /// [`send`](Self::send); more than 10 redirects, or one without a usable `Location`, is an
    /// [`Error::UnexpectedResponse`].
    pub async fn download(self) -> Result<Download, Error> {
        let mut request = self.build()?;
        request.download = true;
        self.client.download_from(request).await
    }

    /// Every page of a list, one request per page, following GitHub's `Link: rel="next"`
    /// header; each page decoded into `P` (a list model of this crate, a type of your own,
    /// `Vec<T>` for a list that is a plain JSON array, or `serde_json::Value`).
    pub fn pages<P: DeserializeOwned>(self) -> Pages<P> {
        let first = self.build();
        self.client.pages(first)
    }

    /// Every item of a list across its pages (see [`RawRequest::pages`]), for a page type
    /// that implements [`Page`]: `Vec<T>` for a list that is a plain JSON array, a list model
    /// of this crate, or a type of your own. For a list whose items are in a field of an
    /// object, see [`RawRequest::stream_field`].
    pub fn stream<P>(self) -> Items<P::Item>
    where
        P: Page + DeserializeOwned + 'static,
    {
        let first = self.build();
        self.client
            .items_from(first, Box::new(|raw| raw.json::<P>().map(P::into_items)))
    }

    /// Every item of a list across its pages (see [`RawRequest::pages`]), for a list whose
    /// pages are objects holding the items in the field `field`, as GitHub's Actions lists
    /// do: `{"total_count": 2, "workflow_runs": […]}` is `stream_field::<Run>("workflow_runs")`.
    /// The other fields are skipped; a page without the field is an [`Error::Decode`].
    pub fn stream_field<T>(self, field: &str) -> Items<T>
    where
        T: DeserializeOwned + 'static,
    {
        let first = self.build();
        let field = field.to_owned();
        self.client.items_from(
            first,
            Box::new(move |raw| {
                raw.json_seed(FieldItems {
                    field: &field,
                    items: PhantomData,
                })
            }),
        )
    }

    fn sending<T>(self, finish: fn(RawResponse) -> Result<T, Error>) -> Sending<T> {
        self.client.sending(self.build(), finish)
    }

    /// The request, with the path template filled in and the query and body attached.
    fn build(&self) -> Result<Request, Error> {
        let mut path =
            expand(&self.template, &self.path_values).map_err(|problem| match problem {
                Problem::Template(problem) => Error::PathTemplate {
                    method: self.method.to_string(),
                    template: self.template.clone(),
                    problem,
                },
                Problem::Value(error) => error,
            })?;
        if !self.query.is_empty() {
            // The path is the part of the URL after the base URL; the client appends it as
            // it is, so the query string can ride along.
            path.push('?');
            path.push_str(&self.query);
        }
        for (name, value) in &self.headers {
            check_header(name, value)?;
        }
        let mut request = Request::new(self.method.clone(), path);
        request.headers = self.headers.clone();
        request.body = self.body.clone();
        Ok(request)
    }
}

/// The headers a raw request may not set (lower case), each with why: see
/// [`RawRequest::header`].
const REFUSED_HEADERS: &[(&str, &str)] = &[
    ("authorization", CREDENTIAL),
    ("proxy-authorization", CREDENTIAL),
    ("cookie", CREDENTIAL),
    (
        "host",
        "the request goes to the host of the client's base URL",
    ),
    ("content-length", FRAMING),
    ("transfer-encoding", FRAMING),
    ("connection", FRAMING),
    ("keep-alive", FRAMING),
    ("proxy-connection", FRAMING),
    ("te", FRAMING),
    ("trailer", FRAMING),
    ("upgrade", FRAMING),
    ("expect", FRAMING),
    (
        "content-type",
        "the body is JSON, sent by `.json(…)` as `application/json`",
    ),
    (
        "accept-encoding",
        "the client asks for gzip and decompresses it (downloads ask for the file as stored)",
    ),
    ("if-none-match", CONDITIONAL),
    ("if-modified-since", CONDITIONAL),
];

const CREDENTIAL: &str = "the client sends its own credential, and only to the API's origin; \
                          for another token, build another client";
const FRAMING: &str = "it frames the message or the connection, which the HTTP library does \
                       from the body";
const CONDITIONAL: &str = "the client makes GETs conditional itself and answers a `304` from \
                           its cache (see `ClientBuilder::conditional_requests`)";

/// Whether a raw request may send the header `name: value`: a valid name and value, and not
/// one of the [`REFUSED_HEADERS`]. The error never holds the value.
fn check_header(name: &str, value: &str) -> Result<(), Error> {
    let refuse = |reason: &str| Error::InvalidHeader {
        name: name.to_owned(),
        reason: reason.to_owned(),
    };
    let parsed = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| refuse("it is not a valid header name (an HTTP token)"))?;
    if let Some((_, reason)) = REFUSED_HEADERS
        .iter()
        .find(|(refused, _)| *refused == parsed.as_str())
    {
        return Err(refuse(reason));
    }
    HeaderValue::from_str(value).map_err(|_| {
        refuse(
            "its value holds a character a header cannot carry (a line break, a control character)",
        )
    })?;
    Ok(())
}

/// The answer to a [`RawRequest`], from [`RawRequest::send_response`]: its status, headers and
/// body, read whole. The types are the `http` crate's ([`StatusCode`], [`HeaderMap`]), as
/// reqwest, hyper and axum use them, and the body is [`Bytes`].
///
/// ```no_run
/// use github_actions_client::Method;
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Usage {
///     active_caches_count: u64,
/// }
///
/// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
/// let response = client
///     .request(Method::GET, "/repos/{owner}/{repo}/actions/cache/usage")
///     .path("owner", "octo-org")
///     .path("repo", "octo-repo")
///     .send_response()
///     .await?;
/// let remaining = response.headers().get("x-ratelimit-remaining");
/// let usage: Usage = response.json()?;
/// println!("{} caches ({:?} requests left)", usage.active_caches_count, remaining);
/// # Ok(())
/// # }
/// ```
pub struct Response {
    status: StatusCode,
    raw: RawResponse,
}

impl Response {
    /// The answer as it was read, with a status `http` knows (every status reqwest reads is).
    fn from_raw(raw: RawResponse) -> Result<Self, Error> {
        match StatusCode::from_u16(raw.status()) {
            Ok(status) => Ok(Self { status, raw }),
            Err(_) => Err(raw.unexpected_status()),
        }
    }

    /// The status (`200 OK`, `201 Created`, `302 Found`, …).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers (`ETag`, `Link`, `Location`, `X-RateLimit-Remaining`, …).
    pub fn headers(&self) -> &HeaderMap {
        &self.raw.headers
    }

    /// The URL that answered.
    pub fn url(&self) -> &str {
        &self.raw.url
    }

    /// The body, as it came (decompressed if it was sent gzipped).
    pub fn body(&self) -> &Bytes {
        &self.raw.body
    }

    /// The body, by value.
    pub fn into_body(self) -> Bytes {
        self.raw.body
    }

    /// Decodes the body as JSON into `T`, as [`RawRequest::send`] does: a body that does not
    /// decode is an [`Error::Decode`] naming the JSON path that failed.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        self.raw.json()
    }

    /// The body as text. A body that is not UTF-8 is an [`Error::Decode`] saying where.
    pub fn text(&self) -> Result<&str, Error> {
        std::str::from_utf8(&self.raw.body).map_err(|error| Error::Decode {
            method: self.raw.method.clone(),
            url: self.raw.url.clone(),
            path: ".".to_owned(),
            message: format!("the body is not UTF-8 (at byte {})", error.valid_up_to()),
            excerpt: excerpt(&self.raw.body),
        })
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("url", &self.raw.url)
            .field("headers", &self.raw.headers)
            .field("body_len", &self.raw.body.len())
            .finish()
    }
}

/// What is wrong with a path template and its values.
enum Problem {
    /// The template, or which placeholders have values: the message.
    Template(String),
    /// A value that cannot be a path segment.
    Value(Error),
}

/// `template` with each `{name}` replaced by the last value given for `name`, percent-encoded.
fn expand(template: &str, values: &[(&'static str, String)]) -> Result<String, Problem> {
    if !template.starts_with('/') {
        return Err(Problem::Template(
            "the path must start with `/`, as in `/repos/{owner}/{repo}`".to_owned(),
        ));
    }
    let mut path = String::with_capacity(template.len());
    let mut used = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        let literal = &rest[..open];
        check_literal(literal)?;
        path.push_str(literal);
        if rest[open..].starts_with('}') {
            return Err(Problem::Template(
                "a `}` without its `{`; write placeholders as `{name}`".to_owned(),
            ));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(Problem::Template(
                "a `{` without its `}`; write placeholders as `{name}`".to_owned(),
            ));
        };
        let name = &after[..close];
        let Some((parameter, value)) = values.iter().rev().find(|(given, _)| *given == name) else {
            return Err(Problem::Template(format!(
                "the placeholder `{{{name}}}` has no value; give it one with `.path(\"{name}\", …)`"
            )));
        };
        path.push_str(&path_segment(parameter, value).map_err(Problem::Value)?);
        used.push(name);
        rest = &after[close + 1..];
    }
    check_literal(rest)?;
    path.push_str(rest);
    for (name, _) in values {
        if !used.contains(name) {
            return Err(Problem::Template(format!(
                "`.path(\"{name}\", …)` names no placeholder of the template"
            )));
        }
    }
    Ok(path)
}

/// The text of the template between placeholders: it is sent as it is, so it must not hold a
/// query or fragment.
fn check_literal(literal: &str) -> Result<(), Problem> {
    if literal.contains(['?', '#']) {
        return Err(Problem::Template(
            "the path holds a `?` or `#`; give query parameters with `.query(name, value)`"
                .to_owned(),
        ));
    }
    Ok(())
}

/// Decodes the list in the field `field` of a page object, skipping the other fields.
struct FieldItems<'f, T> {
    field: &'f str,
    items: PhantomData<fn() -> T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for FieldItems<'_, T> {
    type Value = Vec<T>;

    fn deserialize<D: de::Deserializer<'de>>(self, decoder: D) -> Result<Vec<T>, D::Error> {
        decoder.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for FieldItems<'_, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with the list `{}`", self.field)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        let mut items = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.field && items.is_none() {
                items = Some(map.next_value::<Vec<T>>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        items.ok_or_else(|| de::Error::custom(format_args!("missing field `{}`", self.field)))
    }
}

/// The response, if its status is a success (`2xx`). A redirect's error says how to follow
/// it or read it.
fn success(response: RawResponse) -> Result<RawResponse, Error> {
    match response.status() {
        200..=299 => Ok(response),
        300..=399 => Err(Error::UnexpectedResponse {
            detail: format!(
                "status {} is a redirect; `.download()` follows it (without the token), \
                 `.send_response()` reads it",
                response.status()
            ),
            method: response.method,
            url: response.url,
            status: response.status,
        }),
        _ => Err(response.unexpected_status()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(template: &str, values: &[(&'static str, &str)]) -> Result<String, String> {
        let values: Vec<_> = values
            .iter()
            .map(|(name, value)| (*name, (*value).to_owned()))
            .collect();
        expand(template, &values).map_err(|problem| match problem {
            Problem::Template(message) => message,
            Problem::Value(error) => error.to_string(),
        })
    }

    #[test]
    fn fills_in_and_encodes_placeholders() {
        assert_eq!(
            expanded(
                "/repos/{owner}/{repo}/actions/caches",
                &[("repo", "a b/c"), ("owner", "o")]
            ),
            Ok("/repos/o/a%20b%2Fc/actions/caches".to_owned())
        );
        assert_eq!(
            expanded("/x/{id}", &[("id", "1"), ("id", "2")]),
            Ok("/x/2".to_owned())
        );
        assert_eq!(expanded("/meta", &[]), Ok("/meta".to_owned()));
    }

    #[test]
    fn headers_the_client_owns_are_refused() {
        for name in [
            "Authorization",
            "authorization",
            "Proxy-Authorization",
            "Cookie",
            "HOST",
            "Content-Length",
            "transfer-encoding",
            "Connection",
            "TE",
            "Expect",
            "Content-Type",
            "Accept-Encoding",
            "If-None-Match",
            "if-modified-since",
        ] {
            let error = check_header(name, "secret-value").unwrap_err();
            let Error::InvalidHeader { name: shown, .. } = &error else {
                panic!("{name}: {error:?}");
            };
            assert_eq!(shown, name);
            assert!(!error.to_string().contains("secret-value"), "{error}");
        }
        for (name, value, expected) in [
            ("bad name", "v", "not a valid header name"),
            ("", "v", "not a valid header name"),
            ("x-note", "a\r\nauthorization: b", "cannot carry"),
        ] {
            let error = check_header(name, value).unwrap_err().to_string();
            assert!(error.contains(expected), "{name}: {error}");
        }
        for (name, value) in [
            ("Accept", "application/vnd.github.raw"),
            ("X-GitHub-Api-Version", "2026-03-10"),
            ("User-Agent", "me"),
            ("If-Match", "\"abc\""),
            ("x-anything", ""),
        ] {
            assert!(check_header(name, value).is_ok(), "{name}");
        }
    }

    #[test]
    fn reports_what_is_wrong() {
        for (template, values, expected) in [
            ("/repos/{owner}", &[][..], "`{owner}` has no value"),
            (
                "/repos/{owner",
                &[("owner", "o")][..],
                "a `{` without its `}`",
            ),
            ("/repos/owner}", &[][..], "a `}` without its `{`"),
            ("repos", &[][..], "must start with `/`"),
            ("/repos?x=1", &[][..], "`.query(name, value)`"),
            ("/meta", &[("owner", "o")][..], "names no placeholder"),
            (
                "/repos/{owner}",
                &[("owner", "..")][..],
                "`owner` is \"..\"",
            ),
        ] {
            let error = expanded(template, values).unwrap_err();
            assert!(error.contains(expected), "{template}: {error}");
        }
    }
}
