//! The client: configuration, and sending a [`Request`] to GitHub with retries.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, ACCEPT_ENCODING, AUTHORIZATION, CONTENT_TYPE,
    USER_AGENT,
};
use url::Url;

use crate::cache::{CacheKey, CacheLimits, Cached, ResponseCache};
use crate::credential::Credential;
use crate::error::{with_root_cause, Error, RateLimited};
use crate::rate_limit::{resource_of, RateLimit, RateLimitState};
use crate::request::{Request, Target};
use crate::response::{header, RawResponse};
use crate::retry::{is_retryable_status, rate_limit_wait, RetryPolicy};
use crate::throttle::{Pass, Throttle, ThrottlePolicy};

/// The API root of github.com.
pub const DEFAULT_BASE_URL: &str = "https://api.github.com";
/// The REST API version this client is written against.
pub const DEFAULT_API_VERSION: &str = "2022-11-28";
/// The media type GitHub recommends.
const MEDIA_TYPE: HeaderValue = HeaderValue::from_static("application/vnd.github+json");
/// The header that picks the REST API version.
const API_VERSION: HeaderName = HeaderName::from_static("x-github-api-version");
/// What downloads accept: the file as it is stored, never re-encoded on the way.
const IDENTITY: HeaderValue = HeaderValue::from_static("identity");
/// The media type of request bodies.
const JSON: HeaderValue = HeaderValue::from_static("application/json");
/// GitHub rejects requests without a user agent.
const DEFAULT_USER_AGENT: &str = concat!("github-actions-client/", env!("CARGO_PKG_VERSION"));

/// How the client waits (between retries, for rate limits): a function from a duration to a
/// future that completes after it. The default is `tokio::time::sleep`.
pub type Sleeper = Arc<dyn Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// The part of a client that every operation shares: the connection pool, credentials,
/// retries, rate-limit state and the cache of conditional requests.
///
/// Users hold the generated crate's `Client`, which wraps a `Core` and derefs to it, so the
/// methods here ([`request`](Core::request), [`rate_limit`](Core::rate_limit),
/// [`download`](Core::download), …) are the client's too. Cheap to clone: clones share
/// everything above, and the [`ThrottlePolicy`]'s limiter. Safe to share between tasks.
#[derive(Clone)]
pub struct Core {
    inner: Arc<Inner>,
}

