//! Acting as a GitHub App: the app's JWT, and access tokens for its installations that the
//! client mints, caches and renews itself.
//!
//! - [`AppKey`]: the app's private key. Requests of an app client carry a JWT (RS256, `iat` 60 s
//!   in the past for clock drift, `exp` 10 minutes after `iat`, `iss` the App ID or Core ID),
//!   reused until a minute before it expires, then signed again.
//! - [`InstallationState`]: one per installation (and narrowing) of an app, however many
//!   clients act as it: the token in use, minted with the app's JWT when there is none or less
//!   than [`RENEW_BEFORE`] of it is left. One request mints; the others that need a token
//!   meanwhile wait for that mint (single flight), as `ghinstallation`'s mutex does.
//! - A token GitHub rejects with `401` before it expires (revoked) is forgotten, and the request
//!   is sent once more with a new one (`Core::execute`); never more than once.
//!
//! Tokens and JWTs are header values marked sensitive, never formatted: not in `Debug`, errors
//! or logs. They only go to the API's own origin, as every credential of the client.
//!
//! This file uses no generated type: the answer to a mint is decoded into [`MintAnswer`], and
//! installation ids are plain `i64` here (the generated crate's `src/apps.rs` turns its
//! `InstallationId` into them).

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::header::HeaderValue;
use serde::{Deserialize, Serialize};

use crate::client::{ClientBuilder, Core};
use crate::credential::Credential;
use crate::error::Error;
use crate::rate_limit::RateLimitState;
use crate::request::Request;
use crate::response::decode_json;

/// How far in the past a JWT's `iat` is put, for clocks that run ahead of GitHub's.
const JWT_BACKDATE: Duration = Duration::from_secs(60);
/// How long after `iat` a JWT expires: GitHub's maximum.
const JWT_LIFETIME: Duration = Duration::from_secs(600);
/// A JWT with less than this left is signed again.
const JWT_RESIGN_BEFORE: Duration = Duration::from_secs(60);
/// An installation token with less than this left is renewed: long enough for a request (or
/// a `git clone` with [`Core::installation_token`]) to finish with it.
pub const RENEW_BEFORE: Duration = Duration::from_secs(5 * 60);

/// The `iss` claim: a numeric App ID is sent as a number, a Core ID (`Iv1.…`) as a string.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
enum Issuer {
    AppId(u64),
    ClientId(String),
}

impl fmt::Display for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Issuer::AppId(id) => id.fmt(f),
            Issuer::ClientId(id) => f.write_str(id),
        }
    }
}

#[derive(Serialize)]
struct Claims<'a> {
    iat: u64,
    exp: u64,
    iss: &'a Issuer,
}

/// A signed JWT and when to sign the next one.
struct SignedJwt {
    header: HeaderValue,
    resign_at: SystemTime,
}

/// A GitHub App's private key, and what the app's clients share: its JWT, and its
/// installations' tokens.
pub(crate) struct AppKey {
    issuer: Issuer,
    key: EncodingKey,
    jwt: Mutex<Option<SignedJwt>>,
    /// One state per installation and narrowing, so that every client of an installation uses
    /// (and mints) the same token. Holds no client, so no reference cycle.
    installations: Mutex<HashMap<(i64, InstallationTokenOptions), Arc<InstallationState>>>,
}

