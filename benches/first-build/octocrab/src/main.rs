//! The three calls of the first-build benchmark with octocrab: `MODE PORT AMOUNT`, printing
//! `seconds peak_rss_kib count` (see ../README.md).

use std::time::Instant;

use octocrab::models::{ArtifactId, RunId};
use octocrab::params::actions::ArchiveFormat;
use octocrab::Octocrab;

#[tokio::main]
async fn main() -> octocrab::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, port, amount] = args.as_slice() else {
        panic!("usage: first-build-octocrab list|poll|download PORT AMOUNT");
    };
    let amount: u64 = amount.parse().expect("AMOUNT is a number");
    let octocrab = Octocrab::builder()
        .base_uri(format!("http://127.0.0.1:{port}"))?
        .build()?;
    let start = Instant::now();
    let count = match mode.as_str() {
        "list" => {
            let workflows = octocrab.workflows("o", "r");
            let mut page = workflows.list_all_runs().per_page(100).send().await?;
            let mut count = page.items.len() as u64;
            while let Some(next) = octocrab.get_page(&page.next).await? {
                page = next;
                count += page.items.len() as u64;
            }
            count
        }
        "poll" => {
            for _ in 0..amount {
                let run = octocrab.workflows("o", "r").get(RunId(1)).await?;
                std::hint::black_box(run);
            }
            amount
        }
        "download" => {
            // octocrab follows the 302 and returns the archive in memory.
            let bytes = octocrab
                .actions()
                .download_artifact("o", "r", ArtifactId(1), ArchiveFormat::Zip)
                .await?;
            let path = std::env::temp_dir()
                .join(format!("first-build-octocrab-{}.bin", std::process::id()));
            tokio::fs::write(&path, &bytes).await.expect("written");
            tokio::fs::remove_file(&path).await.expect("removed");
            bytes.len() as u64
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
