//! The fake GitHub of the `mock` feature: every operation answers its spec example and
//! decodes, requests are checked as GitHub checks them, and the typed stubs, journal, pages,
//! downloads, rate limits, `ETag`s and gzip behave as GitHub's.

use std::time::Duration;

use futures::TryStreamExt;
use github_actions_client::mock::{any, MockGitHub};
use github_actions_client::models::{
    Artifact, ArtifactList, RunStatus, WorkflowDispatchResponse, WorkflowRun, WorkflowRunList,
};
use github_actions_client::operations::CreateWorkflowDispatchOutcome;
use github_actions_client::{Client, CreatedOrUpdated, Error, Method, WaitOptions};

use super::conformance::{call_every_operation, Calls};

// The README's "Testing your code" test: the user's function, then its test with the fake.
#[allow(dead_code)] // its `main` is the example's, not the suite's
#[path = "../../../examples/dispatch_and_wait.rs"]
mod dispatch_and_wait;

#[tokio::test]
async fn every_operation_answers_its_example_and_it_decodes() {
    let github = MockGitHub::start().await;
    let mut calls = Calls::default();
    call_every_operation(github.url(), &mut calls).await;
    assert!(calls.failures.is_empty(), "{:#?}", calls.failures);
    let operations = codegen::check(tests::spec_sources())
        .unwrap()
        .operations
        .len();
    assert_eq!(calls.called.len(), operations, "operations called");
    assert_eq!(github.received().count(), calls.count);
}

/// Sends a raw request to the fake, returning status, headers and body.
async fn raw(
    github: &MockGitHub,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, reqwest::header::HeaderMap, serde_json::Value) {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", github.url()))
        .header("authorization", "Bearer t");
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.json().await.unwrap_or(serde_json::Value::Null);
    (status, headers, body)
}

#[tokio::test]
async fn a_path_the_spec_lacks_is_404_naming_the_closest_operation() {
    let github = MockGitHub::start().await;
    let (status, _, body) = raw(&github, Method::GET, "/repos/o/r/actions/runz", None).await;
    assert_eq!(status, 404);
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("`GET /repos/o/r/actions/runz`"),
        "{message}"
    );
    assert!(
        message.contains("`list-workflow-runs-for-repo` (GET /repos/{owner}/{repo}/actions/runs)"),
        "{message}"
    );
    // A path value of the wrong type is a 404 too, as on GitHub.
    let (status, _, body) = raw(&github, Method::GET, "/repos/o/r/actions/runs/abc", None).await;
    assert_eq!(status, 404);
    assert!(body["message"].as_str().unwrap().contains("`run_id`"));
    // And through the client: an `Api` error with GitHub's shape.
    let error = github
        .client()
        .request(Method::DELETE, "/repos/{owner}/{repo}/actions/nothing")
        .path("owner", "o")
        .path("repo", "r")
        .send_empty()
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status, 404);
}

#[tokio::test]
async fn a_bad_body_is_422_naming_what_is_wrong() {
    let github = MockGitHub::start().await;
    let path = "/repos/o/r/actions/workflows/ci.yml/dispatches";
    let (status, _, body) = raw(&github, Method::POST, path, Some(serde_json::json!({}))).await;
    assert_eq!(status, 422);
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("\"ref\" wasn't supplied."), "{message}");
    assert!(message.contains("`create-workflow-dispatch`"), "{message}");
    let (status, _, body) = raw(
        &github,
        Method::POST,
        path,
        Some(serde_json::json!({"ref": 5, "inputs": []})),
    )
    .await;
    assert_eq!(status, 422);
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("For 'properties/ref', 5 is not a string."),
        "{message}"
    );
    assert!(
        message.contains("For 'properties/inputs', [] is not an object."),
        "{message}"
    );
    // An enum value the spec does not list.
    let (status, _, body) = raw(
        &github,
        Method::POST,
        "/orgs/o/actions/variables",
        Some(serde_json::json!({"name": "N", "value": "v", "visibility": "everyone"})),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body["message"].as_str().unwrap().contains("is not one of"),
        "{body}"
    );
    // Nothing of it was journaled: only requests the fake answered are.
    assert!(github.received().create_workflow_dispatch().is_empty());
}