impl AppKey {
    /// Reads the key and signs a first JWT with it, so that a key that cannot sign fails here,
    /// when the client is built, not at its first request.
    fn new(app_id: &str, private_key_pem: &[u8]) -> Result<Self, Error> {
        let app_id = app_id.trim();
        let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        if app_id.is_empty() || !app_id.chars().all(valid) {
            return Err(Error::Config(format!(
                "`{app_id}` is not a GitHub App ID (a number) or Core ID (`Iv1.…`)"
            )));
        }
        let issuer = match app_id.parse::<u64>() {
            Ok(id) => Issuer::AppId(id),
            Err(_) => Issuer::ClientId(app_id.to_owned()),
        };
        let key = EncodingKey::from_rsa_pem(private_key_pem).map_err(|error| {
            Error::Config(format!(
                "cannot read the private key of GitHub App {issuer}: {error}; give the PEM file \
                 GitHub generated (`BEGIN RSA PRIVATE KEY`) or a PKCS#8 RSA key (`BEGIN PRIVATE KEY`)"
            ))
        })?;
        let app = Self {
            issuer,
            key,
            jwt: Mutex::new(None),
            installations: Mutex::new(HashMap::new()),
        };
        let first = app.sign(SystemTime::now())?;
        *lock(&app.jwt) = Some(first);
        Ok(app)
    }

    /// Signs a JWT valid from `now - JWT_BACKDATE` for [`JWT_LIFETIME`].
    fn sign(&self, now: SystemTime) -> Result<SignedJwt, Error> {
        let iat = now.checked_sub(JWT_BACKDATE).unwrap_or(now);
        let exp = iat + JWT_LIFETIME;
        let seconds = |time: SystemTime| {
            time.duration_since(UNIX_EPOCH)
                .map(|since| since.as_secs())
                .unwrap_or(0)
        };
        let claims = Claims {
            iat: seconds(iat),
            exp: seconds(exp),
            iss: &self.issuer,
        };
        let jwt = jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &self.key)
            .map_err(|error| {
                Error::Config(format!(
                    "cannot sign a JWT with the private key of GitHub App {}: {error}; is it an \
                     RSA key of 2048 bits or more?",
                    self.issuer
                ))
            })?;
        let mut header = HeaderValue::from_str(&format!("Bearer {jwt}"))
            .map_err(|_| Error::Config("the signed JWT is not a valid header value".to_owned()))?;
        header.set_sensitive(true);
        Ok(SignedJwt {
            header,
            resign_at: exp - JWT_RESIGN_BEFORE,
        })
    }

    /// The `Authorization` header of a request as the app: the current JWT, signed anew when
    /// less than [`JWT_RESIGN_BEFORE`] of it is left.
    pub(crate) fn jwt(&self) -> Result<HeaderValue, Error> {
        let now = SystemTime::now();
        let mut jwt = lock(&self.jwt);
        match &*jwt {
            Some(current) if now < current.resign_at => Ok(current.header.clone()),
            _ => {
                let fresh = self.sign(now)?;
                let header = fresh.header.clone();
                *jwt = Some(fresh);
                Ok(header)
            }
        }
    }

    /// What the cache of conditional requests keys the app's answers by.
    pub(crate) fn identity(&self) -> HeaderValue {
        HeaderValue::from_str(&format!("app {}", self.issuer))
            .unwrap_or(HeaderValue::from_static("app"))
    }

    /// The shared state of installation `id` with `options`, made on first use.
    fn installation(&self, id: i64, options: InstallationTokenOptions) -> Arc<InstallationState> {
        let mut installations = lock(&self.installations);
        installations
            .entry((id, options.clone()))
            .or_insert_with(|| Arc::new(InstallationState::new(id, options)))
            .clone()
    }
}

/// Narrows the installation tokens a client mints to some repositories and permissions
/// (GitHub's `repositories`, `repository_ids` and `permissions`). The default asks for
/// everything the installation was granted.
///
/// ```
/// # #[cfg(feature = "apps")]
/// # fn run(app: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
/// use github_actions_client::InstallationTokenOptions;
///
/// let options = InstallationTokenOptions::new()
///     .repository("octo-repo")
///     .permission("actions", "read");
/// let narrowed = app.installation_with(12345, options)?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InstallationTokenOptions {
    repositories: BTreeSet<String>,
    repository_ids: BTreeSet<i64>,
    permissions: BTreeMap<String, String>,
}

