//! The core of the fake GitHub (`mock` feature): an HTTP/1.1 server on loopback that answers
//! the operations it is given as GitHub would.
//!
//! This file knows nothing of the generated models or operations. What it serves comes from a
//! table of [`Operation`]s that `cargo xtask codegen` writes from the spec (`src/mock/`), with
//! the typed stub and journal methods on top; here are the generic parts: matching a request
//! to an operation, checking it against the spec's shapes, the answers (stubbed or the spec's
//! examples), `Link` pages, `ETag`s and `304`s, gzip, redirects to downloads, rate limits and
//! expectations.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt::{self, Display};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::HeaderValue;
use hyper::http::request::Parts;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Where GitHub's error bodies point when no operation is known.
const REST_DOCS: &str = "https://docs.github.com/rest";
/// What the fake serves for a download nobody stubbed: an empty zip archive.
const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
/// The prefix of the fake's download URLs (what the `302`s point at).
const DOWNLOADS: &str = "/_mock/downloads/";

/// The JSON a value must have, from the spec: what a request body or parameter is checked
/// against.
// Every kind of value the spec's format has, though today's request bodies and parameters use
// only some (no number or date-time in them).
#[allow(dead_code)]
#[derive(Debug)]
pub enum Shape {
    /// Any JSON value.
    Any,
    /// `true` or `false`.
    Boolean,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// Text.
    String,
    /// An RFC 3339 date and time.
    DateTime,
    /// One of the given strings.
    Enum {
        /// The values GitHub accepts.
        values: &'static [&'static str],
    },
    /// An array of `item`s.
    Array {
        /// Each element's shape.
        item: &'static Shape,
    },
    /// An object whose every value is a `value`.
    Map {
        /// Each value's shape.
        value: &'static Shape,
    },
    /// An object with these fields (others are ignored, as GitHub does).
    Object {
        /// The known fields.
        fields: &'static [FieldShape],
    },
    /// Any one of `variants`.
    OneOf {
        /// The alternatives.
        variants: &'static [&'static Shape],
    },
}

/// A field of a [`Shape::Object`].
#[derive(Debug)]
pub struct FieldShape {
    /// The JSON name.
    pub name: &'static str,
    /// Whether a request without it is refused.
    pub required: bool,
    /// Whether `null` is accepted.
    pub nullable: bool,
    /// The value's shape.
    pub shape: &'static Shape,
}

/// A path or query parameter of an [`Operation`].
#[derive(Debug)]
pub struct Param {
    /// The name on the wire.
    pub name: &'static str,
    /// Whether a request without it is refused.
    pub required: bool,
    /// The value's shape (a path or query value is text: an integer must parse as one).
    pub shape: &'static Shape,
}

/// One success answer of an operation, from the spec.
#[derive(Debug)]
pub struct Example {
    /// The status.
    pub status: u16,
    /// The JSON body (the spec's example, or the least value of the type), if the status has
    /// one.
    pub body: Option<&'static str>,
}

/// One operation of the spec, as the fake serves it.
#[derive(Debug)]
pub struct Operation {
    /// GitHub's name (`get-workflow-run`).
    pub name: &'static str,
    /// The HTTP method (`GET`).
    pub method: &'static str,
    /// The path template (`/repos/{owner}/{repo}/actions/runs/{run_id}`).
    pub path: &'static str,
    /// Its section of GitHub's docs, for error bodies.
    pub docs_url: &'static str,
    /// The path parameters, in path order.
    pub path_params: &'static [Param],
    /// The query parameters.
    pub query: &'static [Param],
    /// The JSON body's shape, when it takes one.
    pub body: Option<&'static Shape>,
    /// The success answers; the first is the default, a `Prefer: code=NNN` request header
    /// (as Prism reads it) picks another.
    pub examples: &'static [Example],
    /// Whether success is a `302` to a download.
    pub redirect: bool,
}

/// What a path argument of a stub matches: one value, or any ([`any`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match(Option<String>);

/// A path argument of a stub that matches any value.
pub fn any() -> Match {
    Match(None)
}

impl<T: Display> From<T> for Match {
    fn from(value: T) -> Self {
        Match(Some(value.to_string()))
    }
}

impl Match {
    fn matches(&self, value: &str) -> bool {
        self.0.as_deref().is_none_or(|expected| expected == value)
    }
}

