//! Dispatches a workflow, waits for the run it started to finish, and downloads the run's
//! artifacts: the flow of a release or deploy script, in one function.
//!
//! ```sh
//! GITHUB_TOKEN=ghp_… cargo run --example dispatch_and_wait -- OWNER/REPO WORKFLOW REF [DIR]
//! ```
//!
//! `WORKFLOW` is the workflow's file name (`deploy.yml`) or id; the workflow must run on
//! `workflow_dispatch`. The token needs `actions:write`. Inside GitHub Actions,
//! `GITHUB_API_URL` points it at the right API (GitHub Enterprise Server included). The
//! integration tests run [`dispatch_wait_download`] against a loopback server.

use std::path::{Path, PathBuf};

use futures::TryStreamExt;
use github_actions_client::models::{ArtifactArchiveFormat, WorkflowRun};
use github_actions_client::operations::CreateWorkflowDispatchOutcome;
use github_actions_client::{Client, WaitOptions};

/// Any error of the flow, with a message that says what to do.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some((owner, repo)), Some(workflow), Some(git_ref)) = (
        args.first().and_then(|arg| arg.split_once('/')),
        args.get(1),
        args.get(2),
    ) else {
        eprintln!("usage: dispatch_and_wait OWNER/REPO WORKFLOW REF [DIR]");
        std::process::exit(2);
    };
    let dir = PathBuf::from(args.get(3).map_or("artifacts", String::as_str));

    let mut builder = Client::builder().user_agent("github-actions-client-example");
    if let Ok(url) = std::env::var("GITHUB_API_URL") {
        builder = builder.base_url(&url)?;
    }
    if let Ok(token) = std::env::var("GITHUB_TOKEN") {
        builder = builder.token(token);
    }
    let client = builder.build()?;

    let (run, files) = dispatch_wait_download(
        &client,
        owner,
        repo,
        workflow,
        git_ref,
        &dir,
        WaitOptions::default(),
    )
    .await?;
    println!("run {} finished: {:?}", run.html_url, run.conclusion);
    for file in files {
        println!("saved {}", file.display());
    }
    Ok(())
}

/// Dispatches `workflow` on `git_ref`, waits for its run to finish (polling as `wait` says),
/// and saves each of the run's artifacts as `DIR/NAME.zip`. Returns the finished run and the
/// files written.
pub async fn dispatch_wait_download(
    client: &Client,
    owner: &str,
    repo: &str,
    workflow: &str,
    git_ref: &str,
    dir: &Path,
    wait: WaitOptions,
) -> Result<(WorkflowRun, Vec<PathBuf>), BoxError> {
    // 1. Dispatch, asking GitHub for the id of the run it starts.
    let outcome = client
        .create_workflow_dispatch(owner, repo, workflow, git_ref)
        .return_run_details(true)
        .send()
        .await?;
    let CreateWorkflowDispatchOutcome::RunDetails(details) = outcome else {
        return Err(
            "GitHub started the workflow but did not say which run it is \
                    (a server without `return_run_details`); find the run by listing the \
                    workflow's runs"
                .into(),
        );
    };

    // 2. Wait for the run to finish: conditional polls, so an unchanged run costs no rate limit.
    let run = client
        .wait_for_run(owner, repo, details.workflow_run_id)
        .options(wait)
        .await?;

    // 3. Download every artifact of the run, streamed to disk.
    tokio::fs::create_dir_all(dir).await?;
    let mut files = Vec::new();
    let mut artifacts = client
        .list_workflow_run_artifacts(owner, repo, run.id)
        .per_page(100)
        .stream();
    while let Some(artifact) = artifacts.try_next().await? {
        // Artifact names cannot hold path separators on GitHub; make sure of it anyway.
        let name = artifact.name.replace(['/', '\\'], "_");
        let file = dir.join(format!("{name}.zip"));
        client
            .download_artifact(owner, repo, artifact.id, ArtifactArchiveFormat::Zip)
            .download()
            .await?
            .save(&file)
            .await?;
        files.push(file);
    }
    Ok((run, files))
}
