//! The code generated from `tests/fixtures/full` (a spec that uses every feature of the format),
//! compiled against the real runtime of `generated/`. The snapshot tests show this output; this
//! crate proves it builds and passes clippy, like progenitor's expected-output crate.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[rustfmt::skip]
pub mod models;
#[rustfmt::skip]
pub mod operations;
// The real runtime, file for file. Its `secrets` and `wait` modules are written against the
// real spec's operations; they are behind features this crate does not have.
#[path = "../../../generated/src/runtime/mod.rs"]
mod runtime;

/// The HTTP method of a [`Client::request`] (reqwest's, re-exported).
pub use reqwest::Method;
pub use runtime::client::{Client, ClientBuilder, Sleeper};
pub use runtime::download::Download;
pub use runtime::error::{ApiError, DecodeError, Error, ErrorDetail, RateLimited, SealError};
pub use runtime::pagination::{Items, Page, Pages};
pub use runtime::rate_limit::RateLimit;
pub use runtime::raw::RawRequest;
pub use runtime::redirect::Redirect;
pub use runtime::response::decode_json;
pub use runtime::retry::RetryPolicy;
pub use runtime::sending::Sending;
