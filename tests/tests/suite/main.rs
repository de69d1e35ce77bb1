//! The integration test suite, one binary: codegen snapshots and diagnostics, the generated
//! files' freshness and stability, every docs example, and the client over loopback HTTP.

mod api_diff;
mod api_review;
mod api_shape;
mod api_shape_exhaustive;
mod app_auth;
mod broken_lints;
mod broken_names;
mod broken_specs;
mod client;
mod codegen_output;
mod conformance;
mod draft_builds;
mod generator_property;
mod hardening;
mod hostile_responses;
mod mock;
mod models;
mod network;
mod new_area;
mod raw;
mod round_trip;
mod runtime;
mod secrets;
mod spec_format;
mod throttle;
#[rustfmt::skip]
mod spec_examples;
mod tools;
mod webhooks;
mod xtask_codegen;
mod xtask_draft;
