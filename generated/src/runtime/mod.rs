//! The hand-written runtime under the generated code: the client, its requests and responses,
//! errors, retries and rate limits, pagination, redirects and downloads.

pub(crate) mod cache;
pub mod client;
pub mod download;
pub mod error;
#[cfg(fuzzing)]
pub mod fuzzing;
pub(crate) mod json_path;
#[cfg(feature = "mock")]
pub mod mock_server;
pub mod pagination;
pub mod rate_limit;
pub mod raw;
pub mod redirect;
pub(crate) mod request;
pub(crate) mod response;
pub mod retry;
#[cfg(feature = "secrets")]
pub mod secrets;
pub mod sending;
// Waiting for runs and jobs: written against the real spec's operations, like `secrets`.
#[cfg(any(feature = "workflow-runs", feature = "workflow-jobs"))]
pub mod wait;

pub(crate) use request::{path_segment, Request};