#[tokio::test]
async fn a_request_without_a_token_is_401() {
    let github = MockGitHub::start().await;
    let client = Client::builder()
        .base_url(github.url())
        .unwrap()
        .build()
        .unwrap();
    let error = client
        .get_workflow_run("o", "r", 1)
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status, 401);
    assert_eq!(api.message, "Requires authentication");
}

fn run(id: u64, status: RunStatus) -> WorkflowRun {
    let mut run = WorkflowRun::default();
    run.id = id.into();
    run.status = Some(status);
    run
}

#[tokio::test]
async fn stubs_answer_by_path_values_and_count_their_calls() {
    let github = MockGitHub::start().await;
    github
        .get_workflow_run("o", "r", 42)
        .returns(run(42, RunStatus::Queued))
        .times(2);
    github.get_workflow_run(any(), any(), 7).fails(404).times(1);
    github
        .get_workflow_run("o", "r", 8)
        .fails_with(410, "This run's logs expired")
        .times(1);
    let client = github.client();
    let got = client.get_workflow_run("o", "r", 42).send().await.unwrap();
    assert_eq!(got.status, Some(RunStatus::Queued));
    client.get_workflow_run("o", "r", 42).send().await.unwrap();
    let error = client
        .get_workflow_run("x", "y", 7)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Api(api) if api.status == 404),
        "{error:?}"
    );
    let error = client
        .get_workflow_run("o", "r", 8)
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        (api.status, api.message.as_str()),
        (410, "This run's logs expired")
    );
    assert_eq!(
        api.documentation_url.as_deref(),
        Some("https://docs.github.com/en/rest/actions/workflow-runs#get-a-workflow-run")
    );
    // Other path values get the spec's example.
    let example = client.get_workflow_run("o", "r", 1).send().await.unwrap();
    assert_ne!(example.id, 42);
    github.verify();
    let calls = github.received().get_workflow_run();
    let runs: Vec<&str> = calls.iter().map(|call| call.path("run_id")).collect();
    assert_eq!(runs, ["42", "42", "7", "8", "1"]);
}

#[tokio::test]
#[should_panic(
    expected = "`get-workflow-run`(owner=\"o\", repo=\"r\", run_id=\"42\") was expected 2 time(s), called 1"
)]
async fn an_unmet_expectation_fails_the_test_when_the_fake_is_dropped() {
    let github = MockGitHub::start().await;
    github.get_workflow_run("o", "r", 42).times(2);
    github
        .client()
        .get_workflow_run("o", "r", 42)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn the_journal_holds_typed_bodies_and_path_values() {
    let github = MockGitHub::start().await;
    let client = github.client();
    client
        .create_workflow_dispatch("o", "r", "ci.yml", "main")
        .inputs([("env".to_owned(), "prod".into())].into())
        .send()
        .await
        .unwrap();
    let calls = github.received().create_workflow_dispatch();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].path("workflow_id"), "ci.yml");
    assert_eq!(calls[0].body.ref_, "main");
    assert_eq!(calls[0].body.inputs.as_ref().unwrap()["env"], "prod");
}

