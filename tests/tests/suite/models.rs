//! The models as users meet them: plain types, one `Option` for absent and `null`, ids that
//! cannot be mixed up, enums that compare across a response and a filter, and request bodies
//! that can send `null` where GitHub gives it a meaning.

use github_actions_client::models::{
    ActionsHostedRunnerStatus, Artifact, JobId, RunId, RunStatus, Runner, RunnerStatus,
    WorkflowRun, WorkflowRunConclusion, WorkflowRunStatusFilter,
};
use github_actions_client::Client;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const RUNNER_GROUP: &str = r#"{"id": 2, "name": "octo-runner-group", "visibility": "selected", "default": false, "runners_url": "https://api.github.com/orgs/octo-org/actions/runner_groups/2/runners", "inherited": false}"#;

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .token("t")
        .build()
        .unwrap()
}

/// Answers the runner group update only when the body is exactly `expected`.
async fn expect_update_body(server: &MockServer, expected: serde_json::Value) {
    Mock::given(method("PATCH"))
        .and(path("/orgs/octo-org/actions/runner-groups/2"))
        .and(body_json(expected))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(RUNNER_GROUP.as_bytes().to_vec(), "application/json"),
        )
        .expect(1)
        .mount(server)
        .await;
}

/// `network_configuration_id` has three states on the wire: left out, a value, and `null`
/// ("`null` removes it").
#[tokio::test]
async fn a_nullable_request_field_can_be_sent_as_null() {
    let server = MockServer::start().await;
    let client = client(&server);

    expect_update_body(
        &server,
        serde_json::json!({"name": "g", "network_configuration_id": null}),
    )
    .await;
    let group = client
        .update_self_hosted_runner_group_for_org("octo-org", 2, "g")
        .clear_network_configuration_id()
        .send()
        .await
        .unwrap();
    assert_eq!(group.name, "octo-runner-group");
    server.verify().await;
    server.reset().await;

    expect_update_body(
        &server,
        serde_json::json!({"name": "g", "network_configuration_id": "nc-1"}),
    )
    .await;
    client
        .update_self_hosted_runner_group_for_org("octo-org", 2, "g")
        .network_configuration_id("nc-1")
        .send()
        .await
        .unwrap();
    server.verify().await;
    server.reset().await;

    expect_update_body(&server, serde_json::json!({"name": "g"})).await;
    client
        .update_self_hosted_runner_group_for_org("octo-org", 2, "g")
        .send()
        .await
        .unwrap();
}

/// The docs' example of `get-workflow-run` (from the spec), with `change` applied.
fn run(change: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>)) -> WorkflowRun {
    let spec = std::fs::read_to_string(tests::workspace_root().join("spec/workflow-runs.yaml"))
        .expect("the spec");
    let spec: serde_json::Value = serde_yaml::from_str(&spec).expect("YAML");
    let operation = spec["operations"]
        .as_array()
        .and_then(|operations| {
            operations
                .iter()
                .find(|operation| operation["name"] == "get-workflow-run")
        })
        .expect("get-workflow-run in the spec");
    let mut example = operation["responses"]["200"]["example"].clone();
    change(example.as_object_mut().expect("an object"));
    serde_json::from_value(example).expect("the example decodes")
}

#[test]
fn absent_and_null_are_one_none() {
    let absent = run(|run| {
        run.remove("name");
    });
    let null = run(|run| {
        run.insert("name".into(), serde_json::Value::Null);
    });
    assert_eq!(absent.name, None);
    assert_eq!(absent, null);
    assert_eq!(run(|_| {}).name.as_deref(), Some("Build"));
}

#[test]
fn a_run_status_is_a_status_and_the_list_filter_also_takes_conclusions() {
    let run = run(|run| {
        run.insert("status".into(), "completed".into());
        run.insert("conclusion".into(), "startup_failure".into());
    });
    // A run's `status` holds statuses only; how it ended is its `conclusion`, and
    // `startup_failure` is one GitHub documents, not an `Unknown`.
    assert_eq!(run.status, Some(RunStatus::Completed));
    assert_eq!(run.conclusion, Some(WorkflowRunConclusion::StartupFailure));
    assert_eq!(run.head_branch.as_deref(), Some("main"));
    assert_eq!(RunStatus::InProgress.to_string(), "in_progress");
    assert_eq!(
        RunStatus::Unknown("brand_new".into()).to_string(),
        "brand_new"
    );
    // The list filter is another type: it takes a status or a conclusion.
    assert_eq!(WorkflowRunStatusFilter::Success.to_string(), "success");
    assert_eq!(
        WorkflowRunStatusFilter::InProgress.to_string(),
        "in_progress"
    );
}

