//! The 100-run page of `cargo xtask bench`, decoded into our `WorkflowRunList` and into the
//! reference client's type for the same response (progenitor 0.15.1's, generated from GitHub's
//! description by `scripts/reference-client.sh`), with the same baselines, in one run. Issue
//! #7 set twice its typed decode as the target for ours; issue 13 made decoding a regression
//! guard with derived serde impls: at least 0.9× the reference's, in the same run.
//!
//! The reference decodes as its runtime does (`progenitor-client` reads the body, then
//! `serde_json::from_slice`); `from_str` on the same text is shown too, to separate the
//! decoder's input path from the types.

use std::hint::black_box;
use std::time::Duration;

use benches::measure::{mb_per_s, median_time};
use benches::pages;
use benches::spec::spec_sources;
use bytes::Bytes;
use github_actions_client::models::WorkflowRunList;
use reference_client::types::ActionsListWorkflowRunsForRepoResponse as ReferenceRunList;
use serde::de::IgnoredAny;

fn main() {
    let api = codegen::check(spec_sources()).expect("the spec is valid");
    let run = pages::schema_example(&api, "workflow-run");
    let page = pages::page(&run, "workflow_runs", 100, 1, 10_000);
    let body = Bytes::copy_from_slice(&page);
    let text = std::str::from_utf8(&page).expect("the page is UTF-8");

    // Both typed decoders must read the whole page, or the comparison means nothing.
    let ours: WorkflowRunList = github_actions_client::decode_json(&body).expect("ours decodes");
    let reference: ReferenceRunList = serde_json::from_slice(&page).expect("the reference decodes");
    assert_eq!(ours.workflow_runs.len(), 100);
    assert_eq!(reference.workflow_runs.len(), 100);

    let budget = Duration::from_secs(3);
    let measure = |decode: &dyn Fn()| mb_per_s(page.len(), median_time(budget, 10, decode));
    let ours = measure(&|| {
        black_box(github_actions_client::decode_json::<WorkflowRunList>(black_box(&body)).unwrap());
    });
    let reference_slice = measure(&|| {
        black_box(serde_json::from_slice::<ReferenceRunList>(black_box(&page)).unwrap());
    });
    let reference_str = measure(&|| {
        black_box(serde_json::from_str::<ReferenceRunList>(black_box(text)).unwrap());
    });
    let value = measure(&|| {
        black_box(
            github_actions_client::decode_json::<serde_json::Value>(black_box(&body)).unwrap(),
        );
    });
    let scan = measure(&|| {
        black_box(github_actions_client::decode_json::<IgnoredAny>(black_box(&body)).unwrap());
    });

    println!(
        "| decode of the 100-run page ({:.2} MB) | MB/s | ours / this |",
        page.len() as f64 / 1e6
    );
    println!("| --- | --- | --- |");
    println!("| ours: `decode_json` into `WorkflowRunList` | {ours:.0} | |");
    for (what, speed, issue) in [
        (
            "reference: `serde_json::from_slice`, as its runtime decodes",
            reference_slice,
            Some(0.9),
        ),
        (
            "reference: `serde_json::from_str` on the same text",
            reference_str,
            None,
        ),
        (
            "`serde_json::Value` (through `decode_json`)",
            value,
            None,
        ),
        (
            "`IgnoredAny` scan (through `decode_json`)",
            scan,
            None,
        ),
    ] {
        // Issue 13: at least 0.9× the reference's typed decode (a regression guard now).
        let target = issue.map_or(String::new(), |ratio: f64| {
            format!(" (the target: ≥ {ratio:.1}×)")
        });
        println!("| {what} | {speed:.0} | {:.2}×{target} |", ours / speed);
    }
}