/// One answer of a stub. Built by the typed stub methods; [`Stub::answer`] takes one
/// directly.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Answer {
    /// A JSON body with a status.
    Json {
        /// The status.
        status: u16,
        /// The encoded body.
        body: Bytes,
    },
    /// A status without a body (`204`).
    Empty {
        /// The status.
        status: u16,
    },
    /// GitHub's error body.
    Error {
        /// The status.
        status: u16,
        /// GitHub's `message`.
        message: String,
    },
    /// A primary rate limit: `403` with no requests left until `retry_after` from now.
    RateLimited {
        /// How long until the limit resets.
        retry_after: Duration,
    },
    /// A secondary rate limit: `403` with `retry-after`.
    SecondaryRateLimited {
        /// What `retry-after` says.
        retry_after: Duration,
    },
    /// Pages of a list: the request's `page` query parameter picks one, and `Link` headers
    /// point at the others.
    Pages {
        /// The encoded pages, first to last.
        pages: Vec<Bytes>,
    },
    /// A `302` to a download of these bytes.
    Download {
        /// The file.
        bytes: Bytes,
    },
}

impl Answer {
    /// A JSON answer of `value`.
    ///
    /// # Panics
    ///
    /// When `value` does not encode as JSON (a model always does).
    pub fn json<T: Serialize>(status: u16, value: &T) -> Self {
        let body = serde_json::to_vec(value).expect("a stubbed value encodes as JSON");
        Answer::Json {
            status,
            body: body.into(),
        }
    }

    /// An answer with no body.
    pub fn empty(status: u16) -> Self {
        Answer::Empty { status }
    }
}

/// One request the fake answered for an operation, with its body decoded into `B` (`()` for
/// an operation without a body).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Call<B> {
    /// The path values, by parameter name, percent-decoded.
    pub path: BTreeMap<String, String>,
    /// The query parameters, in the order sent.
    pub query: Vec<(String, String)>,
    /// The decoded request body.
    pub body: B,
}

impl<B> Call<B> {
    /// The value of the path parameter `name` (`""` when the operation has none of that name).
    pub fn path(&self, name: &str) -> &str {
        self.path.get(name).map_or("", String::as_str)
    }

    /// The value of the query parameter `name`, if it was sent.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// A request as the journal keeps it.
#[derive(Debug, Clone)]
struct Received {
    operation: &'static str,
    path: BTreeMap<String, String>,
    query: Vec<(String, String)>,
    body: Bytes,
}

/// What the journal holds when it is read: every request answered for an operation, oldest
/// first.
#[derive(Debug, Clone)]
pub struct Journal {
    received: Vec<Received>,
}

impl Journal {
    /// The calls of `operation`, their bodies decoded into `B`.
    ///
    /// # Panics
    ///
    /// When a body that passed the spec's checks does not decode into `B` (a mismatch
    /// between the spec's shapes and its types: a bug in the generator).
    pub fn calls<B: DeserializeOwned>(&self, operation: &Operation) -> Vec<Call<B>> {
        self.received
            .iter()
            .filter(|call| call.operation == operation.name)
            .map(|call| {
                let body: &[u8] = if call.body.is_empty() {
                    b"null"
                } else {
                    &call.body
                };
                let body = serde_json::from_slice(body).unwrap_or_else(|error| {
                    panic!(
                        "the fake GitHub: a `{}` request body does not decode: {error}",
                        operation.name
                    )
                });
                Call {
                    path: call.path.clone(),
                    query: call.query.clone(),
                    body,
                }
            })
            .collect()
    }

    /// How many requests were answered, for any operation.
    pub fn count(&self) -> usize {
        self.received.len()
    }
}

/// A stub of one operation for some path values: its answers and how often it may be called.
#[derive(Debug)]
struct StubState {
    operation: &'static Operation,
    path: Vec<Match>,
    answers: Vec<Answer>,
    served: usize,
    expected: Option<usize>,
}

impl StubState {
    fn describe(&self) -> String {
        let mut arguments = Vec::new();
        for (param, matcher) in self.operation.path_params.iter().zip(&self.path) {
            match &matcher.0 {
                Some(value) => arguments.push(format!("{}={value:?}", param.name)),
                None => arguments.push(format!("{}=any", param.name)),
            }
        }
        format!("`{}`({})", self.operation.name, arguments.join(", "))
    }
}

#[derive(Debug, Default)]
struct State {
    stubs: Vec<StubState>,
    received: Vec<Received>,
    downloads: Vec<Bytes>,
    verified: bool,
}

#[derive(Debug)]
struct Shared {
    operations: &'static [&'static Operation],
    base: String,
    state: Mutex<State>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held (a failed assertion elsewhere) leaves the state
        // consistent: every change is one push or one assignment.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The running server: answers until dropped.
#[derive(Debug)]
pub struct MockServer {
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl MockServer {
    /// Starts serving `operations` on a free loopback port.
    ///
    /// # Panics
    ///
    /// Outside a Tokio runtime, or when no loopback port can be bound.
    pub async fn start(operations: &'static [&'static Operation]) -> Self {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("the fake GitHub binds a loopback port");
        let address = listener
            .local_addr()
            .expect("a bound listener has an address");
        let shared = Arc::new(Shared {
            operations,
            base: format!("http://{address}"),
            state: Mutex::default(),
        });
        let task = tokio::spawn(accept(listener, Arc::clone(&shared)));
        MockServer { shared, task }
    }