#[test]
fn ids_are_types_of_their_own_and_compare_with_integers() {
    let run = run(|_| {});
    assert_eq!(run.id, RunId(30433642));
    assert_eq!(run.id, 30433642);
    assert_eq!(serde_json::to_value(run.id).unwrap(), 30433642);
    assert_eq!(RunId::from(7).to_string(), "7");
    // A method takes `impl Into<RunId>`: an integer literal, or a run's id, but not a job's
    // (the crate docs hold the `compile_fail` example).
    let client = Client::builder().build().unwrap();
    let _by_literal = client.get_workflow_run("o", "r", 30433642);
    let _by_id = client.get_workflow_run("o", "r", run.id);
    let _job = client.get_job_for_workflow_run("o", "r", JobId(1));
}

/// Ids hold a `u64`: an unsuffixed literal, a `u64` and a model's id convert; an `i64` converts
/// only with `TryFrom`, refusing a negative; text parses; nothing wraps.
#[test]
fn ids_convert_from_u64_parse_from_text_and_never_wrap() {
    let client = Client::builder().build().unwrap();
    let _literal = client.get_workflow_run("o", "r", 42);
    let _unsigned = client.get_workflow_run("o", "r", 42u64);
    let _parsed = client.get_workflow_run("o", "r", "42".parse::<RunId>().unwrap());
    assert_eq!(RunId::try_from(42i64), Ok(RunId(42)));
    assert!(RunId::try_from(-1i64).is_err());
    assert_eq!("30433642".parse::<RunId>(), Ok(RunId(30433642)));
    for bad in ["", "-1", "4x", "18446744073709551616"] {
        assert!(bad.parse::<RunId>().is_err(), "{bad:?} parsed");
    }
    assert_eq!(RunId(u64::MAX).to_string(), "18446744073709551615");
    // On the wire, a bare number; a negative one is no id and does not decode.
    assert_eq!(
        serde_json::from_str::<RunId>("18446744073709551615").unwrap(),
        RunId(u64::MAX)
    );
    assert_eq!(serde_json::to_string(&RunId(7)).unwrap(), "7");
    assert!(serde_json::from_str::<RunId>("-1").is_err());
}

/// `as_str`, `Display` and `FromStr` say what serde says, for values that follow the enum's
/// `rename_all` rule, values with a `rename` of their own, and values this client does not know.
#[test]
fn enums_parse_and_print_their_wire_values() {
    fn agrees<E>(wire: &str)
    where
        E: std::str::FromStr<Err = std::convert::Infallible>
            + serde::Serialize
            + serde::de::DeserializeOwned
            + std::fmt::Display
            + std::fmt::Debug
            + PartialEq,
    {
        let parsed: E = wire.parse().unwrap();
        let decoded: E = serde_json::from_value(serde_json::json!(wire)).unwrap();
        assert_eq!(parsed, decoded, "{wire}");
        assert_eq!(parsed.to_string(), wire);
        assert_eq!(serde_json::to_value(&parsed).unwrap(), wire);
    }
    for wire in ["in_progress", "completed", "queued", "brand_new"] {
        agrees::<RunStatus>(wire);
    }
    for wire in ["Ready", "Provisioning", "Stuck", "ready"] {
        agrees::<ActionsHostedRunnerStatus>(wire);
    }
    assert_eq!(RunStatus::InProgress.as_str(), "in_progress");
    assert_eq!(ActionsHostedRunnerStatus::Ready.as_str(), "Ready");
    assert_eq!(
        "ready".parse::<ActionsHostedRunnerStatus>(),
        Ok(ActionsHostedRunnerStatus::Unknown("ready".into()))
    );
}

#[test]
fn a_runner_status_is_an_enum() {
    let runner: Runner = serde_json::from_str(
        r#"{"id": 23, "name": "MBP", "os": "macos", "status": "online", "busy": true, "labels": []}"#,
    )
    .unwrap();
    assert_eq!(runner.status, RunnerStatus::Online);
    assert_eq!(runner.id, 23);
}

/// Models are `#[non_exhaustive]` (a field GitHub adds is not a breaking change), so tests
/// build them from `Default` where every field has one, or decode them from JSON.
#[test]
fn models_can_be_built_for_tests() {
    let mut artifact = Artifact::default();
    artifact.name = "fixture".into();
    artifact.id = 5.into();
    let encoded = serde_json::to_value(&artifact).unwrap();
    assert_eq!(encoded["id"], 5);
    assert_eq!(encoded["name"], "fixture");
    assert!(
        encoded.get("digest").is_none(),
        "optional and None: left out"
    );
    assert!(
        encoded["created_at"].is_null(),
        "required and nullable: null"
    );
}