#[tokio::test]
async fn pages_carry_link_headers_the_client_follows() {
    let github = MockGitHub::start().await;
    let page = |ids: &[u64]| {
        let mut page = WorkflowRunList::default();
        page.total_count = 3;
        page.workflow_runs = ids
            .iter()
            .map(|&id| run(id, RunStatus::Completed))
            .collect();
        page
    };
    github
        .list_workflow_runs_for_repo("o", "r")
        .returns_pages(vec![page(&[1, 2]), page(&[3])]);
    let runs: Vec<WorkflowRun> = github
        .client()
        .list_workflow_runs_for_repo("o", "r")
        .per_page(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<u64> = runs.iter().map(|run| run.id.0).collect();
    assert_eq!(ids, [1, 2, 3]);
    let pages: Vec<Option<String>> = github
        .received()
        .list_workflow_runs_for_repo()
        .iter()
        .map(|call| call.query("page").map(str::to_owned))
        .collect();
    assert_eq!(pages, [None, Some("2".to_owned())]);
}

#[tokio::test]
async fn rate_limits_are_waited_out_and_retried() {
    let github = MockGitHub::start().await;
    let stub = github.get_workflow_run("o", "r", 1);
    let done = stub.answer(run(1, RunStatus::Completed));
    let stub = stub.answers(vec![
        github_actions_client::mock::Answer::SecondaryRateLimited {
            retry_after: Duration::from_secs(60),
        },
        github_actions_client::mock::Answer::RateLimited {
            retry_after: Duration::from_secs(120),
        },
        done,
    ]);
    let got = github
        .client()
        .get_workflow_run("o", "r", 1)
        .send()
        .await
        .unwrap();
    assert_eq!(got.status, Some(RunStatus::Completed));
    assert_eq!(stub.calls(), 3);
    // Always limited: the client gives up with `RateLimited`.
    github
        .get_workflow_run("o", "r", 2)
        .rate_limited(Duration::from_secs(60));
    let error = github
        .client()
        .get_workflow_run("o", "r", 2)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::RateLimited(_)), "{error:?}");
}

#[tokio::test]
async fn etags_answer_304_and_bodies_are_gzipped_when_asked() {
    let github = MockGitHub::start().await;
    let url = format!("{}/repos/o/r/actions/runs/1", github.url());
    let http = reqwest::Client::builder().no_gzip().build().unwrap();
    let first = http
        .get(&url)
        .header("authorization", "Bearer t")
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["content-encoding"], "gzip");
    let etag = first.headers()["etag"].clone();
    let bytes = first.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"\x1f\x8b", "a gzip stream");
    let again = http
        .get(&url)
        .header("authorization", "Bearer t")
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());
    // The client's cache revalidates and serves its copy.
    let client = github.client();
    let one = client.get_workflow_run("o", "r", 1).send().await.unwrap();
    let two = client.get_workflow_run("o", "r", 1).send().await.unwrap();
    assert_eq!(one, two);
}

#[tokio::test]
async fn the_way_out_reaches_spec_paths() {
    let github = MockGitHub::start().await;
    github
        .get_workflow_run("o", "r", 5)
        .returns(run(5, RunStatus::InProgress));
    let value: serde_json::Value = github
        .client()
        .request(Method::GET, "/repos/{owner}/{repo}/actions/runs/{run_id}")
        .path("owner", "o")
        .path("repo", "r")
        .path("run_id", 5)
        .send()
        .await
        .unwrap();
    assert_eq!(value["status"], "in_progress");
}

/// An operation whose successes are `201 Created` and `204 No Content` answers the runtime's
/// `CreatedOrUpdated`, as the secret round trip does: one type, stubbed and matched alike.
#[tokio::test]
async fn created_or_updated_is_one_type_for_the_operation_and_the_round_trip() {
    let github = MockGitHub::start().await;
    github
        .create_or_update_repo_secret("o", "r", "TOKEN")
        .returns(CreatedOrUpdated::Updated)
        .times(2);
    // The docs' example key is 33 bytes, not an X25519 key: the round trip needs a real one.
    github.get_repo_public_key("o", "r").returns(
        serde_json::from_value(serde_json::json!({
            "key_id": "012345678912345678",
            "key": "CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk=",
        }))
        .unwrap(),
    );
    let client = github.client();
    let by_operation: CreatedOrUpdated = client
        .create_or_update_repo_secret("o", "r", "TOKEN", "c2VhbGVk", "012345678912345678")
        .send()
        .await
        .unwrap();
    let by_round_trip: CreatedOrUpdated = client
        .set_repo_secret("o", "r", "TOKEN", "plain text")
        .send()
        .await
        .unwrap();
    assert_eq!(
        [by_operation, by_round_trip],
        [CreatedOrUpdated::Updated; 2]
    );
    // Unstubbed, the fake answers as the spec's first success does: created.
    let created = client
        .create_or_update_repo_secret("o", "r", "OTHER", "c2VhbGVk", "012345678912345678")
        .send()
        .await
        .unwrap();
    assert_eq!(created, CreatedOrUpdated::Created);
}