impl InstallationTokenOptions {
    /// Options that narrow nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only this repository of the installation's account (its name, without the owner); with
    /// several calls, these repositories. GitHub allows up to 500.
    pub fn repository(mut self, name: impl Into<String>) -> Self {
        self.repositories.insert(name.into());
        self
    }

    /// Only the repository with this id (with several calls, these repositories).
    pub fn repository_id(mut self, id: i64) -> Self {
        self.repository_ids.insert(id);
        self
    }

    /// Only this permission at this level (`read`, `write`, `admin`), such as
    /// `("actions", "read")`; with several calls, these permissions. A token cannot have more
    /// than the app was granted.
    pub fn permission(mut self, name: impl Into<String>, level: impl Into<String>) -> Self {
        self.permissions.insert(name.into(), level.into());
        self
    }

    fn is_empty(&self) -> bool {
        self.repositories.is_empty()
            && self.repository_ids.is_empty()
            && self.permissions.is_empty()
    }
}

/// The body of a mint: the options, each left out when empty.
#[derive(Serialize)]
struct MintBody<'a> {
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    repositories: &'a BTreeSet<String>,
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    repository_ids: &'a BTreeSet<i64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    permissions: &'a BTreeMap<String, String>,
}

/// GitHub's answer to a mint, as far as the client reads it (the generated
/// `InstallationAccessToken` model is the whole answer).
#[derive(Deserialize)]
struct MintAnswer {
    token: String,
    expires_at: DateTime<Utc>,
    #[serde(default)]
    permissions: BTreeMap<String, String>,
    #[serde(default)]
    repository_selection: Option<String>,
    #[serde(default)]
    repositories: Option<Vec<MintRepository>>,
}

#[derive(Deserialize)]
struct MintRepository {
    name: String,
}

/// An installation access token: for `git` over HTTPS or another tool, from
/// [`Core::installation_token`]. Its `Debug` shows when it expires, never the token.
#[derive(Clone)]
pub struct InstallationToken {
    installation_id: i64,
    header: HeaderValue,
    token: String,
    expires_at: DateTime<Utc>,
    permissions: BTreeMap<String, String>,
    repository_selection: Option<String>,
    repositories: Option<Vec<String>>,
}

impl InstallationToken {
    /// The token itself (`ghs_…`): a secret, valid until [`expires_at`](Self::expires_at).
    /// For `git`: `https://x-access-token:TOKEN@github.com/OWNER/REPO.git`, or better an
    /// `http.extraHeader` of `Authorization: Bearer TOKEN`, which no remote URL or log keeps.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// When GitHub stops accepting it.
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.expires_at
    }

    /// The installation it acts as.
    pub fn installation_id(&self) -> i64 {
        self.installation_id
    }

    /// Its permissions, by name (`actions` → `read`), as GitHub granted them.
    pub fn permissions(&self) -> &BTreeMap<String, String> {
        &self.permissions
    }

    /// Whether it reaches `all` the installation's repositories or `selected` ones, when GitHub
    /// said.
    pub fn repository_selection(&self) -> Option<&str> {
        self.repository_selection.as_deref()
    }

    /// The names of the repositories it is narrowed to, when it is.
    pub fn repositories(&self) -> Option<&[String]> {
        self.repositories.as_deref()
    }

    /// Whether at least `left` of its validity remains.
    fn lasts(&self, left: Duration) -> bool {
        let left = chrono::Duration::from_std(left).unwrap_or(chrono::Duration::MAX);
        DateTime::<Utc>::from(SystemTime::now()) + left <= self.expires_at
    }
}

impl fmt::Debug for InstallationToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InstallationToken")
            .field("installation_id", &self.installation_id)
            .field("token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("permissions", &self.permissions)
            .field("repository_selection", &self.repository_selection)
            .field("repositories", &self.repositories)
            .finish()
    }
}

