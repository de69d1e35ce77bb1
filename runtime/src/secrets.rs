//! Secrets end to end: seal a plaintext with a repository's or an organization's public key,
//! then create or update the secret.
//!
//! GitHub only accepts secret values encrypted with a libsodium *sealed box* (X25519 +
//! XSalsa20-Poly1305, the `crypto_box_seal` construction) under the public key that
//! `get-repo-public-key` / `get-org-public-key` return. This module does that with the audited
//! [`crypto_box`] crate (no cryptography of our own) and handles the Base64 on both sides:
//!
//! - [`SecretValue`] holds the plaintext: its memory is zeroed on drop and it never prints.
//! - [`seal_secret`] turns a plaintext and an [`ActionsPublicKey`] into an [`EncryptedSecret`]
//!   (`encrypted_value` + `key_id`), ready for the create-or-update operations.
//! - [`Core::set_repo_secret`], [`Core::set_environment_secret`] and
//!   [`Core::set_org_secret`] do the whole round: fetch the public key, seal, `PUT`, and say
//!   whether the secret was created or updated.

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use crypto_box::aead::OsRng;
use zeroize::Zeroizing;

use crate::models::{ActionsPublicKey, OrgVisibility};
use crate::request::{path_segment, Request};
use crate::{Core, CreatedOrUpdated, Error, Method, SealError};

/// The round trip every `set_…_secret` makes under `secrets` (a collection's path, such as
/// `/orgs/{org}/actions/secrets`): fetch `{secrets}/public-key` unless `key` is given, seal the
/// value, and `PUT` it to `{secrets}/{secret_name}` with `extra` body fields; the status says
/// whether the secret is new.
async fn seal_and_put(
    client: &Core,
    secrets: String,
    secret_name: &str,
    key: Option<ActionsPublicKey>,
    value: &SecretValue,
    extra: serde_json::Map<String, serde_json::Value>,
) -> Result<CreatedOrUpdated, Error> {
    let secret = path_segment("secret_name", &secret_name)?;
    let key = match key {
        Some(key) => key,
        None => {
            let path = format!("{secrets}/public-key");
            client
                .send_raw(Request::new(Method::GET, path))
                .await?
                .json()?
        }
    };
    let sealed = seal_secret(&key, value)?;
    let mut body = extra;
    body.insert("encrypted_value".into(), sealed.encrypted_value.into());
    body.insert("key_id".into(), sealed.key_id.into());
    let mut request = Request::new(Method::PUT, format!("{secrets}/{secret}"));
    request.json(&body);
    let response = client.send_raw(request).await?;
    match response.status() {
        201 => Ok(CreatedOrUpdated::Created),
        204 => Ok(CreatedOrUpdated::Updated),
        _ => Err(response.unexpected_status()),
    }
}

/// The length in bytes of an X25519 public key, as GitHub's `key` decodes to.
const PUBLIC_KEY_LEN: usize = crypto_box::KEY_SIZE;

/// The plaintext of a secret.
///
/// Its bytes are zeroed when it is dropped, it has no `Display`, and its `Debug` shows
/// `SecretValue([REDACTED])`, so it cannot end up in a log by accident. It is not `Clone`: pass
/// it by value or by reference. Only the copy this type owns is zeroed; a `String` moved in
/// with [`SecretValue::new`] is taken over without a copy.
///
/// ```
/// use github_actions_client::SecretValue;
///
/// let value = SecretValue::new(String::from("hunter2"));
/// assert_eq!(format!("{value:?}"), "SecretValue([REDACTED])");
/// assert_eq!(value.expose_secret(), b"hunter2");
/// ```
pub struct SecretValue(Zeroizing<Vec<u8>>);

impl SecretValue {
    /// Takes over a text plaintext (no copy is made of a `String`'s buffer).
    ///
    /// ```
    /// let value = github_actions_client::SecretValue::new("s3cr3t");
    /// assert_eq!(value.len(), 6);
    /// ```
    pub fn new(plaintext: impl Into<String>) -> Self {
        Self(Zeroizing::new(plaintext.into().into_bytes()))
    }

    /// Takes over a binary plaintext (GitHub stores bytes; most secrets are UTF-8 text).
    ///
    /// ```
    /// let value = github_actions_client::SecretValue::from_bytes(vec![0, 1, 2]);
    /// assert_eq!(value.expose_secret(), &[0, 1, 2]);
    /// ```
    pub fn from_bytes(plaintext: Vec<u8>) -> Self {
        Self(Zeroizing::new(plaintext))
    }

