//! Conformance against GitHub's official OpenAPI description (npm package `@octokit/openapi`,
//! pinned with Prism in `tests/package.json`; `npm ci` installs both into `tests/node_modules`
//! when they are missing).
//!
//! 1. [`audit_finds_only_allowlisted_differences`]: `cargo xtask audit`, the spec compared with
//!    the description field by field; fails on any difference not in `xtask/audit-allowlist.yaml`.
//! 2. The Prism rounds: Prism, a mock server that validates every request against the
//!    description, serves a trimmed copy of it on loopback, and the generated client calls all
//!    operations of spec/ (`call_every_operation`; a test fails on any it leaves out). A request Prism finds invalid fails the test (`--errors` turns every
//!    violation into an error status), and every answer must decode into our models: Prism's
//!    static examples, then random but schema-valid payloads for several fixed seeds.
//!
//! They run whenever Node.js and npm are on `PATH`, and always under CI, where a missing tool or
//! package fails them with how to install it (`cd tests && npm ci`); on a machine without
//! Node.js they return at once and the suite prints one line saying so (see `tools`).

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::fs::{self, File};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use github_actions_client::models::{
    ActionsHostedRunnerImageSource, ArtifactArchiveFormat, CustomGateComment, CustomGateDecision,
    DeploymentReviewState, Direction, GetActionsCacheListSort, HostedRunnerImage, JobFilter,
    OrgVisibility, WorkflowRunStatusFilter,
};
use github_actions_client::operations::{
    CreateWorkflowDispatchOutcome, Days, Enabled, RunWorkflowsFromForkPullRequests, UseDefault,
};
use github_actions_client::{Client, CreatedOrUpdated, Error, RetryPolicy};
use serde_json::{json, Map, Value};
use tests::workspace_root;
use xtask::audit;

/// How to install what these tests need.
const INSTALL: &str =
    "install Node.js 20+ and npm, then run `cd tests && npm ci` (the test runs it \
     by itself when npm is on PATH)";
/// How long Prism may take to start.
const STARTUP: Duration = Duration::from_secs(90);

/// Installs the pinned npm packages once per test run (tests run in parallel); `None` when
/// Node.js is missing outside CI (the test then does not run; see `tools`).
fn npm_packages() -> Option<PathBuf> {
    if !crate::tools::node() {
        return None;
    }
    static INSTALLED: Mutex<bool> = Mutex::new(false);
    let root = workspace_root();
    let mut installed = INSTALLED.lock().unwrap_or_else(|e| e.into_inner());
    if !*installed {
        if let Err(message) = audit::ensure_npm_packages(&root) {
            panic!("the conformance tests need Prism and @octokit/openapi: {message}");
        }
        *installed = true;
    }
    Some(root)
}

#[test]
fn audit_finds_only_allowlisted_differences() {
    let Some(root) = npm_packages() else {
        return;
    };
    let report = audit::audit(&root).unwrap_or_else(|message| panic!("audit failed: {message}"));
    assert_eq!(
        report.matched_operations, report.spec_operations,
        "every operation of spec/ must be in the official description"
    );
    assert!(
        report.passed(),
        "`cargo xtask audit` found differences that are not allowlisted:\n{}",
        report.render()
    );
}

#[tokio::test]
async fn prism_static_examples() {
    prism_round(None).await;
}

/// One test per seed (fixed, so that a failure reproduces), so that the harness runs them side
/// by side and names the failing seed.
macro_rules! dynamic_rounds {
    ($($name:ident: $seed:expr,)*) => {$(
        #[tokio::test]
        async fn $name() {
            prism_round(Some($seed)).await;
        }
    )*};
}

dynamic_rounds! {
    prism_dynamic_seed_1: 1,
    prism_dynamic_seed_7: 7,
    prism_dynamic_seed_42: 42,
    prism_dynamic_seed_2024: 2024,
}

