//! A typed, async client for the [GitHub Actions REST API](https://docs.github.com/en/rest/actions).
//!
//! Every operation of the API is a method on [`Client`], named after GitHub's operation name in
//! snake case. Required parameters are arguments; optional ones are setters on the request
//! builder the method returns; `.send().await` performs the request and decodes the answer.
//!
//! ```no_run
//! use github_actions_client::Client;
//!
//! # async fn run() -> Result<(), github_actions_client::Error> {
//! let client = Client::builder().token("ghp_…").build()?;
//! let page = client
//!     .list_artifacts_for_repo("octo-org", "octo-repo")
//!     .per_page(100)
//!     .name("Rails")
//!     .send()
//!     .await?;
//! for artifact in &page.artifacts {
//!     println!("{} ({} bytes)", artifact.name, artifact.size_in_bytes);
//! }
//! let one = client.get_artifact("octo-org", "octo-repo", 11).send().await?;
//! println!("{}", one.archive_download_url);
//! # Ok(())
//! # }
//! ```
//!
//! GitHub Enterprise Server is reached through its API root:
//!
//! ```no_run
//! # fn run() -> Result<(), github_actions_client::Error> {
//! let ghes = github_actions_client::Client::builder()
//!     .base_url("https://ghe.example.com/api/v3")?
//!     .token("…")
//!     .build()?;
//! # Ok(())
//! # }
//! ```
//!
//! The [`models`] and [`operations`] modules are generated from the project's `spec/` by
//! `cargo xtask codegen`; the rest of the crate is the hand-written runtime.

#![warn(missing_docs)]

#[rustfmt::skip]
pub mod models;
#[rustfmt::skip]
pub mod operations;
mod runtime;

pub use runtime::client::{Client, ClientBuilder};
pub use runtime::error::{ApiError, Error};
pub use runtime::pagination::Page;
pub use runtime::redirect::Redirect;
