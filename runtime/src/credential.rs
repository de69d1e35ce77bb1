//! Where a request's `Authorization` header comes from: nothing, a token given to the builder,
//! or (with the `apps` feature) a GitHub App's JWT or an installation token that the client
//! mints and renews itself (`app_auth.rs`).
//!
//! The client asks [`Credential::header`] before each attempt of a request to the API's own
//! origin, and [`Credential::renew_rejected`] once after a `401`.

#[cfg(feature = "apps")]
use std::future::Future;
#[cfg(feature = "apps")]
use std::pin::Pin;

use reqwest::header::HeaderValue;

use crate::error::Error;

#[cfg(feature = "apps")]
use crate::app_auth::{AppKey, InstallationAuth};
#[cfg(feature = "apps")]
use std::sync::Arc;

/// How a client authenticates.
pub(crate) enum Credential {
    /// No `Authorization` header: public data only.
    None,
    /// A token given to the builder (a personal access token, `GITHUB_TOKEN`, an installation
    /// token minted elsewhere), as the header value, marked sensitive.
    Token(HeaderValue),
    /// The GitHub App itself: a JWT signed with its private key, re-signed before it expires.
    #[cfg(feature = "apps")]
    App(Arc<AppKey>),
    /// An installation of the app: its access token, minted with the app's JWT, cached and
    /// renewed before it expires.
    #[cfg(feature = "apps")]
    Installation(Arc<InstallationAuth>),
}

impl Credential {
    /// The `Authorization` header for the next attempt of a request, minting or signing what
    /// is due first. `None` without a credential.
    pub(crate) async fn header(&self) -> Result<Option<HeaderValue>, Error> {
        match self {
            Credential::None => Ok(None),
            Credential::Token(value) => Ok(Some(value.clone())),
            #[cfg(feature = "apps")]
            Credential::App(key) => key.jwt().map(Some),
            #[cfg(feature = "apps")]
            Credential::Installation(auth) => installation_header(auth).await.map(Some),
        }
    }

    /// What the cache of conditional requests keys answers by: the token itself for a fixed
    /// token; for an app or installation, a name that stays the same when its JWT or token is
    /// renewed (so answers survive a renewal, and never serve another installation).
    pub(crate) fn cache_identity(&self) -> Option<HeaderValue> {
        match self {
            Credential::None => None,
            Credential::Token(value) => Some(value.clone()),
            #[cfg(feature = "apps")]
            Credential::App(key) => Some(key.identity()),
            #[cfg(feature = "apps")]
            Credential::Installation(auth) => Some(auth.identity()),
        }
    }

    /// Whether requests carry an `Authorization` header.
    pub(crate) fn is_some(&self) -> bool {
        !matches!(self, Credential::None)
    }

    /// After GitHub answered `401` to a request sent with `used`: whether to send it once more
    /// with a renewed credential. Only an installation token can be renewed (it may have been
    /// revoked before it expired); the token is dropped from the cache unless another request
    /// already replaced it, so that many requests failing at once cause one new mint.
    pub(crate) fn renew_rejected(&self, used: &HeaderValue) -> bool {
        match self {
            #[cfg(feature = "apps")]
            Credential::Installation(auth) => {
                auth.forget(used);
                true
            }
            _ => {
                let _ = used;
                false
            }
        }
    }
}

/// An installation's header, as a boxed future: minting its token sends a request, whose
/// sending asks [`Credential::header`] again (for the app's JWT), and a future cannot contain
/// itself.
#[cfg(feature = "apps")]
fn installation_header(
    auth: &InstallationAuth,
) -> Pin<Box<dyn Future<Output = Result<HeaderValue, Error>> + Send + '_>> {
    Box::pin(auth.header())
}
