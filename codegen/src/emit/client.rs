//! The `Client` type: the runtime's `Core` under the name users know, so that each area's
//! operations can be its methods (inherent methods live in the crate that defines the type).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Docs;
use super::EmittedFile;
use crate::lower::model::Api;

/// `client.rs`: `Client`, `ClientBuilder`, and the conversions and `Deref` to the runtime.
pub(crate) fn client_file(api: &Api) -> EmittedFile {
    let mut docs = Docs::new();
    docs.markdown(
        "The client: the runtime's [`Core`] under the name the operations are methods of.",
    );
    let module_docs = docs.inner();
    let mut docs = Docs::new();
    docs.markdown("A client for the GitHub REST API: one method per operation, each returning a request builder (see the crate docs).");
    docs.markdown("Cheap to clone: clones share one connection pool, one [`RetryPolicy`](crate::RetryPolicy), what the client learned about rate limits, and the cache of conditional requests. Safe to share between tasks. What is not an operation ([`request`](Core::request), [`rate_limit`](Core::rate_limit), [`download`](Core::download), …) is the runtime's [`Core`], which a client derefs to.");
    let client_docs = docs.outer();
    let mut docs = Docs::new();
    docs.markdown("Configures a [`Client`]: `Client::builder().token(…).build()?`.");
    let builder_docs = docs.outer();
    let sources: Vec<&str> = api.areas.iter().map(|area| area.source.as_str()).collect();
    let apps = match api.areas.iter().any(|area| area.name == APPS_AREA) {
        true => app_methods(),
        false => quote!(),
    };
    EmittedFile {
        path: "client.rs".to_owned(),
        source: sources.join(", "),
        tokens: quote! {
            #module_docs

            use github_actions_client_runtime::Core;

            #client_docs
            #[derive(Debug, Clone)]
            pub struct Client {
                core: Core,
            }

            #builder_docs
            pub type ClientBuilder = github_actions_client_runtime::ClientBuilder<Client>;

            /// **Building a client** and reaching the runtime it wraps. The operations follow,
            /// one block per area of the API.
            impl Client {
                /// A builder with github.com's API root and no token.
                pub fn builder() -> ClientBuilder {
                    ClientBuilder::default()
                }

                /// The runtime's client this one wraps.
                pub fn core(&self) -> &Core {
                    &self.core
                }
            }

            /// What [`ClientBuilder::build`] makes a client of.
            impl From<Core> for Client {
                fn from(core: Core) -> Self {
                    Self { core }
                }
            }

            /// The runtime's methods ([`Core::request`], [`Core::rate_limit`], …) are the
            /// client's.
            impl std::ops::Deref for Client {
                type Target = Core;

                fn deref(&self) -> &Core {
                    &self.core
                }
            }

            #apps
        },
    }
}

/// The area whose operations the runtime's GitHub App auth looks installations up with.
const APPS_AREA: &str = "apps";

/// Acting as a GitHub App installation: the runtime's app auth (which knows no generated type)
/// joined to the `apps` area (`InstallationId`, the look-ups of an installation), returning
/// clients of this crate's type.
fn app_methods() -> TokenStream {
    quote! {
        /// **Acting as a GitHub App installation**: clients whose requests carry an
        /// installation's token, minted and renewed for you.
        #[cfg(feature = "apps")]
        impl Client {
            /// A client acting as installation `id` of this client's GitHub App (built with
            /// [`ClientBuilder::app`](github_actions_client_runtime::ClientBuilder::app)): requests
            /// carry the installation's access token, minted with the app's JWT at the first
            /// request, cached, and renewed when less than 5 minutes of it remain. Many requests
            /// at once share one mint; a token GitHub rejects before it expires (`401`) is
            /// replaced once and the request sent again.
            ///
            /// Cheap: no request is made here. The client shares the app client's connections
            /// and cache of conditional requests; every client of one installation shares its
            /// token and its rate limit (each installation has its own budget at GitHub). Fails
            /// with [`Error::Config`](crate::Error::Config) on a client without an app key. A
            /// mint that fails is an
            /// [`Error::InstallationToken`](crate::Error::InstallationToken) naming the
            /// installation, with GitHub's message.
            pub fn installation(
                &self,
                id: impl Into<crate::models::InstallationId>,
            ) -> Result<Client, crate::Error> {
                self.installation_with(id, crate::InstallationTokenOptions::default())
            }

            /// [`Client::installation`] with tokens narrowed to some repositories and
            /// permissions ([`InstallationTokenOptions`](crate::InstallationTokenOptions)): for a
            /// job that should reach no more than it needs, or a token handed to another tool
            /// with [`installation_token`](Core::installation_token).
            pub fn installation_with(
                &self,
                id: impl Into<crate::models::InstallationId>,
                options: crate::InstallationTokenOptions,
            ) -> Result<Client, crate::Error> {
                // Ids are `u64`; the runtime keeps installations as `i64`. An id beyond
                // `i64::MAX` is no installation GitHub has: refused, never wrapped.
                let id = id.into();
                let id = i64::try_from(id.0).map_err(|_| {
                    crate::Error::Config(format!("installation id {id} is out of range"))
                })?;
                self.core.installation_client(id, options).map(Client::from)
            }

            /// Looks up the app's installation on the account owning `owner/repo` (as the app,
            /// with its JWT) and returns a client acting as it ([`Client::installation`]). A
            /// `404` means the app is not installed there.
            pub async fn repo_installation(
                &self,
                owner: impl Into<String>,
                repo: impl Into<String>,
            ) -> Result<Client, crate::Error> {
                let app = Client::from(self.core.app_client()?);
                let installation = app.get_repo_installation(owner, repo).send().await?;
                self.installation(installation.id)
            }

            /// Looks up the app's installation on organization `org` and returns a client
            /// acting as it (see [`Client::repo_installation`]).
            pub async fn org_installation(
                &self,
                org: impl Into<String>,
            ) -> Result<Client, crate::Error> {
                let app = Client::from(self.core.app_client()?);
                let installation = app.get_org_installation(org).send().await?;
                self.installation(installation.id)
            }

            /// Looks up the app's installation on user account `username` and returns a client
            /// acting as it (see [`Client::repo_installation`]).
            pub async fn user_installation(
                &self,
                username: impl Into<String>,
            ) -> Result<Client, crate::Error> {
                let app = Client::from(self.core.app_client()?);
                let installation = app.get_user_installation(username).send().await?;
                self.installation(installation.id)
            }
        }
    }
}