    /// The server's root URL (`http://127.0.0.1:PORT`), what a client's `base_url` is.
    pub fn url(&self) -> &str {
        &self.shared.base
    }

    /// Registers a stub of `operation` for the path values `path` (in path order), answering
    /// as the spec does until told otherwise; `encode` turns the typed value of `returns` into
    /// an answer.
    pub fn stub<T>(
        &self,
        operation: &'static Operation,
        path: Vec<Match>,
        encode: fn(T) -> Answer,
    ) -> Stub<T> {
        let mut state = self.shared.state();
        state.stubs.push(StubState {
            operation,
            path,
            answers: Vec::new(),
            served: 0,
            expected: None,
        });
        Stub {
            shared: Arc::clone(&self.shared),
            index: state.stubs.len() - 1,
            encode,
            _value: PhantomData,
        }
    }

    /// A copy of the journal.
    pub fn journal(&self) -> Journal {
        Journal {
            received: self.shared.state().received.clone(),
        }
    }

    /// Checks every stub's `times`, returning a description of each that was not met.
    pub fn unmet_expectations(&self) -> Vec<String> {
        let mut state = self.shared.state();
        state.verified = true;
        state
            .stubs
            .iter()
            .filter_map(|stub| {
                let expected = stub.expected?;
                (stub.served != expected).then(|| {
                    format!(
                        "{} was expected {expected} time(s), called {}",
                        stub.describe(),
                        stub.served
                    )
                })
            })
            .collect()
    }