struct Inner {
    /// API calls: asks for gzip, and decompresses.
    http: reqwest::Client,
    /// Downloads of archives and logs: never asks for compression, never decompresses.
    download_http: reqwest::Client,
    /// Conditional requests (`If-None-Match`), unless switched off; shared with the
    /// installation clients of a GitHub App client.
    cache: Option<Arc<ResponseCache>>,
    base_url: Url,
    /// Where the `Authorization` header comes from; its values are marked sensitive, so they
    /// never print.
    credential: Credential,
    api_version: HeaderValue,
    /// Sent with every request, so a custom `reqwest::Client` cannot leave it out.
    user_agent: HeaderValue,
    retry: RetryPolicy,
    sleeper: Sleeper,
    /// Per credential: an installation's clients share theirs (see `app_auth.rs`).
    rate_limits: Arc<Mutex<RateLimitState>>,
    /// Paces requests as the [`ThrottlePolicy`] says; an app's installation clients share the
    /// app client's.
    throttle: Arc<Throttle>,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Core")
            .field("base_url", &self.inner.base_url.as_str())
            .field("authenticated", &self.inner.credential.is_some())
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl Core {
    /// A builder with github.com's API root and no token.
    pub fn builder() -> ClientBuilder<Core> {
        ClientBuilder::default()
    }

    /// The API root requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The credential this client's requests carry.
    #[cfg_attr(not(feature = "apps"), allow(dead_code))]
    pub(crate) fn credential(&self) -> &Credential {
        &self.inner.credential
    }

    /// A client like this one (its connections, cache, policies) with another credential and
    /// that credential's rate-limit state: an installation client of a GitHub App client.
    #[cfg_attr(not(feature = "apps"), allow(dead_code))]
    pub(crate) fn with_credential(
        &self,
        credential: Credential,
        rate_limits: Arc<Mutex<RateLimitState>>,
    ) -> Core {
        let inner = &self.inner;
        Core {
            inner: Arc::new(Inner {
                http: inner.http.clone(),
                download_http: inner.download_http.clone(),
                cache: inner.cache.clone(),
                base_url: inner.base_url.clone(),
                credential,
                api_version: inner.api_version.clone(),
                user_agent: inner.user_agent.clone(),
                retry: inner.retry.clone(),
                sleeper: inner.sleeper.clone(),
                rate_limits,
                throttle: inner.throttle.clone(),
            }),
        }
    }

    /// Every rate limit GitHub reported to this client and its clones, one per resource
    /// (`actions_runner_registration`, `core`, `graphql`, `search`, …; sorted by name): for each, the
    /// latest response's `x-ratelimit-*` headers, with the time they were read
    /// ([`RateLimit::read_at`]). A resource is left out before a response reported it, and
    /// after a limit reported as used up was contradicted by a later success without the
    /// headers.
    ///
    /// Each request counts against one resource, known before it is sent: the one its
    /// operation names in the spec, else `search` for `/search/…` (`code_search` for
    /// `/search/code`), `graphql` for `/graphql`, and `core` for the rest. A request waits
    /// only when its own resource is used up.
    pub fn rate_limit(&self) -> Vec<RateLimit> {
        self.state().limits.values().cloned().collect()
    }

    /// The rate limit GitHub last reported for one resource (`core`, `search`, …; see
    /// [`rate_limit`](Self::rate_limit)), if any.
    pub fn rate_limit_for(&self, resource: &str) -> Option<RateLimit> {
        self.state().get(resource).cloned()
    }

    /// Sends a request, retrying as the policy allows, and reads the whole response. Error
    /// statuses become [`Error::Api`] or [`Error::RateLimited`].
    ///
    /// A GET whose earlier answer is in the cache goes out with `If-None-Match`; a `304` then
    /// gives back the cached answer (see [`ResponseCache`]).
    pub(crate) async fn send_raw(&self, request: Request) -> Result<RawResponse, Error> {
        self.send_head(request).await?.read().await
    }

    /// [`Core::send_raw`] up to the response's status and headers: the body is read by
    /// [`Head::read`]. A list's walk uses the headers (the `Link` to the next page) while the
    /// body is still on its way.
    pub(crate) async fn send_head(&self, mut request: Request) -> Result<Head, Error> {
        let key = self.cache_key(&request)?;
        let cached = key
            .as_ref()
            .and_then(|key| self.inner.cache.as_ref()?.get(key));
        if let Some(cached) = &cached {
            cached.make_conditional(&mut request);
        }
        let response = self.execute(&request, true).await?;
        Ok(Head {
            client: self.clone(),
            method: request.method.as_str().to_owned(),
            response,
            key,
            cached,
        })
    }

    /// Where the answer to `request` is cached, when it may be: a GET of an operation's path,
    /// with the cache on. Not an absolute URL GitHub handed out: a download, or a page after
    /// the first that `.stream()` follows (so that a long list keeps memory flat). The key
    /// holds the credential the request will carry.
    fn cache_key(&self, request: &Request) -> Result<Option<CacheKey>, Error> {
        let operation = matches!(request.target, Target::Path(_));
        if self.inner.cache.is_none() || request.method != reqwest::Method::GET || !operation {
            return Ok(None);
        }
        let url = self.url(request)?;
        let credential = match same_origin(&url, &self.inner.base_url) {
            true => self.inner.credential.cache_identity(),
            false => None,
        };
        Ok(Some(CacheKey::new(
            credential.as_ref(),
            url.as_str(),
            request,
        )))
    }

    /// Sends `request` until it succeeds, fails for good, or the policy says stop. Returns the
    /// response with its body unread when the status is below 400.
    ///
    /// `authorize`: whether the token may go with the request. It only ever goes to the API's
    /// own origin, so a `next` link or download URL elsewhere never sees it.
    ///
    /// Only the sending, reading and waiting are here; what to do about a failure is decided
    /// by plain functions ([`Core::retry_failure`], [`Core::retry_error_status`]), so that
    /// this async state machine stays small.
    pub(crate) async fn execute(
        &self,
        request: &Request,
        authorize: bool,
    ) -> Result<reqwest::Response, Error> {
        let url = self.url(request)?;
        let authorize = authorize && same_origin(&url, &self.inner.base_url);
        let resource = resource_of(request.resource, &url, &self.inner.base_url);
        let mut attempts = Attempts::default();
        loop {
            // The credential before a turn of the throttle: minting an installation token is a
            // request of its own, which must not wait for turns held by requests waiting for it.
            // Per attempt: an installation token may be minted or renewed meanwhile.
            let authorization = match authorize {
                true => self.inner.credential.header().await?,
                false => None,
            };
            // The throttle first, then what GitHub said: a block that began while the request
            // waited for its turn is not sent into.
            let pass = self.admit(request, &url).await?;
            if let Some(hold) = self.known_limit_hold(resource, attempts.served_until)? {
                drop(pass);
                // Served once waited, even by a sleeper that returns early.
                attempts.served_until = SystemTime::now().checked_add(hold);
                self.sleep(hold).await;
                continue;
            }
            let built = self.build(request, url.clone(), authorization.as_ref())?;
            let wait = match built.send().await {
                Ok(mut response) => {
                    // In flight until the body has been read and the response dropped.
                    response.extensions_mut().insert(pass);
                    self.learn(&url, resource, &response);
                    warn_if_deprecated(&url, response.headers());
                    if response.status().as_u16() < 400 {
                        return Ok(response);
                    }
                    if let (401, false, Some(used)) = (
                        response.status().as_u16(),
                        attempts.reauthorized,
                        &authorization,
                    ) {
                        // A token revoked before it expired: one new one, one more try.
                        if self.inner.credential.renew_rejected(used) {
                            tracing::debug!(%url, "401 with an installation token; renewing it and retrying once");
                            attempts.reauthorized = true;
                            continue;
                        }
                    }
                    let raw = read(request.method.as_str().to_owned(), response).await?;
                    self.retry_error_status(request, &url, raw, &mut attempts)?
                }
                Err(error) => self.retry_failure(request, &url, error, &mut attempts)?,
            };
            self.sleep(wait).await;
        }
    }

    /// After a request failed to be sent or read: how long to wait before retrying it, or the
    /// error when it may not be retried.
    fn retry_failure(
        &self,
        request: &Request,
        url: &Url,
        error: reqwest::Error,
        attempts: &mut Attempts,
    ) -> Result<Duration, Error> {
        let policy = &self.inner.retry;
        let retries = attempts.retries;
        if request.is_idempotent() && retries < policy.retries() && is_transient(&error) {
            tracing::debug!(%url, %error, retry = retries + 1, "request failed; retrying");
            attempts.retries += 1;
            return Ok(policy.backoff(retries));
        }
        Err(Error::Transport(error))
    }

    /// After an error status (400 and up): how long to wait before retrying the request, or
    /// the error when it may not be retried ([`Error::RateLimited`] or [`Error::Api`]).
    fn retry_error_status(
        &self,
        request: &Request,
        url: &Url,
        raw: RawResponse,
        attempts: &mut Attempts,
    ) -> Result<Duration, Error> {
        let policy = &self.inner.retry;
        let status = raw.status();
        let now = SystemTime::now();
        let message = raw.message();
        if let Some(wait) = rate_limit_wait(
            status,
            &raw.headers,
            &message,
            attempts.rate_limit_retries,
            now,
        ) {
            // Every clone holds back until the wait is over, not only this request.
            self.state().blocked_until = now.checked_add(wait);
            if attempts.rate_limit_retries < policy.rate_limit_retries()
                && wait <= policy.rate_limit_cap()
            {
                tracing::warn!(%url, status, wait_secs = wait.as_secs(), "rate limited by GitHub; waiting");
                attempts.served_until = now.checked_add(wait);
                attempts.rate_limit_retries += 1;
                return Ok(wait);
            }
            return Err(Error::RateLimited(Box::new(RateLimited {
                status: Some(status),
                wait,
                reset: RateLimit::from_headers(&raw.headers, now).map(|limit| limit.reset),
                message,
                request_id: raw.request_id(),
            })));
        }
        let retries = attempts.retries;
        if request.is_idempotent() && is_retryable_status(status) && retries < policy.retries() {
            tracing::debug!(%url, status, retry = retries + 1, "server error; retrying");
            attempts.retries += 1;
            return Ok(policy.backoff(retries));
        }
        Err(raw.api_error())
    }

    /// The request's turn as the [`ThrottlePolicy`] says, for requests to the API (a storage
    /// host's downloads are not paced).
    async fn admit(&self, request: &Request, url: &Url) -> Result<Pass, Error> {
        if !same_origin(url, &self.inner.base_url) {
            return Ok(Pass::default());
        }
        let what = url.path();
        let throttle = &self.inner.throttle;
        throttle
            .admit(&request.method, what, &self.inner.sleeper)
            .await
    }

    /// How long to hold the request back while a rate limit learned earlier (by any clone) is
    /// in force for its `resource`, or the error when that is longer than the policy allows.
    /// Holds ending by `served_until` were already waited out by this request.
    fn known_limit_hold(
        &self,
        resource: &str,
        served_until: Option<SystemTime>,
    ) -> Result<Option<Duration>, Error> {
        let now = SystemTime::now();
        let hold = self.state().hold_until(resource, now);
        let Some((until, why)) = hold else {
            return Ok(None);
        };
        if served_until.is_some_and(|served| until <= served) {
            return Ok(None);
        }
        let wait = until.duration_since(now).unwrap_or_default();
        if wait > self.inner.retry.rate_limit_cap() {
            let reset = self.state().get(resource).map(|limit| limit.reset);
            return Err(Error::RateLimited(Box::new(RateLimited {
                status: None,
                wait,
                reset,
                message: why.to_owned(),
                request_id: None,
            })));
        }
        tracing::warn!(
            wait_ms = wait.as_millis() as u64,
            resource,
            why,
            "holding the request back"
        );
        Ok(Some(wait))
    }

    /// A reqwest request. GitHub's headers (and `authorization`), and the request's own, go
    /// only to the API's own origin; a storage host gets a plain GET.
    fn build(
        &self,
        request: &Request,
        url: Url,
        authorization: Option<&HeaderValue>,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let to_github = same_origin(&url, &self.inner.base_url);
        let http = match request.download {
            true => &self.inner.download_http,
            false => &self.inner.http,
        };
        let mut builder = http
            .request(request.method.clone(), url)
            .header(USER_AGENT, self.inner.user_agent.clone());
        if request.download {
            // Archives and logs are compressed already: asking for gzip again changes nothing
            // but the risk (a length that no longer matches, a file decompressed on the way).
            builder = builder.header(ACCEPT_ENCODING, IDENTITY);
        }
        if to_github {
            builder = builder
                .header(ACCEPT, MEDIA_TYPE)
                .header(API_VERSION, self.inner.api_version.clone());
        }
        if let (true, Some(authorization)) = (to_github, authorization) {
            builder = builder.header(AUTHORIZATION, authorization.clone());
        }
        if to_github && !request.headers.is_empty() {
            // The request's own headers (a raw request's, the cache's validators) replace the
            // client's of the same name (a raw request's `Accept`) instead of adding a value.
            let mut own = HeaderMap::new();
            for (name, value) in &request.headers {
                let name_value = HeaderName::from_bytes(name.as_bytes())
                    .ok()
                    .zip(HeaderValue::from_str(value).ok());
                let Some((name, value)) = name_value else {
                    return Err(Error::InvalidHeader {
                        name: (*name).to_owned(),
                        reason: "its name or value is not valid in HTTP".to_owned(),
                    });
                };
                own.append(name, value);
            }
            builder = builder.headers(own);
        }
        if let Some(body) = &request.body {
            let body = body.clone().map_err(Error::Encode)?;
            builder = builder.header(CONTENT_TYPE, JSON).body(body);
        }
        Ok(builder)
    }

    /// Records what a response from `url` to a request counted against `resource` says about
    /// the rate limit. Only the API's own responses count: a storage host's say nothing about
    /// it.
    fn learn(&self, url: &Url, resource: &str, response: &reqwest::Response) {
        if same_origin(url, &self.inner.base_url) {
            let status = response.status().as_u16();
            self.state()
                .learn(resource, status, response.headers(), SystemTime::now());
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, RateLimitState> {
        // The state is plain data, always consistent; a panic elsewhere cannot corrupt it.
        self.inner
            .rate_limits
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits `duration` with the client's [`Sleeper`].
    pub(crate) fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        (self.inner.sleeper)(duration)
    }

    /// The full URL of a request: base URL, path, encoded query.
    fn url(&self, request: &Request) -> Result<Url, Error> {
        let mut url = match &request.target {
            Target::Url(url) => url.clone(),
            Target::Path(path) => {
                let base = self.inner.base_url.as_str().trim_end_matches('/');
                Url::parse(&format!("{base}{path}")).map_err(|e| {
                    Error::Config(format!("cannot build a URL from {base} and {path}: {e}"))
                })?
            }
        };
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }
}

/// What one call of [`Core::execute`] has been through so far.
#[derive(Default)]
struct Attempts {
    /// Retries after a failure or server error.
    retries: u32,
    /// Retries after a rate limit.
    rate_limit_retries: u32,
    /// The end of the last rate-limit wait this request sat through: a hold that ends by then
    /// has been served, and is not waited for again.
    served_until: Option<SystemTime>,
    /// Whether the request was already sent again with a renewed installation token after a
    /// `401` (once at most: never a loop).
    reauthorized: bool,
}

/// A successful response whose status and headers have arrived, its body not read yet (from
/// [`Core::send_head`]).
pub(crate) struct Head {
    client: Core,
    method: String,
    response: reqwest::Response,
    /// Where the answer is cached, and the cached answer the request was made conditional on.
    key: Option<CacheKey>,
    cached: Option<Cached>,
}

impl Head {
    /// The URL the response came from.
    pub(crate) fn url(&self) -> &Url {
        self.response.url()
    }

    /// The response's headers.
    pub(crate) fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// Whether this is a `304 Not Modified` that [`Head::read`] answers from the cache (whose
    /// headers, not these, are the answer's).
    pub(crate) fn is_revalidation(&self) -> bool {
        self.cached.is_some() && self.response.status() == reqwest::StatusCode::NOT_MODIFIED
    }

    /// Reads the body: the whole response, or the cached one after a `304`.
    pub(crate) async fn read(self) -> Result<RawResponse, Error> {
        let revalidation = self.is_revalidation();
        let raw = read(self.method, self.response).await?;
        if let (true, Some(cached)) = (revalidation, self.cached) {
            return Ok(cached.revalidated(raw));
        }
        if let (Some(cache), Some(key)) = (self.client.inner.cache.as_ref(), self.key) {
            cache.store(key, &raw);
        }
        Ok(raw)
    }
}

/// Reads a response whole, whatever its status.
async fn read(method: String, response: reqwest::Response) -> Result<RawResponse, Error> {
    let url = response.url().as_str().to_owned();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    Ok(RawResponse {
        method,
        url,
        status,
        headers,
        body,
    })
}

/// Failures where the request may not have reached GitHub, or the answer was lost on the way.
fn is_transient(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_timeout() || error.is_request()
}

pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    a.origin() == b.origin()
}

/// GitHub marks endpoints that are going away with `Deprecation` and `Sunset` headers.
fn warn_if_deprecated(url: &Url, headers: &HeaderMap) {
    let deprecation = header(headers, "deprecation");
    let sunset = header(headers, "sunset");
    if deprecation.is_some() || sunset.is_some() {
        tracing::warn!(
            %url,
            deprecation = deprecation.unwrap_or("-"),
            sunset = sunset.unwrap_or("-"),
            "GitHub marks this endpoint as deprecated; plan to move off it"
        );
    }
}

/// Configures a client: GitHub's API root, credentials, timeouts, retries, the cache.
///
/// `C` is the client it builds: the generated crate's `Core` (its `Core::builder()`
/// returns a `ClientBuilder<Core>`), or the bare [`Core`].
pub struct ClientBuilder<C = Core> {
    base_url: Result<Url, Error>,
    token: Option<String>,
    user_agent: String,
    api_version: String,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    sleeper: Option<Sleeper>,
    /// Certificate authorities trusted besides the bundled web roots.
    root_certificates: Vec<reqwest::Certificate>,
    /// Whether the platform's trust store is trusted too.
    #[cfg(feature = "native-roots")]
    platform_roots: bool,
    conditional_requests: bool,
    cache_limits: CacheLimits,
    /// What [`ClientBuilder::build`] returns.
    client: PhantomData<fn() -> C>,
    /// The GitHub App's key, from `ClientBuilder::app` (see `app_auth.rs`).
    #[cfg(feature = "apps")]
    pub(super) app: Option<Arc<crate::app_auth::AppKey>>,
    throttle: ThrottlePolicy,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_ref().map(Url::as_str).ok())
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &self.user_agent)
            .field("api_version", &self.api_version)
            .field("retry", &self.retry)
            .field("conditional_requests", &self.conditional_requests)
            .field("throttle", &self.throttle)
            .finish_non_exhaustive()
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self {
            base_url: Ok(Url::parse(DEFAULT_BASE_URL).expect("the default base URL is valid")),
            token: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            timeout: None,
            connect_timeout: Some(Duration::from_secs(30)),
            http: None,
            retry: RetryPolicy::default(),
            sleeper: None,
            root_certificates: Vec::new(),
            #[cfg(feature = "native-roots")]
            platform_roots: false,
            conditional_requests: true,
            cache_limits: CacheLimits::default(),
            client: PhantomData,
            #[cfg(feature = "apps")]
            app: None,
            throttle: ThrottlePolicy::default(),
        }
    }
}

