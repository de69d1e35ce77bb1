//! What a program keeps in memory when it keeps a little of every run it streams: 200 pages of
//! 100 runs from a loopback server, keeping `run.head_sha` (a `String` clone) of each, then the
//! memory still allocated once the stream is done, against the bytes kept. Before the models
//! became plain `String`s, a kept string held on to its whole response body (1.2 MB a page).
//!
//! `cargo run --release -p benches --bin retention` prints one table (BENCHMARKS.md).

use futures::TryStreamExt;
use github_actions_client::Client;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

use benches::pages;
use benches::server::{self, Content};
use benches::spec::spec_sources;

#[global_allocator]
static GLOBAL: &StatsAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

const PAGES: usize = 200;

fn main() {
    let api = codegen::check(spec_sources()).expect("the spec is valid");
    let run = pages::schema_example(&api, "workflow-run");
    let page = pages::page(&run, "workflow_runs", 100, 1, PAGES * 100);
    let page_bytes = page.len();
    let port = server::start(Content { page });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let client = Client::builder()
        .base_url(&format!("http://127.0.0.1:{port}"))
        .expect("a loopback URL")
        .build()
        .expect("a client");
    // One request first, so that the connection pool and TLS-free client state exist before
    // the measured region.
    runtime.block_on(async {
        client
            .list_workflow_runs_for_repo("p1", "r")
            .per_page(100)
            .send()
            .await
            .expect("a page")
    });

    println!("| kept from {PAGES} streamed pages ({:.1} MB each) | bytes kept | memory still allocated | ratio |", page_bytes as f64 / 1e6);
    println!("| --- | --- | --- | --- |");
    let (kept, live) = measure(&runtime, &client, |_| String::new());
    row("nothing (an empty `String` per run)", kept, live);
    let (kept, live) = measure(&runtime, &client, |run| run.head_sha.clone());
    row("`run.head_sha.clone()` of every run", kept, live);
    let (kept, live) = measure(&runtime, &client, |run| run.head_sha.to_string());
    row("`run.head_sha.to_string()` of every run", kept, live);
}

/// Streams every page, keeping `keep(run)` of each run; returns the bytes kept (the strings'
/// capacity and the `Vec` holding them) and the growth of live allocations across the stream.
fn measure(
    runtime: &tokio::runtime::Runtime,
    client: &Client,
    keep: impl Fn(&github_actions_client::models::WorkflowRun) -> String,
) -> (usize, isize) {
    let region = Region::new(GLOBAL);
    let kept: Vec<String> = runtime.block_on(async {
        let mut kept = Vec::new();
        let mut runs = client
            .list_workflow_runs_for_repo(format!("p{PAGES}"), "r")
            .per_page(100)
            .stream();
        while let Some(run) = runs.try_next().await.expect("a run") {
            kept.push(keep(&run));
        }
        kept
    });
    let change = region.change();
    // (stats_alloc counts a reallocation's growth or shrinking in these two already.)
    let live = change.bytes_allocated as isize - change.bytes_deallocated as isize;
    let bytes_kept = kept.iter().map(String::capacity).sum::<usize>()
        + kept.capacity() * std::mem::size_of::<String>();
    assert_eq!(kept.len(), PAGES * 100);
    (bytes_kept, live)
}

fn row(what: &str, kept: usize, live: isize) {
    println!(
        "| {what} | {:.2} MB | {:.2} MB | {:.2}× |",
        kept as f64 / 1e6,
        live as f64 / 1e6,
        live as f64 / kept as f64
    );
}