    /// Whether [`unmet_expectations`](Self::unmet_expectations) was called since the last
    /// expectation was set.
    pub fn verified(&self) -> bool {
        self.shared.state().verified
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A stub of one operation, made by the fake's typed stub methods: what it answers, and how
/// many calls are expected. Every method changes the registered stub and returns it, so they
/// chain; a later stub for the same path values takes precedence over an earlier one.
#[derive(Debug)]
pub struct Stub<T> {
    shared: Arc<Shared>,
    index: usize,
    encode: fn(T) -> Answer,
    _value: PhantomData<fn(T)>,
}

impl<T> Stub<T> {
    fn set(self, answers: Vec<Answer>) -> Self {
        self.shared.state().stubs[self.index].answers = answers;
        self
    }

    /// Answers every call with `value`.
    pub fn returns(self, value: T) -> Self {
        let answer = (self.encode)(value);
        self.set(vec![answer])
    }

    /// Answers successive calls with these values, the last one again once they run out
    /// (a run that goes `queued`, `in_progress`, `completed`).
    pub fn returns_in_order(self, values: impl IntoIterator<Item = T>) -> Self {
        let answers = values.into_iter().map(self.encode).collect();
        self.set(answers)
    }

    /// Answers a list as these pages: the request's `page` parameter picks one, with `Link`
    /// headers to the next, previous, first and last, as GitHub sends them.
    pub fn returns_pages(self, pages: Vec<T>) -> Self {
        let pages = pages
            .into_iter()
            .map(|page| match (self.encode)(page) {
                Answer::Json { body, .. } => body,
                _ => Bytes::new(),
            })
            .collect();
        self.set(vec![Answer::Pages { pages }])
    }

    /// Answers with GitHub's error body for `status`, with its usual message (`Not Found`).
    pub fn fails(self, status: u16) -> Self {
        self.fails_with(status, reason(status))
    }

    /// Answers with GitHub's error body for `status`, with this `message`.
    pub fn fails_with(self, status: u16, message: impl Into<String>) -> Self {
        let message = message.into();
        self.set(vec![Answer::Error { status, message }])
    }

    /// Answers as GitHub's primary rate limit does: `403`, no requests left, reset in
    /// `retry_after`.
    pub fn rate_limited(self, retry_after: Duration) -> Self {
        self.set(vec![Answer::RateLimited { retry_after }])
    }

    /// Answers as GitHub's secondary rate limit does: `403` with `retry-after`.
    pub fn secondary_rate_limited(self, retry_after: Duration) -> Self {
        self.set(vec![Answer::SecondaryRateLimited { retry_after }])
    }

    /// Answers with `302` to a download of `bytes` (for the operations that redirect to a
    /// download: artifacts and logs).
    pub fn redirects_download(self, bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        self.set(vec![Answer::Download { bytes }])
    }

    /// Answers successive calls with these answers (mixing failures and values, e.g. a `502`
    /// then a run), the last one again once they run out.
    pub fn answers(self, answers: Vec<Answer>) -> Self {
        self.set(answers)
    }

    /// Encodes a typed value as an answer, for [`answers`](Self::answers).
    pub fn answer(&self, value: T) -> Answer {
        (self.encode)(value)
    }

    /// Expects exactly `n` calls, checked by the fake's `verify()` (and when it is dropped).
    pub fn times(self, n: usize) -> Self {
        {
            let mut state = self.shared.state();
            state.stubs[self.index].expected = Some(n);
            state.verified = false;
        }
        self
    }

    /// How many calls this stub answered so far.
    pub fn calls(&self) -> usize {
        self.shared.state().stubs[self.index].served
    }
}

/// GitHub's usual message for an error status.
fn reason(status: u16) -> String {
    match status {
        401 => "Requires authentication".to_owned(),
        403 => "Forbidden".to_owned(),
        404 => "Not Found".to_owned(),
        409 => "Conflict".to_owned(),
        410 => "Gone".to_owned(),
        422 => "Validation Failed".to_owned(),
        500 => "Server Error".to_owned(),
        _ => StatusCode::from_u16(status)
            .ok()
            .and_then(|status| status.canonical_reason())
            .unwrap_or("Error")
            .to_owned(),
    }
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let shared = Arc::clone(&shared);
                async move { Ok::<_, Infallible>(serve(&shared, request).await) }
            });
            // A client that goes away mid-request is its own business.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// An answer before the headers every response gets.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Bytes,
}

impl Reply {
    fn json(status: u16, body: Bytes) -> Self {
        Reply {
            status,
            headers: vec![("content-type", "application/json; charset=utf-8".to_owned())],
            body,
        }
    }

