//! Project automation behind `cargo xtask`. A library as well as a binary, so that the test
//! suite can run the same code against a scratch copy of the workspace.

pub mod api_diff;
pub mod audit;
pub mod codegen;
pub mod draft;
pub mod markdown;
pub mod naming;