    /// The plaintext bytes. The name is a reminder to keep them out of logs.
    ///
    /// ```
    /// let value = github_actions_client::SecretValue::new("s3cr3t");
    /// assert_eq!(value.expose_secret(), b"s3cr3t");
    /// ```
    pub fn expose_secret(&self) -> &[u8] {
        &self.0
    }

    /// The length of the plaintext in bytes.
    ///
    /// ```
    /// assert_eq!(github_actions_client::SecretValue::new("abc").len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the plaintext is empty.
    ///
    /// ```
    /// assert!(github_actions_client::SecretValue::new("").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretValue([REDACTED])")
    }
}

impl From<String> for SecretValue {
    fn from(plaintext: String) -> Self {
        Self::new(plaintext)
    }
}

impl From<&str> for SecretValue {
    fn from(plaintext: &str) -> Self {
        Self::new(plaintext)
    }
}

impl From<Vec<u8>> for SecretValue {
    fn from(plaintext: Vec<u8>) -> Self {
        Self::from_bytes(plaintext)
    }
}

/// A secret sealed for GitHub: send both fields to `create-or-update-repo-secret` or
/// `create-or-update-org-secret`.
///
/// ```no_run
/// use github_actions_client::{seal_secret, Client, SecretValue};
///
/// # async fn run() -> Result<(), github_actions_client::Error> {
/// let client = Client::builder().token("ghp_…").build()?;
/// let key = client.get_repo_public_key("octo-org", "octo-repo").send().await?;
/// let sealed = seal_secret(&key, &SecretValue::new("hunter2"))?;
/// client
///     .create_or_update_repo_secret("octo-org", "octo-repo", "DEPLOY_TOKEN", sealed.encrypted_value, sealed.key_id)
///     .send()
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncryptedSecret {
    /// The sealed box, Base64-encoded (standard alphabet, padded), as GitHub expects it.
    pub encrypted_value: String,
    /// The `key_id` of the public key the value was sealed with.
    pub key_id: String,
}

/// Seals a plaintext with a public key from `get-repo-public-key` or `get-org-public-key`
/// (libsodium's `crypto_box_seal`), giving the `encrypted_value` and `key_id` to send.
///
/// Sealed boxes are randomised: sealing the same value twice gives different ciphertexts, and
/// only the holder of the matching secret key (GitHub) can open them.
///
/// # Errors
///
/// [`SealError::InvalidBase64`] or [`SealError::WrongKeyLength`] when `key.key` is not the
/// Base64 of a 32-byte X25519 public key:
///
/// ```
/// use github_actions_client::models::ActionsPublicKey;
/// use github_actions_client::{seal_secret, Error, SealError, SecretValue};
///
/// let key: ActionsPublicKey = serde_json::from_str(r#"{"key_id": "k1", "key": "AAAA"}"#).unwrap();
/// let err = seal_secret(&key, &SecretValue::new("x")).unwrap_err();
/// assert!(matches!(err, SealError::WrongKeyLength { length: 3, .. }));
/// assert_eq!(
///     err.to_string(),
///     "the public key `k1` decodes to 3 bytes; an X25519 public key is 32 bytes"
/// );
/// // `?` turns it into the crate's `Error::Seal`.
/// assert!(matches!(Error::from(err), Error::Seal(SealError::WrongKeyLength { .. })));
/// ```
///
/// # Examples
///
/// ```
/// use github_actions_client::models::ActionsPublicKey;
/// use github_actions_client::{seal_secret, SecretValue};
///
/// // As `get_repo_public_key` returns it.
/// let key: ActionsPublicKey = serde_json::from_str(
///     r#"{"key_id": "568250167242549743", "key": "B6N8vBQgk8i3VdwbEOhstCY3StFqqFPtC9/AsrhtHHw="}"#,
/// )
/// .unwrap();
/// let sealed = seal_secret(&key, &SecretValue::new("hunter2"))?;
/// assert_eq!(sealed.key_id, "568250167242549743");
/// // 32-byte ephemeral public key + 16-byte tag + the 7 plaintext bytes, in Base64.
/// assert_eq!(sealed.encrypted_value.len(), (32 + 16 + 7usize).div_ceil(3) * 4);
/// # Ok::<(), github_actions_client::SealError>(())
/// ```
pub fn seal_secret(
    key: &ActionsPublicKey,
    value: &SecretValue,
) -> Result<EncryptedSecret, SealError> {
    let public_key = decode_public_key(key)?;
    let sealed = public_key
        .seal(&mut OsRng, value.expose_secret())
        .map_err(|_| SealError::Encryption {
            key_id: String::from(&key.key_id),
        })?;
    Ok(EncryptedSecret {
        encrypted_value: STANDARD.encode(sealed),
        key_id: String::from(&key.key_id),
    })
}