/// The README's example: testing a function that dispatches a workflow, waits for its run and
/// downloads its artifacts. `benches/fixtures/dispatch_wait_wiremock.rs` is the same test
/// written with wiremock, for the line count in BENCHMARKS.md.
#[tokio::test]
async fn dispatch_wait_download_with_the_fake() {
    let github = MockGitHub::start().await;
    let mut details = WorkflowDispatchResponse::default();
    details.workflow_run_id = 42.into();
    github
        .create_workflow_dispatch("o", "r", "deploy.yml")
        .returns(CreateWorkflowDispatchOutcome::RunDetails(details))
        .times(1);
    github.get_workflow_run("o", "r", 42).returns_in_order([
        run(42, RunStatus::Queued),
        run(42, RunStatus::InProgress),
        run(42, RunStatus::Completed),
    ]);
    let mut artifacts = ArtifactList::default();
    for (id, name) in [(1, "site"), (2, "report")] {
        let mut artifact = Artifact::default();
        (artifact.id, artifact.name) = (id.into(), name.into());
        artifacts.artifacts.push(artifact);
        let zip = format!("PK\x03\x04{name}").into_bytes();
        github
            .download_artifact("o", "r", id, "zip")
            .redirects_download(zip);
    }
    artifacts.total_count = 2;
    github
        .list_workflow_run_artifacts("o", "r", 42)
        .returns(artifacts);

    let dir = tempfile::tempdir().unwrap();
    let (run, files) = dispatch_and_wait::dispatch_wait_download(
        &github.client(),
        "o",
        "r",
        "deploy.yml",
        "main",
        dir.path(),
        WaitOptions::default(),
    )
    .await
    .unwrap();

    assert_eq!(run.status, Some(RunStatus::Completed));
    assert_eq!(
        github.received().create_workflow_dispatch()[0].body.ref_,
        "main"
    );
    assert_eq!(
        files,
        [dir.path().join("site.zip"), dir.path().join("report.zip")]
    );
    assert_eq!(std::fs::read(&files[0]).unwrap(), b"PK\x03\x04site");
    github.verify();
}

/// The fake has one stub method on `MockGitHub` and one journal method on `Received` per
/// operation of the spec, named like the client's method, and a table row each.
#[test]
fn one_stub_and_one_journal_method_per_operation() {
    let generated = codegen::generate(tests::spec_sources()).unwrap();
    let api = codegen::check(tests::spec_sources()).unwrap();
    let mock: String = generated
        .mock_files
        .iter()
        .map(|file| file.contents.as_str())
        .collect();
    for operation in &api.operations {
        let method = format!("    pub fn {}(", operation.method_name);
        assert_eq!(
            mock.matches(&method).count(),
            2,
            "`{}`: a stub and a journal method",
            operation.name
        );
        let row = format!("    name: \"{}\",", operation.name);
        assert_eq!(mock.matches(&row).count(), 1, "`{}`", operation.name);
    }
    assert!(
        api.operations.len() >= 195,
        "the whole Actions API and more"
    );
}