/// What every client of one installation (and narrowing) shares: the token in use, the lock
/// that makes one request mint while the others wait, and the rate limit GitHub reports for
/// the installation (each installation has a budget of its own).
pub(crate) struct InstallationState {
    id: i64,
    options: InstallationTokenOptions,
    current: Mutex<Option<Arc<InstallationToken>>>,
    minting: futures::lock::Mutex<()>,
    rate_limits: Arc<Mutex<RateLimitState>>,
}

impl InstallationState {
    fn new(id: i64, options: InstallationTokenOptions) -> Self {
        Self {
            id,
            options,
            current: Mutex::new(None),
            minting: futures::lock::Mutex::new(()),
            rate_limits: Arc::default(),
        }
    }

    /// The cached token, if at least `left` of it remains.
    fn cached(&self, left: Duration) -> Option<Arc<InstallationToken>> {
        lock(&self.current)
            .as_ref()
            .filter(|token| token.lasts(left))
            .cloned()
    }

    /// A token with at least `left` remaining: the cached one, or one minted with `app`'s JWT.
    /// However many tasks ask at once, one mints and the others wait for its token.
    async fn token(&self, app: &Core, left: Duration) -> Result<Arc<InstallationToken>, Error> {
        if let Some(token) = self.cached(left) {
            return Ok(token);
        }
        let _minting = self.minting.lock().await;
        // Another task may have minted while this one waited for the lock.
        if let Some(token) = self.cached(left) {
            return Ok(token);
        }
        let token = Arc::new(self.mint(app).await?);
        *lock(&self.current) = Some(token.clone());
        Ok(token)
    }

    /// `POST /app/installations/{id}/access_tokens` with the app's JWT.
    async fn mint(&self, app: &Core) -> Result<InstallationToken, Error> {
        let mut request = Request::new(
            reqwest::Method::POST,
            format!("/app/installations/{}/access_tokens", self.id),
        );
        if !self.options.is_empty() {
            request.json(&MintBody {
                repositories: &self.options.repositories,
                repository_ids: &self.options.repository_ids,
                permissions: &self.options.permissions,
            });
        }
        let raw = app
            .send_raw(request)
            .await
            .map_err(|error| self.mint_error(error))?;
        // Decoded without `Error::Decode`, whose excerpt of the body would show the token.
        let answer: MintAnswer = decode_json(&raw.body).map_err(|error| {
            self.mint_error(Error::UnexpectedResponse {
                method: raw.method.clone(),
                url: raw.url.clone(),
                status: raw.status,
                detail: format!(
                    "the answer is not an access token: at `{}`: {}",
                    error.path, error.message
                ),
            })
        })?;
        let mut header =
            HeaderValue::from_str(&format!("Bearer {}", answer.token)).map_err(|_| {
                self.mint_error(Error::UnexpectedResponse {
                    method: raw.method.clone(),
                    url: raw.url.clone(),
                    status: raw.status,
                    detail: "the token holds characters a header cannot carry".to_owned(),
                })
            })?;
        header.set_sensitive(true);
        tracing::debug!(
            installation = self.id,
            expires_at = %answer.expires_at,
            "minted an installation access token"
        );
        Ok(InstallationToken {
            installation_id: self.id,
            header,
            token: answer.token,
            expires_at: answer.expires_at,
            permissions: answer.permissions,
            repository_selection: answer.repository_selection,
            repositories: answer
                .repositories
                .map(|repositories| repositories.into_iter().map(|r| r.name).collect()),
        })
    }

    /// A failed mint, saying which installation and why.
    fn mint_error(&self, error: Error) -> Error {
        let reason = match error.status() {
            Some(401) => "GitHub did not accept the app's JWT (check the App ID or Core ID, the private key, and this machine's clock)",
            Some(403) => "GitHub refused: the app may be suspended, or not allowed to act as this installation",
            Some(404) => "the app is not installed there, or the installation was removed",
            Some(422) => "the token asked for a permission or repository the installation does not have",
            Some(_) => "GitHub did not mint a token",
            None => "no token could be obtained",
        };
        Error::InstallationToken {
            installation: self.id,
            reason: reason.to_owned(),
            source: Box::new(error),
        }
    }
}

