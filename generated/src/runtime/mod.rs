//! The hand-written runtime under the generated code: the client, its requests and responses,
//! errors, pagination and redirects.

pub mod client;
pub mod error;
pub mod pagination;
pub mod redirect;
pub(crate) mod request;
pub(crate) mod response;

pub(crate) use request::{path_segment, Request};
