//! The hand-written runtime of [`github-actions-client`]: the client's machinery ([`Core`]),
//! its requests and responses, errors, retries and rate limits, pagination, redirects and
//! downloads, and sealing secrets.
//!
//! Users depend on `github-actions-client`, which is generated from the project's `spec/` and
//! re-exports everything here that they need; this crate is kept apart so that what a person
//! maintains and what `cargo xtask codegen` writes never share a folder. Its public API is the
//! client crate's, except [`__private`]: the interface the generated code is written against,
//! which follows the generator and is not for users.
//!
//! [`github-actions-client`]: https://docs.github.com/en/rest/actions

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "apps")]
mod app_auth;
mod cache;
mod client;
mod credential;
mod download;
mod error;
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing;
#[cfg(feature = "mock")]
pub mod mock_server;
mod models;
mod objects_only;
mod outcome;
mod pagination;
mod rate_limit;
mod raw;
mod redirect;
mod request;
mod response;
mod retry;
#[cfg(feature = "secrets")]
mod secrets;
mod sending;
mod throttle;
mod wait;
/// Webhook signatures and payload decoding, generic over the payload; the generated crate's
/// `webhooks` module re-exports it beside the typed events.
#[cfg(feature = "webhooks")]
pub mod webhooks;

/// Private parts of the runtime for the fuzz targets in `fuzz/`; not for users (see
/// `fuzzing.rs`).
#[cfg(fuzzing)]
#[doc(hidden)]
pub use fuzzing as __fuzz;

/// The headers of a [`Response`] and a [`Download`] (the `http` crate's, as reqwest re-exports
/// them).
pub use reqwest::header::HeaderMap;
/// The HTTP method of a [`Core::request`] (reqwest's, re-exported).
pub use reqwest::Method;
/// The status of a [`Response`] (the `http` crate's, as reqwest re-exports it).
pub use reqwest::StatusCode;

#[cfg(feature = "apps")]
pub use app_auth::{InstallationToken, InstallationTokenOptions};
pub use client::{ClientBuilder, Core, Sleeper, DEFAULT_API_VERSION, DEFAULT_BASE_URL};
pub use download::Download;
pub use error::{ApiError, DecodeError, Error, ErrorDetail, RateLimited, SealError};
pub use models::{ActionsPublicKey, OrgVisibility};
pub use outcome::CreatedOrUpdated;
pub use pagination::{Items, Page, Pages};
pub use rate_limit::RateLimit;
pub use raw::{RawRequest, Response};
pub use redirect::Redirect;
pub use response::decode_json;
pub use retry::RetryPolicy;
#[cfg(feature = "secrets")]
pub use secrets::{
    seal_secret, EncryptedSecret, SecretValue, SetEnvironmentSecret, SetOrgSecret, SetRepoSecret,
};
pub use sending::Sending;
pub use throttle::ThrottlePolicy;
pub use wait::{Wait, WaitOptions};

/// The interface the generated code is written against: how a request builder describes its
/// request and turns the response into its result. It follows the generator and may change
/// in any release; not for users.
#[doc(hidden)]
pub mod __private {
    pub use crate::request::{path_segment, Request};
    pub use crate::response::{keep_null, RawResponse};
}
