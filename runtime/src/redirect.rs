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
    /// A redirect to `location`, to download from a URL found elsewhere with
    /// [`Core::download`](crate::Core::download): an artifact's `archive_download_url`, a
    /// `Location` read from a [`Response`](crate::Response). A URL on the API's origin gets the
    /// token and answers with the next redirect; any other origin gets a plain GET.
    ///
    /// ```no_run
    /// use github_actions_client::Redirect;
    /// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
    /// let artifact = client.get_artifact("octo-org", "octo-repo", 42).send().await?;
    /// let url = artifact.archive_download_url.parse().expect("GitHub gives a URL");
    /// client.download(&Redirect::new(url)).await?.save("artifact.zip").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(location: Url) -> Self {
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
