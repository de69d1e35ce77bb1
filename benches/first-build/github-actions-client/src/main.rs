//! The three calls of the first-build benchmark with this crate: `MODE PORT AMOUNT`, printing
//! `seconds peak_rss_kib count` (see ../README.md).

use std::time::Instant;

use futures::TryStreamExt;
use github_actions_client::models::ArtifactArchiveFormat;
use github_actions_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, port, amount] = args.as_slice() else {
        panic!("usage: first-build-github-actions-client list|poll|download PORT AMOUNT");
    };
    let amount: u64 = amount.parse().expect("AMOUNT is a number");
    let client = Client::builder()
        .base_url(&format!("http://127.0.0.1:{port}"))?
        .build()?;
    let start = Instant::now();
    let count = match mode.as_str() {
        "list" => {
            let mut runs = client
                .list_workflow_runs_for_repo("o", "r")
                .per_page(100)
                .stream();
            let mut count = 0;
            while let Some(run) = runs.try_next().await? {
                std::hint::black_box(run);
                count += 1;
            }
            count
        }
        "poll" => {
            for _ in 0..amount {
                let run = client.get_workflow_run("o", "r", 1).send().await?;
                std::hint::black_box(run);
            }
            amount
        }
        "download" => {
            let path = std::env::temp_dir().join(format!(
                "first-build-github-actions-client-{}.bin",
                std::process::id()
            ));
            let written = client
                .download_artifact("o", "r", 1, ArtifactArchiveFormat::Zip)
                .download()
                .await?
                .save(&path)
                .await?;
            std::fs::remove_file(&path).expect("removed");
            written
        }
        other => panic!("unknown mode {other}"),
    };
    println!(
        "{} {} {count}",
        start.elapsed().as_secs_f64(),
        peak_rss_kib()
    );
    Ok(())
}

/// The peak resident set size of this process, in KiB (`VmHWM` in `/proc/self/status`).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
