//! The code generated from `tests/fixtures/full` (a spec that uses every feature of the format),
//! compiled against the real runtime of `generated/`. The snapshot tests show this output; this
//! crate proves it builds and passes clippy, like progenitor's expected-output crate.

#![warn(missing_docs)]

#[rustfmt::skip]
pub mod models;
#[rustfmt::skip]
pub mod operations;
#[path = "../../../generated/src/runtime/mod.rs"]
mod runtime;

pub use runtime::client::{Client, ClientBuilder};
pub use runtime::error::{ApiError, Error};
pub use runtime::pagination::Page;
pub use runtime::redirect::Redirect;
