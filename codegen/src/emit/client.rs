//! The `Client` type: the runtime's `Core` under the name users know, so that each area's
//! operations can be its methods (inherent methods live in the crate that defines the type).

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
        },
    }
}