impl<C: From<Core>> ClientBuilder<C> {
    /// The API root: `https://HOST/api/v3` for GitHub Enterprise Server,
    /// `https://api.SUBDOMAIN.ghe.com` for GHE.com. Fails on a URL that is not `http(s)`.
    pub fn base_url(mut self, url: &str) -> Result<Self, Error> {
        let parsed =
            Url::parse(url).map_err(|e| Error::Config(format!("invalid base URL `{url}`: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
            return Err(Error::Config(format!(
                "base URL `{url}` must be an http or https URL"
            )));
        }
        self.base_url = Ok(parsed);
        Ok(self)
    }

    /// A token sent as `Authorization: Bearer …`: a personal access token, an installation
    /// token, or `GITHUB_TOKEN` in Actions. Without one, only public data is reachable. The
    /// token never appears in `Debug` output, errors or logs.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The `User-Agent` header; GitHub asks for your app's or user name.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The `X-GitHub-Api-Version` header (default `2022-11-28`).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = version.into();
        self
    }

    /// A timeout for each request, from sending to the end of the body (default: none).
    /// Downloads are long; prefer [`connect_timeout`](Self::connect_timeout) with them.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A timeout for establishing each connection (default 30 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How failures and rate limits are retried (default [`RetryPolicy::default`]; switch
    /// retries off with [`RetryPolicy::none`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How the client paces its requests to stay within GitHub's secondary rate limits
    /// (default [`ThrottlePolicy::default`]: 10 in flight, writes one at a time 1 s apart and
    /// at most 80 a minute; switch it off with [`ThrottlePolicy::disabled`]). The client and
    /// its clones share one limiter.
    pub fn throttle_policy(mut self, policy: ThrottlePolicy) -> Self {
        self.throttle = policy;
        self
    }

    /// How the client waits between retries (default `tokio::time::sleep`). Replace it to
    /// observe waits, or to wait on another timer.
    pub fn sleeper(
        mut self,
        sleeper: impl Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync + 'static,
    ) -> Self {
        self.sleeper = Some(Arc::new(sleeper));
        self
    }

    /// Trusts the certificate authorities of a PEM file (one or more `CERTIFICATE` blocks)
    /// besides the bundled web roots: for GitHub Enterprise Server behind a private CA. Fails
    /// when `pem` holds no certificate.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), github_actions_client::Error> {
    /// let ca = std::fs::read("/etc/ssl/corp-ca.pem")?;
    /// let client = github_actions_client::Client::builder()
    ///     .base_url("https://ghe.example.com/api/v3")?
    ///     .root_certificates_pem(&ca)?
    ///     .build()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn root_certificates_pem(mut self, pem: &[u8]) -> Result<Self, Error> {
        let certificates = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|e| Error::Config(format!("cannot read the PEM root certificates: {e}")))?;
        if certificates.is_empty() {
            return Err(Error::Config(
                "the PEM root certificates hold no `CERTIFICATE` block".to_owned(),
            ));
        }
        self.root_certificates.extend(certificates);
        Ok(self)
    }

    /// Trusts one certificate authority, given in DER, besides the bundled web roots (see
    /// [`root_certificates_pem`](Self::root_certificates_pem)). A certificate that does not
    /// parse fails [`build`](Self::build).
    pub fn root_certificate_der(mut self, der: &[u8]) -> Result<Self, Error> {
        let certificate = reqwest::Certificate::from_der(der)
            .map_err(|e| Error::Config(format!("cannot read the DER root certificate: {e}")))?;
        self.root_certificates.push(certificate);
        Ok(self)
    }

    /// Trusts the platform's certificate store too (the system's CA bundle on Linux,
    /// Keychain on macOS, the Windows certificate store), read with `rustls-native-certs`
    /// when the client is built; the bundled web roots stay trusted. Off by default. Needs the
    /// `native-roots` feature.
    #[cfg(feature = "native-roots")]
    pub fn platform_roots(mut self, enabled: bool) -> Self {
        self.platform_roots = enabled;
        self
    }

    /// Whether GETs are sent as conditional requests (default: on). The client keeps the last
    /// answer to each GET with its `ETag` (or `Last-Modified`) in memory and asks again with
    /// `If-None-Match`; when nothing changed, GitHub answers `304 Not Modified`, which costs no
    /// rate limit and no body, and the client returns the kept answer. Answers are kept per
    /// token and URL; clones share them. Downloads are never kept, nor the pages after the
    /// first that `.stream()` and `.pages()` follow (a long list keeps memory flat).
    pub fn conditional_requests(mut self, enabled: bool) -> Self {
        self.conditional_requests = enabled;
        self
    }

    /// Bounds the memory of [conditional requests](Self::conditional_requests): at most
    /// `entries` answers and `bytes` bytes of them (bodies and headers), the least recently
    /// used dropped first (default: 1,024 answers, 16 MiB). An answer larger than `bytes` is
    /// not kept.
    pub fn response_cache_capacity(mut self, entries: usize, bytes: usize) -> Self {
        self.cache_limits = CacheLimits { entries, bytes };
        self
    }

    /// Uses your own `reqwest::Client` (proxies, TLS roots). It must not follow redirects
    /// (`reqwest::redirect::Policy::none()`): downloads read the redirect's `Location`, and
    /// following it would carry the token to the storage host. The timeouts set here do not
    /// apply to it; the user agent does. Downloads go through it too, with
    /// `Accept-Encoding: identity`; build it with `.no_gzip()` if it has gzip on and a storage
    /// host might compress anyway.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, Error> {
        let base_url = self.base_url?;
        let credential = match self.token {
            Some(token) => {
                let mut value =
                    HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                        Error::Config(
                            "the token contains characters not allowed in a header".to_owned(),
                        )
                    })?;
                value.set_sensitive(true);
                Credential::Token(value)
            }
            None => Credential::None,
        };
        #[cfg(feature = "apps")]
        let credential = match (credential, self.app) {
            (credential, None) => credential,
            (Credential::None, Some(key)) => Credential::App(key),
            (_, Some(_)) => {
                return Err(Error::Config(
                    "give either a token or a GitHub App key (`app`), not both".to_owned(),
                ));
            }
        };
        let api_version = HeaderValue::from_str(&self.api_version)
            .map_err(|_| Error::Config(format!("invalid API version `{}`", self.api_version)))?;
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::Config(format!("invalid user agent `{}`", self.user_agent)))?;
        #[cfg(feature = "native-roots")]
        let platform_roots = self.platform_roots;
        #[cfg(not(feature = "native-roots"))]
        let platform_roots = false;
        let (http, download_http) = match self.http {
            Some(_) if !self.root_certificates.is_empty() || platform_roots => {
                return Err(Error::Config(
                    "root certificates are for the client's own HTTP client; with `http_client`, add them to your reqwest::Client".to_owned(),
                ));
            }
            Some(http) => (http.clone(), http),
            None => {
                let tls = Tls {
                    root_certificates: &self.root_certificates,
                    platform_roots,
                };
                (
                    new_http_client(self.timeout, self.connect_timeout, &tls, true)?,
                    new_http_client(self.timeout, self.connect_timeout, &tls, false)?,
                )
            }
        };
        let cache = self
            .conditional_requests
            .then(|| Arc::new(ResponseCache::new(self.cache_limits)));
        let sleeper = self
            .sleeper
            .unwrap_or_else(|| Arc::new(|duration| Box::pin(tokio::time::sleep(duration))));
        Ok(Core {
            inner: Arc::new(Inner {
                http,
                download_http,
                cache,
                base_url,
                credential,
                api_version,
                user_agent,
                retry: self.retry,
                sleeper,
                rate_limits: Arc::default(),
                throttle: Arc::new(Throttle::new(self.throttle)),
            }),
        }
        .into())
    }
}

/// A `reqwest::Client` that follows no redirects, with the builder's timeouts; `gzip` for API
/// calls, not for downloads. Each keeps its connections (one pool per client, shared by its
/// clones) and speaks HTTP/2 where the server offers it over TLS.
fn new_http_client(
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    tls: &Tls<'_>,
    gzip: bool,
) -> Result<reqwest::Client, Error> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .gzip(gzip);
    if let Some(timeout) = timeout {
        builder = builder.timeout(timeout);
    }
    if let Some(timeout) = connect_timeout {
        builder = builder.connect_timeout(timeout);
    }
    for certificate in tls.root_certificates {
        builder = builder.add_root_certificate(certificate.clone());
    }
    #[cfg(feature = "native-roots")]
    {
        builder = builder.tls_built_in_native_certs(tls.platform_roots);
    }
    #[cfg(not(feature = "native-roots"))]
    let _ = tls.platform_roots;
    builder.build().map_err(|e| {
        Error::Config(format!(
            "cannot set up the HTTP client: {}",
            with_root_cause(&e)
        ))
    })
}

/// What the client's own HTTP clients trust besides the bundled web roots.
struct Tls<'a> {
    root_certificates: &'a [reqwest::Certificate],
    platform_roots: bool,
}