    fn error(status: u16, message: &str, docs_url: &str) -> Self {
        let body = serde_json::json!({
            "message": message,
            "documentation_url": docs_url,
            "status": status.to_string(),
        });
        Reply::json(status, body.to_string().into())
    }
}

async fn serve(shared: &Shared, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let reply = answer(shared, &parts, body);
    finish(&parts, reply)
}

/// Adds what every answer has (rate-limit headers, a request id), an `ETag` (and `304` when
/// it matches `If-None-Match`) for a `GET`'s `200`, and gzip when asked for.
fn finish(parts: &Parts, mut reply: Reply) -> Response<Full<Bytes>> {
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    };
    let is_download = parts.uri.path().starts_with(DOWNLOADS);
    if !is_download {
        let reset = unix_now() + 3600;
        reply.headers.extend([
            ("x-ratelimit-limit", "5000".to_owned()),
            ("x-ratelimit-resource", "core".to_owned()),
            (
                "x-github-request-id",
                "0000:MOCK:0000000:0000000:00000000".to_owned(),
            ),
        ]);
        if !reply
            .headers
            .iter()
            .any(|(name, _)| *name == "x-ratelimit-remaining")
        {
            reply.headers.extend([
                ("x-ratelimit-remaining", "4999".to_owned()),
                ("x-ratelimit-used", "1".to_owned()),
                ("x-ratelimit-reset", reset.to_string()),
            ]);
        }
    }
    if parts.method == hyper::Method::GET && reply.status == 200 && !is_download {
        let mut hasher = DefaultHasher::new();
        reply.body.hash(&mut hasher);
        let etag = format!("W/\"{:016x}\"", hasher.finish());
        let matched = header("if-none-match")
            .split(',')
            .any(|tag| tag.trim() == etag);
        if matched {
            reply.status = 304;
            reply.body = Bytes::new();
            reply.headers.retain(|(name, _)| *name != "content-type");
        }
        reply.headers.push(("etag", etag));
    }
    let gzip = !is_download
        && !reply.body.is_empty()
        && header("accept-encoding")
            .split(',')
            .any(|coding| coding.trim().split(';').next() == Some("gzip"));
    if gzip {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let compressed = encoder
            .write_all(&reply.body)
            .and_then(|()| encoder.finish());
        if let Ok(compressed) = compressed {
            reply.body = compressed.into();
            reply.headers.push(("content-encoding", "gzip".to_owned()));
            reply.headers.push(("vary", "Accept-Encoding".to_owned()));
        }
    }
    let mut response = Response::new(Full::new(reply.body));
    *response.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in reply.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

/// Percent-decodes a path segment or query value (`+` is a space in a query only).
fn decode(text: &str, plus_is_space: bool) -> String {
    let text = if plus_is_space {
        text.replace('+', " ")
    } else {
        text.to_owned()
    };
    percent_encoding::percent_decode_str(&text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Percent-encodes a query name or value for a `Link`.
fn encode(text: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, KEEP).to_string()
}

/// The request path relative to the base URL, split into decoded segments.
fn segments(path: &str) -> Vec<String> {
    path.trim_matches('/')
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| decode(segment, false))
        .collect()
}

/// The path values of `operation` when `path` is one of its paths.
fn match_path(operation: &Operation, path: &[String]) -> Option<BTreeMap<String, String>> {
    let template: Vec<&str> = operation.path.trim_matches('/').split('/').collect();
    if template.len() != path.len() {
        return None;
    }
    let mut values = BTreeMap::new();
    for (part, value) in template.iter().zip(path) {
        match part
            .strip_prefix('{')
            .and_then(|name| name.strip_suffix('}'))
        {
            Some(name) => {
                values.insert(name.to_owned(), value.clone());
            }
            None if part == value => {}
            None => return None,
        }
    }
    Some(values)
}

/// How alike a request is to an operation, for "the closest is …": each literal segment
/// scores by how few edits turn it into the request's segment there (`runz` is one from
/// `runs`), a parameter a little less than an exact literal; then the same number of segments,
/// then the same method.
fn likeness(operation: &Operation, method: &str, path: &[String]) -> usize {
    let template: Vec<&str> = operation.path.trim_matches('/').split('/').collect();
    let mut score: usize = template
        .iter()
        .zip(path)
        .map(|(part, value)| {
            if part.starts_with('{') {
                6
            } else {
                8usize.saturating_sub(edits(part, value) * 2)
            }
        })
        .sum();
    score *= 4;
    if template.len() == path.len() {
        score += 3;
    }
    if operation.method == method {
        score += 2;
    }
    score
}

/// The Levenshtein distance between two short texts.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

fn describe(operation: &Operation) -> String {
    format!(
        "`{}` ({} {})",
        operation.name, operation.method, operation.path
    )
}

fn answer(shared: &Shared, parts: &Parts, body: Bytes) -> Reply {
    let method = parts.method.as_str();
    let path = segments(parts.uri.path());
    if let Some(index) = parts.uri.path().strip_prefix(DOWNLOADS) {
        let state = shared.state();
        return match index
            .parse::<usize>()
            .ok()
            .and_then(|i| state.downloads.get(i))
        {
            Some(bytes) => Reply {
                status: 200,
                headers: vec![("content-type", "application/zip".to_owned())],
                body: bytes.clone(),
            },
            None => Reply::error(404, "Not Found", REST_DOCS),
        };
    }
    if !parts.headers.contains_key("authorization") {
        return Reply::error(401, "Requires authentication", REST_DOCS);
    }

    let mut found = None;
    for operation in shared.operations {
        if let Some(values) = match_path(operation, &path) {
            if operation.method == method {
                found = Some((*operation, values));
                break;
            }
        }
    }
    let Some((operation, values)) = found else {
        let closest = shared
            .operations
            .iter()
            .max_by_key(|operation| likeness(operation, method, &path));
        let message = match closest {
            Some(closest) => format!(
                "Not Found: the spec has no operation `{method} {}`; the closest is {}",
                parts.uri.path(),
                describe(closest)
            ),
            None => "Not Found".to_owned(),
        };
        return Reply::error(404, &message, REST_DOCS);
    };

    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name, true), decode(value, true))
        })
        .collect();

    if let Err(reply) = check_request(operation, &values, &query, &body) {
        return reply;
    }

    let mut state = shared.state();
    state.received.push(Received {
        operation: operation.name,
        path: values.clone(),
        query: query.clone(),
        body,
    });
    let stub = state.stubs.iter_mut().rev().find(|stub| {
        std::ptr::eq(stub.operation, operation)
            && operation
                .path_params
                .iter()
                .zip(&stub.path)
                .all(|(param, matcher)| {
                    matcher.matches(values.get(param.name).map_or("", String::as_str))
                })
    });
    let stubbed = stub.and_then(|stub| {
        stub.served += 1;
        let last = stub.answers.len().checked_sub(1)?;
        Some(stub.answers[(stub.served - 1).min(last)].clone())
    });
    let prefer = parts
        .headers
        .get("prefer")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().strip_prefix("code="))
        .and_then(|code| code.trim().parse::<u16>().ok());
    match stubbed {
        Some(answer) => stubbed_reply(shared, &mut state, operation, parts, &query, answer),
        None => default_reply(shared, &mut state, operation, prefer),
    }
}

