//! Lists the latest workflow runs of a repository, then downloads one run's logs.
//!
//! ```sh
//! GITHUB_TOKEN=ghp_… cargo run --example latest_runs -- OWNER/REPO [logs.zip]
//! ```
//!
//! Without `GITHUB_TOKEN` it works for public repositories (logs need a token). Inside GitHub
//! Actions, `GITHUB_API_URL` points it at the right API (GitHub Enterprise Server included).

use futures::{StreamExt, TryStreamExt};
use github_actions_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let Some((owner, repo)) = args.next().and_then(|arg| {
        arg.split_once('/')
            .map(|(o, r)| (o.to_owned(), r.to_owned()))
    }) else {
        eprintln!("usage: latest_runs OWNER/REPO [logs.zip]");
        std::process::exit(2);
    };
    let logs_file = args.next().unwrap_or_else(|| "logs.zip".to_owned());

    let mut builder = Client::builder().user_agent("github-actions-client-example");
    if let Ok(url) = std::env::var("GITHUB_API_URL") {
        builder = builder.base_url(&url)?;
    }
    if let Ok(token) = std::env::var("GITHUB_TOKEN") {
        builder = builder.token(token);
    }
    let client = builder.build()?;

    // The ten latest runs (newest first). `take` stops the stream, so no further page is fetched.
    let runs: Vec<_> = client
        .list_workflow_runs_for_repo(&owner, &repo)
        .per_page(10)
        .stream()
        .take(10)
        .try_collect()
        .await?;
    for run in &runs {
        let status = run
            .status
            .as_ref()
            .map_or("-".into(), |status| status.to_string());
        let conclusion = run
            .conclusion
            .as_ref()
            .map_or("-".into(), |c| c.to_string());
        let branch = run.head_branch.as_deref().unwrap_or("-");
        println!(
            "{:>12}  {status:<12} {conclusion:<10} {branch:<20} {}",
            run.id, run.html_url
        );
    }
    if let Some(limit) = client.rate_limit() {
        println!(
            "rate limit: {} of {} left until {}",
            limit.remaining, limit.limit, limit.reset
        );
    }

    let Some(run) = runs.first() else {
        println!("no runs");
        return Ok(());
    };
    match client
        .download_workflow_run_logs(&owner, &repo, run.id)
        .download()
        .await
    {
        Ok(download) => {
            let bytes = download.save(&logs_file).await?;
            println!(
                "saved the logs of run {} to {logs_file} ({bytes} bytes)",
                run.id
            );
        }
        Err(Error::Api(error)) if error.status == 410 => {
            println!("the logs of run {} are gone", run.id)
        }
        Err(error) => return Err(error.into()),
    }
    Ok(())
}
