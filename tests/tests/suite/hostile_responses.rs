//! Responses that fuzzing found mishandled: each was accepted and then went wrong later (a
//! panic, a list cut short without an error, a value lost). Real HTTP on loopback where the
//! client is involved.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::TryStreamExt;
use github_actions_client::models::{
    Artifact, UpdateSelfHostedRunnerGroupForOrgRequest, WorkflowUsage,
};
use github_actions_client::{decode_json, Client, Error, WaitOptions};
use wiremock::matchers::{path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::network::spec_example;

/// A client whose sleeps return at once, recording how long each asked for.
fn client_recording_sleeps(base: &str) -> (Client, Arc<Mutex<Vec<Duration>>>) {
    let sleeps = Arc::new(Mutex::new(Vec::new()));
    let recorded = sleeps.clone();
    let client = Client::builder()
        .base_url(base)
        .unwrap()
        .token("t")
        .sleeper(move |duration| {
            recorded.lock().unwrap().push(duration);
            Box::pin(async {})
        })
        .build()
        .unwrap();
    (client, sleeps)
}

/// After the wait had run two seconds, a 429 with the largest `retry-after` made the wait's
/// sum overflow ("overflow when adding durations"): a panic in the caller's task. Now the wait
/// it asks for is past the timeout, and the wait ends with `WaitTimedOut`.
#[tokio::test]
async fn a_huge_retry_after_ends_a_wait_without_a_panic() {
    let server = MockServer::start().await;
    let mut run = spec_example("workflow-runs.yaml", "workflow-run");
    run["id"] = 9.into();
    run["status"] = "in_progress".into();
    Mock::given(path("/repos/o/r/actions/runs/9"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&run))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/repos/o/r/actions/runs/9"))
        .respond_with(
            ResponseTemplate::new(429).insert_header("retry-after", u64::MAX.to_string().as_str()),
        )
        .mount(&server)
        .await;
    let (client, sleeps) = client_recording_sleeps(&server.uri());
    let options = WaitOptions::default()
        .poll_interval(Duration::from_secs(2))
        .max_interval(Duration::MAX)
        .backoff(f64::MAX)
        .timeout(Duration::from_secs(3600));
    let error = client
        .wait_for_run("o", "r", 9)
        .options(options)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::WaitTimedOut { polls: 1, .. }),
        "{error:?}"
    );
    assert_eq!(*sleeps.lock().unwrap(), [Duration::from_secs(2)]);
}

/// Two pages of artifacts, the first with the `Link` header `link`.
async fn two_pages(link: &[u8]) -> MockServer {
    let server = MockServer::start().await;
    let artifact = spec_example("artifacts.yaml", "artifact");
    let page = serde_json::json!({"total_count": 2, "artifacts": [artifact]});
    let next = format!("{}/repos/o/r/actions/artifacts?page=2", server.uri());
    let link = String::from_utf8_lossy(link).replace("NEXT", &next);
    let link = reqwest::header::HeaderValue::from_bytes(link.as_bytes()).unwrap();
    Mock::given(path("/repos/o/r/actions/artifacts"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&page))
        .mount(&server)
        .await;
    Mock::given(path("/repos/o/r/actions/artifacts"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(&page)
                .insert_header("link", link),
        )
        .mount(&server)
        .await;
    server
}

/// RFC 9110 lets a quoted string hold non-ASCII text: the `title` of a `next` link made the
/// whole header unreadable, and the list ended after its first page, without an error.
#[tokio::test]
async fn a_link_with_non_ascii_text_is_followed() {
    let server = two_pages(r#"<NEXT>; rel="next"; title="Página 2""#.as_bytes()).await;
    let (client, _) = client_recording_sleeps(&server.uri());
    let artifacts: Vec<Artifact> = client
        .list_artifacts_for_repo("o", "r")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(artifacts.len(), 2);
}

/// A `Link` header the client cannot read, while `rel="next"` is plain to see in it, ends the
/// walk with `Error::Pagination` after the pages it could read; it used to end as if the list
/// did.
#[tokio::test]
async fn an_unreadable_next_link_is_an_error() {
    let server = two_pages(br#"NEXT>; rel="next""#).await;
    let (client, _) = client_recording_sleeps(&server.uri());
    let mut items = client.list_artifacts_for_repo("o", "r").stream();
    assert!(items.try_next().await.unwrap().is_some(), "the first page");
    let error = items.try_next().await.unwrap_err();
    let Error::Pagination { next, reason, .. } = &error else {
        panic!("{error:?}");
    };
    assert!(next.contains("rel=\"next\""), "{next}");
    assert!(reason.contains("cannot be read"), "{reason}");
}

/// A request body's optional, nullable field has three states, and each decodes to what was
/// encoded: `null` ("clear it") decoded as absent ("leave it").
#[test]
fn a_request_bodys_null_survives_decoding() {
    for json in [
        r#"{"name":"g"}"#,
        r#"{"name":"g","network_configuration_id":null}"#,
        r#"{"name":"g","network_configuration_id":"n"}"#,
    ] {
        let body: UpdateSelfHostedRunnerGroupForOrgRequest = decode_json(json.as_bytes()).unwrap();
        assert_eq!(serde_json::to_string(&body).unwrap(), json);
    }
    let cleared: UpdateSelfHostedRunnerGroupForOrgRequest =
        decode_json(br#"{"name":"g","network_configuration_id":null}"#).unwrap();
    assert_eq!(cleared.network_configuration_id, Some(None));
}

/// `-0` in an integer field failed the decode of the whole response (serde_json reads it as
/// the float `-0.0`).
#[test]
fn negative_zero_in_an_integer_field_is_zero() {
    let mut artifact = spec_example("artifacts.yaml", "artifact");
    artifact["size_in_bytes"] = 1.into();
    let json = artifact
        .to_string()
        .replace("\"size_in_bytes\":1", "\"size_in_bytes\":-0");
    assert!(json.contains(":-0"), "{json}");
    let decoded: Artifact = decode_json(json.as_bytes()).unwrap();
    assert_eq!(decoded.size_in_bytes, 0);
}

/// serde's "sequence form" let a struct decode from an array of its fields: the spec's own
/// `get-reviews-for-run` example decoded as a `WorkflowUsage` (and re-encoded as
/// `{"billable":{}}`), hiding a response of the wrong type. Now it is a decode error with its
/// path, at any depth.
#[test]
fn an_array_where_an_object_is_expected_is_an_error() {
    let reviews = br#"[{"state":"approved","comment":"Ship it!","environments":[]}]"#;
    let error = decode_json::<WorkflowUsage>(reviews).unwrap_err();
    assert!(error.message.contains("sequence"), "{error}");
    let error = decode_json::<WorkflowUsage>(br#"{"billable": {"UBUNTU": [1]}}"#).unwrap_err();
    assert_eq!(error.path, "billable.UBUNTU", "{error}");
    let usage: WorkflowUsage =
        decode_json(br#"{"billable": {"UBUNTU": {"total_ms": 1}}}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&usage).unwrap(),
        r#"{"billable":{"UBUNTU":{"total_ms":1}}}"#
    );
}
