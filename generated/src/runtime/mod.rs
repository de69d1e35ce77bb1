//! The hand-written runtime under the generated code: the client, its requests and responses,
//! errors, retries and rate limits, pagination, redirects and downloads, the models' string
//! type, and what the models' generated (de)serializers call.

pub(crate) mod cache;
pub mod client;
pub(crate) mod de;
pub mod download;
pub mod error;
pub(crate) mod json_path;
pub mod pagination;
pub mod rate_limit;
pub mod redirect;
pub(crate) mod request;
pub(crate) mod response;
pub mod retry;
#[cfg(feature = "secrets")]
pub mod secrets;
pub mod sending;
pub(crate) mod ser;
pub mod text;
// Waiting for runs and jobs: written against the real spec's operations, like `secrets`.
#[cfg(any(feature = "workflow-runs", feature = "workflow-jobs"))]
pub mod wait;

pub(crate) use de::{
    date_time_into, missing_field, nullable_date_time_into, nullable_into, skip_value, string_enum,
    value_into, ObjectKey,
};
pub(crate) use request::{path_segment, Request};
pub(crate) use ser::{present, serialize_object};
