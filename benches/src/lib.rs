//! What the benchmarks in `benches/bench.rs` are made of: the spec and synthetic specs 10× and
//! 100× its size, pages built from the docs' examples, a loopback HTTP server (one shaped like a real link, one enforcing GitHub's secondary rate limits), and peak-memory
//! readings. `cargo bench -p benches` (or `cargo xtask bench`) runs them and prints one table;
//! `BENCHMARKS.md` explains the figures.

pub mod fanout;
pub mod measure;
pub mod pages;
pub mod server;
pub mod shaped;
pub mod spec;
