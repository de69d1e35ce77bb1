//! Acts as a GitHub App: lists the latest workflow runs of every repository that one of its
//! installations can reach.
//!
//! ```sh
//! GITHUB_APP_ID=12345 GITHUB_APP_KEY=my-app.private-key.pem \
//!     cargo run --example app_list_runs -- INSTALLATION_ID
//! ```
//!
//! `GITHUB_APP_ID` is the App ID or the Client ID (`Iv1.…`); `GITHUB_APP_KEY` the private key
//! GitHub generated, as a file. `INSTALLATION_ID` may also be `OWNER/REPO`, to use the
//! installation on that repository's account. `GITHUB_API_URL` points it at GitHub Enterprise
//! Server. The client mints the installation's token, and renews it before it expires however
//! long the listing takes.

use futures::TryStreamExt;
use github_actions_client::models::{InstallationId, WorkflowRun};
use github_actions_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(which) = std::env::args().nth(1) else {
        eprintln!("usage: app_list_runs INSTALLATION_ID|OWNER/REPO");
        std::process::exit(2);
    };
    let (Ok(app_id), Ok(key_file)) = (
        std::env::var("GITHUB_APP_ID"),
        std::env::var("GITHUB_APP_KEY"),
    ) else {
        eprintln!("set GITHUB_APP_ID and GITHUB_APP_KEY (the private key's file)");
        std::process::exit(2);
    };
    let key = std::fs::read(&key_file)?;
    let mut builder = Client::builder()
        .user_agent("github-actions-client-example")
        .app(app_id, &key)?;
    if let Ok(url) = std::env::var("GITHUB_API_URL") {
        builder = builder.base_url(&url)?;
    }
    let app = builder.build()?;
    let installation = match which.split_once('/') {
        Some((owner, repo)) => app.repo_installation(owner, repo).await?,
        None => app.installation(which.parse::<InstallationId>()?)?,
    };

    for (repository, runs) in latest_runs(&installation, 5).await? {
        println!("{repository}");
        for run in runs {
            let status = run.status.map_or("-".into(), |status| status.to_string());
            let conclusion = run.conclusion.map_or("-".into(), |c| c.to_string());
            println!(
                "  {:>12}  {status:<12} {conclusion:<10} {}",
                run.id, run.html_url
            );
        }
    }
    Ok(())
}

/// The `per_repository` latest runs of each repository the installation can reach, by the
/// repository's full name, in the order GitHub lists the repositories.
pub async fn latest_runs(
    installation: &Client,
    per_repository: i64,
) -> Result<Vec<(String, Vec<WorkflowRun>)>, Error> {
    let repositories: Vec<_> = installation
        .list_repos_accessible_to_installation()
        .per_page(100)
        .stream()
        .try_collect()
        .await?;
    let mut all = Vec::with_capacity(repositories.len());
    for repository in repositories {
        let page = installation
            .list_workflow_runs_for_repo(&repository.owner.login, &repository.name)
            .per_page(per_repository)
            .send()
            .await?;
        all.push((repository.full_name, page.workflow_runs));
    }
    Ok(all)
}
