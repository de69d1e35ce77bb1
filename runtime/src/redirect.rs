//! Redirect results: download operations answer `302 Found` with the archive's URL.

use url::Url;

/// The target of a redirect, from the response's `Location` header.
///
/// For downloads (artifact archives, logs) this is a short-lived URL on blob storage, not on
/// GitHub; fetch it without your GitHub token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    location: Url,
}

impl Redirect {
    pub(crate) fn new(location: Url) -> Self {
        Self { location }
    }

    /// The URL redirected to.
    pub fn location(&self) -> &Url {
        &self.location
    }

    /// The URL redirected to, by value.
    pub fn into_location(self) -> Url {
        self.location
    }
}
