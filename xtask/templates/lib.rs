//! A typed, async client for the [GitHub Actions REST API](https://docs.github.com/en/rest/actions).
//!
//! Every operation of the API is a method on [`Client`], named after GitHub's operation name in
//! snake case. Required parameters are arguments; optional ones are setters on the request
//! builder the method returns; `.send().await` performs the request and decodes the answer.
//! `.send()` returns a [`Sending`] future that owns what it needs, so it can also be spawned.
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
//! Secrets are set from their plaintext with [`Client::set_repo_secret`](runtime::Core::set_repo_secret),
//! [`Client::set_environment_secret`](runtime::Core::set_environment_secret) and [`Client::set_org_secret`](runtime::Core::set_org_secret), which fetch the public
//! key, seal the value ([`seal_secret`]) and send it; the plaintext is held in a
//! [`SecretValue`], zeroed on drop and never printed.
//!
//! # Models
//!
//! The [`models`] are plain Rust: structs and enums deriving serde's `Serialize` and
//! `Deserialize`, with `String` for text, `Option<T>` for a field that may be absent or `null`,
//! and a type of its own per kind of id ([`models::RunId`], [`models::JobId`], …): methods take
//! `impl Into<RunId>`, so an integer literal works but a job's id cannot be passed for a run's.
//! String enums keep a value they do not know in `Unknown(String)`. [`decode_json`] decodes a
//! body fetched or cached some other way just as the client does.
//!
//! ```
//! # #[cfg(all(feature = "workflow-runs", feature = "workflow-jobs"))]
//! # fn run(client: github_actions_client::Client, job: github_actions_client::models::Job) {
//! let by_literal = client.get_workflow_run("octo-org", "octo-repo", 30433642);
//! let by_id = client.get_workflow_run("octo-org", "octo-repo", job.run_id);
//! # }
//! ```
//!
//! ```compile_fail
//! # fn run(client: github_actions_client::Client, job: github_actions_client::models::Job) {
//! // A job's id is not a run's id: this does not compile.
//! let run = client.get_workflow_run("octo-org", "octo-repo", job.id);
//! # }
//! ```
//!
//! # Arguments
//!
//! Required parameters are the method's arguments, optional ones setters on the builder it
//! returns. A required boolean or number is passed in a type named after it, found in
//! [`operations`] (`Enabled(true)`, `Days(90)`), so that every value says what it is; a bare
//! `true` does not compile. Lists take anything iterable (`["gpu", "x64"]`, `[32, 42]`).
//!
//! ```
//! # #[cfg(all(feature = "permissions", feature = "self-hosted-runners"))]
//! # fn run(client: github_actions_client::Client) {
//! use github_actions_client::operations::{Days, Enabled};
//!
//! let enable = client.set_github_actions_permissions_repository("octo-org", "octo-repo", Enabled(true));
//! let retain = client.set_artifact_and_log_retention_settings_organization("octo-org", Days(90));
//! let label = client.add_custom_labels_to_self_hosted_runner_for_org("octo-org", 42, ["gpu", "x64"]);
//! # }
//! ```
//!
//! ```compile_fail
//! # fn run(client: github_actions_client::Client) {
//! // What is `true`? This does not compile: write `Enabled(true)`.
//! let enable = client.set_github_actions_permissions_repository("octo-org", "octo-repo", true);
//! # }
//! ```
//!
//! # Versioning
//!
//! GitHub adds fields, enum values and operations all the time; none of that breaks a program
//! using this crate. Every public struct and enum that may grow (models, enums, one-ofs,
//! outcome enums) is `#[non_exhaustive]`: build a model with
//! `Default::default()` (where every field has a default) and set its fields, or decode it from
//! JSON, and match enums with a `_` arm. So a new field, enum value or operation is a minor
//! release; a field that changes type, turns required or goes away, or a parameter that turns
//! required, is a major one (0.x: the minor number).
//!
//! # Errors
//!
//! Every call returns [`Error`]. [`Error::Api`] is GitHub's own answer: the status, GitHub's
//! `message`, `documentation_url`, the `errors` of a 422, and the `x-github-request-id` to quote
//! to GitHub Support. A body that is not GitHub's JSON (an HTML 502 from a proxy) is still an
//! `Error::Api`, with the start of the body as its message. [`Error::Decode`] names the JSON
//! path that did not decode and shows the start of the body; [`Error::RateLimited`] says how
//! long to wait; [`Error::Transport`] is the network, its message ending with the root cause
//! (`Connection refused`, the TLS error, `operation timed out`). A path parameter that is
//! empty, `.` or `..` is an [`Error::InvalidPathParameter`] before anything is sent. No
//! response, however strange, panics.
//!
//! # Pagination
//!
//! List operations have `.stream()`: every item across all pages, following GitHub's
//! `Link: rel="next"` header (not page arithmetic, any form RFC 8288 allows) with one page in
//! memory at a time; and `.pages()` for whole pages. As soon as a page's headers arrive, the
//! next page is requested (while this page's body downloads and the caller works through it):
//! one page ahead at most.
//! A `next` link back to a page already fetched, or to another origin than the API's, ends the
//! walk with [`Error::Pagination`].
//!
//! ```no_run
//! use futures::TryStreamExt;
//! # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
//! let mut runs = client.list_workflow_runs_for_repo("octo-org", "octo-repo").per_page(100).stream();
//! while let Some(run) = runs.try_next().await? {
//!     println!("{} {:?}", run.id, run.conclusion);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Downloads
//!
//! Artifact archives and logs answer `302` with a short-lived URL: `.send()` returns it as a
//! [`Redirect`]; `.download()` (or [`Client::download`](runtime::Core::download)) fetches it as a byte stream to write
//! anywhere, without loading it into memory, and never sends the token to the storage host.
//!
//! ```no_run
//! # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
//! let logs = client.download_workflow_run_logs("octo-org", "octo-repo", 30433642).download().await?;
//! let bytes = logs.save("logs.zip").await?;
//! # Ok(())
//! # }
//! ```
//!
//! # Rate limits and retries
//!
//! [`Client::rate_limit`](runtime::Core::rate_limit) is the latest rate limit GitHub reported for each resource (`core`,
//! `search`, `actions_runner_registration`, …), with when it was read; a request waits only
//! when its own resource is used up. Rate-limited requests (429,
//! and 403 for a secondary limit) wait as GitHub documents and retry; idempotent requests (GET,
//! PUT, DELETE) also retry server errors and connection failures with exponential backoff and
//! jitter; a POST is never retried blindly. [`RetryPolicy`] bounds all of it (or switches it
//! off), and clones of a client share what it learned: one that hit a secondary limit holds the
//! others back until GitHub's `retry-after`.
//!
//! The client also paces itself so that a fan-out (`buffer_unordered(200)` over an
//! organization's repositories) does not trip GitHub's secondary limits: at most 10 requests in
//! flight, mutating requests one at a time at least 1 s apart and at most 80 a minute, shared
//! by clones ([`ThrottlePolicy`], on by default; [`ThrottlePolicy::disabled`] switches it off).
//!
//! # On the network
//!
//! API calls ask for gzip (a page of 100 runs crosses the network at about 60 kB instead of
//! 1.2 MB); downloads of archives and logs never do, and arrive byte for byte as stored. A GET
//! is sent again with `If-None-Match` when its last answer is cached: GitHub answers an
//! unchanged resource with `304 Not Modified`, which costs no rate limit, and the client
//! returns the cached answer. The cache is in memory, bounded, per token, shared by clones, on
//! by default ([`ClientBuilder::conditional_requests`],
//! [`ClientBuilder::response_cache_capacity`]). A client and its clones keep their connections
//! open and reuse them (HTTP/2 where the server offers it over TLS, as GitHub does).
//!
//! # Waiting for a run
//!
//! [`Client::wait_for_run`] and [`Client::wait_for_job`] poll until the run or job is
//! `completed` and return it, with conditional requests, a growing interval, the rate limit's
//! pace and `retry-after` respected, and a timeout ([`WaitOptions`]). With
//! `create_workflow_dispatch(…).return_run_details(true)`, a dispatch gives the id of the run it
//! started:
//!
//! ```no_run
//! use github_actions_client::operations::CreateWorkflowDispatchOutcome;
//! # async fn run(client: github_actions_client::Client) -> Result<(), Box<dyn std::error::Error>> {
//! let outcome = client
//!     .create_workflow_dispatch("octo-org", "octo-repo", "deploy.yml", "main")
//!     .return_run_details(true)
//!     .send()
//!     .await?;
//! if let CreateWorkflowDispatchOutcome::RunDetails(details) = outcome {
//!     let run = client
//!         .wait_for_run("octo-org", "octo-repo", details.workflow_run_id)
//!         .await?;
//!     println!("{:?}", run.conclusion);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The example program `examples/dispatch_and_wait.rs` goes on to download the run's artifacts.
//!
//! # A way out
//!
//! For an endpoint this crate has no method for (yet), [`Client::request`](runtime::Core::request) takes a method and
//! a path template as GitHub's docs write it, fills in path values (percent-encoded as one
//! segment each), query values and a JSON body, and sends it through the same client: token,
//! headers, retries, rate limits, [`Error`]s and `Link` pagination are those of every
//! generated operation. [`RawRequest::send`] decodes into any `T: DeserializeOwned`,
//! [`RawRequest::send_empty`] expects no body, [`RawRequest::send_bytes`] returns the body as
//! it came, [`RawRequest::send_response`] returns the status, headers and body ([`Response`]),
//! [`RawRequest::download`] follows a `302` to a file (the token stays with GitHub), and
//! [`RawRequest::stream_field`], [`RawRequest::stream`] and [`RawRequest::pages`] walk a list's
//! pages. [`RawRequest::header`] sets a header (another media type, another API version);
//! the headers the client owns (`Authorization`, `Host`, …) are refused. A placeholder without a
//! value or a refused header is an [`Error`] before anything is sent, and an error status is an
//! [`Error::Api`] as for every operation.
//!
//! ```no_run
//! use github_actions_client::{Method, StatusCode};
//! # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
//! let usage: serde_json::Value = client
//!     .request(Method::GET, "/repos/{owner}/{repo}/actions/cache/usage")
//!     .path("owner", "octo-org")
//!     .path("repo", "octo-repo")
//!     .send()
//!     .await?;
//! println!("{} bytes in caches", usage["active_caches_size_in_bytes"]);
//!
//! // A file as it is stored, with the answer's status and headers.
//! let readme = client
//!     .request(Method::GET, "/repos/{owner}/{repo}/readme")
//!     .path("owner", "octo-org")
//!     .path("repo", "octo-repo")
//!     .header("accept", "application/vnd.github.raw")
//!     .send_response()
//!     .await?;
//! assert_eq!(readme.status(), StatusCode::OK);
//! println!("{:?}: {}", readme.headers().get("etag"), readme.text()?);
//!
//! // An archive GitHub redirects to storage for.
//! client
//!     .request(Method::GET, "/repos/{owner}/{repo}/zipball/{ref}")
//!     .path("owner", "octo-org")
//!     .path("repo", "octo-repo")
//!     .path("ref", "main")
//!     .download()
//!     .await?
//!     .save("octo-repo.zip")
//!     .await?;
//! # Ok(())
//! # }
//! ```
//!
//! # Cargo features
//!
//! One per area of the API, all on by default. A feature compiles its area's operations and the
//! models they use, so a build that needs one area (`default-features = false, features =
//! ["workflow-runs"]`) compiles that area alone; only `secrets` pulls in the sealed-box crates. `native-roots` (off by default) adds
//! `ClientBuilder::platform_roots`, to trust the platform's certificate store;
//! [`ClientBuilder::root_certificates_pem`] adds a private CA without it. `mock` (off by
//! default; for `[dev-dependencies]`) adds `mock::MockGitHub`, a fake GitHub on loopback
//! generated from the same spec, for testing code that uses this crate.
//!
//! <!-- generated by cargo xtask codegen: begin feature docs -->
//! <!-- generated by cargo xtask codegen: end feature docs -->
//!
//! This crate is generated from the project's `spec/` by `cargo xtask codegen` (its front
//! page from `xtask/templates/lib.rs`); the hand-written runtime it is built on is the
//! `github-actions-client-runtime` crate, re-exported here (and whole as [`runtime`]).

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// docs.rs: a badge on each item naming the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
// With some areas left out, parts of the runtime only they use (redirects, pagination, …) are
// unused; that is expected, not worth a warning.
// generated by cargo xtask codegen: begin all features
// generated by cargo xtask codegen: end all features

