//! The models the spec marks `runtime: true`: written by hand here because the runtime itself
//! needs them (the secrets round trip seals with the public key and sends the visibility), and
//! re-exported by the generated models under the same names. Always compiled: other areas'
//! models (an organization variable's visibility, say) may share their module.

use serde::{Deserialize, Serialize};

/// The public key to encrypt secrets with (a libsodium sealed box), for an organization, a
/// repository or an environment.
///
/// Written by hand here, not generated: the secrets round trip of this crate needs it, and the
/// spec's `actions-public-key` schema (`runtime: true`) is re-exported as
/// `models::ActionsPublicKey`. Its fields are the spec's.
///
/// [GitHub docs](https://docs.github.com/en/rest/actions/secrets)
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ActionsPublicKey {
    /// The identifier of the key; send it as `key_id` with the encrypted secret.
    pub key_id: String,
    /// The Base64-encoded public key.
    pub key: String,
    /// The id of the key (only in some responses; `key_id` is what requests take).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The API URL of the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The title of the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// When the key was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

/// Which repositories of an organization can use something the organization defines (a
/// secret, a variable, a runner group): `all` repositories, `private` repositories only, or
/// only the `selected` repositories.
///
/// Written by hand here, like [`ActionsPublicKey`], and re-exported as
/// `models::OrgVisibility`.
///
/// [GitHub docs](https://docs.github.com/en/rest/actions/secrets)
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OrgVisibility {
    /// `all`
    All,
    /// `private`
    Private,
    /// `selected`
    Selected,
    /// A value this client does not know yet (GitHub added it after the spec was
    /// written), kept as sent.
    #[serde(untagged)]
    Unknown(String),
}

/// The value as GitHub writes it.
impl std::fmt::Display for OrgVisibility {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.serialize(f)
    }
}
