//! The client: configuration, and sending a [`Request`] to GitHub.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, LOCATION, USER_AGENT};
use serde::de::DeserializeOwned;
use url::Url;

use super::error::Error;
use super::redirect::Redirect;
use super::request::Request;
use super::response::RawResponse;

/// The API root of github.com.
pub const DEFAULT_BASE_URL: &str = "https://api.github.com";
/// The REST API version this client is written against.
pub const DEFAULT_API_VERSION: &str = "2022-11-28";
/// The media type GitHub recommends.
const MEDIA_TYPE: &str = "application/vnd.github+json";
/// GitHub rejects requests without a user agent.
const DEFAULT_USER_AGENT: &str = concat!("github-actions-client/", env!("CARGO_PKG_VERSION"));

/// A client for the GitHub Actions REST API.
///
/// Cheap to clone (clones share one connection pool) and safe to share between tasks. Each
/// operation of the API is a method returning a request builder; see the crate docs.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    /// The `Authorization` header value, marked sensitive so it never prints.
    authorization: Option<HeaderValue>,
    api_version: HeaderValue,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("authenticated", &self.inner.authorization.is_some())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with github.com's API root and no token.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The API root requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// Sends a request and reads the whole response; error statuses become [`Error::Api`].
    pub(crate) async fn send_raw(&self, request: Request) -> Result<RawResponse, Error> {
        let url = self.url(&request)?;
        let method = request.method.to_string();
        let mut builder = self
            .inner
            .http
            .request(request.method, url.clone())
            .header(ACCEPT, MEDIA_TYPE)
            .header("x-github-api-version", self.inner.api_version.clone());
        if let Some(authorization) = &self.inner.authorization {
            builder = builder.header(AUTHORIZATION, authorization.clone());
        }
        for (name, value) in request.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = request.body {
            let body = body.map_err(Error::Encode)?;
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let response = builder.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        let raw = RawResponse {
            method,
            url: url.to_string(),
            status,
            headers,
            body,
        };
        if status >= 400 {
            return Err(raw.api_error());
        }
        Ok(raw)
    }

    /// Sends a request whose success answer is a JSON body.
    pub(crate) async fn send_json<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<T, Error> {
        self.send_raw(request).await?.json()
    }

    /// Sends a request whose success answer has no body.
    pub(crate) async fn send_empty(&self, request: Request) -> Result<(), Error> {
        self.send_raw(request).await.map(drop)
    }

    /// Sends a request whose success answer is a redirect, returning where it points.
    pub(crate) async fn send_redirect(&self, request: Request) -> Result<Redirect, Error> {
        let response = self.send_raw(request).await?;
        if !(300..400).contains(&response.status) {
            return Err(response.unexpected_status());
        }
        let location = response
            .headers
            .get(LOCATION)
            .and_then(|value| value.to_str().ok());
        let unexpected = |detail: String| Error::UnexpectedResponse {
            method: response.method.clone(),
            url: response.url.clone(),
            status: response.status,
            detail,
        };
        let Some(location) = location else {
            return Err(unexpected("the redirect has no Location header".to_owned()));
        };
        // A relative Location is resolved against the URL that was requested.
        let base = Url::parse(&response.url).map_err(|e| unexpected(e.to_string()))?;
        let target = base
            .join(location)
            .map_err(|e| unexpected(format!("invalid Location `{location}`: {e}")))?;
        Ok(Redirect::new(target))
    }

    /// The full URL of a request: base URL, path, encoded query.
    fn url(&self, request: &Request) -> Result<Url, Error> {
        let base = self.inner.base_url.as_str().trim_end_matches('/');
        let mut url = Url::parse(&format!("{base}{}", request.path)).map_err(|e| {
            Error::Config(format!(
                "cannot build a URL from {base} and {}: {e}",
                request.path
            ))
        })?;
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    base_url: Result<Url, Error>,
    token: Option<String>,
    user_agent: String,
    api_version: String,
    timeout: Option<Duration>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_ref().map(Url::as_str).ok())
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &self.user_agent)
            .field("api_version", &self.api_version)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: Ok(Url::parse(DEFAULT_BASE_URL).expect("the default base URL is valid")),
            token: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            timeout: None,
            http: None,
        }
    }
}

impl ClientBuilder {
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
    /// token, or `GITHUB_TOKEN` in Actions. Without one, only public data is reachable.
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

    /// A timeout for each request, from sending to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Uses your own `reqwest::Client` (proxies, TLS roots). It must not follow redirects
    /// (`reqwest::redirect::Policy::none()`): downloads read the redirect's `Location`.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self.base_url?;
        let authorization = match self.token {
            Some(token) => {
                let mut value =
                    HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                        Error::Config(
                            "the token contains characters not allowed in a header".to_owned(),
                        )
                    })?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        let api_version = HeaderValue::from_str(&self.api_version)
            .map_err(|_| Error::Config(format!("invalid API version `{}`", self.api_version)))?;
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut headers = HeaderMap::new();
                let user_agent = HeaderValue::from_str(&self.user_agent).map_err(|_| {
                    Error::Config(format!("invalid user agent `{}`", self.user_agent))
                })?;
                headers.insert(USER_AGENT, user_agent);
                let mut builder = reqwest::Client::builder()
                    .default_headers(headers)
                    .redirect(reqwest::redirect::Policy::none());
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                builder.build()?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                authorization,
                api_version,
            }),
        })
    }
}