/// What the spec answers: its example for the first success status (or the one `Prefer:
/// code=NNN` names).
fn default_reply(
    shared: &Shared,
    state: &mut State,
    operation: &Operation,
    prefer: Option<u16>,
) -> Reply {
    if operation.redirect {
        return download(shared, state, Bytes::from_static(EMPTY_ZIP));
    }
    let example = prefer
        .and_then(|code| operation.examples.iter().find(|e| e.status == code))
        .or_else(|| operation.examples.first());
    match example {
        Some(Example {
            status,
            body: Some(body),
        }) => Reply::json(*status, Bytes::from_static(body.as_bytes())),
        Some(Example { status, body: None }) => Reply {
            status: *status,
            headers: Vec::new(),
            body: Bytes::new(),
        },
        None => Reply {
            status: 204,
            headers: Vec::new(),
            body: Bytes::new(),
        },
    }
}

fn download(shared: &Shared, state: &mut State, bytes: Bytes) -> Reply {
    state.downloads.push(bytes);
    let location = format!("{}{DOWNLOADS}{}", shared.base, state.downloads.len() - 1);
    Reply {
        status: 302,
        headers: vec![("location", location)],
        body: Bytes::new(),
    }
}

fn stubbed_reply(
    shared: &Shared,
    state: &mut State,
    operation: &Operation,
    parts: &Parts,
    query: &[(String, String)],
    answer: Answer,
) -> Reply {
    match answer {
        Answer::Json { status, body } => Reply::json(status, body),
        Answer::Empty { status } => Reply {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
        },
        Answer::Error { status, message } => Reply::error(status, &message, operation.docs_url),
        Answer::RateLimited { retry_after } => {
            let reset = unix_now() + retry_after.as_secs().max(1);
            let mut reply = Reply::error(
                403,
                "API rate limit exceeded for user ID 1.",
                "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
            );
            reply.headers.extend([
                ("x-ratelimit-remaining", "0".to_owned()),
                ("x-ratelimit-used", "5000".to_owned()),
                ("x-ratelimit-reset", reset.to_string()),
            ]);
            reply
        }
        Answer::SecondaryRateLimited { retry_after } => {
            let mut reply = Reply::error(
                403,
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
            );
            reply
                .headers
                .push(("retry-after", retry_after.as_secs().to_string()));
            reply
        }
        Answer::Pages { pages } => page_reply(shared, parts, query, &pages),
        Answer::Download { bytes } => download(shared, state, bytes),
    }
}

/// One of `pages`, chosen by the `page` query parameter (from 1), with GitHub's `Link` header.
/// A page past the last is answered with the last page's links and no next.
fn page_reply(
    shared: &Shared,
    parts: &Parts,
    query: &[(String, String)],
    pages: &[Bytes],
) -> Reply {
    let number = query
        .iter()
        .find(|(name, _)| name == "page")
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let last = pages.len().max(1);
    let body = pages
        .get(number - 1)
        .or(pages.last())
        .cloned()
        .unwrap_or_default();
    let link_to = |page: usize| {
        let mut pairs: Vec<String> = query
            .iter()
            .filter(|(name, _)| name != "page")
            .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
            .collect();
        pairs.push(format!("page={page}"));
        format!("{}{}?{}", shared.base, parts.uri.path(), pairs.join("&"))
    };
    let mut links = Vec::new();
    if number < last {
        links.push(format!("<{}>; rel=\"next\"", link_to(number + 1)));
        links.push(format!("<{}>; rel=\"last\"", link_to(last)));
    }
    if number > 1 {
        links.push(format!(
            "<{}>; rel=\"prev\"",
            link_to(number.min(last + 1) - 1)
        ));
        links.push(format!("<{}>; rel=\"first\"", link_to(1)));
    }
    let mut reply = Reply::json(200, body);
    if !links.is_empty() {
        reply.headers.push(("link", links.join(", ")));
    }
    reply
}