/// Decodes GitHub's Base64 `key` into an X25519 public key, checking its length.
fn decode_public_key(key: &ActionsPublicKey) -> Result<crypto_box::PublicKey, SealError> {
    let bytes = STANDARD
        .decode(key.key.trim())
        .map_err(|e| SealError::InvalidBase64 {
            key_id: String::from(&key.key_id),
            reason: e.to_string(),
        })?;
    let bytes: [u8; PUBLIC_KEY_LEN] =
        bytes
            .as_slice()
            .try_into()
            .map_err(|_| SealError::WrongKeyLength {
                key_id: String::from(&key.key_id),
                length: bytes.len(),
            })?;
    Ok(crypto_box::PublicKey::from_bytes(bytes))
}

impl Core {
    /// Sets a repository secret from its plaintext: fetches the repository's public key
    /// (`get-repo-public-key`), seals the value with it ([`seal_secret`]), and sends it with
    /// `create-or-update-repo-secret`.
    ///
    /// `.send().await` answers [`CreatedOrUpdated::Created`] (`201`) for a new secret and
    /// [`CreatedOrUpdated::Updated`] (`204`) when it replaced one.
    ///
    /// ```no_run
    /// use github_actions_client::{Client, CreatedOrUpdated, SecretValue};
    ///
    /// # async fn run() -> Result<(), github_actions_client::Error> {
    /// let client = Client::builder().token("ghp_…").build()?;
    /// let token = SecretValue::new(std::env::var("DEPLOY_TOKEN").unwrap_or_default());
    /// let outcome = client
    ///     .set_repo_secret("octo-org", "octo-repo", "DEPLOY_TOKEN", token)
    ///     .send()
    ///     .await?;
    /// if outcome == CreatedOrUpdated::Created {
    ///     println!("created DEPLOY_TOKEN");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_repo_secret(
        &self,
        owner: impl Into<String>,
        repo: impl Into<String>,
        secret_name: impl Into<String>,
        value: impl Into<SecretValue>,
    ) -> SetRepoSecret {
        SetRepoSecret {
            client: self.clone(),
            owner: owner.into(),
            repo: repo.into(),
            secret_name: secret_name.into(),
            value: value.into(),
            public_key: None,
        }
    }

    /// Sets a secret of a repository's deployment environment from its plaintext: fetches the
    /// environment's public key (`get-environment-public-key`), seals the value with it
    /// ([`seal_secret`]), and sends it with `create-or-update-environment-secret`.
    ///
    /// The environment's name is passed as it is (a `/` in it stays part of the name).
    /// `.send().await` answers [`CreatedOrUpdated::Created`] (`201`) for
    /// a new secret and [`CreatedOrUpdated::Updated`] (`204`) when it
    /// replaced one.
    ///
    /// ```no_run
    /// use github_actions_client::{Client, SecretValue};
    ///
    /// # async fn run() -> Result<(), github_actions_client::Error> {
    /// let client = Client::builder().token("ghp_…").build()?;
    /// let token = SecretValue::new(std::env::var("DEPLOY_TOKEN").unwrap_or_default());
    /// let outcome = client
    ///     .set_environment_secret("octo-org", "octo-repo", "production", "DEPLOY_TOKEN", token)
    ///     .send()
    ///     .await?;
    /// println!("{outcome:?}");
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_environment_secret(
        &self,
        owner: impl Into<String>,
        repo: impl Into<String>,
        environment_name: impl Into<String>,
        secret_name: impl Into<String>,
        value: impl Into<SecretValue>,
    ) -> SetEnvironmentSecret {
        SetEnvironmentSecret {
            client: self.clone(),
            owner: owner.into(),
            repo: repo.into(),
            environment_name: environment_name.into(),
            secret_name: secret_name.into(),
            value: value.into(),
            public_key: None,
        }
    }

    /// Sets an organization secret from its plaintext, with the repositories that may use it:
    /// fetches the organization's public key (`get-org-public-key`), seals the value with it
    /// ([`seal_secret`]), and sends it with `create-or-update-org-secret`.
    ///
    /// With [`OrgVisibility::Selected`], name the repositories with
    /// [`SetOrgSecret::selected_repository_ids`] (GitHub rejects ids with any other
    /// visibility). `.send().await` answers [`CreatedOrUpdated::Created`]
    /// (`201`) or [`CreatedOrUpdated::Updated`] (`204`).
    ///
    /// ```no_run
    /// use github_actions_client::models::OrgVisibility;
    /// use github_actions_client::{Client, SecretValue};
    ///
    /// # async fn run() -> Result<(), github_actions_client::Error> {
    /// let client = Client::builder().token("ghp_…").build()?;
    /// let outcome = client
    ///     .set_org_secret("octo-org", "NPM_TOKEN", SecretValue::new("npm_…"), OrgVisibility::Selected)
    ///     .selected_repository_ids(vec![1296269, 1296280])
    ///     .send()
    ///     .await?;
    /// println!("{outcome:?}");
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_org_secret(
        &self,
        org: impl Into<String>,
        secret_name: impl Into<String>,
        value: impl Into<SecretValue>,
        visibility: OrgVisibility,
    ) -> SetOrgSecret {
        SetOrgSecret {
            client: self.clone(),
            org: org.into(),
            secret_name: secret_name.into(),
            value: value.into(),
            visibility,
            selected_repository_ids: None,
            public_key: None,
        }
    }
}

