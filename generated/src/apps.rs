//! Acting as a GitHub App installation: the methods that join the runtime's app auth
//! (`runtime/app_auth.rs`, which knows no generated type) to the generated `apps` area
//! (`InstallationId`, and the look-ups of an installation by repository, organization or user).

use crate::models::InstallationId;
use crate::{Client, Error, InstallationTokenOptions};

impl Client {
    /// A client acting as installation `id` of this client's GitHub App (built with
    /// [`ClientBuilder::app`](crate::ClientBuilder::app)): requests carry the installation's
    /// access token, minted with the app's JWT at the first request, cached, and renewed when
    /// less than 5 minutes of it remain. Many requests at once share one mint; a token GitHub
    /// rejects before it expires (`401`) is replaced once and the request sent again.
    ///
    /// Cheap: no request is made here. The client shares the app client's connections and
    /// cache of conditional requests; every client of one installation shares its token and
    /// its rate limit (each installation has its own budget at GitHub). Fails with
    /// [`Error::Config`] on a client without an app key. A mint that fails is an
    /// [`Error::InstallationToken`] naming the installation, with GitHub's message.
    pub fn installation(&self, id: impl Into<InstallationId>) -> Result<Client, Error> {
        self.installation_client(id.into().0, InstallationTokenOptions::default())
    }

    /// [`Client::installation`] with tokens narrowed to some repositories and permissions
    /// ([`InstallationTokenOptions`]): for a job that should reach no more than it needs, or a
    /// token handed to another tool with [`Client::installation_token`].
    pub fn installation_with(
        &self,
        id: impl Into<InstallationId>,
        options: InstallationTokenOptions,
    ) -> Result<Client, Error> {
        self.installation_client(id.into().0, options)
    }

    /// Looks up the app's installation on the account owning `owner/repo` (as the app, with its
    /// JWT) and returns a client acting as it ([`Client::installation`]). A `404` means the app
    /// is not installed there.
    pub async fn repo_installation(
        &self,
        owner: impl Into<String>,
        repo: impl Into<String>,
    ) -> Result<Client, Error> {
        let app = self.app_client()?;
        let installation = app.get_repo_installation(owner, repo).send().await?;
        self.installation(installation.id)
    }

    /// Looks up the app's installation on organization `org` and returns a client acting as it
    /// (see [`Client::repo_installation`]).
    pub async fn org_installation(&self, org: impl Into<String>) -> Result<Client, Error> {
        let app = self.app_client()?;
        let installation = app.get_org_installation(org).send().await?;
        self.installation(installation.id)
    }

    /// Looks up the app's installation on user account `username` and returns a client acting
    /// as it (see [`Client::repo_installation`]).
    pub async fn user_installation(&self, username: impl Into<String>) -> Result<Client, Error> {
        let app = self.app_client()?;
        let installation = app.get_user_installation(username).send().await?;
        self.installation(installation.id)
    }
}
