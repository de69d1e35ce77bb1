//! The code generated from `tests/fixtures/full` (a spec that uses every feature of the format),
//! compiled against the real runtime crate (`runtime/`). The snapshot tests show this output;
//! this crate proves it builds and passes clippy, like progenitor's expected-output crate.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[rustfmt::skip]
mod client;
#[rustfmt::skip]
pub mod models;
#[rustfmt::skip]
pub mod operations;

pub use client::{Client, ClientBuilder};
/// The HTTP method of a [`Client::request`](github_actions_client_runtime::Core::request) (reqwest's, re-exported).
pub use github_actions_client_runtime::Method;
pub use github_actions_client_runtime::{
    decode_json, ApiError, DecodeError, Download, Error, ErrorDetail, Items, Page, Pages,
    RateLimit, RateLimited, RawRequest, Redirect, RetryPolicy, Sending, Sleeper, Wait,
};