/// Request builder for [`Core::set_repo_secret`]: fetch the repository's public key, seal,
/// and create or update the secret.
///
/// ```no_run
/// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
/// let outcome = client.set_repo_secret("octo-org", "octo-repo", "API_KEY", "k-123").send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct SetRepoSecret {
    client: Core,
    owner: String,
    repo: String,
    secret_name: String,
    value: SecretValue,
    public_key: Option<ActionsPublicKey>,
}

impl SetRepoSecret {
    /// Seals with this public key instead of fetching it: saves a request per secret when
    /// setting several secrets of one repository.
    ///
    /// ```no_run
    /// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
    /// let key = client.get_repo_public_key("octo-org", "octo-repo").send().await?;
    /// for (name, value) in [("A", "1"), ("B", "2")] {
    ///     client
    ///         .set_repo_secret("octo-org", "octo-repo", name, value)
    ///         .public_key(key.clone())
    ///         .send()
    ///         .await?;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn public_key(mut self, key: ActionsPublicKey) -> Self {
        self.public_key = Some(key);
        self
    }

    /// Fetches the public key (unless one was given), seals the value, and sends it.
    ///
    /// # Errors
    ///
    /// [`Error::Seal`] when the public key is not a Base64 X25519 key; otherwise what the
    /// `get-repo-public-key` and `create-or-update-repo-secret` requests fail with.
    ///
    /// ```no_run
    /// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
    /// client.set_repo_secret("octo-org", "octo-repo", "API_KEY", "k-123").send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send(self) -> Result<CreatedOrUpdated, Error> {
        let repo = format!(
            "/repos/{}/{}/actions/secrets",
            path_segment("owner", &self.owner)?,
            path_segment("repo", &self.repo)?,
        );
        let (key, value) = (self.public_key, &self.value);
        seal_and_put(
            &self.client,
            repo,
            &self.secret_name,
            key,
            value,
            Default::default(),
        )
        .await
    }
}

/// Request builder for [`Core::set_environment_secret`]: fetch the environment's public key,
/// seal, and create or update the secret.
///
/// ```no_run
/// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
/// let outcome = client
///     .set_environment_secret("octo-org", "octo-repo", "staging", "API_KEY", "k-123")
///     .send()
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct SetEnvironmentSecret {
    client: Core,
    owner: String,
    repo: String,
    environment_name: String,
    secret_name: String,
    value: SecretValue,
    public_key: Option<ActionsPublicKey>,
}