/// One round: start Prism (static examples, or dynamic payloads from `seed`), call every
/// operation, and fail listing every call that did not pass.
async fn prism_round(seed: Option<u32>) {
    let Some(root) = npm_packages() else {
        return;
    };
    let round = match seed {
        None => "static examples".to_owned(),
        Some(seed) => format!("--dynamic --seed {seed}"),
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let description = dir.path().join("api.github.com.trimmed.json");
    fs::write(&description, trimmed_description(&root)).expect("write the trimmed description");
    let prism = Prism::start(&root, &description, seed, dir.path());

    let mut calls = Calls::default();
    call_every_operation(&prism.url, &mut calls).await;

    let expected: BTreeSet<String> = audit::load_spec(&root)
        .expect("spec/ loads")
        .operations
        .iter()
        .map(|operation| operation.name.clone())
        .collect();
    let missing: Vec<&String> = expected.difference(&calls.called).collect();
    let violations = prism.violations();
    let log = prism.log.clone();
    drop(prism);
    if !(missing.is_empty() && calls.failures.is_empty() && violations.is_empty()) {
        // Keep the trimmed description and Prism's log to look at.
        let _ = dir.keep();
    }
    assert!(
        missing.is_empty(),
        "[{round}] the conformance test does not call these operations of spec/: {missing:?}; add them to call_every_operation"
    );
    assert!(
        calls.failures.is_empty() && violations.is_empty(),
        "[{round}] {} of {} calls failed against Prism:\n  {}\nPrism's validation messages:\n  {}\nPrism's log: {}",
        calls.failures.len(),
        calls.count,
        calls.failures.join("\n  "),
        violations.join("\n  "),
        log.display(),
    );
    eprintln!(
        "conformance [{round}]: {} calls, {} operations, all passed",
        calls.count,
        calls.called.len()
    );
}

/// The results of one round's calls.
#[derive(Default)]
pub(super) struct Calls {
    /// Operation names called at least once.
    pub(super) called: BTreeSet<String>,
    pub(super) count: usize,
    pub(super) failures: Vec<String>,
}

impl Calls {
    /// Records a call that must succeed (which means its answer decoded).
    fn ok<T: Debug>(&mut self, operation: &str, result: Result<T, Error>) {
        self.check(operation, result, |_| true);
    }

    /// Records a call that must succeed with an answer that `expected` accepts.
    fn check<T: Debug>(
        &mut self,
        operation: &str,
        result: Result<T, Error>,
        expected: impl FnOnce(&T) -> bool,
    ) {
        self.called.insert(operation.to_owned());
        self.count += 1;
        match result {
            Ok(value) if expected(&value) => {}
            Ok(value) => self
                .failures
                .push(format!("{operation}: unexpected answer {value:?}")),
            Err(error) => self.failures.push(format!("{operation}: {error}")),
        }
    }
}

/// Calls each of the operations (some several times, to cover each outcome and both kinds
/// of `workflow_id`), with every optional parameter and body field set so that Prism
/// validates them too. The fake GitHub's test (`mock.rs`) makes the same calls.
pub(super) async fn call_every_operation(url: &str, calls: &mut Calls) {
    let client = prism_client(url, None);
    // Prism answers the first success status unless asked for another (`Prefer: code=…`).
    let updated = prism_client(url, Some("code=204"));
    let (o, r) = ("octo-org", "octo-repo");

    // Artifacts.
    calls.ok(
        "list-artifacts-for-repo",
        client
            .list_artifacts_for_repo(o, r)
            .per_page(30)
            .page(1)
            .name("Rails")
            .send()
            .await,
    );
    calls.ok("get-artifact", client.get_artifact(o, r, 11).send().await);
    calls.ok(
        "delete-artifact",
        client.delete_artifact(o, r, 11).send().await,
    );
    calls.check(
        "download-artifact",
        client
            .download_artifact(o, r, 11, ArtifactArchiveFormat::Zip)
            .send()
            .await,
        |redirect| !redirect.location().as_str().is_empty(),
    );
    calls.ok(
        "list-workflow-run-artifacts",
        client
            .list_workflow_run_artifacts(o, r, 30433642)
            .per_page(10)
            .page(2)
            .name("Rails")
            .direction(Direction::Asc)
            .send()
            .await,
    );

    // Secrets.
    let sealed = "c2VjcmV0"; // Base64, as the description's pattern wants.
    calls.ok(
        "list-org-secrets",
        client.list_org_secrets(o).per_page(30).page(1).send().await,
    );
    calls.ok(
        "get-org-public-key",
        client.get_org_public_key(o).send().await,
    );
    calls.ok(
        "get-org-secret",
        client.get_org_secret(o, "NPM_TOKEN").send().await,
    );
    for (api, expected) in [
        (&client, CreatedOrUpdated::Created),
        (&updated, CreatedOrUpdated::Updated),
    ] {
        calls.check(
            "create-or-update-org-secret",
            api.create_or_update_org_secret(o, "NPM_TOKEN", OrgVisibility::Selected)
                .encrypted_value(sealed)
                .key_id("012345678912345678")
                .selected_repository_ids([1296269, 1296280])
                .send()
                .await,
            |outcome| *outcome == expected,
        );
    }
    calls.ok(
        "delete-org-secret",
        client.delete_org_secret(o, "NPM_TOKEN").send().await,
    );
    calls.ok(
        "list-selected-repos-for-org-secret",
        client
            .list_selected_repos_for_org_secret(o, "NPM_TOKEN")
            .page(1)
            .per_page(30)
            .send()
            .await,
    );
    calls.ok(
        "set-selected-repos-for-org-secret",
        client
            .set_selected_repos_for_org_secret(o, "NPM_TOKEN", [64780797])
            .send()
            .await,
    );
    calls.ok(
        "add-selected-repo-to-org-secret",
        client
            .add_selected_repo_to_org_secret(o, "NPM_TOKEN", 64780797)
            .send()
            .await,
    );
    calls.ok(
        "remove-selected-repo-from-org-secret",
        client
            .remove_selected_repo_from_org_secret(o, "NPM_TOKEN", 64780797)
            .send()
            .await,
    );
    calls.ok(
        "list-repo-secrets",
        client
            .list_repo_secrets(o, r)
            .per_page(30)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "get-repo-public-key",
        client.get_repo_public_key(o, r).send().await,
    );
    calls.ok(
        "get-repo-secret",
        client.get_repo_secret(o, r, "GH_TOKEN").send().await,
    );
    for (api, expected) in [
        (&client, CreatedOrUpdated::Created),
        (&updated, CreatedOrUpdated::Updated),
    ] {
        calls.check(
            "create-or-update-repo-secret",
            api.create_or_update_repo_secret(o, r, "GH_TOKEN", sealed, "012345678912345678")
                .send()
                .await,
            |outcome| *outcome == expected,
        );
    }
    calls.ok(
        "delete-repo-secret",
        client.delete_repo_secret(o, r, "GH_TOKEN").send().await,
    );

    // Environment secrets.
    let env = "production";
    calls.ok(
        "get-environment-public-key",
        client.get_environment_public_key(o, r, env).send().await,
    );
    calls.ok(
        "list-environment-secrets",
        client
            .list_environment_secrets(o, r, env)
            .per_page(30)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "get-environment-secret",
        client
            .get_environment_secret(o, r, env, "GH_TOKEN")
            .send()
            .await,
    );
    for (api, expected) in [
        (&client, CreatedOrUpdated::Created),
        (&updated, CreatedOrUpdated::Updated),
    ] {
        calls.check(
            "create-or-update-environment-secret",
            api.create_or_update_environment_secret(
                o,
                r,
                env,
                "GH_TOKEN",
                sealed,
                "012345678912345678",
            )
            .send()
            .await,
            |outcome| *outcome == expected,
        );
    }
    calls.ok(
        "delete-environment-secret",
        client
            .delete_environment_secret(o, r, env, "GH_TOKEN")
            .send()
            .await,
    );

    // Self-hosted runner groups.
    calls.ok(
        "list-self-hosted-runner-groups-for-org",
        client
            .list_self_hosted_runner_groups_for_org(o)
            .per_page(30)
            .page(1)
            .visible_to_repository(r)
            .send()
            .await,
    );
    calls.ok(
        "create-self-hosted-runner-group-for-org",
        client
            .create_self_hosted_runner_group_for_org(o, "Expensive hardware runners")
            .visibility(OrgVisibility::Selected)
            .selected_repository_ids([32, 91])
            .runners([9, 2])
            .allows_public_repositories(false)
            .restricted_to_workflows(true)
            .selected_workflows(["octo-org/octo-repo/.github/workflows/deploy.yaml@main"])
            .network_configuration_id(
                "EC486D5D793175D7E3B29C27318D5C1AAE49A7833FC85F2E82C3D2C54AC7D3BA",
            )
            .send()
            .await,
    );
    calls.ok(
        "get-self-hosted-runner-group-for-org",
        client
            .get_self_hosted_runner_group_for_org(o, 2)
            .send()
            .await,
    );
    calls.ok(
        "update-self-hosted-runner-group-for-org",
        client
            .update_self_hosted_runner_group_for_org(o, 2, "Expensive hardware runners")
            .visibility(OrgVisibility::Private)
            .allows_public_repositories(true)
            .restricted_to_workflows(false)
            .selected_workflows(Vec::<String>::new())
            .network_configuration_id(
                "EC486D5D793175D7E3B29C27318D5C1AAE49A7833FC85F2E82C3D2C54AC7D3BA",
            )
            .send()
            .await,
    );
    calls.ok(
        "delete-self-hosted-runner-group-from-org",
        client
            .delete_self_hosted_runner_group_from_org(o, 2)
            .send()
            .await,
    );
    calls.ok(
        "list-self-hosted-runners-in-group-for-org",
        client
            .list_self_hosted_runners_in_group_for_org(o, 2)
            .per_page(30)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "set-self-hosted-runners-in-group-for-org",
        client
            .set_self_hosted_runners_in_group_for_org(o, 2, [9, 2])
            .send()
            .await,
    );
    calls.ok(
        "add-self-hosted-runner-to-group-for-org",
        client
            .add_self_hosted_runner_to_group_for_org(o, 2, 9)
            .send()
            .await,
    );
    calls.ok(
        "remove-self-hosted-runner-from-group-for-org",
        client
            .remove_self_hosted_runner_from_group_for_org(o, 2, 9)
            .send()
            .await,
    );
    calls.ok(
        "list-repo-access-to-self-hosted-runner-group-in-org",
        client
            .list_repo_access_to_self_hosted_runner_group_in_org(o, 2)
            .per_page(30)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "set-repo-access-to-self-hosted-runner-group-in-org",
        client
            .set_repo_access_to_self_hosted_runner_group_in_org(o, 2, [32, 91])
            .send()
            .await,
    );
    calls.ok(
        "add-repo-access-to-self-hosted-runner-group-in-org",
        client
            .add_repo_access_to_self_hosted_runner_group_in_org(o, 2, 32)
            .send()
            .await,
    );
    calls.ok(
        "remove-repo-access-to-self-hosted-runner-group-in-org",
        client
            .remove_repo_access_to_self_hosted_runner_group_in_org(o, 2, 32)
            .send()
            .await,
    );

    // Self-hosted runners.
    calls.ok(
        "list-self-hosted-runners-for-org",
        client
            .list_self_hosted_runners_for_org(o)
            .name("my-runner")
            .per_page(30)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "list-runner-applications-for-org",
        client.list_runner_applications_for_org(o).send().await,
    );
    calls.ok(
        "create-registration-token-for-org",
        client.create_registration_token_for_org(o).send().await,
    );
    calls.ok(
        "create-remove-token-for-org",
        client.create_remove_token_for_org(o).send().await,
    );
    calls.ok(
        "get-self-hosted-runner-for-org",
        client.get_self_hosted_runner_for_org(o, 23).send().await,
    );
    calls.ok(
        "delete-self-hosted-runner-from-org",
        client
            .delete_self_hosted_runner_from_org(o, 23)
            .send()
            .await,
    );
    calls.ok(
        "list-self-hosted-runners-for-repo",
        client
            .list_self_hosted_runners_for_repo(o, r)
            .name("my-runner")
            .per_page(30)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "list-runner-applications-for-repo",
        client.list_runner_applications_for_repo(o, r).send().await,
    );
    calls.ok(
        "create-registration-token-for-repo",
        client.create_registration_token_for_repo(o, r).send().await,
    );
    calls.ok(
        "create-remove-token-for-repo",
        client.create_remove_token_for_repo(o, r).send().await,
    );
    calls.ok(
        "get-self-hosted-runner-for-repo",
        client
            .get_self_hosted_runner_for_repo(o, r, 23)
            .send()
            .await,
    );
    calls.ok(
        "delete-self-hosted-runner-from-repo",
        client
            .delete_self_hosted_runner_from_repo(o, r, 23)
            .send()
            .await,
    );

    // Workflow jobs.
    calls.ok(
        "get-job-for-workflow-run",
        client
            .get_job_for_workflow_run(o, r, 399444496)
            .send()
            .await,
    );
    calls.check(
        "download-job-logs-for-workflow-run",
        client
            .download_job_logs_for_workflow_run(o, r, 399444496)
            .send()
            .await,
        |redirect| !redirect.location().as_str().is_empty(),
    );
    calls.ok(
        "list-jobs-for-workflow-run-attempt",
        client
            .list_jobs_for_workflow_run_attempt(o, r, 30433642, 1)
            .per_page(30)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "list-jobs-for-workflow-run",
        client
            .list_jobs_for_workflow_run(o, r, 30433642)
            .filter(JobFilter::All)
            .per_page(30)
            .page(1)
            .send()
            .await,
    );

    // Workflow runs.
    calls.ok(
        "list-workflow-runs-for-repo",
        client
            .list_workflow_runs_for_repo(o, r)
            .actor("octocat")
            .branch("main")
            .event("push")
            .status(WorkflowRunStatusFilter::Completed)
            .per_page(30)
            .page(1)
            .created("2024-01-01T00:00:00Z")
            .exclude_pull_requests(true)
            .check_suite_id(42)
            .head_sha("acb5820ced9479c074f688cc328bf03f341a511d")
            .send()
            .await,
    );
    calls.ok(
        "get-workflow-run",
        client
            .get_workflow_run(o, r, 30433642)
            .exclude_pull_requests(false)
            .send()
            .await,
    );
    calls.ok(
        "delete-workflow-run",
        client.delete_workflow_run(o, r, 30433642).send().await,
    );
    calls.ok(
        "get-workflow-run-attempt",
        client
            .get_workflow_run_attempt(o, r, 30433642, 1)
            .exclude_pull_requests(true)
            .send()
            .await,
    );
    calls.check(
        "download-workflow-run-attempt-logs",
        client
            .download_workflow_run_attempt_logs(o, r, 30433642, 1)
            .send()
            .await,
        |redirect| !redirect.location().as_str().is_empty(),
    );
    calls.ok(
        "cancel-workflow-run",
        client.cancel_workflow_run(o, r, 30433642).send().await,
    );
    calls.ok(
        "force-cancel-workflow-run",
        client
            .force_cancel_workflow_run(o, r, 30433642)
            .send()
            .await,
    );
    calls.check(
        "download-workflow-run-logs",
        client
            .download_workflow_run_logs(o, r, 30433642)
            .send()
            .await,
        |redirect| !redirect.location().as_str().is_empty(),
    );
    calls.ok(
        "delete-workflow-run-logs",
        client.delete_workflow_run_logs(o, r, 30433642).send().await,
    );
    calls.ok(
        "re-run-workflow",
        client
            .re_run_workflow(o, r, 30433642)
            .enable_debug_logging(true)
            .send()
            .await,
    );
    calls.ok(
        "get-workflow-run-usage",
        client.get_workflow_run_usage(o, r, 30433642).send().await,
    );
    // `workflow_id`: a numeric id and a file name.
    for workflow in [161335.into(), "main.yml".into()] {
        let workflow: github_actions_client::models::WorkflowIdOrFile = workflow;
        calls.ok(
            "list-workflow-runs",
            client
                .list_workflow_runs(o, r, workflow.clone())
                .actor("octocat")
                .branch("main")
                .event("workflow_dispatch")
                .status(WorkflowRunStatusFilter::InProgress)
                .per_page(30)
                .page(1)
                .created("2024-01-01T00:00:00Z")
                .exclude_pull_requests(false)
                .check_suite_id(42)
                .head_sha("acb5820ced9479c074f688cc328bf03f341a511d")
                .send()
                .await,
        );
        calls.ok(
            "get-workflow",
            client.get_workflow(o, r, workflow.clone()).send().await,
        );
        calls.ok(
            "get-workflow-usage",
            client
                .get_workflow_usage(o, r, workflow.clone())
                .send()
                .await,
        );
        for (api, details) in [(&client, true), (&updated, false)] {
            let mut inputs = std::collections::BTreeMap::new();
            inputs.insert("name".to_owned(), json!("Mona the Octocat"));
            inputs.insert("home".to_owned(), json!("San Francisco, CA"));
            calls.check(
                "create-workflow-dispatch",
                api.create_workflow_dispatch(o, r, workflow.clone(), "topic-branch")
                    .inputs(inputs)
                    .return_run_details(details)
                    .send()
                    .await,
                |outcome| match outcome {
                    CreateWorkflowDispatchOutcome::RunDetails(_) => details,
                    CreateWorkflowDispatchOutcome::Dispatched => !details,
                    _ => false,
                },
            );
        }
    }
    calls.ok(
        "list-repo-workflows",
        client
            .list_repo_workflows(o, r)
            .per_page(30)
            .page(1)
            .send()
            .await,
    );

    // Permissions.
    use github_actions_client::models::{
        ActionsDefaultWorkflowPermissions, AllowedActions, EnabledRepositories,
        ForkPrContributorApprovalPolicy, WorkflowAccessLevel,
    };
    let patterns = || ["monalisa/octocat@*", "docker/*"];
    calls.ok(
        "get-github-actions-permissions-organization",
        client
            .get_github_actions_permissions_organization(o)
            .send()
            .await,
    );
    calls.ok(
        "set-github-actions-permissions-organization",
        client
            .set_github_actions_permissions_organization(o, EnabledRepositories::Selected)
            .allowed_actions(AllowedActions::Selected)
            .sha_pinning_required(true)
            .send()
            .await,
    );
    calls.ok(
        "get-artifact-and-log-retention-settings-organization",
        client
            .get_artifact_and_log_retention_settings_organization(o)
            .send()
            .await,
    );
    calls.ok(
        "set-artifact-and-log-retention-settings-organization",
        client
            .set_artifact_and_log_retention_settings_organization(o, Days(100))
            .send()
            .await,
    );
    calls.ok(
        "get-fork-pr-contributor-approval-permissions-organization",
        client
            .get_fork_pr_contributor_approval_permissions_organization(o)
            .send()
            .await,
    );
    calls.ok(
        "set-fork-pr-contributor-approval-permissions-organization",
        client
            .set_fork_pr_contributor_approval_permissions_organization(
                o,
                ForkPrContributorApprovalPolicy::FirstTimeContributors,
            )
            .send()
            .await,
    );
    calls.ok(
        "get-private-repo-fork-pr-workflows-settings-organization",
        client
            .get_private_repo_fork_pr_workflows_settings_organization(o)
            .send()
            .await,
    );
    calls.ok(
        "set-private-repo-fork-pr-workflows-settings-organization",
        client
            .set_private_repo_fork_pr_workflows_settings_organization(
                o,
                RunWorkflowsFromForkPullRequests(true),
            )
            .send_write_tokens_to_workflows(false)
            .send_secrets_and_variables(false)
            .require_approval_for_fork_pr_workflows(true)
            .send()
            .await,
    );
    calls.ok(
        "list-selected-repositories-enabled-github-actions-organization",
        client
            .list_selected_repositories_enabled_github_actions_organization(o)
            .per_page(30)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "set-selected-repositories-enabled-github-actions-organization",
        client
            .set_selected_repositories_enabled_github_actions_organization(o, [32, 42])
            .send()
            .await,
    );
    calls.ok(
        "enable-selected-repository-github-actions-organization",
        client
            .enable_selected_repository_github_actions_organization(o, 1296269)
            .send()
            .await,
    );
    calls.ok(
        "disable-selected-repository-github-actions-organization",
        client
            .disable_selected_repository_github_actions_organization(o, 1296269)
            .send()
            .await,
    );
    calls.ok(
        "get-allowed-actions-organization",
        client.get_allowed_actions_organization(o).send().await,
    );
    calls.ok(
        "set-allowed-actions-organization",
        client
            .set_allowed_actions_organization(o)
            .github_owned_allowed(true)
            .verified_allowed(false)
            .patterns_allowed(patterns())
            .send()
            .await,
    );
    calls.ok(
        "get-self-hosted-runners-permissions-organization",
        client
            .get_self_hosted_runners_permissions_organization(o)
            .send()
            .await,
    );
    calls.ok(
        "set-self-hosted-runners-permissions-organization",
        client
            .set_self_hosted_runners_permissions_organization(o, EnabledRepositories::Selected)
            .send()
            .await,
    );
    calls.ok(
        "list-selected-repositories-self-hosted-runners-organization",
        client
            .list_selected_repositories_self_hosted_runners_organization(o)
            .per_page(30)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "set-selected-repositories-self-hosted-runners-organization",
        client
            .set_selected_repositories_self_hosted_runners_organization(o, [1, 2, 3])
            .send()
            .await,
    );
    calls.ok(
        "enable-selected-repository-self-hosted-runners-organization",
        client
            .enable_selected_repository_self_hosted_runners_organization(o, 1296269)
            .send()
            .await,
    );
    calls.ok(
        "disable-selected-repository-self-hosted-runners-organization",
        client
            .disable_selected_repository_self_hosted_runners_organization(o, 1296269)
            .send()
            .await,
    );
    calls.ok(
        "get-github-actions-default-workflow-permissions-organization",
        client
            .get_github_actions_default_workflow_permissions_organization(o)
            .send()
            .await,
    );
    calls.ok(
        "set-github-actions-default-workflow-permissions-organization",
        client
            .set_github_actions_default_workflow_permissions_organization(o)
            .default_workflow_permissions(ActionsDefaultWorkflowPermissions::Read)
            .can_approve_pull_request_reviews(false)
            .send()
            .await,
    );
    calls.ok(
        "get-github-actions-permissions-repository",
        client
            .get_github_actions_permissions_repository(o, r)
            .send()
            .await,
    );
    calls.ok(
        "set-github-actions-permissions-repository",
        client
            .set_github_actions_permissions_repository(o, r, Enabled(true))
            .allowed_actions(AllowedActions::LocalOnly)
            .sha_pinning_required(false)
            .send()
            .await,
    );
    calls.ok(
        "get-workflow-access-to-repository",
        client.get_workflow_access_to_repository(o, r).send().await,
    );
    calls.ok(
        "set-workflow-access-to-repository",
        client
            .set_workflow_access_to_repository(o, r, WorkflowAccessLevel::Organization)
            .send()
            .await,
    );
    calls.ok(
        "get-artifact-and-log-retention-settings-repository",
        client
            .get_artifact_and_log_retention_settings_repository(o, r)
            .send()
            .await,
    );
    calls.ok(
        "set-artifact-and-log-retention-settings-repository",
        client
            .set_artifact_and_log_retention_settings_repository(o, r, Days(90))
            .send()
            .await,
    );
    calls.ok(
        "get-fork-pr-contributor-approval-permissions-repository",
        client
            .get_fork_pr_contributor_approval_permissions_repository(o, r)
            .send()
            .await,
    );
    calls.ok(
        "set-fork-pr-contributor-approval-permissions-repository",
        client
            .set_fork_pr_contributor_approval_permissions_repository(
                o,
                r,
                ForkPrContributorApprovalPolicy::AllExternalContributors,
            )
            .send()
            .await,
    );
    calls.ok(
        "get-private-repo-fork-pr-workflows-settings-repository",
        client
            .get_private_repo_fork_pr_workflows_settings_repository(o, r)
            .send()
            .await,
    );
    calls.ok(
        "set-private-repo-fork-pr-workflows-settings-repository",
        client
            .set_private_repo_fork_pr_workflows_settings_repository(
                o,
                r,
                RunWorkflowsFromForkPullRequests(true),
            )
            .send_write_tokens_to_workflows(false)
            .send_secrets_and_variables(false)
            .require_approval_for_fork_pr_workflows(true)
            .send()
            .await,
    );
    calls.ok(
        "get-allowed-actions-repository",
        client.get_allowed_actions_repository(o, r).send().await,
    );
    calls.ok(
        "set-allowed-actions-repository",
        client
            .set_allowed_actions_repository(o, r)
            .github_owned_allowed(true)
            .verified_allowed(true)
            .patterns_allowed(patterns())
            .send()
            .await,
    );
    calls.ok(
        "get-github-actions-default-workflow-permissions-repository",
        client
            .get_github_actions_default_workflow_permissions_repository(o, r)
            .send()
            .await,
    );
    calls.ok(
        "set-github-actions-default-workflow-permissions-repository",
        client
            .set_github_actions_default_workflow_permissions_repository(o, r)
            .default_workflow_permissions(ActionsDefaultWorkflowPermissions::Write)
            .can_approve_pull_request_reviews(true)
            .send()
            .await,
    );

    // Self-hosted runners (just-in-time runners), workflow runs (re-runs of a job and of the
    // failed jobs, reviews, approvals, pending deployments, custom deployment protection
    // rules), workflows (disable, enable) and secrets (repository organization secrets).
    let labels = || ["self-hosted", "X64", "no-gpu"];
    calls.ok(
        "generate-runner-jitconfig-for-org",
        client
            .generate_runner_jitconfig_for_org(o, "New runner", 1, labels())
            .work_folder("_work")
            .send()
            .await,
    );
    calls.ok(
        "generate-runner-jitconfig-for-repo",
        client
            .generate_runner_jitconfig_for_repo(o, r, "New runner", 1, labels())
            .work_folder("_work")
            .send()
            .await,
    );
    calls.ok(
        "re-run-job-for-workflow-run",
        client
            .re_run_job_for_workflow_run(o, r, 399444496)
            .enable_debug_logging(true)
            .enable_debugger(true)
            .send()
            .await,
    );
    calls.ok(
        "get-reviews-for-run",
        client.get_reviews_for_run(o, r, 30433642).send().await,
    );
    calls.ok(
        "approve-workflow-run",
        client.approve_workflow_run(o, r, 30433642).send().await,
    );
    // Both shapes of the body: a `state` with a comment, and a comment alone.
    calls.ok(
        "review-custom-gates-for-run",
        client
            .review_custom_gates_for_run(
                o,
                r,
                30433642,
                CustomGateDecision::new("prod-eus", DeploymentReviewState::Approved)
                    .comment("All health checks passed."),
            )
            .send()
            .await,
    );
    calls.ok(
        "review-custom-gates-for-run",
        client
            .review_custom_gates_for_run(
                o,
                r,
                30433642,
                CustomGateComment::new("prod-eus", "Waiting for the health checks."),
            )
            .send()
            .await,
    );
    calls.ok(
        "get-pending-deployments-for-run",
        client
            .get_pending_deployments_for_run(o, r, 30433642)
            .send()
            .await,
    );
    calls.ok(
        "review-pending-deployments-for-run",
        client
            .review_pending_deployments_for_run(
                o,
                r,
                30433642,
                [161171787],
                DeploymentReviewState::Rejected,
                "Not yet.",
            )
            .send()
            .await,
    );
    calls.ok(
        "re-run-workflow-failed-jobs",
        client
            .re_run_workflow_failed_jobs(o, r, 30433642)
            .enable_debug_logging(true)
            .send()
            .await,
    );
    for workflow in [161335.into(), "main.yml".into()] {
        let workflow: github_actions_client::models::WorkflowIdOrFile = workflow;
        calls.ok(
            "disable-workflow",
            client.disable_workflow(o, r, workflow.clone()).send().await,
        );
        calls.ok(
            "enable-workflow",
            client.enable_workflow(o, r, workflow).send().await,
        );
    }
    calls.ok(
        "list-repo-organization-secrets",
        client
            .list_repo_organization_secrets(o, r)
            .per_page(30)
            .page(1)
            .send()
            .await,
    );

    // Cache, GitHub-hosted runners (and the hosted runners of a runner group).
    let e = "octo-enterprise";
    calls.ok(
        "get-actions-cache-retention-limit-for-enterprise",
        client
            .get_actions_cache_retention_limit_for_enterprise(e)
            .send()
            .await,
    );
    calls.ok(
        "set-actions-cache-retention-limit-for-enterprise",
        client
            .set_actions_cache_retention_limit_for_enterprise(e)
            .max_cache_retention_days(80)
            .send()
            .await,
    );
    calls.ok(
        "get-actions-cache-storage-limit-for-enterprise",
        client
            .get_actions_cache_storage_limit_for_enterprise(e)
            .send()
            .await,
    );
    calls.ok(
        "set-actions-cache-storage-limit-for-enterprise",
        client
            .set_actions_cache_storage_limit_for_enterprise(e)
            .max_cache_size_gb(150)
            .send()
            .await,
    );
    calls.ok(
        "get-actions-cache-retention-limit-for-organization",
        client
            .get_actions_cache_retention_limit_for_organization(o)
            .send()
            .await,
    );
    calls.ok(
        "set-actions-cache-retention-limit-for-organization",
        client
            .set_actions_cache_retention_limit_for_organization(o)
            .max_cache_retention_days(80)
            .send()
            .await,
    );
    calls.ok(
        "get-actions-cache-storage-limit-for-organization",
        client
            .get_actions_cache_storage_limit_for_organization(o)
            .send()
            .await,
    );
    calls.ok(
        "set-actions-cache-storage-limit-for-organization",
        client
            .set_actions_cache_storage_limit_for_organization(o)
            .max_cache_size_gb(150)
            .send()
            .await,
    );
    calls.ok(
        "get-actions-cache-usage-for-org",
        client.get_actions_cache_usage_for_org(o).send().await,
    );
    calls.ok(
        "get-actions-cache-usage-by-repo-for-org",
        client
            .get_actions_cache_usage_by_repo_for_org(o)
            .per_page(30)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "get-actions-cache-retention-limit-for-repository",
        client
            .get_actions_cache_retention_limit_for_repository(o, r)
            .send()
            .await,
    );
    calls.ok(
        "set-actions-cache-retention-limit-for-repository",
        client
            .set_actions_cache_retention_limit_for_repository(o, r)
            .max_cache_retention_days(80)
            .send()
            .await,
    );
    calls.ok(
        "get-actions-cache-storage-limit-for-repository",
        client
            .get_actions_cache_storage_limit_for_repository(o, r)
            .send()
            .await,
    );
    calls.ok(
        "set-actions-cache-storage-limit-for-repository",
        client
            .set_actions_cache_storage_limit_for_repository(o, r)
            .max_cache_size_gb(150)
            .send()
            .await,
    );
    calls.ok(
        "get-actions-cache-usage",
        client.get_actions_cache_usage(o, r).send().await,
    );
    calls.ok(
        "get-actions-cache-list",
        client
            .get_actions_cache_list(o, r)
            .per_page(30)
            .page(1)
            .ref_("refs/heads/main")
            .key("Linux-node-")
            .sort(GetActionsCacheListSort::SizeInBytes)
            .direction(Direction::Asc)
            .send()
            .await,
    );
    calls.ok(
        "delete-actions-cache-by-id",
        client.delete_actions_cache_by_id(o, r, 505).send().await,
    );
    calls.ok(
        "delete-actions-cache-by-key",
        client
            .delete_actions_cache_by_key(
                o,
                r,
                "Linux-node-958aff96db2d75d67787d1e634ae70b659de937b",
            )
            .ref_("refs/heads/main")
            .send()
            .await,
    );
    calls.ok(
        "list-hosted-runners-for-org",
        client
            .list_hosted_runners_for_org(o)
            .per_page(30)
            .page(1)
            .send()
            .await,
    );
    let image = HostedRunnerImage::new("ubuntu-latest", ActionsHostedRunnerImageSource::Github)
        .version("latest");
    calls.ok(
        "create-hosted-runner-for-org",
        client
            .create_hosted_runner_for_org(o, "My Hosted runner", image, "4-core", 1)
            .maximum_runners(50)
            .enable_static_ip(false)
            .image_gen(false)
            .send()
            .await,
    );
    calls.ok(
        "list-custom-images-for-org",
        client.list_custom_images_for_org(o).send().await,
    );
    calls.ok(
        "get-custom-image-for-org",
        client.get_custom_image_for_org(o, 1).send().await,
    );
    calls.ok(
        "delete-custom-image-from-org",
        client.delete_custom_image_from_org(o, 1).send().await,
    );
    calls.ok(
        "list-custom-image-versions-for-org",
        client.list_custom_image_versions_for_org(o, 1).send().await,
    );
    calls.ok(
        "get-custom-image-version-for-org",
        client
            .get_custom_image_version_for_org(o, 1, "1.0.0")
            .send()
            .await,
    );
    calls.ok(
        "delete-custom-image-version-from-org",
        client
            .delete_custom_image_version_from_org(o, 1, "1.0.0")
            .send()
            .await,
    );
    calls.ok(
        "get-hosted-runners-github-owned-images-for-org",
        client
            .get_hosted_runners_github_owned_images_for_org(o)
            .send()
            .await,
    );
    calls.ok(
        "get-hosted-runners-partner-images-for-org",
        client
            .get_hosted_runners_partner_images_for_org(o)
            .send()
            .await,
    );
    calls.ok(
        "get-hosted-runners-limits-for-org",
        client.get_hosted_runners_limits_for_org(o).send().await,
    );
    calls.ok(
        "get-hosted-runners-machine-specs-for-org",
        client
            .get_hosted_runners_machine_specs_for_org(o)
            .send()
            .await,
    );
    calls.ok(
        "get-hosted-runners-platforms-for-org",
        client.get_hosted_runners_platforms_for_org(o).send().await,
    );
    calls.ok(
        "get-hosted-runner-for-org",
        client.get_hosted_runner_for_org(o, 5).send().await,
    );
    calls.ok(
        "update-hosted-runner-for-org",
        client
            .update_hosted_runner_for_org(o, 5)
            .name("My larger runner")
            .runner_group_id(1)
            .maximum_runners(50)
            .enable_static_ip(false)
            .size("8-core")
            .image(
                HostedRunnerImage::new("1", ActionsHostedRunnerImageSource::Custom)
                    .version("1.0.0"),
            )
            .image_gen(true)
            .send()
            .await,
    );
    calls.ok(
        "update-hosted-runner-for-org",
        client
            .update_hosted_runner_for_org(o, 5)
            .image(HostedRunnerImage::new(
                "ubuntu-latest",
                ActionsHostedRunnerImageSource::Github,
            ))
            .send()
            .await,
    );
    calls.ok(
        "delete-hosted-runner-for-org",
        client.delete_hosted_runner_for_org(o, 5).send().await,
    );
    calls.ok(
        "list-github-hosted-runners-in-group-for-org",
        client
            .list_github_hosted_runners_in_group_for_org(o, 2)
            .per_page(30)
            .page(1)
            .send()
            .await,
    );

    // Variables, concurrency groups and OIDC.
    let (env, var) = ("production", "USERNAME");
    calls.ok(
        "list-org-variables",
        client
            .list_org_variables(o)
            .per_page(10)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "create-org-variable",
        client
            .create_org_variable(o, var, "octocat", OrgVisibility::Selected)
            .selected_repository_ids([1296269, 1296280])
            .send()
            .await,
    );
    calls.ok(
        "get-org-variable",
        client.get_org_variable(o, var).send().await,
    );
    calls.ok(
        "update-org-variable",
        client
            .update_org_variable(o, var)
            .name("USERNAME_2")
            .value("octocat")
            .visibility(OrgVisibility::Selected)
            .selected_repository_ids([1296269, 1296280])
            .send()
            .await,
    );
    calls.ok(
        "delete-org-variable",
        client.delete_org_variable(o, var).send().await,
    );
    calls.ok(
        "list-selected-repos-for-org-variable",
        client
            .list_selected_repos_for_org_variable(o, var)
            .page(1)
            .per_page(30)
            .send()
            .await,
    );
    calls.ok(
        "set-selected-repos-for-org-variable",
        client
            .set_selected_repos_for_org_variable(o, var, [64780797])
            .send()
            .await,
    );
    calls.ok(
        "add-selected-repo-to-org-variable",
        client
            .add_selected_repo_to_org_variable(o, var, 64780797)
            .send()
            .await,
    );
    calls.ok(
        "remove-selected-repo-from-org-variable",
        client
            .remove_selected_repo_from_org_variable(o, var, 64780797)
            .send()
            .await,
    );
    calls.ok(
        "list-repo-organization-variables",
        client
            .list_repo_organization_variables(o, r)
            .per_page(10)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "list-repo-variables",
        client
            .list_repo_variables(o, r)
            .per_page(10)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "create-repo-variable",
        client
            .create_repo_variable(o, r, var, "octocat")
            .send()
            .await,
    );
    calls.ok(
        "get-repo-variable",
        client.get_repo_variable(o, r, var).send().await,
    );
    calls.ok(
        "update-repo-variable",
        client
            .update_repo_variable(o, r, var)
            .name("USERNAME_2")
            .value("octocat")
            .send()
            .await,
    );
    calls.ok(
        "delete-repo-variable",
        client.delete_repo_variable(o, r, var).send().await,
    );
    calls.ok(
        "list-environment-variables",
        client
            .list_environment_variables(o, r, env)
            .per_page(10)
            .page(1)
            .send()
            .await,
    );
    calls.ok(
        "create-environment-variable",
        client
            .create_environment_variable(o, r, env, var, "octocat")
            .send()
            .await,
    );
    calls.ok(
        "get-environment-variable",
        client.get_environment_variable(o, r, env, var).send().await,
    );
    calls.ok(
        "update-environment-variable",
        client
            .update_environment_variable(o, r, env, var)
            .name("USERNAME_2")
            .value("octocat")
            .send()
            .await,
    );
    calls.ok(
        "delete-environment-variable",
        client
            .delete_environment_variable(o, r, env, var)
            .send()
            .await,
    );
    calls.ok(
        "list-concurrency-groups-for-repository",
        client
            .list_concurrency_groups_for_repository(o, r)
            .per_page(30)
            .after("Y3Vyc29yOnYyOpK5MjAyNi0wMS0xNVQxNjoxNDoyMyswMDowMM4B")
            .send()
            .await,
    );
    // `ahead_of_run` and `ahead_of_job` are mutually exclusive: one call with each.
    calls.ok(
        "get-concurrency-group-for-repository",
        client
            .get_concurrency_group_for_repository(o, r, "deploy-prod")
            .ahead_of_run(30433642)
            .send()
            .await,
    );
    calls.ok(
        "get-concurrency-group-for-repository",
        client
            .get_concurrency_group_for_repository(o, r, "deploy-prod")
            .ahead_of_job(798245260)
            .send()
            .await,
    );
    calls.ok(
        "list-concurrency-groups-for-workflow-run",
        client
            .list_concurrency_groups_for_workflow_run(o, r, 30433642)
            .per_page(30)
            .before("Y3Vyc29yOnYyOpK5MjAyNi0wMS0xNVQxNjoxNDoyMyswMDowMM4B")
            .after("Y3Vyc29yOnYyOpK5MjAyNi0wMS0xNVQxNjoxMzo1NSswMDowMM4B")
            .send()
            .await,
    );
    let enterprise = "octo-enterprise";
    calls.ok(
        "list-oidc-custom-property-inclusions-for-enterprise",
        client
            .list_oidc_custom_property_inclusions_for_enterprise(enterprise)
            .send()
            .await,
    );
    calls.ok(
        "create-oidc-custom-property-inclusion-for-enterprise",
        client
            .create_oidc_custom_property_inclusion_for_enterprise(enterprise, "environment")
            .send()
            .await,
    );
    calls.ok(
        "delete-oidc-custom-property-inclusion-for-enterprise",
        client
            .delete_oidc_custom_property_inclusion_for_enterprise(enterprise, "environment")
            .send()
            .await,
    );
    calls.ok(
        "list-oidc-custom-property-inclusions-for-org",
        client
            .list_oidc_custom_property_inclusions_for_org(o)
            .send()
            .await,
    );
    calls.ok(
        "create-oidc-custom-property-inclusion-for-org",
        client
            .create_oidc_custom_property_inclusion_for_org(o, "environment")
            .send()
            .await,
    );
    calls.ok(
        "delete-oidc-custom-property-inclusion-for-org",
        client
            .delete_oidc_custom_property_inclusion_for_org(o, "environment")
            .send()
            .await,
    );
    calls.ok(
        "get-oidc-custom-sub-template-for-org",
        client.get_oidc_custom_sub_template_for_org(o).send().await,
    );
    calls.ok(
        "update-oidc-custom-sub-template-for-org",
        client
            .update_oidc_custom_sub_template_for_org(o)
            .include_claim_keys(["repo", "context"])
            .use_immutable_subject(false)
            .send()
            .await,
    );
    calls.ok(
        "get-custom-oidc-sub-claim-for-repo",
        client.get_custom_oidc_sub_claim_for_repo(o, r).send().await,
    );
    calls.ok(
        "set-custom-oidc-sub-claim-for-repo",
        client
            .set_custom_oidc_sub_claim_for_repo(o, r, UseDefault(false))
            .include_claim_keys(["repo", "context"])
            .use_immutable_subject(false)
            .send()
            .await,
    );

    // Self-hosted runner labels.
    let custom = || ["gpu", "accelerated"];
    calls.ok(
        "list-labels-for-self-hosted-runner-for-org",
        client
            .list_labels_for_self_hosted_runner_for_org(o, 42)
            .send()
            .await,
    );
    calls.ok(
        "add-custom-labels-to-self-hosted-runner-for-org",
        client
            .add_custom_labels_to_self_hosted_runner_for_org(o, 42, custom())
            .send()
            .await,
    );
    calls.ok(
        "set-custom-labels-for-self-hosted-runner-for-org",
        client
            .set_custom_labels_for_self_hosted_runner_for_org(o, 42, custom())
            .send()
            .await,
    );
    calls.ok(
        "remove-all-custom-labels-from-self-hosted-runner-for-org",
        client
            .remove_all_custom_labels_from_self_hosted_runner_for_org(o, 42)
            .send()
            .await,
    );
    calls.ok(
        "remove-custom-label-from-self-hosted-runner-for-org",
        client
            .remove_custom_label_from_self_hosted_runner_for_org(o, 42, "gpu")
            .send()
            .await,
    );
    calls.ok(
        "list-labels-for-self-hosted-runner-for-repo",
        client
            .list_labels_for_self_hosted_runner_for_repo(o, r, 42)
            .send()
            .await,
    );
    calls.ok(
        "add-custom-labels-to-self-hosted-runner-for-repo",
        client
            .add_custom_labels_to_self_hosted_runner_for_repo(o, r, 42, custom())
            .send()
            .await,
    );
    calls.ok(
        "set-custom-labels-for-self-hosted-runner-for-repo",
        client
            .set_custom_labels_for_self_hosted_runner_for_repo(o, r, 42, custom())
            .send()
            .await,
    );
    calls.ok(
        "remove-all-custom-labels-from-self-hosted-runner-for-repo",
        client
            .remove_all_custom_labels_from_self_hosted_runner_for_repo(o, r, 42)
            .send()
            .await,
    );
    calls.ok(
        "remove-custom-label-from-self-hosted-runner-for-repo",
        client
            .remove_custom_label_from_self_hosted_runner_for_repo(o, r, 42, "gpu")
            .send()
            .await,
    );

    // GitHub Apps: the operations behind `Client::installation` and its look-ups, called
    // directly (Prism checks requests, not the JWT).
    calls.ok(
        "create-installation-access-token",
        client
            .create_installation_access_token(1)
            .repositories(["Hello-World"])
            .repository_ids([1296269])
            .permissions([("actions".to_owned(), "read".to_owned())].into())
            .send()
            .await,
    );
    calls.ok(
        "get-repo-installation",
        client.get_repo_installation(o, r).send().await,
    );
    calls.ok(
        "get-org-installation",
        client.get_org_installation(o).send().await,
    );
    calls.ok(
        "get-user-installation",
        client.get_user_installation("octocat").send().await,
    );
    calls.ok(
        "list-installations",
        client
            .list_installations()
            .per_page(30)
            .page(1)
            .outdated("true")
            .send()
            .await,
    );
    calls.ok(
        "list-repos-accessible-to-installation",
        client
            .list_repos_accessible_to_installation()
            .per_page(30)
            .page(1)
            .send()
            .await,
    );
}

/// A client for Prism at `url`: no retries (a failure shows at once), and optionally a
/// `Prefer` header, Prism's way to choose the answer's status.
fn prism_client(url: &str, prefer: Option<&str>) -> Client {
    let mut builder = Client::builder()
        .base_url(url)
        .expect("Prism's URL")
        .token("ghp_conformance")
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(30));
    if let Some(prefer) = prefer {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("prefer", prefer.parse().expect("a header value"));
        headers.insert(
            "user-agent",
            "github-actions-client-conformance".parse().unwrap(),
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("an HTTP client");
        builder = builder.http_client(http);
    }
    builder.build().expect("a client")
}

/// A Prism process on a free loopback port, stopped when dropped.
struct Prism {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Prism {
    /// Starts Prism and waits until it listens; fails (never skips) when it cannot start.
    fn start(root: &Path, description: &Path, seed: Option<u32>, dir: &Path) -> Prism {
        let binary = root.join(audit::NPM_DIR).join("node_modules/.bin/prism");
        let mut last_log = String::new();
        // A free port can be taken between choosing it and Prism binding it: try a few.
        for attempt in 0..3 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|listener| listener.local_addr())
                .expect("a free loopback port")
                .port();
            let log = dir.join(format!("prism-{port}.log"));
            let output = File::create(&log).expect("create Prism's log");
            let mut command = Command::new(&binary);
            command.arg("mock").arg(description).args([
                "-p",
                &port.to_string(),
                "-h",
                "127.0.0.1",
                "--errors",
            ]);
            if let Some(seed) = seed {
                command.args(["--dynamic", "--seed", &seed.to_string()]);
            }
            let child = command
                .current_dir(root.join(audit::NPM_DIR))
                .stdin(Stdio::null())
                .stdout(output.try_clone().expect("log handle"))
                .stderr(output)
                .spawn()
                .unwrap_or_else(|e| {
                    panic!("cannot start Prism ({}): {e}\n{INSTALL}", binary.display())
                });
            let mut prism = Prism {
                child,
                url: format!("http://127.0.0.1:{port}"),
                log,
            };
            let started = Instant::now();
            loop {
                let text = fs::read_to_string(&prism.log).unwrap_or_default();
                if text.contains("Prism is listening")
                    && TcpStream::connect(("127.0.0.1", port)).is_ok()
                {
                    return prism;
                }
                if let Ok(Some(status)) = prism.child.try_wait() {
                    last_log = format!(
                        "Prism exited ({status}) on attempt {}:\n{text}",
                        attempt + 1
                    );
                    break;
                }
                if started.elapsed() > STARTUP {
                    panic!(
                        "Prism did not start listening within {STARTUP:?}; its log:\n{text}\n{INSTALL}"
                    );
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            if !last_log.contains("EADDRINUSE") {
                break;
            }
        }
        panic!("Prism could not start. {last_log}\n{INSTALL}");
    }

    /// Prism's validation errors and warnings about requests and responses, from its log.
    fn violations(&self) -> Vec<String> {
        let text = fs::read_to_string(&self.log).unwrap_or_default();
        text.lines()
            .filter(|line| line.contains("[VALIDATOR]") && !line.contains("success"))
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Removes, everywhere under `value`, the examples that their own schema refuses (by
/// `xtask::audit::examples::schema_problems`, against `full`): those of a response's media type
/// (`examples`, `example`) and those of a schema or a property (`example: 20.04` on a
/// `type: string` display name). Prism, validating its answers (`--errors`), would answer 500
/// to them; without them it builds its answer from the schema. Which response examples these
/// are, and why our models follow the schema where they differ, is the audit's business (the
/// rule in xtask/src/audit_examples.rs); nothing here patches an example.
fn drop_examples_their_schema_refuses(value: &mut Value, full: &Value) {
    let fits = |example: &Value, schema: &Value| {
        audit::examples::schema_problems(full, schema, example).is_empty()
    };
    each_object(value, &mut |map| {
        // A media type or a parameter holds its examples beside its `schema`; a schema holds
        // its own `example`.
        let schema = map.get("schema").cloned();
        if let Some(example) = map.get("example") {
            let own = Value::Object(map.clone());
            if !fits(example, schema.as_ref().unwrap_or(&own)) {
                map.remove("example");
            }
        }
        if let (Some(Value::Object(examples)), Some(schema)) =
            (map.get_mut("examples"), schema.as_ref())
        {
            examples.retain(|_, example| {
                let example = audit::examples::resolve(full, example);
                fits(example.get("value").unwrap_or(&Value::Null), schema)
            });
            // With none left, Prism builds its answer from the schema; an empty `examples`
            // would have it answer nothing.
            if examples.is_empty() {
                map.remove("examples");
            }
        }
    });
}

/// Calls `visit` on every JSON object under `value` (`value` itself included), each before
/// what it holds: the walk every edit of Prism's copy of the description makes.
fn each_object(value: &mut Value, visit: &mut impl FnMut(&mut Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            visit(map);
            map.values_mut().for_each(|v| each_object(v, visit));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| each_object(v, visit)),
        _ => {}
    }
}

/// The description trimmed to the spec's operations and the components they reference, with
/// the fixes Prism needs (see [`fix_for_prism`]); computed once per test run.
fn trimmed_description(root: &Path) -> &'static str {
    static TRIMMED: OnceLock<String> = OnceLock::new();
    TRIMMED.get_or_init(|| {
        let text = fs::read_to_string(root.join(audit::DESCRIPTION))
            .unwrap_or_else(|e| panic!("cannot read {}: {e}\n{INSTALL}", audit::DESCRIPTION));
        let full: Value = serde_json::from_str(&text).expect("the description is JSON");
        let api = audit::load_spec(root).expect("spec/ loads");
        let mut paths = Map::new();
        for operation in &api.operations {
            let method = format!("{:?}", operation.http_method).to_lowercase();
            let path = &operation.path.raw;
            let official = full["paths"][path].get(&method).unwrap_or_else(|| {
                panic!(
                    "{method} {path} is not in the official description (see `cargo xtask audit`)"
                )
            });
            let item = paths
                .entry(path.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            item[&method] = official.clone();
        }
        let mut trimmed = json!({
            "openapi": full["openapi"],
            "info": full["info"],
            "paths": paths,
            "components": {},
        });
        // Every component the operations reference, and what those reference in turn.
        let mut pending: Vec<String> = Vec::new();
        collect_refs(&trimmed["paths"], &mut pending);
        let mut seen = BTreeSet::new();
        while let Some(reference) = pending.pop() {
            if !seen.insert(reference.clone()) {
                continue;
            }
            let pointer = reference.trim_start_matches('#');
            let value = full
                .pointer(pointer)
                .unwrap_or_else(|| panic!("dangling reference {reference}"));
            collect_refs(value, &mut pending);
            let mut parts = pointer.trim_start_matches("/components/").splitn(2, '/');
            let (kind, name) = (parts.next().unwrap(), parts.next().unwrap());
            trimmed["components"]
                .as_object_mut()
                .unwrap()
                .entry(kind)
                .or_insert_with(|| json!({}))[name] = value.clone();
        }
        drop_examples_their_schema_refuses(&mut trimmed, &full);
        fix_for_prism(&mut trimmed);
        serde_json::to_string(&trimmed).expect("serialise the trimmed description")
    })
}

fn collect_refs(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                if reference.starts_with("#/components/") {
                    into.push(reference.clone());
                }
            }
            map.values().for_each(|v| collect_refs(v, into));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, into)),
        _ => {}
    }
}