#[rustfmt::skip]
mod client;
#[rustfmt::skip]
pub mod models;
// A fake GitHub for tests, generated from the spec; its server core is the runtime's
// `mock_server`.
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
#[rustfmt::skip]
pub mod mock;
#[rustfmt::skip]
pub mod operations;
#[cfg(feature = "webhooks")]
#[rustfmt::skip]
pub mod webhooks;

pub use client::{Client, ClientBuilder};
/// The hand-written runtime under the generated code (its own crate, re-exported here): what
/// a client is made of besides its operations.
pub use github_actions_client_runtime as runtime;
/// The HTTP method of a [`Client::request`](runtime::Core::request) (reqwest's, re-exported).
pub use github_actions_client_runtime::Method;
pub use github_actions_client_runtime::{
    decode_json, ApiError, CreatedOrUpdated, DecodeError, Download, Error, ErrorDetail, Items,
    Page, Pages, RateLimit, RateLimited, RawRequest, Redirect, Response, RetryPolicy, SealError,
    Sending, Sleeper, StatusCode, ThrottlePolicy, Wait, WaitOptions, DEFAULT_API_VERSION,
    DEFAULT_BASE_URL,
};
#[cfg(feature = "secrets")]
pub use github_actions_client_runtime::{
    seal_secret, EncryptedSecret, SecretValue, SetEnvironmentSecret, SetOrgSecret, SetRepoSecret,
};
#[cfg(feature = "apps")]
pub use github_actions_client_runtime::{InstallationToken, InstallationTokenOptions};