impl SetEnvironmentSecret {
    /// Seals with this public key instead of fetching it: saves a request per secret when
    /// setting several secrets of one environment.
    ///
    /// ```no_run
    /// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
    /// let key = client.get_environment_public_key("octo-org", "octo-repo", "production").send().await?;
    /// for (name, value) in [("A", "1"), ("B", "2")] {
    ///     client
    ///         .set_environment_secret("octo-org", "octo-repo", "production", name, value)
    ///         .public_key(key.clone())
    ///         .send()
    ///         .await?;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn public_key(mut self, key: ActionsPublicKey) -> Self {
        self.public_key = Some(key);
        self
    }

    /// Fetches the public key (unless one was given), seals the value, and sends it.
    ///
    /// # Errors
    ///
    /// [`Error::Seal`] when the public key is not a Base64 X25519 key; otherwise what the
    /// `get-environment-public-key` and `create-or-update-environment-secret` requests fail
    /// with.
    ///
    /// ```no_run
    /// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
    /// client
    ///     .set_environment_secret("octo-org", "octo-repo", "production", "API_KEY", "k-123")
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send(self) -> Result<CreatedOrUpdated, Error> {
        let environment = format!(
            "/repos/{}/{}/environments/{}/secrets",
            path_segment("owner", &self.owner)?,
            path_segment("repo", &self.repo)?,
            path_segment("environment_name", &self.environment_name)?,
        );
        let (key, value) = (self.public_key, &self.value);
        let secrets = environment;
        seal_and_put(
            &self.client,
            secrets,
            &self.secret_name,
            key,
            value,
            Default::default(),
        )
        .await
    }
}

/// Request builder for [`Core::set_org_secret`]: fetch the organization's public key, seal,
/// and create or update the secret.
///
/// ```no_run
/// use github_actions_client::models::OrgVisibility;
///
/// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
/// client
///     .set_org_secret("octo-org", "NPM_TOKEN", "npm_…", OrgVisibility::Private)
///     .send()
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct SetOrgSecret {
    client: Core,
    org: String,
    secret_name: String,
    value: SecretValue,
    visibility: OrgVisibility,
    selected_repository_ids: Option<Vec<i64>>,
    public_key: Option<ActionsPublicKey>,
}

impl SetOrgSecret {
    /// The repositories that can use the secret, by id; only with
    /// [`OrgVisibility::Selected`].
    ///
    /// ```no_run
    /// use github_actions_client::models::OrgVisibility;
    ///
    /// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
    /// client
    ///     .set_org_secret("octo-org", "NPM_TOKEN", "npm_…", OrgVisibility::Selected)
    ///     .selected_repository_ids(vec![1296269])
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn selected_repository_ids(mut self, ids: Vec<i64>) -> Self {
        self.selected_repository_ids = Some(ids);
        self
    }

    /// Seals with this public key instead of fetching it: saves a request per secret when
    /// setting several secrets of one organization.
    ///
    /// ```no_run
    /// use github_actions_client::models::OrgVisibility;
    ///
    /// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
    /// let key = client.get_org_public_key("octo-org").send().await?;
    /// client
    ///     .set_org_secret("octo-org", "A", "1", OrgVisibility::All)
    ///     .public_key(key)
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn public_key(mut self, key: ActionsPublicKey) -> Self {
        self.public_key = Some(key);
        self
    }

    /// Fetches the public key (unless one was given), seals the value, and sends it with the
    /// visibility and selected repositories.
    ///
    /// # Errors
    ///
    /// [`Error::Seal`] when the public key is not a Base64 X25519 key; otherwise what the
    /// `get-org-public-key` and `create-or-update-org-secret` requests fail with.
    ///
    /// ```no_run
    /// use github_actions_client::models::OrgVisibility;
    ///
    /// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
    /// client
    ///     .set_org_secret("octo-org", "NPM_TOKEN", "npm_…", OrgVisibility::All)
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send(self) -> Result<CreatedOrUpdated, Error> {
        let org = format!("/orgs/{}/actions/secrets", path_segment("org", &self.org)?);
        let mut extra = serde_json::Map::new();
        extra.insert("visibility".into(), serde_json::json!(self.visibility));
        if let Some(ids) = self.selected_repository_ids {
            extra.insert("selected_repository_ids".into(), serde_json::json!(ids));
        }
        let (key, value) = (self.public_key, &self.value);
        seal_and_put(&self.client, org, &self.secret_name, key, value, extra).await
    }
}
