//! Names the generated code cannot take, because something else already has them: the runtime's
//! public names, the names generated files import, Rust's prelude, and the crates generated
//! files name by path. The naming pass (`lower::names`) checks every Rust name against these
//! lists.
//!
//! **Keep this file up to date with the runtime.** A method added to the runtime's `Client`
//! (in any `impl Client` block, public or not), a type re-exported at the crate root, or a
//! method added to every request builder goes in the matching list below. The suite's
//! `reserved_names` test reads the runtime's sources and fails, naming what is missing, when a
//! `Client` method or a crate-root re-export is not listed here.

/// Every method of the runtime's `Client`, public or private (an inherent method of the same
/// name, generated for an operation, would be a second definition, E0592), and the methods of
/// the traits `Client` implements (`clone`, `fmt`, …), which an inherent method of the same name
/// would hide from the generated code that calls them (`self.clone()`).
///
/// Some are not in the runtime yet: `installation`, `repo_installation`, `org_installation`,
/// `installation_token` and `rate_limits` are being added beside this list (GitHub App
/// authentication and the rate-limit endpoint); keeping them here already reserves the names.
pub const CLIENT_METHODS: &[&str] = &[
    // runtime/client.rs
    "builder",
    "base_url",
    "rate_limit",
    "cache_key",
    "retry_failure",
    "retry_error_status",
    "known_limit_hold",
    "build",
    "learn",
    "state",
    "sleep",
    "url",
    "send_raw",
    "send_head",
    "execute",
    // runtime/download.rs
    "send_and_download",
    "download",
    "download_from",
    // runtime/raw.rs
    "request",
    // runtime/pagination.rs
    "pages",
    "items",
    "items_from",
    "raw_pages",
    // runtime/sending.rs
    "sending",
    "send_owned",
    // runtime/secrets.rs
    "set_repo_secret",
    "set_environment_secret",
    "set_org_secret",
    // being added by other work (see above)
    "installation",
    // runtime/client.rs, runtime/app_auth.rs after the merge of rate limits and app auth
    "credential",
    "with_credential",
    "rate_limit_for",
    "admit",
    "app_parts",
    "app_client",
    "installation_client",
    // generated/src/client.rs (written by codegen itself)
    "core",
    "installation_with",
    "user_installation",
    "repo_installation",
    "org_installation",
    "installation_token",
    "rate_limits",
    // methods of the traits `Client` implements (Clone, Debug, Deref, and the blanket ones)
    "clone",
    "clone_from",
    "clone_into",
    "to_owned",
    "fmt",
    "deref",
    "into",
    "try_into",
    "from",
    "try_from",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// Methods every generated request builder has besides its setters (`send`, and the follow-ups
/// some builders have), and those of the traits builders implement or may implement
/// (`into_future` of `IntoFuture`, `clone`, `fmt`).
pub const BUILDER_METHODS: &[&str] = &[
    "send",
    "stream",
    "pages",
    "download",
    "request",
    "into_future",
    "clone",
    "clone_from",
    "fmt",
];

/// The request builder's own fields, which parameters (stored as fields) must not take.
pub const BUILDER_FIELDS: &[&str] = &["client", "body"];

/// Types and traits re-exported at the generated crate's root: generated files import some of
/// them (`use crate::{Client, Error, …}`), and users import them beside the models.
pub const CRATE_ROOT_TYPES: &[&str] = &[
    "ThrottlePolicy",
    "CreatedOrUpdated",
    "InstallationToken",
    "InstallationTokenOptions",
    "ApiError",
    "Client",
    "ClientBuilder",
    "DecodeError",
    "Download",
    "EncryptedSecret",
    "Error",
    "ErrorDetail",
    "Items",
    "Method",
    "Page",
    "Pages",
    "RateLimit",
    "RateLimited",
    "RawRequest",
    "Redirect",
    "Response",
    "RetryPolicy",
    "SealError",
    "SecretValue",
    "Sending",
    "SetEnvironmentSecret",
    "SetOrgSecret",
    "SetRepoSecret",
    "Sleeper",
    "StatusCode",
    "Wait",
    "WaitOptions",
];

/// Names generated files import by name (`use serde_json::Value;` …), each with where it
/// comes from: a model of the same name would clash with the import (E0255) or be hidden by it.
pub const IMPORTED: &[(&str, &str)] = &[
    ("BTreeMap", "std::collections::BTreeMap"),
    ("DateTime", "chrono::DateTime"),
    ("Deserialize", "serde::Deserialize"),
    ("Future", "std::future::Future"),
    ("Request", "crate::runtime::Request"),
    ("Serialize", "serde::Serialize"),
    ("Utc", "chrono::Utc"),
    ("Value", "serde_json::Value"),
];

/// Rust's prelude (edition 2021) in the type namespace: a model named `Option` would replace
/// `Option` in its own file (E0107), one named `String` would silently become every string.
pub const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Names an area's module cannot have: the crates and primitive types generated files name by
/// path (`serde::…`, `std::fmt`, `&str`). Each models file imports its siblings with
/// `use super::*`, so a module `serde` would make `serde::Serialize` ambiguous (E0659), and a
/// module `str` would stand for the type `str`.
pub const MODULES: &[&str] = &[
    "alloc",
    "bool",
    "char",
    "chrono",
    "core",
    "f32",
    "f64",
    "i128",
    "i16",
    "i32",
    "i64",
    "i8",
    "isize",
    "reqwest",
    "serde",
    "serde_json",
    "std",
    "str",
    "u128",
    "u16",
    "u32",
    "u64",
    "u8",
    "usize",
];

/// Cargo features of the generated crate that are not areas.
pub const FEATURES: &[&str] = &["default", "native-roots"];