/// The credential of an installation client: the shared state, and the app client that
/// mints with its JWT.
pub(crate) struct InstallationAuth {
    state: Arc<InstallationState>,
    app: Core,
}

impl InstallationAuth {
    /// The `Authorization` header of the next request: a token with [`RENEW_BEFORE`] left.
    pub(crate) async fn header(&self) -> Result<HeaderValue, Error> {
        let token = self.state.token(&self.app, RENEW_BEFORE).await?;
        Ok(token.header.clone())
    }

    /// Drops the cached token if it is still the one `used` (GitHub rejected it), so that the
    /// next request mints a new one.
    pub(crate) fn forget(&self, used: &HeaderValue) {
        let mut current = lock(&self.state.current);
        if current.as_ref().is_some_and(|token| token.header == *used) {
            tracing::warn!(
                installation = self.state.id,
                "GitHub rejected the installation token before it expired (revoked?); minting a new one"
            );
            *current = None;
        }
    }

    /// What the cache of conditional requests keys this installation's answers by.
    pub(crate) fn identity(&self) -> HeaderValue {
        let mut hasher = DefaultHasher::new();
        self.state.options.hash(&mut hasher);
        HeaderValue::from_str(&format!(
            "installation {} {:x}",
            self.state.id,
            hasher.finish()
        ))
        .unwrap_or(HeaderValue::from_static("installation"))
    }
}

impl<C: From<Core>> ClientBuilder<C> {
    /// Authenticates as a GitHub App: requests carry a JWT signed with the app's private key
    /// (RS256, renewed before it expires), as the app's own endpoints need (its installations,
    /// `Client::installation` to act as one of them).
    ///
    /// `app_id` is the numeric App ID or the Client ID (`Iv1.…`), both on the app's settings
    /// page. `private_key_pem` is the private key GitHub generated (PKCS#1,
    /// `BEGIN RSA PRIVATE KEY`) or the same key as PKCS#8 (`BEGIN PRIVATE KEY`). A key that
    /// cannot sign is an [`Error::Config`] here. Not with [`token`](Self::token). Needs the
    /// `apps` feature.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), github_actions_client::Error> {
    /// let key = std::fs::read("my-app.2024-01-01.private-key.pem")?;
    /// let app = github_actions_client::Client::builder().app(12345, &key)?.build()?;
    /// let installation = app.repo_installation("octo-org", "octo-repo").await?;
    /// let runs = installation.list_workflow_runs_for_repo("octo-org", "octo-repo").send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn app(mut self, app_id: impl fmt::Display, private_key_pem: &[u8]) -> Result<Self, Error> {
        self.app = Some(Arc::new(AppKey::new(&app_id.to_string(), private_key_pem)?));
        Ok(self)
    }
}

impl Core {
    /// The client that acts as the app itself (its JWT), and the app's key: this client, or
    /// the app client of an installation client.
    fn app_parts(&self) -> Result<(Core, Arc<AppKey>), Error> {
        let app = match self.credential() {
            Credential::Installation(auth) => &auth.app,
            _ => self,
        };
        match app.credential() {
            Credential::App(key) => Ok((app.clone(), key.clone())),
            _ => Err(Error::Config(
                "acting as a GitHub App installation needs a client built with `ClientBuilder::app`"
                    .to_owned(),
            )),
        }
    }

    /// The client that acts as the app itself (its JWT): this one, or the app client of an
    /// installation client. For the app's own endpoints (its installations); the generated
    /// `Client::repo_installation` and its kin are built on it.
    #[doc(hidden)]
    pub fn app_client(&self) -> Result<Core, Error> {
        self.app_parts().map(|(app, _)| app)
    }

