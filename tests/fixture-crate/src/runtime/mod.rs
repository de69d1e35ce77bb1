//! The real runtime's modules, but for `secrets`, which is written against the real spec's
//! operations.

#[path = "../../../../generated/src/runtime/client.rs"]
pub mod client;
#[path = "../../../../generated/src/runtime/de.rs"]
pub(crate) mod de;
#[path = "../../../../generated/src/runtime/download.rs"]
pub mod download;
#[path = "../../../../generated/src/runtime/error.rs"]
pub mod error;
#[path = "../../../../generated/src/runtime/json_path.rs"]
pub(crate) mod json_path;
#[path = "../../../../generated/src/runtime/pagination.rs"]
pub mod pagination;
#[path = "../../../../generated/src/runtime/rate_limit.rs"]
pub mod rate_limit;
#[path = "../../../../generated/src/runtime/redirect.rs"]
pub mod redirect;
#[path = "../../../../generated/src/runtime/request.rs"]
pub(crate) mod request;
#[path = "../../../../generated/src/runtime/response.rs"]
pub(crate) mod response;
#[path = "../../../../generated/src/runtime/retry.rs"]
pub mod retry;

pub(crate) use de::{field_value, missing_field, string_enum, ObjectKey};
pub(crate) use request::{path_segment, Request};