/// Fixes, in the copy Prism serves only, for what the description says in a way Prism
/// misreads. The client keeps sending what GitHub documents. None of them touches an example:
/// GitHub's examples are held to one rule by the audit, and Prism serves those that fit their
/// own schema (see [`drop_examples_their_schema_refuses`]).
fn fix_for_prism(description: &mut Value) {
    // 1. The client sends `Accept: application/vnd.github+json`, as GitHub recommends; the
    //    description declares only `application/json`, and Prism answers 406 Not Acceptable.
    //    Every JSON response also gets GitHub's media type.
    let mut github_media_type = |map: &mut Map<String, Value>| {
        if let Some(Value::Object(content)) = map.get_mut("content") {
            if let Some(json) = content.get("application/json").cloned() {
                content.entry("application/vnd.github+json").or_insert(json);
            }
        }
    };
    each_object(&mut description["paths"], &mut github_media_type);
    if let Some(responses) = description["components"].get_mut("responses") {
        each_object(responses, &mut github_media_type);
    }

    // 2. `workflow_id` is `oneOf: [integer, string]`: an integer id matches both (a number is
    //    a valid string in a path), so Prism rejects every numeric id. `anyOf` says what is meant.
    let workflow_id = &mut description["components"]["parameters"]["workflow-id"]["schema"];
    if let Some(alternatives) = workflow_id.as_object_mut().and_then(|s| s.remove("oneOf")) {
        workflow_id["anyOf"] = alternatives;
    }

    // 3. Runner group ids and the `total_count` of three lists are `type: number`; GitHub sends
    //    integers (as the docs examples show; allowlisted in the audit), but Prism's dynamic
    //    payloads would be fractions that no integer decodes.
    each_object(description, &mut |map| {
        if map.get("type") == Some(&json!("number")) {
            map.insert("type".to_owned(), json!("integer"));
        }
    });

    // 4. Prism's dynamic payloads fill every optional field by default; these rounds want
    //    optional fields left out too: half of them, a different half for each seed.
    description["x-json-schema-faker"] = json!({
        "alwaysFakeOptionals": false,
        "optionalsProbability": 0.5,
    });

    // 5. The page of list-selected-repositories-self-hosted-runners-organization leaves its
    //    `repositories` out of `required`; the spec requires it (the items to page through;
    //    allowlisted in the audit), so Prism's dynamic payloads must keep it (in each media
    //    type, GitHub's included).
    let path = "/orgs/{org}/actions/permissions/self-hosted-runners/repositories";
    if let Some(Value::Object(content)) =
        description["paths"][path]["get"]["responses"]["200"].get_mut("content")
    {
        for media in content.values_mut() {
            media["schema"]["required"] = json!(["repositories"]);
        }
    }

    // 6. An installation token's `expires_at` is a timestamp GitHub writes (`2016-07-11T22:14:10Z`
    //    in its own example); the description types it as any string (allowlisted in the audit),
    //    so Prism's dynamic payloads would be words. They are timestamps here, as from GitHub.
    description["components"]["schemas"]["installation-token"]["properties"]["expires_at"]
        ["format"] = json!("date-time");

    // 7. The app's list of installations describes each `account` inline as `allOf` a user and
    //    an enterprise (every field of both required), where its `installation` schema says
    //    `anyOf`, as GitHub answers (an organization's account has no enterprise `slug`).
    //    Prism's copy says `anyOf` here too.
    if let Some(Value::Object(content)) =
        description["paths"]["/app/installations"]["get"]["responses"]["200"].get_mut("content")
    {
        for media in content.values_mut() {
            let account = &mut media["schema"]["items"]["properties"]["account"];
            if let Some(all_of) = account.as_object_mut().and_then(|a| a.remove("allOf")) {
                account["anyOf"] = all_of;
            }
        }
    }

    // 8. Ids are positive: GitHub numbers everything it makes from 1, and the models hold ids
    //    (`id`, `…_id`, a run's `run_attempt`) as `u64` newtypes. The description types them
    //    as any `integer`, so Prism's dynamic payloads would be negative numbers half the time.
    //    Prism's copy says `minimum: 1`.
    each_object(description, &mut |map| {
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            for (name, property) in properties.iter_mut() {
                let is_id = name == "id" || name.ends_with("_id") || name == "run_attempt";
                if is_id && property.get("type") == Some(&json!("integer")) {
                    property
                        .as_object_mut()
                        .map(|p| p.entry("minimum").or_insert(json!(1)));
                }
            }
        }
    });
    //    Ids the description names as a schema of their own (`workflow-run-id`), too.
    if let Some(Value::Object(schemas)) = description["components"].get_mut("schemas") {
        for (name, schema) in schemas.iter_mut() {
            if name.ends_with("-id") && schema.get("type") == Some(&json!("integer")) {
                schema
                    .as_object_mut()
                    .map(|s| s.entry("minimum").or_insert(json!(1)));
            }
        }
    }
}