    /// A client acting as installation `id` of this client's app, minting its tokens with
    /// `options` (see `Client::installation`). Every client of one installation and `options`
    /// shares one token and one rate-limit state; all share the app's connections and cache.
    #[doc(hidden)]
    pub fn installation_client(
        &self,
        id: i64,
        options: InstallationTokenOptions,
    ) -> Result<Core, Error> {
        let (app, key) = self.app_parts()?;
        let state = key.installation(id, options);
        let rate_limits = state.rate_limits.clone();
        let auth = InstallationAuth {
            state,
            app: app.clone(),
        };
        Ok(app.with_credential(Credential::Installation(Arc::new(auth)), rate_limits))
    }

    /// The installation token this client's requests carry, with at least 5 minutes of
    /// validity left: the cached one, or a new one (minted once however many tasks ask at
    /// once). For `git` over HTTPS and other tools; the client itself needs no call to this.
    /// Fails on a client that does not act as an installation (see `Client::installation`),
    /// or as a mint fails ([`Error::InstallationToken`]).
    pub async fn installation_token(&self) -> Result<InstallationToken, Error> {
        match self.credential() {
            Credential::Installation(auth) => {
                let token = auth.state.token(&auth.app, RENEW_BEFORE).await?;
                Ok((*token).clone())
            }
            _ => Err(Error::Config(
                "installation_token needs a client acting as an installation (Client::installation)"
                    .to_owned(),
            )),
        }
    }
}

/// Locks a mutex of plain data: a panic elsewhere cannot leave it inconsistent.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The suite's test key (tests/fixtures/app-auth/), PKCS#1 as GitHub hands keys out.
    const KEY: &[u8] = include_bytes!("../../tests/fixtures/app-auth/app-key-pkcs1.pem");

    #[test]
    fn a_jwt_is_reused_until_a_minute_before_it_expires_then_signed_again() {
        let app = AppKey::new("42", KEY).unwrap();
        let first = app.jwt().unwrap();
        assert_eq!(app.jwt().unwrap(), first, "reused");
        let resign_at = lock(&app.jwt).as_ref().unwrap().resign_at;
        let until = resign_at.duration_since(SystemTime::now()).unwrap();
        // iat is 60 s back and exp 600 s after it: 540 s from now, re-signed 60 s before.
        assert!(
            until > Duration::from_secs(470) && until <= Duration::from_secs(480),
            "{until:?}"
        );
        lock(&app.jwt).as_mut().unwrap().resign_at = SystemTime::now() - Duration::from_secs(1);
        app.jwt().unwrap();
        let renewed = lock(&app.jwt).as_ref().unwrap().resign_at;
        assert!(renewed > SystemTime::now(), "signed again when due");
    }

    #[test]
    fn the_issuer_is_a_number_for_an_app_id_and_a_string_for_a_client_id() {
        let claims = |issuer: &Issuer| {
            serde_json::to_value(Claims {
                iat: 1,
                exp: 2,
                iss: issuer,
            })
            .unwrap()["iss"]
                .clone()
        };
        let by_id = AppKey::new("12345", KEY).unwrap();
        assert_eq!(claims(&by_id.issuer), serde_json::json!(12345));
        let by_client_id = AppKey::new(" Iv1.abc123 ", KEY).unwrap();
        assert_eq!(
            claims(&by_client_id.issuer),
            serde_json::json!("Iv1.abc123")
        );
    }

    #[test]
    fn debug_of_a_token_hides_it() {
        let token = InstallationToken {
            installation_id: 1,
            header: HeaderValue::from_static("Bearer ghs_secret"),
            token: "ghs_secret".to_owned(),
            expires_at: DateTime::<Utc>::from(SystemTime::now()),
            permissions: BTreeMap::new(),
            repository_selection: None,
            repositories: None,
        };
        let shown = format!("{token:?}");
        assert!(
            !shown.contains("ghs_secret") && shown.contains("<redacted>"),
            "{shown}"
        );
    }
}