/// Checks a request as GitHub would: path values (a `404` when one is not of its type),
/// required query parameters and their types (`422`), then the body (`400` for JSON that
/// does not parse, `422` for a missing field or a value of the wrong type).
fn check_request(
    operation: &Operation,
    values: &BTreeMap<String, String>,
    query: &[(String, String)],
    body: &[u8],
) -> Result<(), Reply> {
    for param in operation.path_params {
        let value = values.get(param.name).map_or("", String::as_str);
        if let Err(problem) = check_text(param.shape, value) {
            let message = format!(
                "Not Found: path parameter `{}` of {}: `{value}` {problem}",
                param.name,
                describe(operation)
            );
            return Err(Reply::error(404, &message, operation.docs_url));
        }
    }
    let mut problems = Vec::new();
    for param in operation.query {
        match query.iter().find(|(name, _)| name == param.name) {
            None if param.required => problems.push(format!("\"{}\" wasn't supplied.", param.name)),
            None => {}
            Some((_, value)) => {
                if let Err(problem) = check_text(param.shape, value) {
                    problems.push(format!("For '{}', \"{value}\" {problem}.", param.name));
                }
            }
        }
    }
    match operation.body {
        Some(shape) => {
            let text = if body.is_empty() {
                b"{}" as &[u8]
            } else {
                body
            };
            match serde_json::from_slice::<Value>(text) {
                Ok(value) => check_value(shape, &value, "", &mut problems),
                Err(error) => {
                    let message = format!(
                        "Problems parsing JSON: {error} (the body of {})",
                        describe(operation)
                    );
                    return Err(Reply::error(400, &message, operation.docs_url));
                }
            }
        }
        None if !body.is_empty() && serde_json::from_slice::<Value>(body).is_err() => {
            let message = format!(
                "Problems parsing JSON (the body of {})",
                describe(operation)
            );
            return Err(Reply::error(400, &message, operation.docs_url));
        }
        None => {}
    }
    if problems.is_empty() {
        return Ok(());
    }
    let message = format!(
        "Invalid request.\n\n{}\n\n(the fake GitHub, checking {} against the spec)",
        problems.join("\n"),
        describe(operation)
    );
    Err(Reply::error(422, &message, operation.docs_url))
}

/// A path or query value (text) against its shape.
fn check_text(shape: &Shape, text: &str) -> Result<(), Problem> {
    match shape {
        Shape::Integer if text.parse::<i64>().is_err() => Err(Problem::NotA("an integer")),
        Shape::Number if text.parse::<f64>().is_err() => Err(Problem::NotA("a number")),
        Shape::Boolean if text != "true" && text != "false" => Err(Problem::NotA("a boolean")),
        Shape::DateTime if chrono::DateTime::parse_from_rfc3339(text).is_err() => {
            Err(Problem::NotA("a date-time"))
        }
        Shape::Enum { values } if !values.contains(&text) => Err(Problem::NotOneOf(values)),
        Shape::OneOf { variants } => {
            if variants
                .iter()
                .any(|variant| check_text(variant, text).is_ok())
            {
                Ok(())
            } else {
                Err(Problem::NotA("any of its types"))
            }
        }
        _ => Ok(()),
    }
}

/// Why a value does not fit its shape.
enum Problem {
    NotA(&'static str),
    NotOneOf(&'static [&'static str]),
}

impl Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotA(what) => write!(f, "is not {what}"),
            Problem::NotOneOf(values) => write!(f, "is not one of {values:?}"),
        }
    }
}

/// `properties/ref` inside `at` (JSON Schema's way of naming a place, as GitHub's messages do).
fn join(at: &str, kind: &str, name: impl Display) -> String {
    if at.is_empty() {
        format!("{kind}/{name}")
    } else {
        format!("{at}/{kind}/{name}")
    }
}