/// GitHub's body for reviewing custom deployment protection rules is one of two shapes: a
/// decision (`state`, optional `comment`) or a comment alone. The client can build only those
/// (`CustomGateDecision::new`, `CustomGateComment::new`), and they reach the wire as GitHub
/// reads them; the environment's name alone, which neither shape is, is refused by the fake as
/// it is by GitHub (and cannot be built with the client).
#[tokio::test]
async fn a_custom_gate_review_is_a_decision_or_a_comment() {
    use github_actions_client::models::{
        CustomGateComment, CustomGateDecision, CustomGateReview, DeploymentReviewState,
    };
    let github = MockGitHub::start().await;
    let client = github.client();
    let decision = CustomGateDecision::new("prod-eus", DeploymentReviewState::Approved)
        .comment("All health checks passed.");
    let comment = CustomGateComment::new("prod-eus", "Waiting for the canary.");
    for review in [
        CustomGateReview::from(decision.clone()),
        comment.clone().into(),
    ] {
        client
            .review_custom_gates_for_run("o", "r", 7, review)
            .send()
            .await
            .unwrap();
    }
    let calls = github.received().review_custom_gates_for_run();
    assert_eq!(calls.len(), 2);
    assert_eq!(
        serde_json::to_value(&calls[0].body).unwrap(),
        serde_json::json!({
            "environment_name": "prod-eus",
            "state": "approved",
            "comment": "All health checks passed."
        })
    );
    assert_eq!(calls[0].body, CustomGateReview::from(decision));
    assert_eq!(
        serde_json::to_value(&calls[1].body).unwrap(),
        serde_json::json!({"environment_name": "prod-eus", "comment": "Waiting for the canary."})
    );
    assert_eq!(calls[1].body, CustomGateReview::from(comment));

    let path = "/repos/o/r/actions/runs/7/deployment_protection_rule";
    let alone = serde_json::json!({"environment_name": "prod-eus"});
    let (status, _, body) = raw(&github, Method::POST, path, Some(alone)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(github.received().review_custom_gates_for_run().len(), 2);
}

/// One `HostedRunnerImage` for both calls, each sending it the way its endpoint reads it:
/// nested as `image` when creating a runner, as `image_id`, `image_source` and
/// `image_version` when updating one (an image without a version clears a pinned one: `null`).
#[tokio::test]
async fn one_runner_image_type_goes_nested_to_create_and_flat_to_update() {
    use github_actions_client::models::{ActionsHostedRunnerImageSource, HostedRunnerImage};
    let github = MockGitHub::start().await;
    let client = github.client();
    let image =
        HostedRunnerImage::new("my-image", ActionsHostedRunnerImageSource::Custom).version("1.0.0");
    client
        .create_hosted_runner_for_org("o", "runner", image.clone(), "4-core", 1)
        .send()
        .await
        .unwrap();
    client
        .update_hosted_runner_for_org("o", 5)
        .image(image)
        .send()
        .await
        .unwrap();
    client
        .update_hosted_runner_for_org("o", 5)
        .image(HostedRunnerImage::new(
            "ubuntu-latest",
            ActionsHostedRunnerImageSource::Github,
        ))
        .send()
        .await
        .unwrap();
    let created = github.received().create_hosted_runner_for_org();
    assert_eq!(
        serde_json::to_value(&created[0].body).unwrap(),
        serde_json::json!({
            "name": "runner",
            "image": {"id": "my-image", "source": "custom", "version": "1.0.0"},
            "size": "4-core",
            "runner_group_id": 1
        })
    );
    let updated = github.received().update_hosted_runner_for_org();
    assert_eq!(
        serde_json::to_value(&updated[0].body).unwrap(),
        serde_json::json!({"image_id": "my-image", "image_source": "custom", "image_version": "1.0.0"})
    );
    assert_eq!(
        serde_json::to_value(&updated[1].body).unwrap(),
        serde_json::json!({"image_id": "ubuntu-latest", "image_source": "github", "image_version": null})
    );
}