/// A JSON value against its shape; each problem in GitHub's words (`"ref" wasn't supplied.`,
/// `For 'properties/ref', 5 is not a string.`).
fn check_value(shape: &Shape, value: &Value, at: &str, problems: &mut Vec<String>) {
    let mut wrong = |what: &dyn Display| {
        let place = if at.is_empty() {
            "the body".to_owned()
        } else {
            format!("'{at}'")
        };
        problems.push(format!("For {place}, {value} {what}."));
    };
    match shape {
        Shape::Any => {}
        Shape::Boolean if !value.is_boolean() => wrong(&Problem::NotA("a boolean")),
        Shape::Integer if !(value.is_i64() || value.is_u64()) => {
            wrong(&Problem::NotA("an integer"))
        }
        Shape::Number if !value.is_number() => wrong(&Problem::NotA("a number")),
        Shape::String if !value.is_string() => wrong(&Problem::NotA("a string")),
        Shape::DateTime
            if value
                .as_str()
                .is_none_or(|text| chrono::DateTime::parse_from_rfc3339(text).is_err()) =>
        {
            wrong(&Problem::NotA("a date-time"));
        }
        Shape::Enum { values } if value.as_str().is_none_or(|text| !values.contains(&text)) => {
            wrong(&Problem::NotOneOf(values));
        }
        Shape::Array { item } => match value.as_array() {
            Some(items) => {
                for (index, element) in items.iter().enumerate() {
                    check_value(item, element, &join(at, "items", index), problems);
                }
            }
            None => wrong(&Problem::NotA("an array")),
        },
        Shape::Map { value: shape } => match value.as_object() {
            Some(object) => {
                for (key, element) in object {
                    check_value(shape, element, &join(at, "properties", key), problems);
                }
            }
            None => wrong(&Problem::NotA("an object")),
        },
        Shape::Object { fields } => match value.as_object() {
            Some(object) => {
                for field in *fields {
                    let place = join(at, "properties", field.name);
                    match object.get(field.name) {
                        None if field.required => {
                            problems.push(format!("\"{}\" wasn't supplied.", field.name));
                        }
                        None => {}
                        Some(Value::Null) if field.nullable || !field.required => {}
                        Some(element) => check_value(field.shape, element, &place, problems),
                    }
                }
            }
            None => wrong(&Problem::NotA("an object")),
        },
        Shape::OneOf { variants } => {
            let fits = variants.iter().any(|variant| {
                let mut inner = Vec::new();
                check_value(variant, value, at, &mut inner);
                inner.is_empty()
            });
            if !fits {
                wrong(&Problem::NotA("any of its types"));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static FIELDS: Shape = Shape::Object {
        fields: &[
            FieldShape {
                name: "ref",
                required: true,
                nullable: false,
                shape: &Shape::String,
            },
            FieldShape {
                name: "visibility",
                required: false,
                nullable: false,
                shape: &Shape::Enum {
                    values: &["all", "private"],
                },
            },
        ],
    };

    fn problems(body: Value) -> Vec<String> {
        let mut problems = Vec::new();
        check_value(&FIELDS, &body, "", &mut problems);
        problems
    }

    #[test]
    fn a_body_is_checked_as_github_does() {
        assert!(problems(serde_json::json!({"ref": "main"})).is_empty());
        assert_eq!(
            problems(serde_json::json!({})),
            ["\"ref\" wasn't supplied."]
        );
        assert_eq!(
            problems(serde_json::json!({"ref": 5})),
            ["For 'properties/ref', 5 is not a string."]
        );
        assert_eq!(
            problems(serde_json::json!({"ref": "main", "visibility": "some"})),
            ["For 'properties/visibility', \"some\" is not one of [\"all\", \"private\"]."]
        );
    }

    #[test]
    fn paths_match_their_template() {
        static OPERATION: Operation = Operation {
            name: "get-thing",
            method: "GET",
            path: "/repos/{owner}/{repo}/things/{id}",
            docs_url: REST_DOCS,
            path_params: &[],
            query: &[],
            body: None,
            examples: &[],
            redirect: false,
        };
        let values = match_path(&OPERATION, &segments("/repos/o/r%2Fx/things/7")).unwrap();
        assert_eq!(values["repo"], "r/x");
        assert_eq!(values["id"], "7");
        assert!(match_path(&OPERATION, &segments("/repos/o/r/thing/7")).is_none());
        assert!(match_path(&OPERATION, &segments("/repos/o/r/things")).is_none());
    }

    #[test]
    fn edits_count_insertions_deletions_and_substitutions() {
        assert_eq!(edits("runs", "runs"), 0);
        assert_eq!(edits("runs", "runz"), 1);
        assert_eq!(edits("runs", "run"), 1);
        assert_eq!(edits("", "abc"), 3);
        assert_eq!(edits("workflows", "runz"), 8);
    }
}
